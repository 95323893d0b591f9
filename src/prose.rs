//! The prose of a document: normalised text for matching, its blocks, its citation markers,
//! and a map from every normalised byte back to the bytes of the original file.
//!
//! Format readers (`document::*`) feed a [`ProseBuilder`] with pieces of text and the byte range
//! each came from. The builder normalises as it goes: curly quotes and apostrophes, dashes and
//! hyphen variants, Unicode spaces and runs of white space (soft line breaks included) all become
//! their plain ASCII forms, so that `clinically\nproven` matches `clinically proven` and
//! `Alzheimer’s` matches `alzheimer's`. Blocks are separated by a newline in the normalised text,
//! which no normalised block contains, so a match can never run from one block into the next.

use crate::runs::{RunBytes, plain_run};
use crate::span::ByteRange;

/// What a block of prose is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running text.
    Paragraph,
    /// A heading of the given level (1 is the highest).
    Heading(u8),
    /// One item of a list.
    ListItem,
    /// One cell of a table.
    TableCell,
    /// Alternative text of an image, or a title attribute: prose of its own.
    Caption,
}

/// A unit of prose: a paragraph, heading, list item, table cell or caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Range in [`Prose::text`].
    pub start: usize,
    /// End in [`Prose::text`] (exclusive).
    pub end: usize,
    /// What the block is.
    pub kind: BlockKind,
    /// Whether the block sits inside a block quote.
    pub quoted: bool,
    /// Whether the block is part of a reference list or a footnote definition: sources, not
    /// claims.
    pub reference: bool,
}

/// A citation marker found by the format reader (links and footnote references); markers that
/// are visible text, such as `[1]` or a DOI, are found in the text itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Position in [`Prose::text`] where the marker ends.
    pub at: usize,
    /// What kind of marker.
    pub kind: MarkerKind,
}

/// Kinds of structural citation markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// A hyperlink to another document.
    Link,
    /// A footnote reference whose definition exists.
    Footnote,
    /// Superscript digits written as markup (`<sup>1</sup>`).
    Superscript,
}

/// How a run of normalised text maps back to the original file.
#[derive(Clone, Debug)]
struct Chunk {
    /// Start in the normalised text.
    norm: u32,
    /// Start in the original file.
    orig: u32,
    /// Length in the normalised text.
    norm_len: u32,
    /// Length in the original file.
    orig_len: u32,
    /// How the text reads to a person.
    shown: Shown,
}

#[derive(Clone, Debug, PartialEq)]
enum Shown {
    /// Byte for byte the original (`norm_len == orig_len`, mapped linearly).
    Copy,
    /// As in the original bytes (a curly quote normalised to a straight one).
    Original,
    /// As in the normalised text (white space collapsed to one space).
    Normalised,
    /// A decoded character (an entity or escape); shown decoded.
    Decoded(char),
}

/// How text decoded from a source (a string literal with its escapes undone) maps back to it:
/// runs in decoded order, each copied byte for byte or standing as a whole for its raw bytes.
#[derive(Clone, Debug, Default)]
pub struct DecodeMap {
    /// (start in the decoded text, its length, raw start, raw length, copied byte for byte)
    runs: Vec<(usize, usize, usize, usize, bool)>,
}

impl DecodeMap {
    /// Decoded bytes from `decoded` on that are the raw bytes from `raw` on.
    pub fn copy(&mut self, decoded: usize, raw: usize, len: usize) {
        self.runs.push((decoded, len, raw, len, true));
    }

    /// Decoded bytes from `decoded` on (`len` of them) that stand for the raw bytes `raw`.
    pub fn decoded(&mut self, decoded: usize, len: usize, raw: ByteRange) {
        self.runs.push((decoded, len, raw.start, raw.len(), false));
    }

    fn run_index(&self, pos: usize) -> usize {
        self.runs.partition_point(|r| r.0 <= pos).saturating_sub(1)
    }

    /// The raw bytes a decoded range stands for.
    pub fn raw_range(&self, decoded: std::ops::Range<usize>) -> ByteRange {
        let Some(first) = self.runs.get(self.run_index(decoded.start)) else {
            return ByteRange::default();
        };
        let start = if first.4 {
            first.2 + (decoded.start.saturating_sub(first.0)).min(first.3)
        } else {
            first.2
        };
        let last_pos = decoded.end.max(decoded.start + 1) - 1;
        let last = &self.runs[self.run_index(last_pos)];
        let end = if last.4 {
            last.2 + (decoded.end.saturating_sub(last.0)).min(last.3)
        } else {
            last.2 + last.3
        };
        ByteRange::new(start, end.max(start))
    }

