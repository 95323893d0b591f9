//! Single-file components: Vue, Svelte and Astro.
//!
//! The markup goes through the HTML reader, with interpolations blanked out of a copy of the
//! source (every byte a space, line breaks kept, so offsets still point into the file): Vue's
//! `{{ }}` in the top-level `<template>` (inner `<template>` elements are content: slots and
//! conditionals), Svelte's and Astro's `{ }` expressions and blocks (`{#if}`, `{@html}`). The
//! scripts (`<script>`, `<script setup lang="ts">`, Astro's `---` fenced front matter) go
//! through the JavaScript reader. JSON scripts and templates of other languages are skipped.

use super::html::{self, Dialect};
use super::js::{self, Lang};
use super::{Format, ParseError, ReadOptions};
use crate::prose::{Prose, ProseBuilder};
use crate::span::ByteRange;
use std::ops::Range;

/// Extract the prose of a component starting at byte `start`.
pub fn extract(
    source: &str,
    start: usize,
    format: Format,
    options: &ReadOptions,
) -> (Prose, Option<ParseError>) {
    let start = if source.is_char_boundary(start) {
        start.min(source.len())
    } else {
        0
    };
    let b = source.as_bytes();
    let mut masked = b.to_vec();
    let mut scripts = script_blocks(source, start);
    let raw = raw_blocks(source, start);
    let mut comments = Vec::new();
    let markup = match format {
        Format::Vue => vue_template(source, start).map(|inner| {
            mask_braces(b, &mut masked, inner.clone(), &raw, true, &mut comments);
            (inner, true)
        }),
        _ => {
            let mut from = start;
            if format == Format::Astro
                && let Some((fence, code)) = astro_fence(source, start)
            {
                blank(&mut masked, fence.start, fence.end);
                scripts.insert(0, (code, Lang::Ts));
                from = fence.end;
            }
            mask_braces(b, &mut masked, from..b.len(), &raw, false, &mut comments);
            Some((from..b.len(), false))
        }
    };
    let mut parts: Vec<(usize, Prose)> = Vec::new();
    if let Some((range, template_is_content)) = markup
        && let Ok(masked) = String::from_utf8(masked)
        && masked.len() == source.len()
    {
        let dialect = Dialect {
            template_is_content,
            copy_attributes: &options.copy_attributes,
        };
        parts.push((range.start, html::extract_range(&masked, range, &dialect)));
    }
    let mut error = None;
    for (range, lang) in scripts {
        let (prose, e) = js::extract(source, range.clone(), lang, options);
        error = error.or(e);
        parts.push((range.start, prose));
    }
    parts.sort_by_key(|(at, _)| *at);
    let mut builder = ProseBuilder::new();
    for (_, prose) in parts {
        builder.append(prose);
    }
    let mut prose = builder.finish();
    prose.comments.extend(comments);
    prose.comments.sort_by_key(|c| (c.start, c.end));
    prose.comments.dedup();
    (prose, error)
}

/// Find `needle` (ASCII, compared without case) in `b` from `from`.
fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// The end of the start tag whose `<` is at `at`: after its `>` (quoted values skipped).
fn tag_close(b: &[u8], at: usize) -> usize {
    let mut j = at + 1;
    let mut quote = None;
    while j < b.len() {
        match (quote, b[j]) {
            (Some(q), c) if c == q => quote = None,
            (None, c @ (b'"' | b'\'')) => quote = Some(c),
            (None, b'>') => return j + 1,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// The value of an attribute in a start tag's text, lower-cased.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        let before = lower[..i].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = lower[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        };
        return Some(value.to_string());
    }
    None
}

/// The contents of the `<script>` elements to read as JavaScript, with their language.
fn script_blocks(source: &str, start: usize) -> Vec<(Range<usize>, Lang)> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while let Some(at) = find_ci(b, i, b"<script") {
        let after = b.get(at + 7).copied();
        if !after.is_some_and(|c| c.is_ascii_whitespace() || c == b'>' || c == b'/') {
            i = at + 7;
            continue;
        }
        let open_end = tag_close(b, at);
        let close = find_ci(b, open_end, b"</script").unwrap_or(b.len());
        let tag = source.get(at..open_end).unwrap_or_default();
        let ty = attribute(tag, "type").unwrap_or_default();
        let lang = attribute(tag, "lang").unwrap_or_default();
        let is_js = ty.is_empty()
            || ty.contains("javascript")
            || ty == "module"
            || ty.contains("typescript");
        if is_js && !tag.ends_with("/>") {
            let lang = match lang.as_str() {
                "ts" | "typescript" => Lang::Ts,
                "tsx" => Lang::Tsx,
                _ => Lang::Jsx,
            };
            out.push((open_end..close, lang));
        }
        i = close.max(open_end);
        if i >= b.len() {
            break;
        }
    }
    out
}

