//! Context of a match: whether it is negated, a question, attributed, quoted, inside a
//! disclaimer, hedged, or about medical care in general. Each rule lists in `exempt` the flags
//! that exempt its matches.
//!
//! Negation follows NegEx: pre-negation cues negate forward to the end of their clause,
//! post-negation cues negate the claim just before them, pseudo-negations ("not only") negate
//! nothing, and termination terms ("but", "however", ";") end a clause. A subordinate clause
//! ("Although X is not Y, ...") ends at its comma. Marketing phrases that look like negations
//! ("no more joint pain", "say goodbye to") are claims and negate nothing.
//!
//! The analysis runs only around matches: a block's sentences, and a sentence's cues, are
//! computed the first time a match lands in them. Every cue list is data (`rules/shared/
//! context.toml`, extended by packs).

use crate::matcher::at_word_boundaries;
use crate::prose::Prose;
use crate::rules::Rule;
use crate::rules::spec::{CueSpec, Flag, Profile};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

/// Kinds of cue phrases found in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// Negates forward.
    PreNegation,
    /// Negates backward.
    PostNegation,
    /// Looks like a negation, is none.
    PseudoNegation,
    /// Looks like a negation, is a claim.
    ClaimNegation,
    /// Ends a clause.
    Termination,
    /// Opens a subordinate clause.
    Subordinator,
    /// Reported speech.
    Attribution,
    /// A reporting verb.
    Reporting,
    /// An agent that reports.
    Agent,
    /// A hedge.
    Hedge,
    /// A noun of medical care.
    Care,
    /// A modifier that makes a care noun a product.
    CareModifier,
    /// A seller speaking.
    SellerVoice,
    /// An open question or research aim ("whether", "to learn if"): nothing is asserted.
    Hypothetical,
}

/// The cue lists, compiled once per run. A phrase may be in several lists.
#[derive(Debug)]
pub struct Cues {
    ac: AhoCorasick,
    kinds: Vec<CueKinds>,
    question_start: Vec<String>,
    presupposing: Vec<String>,
    disclaimer: Option<Regex>,
    care_suffix: Vec<String>,
    imperative: Vec<String>,
    institution: Vec<String>,
}

impl Cues {
    /// Compile cue lists. An error names the list and entry that could not be compiled.
    pub fn compile(spec: &CueSpec) -> Result<Self, String> {
        let lists: [(&[String], CueKind); 14] = [
            (&spec.pre_negation, CueKind::PreNegation),
            (&spec.post_negation, CueKind::PostNegation),
            (&spec.pseudo_negation, CueKind::PseudoNegation),
            (&spec.claim_negation, CueKind::ClaimNegation),
            (&spec.termination, CueKind::Termination),
            (&spec.subordinator, CueKind::Subordinator),
            (&spec.attribution, CueKind::Attribution),
            (&spec.reporting, CueKind::Reporting),
            (&spec.agent, CueKind::Agent),
            (&spec.hedge, CueKind::Hedge),
            (&spec.care, CueKind::Care),
            (&spec.care_modifier, CueKind::CareModifier),
            (&spec.seller_voice, CueKind::SellerVoice),
            (&spec.hypothetical, CueKind::Hypothetical),
        ];
        let mut phrases: Vec<String> = Vec::new();
        let mut kinds: Vec<CueKinds> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (list, kind) in lists {
            for phrase in list {
                let p = crate::prose::normalise(phrase).to_lowercase();
                if p.is_empty() {
                    continue;
                }
                match index.get(&p) {
                    Some(&i) => kinds[i] = kinds[i].with(kind),
                    None => {
                        index.insert(p.clone(), phrases.len());
                        phrases.push(p);
                        kinds.push(CueKinds::default().with(kind));
                    }
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .map_err(|e| e.to_string())?;
        let disclaimer = if spec.disclaimer.is_empty() {
            None
        } else {
            for d in &spec.disclaimer {
                regex_syntax::parse(d).map_err(|e| format!("disclaimer pattern `{d}`: {e}"))?;
            }
            let joined = spec
                .disclaimer
                .iter()
                .map(|d| format!("(?:{})", crate::prose::normalise_chars(d)))
                .collect::<Vec<_>>()
                .join("|");
            // ASCII word boundaries keep the search on the lazy DFA (Unicode ones force the
            // slow engine on non-ASCII text); a pattern that needs Unicode mode still gets it.
            let build = |unicode: bool| {
                RegexBuilder::new(&joined)
                    .case_insensitive(true)
                    .unicode(unicode)
                    .build()
            };
            Some(
                build(false)
                    .or_else(|_| build(true))
                    .map_err(|e| e.to_string())?,
            )
        };
        let lower = |l: &[String]| l.iter().map(|s| s.to_lowercase()).collect();
        Ok(Self {
            ac,
            kinds,
            question_start: lower(&spec.question_start),
            presupposing: lower(&spec.presupposing_question),
            disclaimer,
            care_suffix: lower(&spec.care_suffix),
            imperative: lower(&spec.imperative),
            institution: lower(&spec.institution),
        })
    }
}

/// A cue found in a sentence, by range in the normalised text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// What kinds of cue the phrase is.
    pub kinds: CueKinds,
}

impl Hit {
    /// Whether the phrase is a cue of this kind.
    pub fn is(&self, kind: CueKind) -> bool {
        self.kinds.has(kind)
    }
}

/// A set of kinds of cue, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CueKinds(u32);

impl CueKinds {
    /// The set with `kind` added.
    pub fn with(self, kind: CueKind) -> Self {
        Self(self.0 | 1 << kind as u32)
    }

    /// Whether `kind` is in the set.
    pub fn has(self, kind: CueKind) -> bool {
        self.0 & 1 << kind as u32 != 0
    }
}

/// Cues and facts of one sentence.
#[derive(Debug)]
struct SentenceFacts {
    range: Range<usize>,
    hits: Vec<Hit>,
    question: bool,
    presupposing: bool,
    disclaimers: Vec<Range<usize>>,
}

/// Sentences and quotations of one block.
#[derive(Debug)]
struct BlockFacts {
    /// The block's sentences, in the normalised text.
    sentences: Vec<Range<usize>>,
    /// Their facts, worked out the first time a match in them asks.
    facts: Vec<Option<SentenceFacts>>,
    quotes: Vec<Range<usize>>,
}

/// A context flag found for a match, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The flag.
    pub flag: Flag,
    /// Why it holds: the cue and its kind.
    pub reason: String,
    /// Why it does not exempt here, if it does not (profile, seller's voice).
    pub void: Option<String>,
}

/// Everything the context analysis found about one match.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// The sentence containing the match, in the normalised text.
    pub sentence: Range<usize>,
    /// Flags that hold.
    pub found: Vec<Found>,
}

