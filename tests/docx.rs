//! Word `.docx` files: `fixtures/supplement-brochure.docx` (written by LibreOffice from
//! `scripts/docx-fixture.fodt`, see `scripts/make-docx-fixture.sh`) is read paragraph by
//! paragraph; diagnostics name the paragraph; what Word does not show as the document's text
//! (comments, tracked deletions) is not checked; files that are not Word documents are errors
//! that do not stop the run.

use healthlint::document::{Format, load};
use serde_json::Value;
use std::io::{Cursor, Write};

const FIXTURE: &str = "fixtures/supplement-brochure.docx";

mod common;
use common::healthlint;

/// `(rule, line, column, end_column, matched)` of every diagnostic of a JSON report.
fn findings(json: &[u8]) -> Vec<(String, u64, u64, u64, String)> {
    let report: Value = serde_json::from_slice(json).expect("JSON output");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn check_json(path: &str) -> Vec<(String, u64, u64, u64, String)> {
    let out = healthlint()
        .args(["check", "--isolated", "--format", "json", path])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    findings(&out)
}

#[test]
fn the_fixture_reads_as_one_line_per_paragraph() {
    let bytes = std::fs::read(FIXTURE).expect("fixture");
    let (text, bad) = load(bytes, Format::Docx).expect("a Word document");
    assert_eq!(bad, None);
    let paragraphs: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with('\u{1}'))
        .collect();
    assert_eq!(
        paragraphs,
        [
            "Sunrise Wellness",
            "Our teas",
            "Our tea cures cancer.",
            "Brewed from organic green leaves.",
            "In the Sunrise trial, drinkers cut their cholesterol by 15% (see the trial report).",
            "Regular drinkers lowered their blood pressure by 10%.\u{b9} Green tea improves focus by 20%\u{b2}.",
            "Customers lost 8% of their body weight in a month.",
            "Our blend is made from three herbs.",
            "Green tea for calm mornings",
            "Hibiscus tea prevents heart disease.",
            "Gummies",
            "Product",
            "What customers say",
            "Sunrise Gummies",
            "Tasty and vegan. Our gummies reverse type 2 diabetes.",
            "References",
            "Lee K. Green tea cures cancer? A review. Journal of Teas. 2019.",
            "Contact",
            "Call us: our tonic heals arthritis.",
        ]
    );
}

#[test]
fn planted_findings_name_their_paragraph_and_column() {
    let s = |rule: &str, line, column, end, matched: &str| {
        (rule.to_string(), line, column, end, matched.to_string())
    };
    assert_eq!(
        check_json(FIXTURE),
        [
            s("editorial/medical-advice-disclaimer", 1, 1, 1, ""),
            s("us-fda-ftc/disease-claim", 3, 9, 21, "cures cancer"),
            s(
                "us-fda-ftc/implied-disease-claim",
                5,
                32,
                53,
                "cut their cholesterol"
            ),
            s(
                "us-fda-ftc/implied-disease-claim",
                6,
                18,
                46,
                "lowered their blood pressure"
            ),
            // Paragraphs 5 and 6 cite their figures (a link, a footnote, a superscript
            // number); paragraph 7 does not.
            s(
                "editorial/benefit-statistic-needs-citation",
                7,
                11,
                39,
                "lost 8% of their body weight"
            ),
            // A list item.
            s(
                "us-fda-ftc/disease-claim",
                10,
                14,
                36,
                "prevents heart disease"
            ),
            // A table cell: each cell paragraph is a paragraph of its own.
            s(
                "us-fda-ftc/disease-claim",
                15,
                30,
                53,
                "reverse type 2 diabetes"
            ),
            // After the References section, which ends at the next Heading 1; the tab before
            // "our" is one column.
            s("us-fda-ftc/disease-claim", 19, 20, 35, "heals arthritis"),
        ]
    );
}

