//! Which documents to lint, and reading them.

use crate::fix::file::Snapshot;
use crate::source::SourceFile;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a path found while walking a directory is excluded by the configuration (the
/// directories named by the user are never asked about).
pub type Excluded = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// One document to lint.
pub enum Document {
    /// Standard input, reported under `name` (`<stdin>` or `--stdin-filename`).
    Stdin { name: Option<PathBuf> },
    /// A file; `named` when the user named it (then any extension is linted, and a binary file
    /// is an error rather than skipped).
    File { path: PathBuf, named: bool },
}

/// Extensions linted when walking a directory.
const EXTENSIONS: &[&str] = &["md", "markdown"];

/// What the paths on the command line expand to.
#[derive(Default)]
pub struct Collected {
    pub docs: Vec<Document>,
    /// One line per path that does not exist or a part of a tree that cannot be walked (exit 2).
    pub errors: Vec<String>,
    /// One line per entry skipped while walking that is no error: a symbolic link loop (its
    /// target is walked once already) or a broken symbolic link.
    pub notes: Vec<String>,
}

/// Expands paths into documents, in the order given (directories walked in sorted order,
/// following symbolic links, without the files and folders `excluded` names).
pub fn collect(paths: &[PathBuf], stdin_name: Option<&Path>, excluded: &Excluded) -> Collected {
    let mut out = Collected::default();
    for p in paths {
        if p.as_os_str() == "-" {
            out.docs.push(Document::Stdin {
                name: stdin_name.map(Path::to_path_buf),
            });
        } else if p.is_dir() {
            let excluded = excluded.clone();
            let walker = ignore::WalkBuilder::new(p)
                .require_git(false)
                .follow_links(true)
                .sort_by_file_name(|a, b| a.cmp(b))
                .filter_entry(move |e| e.depth() == 0 || !excluded(e.path()))
                .build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let is_md = path
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| EXTENSIONS.iter().any(|m| x.eq_ignore_ascii_case(m)));
                        if e.file_type().is_some_and(|t| t.is_file()) && is_md {
                            out.docs.push(Document::File {
                                path: path.to_path_buf(),
                                named: false,
                            });
                        }
                    }
                    Err(err) => match walk_problem(&err, p) {
                        Problem::Note(n) => out.notes.push(n),
                        Problem::Error(e) => out.errors.push(e),
                    },
                }
            }
        } else if p.exists() {
            out.docs.push(Document::File {
                path: p.clone(),
                named: true,
            });
        } else if p.symlink_metadata().is_ok() {
            out.errors.push(format!(
                "{}: broken symbolic link (its target does not exist)",
                p.display()
            ));
        } else {
            out.errors
                .push(format!("{}: no such file or directory", p.display()));
        }
    }
    out
}

enum Problem {
    Note(String),
    Error(String),
}

/// A walking error in one line that names the path: a symbolic link loop or a broken link is a
/// note (nothing is left unlinted by skipping it); anything else (a directory that cannot be
/// read) is an error.
fn walk_problem(err: &ignore::Error, root: &Path) -> Problem {
    let mut err = err;
    let mut path: Option<&Path> = None;
    loop {
        match err {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = Some(p);
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => err = inner,
            _ => break,
        }
    }
    let at = path.unwrap_or(root).display();
    match err {
        ignore::Error::Loop { ancestor, child } => Problem::Note(format!(
            "{}: skipped: symbolic link loop (it leads back to {}, which is walked already)",
            child.display(),
            ancestor.display()
        )),
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => Problem::Note(format!(
            "{at}: skipped: broken symbolic link (its target does not exist)"
        )),
        ignore::Error::Io(e) => Problem::Error(format!("{at}: cannot read: {e}")),
        other => Problem::Error(format!("{at}: {other}")),
    }
}

impl Document {
    /// The path to resolve relative images against.
    pub fn disk_path(&self) -> Option<&Path> {
        match self {
            Document::Stdin { name } => name.as_deref(),
            Document::File { path, .. } => Some(path),
        }
    }