    /// The parts of a decoded range, each with the raw start when it is copied.
    fn parts(
        &self,
        decoded: std::ops::Range<usize>,
    ) -> Vec<(std::ops::Range<usize>, Option<usize>)> {
        let mut out = Vec::new();
        let mut i = self.run_index(decoded.start);
        while let Some(&(d, len, raw, _, copied)) = self.runs.get(i) {
            if d >= decoded.end {
                break;
            }
            let (s, e) = (decoded.start.max(d), decoded.end.min(d + len));
            if s < e {
                out.push((s..e, copied.then(|| raw + (s - d))));
            }
            i += 1;
        }
        out
    }
}

/// Normalised prose of one document.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    /// Normalised text: blocks separated by `\n`.
    pub text: String,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Structural citation markers in document order.
    pub markers: Vec<Marker>,
    /// Where a run-in reference list begins ("... in 1986. References National Center ..."):
    /// everything from here on cites sources.
    pub references_from: Option<usize>,
    /// Byte ranges of the original text's comments (`<!-- ... -->`) outside code, in order:
    /// where suppression directives are read.
    pub comments: Vec<ByteRange>,
    /// Where text of shared files (a site's footer, see [`Prose::append_shared`]) begins: it
    /// counts for `required` and `conditional` rules, and nothing may point into it.
    pub shared_from: Option<usize>,
    chunks: Vec<Chunk>,
}

/// Placeholder for non-prose inside a block (inline code): it separates words but is no word.
pub const OPAQUE: char = '\u{1a}';

impl Prose {
    /// Original byte range of a range of the normalised text.
    pub fn to_source(&self, start: usize, end: usize) -> ByteRange {
        if self.chunks.is_empty() {
            return ByteRange::default();
        }
        let s = self.map_start(start);
        let e = if end > start { self.map_end(end) } else { s };
        ByteRange::new(s, e.max(s))
    }

    fn chunk_index(&self, pos: usize) -> usize {
        let pos = pos as u32;
        self.chunks
            .partition_point(|c| c.norm <= pos)
            .saturating_sub(1)
    }

    fn map_start(&self, pos: usize) -> usize {
        let c = &self.chunks[self.chunk_index(pos)];
        let into = (pos as u32).saturating_sub(c.norm);
        if c.shown == Shown::Copy && into <= c.orig_len {
            (c.orig + into) as usize
        } else if into >= c.norm_len {
            (c.orig + c.orig_len) as usize
        } else {
            c.orig as usize
        }
    }

    fn map_end(&self, end: usize) -> usize {
        let c = &self.chunks[self.chunk_index(end - 1)];
        let into = end as u32 - c.norm;
        if c.shown == Shown::Copy {
            (c.orig + into.min(c.orig_len)) as usize
        } else {
            (c.orig + c.orig_len) as usize
        }
    }

    /// The text of a normalised range as a reader sees it: decoded, white space collapsed,
    /// quotes and dashes as written.
    pub fn shown(&self, source: &str, start: usize, end: usize) -> String {
        let mut out = String::new();
        if start >= end || self.chunks.is_empty() {
            return out;
        }
        let mut i = self.chunk_index(start);
        while let Some(c) = self.chunks.get(i) {
            let c_start = c.norm as usize;
            let c_end = c_start + c.norm_len as usize;
            if c_start >= end {
                break;
            }
            if c_end > start {
                match &c.shown {
                    Shown::Copy => {
                        let a = start.max(c_start) - c_start + c.orig as usize;
                        let b = end.min(c_end) - c_start + c.orig as usize;
                        out.push_str(source.get(a..b).unwrap_or_default());
                    }
                    Shown::Original => {
                        let r = c.orig as usize..(c.orig + c.orig_len) as usize;
                        out.push_str(source.get(r).unwrap_or_default());
                    }
                    Shown::Normalised => out.push_str(
                        self.text
                            .get(start.max(c_start)..end.min(c_end))
                            .unwrap_or(&self.text[c_start..c_end]),
                    ),
                    Shown::Decoded(ch) => out.push(*ch),
                }
            }
            i += 1;
        }
        out
    }

