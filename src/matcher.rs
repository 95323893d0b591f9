//! Every pattern of every rule, compiled once per run into one matcher. Pure: no I/O.
//!
//! A *slot* is one list of patterns of one rule (a banned rule's `patterns` and `phrases`, a
//! conditional rule's `when`, another slot for its `require`). Matching is case-insensitive,
//! over normalised prose, at word boundaries.
//!
//! One Aho-Corasick automaton holds every literal phrase and the prefix literals of every
//! regular expression (each match of an expression starts with one of its prefix literals).
//! A single pass of that automaton over the text finds the phrases and the candidate positions;
//! a slot's expression then runs anchored at its candidates only, inside one block, so most text
//! never reaches a regex. Expressions are compiled the first time a candidate needs them, so a
//! run pays only for the rules its files touch. A slot whose expressions have no usable prefix
//! literal (one that starts with `\w+`, say) is searched in full instead.
//!
//! Word boundaries are ASCII inside the expression (which keeps the lazy DFA fast on any text)
//! and then checked again with Unicode word characters, so a match never starts or ends inside a
//! word such as `Sjögren`. Expressions are compiled with ASCII semantics (`\w`, `\d` and case
//! folding are ASCII); non-ASCII letters in patterns match as written.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use regex_automata::{hybrid, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

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
/// Up to this many literals, the literal automaton is a full DFA.
const DFA_LITERALS: usize = 1500;
/// Prefix literals longer than this are cut: a few bytes are enough to find candidates.
const LITERAL_LEN: usize = 6;

/// Collects the patterns of every slot.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    /// Per slot: each expression (boundaries added) and its prefix literals, if it has any.
    regexes: Vec<Vec<Expression>>,
    phrases: Vec<(String, SlotId)>,
}

/// Parse a pattern the way the matcher compiles it, without case folding so that literals come
/// out as written. Patterns get ASCII semantics (fast, and `\w` means an English word
/// character); a pattern that only Unicode mode accepts (a class with `\u2020`, say) gets
/// Unicode semantics instead.
pub fn parse(pattern: &str) -> Result<Hir, Box<regex_syntax::Error>> {
    parse_with(pattern, false).or_else(|ascii| parse_with(pattern, true).map_err(|_| ascii))
}

fn parse_with(pattern: &str, unicode: bool) -> Result<Hir, Box<regex_syntax::Error>> {
    regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(Box::new)
}

