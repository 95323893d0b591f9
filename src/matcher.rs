//! Every pattern of every rule, compiled once per run into one matcher: literal phrases in one
//! Aho-Corasick automaton, regular expressions in one `RegexSet` prefilter, and a regex per slot
//! that runs only when the set reports it. Pure: no I/O.
//!
//! A *slot* is one list of patterns of one rule (a banned rule's `patterns` and `phrases`, a
//! conditional rule's `when`, another slot for its `require`). Matches are case-insensitive, over
//! normalised prose, at word boundaries. Word boundaries are ASCII inside the regex (which keeps
//! the DFA fast on any text) and then checked again with Unicode word characters, so a match
//! never starts or ends inside a word such as `Sjögren`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Index of a slot.
pub type SlotId = u32;

/// One match of one slot in the normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RawMatch {
    /// The slot whose pattern matched.
    pub slot: SlotId,
    /// Start in the normalised text.
    pub start: usize,
    /// End in the normalised text.
    pub end: usize,
}

const SIZE_LIMIT: usize = 256 * (1 << 20);

/// Collects the patterns of every slot.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    regexes: Vec<Vec<String>>,
    phrases: Vec<(String, SlotId)>,
}

impl MatcherBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new, empty slot.
    pub fn add_slot(&mut self) -> SlotId {
        self.regexes.push(Vec::new());
        (self.regexes.len() - 1) as SlotId
    }

    /// Add a regular expression (already expanded and checked) to a slot.
    pub fn add_regex(&mut self, slot: SlotId, pattern: &str) {
        self.regexes[slot as usize].push(with_boundaries(pattern));
    }

    /// Add a plain phrase (already normalised) to a slot.
    pub fn add_phrase(&mut self, slot: SlotId, phrase: &str) {
        if phrase.is_ascii() {
            self.phrases.push((phrase.to_string(), slot));
        } else {
            self.add_regex(slot, &regex::escape(phrase));
        }
    }

    /// Compile. An error names the slot whose combined expression could not be built (too big).
    pub fn build(self) -> Result<Matcher, (SlotId, String)> {
        let mut regexes = Vec::with_capacity(self.regexes.len());
        let mut set_patterns = Vec::new();
        let mut set_slots = Vec::new();
        for (slot, patterns) in self.regexes.iter().enumerate() {
            if patterns.is_empty() {
                regexes.push(None);
                continue;
            }
            let combined = format!("(?:{})", patterns.join("|"));
            let regex = RegexBuilder::new(&combined)
                .case_insensitive(true)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(SIZE_LIMIT)
                .build()
                .map_err(|e| (slot as SlotId, e.to_string()))?;
            regexes.push(Some(regex));
            set_patterns.push(combined);
            set_slots.push(slot as SlotId);
        }
        let set = if set_patterns.len() > 1 {
            let set = RegexSetBuilder::new(&set_patterns)
                .case_insensitive(true)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(SIZE_LIMIT)
                .build()
                .map_err(|e| (set_slots[0], e.to_string()))?;
            Some(set)
        } else {
            None
        };
        let (phrases, phrase_slots): (Vec<String>, Vec<SlotId>) = self.phrases.into_iter().unzip();
        let ac = if phrases.is_empty() {
            None
        } else {
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&phrases)
                .map_err(|e| (phrase_slots[0], e.to_string()))?;
            Some(ac)
        };
        Ok(Matcher {
            regexes,
            set,
            set_slots,
            ac,
            phrase_slots,
        })
    }
}

/// The compiled patterns of every slot.
#[derive(Debug)]
pub struct Matcher {
    regexes: Vec<Option<Regex>>,
    set: Option<RegexSet>,
    set_slots: Vec<SlotId>,
    ac: Option<AhoCorasick>,
    phrase_slots: Vec<SlotId>,
}

impl Matcher {
    /// Number of slots.
    pub fn slot_count(&self) -> usize {
        self.regexes.len()
    }