    /// The name the document is reported under: its path, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Document::Stdin { name } => name.as_deref().map_or("<stdin>".to_string(), shown),
            Document::File { path, .. } => shown(path),
        }
    }

    /// [`Document::display_name`] without allocating when the path is valid UTF-8 (then the
    /// name is the path itself); `None` otherwise.
    fn display_name_str(&self) -> Option<&str> {
        match self {
            Document::Stdin { name } => name.as_deref().map_or(Some("<stdin>"), Path::to_str),
            Document::File { path, .. } => path.to_str(),
        }
    }

    /// The folder whose configuration applies: the file's, or for standard input the folder of
    /// `--stdin-filename`, else the current directory (`""`).
    pub fn config_dir(&self) -> &Path {
        self.disk_path()
            .and_then(Path::parent)
            .unwrap_or(Path::new(""))
    }

    /// Reads the document, returning it and the bytes read with the file's modification time
    /// (which `--fix` checks before writing the file back). `Ok(None)`: a binary file found by
    /// walking, skipped with a note.
    ///
    /// # Errors
    /// A one-line message naming the path: unreadable, or binary when named by the user.
    pub fn read_snapshot(&self) -> Result<Option<(SourceFile, Snapshot)>, String> {
        let (name, snapshot) = match self {
            Document::Stdin { .. } => (self.display_name(), Snapshot::of_bytes(read_stdin()?)),
            Document::File { path, .. } => {
                let snapshot = Snapshot::read(path)
                    .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
                (shown(path), snapshot)
            }
        };
        if !self.is_text(&name, &snapshot.bytes)? {
            return Ok(None);
        }
        Ok(Some((
            SourceFile::from_bytes(name, &snapshot.bytes),
            snapshot,
        )))
    }

    /// [`Document::read_snapshot`] without the snapshot, for linting alone: no modification
    /// time is taken, and valid UTF-8 (checked with SIMD, [`crate::source::utf8`]) is copied into
    /// the text, which costs less than `String::from_utf8`'s check of the bytes in place.
    ///
    /// # Errors
    /// As [`Document::read_snapshot`].
    pub fn read(&self) -> Result<Option<SourceFile>, String> {
        let bytes = match self {
            Document::Stdin { .. } => read_stdin()?,
            Document::File { path, .. } => {
                std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?
            }
        };
        let name = self.display_name();
        if !self.is_text(&name, &bytes)? {
            return Ok(None);
        }
        // Checked by `source::utf8` and copied: cheaper than `String::from_utf8`'s check.
        Ok(Some(match crate::source::utf8(&bytes) {
            Some(text) => SourceFile::new(name, text),
            // Decoded lossily, with the position of the first invalid sequence.
            None => SourceFile::from_bytes(name, &bytes),
        }))
    }

    /// Whether `bytes`, read from this document (reported as `name`), are text: `Ok(false)` for
    /// a binary file (one holding a NUL byte) found by walking, which is skipped.
    ///
    /// # Errors
    /// A binary file named by the user (or standard input).
    fn is_text(&self, name: &str, bytes: &[u8]) -> Result<bool, String> {
        // memchr: `contains` reads byte by byte.
        if memchr::memchr(0, bytes).is_none() {
            return Ok(true);
        }
        match self {
            Document::File { named: false, .. } => Ok(false),
            _ => Err(format!(
                "{name}: binary file (contains NUL bytes), not Markdown"
            )),
        }
    }
}

/// Reads all of standard input.
///
/// # Errors
/// `<stdin>: cannot read: …`.
fn read_stdin() -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
    Ok(buf)
}

/// `path` as `{}` shows it: for a valid UTF-8 path that is the path itself, copied without the
/// formatting machinery (`Display` replaces invalid sequences with U+FFFD).
fn shown(path: &Path) -> String {
    match path.to_str() {
        Some(s) => s.to_string(),
        None => path.display().to_string(),
    }
}

/// Sorts `docs` by [`Document::display_name`] (stable): compared as borrowed strings when every
/// name is valid UTF-8, so that no name is built per document.
pub fn sort_by_name(docs: &mut [Document]) {
    if docs.iter().all(|d| d.display_name_str().is_some()) {
        fn key(d: &Document) -> &str {
            d.display_name_str().unwrap_or_default()
        }
        docs.sort_by(|a, b| key(a).cmp(key(b)));
    } else {
        docs.sort_by_cached_key(Document::display_name);
    }
}