/// Script and style elements, where braces are code.
fn raw_blocks(source: &str, start: usize) -> Vec<Range<usize>> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    for (open, close) in [(&b"<script"[..], &b"</script"[..]), (b"<style", b"</style")] {
        let mut i = start;
        while let Some(at) = find_ci(b, i, open) {
            let end = find_ci(b, at, close).map_or(b.len(), |e| tag_close(b, e));
            out.push(at..end);
            i = end.max(at + 1);
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// The content of a Vue component's top-level `<template>`, nested templates included.
fn vue_template(source: &str, start: usize) -> Option<Range<usize>> {
    let b = source.as_bytes();
    let at = find_ci(b, start, b"<template")?;
    let tag = source.get(at..tag_close(b, at))?;
    if attribute(tag, "lang").is_some_and(|l| l != "html") {
        return None;
    }
    let inner = at + tag.len();
    let mut depth = 1usize;
    let mut i = inner;
    loop {
        let open = find_ci(b, i, b"<template");
        let close = find_ci(b, i, b"</template");
        match (open, close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                i = o + 9;
            }
            (_, Some(c)) => {
                depth -= 1;
                if depth == 0 {
                    return Some(inner..c);
                }
                i = c + 10;
            }
            (_, None) => return Some(inner..b.len()),
        }
    }
}

/// Astro's code fence at the start: the whole fence and the code inside.
fn astro_fence(source: &str, start: usize) -> Option<(Range<usize>, Range<usize>)> {
    let rest = &source[start..];
    let first = rest.find('\n')?;
    if rest[..first].trim_end() != "---" {
        return None;
    }
    let code = start + first + 1;
    let mut line = code;
    while line < source.len() {
        let end = source[line..].find('\n').map_or(source.len(), |i| line + i);
        if source[line..end].trim_end() == "---" {
            return Some((start..(end + 1).min(source.len()), code..line));
        }
        line = end + 1;
    }
    None
}

/// Blank the interpolations in `range`: `{{ ... }}` (Vue) or `{ ... }` (Svelte, Astro), outside
/// scripts, styles and HTML comments. `{/* healthlint-... */}` comments are recorded.
fn mask_braces(
    b: &[u8],
    out: &mut [u8],
    range: Range<usize>,
    raw: &[Range<usize>],
    double: bool,
    comments: &mut Vec<ByteRange>,
) {
    let mut i = range.start;
    let end = range.end.min(b.len());
    while i < end {
        if let Some(r) = raw.iter().find(|r| r.start == i) {
            i = r.end.max(i + 1);
            continue;
        }
        if b[i..].starts_with(b"<!--") {
            i = b[i..]
                .windows(3)
                .position(|w| w == b"-->")
                .map_or(end, |p| i + p + 3);
            continue;
        }
        if b[i] != b'{' || (double && !b[i..].starts_with(b"{{")) {
            i += 1;
            continue;
        }
        let close = if double {
            b[i + 2..end]
                .windows(2)
                .position(|w| w == b"}}")
                .map(|p| i + 2 + p + 2)
        } else {
            expression_end(b, i, end)
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let inner = std::str::from_utf8(&b[i + 1..close - 1])
            .unwrap_or_default()
            .trim();
        if inner.starts_with("/*") && inner[2..].trim_start().starts_with("healthlint-") {
            comments.push(ByteRange::new(i, close));
        }
        blank(out, i, close);
        i = close;
    }
}

/// The end of the expression `{...}` at `i`: braces balanced, strings and comments skipped.
fn expression_end(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while j < end {
        match b[j] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                let mut k = j + 1;
                while k < end && b[k] != q && (q == b'`' || b[k] != b'\n') {
                    k += if b[k] == b'\\' { 2 } else { 1 };
                }
                j = k;
            }
            b'/' if b.get(j + 1) == Some(&b'*') => {
                j = b[j + 2..end]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(end, |p| j + 2 + p + 1);
            }
            _ => {}
        }
        j += 1;
    }
    None
}

