//! `healthlint init`: a commented starter configuration that extends the default packs.

use crate::rules::builtin;

/// The starter `healthlint.toml`.
pub fn starter() -> String {
    let defaults: Vec<String> = builtin::DEFAULT_PACKS
        .iter()
        .map(|p| format!("\"{}{p}\"", builtin::PREFIX))
        .collect();
    let optional: Vec<String> = builtin::names()
        .filter(|n| !builtin::DEFAULT_PACKS.contains(n))
        .map(|n| format!("{}{n}", builtin::PREFIX))
        .collect();
    format!(
        r#"# healthlint configuration. `healthlint rules` lists the rules in use, `healthlint explain ID`
# explains one, and `healthlint schema > healthlint.schema.json` gives editors completion.

# Packs to use: built-in ones ({optional}) or paths to your own pack files.
# Listing packs here replaces the defaults, so keep these unless you mean to drop one.
extends = [{defaults}]

# Which files to check when a folder is walked (globs relative to this file). Files named on the
# command line are always checked.
# include = ["content/**/*.md"]
# exclude = ["content/drafts/**"]

# What documents are unless their front matter says `profile: marketing` or `profile: editorial`.
# In editorial documents, reported speech, quotations and statements about medical care in
# general are not the publisher's claims; in marketing documents they are.
profile = "editorial"

# Attributes and props whose string values are copy in components and templates.
# copy-attributes = ["alt", "title", "aria-label", "placeholder", "label", "content", "description", "summary"]

# Read more file extensions as one of the formats (markdown, text, html, mdx, docx, javascript,
# typescript, tsx, vue, svelte, astro, php, liquid, nunjucks, handlebars, ejs, erb), or skip
# an extension with "off".
# [formats]
# mdoc = "markdown"
# cjs = "off"


[rules]
# Change a rule's severity ("error", "warning", "info") or switch it off ("off"), by id or glob.
# "editorial/hype-terms" = "off"
# "editorial/statistic-needs-citation" = "warning"

# Settings for some paths only; later overrides win.
# [[overrides]]
# paths = ["content/shop/**"]
# profile = "marketing"
# extends = ["builtin:us-dshea"]
# Files whose copy every page under these paths shows (a footer with the disclaimer): it counts
# toward their required and conditional rules.
# shared = ["src/components/Footer.jsx"]
"#,
        optional = optional.join(", "),
        defaults = defaults.join(", ")
    )
}
