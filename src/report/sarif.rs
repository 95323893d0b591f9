//! `sarif`: one SARIF 2.1.0 log, written at the end, built with `serde-sarif`'s types.
//!
//! The driver describes every rule in use; each result points at its rule by id and index,
//! carries the diagnostic's stable fingerprint in `partialFingerprints`, and locates the matched
//! words by a relative URI and a region. Columns count Unicode scalar values (see
//! [`crate::span::Position`]), so the run declares `columnKind: unicodeCodePoints`.

use super::{FileReport, Reporter, RuleMeta, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint::normal_path;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif as SarifLog, Tool,
    ToolComponent,
};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

/// Where the SARIF 2.1.0 schema is published.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of healthlint's fingerprint in `partialFingerprints`; the suffix is its version.
pub const FINGERPRINT_KEY: &str = "healthlint/v1";

/// The SARIF reporter: collects results and writes the log in `finish`.
pub struct Sarif {
    rules: Vec<RuleMeta>,
    index: HashMap<String, usize>,
    results: Vec<SarifResult>,
}

impl Sarif {
    /// A reporter describing `rules`, the rules in use.
    pub fn new(rules: Vec<RuleMeta>) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Self {
            rules,
            index,
            results: Vec::new(),
        }
    }

    fn result(&self, d: &Diagnostic) -> SarifResult {
        let level = match d.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
            Severity::Info => ResultLevel::Note,
        };
        let region = Region::builder()
            .start_line(as_i64(d.start.line))
            .start_column(as_i64(d.start.column))
            .end_line(as_i64(d.end.line))
            .end_column(as_i64(d.end.column))
            .build();
        let location = Location::builder()
            .physical_location(
                PhysicalLocation::builder()
                    .artifact_location(ArtifactLocation::builder().uri(path_uri(&d.path)).build())
                    .region(region)
                    .build(),
            )
            .build();
        let fingerprints = BTreeMap::from([(FINGERPRINT_KEY.to_string(), d.fingerprint.clone())]);
        let message = Message::builder().text(d.message.clone()).build();
        match self.index.get(&d.rule) {
            Some(&i) => SarifResult::builder()
                .rule_id(d.rule.clone())
                .rule_index(as_i64(i))
                .level(level)
                .message(message)
                .locations(vec![location])
                .partial_fingerprints(fingerprints)
                .build(),
            None => SarifResult::builder()
                .rule_id(d.rule.clone())
                .level(level)
                .message(message)
                .locations(vec![location])
                .partial_fingerprints(fingerprints)
                .build(),
        }
    }
}

fn as_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

/// A rule as a SARIF reporting descriptor.
fn descriptor(rule: &RuleMeta) -> ReportingDescriptor {
    let help = match (&rule.help, &rule.source) {
        (Some(h), Some(s)) => Some(format!("{h}\n\nSource: {s}")),
        (Some(h), None) => Some(h.clone()),
        (None, Some(s)) => Some(format!("Source: {s}")),
        (None, None) => None,
    };
    let full = rule
        .rationale
        .clone()
        .unwrap_or_else(|| rule.message.clone());
    let mut d = ReportingDescriptor::builder()
        .id(rule.id.clone())
        .short_description(text(rule.message.clone()))
        .full_description(text(full))
        .build();
    d.help = help.map(text);
    d.help_uri = rule.url.clone();
    d
}

/// A path as a URI reference: relative paths stay relative (forward slashes, no `./`), absolute
/// ones become `file:` URIs; everything but unreserved characters and `/` is percent-encoded.
pub fn path_uri(path: &str) -> String {
    let path = normal_path(path);
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) = if drive {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else if path.starts_with('/') {
        ("file://".to_string(), path.as_str())
    } else {
        (String::new(), path.as_str())
    };
    let mut uri = prefix;
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

impl Reporter for Sarif {
    fn file(&mut self, _out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for d in &file.diagnostics {
            let result = self.result(d);
            self.results.push(result);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let driver = ToolComponent::builder()
            .name("healthlint")
            .version(env!("CARGO_PKG_VERSION"))
            .rules(self.rules.iter().map(descriptor).collect::<Vec<_>>())
            .build();
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(std::mem::take(&mut self.results))
            .column_kind(serde_json::json!("unicodeCodePoints"))
            .build();
        let log = SarifLog::builder()
            .schema(SCHEMA)
            .version(serde_json::json!("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("./content/a b.md"), "content/a%20b.md");
        assert_eq!(path_uri("content\\caf\u{e9}.md"), "content/caf%C3%A9.md");
        assert_eq!(path_uri("a:b#c?.md"), "a%3Ab%23c%3F.md");
        assert_eq!(path_uri("/srv/site/x.md"), "file:///srv/site/x.md");
        assert_eq!(path_uri("C:\\site\\x.md"), "file:///C:/site/x.md");
    }
}
