//! `junit`: JUnit XML built with `quick-junit`, written at the end. One test suite,
//! `healthlint`; every finding is a failing test case (class name: the file; name: the rule and
//! where), and every clean file a passing one, so CI test views list findings one by one.
//!
//! A JUnit test case holds at most one failure (and CI tools read only the first), so findings
//! are test cases of their own rather than failures of one test case per file.

use super::{FileReport, Reporter, Summary};
use crate::diagnostic::Diagnostic;
use crate::fingerprint::normal_path;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

/// The name of the report and of its one test suite.
const NAME: &str = "healthlint";

/// The JUnit reporter.
#[derive(Default)]
pub struct Junit {
    cases: Vec<TestCase>,
}

/// The failing test case of one diagnostic.
fn failing(d: &Diagnostic) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    let mut text = format!(
        "{}:{}:{}: {}",
        normal_path(&d.path),
        d.start.line,
        d.start.column,
        d.severity
    );
    if !d.matched.is_empty() {
        text.push_str(&format!("\nmatched: {}", d.matched));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(source) = &d.source {
        text.push_str(&format!("\nsource: {source}"));
    }
    status
        .set_message(format!("{}: {}", d.rule, d.message))
        .set_type(d.severity.name())
        .set_description(text);
    let name = format!("{} ({}:{})", d.rule, d.start.line, d.start.column);
    let mut case = TestCase::new(name, status);
    case.set_classname(normal_path(&d.path));
    case
}

impl Reporter for Junit {
    fn file(&mut self, _out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        if !file.diagnostics.is_empty() {
            self.cases.extend(file.diagnostics.iter().map(failing));
        } else {
            let mut case = TestCase::new("no findings", TestCaseStatus::success());
            case.set_classname(normal_path(file.path()));
            self.cases.push(case);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let mut suite = TestSuite::new(NAME);
        suite.add_test_cases(std::mem::take(&mut self.cases));
        let mut report = Report::new(NAME);
        report.add_test_suite(suite);
        report.serialize(&mut *out).map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn junit_of(files: &[FileReport]) -> String {
        let mut junit = Junit::default();
        let mut out = Vec::new();
        for f in files {
            junit.file(&mut out, f).unwrap();
        }
        junit.finish(&mut out, &Summary::default()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn clean_files_pass() {
        let clean = |path: &str| FileReport {
            path: path.into(),
            source: None,
            diagnostics: Vec::new(),
        };
        let xml = junit_of(&[clean("./a.md"), clean("b.md")]);
        assert!(
            xml.contains(r#"<testcase name="no findings" classname="a.md"/>"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<testcase name="no findings" classname="b.md"/>"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"tests="2" skipped="0" failures="0""#),
            "{xml}"
        );
    }
}
