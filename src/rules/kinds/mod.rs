//! Rule kinds: the only registry. Each kind is one module that says which keys it uses, how it
//! compiles them into matcher slots, and how it turns matches into findings.

pub mod banned;
pub mod citation;
pub mod conditional;
pub mod metadata;
pub mod required;
pub mod scope;

use super::spec::{KindName, RuleSpec};
use super::{Compiler, Rule};
use crate::context::Context;
use crate::document::Document;
use crate::matcher::{RawMatch, SlotId};
use crate::span::ByteRange;

/// A compiled rule kind.
#[derive(Debug)]
pub enum Kind {
    /// See [`banned`].
    Banned(banned::Banned),
    /// See [`required`].
    Required(required::Required),
    /// See [`conditional`].
    Conditional(conditional::Conditional),
    /// See [`citation`].
    Citation(citation::Citation),
    /// See [`metadata`].
    Metadata(metadata::Metadata),
}

/// The kind-specific keys each kind uses.
pub fn keys(kind: KindName) -> &'static [&'static str] {
    match kind {
        KindName::Banned => banned::KEYS,
        KindName::Required => required::KEYS,
        KindName::Conditional => conditional::KEYS,
        KindName::Citation => citation::KEYS,
        KindName::Metadata => metadata::KEYS,
    }
}

impl Kind {
    /// Compile a rule's kind-specific keys.
    pub fn compile(spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Self> {
        Some(match spec.kind.get_ref() {
            KindName::Banned => Self::Banned(banned::Banned::compile(spec, c)?),
            KindName::Required => Self::Required(required::Required::compile(spec, c)?),
            KindName::Conditional => Self::Conditional(conditional::Conditional::compile(spec, c)?),
            KindName::Citation => Self::Citation(citation::Citation::compile(spec, c)?),
            KindName::Metadata => Self::Metadata(metadata::Metadata::compile(spec, c)?),
        })
    }

    /// The kind's name.
    pub fn name(&self) -> KindName {
        match self {
            Self::Banned(_) => KindName::Banned,
            Self::Required(_) => KindName::Required,
            Self::Conditional(_) => KindName::Conditional,
            Self::Citation(_) => KindName::Citation,
            Self::Metadata(_) => KindName::Metadata,
        }
    }

    /// The matcher slots of the rule, with the role of each ("patterns", "when", "require").
    pub fn slots(&self) -> Vec<(SlotId, &'static str)> {
        match self {
            Self::Banned(k) => vec![(k.slot(), "patterns")],
            Self::Required(k) => vec![(k.slot(), "any")],
            Self::Conditional(k) => {
                let mut v = vec![(k.when, "when")];
                v.extend(k.require.map(|s| (s, "require")));
                v.extend(k.forbid.map(|s| (s, "forbid")));
                v
            }
            Self::Citation(k) => {
                let mut v = vec![(k.claims, "claims")];
                v.extend(k.marker_patterns.map(|s| (s, "marker_patterns")));
                v
            }
            Self::Metadata(_) => Vec::new(),
        }
    }

    /// The slot whose matches every finding of the rule starts from; `None` for kinds that can
    /// report a document without any match (a missing text, a missing field).
    pub fn trigger(&self) -> Option<SlotId> {
        match self {
            Self::Banned(k) => Some(k.slot()),
            Self::Conditional(k) => Some(k.when),
            Self::Citation(k) => Some(k.claims),
            Self::Required(_) | Self::Metadata(_) => None,
        }
    }

    /// Check one document against a rule.
    pub fn check(&self, rule: &Rule, index: usize, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        match self {
            Self::Banned(k) => k.check(rule, index, cx, out),
            Self::Required(k) => k.check(rule, index, cx, out),
            Self::Conditional(k) => k.check(rule, index, cx, out),
            Self::Citation(k) => k.check(rule, index, cx, out),
            Self::Metadata(k) => k.check(rule, index, cx, out),
        }
    }
}

/// Matches of every slot in one document, sorted by slot and position.
#[derive(Debug, Default)]
pub struct Matches {
    all: Vec<RawMatch>,
}

impl Matches {
    /// Wrap the sorted output of [`crate::matcher::Matcher::scan`].
    pub fn new(all: Vec<RawMatch>) -> Self {
        Self { all }
    }

    /// The matches of one slot.
    pub fn of(&self, slot: SlotId) -> &[RawMatch] {
        let start = self.all.partition_point(|m| m.slot < slot);
        let end = self.all.partition_point(|m| m.slot <= slot);
        &self.all[start..end]
    }
}

/// Everything a kind may look at when checking one document.
pub struct CheckContext<'a> {
    /// The original text.
    pub source: &'a str,
    /// The parsed document.
    pub document: &'a Document,
    /// Matches of every slot.
    pub matches: &'a Matches,
    /// Context analysis of the prose.
    pub context: &'a Context<'a>,
    /// The date the document is checked as of.
    pub today: crate::date::Date,
}

impl CheckContext<'_> {
    /// Whether a match lies in a reference list or footnote definition, where text cites
    /// sources rather than making claims.
    pub fn in_references(&self, pos: usize) -> bool {
        self.document.prose.in_references(pos)
    }
}

/// Where a finding points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A range of the normalised prose.
    Prose {
        /// Start in the normalised text.
        start: usize,
        /// End in the normalised text.
        end: usize,
    },
    /// A range of the original file (front matter, the start of the document).
    Source(ByteRange),
}

/// A rule's finding in one document, before it is turned into a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule.
    pub rule: usize,
    /// Where it points.
    pub target: Target,
    /// A message that replaces the rule's message, when the finding says more.
    pub message: Option<String>,
}

impl Finding {
    /// A finding with the rule's own message.
    pub fn new(rule: usize, target: Target) -> Self {
        Self {
            rule,
            target,
            message: None,
        }
    }
}

/// The list of a kind-specific key, or nothing.
pub(crate) fn list(
    v: &Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
) -> &[toml::Spanned<String>] {
    super::list(v)
}
