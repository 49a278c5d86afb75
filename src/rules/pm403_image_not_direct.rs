//! PM403 image-not-direct: the image URL is a web page, not an image.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::image_syntax::{ImageSyntaxKind, MalformedImage, NotDirectKind};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM403",
    name: "image-not-direct",
    summary: "the image URL is a web page (GitHub blob, Google, Drive, Dropbox, Imgur page), not an image",
    default_severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../rules/PM403.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for img in &pm.images {
        // Found with the image ([`crate::facts::Image::not_direct`]): most images are none.
        if img.not_direct.is_empty() {
            continue;
        }
        if matches!(
            img.syntax.kind,
            ImageSyntaxKind::Malformed(
                MalformedImage::UnclosedTarget
                    | MalformedImage::TargetStartsWithBracket
                    | MalformedImage::NestedLinkInTarget
            )
        ) {
            continue; // PM401 already says the target is two links in one
        }
        let Some((target, span)) = img.resolved_target(pm) else {
            continue;
        };
        if target.starts_with('[') || target.contains("](") {
            continue;
        }
        for (kind, fixed) in img.not_direct.iter().cloned() {
            let (what, help) = match kind {
                NotDirectKind::GithubBlob => ("a GitHub file page (`/blob/`), not the image itself", "append `?raw=true` to the URL, or use the `raw.githubusercontent.com` address"),
                NotDirectKind::GoogleRedirect => ("a Google redirect link (`google.com/url?`)", "open the link and copy the address of the image itself"),
                NotDirectKind::GoogleImageSearch => ("a Google image-search page", "open the image and copy its own address, or commit the image to the repository"),
                NotDirectKind::GoogleDrive => ("a Google Drive or Docs page", "commit the image to the repository, or use a direct download link"),
                NotDirectKind::Dropbox => ("a Dropbox share page", "use the `?raw=1` form of the link, or commit the image to the repository"),
                NotDirectKind::ImgurPage => ("an Imgur page, not the image file", "use the `i.imgur.com/….png` address of the image"),
            };
            let d = r
                .report(span.clone(), format!("image URL is {what}"))
                .label("a web page, not an image")
                .help(help);
            if let Some(fixed) = fixed {
                if pm.source.slice(&span) == target {
                    d.fix(Fix {
                        applicability: Applicability::Safe,
                        edits: vec![Edit {
                            span: span.clone(),
                            replacement: fixed,
                        }],
                    });
                }
            }
        }
    }
}
