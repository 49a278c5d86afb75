//! A deterministic generator of postmortems for the benchmark, the bad-input tests and the fuzz
//! seeds: the same seed always gives the same bytes, on every machine.
//!
//! Each document mixes what real postmortems contain: headings in every form (ATX, setext, HTML
//! `<h2>`, bold lines, plain lines, all-caps lines, `#Title` without the space, list labels),
//! timelines of 5–25 entries written as list items, table rows, HTML lists or paragraph lines
//! (with dates, 12-hour clocks, zones, and sometimes out of order), stated durations and windows
//! (sometimes disagreeing), images (local, remote, GitHub blob pages, placeholders and malformed
//! ones), tables, code blocks, links and emphasis, filled with prose up to the target size.
//! About one document in eight is "broken" on purpose: CRLF line endings, a BOM, an unclosed code
//! fence, deep nesting, stray brackets and backticks, or a missing section.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast and the same everywhere (no dependency, no platform variation).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next_u64() % den < num
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.range(0, items.len() - 1)]
    }
}

const SERVICES: &[&str] = &[
    "login",
    "checkout",
    "search",
    "payments",
    "API gateway",
    "image upload",
    "notifications",
    "web stack",
    "database",
    "load balancer",
    "DNS",
    "cache cluster",
    "billing",
    "CDN",
];
const FAILURES: &[&str] = &[
    "outage",
    "degradation",
    "partial outage",
    "latency spike",
    "data loss scare",
    "incident",
];
const NOUNS: &[&str] = &[
    "server",
    "request",
    "deploy",
    "certificate",
    "connection pool",
    "query",
    "replica",
    "health check",
    "config file",
    "feature flag",
    "on-call engineer",
    "dashboard",
    "alert",
    "rollback",
    "migration",
    "queue",
    "worker",
    "customer",
    "page",
    "error rate",
    "runbook",
];
const VERBS: &[&str] = &[
    "failed",
    "restarted",
    "timed out",
    "spiked",
    "was rolled back",
    "recovered",
    "paged",
    "noticed",
    "investigated",
    "escalated",
    "dropped",
    "returned 502s",
    "filled up",
    "expired",
];
const WORDS: &[&str] = &[
    "the",
    "a",
    "we",
    "our",
    "team",
    "because",
    "after",
    "before",
    "while",
    "and",
    "but",
    "then",
    "users",
    "traffic",
    "latency",
    "monitoring",
    "nginx",
    "MySQL",
    "Redis",
    "Kubernetes",
    "pod",
    "memory",
    "disk",
    "CPU",
    "network",
    "region",
    "cluster",
    "service",
    "system",
    "process",
    "week",
    "change",
    "release",
    "version",
    "limit",
    "threshold",
    "capacity",
    "retry",
    "backoff",
    "café",
    "naïve",
    "résumé",
    "→",
    "—",
    "✓",
    "🚀",
];
const ZONES: &[&str] = &[
    "UTC", "GMT", "PST", "EST", "CET", "EAT", "WAT", "UTC+1", "(UTC)",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How a section title is written.
#[derive(Clone, Copy)]
enum TitleStyle {
    Atx,
    Setext,
    Html,
    Bold,
    Plain,
    Caps,
    HashNoSpace,
    ListLabel,
}

fn title_style(rng: &mut Rng) -> TitleStyle {
    match rng.range(0, 19) {
        0..=9 => TitleStyle::Atx,
        10..=11 => TitleStyle::Setext,
        12 => TitleStyle::Html,
        13..=14 => TitleStyle::Bold,
        15 => TitleStyle::Plain,
        16 => TitleStyle::Caps,
        17 => TitleStyle::HashNoSpace,
        _ => TitleStyle::ListLabel,
    }
}

fn title(out: &mut String, rng: &mut Rng, text: &str) {
    match title_style(rng) {
        TitleStyle::Atx => {
            let _ = writeln!(out, "{} {text}\n", "#".repeat(rng.range(2, 3)));
        }
        TitleStyle::Setext => {
            let _ = writeln!(out, "{text}\n{}\n", "-".repeat(text.len().max(3)));
        }
        TitleStyle::Html => {
            let _ = writeln!(out, "<h2>{text}</h2>\n");
        }
        TitleStyle::Bold => {
            let _ = writeln!(out, "**{text}:**\n");
        }
        TitleStyle::Plain => {
            let _ = writeln!(out, "{text}\n");
        }
        TitleStyle::Caps => {
            let _ = writeln!(out, "{}\n", text.to_uppercase());
        }
        TitleStyle::HashNoSpace => {
            let _ = writeln!(out, "##{text}\n");
        }
        TitleStyle::ListLabel => {
            let _ = writeln!(out, "- **{text}:**\n  - see below\n");
        }
    }
}

fn sentence(out: &mut String, rng: &mut Rng) {
    let n = rng.range(6, 18);
    for i in 0..n {
        let w = match rng.range(0, 9) {
            0 => rng.pick(NOUNS),
            1 => rng.pick(VERBS),
            _ => rng.pick(WORDS),
        };
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            match rng.range(0, 40) {
                0 => {
                    let _ = write!(out, "**{w}**");
                }
                1 => {
                    let _ = write!(out, "`{w}`");
                }
                2 => {
                    let _ = write!(out, "[{w}](https://example.org/{w})");
                }
                3 => {
                    let _ = write!(out, "_{w}_");
                }
                4 => {
                    let _ = write!(out, "{}%", rng.range(1, 99));
                }
                5 => {
                    let _ = write!(out, "{}", rng.range(2, 5000));
                }
                _ => out.push_str(w),
            }
        }
    }
    out.push_str(". ");
}

