//! Reporters: one file per output format. A reporter receives each file's diagnostics in path
//! order and a summary at the end, and writes to the writer it is given.

mod checkstyle;
mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::SourceFile;
use std::io::{self, Write};

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Annotated source snippets with the matched words underlined.
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule] message`.
    Concise,
    /// A versioned JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDE viewers).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test case per finding, for CI test report views.
    Junit,
    /// Checkstyle XML, for Jenkins Warnings NG and reviewdog.
    Checkstyle,
    /// GitLab Code Quality JSON, for merge request widgets.
    Gitlab,
}

impl OutputFormat {
    /// Whether the reporter shows source lines (so file texts must be kept until reported).
    pub fn needs_source(self) -> bool {
        self == Self::Human
    }
}

/// One checked file and what was found in it.
#[derive(Debug)]
pub struct FileReport {
    /// The file's name as given or found by walking.
    pub path: String,
    /// The file's text, when the format shows source lines and there are diagnostics.
    pub source: Option<SourceFile>,
    /// Diagnostics sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// The file's name as given or found by walking.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Totals of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Diagnostics at error severity.
    pub errors: usize,
    /// Diagnostics at warning severity.
    pub warnings: usize,
    /// Diagnostics at info severity.
    pub infos: usize,
}

impl Summary {
    /// Count a file's diagnostics.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// The closing line of the human and concise formats.
    pub fn line(&self) -> String {
        let files = plural(self.files, "file", "files");
        if self.errors + self.warnings + self.infos == 0 {
            return format!("Checked {files}: no problems found.");
        }
        let mut parts = vec![
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        ];
        if self.infos > 0 {
            parts.push(plural(self.infos, "info", "infos"));
        }
        format!("Checked {files}: {}.", parts.join(", "))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes diagnostics in one format.
pub trait Reporter {
    /// Report one file's diagnostics (called in path order, also for clean files).
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()>;
    /// Write what comes after the last file.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// Options that change how reports look.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
}

/// What a report may say about a rule: formats such as SARIF describe every rule in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Full id (`pack/rule`).
    pub id: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// Why the rule exists.
    pub rationale: Option<String>,
    /// The regulation or guidance behind the rule.
    pub source: Option<String>,
    /// More information.
    pub url: Option<String>,
}

impl RuleMeta {
    /// Every rule of a rule set, in its order, then the diagnostics about suppression
    /// directives.
    pub fn all(rules: &crate::RuleSet) -> Vec<Self> {
        let meta = crate::suppress::META_RULES.iter().map(|(id, _, what)| Self {
            id: id.to_string(),
            message: what.to_string(),
            help: Some(
                "Give every directive a reason after `--`, name rules that are in use, and remove directives that no longer suppress anything."
                    .into(),
            ),
            rationale: None,
            source: None,
            url: None,
        });
        rules
            .rules
            .iter()
            .map(|r| Self {
                id: r.id.clone(),
                message: r.message.clone(),
                help: r.help.clone(),
                rationale: r.rationale.clone(),
                source: r.source.clone(),
                url: r.url.clone(),
            })
            .chain(meta)
            .collect()
    }
}

/// The reporter for a format; `rules` are the rules in use.
pub fn reporter(format: OutputFormat, style: Style, rules: Vec<RuleMeta>) -> Box<dyn Reporter> {
    match format {
        OutputFormat::Human => Box::new(human::Human::new(style)),
        OutputFormat::Concise => Box::new(concise::Concise { quiet: style.quiet }),
        OutputFormat::Json => Box::new(json::Json::default()),
        OutputFormat::Sarif => Box::new(sarif::Sarif::new(rules)),
        OutputFormat::Github => Box::new(github::Github { quiet: style.quiet }),
        OutputFormat::Junit => Box::new(junit::Junit::default()),
        OutputFormat::Checkstyle => Box::new(checkstyle::Checkstyle::default()),
        OutputFormat::Gitlab => Box::new(gitlab::Gitlab::default()),
    }
}

/// Render a setup error (bad pack or configuration) the way compilers do.
pub fn render_setup_error(e: &crate::error::SetupError, color: bool) -> String {
    human::render_error(e, color)
}
