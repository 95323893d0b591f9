//! Documents: the original text of a file, its format, its front matter, and the prose the
//! format's reader extracts from it.

mod docx;
mod front_matter;
mod html;
mod js;
mod markdown;
mod mdx;
mod sfc;
mod template;
mod text;

pub use front_matter::{Field, FieldValue, Metadata};
pub(crate) use html::{
    decode_reference, key_ends_block as tag_key_ends_block,
    key_separates_inline as tag_key_separates_inline,
};

use crate::prose::Prose;
use crate::rules::spec::Profile;
use crate::span::ByteRange;
use std::path::Path;

/// File formats healthlint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// CommonMark with GFM tables, footnotes, strikethrough and task lists.
    Markdown,
    /// Plain text: paragraphs separated by blank lines.
    Text,
    /// HTML: the text of the body; scripts, styles, code and comments are not prose.
    Html,
    /// MDX: Markdown whose `import`/`export` lines and JSX tags are not prose.
    Mdx,
    /// Word `.docx`: paragraphs in order, one line each.
    Docx,
    /// JavaScript with JSX (`.js`, `.jsx`, `.mjs`, `.cjs`): JSX text, copy attributes and
    /// strings that read as copy.
    Javascript,
    /// TypeScript without JSX (`.ts`, `.mts`, `.cts`).
    Typescript,
    /// TypeScript with JSX (`.tsx`).
    Tsx,
    /// Vue single-file components: the template as HTML, the scripts as JavaScript.
    Vue,
    /// Svelte components: the markup as HTML, the scripts as JavaScript.
    Svelte,
    /// Astro components: the markup as HTML, the front matter and scripts as TypeScript.
    Astro,
    /// PHP pages: HTML with `<?php ?>` blocks masked.
    Php,
    /// Liquid templates (Shopify, Jekyll): HTML with `{{ }}` and `{% %}` masked.
    Liquid,
    /// Nunjucks and Jinja-style templates: HTML with `{{ }}`, `{% %}` and `{# #}` masked.
    Nunjucks,
    /// Handlebars and Mustache templates: HTML with `{{ }}` masked.
    Handlebars,
    /// Embedded JavaScript templates: HTML with `<% %>` masked.
    Ejs,
    /// Embedded Ruby templates: HTML with `<% %>` masked.
    Erb,
}

impl Format {
    /// The format a file extension stands for, if healthlint reads it when walking folders.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Some(Self::Markdown),
            "txt" | "text" => Some(Self::Text),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "mdx" => Some(Self::Mdx),
            "docx" => Some(Self::Docx),
            "js" | "jsx" | "mjs" | "cjs" => Some(Self::Javascript),
            "ts" | "mts" | "cts" => Some(Self::Typescript),
            "tsx" => Some(Self::Tsx),
            "vue" => Some(Self::Vue),
            "svelte" => Some(Self::Svelte),
            "astro" => Some(Self::Astro),
            "php" | "phtml" => Some(Self::Php),
            "liquid" => Some(Self::Liquid),
            "njk" | "nunjucks" | "jinja" | "jinja2" | "j2" => Some(Self::Nunjucks),
            "hbs" | "handlebars" | "mustache" => Some(Self::Handlebars),
            "ejs" => Some(Self::Ejs),
            "erb" => Some(Self::Erb),
            _ => None,
        }
    }

    /// The format named in configuration (`markdown`, `text`, `html`, `mdx`, `docx`,
    /// `javascript`, ...; see [`Format::ALL`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// Every format.
    pub const ALL: &[Self] = &[
        Self::Markdown,
        Self::Text,
        Self::Html,
        Self::Mdx,
        Self::Docx,
        Self::Javascript,
        Self::Typescript,
        Self::Tsx,
        Self::Vue,
        Self::Svelte,
        Self::Astro,
        Self::Php,
        Self::Liquid,
        Self::Nunjucks,
        Self::Handlebars,
        Self::Ejs,
        Self::Erb,
    ];

    /// The format of a path by its extension, if known.
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_extension(path.extension()?.to_str()?)
    }

    /// Lower-case name, as used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::Text => "text",
            Self::Html => "html",
            Self::Mdx => "mdx",
            Self::Docx => "docx",
            Self::Javascript => "javascript",
            Self::Typescript => "typescript",
            Self::Tsx => "tsx",
            Self::Vue => "vue",
            Self::Svelte => "svelte",
            Self::Astro => "astro",
            Self::Php => "php",
            Self::Liquid => "liquid",
            Self::Nunjucks => "nunjucks",
            Self::Handlebars => "handlebars",
            Self::Ejs => "ejs",
            Self::Erb => "erb",
        }
    }

    /// Whether the format is a site's source (a component or a server template), where a file
    /// may hold code and no copy at all.
    pub fn is_site_source(self) -> bool {
        self.is_code()
            || matches!(
                self,
                Self::Php
                    | Self::Liquid
                    | Self::Nunjucks
                    | Self::Handlebars
                    | Self::Ejs
                    | Self::Erb
            )
    }

    /// Whether the format is source code of a site, whose files start with code, never with
    /// front matter.
    fn is_code(self) -> bool {
        matches!(
            self,
            Self::Javascript
                | Self::Typescript
                | Self::Tsx
                | Self::Vue
                | Self::Svelte
                | Self::Astro
        )
    }
}

