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
    // The first principal section with each id, and the first that is a heading: what the
    // `earlier` lookup below finds, kept as the sections go by so that the check is linear.
    // (Ids are the profile's few section ids: a list beats a hash map.)
    let mut first_any: Vec<(&str, &Section)> = Vec::new();
    let mut first_heading: Vec<(&str, &Section)> = Vec::new();
    for &s in &principal {
        // A combined title repeats only when every section it covers came before: "Root Cause
        // and Resolution" after a "Resolution:" step of the timeline is the section itself.
        // A heading does not repeat a title written as a plain or bold line (such a line is
        // more often a label inside another section: "**Resolution:**" in the timeline).
        let before = if s.is_heading() {
            &first_heading
        } else {
            &first_any
        };
        let earlier = |id: &String| before.iter().find(|(i, _)| i == id).map(|&(_, p)| p);
        let repeated = s.ids.iter().all(|id| earlier(id).is_some());
        let first = s.ids.iter().find_map(earlier);
        for id in s.ids.iter() {
            if !first_any.iter().any(|(i, _)| i == id) {
                first_any.push((id, s));
            }
            if s.is_heading() && !first_heading.iter().any(|(i, _)| i == id) {
                first_heading.push((id, s));
            }
        }
        let Some(first) = first.filter(|_| repeated) else {
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
