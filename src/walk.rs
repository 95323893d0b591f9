//! Finding the files to check: explicit files as given, folders walked with the usual ignore
//! rules (hidden files, `.gitignore`, `.ignore`), filtered by format and by `include`/`exclude`.

use crate::document::Format;
use crate::settings::Settings;
use std::path::{Path, PathBuf};

/// A file to check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Path as given or found by walking.
    pub path: PathBuf,
    /// Format to read it with.
    pub format: Format,
}

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    /// The path.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Collect the files under `paths`, sorted by path, without repeats. Explicit files are always
/// checked (as plain text when the extension is unknown); files found in folders only when
/// their format is known and `include`/`exclude` allow them.
pub fn collect(
    paths: &[PathBuf],
    settings: &Settings,
    cwd: &Path,
) -> (Vec<Target>, Vec<WalkError>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(cwd.join(path)) {
            Ok(m) => m,
            Err(e) => {
                errors.push(WalkError {
                    path: path.display().to_string(),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if meta.is_file() {
            let format = settings
                .format_of(path)
                .or_else(|| Format::from_path(path))
                .unwrap_or(Format::Text);
            targets.push(Target {
                path: path.clone(),
                format,
            });
            continue;
        }
        let root = cwd.join(path);
        let excluded = settings.exclude_filter(cwd);
        let walk_root = root.clone();
        let walker = ignore::WalkBuilder::new(&root)
            .standard_filters(true)
            .filter_entry(move |entry| entry.depth() == 0 || !excluded(entry.path()))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let Some(format) = settings.format_of(entry.path()) else {
                        continue;
                    };
                    let inner = entry
                        .path()
                        .strip_prefix(&walk_root)
                        .unwrap_or(entry.path());
                    let shown = if path == Path::new(".") {
                        inner.to_path_buf()
                    } else {
                        path.join(inner)
                    };
                    if settings.is_included(&shown, cwd) {
                        targets.push(Target {
                            path: shown,
                            format,
                        });
                    }
                }
                Err(e) => errors.push(WalkError {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
    }
    targets.sort();
    targets.dedup_by(|a, b| a.path == b.path);
    (targets, errors)
}

/// A readable message for an I/O error, without the OS error number.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    }
}

/// Files named in a list (`--files-from`), checked like files found by walking: those that
/// exist, have a known format and pass `include`/`exclude`. Returns them and the entries left
/// out, with the reason.
pub fn listed(
    list: &[PathBuf],
    settings: &Settings,
    cwd: &Path,
) -> (Vec<Target>, Vec<(PathBuf, &'static str)>) {
    let mut targets = Vec::new();
    let mut skipped = Vec::new();
    for path in list {
        if !cwd.join(path).is_file() {
            skipped.push((path.clone(), "not a file (deleted?)"));
            continue;
        }
        let Some(format) = settings.format_of(path) else {
            skipped.push((path.clone(), "not a format healthlint reads"));
            continue;
        };
        if !settings.is_included(path, cwd) {
            skipped.push((path.clone(), "left out by include/exclude"));
            continue;
        }
        targets.push(Target {
            path: path.clone(),
            format,
        });
    }
    (targets, skipped)
}
