//! PM203 missing-impact: the summary does not quantify the impact.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM203",
    name: "missing-impact",
    summary: "no quantified impact: share of users, number of users, requests or errors, money",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM203.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    if pm.summary.impact.is_some() {
        return;
    }
    let Some(section) = pm.summary.section.map(|i| &pm.sections[i]) else {
        return;
    };
    r.report(
        section.title_span.clone(),
        format!(
            "section `{}` does not quantify the impact (no share or number of users, requests or errors, no cost)",
            section.title.trim_end_matches(':')
        ),
    )
    .label("how many were affected?")
    .help("say how many were affected and how: `About 30% of users (12,000) could not log in`, `1.2M requests failed`");
}
