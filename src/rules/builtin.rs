//! Built-in rule packs and shared data, embedded at build time from `rules/`.

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// Vocabularies every pack can use (`rules/shared/vocab.toml`).
pub const SHARED_VOCAB: &str = include_str!("../../rules/shared/vocab.toml");

/// Cue lists of the context analysis (`rules/shared/context.toml`).
pub const CONTEXT: &str = include_str!("../../rules/shared/context.toml");

/// Packs that apply when no configuration names any.
pub const DEFAULT_PACKS: &[&str] = &["us-fda-ftc", "us-rx-telehealth", "editorial"];

/// Prefix that names a built-in pack in `extends`.
pub const PREFIX: &str = "builtin:";

/// The text of a built-in pack.
pub fn pack(name: &str) -> Option<&'static str> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Names of all built-in packs.
pub fn names() -> impl Iterator<Item = &'static str> {
    PACKS.iter().map(|(n, _)| *n)
}