fn paragraph(out: &mut String, rng: &mut Rng) {
    let lines = rng.range(1, 4);
    for _ in 0..lines {
        for _ in 0..rng.range(1, 2) {
            sentence(out, rng);
        }
        out.pop();
        out.push('\n');
    }
    out.push('\n');
}

/// A time of day as written in a timeline: 24-hour, 12-hour or with a date.
fn clock(rng: &mut Rng, minutes: usize, style: usize, zone: Option<&str>) -> String {
    let (h, m) = ((minutes / 60) % 24, minutes % 60);
    let t = match style {
        0 => format!("{h:02}:{m:02}"),
        1 => {
            let (h12, ap) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!("{h12}:{m:02} {ap}")
        }
        2 => format!("2024-03-{:02} {h:02}:{m:02}", 8 + minutes / 1440),
        _ => format!("{h:02}:{m:02}:{:02}", rng.range(0, 59)),
    };
    match zone {
        Some(z) => format!("{t} {z}"),
        None => t,
    }
}

fn event(rng: &mut Rng) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "{} {} {}",
        rng.pick(&["The", "A", "Our", "Another"]),
        rng.pick(NOUNS),
        rng.pick(VERBS)
    );
    if rng.chance(1, 3) {
        let _ = write!(s, " on {}", rng.pick(WORDS));
    }
    if rng.chance(1, 12) {
        s.push_str("; service restored");
    }
    s
}

fn timeline(out: &mut String, rng: &mut Rng, start: usize, broken: bool) -> usize {
    let n = rng.range(5, 25);
    let style = rng.range(0, 3);
    let zone = rng.chance(2, 3).then(|| rng.pick(ZONES));
    let declared = zone.is_none() && rng.chance(1, 2);
    let title_text = if declared {
        "Timeline (all times UTC)"
    } else {
        rng.pick(&[
            "Timeline",
            "Timeline of events",
            "Chronology",
            "Sequence of Events",
        ])
    };
    title(out, rng, title_text);
    if rng.chance(1, 5) {
        let _ = writeln!(out, "{} {}, 2024\n", rng.pick(MONTHS), rng.range(1, 28));
    }
    let mut t = start;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        t += rng.range(1, 40);
        times.push(t);
    }
    if broken && n > 3 {
        let i = rng.range(1, n - 2);
        times.swap(i, i + 1);
    }
    let clock_style = rng.range(0, 3);
    let z = |rng: &mut Rng| {
        if rng.chance(1, 10) {
            Some(rng.pick(ZONES))
        } else {
            zone
        }
    };
    match style {
        0 => {
            for &tm in &times {
                let zz = z(rng);
                if rng.chance(1, 25) {
                    let _ = writeln!(out, "- {}", event(rng));
                } else {
                    let _ = writeln!(
                        out,
                        "- {} - {}",
                        clock(rng, tm, clock_style, zz),
                        event(rng)
                    );
                }
                if rng.chance(1, 8) {
                    let _ = writeln!(out, "  - detail: {}", event(rng));
                }
            }
        }
        1 => {
            let _ = writeln!(out, "| Time | Event |\n|------|-------|");
            for &tm in &times {
                let zz = z(rng);
                let _ = writeln!(
                    out,
                    "| {} | {} |",
                    clock(rng, tm, clock_style, zz),
                    event(rng)
                );
            }
        }
        2 => {
            out.push_str("<ul>\n");
            for &tm in &times {
                let zz = z(rng);
                let _ = writeln!(
                    out,
                    "  <li>{} {}</li>",
                    clock(rng, tm, clock_style, zz),
                    event(rng)
                );
            }
            out.push_str("</ul>\n");
        }
        _ => {
            for &tm in &times {
                let zz = z(rng);
                let _ = writeln!(out, "{}: {}", clock(rng, tm, clock_style, zz), event(rng));
                if rng.chance(1, 4) {
                    out.push('\n');
                }
            }
        }
    }
    out.push('\n');
    times.iter().copied().max().unwrap_or(start)
}

