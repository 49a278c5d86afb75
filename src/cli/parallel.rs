//! Linting many documents on several threads, with results in the order of the documents.

use super::inputs::Document;
use crate::config::Effective;
use crate::diagnostic::Diagnostic;
use crate::lint::lint_batch;
use crate::output::{FileReport, Format};
use crate::rule::Severity;
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::sync::{mpsc, Arc, Mutex};

/// What became of one document.
pub enum Outcome {
    /// Linted: its findings and source.
    Linted(FileReport),
    /// Linted, and its output already rendered ([`crate::output::render_alone`]), with the
    /// highest severity among its findings.
    Rendered {
        output: Vec<u8>,
        worst: Option<Severity>,
    },
    /// Not linted, and that is not an error: a note for standard error (a binary file found
    /// while walking a directory).
    Skipped(String),
    /// Not linted: a one-line error naming the document (unreadable, or binary when named).
    Failed(String),
}

/// Documents linted stage by stage together ([`lint_batch`]) on one thread. Each stage's code
/// stays in the instruction cache across the batch: time model over 200 files (fat LTO)
/// 355.2 -> 331.6 M (I1 misses 1.13 -> 0.77 M, mispredicted branches 2.55 -> 2.14 M); 16 and
/// 32 gain a little more in the model (327.6, 324.9 M) but ran slower on the 10,000 bench
/// files (median CPU +10%: more facts alive at once, out of the L2 cache). 8 ran as fast as
/// one document at a time.
const BATCH_LEN: usize = 8;

/// Source bytes past which a batch is linted without waiting for more documents: bounds the
/// facts alive at once, and a large document is linted alone, so its peak memory does not grow.
const BATCH_BYTES: usize = 256 * 1024;

/// Reads and lints `docs` in batches ([`crate::lint::lint_batch`]) of up to [`BATCH_LEN`]
/// documents and [`BATCH_BYTES`] of source, and renders each output in `format` when that
/// depends on the document alone. One outcome per document, in the order of `docs`.
fn lint_docs(docs: &[(Document, Arc<Effective>)], format: Format) -> Vec<Outcome> {
    let mut outcomes: Vec<Option<Outcome>> = docs.iter().map(|_| None).collect();
    let mut pending: Vec<(usize, SourceFile)> = Vec::new();
    let mut bytes = 0;
    for (i, (doc, _)) in docs.iter().enumerate() {
        // Not `read_snapshot`: linting needs neither the modification time nor a second copy
        // of the bytes.
        let source = match doc.read() {
            Ok(Some(source)) => source,
            Ok(None) => {
                outcomes[i] = Some(Outcome::Skipped(format!(
                    "{}: skipped: binary file (contains NUL bytes)",
                    doc.display_name()
                )));
                continue;
            }
            Err(e) => {
                outcomes[i] = Some(Outcome::Failed(e));
                continue;
            }
        };
        if !pending.is_empty() && bytes + source.text.len() > BATCH_BYTES {
            flush(docs, &mut pending, &mut outcomes, format);
            bytes = 0;
        }
        bytes += source.text.len();
        pending.push((i, source));
        if pending.len() >= BATCH_LEN || bytes >= BATCH_BYTES {
            flush(docs, &mut pending, &mut outcomes, format);
            bytes = 0;
        }
    }
    flush(docs, &mut pending, &mut outcomes, format);
    outcomes
        .into_iter()
        .map(|o| o.expect("every document has an outcome"))
        .collect()
}

/// Lints the `pending` sources (index in `docs`, source) as one batch and puts their outcomes
/// in `outcomes`; leaves `pending` empty.
fn flush(
    docs: &[(Document, Arc<Effective>)],
    pending: &mut Vec<(usize, SourceFile)>,
    outcomes: &mut [Option<Outcome>],
    format: Format,
) {
    if pending.is_empty() {
        return;
    }
    let inputs: Vec<_> = pending
        .iter()
        .map(|(i, source)| {
            let (doc, effective) = &docs[*i];
            (source, doc.disk_path(), &effective.settings)
        })
        .collect();
    let diagnostics = lint_batch(&inputs);
    drop(inputs);
    for ((i, source), diagnostics) in pending.drain(..).zip(diagnostics) {
        outcomes[i] = Some(finish(source, diagnostics, format));
    }
}

/// The outcome of a linted document: rendered in `format` when that depends on it alone.
fn finish(source: SourceFile, diagnostics: Vec<Diagnostic>, format: Format) -> Outcome {
    let report = FileReport {
        source,
        diagnostics,
    };
    match crate::output::render_alone(format, &report) {
        Some(output) => Outcome::Rendered {
            output,
            worst: report.diagnostics.iter().map(|d| d.severity).max(),
        },
        None => Outcome::Linted(report),
    }
}

