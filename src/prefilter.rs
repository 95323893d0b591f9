//! Deciding from a file's text alone, before it is parsed, that no rule can fire in it.
//!
//! A file none of whose active rules can fire without a match (banned, conditional and
//! citation rules) needs parsing only if its prose may hold a match. The file's *rough prose*
//! holds every match its prose holds, and is made in one cheap pass: Markdown emphasis and
//! link brackets dropped, HTML tags dropped (inline ones, which join the words around them) or
//! turned into spaces (the others), the common character references decoded, characters
//! mapped and white space collapsed as in prose, one line per paragraph (Markdown, text) or
//! block element (HTML), as matches never cross blocks. What prose leaves out (code, scripts)
//! stays in, which can only add matches. A file with a character reference the pass does not
//! decode, or a `healthlint` directive, is always parsed; so are formats other than Markdown,
//! MDX, text and HTML.
//!
//! The rough prose goes through the same matcher as prose, for the trigger slots only: with a
//! list of banned phrases, most files of a large repository need no parsing at all.

use crate::document::Format;
use crate::matcher::{Matcher, SlotId};

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
    // Rough prose drops markup characters: a pattern that can match one needs the prose.
    if format != Format::Text
        && (0..matcher.slot_count() as SlotId).any(|s| wanted(s) && matcher.matches_markup(s))
    {
        return true;
    }
    // One line per paragraph (Markdown and text) or block element (HTML): matches never cross
    // them, and short lines keep the searches along lines short.
    let rough = match format {
        Format::Text => Some(lines(paragraphs(text).map(crate::prose::normalise))),
        Format::Html => rough_prose(text),
        _ => paragraphs(text)
            .map(rough_prose)
            .collect::<Option<Vec<_>>>()
            .map(|p| lines(p.into_iter())),
    };
    match rough {
        Some(rough) => !matcher.scan(&rough, wanted).is_empty(),
        None => true,
    }
}

/// The paragraphs of a text: its runs of lines between blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
            if !rest[..end].trim().is_empty() {
                break;
            }
            rest = &rest[end..];
        }
        if rest.is_empty() {
            return None;
        }
        let mut at = 0;
        while at < rest.len() {
            let end = rest[at..].find('\n').map_or(rest.len(), |i| at + i + 1);
            if rest[at..end].trim().is_empty() {
                break;
            }
            at = end;
        }
        let (paragraph, tail) = rest.split_at(at);
        rest = tail;
        Some(paragraph)
    })
}

/// Pieces joined as lines.
fn lines(pieces: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for piece in pieces.filter(|p| !p.is_empty()) {
        out.push_str(&piece);
        out.push('\n');
    }
    out
}

fn has_directive(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"healthlint-").is_some()
}

/// The rough prose of a text (see the module documentation); `None` when it holds a character
/// reference that is not decoded here.
fn rough_prose(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&', '*', '_', '~', '`', '[', ']']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let used = match tail.as_bytes()[0] {
            b'<' => match tag(tail) {
                Some((len, effect)) => {
                    match effect {
                        Tag::Joins => {}
                        Tag::Separates => out.push(' '),
                        Tag::Breaks => out.push(BREAK),
                    }
                    len
                }
                None => {
                    out.push('<');
                    1
                }
            },
            b'&' => match REFERENCES.iter().find(|(r, _)| tail.starts_with(r)) {
                Some((r, to)) => {
                    out.push_str(to);
                    r.len()
                }
                None => match numeric_reference(tail) {
                    Some((c, len)) => {
                        out.push(c);
                        len
                    }
                    None if looks_like_reference(tail) => return None,
                    None => {
                        out.push('&');
                        1
                    }
                },
            },
            b']' => {
                out.push(' ');
                1
            }
            _ => 1,
        };
        rest = &tail[used..];
    }
    out.push_str(rest);
    Some(lines(out.split(BREAK).map(crate::prose::normalise)))
}

/// Marks the end of a block element in rough prose, until the lines are made.
const BREAK: char = '\u{e000}';

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

/// Tags longer than this are taken for text (`p<0.05 ... >`).
const MAX_TAG: usize = 1000;

/// A tag or comment at the start of `s` (`<` then a letter, `/` or `!`): its length, and what
/// it does to the words around it.
fn tag(s: &str) -> Option<(usize, Tag)> {
    let window = &s.as_bytes()[1..s.len().min(MAX_TAG)];
    let end = window.iter().position(|&b| b == b'<' || b == b'>')? + 1;
    if s.as_bytes()[end] != b'>' {
        return None;
    }
    let inner = &s[1..end];
    if inner.starts_with('!') {
        return Some((end + 1, Tag::Separates));
    }
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(inner.len());
    let name = inner[..name_len].to_ascii_lowercase();
    let effect = if crate::document::tag_ends_block(&name) {
        Tag::Breaks
    } else if crate::document::tag_separates_words(&name) {
        Tag::Separates
    } else {
        Tag::Joins
    };
    Some((end + 1, effect))
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
            assert_eq!(rough_prose(text).as_deref(), Some(rough), "{text}");
        }
        assert_eq!(
            rough_prose("c&#117;res &#x2019;").as_deref(),
            Some("cures '\n")
        );
        assert_eq!(rough_prose("&#xZZ; &#;"), None);
        assert_eq!(rough_prose("caf&eacute;"), None);
        assert_eq!(
            rough_prose("R&D and a & b").as_deref(),
            Some("R&D and a & b\n")
        );
        let paras: Vec<&str> = paragraphs("\n a\nb\n \n\nc\n").collect();
        assert_eq!(paras, [" a\nb\n", "c\n"]);
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
            may(Format::Html, "<p>cures the fl&uuml;</p>"),
            "undecoded reference"
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
    }
}
