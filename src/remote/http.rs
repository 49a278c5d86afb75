//! One image URL over HTTP: `HEAD`, then a one-byte ranged `GET` when `HEAD` does not tell;
//! redirects followed by hand so that loops, limits and schemes are ours to judge.

use super::{Outcome, RemoteOptions};
use std::time::{Duration, Instant};
use url::Url;

/// The `Accept` header browsers send for an `<img>` (Chromium and Firefox), so that servers that
/// negotiate on it answer as they would for the rendered postmortem.
const ACCEPT: &str = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
const USER_AGENT: &str = concat!("pmlint/", env!("CARGO_PKG_VERSION"), " (image check)");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Head,
    Get,
}

/// The final answer after redirects.
struct Answer {
    status: u16,
    /// Media type of `Content-Type`, lowercase, parameters removed.
    content_type: Option<String>,
    /// The URL that gave it, when redirects were followed.
    redirected_to: Option<String>,
}

/// Checks image URLs with one shared HTTP agent (connections are reused between requests).
pub(super) struct Prober {
    agent: ureq::Agent,
    timeout: Duration,
    max_redirects: u32,
}

impl Prober {
    /// An agent that returns 4xx/5xx as answers rather than errors and follows no redirect
    /// itself. Proxies come from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY`, as ureq
    /// reads them.
    pub(super) fn new(options: &RemoteOptions) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .accept(ACCEPT)
            .build()
            .into();
        Prober {
            agent,
            timeout: options.timeout,
            max_redirects: options.max_redirects,
        }
    }

    /// Checks `url` (http or https) before `deadline`.
    pub(super) fn probe(&self, url: &Url, deadline: Instant) -> Outcome {
        let head = match self.follow(Method::Head, url, deadline) {
            Ok(a) => a,
            Err(o) => return o,
        };
        let refused = head.status >= 400;
        let untold = (200..300).contains(&head.status) && head.content_type.is_none();
        if !refused && !untold {
            return judge(head);
        }
        match self.follow(Method::Get, url, deadline) {
            Ok(get) => judge(get),
            // `HEAD` gave a real answer (say 404) and `GET` none: the answer is more telling,
            // except a refusal of the method itself.
            Err(_) if !matches!(head.status, 405 | 501) => judge(head),
            Err(o) => o,
        }
    }

    /// Sends `method` to `start` and follows redirects.
    fn follow(&self, method: Method, start: &Url, deadline: Instant) -> Result<Answer, Outcome> {
        let mut url = start.clone();
        let mut visited = vec![start.to_string()];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Outcome::NotChecked);
            }
            let timeout = self.timeout.min(left);
            let response = self
                .send(method, &url, timeout)
                .map_err(|e| failure(e, &url, timeout))?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            if !(300..400).contains(&status) {
                return Ok(Answer {
                    status,
                    content_type: header("content-type").map(|t| media_type(&t)),
                    redirected_to: (visited.len() > 1).then(|| url.to_string()),
                });
            }
            let location = header("location");
            let next = location
                .as_deref()
                .and_then(|l| url.join(l).ok())
                .filter(|n| matches!(n.scheme(), "http" | "https"));
            let Some(mut next) = next else {
                return Err(Outcome::BadRedirect { status, location });
            };
            next.set_fragment(None);
            if visited.contains(&next.to_string()) {
                return Err(Outcome::RedirectLoop {
                    url: next.to_string(),
                });
            }
            if visited.len() > self.max_redirects as usize {
                return Err(Outcome::TooManyRedirects {
                    limit: self.max_redirects,
                });
            }
            visited.push(next.to_string());
            url = next;
        }
    }

    /// One request; the body is never read (dropping the response closes it).
    fn send(
        &self,
        method: Method,
        url: &Url,
        timeout: Duration,
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let request = match method {
            Method::Head => self.agent.head(url.as_str()),
            Method::Get => self.agent.get(url.as_str()).header("Range", "bytes=0-0"),
        };
        request
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call()
    }
}

/// The outcome of a final answer: an image only for 2xx with `image/*`.
fn judge(a: Answer) -> Outcome {
    if a.status >= 400 || a.status < 200 {
        return Outcome::Status {
            status: a.status,
            redirected_to: a.redirected_to,
        };
    }
    match a.content_type {
        Some(t) if t.starts_with("image/") => Outcome::Image { content_type: t },
        content_type => Outcome::NotImage {
            content_type,
            redirected_to: a.redirected_to,
        },
    }
}

/// `text/html; charset=utf-8` → `text/html`.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `Connection refused (os error 111)` → `connection refused (os error 111)`, for messages.
fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// The outcome of a request that got no answer.
fn failure(e: ureq::Error, url: &Url, timeout: Duration) -> Outcome {
    let timed_out = Outcome::Timeout {
        seconds: timeout.as_secs_f64().ceil() as u64,
    };
    let host = || url.host_str().unwrap_or_default().to_string();
    match e {
        ureq::Error::Timeout(_) => timed_out,
        ureq::Error::HostNotFound => Outcome::HostNotFound { host: host() },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => timed_out,
        // The standard library reports a failed getaddrinfo as an uncategorised I/O error
        // "failed to lookup address information: …"; its text is the only mark of it.
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => {
            Outcome::HostNotFound { host: host() }
        }
        ureq::Error::Io(io) => Outcome::ConnectionFailed {
            detail: lowercase_first(&io.to_string()),
        },
        ureq::Error::BadUri(detail) => Outcome::InvalidUrl { detail },
        other => Outcome::ConnectionFailed {
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_drop_parameters_and_case() {
        assert_eq!(media_type("Text/HTML; charset=UTF-8"), "text/html");
        assert_eq!(media_type("image/png"), "image/png");
    }

    #[test]
    fn judged_by_status_then_content_type() {
        let a = |status, t: Option<&str>| Answer {
            status,
            content_type: t.map(str::to_string),
            redirected_to: None,
        };
        assert!(judge(a(200, Some("image/png"))).is_fine());
        assert!(judge(a(206, Some("image/svg+xml"))).is_fine());
        assert_eq!(
            judge(a(200, Some("text/html"))),
            Outcome::NotImage {
                content_type: Some("text/html".into()),
                redirected_to: None
            }
        );
        assert!(matches!(
            judge(a(200, None)),
            Outcome::NotImage {
                content_type: None,
                ..
            }
        ));
        assert!(matches!(
            judge(a(404, Some("image/png"))),
            Outcome::Status { status: 404, .. }
        ));
    }
}
