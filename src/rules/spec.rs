//! The TOML schema of rule packs, as written by editors. Everything here is deserialised with
//! unknown keys denied and every value that can be wrong kept with its span, so that a mistake is
//! reported at its exact place in the file.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// A rule pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// `[pack]`: id, description, version.
    pub pack: PackMeta,
    /// `[vocab]`: named lists of alternatives, used as `{name}` in patterns.
    #[serde(default)]
    pub vocab: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// `[context]`: cue lists this pack adds to the built-in context cues.
    #[serde(default)]
    pub context: Option<Spanned<CueSpec>>,
    /// `[[rule]]` tables.
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

/// `[pack]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// Pack id: the first half of every rule id (`us-fda-ftc`).
    pub id: Spanned<String>,
    /// One line on what the pack covers.
    #[serde(default)]
    pub description: Option<String>,
    /// Version, such as `2026.11`.
    #[serde(default)]
    pub version: Option<String>,
}

/// Cue lists of the context analysis, each a list of phrases matched case-insensitively at word
/// boundaries (see `rules/shared/context.toml`). Packs add to them with a `[context]` table.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CueSpec {
    /// Negation cues that apply forward, to the end of the clause ("not", "no evidence that").
    #[serde(default)]
    pub pre_negation: Vec<String>,
    /// Negation cues that apply backward to the claim just before them ("is unproven").
    #[serde(default)]
    pub post_negation: Vec<String>,
    /// Phrases that look like negations but are not ("not only", "no doubt").
    #[serde(default)]
    pub pseudo_negation: Vec<String>,
    /// Marketing phrases that look like negations but are claims ("no more", "say goodbye to").
    #[serde(default)]
    pub claim_negation: Vec<String>,
    /// Words and marks that end a clause, and with it the scope of a cue ("but", ";").
    #[serde(default)]
    pub termination: Vec<String>,
    /// Words that open a subordinate clause, whose scope ends at its comma ("although", "if").
    #[serde(default)]
    pub subordinator: Vec<String>,
    /// Reported-speech cues ("according to", "is marketed as", "claims to").
    #[serde(default)]
    pub attribution: Vec<String>,
    /// Reporting verbs that attribute when a named source or an agent precedes them ("said").
    #[serde(default)]
    pub reporting: Vec<String>,
    /// Agents that report ("researchers", "the agency", "FDA").
    #[serde(default)]
    pub agent: Vec<String>,
    /// Hedge cues ("may", "might", "promising").
    #[serde(default)]
    pub hedge: Vec<String>,
    /// First words of yes/no and information questions ("is", "can", "what").
    #[serde(default)]
    pub question_start: Vec<String>,
    /// First words of questions that presuppose the claim ("how", "why").
    #[serde(default)]
    pub presupposing_question: Vec<String>,
    /// Regular expressions of recognised disclaimers and regulatory-status statements.
    #[serde(default)]
    pub disclaimer: Vec<String>,
    /// Nouns of medical care in general ("medicines", "treatment", "surgery", "diet").
    #[serde(default)]
    pub care: Vec<String>,
    /// Words that, right before a care noun, make it a product ("herbal", "stem cell").
    #[serde(default)]
    pub care_modifier: Vec<String>,
    /// Words of a seller speaking ("our", "we"): a sentence in this voice is the publisher's own
    /// claim, so attribution, quotation and care do not exempt it.
    #[serde(default)]
    pub seller_voice: Vec<String>,
    /// Open questions and research aims ("whether", "to learn if"): a claim after them in the
    /// clause is not asserted, and counts as a question.
    #[serde(default)]
    pub hypothetical: Vec<String>,
    /// Word endings of standard medicines and procedures ("mab", "vir", "ectomy").
    #[serde(default)]
    pub care_suffix: Vec<String>,
    /// First words that make a sentence advice to the reader ("treat", "avoid").
    #[serde(default)]
    pub imperative: Vec<String>,
    /// Words of institutions, for recognising a match inside a name ("center", "division").
    #[serde(default)]
    pub institution: Vec<String>,
}

impl CueSpec {
    /// Add every list of `other` to this one.
    pub fn extend(&mut self, other: &CueSpec) {
        macro_rules! ext {
            ($($f:ident),*) => { $(self.$f.extend(other.$f.iter().cloned());)* };
        }
        ext!(
            pre_negation,
            post_negation,
            pseudo_negation,
            claim_negation,
            termination,
            subordinator,
            attribution,
            reporting,
            agent,
            hedge,
            question_start,
            presupposing_question,
            disclaimer,
            care,
            care_modifier,
            seller_voice,
            hypothetical
        );
    }
}

