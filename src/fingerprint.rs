//! Stable fingerprints of diagnostics, for baselines and for CI formats that track findings
//! across runs (SARIF `partialFingerprints`, GitLab Code Quality). A fingerprint depends on the
//! rule, the path and the matched words with a little of their line around them, never on line
//! numbers, so text inserted above a finding does not change it.

use crate::diagnostic::Diagnostic;
use std::collections::HashMap;

/// Characters of the line kept on each side of the match.
const CONTEXT: usize = 40;

/// FNV-1a, 64 bits: small, and stable across platforms and compiler versions.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A path as fingerprints see it: forward slashes, no leading `./`.
pub fn normal_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut p = path.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

/// Lower-cased, with every run of whitespace one space.
fn normal_text(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The match with up to [`CONTEXT`] characters of its own lines on each side.
/// The line ends are looked for only as far as the context can reach (characters take up to
/// four bytes), so many findings along one long line do not each scan all of it.
fn surroundings(source: &str, start: usize, end: usize) -> &str {
    surroundings_within(source, start, end, 4 * (CONTEXT + 1))
}

/// [`surroundings`], looking for the line ends up to `reach` bytes either side of the match.
fn surroundings_within(source: &str, start: usize, end: usize, reach: usize) -> &str {
    let (start, end) = (start.min(source.len()), end.min(source.len()));
    let from = (start.saturating_sub(reach)..=start)
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(start);
    let to = (end..=end.saturating_add(reach).min(source.len()))
        .rev()
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(end);
    let line_start = source[from..start]
        .rfind('\n')
        .map_or(from, |i| from + i + 1);
    let line_end = source[end..to].find('\n').map_or(to, |i| end + i);
    let before = source[line_start..start]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(line_start, |(i, _)| line_start + i);
    let after = source[end..line_end]
        .char_indices()
        .nth(CONTEXT)
        .map_or(line_end, |(i, _)| end + i);
    &source[before..after]
}

/// Set the fingerprint of every diagnostic of one file. Equal findings in one file are told
/// apart by their order (`…:2`, `…:3`).
pub fn assign(diagnostics: &mut [Diagnostic], source: &str) {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for d in diagnostics {
        // Something missing (a required disclaimer) has no words of its own: its place moves
        // with any edit, so it is known by rule and path alone.
        let context = if d.range.start == d.range.end {
            String::new()
        } else {
            normal_text(surroundings(source, d.range.start, d.range.end))
        };
        let hash = fnv1a(&[&d.rule, &normal_path(&d.path), &context]);
        let n = seen.entry(hash).or_insert(0);
        *n += 1;
        d.fingerprint = if *n == 1 {
            format!("{hash:016x}")
        } else {
            format!("{hash:016x}:{n}")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surroundings_look_only_as_far_as_the_context_reaches() {
        let source = format!(
            "{}\nshort cures\n{}\n€",
            "𝄞é cures x ".repeat(60),
            "a cures 😀 ".repeat(50)
        );
        let starts: Vec<usize> = (0..=source.len())
            .filter(|&i| source.is_char_boundary(i))
            .collect();
        for (k, &start) in starts.iter().enumerate() {
            for &end in starts[k..].iter().take(4) {
                assert_eq!(
                    surroundings(&source, start, end),
                    surroundings_within(&source, start, end, usize::MAX),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn surroundings_stay_on_the_line_and_respect_characters() {
        let text = "first line\nIt – truly – cures cancer, they say.\nlast";
        let start = text.find("cures").unwrap();
        let end = start + "cures cancer".len();
        assert_eq!(
            surroundings(text, start, end),
            "It – truly – cures cancer, they say."
        );
        let long = format!("{}cures{}", "é".repeat(60), "x".repeat(60));
        let start = long.find("cures").unwrap();
        let s = surroundings(&long, start, start + 5);
        assert_eq!(s.chars().count(), CONTEXT * 2 + 5);
    }

    #[test]
    fn hashes_are_stable_and_paths_normal() {
        assert_eq!(fnv1a(&[""]), 0xaf63_bd4c_8601_b7df);
        assert_eq!(normal_path(".\\content\\a.md"), "content/a.md");
        assert_eq!(normal_path("././a.md"), "a.md");
        assert_eq!(normal_text("  Cures\n  CANCER "), "cures cancer");
    }
}
