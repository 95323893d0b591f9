//! `conditional`: a mention changes what a scope must (`require`) or must not (`forbid`) say.
//! "BPC-157 is mentioned, so its regulatory status must be stated in the document"; "the page
//! says research use only, so it must not give doses".

use super::{CheckContext, Finding, Target, list, scope};
use crate::matcher::SlotId;
use crate::rules::spec::{RuleSpec, Scope};
use crate::rules::{Compiler, Rule};

/// Keys a conditional rule uses.
pub const KEYS: &[&str] = &["when", "require", "forbid", "scope", "exempt"];

/// A compiled conditional rule.
#[derive(Debug)]
pub struct Conditional {
    /// Slot of the mentions.
    pub when: SlotId,
    /// Slot of the statements that must appear in scope, if any.
    pub require: Option<SlotId>,
    /// Slot of the statements that must not appear in scope, if any.
    pub forbid: Option<SlotId>,
    /// How far from a mention the statement counts.
    pub scope: Scope,
}

impl Conditional {
    /// Compile `when`, and `require` or `forbid`, into slots.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        let (when, require, forbid) = (list(&spec.when), list(&spec.require), list(&spec.forbid));
        if when.is_empty() || (require.is_empty() && forbid.is_empty()) {
            c.error(
                spec.id.span(),
                "a `conditional` rule needs `when`, and `require` or `forbid`",
            )
            .help = Some(
                "`when` lists the mentions; `require` the statements that must then appear, \
                 `forbid` those that must not"
                    .into(),
            );
            return None;
        }
        Some(Self {
            when: c.slot(when, &[]),
            require: (!require.is_empty()).then(|| c.slot(require, &[])),
            forbid: (!forbid.is_empty()).then(|| c.slot(forbid, &[])),
            scope: spec
                .scope
                .as_ref()
                .map_or(Scope::Document, |s| *s.get_ref()),
        })
    }

    /// Report, for each scope unit with a mention, the first mention when a required statement
    /// is missing, and each forbidden statement.
    pub fn check(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
        for m in cx.matches.of(self.when) {
            if cx.in_references(m.start) || cx.context.exemption(rule, m.start, m.end).is_some() {
                continue;
            }
            let unit = scope::unit(cx, self.scope, m.start);
            if seen.contains(&unit) {
                continue;
            }
            seen.push(unit.clone());
            let inside = |slot: SlotId| {
                cx.matches
                    .of(slot)
                    .iter()
                    .filter(move |s| unit.start <= s.start && s.end <= unit.end)
            };
            if let Some(require) = self.require
                && inside(require).next().is_none()
            {
                out.push(Finding::new(
                    index,
                    Target::Prose {
                        start: m.start,
                        end: m.end,
                    },
                ));
            }
            if let Some(forbid) = self.forbid {
                for f in inside(forbid) {
                    if !cx.in_references(f.start)
                        && cx.context.exemption(rule, f.start, f.end).is_none()
                    {
                        out.push(Finding::new(
                            index,
                            Target::Prose {
                                start: f.start,
                                end: f.end,
                            },
                        ));
                    }
                }
            }
        }
    }
}
