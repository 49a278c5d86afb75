//! `pmlint --fix` on copies of the seeds and of the first 30 corpus files (in sorted order) that
//! have a fixable finding: the fixes remove their findings and reveal no other finding (except
//! one, justified below), keep the document's structure (sections, timeline entries, images),
//! change only the lines their edits touch, and a second run changes nothing.

mod common;

use pmlint::facts::Postmortem;
use pmlint::fix::{apply, FixMode, MAX_PASSES};
use pmlint::profile::Profile;
use pmlint::{lint, Diagnostic, Settings, SourceFile};
use similar::{DiffOp, TextDiff};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CORPUS_FILES: usize = 30;

fn settings() -> Settings {
    Settings::new(Profile::built_in("default").unwrap())
}

/// The seeds, then the first [`CORPUS_FILES`] corpus files (sorted by name) that are valid
/// UTF-8 and have a fixable finding.
fn inputs(shared: &Path) -> Vec<PathBuf> {
    let listing = |dir: &str| {
        let mut v: Vec<PathBuf> = std::fs::read_dir(shared.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md" || x == "txt"))
            .collect();
        v.sort();
        v
    };
    let settings = settings();
    let fixable = |p: &PathBuf| {
        let Ok(text) = std::fs::read_to_string(p) else {
            return false;
        };
        lint(&SourceFile::new("x", text), Some(p), &settings)
            .iter()
            .any(|d| d.fix.is_some())
    };
    let mut files: Vec<PathBuf> = listing("seeds")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.extend(
        listing("corpus/real")
            .into_iter()
            .filter(fixable)
            .take(CORPUS_FILES),
    );
    files
}

/// What the fixes must keep: section ids in order, timeline entries (the text of their first
/// line, without a list marker), and image targets (but for PM403's `raw=true`).
fn structure(text: &str, path: &Path) -> (Vec<Vec<String>>, Vec<String>, Vec<String>) {
    let src = SourceFile::new("x", text);
    let profile = Profile::built_in("default").unwrap();
    let pm = Postmortem::build(&src, &profile, Some(path));
    let sections = pm.sections.iter().map(|s| s.ids.to_vec()).collect();
    let entries = pm
        .timelines
        .iter()
        .flat_map(|t| &t.entries)
        .map(|e| {
            src.slice(&e.span)
                .trim_start_matches(['-', ' '])
                .trim_end()
                .to_string()
        })
        .collect();
    let images = pm
        .images
        .iter()
        .map(|i| {
            let target = i.syntax.target.clone().unwrap_or_default();
            // PM403's fix adds the `raw` parameter to GitHub blob URLs.
            target.replace("?raw=true", "").replace("&raw=true", "")
        })
        .collect();
    (sections, entries, images)
}

fn counts(diagnostics: &[Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for d in diagnostics {
        *m.entry(d.rule.code).or_default() += 1;
    }
    m
}

/// 1-based lines of `text` that the fixes of `diagnostics` touch.
fn touched_lines(src: &SourceFile, diagnostics: &[Diagnostic]) -> BTreeSet<usize> {
    let mut lines = BTreeSet::new();
    for e in diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| &f.edits)
    {
        let end = if e.span.end > e.span.start {
            e.span.end - 1
        } else {
            e.span.end
        };
        lines.extend(src.line_of(e.span.start)..=src.line_of(end));
    }
    lines
}

/// Checks that going from `old` to `new` deletes or replaces only lines in `touched` and
/// inserts only blank lines.
fn only_touched_lines_change(name: &str, old: &str, new: &str, touched: &BTreeSet<usize>) {
    for op in TextDiff::from_lines(old, new).ops() {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let added: Vec<&str> = new.lines().skip(new_index).take(new_len).collect();
                assert!(
                    added.iter().all(|l| l.trim().is_empty()),
                    "{name}: inserted non-blank lines {added:?}"
                );
            }
            DiffOp::Delete {
                old_index, old_len, ..
            }
            | DiffOp::Replace {
                old_index, old_len, ..
            } => {
                for l in old_index + 1..=old_index + old_len {
                    assert!(
                        touched.contains(&l),
                        "{name}: line {l} changed but no edit touches it"
                    );
                }
            }
        }
    }
}

/// Findings that a fix may legitimately reveal, by the code of the fix that reveals them:
/// PM401's fix turns `!(url)` into `![](url)`, an image with empty alt text, which PM405
/// (image-alt-text, info) then notes — the image now renders, and it has no description.
const REVEALED: &[(&str, &str)] = &[("PM401", "PM405")];

