//! Components and templates end to end: the copy of React, Vue, PHP and Liquid pages gives the
//! findings planted in it at their exact places, code gives none, directives work in each
//! syntax, shared footers count for the pages that show them, and formats follow extensions,
//! `[formats]` and `--stdin-filename`.

mod common;

use common::{healthlint, tree};
use serde_json::Value;

/// (rule, line, column, matched) of every diagnostic of a run.
type Place = (String, u64, u64, String);

fn run_json(cmd: &mut assert_cmd::Command) -> (Vec<Value>, i32, String) {
    let out = cmd.args(["--format", "json"]).output().expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (
        diagnostics,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn places_of(diagnostics: &[Value]) -> Vec<Place> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn places(path: &str) -> Vec<Place> {
    let (diagnostics, code, stderr) = run_json(healthlint().args(["check", "--isolated", path]));
    assert!(code <= 1, "{path}: exit {code}: {stderr}");
    places_of(&diagnostics)
}

fn place(rule: &str, line: u64, column: u64, matched: &str) -> Place {
    (rule.to_string(), line, column, matched.to_string())
}

const DISEASE: &str = "us-fda-ftc/disease-claim";
const SAFETY: &str = "us-fda-ftc/absolute-safety";
const ESTABLISHMENT: &str = "us-fda-ftc/establishment-claim";
const ADVICE: &str = "editorial/medical-advice-disclaimer";

#[test]
fn next_js_telehealth_page() {
    assert_eq!(
        places("fixtures/telehealth-semaglutide.tsx"),
        [
            // Copy in a data object (Next.js metadata) is prose.
            place(
                "editorial/compounded-drug-status",
                9,
                11,
                "Compounded Semaglutide"
            ),
            // An FAQ answer in an array of objects, mapped into JSX elsewhere.
            place(
                "us-rx-telehealth/compounded-sameness",
                22,
                43,
                "same active ingredient as Ozempic"
            ),
            // JSX text over two lines; `&mdash;` is decoded.
            place(ESTABLISHMENT, 47, 13, "Clinically proven"),
            place(
                "us-rx-telehealth/clinically-proven-compounded",
                47,
                13,
                "Clinically proven weight loss"
            ),
            place(
                "editorial/benefit-statistic-needs-citation",
                47,
                60,
                "lose up to 20% of their body weight"
            ),
            // An alt attribute of a component.
            place(SAFETY, 59, 52, "zero side effects"),
            // Not reported: the import path, `cn(...)` classes, the `href`, `console.log`,
            // commented-out JSX, the negated and question FAQ entries, and the line after a
            // `{/* healthlint-disable-next-line */}` directive.
        ]
    );
}

#[test]
fn supplement_component_with_a_data_object_of_copy() {
    assert_eq!(
        places("fixtures/supplement-product.jsx"),
        [
            // No medical-advice statement anywhere in the component's copy.
            place(ADVICE, 1, 1, ""),
            place(DISEASE, 14, 37, "reverses type 2 diabetes"),
            // `\u2011` is decoded to a hyphen; the column is that of the raw bytes.
            place(ESTABLISHMENT, 15, 25, "Doctor\u{2011}formulated"),
            place(SAFETY, 16, 26, "100% safe"),
            place(SAFETY, 16, 42, "no side effects"),
            // A string of inline HTML is read as HTML: the claim spans the `<strong>` tag.
            place(DISEASE, 21, 65, "cures insulin resistance"),
            // `\"` and `\u2014` inside the testimonial string.
            place("us-fda-ftc/miracle-cure", 25, 54, "miracle cure"),
        ]
    );
}

#[test]
fn vue_page() {
    assert_eq!(
        places("fixtures/wellness-page.vue"),
        [
            // A string array in `<script setup lang="ts">`.
            place(DISEASE, 16, 18, "relieve anxiety"),
            place(ESTABLISHMENT, 17, 16, "lab tested"),
            // Template text around a masked `{{ }}`.
            place(DISEASE, 30, 25, "treats insomnia"),
            // An alt attribute with `&rsquo;`.
            place(DISEASE, 33, 64, "prevents Alzheimer\u{2019}s disease"),
            // Not reported: the TypeScript union type, `console.info`, the style block, and the
            // quotation after an HTML-comment directive inside a nested `<template>`.
        ]
    );
}

#[test]
fn php_landing_page() {
    assert_eq!(
        places("fixtures/cbd-landing.php"),
        [
            place(ADVICE, 1, 1, ""),
            place(DISEASE, 18, 33, "treats arthritis"),
            place(DISEASE, 25, 35, "prevents Alzheimer\u{2019}s disease"),
            // An expired waiver is reported, and the finding it covered comes back.
            place(
                "healthlint/directive-expired",
                26,
                5,
                "<!-- healthlint-disable-next-line us-fda-ftc/disease-claim -- until 2020-01-01: old launch copy -->"
            ),
            place(DISEASE, 27, 20, "reverse type 2 diabetes"),
            // Not reported: PHP code and its comments, the head, the script, and the DSHEA
            // statement's "treat, cure, or prevent".
        ]
    );
}

#[test]
fn liquid_product_template() {
    assert_eq!(
        places("fixtures/product-template.liquid"),
        [
            place(ADVICE, 1, 1, ""),
            place(DISEASE, 9, 27, "reverses type 2 diabetes"),
            place(DISEASE, 10, 7, "heals eczema"),
            // Alt text after a masked `{{ }}`.
            place("us-fda-ftc/miracle-cure", 16, 65, "miracle cure"),
            place(
                "editorial/studies-show-needs-citation",
                17,
                6,
                "Studies show reishi boosts"
            ),
            place(
                "editorial/benefit-statistic-needs-citation",
                17,
                26,
                "boosts immunity by 300%"
            ),
            // Not reported: `{% comment %}`, `{% assign %}`, the tag test, the class names and
            // the `{% schema %}` JSON.
        ]
    );
}

#[test]
fn code_with_banned_words_outside_copy_is_silent() {
    assert_eq!(places("fixtures/code-only.tsx"), []);
}

#[test]
fn script_comment_directives_suppress_and_are_audited() {
    let dir = tree(&[(
        "page.jsx",
        "// healthlint-disable-next-line us-fda-ftc/disease-claim -- quoting the 2019 warning letter\n\
         const quote = \"Our hemp oil cures cancer and stops tumors.\";\n\
         const other = \"Our hemp oil heals eczema in a week.\";\n\
         /* healthlint-disable-next-line us-fda-ftc/miracle-cure */\n\
         const ok = <p>This content is not a substitute for professional medical advice.</p>;\n",
    )]);
    let (diagnostics, code, _) =
        run_json(
            healthlint()
                .current_dir(dir.path())
                .args(["check", "--isolated", "page.jsx"]),
        );
    assert_eq!(code, 1);
    let rules: Vec<(String, u64)> = places_of(&diagnostics)
        .into_iter()
        .map(|p| (p.0, p.1))
        .collect();
    assert_eq!(
        rules,
        [
            (DISEASE.to_string(), 3),
            ("healthlint/directive-unused".to_string(), 4),
            ("healthlint/directive-without-reason".to_string(), 4),
        ]
    );
}

const FOOTER_WITH_DSHEA: &str = r#"export default function Footer() {
  return (
    <footer>
      <p>
        These statements have not been evaluated by the Food and Drug Administration. This
        product is not intended to diagnose, treat, cure, or prevent any disease.
      </p>
      <p>Our tea cures cancer.</p>
    </footer>
  );
}
"#;

const PAGE: &str = r#"import Footer from "../components/Footer";

export default function Page() {
  return (
    <>
      <h1>Calm Blend</h1>
      <p>Ashwagandha and L-theanine for a calm, focused day.</p>
      <p>This content is not a substitute for professional medical advice.</p>
      <Footer />
    </>
  );
}
"#;

fn site(shared: bool) -> tempfile::TempDir {
    let config = format!(
        "[[overrides]]\npaths = [\"pages/**\"]\nprofile = \"marketing\"\nextends = [\"builtin:us-dshea\"]\n{}",
        if shared {
            "shared = [\"components/Footer.jsx\"]\n"
        } else {
            ""
        }
    );
    tree(&[
        ("healthlint.toml", &config),
        ("pages/calm.jsx", PAGE),
        ("components/Footer.jsx", FOOTER_WITH_DSHEA),
    ])
}

#[test]
fn a_shared_footer_counts_for_required_rules_of_the_pages_it_serves() {
    // Without the footer configured, the page lacks the DSHEA statement.
    let dir = site(false);
    let (diagnostics, code, stderr) = run_json(
        healthlint()
            .current_dir(dir.path())
            .args(["check", "pages"]),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        places_of(&diagnostics),
        [place("us-dshea/disclaimer", 1, 1, "")]
    );
    assert_eq!(diagnostics[0]["path"], "pages/calm.jsx");

    // With it, the page passes; the footer's own claim is never reported for the page.
    let dir = site(true);
    let (diagnostics, code, stderr) = run_json(
        healthlint()
            .current_dir(dir.path())
            .args(["check", "pages"]),
    );
    assert_eq!((code, places_of(&diagnostics)), (0, vec![]), "{stderr}");

    // Checked itself, the footer reports its claim, at its own bytes.
    let (diagnostics, _, _) = run_json(healthlint().current_dir(dir.path()).args([
        "check",
        "components/Footer.jsx",
        "pages",
    ]));
    let found: Vec<(String, String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "components/Footer.jsx".to_string(),
                "editorial/medical-advice-disclaimer".to_string(),
                1
            ),
            ("components/Footer.jsx".to_string(), DISEASE.to_string(), 8),
        ]
    );
}

