//! The unit of prose a `scope` names, around a position.

use super::CheckContext;
use crate::rules::spec::Scope;
use std::ops::Range;

/// The normalised-text range of the scope unit containing `pos`.
pub fn unit(cx: &CheckContext<'_>, scope: Scope, pos: usize) -> Range<usize> {
    let prose = &cx.document.prose;
    match scope {
        Scope::Document => 0..prose.text.len(),
        Scope::Sentence => cx.context.sentence_of(pos),
        Scope::Paragraph => prose
            .block_at(pos)
            .map_or(pos..pos, |b| prose.blocks[b].start..prose.blocks[b].end),
        Scope::Section => prose
            .block_at(pos)
            .map_or(pos..pos, |b| prose.blocks_range(prose.section_blocks(b))),
    }
}
