//! `healthlint test`: run every rule's examples. Each `examples.fail` text must be reported by
//! its rule, each `examples.pass` text must not; a rule is tested alone, switched on even when
//! it is off by default, so that the examples test the rule and nothing else.

use crate::document::Format;
use crate::lint::{Selection, lint};
use crate::rules::RuleSet;
use crate::rules::spec::{Level, SeveritySpec};

/// One example that did not behave.
#[derive(Debug)]
pub struct Miss {
    /// Full rule id.
    pub rule: String,
    /// `file:line` of the example.
    pub place: String,
    /// Whether the example should have been reported.
    pub should_fail: bool,
    /// The example text.
    pub text: String,
    /// What the context analysis found, from `why`.
    pub explanation: String,
}

/// Totals of a test run.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Rules tested.
    pub rules: usize,
    /// Examples run.
    pub examples: usize,
    /// Examples that did not behave.
    pub misses: Vec<Miss>,
}

/// The date examples are checked as of, so that an example with a review date stays recent
/// (or stale) whatever day the examples run.
pub const EXAMPLES_TODAY: crate::date::Date = (2026, 12, 1);

/// Run the examples of the rules for which `wanted` holds.
pub fn run(rules: &RuleSet, wanted: impl Fn(usize) -> bool) -> Outcome {
    let mut outcome = Outcome::default();
    for (i, rule) in rules.rules.iter().enumerate() {
        if !wanted(i) {
            continue;
        }
        outcome.rules += 1;
        let mut only = Selection::only(rules, |r| r == i);
        only.today = EXAMPLES_TODAY;
        if only.levels[i].marketing == Level::Off && only.levels[i].editorial == Level::Off {
            only.levels[i] = SeveritySpec::uniform(Level::Warning);
        }
        for (examples, should_fail) in [(&rule.examples.fail, true), (&rule.examples.pass, false)] {
            for example in examples {
                outcome.examples += 1;
                let reported = lint(rules, &only, "example.md", &example.text, Format::Markdown)
                    .iter()
                    .any(|d| d.rule == rule.id);
                if reported != should_fail {
                    let (line, _) = rule.file.line_col(example.span.start);
                    let why = crate::why::explain(rules, &only, &example.text, only.profile);
                    outcome.misses.push(Miss {
                        rule: rule.id.clone(),
                        place: format!("{}:{line}", rule.file.name),
                        should_fail,
                        text: example.text.clone(),
                        explanation: why.to_text(),
                    });
                }
            }
        }
    }
    outcome
}

impl Outcome {
    /// The report of the run.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for m in &self.misses {
            let verb = if m.should_fail {
                "should be reported but is not"
            } else {
                "should not be reported but is"
            };
            out.push_str(&format!(
                "FAIL {} ({}): {verb}:\n  {:?}\n",
                m.rule, m.place, m.text
            ));
            for line in m.explanation.lines().filter(|l| !l.is_empty()) {
                out.push_str(&format!("    | {line}\n"));
            }
        }
        let failed = self.misses.len();
        out.push_str(&format!(
            "Tested {} rules, {} examples: {} passed, {failed} failed.\n",
            self.rules,
            self.examples,
            self.examples - failed
        ));
        out
    }
}
