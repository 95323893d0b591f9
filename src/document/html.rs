//! HTML through the `html5gum` tokenizer, which follows the WHATWG tokenization rules (raw text
//! in scripts and styles, character references, CRLF, malformed markup).
//!
//! Prose is the text of the body, or of the whole document when it has no `<body>`, plus the
//! `alt` and `title` attributes, each a caption block of its own. Scripts, styles, code, `pre`,
//! `noscript`, SVG, MathML, templates, form fields, the head and comments are not prose. Block
//! elements (paragraphs, headings, list items, table cells, divisions, sections...) end blocks, so
//! no sentence runs across them; inline elements (`a`, `em`, `strong`, `span`...) do not, and a
//! `<br>` is a space. A link to another document is a citation marker, as is a reference number
//! in `<sup>`. Comments are recorded, so suppression directives work as in Markdown.
//!
//! Offsets: the tokenizer reports where each run of text starts and ends, and each call that adds
//! characters to it is recorded with the position of the input at that moment. A run whose bytes
//! are the original's (newlines normalised) is copied; one that is not is a decoded character
//! reference, pushed as decoded text standing for exactly its raw bytes (`&rsquo;`, `&#8217;`).
//! Should a run not line up with the input, the whole text falls back to one decoded piece over
//! its whole range: coarser, never wrong.
//!
//! Inside SVG and MathML (a page's icons and sprites are often a third of its bytes), the
//! tokenizer is moved past start tags, read here as it would read them, straight to the next
//! markup it must read: an end tag, a comment, a script. Elsewhere, a start tag none of whose
//! attribute values is needed (prose in `alt`, `title` and the attributes a dialect copies, a
//! link's `href`) has its attributes jumped over: classes, styles and data make up another
//! third.

use crate::prose::{BlockKind, MarkerKind, Prose, ProseBuilder};
use crate::span::ByteRange;
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Readable, Span, StringReader, Tokenizer};
use std::cell::{Cell, RefCell};
use std::convert::Infallible;

/// Extract the prose of HTML text starting at byte `start`.
pub fn extract(source: &str, start: usize) -> Prose {
    extract_range(source, start..source.len(), &Dialect::default())
}

/// How markup embedded in other files differs from an HTML page.
#[derive(Clone, Debug, Default)]
pub struct Dialect<'d> {
    /// `<template>` holds content (Vue slots and conditionals), not an inert fragment.
    pub template_is_content: bool,
    /// Attributes whose values are prose, besides `alt` and `title`.
    pub copy_attributes: &'d [String],
}

impl Dialect<'_> {
    /// Whether an attribute's value is prose (`name` in any case).
    fn is_copy_attribute(&self, name: &[u8]) -> bool {
        name.eq_ignore_ascii_case(b"alt")
            || name.eq_ignore_ascii_case(b"title")
            || self
                .copy_attributes
                .iter()
                .any(|a| a.as_bytes().eq_ignore_ascii_case(name))
    }

    /// Whether the reader needs an attribute's value (`name` in any case): prose, or a link.
    fn reads_attribute(&self, name: &[u8]) -> bool {
        name.eq_ignore_ascii_case(b"href") || self.is_copy_attribute(name)
    }
}

/// Extract the prose of the HTML in `range` of `source` (a component's template, a string of
/// markup); positions are those of `source`.
pub fn extract_range(source: &str, range: std::ops::Range<usize>, dialect: &Dialect<'_>) -> Prose {
    let end = if source.is_char_boundary(range.end) {
        range.end.min(source.len())
    } else {
        source.len()
    };
    let start = if source.is_char_boundary(range.start) {
        range.start.min(end)
    } else {
        0
    };
    read(source, start..end, dialect, Jumps::ALL).0
}

/// What the tokenizer is moved past (see [`read`]).
#[derive(Clone, Copy, Debug)]
struct Jumps {
    /// The content of the elements of [`PASSED_OVER`].
    drawings: bool,
    /// The attributes of a start tag none of whose values the reader needs.
    attributes: bool,
}

impl Jumps {
    const ALL: Self = Self {
        drawings: true,
        attributes: true,
    };
}

/// Read the HTML in `range` of `source` (char boundaries), jumping over the content of the
/// elements of [`PASSED_OVER`] and over attributes whose values are not needed, as `jumps`
/// says. Returns the prose and how many bytes were jumped over.
fn read(
    source: &str,
    range: std::ops::Range<usize>,
    dialect: &Dialect<'_>,
    jumps: Jumps,
) -> (Prose, usize) {
    let input = &source[range.clone()];
    let log = RefCell::new(Log::default());
    let jump = Jump::default();
    let mut reader = Reader::new(source, range.start);
    reader.dialect = dialect.clone();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        let passing = reader.event(event, span, &log);
        if jumps.drawings
            && let Some(name) = passing
            && let Some(to) = next_read(input, span.end, name)
            && to > span.end
        {
            jump.from.set(span.end);
            jump.to.set(to);
        }
        None::<Infallible>
    });
    emitter.naively_switch_states(true);
    let tracker = Tracker {
        inner: emitter,
        pos: 0,
        log: &log,
        jump: &jump,
        attributes: jumps.attributes.then_some(AttributeJumps {
            input: input.as_bytes(),
            dialect,
            fresh: false,
        }),
    };
    let input = Input {
        text: input,
        reader: input.to_reader(),
        jump: &jump,
    };
    let Ok(()) = Tokenizer::new_with_emitter(input, tracker).finish();
    (reader.finish(), jump.total.get())
}

/// Elements whose content is not prose and is mostly markup (an SVG drawing's paths): inside
/// one, the tokenizer is moved straight to the next markup it must read (see [`next_read`]).
const PASSED_OVER: &[&str] = &["svg", "math"];

/// Where, from `from` on in the content of the element `name`, the tokenizer must read again:
/// at any end tag (it may close the element, or an element around it), comment or other `<!`
/// markup (a suppression directive must be read), element of the same name, block quote
/// (counted even where nothing is prose), or element that changes how the tokenizer reads (a
/// script, a `<title>`'s raw text). Other start tags are passed over as the tokenizer reads
/// them, quoted attribute values included. `None` when nothing is left to read there.
fn next_read(input: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = input.as_bytes();
    let mut at = from;
    loop {
        let lt = at + memchr::memchr(b'<', bytes.get(at..)?)?;
        let rest = &bytes[lt + 1..];
        match rest.first() {
            Some(b'/' | b'!' | b'?') => return Some(lt),
            Some(b) if b.is_ascii_alphabetic() => {}
            // Text.
            _ => {
                at = lt + 1;
                continue;
            }
        }
        let mut buf = [0u8; 10];
        if tag_named(rest, name.as_bytes())
            || tag_named(rest, b"blockquote")
            || tag_name(rest, &mut buf).is_some_and(|t| html5gum::naive_next_state(t).is_some())
        {
            return Some(lt);
        }
        let name_end = rest
            .iter()
            .position(|&b| is_space(b) || b == b'/' || b == b'>')?;
        at = tag_end(bytes, lt + 1 + name_end)?;
    }
}

