//! Diagnostics: what the library reports for a file, with byte offsets and, computed once when
//! the diagnostic is made, lines and columns.

use crate::rules::spec::{KindName, Level};
use crate::span::{ByteRange, Position};
use std::fmt;

/// How severe a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Editorial quality; never fails a run.
    Info,
    /// Likely problem that needs review.
    Warning,
    /// Likely violation.
    Error,
}

impl Severity {
    /// The severity of a level, or `None` for `off`.
    pub fn from_level(level: Level) -> Option<Self> {
        match level {
            Level::Off => None,
            Level::Info => Some(Self::Info),
            Level::Warning => Some(Self::Warning),
            Level::Error => Some(Self::Error),
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What produced a diagnostic: a rule of some kind, or a suppression directive that is itself
/// a problem (see [`crate::suppress`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiagnosticKind {
    /// A rule of this kind.
    Rule(KindName),
    /// A suppression directive.
    Directive,
}

impl DiagnosticKind {
    /// The name in reports (`banned`, ..., `directive`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Rule(k) => k.name(),
            Self::Directive => "directive",
        }
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given or found by walking.
    pub path: String,
    /// Full rule id (`pack/rule`).
    pub rule: String,
    /// Kind of the rule, or a directive problem.
    pub kind: DiagnosticKind,
    /// Severity in this document.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// Regulation or guidance behind the rule.
    pub source: Option<String>,
    /// More information.
    pub url: Option<String>,
    /// The matched words as a reader sees them (empty for something missing).
    pub matched: String,
    /// Byte range in the original file.
    pub range: ByteRange,
    /// Line and column of the start.
    pub start: Position,
    /// Line and column of the end (exclusive).
    pub end: Position,
    /// Stable identity across runs: rule, path and the matched words in their line, not line
    /// numbers (see [`crate::fingerprint`]).
    pub fingerprint: String,
}