#[test]
fn comments_and_tracked_deletions_are_not_checked() {
    let matched: Vec<String> = check_json(FIXTURE).into_iter().map(|f| f.4).collect();
    // The Word comment on paragraph 4 says "This tonic reverses dementia in weeks."; the
    // deleted text of paragraph 8 "It cures Alzheimer's disease and "; the source listed under
    // References "Green tea cures cancer?".
    for trap in ["dementia", "Alzheimer", "Green tea cures"] {
        assert!(
            !matched.iter().any(|m| m.contains(trap)),
            "{trap}: {matched:?}"
        );
    }
    assert_eq!(
        matched.iter().filter(|m| *m == "cures cancer").count(),
        1,
        "{matched:?}"
    );
}

#[test]
fn concise_and_human_name_the_paragraph() {
    let out = healthlint()
        .args(["check", "--isolated", "--format", "concise", FIXTURE])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("fixtures/supplement-brochure.docx:¶3:9: error[us-fda-ftc/disease-claim]"),
        "{out}"
    );
    assert!(out.contains("supplement-brochure.docx:¶15:30: "), "{out}");

    let out = healthlint()
        .args(["check", "--isolated", "--color", "never", FIXTURE])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("╭─[fixtures/supplement-brochure.docx:¶3:9]\n 2 │ Our teas\n 3 │ Our tea cures cancer.\n"),
        "{out}"
    );
    // The snippet of the last paragraph shows paragraphs only, the tab as a space.
    assert!(
        out.contains("╭─[fixtures/supplement-brochure.docx:¶19:20]\n 18 │ Contact\n 19 │ Call us: our tonic heals arthritis.\n"),
        "{out}"
    );
    assert!(!out.contains("20 │") && !out.contains('\u{1}'), "{out}");
}

/// A .docx whose body is `body` (WordprocessingML), with a hyperlink relationship `rId9`.
fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/trial" TargetMode="External"/></Relationships>"#;
    zip(&[
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", rels),
    ])
}

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        w.start_file(*name, options).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn links_footnotes_and_superscript_numbers_cite_a_figure() {
    let claim = "Users cut their weight by 15%";
    let run = |t: &str| format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    let body = [
        format!("<w:p>{}</w:p>", run(&format!("{claim}."))),
        format!(
            r#"<w:p>{}<w:hyperlink r:id="rId9">{}</w:hyperlink>{}</w:p>"#,
            run(&format!("{claim} in a ")),
            run("trial"),
            run(".")
        ),
        format!(
            r#"<w:p>{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r></w:p>"#,
            run(&format!("{claim}."))
        ),
        format!(
            r#"<w:p>{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>4</w:t></w:r>{}</w:p>"#,
            run(claim),
            run(".")
        ),
        format!(
            r#"<w:p>{}<w:hyperlink w:anchor="top">{}</w:hyperlink>{}</w:p>"#,
            run(&format!("{claim} (see ")),
            run("above"),
            run(").")
        ),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cited.docx"), docx(&body)).unwrap();
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "json", "cited.docx"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<u64> = findings(&out)
        .into_iter()
        .filter(|f| f.0 == "editorial/benefit-statistic-needs-citation")
        .map(|f| f.1)
        .collect();
    // Paragraph 1 cites nothing; 5 links to a bookmark of the same document.
    assert_eq!(lines, [1, 5]);
}

#[test]
fn files_that_are_not_word_documents_are_errors_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let random: Vec<u8> = (0..512u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.path().join("x.docx"), random).unwrap();
    std::fs::write(
        dir.path().join("empty.docx"),
        zip(&[("word/styles.xml", "<w:styles/>")]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.docx"),
        zip(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]),
    )
    .unwrap();
    std::fs::write(dir.path().join("good.md"), "Our tea cures cancer.\n").unwrap();
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "concise", "."])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stderr.contains("error: x.docx: not a Word document: not a zip archive"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: empty.docx: not a Word document: no word/document.xml in the archive"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: broken.docx: not a Word document: word/document.xml: "),
        "{stderr}"
    );
    assert!(
        stdout.contains("good.md:1:9: error[us-fda-ftc/disease-claim]"),
        "{stdout}"
    );
}
