//! Every pattern of every rule, compiled once per run into one matcher. Pure: no I/O.
//!
//! A *slot* is one list of patterns of one rule (a banned rule's `patterns` and `phrases`, a
//! conditional rule's `when`, another slot for its `require`). Matching is case-insensitive,
//! over normalised prose, at word boundaries.
//!
//! One Aho-Corasick automaton ([`crate::literals`]) holds every literal phrase and, for each
//! regular expression, either its prefix literals (each match starts with one of them) or, when
//! those are too common to start searches at ("the ", a digit), literals one of which every
//! match contains.
//! A single pass of that automaton over the text finds the phrases and the candidates: an
//! expression runs anchored at its prefix candidates, or along the lines (blocks) that hold one
//! of its needed literals, so most text never reaches a regex. A slot whose expressions have no
//! usable literal (one that starts with `\w+`, say) is searched in full instead. When every
//! expression and phrase fits in a small DFA, the literal automaton runs only on the lines that
//! DFA, the sieve, finds may hold a match (see [`crate::sieve`]). Expressions
//! are compiled the first time a candidate needs them, so a run pays only for the rules its
//! files touch; each thread keeps its own caches of their lazy DFAs for the whole run.
//!
//! Word boundaries are ASCII inside the expression (which keeps the lazy DFA fast on any text)
//! and then checked again with Unicode word characters, so a match never starts or ends inside a
//! word such as `Sjögren`. Expressions are compiled with ASCII semantics (`\w`, `\d` and case
//! folding are ASCII); non-ASCII letters in patterns match as written.

use crate::literals::{Hit, Literals};
use crate::sieve::Sieve;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use regex_automata::{hybrid, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::ControlFlow;
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
/// Prefix literals longer than this are cut: a few bytes are enough to find candidates.
const LITERAL_LEN: usize = 6;

/// Collects the patterns of every slot.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    /// Per slot: each expression (boundaries added) and its prefix literals, if it has any.
    regexes: Vec<Vec<Expression>>,
    phrases: Vec<(String, SlotId)>,
}

/// A pattern parsed the way the matcher compiles it (see [`parse`]).
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The parse, without case folding, so that literals come out as written.
    pub hir: Hir,
    /// Whether it needed Unicode mode.
    pub unicode: bool,
}

/// Parse a pattern the way the matcher compiles it, without case folding so that literals come
/// out as written. Patterns get ASCII semantics (fast, and `\w` means an English word
/// character); a pattern that only Unicode mode accepts (a class with `\u2020`, say) gets
/// Unicode semantics instead.
pub fn parse(pattern: &str) -> Result<Parsed, Box<regex_syntax::Error>> {
    match parse_with(pattern, false) {
        Ok(hir) => Ok(Parsed {
            hir,
            unicode: false,
        }),
        Err(ascii) => parse_with(pattern, true)
            .map(|hir| Parsed { hir, unicode: true })
            .map_err(|_| ascii),
    }
}

/// What stands for the `k`th `{name}` of a pattern parsed with [`parse_spliced`]: a class of
/// bytes from 0x80 to 0x81 + `k` (two at least, or the parser would make it a literal that
/// merges with its neighbours), then a half word boundary, which keeps it a sequence of its
/// own; no pattern that [`splices`] holds either. `None` past the last such class.
pub fn placeholder(k: usize) -> Option<String> {
    let end = 0x81usize.checked_add(k).filter(|&e| e <= 0xff)?;
    Some(format!("(?-u:[\\x80-\\x{end:02x}])\\b{{end-half}}"))
}

/// The `k` of a placeholder's class (see [`placeholder`]).
fn placeholder_class(hir: &Hir) -> Option<usize> {
    let HirKind::Class(Class::Bytes(class)) = hir.kind() else {
        return None;
    };
    match class.ranges() {
        [range] if range.start() == 0x80 && range.end() > 0x80 => {
            Some(usize::from(range.end() - 0x81))
        }
        _ => None,
    }
}

/// Whether a pattern (or a vocabulary) reads the same wherever it stands, so that its parse
/// can be spliced (see [`parse_spliced`]): no inline flags, which would change how a
/// vocabulary after them reads, and nothing written like a placeholder (`\x`, `\b{`).
pub fn splices(source: &str) -> bool {
    !source.contains("\\b{")
        && !source.contains("\\x")
        && source
            .match_indices("(?")
            .all(|(i, _)| source[i + 2..].starts_with(':'))
}

/// Parse a pattern whose `{name}`s are placeholders (see [`placeholder`]) and put the parse of
/// each vocabulary (`parts`, in order, each parsed as [`parse`] does) in its place, without
/// parsing a vocabulary again for every pattern that names it. It matches what the expanded
/// pattern matches, and is the expanded pattern's very parse for every built-in one (tested);
/// where alternatives share a literal before a vocabulary (`a{x}|a{y}`), the parser has already
/// factored it out, so the tree can differ (a literal the prefilter might have used is lost,
/// never a match). `None` when the pattern needs Unicode mode or a placeholder is out of place;
/// the expanded pattern is then parsed as it is.
pub fn parse_spliced(skeleton: &str, parts: &[&Hir]) -> Option<Parsed> {
    let hir = parse_with(skeleton, false).ok()?;
    let mut splicer = Splicer {
        parts,
        used: 0,
        captures: 0,
    };
    let hir = splicer.splice(hir, true)?;
    (splicer.used == parts.len()).then_some(Parsed {
        hir,
        unicode: false,
    })
}

/// Parse a vocabulary's alternatives as [`parse_spliced`] wants them.
pub fn parse_part(alternatives: &str) -> Option<Hir> {
    parse_with(alternatives, false).ok()
}

/// Puts the vocabularies in place of their placeholders, rebuilding with the constructors the
/// parser uses, so that literals next to a vocabulary merge and alternations flatten as they
/// do when the expanded pattern is parsed; groups are numbered again in the order they open.
struct Splicer<'p> {
    parts: &'p [&'p Hir],
    /// Placeholders met, which must come in order.
    used: usize,
    /// Groups met.
    captures: u32,
}

impl Splicer<'_> {
    /// Rebuild `hir` with its groups numbered on from those met; in the pattern's parse
    /// (`splicing`), with the vocabularies in place of the placeholders, whose parts are out of
    /// place anywhere else. A vocabulary's own parse holds no placeholder.
    fn splice(&mut self, hir: Hir, splicing: bool) -> Option<Hir> {
        use regex_syntax::hir::Look;
        match hir.kind() {
            _ if !splicing && hir.properties().explicit_captures_len() == 0 => return Some(hir),
            HirKind::Concat(_)
            | HirKind::Alternation(_)
            | HirKind::Repetition(_)
            | HirKind::Capture(_) => {}
            HirKind::Look(Look::WordEndHalfAscii) if splicing => return None,
            HirKind::Class(_) if splicing && placeholder_class(&hir).is_some() => return None,
            _ => return Some(hir),
        }
        Some(match hir.into_kind() {
            HirKind::Concat(subs) => {
                let mut out = Vec::with_capacity(subs.len());
                // A placeholder's class, waiting for its half word boundary.
                let mut class: Option<usize> = None;
                for sub in subs {
                    if let Some(k) = class.take() {
                        if k != self.used
                            || !matches!(sub.kind(), HirKind::Look(Look::WordEndHalfAscii))
                        {
                            return None;
                        }
                        let part = *self.parts.get(k)?;
                        self.used += 1;
                        out.push(self.splice(part.clone(), false)?);
                    } else if let Some(k) = placeholder_class(&sub).filter(|_| splicing) {
                        class = Some(k);
                    } else {
                        out.push(self.splice(sub, splicing)?);
                    }
                }
                if class.is_some() {
                    return None;
                }
                Hir::concat(out)
            }
            HirKind::Alternation(subs) => Hir::alternation(
                subs.into_iter()
                    .map(|sub| self.splice(sub, splicing))
                    .collect::<Option<_>>()?,
            ),
            HirKind::Repetition(r) => Hir::repetition(regex_syntax::hir::Repetition {
                sub: Box::new(self.splice(*r.sub, splicing)?),
                ..r
            }),
            HirKind::Capture(c) => {
                self.captures += 1;
                let index = self.captures;
                Hir::capture(regex_syntax::hir::Capture {
                    index,
                    sub: Box::new(self.splice(*c.sub, splicing)?),
                    ..c
                })
            }
            // Only the kinds above hold others.
            _ => return None,
        })
    }
}

fn parse_with(pattern: &str, unicode: bool) -> Result<Hir, Box<regex_syntax::Error>> {
    regex_syntax::ParserBuilder::new()
        .unicode(unicode)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(Box::new)
}

/// An expression worked out for the matcher: its source with word boundaries, how to search
/// for it and the literals that find it. Expressions are analysed on their own, so that a
/// caller may analyse many at once on several threads before adding them.
#[derive(Debug)]
pub struct Analysed(Expression);

