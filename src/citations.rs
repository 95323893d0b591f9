//! Citation markers in prose: links and footnote references found by the format reader, and
//! the markers written as text: bracketed numbers, superscript digits, author–year references,
//! DOIs, PMIDs and PMCIDs, and named sources ("a 2019 study in JAMA").

use crate::prose::{MarkerKind, Prose};
use crate::rules::spec::MarkerName;
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use std::ops::Range;
use std::sync::LazyLock;

/// A built-in pattern, with ASCII word boundaries: Unicode ones make the regex engine leave its
/// lazy DFA for a much slower one on any non-ASCII text.
fn regex(pattern: &str) -> Regex {
    let pattern = pattern.replace(r"\b", r"(?-u:\b)");
    Regex::new(&pattern).unwrap_or_else(|e| panic!("built-in citation pattern {pattern:?}: {e}"))
}

static BRACKET_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\[\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\]|\((?:\d{1,3}(?:\s*[,\-]\s*\d{1,3})+|[1-9]\d{0,2})\)")
});
static SUPERSCRIPT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,\-][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*"));
static AUTHOR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\((?:see |e\.g\.,? |cf\.? )?[A-Z][^()]{0,100}?,? (?:19|20)\d{2}[a-z]?(?:[;,][^()]*)?\)",
        r"|\b[A-Z][\w'-]+(?: et al\.?| and colleagues| and [A-Z][\w'-]+| & [A-Z][\w'-]+)? \((?:19|20)\d{2}[a-z]?\)",
    ))
});
static DOI: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\b10\.\d{4,9}/[-._;()/:a-z0-9]+"));
static PMID: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bPMID:?\s*\d{1,8}\b|\bPMC\d{3,}\b"));
static URL: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bhttps?://[^\s)\]]+"));
static NAMED_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"(?i:\b(?:study|trial|review|meta-analysis|analysis|paper|report|survey|research|article)",
        r"(?: \w+){0,3} (?:published |appearing |reported )?in) (?:the )?(?:(?i:journal) )?[A-Z]",
        r"|(?i:\b(?:according to|reported by|published by|data from)) (?:the )?[A-Z]",
        r"|\b[A-Z][\w'-]+(?:'s)?(?: [A-Z][\w'-]+(?:'s)?){1,6} (?:Study|Trial|Survey|Report|Review)\b",
        r"|(?:\b[A-Z]{2,}\b|\b(?:[A-Z][\w&'-]+ ){2,6})(?:reported|reports|said|says|found|announced|concluded|published)\b",
    ))
});

/// A citation marker found in prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What kind of marker.
    pub kind: MarkerName,
    /// Where it is in the normalised text (empty for structural markers).
    pub range: Range<usize>,
}

/// Every citation marker of the accepted kinds within `range` of the prose.
pub fn find(prose: &Prose, range: Range<usize>, accepted: &[MarkerName]) -> Vec<Found> {
    let mut out = Vec::new();
    let text = &prose.text[range.clone()];
    let at = |r: Range<usize>| range.start + r.start..range.start + r.end;
    for m in &prose.markers {
        if m.at < range.start || m.at > range.end {
            continue;
        }
        let kind = match m.kind {
            MarkerKind::Link => MarkerName::Link,
            MarkerKind::Footnote => MarkerName::Footnote,
            MarkerKind::Superscript => MarkerName::Superscript,
        };
        if accepted.contains(&kind) {
            out.push(Found {
                kind,
                range: m.at..m.at,
            });
        }
    }
    let textual: [(MarkerName, &Regex); 7] = [
        (MarkerName::BracketNumber, &BRACKET_NUMBER),
        (MarkerName::Superscript, &SUPERSCRIPT),
        (MarkerName::AuthorYear, &AUTHOR_YEAR),
        (MarkerName::Doi, &DOI),
        (MarkerName::Pmid, &PMID),
        (MarkerName::Link, &URL),
        (MarkerName::NamedSource, &NAMED_SOURCE),
    ];
    for (kind, re) in textual {
        if accepted.contains(&kind) {
            out.extend(re.find_iter(text).map(|m| Found {
                kind,
                range: at(m.range()),
            }));
        }
    }
    out.sort_by_key(|f| f.range.start);
    out
}