#[test]
fn a_shared_file_that_does_not_exist_is_a_setup_error() {
    let dir = tree(&[
        (
            "healthlint.toml",
            "[[overrides]]\npaths = [\"pages/**\"]\nshared = [\"components/Footr.jsx\"]\n",
        ),
        ("pages/a.jsx", PAGE),
    ]);
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "pages"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read shared file `components/Footr.jsx`"),
        "{stderr}"
    );
}

#[test]
fn stdin_filename_picks_the_parser() {
    let text = "// Our tea heals eczema.\nconst b = \"Our tea heals\\u0020psoriasis.\";\n";
    let places = |name: &str| -> Vec<(u64, u64)> {
        let (diagnostics, _, _) = run_json(
            healthlint()
                .args(["check", "--isolated", "-", "--stdin-filename", name])
                .write_stdin(text),
        );
        diagnostics
            .iter()
            .filter(|d| d["rule"] == DISEASE)
            .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
            .collect()
    };
    // As TSX, the comment is code and the string's escape is a space.
    assert_eq!(places("page.tsx"), [(2, 20)]);
    // As Markdown, the comment is text and the escape is no space.
    assert_eq!(places("page.md"), [(1, 12)]);
}

#[test]
fn formats_can_be_switched_off_and_mapped() {
    let files = [
        ("a.jsx", "const a = <p>Our tea heals eczema.</p>;\n"),
        (
            "b.vue",
            "<template><p>Our tea heals eczema.</p></template>\n",
        ),
        ("c.tpl", "<p>{{ name }} heals eczema.</p>\n"),
        ("d.js", "export const x = 1;\n"),
    ];
    let paths = |config: &str| -> Vec<String> {
        let mut all = files.to_vec();
        all.push(("healthlint.toml", config));
        let dir = tree(&all);
        let (diagnostics, _, _) = run_json(healthlint().current_dir(dir.path()).arg("check"));
        let mut p: Vec<String> = diagnostics
            .iter()
            .filter(|d| d["rule"] == DISEASE)
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        p.dedup();
        p
    };
    assert_eq!(paths(""), ["a.jsx", "b.vue"]);
    assert_eq!(
        paths("[formats]\njsx = \"off\"\ntpl = \"liquid\"\n"),
        ["b.vue", "c.tpl"]
    );
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_the_rest_checked() {
    let dir = tree(&[
        (
            "broken.tsx",
            "const a = <p>Our tea heals eczema.</p>;\nconst b = {{{;\n",
        ),
        ("good.jsx", "const a = <p>Our tea heals eczema.</p>;\n"),
    ]);
    let (diagnostics, code, stderr) =
        run_json(
            healthlint()
                .current_dir(dir.path())
                .args(["check", "--isolated", "."]),
        );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("broken.tsx:2:12: cannot be parsed as tsx"),
        "{stderr}"
    );
    let paths: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["rule"] == DISEASE)
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    // The copy oxc recovered before the error is still checked, and so is the other file.
    assert_eq!(paths, ["broken.tsx", "good.jsx"]);
}

