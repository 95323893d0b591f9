//! Shared text: copy that every page of a site shows but that lives in one file, such as the
//! disclaimer in a footer component. `[[overrides]]` name such files (`shared = [...]`); their
//! prose is read once per run and appended after the prose of each page the override matches,
//! where `required` and `conditional` rules see it as part of the page. It maps to no bytes of
//! the page: findings inside it are dropped (the shared file is checked as a file of its own
//! when it is among the files checked).

use crate::document::{Document, Format};
use crate::prose::Prose;
use crate::settings::Settings;
use std::path::{Path, PathBuf};

/// The shared files of a run, read and parsed.
#[derive(Debug, Default)]
pub struct Shared {
    /// Path relative to the configuration's folder, and its prose.
    files: Vec<(PathBuf, Prose)>,
}

/// A shared file that could not be read.
#[derive(Debug)]
pub struct SharedError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub message: String,
}

impl Shared {
    /// Read every shared file the configuration names.
    pub fn load(settings: &Settings) -> (Self, Vec<SharedError>) {
        let mut shared = Self::default();
        let mut errors = Vec::new();
        for rel in settings.all_shared_files() {
            let format = settings
                .format_of(&rel)
                .or_else(|| Format::from_path(&rel))
                .unwrap_or(Format::Text);
            let loaded = std::fs::read(settings.root.join(&rel))
                .map_err(|e| crate::walk::io_message(&e))
                .and_then(|bytes| crate::document::load(bytes, format));
            match loaded {
                Ok((text, _)) => {
                    let document = Document::parse_with(&text, format, &settings.read_options);
                    shared.add(rel, document.prose, &text);
                }
                Err(message) => errors.push(SharedError { path: rel, message }),
            }
        }
        (shared, errors)
    }

    /// Add the prose of a shared file, read from `source`.
    pub fn add(&mut self, path: PathBuf, prose: Prose, source: &str) {
        let mut own = Prose::default();
        own.append_shared(&prose, source);
        own.shared_from = None;
        self.files.push((path, own));
    }

    /// Append the prose of the named shared files to a document's.
    pub fn apply(&self, document: &mut Document, names: &[PathBuf]) {
        for name in names {
            if let Some((_, prose)) = self.files.iter().find(|(p, _)| p == name) {
                document.prose.append_shared(prose, "");
            }
        }
    }

    /// Whether a path is one of the shared files.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.iter().any(|(p, _)| p == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::BlockKind;

    #[test]
    fn shared_prose_follows_the_page_and_maps_to_nothing_in_it() {
        let footer_src = "<footer><p>These statements have not been evaluated.</p></footer>";
        let footer = Document::parse(footer_src, Format::Html);
        let mut shared = Shared::default();
        shared.add(PathBuf::from("Footer.html"), footer.prose, footer_src);
        let page_src = "# Tea\n\nOur tea helps.\n";
        let mut page = Document::parse(page_src, Format::Markdown);
        let own_len = page.prose.text.len();
        shared.apply(&mut page, &[PathBuf::from("Footer.html")]);
        assert_eq!(
            page.prose.text,
            "Tea\nOur tea helps.\nThese statements have not been evaluated.\n"
        );
        assert_eq!(page.prose.shared_from, Some(own_len));
        assert!(page.prose.is_shared(own_len) && !page.prose.is_shared(own_len - 1));
        // Shown from its own text, never from the page's bytes.
        let at = page.prose.text.find("evaluated").unwrap();
        assert_eq!(page.prose.shown(page_src, at, at + 9), "evaluated");
        // The shared text is a section of its own: the page's last section ends before it.
        assert_eq!(page.prose.blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(page.prose.section_blocks(1), 0..2);
        shared.apply(&mut page, &[PathBuf::from("Other.html")]);
        assert_eq!(page.prose.blocks.len(), 3);
    }
}
