//! Linting one document: prose → matches → context → findings → diagnostics.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use crate::document::{Document, Format};
use crate::rules::RuleSet;
use crate::rules::kinds::{CheckContext, Matches, Target};
use crate::rules::spec::{Level, Profile, SeveritySpec};
use crate::span::{ByteRange, LineIndex};

/// Which rules apply to a document, how severe each is, and the profile to assume.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// Level per rule and profile, indexed like [`RuleSet::rules`]; `off` means inactive.
    pub levels: Vec<SeveritySpec>,
    /// Profile of documents that do not declare one.
    pub profile: Profile,
    /// The date the document is checked as of: review dates and directive expiry count from it.
    pub today: crate::date::Date,
}

impl Selection {
    /// Every rule at its own severity.
    pub fn all(rules: &RuleSet) -> Self {
        Self {
            levels: rules.rules.iter().map(|r| r.severity).collect(),
            profile: Profile::Editorial,
            today: crate::date::today(),
        }
    }

    /// Only the given rules, at their own severity.
    pub fn only(rules: &RuleSet, keep: impl Fn(usize) -> bool) -> Self {
        let mut s = Self::all(rules);
        for (i, level) in s.levels.iter_mut().enumerate() {
            if !keep(i) {
                *level = SeveritySpec::uniform(Level::Off);
            }
        }
        s
    }

    /// Level of a rule in a profile.
    pub fn level(&self, rule: usize, profile: Profile) -> Level {
        self.levels[rule].for_profile(profile)
    }
}

/// Lint one document.
pub fn lint(
    rules: &RuleSet,
    selection: &Selection,
    path: &str,
    source: &str,
    format: Format,
) -> Vec<Diagnostic> {
    if !needs_parsing(rules, selection, source, format) {
        return Vec::new();
    }
    lint_document(
        rules,
        selection,
        path,
        source,
        &Document::parse(source, format),
    )
}

/// Lint a parsed document. Shared text appended to its prose (see
/// [`crate::prose::Prose::append_shared`]) counts for the rules, but no finding points into it.
pub fn lint_document(
    rules: &RuleSet,
    selection: &Selection,
    path: &str,
    source: &str,
    document: &Document,
) -> Vec<Diagnostic> {
    let profile = document.declared_profile().unwrap_or(selection.profile);
    let active = |rule: usize| selection.level(rule, profile) != Level::Off;
    let matches = Matches::new(rules.matcher.scan(&document.prose.text, |slot| {
        active(rules.slot_rule[slot as usize])
    }));
    let context = Context::new(&document.prose, source, profile, &rules.cues);
    let cx = CheckContext {
        source,
        document,
        matches: &matches,
        context: &context,
        today: selection.today,
    };
    let mut findings = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        if active(i) {
            rule.kind.check(rule, i, &cx, &mut findings);
        }
    }
    if findings.is_empty() && document.prose.comments.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(source);
    let mut out: Vec<Diagnostic> = findings
        .into_iter()
        .filter_map(|f| {
            if let Target::Prose { start, .. } = f.target
                && document.prose.is_shared(start)
            {
                return None;
            }
            let rule = &rules.rules[f.rule];
            let severity = Severity::from_level(selection.level(f.rule, profile))?;
            let (range, matched) = match f.target {
                Target::Prose { start, end } => (
                    document.prose.to_source(start, end),
                    document.prose.shown(source, start, end),
                ),
                Target::Source(range) => (
                    range,
                    source.get(range.as_range()).unwrap_or_default().to_string(),
                ),
            };
            Some(Diagnostic {
                path: path.to_string(),
                rule: rule.id.clone(),
                kind: DiagnosticKind::Rule(rule.kind.name()),
                severity,
                message: f.message.unwrap_or_else(|| rule.message.clone()),
                help: rule.help.clone(),
                source: rule.source.clone(),
                url: rule.url.clone(),
                matched,
                range,
                start: lines.position(source, range.start),
                end: lines.position(source, range.end),
                fingerprint: String::new(),
            })
        })
        .collect();
    if !document.prose.comments.is_empty() {
        let known: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        crate::suppress::apply(
            source,
            &lines,
            &document.prose.comments,
            &known,
            path,
            selection.today,
            &mut out,
        );
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    crate::fingerprint::assign(&mut out, source);
    out
}

/// Whether a document must be parsed: some active rule can fire without a match, or its text
/// may hold a match of a rule that needs one (see [`crate::prefilter`]). Rules count as active
/// in either profile, as the document may declare one.
pub fn needs_parsing(rules: &RuleSet, selection: &Selection, source: &str, format: Format) -> bool {
    let active = |i: usize| {
        Profile::ALL
            .iter()
            .any(|&p| selection.level(i, p) != Level::Off)
    };
    let untriggered = rules
        .rules
        .iter()
        .enumerate()
        .any(|(i, rule)| rule.kind.trigger().is_none() && active(i));
    untriggered
        || crate::prefilter::may_match(&rules.matcher, format, source, |slot| {
            let rule = rules.slot_rule[slot as usize];
            rules.rules[rule].kind.trigger() == Some(slot) && active(rule)
        })
}

/// Decode bytes as UTF-8; each byte of an invalid sequence becomes U+001A, so byte offsets stay
/// those of the file. Returns the text and the offset of the first invalid byte, if any.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len());
            let mut first_bad = None;
            let mut rest = &bytes[..];
            let mut offset = 0;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                        let bad = e.error_len().unwrap_or(rest.len() - good);
                        first_bad.get_or_insert(offset + good);
                        out.extend(std::iter::repeat_n('\u{1a}', bad));
                        rest = &rest[good + bad..];
                        offset += good + bad;
                    }
                }
            }
            (out, first_bad)
        }
    }
}

/// The range of a file's first line, for diagnostics about the file as a whole.
pub fn first_line(source: &str) -> ByteRange {
    let end = source.find(['\r', '\n']).unwrap_or(source.len());
    ByteRange::new(0, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_keeps_byte_offsets() {
        let (text, bad) = decode(b"ok \xff\xfe cures".to_vec());
        assert_eq!(text.len(), 11);
        assert_eq!(bad, Some(3));
        assert_eq!(&text[6..], "cures");
    }
}
