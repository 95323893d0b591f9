//! The literal automaton: every literal of a matcher in one Aho-Corasick DFA that reports each
//! occurrence of each literal, overlapping ones included, ASCII letters in either case.
//!
//! It is built for one thing, speed on thousands of short literals: its DFA reads every byte of
//! the prose, and each step is a load from its transition table, so the table must stay in the
//! processor's cache. Bytes that no literal holds share one class, ASCII letters share theirs with
//! their other case, and a transition takes two bytes where that is enough: some 10,000 states
//! of 43 classes fit in 900 KB (the general-purpose crate takes four bytes a transition and a
//! power-of-two row, 3 MB). States with matches come last, so one comparison tells whether a
//! step ends a literal.

use std::ops::ControlFlow;

/// One occurrence of a literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the literal, in the order given to [`Literals::new`].
    pub literal: u32,
    /// Where it starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

impl Hit {
    /// Its range in the text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// The automaton of a list of literals (see the module documentation).
#[derive(Debug)]
pub struct Literals {
    /// Class of each byte.
    classes: [u8; 256],
    /// Number of classes: the length of a row of the table.
    stride: usize,
    table: Table,
    /// States from this one on end one or more literals.
    first_match: u32,
    /// For each state from `first_match` on, its literals: `ends[s - first_match]..ends[s -
    /// first_match + 1]` in `outputs`.
    ends: Vec<u32>,
    outputs: Vec<u32>,
    /// Length of each literal.
    lengths: Vec<u32>,
    /// Length of the longest.
    longest: usize,
}

/// A text is read as this many parts at once (see [`Literals::run`]).
const LANES: usize = 4;

/// Texts whose parts would be shorter than this are read in one piece.
const SPLIT: usize = 64;

/// Transitions, row by row: two bytes a state while the states fit, four otherwise.
#[derive(Debug)]
enum Table {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Literals {
    /// The automaton of `literals` (none of them empty).
    pub fn new<S: AsRef<[u8]>>(literals: &[S]) -> Self {
        let classes = byte_classes(literals);
        let stride = usize::from(classes.iter().copied().max().unwrap_or(0)) + 1;
        // The trie: `next[s * stride + c]` is the child of `s` by class `c`, or NONE.
        const NONE: u32 = u32::MAX;
        let mut next: Vec<u32> = vec![NONE; stride];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (index, literal) in literals.iter().enumerate() {
            let mut state = 0usize;
            for &b in literal.as_ref() {
                let slot = state * stride + usize::from(classes[usize::from(b)]);
                if next[slot] == NONE {
                    next[slot] = own.len() as u32;
                    own.push(Vec::new());
                    next.extend(std::iter::repeat_n(NONE, stride));
                }
                state = next[slot] as usize;
            }
            own[state].push(index as u32);
        }
        // Breadth first: each state's failure (its longest proper suffix that is a state) is
        // known before its children are reached, so every missing transition is that of the
        // failure, and a state's literals include its failure's.
        let count = own.len();
        let mut fail = vec![0u32; count];
        let mut order = Vec::with_capacity(count);
        let mut queue = std::collections::VecDeque::from([0u32]);
        while let Some(state) = queue.pop_front() {
            order.push(state);
            let s = state as usize;
            for c in 0..stride {
                let child = next[s * stride + c];
                if child == NONE {
                    next[s * stride + c] = if s == 0 {
                        0
                    } else {
                        next[fail[s] as usize * stride + c]
                    };
                    continue;
                }
                let f = if s == 0 {
                    0
                } else {
                    next[fail[s] as usize * stride + c]
                };
                fail[child as usize] = f;
                let inherited = own[f as usize].clone();
                own[child as usize].extend(inherited);
                queue.push_back(child);
            }
        }
        // Number the states anew: those without literals first, in breadth-first order.
        let mut renumber = vec![0u32; count];
        let (plain, matching): (Vec<u32>, Vec<u32>) =
            order.iter().partition(|&&s| own[s as usize].is_empty());
        for (new, &old) in plain.iter().chain(&matching).enumerate() {
            renumber[old as usize] = new as u32;
        }
        let first_match = plain.len() as u32;
        let mut ends = vec![0u32];
        let mut outputs = Vec::new();
        for &old in &matching {
            outputs.extend(&own[old as usize]);
            ends.push(outputs.len() as u32);
        }
        let rows = plain.iter().chain(&matching).flat_map(|&old| {
            let row = &next[old as usize * stride..(old as usize + 1) * stride];
            row.iter().map(|&to| renumber[to as usize])
        });
        let table = if count <= usize::from(u16::MAX) + 1 {
            Table::Narrow(rows.map(|s| s as u16).collect())
        } else {
            Table::Wide(rows.collect())
        };
        let lengths: Vec<u32> = literals.iter().map(|l| l.as_ref().len() as u32).collect();
        Self {
            longest: lengths.iter().copied().max().unwrap_or(0) as usize,
            lengths,
            classes,
            stride,
            table,
            first_match,
            ends,
            outputs,
        }
    }