/// White space between attributes.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Where the start tag whose name ends at `from` ends (after its `>`), its attributes read as
/// the tokenizer reads them (see [`scan_tag`]). `None` when it does not end.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    scan_tag(bytes, from, |_| {}).map(|end| end.gt + 1)
}

/// The end of a start tag: where its `>` is, and whether a `/` right before it makes the tag
/// self-closing (not one that ends an unquoted value, `href=a/>`).
struct TagEnd {
    gt: usize,
    self_closing: bool,
}

/// Read the rest of a start tag from `from` (after its name, or where an attribute's name may
/// start) as the tokenizer reads it, handing `each_name` the name of each attribute: a quoted
/// value may hold `<` and `>`, a name starts with any character. `None` when the tag does not
/// end.
fn scan_tag(bytes: &[u8], from: usize, mut each_name: impl FnMut(&[u8])) -> Option<TagEnd> {
    let mut i = from;
    // Where a `/` was last passed over between attributes.
    let mut slash = None;
    loop {
        // Before a name: white space and `/` are passed over.
        match *bytes.get(i)? {
            b'>' => {
                return Some(TagEnd {
                    gt: i,
                    self_closing: slash.is_some_and(|s| s + 1 == i),
                });
            }
            b'/' => {
                slash = Some(i);
                i += 1;
                continue;
            }
            b if is_space(b) => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let name_start = i;
        i += 1;
        while bytes
            .get(i)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'/' | b'>' | b'='))
        {
            i += 1;
        }
        each_name(&bytes[name_start..i]);
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        match *bytes.get(i)? {
            quote @ (b'"' | b'\'') => {
                i += 2 + memchr::memchr(quote, bytes.get(i + 1..)?)?;
            }
            b'>' => {
                return Some(TagEnd {
                    gt: i,
                    self_closing: false,
                });
            }
            _ => {
                while bytes.get(i).is_some_and(|&b| !is_space(b) && b != b'>') {
                    i += 1;
                }
            }
        }
    }
}

/// The name of the tag `bytes` start with, in lower case, when it is short enough to be one
/// that changes how the tokenizer reads (`script`, `title`).
fn tag_name<'b>(bytes: &[u8], buf: &'b mut [u8; 10]) -> Option<&'b [u8]> {
    let len = bytes
        .iter()
        .take(buf.len())
        .position(|&b| !b.is_ascii_alphabetic())?;
    let name = &mut buf[..len];
    name.copy_from_slice(&bytes[..len]);
    name.make_ascii_lowercase();
    tag_named(bytes, name).then_some(name)
}

/// Whether `bytes` start with the tag name `name` (ASCII letters in either case), followed by
/// what ends a tag name.
fn tag_named(bytes: &[u8], name: &[u8]) -> bool {
    bytes.len() > name.len()
        && bytes[..name.len()].eq_ignore_ascii_case(name)
        && (is_space(bytes[name.len()]) || matches!(bytes[name.len()], b'/' | b'>'))
}

/// A jump the reader asked for, from where to where in the input (`to` is 0 when none is), and
/// the bytes jumped over that the emitter has yet to count. Asked for and counted from
/// different places (the reader's callback, the input, the emitter), read at every step.
#[derive(Debug, Default)]
struct Jump {
    from: Cell<usize>,
    to: Cell<usize>,
    skipped: Cell<usize>,
    /// All the bytes jumped over.
    total: Cell<usize>,
}

/// The input, read as html5gum reads a string, except that it makes the jumps asked for.
struct Input<'a> {
    text: &'a str,
    reader: StringReader<'a>,
    jump: &'a Jump,
}

impl Input<'_> {
    #[inline(always)]
    fn make_jump(&mut self) {
        if self.jump.to.get() != 0 {
            self.jump_now();
        }
    }

    #[cold]
    fn jump_now(&mut self) {
        let (from, to) = (self.jump.from.get(), self.jump.to.replace(0));
        if let Some(rest) = self.text.get(to..) {
            self.reader = rest.to_reader();
            let jumped = to.saturating_sub(from);
            self.jump.skipped.set(self.jump.skipped.get() + jumped);
            self.jump.total.set(self.jump.total.get() + jumped);
        }
    }
}

impl html5gum::Reader for Input<'_> {
    type Error = Infallible;

    #[inline(always)]
    fn read_byte(&mut self) -> Result<Option<u8>, Infallible> {
        self.make_jump();
        self.reader.read_byte()
    }

    #[inline(always)]
    fn try_read_string(&mut self, s: &[u8], case_sensitive: bool) -> Result<bool, Infallible> {
        self.make_jump();
        self.reader.try_read_string(s, case_sensitive)
    }

    #[inline(always)]
    fn read_until<'b>(
        &'b mut self,
        needle: &[u8],
        char_buf: &'b mut [u8; 4],
    ) -> Result<Option<&'b [u8]>, Infallible> {
        self.make_jump();
        self.reader.read_until(needle, char_buf)
    }
}

/// A character reference (`&minus;`) decoded as the HTML tokenizer decodes it; `None` when it
/// is not one.
pub fn decode_reference(reference: &str) -> Option<String> {
    use html5gum::Token;
    let mut out = String::new();
    for token in Tokenizer::new(reference) {
        if let Ok(Token::String(s)) = token {
            out.push_str(&String::from_utf8_lossy(&s.value));
        }
    }
    (out != reference && !out.is_empty()).then_some(out)
}

/// Elements whose content is not prose.
const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "code",
    "pre",
    "kbd",
    "samp",
    "head",
    "title",
    "textarea",
    "iframe",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "object",
    "canvas",
    "select",
    "datalist",
];

/// Skipped elements that sit inside running text: they separate the words around them.
const INLINE_CODE: &[&str] = &["code", "kbd", "samp"];

/// Elements that start and end blocks of prose.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "search",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements that separate the words around them without ending the block.
/// Sorted, for binary search.
const SEPARATORS: &[&str] = &[
    "audio", "br", "canvas", "embed", "iframe", "img", "input", "math", "meter", "object",
    "progress", "svg", "video",
];