/// Analyse a regular expression (already expanded) and its parse (see [`parse`]).
pub fn analyse(pattern: &str, parsed: Parsed) -> Analysed {
    let Parsed { hir, unicode } = parsed;
    let required = (!unicode).then(|| required_literals(&hir)).flatten();
    let strategy = strategy(
        &hir,
        prefix_literals(&hir),
        required,
        !enables_unicode(pattern),
    );
    // Not where a letter may match a non-ASCII one in the other case: the check compares
    // ASCII letters only without regard to case.
    let longer = (matches!(strategy, Strategy::Prefix(_)) && !unicode && !enables_unicode(pattern))
        .then(|| longer_prefixes(&hir))
        .flatten();
    Analysed(Expression {
        source: with_boundaries(pattern, &hir),
        unicode,
        strategy,
        longer,
        conjuncts: if unicode { Vec::new() } else { conjuncts(&hir) },
        needs_prose: may_match_any(&hir, MARKUP) || has_line_anchor(&hir),
        starts: Starts::of(&hir),
        hir: bounded(hir),
    })
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
    pub fn add_regex(&mut self, slot: SlotId, pattern: &str, parsed: &Parsed) {
        self.add_analysed(slot, analyse(pattern, parsed.clone()));
    }

    /// Add an expression analysed beforehand (see [`analyse`]) to a slot.
    pub fn add_analysed(&mut self, slot: SlotId, expression: Analysed) {
        self.regexes[slot as usize].push(expression.0);
    }

    /// Add a plain phrase (already normalised) to a slot.
    pub fn add_phrase(&mut self, slot: SlotId, phrase: &str) {
        if phrase.is_ascii() {
            self.phrases.push((phrase.to_ascii_lowercase(), slot));
        } else {
            let pattern = regex_syntax::escape(phrase);
            if let Ok(parsed) = parse(&pattern) {
                self.add_regex(slot, &pattern, &parsed);
            }
        }
    }

    /// Build the literal automaton. Expressions are compiled later, when first needed.
    pub fn build(self) -> Result<Matcher, (SlotId, String)> {
        let slot_count = self.regexes.len();
        let mut prose_slots = vec![false; slot_count];
        for (phrase, slot) in &self.phrases {
            prose_slots[*slot as usize] |= phrase.contains(MARKUP);
        }
        let mut literals: Vec<(String, Target)> = Vec::new();
        let mut continuations: std::collections::HashMap<(String, u32), Longer> =
            std::collections::HashMap::new();
        let mut patterns = Vec::new();
        let mut full_scan = Vec::new();
        for (slot, list) in self.regexes.into_iter().enumerate() {
            for Expression {
                source,
                unicode,
                strategy,
                longer,
                conjuncts,
                needs_prose,
                starts,
                hir,
            } in list
            {
                let index = patterns.len() as u32;
                prose_slots[slot] |= needs_prose;
                let anchored = matches!(strategy, Strategy::Prefix(_));
                let mut around = None;
                let primary = match strategy {
                    Strategy::Prefix(prefixes) => {
                        let prefixes = minimal(prefixes);
                        let count = prefixes.len();
                        if let Some(longer) = &longer {
                            for prefix in &prefixes {
                                // What a match that starts with this prefix may start with.
                                let mut group: Vec<&[u8]> = longer
                                    .iter()
                                    .map(Vec::as_slice)
                                    .filter(|l| {
                                        l.starts_with(prefix.as_bytes())
                                            || prefix.as_bytes().starts_with(l)
                                    })
                                    .collect();
                                group.sort();
                                group.dedup();
                                // Only a group with a literal longer than the prefix tells more.
                                let shorts: Option<Longer> =
                                    group.iter().map(|l| Short::new(l)).collect();
                                if group.iter().all(|l| l.len() > prefix.len())
                                    && let Some(shorts) = shorts
                                {
                                    continuations.insert((prefix.clone(), index), shorts);
                                }
                            }
                        }
                        literals.extend(prefixes.into_iter().map(|l| (l, Target::Prefix(index))));
                        Some(count)
                    }
                    Strategy::Lines(needed, bytes) => {
                        around = bytes;
                        literals.extend(
                            minimal(needed)
                                .into_iter()
                                .map(|l| (l, Target::Needed(index))),
                        );
                        None
                    }
                    Strategy::FullScan => {
                        full_scan.push(index);
                        None
                    }
                };
                // Conjunct sets narrow the searches of an expression that starts with a
                // vocabulary ("cancer", "diabetes", ...) or is searched along lines; for one
                // with a few prefixes, they would cost the literal automaton more than they save.
                let conjuncts = if primary.is_none_or(|count| count >= CONJUNCT_PRIMARY) {
                    conjuncts
                } else {
                    Vec::new()
                };
                for (k, set) in conjuncts.iter().enumerate() {
                    literals.extend(
                        minimal(set.clone())
                            .into_iter()
                            .map(|l| (l, Target::Conjunct(index, k as u8))),
                    );
                }
                patterns.push(Pattern {
                    slot: slot as SlotId,
                    source,
                    unicode,
                    anchored,
                    conjuncts: conjuncts.len() as u8,
                    starts,
                    around,
                    hir: std::sync::Mutex::new(Some(hir)),
                    lazy: OnceLock::new(),
                    regex: OnceLock::new(),
                });
            }
        }
        let phrases: Vec<String> = self.phrases.iter().map(|(p, _)| p.clone()).collect();
        literals.extend(
            self.phrases
                .into_iter()
                .map(|(p, s)| (p, Target::Phrase(s))),
        );
        literals.sort();
        literals.dedup();
        let mut words: Vec<String> = Vec::new();
        let mut longer: Vec<Longer> = Vec::new();
        let mut aims: Vec<Aim> = Vec::with_capacity(literals.len());
        let mut aim_ends: Vec<u32> = vec![0];
        for (literal, target) in literals {
            if words.last() != Some(&literal) {
                words.push(literal);
                aim_ends.push(aims.len() as u32);
            }
            let (slot, starts) = match target {
                Target::Phrase(slot) => (slot, Starts::Anywhere),
                Target::Prefix(p) | Target::Needed(p) | Target::Conjunct(p, _) => {
                    let pattern: &Pattern = &patterns[p as usize];
                    (pattern.slot, pattern.starts)
                }
            };
            let continues = match target {
                Target::Prefix(p) => {
                    let word = words.last().cloned().unwrap_or_default();
                    continuations.remove(&(word, p)).map(|group| {
                        longer.push(group);
                        (longer.len() - 1) as u32
                    })
                }
                _ => None,
            };
            aims.push(Aim {
                target,
                slot,
                starts,
                continues: continues.unwrap_or(u32::MAX),
            });
            if let Some(end) = aim_ends.last_mut() {
                *end = aims.len() as u32;
            }
        }
        Ok(Matcher {
            prose_slots,
            id: NEXT_MATCHER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            slots: slot_count,
            patterns,
            words,
            aims,
            aim_ends,
            automata: std::sync::Mutex::default(),
            longer,
            full_scan,
            gate: BuiltOnce::default(),
            phrases,
            sieve: BuiltOnce::default(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// The literal is a whole phrase of the slot.
    Phrase(SlotId),
    /// The literal starts a match of the expression with this index.
    Prefix(u32),
    /// The literal occurs in every match of the expression with this index: the lines that
    /// hold one are searched for it.
    Needed(u32),
    /// The literal belongs to the expression's `k`th conjunct set: a line with a match holds
    /// a literal of every such set.
    Conjunct(u32, u8),
}

/// A literal automaton, with what each literal is for.
#[derive(Debug)]
struct Automaton {
    literals: Option<Literals>,
    /// Those of literal `k` are `aims[aim_ends[k]..aim_ends[k + 1]]`.
    aims: Vec<Aim>,
    aim_ends: Vec<u32>,
}

/// One target of a literal, with what a scan asks about it without looking up its expression.
#[derive(Clone, Copy, Debug)]
struct Aim {
    target: Target,
    slot: SlotId,
    starts: Starts,
    /// For a prefix: index in [`Matcher::longer`] of the longer literals one of which a match
    /// starting there starts with; `u32::MAX` when there are none worth checking.
    continues: u32,
}

/// How an expression's matches are found.
#[derive(Debug)]
enum Strategy {
    /// Anchored searches where one of these literals starts.
    Prefix(Vec<String>),
    /// Its prefixes are too common to start searches at ("the ", a digit): the lines that hold
    /// one of these literals, which every match contains, are searched instead, around it
    /// when the bytes there are known.
    Lines(Vec<String>, Option<Box<Around>>),
    /// A search of the whole text.
    FullScan,
}

/// Prefix literals shorter than this start too many anchored searches ("the ", "cure"): a
/// longer literal that every match contains then picks the lines worth searching.
const WEAK_PREFIX: usize = 5;

/// How many times fewer the needed literals must be expected to turn up than the prefixes for
/// the lines that hold one to be searched instead (see [`far_rarer`]): such a search costs more
/// than an anchored one, and the estimate is rough.
const FAR_RARER: f64 = 16.0;

/// Whether the literals every match holds (`required`, all of [`WEAK_PREFIX`] bytes or more)
/// may be expected to turn up far less often than the prefixes: each literal is counted as
/// turning up 2^-n times a byte for its first n bytes, up to [`LITERAL_LEN`] (a prefix is never
/// longer), so that the sizes of the sets decide. Four verbs after a vocabulary of 400 diseases
/// (`{diseases}-(fighting|busting|killing|curing)`) pick far fewer places than the diseases.
fn far_rarer(required: &[String], prefixes: &[String]) -> bool {
    let expected = |set: &[String]| {
        set.iter()
            .map(|l| 0.5f64.powi(l.len().min(LITERAL_LEN) as i32))
            .sum::<f64>()
    };
    shortest(required) >= WEAK_PREFIX && expected(required) * FAR_RARER < expected(prefixes)
}

fn shortest(literals: &[String]) -> usize {
    literals.iter().map(String::len).min().unwrap_or(0)
}

/// Whether a literal holds a byte that is rare in prose (`%`, `#`, `-`), so that even a short
/// one picks few lines.
fn has_rare_byte(literal: &str) -> bool {
    literal
        .bytes()
        .any(|b| !b.is_ascii_alphanumeric() && b != b' ')
}

/// How to search for an expression; the bytes around its needed literal are worked out only
/// for one with ASCII semantics throughout (`ascii`).
fn strategy(
    hir: &Hir,
    prefixes: Option<Vec<String>>,
    required: Option<Vec<String>>,
    ascii: bool,
) -> Strategy {
    match (prefixes, required) {
        (Some(p), Some(r))
            if (shortest(&p) < WEAK_PREFIX
                && (shortest(&r) > shortest(&p).max(3) || r.iter().all(|l| has_rare_byte(l))))
                || far_rarer(&r, &p) =>
        {
            Strategy::Lines(r, ascii.then(|| Around::of(hir)).flatten().map(Box::new))
        }
        (Some(p), _) => Strategy::Prefix(p),
        (None, _) => Strategy::FullScan,
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
        HirKind::Concat(children) => required_child(children)?.1,
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

/// Whether a pattern turns Unicode mode on somewhere (`(?u)`, `(?iu:...)`): there a letter
/// also matches the non-ASCII characters that fold to it (`k` and the Kelvin sign).
fn enables_unicode(pattern: &str) -> bool {
    flag_groups(pattern).any(|(on, _)| on.contains('u'))
}

/// Whether a pattern tells cases apart somewhere (`(?-i)`, `(?x-i:...)`).
fn disables_case(pattern: &str) -> bool {
    flag_groups(pattern).any(|(_, off)| off.contains('i'))
}

/// The flags each flag group of a pattern turns on and off (`(?i-u)`, `(?x:...)`), in order.
fn flag_groups(pattern: &str) -> impl Iterator<Item = (&str, &str)> {
    pattern.match_indices("(?").filter_map(|(i, _)| {
        let flags = &pattern[i + 2..];
        let end = flags
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .unwrap_or(flags.len());
        if !flags[end..].starts_with([':', ')']) {
            return None;
        }
        let mut parts = flags[..end].splitn(2, '-');
        Some((
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        ))
    })
}

/// The child of a concatenation whose literals [`required_literals`] takes, with them: the one
/// whose set has the longest shortest literal, then the smallest set.
fn required_child(children: &[Hir]) -> Option<(usize, Vec<String>)> {
    children
        .iter()
        .enumerate()
        .filter_map(|(k, child)| Some((k, required_literals(child)?)))
        .max_by_key(|(_, set)| (shortest(set), std::cmp::Reverse(set.len())))
}

/// Bytes, one flag each.
type ByteSet = [bool; 256];

/// The bytes a match may hold either side of the literal of [`required_literals`] it contains:
/// it lies within the run of `before` bytes that ends where the literal starts and the run of
/// `after` bytes that starts where it ends.
#[derive(Debug)]
struct Around {
    before: ByteSet,
    after: ByteSet,
}

impl Around {
    /// Those of an expression searched along lines, when its needed literals are known.
    fn of(hir: &Hir) -> Option<Self> {
        Some(match hir.kind() {
            HirKind::Literal(_) => {
                let bytes = byte_set(hir);
                Self {
                    before: bytes,
                    after: bytes,
                }
            }
            HirKind::Capture(c) => Self::of(&c.sub)?,
            // The literal may come in any of the repeats.
            HirKind::Repetition(r) if r.min >= 1 => {
                let bytes = byte_set(&r.sub);
                Self {
                    before: bytes,
                    after: bytes,
                }
            }
            HirKind::Concat(children) => {
                let (k, _) = required_child(children)?;
                let mut found = Self::of(&children[k])?;
                children[..k]
                    .iter()
                    .for_each(|c| add_bytes(c, &mut found.before));
                children[k + 1..]
                    .iter()
                    .for_each(|c| add_bytes(c, &mut found.after));
                found
            }
            HirKind::Alternation(branches) => {
                let mut all = Self {
                    before: [false; 256],
                    after: [false; 256],
                };
                for b in branches {
                    let found = Self::of(b)?;
                    for i in 0..256 {
                        all.before[i] |= found.before[i];
                        all.after[i] |= found.after[i];
                    }
                }
                all
            }
            _ => return None,
        })
    }

    /// The part of `line` that a match holding the literal found at `literal` may take. Every
    /// match lies within the part around the literal it holds.
    fn part(
        &self,
        bytes: &[u8],
        literal: std::ops::Range<usize>,
        line: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        // A literal may run past the end of the line ("\nfound"); no match holds it then.
        let literal =
            literal.start.clamp(line.start, line.end)..literal.end.clamp(line.start, line.end);
        let start = bytes[line.start..literal.start]
            .iter()
            .rposition(|&b| !self.before[usize::from(b)])
            .map_or(line.start, |i| line.start + i + 1);
        let end = bytes[literal.end..line.end]
            .iter()
            .position(|&b| !self.after[usize::from(b)])
            .map_or(line.end, |i| literal.end + i);
        start..end
    }
}

/// Every byte a match of `hir` may hold, in either case (expressions match without regard to
/// case); any non-ASCII one stands for all.
fn byte_set(hir: &Hir) -> ByteSet {
    let mut set = [false; 256];
    add_bytes(hir, &mut set);
    set
}

fn add_bytes(hir: &Hir, set: &mut ByteSet) {
    fn add(set: &mut ByteSet, b: u8) {
        if b.is_ascii() {
            set[usize::from(b.to_ascii_lowercase())] = true;
            set[usize::from(b.to_ascii_uppercase())] = true;
        } else {
            set[0x80..].fill(true);
        }
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => lit.0.iter().for_each(|&b| add(set, b)),
        HirKind::Class(Class::Bytes(class)) => {
            for r in class.ranges() {
                (r.start()..=r.end()).for_each(|b| add(set, b));
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            for r in class.ranges() {
                let (start, end) = (u32::from(r.start()), u32::from(r.end()));
                (start..=end.min(0x7f)).for_each(|b| add(set, b as u8));
                if end > 0x7f {
                    add(set, 0x80);
                }
            }
        }
        HirKind::Repetition(r) => add_bytes(&r.sub, set),
        HirKind::Capture(c) => add_bytes(&c.sub, set),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().for_each(|s| add_bytes(s, set));
        }
    }
}

/// An expression searched at its prefixes gets conjunct sets only with this many prefixes.
const CONJUNCT_PRIMARY: usize = 24;

/// At most this many conjunct sets per expression.
const MAX_CONJUNCTS: usize = 3;

/// Sets of literals, each from a different part of the expression, such that every match
/// contains a literal of each set (`cured` and `cancer` in `(cured|healed) (\w+ )?cancer`).
/// Only sets whose literals are long enough to be rarer than a line are kept: a line that lacks
/// one of them is not searched at all.
fn conjuncts(hir: &Hir) -> Vec<Vec<String>> {
    fn collect(hir: &Hir, out: &mut Vec<Vec<String>>) {
        match hir.kind() {
            HirKind::Capture(c) => collect(&c.sub, out),
            HirKind::Repetition(r) if r.min >= 1 => collect(&r.sub, out),
            HirKind::Concat(children) => {
                for child in children {
                    collect(child, out);
                }
            }
            _ => {
                if let Some(set) = required_literals(hir)
                    && (shortest(&set) >= WEAK_PREFIX
                        || shortest(&set) >= 3 && set.iter().all(|l| has_rare_byte(l)))
                {
                    out.push(set);
                }
            }
        }
    }
    let mut out = Vec::new();
    collect(hir, &mut out);
    out.sort_by_key(|set| (std::cmp::Reverse(shortest(set)), set.len()));
    out.dedup();
    out.truncate(MAX_CONJUNCTS);
    out
}

/// Where the matches of an expression may start: anywhere, or only where a line (`(?m)^`) or
/// the text (`^` without `m`) does, so that a candidate elsewhere needs no search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Starts {
    Anywhere,
    Text,
    Line,
}

impl Starts {
    fn of(hir: &Hir) -> Self {
        use regex_syntax::hir::Look;
        match hir.kind() {
            HirKind::Look(Look::Start) => Self::Text,
            HirKind::Look(Look::StartLF | Look::StartCRLF) => Self::Line,
            HirKind::Capture(c) => Self::of(&c.sub),
            HirKind::Concat(children) => children.first().map_or(Self::Anywhere, Self::of),
            HirKind::Alternation(branches) => {
                let all = |s: Self| branches.iter().all(|b| Self::of(b) == s);
                if all(Self::Text) {
                    Self::Text
                } else if branches.iter().all(|b| Self::of(b) != Self::Anywhere) {
                    Self::Line
                } else {
                    Self::Anywhere
                }
            }
            _ => Self::Anywhere,
        }
    }

    /// Whether a match may start at `at` of `bytes` (a line starts after `\n` or `\r`).
    fn allow(self, bytes: &[u8], at: usize) -> bool {
        match self {
            Self::Anywhere => true,
            Self::Text => at == 0,
            Self::Line => at == 0 || matches!(bytes.get(at - 1), Some(b'\n' | b'\r')),
        }
    }
}

/// Whether an expression anchors at the start or end of a line or of the text.
fn has_line_anchor(hir: &Hir) -> bool {
    use regex_syntax::hir::Look;
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
        ),
        HirKind::Repetition(r) => has_line_anchor(&r.sub),
        HirKind::Capture(c) => has_line_anchor(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(has_line_anchor),
        _ => false,
    }
}

/// Characters that are markup in Markdown or HTML.
pub const MARKUP: &[char] = &['*', '_', '~', '`', '[', ']', '<', '>', '&'];

/// Whether a match of an expression may hold one of `chars`.
fn may_match_any(hir: &Hir, chars: &[char]) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0).contains(chars),
        // `_` in a class is `\w`: dropping an underscore joins two runs of word characters,
        // which such a class matches all the same.
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|r| {
            chars
                .iter()
                .any(|&c| c != '_' && r.start() <= c && c <= r.end())
        }),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|r| {
            chars
                .iter()
                .any(|&c| c != '_' && c.is_ascii() && r.start() <= c as u8 && c as u8 <= r.end())
        }),
        HirKind::Repetition(r) => may_match_any(&r.sub, chars),
        HirKind::Capture(c) => may_match_any(&c.sub, chars),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|s| may_match_any(s, chars))
        }
    }
}