/// Whether a pattern needs Unicode mode (see [`parse`]).
fn needs_unicode(pattern: &str) -> bool {
    parse_with(pattern, false).is_err()
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

    /// Add a regular expression (already expanded) and its parse (see [`parse`]) to a slot.
    pub fn add_regex(&mut self, slot: SlotId, pattern: &str, hir: &Hir) {
        let unicode = needs_unicode(pattern);
        self.regexes[slot as usize].push(Expression {
            source: with_boundaries(pattern, hir),
            unicode,
            prefixes: prefix_literals(hir),
            required: (!unicode).then(|| required_literals(hir)).flatten(),
        });
    }

    /// Add a plain phrase (already normalised) to a slot.
    pub fn add_phrase(&mut self, slot: SlotId, phrase: &str) {
        if phrase.is_ascii() {
            self.phrases.push((phrase.to_ascii_lowercase(), slot));
        } else {
            let pattern = regex_syntax::escape(phrase);
            if let Ok(hir) = parse(&pattern) {
                self.add_regex(slot, &pattern, &hir);
            }
        }
    }

    /// Build the literal automaton. Expressions are compiled later, when first needed.
    pub fn build(self) -> Result<Matcher, (SlotId, String)> {
        let slot_count = self.regexes.len();
        let mut literals: Vec<(String, Target)> = Vec::new();
        let mut patterns = Vec::new();
        let mut full_scan = Vec::new();
        for (slot, list) in self.regexes.into_iter().enumerate() {
            for Expression {
                source,
                unicode,
                prefixes,
                required,
            } in list
            {
                let index = patterns.len() as u32;
                let mut filtered = false;
                match strategy(prefixes, required) {
                    Strategy::Prefix(prefixes, needed) => {
                        literals.extend(
                            minimal(prefixes)
                                .into_iter()
                                .map(|l| (l, Target::Prefix(index))),
                        );
                        if let Some(needed) = needed {
                            filtered = true;
                            literals.extend(
                                minimal(needed)
                                    .into_iter()
                                    .map(|l| (l, Target::Needed(index))),
                            );
                        }
                    }
                    Strategy::FullScan => full_scan.push(index),
                }
                patterns.push(Pattern {
                    slot: slot as SlotId,
                    source,
                    unicode,
                    filtered,
                    anchored: OnceLock::new(),
                    regex: OnceLock::new(),
                });
            }
        }
        literals.extend(
            self.phrases
                .into_iter()
                .map(|(p, s)| (p, Target::Phrase(s))),
        );
        literals.sort();
        literals.dedup();
        let mut words: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        for (literal, target) in literals {
            if words.last() != Some(&literal) {
                words.push(literal);
                targets.push(Vec::new());
            }
            if let Some(t) = targets.last_mut() {
                t.push(target);
            }
        }
        let ac = if words.is_empty() {
            None
        } else {
            // A full DFA searches fastest, but builds in time and memory that grow with the
            // literals: worth it for a few hundred, not for thousands.
            let kind = (words.len() <= DFA_LITERALS).then_some(AhoCorasickKind::DFA);
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .build(&words)
                .map_err(|e| (0, e.to_string()))?;
            Some(ac)
        };
        Ok(Matcher {
            slots: slot_count,
            patterns,
            ac,
            targets,
            full_scan,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// The literal is a whole phrase of the slot.
    Phrase(SlotId),
    /// The literal starts a match of the expression with this index.
    Prefix(u32),
    /// The literal occurs in every match of the expression with this index: only lines that
    /// hold one are worth the anchored searches at its prefixes.
    Needed(u32),
}

/// How an expression's matches are found.
enum Strategy {
    /// Anchored searches where one of these literals starts; with a second set, only on lines
    /// that hold one of those.
    Prefix(Vec<String>, Option<Vec<String>>),
    /// A search of the whole text.
    FullScan,
}

/// Prefix literals shorter than this start too many anchored searches ("the ", "cure"): a
/// longer literal that every match contains then filters the lines worth searching.
const WEAK_PREFIX: usize = 5;

fn shortest(literals: &[String]) -> usize {
    literals.iter().map(String::len).min().unwrap_or(0)
}

fn strategy(prefixes: Option<Vec<String>>, required: Option<Vec<String>>) -> Strategy {
    match prefixes {
        Some(p) => {
            let weak = shortest(&p) < WEAK_PREFIX;
            let filter = required.filter(|r| weak && shortest(r) > shortest(&p).max(3));
            Strategy::Prefix(p, filter)
        }
        None => Strategy::FullScan,
    }
}

/// Literals, lower-cased, one of which every match of the expression contains (somewhere, not
/// necessarily at its start); `None` when there is no such set, or it is too large.
fn required_literals(hir: &Hir) -> Option<Vec<String>> {
    const MAX: usize = 64;
    let set = match hir.kind() {
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            vec![text.to_ascii_lowercase()]
        }
        HirKind::Capture(c) => required_literals(&c.sub)?,
        HirKind::Repetition(r) if r.min >= 1 => required_literals(&r.sub)?,
        HirKind::Concat(children) => {
            // The child whose set has the longest shortest literal, then the smallest set.
            children
                .iter()
                .filter_map(required_literals)
                .max_by_key(|set| (shortest(set), std::cmp::Reverse(set.len())))?
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required_literals(b)?);
            }
            all.sort();
            all.dedup();
            all
        }
        _ => return None,
    };
    (!set.is_empty() && set.len() <= MAX && shortest(&set) > 0).then_some(set)
}

/// An expression as added to the builder.
#[derive(Debug)]
struct Expression {
    /// The pattern with its word boundaries.
    source: String,
    /// Compile with Unicode semantics (see [`parse`]).
    unicode: bool,
    /// The literals every match starts with, if it has any.
    prefixes: Option<Vec<String>>,
    /// Literals one of which every match contains, if it has such a set.
    required: Option<Vec<String>>,
}

/// One expression of one slot.
#[derive(Debug)]
struct Pattern {
    slot: SlotId,
    source: String,
    unicode: bool,
    /// Searched only on lines that hold one of its needed literals.
    filtered: bool,
    /// The forward lazy DFA for anchored searches at candidates, with a cache per thread.
    anchored: OnceLock<Option<AnchoredDfa>>,
    regex: OnceLock<Result<meta::Regex, String>>,
}

