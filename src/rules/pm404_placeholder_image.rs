//! PM404 placeholder-image: an image target left from a template.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM404",
    name: "placeholder-image",
    summary:
        "an image target is a template placeholder (username/repository, example.com, path/to/…)",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM404.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for img in &pm.images {
        // Found with the image ([`crate::facts::Image::placeholder`]).
        let Some(what) = img.placeholder else {
            continue;
        };
        if let Some((_, span)) = img.resolved_target(pm) {
            // `concat` rather than `format!`, whose machinery costs more than the text.
            r.report(
                span,
                ["image target is a template placeholder (", what, ")"].concat(),
            )
            .label("placeholder")
            .help("replace it with the address of your own image, or remove the image");
        }
    }
}
