//! CI output formats read the way their consumers read them: SARIF against the 2.1.0 schema,
//! JUnit and Checkstyle as XML, GitHub workflow commands with their escaping, GitLab Code
//! Quality as a JSON array. Each is checked against the `json` format's diagnostics.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use tempfile::TempDir;

mod common;
use common::healthlint;

/// The output of `check --isolated --format FORMAT fixtures/`.
fn fixtures(format: &str) -> String {
    let out = healthlint()
        .args(["check", "--isolated", "--format", format, "fixtures/"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// A diagnostic of the `json` format: (path, rule, line, column, end line, end column).
type Place = (String, String, u64, u64, u64, u64);

fn json_places(json: &str) -> Vec<Place> {
    let report: Value = serde_json::from_str(json).expect("JSON");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

/// A folder with a rule pack whose texts hold characters every format must escape, a
/// configuration using only that pack, and a page that breaks the rule twice.
fn awkward_tree() -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let files = [
        ("healthlint.toml", "extends = [\"pack.toml\"]\n"),
        (
            "pack.toml",
            r#"[pack]
id = "odd"
description = "Texts that need escaping"

[[rule]]
id = "miracle"
kind = "banned"
severity = "warning"
phrases = ["miracle cure"]
message = "100% <wrong>: \"miracle\" & cure, again"
help = "Line one: say less,\nline two."
source = "Rule 1, §2"
url = "https://example.org/rules?id=miracle&x=1"
"#,
        ),
        (
            "a,b:c%.md",
            "# Our offer\n\nA miracle cure for everyone.\n\nAnother miracle cure.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write file");
    }
    dir
}

fn awkward(format: &str) -> String {
    let dir = awkward_tree();
    let out = healthlint()
        .current_dir(dir.path())
        .args(["check", "--format", format, "a,b:c%.md"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("UTF-8 output")
}

// SARIF

#[test]
fn sarif_validates_against_the_schema_and_matches_the_diagnostics() {
    let schema: Value = serde_json::from_str(include_str!("sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let log: Value = serde_json::from_str(&fixtures("sarif")).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken), "the validator checks results");

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "healthlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let ids: HashSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rules.len(), "rule ids are unique");

    let results = run["results"].as_array().expect("results");
    let mut places = Vec::new();
    let mut fingerprints = HashSet::new();
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule);
        let fingerprint = r["partialFingerprints"]["healthlint/v1"].as_str().unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint}"
        );
        let loc = &r["locations"][0]["physicalLocation"];
        let region = &loc["region"];
        places.push((
            loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
            rule.to_string(),
            region["startLine"].as_u64().unwrap(),
            region["startColumn"].as_u64().unwrap(),
            region["endLine"].as_u64().unwrap(),
            region["endColumn"].as_u64().unwrap(),
        ));
    }
    assert_eq!(sorted(places), sorted(json_places(&fixtures("json"))));

    // A known diagnostic: the BOM is not counted, and the level follows the severity.
    let known = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "fixtures/bom-silver.md"
                && r["locations"][0]["physicalLocation"]["region"]["startColumn"] == 18
        })
        .expect("the planted claim in bom-silver.md");
    assert_eq!(known["ruleId"], "us-fda-ftc/disease-claim");
    assert_eq!(known["level"], "error");
    let region = &known["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&Value::from(3), &Value::from(3), &Value::from(36))
    );
    let fingerprint = known["partialFingerprints"]["healthlint/v1"]
        .as_str()
        .unwrap();
    assert!(
        fingerprint.len() >= 16 && fingerprint[..16].chars().all(|c| c.is_ascii_hexdigit()),
        "{fingerprint}"
    );
    let rule = &rules[known["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(
        rule["shortDescription"]["text"], known["message"]["text"],
        "the rule's message is its short description"
    );
    assert!(rule["fullDescription"]["text"].as_str().unwrap().len() > 20);
    assert!(
        rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains("21 CFR 101.93(g)"),
        "help carries the source"
    );
}

#[test]
fn sarif_escapes_uris_and_describes_custom_rules() {
    let log: Value = serde_json::from_str(&awkward("sarif")).expect("JSON");
    let run = &log["runs"][0];
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "odd/miracle");
    assert_eq!(rule["helpUri"], "https://example.org/rules?id=miracle&x=1");
    assert_eq!(
        rule["help"]["text"],
        "Line one: say less,\nline two.\n\nSource: Rule 1, §2"
    );
    assert_eq!(
        rule["fullDescription"], rule["shortDescription"],
        "without a rationale the message is the full description"
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a%2Cb%3Ac%25.md"
    );
}

// JUnit and Checkstyle

/// An element's attributes, normalised and unescaped as an XML 1.0 parser does.
fn attributes(e: &BytesStart<'_>) -> HashMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
            let value = a
                .normalized_value(XmlVersion::Explicit1_0)
                .expect("valid escapes")
                .into_owned();
            (key, value)
        })
        .collect()
}

