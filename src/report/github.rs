//! `github`: GitHub Actions workflow commands, one per diagnostic, which the runner turns into
//! annotations on the pull request:
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`.
//!
//! Values are escaped the way GitHub's toolkit (`@actions/core`) escapes them: the message
//! (`%`, CR, LF) and, in properties, also `:` and `,`.

use super::{FileReport, Reporter, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint::normal_path;
use std::io::{self, Write};

/// The GitHub Actions reporter.
pub struct Github {
    /// Leave out the summary line.
    pub quiet: bool,
}

/// Escape the data of a workflow command (what follows `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape the value of a workflow command property.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command of one diagnostic, without a line ending.
pub fn command(d: &Diagnostic) -> String {
    let name = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(help);
    }
    format!(
        "::{name} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&normal_path(&d.path)),
        d.start.line,
        d.start.column,
        d.end.line,
        d.end.column,
        escape_property(&d.rule),
        escape_data(&message)
    )
}

impl Reporter for Github {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for d in &file.diagnostics {
            writeln!(out, "{}", command(d))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        // `%` is escaped first, so existing escapes are not decoded by the runner.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("./a,b:c.md"), "./a%2Cb%3Ac.md");
    }
}
