//! Server templates (PHP, Liquid, Nunjucks, Handlebars, EJS, ERB): HTML with template tags.
//!
//! The tags are blanked out of a copy of the source (every byte a space, line breaks kept), so
//! every offset still points into the original file, and the HTML reader reads the copy: what it
//! finds is exactly the page's own copy, with `<?php ?>`, `{{ }}`, `{% %}`, `{# #}`, `<% %>` and
//! the bodies of Liquid's `comment`, `raw`, `schema`, `javascript` and `style` blocks left out.
//! HTML comments stay, so suppression directives work as in HTML.

use super::html::{self, Dialect};
use super::{Format, ReadOptions};
use crate::prose::Prose;

/// Extract the prose of a template starting at byte `start`.
pub fn extract(source: &str, start: usize, format: Format, options: &ReadOptions) -> Prose {
    let masked = mask(source, format);
    let dialect = Dialect {
        template_is_content: false,
        copy_attributes: &options.copy_attributes,
    };
    match String::from_utf8(masked) {
        Ok(m) if m.len() == source.len() => html::extract_range(&m, start..m.len(), &dialect),
        _ => html::extract_range(source, start..source.len(), &dialect),
    }
}

/// Opening and closing delimiters of the tags of a template language, longest first.
fn delimiters(format: Format) -> &'static [(&'static str, &'static str)] {
    match format {
        Format::Php => &[("<?php", "?>"), ("<?=", "?>"), ("<?", "?>")],
        Format::Liquid => &[("{%", "%}"), ("{{", "}}")],
        Format::Nunjucks => &[("{#", "#}"), ("{%", "%}"), ("{{", "}}")],
        Format::Handlebars => &[("{{!--", "--}}"), ("{{{", "}}}"), ("{{", "}}")],
        Format::Ejs | Format::Erb => &[("<%#", "%>"), ("<%", "%>")],
        _ => &[],
    }
}

/// Liquid blocks whose bodies are not copy.
const LIQUID_RAW: &[&str] = &[
    "comment",
    "raw",
    "schema",
    "javascript",
    "style",
    "stylesheet",
];

/// The source with template tags blanked.
pub(super) fn mask(source: &str, format: Format) -> Vec<u8> {
    let b = source.as_bytes();
    let mut out = b.to_vec();
    let delims = delimiters(format);
    let mut i = 0;
    while i < b.len() {
        let Some((open, close)) = delims
            .iter()
            .find(|(o, _)| b[i..].starts_with(o.as_bytes()))
        else {
            i += 1;
            continue;
        };
        let body = i + open.len();
        let end = tag_end(b, body, close.as_bytes(), format);
        // A Liquid block whose body is code or a comment: blank up to its end tag.
        let end = if format == Format::Liquid && *open == "{%" {
            let name = liquid_tag_name(&b[body..end]);
            match LIQUID_RAW.iter().find(|n| **n == name) {
                Some(n) => liquid_block_end(b, end, n).unwrap_or(end),
                None => end,
            }
        } else {
            end
        };
        blank(&mut out, i, end);
        i = end;
    }
    out
}

/// The end of a tag whose body starts at `from`: after its closing delimiter, or the end of the
/// text (PHP files often leave the last block open). Strings inside PHP and ERB code are skipped
/// so that a `?>` inside quotes does not end the tag.
fn tag_end(b: &[u8], from: usize, close: &[u8], format: Format) -> usize {
    let mut j = from;
    while j < b.len() {
        if b[j..].starts_with(close) {
            return j + close.len();
        }
        if matches!(format, Format::Php | Format::Erb | Format::Ejs)
            && let q @ (b'"' | b'\'') = b[j]
            && let Some(k) = string_end(b, j + 1, q)
        {
            j = k;
            continue;
        }
        j += 1;
    }
    b.len()
}

/// The end of a string whose quote `q` opened before `from`, when it closes on the same line
/// (an apostrophe in a comment closes nothing).
fn string_end(b: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut k = from;
    while k < b.len() && b[k] != b'\n' {
        match b[k] {
            b'\\' => k += 2,
            c if c == q => return Some(k + 1),
            _ => k += 1,
        }
    }
    None
}