/// A tag name as a number that sorts as the name does (its bytes, big-endian, padded with
/// zeros), so that lists of names are searched without comparing strings; `None` for a name
/// longer than any listed.
pub(crate) const fn name_key(name: &[u8]) -> Option<u128> {
    if name.len() > 16 {
        return None;
    }
    let mut bytes = [0; 16];
    let mut i = 0;
    while i < name.len() {
        bytes[i] = name[i];
        i += 1;
    }
    Some(u128::from_be_bytes(bytes))
}

/// The keys of a sorted list of names, in the same order.
const fn name_keys<const N: usize>(names: &[&str]) -> [u128; N] {
    let mut keys = [0; N];
    let mut i = 0;
    while i < N {
        keys[i] = match name_key(names[i].as_bytes()) {
            Some(key) => key,
            None => panic!("a listed tag name is longer than 16 bytes"),
        };
        assert!(
            i == 0 || keys[i - 1] < keys[i],
            "tag names are listed sorted"
        );
        i += 1;
    }
    keys
}

const BLOCK_KEYS: [u128; BLOCKS.len()] = name_keys(BLOCKS);
const SEPARATOR_KEYS: [u128; SEPARATORS.len()] = name_keys(SEPARATORS);
const INLINE_CODE_KEYS: [u128; INLINE_CODE.len()] = name_keys(INLINE_CODE);

/// Whether an element starts and ends a block of prose.
pub(crate) fn ends_block(name: &str) -> bool {
    name_key(name.as_bytes()).is_some_and(key_ends_block)
}

/// [`ends_block`] for a name's key (see [`name_key`]).
pub(crate) fn key_ends_block(key: u128) -> bool {
    BLOCK_KEYS.binary_search(&key).is_ok()
}

/// Whether an element that does not end a block separates the words around it in prose, by
/// the key of its name (see [`name_key`]).
pub(crate) fn key_separates_inline(key: u128) -> bool {
    SEPARATOR_KEYS.binary_search(&key).is_ok() || INLINE_CODE_KEYS.contains(&key)
}

/// Elements that have no content and no end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content the tokenizer reads as raw text: even written `<x/>`, they stay open.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "iframe",
    "xmp",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements that may stand in the head; any other start tag there begins the body.
const HEAD_CONTENT: &[&str] = &[
    "base", "basefont", "bgsound", "link", "meta", "title", "style", "script", "noscript",
    "template", "head",
];

/// What the tokenizer produced for one run of characters, with the input position after each
/// piece (positions are relative to the tokenized input).
#[derive(Debug, Default)]
struct PieceLog {
    /// End position in the input, and end of the piece's bytes in `bytes`.
    ends: Vec<(usize, usize)>,
    bytes: Vec<u8>,
}

impl PieceLog {
    fn push(&mut self, end: usize, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        self.ends.push((end, self.bytes.len()));
    }

    fn clear(&mut self) {
        self.ends.clear();
        self.bytes.clear();
    }

    fn iter(&self) -> impl Iterator<Item = (usize, &[u8])> {
        let mut from = 0;
        self.ends.iter().map(move |&(end, to)| {
            let bytes = self.bytes.get(from..to).unwrap_or_default();
            from = to;
            (end, bytes)
        })
    }
}

/// Pieces of text and of attribute values since the last event that consumed them.
#[derive(Debug, Default)]
struct Log {
    text: PieceLog,
    attr: PieceLog,
    /// Whether the value of the attribute being read is prose: only then are its pieces
    /// recorded (most values are class names, links and SVG paths).
    attr_wanted: bool,
}

/// An emitter that passes everything to the callback emitter, recording where in the input each
/// piece of text and of attribute values was produced.
struct Tracker<'l, E> {
    inner: E,
    pos: usize,
    log: &'l RefCell<Log>,
    jump: &'l Jump,
    /// Set when attributes are jumped over.
    attributes: Option<AttributeJumps<'l>>,
}

/// Jumping over the attributes of start tags whose attribute values the reader does not need
/// (most of a page's attributes are classes, styles and data): when the first attribute's
/// first character has been read, the input is moved to the tag's `>` (or to the `/` of a
/// self-closing `/>`), so that the tokenizer sees a tag with a one-letter attribute and no
/// value.
struct AttributeJumps<'l> {
    input: &'l [u8],
    dialect: &'l Dialect<'l>,
    /// A start tag has begun and none of its attributes has been read yet.
    fresh: bool,
}

impl AttributeJumps<'_> {
    /// Where to move the input when the first attribute of a start tag starts with the byte
    /// just read, before `at`; `None` when the reader needs one of its values.
    fn target(&self, at: usize) -> Option<usize> {
        let first = *self.input.get(at.checked_sub(1)?)?;
        if !first.is_ascii() || self.dialect.reads_attribute(&[first]) {
            return None;
        }
        let mut needed = false;
        let end = scan_tag(self.input, at - 1, |name| {
            needed |= self.dialect.reads_attribute(name);
        })?;
        if needed {
            return None;
        }
        Some(if end.self_closing { end.gt - 1 } else { end.gt })
    }
}

impl<E: Emitter<Token = Infallible>> ForwardingEmitter for Tracker<'_, E> {
    type Token = Infallible;

    fn inner(&mut self) -> &mut impl Emitter<Token = Infallible> {
        &mut self.inner
    }

    /// Parse errors are of no use here: the tokenizer then skips its character checks.
    fn should_emit_errors(&mut self) -> bool {
        false
    }

    /// Called after every read that takes input, before anything is emitted for what was
    /// read: bytes the input jumped over are counted here.
    fn move_position(&mut self, offset: isize) {
        if self.jump.skipped.get() > 0 {
            let skipped = self.jump.skipped.replace(0);
            self.pos += skipped;
            self.inner
                .move_position(isize::try_from(skipped).unwrap_or(isize::MAX));
        }
        self.pos = self.pos.saturating_add_signed(offset);
        self.inner.move_position(offset);
    }

    fn emit_string(&mut self, s: &[u8]) {
        self.log.borrow_mut().text.push(self.pos, s);
        self.inner.emit_string(s);
    }

    fn init_start_tag(&mut self) {
        if let Some(jumps) = &mut self.attributes {
            jumps.fresh = true;
        }
        self.inner.init_start_tag();
    }

    fn init_end_tag(&mut self) {
        if let Some(jumps) = &mut self.attributes {
            jumps.fresh = false;
        }
        self.inner.init_end_tag();
    }

    /// Called when an attribute's first character has been read.
    fn init_attribute(&mut self) {
        self.inner.init_attribute();
        if let Some(jumps) = &mut self.attributes
            && std::mem::take(&mut jumps.fresh)
            && let Some(to) = jumps.target(self.pos)
            && to > self.pos
        {
            self.jump.from.set(self.pos);
            self.jump.to.set(to);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        // First, so that the attribute's name has been seen (the event comes with its value).
        self.inner.push_attribute_value(s);
        let mut log = self.log.borrow_mut();
        if log.attr_wanted {
            log.attr.push(self.pos, s);
        }
    }
}

