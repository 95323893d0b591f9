//! Snapshots of every output format over every fixture: `human` without colour, `concise` and
//! `json`. Review changes with `cargo insta review`.

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
        for format in ["human", "concise", "json"] {
            insta::assert_snapshot!(format, run(format, &rel));
        }
    });
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
