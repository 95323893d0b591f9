//! Word-level comparison of a text with a statutory wording: find the passage of prose that
//! comes closest to the wording, and say how it differs ("approved" instead of "evaluated",
//! missing "any").

use std::ops::Range;

/// A word of a text with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Word {
    /// Lower-cased, for comparison.
    text: String,
    /// As written, for messages.
    raw: String,
    range: Range<usize>,
}

fn words(text: &str, base: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '\'';
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(Word {
                    text: text[s..i].to_lowercase(),
                    raw: text[s..i].to_string(),
                    range: base + s..base + i,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A passage close to a wording, and how it differs.
#[derive(Clone, Debug, PartialEq)]
pub struct NearMiss {
    /// Byte range of the passage in the text searched.
    pub range: Range<usize>,
    /// Share of the wording's words found in order (0 to 1).
    pub similarity: f64,
    /// The differences, readable: `"approved" instead of "evaluated"`, `missing "any"`.
    pub differences: Vec<String>,
}

/// Words too common to anchor a search.
const COMMON: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "by", "is", "has", "have", "been", "not", "this",
    "these", "that", "for", "any", "in", "on", "with", "be", "are", "was",
];

/// The passage of `text` (offsets from `base`) closest to `wording`, if at least `threshold` of
/// the wording's words appear in it in order, and it is not the wording itself.
pub fn near_miss(text: &str, base: usize, wording: &str, threshold: f64) -> Option<NearMiss> {
    let want = words(wording, 0);
    let have = words(text, base);
    if want.is_empty() || have.is_empty() {
        return None;
    }
    let anchors: Vec<&str> = want
        .iter()
        .map(|w| w.text.as_str())
        .filter(|w| w.len() > 3 && !COMMON.contains(w))
        .collect();
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut tried = Vec::new();
    for (i, w) in have.iter().enumerate() {
        if !anchors.contains(&w.text.as_str()) {
            continue;
        }
        let from = i.saturating_sub(want.len());
        let to = (i + want.len()).min(have.len());
        if tried.iter().any(|(f, t)| *f <= from && to <= *t) {
            continue;
        }
        tried.push((from, to));
        let (score, span) = align(&want, &have[from..to]);
        if score > best.as_ref().map_or(0, |b| b.0) {
            best = Some((score, from + span.start..from + span.end));
        }
    }
    let (score, span) = best?;
    let similarity = score as f64 / want.len() as f64;
    let passage = &have[span.clone()];
    let exact =
        passage.len() == want.len() && passage.iter().zip(&want).all(|(a, b)| a.text == b.text);
    if similarity < threshold || exact {
        return None;
    }
    Some(NearMiss {
        range: passage[0].range.start..passage[passage.len() - 1].range.end,
        similarity,
        differences: differences(&want, passage, wording),
    })
}

/// Longest common subsequence of words: its length and the span of `have` it covers.
fn align(want: &[Word], have: &[Word]) -> (usize, Range<usize>) {
    let table = lcs_table(want, have);
    let (n, m) = (want.len(), have.len());
    // Walk back to find the first and last matched word of `have`.
    let (mut i, mut j) = (n, m);
    let (mut first, mut last) = (None, None);
    while i > 0 && j > 0 {
        if want[i - 1].text == have[j - 1].text {
            last.get_or_insert(j - 1);
            first = Some(j - 1);
            i -= 1;
            j -= 1;
        } else if table[i - 1][j] >= table[i][j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    match (first, last) {
        (Some(f), Some(l)) => (table[n][m], f..l + 1),
        _ => (0, 0..0),
    }
}

fn lcs_table(want: &[Word], have: &[Word]) -> Vec<Vec<usize>> {
    let mut table = vec![vec![0usize; have.len() + 1]; want.len() + 1];
    for i in 1..=want.len() {
        for j in 1..=have.len() {
            table[i][j] = if want[i - 1].text == have[j - 1].text {
                table[i - 1][j - 1] + 1
            } else {
                table[i - 1][j].max(table[i][j - 1])
            };
        }
    }
    table
}

/// The edits that turn `have` into `want`, grouped into readable phrases.
fn differences(want: &[Word], have: &[Word], wording: &str) -> Vec<String> {
    let table = lcs_table(want, have);
    let (mut i, mut j) = (want.len(), have.len());
    // Edits from the end: (missing wording words, extra passage words), as index ranges.
    let mut ops: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut current: (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let flush = |current: &mut (Vec<usize>, Vec<usize>),
                 ops: &mut Vec<(Vec<usize>, Vec<usize>)>| {
        if !current.0.is_empty() || !current.1.is_empty() {
            ops.push(std::mem::take(current));
        }
    };
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && want[i - 1].text == have[j - 1].text {
            flush(&mut current, &mut ops);
            i -= 1;
            j -= 1;
        } else if j > 0 && (i == 0 || table[i][j - 1] >= table[i - 1][j]) {
            current.1.insert(0, j - 1);
            j -= 1;
        } else {
            current.0.insert(0, i - 1);
            i -= 1;
        }
    }
    flush(&mut current, &mut ops);
    ops.reverse();
    let quote_want = |idx: &[usize]| -> String {
        let (s, e) = (want[idx[0]].range.start, want[idx[idx.len() - 1]].range.end);
        wording[s..e].to_string()
    };
    let quote_have = |idx: &[usize]| -> String {
        idx.iter()
            .map(|&k| have[k].raw.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    ops.iter()
        .map(
            |(missing, extra)| match (missing.is_empty(), extra.is_empty()) {
                (false, false) => format!(
                    "\"{}\" instead of \"{}\"",
                    quote_have(extra),
                    quote_want(missing)
                ),
                (false, true) => format!("missing \"{}\"", quote_want(missing)),
                _ => format!("extra \"{}\"", quote_have(extra)),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DSHEA: &str = "This statement has not been evaluated by the Food and Drug Administration. \
                         This product is not intended to diagnose, treat, cure, or prevent any disease.";

    #[test]
    fn a_near_miss_is_found_and_its_differences_named() {
        let text = "Great stuff. This statement has not been approved by the FDA. This product is not \
                    intended to diagnose, treat, cure, or prevent disease. Buy now.";
        let miss = near_miss(text, 0, DSHEA, 0.5).unwrap();
        assert!(text[miss.range.clone()].starts_with("This statement has not been approved"));
        assert!(text[miss.range.clone()].ends_with("prevent disease"));
        assert_eq!(
            miss.differences,
            [
                "\"approved\" instead of \"evaluated\"",
                "\"FDA\" instead of \"Food and Drug Administration\"",
                "missing \"any\""
            ]
        );
    }

    #[test]
    fn the_exact_wording_and_unrelated_text_are_not_near_misses() {
        assert_eq!(near_miss(&format!("Intro. {DSHEA}"), 0, DSHEA, 0.5), None);
        assert_eq!(
            near_miss("Magnesium supports muscle function.", 0, DSHEA, 0.5),
            None
        );
    }

    #[test]
    fn a_missing_sentence_is_named() {
        let text = "This statement has not been evaluated by the Food and Drug Administration.";
        let miss = near_miss(text, 10, DSHEA, 0.4).unwrap();
        assert_eq!(miss.range, 10..10 + text.len() - 1);
        assert_eq!(
            miss.differences,
            [
                "missing \"This product is not intended to diagnose, treat, cure, or prevent any disease\""
            ]
        );
    }
}
