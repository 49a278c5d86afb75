//! Inline suppression: `<!-- pmlint-disable … -->` comments in the linted Markdown drop findings,
//! and the comments are checked in turn (PM002 unused-suppression, PM003 unknown-rule).
//!
//! Which comment suppresses a finding, looked up by the line where the finding starts, the most
//! specific first: a `pmlint-disable-line` on that line or a `pmlint-disable-next-line` on the line
//! before; then the `pmlint-disable` range open at that line (opened on or before it, not yet
//! closed by a `pmlint-enable` naming the rule or no rule); then `pmlint-disable-file`. A comment
//! that names no rule covers every rule. Each finding is credited to one comment, so a comment
//! made redundant by a more specific one is reported as unused. PM002 and PM003 findings can be
//! suppressed by another comment, never by the comment they are about.

mod directive;

pub use directive::{directives, Directive, Kind, Selector};

use crate::diagnostic::Diagnostic;
use crate::lint::Settings;
use crate::parse::Markdown;
use crate::registry::RULES;
use crate::rule::{Reporter, RuleMeta};
use crate::rules::{pm002_unused_suppression, pm003_unknown_rule};
use crate::source::SourceFile;
use std::collections::BTreeSet;

/// A part of a directive that can suppress: the directive's index and the index of the selector
/// that matched (None: the directive names no rule).
type Unit = (usize, Option<usize>);

/// Drops the findings in `out` that a directive of `source` suppresses, then appends PM003 for
/// directives naming unknown rules and PM002 for directives (or selectors) that suppressed
/// nothing, each when enabled in `settings`. A selector whose rules did not run is not reported
/// as unused: whether it would suppress something is unknown.
pub fn apply(
    source: &SourceFile,
    markdown: &Markdown,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    let directives = directives(source, markdown);
    if directives.is_empty() {
        return;
    }
    let mut s = Suppressions {
        source,
        directives: &directives,
        used: BTreeSet::new(),
    };
    out.retain(|d| !s.suppress(d, None));
    let enabled = |m: &RuleMeta| settings.enabled.contains(&m.code);
    if enabled(&pm003_unknown_rule::META) {
        for (i, d) in directives.iter().enumerate() {
            for sel in d.selectors.iter().filter(|s| s.rules.is_empty()) {
                let diag = unknown_rule(settings, d, sel);
                if !s.suppress(&diag, Some(i)) {
                    out.push(diag);
                }
            }
        }
    }
    if enabled(&pm002_unused_suppression::META) {
        // Suppressing a PM002 finding uses the suppressing directive, which may then no longer
        // be unused itself: repeat until nothing changes (the used set only grows).
        loop {
            let before = s.used.len();
            let mut pending = Vec::new();
            for unit in s.unused(settings) {
                let diag = unused(settings, &directives, unit);
                if !s.suppress(&diag, Some(unit.0)) {
                    pending.push(diag);
                }
            }
            if s.used.len() == before {
                out.extend(pending);
                break;
            }
        }
    }
}

struct Suppressions<'a> {
    source: &'a SourceFile,
    directives: &'a [Directive],
    used: BTreeSet<Unit>,
}

impl Suppressions<'_> {
    /// Whether a directive other than `skip` suppresses `d`; marks that directive used.
    fn suppress(&mut self, d: &Diagnostic, skip: Option<usize>) -> bool {
        let line = self.source.line_of(d.span.start);
        match self.suppressor(d.rule.code, line, skip) {
            Some(unit) => {
                self.used.insert(unit);
                true
            }
            None => false,
        }
    }

    /// The directive part that suppresses rule `code` on 1-based `line`, ignoring directive `skip`.
    fn suppressor(&self, code: &str, line: usize, skip: Option<usize>) -> Option<Unit> {
        let matching = |d: &Directive| -> Option<Option<usize>> {
            if d.selectors.is_empty() {
                return Some(None);
            }
            d.selectors.iter().position(|s| s.covers(code)).map(Some)
        };
        let candidates = || {
            self.directives
                .iter()
                .enumerate()
                .filter(move |(i, _)| Some(*i) != skip)
        };
        for (i, d) in candidates() {
            let on_line = match d.kind {
                Kind::DisableLine => (d.first_line..=d.last_line).contains(&line),
                Kind::DisableNextLine => line == d.last_line + 1,
                _ => false,
            };
            if let Some(sel) = on_line.then(|| matching(d)).flatten() {
                return Some((i, sel));
            }
        }
        let mut open = None;
        for (i, d) in candidates().filter(|(_, d)| d.first_line <= line) {
            match d.kind {
                Kind::Disable if open.is_none() => open = matching(d).map(|sel| (i, sel)),
                Kind::Enable if matching(d).is_some() => open = None,
                _ => {}
            }
        }
        if open.is_some() {
            return open;
        }
        candidates()
            .filter(|(_, d)| d.kind == Kind::DisableFile)
            .find_map(|(i, d)| matching(d).map(|sel| (i, sel)))
    }

    /// The directive parts that suppressed nothing, among those whose rules ran.
    fn unused(&self, settings: &Settings) -> Vec<Unit> {
        let mut out = Vec::new();
        for (i, d) in self.directives.iter().enumerate() {
            if d.kind == Kind::Enable {
                continue;
            }
            if d.selectors.is_empty() {
                out.push((i, None));
            }
            for (j, sel) in d.selectors.iter().enumerate() {
                if sel.rules.iter().any(|m| settings.enabled.contains(&m.code)) {
                    out.push((i, Some(j)));
                }
            }
        }
        out.retain(|u| !self.used.contains(u));
        out
    }
}

