//! `concise`: one line per diagnostic, `path:line:col: severity[rule] message`. In a Word
//! document, whose lines are paragraphs, the place is `path:¶paragraph:col`.

use super::{FileReport, Reporter, Summary};
use crate::document::Format;
use crate::span::Position;
use std::io::{self, Write};
use std::path::Path;

/// The concise reporter.
pub struct Concise {
    /// Leave out the summary line.
    pub quiet: bool,
}

/// Whether a file's lines are the paragraphs of a Word document.
pub(super) fn by_paragraph(path: &str) -> bool {
    Format::from_path(Path::new(path)) == Some(Format::Docx)
}

/// A place in a file as reports show it: `path:line:col`, or `path:¶paragraph:col` in a Word
/// document.
pub(super) fn place(path: &str, at: Position) -> String {
    let mark = if by_paragraph(path) { "¶" } else { "" };
    format!("{path}:{mark}{}:{}", at.line, at.column)
}

impl Reporter for Concise {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for d in &file.diagnostics {
            writeln!(
                out,
                "{}: {}[{}] {}",
                place(&d.path, d.start),
                d.severity,
                d.rule,
                d.message
            )?;
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
