//! Deciding from a file's text alone, before it is parsed, that no rule can fire in it.
//!
//! A file none of whose active rules can fire without a match (banned, conditional and
//! citation rules) needs parsing only if its prose may hold a match. The file's *rough prose*
//! holds every match its prose holds, and is made in one cheap pass: Markdown emphasis and
//! link brackets dropped, HTML tags dropped (inline ones, which join the words around them) or
//! turned into spaces (the others), `alt` and `title` values (any attribute of an MDX
//! component) kept as words, character references decoded, characters mapped and white space
//! collapsed as in prose, one line per paragraph (Markdown, text) or block element (HTML), as
//! matches never cross blocks. HTML elements read as raw text that are never prose (scripts,
//! styles, titles) are skipped; what else prose leaves out (code) stays in, which can only add
//! matches. A file with a character reference HTML does not know, or a `healthlint` directive,
//! is always parsed; so are formats other than Markdown, MDX, text and HTML, and files checked
//! by patterns that can match markup characters or anchor at a line's start or end.
//!
//! The rough prose goes through the same matcher as prose, for the trigger slots only, and the
//! first match ends the search: with a list of banned phrases, most files of a large
//! repository need no parsing at all.

use crate::document::Format;
use crate::matcher::{Matcher, SlotId};
use crate::runs::{RunBytes, plain_run};

/// Character references decoded in rough prose, and what they stand for.
const REFERENCES: &[(&str, &str)] = &[
    ("&nbsp;", " "),
    ("&amp;", "&"),
    ("&rsquo;", "'"),
    ("&lsquo;", "'"),
    ("&apos;", "'"),
    ("&#39;", "'"),
    ("&quot;", "\""),
    ("&ldquo;", "\""),
    ("&rdquo;", "\""),
    ("&ndash;", "-"),
    ("&mdash;", "-"),
    ("&hellip;", "..."),
    ("&lt;", "<"),
    ("&gt;", ">"),
];

/// Whether a document in `format` with this text may hold a match of one of the `wanted` slots.
/// Formats whose text is not prose plus markup are always parsed.
pub fn may_match(
    matcher: &Matcher,
    format: Format,
    text: &str,
    wanted: impl Fn(SlotId) -> bool,
) -> bool {
    // A Word document's text ends in a trailer that reads like a directive: always parsed.
    let roughable = matches!(
        format,
        Format::Markdown | Format::Text | Format::Html | Format::Mdx
    );
    if !roughable || has_directive(text) {
        return true;
    }
    // Rough prose drops markup characters and runs blocks on: a pattern that can match one,
    // or that anchors at a line's start or end, needs the prose.
    if (0..matcher.slot_count() as SlotId).any(|s| wanted(s) && matcher.needs_prose(s)) {
        return true;
    }
    // Each thread writes rough prose into the same buffer, file after file; a matcher that
    // ignores case reads it lower-cased.
    ROUGH.with_borrow_mut(|out| match rough_prose_into(text, format, out) {
        Some(()) if matcher.ignores_case() => {
            out.make_ascii_lowercase();
            matcher.has_match_lowercase(out, wanted)
        }
        Some(()) => matcher.has_match(out, wanted),
        None => true,
    })
}

thread_local! {
    static ROUGH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// [`rough_prose_into`] a new string.
#[cfg(test)]
fn rough_prose(text: &str, format: Format) -> Option<String> {
    let mut out = String::new();
    rough_prose_into(text, format, &mut out).map(|()| out)
}

/// Write the rough prose of a text into `out`, which is cleared first (see the module
/// documentation): one line per paragraph (Markdown, MDX, text) or block element (HTML), as
/// matches never cross them, and short lines keep the searches along lines short. `None` when
/// it holds a character reference that is not decoded here.
fn rough_prose_into(text: &str, format: Format, out: &mut String) -> Option<()> {
    out.clear();
    out.reserve(text.len() + text.len() / 16);
    let mut rough = Rough {
        out,
        space: false,
        format,
    };
    match format {
        Format::Text => {
            for paragraph in paragraphs(text) {
                rough.read(paragraph, &WITHOUT_MARKUP)?;
                rough.line_break();
            }
        }
        Format::Html => {
            rough.markup(text)?;
            rough.line_break();
        }
        _ => {
            for paragraph in paragraphs(text) {
                rough.markup(paragraph)?;
                rough.line_break();
            }
        }
    }
    Some(())
}

/// The paragraphs of a text: its runs of lines between blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            if at >= text.len() {
                return None;
            }
            let end = line_end(text, at);
            if !is_blank(&text[at..end]) {
                break;
            }
            at = end;
        }
        let start = at;
        while at < text.len() {
            let end = line_end(text, at);
            if is_blank(&text[at..end]) {
                break;
            }
            at = end;
        }
        Some(&text[start..at])
    })
}