fn image(out: &mut String, rng: &mut Rng) {
    let alt = rng.pick(&["error rate graph", "image", "", "screenshot", "latency p99"]);
    let _ = match rng.range(0, 11) {
        0..=3 => writeln!(out, "![{alt}](images/graph-{}.png)\n", rng.range(1, 9)),
        4..=5 => writeln!(
            out,
            "![{alt}](https://i.imgur.com/a{}.png)\n",
            rng.range(100, 999)
        ),
        6 => writeln!(
            out,
            "![{alt}](https://github.com/acme/status/blob/main/g{}.png)\n",
            rng.range(1, 9)
        ),
        7 => writeln!(out, "!(https://example.com/graph.png)\n"),
        8 => writeln!(out, "![{alt}]\n"),
        9 => writeln!(
            out,
            "<img src=\"images/diagram.png\" alt=\"{alt}\" width=\"600\">\n"
        ),
        10 => writeln!(
            out,
            "![{alt}][graph]\n\n[graph]: https://example.org/graph.png\n"
        ),
        _ => writeln!(out, "![{alt}](path/to/your-image.png)\n"),
    };
}

fn table(out: &mut String, rng: &mut Rng) {
    let _ = writeln!(
        out,
        "| Metric | Before | During | After |\n|---|---:|---:|---:|"
    );
    for _ in 0..rng.range(2, 6) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            rng.pick(NOUNS),
            rng.range(0, 100),
            rng.range(0, 10_000),
            rng.range(0, 100)
        );
    }
    out.push('\n');
}

fn code(out: &mut String, rng: &mut Rng) {
    let _ = writeln!(out, "```{}", rng.pick(&["", "sh", "nginx", "yaml", "log"]));
    for _ in 0..rng.range(1, 6) {
        let _ = writeln!(
            out,
            "2024-03-08 {:02}:{:02}:{:02} ERROR {} {}",
            rng.range(0, 23),
            rng.range(0, 59),
            rng.range(0, 59),
            rng.pick(NOUNS),
            rng.pick(VERBS)
        );
    }
    out.push_str("```\n\n");
}

/// One kind of damage done to a "broken" document.
fn damage(out: &mut String, rng: &mut Rng) {
    match rng.range(0, 5) {
        0 => out.push_str("```\nunclosed fence, everything after is code\n"),
        1 => {
            for d in 0..rng.range(10, 60) {
                let _ = writeln!(out, "{}- level {d} 12:{:02}", "  ".repeat(d), d % 60);
            }
            out.push('\n');
        }
        2 => {
            let _ = writeln!(out, "{}\n", "![".repeat(rng.range(10, 200)));
        }
        3 => {
            let _ = writeln!(out, "{}\n", "`".repeat(rng.range(10, 200)) + "12:00");
        }
        4 => {
            let _ = writeln!(
                out,
                "> > > quoted 14:{:02} alert\n> > still quoted\n",
                rng.range(0, 59)
            );
        }
        _ => {
            let _ = writeln!(out, "{}\n", "1:2:3:4:5:".repeat(rng.range(10, 100)));
        }
    }
}