    /// Index of the block that contains a position of the normalised text.
    pub fn block_at(&self, pos: usize) -> Option<usize> {
        let i = self
            .blocks
            .partition_point(|b| b.start <= pos)
            .checked_sub(1)?;
        (pos <= self.blocks[i].end).then_some(i)
    }

    /// The text of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.start..block.end]
    }

    /// The blocks of the section that contains block `index`: from the nearest heading at or
    /// before it to the next heading of the same or a higher level (or the end). Blocks before
    /// the first heading form a section of their own.
    pub fn section_blocks(&self, index: usize) -> std::ops::Range<usize> {
        let level = |b: &Block| match b.kind {
            BlockKind::Heading(l) => Some(l),
            _ => None,
        };
        let start = self.blocks[..=index.min(self.blocks.len().saturating_sub(1))]
            .iter()
            .rposition(|b| level(b).is_some());
        let Some(start) = start else {
            let end = self
                .blocks
                .iter()
                .position(|b| level(b).is_some())
                .unwrap_or(self.blocks.len());
            return 0..end;
        };
        let top = level(&self.blocks[start]).unwrap_or(1);
        let end = self.blocks[start + 1..]
            .iter()
            .position(|b| level(b).is_some_and(|l| l <= top))
            .map_or(self.blocks.len(), |i| start + 1 + i);
        start..end.min(self.shared_block(start).unwrap_or(end))
    }

    /// Index of the first block of shared text after block `index`, if any: shared text is a
    /// section of its own.
    fn shared_block(&self, index: usize) -> Option<usize> {
        let from = self.shared_from?;
        let first = self.blocks.partition_point(|b| b.start < from);
        (first > index).then_some(first)
    }

    /// Whether a position of the normalised text lies in shared text, which belongs to another
    /// file.
    pub fn is_shared(&self, pos: usize) -> bool {
        self.shared_from.is_some_and(|s| pos >= s)
    }

    /// Append the prose of a shared file (`other`, read from `other_source`) after this
    /// document's own. Its blocks, markers and words count like the document's, but it maps to
    /// no bytes of this document: every finding inside it must be dropped (see
    /// [`Prose::is_shared`]).
    pub fn append_shared(&mut self, other: &Prose, other_source: &str) {
        let base = self.text.len();
        self.shared_from.get_or_insert(base);
        self.text.push_str(&other.text);
        self.blocks.extend(other.blocks.iter().map(|b| Block {
            start: b.start + base,
            end: b.end + base,
            ..b.clone()
        }));
        self.markers.extend(other.markers.iter().map(|m| Marker {
            at: m.at + base,
            kind: m.kind.clone(),
        }));
        // Shown as its own text: nothing of it may be read from this document's source.
        let at = self.chunks.last().map_or(0, |c| c.orig + c.orig_len);
        for c in &other.chunks {
            let shown = match &c.shown {
                Shown::Decoded(ch) => Shown::Decoded(*ch),
                Shown::Original => other_source
                    .get(c.orig as usize..(c.orig + c.orig_len) as usize)
                    .and_then(|t| t.chars().next())
                    .map_or(Shown::Normalised, Shown::Decoded),
                Shown::Copy | Shown::Normalised => Shown::Normalised,
            };
            self.chunks.push(Chunk {
                norm: c.norm + base as u32,
                orig: at,
                norm_len: c.norm_len,
                orig_len: 0,
                shown,
            });
        }
    }

    /// Mark the blocks of reference sections ("References", "Bibliography", "Sources"): from
    /// such a heading to the next heading of the same or a higher level; from such a line in
    /// plain text to the end.
    fn mark_reference_sections(&mut self) {
        const TITLES: &[&str] = &[
            "references",
            "reference",
            "reference list",
            "bibliography",
            "sources",
            "source",
            "citations",
            "works cited",
            "literature cited",
            "notes",
            "footnotes",
            "endnotes",
            "further reading",
            "selected references",
            "references and notes",
        ];
        // Lower case takes at least a third of the bytes (`\u{212a}` becomes `k`): a longer
        // block is no title, and is not lower-cased to find out.
        const LONGEST: usize = {
            let (mut longest, mut i) = (0, 0);
            while i < TITLES.len() {
                if TITLES[i].len() > longest {
                    longest = TITLES[i].len();
                }
                i += 1;
            }
            3 * longest
        };
        for i in 0..self.blocks.len() {
            let title = self.text[self.blocks[i].start..self.blocks[i].end]
                .trim_matches(|c: char| !c.is_alphanumeric());
            if title.len() > LONGEST || !TITLES.contains(&title.to_lowercase().as_str()) {
                continue;
            }
            // A heading titles its section; a paragraph that is only the title (a bold line in
            // place of a heading) runs to the end. A list item or table cell that says
            // "References" is a table of contents entry, not a title.
            let range = match self.blocks[i].kind {
                BlockKind::Heading(_) => self.section_blocks(i),
                BlockKind::Paragraph => i..self.blocks.len(),
                _ => continue,
            };
            for b in &mut self.blocks[range] {
                b.reference = true;
            }
        }
    }

    /// Whether a position of the normalised text lies in a reference block.
    pub fn in_references(&self, pos: usize) -> bool {
        self.references_from.is_some_and(|r| pos >= r)
            || self.block_at(pos).is_some_and(|b| self.blocks[b].reference)
    }

    /// Find a reference list that runs on inside a paragraph, as plain text extracted from PDFs
    /// writes it: a sentence that starts with "References" and a capitalised source.
    pub fn mark_run_in_references(&mut self) {
        let mut from = None;
        for (i, _) in self.text.match_indices("References ") {
            let before = self.text[..i].trim_end();
            let starts_sentence = before.is_empty() || before.ends_with(['.', '\n', ':']);
            let next = self.text[i + "References ".len()..].chars().next();
            if starts_sentence && next.is_some_and(char::is_uppercase) {
                from = Some(i);
            }
        }
        if let Some(i) = from {
            self.references_from = Some(i);
        }
    }

    /// The normalised-text range covered by a range of blocks.
    pub fn blocks_range(&self, blocks: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match (
            self.blocks.get(blocks.start),
            blocks.end.checked_sub(1).and_then(|e| self.blocks.get(e)),
        ) {
            (Some(first), Some(last)) if blocks.start < blocks.end => first.start..last.end,
            _ => 0..0,
        }
    }
}

