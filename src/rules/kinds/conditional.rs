//! `conditional`: a mention makes a statement required within a scope.

use super::{CheckContext, Finding, Target, list, scope};
use crate::matcher::SlotId;
use crate::rules::spec::{RuleSpec, Scope};
use crate::rules::{Compiler, Rule};

/// Keys a conditional rule uses.
pub const KEYS: &[&str] = &["when", "require", "scope", "exempt"];

/// A compiled conditional rule.
#[derive(Debug)]
pub struct Conditional {
    /// Slot of the mentions.
    pub when: SlotId,
    /// Slot of the statements.
    pub require: SlotId,
    /// How far the statement may be from a mention.
    pub scope: Scope,
}

impl Conditional {
    /// Compile `when` and `require` into two slots.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        let (when, require) = (list(&spec.when), list(&spec.require));
        if when.is_empty() || require.is_empty() {
            c.error(
                spec.id.span(),
                "a `conditional` rule needs `when` and `require`",
            )
            .help = Some(
                "`when` lists the mentions, `require` the statements that must then appear".into(),
            );
            return None;
        }
        Some(Self {
            when: c.slot(when, &[]),
            require: c.slot(require, &[]),
            scope: spec
                .scope
                .as_ref()
                .map_or(Scope::Document, |s| *s.get_ref()),
        })
    }

    /// Report the first mention of each scope unit that has no statement in it.
    pub fn check(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let statements = cx.matches.of(self.require);
        let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
        for m in cx.matches.of(self.when) {
            if cx.in_references(m.start) || cx.context.exemption(rule, m.start, m.end).is_some() {
                continue;
            }
            let unit = scope::unit(cx, self.scope, m.start);
            if reported.contains(&unit) {
                continue;
            }
            let stated = statements
                .iter()
                .any(|s| unit.start <= s.start && s.end <= unit.end);
            if !stated {
                out.push(Finding::new(
                    index,
                    Target::Prose {
                        start: m.start,
                        end: m.end,
                    },
                ));
                reported.push(unit);
            }
        }
    }
}
