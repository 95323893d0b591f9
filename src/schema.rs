//! `healthlint schema`: the JSON Schema of rule packs and of `healthlint.toml`, for editor
//! completion and validation (Taplo, VS Code Even Better TOML). Enumerations come from the
//! code, so the schema cannot drift from what the loader accepts; a test checks the keys.

use crate::rules::spec::{Flag, KindName, Level, MarkerName, Placement, Profile, Scope};
use serde_json::{Value, json};

fn names(all: &[impl std::fmt::Display]) -> Value {
    Value::from(all.iter().map(|v| v.to_string()).collect::<Vec<_>>())
}

fn strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn severity() -> Value {
    let level = json!({ "enum": names(Level::ALL) });
    json!({
        "description": "\"error\", \"warning\", \"info\" or \"off\", or a table of severities per profile",
        "oneOf": [
            level.clone(),
            {
                "type": "object",
                "properties": { "marketing": level.clone(), "editorial": level },
                "required": ["marketing", "editorial"],
                "additionalProperties": false
            }
        ]
    })
}

/// Cue list names of a `[context]` table.
pub const CUE_LISTS: &[&str] = &[
    "pre-negation",
    "post-negation",
    "pseudo-negation",
    "claim-negation",
    "termination",
    "subordinator",
    "attribution",
    "reporting",
    "agent",
    "hedge",
    "question-start",
    "presupposing-question",
    "disclaimer",
    "care",
    "care-modifier",
    "seller-voice",
    "hypothetical",
    "care-suffix",
    "imperative",
    "institution",
];

/// The schema of a rule pack.
pub fn pack() -> Value {
    let cues: serde_json::Map<String, Value> = CUE_LISTS
        .iter()
        .map(|n| (n.to_string(), strings("cue phrases")))
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "healthlint rule pack",
        "type": "object",
        "required": ["pack"],
        "additionalProperties": false,
        "properties": {
            "pack": {
                "type": "object",
                "required": ["id"],
                "additionalProperties": false,
                "properties": {
                    "id": { "type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$", "description": "Pack id: the first half of every rule id" },
                    "description": { "type": "string" },
                    "version": { "type": "string" }
                }
            },
            "vocab": {
                "type": "object",
                "description": "Named lists of alternatives, used as {name} in patterns",
                "additionalProperties": { "type": "array", "items": { "type": "string" }, "minItems": 1 }
            },
            "context": {
                "type": "object",
                "description": "Cue phrases this pack adds to the context analysis",
                "additionalProperties": false,
                "properties": cues
            },
            "rule": { "type": "array", "items": rule() }
        }
    })
}

fn rule() -> Value {
    json!({
        "type": "object",
        "required": ["id", "kind", "severity", "message"],
        "additionalProperties": false,
        "properties": {
            "id": { "type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$" },
            "kind": { "enum": names(KindName::ALL) },
            "severity": severity(),
            "message": { "type": "string", "description": "What is wrong, in one sentence" },
            "help": { "type": "string", "description": "What to write instead" },
            "rationale": { "type": "string", "description": "Why the rule exists" },
            "source": { "type": "string", "description": "The regulation or guidance behind the rule" },
            "url": { "type": "string" },
            "patterns": strings("banned: regular expressions with {vocab} names"),
            "phrases": strings("banned, required: plain phrases"),
            "exempt": { "type": "array", "items": { "enum": names(Flag::ALL) }, "description": "Context flags that exempt a match" },
            "any": strings("required: patterns of which one must appear"),
            "placement": { "enum": names(Placement::ALL) },
            "within": { "type": "integer", "minimum": 1, "description": "required: paragraphs from the start or end" },
            "exact": { "type": "boolean", "description": "required: statutory wording; near misses get a word diff" },
            "when": strings("conditional: mentions that make the statement required"),
            "require": strings("conditional: statements of which one must appear in scope"),
            "forbid": strings("conditional: statements that must not appear in scope"),
            "scope": { "enum": names(Scope::ALL) },
            "claims": strings("citation: claims that need a citation"),
            "markers": { "type": "array", "items": { "enum": names(MarkerName::ALL) } },
            "marker_patterns": strings("citation: further patterns that count as a citation"),
            "fields": strings("metadata: front-matter fields that must be present and not empty"),
            "date_field": { "type": "string" },
            "max_age_days": { "type": "integer", "minimum": 1 },
            "examples": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "fail": strings("texts the rule must report"),
                    "pass": strings("texts the rule must not report")
                }
            }
        }
    })
}

/// The names `[formats]` accepts: every format, and `off`.
fn format_names() -> Value {
    let mut all: Vec<String> = crate::document::Format::ALL
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    all.push(crate::settings::FORMAT_OFF.to_string());
    Value::from(all)
}

/// The schema of `healthlint.toml`.
pub fn config() -> Value {
    let levels = json!({ "type": "object", "additionalProperties": severity(), "description": "Severity per rule id, pack id or glob" });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "healthlint configuration",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "extends": strings("Packs to use: builtin:NAME or a path; replaces the defaults"),
            "include": strings("Globs of files to check when walking folders"),
            "exclude": strings("Globs of files never to check when walking folders"),
            "profile": { "enum": names(Profile::ALL) },
            "rules": levels.clone(),
            "formats": {
                "type": "object",
                "description": "More file extensions (without the dot) and the format each is read as, or \"off\" to skip them when walking folders",
                "additionalProperties": { "enum": format_names() }
            },
            "copy-attributes": strings("Attributes and props whose string values are copy in components and templates; replaces the default list"),
            "overrides": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["paths"],
                    "additionalProperties": false,
                    "properties": {
                        "paths": strings("Globs of the files this override applies to"),
                        "extends": strings("Packs added for these files"),
                        "rules": levels,
                        "profile": { "enum": names(Profile::ALL) },
                        "shared": strings("Shared files (a footer component) whose copy counts toward the required and conditional rules of these files")
                    }
                }
            }
        }
    })
}

/// Both schemas in one: a document is a rule pack (it has `[pack]`) or a configuration.
pub fn combined() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "healthlint rule pack or configuration",
        "oneOf": [pack(), config()]
    })
}
