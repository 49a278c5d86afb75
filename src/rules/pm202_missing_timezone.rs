//! PM202 missing-timezone: times in the summary or timeline carry no timezone and none is
//! declared.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use crate::source::Span;

pub static META: RuleMeta = RuleMeta {
    code: "PM202",
    name: "missing-timezone",
    summary: "times in the summary or timeline carry no timezone and none is declared",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM202.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    if pm.summary.zone.is_some() || pm.summary.times.iter().any(|t| t.zone.is_some()) {
        return;
    }
    let timed = || {
        pm.timelines
            .iter()
            .flat_map(|t| &t.entries)
            .filter(|e| e.time.is_some())
    };
    if pm.timelines.iter().any(|t| t.declared_zone.is_some()) || timed().any(|e| e.zone.is_some()) {
        return;
    }
    let mut spans: Vec<Span> = pm.summary.times.iter().map(|t| t.span.clone()).collect();
    spans.extend(timed().map(|e| e.time_span.clone()));
    spans.sort_by_key(|s| s.start);
    spans.dedup_by_key(|s| s.start);
    let Some(first) = spans.first() else {
        return;
    };
    let time = &pm.source.text[first.clone()];
    let others = match spans.len() - 1 {
        0 => String::new(),
        1 => " and 1 other time".to_string(),
        n => format!(" and {n} other times"),
    };
    r.report(
        first.clone(),
        format!(
            "{time}{others} {} no timezone, and the postmortem declares none",
            if others.is_empty() { "carries" } else { "carry" }
        ),
    )
    .label("which timezone?")
    .help("add the zone to the times (`14:05 UTC`) or declare it once, e.g. `## Timeline (all times UTC)`");
}