/// Text with the original bytes it stands for.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    /// The original bytes themselves.
    Source(ByteRange),
    /// Decoded text (a character reference) standing for the bytes.
    Decoded(String, ByteRange),
}

impl Piece {
    fn text<'a>(&'a self, source: &'a str) -> &'a str {
        match self {
            Self::Source(r) => source.get(r.as_range()).unwrap_or_default(),
            Self::Decoded(t, _) => t,
        }
    }
}

/// An open element.
#[derive(Debug)]
struct Open {
    name: Box<str>,
    /// Its content is not prose.
    skip: bool,
    /// A link to another document, opened inside prose: a citation marker where it ends.
    cites: bool,
    /// A `<sup>` whose text is being held back.
    sup: bool,
    /// A block quote.
    quote: bool,
    /// One of [`PASSED_OVER`].
    passed_over: bool,
}

/// The start tag being read.
#[derive(Debug, Default)]
struct StartTag {
    name: String,
    start: usize,
    attr: String,
    alt: Option<Vec<Piece>>,
    title: Option<Vec<Piece>>,
    /// Other attributes whose values are prose, in order.
    copy: Vec<(String, Vec<Piece>)>,
    href: Option<String>,
}

struct Reader<'s> {
    source: &'s str,
    /// Where the tokenized input starts in `source`.
    base: usize,
    b: ProseBuilder,
    stack: Vec<Open>,
    /// Open elements whose content is not prose.
    skip: usize,
    /// Open elements of [`PASSED_OVER`].
    passing: usize,
    quote: usize,
    in_block: bool,
    /// Alt and title texts waiting for the running block to end.
    captions: Vec<Vec<Piece>>,
    tag: Option<StartTag>,
    /// The last start tag, kept for its buffers.
    spare: StartTag,
    /// Text of the open `<sup>`, held until it is known whether it is a reference number.
    sup: Option<Vec<Piece>>,
    /// A link ended and no text followed yet: links side by side (a menu) are separate words.
    link_ended: bool,
    /// The name of the end tag being read (kept to save an allocation a tag).
    end_name: String,
    dialect: Dialect<'s>,
}

impl<'s> Reader<'s> {
    fn new(source: &'s str, base: usize) -> Self {
        Self {
            source,
            base,
            b: ProseBuilder::new(),
            stack: Vec::new(),
            skip: 0,
            passing: 0,
            quote: 0,
            in_block: false,
            captions: Vec::new(),
            tag: None,
            spare: StartTag::default(),
            sup: None,
            link_ended: false,
            end_name: String::new(),
            dialect: Dialect::default(),
        }
    }

    /// Whether the content of an element is not prose.
    fn skips(&self, name: &str) -> bool {
        SKIP.contains(&name) && !(name == "template" && self.dialect.template_is_content)
    }

    /// Whether an attribute's value is prose.
    fn is_copy_attribute(&self, name: &str) -> bool {
        self.dialect.is_copy_attribute(name.as_bytes())
    }

    fn finish(mut self) -> Prose {
        self.close_block();
        self.b.finish()
    }

    fn range(&self, span: Span<usize>) -> ByteRange {
        let len = self.source.len();
        let start = (self.base + span.start).min(len);
        let end = (self.base + span.end).clamp(start, len);
        ByteRange::new(start, end)
    }