fn liquid_tag_name(body: &[u8]) -> String {
    let body = body.strip_prefix(b"-").unwrap_or(body);
    body.trim_ascii_start()
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .map(|&c| c as char)
        .collect()
}

/// The end of `{% endNAME %}` after `from`.
fn liquid_block_end(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let want = format!("end{name}");
    let mut j = from;
    while let Some(p) = b[j..].windows(2).position(|w| w == b"{%") {
        let at = j + p;
        let end = tag_end(b, at + 2, b"%}", Format::Liquid);
        if liquid_tag_name(&b[at + 2..end.saturating_sub(2).max(at + 2)]) == want {
            return Some(end);
        }
        j = end;
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
        extract(src, 0, format, &ReadOptions::default())
    }

    fn raw_of<'a>(src: &'a str, p: &Prose, needle: &str) -> &'a str {
        let s = p.text.find(needle).expect("needle in prose");
        &src[p.to_source(s, s + needle.len()).as_range()]
    }

    #[test]
    fn template_tags_are_not_prose() {
        let cases: &[(Format, &str, &str)] = &[
            (
                Format::Php,
                "<?php $claim = 'cures cancer'; ?>\n<h1><?= $title ?></h1>\n<p>Our tea <?php echo 'x'; ?>heals eczema.</p>\n<?php if ($a) { echo \"?> cures cancer\"; }",
                "Our tea heals eczema.\n",
            ),
            (
                Format::Liquid,
                "{% comment %}Our tea cures cancer.{% endcomment %}\n<p>{{ product.title | escape }} heals eczema.</p>\n{% schema %}{\"name\": \"cures cancer\"}{% endschema %}\n{%- if x -%}<p>Yes</p>{%- endif -%}",
                "heals eczema.\nYes\n",
            ),
            (
                Format::Nunjucks,
                "{# cures cancer #}<p>{{ name }} heals {% if a %}eczema{% endif %}.</p>",
                "heals eczema .\n",
            ),
            (
                Format::Handlebars,
                "{{!-- cures cancer --}}<p>{{{body}}} heals {{#if a}}eczema{{/if}}.</p>",
                "heals eczema .\n",
            ),
            (
                Format::Ejs,
                "<%# cures cancer %><p><%= name %> heals <% if (a) { %>eczema<% } %>.</p>",
                "heals eczema .\n",
            ),
            (
                Format::Erb,
                "<%# cures cancer %><p><%= @name %> heals <% if a -%>eczema<% end %>.</p>",
                "heals eczema .\n",
            ),
        ];
        for (format, src, want) in cases {
            assert_eq!(prose(src, *format).text, *want, "{format}: {src}");
        }
    }

    #[test]
    fn offsets_point_into_the_original() {
        let src = "<p>{{ product.vendor }} gummies cure&nbsp;type 2 diabetes.</p>\n<!-- healthlint-disable-next-line x -- why -->\n";
        let p = prose(src, Format::Liquid);
        assert_eq!(raw_of(src, &p, "cure type 2"), "cure&nbsp;type 2");
        assert_eq!(p.comments.len(), 1);
    }

    #[test]
    fn copy_attributes_are_read() {
        let src = "<input placeholder=\"Your goal weight\"><img alt=\"{{ product.title }} tea\">";
        let p = prose(src, Format::Liquid);
        assert_eq!(p.text, "Your goal weight\ntea\n");
    }

    #[test]
    fn malformed_input_never_panics() {
        for format in [
            Format::Php,
            Format::Liquid,
            Format::Nunjucks,
            Format::Handlebars,
            Format::Ejs,
            Format::Erb,
        ] {
            for src in [
                "",
                "<?",
                "{%",
                "{{",
                "<%",
                "{% comment",
                "<?php 'unclosed",
                "\u{e9}{{\u{e9}}}",
                "{% raw %}x",
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
