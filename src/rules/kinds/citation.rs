//! `citation`: a claim about evidence or a statistic needs a citation marker near it.

use super::{CheckContext, Finding, Target, list, scope};
use crate::citations;
use crate::matcher::SlotId;
use crate::rules::spec::{MarkerName, RuleSpec, Scope};
use crate::rules::{Compiler, Rule};

/// Keys a citation rule uses.
pub const KEYS: &[&str] = &["claims", "markers", "marker_patterns", "scope", "exempt"];

/// A compiled citation rule.
#[derive(Debug)]
pub struct Citation {
    /// Slot of the claims.
    pub claims: SlotId,
    /// Slot of the rule's own marker patterns, if any.
    pub marker_patterns: Option<SlotId>,
    /// Accepted marker kinds.
    pub markers: Vec<MarkerName>,
    /// Where the marker must be.
    pub scope: Scope,
}

impl Citation {
    /// Compile `claims` and `marker_patterns`.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        let claims = list(&spec.claims);
        if claims.is_empty() {
            c.error(spec.id.span(), "a `citation` rule needs `claims`")
                .help = Some("`claims` lists the statements that need a citation".into());
            return None;
        }
        let extra = list(&spec.marker_patterns);
        Some(Self {
            claims: c.slot(claims, &[]),
            marker_patterns: (!extra.is_empty()).then(|| c.slot(extra, &[])),
            markers: spec.markers.as_ref().map_or_else(
                || {
                    MarkerName::ALL
                        .iter()
                        .copied()
                        .filter(|m| *m != MarkerName::NamedSource)
                        .collect()
                },
                |m| m.get_ref().iter().map(|m| *m.get_ref()).collect(),
            ),
            scope: spec
                .scope
                .as_ref()
                .map_or(Scope::Sentence, |s| *s.get_ref()),
        })
    }

    /// Report the first claim of each scope unit that has no accepted citation marker in it.
    pub fn check(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let prose = &cx.document.prose;
        let own_markers = self
            .marker_patterns
            .map_or(&[][..], |slot| cx.matches.of(slot));
        let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
        for m in cx.matches.of(self.claims) {
            if cx.in_references(m.start) || cx.context.exemption(rule, m.start, m.end).is_some() {
                continue;
            }
            let mut unit = scope::unit(cx, self.scope, m.start);
            if reported.contains(&unit) {
                continue;
            }
            // A marker right after the sentence's full stop ("... memory. [1]") belongs to it.
            if self.scope == Scope::Sentence
                && let Some(len) = citations::leading_marker_len(&prose.text[unit.end..])
            {
                unit.end += len;
            }
            let cited = !citations::find(prose, unit.clone(), &self.markers).is_empty()
                || own_markers
                    .iter()
                    .any(|o| unit.start <= o.start && o.end <= unit.end);
            if !cited {
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
