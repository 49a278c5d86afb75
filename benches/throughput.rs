//! `cargo bench --bench throughput`: pmlint against a bare comrak parse-and-walk of the same files,
//! in the same run, on 1 and 2 threads.
//!
//! The corpus is generated once, deterministically, under `target/bench-corpus/` (see
//! `support/corpus.rs`): 10,000 postmortems of 3–8 KB, and single large postmortems of 5 and
//! 50 MB. For each thread count it prints wall and CPU time (best of `--runs`), files/s, MB/s, the
//! ratios pmlint / baseline, and pmlint's peak resident memory (CPU time and memory from
//! `/usr/bin/time` when it is installed). The baseline and pmlint take turns run by run, so that
//! a change in the machine's load falls on both alike; on a machine shared with other work, the
//! CPU ratio is the steadier figure.
//!
//! The baseline reads each file, decodes it (lossily, like pmlint), parses it with comrak with the
//! options pmlint uses and walks every node: the least any Markdown linter built on comrak must do.
//! pmlint runs as the release binary (`--format short`, output to /dev/null) with
//! `RAYON_NUM_THREADS` set, so its time includes process start, directory walking and output.
//!
//! It also times pmlint on pathological lines (unclosed brackets, tags, runs of times…) at two
//! lengths, to show that no scanner is quadratic in the length of a line.
//!
//! Options (after `--`): `--files N` (10000), `--large-mb M` (50), `--runs R` (3),
//! `--threads 1,2`, `--only dir|large|small|pathological`, `--pmlint PATH` (time another build, e.g. an older
//! one), `--bare PATH` (only the baseline, on one thread, for `valgrind --tool=callgrind`),
//! `--versus PATH` with `--rounds N` (15): after the 10,000-file table, this pmlint and the one at
//! PATH (e.g. the previous release) timed in turn, N runs each, on the same files and threads:
//! each one's minimum and median CPU time and the change. On a machine shared with other work,
//! runs a few minutes apart differ more than two builds do; taking turns lets both builds see the
//! same load.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/pathological.rs"]
mod pathological;

use comrak::{parse_document, Arena, Options};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// comrak options exactly as `src/parse/mod.rs` sets them (strikethrough and autolink off), so
/// that both sides parse the same way.
fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.parse.leave_footnote_definitions = true;
    o.extension.front_matter_delimiter = Some("---".to_string());
    o
}

/// Reads, decodes, parses and walks one file; returns the number of nodes (so nothing is optimised out).
fn bare_parse(path: &Path, opts: &Options) -> usize {
    let bytes = std::fs::read(path).expect("read");
    let text = String::from_utf8_lossy(&bytes);
    let arena = Arena::new();
    let root = parse_document(&arena, &text, opts);
    root.traverse().count()
}

/// Every `*.md` file under `dir`, sorted.
fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Wall time and CPU time (user + system, all threads) of one run.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
}

/// CPU time this process has used so far, from `/proc/self/stat` (Linux; zero elsewhere).
fn own_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 ticks/s.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn baseline(files: &[PathBuf], threads: usize) -> Run {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    let opts = options();
    let (start, cpu0) = (Instant::now(), own_cpu());
    let nodes: usize = pool.install(|| files.par_iter().map(|p| bare_parse(p, &opts)).sum());
    let run = Run {
        wall: start.elapsed(),
        cpu: own_cpu().saturating_sub(cpu0),
    };
    assert!(nodes > 0);
    run
}

/// Runs pmlint on `target` with `threads` threads: wall and CPU time, and peak resident memory
/// in MB (CPU and memory from `/usr/bin/time` when it is installed).
fn pmlint(bin: &Path, target: &Path, threads: usize) -> (Run, Option<f64>) {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%U %S %M"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["--format", "short"])
        .arg(target)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run pmlint");
    let wall = start.elapsed();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "pmlint failed on {}: {}",
        target.display(),
        out.status
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let nums: Vec<f64> = err
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match nums[..] {
        [user, sys, kb] => (
            Run {
                wall,
                cpu: Duration::from_secs_f64(user + sys),
            },
            Some(kb / 1024.0),
        ),
        _ => (Run { wall, cpu: wall }, None),
    }
}