/// An expression as added to the builder.
#[derive(Debug)]
struct Expression {
    /// The pattern with its word boundaries.
    source: String,
    /// Compile with Unicode semantics (see [`parse`]).
    unicode: bool,
    /// How its matches are found.
    strategy: Strategy,
    /// For one searched at its prefixes: longer literals one of which every match starts with
    /// (see [`longer_prefixes`]).
    longer: Option<Vec<Vec<u8>>>,
    /// Sets of literals from different parts of it, each of which every match contains.
    conjuncts: Vec<Vec<String>>,
    /// Whether a match may hold a character of [`MARKUP`] or depends on where lines start or
    /// end (see [`Matcher::needs_prose`]).
    needs_prose: bool,
    /// Where its matches may start.
    starts: Starts,
    /// The parse of `source`, made from the parse of the pattern.
    hir: Hir,
}

/// One expression of one slot.
#[derive(Debug)]
struct Pattern {
    slot: SlotId,
    source: String,
    unicode: bool,
    /// Searched only at its prefix literals, anchored (see [`Strategy::Prefix`]); otherwise
    /// along lines or the whole text.
    anchored: bool,
    /// How many conjunct sets it has (see [`conjuncts`]).
    conjuncts: u8,
    /// Where its matches may start.
    starts: Starts,
    /// For one searched along lines: the bytes its matches may hold around its needed literal,
    /// so that only that part of a line is searched.
    around: Option<Box<Around>>,
    /// The parse of `source` (see [`parse`]), until the lazy DFAs are compiled from it.
    hir: std::sync::Mutex<Option<Hir>>,
    /// Forward and reverse lazy DFAs, which answer almost every search.
    lazy: OnceLock<Option<Lazy>>,
    /// The general engine, for searches the lazy DFAs give up on (a Unicode word boundary next
    /// to non-ASCII text) and for reporting why a pattern does not compile.
    regex: OnceLock<Result<meta::Regex, String>>,
}

fn lazy_config() -> hybrid::dfa::Config {
    hybrid::dfa::DFA::config()
        .minimum_cache_clear_count(None)
        .cache_capacity(8 * (1 << 20))
        .unicode_word_boundary(true)
}

fn thompson_config() -> thompson::Config {
    thompson::Config::new()
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(SIZE_LIMIT))
}

/// Lazy DFAs that never give up on their cache (the meta engine falls back to the much slower
/// PikeVM when many short searches keep clearing it). An expression searched at its prefix
/// literals needs only the forward DFA (its matches start where the search does); one searched
/// along lines needs the reverse DFA too, to find where a match starts.
struct Lazy {
    engine: Engine,
    /// Compiled for the lower-cased text (see [`crate::lowercase`]).
    lowercase: bool,
}

enum Engine {
    Forward(Box<hybrid::dfa::DFA>),
    Both(Box<hybrid::regex::Regex>),
}

enum LazyCache {
    Forward(Box<hybrid::dfa::Cache>),
    Both(Box<hybrid::regex::Cache>),
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lazy")
    }
}

impl Lazy {
    /// The DFAs of an expression; `hir`, its parse as written if known, saves parsing it again.
    fn compile(
        pattern: &str,
        hir: Option<Hir>,
        unicode: bool,
        anchored_only: bool,
    ) -> Option<Self> {
        let (hirs, lowercase) = match hir {
            Some(hir) if reads_lower_case_as_written(pattern, &hir, unicode) => (vec![hir], true),
            _ => parse_for_lazy(&[pattern], unicode)?,
        };
        let forward = lazy_dfa(&hirs, false)?;
        let engine = if anchored_only {
            Engine::Forward(Box::new(forward))
        } else {
            let reverse = lazy_dfa(&hirs, true)?;
            let regex = hybrid::regex::Builder::new().build_from_dfas(forward, reverse);
            Engine::Both(Box::new(regex))
        };
        Some(Self { engine, lowercase })
    }

