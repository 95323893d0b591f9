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

/// The files under `paths`, in path order, without repeats, found as they are needed (the walk
/// runs beside the linting and never holds the whole list). Explicit files are always checked
/// (as plain text when the extension is unknown); files found in folders only when their format
/// is known and `include`/`exclude` allow them. A path that cannot be walked is an error in
/// its place.
pub fn walk<'a>(
    paths: &[PathBuf],
    settings: &'a Settings,
    cwd: &'a Path,
) -> impl Iterator<Item = Result<Target, WalkError>> + Send + 'a {
    let mut roots = paths.to_vec();
    roots.sort();
    roots.dedup();
    // With one root, nothing can repeat; with several, one may hold another.
    let mut seen = (roots.len() > 1).then(std::collections::HashSet::new);
    roots
        .into_iter()
        .flat_map(move |root| root_files(root, settings, cwd))
        .filter(move |found| match (found, seen.as_mut()) {
            (Ok(target), Some(seen)) => seen.insert(target.path.clone()),
            _ => true,
        })
}

/// The files of one root, in path order.
fn root_files<'a>(
    path: PathBuf,
    settings: &'a Settings,
    cwd: &'a Path,
) -> Box<dyn Iterator<Item = Result<Target, WalkError>> + Send + 'a> {
    let meta = match std::fs::metadata(cwd.join(&path)) {
        Ok(m) => m,
        Err(e) => {
            return Box::new(std::iter::once(Err(WalkError {
                path: path.display().to_string(),
                message: io_message(&e),
            })));
        }
    };
    if meta.is_file() {
        let format = settings
            .format_of(&path)
            .or_else(|| Format::from_path(&path))
            .unwrap_or(Format::Text);
        return Box::new(std::iter::once(Ok(Target { path, format })));
    }
    let root = cwd.join(&path);
    let excluded = settings.exclude_filter(cwd);
    let walker = ignore::WalkBuilder::new(&root)
        .standard_filters(true)
        // Entries of one folder share the folder's path: comparing whole paths orders them by
        // name, without working out each name at every comparison.
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
        .filter_entry(move |entry| entry.depth() == 0 || !excluded(entry.path()))
        .build();
    Box::new(walker.filter_map(move |entry| {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                return Some(Err(WalkError {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }));
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            return None;
        }
        let format = settings.format_of(entry.path())?;
        let inner = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let shown = if path == Path::new(".") {
            inner.to_path_buf()
        } else {
            path.join(inner)
        };
        settings.is_included(&shown, cwd).then_some(Ok(Target {
            path: shown,
            format,
        }))
    }))
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