impl Analysis {
    /// Whether a flag holds and may exempt.
    pub fn exempts(&self, flag: Flag) -> bool {
        self.found
            .iter()
            .any(|f| f.flag == flag && f.void.is_none())
    }
}

/// Context analysis of one document's prose, computed around matches on demand.
pub struct Context<'a> {
    /// The prose analysed.
    pub prose: &'a Prose,
    /// The original text.
    pub source: &'a str,
    /// The document's profile.
    pub profile: Profile,
    cues: &'a Cues,
    blocks: RefCell<HashMap<usize, BlockFacts>>,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("profile", &self.profile)
            .finish()
    }
}

impl<'a> Context<'a> {
    /// Context analysis over a document's prose.
    pub fn new(prose: &'a Prose, source: &'a str, profile: Profile, cues: &'a Cues) -> Self {
        Self {
            prose,
            source,
            profile,
            cues,
            blocks: RefCell::new(HashMap::new()),
        }
    }

    /// The first flag of `rule.exempt` that holds for the match and may exempt it, if any.
    pub fn exemption(&self, rule: &Rule, start: usize, end: usize) -> Option<Flag> {
        if rule.exempt.is_empty() {
            return None;
        }
        let analysis = self.analyse(start, end);
        rule.exempt.iter().copied().find(|f| analysis.exempts(*f))
    }

    /// The range of the sentence containing a position, in the normalised text.
    pub fn sentence_of(&self, pos: usize) -> Range<usize> {
        let Some(b) = self.prose.block_at(pos) else {
            return pos..pos;
        };
        self.with_block(b, |facts| {
            facts
                .sentences
                .iter()
                .find(|s| s.start <= pos && pos <= s.end)
                .or(facts.sentences.last())
                .map_or(pos..pos, Range::clone)
        })
    }

    /// Sentence ranges of a block, in the normalised text.
    pub fn sentences_of_block(&self, block: usize) -> Vec<Range<usize>> {
        self.with_block(block, |facts| facts.sentences.clone())
    }

    fn with_block<T>(&self, block: usize, f: impl FnOnce(&mut BlockFacts) -> T) -> T {
        let mut blocks = self.blocks.borrow_mut();
        let facts = blocks
            .entry(block)
            .or_insert_with(|| self.block_facts(block));
        f(facts)
    }

