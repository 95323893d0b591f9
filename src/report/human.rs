//! `human`: miette's graphical reports: `path:line:col`, the source lines with the matched words
//! underlined, the message, what to write instead, and the rule's source. In a Word document the
//! lines are paragraphs: the place reads `path:¶paragraph:col` and the snippet shows the
//! paragraph.

use super::{FileReport, Reporter, Style, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{SetupError, SourceFile};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt;
use std::io::{self, Write};

/// The human reporter.
pub struct Human {
    handler: GraphicalReportHandler,
    /// For Word documents: the place is part of the source's name (`path:¶12:34`), as miette
    /// would write `path:12:34`.
    by_paragraph: GraphicalReportHandler,
    quiet: bool,
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1)
}

impl Human {
    /// A reporter with the given style.
    pub fn new(style: Style) -> Self {
        Self {
            handler: handler(style.color),
            by_paragraph: handler(style.color).without_primary_span_start(),
            quiet: style.quiet,
        }
    }
}

/// A diagnostic as miette sees it.
struct Shown<'a> {
    d: &'a Diagnostic,
    file: &'a SourceFile,
    help: Option<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = if self.d.range.is_empty() {
            Some("expected in this document".to_string())
        } else {
            None
        };
        let span = LabeledSpan::new_with_span(label, self.d.range.start..self.d.range.end);
        Some(Box::new(std::iter::once(span)))
    }
}

fn help_text(d: &Diagnostic) -> Option<String> {
    match (&d.help, &d.source) {
        (Some(h), Some(s)) => Some(format!("{h}\nsource: {s}")),
        (Some(h), None) => Some(h.clone()),
        (None, Some(s)) => Some(format!("source: {s}")),
        (None, None) => None,
    }
}

impl Reporter for Human {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let Some(source) = &file.source else {
            return Ok(());
        };
        let paragraphs = super::concise::by_paragraph(&file.path);
        let visible = if paragraphs {
            paragraphs_only(source)
        } else {
            source.clone()
        };
        for d in &file.diagnostics {
            let (handler, named) = if paragraphs && d.range.end <= visible.text.len() {
                let name = super::concise::place(&source.name, d.start);
                let named = SourceFile {
                    name,
                    text: visible.text.clone(),
                };
                (&self.by_paragraph, named)
            } else {
                (&self.handler, source.clone())
            };
            let shown = Shown {
                d,
                file: &named,
                help: help_text(d),
            };
            let mut text = String::new();
            handler
                .render_report(&mut text, &shown)
                .map_err(io::Error::other)?;
            writeln!(out, "{}", text.trim_end())?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if !self.quiet {
            writeln!(out, "{}", summary.line())?;
        }
        Ok(())
    }
}

/// The paragraphs of a Word document's text, without the structure trailer after them (see
/// `document::docx`: it starts with U+0001, which no paragraph contains).
fn paragraphs_only(source: &SourceFile) -> SourceFile {
    match source.text.find('\u{1}') {
        Some(end) => SourceFile::new(source.name.clone(), &source.text[..end]),
        None => source.clone(),
    }
}

/// Render a setup error with its snippet.
pub fn render_error(e: &SetupError, color: bool) -> String {
    let mut text = String::new();
    if handler(color).render_report(&mut text, e).is_err() {
        text = format!("error: {}", e.message);
        if let Some(h) = &e.help {
            text.push_str(&format!("\n  help: {h}"));
        }
    }
    text.trim_end().to_string()
}
