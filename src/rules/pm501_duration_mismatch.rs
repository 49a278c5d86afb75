//! PM501 duration-mismatch: the stated duration disagrees with the stated start and end times.

use super::clock::TOLERANCE_OPTIONS;
use super::clock::{duration_agrees, fmt_duration, fmt_moment, window, Tolerance};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM501",
    name: "duration-mismatch",
    summary: "the stated duration disagrees with the stated start and end times",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM501.md"),
    options: TOLERANCE_OPTIONS,
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let tol = Tolerance::of(pm, &META);
    let st = &pm.stated;
    let (Some(d), Some(start), Some(end)) = (&st.duration, &st.start, &st.end) else {
        return;
    };
    let actual = window(start, end);
    if actual < 0 {
        return; // PM503
    }
    if duration_agrees(&tol, d, actual) {
        return;
    }
    let (s, e) = (
        fmt_moment(&start.time, start.zone.as_ref()),
        fmt_moment(&end.time, end.zone.as_ref()),
    );
    r.report(
        d.span.clone(),
        format!(
            "stated duration {} does not match {s} to {e}, which is {}",
            fmt_duration(i64::from(d.seconds)),
            fmt_duration(actual)
        ),
    )
    .label(format!("says {}", fmt_duration(i64::from(d.seconds))))
    .related(
        start.span.start..end.span.end,
        format!("{} from start to end", fmt_duration(actual)),
    )
    .help("correct the duration or the start and end times so that they agree");
}