    fn block_facts(&self, block: usize) -> BlockFacts {
        let b = &self.prose.blocks[block];
        let text = &self.prose.text[b.start..b.end];
        let sentences: Vec<Range<usize>> = crate::sentences::split(text)
            .into_iter()
            .map(|r| b.start + r.start..b.start + r.end)
            .collect();
        let facts = sentences.iter().map(|_| None).collect();
        let mut quotes = Vec::new();
        let marks: Vec<usize> = text.match_indices('"').map(|(i, _)| b.start + i).collect();
        for pair in marks.chunks(2) {
            if let [open, close] = pair {
                quotes.push(*open..*close + 1);
            }
        }
        if b.quoted {
            quotes.push(b.start..b.end);
        }
        BlockFacts {
            sentences,
            facts,
            quotes,
        }
    }

    fn sentence_facts(&self, range: Range<usize>) -> SentenceFacts {
        let text = &self.prose.text[range.clone()];
        let mut hits: Vec<Hit> = self
            .cues
            .ac
            .find_iter(text)
            .filter(|m| at_word_boundaries(text, m.start(), m.end()))
            .map(|m| Hit {
                start: range.start + m.start(),
                end: range.start + m.end(),
                kinds: self.cues.kinds[m.pattern().as_usize()],
            })
            .collect();
        // A dash written as an em dash (or "--") ends a clause, like a semicolon.
        for (i, _) in text.match_indices('-') {
            let at = range.start + i;
            let shown = self.prose.shown(self.source, at, at + 1);
            let spaced = text[..i].ends_with(' ') && text[i + 1..].starts_with(' ');
            if shown == "\u{2014}" || spaced {
                hits.push(Hit {
                    start: at,
                    end: at + 1,
                    kinds: CueKinds::default().with(CueKind::Termination),
                });
            }
        }
        hits.sort_by_key(|h| h.start);
        let words: Vec<String> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .take(2)
            .map(str::to_lowercase)
            .collect();
        let first = words.first().map(String::as_str).unwrap_or_default();
        let first_two = words.join(" ");
        let ends_with_question = text
            .trim_end_matches(['"', '\'', ')', ']', ' '])
            .ends_with('?');
        let presupposing = ends_with_question
            && self
                .cues
                .presupposing
                .iter()
                .any(|p| *p == first || *p == first_two);
        let question = ends_with_question
            && !presupposing
            && self
                .cues
                .question_start
                .iter()
                .any(|q| *q == first || *q == first_two);
        let disclaimers = self.cues.disclaimer.as_ref().map_or_else(Vec::new, |re| {
            re.find_iter(text)
                .map(|m| range.start + m.start()..range.start + m.end())
                .collect()
        });
        SentenceFacts {
            range,
            hits,
            question,
            presupposing,
            disclaimers,
        }
    }

    /// Every flag that holds for a match, with reasons.
    pub fn analyse(&self, start: usize, end: usize) -> Analysis {
        let Some(block) = self.prose.block_at(start) else {
            return Analysis::default();
        };
        self.with_block(block, |facts| {
            let Some(i) = facts
                .sentences
                .iter()
                .position(|s| s.start <= start && start < s.end.max(s.start + 1))
            else {
                return Analysis::default();
            };
            if facts.facts[i].is_none() {
                facts.facts[i] = Some(self.sentence_facts(facts.sentences[i].clone()));
            }
            let facts = &*facts;
            let Some(s) = facts.facts[i].as_ref() else {
                return Analysis::default();
            };
            let mut found = Vec::new();
            let text = &self.prose.text;
            let cue = |h: &Hit| format!("\"{}\"", &text[h.start..h.end]);
            let seller = s.hits.iter().find(|h| h.is(CueKind::SellerVoice));
            let editorial_only = |flag: Flag| -> Option<String> {
                if self.profile == Profile::Marketing {
                    Some(format!("`{flag}` exempts only in the editorial profile; this document is marketing"))
                } else {
                    seller.map(|h| format!("the sentence speaks as the seller ({})", cue(h)))
                }
            };
            if let Some(reason) = self.negation(s, start, end) {
                found.push(Found { flag: Flag::Negated, reason, void: None });
            }
            if s.question {
                found.push(Found {
                    flag: Flag::Question,
                    reason: "the sentence is a yes/no or information question".into(),
                    void: None,
                });
            } else if let Some(h) = s
                .hits
                .iter()
                .find(|h| h.is(CueKind::Hypothetical) && h.start < start && h.start >= self.clause_start(s, start))
            {
                found.push(Found {
                    flag: Flag::Question,
                    reason: format!("an open question or research aim ({}), not an assertion", cue(h)),
                    void: None,
                });
            } else if s.presupposing {
                found.push(Found {
                    flag: Flag::Question,
                    reason: "the sentence is a question".into(),
                    void: Some("it presupposes the claim (\"how can ...\", \"why does ...\"), so it makes it".into()),
                });
            }
            if let Some(reason) = self.attribution(s, start, end) {
                found.push(Found { flag: Flag::Attributed, reason, void: editorial_only(Flag::Attributed) });
            }
            if let Some(q) = facts.quotes.iter().find(|q| q.start <= start && end <= q.end) {
                let reason = if text[q.clone()].starts_with('"') {
                    "inside quotation marks".to_string()
                } else {
                    "inside a block quote".to_string()
                };
                found.push(Found { flag: Flag::Quoted, reason, void: editorial_only(Flag::Quoted) });
            }
            if let Some(d) = s.disclaimers.iter().find(|d| d.start < end && start < d.end) {
                found.push(Found {
                    flag: Flag::Disclaimer,
                    reason: format!("inside the disclaimer \"{}\"", &text[d.clone()]),
                    void: None,
                });
            }
            if let Some(h) = s.hits.iter().find(|h| h.is(CueKind::Hedge)) {
                found.push(Found { flag: Flag::Hedged, reason: format!("hedge {}", cue(h)), void: None });
            }
            if let Some(reason) = self.care(s, start, end) {
                found.push(Found { flag: Flag::Care, reason, void: editorial_only(Flag::Care) });
            }
            Analysis {
                sentence: s.range.clone(),
                found,
            }
        })
    }

