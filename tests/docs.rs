//! `docs/rules.md` is generated from the built-in packs; this test fails when it is stale.
//! Regenerate with `cargo run -- rules --all --format markdown > docs/rules.md`.

use assert_cmd::Command;

#[test]
fn rules_reference_is_up_to_date() {
    let output = Command::cargo_bin("healthlint")
        .expect("binary is built")
        .args(["rules", "--all", "--format", "markdown", "--isolated"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let generated = String::from_utf8(output).expect("UTF-8 output");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules --all --format markdown > docs/rules.md`"
    );
    for (name, _) in healthlint::rules::builtin::PACKS {
        assert!(
            committed.contains(&format!("## `{name}`")),
            "{name} is missing"
        );
    }
}
