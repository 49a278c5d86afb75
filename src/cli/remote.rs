//! `--check-remote`: gathers the web image URLs of every document and checks each once (PM406).

use super::inputs::Document;
use crate::config::Effective;
use crate::facts::images::remote_targets;
use crate::facts::Postmortem;
use crate::lint::Settings;
use crate::remote::{self, RemoteOptions, RemoteResults};
use crate::source::SourceFile;
use std::sync::Arc;

/// The outcomes for every web image URL of `docs`, or None when remote checks are off or PM406
/// does not run (then no request is made). Cache problems and URLs left unchecked at the deadline
/// are told on standard error; neither changes the exit status.
/// Whether any document's settings ask for remote checks with PM406 enabled.
pub(super) fn wanted(docs: &[(Document, SourceFile, Arc<Effective>)]) -> bool {
    docs.iter().any(|(_, _, e)| wants(&e.settings))
}

fn wants(s: &Settings) -> bool {
    s.check_remote && s.enabled.contains(&"PM406")
}

pub(super) fn run(
    docs: &[(Document, SourceFile, Arc<Effective>)],
    facts: &[Postmortem],
    options: &RemoteOptions,
) -> Option<RemoteResults> {
    if !wanted(docs) {
        return None;
    }
    let mut urls = Vec::new();
    for ((_, _, effective), pm) in docs.iter().zip(facts) {
        if wants(&effective.settings) {
            urls.extend(remote_targets(pm).into_iter().map(|t| t.url));
        }
    }
    let run = remote::check(urls, options);
    for w in &run.warnings {
        eprintln!("pmlint: {w}");
    }
    if run.not_checked > 0 {
        eprintln!(
            "pmlint: remote checks stopped at the {} s deadline: {} image URL(s) not checked",
            options.deadline.as_secs(),
            run.not_checked
        );
    }
    Some(run.results)
}