/// The end of the line that starts at `at`, its `\n` included.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// Whether a line is white space only (Unicode white space included).
fn is_blank(line: &str) -> bool {
    match line
        .bytes()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    {
        None => true,
        Some(i) if line.as_bytes()[i] < 0x80 => false,
        Some(i) => line[i..].trim().is_empty(),
    }
}

fn has_directive(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"healthlint-").is_some()
}

/// Rough prose being written.
struct Rough<'a> {
    out: &'a mut String,
    /// White space is pending: written before the next word.
    space: bool,
    format: Format,
}

/// What a byte is to rough prose: copied as it is, white space, the start of a non-ASCII
/// character, or (in markup) the start of markup.
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const NON_ASCII: u8 = 2;
const SPECIAL: u8 = 3;

/// The bytes that start markup.
const MARKUP: [u8; 8] = *b"<&*_~`[]";

/// How to read a text: the class of each byte, and the bytes of a plain run (see
/// [`crate::runs::plain_run`]). The `N` bytes that start markup (none in plain text) are
/// special and stop a run.
struct Reading<const N: usize> {
    classes: [u8; 256],
    run: RunBytes<N>,
}

impl<const N: usize> Reading<N> {
    const fn new(specials: [u8; N]) -> Self {
        let run = RunBytes::but(specials);
        let mut classes = [SPECIAL; 256];
        let mut b = 0;
        while b < 256 {
            classes[b] = if run.is_plain(b as u8) {
                PLAIN
            } else if b >= 0x80 {
                NON_ASCII
            } else if b <= b' ' as usize || b == 0x7f {
                SPACE
            } else {
                SPECIAL
            };
            b += 1;
        }
        Self { classes, run }
    }
}

const WITH_MARKUP: Reading<8> = Reading::new(MARKUP);
const WITHOUT_MARKUP: Reading<0> = Reading::new([]);

/// Elements read as raw text whose content is never prose: skipped in HTML up to their end tag.
fn raw_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "title"
            | "textarea"
            | "iframe"
            | "xmp"
            | "noembed"
            | "noframes"
            | "noscript"
    )
}

/// Attributes whose values are prose in HTML and Markdown.
const PROSE_ATTRIBUTES: &[&str] = &["alt", "title"];

impl Rough<'_> {
    /// Plain text, normalised.
    fn text(&mut self, s: &str) {
        crate::prose::normalise_into(self.out, s, &mut self.space);
    }

    /// A space between words.
    fn gap(&mut self) {
        self.space = !self.out.is_empty() && !self.out.ends_with('\n');
    }

    /// The end of a block.
    fn line_break(&mut self) {
        self.space = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Text with markup: emphasis and link brackets dropped, tags dropped or turned into
    /// spaces or line breaks, character references decoded; normalised as it goes.
    fn markup(&mut self, text: &str) -> Option<()> {
        self.read(text, &WITH_MARKUP)
    }

    /// Text, normalised as [`crate::prose::normalise`] does, with markup if `reading` says so:
    /// runs of plain ASCII are copied in one go.
    fn read<const N: usize>(&mut self, text: &str, reading: &Reading<N>) -> Option<()> {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            at += match reading.classes[b as usize] {
                PLAIN => {
                    let end = plain_run(bytes, at, &reading.run);
                    if std::mem::take(&mut self.space) {
                        self.out.push(' ');
                    }
                    self.out.push_str(&text[at..end]);
                    end - at
                }
                SPACE => {
                    self.gap();
                    1
                }
                NON_ASCII => {
                    let len = text[at..].chars().next().map_or(1, char::len_utf8);
                    self.text(&text[at..at + len]);
                    len
                }
                _ => self.special(text, at)?,
            };
        }
        Some(())
    }

    /// Markup that starts at `at` in `text`: how many bytes it takes; `None` for a character
    /// reference this pass does not decode.
    fn special(&mut self, text: &str, at: usize) -> Option<usize> {
        let tail = &text[at..];
        Some(match tail.as_bytes()[0] {
            b'<' => match tag(tail) {
                Some(tag) => self.tag(text, at, &tag),
                None => {
                    self.text("<");
                    1
                }
            },
            b'&' => match REFERENCES.iter().find(|(r, _)| tail.starts_with(r)) {
                Some((r, to)) => {
                    self.text(to);
                    r.len()
                }
                None => match numeric_reference(tail)
                    .map(|(c, len)| (c.to_string(), len))
                    .or_else(|| named_reference(tail))
                {
                    Some((decoded, len)) => {
                        self.text(&decoded);
                        len
                    }
                    None if looks_like_reference(tail) => return None,
                    None => {
                        self.text("&");
                        1
                    }
                },
            },
            b']' => {
                self.gap();
                1
            }
            _ => 1,
        })
    }

    /// Write what a tag at `at` in `text` stands for; returns how many bytes it and any
    /// skipped content take.
    fn tag(&mut self, text: &str, at: usize, tag: &TagInfo<'_>) -> usize {
        match tag.effect {
            Tag::Joins => {}
            Tag::Separates => self.gap(),
            Tag::Breaks => self.line_break(),
        }
        // Attribute values that are prose: MDX components take copy in any attribute, HTML
        // and Markdown in `alt` and `title`. They are written as words of their own.
        if !tag.closing && !tag.attributes.is_empty() {
            if self.format == Format::Mdx {
                self.gap();
                self.text(tag.attributes);
                self.gap();
            } else if may_hold_prose_attribute(tag.attributes) {
                for value in prose_attribute_values(tag.attributes) {
                    self.gap();
                    // Markup inside a value is text; references are decoded.
                    let _ = self.markup(value);
                    self.gap();
                }
            }
        }
        if self.format == Format::Html && !tag.closing && raw_skipped(tag.name.as_str()) {
            let from = at + tag.len;
            let end =
                find_end_tag(&text[from..], tag.name.as_str()).map_or(text.len(), |i| from + i);
            return end - at;
        }
        tag.len
    }
}