#[test]
fn fix_on_the_seeds_and_corpus_keeps_the_document_and_is_idempotent() {
    let Some(shared) = common::shared_dir("--fix over the seeds and corpus") else {
        return;
    };
    let files = inputs(&shared);
    assert_eq!(files.len(), 5 + CORPUS_FILES, "{files:?}");
    let dir = tempfile::tempdir().unwrap();
    let copies: Vec<PathBuf> = files
        .iter()
        .map(|p| {
            let to = dir.path().join(p.file_name().unwrap());
            std::fs::copy(p, &to).unwrap();
            to
        })
        .collect();
    let out = assert_cmd::Command::cargo_bin("pmlint")
        .unwrap()
        .arg("--fix")
        .args(["--format", "short"])
        .args(&copies)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pmlint: fixed "), "{stderr}");

    let settings = settings();
    let mut fixed_files = 0;
    for (orig, copy) in files.iter().zip(&copies) {
        let name = orig.file_name().unwrap().to_string_lossy().to_string();
        let before_text = std::fs::read_to_string(orig).unwrap();
        let after_text = std::fs::read_to_string(copy).unwrap();
        let before = lint(
            &SourceFile::new("x", before_text.as_str()),
            Some(orig),
            &settings,
        );
        let after = lint(
            &SourceFile::new("x", after_text.as_str()),
            Some(orig),
            &settings,
        );
        let has_fix = before.iter().any(|d| d.fix.is_some());
        if !has_fix {
            assert_eq!(before_text, after_text, "{name}: changed without a fix");
            continue;
        }
        fixed_files += 1;
        assert_ne!(before_text, after_text, "{name}: not fixed");

        // The pass-by-pass fixes, as `--fix` applies them, touch only their own lines.
        let mut text = before_text.clone();
        let mut fixed_codes = BTreeSet::new();
        for _ in 0..MAX_PASSES {
            let src = SourceFile::new("x", text.as_str());
            let diagnostics = lint(&src, Some(orig), &settings);
            let applied = apply(&text, &diagnostics, FixMode::default());
            if applied.fixed == 0 {
                break;
            }
            fixed_codes.extend(
                diagnostics
                    .iter()
                    .filter(|d| d.fix.is_some())
                    .map(|d| d.rule.code),
            );
            only_touched_lines_change(
                &name,
                &text,
                &applied.text,
                &touched_lines(&src, &diagnostics),
            );
            text = applied.text;
        }
        assert_eq!(
            text, after_text,
            "{name}: the CLI wrote what the passes give"
        );

        // The fixed findings are gone; no finding of another code appears, except those a fix
        // reveals by design.
        assert!(
            after.iter().all(|d| d.fix.is_none()),
            "{name}: fixable findings remain: {:?}",
            after
                .iter()
                .filter(|d| d.fix.is_some())
                .map(|d| d.rule.code)
                .collect::<Vec<_>>()
        );
        let (b, a) = (counts(&before), counts(&after));
        for (code, n) in &a {
            let was = b.get(code).copied().unwrap_or(0);
            let revealed = REVEALED
                .iter()
                .any(|(by, shows)| shows == code && fixed_codes.contains(by));
            assert!(
                *n <= was || revealed,
                "{name}: {code} went from {was} to {n} findings"
            );
        }

        // Same sections, timeline entries and images: the Markdown still says the same.
        assert_eq!(
            structure(&before_text, orig),
            structure(&after_text, orig),
            "{name}: structure changed"
        );
    }
    assert!(fixed_files >= CORPUS_FILES, "{fixed_files} files fixed");

    // A second run finds nothing to fix and changes nothing.
    let snapshot: Vec<String> = copies
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let again = assert_cmd::Command::cargo_bin("pmlint")
        .unwrap()
        .arg("--fix")
        .args(&copies)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("fixed"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    for (p, text) in copies.iter().zip(&snapshot) {
        assert_eq!(&std::fs::read_to_string(p).unwrap(), text);
    }
    assert_eq!(
        assert_cmd::Command::cargo_bin("pmlint")
            .unwrap()
            .arg("--diff")
            .args(&copies)
            .output()
            .unwrap()
            .status
            .code(),
        Some(0),
        "--diff after --fix has nothing to show"
    );
}
