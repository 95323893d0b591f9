//! The `healthlint` binary: parse arguments, run, exit with the outcome's code.

use clap::Parser;
use healthlint::app::{self, Env};
use healthlint::cli::Cli;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let mut stdin = std::io::stdin().lock();
    let mut env = Env {
        stdout_is_terminal: std::io::stdout().is_terminal(),
        stderr_is_terminal: std::io::stderr().is_terminal(),
        stdout: &mut out,
        stderr: &mut err,
        stdin: &mut stdin,
        cwd: std::env::current_dir().unwrap_or_else(|_| ".".into()),
    };
    ExitCode::from(app::run(cli, &mut env))
}