/// A lazy DFA that never gives up (the meta engine falls back to the much slower PikeVM when
/// many short anchored searches keep clearing its cache), and its caches.
struct AnchoredDfa {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + RefUnwindSafe + UnwindSafe>;

impl std::fmt::Debug for AnchoredDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AnchoredDfa")
    }
}

fn compile_anchored(pattern: &str, unicode: bool) -> Option<AnchoredDfa> {
    let dfa = hybrid::dfa::DFA::builder()
        .configure(
            hybrid::dfa::DFA::config()
                .minimum_cache_clear_count(None)
                .cache_capacity(8 * (1 << 20))
                .unicode_word_boundary(true),
        )
        .syntax(
            syntax::Config::new()
                .case_insensitive(true)
                .unicode(unicode)
                .utf8(false),
        )
        .thompson(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(SIZE_LIMIT)),
        )
        .build(pattern)
        .ok()?;
    let for_cache = dfa.clone();
    let make: CacheFn = Box::new(move || for_cache.create_cache());
    Some(AnchoredDfa {
        dfa,
        caches: Pool::new(make),
    })
}

impl Pattern {
    /// The end of the match that starts exactly at `input`'s start, if any.
    fn anchored_end(&self, input: &Input<'_>) -> Option<Option<usize>> {
        let a = self
            .anchored
            .get_or_init(|| compile_anchored(&self.source, self.unicode))
            .as_ref()?;
        let mut cache = a.caches.get();
        a.dfa
            .try_search_fwd(&mut cache, input)
            .ok()
            .map(|m| m.map(|m| m.offset()))
    }

    fn regex(&self) -> Option<&meta::Regex> {
        self.regex
            .get_or_init(|| compile(&self.source, self.unicode))
            .as_ref()
            .ok()
    }
}

fn compile(pattern: &str, unicode: bool) -> Result<meta::Regex, String> {
    let config = meta::Config::new()
        .which_captures(WhichCaptures::Implicit)
        .auto_prefilter(false)
        .onepass(false)
        .backtrack(false)
        .dfa(false)
        .utf8_empty(false)
        .nfa_size_limit(Some(SIZE_LIMIT))
        .hybrid_cache_capacity(8 * (1 << 20));
    let syntax = syntax::Config::new()
        .case_insensitive(true)
        .unicode(unicode)
        .utf8(false);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax)
        .build(pattern)
        .map_err(|e| e.to_string())
}

/// The literals every match of a pattern starts with, lower-cased; `None` when it has no usable
/// prefix literal.
fn prefix_literals(hir: &Hir) -> Option<Vec<String>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_total(4000)
        .limit_literal_len(LITERAL_LEN)
        .limit_class(26)
        .limit_repeat(4);
    let seq = extractor.extract(hir);
    let mut out = Vec::new();
    for literal in seq.literals()? {
        let bytes = literal.as_bytes();
        if bytes.is_empty() {
            return None;
        }
        out.push(String::from_utf8_lossy(bytes).to_ascii_lowercase());
    }
    Some(out)
}

/// Sorted, without repeats, and without literals that another in the set is a prefix of (the
/// automaton finds the shorter one at the same place).
fn minimal(mut literals: Vec<String>) -> Vec<String> {
    literals.sort();
    literals.dedup();
    let mut kept: Vec<String> = Vec::with_capacity(literals.len());
    for literal in literals {
        if !kept.last().is_some_and(|k| literal.starts_with(k.as_str())) {
            kept.push(literal);
        }
    }
    kept
}

/// The compiled patterns of every slot.
#[derive(Debug)]
pub struct Matcher {
    slots: usize,
    patterns: Vec<Pattern>,
    ac: Option<AhoCorasick>,
    targets: Vec<Vec<Target>>,
    full_scan: Vec<u32>,
}

impl Matcher {
    /// Number of slots.
    pub fn slot_count(&self) -> usize {
        self.slots
    }

    /// Slots with an expression that could not be compiled, with the reason.
    pub fn broken(&self) -> Vec<(SlotId, String)> {
        self.patterns
            .iter()
            .filter_map(|p| match p.regex.get() {
                Some(Err(e)) => Some((p.slot, e.clone())),
                _ => None,
            })
            .collect()
    }

