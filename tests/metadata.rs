//! `metadata` rules: front-matter fields present and not empty, and a review date that is a
//! date, not in the future and not stale; each finding points at its line.

use assert_cmd::Command;

fn check(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let config = "[rules]\n\"editorial/medical-review\" = \"warning\"\n\"editorial/medical-advice-disclaimer\" = \"off\"\n";
    std::fs::write(dir.path().join("healthlint.toml"), config).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = Command::cargo_bin("healthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "--quiet", "."])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            // path:line:col and the message, without the severity and rule.
            let (place, rest) = l.split_once(": ").unwrap();
            let message = rest.split_once("] ").map_or(rest, |(_, m)| m);
            format!("{place} {message}")
        })
        .collect()
}

#[test]
fn each_metadata_problem_points_at_its_line() {
    let found = check(&[
        (
            "missing.md",
            "---\ntitle: Statins\nlast_reviewed: 2026-11-01\n---\nText.\n",
        ),
        (
            "empty.md",
            "---\ntitle: Statins\nreviewed_by:   \nlast_reviewed: 2026-11-01\n---\nText.\n",
        ),
        (
            "stale.md",
            "---\nreviewed_by: Dr. Ana Ruiz\nlast_reviewed: 2001-03-01\n---\nText.\n",
        ),
        (
            "future.md",
            "+++\nreviewed_by = \"Dr. Ana Ruiz\"\nlast_reviewed = \"2999-03-01\"\n+++\nText.\n",
        ),
        (
            "malformed.md",
            "---\r\nreviewed_by: Dr. Ana Ruiz\r\nlast_reviewed: March 2026\r\n---\r\nText.\r\n",
        ),
        ("none.md", "Text without front matter.\n"),
        (
            "fine.md",
            "---\nreviewed_by: Dr. Ana Ruiz\nlast_reviewed: 2026-11-30T09:00:00Z\n---\nText.\n",
        ),
    ]);
    let expected = [
        "empty.md:3:1 `reviewed_by` is empty; fill it in.",
        "future.md:3:17 `last_reviewed` is 2999-03-01, a date in the future; write the date the review happened.",
        "malformed.md:3:16 `last_reviewed: March 2026` is not a date; write it as YYYY-MM-DD, e.g. `last_reviewed: 2026-03-01`.",
        "missing.md:1:1 The front matter has no `reviewed_by`; add it, e.g. `reviewed_by: ...`.",
    ];
    for e in expected {
        assert!(
            found.iter().any(|f| f == e),
            "{e}\nnot in:\n{}",
            found.join("\n")
        );
    }
    let stale = found
        .iter()
        .find(|f| f.starts_with("stale.md:3:16 `last_reviewed` is 2001-03-01, "))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(stale.ends_with("reviews older than 365 days are stale. Have the article reviewed again and update the date."), "{stale}");
    assert_eq!(
        found
            .iter()
            .filter(|f| f.starts_with("none.md:1:1 "))
            .count(),
        2,
        "both fields missing: {found:#?}"
    );
    assert!(
        !found.iter().any(|f| f.starts_with("fine.md")),
        "{found:#?}"
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}