fn blank(out: &mut [u8], from: usize, to: usize) {
    let to = to.min(out.len());
    for c in &mut out[from.min(to)..to] {
        if *c != b'\n' && *c != b'\r' {
            *c = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(src: &str, format: Format) -> Prose {
        extract(src, 0, format, &ReadOptions::default()).0
    }

    fn raw_of<'a>(src: &'a str, p: &Prose, needle: &str) -> &'a str {
        let s = p.text.find(needle).expect("needle in prose");
        &src[p.to_source(s, s + needle.len()).as_range()]
    }

    #[test]
    fn vue_template_and_scripts() {
        let src = "<script setup lang=\"ts\">\nimport Hero from './cures-cancer.vue'\nconst tagline: string = \"Our gummies reverse type 2 diabetes.\"\n</script>\n\n\
                   <template>\n  <section :class=\"{ cures: true }\">\n    <h1>{{ title }} heals eczema</h1>\n    <template v-if=\"a\"><p>Slot text here.</p></template>\n    <img :src=\"x\" alt=\"Tea that cures cancer\">\n  </section>\n</template>\n\n\
                   <style scoped>.cures { cancer: 1 }</style>\n";
        let p = prose(src, Format::Vue);
        assert_eq!(
            p.text,
            "Our gummies reverse type 2 diabetes.\nheals eczema\nSlot text here.\nTea that cures cancer\n"
        );
        assert_eq!(raw_of(src, &p, "heals eczema"), "heals eczema");
        assert_eq!(p.blocks[1].kind, crate::prose::BlockKind::Heading(1));
    }

    #[test]
    fn svelte_blocks_and_expressions_are_masked() {
        let src = "<script>\n  let name = 'x';\n  const note = \"Our tea cures cancer today.\";\n</script>\n\
                   {#if open}<p>Hello {name}, our tea heals eczema.</p>{:else}<p>{@html body}</p>{/if}\n\
                   <style>p { color: red; }</style>";
        let p = prose(src, Format::Svelte);
        assert_eq!(
            p.text,
            "Hello , our tea heals eczema.\nOur tea cures cancer today.\n"
        );
    }

    #[test]
    fn astro_front_matter_is_typescript() {
        let src = "---\nimport Layout from '../layouts/cures-cancer.astro';\nconst claim: string = \"Our drops reverse type 2 diabetes.\";\n---\n\
                   <Layout title=\"Lose weight fast\">\n  <p>{items.map((i) => <li>{i}</li>)} Our tea heals eczema.</p>\n  {/* healthlint-disable-next-line x -- why */}\n</Layout>\n";
        let p = prose(src, Format::Astro);
        assert_eq!(
            p.text,
            "Our drops reverse type 2 diabetes.\nLose weight fast\nOur tea heals eczema.\n"
        );
        assert_eq!(p.comments.len(), 1);
        assert!(src[p.comments[0].as_range()].starts_with("{/* healthlint"));
    }

    #[test]
    fn malformed_input_never_panics() {
        for format in [Format::Vue, Format::Svelte, Format::Astro] {
            for src in [
                "",
                "<template>",
                "<script>",
                "<script lang=ts>const",
                "{",
                "{{",
                "---\n",
                "---\nx",
                "<template><template></template>",
                "\u{e9}{\u{e9}}",
            ] {
                let p = prose(src, format);
                for (i, c) in p.text.char_indices() {
                    let r = p.to_source(i, i + c.len_utf8());
                    assert!(src.get(r.as_range()).is_some(), "{src:?} at {i}");
                }
            }
        }
    }
}
