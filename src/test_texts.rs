//! Texts for unit tests that check a hand-written scanner or a prefilter against the regex it
//! stands for: the Markdown the project ships, and random texts built from chosen pieces.

use std::path::Path;

/// The text of every `.md` file under `fixtures/` and `rules/` (decoded lossily: one fixture is
/// not UTF-8 on purpose), in no particular order. Panics if a file cannot be read or if fewer
/// than 100 are found, so that a test over them never passes on nothing.
pub fn shipped_markdown() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("fixtures"), root.join("rules")];
    let mut texts = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                texts.push(String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned());
            }
        }
    }
    assert!(texts.len() >= 100, "{} Markdown files found", texts.len());
    texts
}

/// `n` random texts, each the concatenation of up to `max - 1` of `pieces` (chosen with
/// replacement), from a xorshift64 generator started at `seed` (not 0): the same texts on every
/// run.
pub fn random(pieces: &[&str], n: usize, max: u64, seed: u64) -> Vec<String> {
    let mut x: u64 = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            let k = next() % max;
            (0..k)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}
