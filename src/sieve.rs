//! The sieve: one lazy DFA for every expression and phrase of a matcher, loosened so that it
//! matches wherever any of them does (and perhaps a little more). A line of text where the sieve
//! finds nothing holds no match of any, so the literal automaton and the searches after it skip
//! that line; in a corpus where most lines hold none, one pass of a DFA replaces the literal
//! automaton's pass and most of the searches it starts.
//!
//! Two things keep its DFA cheap to build and small. Its NFA is a trie: alternatives that start
//! alike share their start (`(cure|heal)s? X` is spread into `cures? X` and `heals? X` first), so
//! a DFA state holds a few NFA states for the many ways a match may start. And when every
//! expression ignores ASCII case, it reads lower-cased text, with half the letters to tell apart.
//!
//! It pays off only when its DFA stays small: a sieve of many long vocabularies (every disease
//! name after every verb) would build states for most of the text it reads, so it is not made
//! for more than 32 KB of expressions or an NFA larger than 2 MB (`MAX_SOURCE_BYTES`,
//! `MAX_NFA_BYTES`), and a thread whose sieve keeps clearing its cache stops using it.

use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind, hybrid};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind, Look, Repetition};
use std::cell::RefCell;
use std::ops::{ControlFlow, Range};
use std::sync::atomic::{AtomicU64, Ordering};

/// Expressions longer than this in all (the built-in packs' vocabularies run to some 90 KB) are
/// not worth a sieve: its DFA would build states for most of the text it reads.
const MAX_SOURCE_BYTES: usize = 32 << 10;

/// A sieve whose NFA takes more memory than this (some 50,000 states) would cost more to build
/// and search than the literal automaton it stands in for.
const MAX_NFA_BYTES: usize = 2 << 20;

/// Room for the sieve's states in each thread: a list of a few hundred banned phrases needs
/// about 6 MB over a large corpus.
const CACHE_BYTES: usize = 16 << 20;

/// The DFA gives up (and this thread stops using the sieve) once it has cleared its cache this
/// many times while building a state for fewer than [`MIN_BYTES_PER_STATE`] bytes of text.
const MAX_CLEARS: usize = 3;
const MIN_BYTES_PER_STATE: usize = 64;

/// Tells sieves apart, so that a thread's cache is never used with another sieve's DFA.
static NEXT_SIEVE: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's cache of a sieve's DFA, by the sieve's id; `None` once it gave up.
    static CACHE: RefCell<Option<(u64, Option<hybrid::dfa::Cache>)>> = const { RefCell::new(None) };
}

/// One lazy DFA that finds the lines that may hold a match.
#[derive(Debug)]
pub struct Sieve {
    id: u64,
    dfa: hybrid::dfa::DFA,
    /// Every expression ignores ASCII case, and the DFA reads lower-case text only: with half
    /// the letters to tell apart, each of its states takes half the memory.
    lowercase: bool,
}

/// An expression for the sieve: its source as the matcher compiles it, and whether it is
/// compiled in Unicode mode.
pub struct Expression<'a> {
    /// The expression, boundaries added.
    pub source: &'a str,
    /// Whether it is compiled in Unicode mode (see [`crate::matcher::parse`]).
    pub unicode: bool,
}