    /// Hand `each` every occurrence of a literal that ends inside `range` of `text` and starts
    /// inside it, in order of their ends, until it says to stop.
    pub fn for_each(
        &self,
        text: &[u8],
        range: std::ops::Range<usize>,
        each: impl FnMut(Hit) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        match &self.table {
            Table::Narrow(table) => self.run(table, text, range, each),
            Table::Wide(table) => self.run(table, text, range, each),
        }
    }

    fn run<T: Copy + Into<u32>>(
        &self,
        table: &[T],
        text: &[u8],
        range: std::ops::Range<usize>,
        mut each: impl FnMut(Hit) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let Some(bytes) = text.get(range.clone()) else {
            return ControlFlow::Continue(());
        };
        let step = |state: u32, b: u8| -> u32 {
            let class = usize::from(self.classes[usize::from(b)]);
            table[state as usize * self.stride + class].into()
        };
        // A step waits for the one before it (a load from the table): four parts of the text,
        // read in turns, keep four loads in flight. Each part after the first starts early
        // enough to see every literal that ends in it, and reports only those.
        let n = bytes.len();
        let part = n.div_ceil(LANES);
        if part < SPLIT {
            let mut state = 0;
            for (i, &byte) in bytes.iter().enumerate() {
                state = step(state, byte);
                if state >= self.first_match {
                    self.report(state, range.start + i + 1, &mut each)?;
                }
            }
            return ControlFlow::Continue(());
        }
        // Each lane: where it starts reading, and from where on it reports what ends.
        let lanes: [(usize, usize); LANES] = std::array::from_fn(|j| {
            let report = (j * part).min(n);
            let from = if j == 0 {
                0
            } else {
                (report + 1).saturating_sub(self.longest.max(1))
            };
            (from, report)
        });
        let ends: [usize; LANES] = std::array::from_fn(|j| ((j + 1) * part).min(n));
        let common = (0..LANES).map(|j| ends[j] - lanes[j].0).min().unwrap_or(0);
        let [a, b, c, d] = std::array::from_fn(|j| &bytes[lanes[j].0..lanes[j].0 + common]);
        let mut states = [0u32; LANES];
        for (i, (((&w, &x), &y), &z)) in a.iter().zip(b).zip(c).zip(d).enumerate() {
            states[0] = step(states[0], w);
            states[1] = step(states[1], x);
            states[2] = step(states[2], y);
            states[3] = step(states[3], z);
            for (j, &state) in states.iter().enumerate() {
                let at = lanes[j].0 + i;
                if state >= self.first_match && at >= lanes[j].1 {
                    self.report(state, range.start + at + 1, &mut each)?;
                }
            }
        }
        // The rest of each lane, one after another.
        for (j, mut state) in states.into_iter().enumerate() {
            let from = lanes[j].0 + common;
            for (k, &byte) in bytes[from..ends[j]].iter().enumerate() {
                state = step(state, byte);
                let at = from + k;
                if state >= self.first_match && at >= lanes[j].1 {
                    self.report(state, range.start + at + 1, &mut each)?;
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Hand `each` the literals that the match state `state` ends, at `end`. A state is reached
    /// by at most as many bytes as were read: every literal it ends started inside the range.
    fn report(
        &self,
        state: u32,
        end: usize,
        each: &mut impl FnMut(Hit) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let k = (state - self.first_match) as usize;
        for &literal in &self.outputs[self.ends[k] as usize..self.ends[k + 1] as usize] {
            let length = self.lengths[literal as usize] as usize;
            each(Hit {
                literal,
                start: end - length,
                end,
            })?;
        }
        ControlFlow::Continue(())
    }

    /// Memory taken by the transition table, in bytes.
    pub fn table_bytes(&self) -> usize {
        match &self.table {
            Table::Narrow(t) => t.len() * 2,
            Table::Wide(t) => t.len() * 4,
        }
    }
}

/// A class for each byte that some literal holds, ASCII letters with their other case; one
/// class (0) for all the others.
fn byte_classes<S: AsRef<[u8]>>(literals: &[S]) -> [u8; 256] {
    let mut used = [false; 256];
    for literal in literals {
        for &b in literal.as_ref() {
            used[usize::from(b.to_ascii_lowercase())] = true;
        }
    }
    let mut classes = [0u8; 256];
    let mut count = 0u8;
    for b in 0..=255u8 {
        if used[usize::from(b)] && !b.is_ascii_uppercase() {
            count = count.saturating_add(1);
            classes[usize::from(b)] = count;
        }
    }
    for b in b'A'..=b'Z' {
        classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    fn hits(literals: &Literals, text: &str) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        let _ = literals.for_each(text.as_bytes(), 0..text.len(), |h| {
            out.push((h.literal, h.start, h.end));
            ControlFlow::Continue(())
        });
        out.sort_unstable();
        out
    }

    #[test]
    fn every_occurrence_is_found_as_the_general_automaton_finds_it() {
        let words = [
            "cure", "cures", "cured", "ure", "re", "e", "diseas", "disease", "sea", "ease", "as",
            "a", "the ", "the c", "% off", "100% ", "0", "1", "19", "covid-19", "x", "’s", "é",
        ];
        let literals = Literals::new(&words);
        let general = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .unwrap();
        let pieces = [
            "cure", "Cures", "CURED", "disease", "Diseases", "the ", "THE C", "100% off",
            "covid-19", "19", "x", "it’s", "É", "é", " ", "\n", "sea", "ease",
        ];
        let mut compared = 0;
        // Short texts are read in one piece, long ones in four parts.
        let short = crate::testing::random_texts(13, &pieces, &["", " ", "-"], 12).take(300);
        let long = crate::testing::random_texts(17, &pieces, &["", " ", "-"], 80).take(300);
        for text in short.chain(long) {
            let mut expected: Vec<(u32, usize, usize)> = general
                .find_overlapping_iter(&text)
                .map(|m| (m.pattern().as_u32(), m.start(), m.end()))
                .collect();
            expected.sort_unstable();
            compared += expected.len();
            assert_eq!(hits(&literals, &text), expected, "{text:?}");
        }
        assert!(compared > 50_000, "the texts hold literals ({compared})");
    }

    #[test]
    fn a_range_holds_only_the_literals_inside_it() {
        let literals = Literals::new(&["cure", "re all"]);
        let text = "a cure all";
        assert_eq!(hits(&literals, text), vec![(0, 2, 6), (1, 4, 10)]);
        let mut inside = Vec::new();
        let _ = literals.for_each(text.as_bytes(), 4..10, |h| {
            inside.push(h.range());
            ControlFlow::Continue(())
        });
        assert_eq!(inside, vec![4..10]);
    }

    #[test]
    fn a_literal_across_where_the_parts_of_a_long_text_meet_is_found_once() {
        let literals = Literals::new(&["middle", "m", "e"]);
        // Every place in texts read in four parts of 150 bytes, and in one piece.
        for (at, len) in (0..594)
            .map(|at| (at, 600))
            .chain((0..194).map(|at| (at, 200)))
        {
            let text = format!("{}middle{}", "x".repeat(at), "y".repeat(len - 6 - at));
            let found = hits(&literals, &text);
            assert_eq!(
                found,
                vec![(0, at, at + 6), (1, at, at + 1), (2, at + 5, at + 6)],
                "{at} of {len}"
            );
        }
        assert!(hits(&Literals::new(&[] as &[&str]), &"x".repeat(300)).is_empty());
    }

    #[test]
    fn the_search_stops_when_asked() {
        let literals = Literals::new(&["a"]);
        let mut seen = 0;
        let flow = literals.for_each(b"aaaa", 0..4, |_| {
            seen += 1;
            ControlFlow::Break(())
        });
        assert_eq!((seen, flow), (1, ControlFlow::Break(())));
    }

    #[test]
    fn thousands_of_literals_take_two_bytes_a_transition() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{i:05}x")).collect();
        let literals = Literals::new(&words);
        assert!(matches!(literals.table, Table::Narrow(_)));
        assert_eq!(hits(&literals, "a w00042x b"), vec![(42, 2, 9)]);
        // Scattered literals share few prefixes: more than 65,536 states.
        let many: Vec<String> = (0..20_000u64)
            .map(|i| format!("{:08x}", i.wrapping_mul(2_654_435_761) % (1 << 32)))
            .collect();
        let wide = Literals::new(&many);
        assert!(matches!(wide.table, Table::Wide(_)));
        let text = format!("z{}z", many[19_999]);
        assert_eq!(hits(&wide, &text), vec![(19_999, 1, 9)]);
    }
}
