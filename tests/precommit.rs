//! The hooks of `.pre-commit-hooks.yaml`, run the way users run them: `pre-commit try-repo` in a
//! scratch git repository holding a broken and a clean postmortem.
//!
//! `try-repo` installs the hooks from a commit, so the test copies this checkout's working tree
//! (tracked and untracked files, minus ignored ones) into a temporary repository and commits it
//! there: what is tested is the code on disk, committed or not.
//!
//! Runs only when `pre-commit` is on PATH (a note otherwise; under `CI=true` that is a failure,
//! and `.ci/run` installs it). Slow the first time: `language: rust` builds pmlint with
//! `cargo install`; the build directory is kept in `target/pre-commit` so later runs rebuild only
//! pmlint itself.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BROKEN: &str = "fixtures/examples/broken-postmortem.md";
const CLEAN: &str = "fixtures/examples/clean-postmortem.md";

/// Runs `git args…` in `dir` with a fixed identity and no signing or hooks; panics on failure.
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=pmlint test",
            "-c",
            "user.email=pmlint@localhost",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Copies the checkout's working tree (`git ls-files --cached --others --exclude-standard`) to
/// `dest` and commits it there as one commit. `None` (with a note) when the crate is not a git
/// checkout, as in an unpacked `cargo package`.
fn commit_working_tree(dest: &Path) -> Option<()> {
    let root = common::root();
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(listed) = listed else {
        common::skip(
            "pre-commit hook test",
            &format!("{} is not a git checkout", root.display()),
        );
        return None;
    };
    for name in String::from_utf8(listed.stdout)
        .unwrap()
        .split_terminator('\0')
    {
        let from = root.join(name);
        if !from.is_file() {
            continue; // tracked but deleted in the working tree
        }
        let to = dest.join(name);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&from, &to).unwrap();
    }
    git(dest, &["init", "-q"]);
    git(dest, &["add", "-A"]);
    git(dest, &["commit", "-q", "--no-verify", "-m", "working tree"]);
    Some(())
}

/// A git repository with `postmortems/broken.md` and `postmortems/clean.md`, staged.
fn project_with_postmortems(dir: &Path) {
    let root = common::root();
    fs::create_dir_all(dir.join("postmortems")).unwrap();
    fs::copy(root.join(BROKEN), dir.join("postmortems/broken.md")).unwrap();
    fs::copy(root.join(CLEAN), dir.join("postmortems/clean.md")).unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
}

