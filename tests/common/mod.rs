//! Helpers shared by the integration tests.

#![allow(dead_code)]

use assert_cmd::Command;
use tempfile::TempDir;

/// The binary, without colour, as a user's terminal would not colour a pipe.
pub fn healthlint() -> Command {
    let mut cmd = Command::cargo_bin("healthlint").expect("binary is built");
    cmd.env_remove("NO_COLOR").env("TERM", "dumb");
    cmd
}

/// A temporary folder with the given files, for runs that must not see any other configuration.
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
        std::fs::write(path, text).expect("write file");
    }
    dir
}
