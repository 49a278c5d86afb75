//! PM601 action-items-not-list: the corrective/preventative section has no list or table of items.

use crate::facts::Postmortem;
use crate::parse::BlockKind;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM601",
    name: "action-items-not-list",
    summary: "the action-items section has no list, task list or table of items",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM601.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let Some(section) = pm.section("action-items") else {
        return;
    };
    let has_items = pm.body_blocks(section).any(|(_, b)| {
        b.item.is_some()
            || matches!(b.kind, BlockKind::TableRow { header: false })
            || (b.kind == BlockKind::Html
                && b.lines.iter().any(|l| {
                    let lower = l.raw().to_ascii_lowercase();
                    lower.contains("<li") || lower.contains("<tr")
                }))
    });
    if has_items {
        return;
    }
    let mut lines = pm
        .body_lines(section)
        .filter(|(_, l)| !l.text().trim().is_empty());
    let Some((_, first)) = lines.next() else {
        return;
    }; // empty: PM103
    let last = lines.last().map_or(first, |(_, l)| l);
    r.report(first.content_span().start..last.content_span().end, format!("section `{}` has no list of action items", section.title.trim_end_matches(':')))
        .label("written as prose")
        .help("list each action as an item (`- [ ] Add an alert on load-balancer 5xx rate (owner: @name)`) so that it can be tracked and checked off");
}
