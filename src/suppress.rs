//! Suppression directives: comments that switch rules off, each with a reason. HTML comments in
//! Markdown, HTML and templates; `{/* */}`, `//` and `/* */` in MDX, JSX and scripts.
//!
//! ```markdown
//! <!-- healthlint-disable-next-line us-fda-ftc/disease-claim -- quoting the FDA warning letter -->
//! <!-- healthlint-disable editorial -- sources listed at the end -->
//! <!-- healthlint-enable editorial -->
//! <!-- healthlint-disable-file editorial/medical-advice-disclaimer -- until 2027-03-01: landing page -->
//! ```
//!
//! A directive names rules by full id, by pack id, or by glob (`eu/*`); with none it covers
//! every rule. Directives are audited: one without a reason, naming an unknown rule, suppressing
//! nothing, past its `until` date, or not understood is itself reported, under the ids in
//! [`META_RULES`].

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use crate::span::{ByteRange, LineIndex};

/// Ids, severities and descriptions of the diagnostics about directives.
pub const META_RULES: &[(&str, Severity, &str)] = &[
    (
        MISSING_REASON,
        Severity::Error,
        "A directive has no reason after `--`.",
    ),
    (
        UNKNOWN_RULE,
        Severity::Error,
        "A directive names a rule or pack that is not in use.",
    ),
    (
        MALFORMED,
        Severity::Error,
        "A comment starting with `healthlint-` is not a directive healthlint understands.",
    ),
    (
        EXPIRED,
        Severity::Warning,
        "A directive's `until` date has passed; it no longer suppresses anything.",
    ),
    (UNUSED, Severity::Warning, "A directive suppresses nothing."),
];

const MISSING_REASON: &str = "healthlint/directive-without-reason";
const UNKNOWN_RULE: &str = "healthlint/directive-unknown-rule";
const MALFORMED: &str = "healthlint/directive-malformed";
const EXPIRED: &str = "healthlint/directive-expired";
const UNUSED: &str = "healthlint/directive-unused";

/// What a directive does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The next non-blank line.
    NextLine,
    /// From here to the matching `enable`, or the end of the file.
    Disable,
    /// Ends a `disable` of the same rules.
    Enable,
    /// The whole file.
    File,
}

use crate::date::Date;
use crate::date::parse as parse_date;

/// One parsed directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub action: Action,
    /// Rule ids, pack ids or globs; empty means every rule.
    pub rules: Vec<String>,
    /// The reason after `--`, without an `until` date.
    pub reason: Option<String>,
    /// The last day the directive applies.
    pub until: Option<Date>,
    /// The comment, in the original text.
    pub range: ByteRange,
}

