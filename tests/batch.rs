//! Linting a batch of documents stage by stage (`lint::lint_batch`) gives each document the
//! same findings as linting it alone (`lint::lint`), whatever the batch size and whatever mix
//! of profiles and enabled rules the batch holds.

mod common;

#[path = "../benches/support/corpus.rs"]
mod corpus;

use pmlint::lint::lint_batch;
use pmlint::profile::Profile;
use pmlint::{lint, Settings, SourceFile};
use std::path::{Path, PathBuf};

/// The settings the batch members take in turn: every profile, and rule lists in an order
/// other than the registry's, or with rules left out.
fn settings_mix() -> Vec<Settings> {
    let mut mix: Vec<Settings> = Profile::built_in_names()
        .map(|n| Settings::new(Profile::built_in(n).unwrap()))
        .collect();
    let mut reversed = Settings::new(Profile::built_in("default").unwrap());
    reversed.enabled.reverse();
    mix.push(reversed);
    let mut some = Settings::new(Profile::built_in("default").unwrap());
    some.enabled = some.enabled.iter().copied().step_by(3).collect();
    mix.push(some);
    mix
}

/// Each document's findings, printed in full (a `Diagnostic` compares by its debug text).
fn printed(diagnostics: &[pmlint::Diagnostic]) -> String {
    format!("{diagnostics:#?}")
}

/// Checks `sources` in batches of each size against one document at a time; document `i` takes
/// `mix[i % mix.len()]` and the path `path(i)`.
fn check(sources: &[SourceFile], mix: &[Settings], path: impl Fn(usize) -> Option<PathBuf>) {
    let paths: Vec<Option<PathBuf>> = (0..sources.len()).map(&path).collect();
    let alone: Vec<String> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| printed(&lint(s, paths[i].as_deref(), &mix[i % mix.len()])))
        .collect();
    for size in [1, 2, 7, 16, sources.len().max(1)] {
        let docs: Vec<(&SourceFile, Option<&Path>, &Settings)> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s, paths[i].as_deref(), &mix[i % mix.len()]))
            .collect();
        let mut batched = Vec::new();
        for part in docs.chunks(size) {
            let found = lint_batch(part);
            assert_eq!(found.len(), part.len(), "one list per document");
            batched.extend(found.iter().map(|d| printed(d)));
        }
        for (i, (a, b)) in alone.iter().zip(&batched).enumerate() {
            assert_eq!(a, b, "document {} in batches of {size}", sources[i].name);
        }
    }
}

#[test]
fn batches_of_generated_postmortems_find_what_each_alone_finds() {
    let mut rng = corpus::Rng::new(0x5eed_ba7c);
    let mut sources: Vec<SourceFile> = (0..300)
        .map(|i| {
            let target = rng.range(200, 9000);
            SourceFile::new(format!("gen-{i}.md"), corpus::postmortem(&mut rng, target))
        })
        .collect();
    // Edge cases among them: empty, non-ASCII, a byte-order mark, a lone heading.
    for (i, text) in [
        "",
        "\u{feff}# Postmortem\n",
        "# Résumé — panne du 3 février\n\n## Chronologie\n\n- 10:00 début\n",
        "#",
        "日本語のみ\n",
    ]
    .into_iter()
    .enumerate()
    {
        sources.insert(i * 37, SourceFile::new(format!("edge-{i}.md"), text));
    }
    check(&sources, &settings_mix(), |_| None);
}

#[test]
fn batches_of_fixtures_find_what_each_alone_finds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    common::markdown_files(&root, &mut files);
    assert!(!files.is_empty());
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            SourceFile::new(p.display().to_string(), text)
        })
        .collect();
    check(&sources, &settings_mix(), |i| Some(files[i].clone()));
}
