//! PM003 unknown-rule: a suppression comment names a rule that does not exist.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM003",
    name: "unknown-rule",
    summary: "a suppression comment names a rule that does not exist",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM003.md"),
    options: &[],
};

/// Reports nothing here: the suppression comments are read once, by [`crate::suppress::apply`],
/// which reports PM003 from [`crate::lint::lint`] (a configuration file naming an unknown rule is
/// a configuration error instead, exit status 2).
pub fn check(_: &Postmortem, _: &mut Reporter) {}
