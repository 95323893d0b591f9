//! The schema of `healthlint.toml`, with unknown keys denied and values kept with their spans.

use crate::rules::spec::{Profile, SeveritySpec};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// File name looked for when walking up from the working directory.
pub const FILE_NAME: &str = "healthlint.toml";

/// `healthlint.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Packs to use: `builtin:NAME` or a path relative to this file. Replaces the defaults.
    #[serde(default)]
    pub extends: Option<Spanned<Vec<Spanned<String>>>>,
    /// Globs of files to check when walking folders (relative to this file).
    #[serde(default)]
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files never to check when walking folders.
    #[serde(default)]
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Profile of documents that do not declare one.
    #[serde(default)]
    pub profile: Option<Spanned<Profile>>,
    /// Severity per rule id or glob (`"eu/*" = "off"`).
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<SeveritySpec>>,
    /// Settings for some paths only; later overrides win.
    #[serde(default)]
    pub overrides: Vec<OverrideSpec>,
    /// More file extensions and the format each is read as (`mdoc = "markdown"`), or `"off"`
    /// to skip an extension when walking folders.
    #[serde(default)]
    pub formats: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Attributes and props whose string values are copy in components and templates; replaces
    /// the default list.
    #[serde(default, rename = "copy-attributes")]
    pub copy_attributes: Option<Vec<Spanned<String>>>,
}

/// `[[overrides]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideSpec {
    /// Globs of the files this override applies to.
    pub paths: Spanned<Vec<Spanned<String>>>,
    /// Packs added for these files.
    #[serde(default)]
    pub extends: Option<Spanned<Vec<Spanned<String>>>>,
    /// Severities for these files.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<SeveritySpec>>,
    /// Profile for these files.
    #[serde(default)]
    pub profile: Option<Spanned<Profile>>,
    /// Shared files (a site's footer component, relative to this file) whose copy counts toward
    /// the `required` and `conditional` rules of these files.
    #[serde(default)]
    pub shared: Option<Vec<Spanned<String>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_keys_keep_their_spans() {
        let text = "[rules]\n\"eu/*\" = \"off\"\n";
        let c: ConfigFile = toml::from_str(text).unwrap();
        let (key, _) = c.rules.iter().next().unwrap();
        assert_eq!(&text[key.span()], "\"eu/*\"");
    }
}