    /// Every match of every slot for which `wanted` is true, sorted by slot and position, with
    /// overlapping matches of one slot merged into the first and longest.
    pub fn scan(&self, text: &str, wanted: impl Fn(SlotId) -> bool) -> Vec<RawMatch> {
        let mut out = Vec::new();
        let run = |slot: SlotId, out: &mut Vec<RawMatch>| {
            if let Some(Some(regex)) = self.regexes.get(slot as usize) {
                for m in regex.find_iter(text) {
                    push_checked(text, slot, m.start(), m.end(), out);
                }
            }
        };
        match &self.set {
            Some(set) => {
                for i in set.matches(text).iter() {
                    let slot = self.set_slots[i];
                    if wanted(slot) {
                        run(slot, &mut out);
                    }
                }
            }
            None => {
                for &slot in &self.set_slots {
                    if wanted(slot) {
                        run(slot, &mut out);
                    }
                }
            }
        }
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let slot = self.phrase_slots[m.pattern().as_usize()];
                if wanted(slot) {
                    push_checked(text, slot, m.start(), m.end(), &mut out);
                }
            }
        }
        out.sort_unstable_by(|a, b| (a.slot, a.start, b.end).cmp(&(b.slot, b.start, a.end)));
        out.dedup_by(|next, kept| next.slot == kept.slot && next.start < kept.end);
        out
    }
}

fn push_checked(text: &str, slot: SlotId, start: usize, end: usize, out: &mut Vec<RawMatch>) {
    if start < end && at_word_boundaries(text, start, end) && !text[start..end].contains('\n') {
        out.push(RawMatch { slot, start, end });
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a match neither starts nor ends inside a word (Unicode word characters).
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let starts_word = m.chars().next().is_some_and(is_word);
    let ends_word = m.chars().next_back().is_some_and(is_word);
    let before = text[..start].chars().next_back().is_some_and(is_word);
    let after = text[end..].chars().next().is_some_and(is_word);
    !(starts_word && before || ends_word && after)
}

/// What the first (or last) character of a pattern's matches can be.
#[derive(Clone, Copy, Default)]
struct Edge {
    ascii_word: bool,
    other: bool,
    empty: bool,
}

impl Edge {
    fn union(self, o: Self) -> Self {
        Self {
            ascii_word: self.ascii_word || o.ascii_word,
            other: self.other || o.other,
            empty: self.empty || o.empty,
        }
    }

    fn only_ascii_word(self) -> bool {
        self.ascii_word && !self.other && !self.empty
    }
}

fn char_edge(c: char) -> Edge {
    let ascii_word = c.is_ascii_alphanumeric() || c == '_';
    Edge {
        ascii_word,
        other: !ascii_word,
        empty: false,
    }
}

fn edge(hir: &Hir, first: bool) -> Edge {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Edge {
            empty: true,
            ..Edge::default()
        },
        HirKind::Literal(lit) => {
            let s = String::from_utf8_lossy(&lit.0);
            let c = if first {
                s.chars().next()
            } else {
                s.chars().next_back()
            };
            c.map_or(
                Edge {
                    empty: true,
                    ..Edge::default()
                },
                char_edge,
            )
        }
        HirKind::Class(Class::Unicode(class)) => {
            const WORD: [(char, char); 4] = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
            let mut e = Edge::default();
            for r in class.ranges() {
                let (lo, hi) = (r.start(), r.end());
                if WORD.iter().any(|&(a, b)| lo <= b && hi >= a) {
                    e.ascii_word = true;
                }
                if !WORD.iter().any(|&(a, b)| lo >= a && hi <= b) {
                    e.other = true;
                }
            }
            e
        }
        HirKind::Class(Class::Bytes(_)) => Edge {
            ascii_word: true,
            other: true,
            empty: false,
        },
        HirKind::Repetition(rep) => {
            let e = edge(&rep.sub, first);
            if rep.min == 0 {
                Edge { empty: true, ..e }
            } else {
                e
            }
        }
        HirKind::Capture(cap) => edge(&cap.sub, first),
        HirKind::Concat(subs) => {
            let mut acc = Edge::default();
            let mut items: Box<dyn Iterator<Item = &Hir>> = if first {
                Box::new(subs.iter())
            } else {
                Box::new(subs.iter().rev())
            };
            for sub in &mut items {
                let e = edge(sub, first);
                acc = acc.union(Edge { empty: false, ..e });
                if !e.empty {
                    return acc;
                }
            }
            Edge { empty: true, ..acc }
        }
        HirKind::Alternation(subs) => subs
            .iter()
            .map(|s| edge(s, first))
            .fold(Edge::default(), Edge::union),
    }
}

