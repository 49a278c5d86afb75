//! PM602 action-item-without-owner: an action item names no owner and links no ticket.

use crate::facts::{ActionItem, Postmortem};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM602",
    name: "action-item-without-owner",
    summary: "an action item names no owner (`@name`, `Owner:`, an Owner column) and no ticket",
    default_severity: Severity::Info,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM602.md"),
    options: &[],
};

const HELP: &str = "give each item an owner (`@name`, `Owner: name` or an Owner column) or a ticket that has one (`OPS-412`, a link to the issue)";

/// Owned, tracked, or done already (a checked box needs no owner any more).
fn tracked(i: &ActionItem) -> bool {
    i.owner.is_some() || i.ticket.is_some() || i.done
}

/// A short form of the item's text for messages.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out = format!("{}…", out.trim_end());
    }
    out
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for section in &pm.action_items {
        let items = &section.items;
        let untracked: Vec<&ActionItem> = items.iter().filter(|i| !tracked(i)).collect();
        if untracked.is_empty() {
            continue;
        }
        if untracked.len() == items.len() && items.len() > 1 {
            // None has an owner: one finding for the section, not one per item.
            let title = &pm.sections[section.section];
            r.report(
                title.title_span.clone(),
                format!(
                    "none of the {} action items names an owner or a ticket",
                    items.len()
                ),
            )
            .label("who does each item?")
            .related(items[0].span.clone(), "first item")
            .help(HELP);
            continue;
        }
        for item in untracked {
            r.report(
                item.span.clone(),
                format!(
                    "action item `{}` names no owner and no ticket",
                    excerpt(&item.text)
                ),
            )
            .label("no owner")
            .help(HELP);
        }
    }
}
