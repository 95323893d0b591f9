//! `banned`: every match that no listed context flag exempts is a finding.

use super::{CheckContext, Finding, Target, list};
use crate::matcher::SlotId;
use crate::rules::spec::RuleSpec;
use crate::rules::{Compiler, Rule};

/// Keys a banned rule uses.
pub const KEYS: &[&str] = &["patterns", "phrases", "exempt"];

/// A compiled banned rule.
#[derive(Debug)]
pub struct Banned {
    slot: SlotId,
}

impl Banned {
    /// Compile `patterns` and `phrases` into one slot.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        let (patterns, phrases) = (list(&spec.patterns), list(&spec.phrases));
        if patterns.is_empty() && phrases.is_empty() {
            c.error(
                spec.id.span(),
                "a `banned` rule needs `patterns` or `phrases`",
            )
            .help = Some("add `phrases = [\"...\"]` or `patterns = [\"...\"]`".into());
            return None;
        }
        Some(Self {
            slot: c.slot(patterns, phrases),
        })
    }

    /// The slot of the rule's patterns.
    pub fn slot(&self) -> SlotId {
        self.slot
    }

    /// Report every non-exempt match.
    pub fn check(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for m in cx.matches.of(self.slot) {
            if !cx.in_references(m.start) && cx.context.exemption(rule, m.start, m.end).is_none() {
                out.push(Finding::new(
                    index,
                    Target::Prose {
                        start: m.start,
                        end: m.end,
                    },
                ));
            }
        }
    }
}