/// The fastest run (by wall time) seen so far, with the largest peak memory seen.
#[derive(Default)]
struct Best {
    run: Option<Run>,
    peak: Option<f64>,
}

impl Best {
    fn add(&mut self, (r, m): (Run, Option<f64>)) {
        if self.run.is_none_or(|b| r.wall < b.wall) {
            self.run = Some(r);
        }
        self.peak = match (self.peak, m) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// The baseline and pmlint, `runs` times each, taking turns run by run (baseline first), so
/// that a change in the machine's load during the measurement falls on both alike: the best
/// baseline run, and pmlint's best run with its largest peak memory.
fn side_by_side(
    runs: usize,
    mut baseline: impl FnMut() -> Run,
    mut pmlint: impl FnMut() -> (Run, Option<f64>),
) -> (Run, Run, Option<f64>) {
    let (mut b, mut p) = (Best::default(), Best::default());
    for _ in 0..runs.max(1) {
        b.add((baseline(), None));
        p.add(pmlint());
    }
    (b.run.expect("runs > 0"), p.run.expect("runs > 0"), p.peak)
}

struct Args {
    files: usize,
    large_mb: usize,
    runs: usize,
    threads: Vec<usize>,
    only: Option<String>,
    /// Only the baseline over this file or directory, on one thread (for profiling it).
    bare: Option<PathBuf>,
    /// Another pmlint binary to time (an older build, for before/after numbers).
    pmlint: PathBuf,
    /// A second pmlint binary, timed in turn with `pmlint` ([`in_turn`]).
    versus: Option<PathBuf>,
    /// Runs of each binary for `versus`.
    rounds: usize,
}

fn args() -> Args {
    let mut a = Args {
        files: 10_000,
        large_mb: 50,
        runs: 3,
        threads: vec![1, 2],
        only: None,
        bare: None,
        pmlint: PathBuf::from(env!("CARGO_BIN_EXE_pmlint")),
        versus: None,
        rounds: 15,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || it.next().expect("option needs a value");
        match arg.as_str() {
            "--files" => a.files = val().parse().expect("--files N"),
            "--large-mb" => a.large_mb = val().parse().expect("--large-mb M"),
            "--runs" => a.runs = val().parse().expect("--runs R"),
            "--threads" => {
                a.threads = val()
                    .split(',')
                    .map(|t| t.parse().expect("--threads 1,2"))
                    .collect()
            }
            "--only" => a.only = Some(val()),
            "--bare" => a.bare = Some(PathBuf::from(val())),
            "--pmlint" => a.pmlint = PathBuf::from(val()),
            "--versus" => a.versus = Some(PathBuf::from(val())),
            "--rounds" => a.rounds = val().parse().expect("--rounds N"),
            _ => {} // `--bench` and anything cargo adds
        }
    }
    a
}

/// Times `a.pmlint` and `other` in turn on `dir`, `a.rounds` runs each per thread count (the
/// other binary first in each round), and prints each one's minimum and median CPU time in
/// seconds and the change from `other` to `a.pmlint` in percent.
fn in_turn(a: &Args, other: &Path, dir: &Path) {
    println!(
        "\nin turn, {} runs each: A = {}, B = {} (CPU seconds)",
        a.rounds,
        other.display(),
        a.pmlint.display()
    );
    println!(
        "{:>7} | {:>13} | {:>13} | {:>15}",
        "threads", "A min median", "B min median", "B/A min median"
    );
    let stats = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[0], v[(v.len() - 1) / 2])
    };
    for &t in &a.threads {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        for _ in 0..a.rounds.max(1) {
            before.push(pmlint(other, dir, t).0.cpu.as_secs_f64());
            after.push(pmlint(&a.pmlint, dir, t).0.cpu.as_secs_f64());
        }
        let ((b_min, b_med), (a_min, a_med)) = (stats(before), stats(after));
        let change = |new: f64, old: f64| 100.0 * (new / old.max(1e-9) - 1.0);
        println!(
            "{t:>7} | {b_min:>5.2} {b_med:>7.2} | {a_min:>5.2} {a_med:>7.2} | {:>+6.1}% {:>+6.1}%",
            change(a_min, b_min),
            change(a_med, b_med)
        );
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let a = args();
    if let Some(p) = &a.bare {
        let files = if p.is_dir() {
            md_files(p)
        } else {
            vec![p.clone()]
        };
        let opts = options();
        let nodes: usize = files.iter().map(|f| bare_parse(f, &opts)).sum();
        println!("{} files, {nodes} nodes", files.len());
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let want = |w: &str| a.only.as_deref().is_none_or(|o| o == w);
    println!(
        "machine: {} logical CPUs; pmlint {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        a.pmlint.display()
    );

    // 1. Many small files.
    if want("dir") {
        let dir = root.join(format!("files-{}-v{}", a.files, corpus::VERSION));
        if !dir.join(".complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            eprintln!("generating {} postmortems in {} …", a.files, dir.display());
            corpus::write_corpus(&dir, a.files, 1).expect("write corpus");
            std::fs::write(dir.join(".complete"), b"").expect("marker");
        }
        let files = md_files(&dir);
        let bytes: u64 = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        println!(
            "\n{} files, {:.1} MB ({})",
            files.len(),
            mb(bytes),
            dir.display()
        );
        println!(
            "{:>7} | {:>28} | {:>28} | {:>11} | {:>8}",
            "threads", "bare comrak parse+walk", "pmlint (all rules)", "ratio", "peak RSS"
        );
        println!(
            "{:>7} | {:>28} | {:>28} | {:>11} | {:>8}",
            "", "wall   cpu  files/s  MB/s", "wall   cpu  files/s  MB/s", "wall   cpu", "pmlint"
        );
        for &t in &a.threads {
            let (b, p, rss) = side_by_side(
                a.runs,
                || baseline(&files, t),
                || pmlint(&a.pmlint, &dir, t),
            );
            let rate = |r: Run| {
                format!(
                    "{:>5.2}s {:>5.2}s {:>7.0} {:>5.1}",
                    r.wall.as_secs_f64(),
                    r.cpu.as_secs_f64(),
                    files.len() as f64 / r.wall.as_secs_f64(),
                    mb(bytes) / r.wall.as_secs_f64()
                )
            };
            println!(
                "{t:>7} | {:>28} | {:>28} | {:>5.2} {:>5.2} | {:>8}",
                rate(b),
                rate(p),
                p.wall.as_secs_f64() / b.wall.as_secs_f64(),
                p.cpu.as_secs_f64() / b.cpu.as_secs_f64().max(1e-9),
                rss.map_or("n/a".into(), |m| format!("{m:.0} MB"))
            );
        }
        if let Some(other) = &a.versus {
            in_turn(&a, other, &dir);
        }
    }

    // 2. One large postmortem, at two sizes (time per MB should not grow with size).
    if want("large") {
        println!("\nsingle large postmortem (1 thread)");
        println!(
            "{:>7} | {:>19} | {:>19} | {:>11} | {:>8}",
            "size", "bare parse+walk", "pmlint", "ratio", "peak RSS"
        );
        println!(
            "{:>7} | {:>19} | {:>19} | {:>11} | {:>8}",
            "", "wall   cpu  MB/s", "wall   cpu  MB/s", "wall   cpu", "pmlint"
        );
        for size in [a.large_mb.div_ceil(10), a.large_mb] {
            let path = root.join(format!("large-{size}mb-v{}.md", corpus::VERSION));
            if !path.exists() {
                std::fs::create_dir_all(&root).expect("mkdir");
                eprintln!("generating {} …", path.display());
                std::fs::write(&path, corpus::large(size * 1_000_000, 7)).expect("write large");
            }
            let bytes = std::fs::metadata(&path).expect("stat").len();
            let files = vec![path.clone()];
            let (b, p, rss) = side_by_side(
                a.runs,
                || baseline(&files, 1),
                || pmlint(&a.pmlint, &path, 1),
            );
            let rate = |r: Run| {
                format!(
                    "{:>5.2}s {:>5.2}s {:>5.1}",
                    r.wall.as_secs_f64(),
                    r.cpu.as_secs_f64(),
                    mb(bytes) / r.wall.as_secs_f64()
                )
            };
            println!(
                "{:>5}MB | {:>19} | {:>19} | {:>5.2} {:>5.2} | {:>8}",
                size,
                rate(b),
                rate(p),
                p.wall.as_secs_f64() / b.wall.as_secs_f64(),
                p.cpu.as_secs_f64() / b.cpu.as_secs_f64().max(1e-9),
                rss.map_or("n/a".into(), |m| format!("{m:.0} MB"))
            );
        }
    }

    // 3. One small file: what an editor or a pre-commit hook waits for.
    if want("small") {
        let path = root.join(format!("small-v{}.md", corpus::VERSION));
        std::fs::create_dir_all(&root).expect("mkdir");
        let mut rng = corpus::Rng::new(3);
        std::fs::write(&path, corpus::postmortem(&mut rng, 5000)).expect("write small");
        let n = a.runs.max(20);
        // Timed directly (no /usr/bin/time in between, whose CPU figures are in 10 ms steps).
        let wall = (0..n)
            .map(|_| {
                let start = Instant::now();
                Command::new(&a.pmlint)
                    .args(["--format", "short"])
                    .arg(&path)
                    .stdout(Stdio::null())
                    .status()
                    .expect("run pmlint");
                start.elapsed()
            })
            .min()
            .expect("runs");
        println!(
            "\nsingle 5 KB file: pmlint {:.1} ms wall (best of {n}, process start included)",
            wall.as_secs_f64() * 1e3,
        );
    }

    // 4. Pathological lines: time must grow linearly with their length.
    if want("pathological") {
        pathological(&a, &root);
    }
}

/// A postmortem whose summary, a heading, a timeline entry, a table row, an HTML block and a list
/// item each hold `pattern` repeated to `len` bytes.
fn pathological_doc(pattern: &str, len: usize) -> String {
    let line = pattern.repeat(len / pattern.len() + 1);
    format!(
        "# Postmortem\n\n## Summary\n\n{line}\n\n### {line}\n\n## Timeline\n\n- 14:00 {line}\n\n\
         | Time | Event |\n|---|---|\n| 14:05 | {line} |\n\n<p>{line}</p>\n\n- {line}\n"
    )
}

/// Times pmlint (1 thread, best of `--runs`, CPU) on each [`pathological::LINES`] line at
/// 100 KB and at 400 KB, and prints the times and their ratio: about 4 when the work is linear
/// in the line's length (less, as process start weighs on the short one), 16 when it is
/// quadratic.
fn pathological(a: &Args, root: &Path) {
    let dir = root.join("pathological");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (short, long) = (100_000, 400_000);
    println!("\npathological lines (1 thread, CPU seconds; linear work gives a ratio near 4)");
    println!(
        "{:>12} | {:>7} {:>7} | {:>5}",
        "line", "100 KB", "400 KB", "ratio"
    );
    let mut worst: f64 = 0.0;
    for (i, pattern) in pathological::LINES.iter().enumerate() {
        let time = |len: usize| {
            let path = dir.join(format!("p{i:02}-{len}.md"));
            std::fs::write(&path, pathological_doc(pattern, len)).expect("write");
            let mut best = Best::default();
            for _ in 0..a.runs.max(1) {
                best.add(pmlint(&a.pmlint, &path, 1));
            }
            best.run.expect("runs > 0").cpu.as_secs_f64()
        };
        let (t1, t4) = (time(short), time(long));
        let ratio = t4 / t1.max(0.01);
        worst = worst.max(ratio);
        println!(
            "{:>12} | {t1:>7.2} {t4:>7.2} | {ratio:>5.1}",
            format!("{pattern:?}")
        );
    }
    println!("worst ratio: {worst:.1}");
}
