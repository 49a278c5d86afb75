//! PM402 image-not-found: a relative image path that does not exist next to the document.

use crate::facts::image_syntax::{local_path, ImageSyntaxKind, MalformedImage};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

pub static META: RuleMeta = RuleMeta {
    code: "PM402",
    name: "image-not-found",
    summary: "a relative image path does not exist relative to the document",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM402.md"),
    options: &[],
};

/// Whether each path asked about so far exists, for the whole run: documents of one folder often
/// name the same missing image (`images/diagram.png`), and each question is otherwise a system
/// call. Keyed by the joined path (the document's folder and the relative path, or a candidate
/// `.git`), so documents in other folders never share an answer. A file created while pmlint
/// runs may be missed, as it may be without the cache.
static EXISTS: LazyLock<Mutex<HashMap<OsString, bool>>> = LazyLock::new(Mutex::default);

/// `path.exists()`, asked of the file system once per path per run ([`EXISTS`]).
fn exists(path: PathBuf) -> bool {
    // A poisoned lock only means another thread panicked: its map is still right.
    let lock = || {
        EXISTS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    // Keyed by the path's bytes (hashed a block at a time; a `Path` hashes component by
    // component, a branch per byte): two spellings of one path ("a//b", "a/b") are two entries
    // with the same answer.
    if let Some(&known) = lock().get(path.as_os_str()) {
        return known;
    }
    // Asked without the lock held: other threads go on meanwhile.
    let known = path.exists();
    lock().insert(path.into_os_string(), known);
    known
}

/// The repository root above `dir` (the nearest folder holding `.git`), else `dir`: GitHub
/// resolves `/images/a.png` from the repository root.
fn repository_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| exists(d.join(".git")))
        .unwrap_or(dir)
        .to_path_buf()
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    // Without images there is nothing to look for (and the document's folder is not needed).
    if pm.images.is_empty() {
        return;
    }
    let Some(dir) = pm.path.and_then(|p| p.parent()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut checked: HashSet<usize> = HashSet::new(); // reference definitions already checked
    for img in &pm.images {
        let single_target = match &img.syntax.kind {
            ImageSyntaxKind::Inline
            | ImageSyntaxKind::HtmlImg
            | ImageSyntaxKind::Reference { .. } => true,
            ImageSyntaxKind::Malformed(m) => matches!(
                m,
                MalformedImage::MissingAltBrackets
                    | MalformedImage::SpaceInTarget
                    | MalformedImage::MarkdownInHtmlBlock
            ),
        };
        if !single_target {
            continue;
        }
        // A definition used by several images is reported once, where its path is written.
        if let Some(d) = img.definition {
            if !checked.insert(d) {
                continue;
            }
        }
        let Some((target, span)) = img.resolved_target(pm) else {
            continue;
        };
        let Some(rel) = local_path(target) else {
            continue;
        };
        let path = match rel.strip_prefix('/') {
            Some(from_root) => repository_root(dir).join(from_root),
            None => dir.join(&rel),
        };
        if rel.trim_matches('/').is_empty() || exists(path) {
            continue;
        }
        // `concat` rather than `format!`, whose machinery costs more than the text.
        let message = [
            "image file `",
            rel.as_str(),
            "` does not exist relative to this document",
        ]
        .concat();
        r.report(span, message)
            .label("no such file")
            .help("commit the image at that path next to the postmortem, or correct the path (paths are case-sensitive on GitHub)");
    }
}
