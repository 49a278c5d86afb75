//! PM405 image-alt-text: empty or generic alt text.

use crate::facts::image_syntax::{is_generic_alt, ImageSyntaxKind};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM405",
    name: "image-alt-text",
    summary: "an image has empty or generic alt text",
    default_severity: Severity::Info,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM405.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for img in &pm.images {
        if !matches!(
            img.syntax.kind,
            ImageSyntaxKind::Inline | ImageSyntaxKind::Reference { .. } | ImageSyntaxKind::HtmlImg
        ) {
            continue;
        }
        if is_generic_alt(&img.syntax.alt) {
            let alt = img.syntax.alt.trim();
            // `concat` rather than `format!`, whose machinery costs more than the text.
            let message = if alt.is_empty() {
                "image has empty alt text".to_string()
            } else {
                ["image has generic alt text `", alt, "`"].concat()
            };
            r.report(img.span.clone(), message)
                .label("says nothing about the image")
                .help("describe what the image shows, e.g. `![error rate during the outage](…)`");
        }
    }
}
