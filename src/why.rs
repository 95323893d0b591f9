//! `healthlint why "TEXT"`: for rule authors, every rule whose patterns match a text, and for
//! each match the context flags found and why the rule fired or was exempted.

use crate::citations;
use crate::context::{Analysis, Context};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::lint::{Selection, lint};
use crate::rules::RuleSet;
use crate::rules::kinds::{CheckContext, Kind, Matches, scope};
use crate::rules::spec::{Flag, Level, Profile};
use std::fmt::Write;

/// One match of one rule, explained.
#[derive(Debug)]
pub struct MatchExplained {
    /// Which list of the rule matched ("patterns", "when", "claims", ...).
    pub role: &'static str,
    /// The matched words.
    pub matched: String,
    /// The sentence the match is in.
    pub sentence: String,
    /// Context flags found.
    pub analysis: Analysis,
    /// The exempting flag, if one of the rule's `exempt` flags holds.
    pub exempted_by: Option<Flag>,
    /// For conditional and citation rules: what was found in scope, or that nothing was.
    pub note: Option<String>,
}

/// A rule that matched the text, explained.
#[derive(Debug)]
pub struct RuleExplained {
    /// Full rule id.
    pub rule: String,
    /// Kind name.
    pub kind: &'static str,
    /// Level in the profile used.
    pub level: Level,
    /// Flags that would exempt it.
    pub exempt: Vec<Flag>,
    /// Its matches.
    pub matches: Vec<MatchExplained>,
    /// Whether `check` reports it for this text.
    pub fires: bool,
}

/// The whole explanation.
#[derive(Debug)]
pub struct Why {
    /// Profile assumed.
    pub profile: Profile,
    /// Rules whose patterns matched, in rule order.
    pub rules: Vec<RuleExplained>,
    /// What `check` reports for the text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Explain how the rules in `selection` treat `text` (read as Markdown).
pub fn explain(rules: &RuleSet, selection: &Selection, text: &str, profile: Profile) -> Why {
    let selection = Selection {
        levels: selection.levels.clone(),
        profile,
        today: selection.today,
    };
    let document = Document::parse(text, Format::Markdown);
    let profile = document.declared_profile().unwrap_or(profile);
    let active = |r: usize| selection.level(r, profile) != Level::Off;
    let matches = Matches::new(rules.matcher.scan(&document.prose.text, |slot| {
        active(rules.slot_rule[slot as usize])
    }));
    let context = Context::new(&document.prose, text, profile, &rules.cues);
    let cx = CheckContext {
        source: text,
        document: &document,
        matches: &matches,
        context: &context,
        today: selection.today,
    };
    let diagnostics = lint(rules, &selection, "text", text, Format::Markdown);
    let prose = &document.prose;
    let mut explained = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        if !active(i) {
            continue;
        }
        let mut list = Vec::new();
        for (slot, role) in rule.kind.slots() {
            for m in matches.of(slot) {
                let analysis = context.analyse(m.start, m.end);
                let exempted_by = match role {
                    "require" | "any" | "marker_patterns" => None,
                    _ => rule.exempt.iter().copied().find(|f| analysis.exempts(*f)),
                };
                let note = note(&rule.kind, role, &cx, m.start);
                list.push(MatchExplained {
                    role,
                    matched: prose.shown(text, m.start, m.end),
                    sentence: prose.shown(text, analysis.sentence.start, analysis.sentence.end),
                    analysis,
                    exempted_by,
                    note,
                });
            }
        }
        let fires = diagnostics.iter().any(|d| d.rule == rule.id);
        if !list.is_empty() || fires {
            explained.push(RuleExplained {
                rule: rule.id.clone(),
                kind: rule.kind.name().name(),
                level: selection.level(i, profile),
                exempt: rule.exempt.clone(),
                matches: list,
                fires,
            });
        }
    }
    Why {
        profile,
        rules: explained,
        diagnostics,
    }
}