impl Sieve {
    /// The sieve of these expressions and phrases (phrases match ASCII letters in either case),
    /// or `None` when one does not parse or the sieve would be too large to pay off.
    pub fn build<'a>(
        expressions: impl IntoIterator<Item = Expression<'a>>,
        phrases: &[String],
    ) -> Option<Self> {
        Self::build_with(expressions, phrases, CACHE_BYTES)
    }

    fn build_with<'a>(
        expressions: impl IntoIterator<Item = Expression<'a>>,
        phrases: &[String],
        cache_bytes: usize,
    ) -> Option<Self> {
        let expressions: Vec<Expression<'_>> = expressions.into_iter().collect();
        if expressions.iter().map(|e| e.source.len()).sum::<usize>() > MAX_SOURCE_BYTES {
            return None;
        }
        let mut hirs = Vec::with_capacity(expressions.len() + phrases.len());
        for Expression { source, unicode } in expressions {
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .unicode(unicode)
                .utf8(false)
                .build()
                .parse(source)
                .ok()?;
            hirs.push(loosened(&hir));
        }
        hirs.extend(phrases.iter().map(|p| caseless(p)));
        if hirs.is_empty() {
            return None;
        }
        let lowercase = hirs.iter().all(crate::lowercase::ignores_case);
        if lowercase {
            hirs = hirs
                .iter()
                .map(crate::lowercase::without_upper_case)
                .collect();
        }
        let branches: Vec<Vec<Hir>> = hirs.iter().flat_map(spread).collect();
        let branches: Vec<&[Hir]> = branches.iter().map(Vec::as_slice).collect();
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(MAX_NFA_BYTES)),
            )
            .build_from_hir(&trie(&branches))
            .ok()?;
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(cache_bytes)
                    .skip_cache_capacity_check(true)
                    .minimum_cache_clear_count(Some(MAX_CLEARS))
                    .minimum_bytes_per_state(Some(MIN_BYTES_PER_STATE)),
            )
            .build_from_nfa(nfa)
            .ok()?;
        Some(Self {
            id: NEXT_SIEVE.fetch_add(1, Ordering::Relaxed),
            dfa,
            lowercase,
        })
    }

    /// Whether every expression and phrase ignores ASCII case: a text and its lower-cased copy
    /// then hold the same matches, and the sieve reads the copy only (see
    /// [`Sieve::for_each_line`]).
    pub fn ignores_case(&self) -> bool {
        self.lowercase
    }

    /// Hand `each` the lines of `text` (between `\n`s) that may hold a match, in order, until
    /// it says to stop. A match that runs across lines is not looked for: the matcher's never
    /// do. Where this thread's DFA gives up, the rest of the text is handed over as one range.
    /// A sieve that [ignores case](Sieve::ignores_case) must be given the lower-cased text
    /// (offsets are the same in both).
    pub fn for_each_line(
        &self,
        text: &[u8],
        mut each: impl FnMut(Range<usize>) -> ControlFlow<()>,
    ) {
        let mut at = 0;
        while at < text.len() {
            let line = match self.find_end(text, at) {
                Some(Some(end)) => {
                    // The line of the match's last byte; the next search starts after it.
                    let last = end.saturating_sub(1).max(at);
                    let start = memchr::memrchr(b'\n', &text[at..last]).map_or(at, |i| at + i + 1);
                    let end = memchr::memchr(b'\n', &text[last..]).map_or(text.len(), |i| last + i);
                    start..end
                }
                Some(None) => return,
                None => at..text.len(),
            };
            at = line.end + 1;
            if each(line).is_break() {
                return;
            }
        }
    }

    /// Where the first match found from `at` ends, or `None` when this thread's DFA gave up.
    fn find_end(&self, text: &[u8], at: usize) -> Option<Option<usize>> {
        CACHE.with_borrow_mut(|slot| {
            let cache = match slot {
                Some((id, cache)) if *id == self.id => cache,
                _ => &mut slot.insert((self.id, Some(self.dfa.create_cache()))).1,
            };
            let input = Input::new(text).range(at..).earliest(true);
            match self.dfa.try_search_fwd(cache.as_mut()?, &input) {
                Ok(found) => Some(found.map(|m| m.offset())),
                Err(_) => {
                    *cache = None;
                    None
                }
            }
        })
    }
}