/// `pre-commit try-repo HOOK_REPO HOOK --files FILE` in `project`; returns the exit status and
/// the combined output. pre-commit's own store goes to a scratch `PRE_COMMIT_HOME`; cargo's
/// build directory is `target/pre-commit`, shared between runs.
fn try_repo(
    hook_repo: &Path,
    hook: &str,
    project: &Path,
    file: &str,
    home: &Path,
) -> (i32, String) {
    let out = Command::new("pre-commit")
        .args([
            "try-repo",
            hook_repo.to_str().unwrap(),
            hook,
            "--files",
            file,
        ])
        .current_dir(project)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", common::root().join("target/pre-commit"))
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("SKIP")
        .output()
        .expect("pre-commit runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

struct Scratch {
    _dir: tempfile::TempDir,
    hook_repo: PathBuf,
    project: PathBuf,
    home: PathBuf,
}

/// The committed copy of this checkout, the project with two postmortems, and a pre-commit home;
/// `None` when pre-commit or git is missing (see the module doc).
fn scratch(what: &str) -> Option<Scratch> {
    if !common::tool_available("pre-commit", what) || !common::tool_available("git", what) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let (hook_repo, project, home) = (
        dir.path().join("pmlint"),
        dir.path().join("project"),
        dir.path().join("pre-commit-home"),
    );
    fs::create_dir_all(&hook_repo).unwrap();
    fs::create_dir_all(&project).unwrap();
    commit_working_tree(&hook_repo)?;
    project_with_postmortems(&project);
    Some(Scratch {
        _dir: dir,
        hook_repo,
        project,
        home,
    })
}

#[derive(Debug, serde::Deserialize)]
struct Hook {
    id: String,
    entry: String,
    language: String,
    types: Vec<String>,
}

/// `.pre-commit-hooks.yaml` (<https://pre-commit.com/#new-hooks>).
fn hooks() -> Vec<Hook> {
    let text = fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    serde_norway::from_str(&text).expect(".pre-commit-hooks.yaml parses")
}

#[test]
fn hooks_file_declares_the_check_and_fix_hooks_for_markdown() {
    let hooks = hooks();
    let summary: Vec<(&str, &str)> = hooks
        .iter()
        .map(|h| (h.id.as_str(), h.entry.as_str()))
        .collect();
    assert_eq!(
        summary,
        [("pmlint", "pmlint"), ("pmlint-fix", "pmlint --fix")]
    );
    for h in &hooks {
        assert_eq!(h.language, "rust", "hook {}", h.id);
        assert_eq!(h.types, ["markdown"], "hook {}", h.id);
    }
}

#[test]
fn readme_configuration_names_hooks_of_this_repository() {
    let ids: Vec<String> = hooks().into_iter().map(|h| h.id).collect();
    let config = common::readme_yaml_blocks()
        .into_iter()
        .find(|b| b.get("repos").is_some())
        .expect("README.md has a .pre-commit-config.yaml");
    for repo in config["repos"].as_sequence().unwrap() {
        assert!(
            repo["rev"].is_string(),
            "the README's repo entry has no rev"
        );
        for hook in repo["hooks"].as_sequence().unwrap() {
            let id = hook["id"].as_str().unwrap();
            assert!(
                ids.iter().any(|i| i == id),
                "the README names hook `{id}`, not in {ids:?}"
            );
        }
    }
}

#[test]
fn pmlint_hook_fails_on_a_broken_postmortem_and_passes_on_a_clean_one() {
    let Some(s) = scratch("pre-commit hook test") else {
        return;
    };

    let (code, out) = try_repo(
        &s.hook_repo,
        "pmlint",
        &s.project,
        "postmortems/broken.md",
        &s.home,
    );
    assert_eq!(code, 1, "the hook passed on a broken postmortem:\n{out}");
    assert!(
        out.contains("Failed"),
        "pre-commit did not report a failed hook:\n{out}"
    );
    assert!(
        out.contains("PM301 timeline-out-of-order") && out.contains("postmortems/broken.md"),
        "the hook's report lacks the PM301 finding in postmortems/broken.md:\n{out}"
    );

    let (code, out) = try_repo(
        &s.hook_repo,
        "pmlint",
        &s.project,
        "postmortems/clean.md",
        &s.home,
    );
    assert_eq!(code, 0, "the hook failed on a clean postmortem:\n{out}");
    assert!(
        out.contains("Passed"),
        "pre-commit did not report a passed hook:\n{out}"
    );
}

#[test]
fn pmlint_fix_hook_rewrites_what_it_can_and_fails_on_what_is_left() {
    if !common::pmlint_supports("--fix", "pre-commit pmlint-fix hook test") {
        return;
    }
    let Some(s) = scratch("pre-commit pmlint-fix hook test") else {
        return;
    };
    let file = s.project.join("postmortems/broken.md");
    let before = fs::read_to_string(&file).unwrap();

    let (code, out) = try_repo(
        &s.hook_repo,
        "pmlint-fix",
        &s.project,
        "postmortems/broken.md",
        &s.home,
    );
    assert_eq!(
        code, 1,
        "the fix hook passed on a broken postmortem:\n{out}"
    );
    assert!(
        out.contains("files were modified by this hook"),
        "pre-commit saw no file modified by the fix hook:\n{out}"
    );
    assert_ne!(
        fs::read_to_string(&file).unwrap(),
        before,
        "the fix hook left the file as it was"
    );

    // PM102 (bold title) and PM403 (GitHub blob URL) have safe fixes; PM301 has none.
    let after = Command::new(env!("CARGO_BIN_EXE_pmlint"))
        .args(["--format", "short", "--select", "PM102,PM403,PM301"])
        .arg(&file)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&after.stdout);
    assert!(
        !report.contains("PM102") && !report.contains("PM403"),
        "safe fixes were not applied:\n{report}"
    );
    assert!(
        report.contains("PM301"),
        "the unfixable PM301 finding disappeared:\n{report}"
    );
}
