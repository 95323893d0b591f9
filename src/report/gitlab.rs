//! `gitlab`: GitLab Code Quality JSON, the subset of the Code Climate format that merge request
//! widgets read: an array of issues with `description`, `check_name`, `fingerprint`,
//! `severity` and `location` (`path`, `lines.begin`).
//!
//! Severities: error → `critical`, warning → `major`, info → `info` (GitLab's scale is `info`,
//! `minor`, `major`, `critical`, `blocker`). The fingerprint is the diagnostic's stable
//! fingerprint, which already hashes the rule, the path and the matched words and numbers equal
//! findings in one file; GitLab compares findings between branches by it, so it must not depend
//! on line numbers. A repeat in one report (the same file given twice) gets a suffix.

use super::{FileReport, Reporter, Summary};
use crate::diagnostic::Severity;
use crate::fingerprint::normal_path;
use serde::Serialize;
use std::collections::HashSet;
use std::io::{self, Write};

/// The GitLab Code Quality reporter: collects issues and writes the array in `finish`.
#[derive(Default)]
pub struct Gitlab {
    issues: Vec<Issue>,
    fingerprints: HashSet<String>,
}

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's name of a severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

impl Gitlab {
    fn unique(&mut self, fingerprint: &str) -> String {
        let mut candidate = fingerprint.to_string();
        let mut n = 1;
        while !self.fingerprints.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{fingerprint}#{n}");
        }
        candidate
    }
}

impl Reporter for Gitlab {
    fn file(&mut self, _out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for d in &file.diagnostics {
            let fingerprint = self.unique(&d.fingerprint);
            self.issues.push(Issue {
                description: d.message.clone(),
                check_name: d.rule.clone(),
                fingerprint,
                severity: severity(d.severity),
                location: IssueLocation {
                    path: normal_path(&d.path),
                    lines: Lines {
                        begin: d.start.line,
                    },
                },
            });
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.issues)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fingerprints_are_made_unique() {
        let mut g = Gitlab::default();
        assert_eq!(g.unique("ab"), "ab");
        assert_eq!(g.unique("ab"), "ab#2");
        assert_eq!(g.unique("ab"), "ab#3");
        assert_eq!(g.unique("ab:2"), "ab:2");
    }
}