/// What a character becomes in normalised text.
enum Norm {
    Keep,
    Space,
    Drop,
    To(char),
    ToStr(&'static str),
}

fn normalise_char(c: char) -> Norm {
    match c {
        ' ' => Norm::Space,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}'
        | '\u{ff07}' => Norm::To('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ff02}' => {
            Norm::To('"')
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => {
            Norm::To('-')
        }
        '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => Norm::Drop,
        '\u{2026}' => Norm::ToStr("..."),
        c if c.is_whitespace() || c.is_control() => Norm::Space,
        _ => Norm::Keep,
    }
}

/// Normalise a phrase the way prose is normalised: characters mapped, white space collapsed
/// and trimmed.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    normalise_into(&mut out, s, &mut space);
    out
}

/// Append `s` to `out`, normalised as [`normalise`] does. `space` carries a pending space from
/// one call to the next (white space at the end of a piece is written only if more text
/// follows), so pieces appended one after another read as one normalised text.
pub fn normalise_into(out: &mut String, s: &str, space: &mut bool) {
    let mut rest = s;
    while !rest.is_empty() {
        // Runs of printable ASCII, the bulk of most text, are copied as they are.
        let plain = rest
            .bytes()
            .position(|b| b <= b' ' || b >= 0x7f)
            .unwrap_or(rest.len());
        if plain > 0 {
            if std::mem::take(space) {
                out.push(' ');
            }
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        let norm = normalise_char(c);
        if matches!(norm, Norm::Space) {
            *space = !out.is_empty() && !out.ends_with('\n');
            continue;
        }
        if matches!(norm, Norm::Drop) {
            continue;
        }
        if std::mem::take(space) {
            out.push(' ');
        }
        push_norm(out, c, norm);
    }
}

/// Printable ASCII but `]`: copied as it is by [`ProseBuilder::push_source`] (a lower-case
/// letter right after `[x]` needs `unbracket_tail`).
const SOURCE_RUN: RunBytes<1> = RunBytes::but([b']']);

/// Map quote, dash and invisible characters the way prose is normalised, leaving white space
/// alone (for regular expressions in rule files, where spacing is syntax).
pub fn normalise_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match normalise_char(c) {
            Norm::Space | Norm::Keep => out.push(c),
            norm => push_norm(&mut out, c, norm),
        }
    }
    out
}

