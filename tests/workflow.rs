//! Team workflow: suppression directives and their audit, baselines, file lists, warning
//! budgets, per-path overrides and `--show-settings`.

use assert_cmd::Command;
use std::path::Path;

mod common;
use common::tree;

fn healthlint(dir: &Path) -> Command {
    let mut cmd = common::healthlint();
    cmd.current_dir(dir);
    cmd
}

/// Run `check --format concise` with extra arguments; (exit code, stdout lines, stderr).
fn concise(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = healthlint(dir)
        .args(["check", "--format", "concise", "--quiet"])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `line:col rule` of every diagnostic line.
fn found(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let (_, line, col, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let rule = rest.split('[').nth(1)?.split(']').next()?;
            Some(format!("{line}:{col} {rule}"))
        })
        .collect()
}

const NO_DISCLAIMER: &str = "[rules]\n\"editorial/medical-advice-disclaimer\" = \"off\"\n";

#[test]
fn each_directive_form_suppresses_its_scope_only() {
    let text = "\
<!-- healthlint-disable-next-line us-fda-ftc/disease-claim -- quoting the FDA warning letter -->

Our tea cures cancer.
Our tea cures gout.

<!-- healthlint-disable us-fda-ftc -- a list of claims regulators cited -->
Our pill heals diabetes.
Our pill treats asthma.
<!-- healthlint-enable us-fda-ftc -->
Our pill treats eczema.

<!-- healthlint-disable-next-line us-fda-ftc/* -- glob -->
Our oil cures arthritis.

```markdown
<!-- healthlint-disable-file -- an example inside code does nothing -->
```
";
    let dir = tree(&[("healthlint.toml", NO_DISCLAIMER), ("a.md", text)]);
    let (code, lines, _) = concise(dir.path(), &["a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&lines),
        [
            "4:9 us-fda-ftc/disease-claim",
            "10:10 us-fda-ftc/disease-claim"
        ]
    );
    let whole = format!(
        "{text}\n<!-- healthlint-disable-file us-fda-ftc/disease-claim -- until 2999-01-01: legal approved this page -->\n"
    );
    std::fs::write(dir.path().join("a.md"), whole).unwrap();
    let (code, lines, _) = concise(dir.path(), &["a.md"]);
    assert_eq!((code, found(&lines)), (0, Vec::<String>::new()));
}

#[test]
fn directives_are_audited() {
    let text = "\
<!-- healthlint-disable-next-line us-fda-ftc/disease-claim -->
Our tea cures cancer.

<!-- healthlint-disable-next-line us-fda-ftc/disease-claim -- until 2020-01-01: launch waiver -->
Our pill heals diabetes.

<!-- healthlint-disable-next-line us-fda-ftc/disease-clam -- typo in the id -->
Our pill treats asthma.

<!-- healthlint-disable-next-line editorial -- nothing to suppress -->
Drink water.

<!-- healthlint-disabel us-fda-ftc -- misspelt -->

<!-- healthlint-enable editorial -->

<!-- healthlint-disable eu -- until 2027-02-30: no such day -->
";
    let dir = tree(&[("healthlint.toml", NO_DISCLAIMER), ("a.md", text)]);
    let (code, lines, _) = concise(dir.path(), &["a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&lines),
        [
            "1:1 healthlint/directive-without-reason",
            "4:1 healthlint/directive-expired",
            "5:10 us-fda-ftc/disease-claim",
            "7:1 healthlint/directive-unknown-rule",
            "8:10 us-fda-ftc/disease-claim",
            "10:1 healthlint/directive-unused",
            "13:1 healthlint/directive-malformed",
            "15:1 healthlint/directive-unused",
            "17:1 healthlint/directive-malformed",
        ]
    );
    let all = lines.join("\n");
    assert!(all.contains("expired on 2020-01-01"), "{all}");
    assert!(
        all.contains("`us-fda-ftc/disease-clam` is not a rule or pack in use"),
        "{all}"
    );
    assert!(all.contains("YYYY-MM-DD"), "{all}");
    // The directive without a reason still suppresses: the line under it is not reported.
    assert!(!all.contains(":2:"), "{all}");
}

#[test]
fn baseline_reports_only_new_findings_after_edits_and_ratchets() {
    let old = "Intro.\n\nOur tea cures cancer.\n\nOur oil heals arthritis.\n";
    let dir = tree(&[("content/a.md", old)]);
    let (code, lines, err) = concise(dir.path(), &["--write-baseline", "baseline.txt", "content"]);
    assert_eq!((code, lines.len()), (0, 0), "{err}");
    assert!(err.contains("wrote 3 findings to baseline.txt"), "{err}");
    let written = std::fs::read_to_string(dir.path().join("baseline.txt")).unwrap();
    let entries: Vec<&str> = written.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(entries.len(), 3);
    let mut sorted = entries.clone();
    sorted.sort();
    assert_eq!(entries, sorted, "entries are sorted");
    assert!(written.contains("content/a.md\tus-fda-ftc/disease-claim\t"));
    assert!(!written.contains("\t3\t"), "no line numbers");

    // Ten lines above the old finding, and one new violation.
    let filler = "A line of filler text.\n".repeat(10);
    let edited =
        format!("Intro.\n\n{filler}Our tea cures cancer.\n\nNew: our gummies cure gout.\n");
    std::fs::write(dir.path().join("content/a.md"), edited).unwrap();
    let (code, lines, err) = concise(dir.path(), &["--baseline", "baseline.txt", "content"]);
    assert_eq!(code, 1);
    assert_eq!(found(&lines), ["15:18 us-fda-ftc/disease-claim"]);
    assert!(lines[0].contains("content/a.md"));
    assert!(
        err.contains("2 findings in the baseline not reported; 1 baseline entry no longer occurs"),
        "{err}"
    );

    // Ratchet: the entry that no longer occurs is dropped, the new finding is not added.
    let (code, _, err) = concise(
        dir.path(),
        &[
            "--baseline",
            "baseline.txt",
            "--write-baseline",
            "baseline.txt",
            "content",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let shrunk = std::fs::read_to_string(dir.path().join("baseline.txt")).unwrap();
    assert_eq!(shrunk.lines().filter(|l| !l.starts_with('#')).count(), 2);
    assert!(!shrunk.contains("heals arthritis"));
    assert!(!shrunk.contains("cure gout"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

#[test]
fn a_broken_baseline_is_reported_with_its_place() {
    let dir = tree(&[
        ("a.md", "Fine.\n"),
        ("base.txt", "# header\nnot a baseline\n"),
    ]);
    let (code, _, err) = concise(dir.path(), &["--baseline", "base.txt", "a.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("base.txt:2:1: not a baseline entry"), "{err}");
    let (code, _, err) = concise(dir.path(), &["--baseline", "missing.txt", "a.md"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.txt: cannot read the baseline"),
        "{err}"
    );
}

#[test]
fn files_from_checks_exactly_the_listed_files() {
    let dir = tree(&[
        ("healthlint.toml", "exclude = [\"drafts/**\"]\n"),
        ("a.md", "Our tea cures cancer.\n"),
        ("b.md", "Our tea cures gout.\n"),
        ("drafts/c.md", "Our tea cures acne.\n"),
        ("list.txt", "a.md\n\ndeleted.md\nsrc/main.rs\ndrafts/c.md\n"),
    ]);
    let (code, lines, err) = concise(dir.path(), &["--files-from", "list.txt"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = lines.iter().filter_map(|l| l.split(':').next()).collect();
    assert!(paths.iter().all(|p| *p == "a.md"), "{lines:?}");
    assert!(!paths.is_empty());
    assert!(err.is_empty(), "--quiet leaves out the notes: {err}");
    let out = healthlint(dir.path())
        .args(["check", "--format", "concise", "--files-from", "-"])
        .write_stdin("b.md\ndeleted.md\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("b.md:1:9:"), "{stdout}");
    assert!(!stdout.contains("a.md"), "{stdout}");
    assert!(
        stderr.contains("skipped deleted.md: not a file"),
        "{stderr}"
    );
    let (code, _, err) = concise(dir.path(), &["--files-from", "nope.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.txt: cannot read the file list"), "{err}");
}

#[test]
fn max_warnings_and_exit_zero_set_the_exit_code() {
    // Two warnings (no disclaimer in each file), no errors.
    let dir = tree(&[("a.md", "Drink water.\n"), ("b.md", "Sleep well.\n")]);
    assert_eq!(concise(dir.path(), &["."]).0, 0);
    assert_eq!(concise(dir.path(), &["--max-warnings", "2", "."]).0, 0);
    let (code, _, err) = concise(dir.path(), &["--max-warnings", "1", "."]);
    assert_eq!(code, 1);
    assert!(
        err.contains("2 warnings, more than --max-warnings 1"),
        "{err}"
    );
    assert_eq!(
        concise(dir.path(), &["--max-warnings", "1", "--exit-zero", "."]).0,
        0
    );
    std::fs::write(dir.path().join("c.md"), "Our tea cures cancer.\n").unwrap();
    assert_eq!(concise(dir.path(), &["."]).0, 1);
    assert_eq!(concise(dir.path(), &["--exit-zero", "."]).0, 0);
    assert_eq!(concise(dir.path(), &["--exit-zero", "missing.md"]).0, 2);
}

#[test]
fn overrides_apply_by_path_and_show_settings_explains_them() {
    let config = "\
[rules]
\"editorial/medical-advice-disclaimer\" = \"off\"

[[overrides]]
paths = [\"shop/**\"]
extends = [\"builtin:us-dshea\"]
profile = \"marketing\"

[[overrides]]
paths = [\"shop/legacy/**\"]
[overrides.rules]
\"us-fda-ftc/disease-claim\" = \"warning\"
";
    let dir = tree(&[
        ("healthlint.toml", config),
        ("blog/a.md", "Magnesium supports sleep.\n"),
        ("shop/b.md", "Magnesium supports sleep.\n"),
        ("shop/legacy/c.md", "Our tea cures cancer.\n"),
    ]);
    let (_, lines, _) = concise(dir.path(), &["."]);
    let has = |prefix: &str| lines.iter().any(|l| l.starts_with(prefix));
    assert!(
        has("shop/b.md:1:1: error[us-dshea/disclaimer]"),
        "{lines:?}"
    );
    assert!(
        has("shop/legacy/c.md:1:9: warning[us-fda-ftc/disease-claim]"),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("blog/")), "{lines:?}");

    let out = healthlint(dir.path())
        .args(["check", "--show-settings", "shop/legacy/c.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("configuration: healthlint.toml"), "{text}");
    assert!(text.contains("overrides applied: #1, #2"), "{text}");
    assert!(text.contains("profile: marketing"), "{text}");
    assert!(text.contains("us-dshea"), "{text}");
    let disease = text
        .lines()
        .find(|l| l.trim_start().starts_with("us-fda-ftc/disease-claim"))
        .expect("rule listed");
    assert!(disease.ends_with("warning / warning"), "{disease}");
    assert!(
        !text.contains("editorial/medical-advice-disclaimer"),
        "{text}"
    );
}

#[test]
fn formats_map_more_extensions_and_bad_names_are_errors() {
    let dir = tree(&[
        (
            "healthlint.toml",
            "[formats]\nmdoc = \"markdown\"\n\".page\" = \"text\"\n",
        ),
        (
            "a.mdoc",
            "Our tea `cures cancer` in code, and our oil cures gout.\n",
        ),
        ("b.page", "Our tea `cures cancer`.\n"),
        ("c.unknown", "Our tea cures cancer.\n"),
    ]);
    let (_, lines, _) = concise(dir.path(), &["."]);
    let found = found(&lines);
    // Markdown: the inline code is not prose; text: it is.
    assert!(
        lines.iter().any(|l| l.starts_with("a.mdoc:1:45:")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("a.mdoc:1:10:")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("b.page:1:10:")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("c.unknown")),
        "{found:?}"
    );
    std::fs::write(
        dir.path().join("healthlint.toml"),
        "[formats]\nmdoc = \"markdwn\"\n",
    )
    .unwrap();
    let (code, _, err) = concise(dir.path(), &["."]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`markdwn` is not a format; expected one of markdown, text, html, mdx, docx"),
        "{err}"
    );
}
