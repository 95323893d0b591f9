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
    every_leaf(hir, &|leaf| match leaf.kind() {
        HirKind::Literal(literal) => !literal.0.iter().any(u8::is_ascii_alphabetic),
        HirKind::Class(class) => {
            let (upper, lower) = letters(class);
            upper == lower
        }
        _ => true,
    })
}

/// Whether an expression parsed as written (telling cases apart, with no group that does not)
/// matches a lower-cased text where it matches the text itself ignoring case: no upper-case
/// letter in a literal, and none in a class without its lower case (`[A-Z]`, `[[:upper:]]`,
/// `[@-_]`, `\x41` do not pass, nor, to be safe, `[^a-z]`; `[a-k]` and `\w` do).
pub fn names_no_upper_case(hir: &Hir) -> bool {
    every_leaf(hir, &|leaf| match leaf.kind() {
        HirKind::Literal(literal) => !literal.0.iter().any(u8::is_ascii_uppercase),
        HirKind::Class(class) => {
            let (upper, lower) = letters(class);
            upper & !lower == 0
        }
        _ => true,
    })
}

/// Whether `test` holds for every literal, class, look and empty part of an expression.
fn every_leaf(hir: &Hir, test: &dyn Fn(&Hir) -> bool) -> bool {
    match hir.kind() {
        HirKind::Repetition(r) => every_leaf(&r.sub, test),
        HirKind::Capture(c) => every_leaf(&c.sub, test),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().all(|s| every_leaf(s, test))
        }
        _ => test(hir),
    }
}

/// The ASCII letters of a class, as bits (`A`/`a` is bit 0): upper case, lower case.
fn letters(class: &Class) -> (u32, u32) {
    let mut bits = 0u128;
    let mut add = |start: u32, end: u32| {
        for b in start..=end.min(0x7f) {
            bits |= 1 << b;
        }
    };
    match class {
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .filter(|r| r.start() <= '\x7f')
            .for_each(|r| add(u32::from(r.start()), u32::from(r.end()))),
    }
    (
        ((bits >> 65) & 0x3ff_ffff) as u32,
        ((bits >> 97) & 0x3ff_ffff) as u32,
    )
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
        parse_with(pattern, true)
    }

    fn parse_with(pattern: &str, case_insensitive: bool) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
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
            r"vitamin [a-k]\d* (lowers|cuts) [^a-z ]+",
            r"[A-Z]+ says",
            r"[[:upper:]][a-z]+ (says|said)",
            r"\x44octor [@-_]",
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
            "Vitamin",
            "d3",
            "B12",
            "c",
            "Cuts",
            "lowers",
            "X",
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
            // Parsed as written, where it names no upper-case letter.
            let written = parse_with(pattern, false);
            let as_written = names_no_upper_case(&written)
                .then(|| Regex::builder().build_from_hir(&written).unwrap());
            for text in crate::testing::random_texts(3, &words, &seps, 24).take(500) {
                let expected = spans(&folded, &text);
                compared += expected.len();
                let lower = text.to_ascii_lowercase();
                assert_eq!(spans(&lowered, &lower), expected, "{pattern} in {text:?}");
                if let Some(regex) = &as_written {
                    assert_eq!(spans(regex, &lower), expected, "{pattern} in {text:?}");
                }
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
        // Parsed as written: what names an upper-case letter without its lower case.
        for pattern in [r"[A-Z]", r"[[:upper:]]", r"[@-_]", r"\x41", r"Cure"] {
            assert!(
                !names_no_upper_case(&parse_with(pattern, false)),
                "{pattern}"
            );
        }
        for pattern in [r"[a-k]", r"\w\W", r"[[:lower:]]", r"(?i)cure", r"cure"] {
            assert!(
                names_no_upper_case(&parse_with(pattern, false)),
                "{pattern}"
            );
        }
    }
}