/// An element of an XML document, with its text and its parent's attributes.
struct Element {
    name: String,
    attrs: HashMap<String, String>,
    text: String,
    parent: Option<HashMap<String, String>>,
}

/// Every element of an XML document in document order; panics unless it is well formed.
fn elements(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut open: Vec<usize> = Vec::new();
    let mut all: Vec<Element> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let parent = open.last().map(|&i| all[i].attrs.clone());
                all.push(Element {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    attrs: attributes(e),
                    text: String::new(),
                    parent,
                });
                if matches!(event, Event::Start(_)) {
                    open.push(all.len() - 1);
                }
            }
            Event::End(_) => {
                open.pop().expect("balanced tags");
            }
            Event::Text(t) => {
                let text = t.xml10_content().expect("UTF-8");
                if let Some(&i) = open.last() {
                    all[i].text.push_str(&text);
                } else {
                    assert!(text.trim().is_empty(), "text outside the root: {text}");
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("valid reference") {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().expect("UTF-8");
                        resolve_predefined_entity(&name)
                            .expect("a predefined entity")
                            .to_string()
                    }
                };
                let i = *open.last().expect("a reference inside an element");
                all[i].text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "every element is closed");
    all
}

#[test]
fn junit_has_a_failing_test_case_per_diagnostic() {
    let xml = fixtures("junit");
    let elements = elements(&xml);
    let failures: Vec<&Element> = elements.iter().filter(|e| e.name == "failure").collect();
    let places = json_places(&fixtures("json"));
    assert_eq!(failures.len(), places.len());
    let suites: Vec<&Element> = elements.iter().filter(|e| e.name == "testsuite").collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attrs["name"], "healthlint");
    assert_eq!(suites[0].attrs["failures"], places.len().to_string());
    let mut found = Vec::new();
    for f in failures {
        let case = f.parent.as_ref().expect("inside a test case");
        let path = &case["classname"];
        let (rule, _) = f.attrs["message"].split_once(": ").expect("rule: message");
        let first = f.text.lines().next().unwrap();
        let at = first
            .strip_prefix(&format!("{path}:"))
            .expect("the text starts with path:line:col");
        let mut parts = at.splitn(3, ':');
        let line: u64 = parts.next().unwrap().parse().unwrap();
        let column: u64 = parts.next().unwrap().parse().unwrap();
        assert_eq!(case["name"], format!("{rule} ({line}:{column})"));
        found.push((path.clone(), rule.to_string(), line, column));
    }
    let expected: Vec<_> = places
        .into_iter()
        .map(|(p, r, l, c, _, _)| (p, r, l, c))
        .collect();
    assert_eq!(sorted(found), sorted(expected));
}

#[test]
fn checkstyle_has_an_error_per_diagnostic() {
    let xml = fixtures("checkstyle");
    let elements = elements(&xml);
    assert_eq!(elements[0].name, "checkstyle");
    assert_eq!(elements[0].attrs["version"], "4.3");
    let mut found = Vec::new();
    for e in elements.iter().filter(|e| e.name == "error") {
        let file = e.parent.as_ref().expect("inside a file");
        let rule = e.attrs["source"]
            .strip_prefix("healthlint.")
            .expect("source is healthlint.RULE");
        assert!(["error", "warning", "info"].contains(&e.attrs["severity"].as_str()));
        assert!(!e.attrs["message"].is_empty());
        found.push((
            file["name"].clone(),
            rule.to_string(),
            e.attrs["line"].parse::<u64>().unwrap(),
            e.attrs["column"].parse::<u64>().unwrap(),
        ));
    }
    let expected: Vec<_> = json_places(&fixtures("json"))
        .into_iter()
        .map(|(p, r, l, c, _, _)| (p, r, l, c))
        .collect();
    assert_eq!(sorted(found), sorted(expected));
}

