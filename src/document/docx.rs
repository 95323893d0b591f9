//! Word `.docx`: a zip archive of XML parts. [`to_text`] turns the archive into the text that
//! healthlint lints and reports against; [`extract`] reads the prose of that text.
//!
//! # The text
//!
//! Line *n* of the text is the *n*-th paragraph (`w:p`) of the document body, in document
//! order, empty paragraphs included, so a diagnostic's line is the paragraph number and its
//! column counts the visible characters of the paragraph from 1 (reports show `file.docx:¶12:34`).
//! Paragraphs inside table cells are lines of their own; those of a text box follow the
//! paragraph that anchors it. A line is the text of the paragraph's runs as Word shows it:
//!
//! - `w:t` text; a tab, line break or carriage return is one space, a non-breaking hyphen `-`,
//!   a symbol (`w:sym`) its character; an optional hyphen is nothing;
//! - a footnote or endnote reference is its number in superscript digits (`¹`, `²³`), as Word
//!   shows it (a custom mark is its own text), and so are the digits of a superscript run that
//!   is a reference number (`12`, `1,3`, `4-6`);
//! - not shown, so not in the text: deleted and moved-away text (`w:del`, `w:moveFrom`,
//!   `w:delText`), field instructions (`w:instrText`, the code of a `HYPERLINK` or `PAGE`
//!   field; the field's result is text), hidden runs (`w:vanish`), ruby annotations, the
//!   fallback copy of a text box (`mc:Fallback`), and Word comments, which live in
//!   `comments.xml` and are never read: a comment is a note to the writer, not prose.
//!
//! Other control characters, which XML 1.0 does not allow anyway, become spaces, so no
//! paragraph line contains one.
//!
//! # The structure trailer
//!
//! What the prose reader needs beyond the visible characters rides in one last line after the
//! paragraphs, which starts with U+0001 and so can never be a paragraph:
//!
//! ```text
//! \u{1}healthlint-docx h1:1 h2:2 c5 c6 l7:10-25 f8:40-42 s9:12-13
//! ```
//!
//! Each space-separated record names a paragraph (line) number; ranges are byte offsets in
//! that line:
//!
//! | record | meaning |
//! | --- | --- |
//! | `hN:L` | paragraph N is a heading of level L (styles `heading 1`–`heading 9` and their outline level, `Title` as level 1) |
//! | `iN` | paragraph N is a list item (it has numbering, directly or by its style) |
//! | `cN` | paragraph N is in a table cell |
//! | `qN` | paragraph N has a quotation style (`Quote`, `Intense Quote`, `Quotations`) |
//! | `lN:S-E` | bytes S..E are the text of a hyperlink to another document (a citation marker) |
//! | `fN:S-E` | bytes S..E are a footnote or endnote mark (a citation marker; not prose) |
//! | `sN:S-E` | bytes S..E are a superscript reference number such as `12` or `1,3` (a citation marker; not prose) |
//!
//! So the visible text keeps its columns, and reporters that show the paragraph leave the
//! trailer out. Links to a bookmark of the same document are no citations and are not recorded.

use crate::prose::{BlockKind, MarkerKind, Prose, ProseBuilder};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// First character of the structure trailer; never part of a paragraph line.
pub const TRAILER: char = '\u{1}';

/// Name that follows [`TRAILER`].
const TRAILER_TAG: &str = "healthlint-docx";

/// Largest part read, uncompressed: a guard against zip bombs.
const MAX_PART: u64 = 256 * 1024 * 1024;

/// WordprocessingML namespaces: transitional and strict.
const W_NS: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility (`mc:AlternateContent`).
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Superscript digits 0–9.
const SUPERSCRIPT_DIGITS: [char; 10] = [
    '\u{2070}', '\u{b9}', '\u{b2}', '\u{b3}', '\u{2074}', '\u{2075}', '\u{2076}', '\u{2077}',
    '\u{2078}', '\u{2079}',
];

/// The paragraphs of a .docx file, one per line, followed by the structure trailer (see the
/// module documentation). An error says why the bytes are not a readable Word document.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let fail = |why: String| format!("not a Word document: {why}");
    let mut archive = Archive::open(bytes).map_err(fail)?;
    let main = archive.main_part().map_err(fail)?;
    let Some(document) = archive.read(&main).map_err(fail)? else {
        return Err(fail(format!("no {main} in the archive")));
    };
    let rels = archive.relationships(&main).map_err(fail)?;
    let styles_part = rels
        .values()
        .find(|r| r.kind.ends_with("/styles"))
        .map_or_else(|| "word/styles.xml".to_string(), |r| r.target.clone());
    let styles = match archive.read(&styles_part).map_err(fail)? {
        Some(xml) => Styles::read(&xml).map_err(|e| fail(format!("{styles_part}: {e}")))?,
        None => Styles::default(),
    };
    let external: HashSet<String> = rels
        .into_iter()
        .filter(|(_, r)| r.external)
        .map(|(id, _)| id)
        .collect();
    let paragraphs =
        Body::read(&document, &styles, &external).map_err(|e| fail(format!("{main}: {e}")))?;
    Ok(write_text(&paragraphs))
}

