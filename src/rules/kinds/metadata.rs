//! `metadata`: front-matter facts a publisher requires.

use super::{CheckContext, Finding, Target};
use crate::rules::spec::RuleSpec;
use crate::rules::{Compiler, Rule};
use crate::span::ByteRange;

/// Keys a metadata rule uses.
pub const KEYS: &[&str] = &["fields", "date_field", "max_age_days"];

/// A compiled metadata rule.
#[derive(Debug)]
pub struct Metadata {
    /// Fields that must be present and not empty.
    pub fields: Vec<String>,
    /// A date field to check.
    pub date_field: Option<String>,
    /// How old the date may be.
    pub max_age_days: Option<i64>,
}

impl Metadata {
    /// Compile the field names.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        let fields: Vec<String> = super::list(&spec.fields)
            .iter()
            .map(|f| f.get_ref().clone())
            .collect();
        let date_field = spec.date_field.as_ref().map(|d| d.get_ref().clone());
        if fields.is_empty() && date_field.is_none() {
            c.error(
                spec.id.span(),
                "a `metadata` rule needs `fields` or `date_field`",
            );
            return None;
        }
        Some(Self {
            fields,
            date_field,
            max_age_days: spec.max_age_days.as_ref().map(|d| *d.get_ref()),
        })
    }

    /// Check the front matter: each field present and not empty; the date field a date, not
    /// in the future, and not older than `max_age_days`.
    pub fn check(&self, _rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let metadata = &cx.document.metadata;
        // Where a missing field is reported: the front matter's opening line, or the start of
        // the document when it has none.
        let missing_at = cx.document.front_matter.as_ref().map_or_else(
            || ByteRange::new(0, 0),
            |f| {
                let line = cx.source[f.range.start..]
                    .find('\n')
                    .map_or(f.range.end, |i| f.range.start + i);
                let line = cx.source[f.range.start..line].trim_end_matches('\r');
                ByteRange::new(f.range.start, f.range.start + line.len())
            },
        );
        let mut report = |range: ByteRange, message: String| {
            out.push(Finding {
                rule: index,
                target: Target::Source(range),
                message: Some(message),
            });
        };
        if let Some((range, error)) = &metadata.error {
            report(
                *range,
                format!(
                    "The front matter cannot be read ({error}), so its fields cannot be checked."
                ),
            );
            return;
        }
        let has_front_matter = cx.document.front_matter.is_some();
        let missing = |field: &str| {
            if has_front_matter {
                format!("The front matter has no `{field}`; add it, e.g. `{field}: ...`.")
            } else {
                format!(
                    "The document has no front matter with `{field}`; start it with a `---` line, `{field}: ...` and another `---` line."
                )
            }
        };
        for field in &self.fields {
            match metadata.get(field) {
                None => report(missing_at, missing(field)),
                Some(f) if f.value.is_empty() => {
                    report(f.key_range, format!("`{field}` is empty; fill it in."))
                }
                Some(_) => {}
            }
        }
        let Some(field) = &self.date_field else {
            return;
        };
        let Some(f) = metadata.get(field) else {
            if !self.fields.contains(field) {
                report(missing_at, missing(field));
            }
            return;
        };
        let Some(text) = f.value.as_text().filter(|t| !t.trim().is_empty()) else {
            if !self.fields.contains(field) {
                report(
                    f.key_range,
                    format!("`{field}` is empty; write the date as YYYY-MM-DD."),
                );
            }
            return;
        };
        let Some(date) = crate::date::parse(text) else {
            report(
                f.value_range,
                format!(
                    "`{field}: {}` is not a date; write it as YYYY-MM-DD, e.g. `{field}: 2026-03-01`.",
                    text.trim()
                ),
            );
            return;
        };
        let today = cx.today;
        let age = crate::date::days_between(date, today);
        let (y, m, d) = date;
        if age < 0 {
            report(
                f.value_range,
                format!(
                    "`{field}` is {y:04}-{m:02}-{d:02}, a date in the future; write the date the review happened."
                ),
            );
        } else if let Some(max) = self.max_age_days.filter(|&max| age > max) {
            report(
                f.value_range,
                format!(
                    "`{field}` is {y:04}-{m:02}-{d:02}, {age} days ago; reviews older than {max} days are stale. Have the article reviewed again and update the date."
                ),
            );
        }
    }
}
