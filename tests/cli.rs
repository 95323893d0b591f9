//! Command-line behaviour: exit codes, standard input, configuration, errors in packs and
//! configuration, unreadable inputs, output formats.

use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

mod common;
use common::{healthlint, tree};

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("output is JSON")
}

fn diagnostics(report: &Value) -> Vec<Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .clone()
}

/// (path, rule, line, column, matched) of every diagnostic.
fn places(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fixtures_fail_with_every_planted_violation_at_its_place() {
    let out = healthlint()
        .args(["check", "--isolated", "--format", "json", "fixtures/"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let found = places(&json_of(&out));
    let planted = [
        (
            "fixtures/bom-silver.md",
            "us-fda-ftc/disease-claim",
            3,
            18,
            "kills cancer cells",
        ),
        (
            "fixtures/bom-silver.md",
            "us-fda-ftc/disease-claim",
            3,
            41,
            "prevents COVID-19",
        ),
        (
            "fixtures/clinic-notes.txt",
            "us-fda-ftc/disease-claim",
            3,
            25,
            "prevents flu",
        ),
        (
            "fixtures/clinic-notes.txt",
            "us-fda-ftc/disease-claim",
            4,
            16,
            "treats depression",
        ),
        (
            "fixtures/clinic-notes.txt",
            "us-fda-ftc/absolute-safety",
            6,
            15,
            "completely safe",
        ),
        (
            "fixtures/crlf-windows.md",
            "us-fda-ftc/disease-claim",
            3,
            20,
            "treats arthritis",
        ),
        (
            "fixtures/crlf-windows.md",
            "us-fda-ftc/miracle-cure",
            6,
            9,
            "miracle cure",
        ),
        (
            "fixtures/curly-quotes.md",
            "us-fda-ftc/disease-claim",
            7,
            14,
            "reverses Alzheimer\u{2019}s disease",
        ),
        (
            "fixtures/curly-quotes.md",
            "us-fda-ftc/miracle-cure",
            10,
            22,
            "cure\u{2011}all",
        ),
        (
            "fixtures/line-break.md",
            "us-fda-ftc/establishment-claim",
            3,
            23,
            "are clinically proven to",
        ),
        (
            "fixtures/line-break.md",
            "us-fda-ftc/disease-claim",
            5,
            1,
            "prevents flu",
        ),
        (
            "fixtures/supplement-product.md",
            "us-fda-ftc/disease-claim",
            13,
            15,
            "cures type 2 diabetes",
        ),
        (
            "fixtures/supplement-product.md",
            "us-fda-ftc/establishment-claim",
            14,
            3,
            "Clinically proven",
        ),
        (
            "fixtures/supplement-product.md",
            "us-fda-ftc/absolute-safety",
            15,
            3,
            "100% safe",
        ),
        (
            "fixtures/supplement-product.md",
            "us-fda-ftc/absolute-safety",
            15,
            19,
            "no side effects",
        ),
        (
            "fixtures/supplement-product.md",
            "us-fda-ftc/miracle-cure",
            17,
            50,
            "miracle cure",
        ),
        (
            "fixtures/supplement-product.md",
            "editorial/medical-advice-disclaimer",
            6,
            1,
            "",
        ),
        (
            "fixtures/telehealth-glp1.md",
            "editorial/compounded-drug-status",
            8,
            5,
            "compounded semaglutide",
        ),
        (
            "fixtures/telehealth-glp1.md",
            "us-fda-ftc/establishment-claim",
            13,
            4,
            "Clinically proven",
        ),
        (
            "fixtures/telehealth-glp1.md",
            "editorial/benefit-statistic-needs-citation",
            13,
            45,
            "lose 15% of their body weight",
        ),
        (
            "fixtures/telehealth-glp1.md",
            "us-fda-ftc/absolute-safety",
            15,
            4,
            "Guaranteed results",
        ),
        (
            "fixtures/telehealth-glp1.md",
            "us-fda-ftc/absolute-safety",
            15,
            28,
            "zero side effects",
        ),
    ];
    for (path, rule, line, col, matched) in planted {
        let want = (
            path.to_string(),
            rule.to_string(),
            line,
            col,
            matched.to_string(),
        );
        assert!(found.contains(&want), "missing {want:?} in {found:#?}");
    }
}

#[test]
fn words_in_code_urls_comments_and_html_produce_nothing() {
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "fixtures/code-and-comments.md",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(diagnostics(&json_of(&out)), Vec::<Value>::new());
}

#[test]
fn json_output_has_exactly_the_documented_fields() {
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "fixtures/supplement-product.md",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let top: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["diagnostics", "summary", "version"]);
    assert_eq!(report["version"], 1);
    let mut fields: Vec<&str> = vec![
        "path",
        "rule",
        "kind",
        "severity",
        "message",
        "help",
        "source",
        "matched",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
    ];
    fields.sort_unstable();
    let source = std::fs::read_to_string("fixtures/supplement-product.md").unwrap();
    for d in diagnostics(&report) {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, fields);
        let (start, end) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&source[start..end], d["matched"].as_str().unwrap());
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(
            ["banned", "required", "conditional", "citation", "metadata"]
                .contains(&d["kind"].as_str().unwrap())
        );
    }
    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    let count = |sev: &str| {
        diagnostics(&report)
            .iter()
            .filter(|d| d["severity"] == sev)
            .count()
    };
    assert_eq!(summary["errors"], count("error") as u64);
    assert_eq!(summary["warnings"], count("warning") as u64);
    assert_eq!(summary["infos"], count("info") as u64);
}