    /// Take in one event of the tokenizer. After a tag or a comment, returns the innermost open
    /// element of [`PASSED_OVER`], if any: the rest of its content may be jumped over.
    fn event(
        &mut self,
        event: CallbackEvent<'_>,
        span: Span<usize>,
        log: &RefCell<Log>,
    ) -> Option<&'static str> {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                let mut log = log.borrow_mut();
                log.text.clear();
                log.attr.clear();
                // The last tag's buffers, emptied.
                let mut tag = std::mem::take(&mut self.spare);
                set_lowercase(&mut tag.name, name);
                tag.start = self.range(span).start;
                tag.attr.clear();
                tag.alt = None;
                tag.title = None;
                tag.copy.clear();
                tag.href = None;
                log.attr_wanted = self.is_copy_attribute(&tag.attr);
                self.tag = Some(tag);
            }
            CallbackEvent::AttributeName { name } => {
                if let Some(tag) = &mut self.tag {
                    set_lowercase(&mut tag.attr, name);
                }
                log.borrow_mut().attr_wanted = self
                    .tag
                    .as_ref()
                    .is_some_and(|t| self.is_copy_attribute(&t.attr));
            }
            CallbackEvent::AttributeValue { value } => {
                let pieces = {
                    let mut log = log.borrow_mut();
                    // Told when the attribute's name came (see `Log::attr_wanted`).
                    let pieces = log
                        .attr_wanted
                        .then(|| self.resolve(&log.attr, span, value));
                    log.attr.clear();
                    pieces
                };
                if let Some(tag) = &mut self.tag {
                    match tag.attr.as_str() {
                        "alt" if tag.alt.is_none() => tag.alt = pieces,
                        "title" if tag.title.is_none() => tag.title = pieces,
                        "alt" | "title" => {}
                        name if pieces.is_some() && !tag.copy.iter().any(|(n, _)| n == name) => {
                            tag.copy
                                .push((name.to_string(), pieces.unwrap_or_default()));
                        }
                        "href" if tag.href.is_none() => {
                            tag.href = Some(String::from_utf8_lossy(value).into_owned());
                        }
                        _ => {}
                    }
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                log.borrow_mut().attr.clear();
                if let Some(mut tag) = self.tag.take() {
                    let end = self.range(span).end;
                    // The tokenizer now reads raw text or a script: no jump inside it.
                    let raw = html5gum::naive_next_state(tag.name.as_bytes()).is_some();
                    self.start_tag(&mut tag, self_closing, end);
                    self.spare = tag;
                    return self.passing().filter(|_| !raw);
                }
            }
            CallbackEvent::EndTag { name } => {
                {
                    let mut log = log.borrow_mut();
                    log.text.clear();
                    log.attr.clear();
                }
                if let Some(tag) = self.tag.take() {
                    self.spare = tag;
                }
                let mut scratch = std::mem::take(&mut self.end_name);
                set_lowercase(&mut scratch, name);
                self.end_tag(&scratch, self.range(span));
                self.end_name = scratch;
                return self.passing();
            }
            CallbackEvent::String { value } => {
                let pieces = {
                    let mut log = log.borrow_mut();
                    let pieces = self
                        .wants_text(value)
                        .then(|| self.resolve(&log.text, span, value));
                    log.text.clear();
                    pieces
                };
                if let Some(pieces) = pieces {
                    self.text(pieces);
                }
            }
            CallbackEvent::Comment { .. } => {
                log.borrow_mut().text.clear();
                let range = self.range(span);
                self.b.push_comment(range);
                return self.passing();
            }
            CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => {}
        }
        None
    }

    /// The innermost open element of [`PASSED_OVER`].
    fn passing(&self) -> Option<&'static str> {
        if self.passing == 0 {
            return None;
        }
        let open = self.stack.iter().rev().find(|o| o.passed_over)?;
        PASSED_OVER.iter().copied().find(|&n| *open.name == *n)
    }

    /// Whether text read now is prose; text directly in the head begins the body, as in a
    /// browser.
    fn wants_text(&mut self, value: &[u8]) -> bool {
        if self.skip == 0 {
            return true;
        }
        let in_head = self.stack.last().is_some_and(|o| &*o.name == "head");
        if in_head && !value.iter().all(u8::is_ascii_whitespace) {
            self.pop_to(self.stack.len() - 1);
            return self.skip == 0;
        }
        false
    }

    /// Line the pieces the tokenizer produced up with the input between `span.start` and
    /// `span.end`.
    fn resolve(&self, log: &PieceLog, span: Span<usize>, value: &[u8]) -> Vec<Piece> {
        let input = &self.source.as_bytes()[self.base..];
        let mut out = Vec::with_capacity(log.ends.len());
        let mut at = span.start;
        let mut ok = span.start <= span.end;
        for (end, bytes) in log.iter() {
            let mut from = at;
            // The `\n` of a CRLF was read with the `\r`, which the previous piece holds.
            if from > 0 && from < end && input.get(from - 1..from + 1) == Some(b"\r\n") {
                from += 1;
            }
            let raw = (end <= span.end)
                .then(|| self.source.get(self.base + from..self.base + end))
                .flatten();
            let Some(raw) = raw else {
                ok = false;
                break;
            };
            let range = ByteRange::new(self.base + from, self.base + end);
            if raw.as_bytes() == bytes || same_text(raw.as_bytes(), bytes) {
                out.push(Piece::Source(range));
            } else if raw.starts_with('&') || raw == "\0" {
                out.push(Piece::Decoded(
                    String::from_utf8_lossy(bytes).into_owned(),
                    range,
                ));
            } else {
                ok = false;
                break;
            }
            at = end;
        }
        if ok && at == span.end {
            return out;
        }
        // The pieces do not line up: the whole text stands for the whole range.
        let range = self.range(span);
        let raw = self.source.get(range.as_range()).unwrap_or_default();
        if raw.as_bytes() == value || same_text(raw.as_bytes(), value) {
            vec![Piece::Source(range)]
        } else {
            vec![Piece::Decoded(
                String::from_utf8_lossy(value).into_owned(),
                range,
            )]
        }
    }

    fn start_tag(&mut self, tag: &mut StartTag, self_closing: bool, end: usize) {
        let name = tag.name.as_str();
        let range = ByteRange::new(tag.start, end.max(tag.start));
        // Anything but head content begins the body.
        let in_head = self.stack.last().is_some_and(|o| &*o.name == "head");
        if ((in_head && !HEAD_CONTENT.contains(&name)) || name == "body")
            && let Some(head) = self.stack.iter().rposition(|o| &*o.name == "head")
        {
            self.pop_to(head);
        }
        let prose = self.skip == 0;
        let after_link = std::mem::take(&mut self.link_ended);
        if prose {
            if name == "a" && after_link {
                self.b.push_space(range.start, 0);
            }
            if ends_block(name) {
                self.close_block();
            } else if name_key(name.as_bytes())
                .is_some_and(|k| SEPARATOR_KEYS.binary_search(&k).is_ok())
            {
                self.b.push_space(range.start, range.len());
            } else if INLINE_CODE.contains(&name) && self.in_block {
                self.flush_sup();
                self.b.push_opaque(range);
            }
            if !self.skips(name) {
                let copy = tag.copy.drain(..).map(|(_, p)| p);
                for text in [tag.alt.take(), tag.title.take()]
                    .into_iter()
                    .flatten()
                    .chain(copy)
                {
                    self.caption(text);
                }
            }
        }
        if matches!(name, "html" | "body")
            || VOID.contains(&name)
            || (self_closing && !RAW_TEXT.contains(&name))
        {
            return;
        }
        let skip = self.skips(name);
        let cites = prose && name == "a" && tag.href.as_deref().is_some_and(cites);
        let sup = prose && name == "sup" && self.sup.is_none();
        let quote = name == "blockquote";
        let passed_over = PASSED_OVER.contains(&name);
        self.skip += usize::from(skip);
        self.passing += usize::from(passed_over);
        self.quote += usize::from(quote);
        if sup {
            self.sup = Some(Vec::new());
        }
        self.stack.push(Open {
            name: name.into(),
            skip,
            cites,
            sup,
            quote,
            passed_over,
        });
    }

    fn end_tag(&mut self, name: &str, range: ByteRange) {
        if name == "br" {
            // `</br>` is read as `<br>`.
            if self.skip == 0 {
                self.b.push_space(range.start, range.len());
            }
            return;
        }
        if let Some(i) = self.stack.iter().rposition(|o| &*o.name == name) {
            self.pop_to(i);
            self.link_ended |= name == "a";
        }
        if self.skip == 0 && (ends_block(name) || name == "html") {
            self.close_block();
        }
    }

    /// Close the open elements from index `i` on, innermost first.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            let Some(open) = self.stack.pop() else {
                break;
            };
            self.skip = self.skip.saturating_sub(usize::from(open.skip));
            self.passing = self.passing.saturating_sub(usize::from(open.passed_over));
            self.quote = self.quote.saturating_sub(usize::from(open.quote));
            if open.sup {
                self.end_sup();
            }
            if open.cites {
                self.b.push_marker(MarkerKind::Link);
            }
        }
    }

    /// The kind of block that text read now belongs to.
    fn kind(&self) -> BlockKind {
        for open in self.stack.iter().rev() {
            match &*open.name {
                "h1" => return BlockKind::Heading(1),
                "h2" => return BlockKind::Heading(2),
                "h3" => return BlockKind::Heading(3),
                "h4" => return BlockKind::Heading(4),
                "h5" => return BlockKind::Heading(5),
                "h6" => return BlockKind::Heading(6),
                "li" | "dt" | "dd" => return BlockKind::ListItem,
                "td" | "th" => return BlockKind::TableCell,
                "caption" | "figcaption" => return BlockKind::Caption,
                _ => {}
            }
        }
        BlockKind::Paragraph
    }

    fn text(&mut self, pieces: Vec<Piece>) {
        self.link_ended = false;
        if let Some(held) = &mut self.sup {
            held.extend(pieces);
            return;
        }
        self.push(&pieces);
    }

    fn push(&mut self, pieces: &[Piece]) {
        let blank = pieces.iter().all(|p| p.text(self.source).trim().is_empty());
        if blank && !self.in_block {
            return;
        }
        if !self.in_block {
            self.b.start_block(self.kind(), self.quote > 0);
            self.in_block = true;
        }
        for piece in pieces {
            match piece {
                Piece::Source(r) => {
                    if let Some(text) = self.source.get(r.as_range()) {
                        self.b.push_source(text, r.start);
                    }
                }
                Piece::Decoded(text, r) => self.b.push_decoded(text, *r),
            }
        }
    }

    /// An `alt` or `title` text: a caption block of its own, after the block around it.
    fn caption(&mut self, text: Vec<Piece>) {
        if text.iter().all(|p| p.text(self.source).trim().is_empty()) {
            return;
        }
        if self.captions.contains(&text) {
            return;
        }
        self.captions.push(text);
    }

    fn emit_captions(&mut self) {
        for caption in std::mem::take(&mut self.captions) {
            self.b.start_block(BlockKind::Caption, self.quote > 0);
            self.in_block = true;
            self.push(&caption);
            self.b.end_block();
            self.in_block = false;
        }
    }

    fn close_block(&mut self) {
        self.flush_sup();
        self.b.end_block();
        self.in_block = false;
        self.emit_captions();
    }

    /// Give up holding the `<sup>` text back: it is running text.
    fn flush_sup(&mut self) {
        if let Some(held) = self.sup.take() {
            self.push(&held);
            for open in &mut self.stack {
                open.sup = false;
            }
        }
    }

    /// The `<sup>` ends: a reference number is a marker, anything else running text.
    fn end_sup(&mut self) {
        let Some(held) = self.sup.take() else {
            return;
        };
        let text: String = held.iter().map(|p| p.text(self.source)).collect();
        if super::markdown::is_reference_number(&text) {
            self.b.push_marker(MarkerKind::Superscript);
        } else {
            self.push(&held);
        }
    }
}