    /// The forward DFA of one or more expressions: where a match starting at the search's
    /// start ends; for several, whether any of them matches.
    fn forward(patterns: &[&str], unicode: bool) -> Option<Self> {
        let (hirs, lowercase) = parse_for_lazy(patterns, unicode)?;
        Some(Self {
            engine: Engine::Forward(Box::new(lazy_dfa(&hirs, false)?)),
            lowercase,
        })
    }

    fn create_cache(&self) -> LazyCache {
        match &self.engine {
            Engine::Forward(dfa) => LazyCache::Forward(Box::new(dfa.create_cache())),
            Engine::Both(regex) => LazyCache::Both(Box::new(regex.create_cache())),
        }
    }

    /// A search of `range` in the text these DFAs read: the lower-cased copy or the text.
    fn input<'t>(&self, texts: Texts<'t>, range: std::ops::Range<usize>) -> Input<'t> {
        let text = if self.lowercase {
            texts.lower
        } else {
            texts.text
        };
        Input::new(text.as_bytes()).range(range)
    }

    /// The first match in `input` (see [`Self::input`]); an error when the DFAs give up.
    fn search(
        &self,
        cache: &mut LazyCache,
        input: &Input<'_>,
    ) -> Result<Option<(usize, usize)>, regex_automata::MatchError> {
        match (&self.engine, cache) {
            (Engine::Forward(dfa), LazyCache::Forward(cache)) => Ok(dfa
                .try_search_fwd(cache, input)?
                .map(|m| (input.start(), m.offset()))),
            (Engine::Both(regex), LazyCache::Both(cache)) => Ok(regex
                .try_search(cache, input)?
                .map(|m| (m.start(), m.end()))),
            _ => Ok(None),
        }
    }
}

/// Parse expressions as the lazy DFAs compile them; when every one ignores ASCII case, rewritten
/// for lower-cased text (the second value says so).
fn parse_for_lazy(patterns: &[&str], unicode: bool) -> Option<(Vec<Hir>, bool)> {
    let parse = |pattern: &str, case_insensitive: bool| {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .unicode(unicode)
            .utf8(false)
            .build()
            .parse(pattern)
            .ok()
    };
    let mut hirs = Vec::with_capacity(patterns.len());
    let mut lowercase = !unicode;
    for pattern in patterns {
        // Parsed as written, an expression that names no upper-case letter reads lower-cased
        // text as it is; that is cheaper than folding case and rewriting the result.
        if lowercase
            && let Some(hir) = parse(pattern, false)
            && reads_lower_case_as_written(pattern, &hir, unicode)
        {
            hirs.push(hir);
            continue;
        }
        let hir = parse(pattern, true)?;
        lowercase &= crate::lowercase::ignores_case(&hir);
        hirs.push(if lowercase {
            crate::lowercase::without_upper_case(&hir)
        } else {
            hir
        });
    }
    if !lowercase {
        // Some expression tells cases apart: all of them read the text as written.
        hirs = patterns
            .iter()
            .map(|p| parse(p, true))
            .collect::<Option<_>>()?;
    }
    Some((hirs, lowercase))
}

/// Whether an expression, parsed as written (`hir`), reads lower-cased text as it is: it names
/// no upper-case letter, and has no group that tells cases apart or turns Unicode on.
fn reads_lower_case_as_written(pattern: &str, hir: &Hir, unicode: bool) -> bool {
    !unicode
        && !disables_case(pattern)
        && !enables_unicode(pattern)
        && crate::lowercase::names_no_upper_case(hir)
}

/// The lazy DFA of expressions, forward or (for finding where a match starts) in reverse.
fn lazy_dfa(hirs: &[Hir], reverse: bool) -> Option<hybrid::dfa::DFA> {
    let nfa = thompson::Compiler::new()
        .configure(thompson_config().reverse(reverse))
        .build_many_from_hir(hirs)
        .ok()?;
    let config = if reverse {
        lazy_config()
            .prefilter(None)
            .specialize_start_states(false)
            .match_kind(regex_automata::MatchKind::All)
    } else {
        lazy_config()
    };
    hybrid::dfa::DFA::builder()
        .configure(config)
        .build_from_nfa(nfa)
        .ok()
}

thread_local! {
    /// This thread's lower-cased copy of the text it searches.
    static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Run `f` on a lower-cased copy of `text` (see [`crate::lowercase`]), kept in a buffer of
/// this thread's.
fn with_lower_case<T>(text: &str, f: impl FnOnce(&str) -> T) -> T {
    // Taken out of its slot, so that a nested call would make its own.
    let mut copy = LOWER.with_borrow_mut(std::mem::take);
    copy.clear();
    copy.push_str(text);
    copy.make_ascii_lowercase();
    let out = f(&copy);
    LOWER.with_borrow_mut(|slot| *slot = copy);
    out
}

/// The text being searched, and its lower-cased copy for the DFAs compiled for it (see
/// [`crate::lowercase`]). Offsets are the same in both.
#[derive(Clone, Copy)]
struct Texts<'t> {
    text: &'t str,
    lower: &'t str,
}

impl Pattern {
    fn lazy(&self) -> Option<&Lazy> {
        self.lazy
            .get_or_init(|| {
                let hir = self.hir.lock().ok().and_then(|mut hir| hir.take());
                Lazy::compile(&self.source, hir, self.unicode, self.anchored)
            })
            .as_ref()
    }

    fn regex(&self) -> Option<&meta::Regex> {
        self.regex
            .get_or_init(|| compile(&self.source, self.unicode))
            .as_ref()
            .ok()
    }

    /// The first match in `range` (one that starts at its start when `anchored`): the lazy DFAs
    /// answer unless they must give up, then the meta engine does.
    fn search(
        &self,
        caches: &mut Caches,
        index: usize,
        texts: Texts<'_>,
        range: std::ops::Range<usize>,
        anchored: bool,
    ) -> Option<(usize, usize)> {
        let anchored = if anchored {
            Anchored::Yes
        } else {
            Anchored::No
        };
        if let Some(lazy) = self.lazy() {
            let input = lazy.input(texts, range.clone()).anchored(anchored);
            if let Ok(found) = lazy.search(caches.get(index, lazy), &input) {
                return found;
            }
        }
        let input = Input::new(texts.text.as_bytes())
            .range(range)
            .anchored(anchored);
        self.regex()?.search(&input).map(|m| (m.start(), m.end()))
    }
}

/// The longest expression the gate covers, in bytes of source.
const GATED_LEN: usize = 512;

/// A candidate (where a prefix of an expression starts) as one number, its position above the
/// expression's index: sorting many is then one comparison each.
#[derive(Clone, Copy)]
struct Packing {
    /// Bits of the expression's index.
    bits: u32,
}

impl Packing {
    fn new(expressions: usize) -> Self {
        Self {
            bits: usize::BITS - expressions.leading_zeros(),
        }
    }

    fn pack(self, at: usize, expression: u32) -> u64 {
        ((at as u64) << self.bits) | u64::from(expression)
    }

    fn unpack(self, candidate: u64) -> (usize, u32) {
        let mask = (1u64 << self.bits) - 1;
        ((candidate >> self.bits) as usize, (candidate & mask) as u32)
    }
}

/// The gate's answer at the last position asked: candidates at one position come together.
#[derive(Default)]
struct GateMemo {
    at: Option<usize>,
    open: bool,
}

impl GateMemo {
    fn open(
        &mut self,
        matcher: &Matcher,
        caches: &mut Caches,
        texts: Texts<'_>,
        range: std::ops::Range<usize>,
    ) -> bool {
        if self.at != Some(range.start) {
            self.at = Some(range.start);
            self.open = matcher.may_start_at(caches, texts, range);
        }
        self.open
    }
}

/// Each thread's caches of the lazy DFAs of one matcher: made once per thread and run, never
/// per file.
#[derive(Default)]
struct Caches {
    matcher: u64,
    lazy: Vec<Option<LazyCache>>,
}

impl Caches {
    /// Start over if the caches were made for another matcher.
    fn use_for(&mut self, matcher: u64) {
        if self.matcher != matcher {
            *self = Self {
                matcher,
                lazy: Vec::new(),
            };
        }
    }

    fn get(&mut self, index: usize, lazy: &Lazy) -> &mut LazyCache {
        if self.lazy.len() <= index {
            self.lazy.resize_with(index + 1, || None);
        }
        self.lazy[index].get_or_insert_with(|| lazy.create_cache())
    }
}

thread_local! {
    static CACHES: std::cell::RefCell<Caches> = std::cell::RefCell::default();
}

/// Tells matchers apart, so that a thread's caches are never used with another matcher's DFAs.
static NEXT_MATCHER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

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
    let literals = starting_bytes(hir, 4000, LITERAL_LEN, 26)?;
    Some(
        literals
            .iter()
            .map(|l| String::from_utf8_lossy(l).to_ascii_lowercase())
            .collect(),
    )
}

/// Literals of up to [`LONGER_LEN`] bytes, lower-cased, that every match of a pattern starts
/// with; `None` when there are more than [`LONGER_COUNT`], one is not ASCII, or a match may
/// start otherwise. They check a prefix found by the literal automaton before the searches:
/// "doctor" starts a match of `(doctor|physician) (recommended|approved)` only if "doctor
/// recommended" or "doctor approved" follows.
fn longer_prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let literals = starting_bytes(hir, LONGER_COUNT, LONGER_LEN, 10)?;
    (literals.len() <= LONGER_COUNT && literals.iter().all(|l| l.is_ascii()))
        .then(|| literals.iter().map(|l| l.to_ascii_lowercase()).collect())
}

/// The literals, as written, that every match of a pattern starts with (at most `total` of up
/// to `len` bytes, classes of up to `class` bytes spread); `None` when a match may start
/// otherwise.
fn starting_bytes(hir: &Hir, total: usize, len: usize, class: usize) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_total(total)
        .limit_literal_len(len)
        .limit_class(class)
        .limit_repeat(4);
    let seq = extractor.extract(hir);
    let literals = seq.literals()?;
    if literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Longer literals a match that starts with a prefix starts with (see [`longer_prefixes`]).
type Longer = Box<[Short]>;

/// A literal of up to 16 bytes, compared with a text in one step: its bytes and a mask over
/// them, against the text's next 16 bytes read as one number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Short {
    value: u128,
    mask: u128,
    len: usize,
}

impl Short {
    fn new(bytes: &[u8]) -> Option<Self> {
        (bytes.len() <= 16).then(|| {
            let len = bytes.len();
            let mask = if len == 16 {
                u128::MAX
            } else {
                (1u128 << (8 * len)) - 1
            };
            Self {
                value: window(bytes),
                mask,
                len,
            }
        })
    }

    /// Whether the text whose next bytes are `window` (of which `available` are real) starts
    /// with this literal.
    fn starts(&self, window: u128, available: usize) -> bool {
        self.len <= available && window & self.mask == self.value
    }
}

/// The first 16 bytes of `bytes` as one number (zeros past its end), first byte lowest.
fn window(bytes: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let n = bytes.len().min(16);
    buf[..n].copy_from_slice(&bytes[..n]);
    u128::from_le_bytes(buf)
}