    /// Whether a cue ends a clause.
    fn ends_clause(hit: &Hit) -> bool {
        hit.is(CueKind::Termination) || hit.is(CueKind::Subordinator)
    }

    /// Where the clause containing `pos` starts: after the last clause-ending cue before it.
    fn clause_start(&self, s: &SentenceFacts, pos: usize) -> usize {
        s.hits
            .iter()
            .filter(|h| Self::ends_clause(h) && h.end <= pos)
            .map(|h| h.end)
            .max()
            .unwrap_or(s.range.start)
    }

    fn negation(&self, s: &SentenceFacts, start: usize, end: usize) -> Option<String> {
        let text = &self.prose.text;
        // A negation before the match, or inside it after its first word ("is no cure for"),
        // negates it.
        for h in s.hits.iter().filter(|h| {
            (h.is(CueKind::PreNegation) || h.is(CueKind::PostNegation))
                && (h.end <= start || (h.start > start && h.end <= end))
        }) {
            let mut scope_end = s
                .hits
                .iter()
                .filter(|t| Self::ends_clause(t) && t.start >= h.end)
                .map(|t| t.start)
                .min()
                .unwrap_or(s.range.end);
            // Inside a subordinate clause ("Although X is not Y, ..."), the scope ends at its comma.
            let opener = s
                .hits
                .iter()
                .rfind(|t| Self::ends_clause(t) && t.end <= h.start);
            if opener.is_some_and(|t| t.is(CueKind::Subordinator))
                && let Some(comma) = text[h.end..scope_end].find(',')
            {
                scope_end = h.end + comma;
            }
            if start < scope_end {
                return Some(format!(
                    "pre-negation \"{}\" before it in the same clause",
                    &text[h.start..h.end]
                ));
            }
        }
        let next_clause = s
            .hits
            .iter()
            .filter(|h| Self::ends_clause(h) && h.start >= end)
            .map(|h| h.start)
            .min()
            .unwrap_or(s.range.end);
        let post = s.hits.iter().find(|h| {
            h.is(CueKind::PostNegation)
                && h.start >= end
                && h.start <= next_clause
                && text[end..h.start].split_whitespace().count() <= 8
        });
        post.map(|h| format!("post-negation \"{}\" after it", &text[h.start..h.end]))
    }

