//! PM204 missing-root-cause: the summary does not state the root cause (profiles that ask for it).

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, RuleOption, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM204",
    name: "missing-root-cause",
    summary: "the summary does not state the root cause (only in profiles that ask for it)",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM204.md"),
    options: &[RuleOption {
        name: "required",
        default: 0,
        doc:
            "1: the summary must state the root cause (the ALX 0x19 task asks for it); 0: no check",
    }],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    if pm.profile.option(&META, "required") == 0 || pm.summary.root_cause.is_some() {
        return;
    }
    // Only a summary proper: an Impact or Duration section is not where a cause is expected, and
    // without a summary PM101 reports the missing section.
    let Some(section) = pm
        .summary
        .section
        .map(|i| &pm.sections[i])
        .filter(|s| s.is("summary"))
    else {
        return;
    };
    r.report(
        section.title_span.clone(),
        format!(
            "section `{}` does not state the root cause",
            section.title.trim_end_matches(':')
        ),
    )
    .label("what caused it?")
    .help("add one sentence on the cause, e.g. `Root cause: an expired TLS certificate on the auth service`; details belong in the root-cause section");
}