/// Read a comment (`<!-- ... -->`; `{/* ... */}` in MDX and JSX; `// ...` and `/* ... */` in
/// scripts). `None` when it is not meant for healthlint; `Err` with a message when it is but
/// cannot be understood.
pub fn parse(comment: &str, range: ByteRange) -> Option<Result<Directive, String>> {
    let body = if let Some(body) = comment.strip_prefix("<!--") {
        body.strip_suffix("-->").unwrap_or(body)
    } else if let Some(body) = comment.strip_prefix("{/*") {
        // MDX and JSX write comments as JavaScript: `{/* ... */}`.
        body.strip_suffix("*/}").unwrap_or(body)
    } else if let Some(body) = comment.strip_prefix("/*") {
        body.strip_suffix("*/").unwrap_or(body)
    } else {
        comment.strip_prefix("//")?
    }
    .trim();
    let rest = body.strip_prefix("healthlint-")?;
    let (word, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let action = match word {
        "disable-next-line" => Action::NextLine,
        "disable" => Action::Disable,
        "enable" => Action::Enable,
        "disable-file" => Action::File,
        other => {
            return Some(Err(format!(
                "`healthlint-{other}` is not a directive; use healthlint-disable-next-line, healthlint-disable, healthlint-enable or healthlint-disable-file"
            )));
        }
    };
    let (names, reason) = match rest.split_once("--") {
        Some((names, reason)) => (names, Some(reason.trim())),
        None => (rest, None),
    };
    let rules: Vec<String> = names
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let (until, reason) = match reason {
        Some(r) => match r.strip_prefix("until") {
            Some(after) if after.starts_with(char::is_whitespace) => {
                let after = after.trim_start();
                let (date, rest) = after
                    .split_once(|c: char| c == ':' || c.is_whitespace())
                    .unwrap_or((after, ""));
                match parse_date(date) {
                    Some(d) => (Some(d), Some(rest.trim())),
                    None => {
                        return Some(Err(format!(
                            "`until {date}` is not a date; write it as YYYY-MM-DD, e.g. `-- until 2027-03-01: reason`"
                        )));
                    }
                }
            }
            _ => (None, Some(r)),
        },
        None => (None, None),
    };
    Some(Ok(Directive {
        action,
        rules,
        reason: reason.filter(|r| !r.is_empty()).map(str::to_string),
        until,
        range,
    }))
}

/// Whether a name in a directive covers a rule id: the id itself, its pack, or a glob.
fn covers(name: &str, rule: &str) -> bool {
    if name == rule || rule.split('/').next() == Some(name) {
        return true;
    }
    match name.split_once('*') {
        Some((prefix, suffix)) => {
            rule.len() >= prefix.len() + suffix.len()
                && rule.starts_with(prefix)
                && rule.ends_with(suffix)
        }
        None => false,
    }
}

/// A directive with the byte range it covers.
struct Active {
    directive: Directive,
    covers: ByteRange,
    expired: bool,
    used: bool,
}

/// Apply a file's directives to its diagnostics: drop those suppressed, and add diagnostics
/// about the directives themselves. `lines` indexes `source`; `known` lists every rule id in
/// use.
pub fn apply(
    source: &str,
    lines: &LineIndex,
    comments: &[ByteRange],
    known: &[&str],
    path: &str,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if comments.is_empty() {
        return;
    }
    let mut meta = Vec::new();
    let mut problem = |range: ByteRange, rule: &'static str, message: String| {
        meta.push((range, rule, message));
    };
    let mut active: Vec<Active> = Vec::new();
    for &range in comments {
        let Some(parsed) = source
            .get(range.as_range())
            .and_then(|text| parse(text, range))
        else {
            continue;
        };
        let directive = match parsed {
            Ok(d) => d,
            Err(message) => {
                problem(range, MALFORMED, message);
                continue;
            }
        };
        let mut unknown = false;
        for name in &directive.rules {
            if !known.iter().any(|id| covers(name, id)) {
                problem(
                    range,
                    UNKNOWN_RULE,
                    format!(
                        "`{name}` is not a rule or pack in use; check the id with `healthlint rules`"
                    ),
                );
                unknown = true;
            }
        }
        if directive.reason.is_none() && directive.action != Action::Enable {
            problem(
                range,
                MISSING_REASON,
                "This directive gives no reason; add one after `--`, e.g. `-- quoting the FDA warning letter`".into(),
            );
        }
        let expired = directive.until.is_some_and(|until| until < today);
        if let Some((y, m, d)) = directive.until.filter(|_| expired) {
            problem(
                range,
                EXPIRED,
                format!(
                    "This directive expired on {y:04}-{m:02}-{d:02}; the findings it covered are reported again. Fix them, or renew the waiver with a new date"
                ),
            );
        }
        let covers = match directive.action {
            Action::NextLine => next_line(source, range.end),
            Action::File => ByteRange::new(0, source.len()),
            Action::Disable => ByteRange::new(range.end, source.len()),
            Action::Enable => {
                let mut closed = false;
                for open in active.iter_mut().rev() {
                    if open.directive.action == Action::Disable
                        && open.covers.end == source.len()
                        && open.directive.rules == directive.rules
                    {
                        open.covers.end = range.start;
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    problem(
                        range,
                        UNUSED,
                        "This enable has no matching disable before it, with the same rules".into(),
                    );
                }
                continue;
            }
        };
        active.push(Active {
            directive,
            covers,
            expired,
            // A directive with a typo is reported once, as naming an unknown rule.
            used: unknown,
        });
    }
    diagnostics.retain(|d| {
        let mut suppressed = false;
        for a in active.iter_mut().filter(|a| !a.expired) {
            let inside = a.covers.start <= d.range.start && d.range.start <= a.covers.end;
            let named = a.directive.rules.is_empty()
                || a.directive.rules.iter().any(|n| covers(n, &d.rule));
            if inside && named {
                a.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    for a in active.iter().filter(|a| !a.used && !a.expired) {
        problem(
            a.directive.range,
            UNUSED,
            "This directive suppresses nothing here; remove it".into(),
        );
    }
    for (range, rule, message) in meta {
        let severity = META_RULES
            .iter()
            .find(|(id, ..)| *id == rule)
            .map_or(Severity::Warning, |m| m.1);
        diagnostics.push(Diagnostic {
            path: path.to_string(),
            rule: rule.to_string(),
            kind: DiagnosticKind::Directive,
            severity,
            message,
            help: None,
            source: None,
            url: None,
            matched: source.get(range.as_range()).unwrap_or_default().to_string(),
            range,
            start: lines.position(source, range.start),
            end: lines.position(source, range.end),
            fingerprint: String::new(),
        });
    }
}

/// The next line after `from` that is not blank.
fn next_line(source: &str, from: usize) -> ByteRange {
    let mut at = source[from..]
        .find('\n')
        .map_or(source.len(), |i| from + i + 1);
    while at < source.len() {
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        if !source[at..end].trim().is_empty() {
            return ByteRange::new(at, end);
        }
        at = end + 1;
    }
    ByteRange::new(source.len(), source.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Option<Result<Directive, String>> {
        parse(text, ByteRange::new(0, text.len()))
    }

    #[test]
    fn directives_parse_with_rules_reasons_and_dates() {
        let d =
            p("<!-- healthlint-disable-next-line us-fda-ftc/disease-claim, eu -- quoting FDA -->")
                .unwrap()
                .unwrap();
        assert_eq!(d.action, Action::NextLine);
        assert_eq!(d.rules, ["us-fda-ftc/disease-claim", "eu"]);
        assert_eq!(d.reason.as_deref(), Some("quoting FDA"));
        let d = p("<!-- healthlint-disable-file -- until 2027-03-01: legal approved this -->")
            .unwrap()
            .unwrap();
        assert_eq!((d.action, d.until), (Action::File, Some((2027, 3, 1))));
        assert_eq!(d.reason.as_deref(), Some("legal approved this"));
        assert!(d.rules.is_empty());
        let d = p("<!--healthlint-enable editorial-->").unwrap().unwrap();
        assert_eq!((d.action, d.reason), (Action::Enable, None));
        assert!(p("<!-- a note -->").is_none());
        let d = p("{/* healthlint-disable-next-line eu -- an MDX comment */}")
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.action, d.reason.as_deref()),
            (Action::NextLine, Some("an MDX comment"))
        );
        let d = p("// healthlint-disable-next-line eu/x -- a script comment")
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.rules, d.reason.as_deref()),
            (vec!["eu/x".to_string()], Some("a script comment"))
        );
        let d = p("/* healthlint-disable-file -- a block comment */")
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.action, d.reason.as_deref()),
            (Action::File, Some("a block comment"))
        );
        assert!(p("// a note").is_none());
        assert!(p("<!-- healthlint-disabel x -- y -->").unwrap().is_err());
        assert!(
            p("<!-- healthlint-disable x -- until 2027-02-30: y -->")
                .unwrap()
                .is_err()
        );
    }

    #[test]
    fn dates_and_names() {
        assert!(covers("eu", "eu/weight-loss-rate"));
        assert!(covers("eu/*", "eu/weight-loss-rate"));
        assert!(covers("*/disease-claim", "us-fda-ftc/disease-claim"));
        assert!(!covers("eu", "europe/x"));
        assert!(!covers("us-fda-ftc/disease", "us-fda-ftc/disease-claim"));
    }
}
