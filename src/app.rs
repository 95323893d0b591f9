//! Orchestration: settings and rule packs once, files walked and linted in parallel, reports
//! written in path order from one place, and the outcome turned into an exit code. The only
//! module that sees every stage.

use crate::cli::{CheckArgs, Cli, Command};
use crate::document::Document;
use crate::document::Format;
use crate::error::{SetupErrors, SourceFile};
use crate::lint::{lint_document, needs_parsing};
use crate::report::{self, FileReport, Style, Summary};
use crate::rules::RuleSet;
use crate::settings::{ConfigChoice, Settings};
use crate::walk::{self, Target, io_message};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Exit code: nothing at or above the fail level.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: violations at or above the fail level.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the run cannot be trusted (bad setup, unreadable input, bad arguments).
pub const EXIT_TROUBLE: u8 = 2;

/// The process's streams and surroundings, passed in so that the library never touches them.
pub struct Env<'a> {
    /// Standard output.
    pub stdout: &'a mut dyn Write,
    /// Standard error.
    pub stderr: &'a mut dyn Write,
    /// Standard input.
    pub stdin: &'a mut dyn Read,
    /// Working directory.
    pub cwd: PathBuf,
    /// Whether standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Whether standard error is a terminal.
    pub stderr_is_terminal: bool,
}

/// Run a command line; returns the exit code.
pub fn run(cli: Cli, env: &mut Env<'_>) -> u8 {
    let result = match &cli.command {
        Command::Check(args) => check(&cli, args, env),
        Command::Why(args) => why(&cli, args, env),
        Command::Rules(args) => list_rules(&cli, args, env),
        Command::Explain(args) => explain(&cli, args, env),
        Command::Test(args) => test(&cli, args, env),
        Command::Init(args) => init(args, env),
        Command::Schema(args) => schema(args, env),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            let _ = writeln!(env.stderr, "error: cannot write output: {}", io_message(&e));
            EXIT_TROUBLE
        }
    }
}

/// Load settings and packs, or print why not.
fn setup(cli: &Cli, env: &mut Env<'_>, color: bool) -> io::Result<Option<(Settings, RuleSet)>> {
    setup_with(cli, env, &[], color)
}

fn report_setup_errors(errors: &SetupErrors, env: &mut Env<'_>, color: bool) -> io::Result<()> {
    for e in errors {
        writeln!(env.stderr, "{}\n", report::render_setup_error(e, color))?;
    }
    let n = errors.len();
    writeln!(
        env.stderr,
        "error: {n} problem{} in the setup; nothing was checked",
        if n == 1 { "" } else { "s" }
    )
}

fn why(cli: &Cli, args: &crate::cli::WhyArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let color = env.stderr_is_terminal;
    let Some((settings, rules)) = setup(cli, env, color)? else {
        return Ok(EXIT_TROUBLE);
    };
    let text = if args.text == "-" {
        let mut s = String::new();
        env.stdin.read_to_string(&mut s)?;
        s
    } else {
        args.text.clone()
    };
    let selection = settings.selection(&rules, Path::new("why.md"), &env.cwd);
    let profile = match args.profile {
        Some(crate::cli::ProfileArg::Marketing) => crate::rules::spec::Profile::Marketing,
        Some(crate::cli::ProfileArg::Editorial) => crate::rules::spec::Profile::Editorial,
        None => selection.profile,
    };
    let why = crate::why::explain(&rules, &selection, &text, profile);
    write!(env.stdout, "{}", why.to_text())?;
    env.stdout.flush()?;
    Ok(EXIT_CLEAN)
}

