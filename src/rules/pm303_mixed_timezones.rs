//! PM303 mixed-timezones: timeline entries use different timezones.

use crate::facts::time::Zone;
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM303",
    name: "mixed-timezones",
    summary: "timeline entries use different timezones",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM303.md"),
    options: &[],
};

/// Zones are the same when their offsets are equal (UTC, GMT and Z), or, with an unknown
/// offset, when their names are.
fn same(a: &Zone, b: &Zone) -> bool {
    match (a.offset_minutes, b.offset_minutes) {
        (Some(x), Some(y)) => x == y,
        _ => a.name == b.name,
    }
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for tl in &pm.timelines {
        // The declared zone, then each zone written on an entry, reported once per new zone.
        let mut seen: Vec<(&Zone, Option<&crate::facts::Entry>)> =
            tl.declared_zone.iter().map(|z| (z, None)).collect();
        for e in tl
            .entries
            .iter()
            .filter(|e| e.zone_explicit && e.time.is_some())
        {
            let Some(z) = e.zone.as_ref() else { continue };
            if seen.iter().any(|(s, _)| same(s, z)) {
                continue;
            }
            if let Some(&(first, fe)) = seen.first() {
                let d = match fe {
                    Some(fe) => r
                        .report(
                            e.time_span.clone(),
                            format!(
                                "timeline entry uses {} but earlier entries use {} (line {})",
                                z.name, first.name, fe.line
                            ),
                        )
                        .related(fe.time_span.clone(), format!("{} here", first.name)),
                    None => {
                        let title = &pm.sections[tl.section];
                        r.report(
                            e.time_span.clone(),
                            format!(
                                "timeline entry uses {} but the timeline declares {}",
                                z.name, first.name
                            ),
                        )
                        .related(title.title_span.clone(), format!("declares {}", first.name))
                    }
                };
                d.label(format!("{} here", z.name)).help(
                    "write every timeline entry in one timezone (UTC is the usual choice) and declare it once, e.g. `## Timeline (all times UTC)`",
                );
            }
            seen.push((z, Some(e)));
        }
    }
}
