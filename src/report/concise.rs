//! `concise`: one line per diagnostic, `path:line:col: severity[rule] message`.

use super::{FileReport, Reporter, Summary};
use std::io::{self, Write};

/// The concise reporter.
pub struct Concise {
    /// Leave out the summary line.
    pub quiet: bool,
}

impl Reporter for Concise {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for d in &file.diagnostics {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                d.path, d.start.line, d.start.column, d.severity, d.rule, d.message
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
