//! Snapshots of every output format over every fixture: `human` without colour, `concise`,
//! `json`, `sarif`, `github`, `junit`, `checkstyle` and `gitlab`. Review changes with
//! `cargo insta review`.

use assert_cmd::Command;

fn run(format: &str, path: &str) -> String {
    let out = Command::cargo_bin("healthlint")
        .expect("binary is built")
        .env_remove("NO_COLOR")
        .args([
            "check",
            "--isolated",
            "--color",
            "never",
            "--format",
            format,
            path,
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn every_format_over_every_fixture() {
    insta::glob!("../fixtures", "*.*", |path| {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .expect("fixture inside the crate")
            .to_string_lossy()
            .replace('\\', "/");
        for format in [
            "human",
            "concise",
            "json",
            "github",
            "junit",
            "checkstyle",
            "gitlab",
        ] {
            insta::assert_snapshot!(format, run(format, &rel));
        }
        insta::assert_snapshot!("sarif", sarif_results(&run("sarif", &rel)));
    });
}

/// A SARIF log without what changes with every release or rule edit: the tool's version and
/// the descriptions of the built-in rules (`sarif_with_a_custom_pack` shows those).
fn sarif_results(log: &str) -> String {
    let mut log: serde_json::Value = serde_json::from_str(log).expect("SARIF is JSON");
    let driver = &mut log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    driver["version"] = "[version]".into();
    driver["rules"] = "[the rules in use]".into();
    serde_json::to_string_pretty(&log).expect("serialises")
}

/// The whole SARIF log of a run with a pack of its own: one rule with every field a rule
/// description can have, one with only a message.
#[test]
fn sarif_with_a_custom_pack() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let files = [
        ("healthlint.toml", "extends = [\"pack.toml\"]\n"),
        (
            "pack.toml",
            r#"[pack]
id = "house"
description = "A house style"

[[rule]]
id = "miracle"
kind = "banned"
severity = "error"
phrases = ["miracle cure"]
message = "Do not call a product a miracle cure."
help = "Describe the benefit that was shown."
rationale = "No product cures everything; the phrase is a classic of health fraud."
source = "House style 4.2"
url = "https://example.org/style#miracle"

[[rule]]
id = "superfood"
kind = "banned"
severity = "info"
phrases = ["superfood"]
message = "\"Superfood\" has no agreed meaning."
"#,
        ),
        (
            "caf\u{e9} page.md",
            "# Offer\n\nOur caf\u{e9} superfood is a miracle cure.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write file");
    }
    let out = Command::cargo_bin("healthlint")
        .expect("binary is built")
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "caf\u{e9} page.md"])
        .output()
        .expect("runs");
    let mut log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    log["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    insta::assert_snapshot!(serde_json::to_string_pretty(&log).expect("serialises"));
}

#[test]
fn conditional_rules_at_every_scope() {
    let out = Command::cargo_bin("healthlint")
        .expect("binary is built")
        .args([
            "check",
            "--config",
            "tests/data/scopes.toml",
            "--format",
            "concise",
            "fixtures/status-by-section.md",
        ])
        .output()
        .expect("runs");
    insta::assert_snapshot!(String::from_utf8(out.stdout).expect("UTF-8 output"));
}