/// The position of `</name` (any case) in `s`.
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memmem::find_iter(bytes, b"</").find(|&i| {
        bytes
            .get(i + 2..i + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Whether attribute text may hold `alt` or `title`: a quick test before reading them, true
/// when an `=` follows a name that ends with either (values are not told apart from names).
fn may_hold_prose_attribute(attributes: &str) -> bool {
    memchr::memchr_iter(b'=', attributes.as_bytes()).any(|eq| {
        let name = attributes[..eq].trim_end().as_bytes();
        PROSE_ATTRIBUTES.iter().any(|p| {
            name.len() >= p.len() && name[name.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
        })
    })
}

/// The values of the `alt` and `title` attributes in a tag's attribute text.
fn prose_attribute_values(attributes: &str) -> impl Iterator<Item = &str> {
    let mut rest = attributes;
    std::iter::from_fn(move || {
        loop {
            let eq = rest.find('=')?;
            let name = rest[..eq].trim_end();
            let name = &name[name
                .rfind(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'')
                .map_or(0, |i| i + 1)..];
            let after = rest[eq + 1..].trim_start();
            let (value, tail) = match after.as_bytes().first() {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let body = &after[1..];
                    let end = body.find(q as char).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or_default())
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = tail;
            if PROSE_ATTRIBUTES
                .iter()
                .any(|p| name.eq_ignore_ascii_case(p))
            {
                return Some(value);
            }
        }
    })
}

/// What a tag does to the words around it in prose.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tag {
    /// An inline element: the words run on (`c<b>ure</b>s`).
    Joins,
    /// A line break or an image: a space.
    Separates,
    /// A block element, or a comment: a new block.
    Breaks,
}

/// A tag read roughly.
#[derive(Debug)]
struct TagInfo<'a> {
    /// Length from `<` to `>`.
    len: usize,
    effect: Tag,
    /// Lower-cased name; empty for a comment or declaration.
    name: Name,
    closing: bool,
    /// The text after the name, up to `>`.
    attributes: &'a str,
}

/// Tags longer than this are taken for text (`p<0.05 ... >`).
const MAX_TAG: usize = 1000;

/// A tag or comment at the start of `s` (`<` then a letter, `/` or `!`).
fn tag(s: &str) -> Option<TagInfo<'_>> {
    let window = &s.as_bytes()[1..s.len().min(MAX_TAG)];
    let end = memchr::memchr2(b'<', b'>', window)? + 1;
    if s.as_bytes()[end] != b'>' {
        return None;
    }
    let inner = &s[1..end];
    if inner.starts_with('!') {
        return Some(TagInfo {
            len: end + 1,
            effect: Tag::Separates,
            name: Name::default(),
            closing: true,
            attributes: "",
        });
    }
    let closing = inner.starts_with('/');
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(inner.len());
    let name = Name::new(&inner[..name_len]);
    let key = name.key();
    let effect = if crate::document::tag_key_ends_block(key) {
        Tag::Breaks
    } else if crate::document::tag_key_separates_inline(key) {
        Tag::Separates
    } else {
        Tag::Joins
    };
    Some(TagInfo {
        len: end + 1,
        effect,
        name,
        closing,
        attributes: &inner[name_len..],
    })
}

/// A tag name, lower-cased, kept inline: names longer than this are of no element that
/// matters here, and read as empty.
#[derive(Debug, Default)]
struct Name {
    bytes: [u8; 16],
    len: usize,
}

impl Name {
    fn new(name: &str) -> Self {
        let mut out = Self::default();
        if let Some(lower) = out.bytes.get_mut(..name.len()) {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            out.len = name.len();
        }
        out
    }

    /// The name's key for looking it up in lists of names: its bytes, big-endian, padded with
    /// zeros, as the HTML reader keys the lists.
    fn key(&self) -> u128 {
        u128::from_be_bytes(self.bytes)
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// A named character reference outside the common ones (`&minus;`, `&eacute;`) at the start
/// of `s`, decoded as HTML does: the text and the reference's length.
fn named_reference(s: &str) -> Option<(String, usize)> {
    let len = s[1..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .filter(|&l| l > 0 && l <= 32)?
        + 1;
    if !s[len..].starts_with(';') {
        return None;
    }
    let reference = &s[..=len];
    let decoded = crate::document::decode_reference(reference)?;
    // A name that only starts with a known one (`&notit;` read as `&not` and "it;") is read
    // differently by Markdown: left to the parser.
    if decoded
        .bytes()
        .any(|b| b.is_ascii_alphanumeric() || b == b';')
    {
        return None;
    }
    Some((decoded, reference.len()))
}

/// A numeric character reference (`&#8217;`, `&#x2019;`) at the start of `s`: the character
/// and the reference's length.
fn numeric_reference(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix("&#")?;
    let (digits, radix, skip) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 3),
        None => (body, 10, 2),
    };
    let len = digits.find(';').filter(|&l| l > 0 && l <= 8)?;
    let code = u32::from_str_radix(&digits[..len], radix).ok()?;
    Some((char::from_u32(code)?, skip + len + 1))
}

/// `&name;` or `&#123;` / `&#x7b;`.
fn looks_like_reference(s: &str) -> bool {
    let body = &s[1..];
    let len = body
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
        .unwrap_or(body.len());
    len > 0 && len <= 32 && body[len..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{MatcherBuilder, parse};

    #[test]
    fn rough_prose_drops_markup_and_keeps_words() {
        assert!(has_directive("<!-- healthlint-disable-file -- why -->"));
        assert!(!has_directive("healthlint is a linter"));
        let html = |text| rough_prose(text, Format::Html);
        let cases = [
            ("It **cures** _the_ ~~flu~~.", "It cures the flu.\n"),
            ("A [cure for](http://x) flu", "A cure for (http://x) flu\n"),
            ("A [cure][1] now", "A cure 1 now\n"),
            ("c<b>ure</b>s <p>flu</p>", "cures\nflu\n"),
            ("cures<br>flu", "cures flu\n"),
            ("it&rsquo;s &nbsp;a&amp;b", "it's a&b\n"),
            ("cu\u{ad}res  \n flu", "cures flu\n"),
            ("a < b and c > d", "a < b and c > d\n"),
            ("p<0.05 for cures (n>30)", "p<0.05 for cures (n>30)\n"),
            ("<!-- note --> cures", "cures\n"),
        ];
        for (text, rough) in cases {
            assert_eq!(html(text).as_deref(), Some(rough), "{text}");
        }
        assert_eq!(html("c&#117;res &#x2019;").as_deref(), Some("cures '\n"));
        assert_eq!(html("&#xZZ; &#;"), None);
        assert_eq!(html("caf&eacute; &minus;2").as_deref(), Some("café -2\n"));
        assert_eq!(html("an &unknownname; here"), None);
        assert_eq!(html("&notit; is not &not;"), None);
        assert_eq!(html("R&D and a & b").as_deref(), Some("R&D and a & b\n"));
        // Attributes that are prose are kept as words of their own; raw text is not prose.
        assert_eq!(
            html(r#"<p>Tea<img src="x.png" alt="cures the flu" title='fast'>now</p>"#).as_deref(),
            Some("Tea cures the flu fast now\n")
        );
        assert_eq!(
            html("<script>var a = '<p>cures flu</p>';</script><STYLE>p{}</STYLE>text").as_deref(),
            Some("text\n")
        );
        assert_eq!(
            rough_prose("Use <Callout title=\"cures flu\">it</Callout>", Format::Mdx).as_deref(),
            Some("Use title=\"cures flu\" it\n")
        );
        assert_eq!(
            rough_prose("It *cures*\nthe flu.\n\n  \nNext", Format::Markdown).as_deref(),
            Some("It cures the flu.\nNext\n")
        );
        assert_eq!(
            rough_prose("a *b*\n\nc", Format::Text).as_deref(),
            Some("a *b*\nc\n")
        );
        let paras: Vec<&str> = paragraphs("\n a\nb\n \n\nc\n").collect();
        assert_eq!(paras, [" a\nb\n", "c\n"]);
        // Unicode white space (a no-break space, a vertical tab) makes a line blank too.
        let paras: Vec<&str> = paragraphs("a\n\u{a0} \u{3000}\nb\n\x0b\r\nc\u{a0}").collect();
        assert_eq!(paras, ["a\n", "b\n", "c\u{a0}"]);
    }

    #[test]
    fn tags_are_told_apart_by_name_in_any_case() {
        let effect = |s: &str| tag(s).map(|t| t.effect);
        assert_eq!(effect("<BLOCKQUOTE>"), Some(Tag::Breaks));
        assert_eq!(effect("</Figcaption>"), Some(Tag::Breaks));
        assert_eq!(effect("<Br/>"), Some(Tag::Separates));
        assert_eq!(effect("<KBD>"), Some(Tag::Separates));
        assert_eq!(effect("<b>"), Some(Tag::Joins));
        assert_eq!(effect("<a-custom-element-name-too-long>"), Some(Tag::Joins));
    }

    #[test]
    fn prose_attributes_are_looked_for_where_a_value_is_given() {
        for (attributes, expected) in [
            (r#" src="x.png" alt="It cures""#, true),
            (r#" ALT = 'x'"#, true),
            (" title\u{a0}=x", true),
            (r#" class="title" data-alt-text"#, false),
            (r#" data-alt-text="x""#, false),
            ("", false),
        ] {
            assert_eq!(
                may_hold_prose_attribute(attributes),
                expected,
                "{attributes}"
            );
            // Never false where a value would be read.
            if prose_attribute_values(attributes).next().is_some() {
                assert!(expected, "{attributes}");
            }
        }
    }

    fn matcher(regexes: &[&str]) -> Matcher {
        let mut b = MatcherBuilder::new();
        let s = b.add_slot();
        for r in regexes {
            b.add_regex(s, r, &parse(r).unwrap());
        }
        b.build().unwrap()
    }

    #[test]
    fn only_files_whose_rough_prose_matches_are_parsed() {
        let m = matcher(&[r"(cures?|heals?) (the )?flu"]);
        let may = |format, text| may_match(&m, format, text, |_| true);
        assert!(may(Format::Markdown, "It *cures*\nthe flu."));
        assert!(may(
            Format::Html,
            "<p>It cu<em>res</em> the <a href=x>flu</a></p>"
        ));
        assert!(!may(Format::Markdown, "It cures colds. The flu is back."));
        assert!(!may(Format::Html, "<p>It cures colds</p><p>The flu</p>"));
        assert!(
            !may(Format::Html, "<p>It cures</p><p>the flu</p>"),
            "two blocks"
        );
        assert!(may(Format::Html, "<p>It cures\n\nthe flu</p>"), "one block");
        assert!(
            !may(Format::Markdown, "It cures\n\nthe flu"),
            "two paragraphs"
        );
        assert!(
            may(Format::Html, "<p>cures the fl&unknownname;</p>"),
            "undecoded reference"
        );
        assert!(
            may(Format::Html, "<p><img alt='It cures the flu'></p>"),
            "alt text"
        );
        assert!(
            !may(Format::Html, "<script>cures the flu</script>"),
            "script"
        );
        let anchored = matcher(&[r"(?m)^for the flu"]);
        assert!(
            may_match(&anchored, Format::Markdown, "- a\n- b", |_| true),
            "line anchors need the prose"
        );
        assert!(
            may(Format::Markdown, "<!-- healthlint-disable-file -->"),
            "directive"
        );
        assert!(may(Format::Text, "p<0.05 and it cures the flu (n>30)"));
        assert!(
            !may(Format::Text, "It c*ures the flu"),
            "plain text has no markup"
        );
        // Rough prose is read lower-cased when every pattern ignores case, as it is when one
        // does not.
        assert!(m.ignores_case());
        assert!(may(Format::Markdown, "It **CURES** The Flu."));
        let cased = matcher(&[r"(?-i:MS) cures", r"heals flu"]);
        assert!(!cased.ignores_case());
        let may_cased = |text| may_match(&cased, Format::Markdown, text, |_| true);
        assert!(may_cased("_MS_ cures") && !may_cased("ms cures") && may_cased("HEALS FLU"));
    }
}