/// Batches handed out per thread and not yet written: how far the threads may run ahead of the
/// first unwritten batch. Bounds the sources and reports held at once (here 4 x 8 documents per
/// thread) whatever the number of files, and a slow batch (a 50 MB postmortem) holds up at most
/// this many behind it.
const WINDOW_PER_THREAD: usize = 4;

/// Documents written between two `flush_now` calls of [`lint_in_order`]'s sink: with
/// `panic = "abort"`, a panic loses at most the reports written since the last flush.
const FLUSH_EVERY: usize = 256;

/// Lints `docs` on rayon's global pool (`RAYON_NUM_THREADS` threads, else one per CPU) and
/// hands each outcome to `sink` on the calling thread in the order of `docs`, with whether to
/// flush what it wrote (every [`FLUSH_EVERY`] documents and after the last). Reports in a
/// `format` that [`crate::output::render_alone`] renders come rendered.
///
/// The threads take batches of up to [`BATCH_LEN`] documents in order from a queue, and the
/// calling thread writes each batch as soon as it and every batch before it are done, while the
/// threads go on: no thread waits for the others between batches (the 10,000 bench files went in
/// chunks of 256 documents before, each chunk waiting for its slowest batch and for its output
/// to be written). At most [`WINDOW_PER_THREAD`] batches per thread are out at once.
pub fn lint_in_order(
    docs: &[(Document, Arc<Effective>)],
    format: Format,
    mut sink: impl FnMut(Outcome, bool),
) {
    let threads = rayon::current_num_threads().max(1);
    // One document needs no thread pool (starting one costs more than a small file); smaller
    // batches when there are too few documents to give every thread a full one.
    let len = docs.len().div_ceil(threads).clamp(1, BATCH_LEN);
    let batches: Vec<&[(Document, Arc<Effective>)]> = docs.chunks(len).collect();
    let mut written = 0;
    let mut emit = |outcomes: Vec<Outcome>, sink: &mut dyn FnMut(Outcome, bool)| {
        for outcome in outcomes {
            written += 1;
            sink(outcome, written % FLUSH_EVERY == 0 || written == docs.len());
        }
    };
    if batches.len() <= 1 {
        for batch in batches {
            emit(lint_docs(batch, format), &mut sink);
        }
        return;
    }
    let (work_tx, work_rx) = mpsc::channel::<usize>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    rayon::in_place_scope(|scope| {
        for _ in 0..threads.min(batches.len()) {
            let (done_tx, work_rx, batches) = (done_tx.clone(), &work_rx, &batches);
            scope.spawn(move |_| {
                let guard = Worker(done_tx);
                loop {
                    // The lock is held only while taking the next index (a guard in the
                    // condition of a `while let` would live through the loop's body).
                    let next = {
                        let queue = work_rx.lock().unwrap_or_else(|e| e.into_inner());
                        queue.recv()
                    };
                    let Ok(i) = next else { break };
                    let outcomes = lint_docs(batches[i], format);
                    if guard.0.send(Done::Batch(i, outcomes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let window = WINDOW_PER_THREAD * threads;
        let mut handed = 0;
        while handed < batches.len().min(window) {
            let _ = work_tx.send(handed);
            handed += 1;
        }
        // Batches done out of order wait here, by index: at most `window` of them.
        let mut ready: BTreeMap<usize, Vec<Outcome>> = BTreeMap::new();
        let mut next = 0;
        while next < batches.len() {
            match done_rx.recv() {
                Ok(Done::Batch(i, outcomes)) => {
                    ready.insert(i, outcomes);
                }
                // A worker panicked (only where panics unwind, as in tests): stop handing out
                // work; the scope re-raises the panic once the other workers have stopped.
                Ok(Done::Panicked) | Err(_) => break,
            }
            while let Some(outcomes) = ready.remove(&next) {
                next += 1;
                if handed < batches.len() {
                    let _ = work_tx.send(handed);
                    handed += 1;
                }
                emit(outcomes, &mut sink);
            }
        }
        // Closing the queue ends the workers' loops.
        drop(work_tx);
    });
}

/// What a worker of [`lint_in_order`] reports.
enum Done {
    /// The outcomes of the batch at this index.
    Batch(usize, Vec<Outcome>),
    /// The worker is unwinding from a panic.
    Panicked,
}

/// A worker's end of the results channel; reports [`Done::Panicked`] if the worker unwinds, so
/// that the calling thread does not wait for a batch that will never come.
struct Worker(mpsc::Sender<Done>);

impl Drop for Worker {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.0.send(Done::Panicked);
        }
    }
}