/// One postmortem of about `target` bytes (never less; a little more by the last paragraph).
pub fn postmortem(rng: &mut Rng, target: usize) -> String {
    let mut out = String::with_capacity(target + 1024);
    let broken = rng.chance(1, 8);
    let service = rng.pick(SERVICES);
    let failure = rng.pick(FAILURES);
    if rng.chance(1, 4) {
        let t = format!("Postmortem: {service} {failure}");
        let _ = writeln!(out, "{t}\n{}\n", "=".repeat(t.len()));
    } else {
        let _ = writeln!(out, "# Postmortem: {service} {failure}\n");
    }
    // Summary with a stated window and duration (sometimes disagreeing).
    let start = rng.range(0, 22 * 60);
    let length = rng.range(10, 300);
    let t = rng.pick(&[
        "Issue Summary",
        "Summary",
        "Executive Summary",
        "Overview",
        "TL;DR",
    ]);
    title(&mut out, rng, t);
    let stated = if broken && rng.chance(1, 2) {
        length + 45
    } else {
        length
    };
    let z = rng.pick(ZONES);
    let _ = writeln!(
        out,
        "The {service} {failure} lasted {} {}, from {} to {} {z}. About {}% of users were affected.\n",
        if stated >= 60 { stated / 60 } else { stated },
        if stated >= 60 { "hours" } else { "minutes" },
        clock(rng, start, 0, None),
        clock(rng, start + length, 0, None),
        rng.range(1, 100)
    );
    paragraph(&mut out, rng);
    if rng.chance(1, 2) {
        image(&mut out, rng);
    }
    timeline(&mut out, rng, start, broken);
    let skip_root = broken && rng.chance(1, 3);
    if !skip_root {
        let t = rng.pick(&[
            "Root Cause",
            "Root Cause and Resolution",
            "Root cause analysis",
            "What went wrong",
        ]);
        title(&mut out, rng, t);
        paragraph(&mut out, rng);
        if rng.chance(1, 2) {
            code(&mut out, rng);
        }
    }
    let t = rng.pick(&[
        "Resolution",
        "Resolution and Recovery",
        "Mitigation",
        "The fix",
    ]);
    title(&mut out, rng, t);
    paragraph(&mut out, rng);
    if rng.chance(1, 3) {
        table(&mut out, rng);
    }
    if rng.chance(1, 3) {
        image(&mut out, rng);
    }
    let t = rng.pick(&[
        "Action Items",
        "Corrective and Preventative Measures",
        "Next steps",
        "Follow-ups",
    ]);
    title(&mut out, rng, t);
    if rng.chance(4, 5) {
        for _ in 0..rng.range(2, 8) {
            let mark = rng.pick(&["- [ ] ", "- [x] ", "- ", "1. ", "* "]);
            let _ = writeln!(out, "{mark}{} (owner: @{})", event(rng), rng.pick(NOUNS));
        }
        out.push('\n');
    } else {
        paragraph(&mut out, rng);
    }
    if broken {
        damage(&mut out, rng);
    }
    // Prose up to the target size, with now and then another image, table or code block.
    while out.len() < target {
        match rng.range(0, 11) {
            0 => image(&mut out, rng),
            1 => table(&mut out, rng),
            2 => code(&mut out, rng),
            3 => {
                let t = rng.pick(&["Lessons Learned", "Impact", "Detection", "Notes"]);
                title(&mut out, rng, t)
            }
            _ => paragraph(&mut out, rng),
        }
    }
    if broken && rng.chance(1, 3) {
        out = out.replace('\n', "\r\n");
    }
    if broken && rng.chance(1, 6) {
        out.insert(0, '\u{feff}');
    }
    out
}

/// Writes `count` postmortems of 3–8 KB under `dir` (100 per sub-directory, named
/// `dNN/pmNNNNN.md`) from `seed`. Returns the files and their total size in bytes.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> std::io::Result<(Vec<PathBuf>, u64)> {
    let mut rng = Rng::new(seed);
    let mut files = Vec::with_capacity(count);
    let mut bytes = 0u64;
    for i in 0..count {
        let sub = dir.join(format!("d{:03}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let target = rng.range(3000, 8000);
        let text = postmortem(&mut rng, target);
        let path = sub.join(format!("pm{i:05}.md"));
        std::fs::write(&path, &text)?;
        bytes += text.len() as u64;
        files.push(path);
    }
    // Images that the local references point to, so some resolve and some do not.
    for sub in 0..count.div_ceil(100) {
        let img = dir.join(format!("d{sub:03}/images"));
        std::fs::create_dir_all(&img)?;
        for k in 1..=4 {
            std::fs::write(img.join(format!("graph-{k}.png")), b"\x89PNG")?;
        }
    }
    Ok((files, bytes))
}

/// One postmortem of at least `target` bytes: a summary, then sections of every kind repeated
/// (many timelines, images, tables, code blocks), as a document grown over years would be.
pub fn large(target: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(target + 16 * 1024);
    while out.len() < target {
        let n = rng.range(3000, 8000);
        let pm = postmortem(&mut rng, n);
        // Keep one BOM at most, and only at the start.
        out.push_str(pm.trim_start_matches('\u{feff}'));
        // Close a fence left open on purpose, so that the rest is not one code block.
        if pm.lines().filter(|l| l.starts_with("```")).count() % 2 == 1 {
            out.push_str("\n```");
        }
        out.push('\n');
    }
    out
}
