//! The engine's shortcuts change nothing a user sees: a folder run reports what runs over each
//! of its files report, and files skipped without parsing (no rule can fire in them) are the
//! files where parsing finds nothing.

mod common;

use common::{healthlint, tree};
use std::collections::BTreeSet;
use std::path::Path;

/// Every file the default formats read, under the folders the tests own.
fn files() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["fixtures", "tests/data/cdc"] {
        for entry in std::fs::read_dir(dir).expect("folder exists") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                out.push(path.display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// The concise lines of a run, without the summary.
fn lines(args: &[&str], cwd: &Path) -> BTreeSet<String> {
    let out = healthlint()
        .current_dir(cwd)
        .args(["check", "--format", "concise", "--quiet"])
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_folder_run_reports_what_single_file_runs_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let all = files();
    let mut args = vec!["--isolated"];
    args.extend(all.iter().map(String::as_str));
    let together = lines(&args, root);
    let mut alone = BTreeSet::new();
    for file in &all {
        alone.extend(lines(&["--isolated", "--jobs", "1", file], root));
    }
    assert!(
        together.len() > 40,
        "the fixtures have findings: {together:?}"
    );
    assert_eq!(together, alone);
}

#[test]
fn files_skipped_without_parsing_are_those_with_nothing_to_find() {
    // With only banned rules on, files whose text cannot hold a match are not parsed; with a
    // required rule on as well, every file is. The banned rule's findings must be the same.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let only_banned = tree(&[(
        "healthlint.toml",
        "extends = [\"builtin:us-fda-ftc\", \"builtin:editorial\"]\n[rules]\n\"us-fda-ftc/*\" = \"off\"\n\"editorial/*\" = \"off\"\n\"us-fda-ftc/disease-claim\" = \"error\"\n\"us-fda-ftc/miracle-cure\" = \"error\"\n",
    )]);
    let with_required = tree(&[(
        "healthlint.toml",
        "extends = [\"builtin:us-fda-ftc\", \"builtin:editorial\"]\n[rules]\n\"us-fda-ftc/*\" = \"off\"\n\"editorial/*\" = \"off\"\n\"us-fda-ftc/disease-claim\" = \"error\"\n\"us-fda-ftc/miracle-cure\" = \"error\"\n\"editorial/medical-advice-disclaimer\" = \"warning\"\n",
    )]);
    let all = files();
    let run = |config: &Path| {
        let config = config.join("healthlint.toml");
        let mut args = vec!["--config", config.to_str().expect("UTF-8 path")];
        args.extend(all.iter().map(String::as_str));
        lines(&args, root)
    };
    let banned = run(only_banned.path());
    let full: BTreeSet<String> = run(with_required.path())
        .into_iter()
        .filter(|l| !l.contains("medical-advice-disclaimer"))
        .collect();
    assert!(
        banned.iter().any(|l| l.contains("disease-claim")),
        "{banned:?}"
    );
    assert_eq!(banned, full);
}

#[test]
fn text_outside_the_markup_stream_is_found_without_parsing_too() {
    // Claims in `alt` and `title` text, behind character references, in MDX component
    // attributes, and false ones inside scripts: the shortcut must agree with the full parse.
    let banned = "extends = [\"builtin:us-fda-ftc\"]\n[rules]\n\"us-fda-ftc/*\" = \"off\"\n\"us-fda-ftc/disease-claim\" = \"error\"\n";
    let docs = [
        (
            "alt.html",
            "<html><body><p>Our tea <img alt=\"This tea cures cancer\" src=\"t.png\"> today.</p></body></html>\n",
        ),
        (
            "title.html",
            "<p><a href=\"/t\" title='Our tonic cures diabetes'>Tonic</a></p>\n",
        ),
        (
            "reference.html",
            "<p>Our tonic&nbsp;cures&#32;diabetes &minus; fast.</p>\n",
        ),
        (
            "script.html",
            "<script>var claim = \"This tea cures cancer\";</script><p>Tea.</p>\n",
        ),
        (
            "component.mdx",
            "# Tea\n\n<Callout title=\"Our tea cures cancer\">Read on.</Callout>\n",
        ),
    ];
    let mut files: Vec<(&str, &str)> = docs.to_vec();
    files.push(("healthlint.toml", banned));
    let shortcut = tree(&files);
    let mut with_required = docs.to_vec();
    let full_config = banned.replace(
        "[\"builtin:us-fda-ftc\"]",
        "[\"builtin:us-fda-ftc\", \"builtin:editorial\"]",
    ) + "\"editorial/*\" = \"off\"\n\"editorial/medical-advice-disclaimer\" = \"warning\"\n";
    with_required.push(("healthlint.toml", &full_config));
    let parsed = tree(&with_required);
    let quick = lines(&["."], shortcut.path());
    let full: BTreeSet<String> = lines(&["."], parsed.path())
        .into_iter()
        .filter(|l| !l.contains("medical-advice-disclaimer"))
        .collect();
    assert_eq!(quick, full);
    for file in ["alt.html", "title.html", "reference.html"] {
        assert!(
            quick.iter().any(|l| l.contains(file)),
            "{file} has a claim: {quick:?}"
        );
    }
    assert!(
        !quick.iter().any(|l| l.contains("script.html")),
        "{quick:?}"
    );
}
