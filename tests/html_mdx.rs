//! The HTML and MDX readers, end to end: planted findings at their exact places, nothing from
//! scripts, styles, SVG, templates, code or JSX props, byte ranges that read as what is reported,
//! and real CDC pages (CRLF, scripts, inline SVG) in `tests/data/cdc/`.

use assert_cmd::Command;
use healthlint::document::{Document, Format};
use regex::Regex;
use serde_json::Value;
use std::ops::Range;
use std::path::Path;

const HTML_FIXTURES: &[&str] = &["fixtures/cms-export.html", "fixtures/clinic-crlf.html"];
const MDX_FIXTURES: &[&str] = &["fixtures/next-page.mdx"];
const CDC_PAGES: &[&str] = &[
    "tests/data/cdc/23_0277e.html",
    "tests/data/cdc/24_0003.html",
    "tests/data/cdc/24_0143.html",
];

fn diagnostics(path: &str) -> Vec<Value> {
    let out = Command::cargo_bin("healthlint")
        .expect("binary is built")
        .env_remove("NO_COLOR")
        .args(["check", "--isolated", "--format", "json", path])
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .clone()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).expect("readable fixture")
}

fn byte_range(d: &Value) -> Range<usize> {
    d["byte_start"].as_u64().unwrap() as usize..d["byte_end"].as_u64().unwrap() as usize
}

