//! PM104 section-order: the profile's sections out of the order it sets (profiles with
//! `enforce-order`, such as alx).

use crate::facts::{Postmortem, Section};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM104",
    name: "section-order",
    summary: "sections are out of the order the profile sets (profiles that set one, such as alx)",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM104.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let profile = pm.profile;
    if !profile.enforce_order {
        return;
    }
    // Where each section of the order is: its first combined title if there is one (ALX's
    // "Root Cause and Resolution", even after a "Resolution:" step of the timeline), else its
    // first occurrence that is a section in its own right (`Section::is_principal`). Absent
    // sections are PM101's concern.
    let principal: Vec<&Section> = pm.sections.iter().filter(|s| s.is_principal()).collect();
    let placed: Vec<usize> = profile
        .order
        .iter()
        .filter_map(|id| {
            let combined = principal.iter().position(|s| s.ids.len() > 1 && s.is(id));
            combined.or_else(|| principal.iter().position(|s| s.is(id)))
        })
        .collect();
    let kept = longest_non_decreasing(&placed);
    // The first misplaced section in document order.
    let Some(m) = (0..placed.len())
        .filter(|k| !kept.contains(k))
        .min_by_key(|&k| placed[k])
    else {
        return;
    };
    let here = principal[placed[m]];
    // Too late: a kept section that the order puts after it comes before it; else too early.
    let before = kept
        .iter()
        .filter(|&&k| k > m && placed[k] < placed[m])
        .min_by_key(|&&k| placed[k]);
    let after = kept
        .iter()
        .filter(|&&k| k < m && placed[k] > placed[m])
        .max_by_key(|&&k| placed[k]);
    let (other, actual, expected) = match (before, after) {
        (Some(&k), _) => (principal[placed[k]], "after", "before"),
        (None, Some(&k)) => (principal[placed[k]], "before", "after"),
        (None, None) => return,
    };
    // The order's titles, with a combined title once for the sections it covers.
    let outline: Vec<&str> = profile
        .outline()
        .iter()
        .filter(|e| e.ids.iter().any(|id| profile.order.iter().any(|o| o == id)))
        .map(|e| e.title)
        .collect();
    r.report(
        here.title_span.clone(),
        format!(
            "section `{}` comes {actual} `{}`, but profile `{}` puts it {expected}",
            here.title, other.title, profile.name
        ),
    )
    .label(format!("expected {expected} `{}`", other.title))
    .related(
        other.title_span.clone(),
        format!("`{}` is here", other.title),
    )
    .help(format!(
        "move the section; profile `{}` orders its sections {}",
        profile.name,
        outline.join(", ")
    ));
}

/// Indexes of a longest non-decreasing subsequence of `v` (the sections already in order).
fn longest_non_decreasing(v: &[usize]) -> Vec<usize> {
    let mut len = vec![1usize; v.len()];
    let mut prev = vec![None; v.len()];
    for i in 0..v.len() {
        for j in 0..i {
            if v[j] <= v[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let mut end = (0..v.len()).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    let mut out = Vec::new();
    while let Some(i) = end {
        out.push(i);
        end = prev[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::longest_non_decreasing;

    #[test]
    fn one_moved_section_is_the_one_left_out() {
        // Summary, Root Cause and Resolution (twice), Measures, Timeline last.
        assert_eq!(longest_non_decreasing(&[0, 3, 1, 1, 2]), vec![0, 2, 3, 4]);
        assert_eq!(longest_non_decreasing(&[0, 1, 2]), vec![0, 1, 2]);
        assert_eq!(longest_non_decreasing(&[]), Vec::<usize>::new());
    }
}
