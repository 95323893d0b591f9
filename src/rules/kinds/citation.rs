//! `citation`: a claim about evidence or a statistic needs a citation marker near it.

use super::{CheckContext, Finding, list};
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