/// (rule, line, column, matched) of every diagnostic.
fn places(path: &str) -> Vec<(String, u64, u64, String)> {
    diagnostics(path)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn place(rule: &str, line: u64, column: u64, matched: &str) -> (String, u64, u64, String) {
    (rule.to_string(), line, column, matched.to_string())
}

const DISEASE: &str = "us-fda-ftc/disease-claim";

#[test]
fn cms_export_findings_are_exactly_the_planted_ones() {
    assert_eq!(
        places("fixtures/cms-export.html"),
        [
            // Alt text is prose; its entities are decoded and the column is the raw one.
            place(DISEASE, 19, 66, "reverses Alzheimer\u{2019}s disease"),
            // Entities earlier on the line do not shift the column.
            place(DISEASE, 22, 56, "treats arthritis"),
            // A claim split by inline tags is one claim.
            place(DISEASE, 23, 48, "cures cancer"),
            // A title attribute is prose.
            place(DISEASE, 36, 51, "heals eczema"),
        ]
    );
}

#[test]
fn crlf_page_findings_are_exactly_the_planted_ones() {
    assert_eq!(
        places("fixtures/clinic-crlf.html"),
        [
            place(DISEASE, 15, 51, "treat arthritis"),
            place(DISEASE, 17, 67, "reverse type 2 diabetes"),
            // `<br>` is a line break inside the paragraph, not the end of it.
            place(DISEASE, 22, 16, "cures cancer"),
            place("us-fda-ftc/miracle-cure", 24, 18, "miracle cure"),
        ]
    );
}

#[test]
fn mdx_findings_are_exactly_the_planted_ones() {
    assert_eq!(
        places("fixtures/next-page.mdx"),
        [
            // Children of a JSX element are prose.
            place(DISEASE, 19, 13, "reverse type 2 diabetes"),
            // Inline JSX joins the words around it.
            place(DISEASE, 24, 36, "treat arthritis"),
            // Indented children do not become indented code.
            place(DISEASE, 34, 18, "heal eczema"),
        ]
    );
}

/// Byte ranges of the source matched by the patterns.
fn ranges(text: &str, patterns: &[&str]) -> Vec<Range<usize>> {
    patterns
        .iter()
        .flat_map(|p| {
            Regex::new(p)
                .expect("pattern compiles")
                .find_iter(text)
                .map(|m| m.range())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Elements of an HTML page whose text is never prose, from the start tag to the end tag.
fn html_non_prose(text: &str, elements: &[&str]) -> Vec<Range<usize>> {
    let patterns: Vec<String> = elements
        .iter()
        .map(|e| format!(r"(?is)<{e}\b[^>]*>.*?</{e}\s*>"))
        .collect();
    let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
    ranges(text, &patterns)
}

const NOT_PROSE: &[&str] = &[
    "head", "script", "style", "svg", "noscript", "template", "pre", "code",
];

/// JSX tags with their props, expressions, ESM and fenced code of the MDX fixture.
fn mdx_non_prose(text: &str) -> Vec<Range<usize>> {
    ranges(
        text,
        &[
            r"</?[A-Za-z][^<>]*>",
            r"(?s)\{/\*.*?\*/\}",
            r"\{[A-Za-z.]+\}",
            r"(?m)^import .*$",
            r"(?s)export const metadata = \{.*?\n\}",
            r"(?s)```jsx\n.*?```",
        ],
    )
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// No diagnostic starts or ends in a range that is not prose (one may run across an inline tag),
/// and no letter of the extracted prose comes from one.
fn assert_nothing_from(path: &str, non_prose: &[Range<usize>]) {
    assert!(!non_prose.is_empty(), "{path}: no ranges to check");
    for d in diagnostics(path) {
        let r = byte_range(&d);
        let inside = |n: &&Range<usize>| n.contains(&r.start) || n.contains(&(r.end.max(1) - 1));
        if let Some(bad) = non_prose.iter().find(inside) {
            panic!("{path}: diagnostic {d} inside non-prose bytes {bad:?}");
        }
    }
    let text = read(path);
    let format = Format::from_path(Path::new(path)).expect("known format");
    let doc = Document::parse(&text, format);
    let mut letters = 0;
    for (i, c) in doc.prose.text.char_indices() {
        if !c.is_alphanumeric() {
            continue;
        }
        letters += 1;
        let r = doc.prose.to_source(i, i + c.len_utf8()).as_range();
        if let Some(bad) = non_prose.iter().find(|n| overlaps(&r, n)) {
            panic!(
                "{path}: prose {c:?} from {r:?} ({:?}) inside non-prose bytes {bad:?}",
                &text[r.clone()]
            );
        }
    }
    assert!(
        letters > 100,
        "{path}: too little prose ({letters} letters)"
    );
}

#[test]
fn nothing_comes_from_scripts_styles_svg_templates_or_code() {
    for path in HTML_FIXTURES {
        let text = read(path);
        let non_prose = html_non_prose(&text, NOT_PROSE);
        // The traps are really there.
        let trapped = non_prose
            .iter()
            .filter(|r| text[(*r).clone()].contains("cures"))
            .count();
        assert!(trapped >= 3, "{path}: only {trapped} traps");
        assert_nothing_from(path, &non_prose);
    }
}

#[test]
fn nothing_comes_from_jsx_props_expressions_esm_or_code_fences() {
    for path in MDX_FIXTURES {
        let text = read(path);
        let non_prose = mdx_non_prose(&text);
        let trapped = non_prose
            .iter()
            .filter(|r| text[(*r).clone()].contains("cures cancer"))
            .count();
        assert!(trapped >= 5, "{path}: only {trapped} traps");
        assert_nothing_from(path, &non_prose);
    }
}

#[test]
fn nothing_comes_from_scripts_styles_or_svg_of_real_cdc_pages() {
    for path in CDC_PAGES {
        let text = read(path);
        assert!(text.len() < 200_000, "{path} is too big for a test page");
        assert!(text.contains("\r\n"), "{path} has CRLF line endings");
        let non_prose = html_non_prose(&text, &["script", "style", "svg", "head"]);
        assert!(
            non_prose
                .iter()
                .any(|r| text[r.clone()].starts_with("<svg")),
            "{path} has inline SVG"
        );
        assert_nothing_from(path, &non_prose);
    }
}

/// Decode the character references of HTML text (those the fixtures and test pages use).
fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", "\u{a0}"),
        ("rsquo", "\u{2019}"),
        ("lsquo", "\u{2018}"),
        ("ldquo", "\u{201c}"),
        ("rdquo", "\u{201d}"),
        ("ndash", "\u{2013}"),
        ("mdash", "\u{2014}"),
        ("eacute", "\u{e9}"),
        ("aacute", "\u{e1}"),
        ("ntilde", "\u{f1}"),
        ("ge", "\u{2265}"),
        ("deg", "\u{b0}"),
        ("middot", "\u{b7}"),
        ("copy", "\u{a9}"),
        ("rsaquo", "\u{203a}"),
    ];
    let re = Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);").unwrap();
    re.replace_all(s, |c: &regex::Captures<'_>| {
        let name = &c[1];
        let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok()
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok()
        } else {
            return NAMED
                .iter()
                .find(|(n, _)| *n == name)
                .map_or_else(|| c[0].to_string(), |(_, v)| v.to_string());
        };
        code.and_then(char::from_u32)
            .map_or_else(|| c[0].to_string(), String::from)
    })
    .into_owned()
}