/// An expression with every assertion but ASCII word boundaries left out: it matches wherever
/// the expression does, and perhaps elsewhere, and its lazy DFA never gives up on non-ASCII text
/// as it would at a Unicode word boundary.
fn loosened(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(
            Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii,
        ) => hir.clone(),
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(loosened(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => loosened(&c.sub),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(loosened).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(loosened).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
    }
}

/// Expressions with more alternatives than this at their start are not spread out: their
/// copies of what follows would make the sieve too large.
const MAX_SPREAD: usize = 64;

/// The parts of an expression in sequence.
fn items(hir: Hir) -> Vec<Hir> {
    match hir.kind() {
        HirKind::Concat(subs) => subs.iter().cloned().flat_map(items).collect(),
        HirKind::Empty => Vec::new(),
        _ => vec![hir],
    }
}

/// An expression as alternatives that start with a character, not a choice: a leading
/// alternation (after any assertions) is spread over what follows it, `(cure|heal)s? X` into
/// `cures? X` and `heals? X`, up to [`MAX_SPREAD`] alternatives. The language is the same.
fn spread(hir: &Hir) -> Vec<Vec<Hir>> {
    let mut out = vec![items(hir.clone())];
    loop {
        let mut next = Vec::new();
        let mut changed = false;
        for branch in &out {
            let first = branch
                .iter()
                .position(|h| !matches!(h.kind(), HirKind::Look(_)));
            match first.map(|i| (i, branch[i].kind())) {
                Some((i, HirKind::Alternation(alternatives))) => {
                    changed = true;
                    for alternative in alternatives {
                        let mut spread = branch[..i].to_vec();
                        spread.extend(items(alternative.clone()));
                        spread.extend_from_slice(&branch[i + 1..]);
                        next.push(spread);
                    }
                }
                _ => next.push(branch.clone()),
            }
        }
        if !changed || next.len() > MAX_SPREAD {
            return out;
        }
        out = next;
    }
}

/// Alternatives as a trie: those that start alike share their start, so the DFA's states hold a
/// few NFA states for the many ways a match may start, not one for each alternative (which made
/// every new DFA state slow to build). The language is the alternation's. The start that all
/// the alternatives share is taken in one go, so the trie nests only where they part, not at
/// each character of a long expression.
fn trie(branches: &[&[Hir]]) -> Hir {
    let shared = (0..)
        .take_while(|&i| {
            branches
                .first()
                .and_then(|b| b.get(i))
                .is_some_and(|item| branches.iter().all(|b| b.get(i) == Some(item)))
        })
        .count();
    let mut groups: Vec<(Option<&Hir>, Vec<&[Hir]>)> = Vec::new();
    for branch in branches {
        let rest = &branch[shared..];
        let first = rest.first();
        let tail = rest.get(1..).unwrap_or_default();
        match groups.iter_mut().find(|(f, _)| *f == first) {
            Some((_, tails)) => tails.push(tail),
            None => groups.push((first, vec![tail])),
        }
    }
    let choice = Hir::alternation(
        groups
            .into_iter()
            .map(|(first, tails)| match first {
                None => Hir::empty(),
                Some(first) => Hir::concat(vec![first.clone(), trie(&tails)]),
            })
            .collect(),
    );
    let mut items = branches.first().map_or(&[][..], |b| &b[..shared]).to_vec();
    items.push(choice);
    Hir::concat(items)
}

/// A phrase as the literal automaton finds it: its ASCII letters in either case.
fn caseless(phrase: &str) -> Hir {
    Hir::concat(
        phrase
            .bytes()
            .map(|b| {
                if b.is_ascii_alphabetic() {
                    let (lower, upper) = (b.to_ascii_lowercase(), b.to_ascii_uppercase());
                    Hir::class(Class::Bytes(ClassBytes::new([
                        ClassBytesRange::new(lower, lower),
                        ClassBytesRange::new(upper, upper),
                    ])))
                } else {
                    Hir::literal([b])
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expressions<'a>(sources: &'a [&'a str]) -> impl Iterator<Item = Expression<'a>> {
        sources.iter().map(|&source| Expression {
            source,
            unicode: false,
        })
    }

    /// The lines handed over, from `text` as written; a sieve that ignores case reads its
    /// lower-cased copy.
    fn lines(sieve: &Sieve, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let lower = text.to_ascii_lowercase();
        let read = if sieve.ignores_case() { &lower } else { text };
        sieve.for_each_line(read.as_bytes(), |range| {
            out.push(text[range].to_string());
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn only_lines_that_may_hold_a_match_are_handed_over() {
        let sieve = Sieve::build(
            expressions(&[
                r"(?-u:\b)(cures?|treats?) (the )?flu",
                r"(?m)^stops? colds$",
            ]),
            &["miracle cure".to_string()],
        )
        .unwrap();
        let text =
            "nothing here\nit CURES the flu\nretreats flu\na Miracle Cure!\nx stops colds y\n";
        // The word boundary is kept; the line anchors are not (the sieve may hand over more).
        assert_eq!(
            lines(&sieve, text),
            ["it CURES the flu", "a Miracle Cure!", "x stops colds y"]
        );
        assert!(lines(&sieve, "cures\nthe flu").is_empty());
        assert!(lines(&sieve, "").is_empty());
    }

    #[test]
    fn a_sieve_of_expressions_that_ignore_case_reads_lower_case() {
        let caseless = Sieve::build(
            expressions(&[r"(?-u:\b)cures? (the )?FLU"]),
            &["Miracle".into()],
        )
        .unwrap();
        assert!(caseless.ignores_case());
        // Text as written holds the lines its lower-cased copy does.
        assert_eq!(
            lines(&caseless, "a\nIt CURES the Flu\nmiracle"),
            ["It CURES the Flu", "miracle"]
        );
        let mut lowered = Vec::new();
        caseless.for_each_line(b"a\nit cures the flu", |range| {
            lowered.push((range.start, range.end));
            ControlFlow::Continue(())
        });
        assert_eq!(lowered, [(2, 18)]);
        for (sources, line) in [
            ([r"(?-i:MS) cures", "flu"], "MS cures"),
            ([r"(?-i)ms cures", "flu"], "ms cures"),
        ] {
            let cased = Sieve::build(expressions(&sources), &[]).unwrap();
            assert!(!cased.ignores_case(), "{sources:?}");
            assert_eq!(lines(&cased, "ms cures\nMS cures"), [line]);
        }
    }

    #[test]
    fn spreading_and_sharing_starts_keep_the_language() {
        let sources = [
            r"(?-u:\b)(cures?|treats?|heals?) (your )?(cancer|flu)",
            r"(cures?|ends?) (all|any) (pain|aches)",
            r"(?-u:\b)(tr(eat|ick)s|cure) (?:a|b)+ x",
            r"cur(e|ing) flu",
            r"(\d+|one) cures?",
        ];
        let parse = |s: &str| {
            regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(s)
                .unwrap()
        };
        let spread_out: Vec<Vec<Hir>> = sources
            .iter()
            .flat_map(|s| spread(&loosened(&parse(s))))
            .collect();
        // (cures?|treats?|heals?) is spread into three, and so on; cur(e|ing) starts with a
        // character already.
        assert_eq!(spread_out.len(), 3 + 2 + 2 + 1 + 2);
        let shared = regex_automata::meta::Regex::builder()
            .build_from_hir(&trie(
                &spread_out.iter().map(Vec::as_slice).collect::<Vec<_>>(),
            ))
            .unwrap();
        let plain = regex_automata::meta::Regex::builder()
            .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
            .build_many(&sources)
            .unwrap();
        let words = [
            "cure", "cures", "Treats", "heal", "trick", "tricks", "your", "cancer", "flu", "all",
            "any", "pain", "ends", "a", "b", "ab", "x", "curing", "12", "one", "retreats",
        ];
        let mut matched = 0;
        for text in crate::testing::random_texts(5, &words, &[" "], 4).take(3000) {
            let expected = plain.is_match(&text);
            matched += usize::from(expected);
            assert_eq!(shared.is_match(&text), expected, "{text:?}");
        }
        assert!(matched > 50, "the texts hold matches ({matched})");
    }

    #[test]
    fn a_long_expression_is_built_without_deep_nesting() {
        // Some 30,000 characters with no alternative, built on a thread with a small stack:
        // the trie takes the run in one step.
        let long = "cures ".repeat(5_000) + "(flu|colds)";
        let built = std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || {
                let sieve = Sieve::build(expressions(&[long.as_str()]), &[]).unwrap();
                let text = "cures ".repeat(5_000) + "colds";
                lines(&sieve, &text).len()
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(built, 1);
    }

    #[test]
    fn no_sieve_for_too_many_expressions() {
        let words: Vec<String> = (0..4000).map(|i| format!("word{i}")).collect();
        let vocabulary = format!("(cures?|treats?) ({})", words.join("|"));
        assert!(Sieve::build(expressions(&[vocabulary.as_str()]), &[]).is_none());
        // Short, but a large NFA: two hundred Unicode word characters.
        let wide = Expression {
            source: r"\w{200}",
            unicode: true,
        };
        assert!(Sieve::build([wide], &[]).is_none());
        assert!(Sieve::build(expressions(&[r"\w{200}"]), &[]).is_some());
        assert!(Sieve::build(expressions(&[]), &[]).is_none());
        assert!(Sieve::build(expressions(&["(unclosed"]), &[]).is_none());
    }

    #[test]
    fn a_sieve_that_gives_up_hands_over_the_rest_of_the_text() {
        let sieve =
            Sieve::build_with(expressions(&[r"\w{3}\d{3} cures? [a-z]{4}"]), &[], 0).unwrap();
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!(
                "ab{} {}cd{} ef\n",
                i * 7919 % 1000,
                i % 97,
                i * 31 % 1000
            ));
        }
        text.push_str("abc123 cures flux\n");
        let handed = lines(&sieve, &text);
        assert!(handed.iter().any(|l| l.contains("abc123 cures flux")));
        // This thread has stopped using it: the whole text comes as one range.
        assert_eq!(lines(&sieve, "a\nb"), ["a\nb"]);
    }
}