/// PM002 for `unit`.
fn unused(settings: &Settings, directives: &[Directive], unit: Unit) -> Diagnostic {
    let (i, sel) = unit;
    let d = &directives[i];
    let (what, label) = match sel {
        None => ("every rule".to_string(), "suppresses nothing".to_string()),
        Some(j) => {
            let s = &d.selectors[j];
            let what = match s.rules.as_slice() {
                [m] => format!("{} ({})", m.code, m.name),
                rules => format!("{} ({} rules)", s.text, rules.len()),
            };
            (what, format!("{} suppresses nothing", s.text))
        }
    };
    let scope = match d.kind {
        Kind::DisableLine if d.first_line == d.last_line => format!("on line {}", d.first_line),
        Kind::DisableLine => format!("on lines {} to {}", d.first_line, d.last_line),
        Kind::DisableNextLine => format!("on line {}", d.last_line + 1),
        Kind::DisableFile => "in the file".to_string(),
        Kind::Disable | Kind::Enable => match range_end(directives, i, sel) {
            Some(end) => format!("from line {} to line {end}", d.first_line),
            None => format!("from line {} to the end of the file", d.first_line),
        },
    };
    let reach = match d.kind {
        Kind::DisableNextLine => {
            "; `pmlint-disable-next-line` covers only the line right after the comment"
        }
        Kind::DisableLine => "; `pmlint-disable-line` covers only the line the comment is on",
        _ => "",
    };
    let mut out = Vec::new();
    let meta = &pm002_unused_suppression::META;
    Reporter::new(meta, settings.severity(meta), &mut out)
        .report(
            d.span.clone(),
            format!("unused suppression of {what}: no finding {scope}"),
        )
        .label(label)
        .help(format!(
            "remove the comment (or this rule from it) if the problem it hid has been fixed{reach}"
        ));
    out.pop().expect("just reported")
}

/// The line of the `pmlint-enable` that closes the range opened by directive `i` for selector
/// `sel`: the first later enable naming no rule, or (for a selector) one naming any of its rules.
fn range_end(directives: &[Directive], i: usize, sel: Option<usize>) -> Option<usize> {
    let rules = sel.map(|j| &directives[i].selectors[j].rules);
    directives[i + 1..]
        .iter()
        .find(|e| {
            e.kind == Kind::Enable
                && (e.selectors.is_empty()
                    || rules.is_some_and(|rs| {
                        rs.iter()
                            .any(|m| e.selectors.iter().any(|s| s.covers(m.code)))
                    }))
        })
        .map(|e| e.first_line)
}

/// PM003 for selector `sel` of directive `d`, which names no rule.
fn unknown_rule(settings: &Settings, d: &Directive, sel: &Selector) -> Diagnostic {
    let mut out = Vec::new();
    let meta = &pm003_unknown_rule::META;
    let suggestion = closest_rule(&sel.text)
        .map(|m| format!("did you mean `{}` ({})? ", m.code, m.name))
        .unwrap_or_default();
    Reporter::new(meta, settings.severity(meta), &mut out)
        .report(
            sel.span.clone(),
            format!(
                "unknown rule `{}` in `{}`: expected a rule code, name or family",
                sel.text,
                d.kind.as_str()
            ),
        )
        .label("no such rule")
        .help(format!(
            "{suggestion}name a rule by its code (PM301), its name (timeline-out-of-order) or its family (PM3); `pmlint rules` lists them"
        ));
    out.pop().expect("just reported")
}

