//! MDX: Markdown with ESM (`import`/`export`), JSX elements and `{expressions}`.
//!
//! The parts that are code are blanked out of a copy of the source: every byte becomes a space,
//! line breaks stay, so every offset still points into the original file. The Markdown reader then
//! reads the copy: what it finds is exactly the Markdown prose, and text between JSX tags (the
//! children of `<Callout>`) stays prose while tags, their props and expressions do not.
//!
//! Blanked:
//! - `import`/`export` blocks at the start of a line after a blank line, up to the blank line
//!   that ends them (multi-line exports included);
//! - JSX tags (`<Callout type="warning">`, `</Callout>`, `<Chart data={x} />`, `<>`), with their
//!   props, except `<sup>`, which the Markdown reader reads for reference numbers;
//! - expressions and MDX comments (`{year}`, `{/* note */}`).
//!
//! Never blanked: fenced code (JSX in a code sample stays code), inline code, HTML comments
//! (suppression directives are read from them) and anything that does not parse as one of the
//! above, which is left to the Markdown reader as it is.
//!
//! MDX has no indented code blocks, and blanking a tag at the start of a line can indent the
//! text after it: lines the Markdown reader would take for indented code get one byte of their
//! indentation turned into a control character, which makes them text again and reads as white
//! space.

use crate::prose::Prose;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Extract the prose of MDX text starting at byte `start`.
pub fn extract(source: &str, start: usize) -> Prose {
    let start = if source.is_char_boundary(start) {
        start.min(source.len())
    } else {
        0
    };
    let (mut masked, fences) = mask(source, start);
    for _ in 0..4 {
        let text = String::from_utf8_lossy(&masked);
        let patches = indented_code(&text, start, &fences);
        if patches.is_empty() {
            break;
        }
        for at in patches {
            if let Some(c @ (b' ' | b'\t')) = masked.get_mut(at) {
                *c = 0x01;
            }
        }
    }
    let mut prose = match String::from_utf8(masked.clone()) {
        Ok(m) if m.len() == source.len() => super::markdown::extract(&m, start),
        _ => super::markdown::extract(source, start),
    };
    // MDX comments (`{/* healthlint-disable-next-line ... */}`) carry directives as HTML
    // comments do in Markdown: those the mask blanked as expressions, outside code.
    let mut at = start;
    while let Some(i) = source[at..].find("{/*").map(|i| at + i) {
        let end = source[i..].find("*/}").map_or(source.len(), |e| i + e + 3);
        if masked.get(i) == Some(&b' ') {
            prose.comments.push(crate::span::ByteRange::new(i, end));
        }
        at = end;
    }
    prose.comments.sort_by_key(|c| c.start);
    prose
}

/// The source with ESM, JSX tags and expressions blanked out, and the byte ranges of fenced code.
fn mask(source: &str, start: usize) -> (Vec<u8>, Vec<std::ops::Range<usize>>) {
    let b = source.as_bytes();
    let mut out = b.to_vec();
    let mut fences = Vec::new();
    let mut blank_before = true;
    let mut i = start;
    while i < b.len() {
        let line_end = line_end(b, i);
        let next = next_line(b, i);
        let line = &b[i..line_end];
        if let Some((ch, n)) = fence_open(line) {
            let end = fence_close(b, next, ch, n);
            fences.push(i..end);
            i = end;
            blank_before = false;
            continue;
        }
        if blank_before && is_esm_start(line) {
            let end = esm_end(b, i);
            blank(&mut out, i, end);
            i = end;
            blank_before = false;
            continue;
        }
        let blank_line = line.iter().all(u8::is_ascii_whitespace);
        if !blank_line {
            i = scan_inline(b, &mut out, i);
        } else {
            i = next;
        }
        blank_before = blank_line;
    }
    (out, fences)
}

