//! `checkstyle`: Checkstyle XML, as read by Jenkins Warnings NG and reviewdog:
//! `<checkstyle version="4.3"><file name=".."><error line column severity message source/>`.
//! Streamed one file at a time; the rule is the `source`, as `healthlint.RULE`.

use super::{FileReport, Reporter, Summary};
use crate::fingerprint::normal_path;
use std::io::{self, Write};

/// The Checkstyle reporter.
#[derive(Default)]
pub struct Checkstyle {
    started: bool,
}

/// Escape text for an XML 1.0 attribute value or text node. Line breaks and tabs become
/// character references so that attribute values keep them; characters XML 1.0 cannot carry
/// at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

impl Checkstyle {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<checkstyle version="4.3">"#)?;
        }
        Ok(())
    }
}

impl Reporter for Checkstyle {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        self.start(out)?;
        let name = xml_escape(&normal_path(file.path()));
        if file.diagnostics.is_empty() {
            return writeln!(out, r#"  <file name="{name}"/>"#);
        }
        writeln!(out, r#"  <file name="{name}">"#)?;
        for d in &file.diagnostics {
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="healthlint.{}"/>"#,
                d.start.line,
                d.start.column,
                d.severity,
                xml_escape(&d.message),
                xml_escape(&d.rule)
            )?;
        }
        writeln!(out, "  </file>")
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</checkstyle>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_line_breaks_and_forbidden_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c\"'d'\r\n\te\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#13;&#10;&#9;e\u{fffd}"
        );
    }
}