fn push_norm(out: &mut String, c: char, norm: Norm) {
    match norm {
        Norm::Keep | Norm::Space => out.push(c),
        Norm::Drop => {}
        Norm::To(n) => out.push(n),
        Norm::ToStr(s) => out.push_str(s),
    }
}

/// Builds [`Prose`] from pieces of text and the original ranges they came from.
#[derive(Debug, Default)]
pub struct ProseBuilder {
    prose: Prose,
    /// Whether the blocks being read are references (a footnote definition).
    reference: bool,
    block: Option<(usize, BlockKind, bool)>,
    /// Original position and length of pending white space, emitted before the next character,
    /// and whether it was one plain space (which maps byte for byte).
    pending_space: Option<(usize, usize, bool)>,
}

impl ProseBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder for prose read from `bytes` of text: room for as much, so that the
    /// text is not copied as it grows.
    pub fn for_source(bytes: usize) -> Self {
        let mut b = Self::default();
        b.prose.text.reserve(bytes);
        b
    }

    /// Start a block of the given kind, ending any open one.
    pub fn start_block(&mut self, kind: BlockKind, quoted: bool) {
        self.end_block();
        self.block = Some((self.prose.text.len(), kind, quoted));
    }

    /// Mark the blocks that follow as references (or not).
    pub fn set_reference(&mut self, reference: bool) {
        self.reference = reference;
    }

    /// Whether a block is open.
    pub fn in_block(&self) -> bool {
        self.block.is_some()
    }

    /// End the open block, if any. Empty blocks are dropped.
    pub fn end_block(&mut self) {
        self.pending_space = None;
        if let Some((start, kind, quoted)) = self.block.take() {
            let end = self.prose.text.len();
            if end > start {
                self.prose.blocks.push(Block {
                    start,
                    end,
                    kind,
                    quoted,
                    reference: self.reference,
                });
                self.prose.text.push('\n');
            }
        }
    }

    fn ensure_block(&mut self) {
        if self.block.is_none() {
            self.block = Some((self.prose.text.len(), BlockKind::Paragraph, false));
        }
    }

    fn block_is_empty(&self) -> bool {
        self.block
            .is_none_or(|(start, _, _)| self.prose.text.len() == start)
    }

    /// White space between words (a soft or hard line break, or markup that separates words).
    pub fn push_space(&mut self, orig: usize, len: usize) {
        self.space(orig, len, false);
    }

    fn space(&mut self, orig: usize, len: usize, plain: bool) {
        if let Some(pending) = &mut self.pending_space {
            pending.2 = false;
        } else if !self.block_is_empty() {
            self.pending_space = Some((orig, len, plain));
        }
    }

    fn flush_space(&mut self) {
        if let Some((orig, len, plain)) = self.pending_space.take() {
            let shown = if plain {
                Shown::Copy
            } else {
                Shown::Normalised
            };
            self.push_chunk(" ", orig, len, shown);
        }
    }

    /// Text that appears in the original file exactly as given, starting at byte `orig`.
    pub fn push_source(&mut self, text: &str, orig: usize) {
        self.ensure_block();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Fast path: a run of printable ASCII, single spaces between words included, is
            // kept as it is, in one piece. (`]` ends a run: a lower-case letter right after
            // `[x]` needs `unbracket_tail`.)
            if SOURCE_RUN.is_plain(bytes[i]) {
                let run = plain_run(bytes, i, &SOURCE_RUN);
                self.flush_space();
                if bytes[i].is_ascii_lowercase() {
                    self.unbracket_tail();
                }
                self.push_chunk(&text[i..run], orig + i, run - i, Shown::Copy);
                i = run;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let at = orig + i;
            i += c.len_utf8();
            match normalise_char(c) {
                Norm::Keep => {
                    self.flush_space();
                    if c.is_lowercase() {
                        self.unbracket_tail();
                    }
                    let mut buf = [0; 4];
                    self.push_chunk(c.encode_utf8(&mut buf), at, c.len_utf8(), Shown::Copy);
                }
                Norm::Space => self.space(at, c.len_utf8(), c == ' '),
                Norm::Drop => {}
                Norm::To(n) => {
                    self.flush_space();
                    let mut buf = [0; 4];
                    self.push_chunk(n.encode_utf8(&mut buf), at, c.len_utf8(), Shown::Original);
                }
                Norm::ToStr(s) => {
                    self.flush_space();
                    self.push_chunk(s, at, c.len_utf8(), Shown::Original);
                }
            }
        }
    }

    /// Decoded text (an entity or escape) that stands for the original bytes `orig`.
    pub fn push_decoded(&mut self, text: &str, orig: ByteRange) {
        self.ensure_block();
        for c in text.chars() {
            let (start, len) = (orig.start, orig.len());
            match normalise_char(c) {
                Norm::Space => self.push_space(start, len),
                Norm::Drop => {}
                Norm::Keep => {
                    self.flush_space();
                    let mut buf = [0; 4];
                    self.push_chunk(c.encode_utf8(&mut buf), start, len, Shown::Decoded(c));
                }
                Norm::To(n) => {
                    self.flush_space();
                    let mut buf = [0; 4];
                    self.push_chunk(n.encode_utf8(&mut buf), start, len, Shown::Decoded(c));
                }
                Norm::ToStr(s) => {
                    self.flush_space();
                    self.push_chunk(s, start, len, Shown::Decoded(c));
                }
            }
        }
    }

    /// Text as the reader decodes it from `orig`: copied when it is the original text, decoded
    /// otherwise.
    pub fn push_text(&mut self, source: &str, text: &str, orig: ByteRange) {
        if source.get(orig.as_range()) == Some(text) {
            self.push_source(text, orig.start);
        } else {
            self.push_decoded(text, orig);
        }
    }

    /// Something inside a block that is not prose (inline code): it keeps words apart.
    pub fn push_opaque(&mut self, orig: ByteRange) {
        self.ensure_block();
        self.flush_space();
        let mut buf = [0; 4];
        self.push_chunk(
            OPAQUE.encode_utf8(&mut buf),
            orig.start,
            orig.len(),
            Shown::Original,
        );
    }

    /// Record a structural citation marker at the current position.
    pub fn push_marker(&mut self, kind: MarkerKind) {
        self.prose.markers.push(Marker {
            at: self.prose.text.len(),
            kind,
        });
    }

    /// An editor's bracketed letter at the start of a word in a quotation ("[A]lleviates",
    /// "[C]onquers") reads as the plain word: drop the brackets before the word goes on.
    fn unbracket_tail(&mut self) {
        let block_start = self.block.map_or(usize::MAX, |(s, _, _)| s);
        let text = self.prose.text.as_bytes();
        let n = text.len();
        let bracketed = n >= 3
            && n - 3 >= block_start
            && text[n - 1] == b']'
            && text[n - 3] == b'['
            && text[n - 2].is_ascii_alphabetic()
            && (n == 3 || !text[n - 4].is_ascii_alphanumeric());
        if !bracketed {
            return;
        }
        let letter = text[n - 2] as char;
        let cut = (n - 3) as u32;
        let mut letter_orig = None;
        while let Some(last) = self.prose.chunks.last_mut() {
            let end = last.norm + last.norm_len;
            if end <= cut {
                break;
            }
            if last.shown == Shown::Copy && (last.norm..end).contains(&(cut + 1)) {
                letter_orig.get_or_insert(last.orig + (cut + 1 - last.norm));
            }
            if last.norm >= cut {
                self.prose.chunks.pop();
            } else {
                let keep = cut - last.norm;
                last.norm_len = keep;
                last.orig_len = keep;
            }
        }
        self.prose.text.truncate(cut as usize);
        if let Some(orig) = letter_orig {
            let mut buf = [0; 4];
            self.push_chunk(letter.encode_utf8(&mut buf), orig as usize, 1, Shown::Copy);
        }
    }

    fn push_chunk(&mut self, text: &str, orig: usize, orig_len: usize, shown: Shown) {
        let norm = self.prose.text.len();
        if shown == Shown::Copy
            && let Some(last) = self.prose.chunks.last_mut()
            && last.shown == Shown::Copy
            && (last.norm + last.norm_len) as usize == norm
            && (last.orig + last.orig_len) as usize == orig
        {
            last.norm_len += text.len() as u32;
            last.orig_len += orig_len as u32;
            self.prose.text.push_str(text);
            return;
        }
        self.prose.chunks.push(Chunk {
            norm: norm as u32,
            orig: orig as u32,
            norm_len: text.len() as u32,
            orig_len: orig_len as u32,
            shown,
        });
        self.prose.text.push_str(text);
    }

    /// Finish: close the open block, mark reference sections, and return the prose.
    /// Record a comment of the original text.
    pub fn push_comment(&mut self, range: ByteRange) {
        if self
            .prose
            .comments
            .last()
            .is_none_or(|c| c.end <= range.start)
        {
            self.prose.comments.push(range);
        }
    }

    /// Append prose that another reader read from the same source (a template of a component,
    /// a script of a page): its blocks follow those read so far.
    pub fn append(&mut self, other: Prose) {
        self.end_block();
        let base = self.prose.text.len();
        self.prose.text.push_str(&other.text);
        self.prose
            .blocks
            .extend(other.blocks.into_iter().map(|b| Block {
                start: b.start + base,
                end: b.end + base,
                ..b
            }));
        self.prose
            .markers
            .extend(other.markers.into_iter().map(|m| Marker {
                at: m.at + base,
                kind: m.kind,
            }));
        self.prose
            .chunks
            .extend(other.chunks.into_iter().map(|c| Chunk {
                norm: c.norm + base as u32,
                ..c
            }));
        self.prose.comments.extend(other.comments);
        self.prose.comments.sort_by_key(|c| (c.start, c.end));
        self.prose.comments.dedup();
    }

    /// Append prose that a reader read from `decoded`, text decoded from `source` (a string
    /// literal with its escapes undone), mapping every piece back to the bytes of `source` it
    /// stands for.
    pub fn append_decoded(&mut self, other: &Prose, decoded: &str, map: &DecodeMap, source: &str) {
        self.end_block();
        let mut markers = other.markers.iter().peekable();
        for block in &other.blocks {
            self.set_reference(block.reference);
            self.start_block(block.kind, block.quoted);
            let first = other
                .chunks
                .partition_point(|c| (c.norm as usize) < block.start);
            for c in other.chunks[first..]
                .iter()
                .take_while(|c| (c.norm as usize) < block.end)
            {
                while let Some(m) = markers.next_if(|m| m.at <= c.norm as usize) {
                    self.push_marker(m.kind.clone());
                }
                let norm = &other.text[c.norm as usize..(c.norm + c.norm_len) as usize];
                let orig = c.orig as usize..(c.orig + c.orig_len) as usize;
                let raw = map.raw_range(orig.clone());
                match &c.shown {
                    _ if norm == OPAQUE.to_string() => self.push_opaque(raw),
                    Shown::Copy => {
                        for (part, copied) in map.parts(orig) {
                            let text = decoded.get(part.clone()).unwrap_or_default();
                            match copied {
                                Some(at) if source.get(at..at + text.len()) == Some(text) => {
                                    self.push_source(text, at)
                                }
                                _ => self.push_decoded(text, map.raw_range(part)),
                            }
                        }
                    }
                    Shown::Normalised => self.push_space(raw.start, raw.len()),
                    Shown::Original => {
                        self.push_decoded(decoded.get(orig).unwrap_or_default(), raw)
                    }
                    Shown::Decoded(ch) => self.push_decoded(ch.encode_utf8(&mut [0; 4]), raw),
                }
            }
            while let Some(m) = markers.next_if(|m| m.at <= block.end) {
                self.push_marker(m.kind.clone());
            }
            self.end_block();
        }
        self.set_reference(false);
    }

    /// The prose read.
    pub fn finish(mut self) -> Prose {
        self.end_block();
        self.prose.mark_reference_sections();
        self.prose
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(source: &str, pieces: &[(usize, usize)]) -> Prose {
        let mut b = ProseBuilder::new();
        b.start_block(BlockKind::Paragraph, false);
        for &(s, e) in pieces {
            b.push_source(&source[s..e], s);
        }
        b.finish()
    }

    #[test]
    fn white_space_runs_and_line_breaks_collapse() {
        let src = "  clinically\r\n   proven  ";
        let p = build(src, &[(0, src.len())]);
        assert_eq!(p.text, "clinically proven\n");
        let r = p.to_source(0, 17);
        assert_eq!(&src[r.as_range()], "clinically\r\n   proven");
        assert_eq!(p.shown(src, 0, 17), "clinically proven");
    }

    #[test]
    fn curly_quotes_and_dashes_normalise_with_offsets() {
        let src = "Alzheimer\u{2019}s \u{2014} pain\u{2011}free\u{a0}now";
        let p = build(src, &[(0, src.len())]);
        assert_eq!(p.text, "Alzheimer's - pain-free now\n");
        let start = p.text.find("pain").unwrap();
        let r = p.to_source(start, start + 9);
        assert_eq!(&src[r.as_range()], "pain\u{2011}free");
        assert_eq!(p.shown(src, 0, 11), "Alzheimer\u{2019}s");
        let r = p.to_source(0, 11);
        assert_eq!(&src[r.as_range()], "Alzheimer\u{2019}s");
    }

    #[test]
    fn decoded_entities_map_to_the_whole_reference() {
        let src = "A &amp; B";
        let mut b = ProseBuilder::new();
        b.push_source("A ", 0);
        b.push_decoded("&", ByteRange::new(2, 7));
        b.push_source(" B", 7);
        let p = b.finish();
        assert_eq!(p.text, "A & B\n");
        assert_eq!(p.to_source(2, 3), ByteRange::new(2, 7));
        assert_eq!(p.to_source(0, 5), ByteRange::new(0, 9));
        assert_eq!(p.shown(src, 0, 5), "A & B");
    }

    #[test]
    fn blocks_are_separated_and_empty_blocks_dropped() {
        let mut b = ProseBuilder::new();
        b.start_block(BlockKind::Heading(1), false);
        b.push_source("Title", 0);
        b.start_block(BlockKind::Paragraph, false);
        b.push_space(6, 1);
        b.start_block(BlockKind::ListItem, false);
        b.push_source("item", 10);
        let p = b.finish();
        assert_eq!(p.text, "Title\nitem\n");
        assert_eq!(p.blocks.len(), 2);
        assert_eq!(p.blocks[1].kind, BlockKind::ListItem);
        assert_eq!(p.block_at(7), Some(1));
    }

    #[test]
    fn sections_run_to_the_next_heading_of_the_same_or_higher_level() {
        let mut b = ProseBuilder::new();
        let mut at = 0;
        for (kind, text) in [
            (BlockKind::Paragraph, "intro"),
            (BlockKind::Heading(2), "A"),
            (BlockKind::Paragraph, "a text"),
            (BlockKind::Heading(3), "A1"),
            (BlockKind::Paragraph, "a1 text"),
            (BlockKind::Heading(2), "B"),
            (BlockKind::Paragraph, "b text"),
        ] {
            b.start_block(kind, false);
            b.push_source(text, at);
            at += text.len() + 1;
        }
        let p = b.finish();
        assert_eq!(p.section_blocks(0), 0..1);
        assert_eq!(p.section_blocks(2), 1..5);
        assert_eq!(p.section_blocks(4), 3..5);
        assert_eq!(p.section_blocks(6), 5..7);
        assert_eq!(&p.text[p.blocks_range(3..5)], "A1\na1 text");
    }

    #[test]
    fn bracketed_letters_of_quoted_words_are_dropped() {
        let src = "[A]lleviates BPH and [C]onquers it; see [1] and [a] b.";
        let p = build(src, &[(0, src.len())]);
        assert_eq!(
            p.text,
            "Alleviates BPH and Conquers it; see [1] and [a] b.\n"
        );
        let s = p.text.find("Conquers").unwrap();
        let r = p.to_source(s, s + 8);
        assert_eq!(&src[r.as_range()], "C]onquers");
        assert_eq!(p.to_source(0, 10), ByteRange::new(1, 12));
    }

    #[test]
    fn normalise_matches_prose_normalisation() {
        assert_eq!(
            normalise("say goodbye\u{a0}to  \u{201c}pain\u{201d}"),
            "say goodbye to \"pain\""
        );
    }
}