#[test]
fn diagnostics_are_sorted_by_path_then_position() {
    let out = healthlint()
        .args(["check", "--isolated", "--format", "json", "fixtures/"])
        .output()
        .unwrap()
        .stdout;
    let keys: Vec<(String, u64)> = diagnostics(&json_of(&out))
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["byte_start"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn standard_input_is_checked_under_its_name() {
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "-",
            "--stdin-filename",
            "a.md",
            "--format",
            "concise",
        ])
        .write_stdin("This tea cures cancer.\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("a.md:1:10: error[us-fda-ftc/disease-claim]"),
        "{text}"
    );
}

#[test]
fn stdin_filename_picks_the_format() {
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "--stdin-filename",
            "notes.txt",
            "--format",
            "json",
        ])
        .write_stdin("`cures cancer` stays literal in plain text.\n")
        .output()
        .unwrap();
    let report = json_of(&out.stdout);
    assert_eq!(
        places(&report)[1].1,
        "us-fda-ftc/disease-claim",
        "{report:#}"
    );
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "--stdin-filename",
            "notes.md",
            "--format",
            "json",
        ])
        .write_stdin("`cures cancer` is inline code in Markdown.\n")
        .output()
        .unwrap();
    assert!(
        places(&json_of(&out.stdout))
            .iter()
            .all(|p| p.1 != "us-fda-ftc/disease-claim")
    );
}

#[test]
fn built_in_packs_apply_without_configuration() {
    let dir = tree(&[("page.md", "Our drops cure diabetes.\n")]);
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "."])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("page.md:1:11: error[us-fda-ftc/disease-claim]"),
        "{text}"
    );
    assert!(
        text.ends_with("Checked 1 file: 1 error, 1 warning.\n"),
        "{text}"
    );
}

#[test]
fn missing_path_is_reported_and_the_rest_still_checked() {
    let dir = tree(&[
        ("good.md", "It cures cancer.\n"),
        ("other.md", "Fine text. For informational purposes only.\n"),
    ]);
    let assert = healthlint()
        .current_dir(dir.path())
        .args([
            "check", "--format", "concise", "good.md", "nope.md", "other.md",
        ])
        .assert()
        .code(2);
    let out = assert.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("good.md:1:4: error[us-fda-ftc/disease-claim]"),
        "{stdout}"
    );
    assert!(stdout.contains("Checked 2 files"), "{stdout}");
    assert!(
        stderr.contains("error: nope.md: no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_is_decoded_lossily_reported_and_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.md"),
        b"Ok \xff text.\nIt cures cancer.\n",
    )
    .unwrap();
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "bad.md"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("bad.md:2:4: error[us-fda-ftc/disease-claim]"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: bad.md:1:4: not valid UTF-8"));
}

#[test]
fn fail_on_warning_fails_on_warnings() {
    let dir = tree(&[(
        "w.md",
        "Completely safe. For informational purposes only.\n",
    )]);
    healthlint()
        .current_dir(dir.path())
        .args(["check", "w.md"])
        .assert()
        .code(0);
    healthlint()
        .current_dir(dir.path())
        .args(["check", "--fail-on", "warning", "w.md"])
        .assert()
        .code(1);
}