/// Scan from `i` to the end of the paragraph-like run of lines that starts there (up to a blank
/// line, a fence or the end), blanking JSX and expressions. Returns where to go on.
fn scan_inline(b: &[u8], out: &mut [u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\n' => {
                i += 1;
                let end = line_end(b, i);
                let line = &b[i..end];
                if line.iter().all(u8::is_ascii_whitespace) || fence_open(line).is_some() {
                    return i;
                }
            }
            b'\\' => i += 2,
            b'`' => i = code_span_end(b, i),
            b'<' if b[i..].starts_with(b"<!--") => {
                i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            }
            b'<' => match jsx_tag(b, i) {
                Some((end, name)) if !is_blank_free(b, i, end) || name == "sup" => i += 1,
                Some((end, _)) => {
                    blank(out, i, end);
                    i = end;
                }
                None => i += 1,
            },
            b'{' => match expression_end(b, i) {
                Some(end) if is_blank_free(b, i, end) => {
                    blank(out, i, end);
                    i = end;
                }
                _ => i += 1,
            },
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether no blank line lies between `from` and `to`: a tag never spans paragraphs.
fn is_blank_free(b: &[u8], from: usize, to: usize) -> bool {
    let mut blank = false;
    for &c in &b[from..to.min(b.len())] {
        match c {
            b'\n' if blank => return false,
            b'\n' => blank = true,
            b' ' | b'\t' | b'\r' => {}
            _ => blank = false,
        }
    }
    true
}

fn blank(out: &mut [u8], from: usize, to: usize) {
    let to = to.min(out.len());
    for c in &mut out[from.min(to)..to] {
        if *c != b'\n' && *c != b'\r' {
            *c = b' ';
        }
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

fn next_line(b: &[u8], i: usize) -> usize {
    (line_end(b, i) + 1).min(b.len())
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The content of a line after its indentation, block-quote markers and a list marker.
fn line_content(line: &[u8]) -> &[u8] {
    let mut i = 0;
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'>') {
        i += 1;
    }
    let rest = &line[i..];
    let marker = match rest.first() {
        Some(b'-' | b'*' | b'+') => 1,
        Some(c) if c.is_ascii_digit() => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            match rest.get(digits) {
                Some(b'.' | b')') => digits + 1,
                _ => 0,
            }
        }
        _ => 0,
    };
    if marker > 0 && matches!(rest.get(marker), Some(b' ' | b'\t')) {
        let mut j = marker;
        while j < rest.len() && matches!(rest[j], b' ' | b'\t') {
            j += 1;
        }
        &rest[j..]
    } else {
        rest
    }
}

/// A line that opens fenced code: the fence character and length.
fn fence_open(line: &[u8]) -> Option<(u8, usize)> {
    let content = line_content(line);
    let ch = *content.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = content.iter().take_while(|&&c| c == ch).count();
    if n < 3 || (ch == b'`' && content[n..].contains(&b'`')) {
        return None;
    }
    Some((ch, n))
}

/// The end of fenced code whose body starts at `i`: after its closing line, or the end.
fn fence_close(b: &[u8], mut i: usize, ch: u8, n: usize) -> usize {
    while i < b.len() {
        let end = line_end(b, i);
        let content = line_content(&b[i..end]);
        let run = content.iter().take_while(|&&c| c == ch).count();
        if run >= n && content[run..].iter().all(u8::is_ascii_whitespace) {
            return next_line(b, i);
        }
        i = next_line(b, i);
    }
    b.len()
}

/// `import` or `export` at the very start of a line, followed by what makes it a statement
/// (`import x from`, `import {`, `export const`...), not by a word of prose.
fn is_esm_start(line: &[u8]) -> bool {
    let words = |rest: &[u8]| -> Option<(Vec<u8>, Vec<u8>)> {
        if !rest.first()?.is_ascii_whitespace() {
            return None;
        }
        let rest = rest.trim_ascii_start();
        let word: Vec<u8> = rest
            .iter()
            .copied()
            .take_while(|&c| is_name_char(c))
            .collect();
        Some((word, rest.to_vec()))
    };
    if let Some(rest) = line.strip_prefix(b"import") {
        if rest.first().is_some_and(|c| b"{*\"'".contains(c)) {
            return true;
        }
        let Some((word, rest)) = words(rest) else {
            return false;
        };
        word.is_empty() && rest.first().is_some_and(|c| b"{*\"'".contains(c))
            || !word.is_empty() && find(&rest, word.len(), b"from").is_some()
    } else if let Some(rest) = line.strip_prefix(b"export") {
        if rest.first().is_some_and(|c| b"{*".contains(c)) {
            return true;
        }
        let Some((word, rest)) = words(rest) else {
            return false;
        };
        const KEYWORDS: &[&[u8]] = &[
            b"const",
            b"let",
            b"var",
            b"function",
            b"class",
            b"default",
            b"async",
            b"type",
            b"interface",
            b"enum",
            b"declare",
        ];
        KEYWORDS.contains(&word.as_slice()) || rest.first().is_some_and(|c| b"{*".contains(c))
    } else {
        false
    }
}

/// The end of an ESM block starting at `i`: the statement goes on while brackets are open, and
/// over following lines that continue it (indented, closing brackets, more `import`/`export`);
/// it never takes in a line that reads as prose.
fn esm_end(b: &[u8], i: usize) -> usize {
    let mut depth: usize = 0;
    let mut j = i;
    while j < b.len() {
        let end = line_end(b, j);
        depth = js_depth(&b[j..end], depth);
        let next = next_line(b, j);
        if next >= b.len() || end >= b.len() {
            return b.len();
        }
        let next_end = line_end(b, next);
        let following = &b[next..next_end];
        let blank = following.iter().all(u8::is_ascii_whitespace);
        let continues = depth > 0
            || is_esm_start(following)
            || following
                .first()
                .is_some_and(|c| matches!(c, b' ' | b'\t' | b'}' | b')' | b']' | b'.'));
        if (blank && depth == 0) || (!blank && !continues) {
            return next;
        }
        j = next;
    }
    b.len()
}

/// Bracket depth of JavaScript after a line, skipping strings and comments (roughly: enough to
/// know whether a statement is still open).
fn js_depth(line: &[u8], mut depth: usize) -> usize {
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'' | b'`') => {
                if let Some(p) = line[i + 1..].iter().position(|&c| c == q) {
                    i += p + 1;
                }
            }
            b'/' if line.get(i + 1) == Some(&b'/') => break,
            _ => {}
        }
        i += 1;
    }
    depth
}

