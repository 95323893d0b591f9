//! Settings: the configuration found (or given), merged with the command line into one immutable
//! value, resolved once per run. Also decides, per file, which rules apply and how severely.

use crate::config::{ConfigFile, FILE_NAME, OverrideSpec};
use crate::document::Format;
use crate::error::{SetupError, SetupErrors, SourceFile};
use crate::lint::Selection;
use crate::rules::spec::{Level, Profile, SeveritySpec};
use crate::rules::{RuleSet, builtin, rule_names, toml_error};
use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use toml::Spanned;

const CODE: &str = "healthlint::config";

/// The value of `[formats]` that switches an extension off.
pub const FORMAT_OFF: &str = "off";

/// How to find the configuration.
#[derive(Clone, Debug, Default)]
pub struct ConfigChoice {
    /// `--config FILE`.
    pub file: Option<PathBuf>,
    /// `--isolated`: no discovery, built-in defaults.
    pub isolated: bool,
}

/// A set of rules switched on, with severities, for some files.
#[derive(Debug, Default)]
struct Layer {
    /// Indices into [`Settings::packs`].
    packs: Vec<usize>,
    /// Severities by rule id or glob, in file order.
    levels: Vec<LevelEntry>,
    profile: Option<Profile>,
    /// Shared files whose copy counts for these files (`shared`), relative to the root.
    shared: Vec<PathBuf>,
}

#[derive(Debug)]
struct LevelEntry {
    key: Spanned<String>,
    pattern: RulePattern,
    level: SeveritySpec,
}

#[derive(Debug)]
enum RulePattern {
    Exact(String),
    Glob(GlobMatcher),
}

impl RulePattern {
    fn matches(&self, id: &str) -> bool {
        match self {
            Self::Exact(e) => {
                e == id
                    || id
                        .strip_prefix(e.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }
            Self::Glob(g) => g.is_match(id),
        }
    }
}

/// Resolved settings of a run.
#[derive(Debug)]
pub struct Settings {
    /// Directory that globs are relative to: the configuration's folder, or the working one.
    pub root: PathBuf,
    /// The configuration file used, if any.
    pub config: Option<SourceFile>,
    /// Every pack file in use by any layer, without repeats.
    pub packs: Vec<SourceFile>,
    base: Layer,
    overrides: Vec<(GlobSet, Layer)>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Extensions (lower case, without the dot) mapped by `[formats]`; `None` is `off`.
    formats: Vec<(String, Option<Format>)>,
    /// How components and templates are read (`copy-attributes`).
    pub read_options: crate::document::ReadOptions,
    cache: Mutex<Vec<(Vec<bool>, Arc<Selection>)>>,
}

impl Settings {
    /// Find and read the configuration.
    pub fn load(choice: &ConfigChoice, cwd: &Path) -> Result<Self, SetupErrors> {
        let path = match &choice.file {
            Some(f) => Some(cwd.join(f)),
            None if choice.isolated => None,
            None => discover(cwd),
        };
        let Some(path) = path else {
            return Self::from_config(ConfigFile::default(), None, cwd.to_path_buf());
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![SetupError::plain(
                CODE,
                format!("cannot read configuration {}: {e}", path.display()),
            )]
        })?;
        let name = display_path(&path, cwd);
        let file = SourceFile::new(name, text);
        let config: ConfigFile =
            toml::from_str(&file.text).map_err(|e| vec![toml_error(CODE, &file, &e)])?;
        let root = path
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        Self::from_config(config, Some(file), root)
    }

