//! PM402 image-not-found: a relative image path that does not exist next to the document.

use crate::facts::image_syntax::{local_path, ImageSyntaxKind, MalformedImage};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM402",
    name: "image-not-found",
    summary: "a relative image path does not exist relative to the document",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM402.md"),
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let Some(dir) = pm.path.and_then(|p| p.parent()) else {
        return;
    };
    for img in &pm.images {
        let single_target = match &img.syntax.kind {
            ImageSyntaxKind::Inline | ImageSyntaxKind::HtmlImg => true,
            ImageSyntaxKind::Malformed(m) => matches!(
                m,
                MalformedImage::MissingAltBrackets
                    | MalformedImage::SpaceInTarget
                    | MalformedImage::MarkdownInHtmlBlock
            ),
            _ => false,
        };
        let Some(target) = img.syntax.target.as_deref().filter(|_| single_target) else {
            continue;
        };
        let Some(rel) = local_path(target) else {
            continue;
        };
        let rel_trimmed = rel.trim_start_matches('/');
        if rel_trimmed.is_empty() || dir.join(rel_trimmed).exists() {
            continue;
        }
        let span = img.target_span.clone().unwrap_or(img.span.clone());
        r.report(span, format!("image file `{rel}` does not exist relative to this document"))
            .label("no such file")
            .help("commit the image at that path next to the postmortem, or correct the path (paths are case-sensitive)");
    }
}