/// The end of the code span that starts at `i` (a run of backticks), or of the run when nothing
/// closes it.
fn code_span_end(b: &[u8], i: usize) -> usize {
    let n = b[i..].iter().take_while(|&&c| c == b'`').count();
    let mut j = i + n;
    while j < b.len() {
        match b[j] {
            b'`' => {
                let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                if m == n {
                    return j + m;
                }
                j += m;
            }
            b'\n' => {
                let end = line_end(b, j + 1);
                if b[(j + 1).min(b.len())..end]
                    .iter()
                    .all(u8::is_ascii_whitespace)
                {
                    break;
                }
                j += 1;
            }
            _ => j += 1,
        }
    }
    i + n
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'-')
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A JSX name (`Callout`, `Foo.Bar`, `svg:rect`, `my-element`) at `i`: its end.
fn jsx_name(b: &[u8], i: usize) -> Option<usize> {
    if !is_name_start(*b.get(i)?) {
        return None;
    }
    let mut j = i + 1;
    loop {
        while j < b.len() && is_name_char(b[j]) {
            j += 1;
        }
        match b.get(j) {
            Some(b'.' | b':') if b.get(j + 1).copied().is_some_and(is_name_start) => j += 1,
            _ => return Some(j),
        }
    }
}

/// A JSX tag starting at `i` (`<`): its end and its name.
fn jsx_tag(b: &[u8], i: usize) -> Option<(usize, String)> {
    let mut j = i + 1;
    let closing = b.get(j) == Some(&b'/');
    if closing {
        j = skip_space(b, j + 1);
    }
    if b.get(j) == Some(&b'>') {
        return Some((j + 1, String::new()));
    }
    let name_end = jsx_name(b, j)?;
    let name = String::from_utf8_lossy(&b[j..name_end]).to_ascii_lowercase();
    j = name_end;
    // The name must end where the tag's syntax goes on: `<https://x>` and `a<b` are no tags.
    if !matches!(b.get(j), Some(c) if c.is_ascii_whitespace() || matches!(c, b'>' | b'/' | b'{')) {
        return None;
    }
    loop {
        j = skip_space(b, j);
        match *b.get(j)? {
            b'>' => return Some((j + 1, name)),
            b'/' if b.get(j + 1) == Some(&b'>') => return Some((j + 2, name)),
            b'{' if !closing => j = expression_end(b, j)?,
            c if is_name_start(c) && !closing => {
                j += 1;
                while j < b.len() && (is_name_char(b[j]) || matches!(b[j], b':' | b'.')) {
                    j += 1;
                }
                let after = skip_space(b, j);
                if b.get(after) == Some(&b'=') {
                    j = skip_space(b, after + 1);
                    j = match *b.get(j)? {
                        q @ (b'"' | b'\'') => j + 1 + b[j + 1..].iter().position(|&c| c == q)? + 1,
                        b'{' => expression_end(b, j)?,
                        _ => return None,
                    };
                }
            }
            _ => return None,
        }
    }
}

