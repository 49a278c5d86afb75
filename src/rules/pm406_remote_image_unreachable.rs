//! PM406 remote-image-unreachable: a web image URL that does not serve an image (only with
//! `--check-remote`; the requests are made by the caller, see [`crate::remote`]).

use crate::facts::images::remote_targets;
use crate::facts::Postmortem;
use crate::remote::{reason_phrase, Outcome};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM406",
    name: "remote-image-unreachable",
    summary: "a web image URL does not serve an image: error status, web page, timeout or unknown host (only with --check-remote)",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM406.md"),
    options: &[],
};

const COMMIT: &str = "or commit the image next to the postmortem and link it by a relative path";

/// Message, label and help for an outcome worth reporting.
fn describe(outcome: &Outcome) -> Option<(String, String, String)> {
    let redirected = |to: &Option<String>| {
        to.as_ref()
            .map(|u| format!(" (after redirects, at `{u}`)"))
            .unwrap_or_default()
    };
    Some(match outcome {
        Outcome::Image { .. } | Outcome::NotChecked => return None,
        Outcome::Status {
            status,
            redirected_to,
        } => {
            let reason = reason_phrase(*status)
                .map(|r| format!(" {r}"))
                .unwrap_or_default();
            let help = match status {
                404 | 410 => format!("the image was moved or deleted: correct the URL, {COMMIT}"),
                401 | 403 | 407 => format!("the image is not public, so readers see a broken image: publish it, {COMMIT}"),
                429 => format!("the server is limiting requests: run the check again later, {COMMIT}"),
                500.. => format!("the server failed: if it keeps failing, correct the URL, {COMMIT}"),
                _ => format!("correct the URL, {COMMIT}"),
            };
            (
                format!(
                    "image URL answers HTTP {status}{reason}{}, expected 200 and an image",
                    redirected(redirected_to)
                ),
                format!("HTTP {status}"),
                help,
            )
        }
        Outcome::NotImage {
            content_type: Some(t),
            redirected_to,
        } if t == "text/html" || t == "application/xhtml+xml" => (
            format!(
                "image URL returns a web page (`{t}`){}, not an image (`image/*`)",
                redirected(redirected_to)
            ),
            "a web page, not an image".to_string(),
            format!("open the page, right-click the image and copy the image address, {COMMIT}"),
        ),
        Outcome::NotImage {
            content_type: Some(t),
            redirected_to,
        } => (
            format!(
                "image URL returns `{t}`{}, expected an image (`image/*`)",
                redirected(redirected_to)
            ),
            "not an image".to_string(),
            format!("link the image file itself (PNG, JPEG, GIF, SVG or WebP), {COMMIT}"),
        ),
        Outcome::NotImage {
            content_type: None,
            redirected_to,
        } => (
            format!(
                "image URL returns no content type{}, expected an image (`image/*`)",
                redirected(redirected_to)
            ),
            "no content type".to_string(),
            format!("serve it with an `image/*` content type (GitHub's image proxy refuses anything else), {COMMIT}"),
        ),
        Outcome::RedirectLoop { url } => (
            format!("image URL redirects in a loop, back to `{url}`"),
            "redirect loop".to_string(),
            format!("the address can never load: use the image's own address, {COMMIT}"),
        ),
        Outcome::TooManyRedirects { limit } => (
            format!("image URL redirects more than {limit} times"),
            "too many redirects".to_string(),
            format!("use the address the redirects end at, {COMMIT}"),
        ),
        Outcome::BadRedirect {
            status,
            location: None,
        } => (
            format!("image URL answers HTTP {status} with no `Location` to redirect to"),
            "broken redirect".to_string(),
            format!("correct the URL, {COMMIT}"),
        ),
        Outcome::BadRedirect {
            location: Some(l), ..
        } => (
            format!("image URL redirects to `{l}`, which is not an http or https URL"),
            "broken redirect".to_string(),
            format!("use an http or https address of the image, {COMMIT}"),
        ),
        Outcome::Timeout { seconds } => (
            format!("image URL did not answer within {seconds} s"),
            "timed out".to_string(),
            format!("check that the host is up and reachable (a slow host can be given more time with `--remote-timeout SECONDS`), {COMMIT}"),
        ),
        Outcome::HostNotFound { host } => (
            format!("host `{host}` of the image URL does not resolve (DNS)"),
            "unknown host".to_string(),
            format!("correct the host name (an internal host is unknown to readers outside too), {COMMIT}"),
        ),
        Outcome::ConnectionFailed { detail } => (
            format!(
                "cannot connect to the image URL: {}",
                detail.trim_end_matches('.')
            ),
            "no connection".to_string(),
            format!("check the URL and that the host is up, {COMMIT}"),
        ),
        Outcome::InvalidUrl { detail } => (
            format!(
                "image URL is not a valid URL: {}",
                detail.trim_end_matches('.')
            ),
            "invalid URL".to_string(),
            format!("correct the URL, {COMMIT}"),
        ),
    })
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let Some(results) = pm.remote else {
        return;
    };
    for target in remote_targets(pm) {
        let Some((message, label, help)) = results.get(&target.url).and_then(describe) else {
            continue;
        };
        r.report(target.span, message).label(label).help(help);
    }
}