/// What a reader sees of raw source text: tags removed (`<br>` and `<img>` read as spaces),
/// character references decoded, white space collapsed.
fn as_read(raw: &str) -> String {
    let tags = Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9.:-]*)[^<>]*>").unwrap();
    let untagged = tags.replace_all(raw, |c: &regex::Captures<'_>| {
        match c[2].to_ascii_lowercase().as_str() {
            "br" | "img" => " ",
            _ => "",
        }
    });
    let decoded = decode_entities(&untagged);
    decoded
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_reported_range_reads_as_what_is_matched() {
    let mut checked = 0;
    for path in HTML_FIXTURES.iter().chain(MDX_FIXTURES).chain(CDC_PAGES) {
        let text = read(path);
        for d in diagnostics(path) {
            let r = byte_range(&d);
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end) && r.start <= r.end,
                "{path}: {r:?} is not a range of characters"
            );
            let matched = d["matched"].as_str().unwrap();
            assert_eq!(
                as_read(&text[r.clone()]),
                matched,
                "{path}: bytes {r:?} = {:?}",
                &text[r.clone()]
            );
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} diagnostics checked");
}

/// The findings in a copy of a fixture with some text replaced.
fn places_in_edited(path: &str, edit: impl Fn(&str) -> String) -> Vec<(String, u64, u64, String)> {
    let text = read(path);
    let edited = edit(&text);
    assert_ne!(edited, text, "{path}: the edit changes nothing");
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = dir.path().join(Path::new(path).file_name().unwrap());
    std::fs::write(&copy, edited).expect("write copy");
    places(copy.to_str().unwrap())
}

/// The claims split over two blocks are real claims: in one block they are found.
#[test]
fn claims_split_over_blocks_would_be_found_in_one_block() {
    for (path, line, boundary, joined, matched) in [
        (
            "fixtures/cms-export.html",
            24,
            "reverse</p>\n      <p>type 2",
            "reverse type 2",
            "reverse type 2 diabetes",
        ),
        (
            "fixtures/clinic-crlf.html",
            20,
            "reverse</td><td>type 2",
            "reverse type 2",
            "reverse type 2 diabetes",
        ),
        (
            "fixtures/clinic-crlf.html",
            25,
            "heals</li>\r\n<li>eczema",
            "heals eczema",
            "heals eczema",
        ),
    ] {
        assert!(!places(path).iter().any(|p| p.1 == line), "{path}");
        let found = places_in_edited(path, |t| t.replace(boundary, joined));
        assert!(
            found.iter().any(|p| p.1 == line && p.3 == matched),
            "{path}: {found:?}"
        );
    }
}

/// The directives suppress a real finding, and are not reported themselves.
#[test]
fn directives_suppress_the_next_line() {
    let directive = Regex::new(r"<!-- healthlint-disable-next-line [^>]*-->").unwrap();
    for (path, line, matched) in [
        ("fixtures/cms-export.html", 38, "treat arthritis"),
        ("fixtures/clinic-crlf.html", 33, "miracle cure"),
    ] {
        let with = places(path);
        assert!(!with.iter().any(|p| p.1 == line), "{path}: {with:?}");
        assert!(
            !with.iter().any(|p| p.0.starts_with("healthlint/")),
            "{path}: {with:?}"
        );
        let without = places_in_edited(path, |t| directive.replace_all(t, "").into_owned());
        assert!(
            without.iter().any(|p| p.1 == line && p.3 == matched),
            "{path}: {without:?}"
        );
    }
}
