//! What the rule author's commands show about rules: the one-line list (`rules`), the full
//! explanation of one rule (`explain`), and the generated reference, `docs/rules.md`.

use crate::lint::Selection;
use crate::rules::spec::{Level, Profile};
use crate::rules::{Rule, RuleSet};
use serde::Serialize;
use std::fmt::Write;

/// One rule in the list of `healthlint rules`.
#[derive(Debug, Serialize)]
pub struct RuleEntry<'a> {
    /// Full id.
    pub id: &'a str,
    /// Pack id.
    pub pack: &'a str,
    /// Kind name.
    pub kind: &'static str,
    /// Severity in marketing documents, as configured.
    pub marketing: &'static str,
    /// Severity in editorial documents, as configured.
    pub editorial: &'static str,
    /// What the rule reports.
    pub message: &'a str,
    /// What to write instead.
    pub help: Option<&'a str>,
    /// The regulation or guidance behind it.
    pub source: Option<&'a str>,
    /// Flags that exempt a match.
    pub exempt: Vec<&'static str>,
    /// Number of examples.
    pub examples: usize,
}

/// The rules of `rules`, with the severities of `selection`.
pub fn entries<'a>(rules: &'a RuleSet, selection: &Selection) -> Vec<RuleEntry<'a>> {
    rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| RuleEntry {
            id: &r.id,
            pack: &r.pack,
            kind: r.kind.name().name(),
            marketing: selection.level(i, Profile::Marketing).name(),
            editorial: selection.level(i, Profile::Editorial).name(),
            message: &r.message,
            help: r.help.as_deref(),
            source: r.source.as_deref(),
            exempt: r.exempt.iter().map(|f| f.name()).collect(),
            examples: r.examples.fail.len() + r.examples.pass.len(),
        })
        .collect()
}

fn severity_text(marketing: &str, editorial: &str) -> String {
    if marketing == editorial {
        marketing.to_string()
    } else {
        format!("{marketing}/{editorial}")
    }
}

/// The list as aligned text, one rule a line.
pub fn list_text(entries: &[RuleEntry<'_>]) -> String {
    let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for e in entries {
        let severity = severity_text(e.marketing, e.editorial);
        let _ = writeln!(
            out,
            "{:width$}  {:11}  {:15}  {}",
            e.id, e.kind, severity, e.message
        );
    }
    let on = entries
        .iter()
        .filter(|e| e.marketing != Level::Off.name() || e.editorial != Level::Off.name())
        .count();
    let _ = writeln!(out, "{} rules, {on} on.", entries.len());
    out
}

/// Everything about one rule, for `healthlint explain`.
pub fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    let _ = writeln!(out, "\n{}", rule.message);
    if let Some(r) = &rule.rationale {
        let _ = writeln!(out, "\nWhy: {r}");
    }
    if let Some(h) = &rule.help {
        let _ = writeln!(out, "\nWhat to write instead: {h}");
    }
    if let Some(s) = &rule.source {
        let _ = writeln!(out, "\nSource: {s}");
    }
    if let Some(u) = &rule.url {
        let _ = writeln!(out, "More: {u}");
    }
    let _ = writeln!(out, "\nKind: {}", rule.kind.name());
    let _ = writeln!(out, "Default severity: {}", rule.severity);
    if !rule.exempt.is_empty() {
        let flags: Vec<&str> = rule.exempt.iter().map(|f| f.name()).collect();
        let _ = writeln!(out, "Not reported when: {}", flags.join(", "));
    }
    let (line, _) = rule.file.line_col(rule.span.start);
    let _ = writeln!(out, "Defined in: {}:{line}", rule.file.name);
    if !rule.examples.fail.is_empty() {
        let _ = writeln!(out, "\nReported:");
        for e in &rule.examples.fail {
            let _ = writeln!(out, "  - {}", one_line(&e.text));
        }
    }
    if !rule.examples.pass.is_empty() {
        let _ = writeln!(out, "\nNot reported:");
        for e in &rule.examples.pass {
            let _ = writeln!(out, "  - {}", one_line(&e.text));
        }
    }
    out
}

/// An example on one line; a leading `profile:` front matter becomes a `(marketing) ` label.
fn one_line(text: &str) -> String {
    let (label, body) = labelled(text);
    format!("{label}{body}")
}

/// An example's profile label (`(marketing) `, or empty) and its text on one line.
fn labelled(text: &str) -> (String, String) {
    let (label, body) = match text
        .strip_prefix("---\nprofile: ")
        .and_then(|rest| rest.split_once("\n---\n"))
    {
        Some((profile, body)) if !profile.contains('\n') => (format!("({profile}) "), body),
        _ => (String::new(), text),
    };
    (label, body.replace('\n', " \u{23ce} "))
}

/// `docs/rules.md`: every rule of the given packs, generated, so it never drifts.
pub fn markdown(rules: &RuleSet) -> String {
    let mut out = String::from(
        "# Built-in rules\n\n\
         Generated from `rules/*.toml` by `healthlint rules --all --format markdown`; \
         a test fails when this file is stale. Severities read `marketing/editorial` where they \
         differ.\n",
    );
    for pack in &rules.packs {
        let _ = writeln!(out, "\n## `{}`\n", pack.id);
        if let Some(d) = &pack.description {
            let _ = writeln!(out, "{d}\n");
        }
        let default = crate::rules::builtin::DEFAULT_PACKS.contains(&pack.id.as_str());
        let _ = writeln!(
            out,
            "{} Use it with `extends = [\"builtin:{}\"]`.\n",
            if default { "On by default." } else { "Opt-in." },
            pack.id
        );
        for rule in &rules.rules[pack.rules.clone()] {
            let _ = writeln!(out, "### `{}`\n", rule.id);
            let _ = writeln!(
                out,
                "- **Kind:** {} · **Severity:** {}",
                rule.kind.name(),
                severity_text(
                    rule.severity.marketing.name(),
                    rule.severity.editorial.name()
                )
            );
            let _ = writeln!(out, "- **Message:** {}", rule.message);
            if let Some(h) = &rule.help {
                let _ = writeln!(out, "- **Write instead:** {h}");
            }
            if let Some(s) = &rule.source {
                let _ = writeln!(out, "- **Source:** {s}");
            }
            for e in &rule.examples.fail {
                let (label, body) = labelled(&e.text);
                let _ = writeln!(out, "- Reported: {label}“{body}”");
            }
            for e in &rule.examples.pass {
                let (label, body) = labelled(&e.text);
                let _ = writeln!(out, "- Not reported: {label}“{body}”");
            }
            out.push('\n');
        }
    }
    out
}
