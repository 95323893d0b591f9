//! The JSON Schema of `healthlint schema` against the loader: every built-in pack and the `init`
//! output validate, unknown keys are rejected, and the schema names exactly the keys the loader
//! accepts.

use healthlint::config::ConfigFile;
use healthlint::rules::builtin;
use healthlint::rules::spec::PackFile;
use serde_json::Value;
use std::collections::BTreeSet;

fn toml_to_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("valid TOML");
    serde_json::to_value(value).expect("TOML converts to JSON")
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema is a valid JSON Schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_built_in_pack_validates() {
    let schema = healthlint::schema::pack();
    assert!(builtin::PACKS.len() >= 7, "{} packs", builtin::PACKS.len());
    for (name, text) in builtin::PACKS {
        let problems = errors(&schema, &toml_to_json(text));
        assert!(problems.is_empty(), "builtin:{name}: {problems:#?}");
    }
}

#[test]
fn init_output_validates_with_and_without_its_commented_examples() {
    let schema = healthlint::schema::config();
    let starter = healthlint::init::starter();
    let problems = errors(&schema, &toml_to_json(&starter));
    assert!(problems.is_empty(), "{problems:#?}");
    // Every commented-out setting is a valid example too.
    let uncommented: String = starter
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") || rest.starts_with('[') => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(uncommented, starter, "init shows commented examples");
    let problems = errors(&schema, &toml_to_json(&uncommented));
    assert!(problems.is_empty(), "{uncommented}\n{problems:#?}");
    toml::from_str::<ConfigFile>(&uncommented).expect("the loader accepts the examples too");
}

#[test]
fn unknown_keys_and_bad_values_are_rejected() {
    let pack = healthlint::schema::pack();
    let base = "[pack]\nid = \"local\"\n\n[[rule]]\nid = \"x\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = [\"cures\"]\n";
    assert!(errors(&pack, &toml_to_json(base)).is_empty());
    for (bad, why) in [
        ("pattern = [\"typo\"]\n", "unknown rule key"),
        ("exempt = [\"sarcastic\"]\n", "unknown flag"),
        ("scope = \"chapter\"\n", "unknown scope"),
    ] {
        let text = format!("{base}{bad}");
        assert!(
            !errors(&pack, &toml_to_json(&text)).is_empty(),
            "{why} is accepted"
        );
    }
    let text = base.replace("severity = \"error\"", "severity = \"fatal\"");
    assert!(!errors(&pack, &toml_to_json(&text)).is_empty());
    let text = format!("{base}\n[pack2]\nid = \"y\"\n");
    assert!(!errors(&pack, &toml_to_json(&text)).is_empty());
    let config = healthlint::schema::config();
    assert!(!errors(&config, &toml_to_json("extend = [\"builtin:eu\"]\n")).is_empty());
}

/// The keys serde accepts for a table, read from its "unknown field" error.
fn accepted_keys(error: &str) -> BTreeSet<String> {
    let list = error
        .split("expected one of ")
        .nth(1)
        .or_else(|| error.split("expected ").nth(1))
        .unwrap_or_else(|| panic!("no key list in: {error}"));
    let list = list.lines().next().unwrap_or_default();
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn schema_keys(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .expect("an object schema")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn schema_keys_are_exactly_the_keys_the_loader_accepts() {
    let pack = healthlint::schema::pack();
    let rule_error = toml::from_str::<PackFile>(
        "[pack]\nid = \"p\"\n[[rule]]\nid = \"x\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\nzzz = 1\n",
    )
    .expect_err("unknown key")
    .to_string();
    assert_eq!(
        schema_keys(&pack["properties"]["rule"]["items"]),
        accepted_keys(&rule_error)
    );
    let pack_error = toml::from_str::<PackFile>("[pack]\nid = \"p\"\n[zzz]\n")
        .expect_err("unknown key")
        .to_string();
    assert_eq!(schema_keys(&pack), accepted_keys(&pack_error));
    let config_error = toml::from_str::<ConfigFile>("zzz = 1\n")
        .expect_err("unknown key")
        .to_string();
    assert_eq!(
        schema_keys(&healthlint::schema::config()),
        accepted_keys(&config_error)
    );
    let override_error = toml::from_str::<ConfigFile>("[[overrides]]\npaths = [\"a\"]\nzzz = 1\n")
        .expect_err("unknown key")
        .to_string();
    assert_eq!(
        schema_keys(&healthlint::schema::config()["properties"]["overrides"]["items"]),
        accepted_keys(&override_error)
    );
}
