//! healthlint: a compliance linter for health content.
//!
//! The library computes and never prints: [`app::run`] takes the process's streams as
//! arguments. Data flows one way:
//! walk → document → prose → match → context → findings → diagnostics → report.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod baseline;
pub mod catalog;
pub mod citations;
pub mod cli;
pub mod config;
pub mod context;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod examples;
pub mod fingerprint;
pub mod init;
pub mod lint;
pub mod literals;
pub mod lowercase;
pub mod matcher;
pub mod parallel;
pub mod prefilter;
pub mod prose;
pub mod report;
pub mod rules;
pub mod runs;
pub mod schema;
pub mod sentences;
pub mod settings;
pub mod shared;
pub mod sieve;
pub mod span;
pub mod suppress;
#[cfg(test)]
mod testing;
pub mod walk;
pub mod why;
pub mod wording;

pub use diagnostic::{Diagnostic, Severity};
pub use rules::RuleSet;