/// See [`longer_prefixes`].
const LONGER_LEN: usize = 16;
const LONGER_COUNT: usize = 256;

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
    /// Per slot: whether its matches can only be found in prose (see [`Self::needs_prose`]).
    prose_slots: Vec<bool>,
    /// Unique in the process (see [`Caches`]).
    id: u64,
    slots: usize,
    patterns: Vec<Pattern>,
    /// The literals of every slot, and what each is for: those of literal `k` are
    /// `aims[aim_ends[k]..aim_ends[k + 1]]`.
    words: Vec<String>,
    aims: Vec<Aim>,
    aim_ends: Vec<u32>,
    /// Literal automata, each of the literals of some slots (those a profile leaves on), by
    /// the slots; made when first needed.
    automata: std::sync::Mutex<Vec<(Vec<bool>, std::sync::Arc<Automaton>)>>,
    /// For a prefix of an expression (see [`Aim::continues`]): the longer literals a match
    /// that starts with it starts with.
    longer: Vec<Longer>,
    full_scan: Vec<u32>,
    /// One lazy DFA for every expression searched at its prefixes (ASCII ones): a position
    /// where none of them matches needs no search of its own.
    gate: BuiltOnce<Option<Lazy>>,
    /// The literal phrases of every slot, for the sieve.
    phrases: Vec<String>,
    /// Finds the lines that may hold a match: the literal automaton skips the others.
    sieve: BuiltOnce<Option<Sieve>>,
}

/// A value built the first time a thread asks for it; other threads that ask meanwhile go on
/// without it rather than wait (the sieve and the gate take some tens of milliseconds to build,
/// and only speed searches up).
#[derive(Debug)]
struct BuiltOnce<T> {
    value: OnceLock<T>,
    building: std::sync::Mutex<()>,
}

impl<T> Default for BuiltOnce<T> {
    fn default() -> Self {
        Self {
            value: OnceLock::new(),
            building: std::sync::Mutex::new(()),
        }
    }
}

impl<T> BuiltOnce<T> {
    /// The value, built now if no thread has; `None` while another thread builds it.
    fn get_or_build(&self, build: impl FnOnce() -> T) -> Option<&T> {
        if let Some(value) = self.value.get() {
            return Some(value);
        }
        let Ok(_building) = self.building.try_lock() else {
            return None;
        };
        Some(self.value.get_or_init(build))
    }

    #[cfg(test)]
    fn built(value: T) -> Self {
        Self {
            value: OnceLock::from(value),
            building: std::sync::Mutex::new(()),
        }
    }
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

    /// Whether a slot for which `wanted` is true matches somewhere in `text`: [`Self::scan`]
    /// that stops at the first match, searching each candidate as the literal automaton finds
    /// it.
    pub fn has_match(&self, text: &str, wanted: impl Fn(SlotId) -> bool) -> bool {
        self.has_match_in(text, false, wanted)
    }

    /// Whether every expression and phrase ignores ASCII case, so that a text and its
    /// lower-cased copy hold the same matches and [`Self::has_match_lowercase`] may be asked.
    pub fn ignores_case(&self) -> bool {
        self.sieve().is_some_and(Sieve::ignores_case)
    }

    /// [`Self::has_match`] for a text lower-cased already, when the matcher
    /// [ignores case](Self::ignores_case): the sieve reads it without a copy.
    pub fn has_match_lowercase(&self, text: &str, wanted: impl Fn(SlotId) -> bool) -> bool {
        self.has_match_in(text, self.ignores_case(), wanted)
    }

    fn has_match_in(&self, text: &str, lowercase: bool, wanted: impl Fn(SlotId) -> bool) -> bool {
        if lowercase {
            self.has_match_with(Texts { text, lower: text }, wanted)
        } else {
            with_lower_case(text, |lower| {
                self.has_match_with(Texts { text, lower }, wanted)
            })
        }
    }

    fn has_match_with(&self, texts: Texts<'_>, wanted: impl Fn(SlotId) -> bool) -> bool {
        let wanted_slots: Vec<bool> = (0..self.slots as SlotId).map(&wanted).collect();
        let text = texts.text;
        let bytes = text.as_bytes();
        // The line of the last literal found: literals come in order, mostly on the same line.
        let mut line = 0..0;
        let mut line_of = |at: usize| {
            if !line.contains(&at) {
                let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
                let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                line = start..end;
            }
            line.clone()
        };
        let mut found = Vec::new();
        let mut searched: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        let mut gate = GateMemo::default();
        CACHES.with_borrow_mut(|caches| {
            caches.use_for(self.id);
            self.for_each_hit(texts, &wanted_slots, |m, aim| {
                match aim.target {
                    Target::Phrase(slot) => {
                        push_checked(text, slot, m.start, m.end, &mut found);
                    }
                    Target::Prefix(p) => {
                        let at = m.start;
                        if may_start(aim.starts, bytes, at) && self.continues(aim, texts, at) {
                            let end = line_of(at).end;
                            if !self.gated(p) || gate.open(self, caches, texts, at..end) {
                                self.search_anchored(caches, p, texts, at..end, &mut found);
                            }
                        }
                    }
                    Target::Needed(p) => {
                        let range = self.part(p, bytes, m.range(), line_of(m.start));
                        if !searched.contains(&(p, range.clone())) {
                            searched.push((p, range.clone()));
                            self.search_all(caches, p, texts, range, &mut found);
                        }
                    }
                    Target::Conjunct(..) => {}
                }
                if found.is_empty() {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            if !found.is_empty() {
                return true;
            }
            for &p in &self.full_scan {
                if wanted(self.patterns[p as usize].slot) {
                    self.search_all(caches, p, texts, 0..bytes.len(), &mut found);
                    if !found.is_empty() {
                        return true;
                    }
                }
            }
            false
        })
    }

    /// Every match of every slot for which `wanted` is true, sorted by slot and position, with
    /// overlapping matches of one slot merged into the first and longest.
    pub fn scan(&self, text: &str, wanted: impl Fn(SlotId) -> bool) -> Vec<RawMatch> {
        // Asked once per slot, not for every literal found.
        let wanted: Vec<bool> = (0..self.slots as SlotId).map(wanted).collect();
        with_lower_case(text, |lower| self.scan_with(Texts { text, lower }, &wanted))
    }

    fn scan_with(&self, texts: Texts<'_>, wanted_slots: &[bool]) -> Vec<RawMatch> {
        let wanted = |slot: SlotId| wanted_slots.get(slot as usize).copied().unwrap_or(false);
        let text = texts.text;
        let mut out = Vec::new();
        // Candidates by position, so that the gate answers once for each.
        let packing = Packing::new(self.patterns.len());
        // Room for one every 64 bytes of text (about as many as prose holds), so that the list
        // is seldom copied as it grows.
        let mut candidates: Vec<u64> = Vec::with_capacity(text.len() / 64);
        let mut needed: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        let mut conjunct_hits: Vec<(u32, u8, usize)> = Vec::new();
        let bytes = text.as_bytes();
        self.for_each_hit(texts, wanted_slots, |m, aim| {
            match aim.target {
                Target::Phrase(slot) => {
                    push_checked(text, slot, m.start, m.end, &mut out);
                }
                Target::Prefix(p) => {
                    if may_start(aim.starts, bytes, m.start) && self.continues(aim, texts, m.start)
                    {
                        candidates.push(packing.pack(m.start, p));
                    }
                }
                Target::Needed(p) => needed.push((p, m.range())),
                Target::Conjunct(p, k) => conjunct_hits.push((p, k, m.start)),
            }
            ControlFlow::Continue(())
        });
        candidates.sort_unstable();
        candidates.dedup();
        // Matches never cross a block (a line of the prose): each candidate is searched to the
        // end of its line, found by binary search, not by a scan per candidate.
        let full_scan: Vec<u32> = self
            .full_scan
            .iter()
            .copied()
            .filter(|&p| wanted(self.patterns[p as usize].slot))
            .collect();
        let newlines: Vec<usize> =
            if candidates.is_empty() && needed.is_empty() && full_scan.is_empty() {
                Vec::new()
            } else {
                memchr::memchr_iter(b'\n', bytes).collect()
            };
        let line_of = |at: usize| newlines.partition_point(|&n| n < at);
        let line_end = |line: usize| newlines.get(line).copied().unwrap_or(bytes.len());
        let line_start = |line: usize| line.checked_sub(1).map_or(0, |l| newlines[l] + 1);
        // The lines where an expression with conjunct sets may match: those holding a literal
        // of each of its sets. Its candidates elsewhere are not searched.
        let mut conjunct_lines: Vec<(u32, usize, u8)> = conjunct_hits
            .into_iter()
            .map(|(p, k, at)| (p, line_of(at), k))
            .collect();
        conjunct_lines.sort_unstable();
        conjunct_lines.dedup();
        let mut open_lines: Vec<(u32, usize)> = Vec::new();
        for group in conjunct_lines.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (p, line, _) = group[0];
            if group.len() == usize::from(self.patterns[p as usize].conjuncts) {
                open_lines.push((p, line));
            }
        }
        let may_match_in = |p: u32, line: usize| {
            self.patterns[p as usize].conjuncts == 0 || open_lines.binary_search(&(p, line)).is_ok()
        };
        CACHES.with_borrow_mut(|caches| {
            caches.use_for(self.id);
            let mut gate = GateMemo::default();
            // Candidates come in order: their line is found by moving on, not searched for.
            let mut line = 0;
            for (at, p) in candidates.into_iter().map(|c| packing.unpack(c)) {
                while newlines.get(line).is_some_and(|&n| n < at) {
                    line += 1;
                }
                let range = at..line_end(line);
                if may_match_in(p, line)
                    && (!self.gated(p) || gate.open(self, caches, texts, range.clone()))
                {
                    self.search_anchored(caches, p, texts, range, &mut out);
                }
            }
            // The parts of lines to search, by expression and position: around each needed
            // literal, merged where they overlap.
            let mut parts: Vec<(u32, usize, usize, usize)> = needed
                .into_iter()
                .map(|(p, literal)| {
                    let line = line_of(literal.start);
                    let range = line_start(line)..line_end(line);
                    let part = self.part(p, bytes, literal, range);
                    (p, part.start, part.end, line)
                })
                .collect();
            // An expression searched in full with conjunct sets is searched along the lines
            // that hold a literal of each.
            for &p in &full_scan {
                if self.patterns[p as usize].conjuncts > 0 {
                    parts.extend(
                        open_lines
                            .iter()
                            .filter(|&&(q, _)| q == p)
                            .map(|&(_, line)| (p, line_start(line), line_end(line), line)),
                    );
                } else {
                    self.search_all(caches, p, texts, 0..bytes.len(), &mut out);
                }
            }
            parts.sort_unstable();
            let mut parts = parts.into_iter().peekable();
            while let Some((p, start, mut end, line)) = parts.next() {
                while let Some(&(_, _, next_end, _)) = parts
                    .next_if(|&(q, next_start, _, _)| q == p && next_start <= end)
                    .as_ref()
                {
                    end = end.max(next_end);
                }
                if may_match_in(p, line) {
                    self.search_all(caches, p, texts, start..end, &mut out);
                }
            }
        });
        out.sort_unstable_by(|a, b| (a.slot, a.start, b.end).cmp(&(b.slot, b.start, a.end)));
        out.dedup_by(|next, kept| next.slot == kept.slot && next.start < kept.end);
        out
    }

    /// Hand `each` every literal the automaton finds in `text` with each of its targets whose
    /// slot is wanted, in the order the automaton finds them, until it says to stop.
    fn for_each_hit(
        &self,
        texts: Texts<'_>,
        wanted: &[bool],
        mut each: impl FnMut(Hit, &Aim) -> ControlFlow<()>,
    ) {
        let automaton = self.automaton(wanted);
        let Some(literals) = &automaton.literals else {
            return;
        };
        let (aims, aim_ends) = (&automaton.aims, &automaton.aim_ends);
        // The automaton ignores case: either text will do.
        let mut hits_in = |range: std::ops::Range<usize>| {
            literals.for_each(texts.lower.as_bytes(), range, |m| {
                let k = m.literal as usize;
                for aim in &aims[aim_ends[k] as usize..aim_ends[k + 1] as usize] {
                    each(m, aim)?;
                }
                ControlFlow::Continue(())
            })
        };
        match self.sieve() {
            Some(sieve) if sieve.ignores_case() => {
                sieve.for_each_line(texts.lower.as_bytes(), hits_in);
            }
            Some(sieve) => sieve.for_each_line(texts.text.as_bytes(), hits_in),
            None => {
                let _ = hits_in(0..texts.text.len());
            }
        }
    }

    /// The automaton of the literals of the `wanted` slots, with their aims at those slots
    /// only: literals of rules a profile leaves off (a marketing profile's, a number for a
    /// statistic rule that is off) are not looked for at all. Made once for each set of slots.
    fn automaton(&self, wanted: &[bool]) -> std::sync::Arc<Automaton> {
        let mut automata = self
            .automata
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, automaton)) = automata.iter().find(|(w, _)| w == wanted) {
            return automaton.clone();
        }
        let mut words: Vec<&str> = Vec::new();
        let mut aims = Vec::new();
        let mut aim_ends = vec![0];
        for (k, word) in self.words.iter().enumerate() {
            let before = aims.len();
            aims.extend(
                self.aims[self.aim_ends[k] as usize..self.aim_ends[k + 1] as usize]
                    .iter()
                    .filter(|a| wanted.get(a.slot as usize) == Some(&true)),
            );
            if aims.len() > before {
                words.push(word);
                aim_ends.push(aims.len() as u32);
            }
        }
        let automaton = std::sync::Arc::new(Automaton {
            literals: (!words.is_empty()).then(|| Literals::new(&words)),
            aims,
            aim_ends,
        });
        automata.push((wanted.to_vec(), automaton.clone()));
        automaton
    }