/// Extract the prose of the text [`to_text`] made: one block per paragraph line, headings,
/// list items, table cells and quotations from the trailer, and citation markers where
/// links, footnote marks and superscript reference numbers are. Word documents have no front
/// matter, so every paragraph is read whatever `start` says.
pub fn extract(source: &str, start: usize) -> Prose {
    let _ = start;
    let body_end = trailer_start(source);
    let structure = Structure::parse(&source[body_end..]);
    let mut b = ProseBuilder::new();
    let mut pos = 0;
    for (i, line) in source[..body_end].split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let info = structure.lines.get(&(i + 1));
        let kind = info.and_then(|l| l.kind).unwrap_or(BlockKind::Paragraph);
        b.start_block(kind, info.is_some_and(|l| l.quoted));
        let mut at = 0;
        for (offset, event) in info.map(|l| l.events()).unwrap_or_default() {
            let in_line = offset >= at && offset <= content.len();
            if !in_line || !content.is_char_boundary(offset) {
                continue;
            }
            b.push_source(&content[at..offset], pos + at);
            at = offset;
            match event {
                Mark::LinkEnd => b.push_marker(MarkerKind::Link),
                Mark::Skip(end, kind) if end <= content.len() && content.is_char_boundary(end) => {
                    b.push_marker(kind);
                    at = end;
                }
                Mark::Skip(..) => {}
            }
        }
        b.push_source(&content[at..], pos + at);
        b.end_block();
        pos += line.len();
    }
    b.finish()
}

/// Where the structure trailer starts (the text's length if there is none).
pub fn trailer_start(text: &str) -> usize {
    text.find(TRAILER).unwrap_or(text.len())
}

// ---------------------------------------------------------------------------------------------
// The zip archive and its relationships.

struct Archive<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
}

/// One relationship of a part.
struct Relationship {
    /// Its type URI.
    kind: String,
    /// The part it points to, as a name inside the archive (or the URL, when external).
    target: String,
    /// Whether it points outside the package (a hyperlink).
    external: bool,
}

impl<'b> Archive<'b> {
    fn open(bytes: &'b [u8]) -> Result<Self, String> {
        zip::ZipArchive::new(Cursor::new(bytes))
            .map(|zip| Self { zip })
            .map_err(|e| format!("not a zip archive ({e})"))
    }

    /// The archive's name for a part, matched without regard to case as OPC part names are.
    fn find(&self, name: &str) -> Option<String> {
        if self.zip.index_for_name(name).is_some() {
            return Some(name.to_string());
        }
        self.zip
            .file_names()
            .filter_map(Result::ok)
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(|n| n.into_owned())
    }

    /// The bytes of a part, or `None` if the archive has no such part.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(name) = self.find(name) else {
            return Ok(None);
        };
        let mut file = self
            .zip
            .by_name(&name)
            .map_err(|e| format!("cannot read {name} ({e})"))?;
        let mut out = Vec::new();
        (&mut file)
            .take(MAX_PART)
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot read {name} ({e})"))?;
        if out.len() as u64 >= MAX_PART {
            return Err(format!("{name} is too large"));
        }
        Ok(Some(out))
    }

    /// The main document part: the target of the package's `officeDocument` relationship,
    /// `word/document.xml` by default.
    fn main_part(&mut self) -> Result<String, String> {
        let main = self
            .part_relationships("", "_rels/.rels")?
            .into_values()
            .find(|r| r.kind.ends_with("/officeDocument") && !r.external)
            .map(|r| r.target);
        Ok(main.unwrap_or_else(|| "word/document.xml".into()))
    }

    /// The relationships of a part, by id.
    fn relationships(&mut self, part: &str) -> Result<HashMap<String, Relationship>, String> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        self.part_relationships(dir, &rels)
    }

    fn part_relationships(
        &mut self,
        dir: &str,
        rels: &str,
    ) -> Result<HashMap<String, Relationship>, String> {
        let Some(xml) = self.read(rels)? else {
            return Ok(HashMap::new());
        };
        let mut reader = NsReader::from_reader(xml.as_slice());
        let mut buf = Vec::new();
        let mut out = HashMap::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| format!("{rels}: {e}"))?;
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                    let (id, kind, target, mode) = (
                        attr(&e, b"Id"),
                        attr(&e, b"Type"),
                        attr(&e, b"Target"),
                        attr(&e, b"TargetMode"),
                    );
                    if let (Some(id), Some(kind), Some(target)) = (id, kind, target) {
                        let external = mode.is_some_and(|m| m.eq_ignore_ascii_case("External"));
                        let target = if external {
                            target
                        } else {
                            resolve_target(dir, &target)
                        };
                        out.insert(
                            id,
                            Relationship {
                                kind,
                                target,
                                external,
                            },
                        );
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(out)
    }
}

