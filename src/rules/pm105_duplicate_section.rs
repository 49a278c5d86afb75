//! PM105 duplicate-section: the same profile section twice.

use crate::facts::{Postmortem, Section};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM105",
    name: "duplicate-section",
    summary: "the same section appears twice",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM105.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    // Sub-sections and same-level parts of a section ("### Root Cause" under "## Root Cause and
    // Resolution") and list-item labels are not repeats: see `Section::is_principal`.
    let principal: Vec<&Section> = pm.sections.iter().filter(|s| s.is_principal()).collect();
    for (k, s) in principal.iter().enumerate() {
        // A combined title repeats only when every section it covers came before: "Root Cause
        // and Resolution" after a "Resolution:" step of the timeline is the section itself.
        // A heading does not repeat a title written as a plain or bold line (such a line is
        // more often a label inside another section: "**Resolution:**" in the timeline).
        let earlier = |id: &String| {
            principal[..k]
                .iter()
                .find(|p| p.is(id) && (p.is_heading() || !s.is_heading()))
        };
        if !s.ids.iter().all(|id| earlier(id).is_some()) {
            continue;
        }
        let Some(first) = s.ids.iter().find_map(earlier) else {
            continue;
        };
        // The profile's titles of the sections repeated: "Root Cause and Resolution" for a
        // combined title.
        let name = s
            .ids
            .iter()
            .map(|id| pm.profile.section(id).map_or(id.as_str(), |s| &s.title))
            .collect::<Vec<_>>()
            .join(" and ");
        r.report(
            s.title_span.clone(),
            format!(
                "section `{name}` appears twice: `{}` here and `{}` at line {}",
                s.title, first.title, first.title_line
            ),
        )
        .label(format!("second `{name}` section"))
        .related(first.title_span.clone(), format!("first `{name}` section"))
        .help(
            "merge the two sections, or make the second a sub-heading of the first (one more `#`)",
        );
    }
}
