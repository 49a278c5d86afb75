//! What `cargo install` users get besides linting: `pmlint completions SHELL`, `pmlint man`,
//! and a package that ships the embedded rule docs but not the fixtures.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn pmlint() -> Command {
    let mut c = Command::cargo_bin("pmlint").unwrap();
    c.current_dir(common::root());
    c
}

fn stdout_of(args: &[&str]) -> String {
    let out = pmlint().args(args).assert().code(0).get_output().clone();
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

#[test]
fn completions_for_every_shell_name_pmlint() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(
            script.lines().count() > 10,
            "{shell}: completion script is only {} lines",
            script.lines().count()
        );
        assert!(
            script.contains("pmlint"),
            "{shell}: script never names pmlint"
        );
        assert!(
            script.contains("fail-on"),
            "{shell}: script lacks --fail-on"
        );
    }
}

#[test]
fn bash_completions_offer_the_subcommands_and_format_values() {
    let script = stdout_of(&["completions", "bash"]);
    assert!(
        script.contains("complete -F _pmlint"),
        "not a bash completion script"
    );
    for sub in ["rules", "explain", "completions", "man"] {
        assert!(
            script.contains(&format!("pmlint,{sub})")),
            "bash completions lack the `{sub}` subcommand"
        );
    }
    assert!(
        script.contains("human short json"),
        "bash completions lack the --format values"
    );
}

#[test]
fn completions_reject_an_unknown_shell() {
    pmlint()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tcsh"));
}

#[test]
fn man_page_is_roff_with_options_subcommands_and_exit_status() {
    let page = stdout_of(&["man"]);
    assert!(
        page.contains(".TH pmlint 1"),
        "no .TH title line for pmlint(1)"
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "man page lacks `{section}`");
    }
    assert!(
        page.contains("\\fB\\-\\-format\\fR"),
        "man page lacks --format"
    );
    assert!(
        page.contains("\\fBpmlint explain\\fR \\fIRULE\\fR"),
        "man page lacks `pmlint explain RULE`"
    );
    assert!(
        !page.contains("pmlint\\-explain(1)"),
        "man page refers to a pmlint-explain(1) page that is not shipped"
    );
}

/// `cargo package --list`: the rule docs and profiles are embedded with `include_str!`, so the
/// package must carry `rules/`; fixtures and tests must stay out of it.
#[test]
fn package_ships_sources_rule_docs_and_licenses_but_not_fixtures() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(common::root())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo package --list failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> = list.lines().collect();
    for wanted in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "rules/PM301.md",
        "rules/profiles/default.toml",
    ] {
        assert!(files.contains(&wanted), "package lacks {wanted}: {files:?}");
    }
    let stray: Vec<_> = files
        .iter()
        .filter(|f| f.starts_with("fixtures/") || f.starts_with("tests/") || f.starts_with(".ci/"))
        .collect();
    assert!(stray.is_empty(), "package carries test material: {stray:?}");
}