    /// Whether the text at `at`, where a prefix of an expression starts, goes on as one of the
    /// longer literals its matches start with (a few comparisons, before any search).
    fn continues(&self, aim: &Aim, texts: Texts<'_>, at: usize) -> bool {
        let Some(group) = self.longer.get(aim.continues as usize) else {
            return true;
        };
        let rest = texts.lower.as_bytes().get(at..).unwrap_or_default();
        let next = window(rest);
        group.iter().any(|l| l.starts(next, rest.len()))
    }

    /// The sieve of every expression and phrase (see [`crate::sieve`]), built the first time
    /// it is needed; `None` while another thread builds it.
    fn sieve(&self) -> Option<&Sieve> {
        self.sieve
            .get_or_build(|| {
                let expressions = self.patterns.iter().map(|p| crate::sieve::Expression {
                    source: &p.source,
                    unicode: p.unicode,
                });
                Sieve::build(expressions, &self.phrases)
            })
            .and_then(Option::as_ref)
    }

    /// Whether the gate covers an expression: ASCII, searched at its prefixes, and short. One
    /// with a vocabulary in it (every disease name) would make the gate slow to build.
    fn gated(&self, p: u32) -> bool {
        let pattern = &self.patterns[p as usize];
        pattern.anchored && !pattern.unicode && pattern.source.len() <= GATED_LEN
    }

    /// Whether an expression the gate covers may match at `range.start`, ending within
    /// `range`: `false` when none does, so none needs a search of its own there.
    fn may_start_at(
        &self,
        caches: &mut Caches,
        texts: Texts<'_>,
        range: std::ops::Range<usize>,
    ) -> bool {
        let gate = self.gate.get_or_build(|| {
            let sources: Vec<&str> = (0..self.patterns.len() as u32)
                .filter(|&p| self.gated(p))
                .map(|p| self.patterns[p as usize].source.as_str())
                .collect();
            // For one expression the gate would only repeat its search.
            (sources.len() > 1)
                .then(|| Lazy::forward(&sources, false))
                .flatten()
        });
        // Without the gate (none, or another thread is building it) every candidate is searched.
        let Some(Some(gate)) = gate else { return true };
        let input = gate
            .input(texts, range)
            .anchored(Anchored::Yes)
            .earliest(true);
        !matches!(
            gate.search(caches.get(self.patterns.len(), gate), &input),
            Ok(None)
        )
    }

    /// The part of `line` to search for expression `p` around the needed literal found at
    /// `literal` (see [`Around`]), or the whole line. Parts that overlap are searched as one
    /// and the rest of the line not at all.
    fn part(
        &self,
        p: u32,
        bytes: &[u8],
        literal: std::ops::Range<usize>,
        line: std::ops::Range<usize>,
    ) -> std::ops::Range<usize> {
        match &self.patterns[p as usize].around {
            Some(around) => around.part(bytes, literal, line),
            None => line,
        }
    }

    /// The match of an expression that starts at `range.start`, if it ends within `range`.
    fn search_anchored(
        &self,
        caches: &mut Caches,
        p: u32,
        texts: Texts<'_>,
        range: std::ops::Range<usize>,
        out: &mut Vec<RawMatch>,
    ) {
        let pattern = &self.patterns[p as usize];
        let at = range.start;
        if let Some((_, end)) = pattern.search(caches, p as usize, texts, range, true) {
            push_checked(texts.text, pattern.slot, at, end, out);
        }
    }

    /// Every match of an expression inside `range`. A match that the word check turns down does
    /// not hide another that starts inside it.
    fn search_all(
        &self,
        caches: &mut Caches,
        p: u32,
        texts: Texts<'_>,
        range: std::ops::Range<usize>,
        out: &mut Vec<RawMatch>,
    ) {
        let pattern = &self.patterns[p as usize];
        let text = texts.text;
        let mut at = range.start;
        while at < range.end {
            let Some((start, end)) =
                pattern.search(caches, p as usize, texts, at..range.end, false)
            else {
                break;
            };
            at = if push_checked(text, pattern.slot, start, end, out) {
                end
            } else {
                (start + 1..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len())
            };
        }
    }

