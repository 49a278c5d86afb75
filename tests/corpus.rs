//! Every file of `../shared/seeds` and `../shared/corpus/real` lints without a panic, parses to
//! the same blocks from its masked copy, and the binary's JSON output over them is valid and
//! follows the contract.

mod common;

use pmlint::profile::Profile;
use pmlint::{lint, Settings, SourceFile};
use std::path::PathBuf;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let shared = common::shared_dir("corpus test")?;
    let mut files = Vec::new();
    for dir in ["seeds", "corpus/real"] {
        for e in std::fs::read_dir(shared.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n == "MANIFEST.tsv" || n == "EXPECTED.md")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn no_corpus_file_makes_the_linter_panic() {
    let Some(files) = corpus_files() else { return };
    assert!(files.len() >= 200, "corpus has {} files", files.len());
    let settings = Settings::new(Profile::built_in("default").unwrap());
    let mut panicked = Vec::new();
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let source = SourceFile::from_bytes(p.display().to_string(), &bytes);
        if std::panic::catch_unwind(|| lint(&source, Some(p), &settings)).is_err() {
            panicked.push(p.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "panicked on:\n{}", panicked.join("\n"));
}

/// comrak parses a masked copy of each document (`parse::block_text`): on every real postmortem
/// it has the blocks of the text itself.
#[test]
fn every_corpus_file_has_the_same_blocks_in_its_masked_copy() {
    let Some(files) = corpus_files() else { return };
    let mut differ = Vec::new();
    for p in &files {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
        if let Err(e) = pmlint::parse::check_block_text(&text) {
            differ.push(format!("{}: {e}", p.display()));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn json_output_over_the_corpus_is_valid_and_exit_is_not_2() {
    let Some(files) = corpus_files() else { return };
    let out = assert_cmd::Command::cargo_bin("pmlint")
        .unwrap()
        .arg("--format")
        .arg("json")
        .args(&files)
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let arr = v.as_array().expect("an array");
    assert!(!arr.is_empty());
    let mut prev: Option<(String, u64, u64)> = None;
    for f in arr {
        for key in [
            "path",
            "code",
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
            "help",
            "fix",
        ] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        let k = (
            f["path"].as_str().unwrap().to_string(),
            f["line"].as_u64().unwrap(),
            f["column"].as_u64().unwrap(),
        );
        if let Some(p) = &prev {
            assert!(p <= &k, "not sorted: {p:?} then {k:?}");
        }
        prev = Some(k);
    }
}