/// The rule whose name is within a small edit distance of `text` (a typo), if any. Codes are not
/// guessed: every code is one digit away from several others.
fn closest_rule(text: &str) -> Option<&'static RuleMeta> {
    let lower = text.to_ascii_lowercase();
    RULES
        .iter()
        .map(|r| (edit_distance(&lower, r.meta.name), r.meta))
        .filter(|(dist, m)| *dist > 0 && *dist <= (m.name.len() / 5).max(1))
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, m)| m)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    /// Lints `text` with the rules `select` and returns `(line, code)` of each finding.
    fn lint(text: &str, select: &[&str]) -> Vec<(usize, &'static str)> {
        let src = SourceFile::new("t.md", text);
        let mut settings = Settings::new(Profile::built_in("default").unwrap());
        settings
            .enabled
            .retain(|c| select.iter().any(|s| s.eq_ignore_ascii_case(c)));
        crate::lint(&src, None, &settings)
            .iter()
            .map(|d| (src.line_of(d.span.start), d.rule.code))
            .collect()
    }

    const OUT_OF_ORDER: &str = "- 14:02 - alert\n- 14:25 - rollback\n- 14:10 - found\n";

    fn timeline(before: &str, after: &str) -> String {
        format!("## Timeline (all times UTC)\n\n{before}{OUT_OF_ORDER}{after}")
    }

    #[test]
    fn without_directives_the_finding_is_reported() {
        assert_eq!(lint(&timeline("", ""), &["PM301"]), [(5, "PM301")]);
    }

    #[test]
    fn next_line_line_range_and_file_directives_suppress() {
        let all = ["PM002", "PM301"];
        let t = "## Timeline (all times UTC)\n\n- 14:02 - alert\n- 14:25 - rollback\n\
                 <!-- pmlint-disable-next-line PM301 -->\n- 14:10 - found\n";
        assert_eq!(lint(t, &all), []);
        let t = "## Timeline (all times UTC)\n\n- 14:02 - alert\n- 14:25 - rollback\n\
                 - 14:10 - found <!-- pmlint-disable-line timeline-out-of-order -->\n";
        assert_eq!(lint(t, &all), []);
        let t = timeline(
            "<!-- pmlint-disable PM3 -->\n\n",
            "\n<!-- pmlint-enable PM3 -->\n",
        );
        assert_eq!(lint(&t, &all), []);
        let t = timeline("", "\n<!-- pmlint-disable-file -->\n");
        assert_eq!(lint(&t, &all), []);
    }

    #[test]
    fn enable_ends_a_range_and_only_for_the_rules_it_names() {
        let all = ["PM002", "PM301"];
        let t = timeline(
            "<!-- pmlint-disable -->\n<!-- pmlint-enable PM301 -->\n\n",
            "",
        );
        assert_eq!(lint(&t, &all), [(3, "PM002"), (8, "PM301")]);
        let t = timeline(
            "<!-- pmlint-disable PM301 -->\n<!-- pmlint-enable PM302 -->\n\n",
            "",
        );
        assert_eq!(lint(&t, &all), []);
    }

    #[test]
    fn unused_directives_are_reported_per_rule_named() {
        let t = timeline("", "\n<!-- pmlint-disable-file PM301, PM302 -->\n");
        assert_eq!(
            lint(&t, &["PM002", "PM301", "PM302"]),
            [(7, "PM002")],
            "PM301 was used, PM302 was not"
        );
        let src = SourceFile::new("t.md", &t);
        let mut settings = Settings::new(Profile::built_in("default").unwrap());
        settings.enabled = vec!["PM002", "PM301", "PM302"];
        let d = crate::lint(&src, None, &settings);
        assert!(d[0].message.contains("PM302 (timeline-entry-without-time)"));
        assert!(d[0].message.contains("in the file"));
    }

    #[test]
    fn rules_that_did_not_run_are_not_reported_unused() {
        let t = "text\n<!-- pmlint-disable-next-line PM401 -->\nmore\n";
        assert_eq!(lint(t, &["PM002"]), []);
        assert_eq!(lint(t, &["PM002", "PM401"]), [(2, "PM002")]);
    }

    #[test]
    fn unknown_rules_are_reported_at_the_code() {
        let t = "<!-- pmlint-disable-next-line PM999, timeline-out-of-ordr -->\ntext\n";
        let src = SourceFile::new("t.md", t);
        let mut settings = Settings::new(Profile::built_in("default").unwrap());
        settings.enabled = vec!["PM003"];
        let d = crate::lint(&src, None, &settings);
        assert_eq!(d.len(), 2);
        assert_eq!(src.slice(&d[0].span), "PM999");
        assert!(d[1]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `PM301`"));
    }

    #[test]
    fn a_directive_never_suppresses_its_own_report_but_another_can() {
        let t = "<!-- pmlint-disable-line -->\n";
        assert_eq!(lint(t, &["PM002"]), [(1, "PM002")]);
        let t =
            "<!-- pmlint-disable-file PM002 -->\n\ntext\n<!-- pmlint-disable-next-line -->\nmore\n";
        assert_eq!(lint(t, &["PM002"]), []);
        let t = "<!-- pmlint-disable-file PM003 -->\n<!-- pmlint-disable-line PM999 -->\n";
        assert_eq!(lint(t, &["PM002", "PM003"]), []);
    }

    #[test]
    fn the_most_specific_directive_is_credited() {
        let t = timeline("<!-- pmlint-disable-file PM301 -->\n\n", "").replace(
            "- 14:10",
            "<!-- pmlint-disable-next-line PM301 -->\n- 14:10",
        );
        assert_eq!(lint(&t, &["PM002", "PM301"]), [(3, "PM002")]);
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(
            closest_rule("timeline-out-of-ordr").map(|m| m.code),
            Some("PM301")
        );
        assert!(closest_rule("PM999").is_none());
        assert!(closest_rule("PM30l").is_none());
    }
}
