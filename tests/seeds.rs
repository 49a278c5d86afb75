//! `../shared/seeds/EXPECTED.md`, row by row: what a careful reviewer finds in the five seed
//! postmortems, linted with the default profile.
//!
//! Each row's "must report" cell lists `CODE … line N` items separated by `;` or `. `: "line 24,
//! 14 or 9" means a finding of CODE starting on one of those lines; "lines 7, 20, 31 and 38" means
//! one on each. Items that are only "welcome" are not required. "nothing at error or warning
//! severity" means no such finding at all. The "must not report" cell lists codes or families
//! (`PM1`), optionally limited to "error or warning" findings.

mod common;

use pmlint::profile::Profile;
use pmlint::rule::Severity;
use pmlint::{lint, Settings, SourceFile};
use regex::Regex;

struct Row {
    file: String,
    must: String,
    must_not: String,
}

fn rows(expected: &str) -> Vec<Row> {
    expected
        .lines()
        .filter(|l| l.starts_with("| 0"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            Row {
                file: cells[0].to_string(),
                must: cells[1].to_string(),
                must_not: cells[2].to_string(),
            }
        })
        .collect()
}

/// Splits at `;` and `. ` outside parentheses, after dropping code spans.
fn items(cell: &str) -> Vec<String> {
    let no_code = Regex::new(r"`[^`]*`")
        .unwrap()
        .replace_all(cell, "CODE")
        .to_string();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let chars: Vec<char> = no_code.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        let split = depth == 0 && (c == ';' || (c == '.' && chars.get(i + 1) == Some(&' ')));
        if split {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// (code, candidate lines, every line required?) for one "must report" item.
fn requirement(item: &str) -> Option<(String, Vec<usize>, bool)> {
    if item.contains("welcome") {
        return None;
    }
    let code = Regex::new(r"PM\d{3}")
        .unwrap()
        .find(item)?
        .as_str()
        .to_string();
    let lines_re = Regex::new(r"lines? (\d+(?:(?:\s*,\s*|\s+or\s+|\s+and\s+)\d+)*)").unwrap();
    let last = lines_re.captures_iter(item).last()?;
    let list = &last[1];
    let lines = Regex::new(r"\d+")
        .unwrap()
        .find_iter(list)
        .map(|m| m.as_str().parse().unwrap())
        .collect();
    Some((code, lines, list.contains("and")))
}

#[test]
fn seeds_report_what_expected_md_says() {
    let Some(shared) = common::shared_dir("seeds test") else {
        return;
    };
    let seeds = shared.join("seeds");
    let expected = std::fs::read_to_string(seeds.join("EXPECTED.md")).unwrap();
    let rows = rows(&expected);
    assert_eq!(rows.len(), 5, "EXPECTED.md rows");
    let settings = Settings::new(Profile::built_in("default").unwrap());
    let family_re = Regex::new(r"PM\d{1,3}").unwrap();
    let mut failures = Vec::new();
    for row in &rows {
        let path = seeds.join(&row.file);
        let text = std::fs::read_to_string(&path).unwrap();
        let source = SourceFile::new(row.file.clone(), text);
        let diags = lint(&source, Some(&path), &settings);
        let found: Vec<(String, usize, Severity)> = diags
            .iter()
            .map(|d| {
                (
                    d.rule.code.to_string(),
                    source.line_col(d.span.start).line,
                    d.severity,
                )
            })
            .collect();
        let shown = found
            .iter()
            .map(|(c, l, _)| format!("{c}@{l}"))
            .collect::<Vec<_>>()
            .join(" ");

        if row.must.starts_with("nothing at error or warning") {
            for (c, l, s) in &found {
                if *s >= Severity::Warning {
                    failures.push(format!(
                        "{}: must report nothing at error or warning, got {c} at line {l}",
                        row.file
                    ));
                }
            }
        } else {
            for item in items(&row.must) {
                let Some((code, lines, all)) = requirement(&item) else {
                    continue;
                };
                let hit = |line: &usize| found.iter().any(|(c, l, _)| *c == code && l == line);
                let ok = if all {
                    lines.iter().all(hit)
                } else {
                    lines.iter().any(hit)
                };
                if !ok {
                    failures.push(format!(
                        "{}: must report {code} at line(s) {lines:?} ({}), found: {shown}",
                        row.file,
                        if all { "each" } else { "one of" }
                    ));
                }
            }
        }
        let only_serious = row.must_not.contains("at error or warning");
        for family in family_re.find_iter(&row.must_not) {
            for (c, l, s) in &found {
                if c.starts_with(family.as_str()) && (!only_serious || *s >= Severity::Warning) {
                    failures.push(format!(
                        "{}: must not report {}, got {c} at line {l}",
                        row.file,
                        family.as_str()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "EXPECTED.md does not hold:\n{}",
        failures.join("\n")
    );
}

#[test]
fn expected_md_cells_parse_as_intended() {
    let it = items("PM502 (x: line 24, 14 or 9); PM304 (lines 21–24 are, line 21). PM404 at lines 4 and 7 (`a(`) is welcome");
    assert_eq!(it.len(), 3);
    assert_eq!(
        requirement(&it[0]),
        Some(("PM502".into(), vec![24, 14, 9], false))
    );
    assert_eq!(requirement(&it[1]), Some(("PM304".into(), vec![21], false)));
    assert_eq!(requirement(&it[2]), None);
    assert_eq!(
        requirement("PM102 at lines 7, 20, 31 and 38 (x)"),
        Some(("PM102".into(), vec![7, 20, 31, 38], true))
    );
}
