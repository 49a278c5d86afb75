//! Writing a fixed document back to its file, only if the file is still what was read.

use std::fmt;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// UTF-8 byte-order mark, which [`crate::SourceFile`] drops from its text and a rewrite restores.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a file held when pmlint read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The bytes read.
    pub bytes: Vec<u8>,
    /// The modification time taken just before reading (`None` for standard input, or where the
    /// platform has none).
    pub modified: Option<SystemTime>,
}

impl Snapshot {
    /// Reads `path`, taking its modification time first: a write between the two then shows as a
    /// newer time when [`write_fixed`] checks it.
    ///
    /// # Errors
    /// The file's metadata or content cannot be read.
    pub fn read(path: &Path) -> io::Result<Snapshot> {
        let modified = std::fs::metadata(path)?.modified().ok();
        let bytes = std::fs::read(path)?;
        Ok(Snapshot { bytes, modified })
    }

    /// For bytes that do not come from a file (standard input).
    pub fn of_bytes(bytes: Vec<u8>) -> Snapshot {
        Snapshot {
            bytes,
            modified: None,
        }
    }

    /// Whether the bytes are valid UTF-8: only then can fixed text be written back without
    /// losing the bytes that lossy decoding replaced.
    pub fn is_utf8(&self) -> bool {
        std::str::from_utf8(&self.bytes).is_ok()
    }

    /// The bytes to write for `text`: the text, after the byte-order mark when the file had one.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let bom = if self.bytes.starts_with(BOM) {
            BOM
        } else {
            &[]
        };
        [bom, text.as_bytes()].concat()
    }
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file's content or modification time differs from the [`Snapshot`]: something else
    /// wrote it while pmlint ran, and writing would lose that change.
    Changed,
    /// Reading the file again, or replacing it, failed.
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => f.write_str("changed since it was read; not fixed"),
            WriteError::Io(e) => write!(f, "cannot write fixes: {e}"),
        }
    }
}

/// Replaces `path` with `bytes` ([`crate::atomic::write`]: same-directory temporary file, rename,
/// permissions kept), unless the file no longer matches `snapshot` in content and modification
/// time.
///
/// # Errors
/// [`WriteError::Changed`] when the file changed since `snapshot` was taken (nothing is
/// written); [`WriteError::Io`] when it cannot be read again or replaced.
pub fn write_fixed(path: &Path, snapshot: &Snapshot, bytes: &[u8]) -> Result<(), WriteError> {
    let now = Snapshot::read(path).map_err(WriteError::Io)?;
    if now != *snapshot {
        return Err(WriteError::Changed);
    }
    crate::atomic::write(path, bytes).map_err(WriteError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_when_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "Timeline\n").unwrap();
        let snap = Snapshot::read(&p).unwrap();
        write_fixed(&p, &snap, b"## Timeline\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "## Timeline\n");
    }

    #[test]
    fn refuses_a_file_whose_content_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "Timeline\n").unwrap();
        let snap = Snapshot::read(&p).unwrap();
        std::fs::write(&p, "Timeline\nedited by someone else\n").unwrap();
        let err = write_fixed(&p, &snap, b"## Timeline\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(err.to_string(), "changed since it was read; not fixed");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "Timeline\nedited by someone else\n"
        );
    }

    #[test]
    fn refuses_a_file_rewritten_with_the_same_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "Timeline\n").unwrap();
        let mut snap = Snapshot::read(&p).unwrap();
        // As if the file had been saved again after it was read: same bytes, another time.
        snap.modified = snap
            .modified
            .map(|t| t - std::time::Duration::from_secs(60));
        let err = write_fixed(&p, &snap, b"## Timeline\n").unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "Timeline\n");
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gone.md");
        let snap = Snapshot::of_bytes(b"x".to_vec());
        assert!(matches!(
            write_fixed(&p, &snap, b"y"),
            Err(WriteError::Io(_))
        ));
    }

    #[test]
    fn the_byte_order_mark_is_restored_and_invalid_utf8_is_detected() {
        let snap = Snapshot::of_bytes(b"\xEF\xBB\xBFTimeline".to_vec());
        assert_eq!(snap.encode("## Timeline"), b"\xEF\xBB\xBF## Timeline");
        assert!(snap.is_utf8());
        assert!(!Snapshot::of_bytes(b"caf\xe9".to_vec()).is_utf8());
    }
}
