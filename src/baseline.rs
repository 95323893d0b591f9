//! Baselines: the findings a repository already had when it adopted healthlint, recorded by
//! fingerprint so that CI reports only new ones. The file is sorted text, one finding per line,
//! so that it diffs well in review; it is replaced atomically.
//!
//! Each line holds, separated by tabs: path, rule, fingerprint and matched words, e.g.
//! `content/a.md`, `us-fda-ftc/disease-claim`, `3f2a9c0d11e5b7a4`, `cures cancer`.

use crate::diagnostic::Diagnostic;
use crate::fingerprint::normal_path;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const HEADER: &str = "# healthlint baseline v1: path, rule, fingerprint, matched words";

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Normalised path.
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// The diagnostic's fingerprint.
    pub fingerprint: String,
    /// The matched words, for readers of the file.
    pub matched: String,
}

impl Entry {
    fn of(d: &Diagnostic) -> Self {
        let matched: String = d
            .matched
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(80)
            .collect();
        Self {
            path: normal_path(&d.path),
            rule: d.rule.clone(),
            fingerprint: d.fingerprint.clone(),
            matched,
        }
    }

    fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}",
            self.path, self.rule, self.fingerprint, self.matched
        )
    }
}

/// A loaded baseline and what a run did with it.
#[derive(Debug, Default)]
pub struct Baseline {
    /// Entries by fingerprint.
    entries: BTreeMap<String, Entry>,
    /// Fingerprints found again in this run.
    seen: BTreeSet<String>,
    /// Paths checked in this run.
    checked: BTreeSet<String>,
    /// Diagnostics left out because they are in the baseline.
    pub suppressed: usize,
}

impl Baseline {
    /// Read a baseline file. Errors name the file and line.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "{}: cannot read the baseline: {}",
                path.display(),
                crate::walk::io_message(&e)
            )
        })?;
        Self::parse(&text)
            .map_err(|(line, message)| format!("{}:{line}:1: {message}", path.display()))
    }

    /// Parse a baseline's text; an error gives the line number.
    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut entries = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.splitn(4, '\t');
            let (Some(path), Some(rule), Some(fingerprint)) =
                (fields.next(), fields.next(), fields.next())
            else {
                return Err((
                    i + 1,
                    "not a baseline entry: expected path, rule and fingerprint separated by tabs; regenerate the file with --write-baseline".into(),
                ));
            };
            if fingerprint.is_empty()
                || !fingerprint
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c.is_ascii_digit())
            {
                return Err((
                    i + 1,
                    format!(
                        "`{fingerprint}` is not a fingerprint; regenerate the file with --write-baseline"
                    ),
                ));
            }
            entries.insert(
                fingerprint.to_string(),
                Entry {
                    path: path.to_string(),
                    rule: rule.to_string(),
                    fingerprint: fingerprint.to_string(),
                    matched: fields.next().unwrap_or_default().to_string(),
                },
            );
        }
        Ok(Self {
            entries,
            ..Self::default()
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the baseline has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drop the diagnostics of one checked file that the baseline holds.
    pub fn filter(&mut self, path: &str, diagnostics: &mut Vec<Diagnostic>) {
        self.checked.insert(normal_path(path));
        diagnostics.retain(|d| {
            let known = self.entries.contains_key(&d.fingerprint);
            if known {
                self.seen.insert(d.fingerprint.clone());
                self.suppressed += 1;
            }
            !known
        });
    }

    /// Entries of checked files that no longer occur.
    pub fn stale(&self) -> usize {
        self.entries
            .values()
            .filter(|e| self.checked.contains(&e.path) && !self.seen.contains(&e.fingerprint))
            .count()
    }

    /// The baseline after this run: entries still found, and those of files not checked. New
    /// findings are never added (the ratchet only tightens).
    pub fn shrunk(&self) -> Vec<Entry> {
        self.entries
            .values()
            .filter(|e| !self.checked.contains(&e.path) || self.seen.contains(&e.fingerprint))
            .cloned()
            .collect()
    }
}

/// Entries for diagnostics.
pub fn entries(diagnostics: &[Diagnostic]) -> Vec<Entry> {
    diagnostics.iter().map(Entry::of).collect()
}

/// Write a baseline: sorted, to a temporary file beside the target, then renamed over it, so
/// that an interrupted run never leaves half a file.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<usize, String> {
    entries.sort();
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    let mut text = String::from(HEADER);
    text.push('\n');
    for e in &entries {
        text.push_str(&e.line());
        text.push('\n');
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "baseline".into());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let fail = |e: std::io::Error| {
        let _ = std::fs::remove_file(&temp);
        format!(
            "{}: cannot write the baseline: {}",
            path.display(),
            crate::walk::io_message(&e)
        )
    };
    std::fs::write(&temp, text).map_err(fail)?;
    std::fs::rename(&temp, path).map_err(fail)?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_bad_lines_are_named() {
        let text = format!(
            "{HEADER}\ncontent/a.md\tus-fda-ftc/disease-claim\tabc123\tcures cancer\n\nb.md\teditorial/x\t00ff:2\t\n"
        );
        let b = Baseline::parse(&text).unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b.entries["abc123"].matched, "cures cancer");
        let err = Baseline::parse("# h\nnot an entry\n").unwrap_err();
        assert_eq!(err.0, 2);
        let err = Baseline::parse("p\tr\tzz!\tm\n").unwrap_err();
        assert!(err.1.contains("not a fingerprint"), "{}", err.1);
    }
}
