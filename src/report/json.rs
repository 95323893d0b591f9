//! `json`: the versioned document of DESIGN.md, streamed one diagnostic at a time.

use super::{FileReport, Reporter, Summary};
use crate::diagnostic::Diagnostic;
use serde::Serialize;
use std::io::{self, Write};

/// The JSON reporter.
#[derive(Default)]
pub struct Json {
    started: bool,
    any: bool,
}

/// One diagnostic as JSON, fields in the documented order.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    kind: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    source: Option<&'a str>,
    matched: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        Self {
            path: &d.path,
            rule: &d.rule,
            kind: d.kind.name(),
            severity: d.severity.name(),
            message: &d.message,
            help: d.help.as_deref(),
            source: d.source.as_deref(),
            matched: &d.matched,
            line: d.start.line,
            column: d.start.column,
            end_line: d.end.line,
            end_column: d.end.column,
            byte_start: d.range.start,
            byte_end: d.range.end,
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Json {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(out, "{{\n  \"version\": 1,\n  \"diagnostics\": [")?;
        }
        Ok(())
    }
}

impl Reporter for Json {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        self.start(out)?;
        for d in &file.diagnostics {
            write!(out, "{}\n    ", if self.any { "," } else { "" })?;
            serde_json::to_writer(&mut *out, &JsonDiagnostic::from(d))?;
            self.any = true;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        let end = if self.any { "\n  " } else { "" };
        let summary = serde_json::to_string(&JsonSummary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        })?;
        writeln!(out, "{end}],\n  \"summary\": {summary}\n}}")
    }
}
