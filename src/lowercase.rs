//! Expressions that ignore ASCII case, rewritten for lower-cased text. A text and its
//! lower-cased copy (`A`-`Z` mapped to `a`-`z`, every other byte kept, so offsets, UTF-8 and word
//! characters stay the same) hold the same matches of such an expression; its rewrite without
//! upper-case letters matches the copy exactly where the expression matches the text. A DFA of the
//! rewrite has half the letters to tell apart, and its alternations of words become alternations
//! of literals, which the NFA compiler turns into a trie.

use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

/// Whether a part of an expression ignores ASCII case: no letter in a literal, and each letter
/// of a class with its other case.
pub fn ignores_case(hir: &Hir) -> bool {
    // The ASCII bytes of a class as bits: `A`-`Z` are bits 65-90, `a`-`z` bits 97-122.
    let folds = |ranges: &mut dyn Iterator<Item = (u32, u32)>| {
        let mut bits = 0u128;
        for (start, end) in ranges {
            for b in start..=end.min(0x7f) {
                bits |= 1 << b;
            }
        }
        (bits >> 65) & 0x3ff_ffff == (bits >> 97) & 0x3ff_ffff
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => !literal.0.iter().any(u8::is_ascii_alphabetic),
        HirKind::Class(Class::Bytes(class)) => folds(
            &mut class
                .ranges()
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end()))),
        ),
        HirKind::Class(Class::Unicode(class)) => folds(
            &mut class
                .ranges()
                .iter()
                .filter(|r| r.start() <= '\x7f')
                .map(|r| (u32::from(r.start()), u32::from(r.end()))),
        ),
        HirKind::Repetition(r) => ignores_case(&r.sub),
        HirKind::Capture(c) => ignores_case(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(ignores_case),
    }
}

/// A part of an expression that ignores case, for lower-cased text: its classes without the
/// upper-case letters.
pub fn without_upper_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.difference(&ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(without_upper_case(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => without_upper_case(&c.sub),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_upper_case).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_upper_case).collect())
        }
        HirKind::Empty | HirKind::Look(_) | HirKind::Literal(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;

    fn parse(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .unwrap()
    }

    fn spans(regex: &Regex, text: &str) -> Vec<(usize, usize)> {
        regex
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn the_rewrite_finds_in_lower_case_what_the_expression_finds_as_written() {
        let patterns = [
            r"(?-u:\b)(cures?|treats?|heal(s|ed)?) (your |the )?(cancer|flu|acne)s?(?-u:\b)",
            r"(is|as) (a |an |the )?(\w+ ){0,3}?(cure|treatment) (for|of) [a-z]+",
            r"[A-Z][a-z]+ (says|said)",
            r"[^a-z ]+ly",
            r"\d+(\.\d+)?\s?(%|percent) (more|less)",
            r"(?m)^(made )?for [\w'-]+$",
        ];
        let words = [
            "Cures",
            "cures",
            "TREATS",
            "heals",
            "Healed",
            "your",
            "The",
            "cancer",
            "FLU",
            "Acne",
            "is",
            "As",
            "a",
            "an",
            "big",
            "CURE",
            "Treatment",
            "for",
            "OF",
            "Doctor",
            "says",
            "SAID",
            "QUICKLY",
            "12",
            "3.5",
            "%",
            "Percent",
            "MORE",
            "less",
            "Made",
            "it's",
        ];
        let seps = [" ", " ", " ", ", ", ". ", "\n", "-", "é "];
        let mut compared = 0;
        for pattern in patterns {
            let hir = parse(pattern);
            assert!(ignores_case(&hir), "{pattern}");
            let folded = Regex::builder().build_from_hir(&hir).unwrap();
            let lowered = Regex::builder()
                .build_from_hir(&without_upper_case(&hir))
                .unwrap();
            for text in crate::testing::random_texts(3, &words, &seps, 24).take(500) {
                let expected = spans(&folded, &text);
                compared += expected.len();
                assert_eq!(
                    spans(&lowered, &text.to_ascii_lowercase()),
                    expected,
                    "{pattern} in {text:?}"
                );
            }
        }
        assert!(compared > 200, "the texts hold matches ({compared})");
    }

    #[test]
    fn a_part_that_tells_cases_apart_is_seen() {
        for pattern in [r"(?-i:MS) cures", r"(?-i)[A-Z]+", r"(?-i:a)"] {
            assert!(!ignores_case(&parse(pattern)), "{pattern}");
        }
        for pattern in [r"ms cures", r"[^a-z]", r"\d+%", r"\W\w"] {
            assert!(ignores_case(&parse(pattern)), "{pattern}");
        }
    }
}
