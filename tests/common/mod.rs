//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared` beside the checkout (or `$PMLINT_SHARED`), when present.
///
/// A user's clone has no `../shared`: then tests that read it print a note and return `None`,
/// except under CI (`CI=true`), where its absence is a failure.
pub fn shared_dir(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("PMLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.is_dir() {
        return Some(dir);
    }
    skip(
        what,
        &format!(
            "{} is not present (it exists beside the project's own checkout only)",
            dir.display()
        ),
    );
    None
}

/// Prints `note: skipping {what}: {reason}` on standard error, or panics under CI (`CI=true`),
/// where everything a test needs is installed and a skip would hide a failure.
pub fn skip(what: &str, reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what}: {reason}, and CI=true");
    }
    eprintln!("note: skipping {what}: {reason}");
}

/// Whether `program --version` runs; when it does not, [`skip`]s `what` (a failure under CI).
pub fn tool_available(program: &str, what: &str) -> bool {
    let runs = std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        skip(what, &format!("`{program}` is not on PATH"));
    }
    runs
}

/// Whether `help_text` (a flag such as `--fix`, or a value such as `sarif`) appears in the
/// `pmlint --help` of the pmlint under test; when it does not, prints `note: skipping {what}: …` (also under CI: a flag the binary lacks is
/// the branch's state, not the machine's).
pub fn pmlint_supports(help_text: &str, what: &str) -> bool {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pmlint"))
        .arg("--help")
        .output()
        .expect("pmlint --help runs");
    let supported = String::from_utf8_lossy(&out.stdout).contains(help_text);
    if !supported {
        eprintln!("note: skipping {what}: this pmlint has no `{help_text}` in --help yet");
    }
    supported
}

/// The crate's directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The ```yaml blocks of README.md, parsed; panics on one that is not valid YAML.
pub fn readme_yaml_blocks() -> Vec<serde_norway::Value> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + "```yaml\n".len()..];
        let end = body.find("```").expect("a closed ```yaml block");
        blocks.push(
            serde_norway::from_str(&body[..end]).unwrap_or_else(|e| {
                panic!("README.md has a ```yaml block that does not parse: {e}")
            }),
        );
        rest = &body[end..];
    }
    blocks
}

/// Every `.md` file under `dir` (recursively), in a stable order (sorted by path within each
/// folder), appended to `out`. Panics if a folder cannot be read: the callers' folders are the
/// crate's own.
pub fn markdown_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}
