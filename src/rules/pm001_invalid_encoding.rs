//! PM001 invalid-encoding: the file is not valid UTF-8.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM001",
    name: "invalid-encoding",
    summary: "the file is not valid UTF-8 (it is linted after lossy decoding)",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM001.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let Some(at) = pm.source.invalid_utf8_at else {
        return;
    };
    let end = at
        + pm.source.text[at..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
    r.report(
        at..end,
        "file is not valid UTF-8: invalid byte sequence here (shown as �)",
    )
    .label("invalid UTF-8")
    .help("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)");
}