/// Wrap a pattern in ASCII word boundaries where its matches always begin (end) with an ASCII
/// word character; elsewhere the boundary is left to [`at_word_boundaries`].
pub fn with_boundaries(pattern: &str) -> String {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return format!("(?:{pattern})");
    };
    let left = if edge(&hir, true).only_ascii_word() {
        r"(?-u:\b)"
    } else {
        ""
    };
    let right = if edge(&hir, false).only_ascii_word() {
        r"(?-u:\b)"
    } else {
        ""
    };
    format!("{left}(?:{pattern}){right}")
}

/// Whether a pattern can match empty text (which would flag every position).
pub fn matches_empty(pattern: &str) -> bool {
    regex_syntax::parse(pattern).is_ok_and(|h| h.properties().minimum_len() == Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(regexes: &[&str], phrases: &[&str]) -> Matcher {
        let mut b = MatcherBuilder::new();
        let s = b.add_slot();
        for r in regexes {
            b.add_regex(s, r);
        }
        let p = b.add_slot();
        for ph in phrases {
            b.add_phrase(p, ph);
        }
        b.build().unwrap()
    }

    fn found(m: &Matcher, text: &str) -> Vec<(SlotId, String)> {
        m.scan(text, |_| true)
            .into_iter()
            .map(|r| (r.slot, text[r.start..r.end].to_string()))
            .collect()
    }

    #[test]
    fn boundaries_are_added_only_at_word_edges() {
        assert_eq!(with_boundaries("cures?"), r"(?-u:\b)(?:cures?)(?-u:\b)");
        assert_eq!(with_boundaries(r"\d+%"), r"(?:\d+%)");
        assert_eq!(with_boundaries(r"[0-9]+%"), r"(?-u:\b)(?:[0-9]+%)");
        assert_eq!(with_boundaries("#1 doctor"), r"(?:#1 doctor)(?-u:\b)");
        assert_eq!(
            with_boundaries("(your )?cancer"),
            r"(?-u:\b)(?:(your )?cancer)(?-u:\b)"
        );
        assert_eq!(with_boundaries("é?cure"), r"(?:é?cure)(?-u:\b)");
    }

    #[test]
    fn matches_respect_unicode_words_and_case() {
        let m = matcher(
            &["cures? cancer", r"\d+% effective"],
            &["miracle cure", "no side effects"],
        );
        assert_eq!(
            found(
                &m,
                "It CURES cancer, a Miracle Cure! 100% effective, no side effects."
            ),
            vec![
                (0, "CURES cancer".into()),
                (0, "100% effective".into()),
                (1, "Miracle Cure".into()),
                (1, "no side effects".into())
            ]
        );
        assert!(found(&m, "procures cancerous miracle cures").is_empty());
        assert!(found(&m, "écures cancer").is_empty());
    }

    #[test]
    fn matches_never_cross_blocks_and_overlaps_merge() {
        let m = matcher(
            &[r"cures\s+cancer", "cures cancer cells", "cancer cells"],
            &[],
        );
        assert!(found(&m, "it cures\ncancer").is_empty());
        assert_eq!(
            found(&m, "it cures cancer cells"),
            vec![(0, "cures cancer".into())]
        );
    }

    #[test]
    fn empty_matching_patterns_are_detected() {
        assert!(matches_empty("a*"));
        assert!(!matches_empty("cures?"));
    }
}