#[test]
fn xml_formats_escape_markup_in_messages_and_paths() {
    let message = "100% <wrong>: \"miracle\" & cure, again";
    let junit = elements(&awkward("junit"));
    let failures: Vec<&Element> = junit.iter().filter(|e| e.name == "failure").collect();
    assert_eq!(failures.len(), 2);
    assert_eq!(
        failures[0].attrs["message"],
        format!("odd/miracle: {message}")
    );
    assert_eq!(
        failures[0].parent.as_ref().unwrap()["classname"],
        "a,b:c%.md"
    );
    assert!(
        failures[0]
            .text
            .contains("help: Line one: say less,\nline two."),
        "{}",
        failures[0].text
    );

    let checkstyle = elements(&awkward("checkstyle"));
    let errors: Vec<&Element> = checkstyle.iter().filter(|e| e.name == "error").collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].attrs["message"], message);
    assert_eq!(errors[0].attrs["line"], "3");
    assert_eq!(errors[1].attrs["line"], "5");
    assert_eq!(errors[0].parent.as_ref().unwrap()["name"], "a,b:c%.md");
}

// GitHub

#[test]
fn github_commands_escape_data_and_properties() {
    let out = awkward("github");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=a%2Cb%3Ac%25.md,line=3,col=3,endLine=3,endColumn=15,\
             title=odd/miracle::100%25 <wrong>: \"miracle\" & cure, again%0A\
             Line one: say less,%0Aline two.",
            "::warning file=a%2Cb%3Ac%25.md,line=5,col=9,endLine=5,endColumn=21,\
             title=odd/miracle::100%25 <wrong>: \"miracle\" & cure, again%0A\
             Line one: say less,%0Aline two.",
            "Checked 1 file: 0 errors, 2 warnings.",
        ]
    );
}

#[test]
fn github_has_a_command_per_diagnostic_and_quiet_drops_the_summary() {
    let out = fixtures("github");
    let commands = out.lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(commands, json_places(&fixtures("json")).len());
    assert!(out.lines().last().unwrap().starts_with("Checked "));
    let quiet = healthlint()
        .args(["check", "--isolated", "--quiet", "--format", "github"])
        .arg("fixtures/bom-silver.md")
        .output()
        .unwrap();
    let quiet = String::from_utf8(quiet.stdout).unwrap();
    assert!(
        quiet
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );
}

// GitLab

#[test]
fn gitlab_is_an_array_of_issues_with_unique_fingerprints() {
    let issues: Value = serde_json::from_str(&fixtures("gitlab")).expect("JSON");
    let issues = issues.as_array().expect("an array");
    let places = json_places(&fixtures("json"));
    assert_eq!(issues.len(), places.len());
    let mut fingerprints = HashSet::new();
    let mut found = Vec::new();
    for i in issues {
        assert!(i["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        let fingerprint = i["fingerprint"].as_str().unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_string()),
            "{fingerprint}"
        );
        found.push((
            i["location"]["path"].as_str().unwrap().to_string(),
            i["check_name"].as_str().unwrap().to_string(),
            i["location"]["lines"]["begin"].as_u64().unwrap(),
        ));
    }
    let expected: Vec<_> = places.into_iter().map(|(p, r, l, ..)| (p, r, l)).collect();
    assert_eq!(sorted(found), sorted(expected));
}

#[test]
fn gitlab_is_an_empty_array_for_clean_files() {
    let out = healthlint()
        .args(["check", "--isolated", "--format", "gitlab"])
        .arg("fixtures/careful-explainer.md")
        .output()
        .unwrap();
    let issues: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(issues, Value::Array(Vec::new()));
}