    fn attribution(&self, s: &SentenceFacts, start: usize, end: usize) -> Option<String> {
        let text = &self.prose.text;
        let clause = self.clause_start(s, start);
        if let Some(h) = s.hits.iter().rfind(|h| {
            h.is(CueKind::Attribution)
                && h.start >= clause
                && (h.start < start || (h.start > start && h.end <= end))
        }) {
            return Some(format!("reported speech \"{}\"", &text[h.start..h.end]));
        }
        // A reporting verb with a named source or an agent just before it, anywhere in the
        // sentence but inside the match ("the agency said that ...", "..., the Journal reported").
        s.hits
            .iter()
            .filter(|h| {
                h.is(CueKind::Reporting)
                    && (h.end <= start
                        || (h.start >= end
                            && !s.hits.iter().any(|t| {
                                Self::ends_clause(t) && t.start >= end && t.end <= h.start
                            })))
            })
            .find_map(|r| {
                let before = &text[s.range.start..r.start];
                let words: Vec<&str> = before.split_whitespace().collect();
                let window = &words[words.len().saturating_sub(5)..];
                let first_word_at = words.len().saturating_sub(window.len());
                let named = window.iter().enumerate().any(|(i, w)| {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                    (first_word_at + i > 0 && w.chars().next().is_some_and(char::is_uppercase))
                        || (w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()))
                });
                let agent = s.hits.iter().any(|a| {
                    a.is(CueKind::Agent)
                        && a.end <= r.start
                        && text[a.end..r.start].split_whitespace().count() <= 3
                });
                (named || agent).then(|| {
                    let who = window.join(" ");
                    format!("reported by \"{} {}\"", who.trim(), &text[r.start..r.end])
                })
            })
    }

    fn care(&self, s: &SentenceFacts, start: usize, end: usize) -> Option<String> {
        let text = &self.prose.text;
        if let Some(b) = self.prose.block_at(start)
            && matches!(
                self.prose.blocks[b].kind,
                crate::prose::BlockKind::Heading(_)
            )
        {
            return Some("a heading that names a topic".into());
        }
        if let Some(name) = self.institution_name(start, end) {
            return Some(format!("part of the name \"{name}\""));
        }
        let sentence = &text[s.range.clone()];
        let first_words: Vec<String> = sentence
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(2)
            .map(str::to_lowercase)
            .collect();
        let first = first_words.first().map(String::as_str).unwrap_or_default();
        let first_two = first_words.join(" ");
        if self
            .cues
            .imperative
            .iter()
            .any(|w| *w == first || *w == first_two)
        {
            return Some(format!("advice to the reader (\"{first} ...\")"));
        }
        // For care, a colon does not end the clause: what follows it elaborates what comes
        // before ("Treatment options include: ...").
        let opener = s
            .hits
            .iter()
            .rfind(|h| Self::ends_clause(h) && h.end <= start && &text[h.start..h.end] != ":");
        let mut clause = opener.map_or(s.range.start, |h| h.end);
        // The main clause after a subordinate one ("While X, Y") starts after its comma.
        if opener.is_some_and(|h| h.is(CueKind::Subordinator))
            && let Some(comma) = text[clause..start].rfind(',')
        {
            clause += comma + 1;
        }
        let prefix = text[clause..start].trim().to_lowercase();
        let first_word = prefix
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or_default()
            .to_string();
        // A clause whose subject is a pronoun ("..., but they reduce ..."), or a relative clause
        // (", which are used to ..."), takes the subject of the clause before it.
        let relative = opener.is_some_and(|h| &text[h.start..h.end] == "which");
        if (relative
            || matches!(
                first_word.as_str(),
                "they" | "it" | "these" | "those" | "this" | "which"
            ))
            && clause > s.range.start
        {
            clause = self.clause_start(s, opener.map_or(clause, |h| h.start).saturating_sub(1));
        }
        // A purpose clause ("To reduce the risk of infection, your doctor may ...") has its
        // subject after it.
        let until = if prefix == "to" || prefix == "in order to" {
            s.range.end
        } else {
            start
        };
        let modified = |at: usize| {
            s.hits.iter().any(|m| {
                m.is(CueKind::CareModifier) && m.end <= at && text[m.end..at].trim().is_empty()
            })
        };
        if let Some(h) = s.hits.iter().find(|h| {
            h.is(CueKind::Care) && h.start >= clause && h.start < until && !modified(h.start)
        }) {
            return Some(format!(
                "about medical care in general (\"{}\")",
                &text[h.start..h.end]
            ));
        }
        // A sentence whose subject is a pronoun ("It is used to treat ...") is about what the
        // sentence before it named.
        if clause == s.range.start
            && matches!(
                first_word.as_str(),
                "it" | "they" | "these" | "this" | "those" | "some" | "such" | "many" | "both"
            )
            && let Some(previous) = self.previous_sentence(s.range.start)
            && let Some(reason) = self.care_in(&previous)
        {
            return Some(reason);
        }
        // Standard medicines and procedures by their word endings ("imatinib", "lumpectomy").
        let mut at = clause;
        for word in text[clause..until].split(|c: char| !c.is_alphanumeric()) {
            let here = at;
            at += word.len() + 1;
            // A word already in lower case (most) is read as it is, without a copy.
            let lower: std::borrow::Cow<'_, str> = if word
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                word.into()
            } else {
                word.to_lowercase().into()
            };
            if lower.len() >= 6
                && self
                    .cues
                    .care_suffix
                    .iter()
                    .any(|suffix| lower.ends_with(suffix.as_str()))
            {
                let word_start = clause + text[clause..until].find(word).unwrap_or(here - clause);
                if !modified(word_start) {
                    return Some(format!("about medical care in general (\"{word}\")"));
                }
            }
        }
        None
    }

    /// The sentence before the one starting at `start`, in the same block.
    fn previous_sentence(&self, start: usize) -> Option<SentenceFacts> {
        let block = self.prose.block_at(start)?;
        let b = &self.prose.blocks[block];
        let text = &self.prose.text[b.start..start];
        let range = crate::sentences::split(text).pop()?;
        Some(self.sentence_facts(b.start + range.start..b.start + range.end))
    }

    /// A care noun anywhere in a sentence, as a reason.
    fn care_in(&self, s: &SentenceFacts) -> Option<String> {
        let text = &self.prose.text;
        let h = s.hits.iter().find(|h| h.is(CueKind::Care))?;
        Some(format!(
            "about medical care in general (\"{}\", in the sentence before)",
            &text[h.start..h.end]
        ))
    }

    /// The capitalised name around a match, if it is the name of an institution ("National
    /// Center for Chronic Disease Prevention and Health Promotion").
    fn institution_name(&self, start: usize, end: usize) -> Option<String> {
        let text = &self.prose.text;
        let is_name_word = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(w, "for" | "of" | "and" | "on" | "the" | "in" | "&")
        };
        let words_before: Vec<&str> = text[..start]
            .trim_end()
            .split(' ')
            .rev()
            .take_while(|w| is_name_word(w))
            .collect();
        let words_after: Vec<&str> = text[end..]
            .split(' ')
            .skip(1)
            .take_while(|w| is_name_word(w.trim_end_matches([',', '.', ';'])))
            .collect();
        let matched_is_name = text[start..end]
            .split(' ')
            .all(|w| is_name_word(w) || w.chars().next().is_some_and(|c| !c.is_alphabetic()));
        if !matched_is_name {
            return None;
        }
        let name_words: Vec<&str> = words_before
            .iter()
            .rev()
            .copied()
            .chain(text[start..end].split(' '))
            .chain(words_after.iter().copied())
            .collect();
        let has_institution = name_words.iter().any(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            self.cues.institution.contains(&w)
        });
        (has_institution && name_words.len() >= 3).then(|| name_words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::rules::RuleSet;
    use std::sync::LazyLock;

    static RULES: LazyLock<RuleSet> =
        LazyLock::new(|| RuleSet::load(&[]).expect("built-in cues load"));

    /// Flags that hold for the first occurrence of `target` in `text`, as "flag" or "flag!" when
    /// the flag holds but does not exempt (profile, seller's voice, presupposing question).
    fn flags(text: &str, target: &str, profile: Profile) -> Vec<String> {
        let doc = Document::parse(text, Format::Markdown);
        let start = doc
            .prose
            .text
            .find(target)
            .unwrap_or_else(|| panic!("{target:?} not in {:?}", doc.prose.text));
        let cx = Context::new(&doc.prose, text, profile, &RULES.cues);
        let mut out: Vec<String> = cx
            .analyse(start, start + target.len())
            .found
            .iter()
            .map(|f| format!("{}{}", f.flag, if f.void.is_some() { "!" } else { "" }))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_phrase_may_be_a_cue_of_several_kinds() {
        let kinds = CueKinds::default()
            .with(CueKind::Hedge)
            .with(CueKind::Termination)
            .with(CueKind::Hedge);
        assert!(kinds.has(CueKind::Hedge) && kinds.has(CueKind::Termination));
        assert!(!kinds.has(CueKind::PreNegation) && !kinds.has(CueKind::Hypothetical));
        assert!(!CueKinds::default().has(CueKind::PreNegation));
    }

    #[test]
    fn context_flags_follow_negex_questions_attribution_and_the_traps() {
        use Profile::{Editorial as E, Marketing as M};
        let cases: &[(&str, &str, Profile, &[&str])] = &[
            // Negation: pre-negation cues within the clause.
            (
                "It is not a proven dementia treatment.",
                "proven dementia treatment",
                E,
                &["negated"],
            ),
            (
                "Cerebrolysin is a proven dementia treatment.",
                "proven dementia treatment",
                E,
                &[],
            ),
            (
                "No supplement cures type 2 diabetes.",
                "cures type 2 diabetes",
                E,
                &["negated"],
            ),
            (
                "Antibiotics do not prevent or treat COVID-19.",
                "prevent or treat COVID-19",
                E,
                &["care", "negated"],
            ),
            (
                "Cold weather CANNOT kill the new coronavirus.",
                "kill the new coronavirus",
                E,
                &["negated"],
            ),
            (
                "Vitamin C won't cure your cold.",
                "cure your cold",
                E,
                &["negated"],
            ),
            (
                "Don't use lotions to prevent head lice.",
                "prevent head lice",
                E,
                &["negated"],
            ),
            (
                "There is no evidence that chromium can treat diabetes.",
                "treat diabetes",
                E,
                &["care", "negated"],
            ),
            (
                "There is little evidence that zinc prevents colds.",
                "prevents colds",
                E,
                &["care", "negated"],
            ),
            (
                "There is no cure for epilepsy.",
                "cure for epilepsy",
                E,
                &["care", "negated"],
            ),
            (
                "It is currently no cure or specific treatment for this disease.",
                "treatment for this disease",
                E,
                &["negated"],
            ),
            (
                "No liquid solution made from natural ingredients can reverse type 2 diabetes.",
                "reverse type 2 diabetes",
                E,
                &["negated"],
            ),
            (
                "It has not been proven that lycopene decreases the risk of prostate cancer.",
                "decreases the risk of prostate cancer",
                E,
                &["negated"],
            ),
            (
                "A vaccine has yet to prevent the disease.",
                "prevent the disease",
                E,
                &["care", "negated"],
            ),
            // Post-negation cues after the claim.
            (
                "That garlic cures the flu is a myth.",
                "cures the flu",
                E,
                &["negated"],
            ),
            (
                "Claims that it reverses diabetes are unproven.",
                "reverses diabetes",
                E,
                &["attributed", "negated"],
            ),
            // Termination: the scope ends at but, however, although, semicolons and dashes.
            (
                "It does not cure MS, but medicines may slow it down.",
                "slow it down",
                E,
                &["care", "hedged"],
            ),
            (
                "There is no cure for MS; the herb treats fatigue.",
                "treats fatigue",
                E,
                &[],
            ),
            (
                "The tea is not harmful; it prevents flu.",
                "prevents flu",
                E,
                &[],
            ),
            (
                "It is not expensive, however it cures arthritis.",
                "cures arthritis",
                E,
                &[],
            ),
            (
                "It is no miracle \u{2014} it cures arthritis.",
                "cures arthritis",
                E,
                &[],
            ),
            // A subordinate clause ends at its comma.
            (
                "Although it does not cure MS, the herb prevents relapses.",
                "prevents relapses",
                E,
                &[],
            ),
            (
                "While supplements aren't a standalone strategy, certain ones can help lower blood sugar.",
                "lower blood sugar",
                E,
                &["hedged"],
            ),
            // Pseudo-negations negate nothing.
            (
                "It not only cures arthritis but also gout.",
                "cures arthritis",
                E,
                &[],
            ),
            ("No doubt it cures arthritis.", "cures arthritis", E, &[]),
            (
                "It isn't the only thing that treats diabetes.",
                "treats diabetes",
                E,
                &[],
            ),
            // Marketing pseudo-negations are claims.
            (
                "No more joint pain: our cream relieves arthritis.",
                "relieves arthritis",
                M,
                &[],
            ),
            (
                "Say goodbye to diabetes with GlucoCalm.",
                "diabetes",
                M,
                &[],
            ),
            (
                "Live pain-free and reverse arthritis.",
                "reverse arthritis",
                M,
                &[],
            ),
            (
                "Control diabetes without insulin.",
                "Control diabetes",
                M,
                &["care!"],
            ),
            (
                "Never worry about diabetes again: it heals the pancreas.",
                "heals the pancreas",
                M,
                &["care!"],
            ),
            (
                "Free from arthritis at last: it reverses joint damage.",
                "reverses joint damage",
                M,
                &[],
            ),
            // Questions.
            (
                "Is Cerebrolysin FDA approved?",
                "FDA approved",
                E,
                &["question"],
            ),
            (
                "Can eating garlic help prevent COVID-19?",
                "prevent COVID-19",
                E,
                &["care", "question"],
            ),
            (
                "Does the BCG vaccine protect people from COVID-19?",
                "protect people from COVID-19",
                E,
                &["care", "question"],
            ),
            (
                "What is the best treatment for arthritis?",
                "treatment for arthritis",
                E,
                &["question"],
            ),
            (
                "How to prevent diabetes?",
                "prevent diabetes",
                E,
                &["question"],
            ),
            (
                "So How Can Colloidal Silver Help Fight COVID-19?",
                "Fight COVID-19",
                E,
                &[],
            ),
            (
                "How can colloidal silver help fight COVID-19?",
                "fight COVID-19",
                E,
                &["question!"],
            ),
            (
                "Why does turmeric cure arthritis?",
                "cure arthritis",
                E,
                &["question!"],
            ),
            (
                "Want to reverse your diabetes?",
                "reverse your diabetes",
                M,
                &[],
            ),
            (
                "Is semaglutide the same as Wegovy? Semaglutide treats obesity.",
                "treats obesity",
                M,
                &[],
            ),
            ("Is it safe? It cures cancer.", "cures cancer", E, &[]),
            // Open questions and research aims.
            (
                "Trials test whether zinc prevents colds.",
                "prevents colds",
                E,
                &["question"],
            ),
            (
                "Studies have investigated the role of CBD in preventing cancer.",
                "preventing cancer",
                E,
                &["question"],
            ),
            // Attribution: reported speech exempts in editorial only.
            (
                "Vendors claim the tea cures cancer.",
                "cures cancer",
                E,
                &["attributed"],
            ),
            (
                "Vendors claim the tea cures cancer.",
                "cures cancer",
                M,
                &["attributed!"],
            ),
            (
                "The tea is marketed as a cure for cancer.",
                "cure for cancer",
                E,
                &["attributed"],
            ),
            (
                "The label says it prevents flu.",
                "prevents flu",
                E,
                &["attributed"],
            ),
            (
                "It is advertised as a treatment for gout.",
                "treatment for gout",
                E,
                &["attributed"],
            ),
            (
                "According to the company, it cures acne.",
                "cures acne",
                E,
                &["attributed"],
            ),
            (
                "The agency said the product treats COVID-19.",
                "treats COVID-19",
                E,
                &["attributed"],
            ),
            (
                "Berberine lowers blood sugar, the Wall Street Journal reported.",
                "lowers blood sugar",
                E,
                &["attributed"],
            ),
            (
                "Products that claim to treat COVID-19 are fraudulent.",
                "treat COVID-19",
                E,
                &["attributed"],
            ),
            (
                "Researchers found that our formula cures acne.",
                "cures acne",
                E,
                &["attributed!"],
            ),
            (
                "The NIH announced that our ingredients fight eye disease.",
                "fight eye disease",
                E,
                &["attributed!"],
            ),
            // Quotation exempts in editorial only; a block quote counts.
            (
                "He wrote \"it cures cancer\" on the box.",
                "cures cancer",
                E,
                &["attributed", "quoted"],
            ),
            (
                "\"It cured my arthritis!\" says Dana.",
                "cured my arthritis",
                M,
                &["quoted!"],
            ),
            (
                "> It heals eczema overnight.",
                "heals eczema",
                E,
                &["quoted"],
            ),
            // Disclaimers.
            (
                "This product is not intended to diagnose, treat, cure, or prevent any disease.",
                "treat, cure, or prevent any disease",
                E,
                &["disclaimer", "negated"],
            ),
            (
                "These statements have not been evaluated by the FDA.",
                "evaluated by the FDA",
                E,
                &["disclaimer", "negated"],
            ),
            // Hedges never decide alone.
            (
                "CBD may be effective for treating anxiety.",
                "treating anxiety",
                E,
                &["hedged"],
            ),
            (
                "Silver particles might reduce the virus.",
                "reduce the virus",
                E,
                &["hedged"],
            ),
            (
                "Promising research shows it lowers cholesterol.",
                "lowers cholesterol",
                E,
                &["hedged"],
            ),
            (
                "Preliminary data suggest it heals ulcers.",
                "heals ulcers",
                E,
                &["hedged"],
            ),
            // Care in general, not a product: editorial only.
            (
                "Medicines can control seizures for most people.",
                "control seizures",
                E,
                &["care"],
            ),
            (
                "Medicines can control seizures for most people.",
                "control seizures",
                M,
                &["care!"],
            ),
            (
                "Flu vaccines will not prevent COVID-19, but they reduce your chances of getting flu.",
                "reduce your chances of getting flu",
                E,
                &["care"],
            ),
            (
                "To reduce the risk of infection, your doctor may prescribe antibiotics.",
                "reduce the risk of infection",
                E,
                &["care", "hedged"],
            ),
            (
                "Herbal treatments cure arthritis.",
                "cure arthritis",
                E,
                &[],
            ),
            ("Our medication treats obesity.", "treats obesity", E, &[]),
            (
                "Stem cell therapy reverses arthritis.",
                "reverses arthritis",
                E,
                &[],
            ),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(text, target, profile, want)| {
                let got = flags(text, target, *profile);
                (got != *want).then(|| {
                    format!("{text:?} at {target:?} ({profile}): got {got:?}, want {want:?}")
                })
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert!(cases.len() >= 70);
    }

    #[test]
    fn sentence_and_clause_facts() {
        let text = "Dr. Smith says it works. It does not cure MS.";
        let doc = Document::parse(text, Format::Markdown);
        let cx = Context::new(&doc.prose, text, Profile::Editorial, &RULES.cues);
        let second = doc.prose.text.find("It does").unwrap();
        assert_eq!(cx.sentence_of(second), second..doc.prose.text.len() - 1);
        assert_eq!(cx.sentences_of_block(0).len(), 2);
    }
}