#[test]
fn human_output_underlines_and_says_what_to_write() {
    let out = healthlint()
        .args(["check", "--isolated", "fixtures/line-break.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[fixtures/line-break.md:3:23]"), "{text}");
    assert!(text.contains("help: Say what the evidence is"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when piped: {text}");
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "--color",
            "always",
            "fixtures/line-break.md",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn quiet_leaves_out_the_summary() {
    let out = healthlint()
        .args([
            "check",
            "--isolated",
            "--quiet",
            "--format",
            "concise",
            "fixtures/careful-explainer.md",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), "");
}

// ----- rule packs and configuration -----

const RULE: &str =
    "[[rule]]\nid = \"r\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\n";

fn with_pack(pack: &str) -> TempDir {
    tree(&[
        ("healthlint.toml", "extends = [\"house.toml\"]\n"),
        ("house.toml", pack),
        ("a.md", "It cures cancer.\n"),
    ])
}

fn setup_error(dir: &Path) -> String {
    let out = healthlint()
        .current_dir(dir)
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty(), "nothing is checked");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn pack_with_invalid_regex_names_its_place() {
    let dir = with_pack(&format!(
        "[pack]\nid = \"house\"\n\n{RULE}patterns = [\"cures (cancer\"]\n"
    ));
    let err = setup_error(dir.path());
    assert!(err.contains("house.toml:9:20"), "{err}");
    assert!(
        err.contains("invalid regular expression: unclosed group"),
        "{err}"
    );
}

#[test]
fn pack_with_unknown_key_names_its_place() {
    let dir = with_pack(&format!(
        "[pack]\nid = \"house\"\n\n{RULE}phrases = [\"x\"]\nexemptions = []\n"
    ));
    let err = setup_error(dir.path());
    assert!(err.contains("house.toml:10:1"), "{err}");
    assert!(err.contains("unknown field `exemptions`"), "{err}");
}

#[test]
fn pack_with_unknown_vocab_names_its_place() {
    let dir = with_pack(&format!(
        "[pack]\nid = \"house\"\n\n{RULE}patterns = [\"{{cure}} {{ilness}}\"]\n"
    ));
    let err = setup_error(dir.path());
    assert!(err.contains("house.toml:9:21"), "{err}");
    assert!(err.contains("unknown vocabulary `{ilness}`"), "{err}");
}

#[test]
fn pack_with_duplicate_id_names_its_place() {
    let rule = format!("{RULE}phrases = [\"x\"]\n");
    let dir = with_pack(&format!("[pack]\nid = \"house\"\n\n{rule}\n{rule}"));
    let err = setup_error(dir.path());
    assert!(err.contains("house.toml:12:6"), "{err}");
    assert!(err.contains("duplicate rule id `r`"), "{err}");
}

#[test]
fn pack_with_unknown_kind_names_its_place() {
    let dir = with_pack("[pack]\nid = \"house\"\n\n[[rule]]\nid = \"r\"\nkind = \"forbidden\"\n");
    let err = setup_error(dir.path());
    assert!(err.contains("house.toml:6:8"), "{err}");
    assert!(err.contains("unknown variant `forbidden`"), "{err}");
}

#[test]
fn config_with_unknown_pack_or_rule_names_its_place() {
    let dir = tree(&[
        ("healthlint.toml", "extends = [\"builtin:us-fda-ftcc\"]\n"),
        ("a.md", "x\n"),
    ]);
    let err = setup_error(dir.path());
    assert!(err.contains("healthlint.toml:1:12"), "{err}");
    assert!(
        err.contains("unknown built-in pack `builtin:us-fda-ftcc`"),
        "{err}"
    );
    let dir = tree(&[
        (
            "healthlint.toml",
            "[rules]\n\"us-fda-ftc/disease-claims\" = \"off\"\n",
        ),
        ("a.md", "x\n"),
    ]);
    let err = setup_error(dir.path());
    assert!(err.contains("healthlint.toml:2:1"), "{err}");
    assert!(
        err.contains("did you mean `us-fda-ftc/disease-claim`?"),
        "{err}"
    );
    let dir = tree(&[
        ("healthlint.toml", "exclude = [\"x\"]\nincldue = [\"y\"]\n"),
        ("a.md", "x\n"),
    ]);
    let err = setup_error(dir.path());
    assert!(
        err.contains("healthlint.toml:2:1") && err.contains("unknown field `incldue`"),
        "{err}"
    );
}

#[test]
fn configuration_is_found_walking_up_and_severities_apply() {
    let dir = tree(&[
        (
            "healthlint.toml",
            "[rules]\n\"us-fda-ftc/disease-claim\" = \"warning\"\n\"editorial/medical-*\" = \"off\"\n",
        ),
        ("content/deep/a.md", "It cures cancer.\n"),
    ]);
    let out = healthlint()
        .current_dir(dir.path().join("content/deep"))
        .args(["check", "--format", "concise", "a.md"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "a.md:1:4: warning[us-fda-ftc/disease-claim] Claims that a product cures, treats, mitigates or prevents a disease are drug claims.\n\
         Checked 1 file: 0 errors, 1 warning.\n"
    );
    healthlint()
        .current_dir(dir.path().join("content/deep"))
        .args(["check", "--isolated", "a.md"])
        .assert()
        .code(1);
}

#[test]
fn explicit_config_extends_local_packs_and_filters_paths() {
    let dir = tree(&[
        (
            "cfg/lint.toml",
            "extends = [\"house.toml\"]\ninclude = [\"content/**/*.md\"]\nexclude = [\"content/drafts/**\"]\n",
        ),
        (
            "cfg/house.toml",
            &format!("[pack]\nid = \"house\"\n\n{RULE}phrases = [\"superfood\"]\n"),
        ),
        ("cfg/content/a.md", "A superfood that cures cancer.\n"),
        ("cfg/content/drafts/b.md", "Another superfood.\n"),
        ("cfg/content/c.txt", "A superfood in text.\n"),
    ]);
    let out = healthlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--config",
            "cfg/lint.toml",
            "--format",
            "concise",
            "cfg",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "cfg/content/a.md:1:3: error[house/r] m\nChecked 1 file: 1 error, 0 warnings.\n"
    );
}

#[test]
fn bad_arguments_exit_2() {
    healthlint()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

// ----- why -----

fn why(args: &[&str]) -> String {
    let out = healthlint()
        .args(["why", "--isolated"])
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn why_shows_a_claim_that_fires() {
    let text = why(&["Cerebrolysin is a proven dementia treatment."]);
    assert!(
        text.contains("us-fda-ftc/disease-claim (banned, error): reported"),
        "{text}"
    );
    assert!(
        text.contains("patterns matched \"proven dementia treatment\""),
        "{text}"
    );
    assert!(text.contains("context: no flag"), "{text}");
    assert!(
        text.contains("=> fires: no listed flag exempts it"),
        "{text}"
    );
    assert!(
        text.contains("1:19: error[us-fda-ftc/disease-claim]"),
        "{text}"
    );
}

#[test]
fn why_shows_the_flag_that_exempts() {
    let text = why(&["It is not a proven dementia treatment."]);
    assert!(
        text.contains("us-fda-ftc/disease-claim (banned, error): not reported"),
        "{text}"
    );
    assert!(
        text.contains("negated: pre-negation \"not\" before it in the same clause"),
        "{text}"
    );
    assert!(text.contains("=> exempted by `negated`"), "{text}");
    let text = why(&["Is Cerebrolysin a dementia treatment?"]);
    assert!(
        text.contains("question: the sentence is a yes/no or information question"),
        "{text}"
    );
}

#[test]
fn why_shows_flags_that_do_not_exempt_in_marketing() {
    let text = why(&[
        "--profile",
        "marketing",
        "Vendors claim the tea cures cancer.",
    ]);
    assert!(text.contains("profile: marketing"), "{text}");
    assert!(
        text.contains("attributed: reported speech \"Vendors claim\" (does not exempt: `attributed` exempts only in the editorial profile"),
        "{text}"
    );
    assert!(text.contains("=> fires"), "{text}");
    let text = why(&["How can colloidal silver help fight COVID-19?"]);
    assert!(
        text.contains("does not exempt: it presupposes the claim"),
        "{text}"
    );
}

#[test]
fn why_explains_citations_and_conditionals() {
    let text = why(&["Studies show magnesium eases migraines [1]."]);
    assert!(
        text.contains("editorial/studies-show-needs-citation (citation, warning): not reported"),
        "{text}"
    );
    assert!(
        text.contains("citation marker found in the sentence: bracket-number \"[1]\""),
        "{text}"
    );
    let text = why(&["BPC-157 heals tendons."]);
    assert!(
        text.contains("editorial/unapproved-substance-status (conditional, warning): reported"),
        "{text}"
    );
    assert!(
        text.contains("no required statement in the document"),
        "{text}"
    );
}

#[test]
fn why_reads_standard_input() {
    let out = healthlint()
        .args(["why", "--isolated", "-"])
        .write_stdin("Our tea cures cancer.\n")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("patterns matched \"cures cancer\""), "{text}");
}

#[test]
fn dshea_disclaimer_near_miss_names_each_difference() {
    let page = "---\nprofile: marketing\n---\nSupports immune health.*\n\n*These statements have not been approved by the FDA. This product is not intended to diagnose, treat, cure, or prevent disease.\n";
    let exact = "---\nprofile: marketing\n---\nSupports immune health.*\n\n*These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure, or prevent any disease.\n";
    let dir = tree(&[
        ("healthlint.toml", "extends = [\"builtin:us-dshea\"]\n"),
        ("near.md", page),
        ("exact.md", exact),
        (
            "article.md",
            "Magnesium supports muscle function, the NIH says.\n",
        ),
    ]);
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["path"], "near.md");
    assert_eq!(d["rule"], "us-dshea/disclaimer");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(6), Some(2))
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains(
            "\"approved\" instead of \"evaluated\"; \"FDA\" instead of \"Food and Drug Administration\"; missing \"any\""
        ),
        "{message}"
    );
}
