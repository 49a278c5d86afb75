//! PM502 timeline-duration-mismatch: the stated window or duration disagrees with the timeline.

use super::clock::TOLERANCE_OPTIONS;
use super::clock::{
    clock_distance, duration_agrees, elapsed, fmt_duration, fmt_moment, window, Tolerance,
};
use crate::facts::{Entry, Postmortem};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM502",
    name: "timeline-duration-mismatch",
    summary: "the stated outage window or duration disagrees with the timeline",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM502.md"),
    options: TOLERANCE_OPTIONS,
};

fn describe(e: &Entry) -> &'static str {
    if e.resolution {
        "resolution entry"
    } else {
        "last entry"
    }
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let tol = Tolerance::of(pm, &META);
    let Some(tl) = pm.timelines.first() else {
        return;
    };
    if tl.entries.iter().filter(|e| e.time.is_some()).count() < 2 {
        return;
    }
    let Some((first, last)) = tl.first_and_last() else {
        return;
    };
    // The entries that may mark the end: those that record the resolution, and the last one.
    let mut ends: Vec<&Entry> = tl
        .entries
        .iter()
        .filter(|e| e.time.is_some() && e.resolution)
        .collect();
    if !ends.iter().any(|e| std::ptr::eq(*e, last)) {
        ends.push(last);
    }
    let end_entry = ends[0];
    let st = &pm.stated;
    if let (Some(s), Some(e)) = (&st.start, &st.end) {
        if window(s, e) < 0 {
            return; // PM503 says the window itself is wrong
        }
    }
    let entry_time = |e: &Entry| e.time.expect("timed entries only");

    if let Some(end) = &st.end {
        let hedged = st.duration.as_ref().is_some_and(|d| d.hedge.is_some());
        let tol = tol.allowed(st.duration.as_ref().map_or(0, |d| d.seconds), hedged);
        let agrees = ends.iter().any(|e| {
            clock_distance(
                &end.time,
                end.zone.as_ref(),
                &entry_time(e),
                e.zone.as_ref(),
            ) <= tol
        });
        if !agrees {
            let said = fmt_moment(&end.time, end.zone.as_ref());
            let at = fmt_moment(&entry_time(end_entry), end_entry.zone.as_ref());
            let which = describe(end_entry);
            r.report(end.span.clone(), format!("the summary says the outage ended at {said}, but the timeline's {which} is at {at}"))
                .label(format!("ends at {said}"))
                .related(end_entry.time_span.clone(), format!("{which}: {at}"))
                .help("make the summary's end time and the timeline agree, or add the timeline entry that records when service was restored");
        }
        // With a stated end, a wrong duration is PM501's finding (duration vs start and end).
        return;
    }
    let Some(d) = &st.duration else { return };
    // Measured from the stated start when there is one, else from the first entry.
    let (lead, from_time, from_zone, from_what) = match st.start.as_ref().or(d.anchor.as_ref()) {
        Some(s) => (
            elapsed(
                &s.time,
                s.zone.as_ref(),
                &entry_time(first),
                first.zone.as_ref(),
            ),
            s.time,
            s.zone.clone(),
            "the stated start",
        ),
        None => (0, entry_time(first), first.zone.clone(), "the first entry"),
    };
    let spans: Vec<i64> = ends
        .iter()
        .filter_map(|e| first.seconds_until(e).map(|s| lead + s))
        .collect();
    if spans.is_empty() || spans.iter().any(|&s| duration_agrees(&tol, d, s)) {
        return;
    }
    let which = describe(end_entry);
    r.report(d.span.clone(), format!(
        "stated duration {} does not match the timeline: {} ({from_what}) to the {which} at {} is {}",
        fmt_duration(i64::from(d.seconds)),
        fmt_moment(&from_time, from_zone.as_ref()),
        fmt_moment(&entry_time(end_entry), end_entry.zone.as_ref()),
        fmt_duration(spans[0])
    ))
    .label(format!("says {}", fmt_duration(i64::from(d.seconds))))
    .related(end_entry.time_span.clone(), which)
    .help("correct the stated duration, or the timeline entry that records when service was restored");
}