    fn from_config(
        config: ConfigFile,
        given: Option<SourceFile>,
        root: PathBuf,
    ) -> Result<Self, SetupErrors> {
        let mut errors = Vec::new();
        let file = given
            .clone()
            .unwrap_or_else(|| SourceFile::new("(defaults)", ""));
        let mut packs: Vec<SourceFile> = Vec::new();
        let base_packs = match &config.extends {
            Some(list) => resolve_packs(list.get_ref(), &file, &root, &mut packs, &mut errors),
            None => builtin::DEFAULT_PACKS
                .iter()
                .map(|name| {
                    add_pack(
                        &mut packs,
                        builtin_file(name).expect("default packs are built in"),
                    )
                })
                .collect(),
        };
        let mut base = Layer {
            packs: base_packs,
            levels: rule_levels(&config.rules, &file, &mut errors),
            profile: config.profile.as_ref().map(|p| *p.get_ref()),
            shared: Vec::new(),
        };
        base.profile.get_or_insert(Profile::Editorial);
        let mut overrides = Vec::new();
        for o in &config.overrides {
            let globs = glob_set(o.paths.get_ref(), &file, &mut errors);
            if o.paths.get_ref().is_empty() {
                errors.push(SetupError::at(
                    CODE,
                    &file,
                    o.paths.span(),
                    "`paths` is empty, so this override applies to nothing",
                ));
            }
            let layer = override_layer(o, &file, &root, &mut packs, &mut errors);
            overrides.push((globs, layer));
        }
        let include = config
            .include
            .as_ref()
            .map(|g| glob_set(g, &file, &mut errors));
        let exclude = config
            .exclude
            .as_ref()
            .map(|g| glob_set(g, &file, &mut errors));
        let mut formats = Vec::new();
        for (ext, name) in &config.formats {
            let extension = ext.get_ref().trim_start_matches('.').to_ascii_lowercase();
            let format = if name.get_ref().eq_ignore_ascii_case(FORMAT_OFF) {
                Some(None)
            } else {
                Format::from_name(name.get_ref()).map(Some)
            };
            match format {
                Some(format) if !extension.is_empty() => formats.push((extension, format)),
                Some(_) => errors.push(SetupError::at(
                    CODE,
                    &file,
                    ext.span(),
                    "an empty extension; write it without the dot, e.g. `htm = \"html\"`",
                )),
                None => {
                    let mut known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                    known.push(FORMAT_OFF);
                    errors.push(SetupError::at(
                        CODE,
                        &file,
                        name.span(),
                        format!(
                            "`{}` is not a format; expected one of {}",
                            name.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        let mut read_options = crate::document::ReadOptions::default();
        if let Some(list) = &config.copy_attributes {
            read_options.copy_attributes = list.iter().map(|a| a.get_ref().clone()).collect();
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            root,
            config: given,
            packs,
            base,
            overrides,
            include,
            exclude,
            formats,
            read_options,
            cache: Mutex::new(Vec::new()),
        })
    }

    /// Check that every rule id named in the configuration exists. Called once the packs are
    /// loaded, so that ids of loaded user packs are known.
    pub fn validate_rule_ids(&self, rules: &RuleSet) -> Result<(), SetupErrors> {
        let Some(file) = &self.config else {
            return Ok(());
        };
        let mut known: BTreeSet<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
        let mut known_packs: BTreeSet<String> = rules.packs.iter().map(|p| p.id.clone()).collect();
        for (_, text) in builtin::PACKS {
            if let Some((pack, names)) = rule_names(text) {
                known.extend(names.iter().map(|n| format!("{pack}/{n}")));
                known_packs.insert(pack);
            }
        }
        let mut errors = Vec::new();
        let layers = std::iter::once(&self.base).chain(self.overrides.iter().map(|(_, l)| l));
        for entry in layers.flat_map(|l| &l.levels) {
            let id = entry.key.get_ref();
            let ok = match &entry.pattern {
                RulePattern::Glob(g) => {
                    let pack = id.split('/').next().unwrap_or_default();
                    known.iter().any(|k| g.is_match(k)) || known_packs.contains(pack)
                }
                RulePattern::Exact(_) => known.contains(id) || known_packs.contains(id),
            };
            if !ok {
                let suggestion = closest(id, known.iter().chain(known_packs.iter()))
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                errors.push(
                    SetupError::at(CODE, file, entry.key.span(), format!("unknown rule `{id}`"))
                        .with_label("no rule or pack has this id")
                        .with_help(format!(
                            "{suggestion}rule ids are `pack/rule`; `healthlint rules` lists the active ones"
                        )),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Path of a file relative to the root, for glob matching.
    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        let p = path.strip_prefix("./").unwrap_or(path);
        if p.is_absolute() {
            p.strip_prefix(&self.root).unwrap_or(p)
        } else {
            p
        }
    }

    /// The format of a path: by `[formats]` first, then by the built-in extensions. `None`
    /// for unknown extensions and those switched off.
    pub fn format_of(&self, path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match self.formats.iter().find(|(e, _)| *e == ext) {
            Some((_, format)) => *format,
            None => Format::from_extension(&ext),
        }
    }

    /// The shared files (see `shared` in `[[overrides]]`) whose copy counts for a file, in
    /// order and without repeats; never the file itself.
    pub fn shared_files(&self, path: &Path, cwd: &Path) -> Vec<PathBuf> {
        if self.overrides.is_empty() {
            return Vec::new();
        }
        let abs = cwd.join(path);
        let rel = self.relative(&abs);
        let mut out: Vec<PathBuf> = Vec::new();
        for (globs, layer) in &self.overrides {
            if !globs.is_match(rel) {
                continue;
            }
            for shared in &layer.shared {
                if shared.as_path() != rel && !out.contains(shared) {
                    out.push(shared.clone());
                }
            }
        }
        out
    }

    /// Every shared file named in the configuration, relative to the root.
    pub fn all_shared_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        for shared in self.overrides.iter().flat_map(|(_, l)| &l.shared) {
            if !out.contains(shared) {
                out.push(shared.clone());
            }
        }
        out
    }

    /// Whether a file found by walking a folder should be checked (`include` and `exclude`).
    pub fn is_included(&self, path: &Path, cwd: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let abs = cwd.join(path);
        let rel = self.relative(&abs);
        self.include.as_ref().is_none_or(|g| g.is_match(rel)) && !self.is_excluded_rel(rel)
    }

    /// A filter for walking: whether an absolute path matches `exclude`.
    pub fn exclude_filter(&self, cwd: &Path) -> impl Fn(&Path) -> bool + Send + Sync + 'static {
        let exclude = self.exclude.clone();
        let root = self.root.clone();
        let cwd = cwd.to_path_buf();
        move |path: &Path| {
            let Some(exclude) = &exclude else {
                return false;
            };
            let abs = cwd.join(path);
            let rel = abs.strip_prefix(&root).unwrap_or(&abs);
            exclude.is_match(rel)
        }
    }

    fn is_excluded_rel(&self, rel: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(rel))
    }

    /// Numbers (from 1, in file order) of the `[[overrides]]` whose paths match a file.
    pub fn matching_overrides(&self, path: &Path, cwd: &Path) -> Vec<usize> {
        let abs = cwd.join(path);
        let rel = self.relative(&abs);
        self.overrides
            .iter()
            .enumerate()
            .filter(|(_, (g, _))| g.is_match(rel))
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// Which rules apply to a file, at which severity, with which default profile. Computed once
    /// per distinct set of matching overrides.
    pub fn selection(&self, rules: &RuleSet, path: &Path, cwd: &Path) -> Arc<Selection> {
        // Without overrides there is nothing to match the path against.
        let hits: Vec<bool> = if self.overrides.is_empty() {
            Vec::new()
        } else {
            let abs = cwd.join(path);
            let rel = self.relative(&abs);
            self.overrides
                .iter()
                .map(|(g, _)| g.is_match(rel))
                .collect()
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, s)) = cache.iter().find(|(h, _)| *h == hits) {
            return s.clone();
        }
        let layers: Vec<&Layer> = std::iter::once(&self.base)
            .chain(
                self.overrides
                    .iter()
                    .zip(&hits)
                    .filter(|(_, h)| **h)
                    .map(|((_, l), _)| l),
            )
            .collect();
        let mut active_packs = vec![false; rules.packs.len()];
        for layer in &layers {
            for &p in &layer.packs {
                if let Some(a) = active_packs.get_mut(p) {
                    *a = true;
                }
            }
        }
        let mut levels = vec![SeveritySpec::uniform(Level::Off); rules.rules.len()];
        for (p, pack) in rules.packs.iter().enumerate() {
            if active_packs[p] {
                for r in pack.rules.clone() {
                    levels[r] = rules.rules[r].severity;
                }
            }
        }
        let mut profile = Profile::Editorial;
        for layer in &layers {
            for entry in &layer.levels {
                for (p, pack) in rules.packs.iter().enumerate() {
                    if !active_packs[p] {
                        continue;
                    }
                    for r in pack.rules.clone() {
                        if entry.pattern.matches(&rules.rules[r].id) {
                            levels[r] = entry.level;
                        }
                    }
                }
            }
            if let Some(p) = layer.profile {
                profile = p;
            }
        }
        let selection = Arc::new(Selection {
            levels,
            profile,
            today: crate::date::today(),
        });
        cache.push((hits, selection.clone()));
        selection
    }
}

/// Look for `healthlint.toml` in `dir` and its ancestors.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

fn display_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd).unwrap_or(path).display().to_string()
}

fn builtin_file(name: &str) -> Option<SourceFile> {
    builtin::pack(name).map(|text| SourceFile::new(format!("{}{name}", builtin::PREFIX), text))
}

fn add_pack(packs: &mut Vec<SourceFile>, file: SourceFile) -> usize {
    if let Some(i) = packs.iter().position(|p| p.name == file.name) {
        return i;
    }
    packs.push(file);
    packs.len() - 1
}

fn resolve_packs(
    list: &[Spanned<String>],
    config: &SourceFile,
    root: &Path,
    packs: &mut Vec<SourceFile>,
    errors: &mut SetupErrors,
) -> Vec<usize> {
    let mut out = Vec::new();
    for entry in list {
        let name = entry.get_ref();
        if let Some(builtin_name) = name.strip_prefix(builtin::PREFIX) {
            match builtin_file(builtin_name) {
                Some(file) => out.push(add_pack(packs, file)),
                None => {
                    let names: Vec<String> =
                        builtin::names().map(|n| format!("builtin:{n}")).collect();
                    errors.push(
                        SetupError::at(
                            CODE,
                            config,
                            entry.span(),
                            format!("unknown built-in pack `{name}`"),
                        )
                        .with_label("no such pack")
                        .with_help(format!("built-in packs: {}", names.join(", "))),
                    );
                }
            }
            continue;
        }
        let path = root.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let shown = path.strip_prefix(std::env::current_dir().unwrap_or_default()).unwrap_or(&path);
                out.push(add_pack(packs, SourceFile::new(shown.display().to_string(), text)));
            }
            Err(e) => errors.push(
                SetupError::at(CODE, config, entry.span(), format!("cannot read pack `{name}`: {e}"))
                    .with_label("not readable")
                    .with_help(format!(
                        "paths in `extends` are relative to the configuration's folder ({}); built-in packs are written `builtin:NAME`",
                        root.display()
                    )),
            ),
        }
    }
    out
}

fn override_layer(
    o: &OverrideSpec,
    file: &SourceFile,
    root: &Path,
    packs: &mut Vec<SourceFile>,
    errors: &mut SetupErrors,
) -> Layer {
    Layer {
        packs: o
            .extends
            .as_ref()
            .map(|l| resolve_packs(l.get_ref(), file, root, packs, errors))
            .unwrap_or_default(),
        levels: rule_levels(&o.rules, file, errors),
        profile: o.profile.as_ref().map(|p| *p.get_ref()),
        shared: shared_files(o, file, root, errors),
    }
}

/// The `shared` files of an override, checked to be readable files in a format healthlint
/// reads.
fn shared_files(
    o: &OverrideSpec,
    file: &SourceFile,
    root: &Path,
    errors: &mut SetupErrors,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in o.shared.iter().flatten() {
        let rel = PathBuf::from(entry.get_ref().trim_start_matches("./"));
        if !root.join(&rel).is_file() {
            errors.push(
                SetupError::at(
                    CODE,
                    file,
                    entry.span(),
                    format!("cannot read shared file `{}`", entry.get_ref()),
                )
                .with_label("not a file")
                .with_help(format!(
                    "paths in `shared` are files relative to the configuration's folder ({})",
                    root.display()
                )),
            );
            continue;
        }
        out.push(rel);
    }
    out
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

fn rule_levels(
    table: &std::collections::BTreeMap<Spanned<String>, Spanned<SeveritySpec>>,
    file: &SourceFile,
    errors: &mut SetupErrors,
) -> Vec<LevelEntry> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut out = Vec::new();
    for (key, level) in entries {
        let id = key.get_ref();
        let pattern = if is_glob(id) {
            match GlobBuilder::new(id).literal_separator(false).build() {
                Ok(g) => RulePattern::Glob(g.compile_matcher()),
                Err(e) => {
                    errors.push(SetupError::at(
                        CODE,
                        file,
                        key.span(),
                        format!("invalid glob `{id}`: {}", e.kind()),
                    ));
                    continue;
                }
            }
        } else {
            RulePattern::Exact(id.clone())
        };
        out.push(LevelEntry {
            key: key.clone(),
            pattern,
            level: *level.get_ref(),
        });
    }
    out
}

fn glob_set(globs: &[Spanned<String>], file: &SourceFile, errors: &mut SetupErrors) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let text = g.get_ref().trim_start_matches("./");
        match GlobBuilder::new(text).literal_separator(true).build() {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => errors.push(SetupError::at(
                CODE,
                file,
                g.span(),
                format!("invalid glob: {}", e.kind()),
            )),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn closest<'a>(id: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    candidates
        .map(|c| (edit_distance(id, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(
            edit_distance("us-fda-ftc/disease-claim", "us-fda-ftc/disease-claims"),
            1
        );
        assert_eq!(edit_distance("abc", "abc"), 0);
    }

    #[test]
    fn rule_patterns_match_ids_globs_and_packs() {
        assert!(RulePattern::Exact("eu".into()).matches("eu/x"));
        assert!(!RulePattern::Exact("eu".into()).matches("eux/x"));
        let g = GlobBuilder::new("eu/*").build().unwrap().compile_matcher();
        assert!(RulePattern::Glob(g).matches("eu/food-claim"));
    }
}
