//! Sentence boundaries inside one block of normalised prose. A block (paragraph, heading, list
//! item, table cell) never shares a sentence with another block.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes and brackets after it) followed by
//! white space, except after abbreviations (Dr., e.g., U.S., vs., No. 5), initials (J. Smith),
//! and ellipses followed by a lower-case word. Decimals and doses (2.5 mg) never end a sentence
//! because no space follows their point.

use std::ops::Range;

/// Words that end with a full stop without ending the sentence (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "al", "inc", "ltd", "co", "corp", "jr", "sr",
    "fig", "figs", "approx", "cf", "dept", "univ", "mt", "ft", "gen", "gov", "sen", "rep", "rev",
    "hon", "vol", "pp", "ch", "sec", "ed", "eds", "est", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "mg", "mcg", "incl", "ca",
];

/// Split `text` into sentence ranges. Leading and trailing spaces are left out of each range.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // From one full stop, exclamation or question mark to the next.
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[i.min(bytes.len())..]) {
        i += found;
        let b = bytes[i];
        // Take the whole run of terminal punctuation, spaced ellipses included (". . .").
        let mut end = i + 1;
        while end < bytes.len() {
            match bytes[end] {
                b'.' | b'!' | b'?' => end += 1,
                b' ' if bytes.get(end + 1) == Some(&b'.') && b == b'.' => end += 2,
                _ => break,
            }
        }
        let run = &text[i..end];
        let ellipsis = run.matches('.').count() >= 3 || run.contains(". .");
        // Closing quotes and brackets belong to the sentence they close.
        while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
            end += 1;
        }
        let next_word = text[end..].trim_start();
        let spaced = end == bytes.len() || bytes[end] == b' ';
        let boundary = spaced
            && (next_word.is_empty()
                || if b == b'.' && !ellipsis && run.len() == 1 {
                    !is_abbreviation(text, i, next_word) && starts_sentence(next_word)
                } else if ellipsis {
                    starts_sentence(next_word)
                        && !next_word.starts_with(|c: char| c.is_ascii_digit())
                } else {
                    true
                });
        if boundary {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        i = end.max(i + 1);
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if start + lead < end - trail {
        out.push(start + lead..end - trail);
    }
}

/// Whether the word after a full stop can begin a new sentence.
fn starts_sentence(next: &str) -> bool {
    next.chars()
        .find(|c| !matches!(c, '"' | '\'' | '(' | '['))
        .is_some_and(|c| !c.is_lowercase())
}

/// Whether the full stop at `dot` closes an abbreviation or an initial.
fn is_abbreviation(text: &str, dot: usize, next: &str) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"'))
        .map_or(0, |i| i + 1);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // The list is lower-case ASCII: an ASCII word is compared without a lower-cased copy.
    let lower = (!word.is_ascii()).then(|| word.to_lowercase());
    let is = |listed: &str| match &lower {
        None => word.eq_ignore_ascii_case(listed),
        Some(lower) => lower == listed,
    };
    if is("no") || is("nos") {
        return next.starts_with(|c: char| c.is_ascii_digit());
    }
    // Initials and dotted abbreviations: "J.", "U.S.", "e.g.", "i.e.", "a.m.".
    let mut chars = word.chars();
    let single_capital = chars.next().is_some_and(|c| c.is_uppercase()) && chars.next().is_none();
    single_capital || word.contains('.') || ABBREVIATIONS.iter().any(|a| is(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_terminal_punctuation() {
        assert_eq!(
            sentences("It works. Does it cure cancer? No! Ask your doctor."),
            [
                "It works.",
                "Does it cure cancer?",
                "No!",
                "Ask your doctor."
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences(
                "Dr. Smith and J. Jones (e.g. in the U.S. trial) took 2.5 mg vs. placebo. Next."
            ),
            [
                "Dr. Smith and J. Jones (e.g. in the U.S. trial) took 2.5 mg vs. placebo.",
                "Next."
            ]
        );
        assert_eq!(
            sentences("See No. 5 on St. Mark's list."),
            ["See No. 5 on St. Mark's list."]
        );
        assert_eq!(
            sentences("There is no. Then more."),
            ["There is no.", "Then more."]
        );
        // Any case, and words that are not ASCII.
        assert_eq!(
            sentences("Ask DR. Lee about NO. 7 in Café. Then more. Über. Fin!"),
            [
                "Ask DR. Lee about NO. 7 in Café.",
                "Then more.",
                "Über.",
                "Fin!"
            ]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            sentences("He said \"it cures cancer.\" The FDA disagreed. (See the letter.) End"),
            [
                "He said \"it cures cancer.\"",
                "The FDA disagreed.",
                "(See the letter.)",
                "End"
            ]
        );
    }

    #[test]
    fn ellipses_split_only_before_a_new_sentence() {
        assert_eq!(
            sentences("Astragalus . . . combats herpes. It is... good... Really."),
            [
                "Astragalus . . . combats herpes.",
                "It is... good...",
                "Really."
            ]
        );
    }

    #[test]
    fn lower_case_after_a_stop_continues_the_sentence() {
        assert_eq!(
            sentences("Approx. three people. ok then"),
            ["Approx. three people. ok then"]
        );
    }
}