/// The archive name of a relationship target relative to the folder `dir`.
fn resolve_target(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The value of the attribute with this local name, unescaped.
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// Whether an on/off property is on (`<w:vanish/>`, `w:val="true"`), as OOXML reads them.
fn is_on(e: &BytesStart<'_>) -> bool {
    attr(e, b"val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

/// Whether a resolved element name is in the WordprocessingML namespace.
fn is_w(ns: &ResolveResult<'_>) -> bool {
    matches!(ns, ResolveResult::Bound(n) if W_NS.contains(&n.as_ref()))
}

/// Whether a resolved element name is in the markup-compatibility namespace.
fn is_mc(ns: &ResolveResult<'_>) -> bool {
    matches!(ns, ResolveResult::Bound(n) if n.as_ref() == MC_NS)
}

/// The message of an XML error.
fn xml_error(e: &quick_xml::Error, at: u64) -> String {
    format!("not well-formed XML at byte {at} ({e})")
}

// ---------------------------------------------------------------------------------------------
// Styles.

/// A paragraph style of `styles.xml`.
#[derive(Debug, Default)]
struct Style {
    /// Lower-case name (`heading 1`).
    name: String,
    based_on: Option<String>,
    /// Outline level 0–9 of its paragraph properties (9 is body text).
    outline: Option<u8>,
    /// Whether its paragraph properties give numbering (`w:numPr` with a non-zero `w:numId`).
    numbered: Option<bool>,
}

/// The paragraph styles of a document, by style id.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    fn read(xml: &[u8]) -> Result<Self, String> {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        let mut styles = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        // Depth inside properties that are not the style's own (`w:pPrChange`, `w:rPr`).
        let mut skip = 0usize;
        loop {
            let (w, event) = match reader.read_resolved_event_into(&mut buf) {
                Ok((ns, event)) => (is_w(&ns), event),
                Err(e) => return Err(xml_error(&e, reader.error_position())),
            };
            if skip > 0 {
                match event {
                    Event::Start(_) => skip += 1,
                    Event::End(_) => skip -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                buf.clear();
                continue;
            }
            match event {
                Event::Start(e)
                    if w && matches!(e.local_name().as_ref(), b"pPrChange" | b"rPr") =>
                {
                    skip = 1;
                }
                Event::Start(e) if w && e.local_name().as_ref() == b"style" => {
                    let paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                    current = attr(&e, b"styleId")
                        .filter(|_| paragraph)
                        .map(|id| (id, Style::default()));
                }
                Event::Start(e) | Event::Empty(e) if w => {
                    if let Some((_, style)) = current.as_mut() {
                        match e.local_name().as_ref() {
                            b"name" => {
                                style.name = attr(&e, b"val").unwrap_or_default().to_lowercase();
                            }
                            b"basedOn" => style.based_on = attr(&e, b"val"),
                            b"outlineLvl" => {
                                style.outline = attr(&e, b"val").and_then(|v| v.parse().ok());
                            }
                            b"numId" => {
                                style.numbered = Some(attr(&e, b"val").is_some_and(|v| v != "0"));
                            }
                            _ => {}
                        }
                    }
                }
                Event::End(e) if w && e.local_name().as_ref() == b"style" => {
                    if let Some((id, style)) = current.take() {
                        styles.insert(id, style);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(Self { styles })
    }

    /// The style and the styles it is based on, nearest first.
    fn chain<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = self.styles.get(id);
        let mut seen = 0;
        std::iter::from_fn(move || {
            let style = next.filter(|_| seen < 16)?;
            seen += 1;
            next = style.based_on.as_deref().and_then(|b| self.styles.get(b));
            Some(style)
        })
    }

    /// The heading level a style gives: its outline level, or its name (`heading N`,
    /// `Title`), or those of the style it is based on.
    fn heading_level(&self, id: &str) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(level) = style.outline {
                return (level < 9).then_some(level + 1);
            }
            if let Some(level) = heading_name_level(&style.name) {
                return Some(level);
            }
        }
        None
    }

    /// Whether a style numbers its paragraphs (a list style).
    fn numbered(&self, id: &str) -> bool {
        self.chain(id).find_map(|s| s.numbered).unwrap_or(false)
    }

    /// Whether a style is a quotation style.
    fn quoted(&self, id: &str) -> bool {
        self.chain(id).any(|s| {
            matches!(
                s.name.as_str(),
                "quote" | "intense quote" | "quotations" | "block quotation" | "block text"
            )
        })
    }
}

/// The heading level of a built-in style name: `heading 1` to `heading 9`, and `title` as 1.
fn heading_name_level(name: &str) -> Option<u8> {
    if name == "title" {
        return Some(1);
    }
    let level: u8 = name.strip_prefix("heading ")?.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

// ---------------------------------------------------------------------------------------------
// The document body.

/// One paragraph as it becomes a line.
#[derive(Debug, Default, PartialEq)]
struct Line {
    text: String,
    heading: Option<u8>,
    list_item: bool,
    table_cell: bool,
    quoted: bool,
    /// Byte ranges of hyperlink texts.
    links: Vec<(usize, usize)>,
    /// Byte ranges of footnote marks and superscript reference numbers.
    marks: Vec<(usize, usize, MarkerKind)>,
}

/// Elements whose place matters while reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Elem {
    P,
    PPr,
    R,
    RPr,
    T,
    InstrText,
    Hyperlink,
    FldSimple,
    Tc,
    Body,
    Other,
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Open {
    id: usize,
    line: Line,
    style: Option<String>,
    outline: Option<u8>,
    numbered: Option<bool>,
    /// Paragraphs of text boxes anchored here, to follow this one.
    nested: Vec<Line>,
    /// The run being read: whether it is hidden or superscript, and where its text starts.
    run: Option<Run>,
    /// Open hyperlinks and simple fields: where their text starts and whether they cite.
    links: Vec<(usize, bool)>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Run {
    hidden: bool,
    superscript: bool,
    start: usize,
    /// Whether the run holds a footnote or endnote mark.
    note: bool,
}

/// A complex field (`w:fldChar` begin … separate … end).
#[derive(Debug)]
struct Field {
    instr: String,
    /// Where its result starts (paragraph id, byte), once `separate` is read.
    result: Option<(usize, usize)>,
}

struct Body<'a> {
    styles: &'a Styles,
    external: &'a HashSet<String>,
    stack: Vec<Elem>,
    open: Vec<Open>,
    lines: Vec<Line>,
    fields: Vec<Field>,
    cells: usize,
    seen_body: bool,
    next_id: usize,
    footnotes: usize,
    endnotes: usize,
}

impl<'a> Body<'a> {
    /// The paragraphs of a main document part, in order.
    fn read(
        xml: &[u8],
        styles: &'a Styles,
        external: &'a HashSet<String>,
    ) -> Result<Vec<Line>, String> {
        let mut body = Body {
            styles,
            external,
            stack: Vec::new(),
            open: Vec::new(),
            lines: Vec::new(),
            fields: Vec::new(),
            cells: 0,
            seen_body: false,
            next_id: 0,
            footnotes: 0,
            endnotes: 0,
        };
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        // Depth inside content that is not shown (deletions, fallbacks, revisions).
        let mut skip = 0usize;
        loop {
            let ((w, mc), event) = match reader.read_resolved_event_into(&mut buf) {
                Ok((ns, event)) => ((is_w(&ns), is_mc(&ns)), event),
                Err(e) => return Err(xml_error(&e, reader.error_position())),
            };
            if skip > 0 {
                match event {
                    Event::Start(_) => skip += 1,
                    Event::End(_) => skip -= 1,
                    Event::Eof => return Err("the XML ends inside an element".into()),
                    _ => {}
                }
                buf.clear();
                continue;
            }
            match event {
                Event::Start(e) => {
                    if hidden_subtree(w, mc, e.local_name().as_ref()) {
                        skip = 1;
                    } else {
                        let elem = body.start(w, &e);
                        body.stack.push(elem);
                    }
                }
                Event::Empty(e) if !hidden_subtree(w, mc, e.local_name().as_ref()) => {
                    let elem = body.start(w, &e);
                    body.stack.push(elem);
                    body.end();
                }
                Event::End(_) => body.end(),
                Event::Text(t) => {
                    let text = t.decode().map_err(|e| e.to_string())?;
                    body.text(&text);
                }
                Event::CData(t) => {
                    let text = t.decode().map_err(|e| e.to_string())?;
                    body.text(&text);
                }
                Event::GeneralRef(r) => {
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = r.decode().map_err(|e| e.to_string())?;
                            resolve_predefined_entity(&name)
                                .ok_or_else(|| format!("unknown entity &{name};"))?
                                .to_string()
                        }
                        Err(e) => return Err(e.to_string()),
                    };
                    body.text(&text);
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if !body.stack.is_empty() {
            return Err("the XML ends inside an element".into());
        }
        if !body.seen_body {
            return Err("no document body (w:body)".into());
        }
        Ok(body.lines)
    }

    /// The element that starts, after acting on it.
    fn start(&mut self, w: bool, e: &BytesStart<'_>) -> Elem {
        if !w {
            return Elem::Other;
        }
        let parent = self.stack.last().copied();
        match e.local_name().as_ref() {
            b"body" => {
                self.seen_body = true;
                Elem::Body
            }
            b"p" => {
                self.next_id += 1;
                self.open.push(Open {
                    id: self.next_id,
                    line: Line {
                        table_cell: self.cells > 0,
                        ..Line::default()
                    },
                    ..Open::default()
                });
                Elem::P
            }
            b"pPr" if parent == Some(Elem::P) => Elem::PPr,
            b"r" => {
                if let Some(p) = self.open.last_mut() {
                    p.run = Some(Run {
                        start: p.line.text.len(),
                        ..Run::default()
                    });
                }
                Elem::R
            }
            b"rPr" if parent == Some(Elem::R) => Elem::RPr,
            b"t" if parent == Some(Elem::R) => Elem::T,
            b"instrText" if parent == Some(Elem::R) => Elem::InstrText,
            b"tc" => {
                self.cells += 1;
                Elem::Tc
            }
            b"hyperlink" => {
                let cites = attr(e, b"id")
                    .is_some_and(|id| self.external.is_empty() || self.external.contains(&id));
                self.open_link(cites);
                Elem::Hyperlink
            }
            b"fldSimple" => {
                let cites = attr(e, b"instr").is_some_and(|i| is_hyperlink_field(&i));
                self.open_link(cites);
                Elem::FldSimple
            }
            name => {
                if self.in_paragraph_properties() {
                    self.paragraph_property(name, e);
                } else if parent == Some(Elem::RPr) {
                    self.run_property(name, e);
                } else if parent == Some(Elem::R) {
                    self.run_content(name, e);
                }
                Elem::Other
            }
        }
    }

    /// Whether the innermost open properties are those of the paragraph (not of its mark).
    fn in_paragraph_properties(&self) -> bool {
        for e in self.stack.iter().rev() {
            match e {
                Elem::PPr => return true,
                Elem::P | Elem::R | Elem::RPr | Elem::Body => return false,
                _ => {}
            }
        }
        false
    }

    fn paragraph_property(&mut self, name: &[u8], e: &BytesStart<'_>) {
        let Some(p) = self.open.last_mut() else {
            return;
        };
        match name {
            b"pStyle" => p.style = attr(e, b"val"),
            b"outlineLvl" => p.outline = attr(e, b"val").and_then(|v| v.parse().ok()),
            b"numId" => p.numbered = Some(attr(e, b"val").is_some_and(|v| v != "0")),
            _ => {}
        }
    }

    fn run_property(&mut self, name: &[u8], e: &BytesStart<'_>) {
        let Some(run) = self.open.last_mut().and_then(|p| p.run.as_mut()) else {
            return;
        };
        match name {
            b"vanish" => run.hidden = is_on(e),
            b"vertAlign" => run.superscript = attr(e, b"val").as_deref() == Some("superscript"),
            _ => {}
        }
    }

    /// Content of a run other than text.
    fn run_content(&mut self, name: &[u8], e: &BytesStart<'_>) {
        match name {
            b"tab" | b"ptab" | b"br" | b"cr" => self.push(" "),
            b"noBreakHyphen" => self.push("-"),
            b"sym" => {
                let c = attr(e, b"char")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32);
                if let Some(c) = c {
                    self.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            b"footnoteReference" | b"endnoteReference" => {
                if !self.shows_text() {
                    return;
                }
                let custom = attr(e, b"customMarkFollows")
                    .is_some_and(|v| !matches!(v.as_str(), "0" | "false" | "off"));
                let number = if custom {
                    None
                } else if name == b"footnoteReference" {
                    self.footnotes += 1;
                    Some(self.footnotes)
                } else {
                    self.endnotes += 1;
                    Some(self.endnotes)
                };
                let Some(p) = self.open.last_mut() else {
                    return;
                };
                let start = p.line.text.len();
                if let Some(n) = number {
                    p.line.text.extend(
                        n.to_string()
                            .bytes()
                            .map(|d| SUPERSCRIPT_DIGITS[usize::from(d - b'0')]),
                    );
                }
                let end = p.line.text.len();
                p.line.marks.push((start, end, MarkerKind::Footnote));
                if let Some(run) = p.run.as_mut() {
                    run.note = true;
                }
            }
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("begin") => self.fields.push(Field {
                    instr: String::new(),
                    result: None,
                }),
                Some("separate") => {
                    let at = self.open.last().map(|p| (p.id, p.line.text.len()));
                    if let Some(f) = self.fields.last_mut() {
                        f.result = at;
                    }
                }
                Some("end") => {
                    if let Some(field) = self.fields.pop()
                        && let Some((id, start)) = field.result
                        && is_hyperlink_field(&field.instr)
                        && let Some(p) = self.open.last_mut()
                        && p.id == id
                        && p.line.text.len() > start
                    {
                        p.line.links.push((start, p.line.text.len()));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    fn open_link(&mut self, cites: bool) {
        if let Some(p) = self.open.last_mut() {
            p.links.push((p.line.text.len(), cites));
        }
    }

    fn close_link(&mut self) {
        if let Some(p) = self.open.last_mut()
            && let Some((start, cites)) = p.links.pop()
            && cites
            && p.line.text.len() > start
        {
            p.line.links.push((start, p.line.text.len()));
        }
    }

    /// Whether text read now is shown: inside a paragraph, in a run that is not hidden, and
    /// not in a field's instructions.
    fn shows_text(&self) -> bool {
        let in_instructions = self.fields.iter().any(|f| f.result.is_none());
        let hidden = self
            .open
            .last()
            .and_then(|p| p.run)
            .is_some_and(|r| r.hidden);
        !self.open.is_empty() && !hidden && !in_instructions
    }

    /// Visible text of the current paragraph.
    fn push(&mut self, text: &str) {
        if !self.shows_text() {
            return;
        }
        if let Some(p) = self.open.last_mut() {
            p.line.text.extend(text.chars().map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                    ' '
                } else {
                    c
                }
            }));
        }
    }

    /// Character data.
    fn text(&mut self, text: &str) {
        match self.stack.last() {
            Some(Elem::T) => self.push(text),
            Some(Elem::InstrText) => {
                if let Some(f) = self.fields.last_mut()
                    && f.result.is_none()
                {
                    f.instr.push_str(text);
                }
            }
            _ => {}
        }
    }

    /// The innermost element ends.
    fn end(&mut self) {
        match self.stack.pop() {
            Some(Elem::P) => self.end_paragraph(),
            Some(Elem::R) => self.end_run(),
            Some(Elem::Tc) => self.cells = self.cells.saturating_sub(1),
            Some(Elem::Hyperlink | Elem::FldSimple) => self.close_link(),
            _ => {}
        }
    }

    fn end_run(&mut self) {
        let Some(p) = self.open.last_mut() else {
            return;
        };
        let Some(run) = p.run.take() else {
            return;
        };
        if !run.superscript || run.hidden || run.note {
            return;
        }
        let text = &p.line.text[run.start..];
        if text.is_empty() || !text.chars().all(is_reference_char) {
            return;
        }
        // Shown as Word shows it, raised: one character per digit, so columns stay.
        let raised: String = text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => SUPERSCRIPT_DIGITS[d as usize],
                None => c,
            })
            .collect();
        let has_digit = raised != text;
        p.line.text.truncate(run.start);
        p.line.text.push_str(&raised);
        let end = p.line.text.len();
        match p.line.marks.last_mut() {
            Some((_, last_end, MarkerKind::Superscript)) if *last_end == run.start => {
                *last_end = end;
            }
            _ if has_digit => {
                p.line.marks.push((run.start, end, MarkerKind::Superscript));
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(mut p) = self.open.pop() else {
            return;
        };
        // A field whose instructions never ended would hide the rest of the document.
        self.fields.retain(|f| f.result.is_some());
        let style = p.style.as_deref();
        p.line.heading = match p.outline {
            Some(level) if level < 9 => Some(level + 1),
            Some(_) => None,
            None => style.and_then(|s| self.styles.heading_level(s)),
        };
        p.line.list_item = p
            .numbered
            .unwrap_or_else(|| style.is_some_and(|s| self.styles.numbered(s)));
        p.line.quoted = style.is_some_and(|s| self.styles.quoted(s));
        let mut lines = vec![p.line];
        lines.append(&mut p.nested);
        match self.open.last_mut() {
            Some(parent) => parent.nested.append(&mut lines),
            None => self.lines.append(&mut lines),
        }
    }
}

/// Elements whose content Word does not show as the document's text.
fn hidden_subtree(w: bool, mc: bool, name: &[u8]) -> bool {
    (mc && name == b"Fallback")
        || (w
            && matches!(
                name,
                b"del"
                    | b"moveFrom"
                    | b"delText"
                    | b"delInstrText"
                    | b"rt"
                    | b"pPrChange"
                    | b"rPrChange"
                    | b"sectPr"
                    | b"sdtPr"
                    | b"fldData"
                    | b"tblPr"
                    | b"tcPr"
                    | b"trPr"
            ))
}

/// Whether a field's instructions make it a hyperlink to another document (`HYPERLINK "url"`,
/// not `HYPERLINK \l "bookmark"`).
fn is_hyperlink_field(instr: &str) -> bool {
    let instr = instr.trim_start();
    let Some(rest) = instr
        .get(..9)
        .filter(|k| k.eq_ignore_ascii_case("HYPERLINK"))
        .map(|_| instr[9..].trim())
    else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with("\\l")
}

/// Characters of a superscript reference number such as `1`, `2,3` or `4-6`.
fn is_reference_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ',' | '-' | '\u{2013}' | ' ')
}

// ---------------------------------------------------------------------------------------------
// The text and its trailer.

/// The lines and the trailer.
fn write_text(lines: &[Line]) -> String {
    let mut text = String::new();
    let mut records = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        text.push_str(&line.text);
        text.push('\n');
        if line.text.is_empty() {
            continue;
        }
        if let Some(level) = line.heading {
            records.push(format!("h{n}:{level}"));
        } else if line.list_item {
            records.push(format!("i{n}"));
        } else if line.table_cell {
            records.push(format!("c{n}"));
        }
        if line.quoted {
            records.push(format!("q{n}"));
        }
        for (s, e) in &line.links {
            records.push(format!("l{n}:{s}-{e}"));
        }
        for (s, e, kind) in &line.marks {
            let k = if *kind == MarkerKind::Footnote {
                'f'
            } else {
                's'
            };
            records.push(format!("{k}{n}:{s}-{e}"));
        }
    }
    if !records.is_empty() {
        text.push(TRAILER);
        text.push_str(TRAILER_TAG);
        for r in records {
            text.push(' ');
            text.push_str(&r);
        }
        text.push('\n');
    }
    text
}

/// What a paragraph line is, read from the trailer.
#[derive(Debug, Default)]
struct LineInfo {
    kind: Option<BlockKind>,
    quoted: bool,
    links: Vec<(usize, usize)>,
    marks: Vec<(usize, usize, MarkerKind)>,
}

/// What happens at a byte of a line.
#[derive(Debug)]
enum Mark {
    /// A link's text ends: a citation marker.
    LinkEnd,
    /// A mark that is not prose runs to this byte: a citation marker of this kind.
    Skip(usize, MarkerKind),
}

impl LineInfo {
    /// The line's marks by position.
    fn events(&self) -> Vec<(usize, Mark)> {
        let mut out: Vec<(usize, Mark)> = self
            .links
            .iter()
            .map(|&(_, e)| (e, Mark::LinkEnd))
            .chain(
                self.marks
                    .iter()
                    .map(|(s, e, k)| (*s, Mark::Skip(*e, k.clone()))),
            )
            .collect();
        out.sort_by_key(|(at, m)| (*at, matches!(m, Mark::Skip(..))));
        out
    }
}

/// The structure the trailer records, by line number.
#[derive(Debug, Default)]
struct Structure {
    lines: HashMap<usize, LineInfo>,
}

impl Structure {
    /// Read a trailer; records it does not understand are ignored.
    fn parse(trailer: &str) -> Self {
        let mut out = Self::default();
        let Some(records) = trailer
            .strip_prefix(TRAILER)
            .and_then(|t| t.strip_prefix(TRAILER_TAG))
        else {
            return out;
        };
        for record in records.split_whitespace() {
            let mut chars = record.chars();
            let Some(kind) = chars.next() else {
                continue;
            };
            let rest = chars.as_str();
            let (line, arg) = rest.split_once(':').unwrap_or((rest, ""));
            let Ok(line) = line.parse::<usize>() else {
                continue;
            };
            let range = arg
                .split_once('-')
                .and_then(|(s, e)| Some((s.parse::<usize>().ok()?, e.parse::<usize>().ok()?)))
                .filter(|(s, e)| s <= e);
            let info = out.lines.entry(line).or_default();
            match (kind, range) {
                ('h', _) => {
                    if let Ok(level) = arg.parse::<u8>() {
                        info.kind = Some(BlockKind::Heading(level.clamp(1, 9)));
                    }
                }
                ('i', _) => info.kind = Some(BlockKind::ListItem),
                ('c', _) => info.kind = Some(BlockKind::TableCell),
                ('q', _) => info.quoted = true,
                ('l', Some(r)) => info.links.push(r),
                ('f', Some((s, e))) => info.marks.push((s, e, MarkerKind::Footnote)),
                ('s', Some((s, e))) => info.marks.push((s, e, MarkerKind::Superscript)),
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A .docx with these parts (name, content), stored without compression.
    fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, content) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(content.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        )
    }

    const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/study" TargetMode="External"/></Relationships>"#;

    fn styles() -> String {
        format!(
            r#"<w:styles xmlns:w="{W}">
              <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="Product Heading"/><w:basedOn w:val="Heading2"/></w:style>
              <w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
              <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>
              <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
              <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1"/></w:style>
            </w:styles>"#
        )
    }

    /// The text of a document body, with the usual relationships and styles.
    fn text(body: &str) -> String {
        let doc = document(body);
        let styles = styles();
        to_text(&zip(&[
            ("word/document.xml", &doc),
            ("word/_rels/document.xml.rels", RELS),
            ("word/styles.xml", &styles),
        ]))
        .unwrap()
    }

    fn p(style: &str, runs: &str) -> String {
        let ppr = if style.is_empty() {
            String::new()
        } else {
            format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
        };
        format!("<w:p>{ppr}{runs}</w:p>")
    }

    fn r(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    fn paragraphs(text: &str) -> Vec<&str> {
        text[..trailer_start(text)].lines().collect()
    }

    #[test]
    fn one_line_per_paragraph_with_what_word_shows() {
        let body = [
            p("", &r("Plain text.")),
            p("", ""),
            p(
                "",
                r#"<w:r><w:t>Tab</w:t><w:tab/><w:t>break</w:t><w:br/><w:t>non</w:t><w:noBreakHyphen/><w:t>breaking</w:t><w:softHyphen/><w:t> &amp; &#8220;quotes&#x201D;</w:t></w:r>"#,
            ),
            p(
                "",
                &[
                    r("Kept "),
                    r#"<w:del w:id="1"><w:r><w:delText>cures cancer </w:delText></w:r></w:del>"#.into(),
                    r#"<w:ins w:id="2"><w:r><w:t>inserted </w:t></w:r></w:ins>"#.into(),
                    r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden </w:t></w:r>"#.into(),
                    r#"<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>shown </w:t></w:r>"#.into(),
                    r#"<w:commentRangeStart w:id="0"/>"#.into(),
                    r("words."),
                    r#"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#.into(),
                ]
                .concat(),
            ),
            p(
                "",
                r#"<w:r><w:t>Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            ),
            p(
                "",
                "<w:r><w:t>Line\nfeed and \u{2028}separator</w:t></w:r>",
            ),
        ]
        .concat();
        let text = text(&body);
        assert_eq!(
            paragraphs(&text),
            [
                "Plain text.",
                "",
                "Tab break non-breaking & \u{201c}quotes\u{201d}",
                "Kept inserted shown words.",
                "Page 3",
                "Line feed and  separator",
            ]
        );
        assert!(!text.contains(TRAILER), "{text:?}");
    }

    #[test]
    fn headings_lists_quotes_and_cells_come_from_styles_and_places() {
        let body = [
            p("Title", &r("Brochure")),
            p("Heading1", &r("Teas")),
            p("Custom", &r("Green tea")),
            p("TOCHeading", &r("Contents")),
            r#"<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>Direct level</w:t></w:r></w:p>"#.into(),
            p("Heading1Char", &r("Character style id")),
            p("Quote", &r("A quotation.")),
            p("ListBullet", &r("A bullet.")),
            r#"<w:p><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>Numbering removed.</w:t></w:r></w:p>"#.into(),
            format!("<w:tbl><w:tr><w:tc>{}{}</w:tc></w:tr></w:tbl>", p("", &r("Cell one.")), p("", &r("Cell two."))),
            p("", &r("After the table.")),
        ]
        .concat();
        let text = text(&body);
        let prose = extract(&text, 0);
        let kinds: Vec<(&str, BlockKind, bool)> = prose
            .blocks
            .iter()
            .map(|b| (prose.block_text(b), b.kind, b.quoted))
            .collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [
                ("Brochure", Heading(1), false),
                ("Teas", Heading(1), false),
                ("Green tea", Heading(2), false),
                ("Contents", Paragraph, false),
                ("Direct level", Heading(3), false),
                ("Character style id", Paragraph, false),
                ("A quotation.", Paragraph, true),
                ("A bullet.", ListItem, false),
                ("Numbering removed.", Paragraph, false),
                ("Cell one.", TableCell, false),
                ("Cell two.", TableCell, false),
                ("After the table.", Paragraph, false),
            ]
        );
    }

    #[test]
    fn links_footnotes_and_superscript_numbers_are_markers_and_keep_columns() {
        let body = [
            p(
                "",
                &[
                    r("It works ("),
                    r#"<w:hyperlink r:id="rId9"><w:r><w:t>study</w:t></w:r></w:hyperlink>"#.into(),
                    r(") and "),
                    r#"<w:hyperlink w:anchor="top"><w:r><w:t>see above</w:t></w:r></w:hyperlink>"#.into(),
                    r("."),
                ]
                .concat(),
            ),
            p(
                "",
                &[
                    r("It cures cancer."),
                    r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r>"#.into(),
                    r(" Also this"),
                    r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>12</w:t></w:r>"#.into(),
                    r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>,13</w:t></w:r>"#.into(),
                    r(" and m"),
                    r#"<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>x</w:t></w:r>"#.into(),
                    r#"<w:r><w:endnoteReference w:id="5"/></w:r>"#.into(),
                    r("."),
                ]
                .concat(),
            ),
            p(
                "",
                r#"<w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the trial</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r><w:fldSimple w:instr=" HYPERLINK \l &quot;top&quot; "><w:r><w:t> Top</w:t></w:r></w:fldSimple>"#,
            ),
        ]
        .concat();
        let text = text(&body);
        assert_eq!(
            paragraphs(&text),
            [
                "It works (study) and see above.",
                "It cures cancer.\u{b9} Also this\u{b9}\u{b2},\u{b9}\u{b3} and mx\u{b9}.",
                "See the trial. Top",
            ]
        );
        let prose = extract(&text, 0);
        assert_eq!(
            prose.text,
            "It works (study) and see above.\nIt cures cancer. Also this and mx.\nSee the trial. Top\n"
        );
        let markers: Vec<(&str, MarkerKind)> = prose
            .markers
            .iter()
            .map(|m| (&prose.text[..m.at], m.kind.clone()))
            .map(|(before, k)| (&before[before.len().saturating_sub(6)..], k))
            .collect();
        assert_eq!(
            markers,
            [
                ("(study", MarkerKind::Link),
                ("ancer.", MarkerKind::Footnote),
                ("o this", MarkerKind::Superscript),
                ("and mx", MarkerKind::Footnote),
                (" trial", MarkerKind::Link),
            ]
        );
        // Prose maps back to the paragraph's own bytes: the column of "Also" is where a reader
        // counts it, the footnote number counted as the one character Word shows.
        let at = prose.text.find("Also").unwrap();
        let range = prose.to_source(at, at + 4);
        assert_eq!(&text[range.as_range()], "Also");
        let line_start = text.find("It cures").unwrap();
        assert_eq!(text[line_start..range.start].chars().count() + 1, 19);
    }

    #[test]
    fn text_boxes_follow_their_paragraph_and_fallback_copies_are_skipped() {
        let textbox = format!(
            r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>{}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            p("", &r("Boxed.")),
            p("", &r("Boxed copy.")),
        );
        let body = [
            p("", &format!("{}{textbox}{}", r("Before"), r(" after."))),
            p("", &r("Next.")),
        ]
        .concat();
        let text = text(&body);
        assert_eq!(paragraphs(&text), ["Before after.", "Boxed.", "Next."]);
    }

    #[test]
    fn what_is_not_a_word_document_is_an_error() {
        let not_a_word = |bytes: &[u8]| to_text(bytes).unwrap_err();
        assert!(not_a_word(b"PK\x03\x04 garbage").starts_with("not a Word document: not a zip"));
        assert!(not_a_word(b"plain text").starts_with("not a Word document: not a zip"));
        let e = not_a_word(&zip(&[("hello.txt", "hi")]));
        assert_eq!(
            e,
            "not a Word document: no word/document.xml in the archive"
        );
        let e = not_a_word(&zip(&[("word/document.xml", "<w:document><w:body><w:p>")]));
        assert!(
            e.starts_with("not a Word document: word/document.xml: "),
            "{e}"
        );
        let e = not_a_word(&zip(&[("word/document.xml", "<a><b></a>")]));
        assert!(e.contains("not well-formed XML"), "{e}");
        let e = not_a_word(&zip(&[("word/document.xml", "<html/>")]));
        assert_eq!(
            e,
            "not a Word document: word/document.xml: no document body (w:body)"
        );
    }

    #[test]
    fn the_main_part_is_found_through_the_package_relationships() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let doc = document(&p("", &r("Found.")));
        let text = to_text(&zip(&[("_rels/.rels", rels), ("Word/Document2.xml", &doc)])).unwrap();
        assert_eq!(text, "Found.\n");
        assert_eq!(
            resolve_target("word", "../customXml/item.xml"),
            "customXml/item.xml"
        );
    }

    #[test]
    fn damaged_archives_are_errors_not_panics() {
        let good: &[u8] = include_bytes!("../../fixtures/supplement-brochure.docx");
        assert!(to_text(good).is_ok());
        for cut in (0..good.len()).step_by(29) {
            let _ = to_text(&good[..cut]);
        }
        let mut bytes = good.to_vec();
        for i in (0..bytes.len()).step_by(13) {
            bytes[i] ^= 0x5a;
            let _ = to_text(&bytes);
            bytes[i] ^= 0x5a;
        }
        // Odd but well-formed XML: unbalanced fields, runs in runs, marks out of place.
        let body = [
            p("", r#"<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>HYPERLINK "x"</w:instrText></w:r>"#),
            p("", &r("Still read.")),
            p("", r#"<w:r><w:r><w:t>in</w:t></w:r><w:t>out</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="separate"/></w:r>"#),
            r#"<w:r><w:t>No paragraph.</w:t></w:r><w:hyperlink r:id="rId9"/>"#.into(),
        ]
        .concat();
        assert_eq!(paragraphs(&text(&body)), ["", "Still read.", "inout"]);
    }

    #[test]
    fn a_damaged_trailer_is_ignored() {
        let p = extract(
            "Title\nText.\n\u{1}healthlint-docx h1:2 l2:9-99 f2:x zz\n",
            0,
        );
        assert_eq!(p.text, "Title\nText.\n");
        assert_eq!(p.blocks[0].kind, BlockKind::Heading(2));
        assert!(p.markers.is_empty());
    }
}
