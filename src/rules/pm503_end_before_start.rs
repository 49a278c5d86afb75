//! PM503 end-before-start: the stated end is before the stated start.

use super::clock::{fmt_moment, window};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM503",
    name: "end-before-start",
    summary: "the stated end is before the stated start",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM503.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let (Some(start), Some(end)) = (&pm.stated.start, &pm.stated.end) else {
        return;
    };
    if window(start, end) >= 0 {
        return;
    }
    let (s, e) = (
        fmt_moment(&start.time, start.zone.as_ref()),
        fmt_moment(&end.time, end.zone.as_ref()),
    );
    r.report(end.span.clone(), format!("the stated end {e} is before the stated start {s}"))
        .label("ends before it starts")
        .related(start.span.clone(), "start")
        .help("check AM/PM and the dates; an outage that crosses midnight needs the end date, e.g. `March 9, 2024, 01:10 UTC`");
}
