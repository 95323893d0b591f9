//! Errors that stop a run before any file is checked: a wrong rule pack or configuration file,
//! a bad argument. They read like compiler errors: the file, the line and column, the snippet
//! with the offending key or value underlined, and what was expected. Findings in checked files
//! are never errors; they are diagnostics.

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use std::fmt;
use std::sync::Arc;

/// A text file healthlint reads its setup from (a rule pack or a configuration file).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// How the file is named to the user: a path, or `builtin:NAME`.
    pub name: String,
    /// Its text.
    pub text: Arc<String>,
}

impl SourceFile {
    /// A named text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: Arc::new(text.into()),
        }
    }

    /// 1-based line and column of a byte offset, for messages that are not rendered by miette.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let index = crate::span::LineIndex::new(&self.text);
        let p = index.position(&self.text, offset);
        (p.line, p.column)
    }
}

/// One problem in the setup of a run.
#[derive(Clone, Debug)]
pub struct SetupError {
    /// Machine-readable category, shown like a rule id (`healthlint::pack`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Where it is wrong: the file and byte range.
    pub location: Option<(SourceFile, std::ops::Range<usize>)>,
    /// Text of the underline.
    pub label: String,
}

impl SetupError {
    /// An error without a place in a file.
    pub fn plain(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            help: None,
            location: None,
            label: String::new(),
        }
    }

    /// An error pointing at a byte range of a file.
    pub fn at(
        code: &'static str,
        file: &SourceFile,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let end = span.end.min(file.text.len());
        let start = span.start.min(end);
        Self {
            code,
            message: message.into(),
            help: None,
            location: Some((file.clone(), start..end)),
            label: "here".into(),
        }
    }

    /// Set the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Set the label under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// `file:line:col` of the error, if it has a place.
    pub fn place(&self) -> Option<String> {
        let (file, span) = self.location.as_ref()?;
        let (line, col) = file.line_col(span.start);
        Some(format!("{}:{line}:{col}", file.name))
    }
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SetupError {}

impl Diagnostic for SetupError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.location
            .as_ref()
            .map(|(file, _)| file as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (_, span) = self.location.as_ref()?;
        let label = LabeledSpan::new_with_span(
            Some(self.label.clone()),
            SourceSpan::from(span.start..span.end),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text = self.text.as_str();
        let contents = text.read_span(span, context_lines_before, context_lines_after)?;
        // miette counts columns in bytes; healthlint counts Unicode scalar values everywhere.
        let start = contents.span().offset();
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let skip_bom = usize::from(line_start == 0 && text.starts_with('\u{feff}'));
        let column = text[line_start..start]
            .chars()
            .count()
            .saturating_sub(skip_bom);
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// Several setup errors, all reported before the run stops.
pub type SetupErrors = Vec<SetupError>;
