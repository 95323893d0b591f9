//! Command-line arguments.

use crate::diagnostic::Severity;
use crate::report::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A compliance linter for health content: banned claims, missing disclaimers, regulatory
/// status and citations, with the exact words pointed at and what to write instead.
#[derive(Debug, Parser)]
#[command(name = "healthlint", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Use this configuration file instead of looking for healthlint.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any healthlint.toml and use the built-in default packs.
    #[arg(long, global = true)]
    pub isolated: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders for violations.
    Check(CheckArgs),
    /// Explain how the rules treat a text: every matching rule, the context found, the verdict.
    Why(WhyArgs),
    /// List the rules in use: id, kind, severity, message.
    Rules(RulesArgs),
    /// Explain one rule: its message, rationale, source and examples.
    Explain(ExplainArgs),
    /// Run every rule's examples; exit 1 if any example misbehaves.
    Test(TestArgs),
    /// Write a starter healthlint.toml that extends the default packs.
    Init(InitArgs),
    /// Print the JSON Schema of rule packs and configuration, for editor completion.
    Schema(SchemaArgs),
}

/// `healthlint rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Also list the built-in packs that are not in use.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// Formats of `healthlint rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One rule a line.
    Human,
    /// A JSON array.
    Json,
    /// The rule reference as Markdown (docs/rules.md).
    Markdown,
}

/// `healthlint explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Full rule id, such as us-fda-ftc/disease-claim.
    pub rule: String,
}

/// `healthlint test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Packs to test: ids of packs in use, builtin:NAME, or paths to pack files. Default: every
    /// pack in use.
    pub packs: Vec<String>,
}

/// `healthlint init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Replace an existing healthlint.toml.
    #[arg(long)]
    pub force: bool,
    /// Print the configuration instead of writing the file.
    #[arg(long)]
    pub stdout: bool,
}

/// `healthlint schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(long, value_enum, default_value_t = SchemaKind::Both)]
    pub kind: SchemaKind,
}

/// Which schema `healthlint schema` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Rule packs.
    Pack,
    /// healthlint.toml.
    Config,
    /// Either: a document with [pack] is a pack, any other a configuration.
    Both,
}

/// `healthlint why`.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The text to explain, read as Markdown; `-` reads standard input.
    pub text: String,
    /// Profile to assume, unless the text's front matter declares one.
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
}

/// `--profile`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Offers, sells or prescribes something.
    Marketing,
    /// News and explainers.
    Editorial,
}

/// `healthlint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input. Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Name of the text read from standard input; its extension picks the format.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// When to use colour (also off when NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print diagnostics only, without the summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Number of files checked in parallel. Default: the number of CPUs.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Check exactly the files listed in FILE, one per line (`-` reads the list from standard
    /// input), e.g. `git diff --name-only main | healthlint check --files-from -`. Deleted
    /// files and files of other formats in the list are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub files_from: Option<PathBuf>,
    /// Fail (exit 1) when there are more than N warnings, even if `--fail-on` is `error`.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Exit 0 even when there are findings (a run that could not be trusted still exits 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Report only findings that are not in this baseline file, and say how many of its
    /// entries no longer occur.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the findings in this baseline file (sorted text) instead of reporting them. With
    /// `--baseline`, write that baseline without the entries that no longer occur, and report
    /// new findings.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print the settings that apply to this file (packs, profile, rule severities) and exit.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["paths", "files_from"])]
    pub show_settings: Option<PathBuf>,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
}

impl FailOn {
    /// The lowest failing severity.
    pub fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::Warning => Severity::Warning,
        }
    }
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR is set or TERM is dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to a stream that is (or is not) a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => {
                is_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        }
    }
}
