//! PM201 missing-duration: the summary states neither how long the outage lasted nor its start
//! and end times.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM201",
    name: "missing-duration",
    summary: "the summary states no duration and no start and end times",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM201.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let st = &pm.stated;
    if st.duration.is_some()
        || (st.start.is_some() && st.end.is_some())
        || pm.summary.window.is_some()
    {
        return;
    }
    // Without a summary PM101 reports the missing section; there is nowhere to point.
    let Some(section) = pm.summary.section.map(|i| &pm.sections[i]) else {
        return;
    };
    let title = section.title.trim_end_matches(':');
    let d = match &st.start {
        Some(start) => r
            .report(
                section.title_span.clone(),
                format!("section `{title}` states when the outage started but not when it ended or how long it lasted"),
            )
            .related(start.span.clone(), "start"),
        None => r.report(
            section.title_span.clone(),
            format!("section `{title}` states no duration and no start and end times"),
        ),
    };
    d.label("no duration here").help(
        "state how long the outage lasted with its start and end times and timezone, e.g. `The outage lasted 1 hour 20 minutes, from 10:00 to 11:20 UTC`",
    );
}