/// One `[[rule]]` table. Which keys a rule may use depends on its kind; that is checked after
/// deserialisation so that the error can say which kind the key belongs to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Rule id, unique within the pack.
    pub id: Spanned<String>,
    /// Rule kind.
    pub kind: Spanned<KindName>,
    /// Severity, or a table of severities per profile.
    #[serde(default)]
    pub severity: Option<Spanned<SeveritySpec>>,
    /// What is wrong, in one sentence.
    #[serde(default)]
    pub message: Option<Spanned<String>>,
    /// What to write instead.
    #[serde(default)]
    pub help: Option<String>,
    /// Why the rule exists, at more length than the message (shown by `explain`).
    #[serde(default)]
    pub rationale: Option<String>,
    /// The regulation section or guidance the rule rests on.
    #[serde(default)]
    pub source: Option<String>,
    /// A page with more on the rule.
    #[serde(default)]
    pub url: Option<String>,
    /// Regular expressions (with `{vocab}` expansion).
    #[serde(default)]
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
    /// Plain phrases.
    #[serde(default)]
    pub phrases: Option<Spanned<Vec<Spanned<String>>>>,
    /// Context flags that exempt a match.
    #[serde(default)]
    pub exempt: Option<Spanned<Vec<Spanned<Flag>>>>,
    /// `required`: patterns of which one must appear.
    #[serde(default)]
    pub any: Option<Spanned<Vec<Spanned<String>>>>,
    /// `required`: where the text must appear.
    #[serde(default)]
    pub placement: Option<Spanned<Placement>>,
    /// `required`: how many blocks from the start or end count for `placement`.
    #[serde(default)]
    pub within: Option<Spanned<u32>>,
    /// `required`: the wording is statutory; report near misses with a word diff.
    #[serde(default)]
    pub exact: Option<Spanned<bool>>,
    /// `conditional`: mentions that make the statement required.
    #[serde(default)]
    pub when: Option<Spanned<Vec<Spanned<String>>>>,
    /// `conditional`: statements of which one must appear in scope.
    #[serde(default)]
    pub require: Option<Spanned<Vec<Spanned<String>>>>,
    /// `conditional`: statements that must not appear in scope once there is a mention.
    #[serde(default)]
    pub forbid: Option<Spanned<Vec<Spanned<String>>>>,
    /// `conditional` and `citation`: how far from the mention the statement may be.
    #[serde(default)]
    pub scope: Option<Spanned<Scope>>,
    /// `citation`: claims that need a citation.
    #[serde(default)]
    pub claims: Option<Spanned<Vec<Spanned<String>>>>,
    /// `citation`: which kinds of citation marker count.
    #[serde(default)]
    pub markers: Option<Spanned<Vec<Spanned<MarkerName>>>>,
    /// `citation`: further patterns that count as a citation.
    #[serde(default)]
    pub marker_patterns: Option<Spanned<Vec<Spanned<String>>>>,
    /// `metadata`: front-matter fields that must be present and not empty.
    #[serde(default)]
    pub fields: Option<Spanned<Vec<Spanned<String>>>>,
    /// `metadata`: a front-matter date field to check.
    #[serde(default)]
    pub date_field: Option<Spanned<String>>,
    /// `metadata`: how old the date may be.
    #[serde(default)]
    pub max_age_days: Option<Spanned<i64>>,
    /// Example texts the rule must flag and must pass.
    #[serde(default)]
    pub examples: Option<ExamplesSpec>,
}

/// `examples.fail` and `examples.pass`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    /// Texts the rule must flag.
    #[serde(default)]
    pub fail: Vec<Spanned<String>>,
    /// Texts the rule must not flag.
    #[serde(default)]
    pub pass: Vec<Spanned<String>>,
}