    /// Whether matches of the slot can only be found in prose, not in an approximation of it
    /// (see [`crate::prefilter`]): a match may hold one of the characters of [`MARKUP`], or an
    /// expression anchors at the start or end of a line (`(?m)^for cancer`), which a block of
    /// prose may begin where rough prose runs on.
    pub fn needs_prose(&self, slot: SlotId) -> bool {
        self.prose_slots.get(slot as usize).copied().unwrap_or(true)
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

/// Keep a match that starts and ends at word boundaries and stays inside one block.
fn push_checked(
    text: &str,
    slot: SlotId,
    start: usize,
    end: usize,
    out: &mut Vec<RawMatch>,
) -> bool {
    let ok = start < end
        && text.is_char_boundary(start)
        && text.is_char_boundary(end)
        && at_word_boundaries(text, start, end)
        && !text[start..end].contains('\n');
    if ok {
        out.push(RawMatch { slot, start, end });
    }
    ok
}

/// Whether a candidate at `at` lies inside a word ("ease" in "disease", the "9" of "1990"): no
/// match may start there (see [`push_checked`]), so no search is needed.
/// Whether a match of an expression whose matches start as `starts` says, found by one of its
/// prefixes, may start at `at`: not inside a word (the "9" of "1990"), and at a line's start
/// if it must be.
fn may_start(starts: Starts, bytes: &[u8], at: usize) -> bool {
    !starts_inside_word(bytes, at) && starts.allow(bytes, at)
}

fn starts_inside_word(bytes: &[u8], at: usize) -> bool {
    at > 0 && is_ascii_word(bytes[at - 1]) && bytes.get(at).copied().is_some_and(is_ascii_word)
}

fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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

const LEFT_BOUNDARY: &str = r"(?-u:\b)";

/// The parse of [`with_boundaries`] of a pattern, made from the pattern's parse.
fn bounded(hir: Hir) -> Hir {
    use regex_syntax::hir::Look;
    let left = edge(&hir, true).only_ascii_word();
    let right = edge(&hir, false).only_ascii_word();
    let mut parts = Vec::with_capacity(3);
    if left {
        parts.push(Hir::look(Look::WordAscii));
    }
    parts.push(hir);
    if right {
        parts.push(Hir::look(Look::WordAscii));
    }
    Hir::concat(parts)
}

/// Wrap a pattern in ASCII word boundaries where its matches always begin (end) with an ASCII
/// word character; elsewhere the boundary is left to [`at_word_boundaries`].
pub fn with_boundaries(pattern: &str, hir: &Hir) -> String {
    let left = if edge(hir, true).only_ascii_word() {
        LEFT_BOUNDARY
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
            .flat_map(|p| prefix_literals(&parse(p).unwrap().hir).unwrap())
            .collect();
        let p = minimal(all);
        assert_eq!(p, ["heal x", "heals ", "treat ", "treatm"]);
        assert!(p.iter().all(|l| l.len() <= LITERAL_LEN));
        assert!(prefix_literals(&parse(r"\w+ing").unwrap().hir).is_none());
    }

    #[test]
    fn patterns_only_unicode_accepts_get_unicode_semantics() {
        assert!(!parse(r"cures?\s+\w+").unwrap().unicode);
        assert!(parse(r"supports?[*\u2020\u2021]").unwrap().unicode);
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
        let req = |p: &str| required_literals(&parse(p).unwrap().hir);
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
            !m.patterns[0].anchored,
            "`the ` is a weak prefix; `study` picks the lines"
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
        assert!(strong.patterns[0].anchored);
    }

    /// `count` made-up words: `before` and `after` around two letters that tell them apart.
    fn made_up_words(count: u8, before: &str, after: &str) -> Vec<String> {
        (0..count)
            .map(|i| {
                let (first, second) = ((b'a' + i / 26) as char, (b'a' + i % 26) as char);
                format!("{before}{first}{second}{after}")
            })
            .collect()
    }

    #[test]
    fn many_prefixes_give_way_to_a_few_needed_literals() {
        // Forty names that differ in their first two letters (prefixes are up to six bytes).
        let diseases = made_up_words(40, "", "xitis");
        let vocabulary = diseases.join("|");
        let many = format!(r"(?:{vocabulary}|cancer)[- ](fighting|curing)");
        let m = matcher(&[&many], &[]);
        assert!(
            !m.patterns[0].anchored,
            "41 prefixes, 2 needed literals: the lines with one are searched"
        );
        assert_eq!(
            found(
                &m,
                "Cancer is common.\nA cancer-fighting diet, ahxitis curing and hxitis curing."
            ),
            vec![(0, "cancer-fighting".into()), (0, "ahxitis curing".into())]
        );
        // A few prefixes stay: the needed literal is not far rarer.
        let few = matcher(&[r"(?:cancer|tumou?r)[- ](fighting|curing)"], &[]);
        assert!(few.patterns[0].anchored);
        assert!(!far_rarer(
            &["fighting".into()],
            &["cancer".into(), "tumor-".into()]
        ));
        assert!(far_rarer(&[" affiliate links".into()], &diseases[..20]));
        assert!(
            !far_rarer(&["aff".into()], &diseases),
            "needed literals this short pick too much"
        );
    }

    #[test]
    fn patterns_that_may_match_markup_characters_are_known() {
        let may = |p: &str| may_match_any(&parse(p).unwrap().hir, MARKUP);
        assert!(may(r"supports?[*\u2020]"));
        assert!(may(r"cures?.cancer"));
        assert!(may(r"R&D"));
        assert!(!may(r"cures?\s+(\w+ ){0,2}cancer"));
        assert!(!may(r"\d+% of"));
        assert!(may(r"cure_all"));
        let m = matcher(&["cures"], &["a*b"]);
        assert!(!m.needs_prose(0));
        assert!(m.needs_prose(1));
        let anchored = matcher(&[r"(?m)^for cancer", r"cures$"], &[]);
        assert!(anchored.needs_prose(0));
        let plain = matcher(&[r"\bcures\b"], &[]);
        assert!(!plain.needs_prose(0));
    }

    #[test]
    fn conjunct_sets_come_from_different_parts() {
        let sets = |p: &str| conjuncts(&parse(p).unwrap().hir);
        assert_eq!(
            sets(r"(cured|healed) (\w+ )?cancers?"),
            [
                vec!["cancer".to_string()],
                vec!["cured".into(), "healed".into()]
            ]
        );
        // Short or unbounded parts give no set.
        assert!(sets(r"(is|as) \w+ for").is_empty());
    }

    #[test]
    fn conjunct_sets_skip_lines_without_them_and_keep_matches() {
        // A vocabulary of prefixes, and a verb every match needs.
        let vocab = made_up_words(30, "ill", "ness");
        let pattern = format!(r"(?:{}) (\w+ ){{0,2}}(cured|healed)", vocab.join("|"));
        let m = matcher(&[&pattern], &[]);
        assert!(m.patterns[0].conjuncts >= 1);
        let text = "illaaness was cured\nillabness was fine\nillacness it healed\n";
        let found: Vec<&str> = m
            .scan(text, |_| true)
            .iter()
            .map(|r| &text[r.start..r.end])
            .collect();
        assert_eq!(found, ["illaaness was cured", "illacness it healed"]);
    }

    #[test]
    fn has_match_agrees_with_scan() {
        let m = matcher(
            &[
                r"(cures?|heals?) (the )?flu",
                r"the \w+ (boosts|raises) immunity",
            ],
            &["miracle cure"],
        );
        let texts = [
            "It cures the flu.",
            "Nothing here.\nIt heals flu",
            "the tea boosts immunity",
            "the tea\nboosts immunity",
            "a miracle cure!",
            "a miracle curevent",
            "",
        ];
        for text in texts {
            for slot in [0, 1] {
                assert_eq!(
                    m.has_match(text, |s| s == slot),
                    !m.scan(text, |s| s == slot).is_empty(),
                    "{text:?} slot {slot}"
                );
            }
        }
        assert!(m.has_match("It cures the flu.", |_| true));
        assert!(!m.has_match("the tea\nboosts immunity", |_| true));
    }

    #[test]
    fn a_scan_of_some_slots_finds_what_a_scan_of_all_finds_in_them() {
        // Literals shared between slots ("cure"), and one slot's alone ("100", "miracle").
        let mut b = MatcherBuilder::new();
        let slots: Vec<SlotId> = (0..3).map(|_| b.add_slot()).collect();
        for (slot, regex) in [
            (0, r"cures? (the )?flu"),
            (1, r"\d+% (of )?people"),
            (2, r"cures? colds"),
        ] {
            b.add_regex(slots[slot], regex, &parse(regex).unwrap());
        }
        b.add_phrase(slots[2], "miracle cure");
        let m = b.build().unwrap();
        let text = "It cures the flu in 100% of people, a miracle cure that cures colds.";
        let all = m.scan(text, |_| true);
        let shown: Vec<(SlotId, &str)> = all
            .iter()
            .map(|r| (r.slot, &text[r.start..r.end]))
            .collect();
        assert_eq!(
            shown,
            [
                (0, "cures the flu"),
                (1, "100% of people"),
                (2, "miracle cure"),
                (2, "cures colds")
            ]
        );
        // Each set of slots twice, in turns: the automaton of a set is made once and kept.
        for _ in 0..2 {
            for wanted in [vec![0], vec![1], vec![2], vec![0, 2], vec![], vec![0, 1, 2]] {
                let some = m.scan(text, |s| wanted.contains(&s));
                let expected: Vec<_> = all
                    .iter()
                    .filter(|r| wanted.contains(&r.slot))
                    .cloned()
                    .collect();
                assert_eq!(some, expected, "{wanted:?}");
                assert_eq!(
                    m.has_match(text, |s| wanted.contains(&s)),
                    !expected.is_empty()
                );
            }
        }
        // Each set's automaton made once, and kept.
        assert_eq!(m.automata.lock().unwrap().len(), 6);
    }

    #[test]
    fn the_gate_finds_what_each_expression_finds_alone() {
        let long = format!("cures? ({}|the flu)", vec!["zzqq"; 120].join("|"));
        let regexes = [
            r"(cures?|treats?) (your )?cancer",
            r"(cures?|treats?) (the )?flu",
            r"cures? all",
            r"treats? (é|e)czema",
            r"cures?[*\u2020] flu",
            long.as_str(),
        ];
        let texts = [
            "It cures cancer and treats the flu; cures all.",
            "treatment cures nothing, treats your cancer",
            "It treats eczema and treats éczema. Cure the flu.",
            "cures\nall, cures the\nflu, cures the flu, cures† flu",
            "",
        ];
        let together = matcher(&regexes, &[]);
        for text in texts {
            let mut alone: Vec<(SlotId, String)> = regexes
                .iter()
                .flat_map(|r| found(&matcher(&[r], &[]), text))
                .collect();
            alone.sort();
            alone.dedup();
            let mut both = found(&together, text);
            both.sort();
            assert_eq!(both, alone, "{text:?}");
            assert_eq!(together.has_match(text, |_| true), !alone.is_empty());
        }
        // The gate was built, of the short expressions with ASCII semantics only.
        assert!(matches!(together.gate.value.get(), Some(Some(_))));
        let gated: Vec<bool> = (0..regexes.len() as u32)
            .map(|p| together.gated(p))
            .collect();
        assert_eq!(gated, [true, true, true, true, false, false]);
    }

    #[test]
    fn searches_around_needed_literals_find_what_whole_lines_do() {
        let regexes = [
            r"(is|as) (a |the )?(\w+ ){0,5}?(cures?|treatments?) (for|of)(?: [\w'-]+){0,3}? (cancer|the flu)",
            r"(cut|lower)\w*(?: [\w'-]+){0,5}? by (up to )?\d+(\.\d+)?\s?(%|percent)",
            r"(a|the) \w+ (study|trial) (found|showed)",
            r"\d+(\.\d+)?\s?(%|percent|-fold) (reduction|increase)",
        ];
        let narrow = matcher(&regexes, &[]);
        let mut whole = matcher(&regexes, &[]);
        for pattern in &mut whole.patterns {
            assert!(
                pattern.around.is_some(),
                "{} is searched along lines",
                pattern.source
            );
            pattern.around = None;
        }
        // The part around " by " in a line: the run of bytes the expression may hold either
        // side of it, from the comma before to the one after.
        let line = "Oddly, it lowered costs by 12.5 %, they say";
        let by = line.find(" by ").unwrap();
        let part = narrow.part(1, line.as_bytes(), by..by + 4, 0..line.len());
        assert_eq!(&line[part], " it lowered costs by 12.5 %");
        let words = [
            "is a new cure for",
            "as the treatment of",
            "cancer",
            "the flu",
            "it's",
            "big",
            "cuts",
            "lowered",
            "by",
            "up to",
            "12",
            "3.5",
            "%",
            "percent",
            "a study",
            "the trial",
            "found",
            "showed",
            "-fold",
            "reduction",
            "increase",
            "is",
            "of",
        ];
        let seps = [
            " ", " ", " ", " ", " ", " ", ", ", ". ", "; ", "\n", " (", ") ", "-", "é ",
        ];
        let mut compared = 0;
        for text in crate::testing::random_texts(7, &words, &seps, 40).take(1000) {
            let expected = found(&whole, &text);
            compared += expected.len();
            assert_eq!(found(&narrow, &text), expected, "{text:?}");
            assert_eq!(narrow.has_match(&text, |_| true), !expected.is_empty());
        }
        assert!(
            compared > 100,
            "the texts hold matches to compare ({compared})"
        );
    }

    #[test]
    fn a_value_being_built_is_not_waited_for() {
        let once: BuiltOnce<u32> = BuiltOnce::default();
        {
            let _building = once.building.lock().unwrap();
            assert_eq!(once.get_or_build(|| 1), None);
        }
        assert_eq!(once.get_or_build(|| 2), Some(&2));
        assert_eq!(once.get_or_build(|| 3), Some(&2));
    }

    #[test]
    fn the_sieve_skips_only_lines_without_matches() {
        let regexes = [
            r"\b(cures?|treats?) (your )?(cancer|the flu)\b",
            r"(is|as) (a |the )?(\w+ ){0,3}?(cure|treatment) (for|of) (cancer|the flu)",
            r"\b(cures?|stops?) alzheimer['’]?s",
            r"\w+ly cures",
            r"(?m)^cures? all$",
            r"\bcures? (cancer|flu|gout|acne|lupus|mumps|polio|rabies|scurvy|tetanus|typhus|warts|zits|asthma|rickets|shingles|anthrax|cholera|dengue|ebola|malaria|measles|plague|rubella|smallpox|syphilis) (fast|today)",
        ];
        let phrases = ["miracle cure", "detox"];
        let sieved = matcher(&regexes, &phrases);
        let mut plain = matcher(&regexes, &phrases);
        plain.sieve = BuiltOnce::built(None);
        let words = [
            "cures",
            "treats",
            "your",
            "cancer",
            "the flu",
            "is",
            "a",
            "cure",
            "treatment",
            "for",
            "of",
            "alzheimer’s",
            "alzheimers",
            "stops",
            "quickly",
            "all",
            "miracle",
            "detox",
            "gout",
            "fast",
            "today",
            "é",
            "big",
            "Cures",
            "MIRACLE",
            "Detox",
        ];
        let seps = [" ", " ", " ", " ", ", ", ". ", "\n", "\n\n", "-", "*"];
        let mut compared = 0;
        for text in crate::testing::random_texts(11, &words, &seps, 30).take(1000) {
            let expected = found(&plain, &text);
            compared += expected.len();
            assert_eq!(found(&sieved, &text), expected, "{text:?}");
            let lower = text.to_ascii_lowercase();
            for slot in [0, 1] {
                let expected = plain.has_match(&text, |s| s == slot);
                assert_eq!(sieved.has_match(&text, |s| s == slot), expected, "{text:?}");
                assert_eq!(
                    sieved.has_match_lowercase(&lower, |s| s == slot),
                    expected,
                    "{text:?}"
                );
            }
        }
        assert!(compared > 300, "the texts hold matches ({compared})");
        assert!(matches!(sieved.sieve.value.get(), Some(Some(_))));
        assert!(sieved.ignores_case());
        // An expression that tells cases apart: the sieve reads text as it is.
        let cased = matcher(&[r"(?-i:MS) cures", r"cures flu"], &[]);
        assert!(!cased.ignores_case());
        assert!(cased.has_match("MS cures", |_| true));
        assert!(!cased.has_match("ms cures", |_| true));
    }

    #[test]
    fn unicode_mode_keeps_the_whole_line() {
        assert!(enables_unicode("(?u)cures? flu"));
        assert!(enables_unicode("a (?iu:k)"));
        assert!(!enables_unicode(
            "(?-u:\\b)cures \\(?compounded\\)? (?i)flu"
        ));
        let m = matcher(&[r"(?u)(a|the) \w+ (study|trial) (found|showed)"], &[]);
        assert!(!m.patterns[0].anchored);
        assert!(m.patterns[0].around.is_none());
        assert_eq!(
            found(&m, "Odd: the big study found, and"),
            vec![(0, "the big study found".into())]
        );
    }

    #[test]
    fn a_needed_literal_across_a_line_end_is_searched_around_safely() {
        let m = matcher(
            &[r"(a|the) \w+\nfound it", r"(a|the) \w+ (study|trial) found"],
            &[],
        );
        assert!(m.patterns.iter().all(|p| p.around.is_some()));
        let text = "the x\nfound it, the big\nfound it; the big study found";
        assert_eq!(found(&m, text), vec![(0, "the big study found".into())]);
        assert!(!m.has_match("the x\nfound it", |_| true));
        assert!(m.has_match(text, |_| true));
    }

    #[test]
    fn the_parse_kept_from_loading_is_the_parse_of_the_bounded_source() {
        let packs: Vec<crate::error::SourceFile> = crate::rules::builtin::names()
            .map(|n| crate::error::SourceFile::new(n, crate::rules::builtin::pack(n).unwrap()))
            .collect();
        let set = crate::rules::RuleSet::load(&packs).unwrap();
        let mut compared = 0;
        for p in &set.matcher.patterns {
            let kept = p.hir.lock().unwrap().clone().unwrap();
            let parsed = regex_syntax::ParserBuilder::new()
                .unicode(p.unicode)
                .utf8(false)
                .build()
                .parse(&p.source)
                .unwrap();
            assert_eq!(kept, parsed, "{}", p.source);
            compared += 1;
        }
        assert!(compared > 200, "{compared}");
        // With boundaries on one side, both, and neither.
        for pattern in [r"cures? \d+%", r"\d+ cures", "cures", r"\(cure\)"] {
            let hir = parse(pattern).unwrap().hir;
            let source = with_boundaries(pattern, &hir);
            assert_eq!(bounded(hir), parse(&source).unwrap().hir, "{source}");
        }
    }

    #[test]
    fn a_spliced_parse_is_the_parse_of_the_expanded_pattern() {
        let vocab = |name: &str| match name {
            "disease" => Some("cancers?|(diabet(es|ic)|flu)|x".to_string()),
            "one" => Some("cure".to_string()),
            "letters" => Some("a|b".to_string()),
            _ => None,
        };
        let cases = [
            r"for {disease}",
            r"({disease}|{one}s?) (now|{letters})+",
            r"{one}{one} (a|(b))",
            r"treats? (?:your |the )?{disease}\b",
            r"(?:{letters}|{disease})",
        ];
        for pattern in cases {
            let mut parts = Vec::new();
            let mut as_placeholders = |name: &str| {
                parts.push(vocab(name)?);
                placeholder(parts.len() - 1)
            };
            let (skeleton, _) = crate::rules::vocab::expand(pattern, &mut as_placeholders).unwrap();
            let (expanded, _) =
                crate::rules::vocab::expand(pattern, &mut |n: &str| vocab(n)).unwrap();
            assert!(
                splices(pattern) && parts.iter().all(|p| splices(p)),
                "{pattern}"
            );
            let hirs: Vec<Hir> = parts.iter().map(|p| parse_part(p).unwrap()).collect();
            let refs: Vec<&Hir> = hirs.iter().collect();
            let spliced = parse_spliced(&skeleton, &refs).expect(pattern);
            assert_eq!(spliced.hir, parse(&expanded).unwrap().hir, "{pattern}");
        }
        // Where a vocabulary would not read the same: inline flags, half word boundaries.
        assert!(!splices(r"(?i)for {disease}") && !splices(r"(?x) a {b}"));
        assert!(!splices(r"\b{start-half}{one}") && !splices(r"[\x80-\x81]{one}"));
        assert!(splices(r"(?:a)\(b\)") && placeholder(126).is_some() && placeholder(127).is_none());
        // A placeholder not where a vocabulary can stand (in a class) is not spliced.
        let hir = parse_part("cure").unwrap();
        let lone = placeholder(0).unwrap();
        assert!(parse_spliced(&format!("[{lone}]"), &[&hir]).is_none());
        assert!(parse_spliced("no placeholder", &[&hir]).is_none());
        assert!(parse_spliced(&format!("a{lone}b"), &[]).is_none());
    }

    #[test]
    fn a_short_literal_is_compared_as_starts_with_compares() {
        let literals: [&[u8]; 7] = [
            b"",
            b"a",
            b"doctor ",
            b"doctor recommend",
            b"\0",
            b"a\0",
            b"0123456789abcdef",
        ];
        let texts: [&[u8]; 9] = [
            b"",
            b"a",
            b"\0",
            b"a\0b",
            b"doctor",
            b"doctor recommended",
            b"doctor approved",
            b"0123456789abcdef",
            b"0123456789abcdeg and on",
        ];
        for literal in literals {
            let short = Short::new(literal).unwrap();
            for text in texts {
                for from in 0..=text.len() {
                    let rest = &text[from..];
                    assert_eq!(
                        short.starts(window(rest), rest.len()),
                        rest.starts_with(literal),
                        "{literal:?} at {rest:?}"
                    );
                }
            }
        }
        assert_eq!(Short::new(&[b'x'; 17]), None);
    }

    #[test]
    fn packed_candidates_sort_as_pairs_and_come_back_whole() {
        for expressions in [1usize, 2, 312, 1 << 20, u32::MAX as usize] {
            let packing = Packing::new(expressions);
            let last = u32::try_from(expressions - 1).unwrap();
            let mut pairs = vec![(7usize, last), (7, 0), (0, last), (1 << 30, 1), (6, last)];
            let mut packed: Vec<u64> = pairs.iter().map(|&(a, p)| packing.pack(a, p)).collect();
            pairs.sort_unstable();
            packed.sort_unstable();
            let back: Vec<(usize, u32)> = packed.into_iter().map(|c| packing.unpack(c)).collect();
            assert_eq!(back, pairs, "{expressions} expressions");
        }
    }

    #[test]
    fn candidates_of_an_expression_anchored_at_line_starts_are_searched_only_there() {
        let starts = |p: &str| Starts::of(&parse(p).unwrap().hir);
        assert_eq!(starts(r"(?m)^(made )?for flu$"), Starts::Line);
        assert_eq!(starts(r"^for flu"), Starts::Text);
        assert_eq!(starts(r"(?m)(^for|^made for) flu"), Starts::Line);
        assert_eq!(starts(r"(?m)(^for|x) flu"), Starts::Anywhere);
        assert_eq!(starts(r"for flu"), Starts::Anywhere);
        let m = matcher(&[r"(?m)^(made )?for (cancer|flu)$"], &[]);
        assert_eq!(m.patterns[0].starts, Starts::Line);
        let text = "Good for flu\nfor flu\nmade for cancer\nfor flu";
        assert_eq!(
            found(&m, text),
            vec![
                (0, "for flu".into()),
                (0, "made for cancer".into()),
                (0, "for flu".into())
            ]
        );
        assert!(!m.has_match("Good for flu\nmade  for flu", |_| true));
        let m = matcher(&[r"^for (cancer|flu)"], &[]);
        assert_eq!(
            found(&m, "for flu\nfor cancer"),
            vec![(0, "for flu".into())]
        );
    }

    #[test]
    fn a_prefix_is_searched_only_where_a_longer_start_of_a_match_follows() {
        let longer = |p: &str| {
            longer_prefixes(&parse(p).unwrap().hir).map(|v| {
                v.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        let mut both = longer("(Doctor|physician) (recommended|approved)").unwrap();
        both.sort();
        assert_eq!(
            both,
            [
                "doctor approved",
                "doctor recommend",
                "physician approv",
                "physician recomm"
            ]
        );
        // A class too large to spread, and a start that may be anything.
        assert_eq!(longer(r"cures \w+").unwrap(), ["cures "]);
        assert_eq!(longer(r"\w+ cures"), None);
        assert_eq!(longer("café (au )?lait"), None);
        // A pattern in Unicode mode folds non-ASCII letters: no check.
        let m = matcher(&[r"(?u)docteur (approuvé|recommandé)"], &[]);
        assert!(m.aims.iter().all(|a| a.continues == u32::MAX));
        assert!(m.has_match("DOCTEUR APPROUVÉ", |_| true));
        let m = matcher(&[r"(doctor|physician)[- ](recommended|approved)"], &[]);
        assert!(m.aims.iter().all(|a| a.continues != u32::MAX));
        let text =
            "A Doctor-Recommended formula, a doctor who approved it, a PHYSICIAN APPROVED one.";
        assert_eq!(
            found(&m, text),
            vec![
                (0, "Doctor-Recommended".into()),
                (0, "PHYSICIAN APPROVED".into())
            ]
        );
        assert!(m.has_match("physician-approved", |_| true));
        assert!(!m.has_match("a doctor approves", |_| true));
    }

    #[test]
    fn empty_matching_patterns_are_detected() {
        assert!(matches_empty(&parse("a*").unwrap().hir));
        assert!(!matches_empty(&parse("cures?").unwrap().hir));
    }
}