#[test]
fn copy_attributes_are_configurable() {
    let page = "const a = <Hero tagline=\"Heals eczema\" />;\n";
    let count = |config: &str| -> usize {
        let dir = tree(&[("page.jsx", page), ("healthlint.toml", config)]);
        let (diagnostics, _, _) = run_json(
            healthlint()
                .current_dir(dir.path())
                .args(["check", "page.jsx"]),
        );
        diagnostics.iter().filter(|d| d["rule"] == DISEASE).count()
    };
    // Two words in a prop that is not a copy attribute do not read as copy...
    assert_eq!(count(""), 0);
    // ...unless the prop is named a copy attribute.
    assert_eq!(count("copy-attributes = [\"alt\", \"tagline\"]\n"), 1);
}

#[test]
fn a_shared_footer_counts_for_conditional_rules_of_document_scope() {
    let page = "export default () => (\n  <main>\n    <h1>Compounded semaglutide from $149 a month.</h1>\n    <p>This content is not a substitute for professional medical advice.</p>\n  </main>\n);\n";
    let footer = "export const Footer = () => (\n  <footer>\n    <p>Compounded semaglutide is prepared by Belmont Pharmacy, a state-licensed 503A pharmacy.</p>\n  </footer>\n);\n";
    let rules = |shared: bool| -> Vec<Place> {
        let config = format!(
            "[[overrides]]\npaths = [\"app/**\"]\nprofile = \"marketing\"\n{}",
            if shared {
                "shared = [\"components/Footer.tsx\"]\n"
            } else {
                ""
            }
        );
        let dir = tree(&[
            ("healthlint.toml", &config),
            ("app/page.tsx", page),
            ("components/Footer.tsx", footer),
        ]);
        let (diagnostics, _, stderr) =
            run_json(healthlint().current_dir(dir.path()).args(["check", "app"]));
        assert!(stderr.is_empty(), "{stderr}");
        places_of(&diagnostics)
            .into_iter()
            .filter(|p| p.0 == "us-rx-telehealth/compounder-not-named")
            .collect()
    };
    // Without the footer, the page never names who compounds the drug.
    assert_eq!(
        rules(false),
        [place(
            "us-rx-telehealth/compounder-not-named",
            3,
            9,
            "Compounded semaglutide"
        )]
    );
    // With it, the footer names the pharmacy; its own mention is not reported for the page.
    assert_eq!(rules(true), []);
}
