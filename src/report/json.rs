//! `json`: the versioned document of DESIGN.md, streamed one diagnostic at a time.

use super::{FileReport, Reporter, Summary};
use crate::diagnostic::Diagnostic;
use serde_json::{Value, json};
use std::io::{self, Write};

/// The JSON reporter.
#[derive(Default)]
pub struct Json {
    started: bool,
    any: bool,
}

/// The JSON object of one diagnostic.
pub fn diagnostic_value(d: &Diagnostic) -> Value {
    json!({
        "path": d.path,
        "rule": d.rule,
        "kind": d.kind.name(),
        "severity": d.severity.name(),
        "message": d.message,
        "help": d.help,
        "source": d.source,
        "matched": d.matched,
        "line": d.start.line,
        "column": d.start.column,
        "end_line": d.end.line,
        "end_column": d.end.column,
        "byte_start": d.range.start,
        "byte_end": d.range.end,
    })
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
            serde_json::to_writer(&mut *out, &diagnostic_value(d))?;
            self.any = true;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        let end = if self.any { "\n  " } else { "" };
        let summary = json!({
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        });
        writeln!(out, "{end}],\n  \"summary\": {summary}\n}}")
    }
}
