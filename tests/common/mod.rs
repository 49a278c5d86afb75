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
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what}: {} is missing under CI=true", dir.display());
    }
    eprintln!("note: skipping {what}: {} is not present (it exists beside the project's own checkout only)", dir.display());
    None
}

/// The crate's directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