/// Length of a citation marker at the start of `text` (after spaces), if one is there: markers
/// placed right after a sentence's full stop ("... memory. [1]") belong to that sentence. The
/// searches are anchored: they read the marker, not the rest of the text.
pub fn leading_marker_len(text: &str) -> Option<usize> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    [&*BRACKET_NUMBER, &*SUPERSCRIPT, &*AUTHOR_YEAR]
        .iter()
        .filter_map(|re| re.find(Input::new(trimmed).anchored(Anchored::Yes)))
        .map(|m| lead + m.end())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    fn kinds(md: &str) -> Vec<MarkerName> {
        let doc = Document::parse(md, Format::Markdown);
        let end = doc.prose.text.len();
        find(&doc.prose, 0..end, MarkerName::ALL)
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn markers_of_every_kind_are_found() {
        use MarkerName::*;
        let cases: &[(&str, &[MarkerName])] = &[
            ("Studies show it works [1].", &[BracketNumber]),
            ("Studies show it works [1,2].", &[BracketNumber]),
            ("Studies show it works [1–3].", &[BracketNumber]),
            ("Studies show it works [12, 14-16].", &[BracketNumber]),
            (
                "Interventions are effective in preventing it (17).",
                &[BracketNumber],
            ),
            ("Rates fell by half (2,3).", &[BracketNumber]),
            ("Studies show it works.¹", &[Superscript]),
            ("Studies show it works.<sup>2</sup>", &[Superscript]),
            ("Studies show it works (Smith et al., 2021).", &[AuthorYear]),
            ("Studies show it works (Smith & Lee 2020).", &[AuthorYear]),
            (
                "It works (Heiss and colleagues, 2012, in the journal Stroke).",
                &[AuthorYear],
            ),
            ("It works (Harvard Health Publishing, 2018).", &[AuthorYear]),
            ("Smith et al. (2021) found it works.", &[AuthorYear]),
            ("It works (doi:10.1056/NEJMoa2032183).", &[Doi]),
            ("It works, see 10.1001/jama.2019.1234.", &[Doi]),
            ("It works (PMID: 12345678).", &[Pmid]),
            ("It works (PMC7654321).", &[Pmid]),
            ("It [works](https://pubmed.ncbi.nlm.nih.gov/1/).", &[Link]),
            ("It works.[^1]\n\n[^1]: Smith J. Title. 2020.", &[Footnote]),
            (
                "It works, see https://doi.org/10.1056/NEJMoa2032183 for details.",
                &[Link, Doi],
            ),
            ("A 2019 study in JAMA found it works.", &[NamedSource]),
            (
                "A study published in the New England Journal of Medicine found it.",
                &[NamedSource],
            ),
            (
                "According to the CDC, 1 in 3 adults has prediabetes.",
                &[NamedSource],
            ),
            (
                "The Age-Related Eye Disease Study found it.",
                &[NamedSource],
            ),
            (
                "Small studies found it, the Wall Street Journal reported.",
                &[NamedSource],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(kinds(text), *want, "{text}");
        }
    }

    #[test]
    fn look_alikes_are_not_markers() {
        let cases = [
            "Studies show it works.",
            "Take 2 capsules (500 mg) twice a day.",
            "Get 20% off [today].",
            "In 2019, researchers found it works.",
            "A study (2019) found it works.",
            "Studies found it works.",
            "[Link text](#section) is internal.",
        ];
        for text in cases {
            assert_eq!(kinds(text), [], "{text}");
        }
    }

    #[test]
    fn a_marker_after_the_full_stop_is_measured() {
        assert_eq!(leading_marker_len(" [1] Next."), Some(4));
        assert_eq!(leading_marker_len(" (Lee et al., 2014). Next"), Some(19));
        assert_eq!(leading_marker_len(" Next [1]."), None);
    }
}
