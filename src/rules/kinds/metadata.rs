//! `metadata`: front-matter facts a publisher requires.

use super::{CheckContext, Finding};
use crate::rules::spec::RuleSpec;
use crate::rules::{Compiler, Rule};

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

    /// Not yet checked.
    pub fn check(
        &self,
        _rule: &Rule,
        _index: usize,
        _cx: &CheckContext<'_>,
        _out: &mut Vec<Finding>,
    ) {
    }
}