/// Load settings and the packs in use plus `extra` packs (names as in `extends`, or pack ids of
/// built-in packs), or print why not. The packs in use come first, so selections stay valid.
fn setup_with(
    cli: &Cli,
    env: &mut Env<'_>,
    extra: &[String],
    color: bool,
) -> io::Result<Option<(Settings, RuleSet)>> {
    let choice = ConfigChoice {
        file: cli.config.clone(),
        isolated: cli.isolated,
    };
    let loaded = Settings::load(&choice, &env.cwd).and_then(|settings| {
        let mut files = settings.packs.clone();
        let mut errors = Vec::new();
        for name in extra {
            let file = if let Some(builtin_name) = name.strip_prefix(crate::rules::builtin::PREFIX)
            {
                crate::rules::builtin::pack(builtin_name)
                    .map(|text| SourceFile::new(name.clone(), text))
            } else if let Some(text) = crate::rules::builtin::pack(name) {
                Some(SourceFile::new(
                    format!("{}{name}", crate::rules::builtin::PREFIX),
                    text,
                ))
            } else {
                std::fs::read_to_string(env.cwd.join(name))
                    .ok()
                    .map(|text| SourceFile::new(name.clone(), text))
            };
            match file {
                Some(f) if files.iter().any(|g| g.name == f.name) => {}
                Some(f) => files.push(f),
                None if files.iter().any(|g| g.name.ends_with(name.as_str())) => {}
                None => errors.push(crate::error::SetupError::plain(
                    "healthlint::args",
                    format!(
                        "no pack `{name}`: not a built-in pack, a pack in use, or a readable file"
                    ),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let rules = RuleSet::load(&files)?;
        settings.validate_rule_ids(&rules)?;
        Ok((settings, rules))
    });
    match loaded {
        Ok(pair) => Ok(Some(pair)),
        Err(errors) => {
            report_setup_errors(&errors, env, color)?;
            Ok(None)
        }
    }
}

fn all_builtin_names() -> Vec<String> {
    crate::rules::builtin::names().map(str::to_string).collect()
}

fn list_rules(cli: &Cli, args: &crate::cli::RulesArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let extra = if args.all {
        all_builtin_names()
    } else {
        Vec::new()
    };
    let Some((settings, rules)) = setup_with(cli, env, &extra, env.stderr_is_terminal)? else {
        return Ok(EXIT_TROUBLE);
    };
    let selection = settings.selection(&rules, Path::new("rules.md"), &env.cwd);
    match args.format {
        crate::cli::ListFormat::Human => {
            let entries = crate::catalog::entries(&rules, &selection);
            write!(env.stdout, "{}", crate::catalog::list_text(&entries))?;
        }
        crate::cli::ListFormat::Json => {
            let entries = crate::catalog::entries(&rules, &selection);
            serde_json::to_writer_pretty(&mut *env.stdout, &entries)?;
            writeln!(env.stdout)?;
        }
        crate::cli::ListFormat::Markdown => {
            write!(env.stdout, "{}", crate::catalog::markdown(&rules))?
        }
    }
    env.stdout.flush()?;
    Ok(EXIT_CLEAN)
}

fn explain(cli: &Cli, args: &crate::cli::ExplainArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let Some((_, rules)) = setup_with(cli, env, &all_builtin_names(), env.stderr_is_terminal)?
    else {
        return Ok(EXIT_TROUBLE);
    };
    match rules.find(&args.rule) {
        Some(i) => {
            write!(env.stdout, "{}", crate::catalog::explain(&rules.rules[i]))?;
            env.stdout.flush()?;
            Ok(EXIT_CLEAN)
        }
        None => {
            let ids: Vec<&String> = rules.rules.iter().map(|r| &r.id).collect();
            let near: Vec<&str> = ids
                .iter()
                .filter(|id| {
                    crate::settings::edit_distance(id, &args.rule) <= 3
                        || id.ends_with(&format!("/{}", args.rule))
                })
                .map(|s| s.as_str())
                .collect();
            let hint = if near.is_empty() {
                "`healthlint rules --all` lists every rule".to_string()
            } else {
                format!(
                    "did you mean {}?",
                    near.iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            };
            writeln!(env.stderr, "error: no rule `{}`; {hint}", args.rule)?;
            Ok(EXIT_TROUBLE)
        }
    }
}

fn test(cli: &Cli, args: &crate::cli::TestArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let Some((settings, rules)) = setup_with(cli, env, &args.packs, env.stderr_is_terminal)? else {
        return Ok(EXIT_TROUBLE);
    };
    let wanted_packs: Vec<String> = if args.packs.is_empty() {
        let in_use = settings.packs.len();
        rules
            .packs
            .iter()
            .take(in_use)
            .map(|p| p.id.clone())
            .collect()
    } else {
        rules
            .packs
            .iter()
            .filter(|p| {
                args.packs.iter().any(|a| {
                    *a == p.id
                        || *a == p.origin
                        || p.origin.ends_with(a.as_str())
                        || a.strip_prefix("builtin:") == Some(p.id.as_str())
                })
            })
            .map(|p| p.id.clone())
            .collect()
    };
    let outcome = crate::examples::run(&rules, |i| wanted_packs.contains(&rules.rules[i].pack));
    write!(env.stdout, "{}", outcome.to_text())?;
    env.stdout.flush()?;
    Ok(if outcome.misses.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}

fn init(args: &crate::cli::InitArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let text = crate::init::starter();
    if args.stdout {
        write!(env.stdout, "{text}")?;
        return Ok(EXIT_CLEAN);
    }
    let path = env.cwd.join(crate::config::FILE_NAME);
    if path.exists() && !args.force {
        writeln!(
            env.stderr,
            "error: {} already exists; use --force to replace it, or --stdout to print the starter configuration",
            crate::config::FILE_NAME
        )?;
        return Ok(EXIT_TROUBLE);
    }
    if let Err(e) = std::fs::write(&path, text) {
        writeln!(
            env.stderr,
            "error: cannot write {}: {}",
            path.display(),
            io_message(&e)
        )?;
        return Ok(EXIT_TROUBLE);
    }
    writeln!(
        env.stdout,
        "Wrote {}. Run `healthlint check` to use it.",
        crate::config::FILE_NAME
    )?;
    Ok(EXIT_CLEAN)
}

fn schema(args: &crate::cli::SchemaArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let value = match args.kind {
        crate::cli::SchemaKind::Pack => crate::schema::pack(),
        crate::cli::SchemaKind::Config => crate::schema::config(),
        crate::cli::SchemaKind::Both => crate::schema::combined(),
    };
    serde_json::to_writer_pretty(&mut *env.stdout, &value)?;
    writeln!(env.stdout)?;
    Ok(EXIT_CLEAN)
}

/// What to lint: a file, or the text read from standard input.
enum Input {
    File(Target),
    Stdin { name: String, format: Format },
}

/// The result of linting one input.
struct Outcome {
    /// The file's name as reported.
    name: String,
    report: FileReport,
    error: Option<String>,
    warning: Option<String>,
}

fn check(cli: &Cli, args: &CheckArgs, env: &mut Env<'_>) -> io::Result<u8> {
    let err_color = args.color.enabled(env.stderr_is_terminal);
    let Some((settings, rules)) = setup(cli, env, err_color)? else {
        return Ok(EXIT_TROUBLE);
    };
    if let Some(path) = &args.show_settings {
        write!(
            env.stdout,
            "{}",
            show_settings(&settings, &rules, path, &env.cwd)
        )?;
        return Ok(EXIT_CLEAN);
    }
    let mut baseline = match &args.baseline {
        Some(path) => match crate::baseline::Baseline::load(&env.cwd.join(path)) {
            Ok(b) => Some(b),
            Err(e) => {
                writeln!(env.stderr, "error: {e}")?;
                return Ok(EXIT_TROUBLE);
            }
        },
        None => None,
    };
    let mut reads_stdin = false;
    let mut paths = args.paths.clone();
    let listed = match &args.files_from {
        Some(list) => {
            let text = if list == Path::new("-") {
                let mut text = String::new();
                env.stdin.read_to_string(&mut text)?;
                text
            } else {
                match std::fs::read_to_string(env.cwd.join(list)) {
                    Ok(t) => t,
                    Err(e) => {
                        writeln!(
                            env.stderr,
                            "error: {}: cannot read the file list: {}",
                            list.display(),
                            io_message(&e)
                        )?;
                        return Ok(EXIT_TROUBLE);
                    }
                }
            };
            let listed: Vec<PathBuf> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            let (targets, skipped) = walk::listed(&listed, &settings, &env.cwd);
            if !args.quiet {
                for (path, why) in &skipped {
                    writeln!(env.stderr, "note: skipped {}: {why}", path.display())?;
                }
            }
            Some(targets)
        }
        None => {
            if paths.is_empty() {
                paths.push(PathBuf::from(if args.stdin_filename.is_some() {
                    "-"
                } else {
                    "."
                }));
            }
            reads_stdin = paths.iter().any(|p| p == Path::new("-"));
            paths.retain(|p| p != Path::new("-"));
            None
        }
    };
    let mut trouble = false;
    let mut stdin_text = None;
    let mut stdin_input = None;
    if reads_stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".into());
        let format = args
            .stdin_filename
            .as_deref()
            .and_then(|n| settings.format_of(Path::new(n)))
            .unwrap_or(Format::Markdown);
        let mut bytes = Vec::new();
        env.stdin.read_to_end(&mut bytes)?;
        stdin_text = Some(bytes);
        stdin_input = Some(Ok(Input::Stdin { name, format }));
    }
    // Files are found as they are needed: the walk runs a step at a time beside the linting.
    let files: Box<dyn Iterator<Item = Result<walk::Target, walk::WalkError>> + Send> = match listed
    {
        Some(targets) => Box::new(targets.into_iter().map(Ok)),
        None => Box::new(walk::walk(&paths, &settings, &env.cwd)),
    };
    let inputs = stdin_input
        .into_iter()
        .chain(files.map(|found| found.map(Input::File)));

    let style = Style {
        color: args.color.enabled(env.stdout_is_terminal),
        quiet: args.quiet,
    };
    let mut reporter = report::reporter(args.format, style, report::RuleMeta::all(&rules));
    let keep_source = args.format.needs_source();
    let jobs = args
        .jobs
        .filter(|&j| j > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut summary = Summary::default();
    let cwd = env.cwd.clone();
    let (shared, shared_errors) = crate::shared::Shared::load(&settings);
    for e in &shared_errors {
        writeln!(
            env.stderr,
            "error: shared file {}: {}",
            e.path.display(),
            e.message
        )?;
        trouble = true;
    }
    let lint_one = |input: Result<Input, walk::WalkError>| -> Outcome {
        let input = match input {
            Ok(input) => input,
            Err(e) => {
                return Outcome {
                    name: e.path.clone(),
                    report: FileReport {
                        path: e.path.clone(),
                        source: None,
                        diagnostics: Vec::new(),
                    },
                    error: Some(format!("{}: {}", e.path, e.message)),
                    warning: None,
                };
            }
        };
        let input = &input;
        let (name, bytes, format, path) = match input {
            Input::Stdin { name, format } => (
                name.clone(),
                Ok(stdin_text.clone().unwrap_or_default()),
                *format,
                PathBuf::from(name),
            ),
            Input::File(t) => (
                t.path.display().to_string(),
                std::fs::read(cwd.join(&t.path)),
                t.format,
                t.path.clone(),
            ),
        };
        let loaded = bytes
            .map_err(|e| io_message(&e))
            .and_then(|bytes| crate::document::load(bytes, format));
        let (text, bad) = match loaded {
            Ok(loaded) => loaded,
            Err(message) => {
                return Outcome {
                    name: name.clone(),
                    report: FileReport {
                        path: name.clone(),
                        source: None,
                        diagnostics: Vec::new(),
                    },
                    error: Some(format!("{name}: {message}")),
                    warning: None,
                };
            }
        };
        let warning = bad.map(|at| {
            let file = SourceFile::new(name.clone(), text.clone());
            let (line, col) = file.line_col(at);
            format!(
                "{name}:{line}:{col}: not valid UTF-8; invalid bytes were replaced and the rest was checked"
            )
        });
        let selection = settings.selection(&rules, &path, &cwd);
        // A file no rule can fire in is not parsed (see `crate::prefilter`); shared text
        // alone never starts a finding.
        let (diagnostics, warning) = if needs_parsing(&rules, &selection, &text, format) {
            let mut document = Document::parse_with(&text, format, &settings.read_options);
            shared.apply(&mut document, &settings.shared_files(&path, &cwd));
            let warning = warning
                .into_iter()
                .chain(parse_warning(&name, &text, &document))
                .reduce(|a, b| format!("{a}\nwarning: {b}"));
            (
                lint_document(&rules, &selection, &name, &text, &document),
                warning,
            )
        } else {
            (Vec::new(), warning)
        };
        let source =
            (keep_source && !diagnostics.is_empty()).then(|| SourceFile::new(name.clone(), text));
        Outcome {
            name: name.clone(),
            report: FileReport {
                path: name,
                source,
                diagnostics,
            },
            error: None,
            warning,
        }
    };
    // `--write-baseline` alone records every finding instead of reporting it; with
    // `--baseline` it keeps the entries still found and new findings are reported.
    let recording = args.write_baseline.is_some() && baseline.is_none();
    let mut recorded = Vec::new();
    let stdout = &mut *env.stdout;
    let stderr = &mut *env.stderr;
    let mut sink = |outcome: Outcome| -> io::Result<()> {
        if let Some(e) = &outcome.error {
            writeln!(stderr, "error: {e}")?;
            trouble = true;
            return Ok(());
        }
        if let Some(w) = &outcome.warning {
            writeln!(stderr, "warning: {w}")?;
            trouble = true;
        }
        let mut report = outcome.report;
        if let Some(b) = baseline.as_mut() {
            b.filter(&outcome.name, &mut report.diagnostics);
        }
        if recording {
            recorded.extend(crate::baseline::entries(&report.diagnostics));
            report.diagnostics.clear();
        }
        summary.add(&report.diagnostics);
        reporter.file(stdout, &report)
    };
    crate::parallel::ordered(inputs, jobs, lint_one, &mut sink)?;
    for (slot, message) in rules.matcher.broken() {
        let rule = &rules.rules[rules.slot_rule[slot as usize]];
        writeln!(
            stderr,
            "error: the patterns of `{}` could not be compiled ({message}); files were checked without it",
            rule.id
        )?;
        trouble = true;
    }
    reporter.finish(stdout, &summary)?;
    stdout.flush()?;
    if let Some(b) = &baseline {
        let stale = b.stale();
        writeln!(
            stderr,
            "note: {} finding{} in the baseline not reported; {stale} baseline entr{} no longer occur{}",
            b.suppressed,
            if b.suppressed == 1 { "" } else { "s" },
            if stale == 1 { "y" } else { "ies" },
            if stale == 1 { "s" } else { "" },
        )?;
        if stale > 0 && args.write_baseline.is_none() {
            writeln!(
                stderr,
                "help: shrink the baseline with `--baseline FILE --write-baseline FILE`"
            )?;
        }
    }
    if let Some(path) = &args.write_baseline {
        let entries = match &baseline {
            Some(b) => b.shrunk(),
            None => recorded,
        };
        match crate::baseline::write(&env.cwd.join(path), entries) {
            Ok(n) => writeln!(
                stderr,
                "note: wrote {n} finding{} to {}",
                if n == 1 { "" } else { "s" },
                path.display()
            )?,
            Err(e) => {
                writeln!(stderr, "error: {e}")?;
                trouble = true;
            }
        }
    }
    let failing = summary.errors
        + if args.fail_on.severity() <= crate::diagnostic::Severity::Warning {
            summary.warnings
        } else {
            0
        };
    let too_many_warnings = args.max_warnings.is_some_and(|max| summary.warnings > max);
    if too_many_warnings && let Some(max) = args.max_warnings {
        writeln!(
            stderr,
            "error: {} warning{}, more than --max-warnings {max}",
            summary.warnings,
            if summary.warnings == 1 { "" } else { "s" }
        )?;
    }
    Ok(if trouble {
        EXIT_TROUBLE
    } else if (failing > 0 || too_many_warnings) && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// A warning for a file the parser could not read completely: where, and what was checked.
fn parse_warning(name: &str, text: &str, document: &Document) -> Option<String> {
    let e = document.parse_error.as_ref()?;
    let (line, col) = SourceFile::new(name.to_string(), text.to_string()).line_col(e.at);
    let checked = if e.recovered {
        "the copy around it was read and checked"
    } else {
        "its copy was not checked"
    };
    Some(format!(
        "{name}:{line}:{col}: cannot be parsed as {}: {}; {checked}",
        document.format, e.message
    ))
}

/// `check --show-settings PATH`: what applies to one file, and where it comes from.
fn show_settings(settings: &Settings, rules: &RuleSet, path: &Path, cwd: &Path) -> String {
    use std::fmt::Write as _;
    let selection = settings.selection(rules, path, cwd);
    let mut out = String::new();
    let _ = writeln!(out, "Settings for {}", path.display());
    let _ = writeln!(
        out,
        "configuration: {}",
        settings
            .config
            .as_ref()
            .map_or("none (built-in defaults)".to_string(), |c| c.name.clone())
    );
    let overrides = settings.matching_overrides(path, cwd);
    let _ = writeln!(
        out,
        "overrides applied: {}",
        if overrides.is_empty() {
            "none".to_string()
        } else {
            overrides
                .iter()
                .map(|n| format!("#{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let _ = writeln!(
        out,
        "profile: {} (unless the file's front matter sets `profile:`)",
        selection.profile
    );
    let shared = settings.shared_files(path, cwd);
    if !shared.is_empty() {
        let names: Vec<String> = shared.iter().map(|p| p.display().to_string()).collect();
        let _ = writeln!(out, "shared files: {}", names.join(", "));
    }
    let included = settings.is_included(path, cwd);
    let _ = writeln!(
        out,
        "checked when its folder is walked: {}",
        if included {
            "yes"
        } else {
            "no (include/exclude)"
        }
    );
    let mut packs: Vec<&str> = Vec::new();
    let mut lines = Vec::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        let level = selection.levels[i];
        if level.marketing == crate::rules::spec::Level::Off
            && level.editorial == crate::rules::spec::Level::Off
        {
            continue;
        }
        if !packs.contains(&rule.pack.as_str()) {
            packs.push(&rule.pack);
        }
        lines.push(format!(
            "  {:<52} {} / {}",
            rule.id,
            level.marketing.name(),
            level.editorial.name()
        ));
    }
    let _ = writeln!(out, "packs: {}", packs.join(", "));
    let _ = writeln!(out, "rules (marketing / editorial):");
    for l in lines {
        let _ = writeln!(out, "{l}");
    }
    out
}
