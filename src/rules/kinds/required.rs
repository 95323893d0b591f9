//! `required`: one of the texts must appear in the document, optionally near its start or end.

use super::{CheckContext, Finding, Target, list};
use crate::matcher::SlotId;
use crate::prose::BlockKind;
use crate::rules::spec::{Placement, RuleSpec};
use crate::rules::{Compiler, Rule};
use crate::span::ByteRange;

/// Keys a required rule uses.
pub const KEYS: &[&str] = &["any", "phrases", "placement", "within", "exact"];

/// How many blocks from the start or end count, unless the rule says `within`.
const DEFAULT_WITHIN: u32 = 3;

/// How much of an exact wording a passage must share, in order, to count as a near miss.
const NEAR_MISS: f64 = 0.5;

/// A compiled required rule.
#[derive(Debug)]
pub struct Required {
    slot: SlotId,
    placement: Placement,
    within: u32,
    /// The statutory wordings, when `exact = true`: a passage close to one is reported with a
    /// word diff instead of as missing.
    exact: Vec<String>,
}

impl Required {
    /// Compile `any` and `phrases` into one slot.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        let (any, phrases) = (list(&spec.any), list(&spec.phrases));
        if any.is_empty() && phrases.is_empty() {
            c.error(spec.id.span(), "a `required` rule needs `any` or `phrases`")
                .help = Some("list the acceptable wordings: `phrases = [\"...\"]`".into());
            return None;
        }
        let within = spec
            .within
            .as_ref()
            .map_or(DEFAULT_WITHIN, |w| *w.get_ref());
        if within == 0
            && let Some(w) = &spec.within
        {
            c.error(w.span(), "`within` must be at least 1");
        }
        let exact = spec.exact.as_ref().is_some_and(|e| *e.get_ref());
        if exact
            && phrases.is_empty()
            && let Some(e) = &spec.exact
        {
            c.error(e.span(), "`exact = true` needs the wordings as `phrases`")
                .help = Some("a regular expression cannot be compared word by word; list the exact texts in `phrases`".into());
        }
        Some(Self {
            exact: if exact {
                phrases
                    .iter()
                    .map(|p| crate::prose::normalise(p.get_ref()))
                    .collect()
            } else {
                Vec::new()
            },
            slot: c.slot(any, phrases),
            placement: spec
                .placement
                .as_ref()
                .map_or(Placement::Anywhere, |p| *p.get_ref()),
            within,
        })
    }

    /// The passage closest to one of the exact wordings, as a finding with the differences.
    fn near_miss(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>) -> Option<Finding> {
        let prose = &cx.document.prose;
        let mut best: Option<crate::wording::NearMiss> = None;
        // Shared text belongs to another file: a near miss there is that file's to report.
        for block in prose.blocks.iter().filter(|b| !prose.is_shared(b.start)) {
            for wording in &self.exact {
                let text = &prose.text[block.start..block.end];
                if let Some(m) = crate::wording::near_miss(text, block.start, wording, NEAR_MISS)
                    && best.as_ref().is_none_or(|b| m.similarity > b.similarity)
                {
                    best = Some(m);
                }
            }
        }
        let miss = best?;
        let mut finding = Finding::new(
            index,
            Target::Prose {
                start: miss.range.start,
                end: miss.range.end,
            },
        );
        finding.message = Some(format!(
            "{} The text here differs from the required wording: {}.",
            rule.message,
            miss.differences.join("; ")
        ));
        Some(finding)
    }

    /// The slot of the acceptable wordings.
    pub fn slot(&self) -> SlotId {
        self.slot
    }

    /// Report a missing text at the start of the document, a misplaced one where it is.
    pub fn check(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // A component or template with no copy of its own (a hook, a layout's code) has nothing
        // that needs a statement.
        let prose = &cx.document.prose;
        if cx.document.format.is_site_source()
            && prose.blocks.iter().all(|b| prose.is_shared(b.start))
        {
            return;
        }
        let found = cx.matches.of(self.slot);
        if found.is_empty()
            && let Some(finding) = self.near_miss(rule, index, cx)
        {
            out.push(finding);
            return;
        }
        let Some(first) = found.first() else {
            out.push(Finding::new(index, Target::Source(start_of(cx))));
            return;
        };
        let prose = &cx.document.prose;
        let text_blocks: Vec<usize> = prose
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !matches!(b.kind, BlockKind::Heading(_)))
            .map(|(i, _)| i)
            .collect();
        let within = self.within as usize;
        let allowed: &[usize] = match self.placement {
            Placement::Anywhere => return,
            Placement::Start => &text_blocks[..within.min(text_blocks.len())],
            Placement::End => &text_blocks[text_blocks.len().saturating_sub(within)..],
        };
        let placed = found.iter().any(|m| {
            prose
                .block_at(m.start)
                .is_some_and(|b| allowed.contains(&b))
        });
        if !placed {
            let place = match self.placement {
                Placement::Start => "start",
                _ => "end",
            };
            // Found only in shared text: the page's start stands for where it should be.
            let target = if prose.is_shared(first.start) {
                Target::Source(start_of(cx))
            } else {
                Target::Prose {
                    start: first.start,
                    end: first.end,
                }
            };
            let mut finding = Finding::new(index, target);
            finding.message = Some(format!(
                "{} It is present, but not at the {place} of the document (within {within} paragraphs).",
                rule.message
            ));
            out.push(finding);
        }
    }
}

/// The start of a document's body: after front matter and a byte-order mark, at its first
/// non-blank character.
fn start_of(cx: &CheckContext<'_>) -> ByteRange {
    let body = cx.document.front_matter.as_ref().map_or(0, |f| f.range.end);
    let body = if cx.source.starts_with('\u{feff}') {
        body.max(3)
    } else {
        body
    };
    let rest = cx.source.get(body..).unwrap_or_default();
    let at = body + rest.len() - rest.trim_start().len();
    ByteRange::new(at, at)
}