    /// Every match of every slot for which `wanted` is true, sorted by slot and position, with
    /// overlapping matches of one slot merged into the first and longest.
    pub fn scan(&self, text: &str, wanted: impl Fn(SlotId) -> bool) -> Vec<RawMatch> {
        let mut out = Vec::new();
        let mut candidates: Vec<(u32, usize)> = Vec::new();
        let mut needed: Vec<(u32, usize)> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                for target in &self.targets[m.pattern().as_usize()] {
                    match *target {
                        Target::Phrase(slot) if wanted(slot) => {
                            push_checked(text, slot, m.start(), m.end(), &mut out)
                        }
                        Target::Prefix(p) if wanted(self.patterns[p as usize].slot) => {
                            candidates.push((p, m.start()))
                        }
                        Target::Needed(p) if wanted(self.patterns[p as usize].slot) => {
                            needed.push((p, m.start()))
                        }
                        _ => {}
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let bytes = text.as_bytes();
        // Matches never cross a block (a line of the prose): each candidate is searched to the
        // end of its line, found by binary search, not by a scan per candidate.
        let newlines: Vec<usize> = if candidates.is_empty() {
            Vec::new()
        } else {
            bytes
                .iter()
                .enumerate()
                .filter_map(|(i, &b)| (b == b'\n').then_some(i))
                .collect()
        };
        let line_of = |at: usize| newlines.partition_point(|&n| n < at);
        let mut needed: Vec<(u32, usize)> =
            needed.into_iter().map(|(p, at)| (p, line_of(at))).collect();
        needed.sort_unstable();
        needed.dedup();
        for (p, at) in candidates {
            let pattern = &self.patterns[p as usize];
            if pattern.filtered && needed.binary_search(&(p, line_of(at))).is_err() {
                continue;
            }
            let eol = newlines.get(line_of(at)).copied().unwrap_or(bytes.len());
            let input = Input::new(bytes).range(at..eol).anchored(Anchored::Yes);
            // The lazy DFA answers unless it must quit (a Unicode word boundary next to
            // non-ASCII text); then the meta engine does.
            let end = match pattern.anchored_end(&input) {
                Some(end) => end,
                None => pattern
                    .regex()
                    .and_then(|regex| regex.search(&input))
                    .map(|m| m.end()),
            };
            if let Some(end) = end {
                push_checked(text, pattern.slot, at, end, &mut out);
            }
        }
        for &p in &self.full_scan {
            let pattern = &self.patterns[p as usize];
            if !wanted(pattern.slot) {
                continue;
            }
            if let Some(regex) = pattern.regex() {
                for m in regex.find_iter(bytes) {
                    push_checked(text, pattern.slot, m.start(), m.end(), &mut out);
                }
            }
        }
        out.sort_unstable_by(|a, b| (a.slot, a.start, b.end).cmp(&(b.slot, b.start, a.end)));
        out.dedup_by(|next, kept| next.slot == kept.slot && next.start < kept.end);
        out
    }

    /// Slots searched in full because an expression has no prefix literal.
    pub fn full_scan_slots(&self) -> Vec<SlotId> {
        let mut slots: Vec<SlotId> = self
            .full_scan
            .iter()
            .map(|&p| self.patterns[p as usize].slot)
            .collect();
        slots.dedup();
        slots
    }
}

fn push_checked(text: &str, slot: SlotId, start: usize, end: usize, out: &mut Vec<RawMatch>) {
    if start < end
        && text.is_char_boundary(start)
        && text.is_char_boundary(end)
        && at_word_boundaries(text, start, end)
        && !text[start..end].contains('\n')
    {
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

const EMPTY: Edge = Edge {
    ascii_word: false,
    other: false,
    empty: true,
};

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
        HirKind::Empty | HirKind::Look(_) => EMPTY,
        HirKind::Literal(lit) => {
            let s = String::from_utf8_lossy(&lit.0);
            let c = if first {
                s.chars().next()
            } else {
                s.chars().next_back()
            };
            c.map_or(EMPTY, char_edge)
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
            let items: Box<dyn Iterator<Item = &Hir>> = if first {
                Box::new(subs.iter())
            } else {
                Box::new(subs.iter().rev())
            };
            for sub in items {
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
pub fn with_boundaries(pattern: &str, hir: &Hir) -> String {
    let left = if edge(hir, true).only_ascii_word() {
        r"(?-u:\b)"
    } else {
        ""
    };
    let right = if edge(hir, false).only_ascii_word() {
        r"(?-u:\b)"
    } else {
        ""
    };
    format!("{left}(?:{pattern}){right}")
}

/// Whether a parsed pattern can match empty text (which would flag every position).
pub fn matches_empty(hir: &Hir) -> bool {
    hir.properties().minimum_len() == Some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(regexes: &[&str], phrases: &[&str]) -> Matcher {
        let mut b = MatcherBuilder::new();
        let s = b.add_slot();
        for r in regexes {
            b.add_regex(s, r, &parse(r).unwrap());
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

    fn wrap(p: &str) -> String {
        with_boundaries(p, &regex_syntax::parse(p).unwrap())
    }

    #[test]
    fn boundaries_are_added_only_at_word_edges() {
        assert_eq!(wrap("cures?"), r"(?-u:\b)(?:cures?)(?-u:\b)");
        assert_eq!(wrap(r"\d+%"), r"(?:\d+%)");
        assert_eq!(wrap(r"[0-9]+%"), r"(?-u:\b)(?:[0-9]+%)");
        assert_eq!(wrap("#1 doctor"), r"(?:#1 doctor)(?-u:\b)");
        assert_eq!(
            wrap("(your )?cancer"),
            r"(?-u:\b)(?:(your )?cancer)(?-u:\b)"
        );
        assert_eq!(wrap("é?cure"), r"(?:é?cure)(?-u:\b)");
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
            vec![(0, "cures cancer cells".into())]
        );
    }

    #[test]
    fn prefix_literals_drive_the_search_and_others_scan_in_full() {
        let m = matcher(&[r"(cures?|heals?) (the )?flu"], &[]);
        assert!(m.full_scan_slots().is_empty());
        assert_eq!(
            found(&m, "It heals the flu and cures flu."),
            vec![(0, "heals the flu".into()), (0, "cures flu".into())]
        );
        let m = matcher(&[r"\w+ing cancer"], &[]);
        assert_eq!(m.full_scan_slots(), [0]);
        assert_eq!(
            found(&m, "It is fighting cancer."),
            vec![(0, "fighting cancer".into())]
        );
    }

    #[test]
    fn prefix_literals_are_short_lower_case_and_minimal() {
        let all: Vec<String> = ["(?:Heal|heals) x", "treatments for y", "treat z"]
            .iter()
            .flat_map(|p| prefix_literals(&parse(p).unwrap()).unwrap())
            .collect();
        let p = minimal(all);
        assert_eq!(p, ["heal x", "heals ", "treat ", "treatm"]);
        assert!(p.iter().all(|l| l.len() <= LITERAL_LEN));
        assert!(prefix_literals(&parse(r"\w+ing").unwrap()).is_none());
    }

    #[test]
    fn patterns_only_unicode_accepts_get_unicode_semantics() {
        assert!(!needs_unicode(r"cures?\s+\w+"));
        assert!(needs_unicode(r"supports?[*\u2020\u2021]"));
        let m = matcher(&[r"supports?[*\u2020\u2021]", r"\w+ing cancer"], &[]);
        assert_eq!(
            found(
                &m,
                "It supports\u{2020} immunity; supports* energy; supports- no."
            ),
            vec![(0, "supports\u{2020}".into()), (0, "supports*".into())]
        );
    }

    #[test]
    fn required_literals_are_those_every_match_contains() {
        let req = |p: &str| required_literals(&parse(p).unwrap());
        assert_eq!(req("cures? cancer"), Some(vec![" cancer".to_string()]));
        assert_eq!(
            req(r"(a|the) \w+ (study|trial) (found|showed)"),
            Some(vec!["found".to_string(), "showed".to_string()])
        );
        assert_eq!(req(r"(the )?\w+"), None);
        assert_eq!(req("(x|y)?z"), Some(vec!["z".to_string()]));
    }

    #[test]
    fn weak_prefixes_are_searched_only_on_lines_with_a_needed_literal() {
        let m = matcher(&[r"(a|the) \w+ (study|trial) (found|showed)"], &[]);
        assert!(
            m.patterns[0].filtered,
            "`the ` is a weak prefix; `study` filters lines"
        );
        assert_eq!(
            found(
                &m,
                "The cat sat.\nThe large study found it, and the big trial showed it.\nThe end."
            ),
            vec![
                (0, "The large study found".into()),
                (0, "the big trial showed".into())
            ]
        );
        assert!(found(&m, "The big study\nfound nothing across lines.").is_empty());
        let strong = matcher(&["clinically proven"], &[]);
        assert!(!strong.patterns[0].filtered);
    }

    #[test]
    fn empty_matching_patterns_are_detected() {
        assert!(matches_empty(&parse("a*").unwrap()));
        assert!(!matches_empty(&parse("cures?").unwrap()));
    }
}
