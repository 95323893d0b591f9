//! Every reported byte range slices the original file to the matched words: over every fixture
//! of a text format, the slice is on character boundaries and, decoded (character references,
//! and JavaScript escapes in scripts) and compared letter by letter (markup, punctuation and
//! spacing aside), is what the diagnostic says it matched.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// Letters and digits only, lower-cased: what stays the same between a source slice and the
/// words a reader sees.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `&rsquo;`-style references contribute letters to the raw slice but not to the words:
/// drop them before comparing.
fn without_references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after.find(';') {
            Some(j) if j <= 10 && after[1..j].chars().all(|c| c.is_alphanumeric() || c == '#') => {
                rest = &after[j + 1..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// JavaScript escapes (`\u2019`, `\u{1F600}`, `\x41`, `\n`, `\"`) stand for the characters
/// they name: decode them before comparing.
fn without_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
            let digits: String = (0..n).filter_map(|_| chars.next()).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
        };
        match chars.next() {
            Some('u') if chars.peek() == Some(&'{') => {
                chars.next();
                let digits: String = chars.by_ref().take_while(|c| *c != '}').collect();
                out.extend(
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32),
                );
            }
            Some('u') => out.extend(hex(&mut chars, 4)),
            Some('x') => out.extend(hex(&mut chars, 2)),
            Some('n' | 'r' | 't') => out.push(' '),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Markup tags (`<strong>`) are not words either.
fn without_tags(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn byte_ranges_slice_the_original_file_to_the_matched_words() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("fixtures/") {
        let path = entry.expect("entry").path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !path.is_file() || ext == "docx" {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("fixtures are UTF-8");
        let out = Command::cargo_bin("healthlint")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["check", "--isolated", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        for d in report["diagnostics"].as_array().expect("diagnostics") {
            let (start, end) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            let name = path.display();
            assert!(start <= end && end <= source.len(), "{name}: {d}");
            assert!(
                source.is_char_boundary(start) && source.is_char_boundary(end),
                "{name}: {d}"
            );
            let matched = d["matched"].as_str().unwrap();
            let slice = &source[start..end];
            if d["kind"] == "directive" {
                assert_eq!(slice, matched, "{name}: a directive is quoted as written");
                checked += 1;
                continue;
            }
            let script = matches!(
                ext,
                "js" | "jsx" | "ts" | "tsx" | "vue" | "svelte" | "astro"
            );
            let slice = if script {
                without_escapes(slice)
            } else {
                slice.to_string()
            };
            let raw = letters(&without_tags(&without_references(&slice)));
            assert_eq!(raw, letters(matched), "{name}: {slice:?} vs {matched:?}");
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} diagnostics checked");
}