/// The end of the expression `{...}` that starts at `i`: braces balanced, strings, template
/// literals and comments skipped. `None` when nothing closes it.
fn expression_end(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            q @ (b'"' | b'\'') => {
                // A string ends on its line; a lone quote is an apostrophe in JSX text.
                let end = line_end(b, j + 1);
                if let Some(p) = b[j + 1..end].iter().position(|&c| c == q) {
                    j += p + 1;
                }
            }
            b'`' => {
                let p = b[j + 1..].iter().position(|&c| c == b'`')?;
                j += p + 1;
            }
            b'/' if b.get(j + 1) == Some(&b'*') => {
                j = find(b, j + 2, b"*/")? + 1;
            }
            b'/' if b.get(j + 1) == Some(&b'/') => {
                j = line_end(b, j);
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// Bytes to turn into a control character so that no line reads as indented code: one per line
/// of indented code outside fenced code, the first byte of its code indentation.
fn indented_code(text: &str, start: usize, fences: &[std::ops::Range<usize>]) -> Vec<usize> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let b = text.as_bytes();
    let mut patches = Vec::new();
    let mut in_code = false;
    let mut skip = false;
    for (event, range) in Parser::new_ext(&text[start..], options).into_offset_iter() {
        let (from, to) = (range.start + start, range.end + start);
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                in_code = true;
                skip = fences.iter().any(|f| f.start < to && from < f.end);
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if in_code && !skip => {
                let line_start = b[..from]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |p| p + 1);
                let mut p = from;
                let mut cols = 0;
                while cols < 4 && p > line_start && matches!(b[p - 1], b' ' | b'\t') {
                    cols += if b[p - 1] == b'\t' { 4 } else { 1 };
                    p -= 1;
                }
                if p < from {
                    patches.push(p);
                }
            }
            _ => {}
        }
    }
    patches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(src: &str) -> Prose {
        extract(src, 0)
    }

    #[test]
    fn esm_is_not_prose() {
        let src = "import { Callout } from \"./callout\"\nimport Chart from './chart'\n\n\
                   export const meta = {\n  title: \"Our tea cures cancer\",\n\n  tags: [\"x\"],\n}\n\n\
                   # Title\n\nText.\n";
        let p = prose(src);
        assert_eq!(p.text, "Title\nText.\n");
    }

    #[test]
    fn an_import_word_in_a_paragraph_is_prose() {
        let p = prose("Text\nimport duties apply.\n\nexport markets grow.\n\nimport them all.\n");
        assert_eq!(
            p.text,
            "Text import duties apply.\nexport markets grow.\nimport them all.\n"
        );
    }

    #[test]
    fn jsx_tags_and_props_are_not_prose_but_children_are() {
        let src = "<Callout type=\"warning\" title=\"cures cancer\">\nOur gummies reverse type 2 diabetes.\n</Callout>\n\n\
                   <Chart data={[1, 2]} label=\"cures cancer\" />\n\n\
                   Inline <Tip kind='x'>tea</Tip> and {props.count} cups {/* cures cancer */}.\n";
        let p = prose(src);
        assert_eq!(
            p.text,
            "Our gummies reverse type 2 diabetes.\nInline tea and cups .\n"
        );
        let s = p.text.find("Our gummies").unwrap();
        let r = p.to_source(s, s + "Our gummies".len());
        assert_eq!(&src[r.as_range()], "Our gummies");
    }

    #[test]
    fn a_tag_before_text_does_not_make_indented_code() {
        let src = "<Callout type=\"warning\">Our tea cures cancer.</Callout>\n\n  <Note>\n    Indented child text.\n  </Note>\n";
        let p = prose(src);
        assert_eq!(p.text, "Our tea cures cancer.\nIndented child text.\n");
        let s = p.text.find("cures cancer").unwrap();
        let r = p.to_source(s, s + 12);
        assert_eq!(&src[r.as_range()], "cures cancer");
    }

    #[test]
    fn a_tag_after_a_list_marker_keeps_the_item_prose() {
        let src = "- <Chip>Our</Chip> tea cures cancer.\r\n- second\r\n";
        let p = prose(src);
        assert_eq!(p.text, "Our tea cures cancer.\nsecond\n");
        assert_eq!(p.blocks[0].kind, crate::prose::BlockKind::ListItem);
    }

    #[test]
    fn code_stays_code() {
        let src = "```jsx\n<Callout>cures cancer</Callout>\n{x}\n```\n\n\
                   Use `<Chart data={x} />` here.\n\n\
                   <Tabs>\n  <Tab>\n    ```js\n    const a = \"cures cancer\";\n    ```\n  </Tab>\n</Tabs>\n";
        let p = prose(src);
        assert_eq!(p.text, "Use \u{1a} here.\n");
    }

    #[test]
    fn comments_stay_for_directives_and_autolinks_stay_links() {
        let src =
            "<!-- healthlint-disable-next-line x -- why -->\nText <https://example.org> a<b.\n";
        let p = prose(src);
        assert_eq!(p.comments.len(), 1);
        assert_eq!(p.text, "Text a<b.\n");
    }

    #[test]
    fn mdx_comments_carry_directives_but_not_in_code() {
        let src = "{/* healthlint-disable-next-line x -- why */}\nOur tea cures cancer.\n\n```jsx\n{/* healthlint-disable-file -- example */}\n```\n";
        let p = prose(src);
        assert_eq!(p.comments.len(), 1);
        let c = p.comments[0];
        assert_eq!(
            &src[c.start..c.end],
            "{/* healthlint-disable-next-line x -- why */}"
        );
        assert!(!p.text.contains("healthlint"));
    }

    #[test]
    fn superscripts_are_left_to_the_markdown_reader() {
        let p = prose("It works<sup>2</sup>.\n");
        assert_eq!(p.text, "It works.\n");
        assert_eq!(p.markers.len(), 1);
    }

    #[test]
    fn malformed_input_never_panics() {
        for src in [
            "",
            "<",
            "{",
            "}",
            "<A",
            "<A b=",
            "<A b=\"",
            "<A {",
            "import",
            "export {",
            "```",
            "`",
            "<!--",
            "{`",
            "{/*",
            "<A>\u{e9}</A>",
            "\u{e9}<\u{e9}>",
            "<A b={\"}\"} />x",
            "export default function() {\n  return <p>x</p>\n}\n\ny",
        ] {
            let p = prose(src);
            for (i, c) in p.text.char_indices() {
                let r = p.to_source(i, i + c.len_utf8());
                assert!(src.get(r.as_range()).is_some(), "{src:?} at {i}");
            }
        }
    }
}