macro_rules! names {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The name as written in TOML.
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

names! {
    /// Rule kinds.
    KindName {
        /// A matching, non-exempt span is a finding.
        Banned = "banned",
        /// A text must appear in the document.
        Required = "required",
        /// A mention makes a statement required within a scope.
        Conditional = "conditional",
        /// A claim needs a citation marker within a scope.
        Citation = "citation",
        /// Front-matter fields and dates.
        Metadata = "metadata",
    }
}

names! {
    /// Context flags a rule can list in `exempt`.
    Flag {
        /// Inside the scope of a negation.
        Negated = "negated",
        /// In a yes/no or "what is" question.
        Question = "question",
        /// Reported speech; exempts only in the editorial profile.
        Attributed = "attributed",
        /// Inside quotation marks; exempts only in the editorial profile.
        Quoted = "quoted",
        /// Inside a recognised disclaimer or status statement.
        Disclaimer = "disclaimer",
        /// Hedged ("may", "might", "promising").
        Hedged = "hedged",
        /// About medical care in general (medicines, treatment, surgery, diet), not a product;
        /// exempts only in the editorial profile.
        Care = "care",
    }
}

names! {
    /// Where a required text must appear.
    Placement {
        /// Anywhere in the document.
        Anywhere = "anywhere",
        /// In the first blocks.
        Start = "start",
        /// In the last blocks.
        End = "end",
    }
}

names! {
    /// How far a conditional statement or a citation may be from what needs it.
    Scope {
        /// The same sentence.
        Sentence = "sentence",
        /// The same paragraph (block).
        Paragraph = "paragraph",
        /// The same section: from a heading to the next of the same or a higher level.
        Section = "section",
        /// Anywhere in the document.
        Document = "document",
    }
}

names! {
    /// Citation markers a citation rule accepts.
    MarkerName {
        /// A link to another page.
        Link = "link",
        /// A footnote reference.
        Footnote = "footnote",
        /// "(Smith et al., 2021)".
        AuthorYear = "author-year",
        /// A DOI.
        Doi = "doi",
        /// A PMID or PMCID.
        Pmid = "pmid",
        /// "[1]", "[1,2]", "[1-3]".
        BracketNumber = "bracket-number",
        /// Superscript digits.
        Superscript = "superscript",
        /// "a 2019 study in JAMA".
        NamedSource = "named-source",
    }
}

names! {
    /// How severe a finding is, or `off`.
    Level {
        /// The rule is switched off.
        Off = "off",
        /// Editorial quality; never fails a run.
        Info = "info",
        /// Likely problem that needs review.
        Warning = "warning",
        /// Likely violation.
        Error = "error",
    }
}

names! {
    /// What a document is: it sells something, or it informs.
    Profile {
        /// Offers, sells or prescribes something: testimonials and quotes are claims.
        Marketing = "marketing",
        /// News or explainers: attributed and quoted claims are reported, not made.
        Editorial = "editorial",
    }
}

/// `severity = "error"` or `severity = { marketing = "error", editorial = "warning" }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeveritySpec {
    /// Level in marketing documents.
    pub marketing: Level,
    /// Level in editorial documents.
    pub editorial: Level,
}

impl SeveritySpec {
    /// The same level in every profile.
    pub fn uniform(level: Level) -> Self {
        Self {
            marketing: level,
            editorial: level,
        }
    }

    /// The level in a profile.
    pub fn for_profile(&self, profile: Profile) -> Level {
        match profile {
            Profile::Marketing => self.marketing,
            Profile::Editorial => self.editorial,
        }
    }
}

impl fmt::Display for SeveritySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.marketing == self.editorial {
            write!(f, "{}", self.marketing)
        } else {
            write!(
                f,
                "{} (marketing), {} (editorial)",
                self.marketing, self.editorial
            )
        }
    }
}

impl<'de> Deserialize<'de> for SeveritySpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SeveritySpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a severity (\"error\", \"warning\", \"info\" or \"off\") or a table \
                     { marketing = ..., editorial = ... }",
                )
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SeveritySpec, E> {
                let level = Level::deserialize(serde::de::value::StrDeserializer::<E>::new(v))?;
                Ok(SeveritySpec::uniform(level))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<SeveritySpec, A::Error> {
                let (mut marketing, mut editorial) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "marketing" => marketing = Some(map.next_value::<Level>()?),
                        "editorial" => editorial = Some(map.next_value::<Level>()?),
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["marketing", "editorial"],
                            ));
                        }
                    }
                }
                match (marketing, editorial) {
                    (Some(marketing), Some(editorial)) => Ok(SeveritySpec {
                        marketing,
                        editorial,
                    }),
                    (None, _) => Err(serde::de::Error::missing_field("marketing")),
                    (_, None) => Err(serde::de::Error::missing_field("editorial")),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct S {
        severity: SeveritySpec,
    }

    #[test]
    fn severity_is_a_level_or_a_table_per_profile() {
        let s: S = toml::from_str("severity = \"warning\"").unwrap();
        assert_eq!(s.severity, SeveritySpec::uniform(Level::Warning));
        let s: S =
            toml::from_str("severity = { marketing = \"error\", editorial = \"info\" }").unwrap();
        assert_eq!(s.severity.for_profile(Profile::Editorial), Level::Info);
        let e = toml::from_str::<S>("severity = { marketing = \"error\" }").unwrap_err();
        assert!(e.message().contains("editorial"), "{}", e.message());
        let e = toml::from_str::<S>("severity = \"fatal\"").unwrap_err();
        assert!(
            e.message().contains("unknown variant `fatal`"),
            "{}",
            e.message()
        );
    }
}