/// Set `buffer` to a tag or attribute name, lower-cased.
fn set_lowercase(buffer: &mut String, name: &[u8]) {
    buffer.clear();
    buffer.push_str(&String::from_utf8_lossy(name));
    buffer.make_ascii_lowercase();
}

/// Whether raw input bytes read as `text` once line endings are normalised (`\r\n` and `\r`
/// become `\n`).
fn same_text(raw: &[u8], text: &[u8]) -> bool {
    let mut t = text.iter();
    let mut i = 0;
    while i < raw.len() {
        let c = match raw[i] {
            b'\r' => {
                if raw.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                b'\n'
            }
            c => c,
        };
        if t.next() != Some(&c) {
            return false;
        }
        i += 1;
    }
    t.next().is_none()
}

/// Whether a link target is another document (not a place in this one, a script or an address).
pub(super) fn cites(href: &str) -> bool {
    let href = href.trim();
    let scheme = href
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .unwrap_or_default();
    !href.is_empty()
        && !href.starts_with('#')
        && !matches!(scheme.as_str(), "javascript" | "mailto" | "tel" | "data")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_JUMPS: Jumps = Jumps {
        drawings: false,
        attributes: false,
    };
    const DRAWINGS: Jumps = Jumps {
        drawings: true,
        attributes: false,
    };
    const ATTRIBUTES: Jumps = Jumps {
        drawings: false,
        attributes: true,
    };

    #[test]
    fn attributes_no_value_of_which_is_read_are_jumped_over_with_the_same_prose() {
        let label = ["label".to_string()];
        let labelled = Dialect {
            copy_attributes: &label,
            ..Dialect::default()
        };
        // (document, bytes jumped over)
        let cases = [
            ("<div class=\"a b c\" id=x>Hello</div> cures", 17),
            // Self-closing (the tag ends `/>`) or not (an unquoted value ends `/`).
            ("<p><img src=a.png /> and <a href=x class=y>link</a></p>", 9),
            ("<p>a<span class=x/>b</span> <div class=x/>c</p>", 14),
            ("<p>x<br class=x/>y <br class=x / >z</p>", 16),
            // A value the reader needs: prose, a link, in either case.
            ("<img class=x alt=\"cures cancer\"><img src=x TITLE='t'>", 0),
            (
                "<p>See <a class=x HREF=\"https://x.org/a\">this</a>.</p>",
                0,
            ),
            // Quoted values may hold `>` and quotes of the other kind.
            (
                "<div data-x=\"a>b\" class='c\"d'>text</div><p alt=x>y</p>",
                23,
            ),
            (
                "<div a=1 b=2>one-letter</div><div =x class=y>equals</div>",
                15,
            ),
            // Where the tokenizer reads on: a first name that is not ASCII, a tag with no end,
            // an end tag with attributes.
            ("<div é=1 class=y>text</div><p>cures", 0),
            ("<p>cures</p></div class=x><p>more", 0),
            ("<p>cures</p><div class=\"x", 0),
            // Line breaks of every kind between attributes.
            (
                "<div\r\nclass=x\r\n id=y\r>text\r\nmore</div><p\nclass=z>cures</p>",
                20,
            ),
            // A script's or a title's content is raw text after its attributes too.
            (
                "<script type=module>let a = '<p>';</script><p>cures</p>",
                10,
            ),
            ("<TITLE lang=en>a <b> title</TITLE><P class=x>cures</P>", 12),
            // Inside a drawing.
            (
                "<svg class=x><title>t</title><path d=x/></svg><p>cures</p>",
                9,
            ),
        ];
        for (html, jumped) in cases {
            let all = read(html, 0..html.len(), &Dialect::default(), NO_JUMPS);
            let with_jumps = read(html, 0..html.len(), &Dialect::default(), ATTRIBUTES);
            assert_eq!(
                format!("{:?}", with_jumps.0),
                format!("{:?}", all.0),
                "{html}"
            );
            assert_eq!(with_jumps.1, jumped, "{html}");
            let both = read(html, 0..html.len(), &Dialect::default(), Jumps::ALL);
            assert_eq!(format!("{:?}", both.0), format!("{:?}", all.0), "{html}");
        }
        // An attribute a dialect copies is read.
        let html = "<x-button class=a label=\"cures cancer\">b</x-button><i label=z>c</i>";
        let all = read(html, 0..html.len(), &labelled, NO_JUMPS);
        let with_jumps = read(html, 0..html.len(), &labelled, ATTRIBUTES);
        assert_eq!(format!("{:?}", with_jumps.0), format!("{:?}", all.0));
        assert!(all.0.text.contains("cures cancer"), "{:?}", all.0.text);
        assert_eq!(with_jumps.1, 0);
        // Positions after jumped attributes point at the original text.
        let html = cases[0].0;
        let p = prose(html);
        assert_eq!(raw_of(html, &p, "cures"), "cures");
    }

    #[test]
    fn element_lists_are_searched_by_name_keys() {
        let separates_inline =
            |name: &str| name_key(name.as_bytes()).is_some_and(key_separates_inline);
        assert!(BLOCKS.is_sorted());
        assert!(SEPARATORS.is_sorted());
        assert!(ends_block("p") && ends_block("li") && !ends_block("span"));
        assert!(ends_block("blockquote") && ends_block("figcaption") && !ends_block("pr"));
        assert!(!ends_block("blockquotes") && !ends_block("a-very-long-custom-element"));
        assert!(separates_inline("br") && separates_inline("code") && !separates_inline("em"));
        assert!(!separates_inline("b") && !separates_inline("bra"));
        // Keys sort as names do: a name before its own extensions.
        assert!(name_key(b"b") < name_key(b"br") && name_key(b"br") < name_key(b"c"));
    }

    fn prose(src: &str) -> Prose {
        extract(src, 0)
    }

    #[test]
    fn drawings_are_jumped_over_with_the_same_prose_as_when_read() {
        let icon = "<svg viewBox=\"0 0 24 24\"><title>Minus</title><path d=\"M19,13H5V11H19V13Z\"></path></svg>";
        // (document, bytes jumped over)
        let cases = [
            (format!("<p>Before {icon} after cures cancer.</p>"), 29),
            ("<P>Upper <SVG\r\n  width=2>\r\n<Path d='x'/></SvG\n> after</P>".to_string(), 15),
            // Comments inside are read: a directive there still works.
            (
                "<svg><g><!-- healthlint-disable --><path/></g><!-- x --><path/></svg><p>cures cancer</p>"
                    .to_string(),
                17,
            ),
            // Nested drawings, scripts and raw text whose content looks like an end tag.
            (
                "<svg><g/><svg><rect/></svg><rect/><script>'</svg>'</script><rect/></svg><p>ok</p>"
                    .to_string(),
                25,
            ),
            (
                "<svg><title>a </svg> b</title><style>p{}</svg></style><rect/></svg> <p>after</p>"
                    .to_string(),
                7,
            ),
            ("<math><mi>x</mi><mo>=</mo></math> and <svg/> <svg></svg> text".to_string(), 10),
            // No end tag: nothing to jump to.
            ("<div><svg><path d='M0'/><p>cures cancer".to_string(), 0),
            ("<svg><title>open".to_string(), 0),
            // End tags of elements around the drawing close it; markup in attribute values is
            // not markup.
            (
                "<p><svg class=i><use href='#i'></p><p>This cures cancer.</p><p><svg></svg></p>"
                    .to_string(),
                15,
            ),
            ("<div><svg><path d=x></div><p>cures cancer</p><svg></svg>".to_string(), 10),
            ("<svg><path title=\"<!--\"/></svg><p>cures cancer</p><!-- note -->".to_string(), 20),
            ("<svg><path aria-label=\"<script >\"/></svg><p>cures cancer</p>".to_string(), 30),
            (
                "<svg><title x=\"</title>\"><!-- healthlint-disable --></title></svg><p>cures</p>"
                    .to_string(),
                0,
            ),
            ("<svg><desc>a</ x </svg> b</desc></svg><p>cures cancer</p>".to_string(), 9),
            ("<svg><g a = 'x>y' b=c/d e f=></g>é</svg>é<p>x</p>".to_string(), 26),
            // A block quote is counted inside a drawing too (one left open quotes what follows).
            ("<p alt=x><math><blockquote><title>".to_string(), 0),
            ("<svg><g/><blockquote>q</blockquote></svg><p>x</p>".to_string(), 5),
            (format!("&amp; {icon}&rsquo;s <a href=\"https://x.org\">link</a>"), 29),
        ];
        for (html, jumped) in &cases {
            let all = read(html, 0..html.len(), &Dialect::default(), NO_JUMPS);
            let with_jumps = read(html, 0..html.len(), &Dialect::default(), DRAWINGS);
            assert_eq!(all.1, 0);
            assert_eq!(
                format!("{:?}", with_jumps.0),
                format!("{:?}", all.0),
                "{html}"
            );
            assert_eq!(with_jumps.1, *jumped, "{html}");
        }
        // Positions after a drawing point at the original text.
        let (html, _) = &cases[0];
        let p = prose(html);
        assert_eq!(raw_of(html, &p, "cures cancer"), "cures cancer");
        assert!(
            p.text.contains("Before after cures cancer."),
            "{:?}",
            p.text
        );
    }

    /// The original bytes of the first occurrence of `needle` in the prose.
    fn raw_of<'a>(src: &'a str, p: &Prose, needle: &str) -> &'a str {
        let s = p.text.find(needle).expect("needle in prose");
        &src[p.to_source(s, s + needle.len()).as_range()]
    }

    #[test]
    fn only_body_text_is_prose() {
        let src = "<!DOCTYPE html><html><head><title>cures cancer</title>\
                   <meta name=description content=\"cures cancer\">\
                   <script>var x = \"cures cancer\";</script>\
                   <style>.cures { cancer: 1 }</style></head>\
                   <body><p>Hello <code>cures cancer</code> world.</p>\
                   <script>if (a < b) { s = '</p>cures cancer'; }</script>\
                   <svg><text>cures cancer</text></svg><noscript>cures cancer</noscript>\
                   <template><p>cures cancer</p></template><pre>cures cancer</pre>\
                   <!-- cures cancer --><p>Bye.</p></body></html>";
        let p = prose(src);
        assert_eq!(p.text, "Hello \u{1a} world.\nBye.\n");
    }

    #[test]
    fn without_a_body_the_whole_document_is_read() {
        let p = prose("Just <b>text</b>, no tags around it.\n");
        assert_eq!(p.text, "Just text, no tags around it.\n");
        let p = prose("<head><title>T</title><p>Implied body.");
        assert_eq!(p.text, "Implied body.\n");
        let p = prose("<head><meta charset=utf-8>Stray text.");
        assert_eq!(p.text, "Stray text.\n");
    }

    #[test]
    fn blocks_split_and_inline_tags_join() {
        let src = "<h2>Title</h2><p>Our <strong>tea</strong> c<em>ure</em>s.</p>\
                   <ul><li>one<li>two</ul><table><tr><td>a</td><td>b</td></tr></table>\
                   <blockquote><p>quoted</p></blockquote><div>x<br>y</div>";
        let p = prose(src);
        assert_eq!(
            p.text,
            "Title\nOur tea cures.\none\ntwo\na\nb\nquoted\nx y\n"
        );
        let kinds: Vec<_> = p.blocks.iter().map(|b| (b.kind, b.quoted)).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading(2), false),
                (BlockKind::Paragraph, false),
                (BlockKind::ListItem, false),
                (BlockKind::ListItem, false),
                (BlockKind::TableCell, false),
                (BlockKind::TableCell, false),
                (BlockKind::Paragraph, true),
                (BlockKind::Paragraph, false),
            ]
        );
    }

    #[test]
    fn entities_map_to_their_own_bytes() {
        let src = "<p>Tom&rsquo;s &amp; Jerry&#8217;s &#x2019;tea&#x2019; cures&nbsp;cancer.</p>";
        let p = prose(src);
        assert_eq!(p.text, "Tom's & Jerry's 'tea' cures cancer.\n");
        assert_eq!(raw_of(src, &p, "cures cancer"), "cures&nbsp;cancer");
        assert_eq!(raw_of(src, &p, "tea"), "tea");
        assert_eq!(raw_of(src, &p, "& Jerry's"), "&amp; Jerry&#8217;s");
        let s = p.text.find("Tom").unwrap();
        assert_eq!(p.shown(src, s, s + 5), "Tom\u{2019}s");
    }

    #[test]
    fn legacy_and_invalid_references_are_safe() {
        let src = "<p>a &notit; b &foo; c &#0; d &#x110000; &amp e &#128; f &</p>";
        let p = prose(src);
        assert_eq!(
            p.text,
            "a \u{ac}it; b &foo; c \u{fffd} d \u{fffd} & e \u{20ac} f &\n"
        );
        assert_eq!(raw_of(src, &p, "\u{ac}it"), "&notit");
        assert_eq!(raw_of(src, &p, "& e"), "&amp e");
    }

    #[test]
    fn crlf_lines_map_exactly() {
        let src = "<p>Our tea\r\ncures&amp;\r\ncancer.\r\n</p>\r\n<p>\r\nNext</p>\r\n";
        let p = prose(src);
        assert_eq!(p.text, "Our tea cures& cancer.\nNext\n");
        assert_eq!(raw_of(src, &p, "tea cures"), "tea\r\ncures");
        assert_eq!(raw_of(src, &p, "& cancer"), "&amp;\r\ncancer");
        assert_eq!(raw_of(src, &p, "Next"), "Next");
    }

    #[test]
    fn alt_and_title_are_caption_blocks_after_the_running_block() {
        let src = "<p>Before <img src=x alt=\"Our tea cures cancer&rsquo;s spread\"> after.</p>\
                   <abbr title=\"type 2 diabetes\">T2D</abbr>";
        let p = prose(src);
        assert_eq!(
            p.text,
            "Before after.\nOur tea cures cancer's spread\nT2D\ntype 2 diabetes\n"
        );
        assert_eq!(p.blocks[1].kind, BlockKind::Caption);
        assert_eq!(raw_of(src, &p, "cancer's"), "cancer&rsquo;s");
    }

    #[test]
    fn only_prose_attributes_are_read_and_they_map_exactly_among_others() {
        let src = "<p><img class=\"a&amp;b\" src=\"x&lt;y.png\" data-x='&quot;' \
                   alt=\"Tea &amp; cancer\" width=3 title=\"B&eacute;b&eacute;\">Text</p>";
        let p = prose(src);
        assert_eq!(p.text, "Text\nTea & cancer\nB\u{e9}b\u{e9}\n");
        assert_eq!(raw_of(src, &p, "Tea & cancer"), "Tea &amp; cancer");
        assert_eq!(raw_of(src, &p, "B\u{e9}b\u{e9}"), "B&eacute;b&eacute;");
    }

    #[test]
    fn links_and_superscript_numbers_are_markers() {
        let src = "<p>Studies show it <a href=\"https://doi.org/x\">works</a>. \
                   See <a href=\"#top\">top</a><sup>1,2</sup> and x<sup>th</sup>.</p>";
        let p = prose(src);
        assert_eq!(p.text, "Studies show it works. See top and xth.\n");
        let kinds: Vec<_> = p.markers.iter().map(|m| m.kind.clone()).collect();
        assert_eq!(kinds, [MarkerKind::Link, MarkerKind::Superscript]);
        assert_eq!(p.markers[0].at, "Studies show it works".len());
    }

    #[test]
    fn links_side_by_side_are_separate_words() {
        let p = prose("<p><a href=/a>Home</a><a href=/b>Shop</a> and <a href=/c>tea</a>s.</p>");
        assert_eq!(p.text, "Home Shop and teas.\n");
    }

    #[test]
    fn comments_are_recorded_with_their_whole_range() {
        let src = "<p>a</p>\n<!-- healthlint-disable-next-line x -- why -->\n<p>b</p>";
        let p = prose(src);
        assert_eq!(p.comments.len(), 1);
        assert_eq!(
            &src[p.comments[0].as_range()],
            "<!-- healthlint-disable-next-line x -- why -->"
        );
    }

    #[test]
    fn malformed_input_never_panics() {
        for src in [
            "",
            "<",
            "</",
            "<p",
            "<p a=\"",
            "&",
            "&#",
            "&#x",
            "<!--",
            "<![CDATA[x",
            "<script>",
            "</p></div></body>",
            "<sup>1",
            "<a href=x>unclosed",
            "a < b > c",
            "<p>\r",
            "\r\n\r",
            "<b><i>x</b></i>",
            "<p title='&amp",
            "\u{0}<p>\u{0}&#0;</p>",
            "<img alt=\"\u{e9}&eacute;\r\n\">",
            "<svg/><p>after</p>",
            "<head><template><div>x</div></template></head><p>y",
        ] {
            let p = prose(src);
            for (i, c) in p.text.char_indices() {
                let r = p.to_source(i, i + c.len_utf8());
                assert!(src.get(r.as_range()).is_some(), "{src:?} at {i}");
            }
        }
    }

    #[test]
    fn extraction_starts_at_the_given_offset() {
        let src = "\u{feff}<p>caf\u{e9} cures&amp;cancer</p>";
        let p = extract(src, 3);
        assert_eq!(p.text, "caf\u{e9} cures&cancer\n");
        assert_eq!(raw_of(src, &p, "cures&cancer"), "cures&amp;cancer");
    }
}