/// What a conditional or citation rule found in the scope of a mention or claim.
fn note(kind: &Kind, role: &str, cx: &CheckContext<'_>, pos: usize) -> Option<String> {
    let prose = &cx.document.prose;
    match (kind, role) {
        (Kind::Conditional(k), "when") => {
            let unit = scope::unit(cx, k.scope, pos);
            let first = |slot: Option<crate::matcher::SlotId>| {
                slot.and_then(|slot| {
                    cx.matches
                        .of(slot)
                        .iter()
                        .find(|s| unit.start <= s.start && s.end <= unit.end)
                        .map(|s| prose.shown(cx.source, s.start, s.end))
                })
            };
            let mut notes = Vec::new();
            if k.require.is_some() {
                notes.push(match first(k.require) {
                    Some(s) => format!("required statement found in the {}: \"{s}\"", k.scope),
                    None => format!("no required statement in the {}", k.scope),
                });
            }
            if k.forbid.is_some() {
                notes.push(match first(k.forbid) {
                    Some(s) => format!("forbidden statement in the {}: \"{s}\"", k.scope),
                    None => format!("no forbidden statement in the {}", k.scope),
                });
            }
            Some(notes.join("; "))
        }
        (Kind::Citation(k), "claims") => {
            let unit = scope::unit(cx, k.scope, pos);
            let found = citations::find(prose, unit, &k.markers);
            Some(match found.first() {
                Some(f) if f.range.is_empty() => {
                    format!("citation marker found in the {}: {}", k.scope, f.kind)
                }
                Some(f) => format!(
                    "citation marker found in the {}: {} \"{}\"",
                    k.scope,
                    f.kind,
                    &prose.text[f.range.clone()]
                ),
                None => format!("no citation marker in the {}", k.scope),
            })
        }
        _ => None,
    }
}

impl Why {
    /// The explanation as plain text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "profile: {}", self.profile);
        if self.rules.is_empty() {
            let _ = writeln!(out, "\nNo rule's patterns match this text.");
        }
        for r in &self.rules {
            let verdict = if r.fires { "reported" } else { "not reported" };
            let _ = writeln!(out, "\n{} ({}, {}): {verdict}", r.rule, r.kind, r.level);
            if !r.exempt.is_empty() {
                let names: Vec<&str> = r.exempt.iter().map(|f| f.name()).collect();
                let _ = writeln!(out, "  exempt when: {}", names.join(", "));
            }
            for m in &r.matches {
                let _ = writeln!(out, "  {} matched \"{}\"", m.role, m.matched);
                let _ = writeln!(out, "    in sentence \"{}\"", m.sentence);
                if m.analysis.found.is_empty() {
                    let _ = writeln!(out, "    context: no flag");
                }
                for f in &m.analysis.found {
                    match &f.void {
                        None => {
                            let _ = writeln!(out, "    {}: {}", f.flag, f.reason);
                        }
                        Some(v) => {
                            let _ = writeln!(
                                out,
                                "    {}: {} (does not exempt: {v})",
                                f.flag, f.reason
                            );
                        }
                    }
                }
                if let Some(n) = &m.note {
                    let _ = writeln!(out, "    {n}");
                }
                match (m.role, m.exempted_by) {
                    ("require" | "forbid" | "any" | "marker_patterns", _) => {}
                    (_, Some(flag)) => {
                        let _ = writeln!(out, "    => exempted by `{flag}`");
                    }
                    (_, None) if r.kind == "banned" => {
                        let _ = writeln!(out, "    => fires: no listed flag exempts it");
                    }
                    _ => {}
                }
            }
        }
        if !self.diagnostics.is_empty() {
            let _ = writeln!(out, "\n`check` reports:");
            for d in &self.diagnostics {
                let _ = writeln!(
                    out,
                    "  {}:{}: {}[{}] {}",
                    d.start.line, d.start.column, d.severity, d.rule, d.message
                );
            }
        }
        out
    }
}