/// Attributes whose string values are copy, unless the configuration says otherwise
/// (`copy-attributes`).
pub const COPY_ATTRIBUTES: &[&str] = &[
    "alt",
    "title",
    "aria-label",
    "placeholder",
    "label",
    "content",
    "description",
    "summary",
];

/// How site sources are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Attributes (JSX props, template attributes) whose string values are copy.
    pub copy_attributes: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            copy_attributes: COPY_ATTRIBUTES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Why a file could not be read completely: the parser stopped at a syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the error in the file.
    pub at: usize,
    /// What the parser said.
    pub message: String,
    /// Whether the copy before and around the error was still read (the parser recovered).
    pub recovered: bool,
}

/// The text of a file's bytes in a format: UTF-8 decoded (see [`crate::lint::decode`]), or, for
/// `.docx`, the document's paragraphs one per line. Returns the text and the offset of the first
/// invalid UTF-8 byte, if any; an error says why a file cannot be read in its format.
pub fn load(bytes: Vec<u8>, format: Format) -> Result<(String, Option<usize>), String> {
    match format {
        Format::Docx => docx::to_text(&bytes).map(|t| (t, None)),
        _ => Ok(crate::lint::decode(bytes)),
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Syntax of a front-matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontMatterSyntax {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

/// A front-matter block at the start of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    /// The whole block, fences included.
    pub range: ByteRange,
    /// The content between the fences.
    pub content: ByteRange,
    /// YAML or TOML.
    pub syntax: FrontMatterSyntax,
}

/// A document ready for linting: its text, format, front matter and prose.
#[derive(Debug)]
pub struct Document {
    /// Format the prose was read with.
    pub format: Format,
    /// Front matter, if the document starts with one.
    pub front_matter: Option<FrontMatter>,
    /// The fields of the front matter.
    pub metadata: Metadata,
    /// The extracted, normalised prose.
    pub prose: Prose,
    /// Why part of the file could not be read, if it could not.
    pub parse_error: Option<ParseError>,
}

impl Document {
    /// Read a document's structure and prose from its text.
    pub fn parse(source: &str, format: Format) -> Self {
        Self::parse_with(source, format, &ReadOptions::default())
    }

    /// Read a document's structure and prose from its text, with options for site sources.
    pub fn parse_with(source: &str, format: Format, options: &ReadOptions) -> Self {
        let body_start = if source.starts_with('\u{feff}') { 3 } else { 0 };
        // A Word document's text is its paragraphs, and source code starts with code: neither
        // has front matter (Astro's `---` fence is code).
        let front_matter = if format == Format::Docx || format.is_code() {
            None
        } else {
            split_front_matter(source, body_start)
        };
        let body_start = front_matter.as_ref().map_or(body_start, |f| f.range.end);
        let mut parse_error = None;
        let prose = match format {
            Format::Markdown => markdown::extract(source, body_start),
            Format::Text => text::extract(source, body_start),
            Format::Html => html::extract(source, body_start),
            Format::Mdx => mdx::extract(source, body_start),
            Format::Docx => docx::extract(source, body_start),
            Format::Javascript | Format::Typescript | Format::Tsx => {
                let lang = match format {
                    Format::Typescript => js::Lang::Ts,
                    Format::Tsx => js::Lang::Tsx,
                    _ => js::Lang::Jsx,
                };
                let (prose, error) = js::extract(source, body_start..source.len(), lang, options);
                parse_error = error;
                prose
            }
            Format::Vue | Format::Svelte | Format::Astro => {
                let (prose, error) = sfc::extract(source, body_start, format, options);
                parse_error = error;
                prose
            }
            Format::Php
            | Format::Liquid
            | Format::Nunjucks
            | Format::Handlebars
            | Format::Ejs
            | Format::Erb => template::extract(source, body_start, format, options),
        };
        let metadata = front_matter
            .as_ref()
            .map(|fm| front_matter::read(source, fm))
            .unwrap_or_default();
        Self {
            format,
            front_matter,
            metadata,
            prose,
            parse_error,
        }
    }

    /// The profile the front matter declares (`profile: marketing`), if any.
    pub fn declared_profile(&self) -> Option<Profile> {
        let value = self.metadata.get("profile")?.value.as_text()?;
        Profile::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(value.trim()))
    }
}

/// Find a YAML (`---`) or TOML (`+++`) front-matter block that starts at `start`.
pub(crate) fn split_front_matter(source: &str, start: usize) -> Option<FrontMatter> {
    let rest = &source[start..];
    let (fence, syntax) = if rest.starts_with("---") {
        ("---", FrontMatterSyntax::Yaml)
    } else if rest.starts_with("+++") {
        ("+++", FrontMatterSyntax::Toml)
    } else {
        return None;
    };
    let first_line_end = rest.find('\n')?;
    if rest[fence.len()..first_line_end].trim() != "" {
        return None;
    }
    let content_start = start + first_line_end + 1;
    let mut line_start = content_start;
    while line_start <= source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        let line = source[line_start..line_end].trim_end();
        let closes = line == fence || (syntax == FrontMatterSyntax::Yaml && line == "...");
        if closes {
            let end = (line_end + 1).min(source.len());
            return Some(FrontMatter {
                range: ByteRange::new(start, end),
                content: ByteRange::new(content_start, line_start),
                syntax,
            });
        }
        if line_end == source.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_found_and_skipped() {
        let src = "---\ntitle: Cures cancer\nprofile: marketing\n---\n# Body\n";
        let fm = split_front_matter(src, 0).unwrap();
        assert_eq!(fm.syntax, FrontMatterSyntax::Yaml);
        assert_eq!(
            &src[fm.content.as_range()],
            "title: Cures cancer\nprofile: marketing\n"
        );
        assert_eq!(&src[fm.range.end..], "# Body\n");
        let doc = Document::parse(src, Format::Markdown);
        assert_eq!(doc.prose.text, "Body\n");
    }

    #[test]
    fn toml_front_matter_and_unclosed_fences() {
        let src = "+++\ntitle = \"x\"\n+++\ntext\n";
        assert_eq!(
            split_front_matter(src, 0).unwrap().syntax,
            FrontMatterSyntax::Toml
        );
        assert!(split_front_matter("---\nno end\n", 0).is_none());
        assert!(split_front_matter("--- not a fence\n---\n", 0).is_none());
    }
}
