//! Network checks of web image URLs (PM406), run only when the caller asks (`--check-remote`).
//!
//! The facts list each document's `http`/`https` image URLs
//! ([`crate::facts::images::remote_targets`]); the caller gathers them over every document, runs
//! [`check`] once (each distinct URL is fetched once per run, however many files name it), and
//! hands the [`RemoteResults`] to [`crate::lint::lint_with_remote`], where rule PM406 reads them.
//! Rules and facts never touch the network, and [`crate::lint::lint`] works offline.
//!
//! What a check does (`http.rs`): a `HEAD` request, then a one-byte ranged `GET`
//! (`Range: bytes=0-0`) when `HEAD` is refused or fails (any status ≥ 400: 405 and 501 are the
//! usual refusals, and some hosts such as S3 pre-signed URLs answer 403 to `HEAD` only) or gives
//! no content type. Redirects are followed by hand, up to [`RemoteOptions::max_redirects`], so that
//! a loop is named as such; only `http` and `https` URLs are ever requested. The response body is
//! never read. An image is a final status 2xx with `Content-Type: image/*`.

pub mod cache;
mod http;
mod pool;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use url::Url;

/// How the network checks run.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// Time allowed for one HTTP request (connection, TLS, sending, and the response headers).
    /// Default 10 s.
    pub timeout: Duration,
    /// Time allowed for the whole run; URLs whose turn comes later are left unchecked
    /// ([`Outcome::NotChecked`]). Default 120 s.
    pub deadline: Duration,
    /// Requests in flight to one host at once. Default 4.
    pub per_host: usize,
    /// Requests in flight at once over all hosts. Default 16.
    pub concurrency: usize,
    /// Redirects followed from one URL before giving up. Default 5.
    pub max_redirects: u32,
    /// Directory of the on-disk cache of reachable images ([`cache`]); None: no disk cache.
    pub cache_dir: Option<PathBuf>,
    /// Age after which a cached entry is checked again. Default 24 h.
    pub cache_max_age: Duration,
}

impl Default for RemoteOptions {
    fn default() -> Self {
        RemoteOptions {
            timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(120),
            per_host: 4,
            concurrency: 16,
            max_redirects: 5,
            cache_dir: None,
            cache_max_age: Duration::from_secs(24 * 3600),
        }
    }
}

/// What the network said about one image URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A final status 2xx with an `image/*` content type (media type only, lowercase).
    Image { content_type: String },
    /// A final HTTP status ≥ 400. `redirected_to` is the last URL when redirects were followed.
    Status {
        status: u16,
        redirected_to: Option<String>,
    },
    /// A final status 2xx whose content type is not `image/*` (media type only, lowercase), or
    /// which has none.
    NotImage {
        content_type: Option<String>,
        redirected_to: Option<String>,
    },
    /// A redirect back to `url`, a URL already visited.
    RedirectLoop { url: String },
    /// More than `limit` redirects.
    TooManyRedirects { limit: u32 },
    /// A redirect status (3xx) that cannot be followed: no `Location`, one that is not a URL, or
    /// one with another scheme than `http`/`https` (never fetched).
    BadRedirect {
        status: u16,
        location: Option<String>,
    },
    /// No answer within `seconds` (the per-request timeout, or what was left of the deadline).
    Timeout { seconds: u64 },
    /// The host name does not resolve (DNS).
    HostNotFound { host: String },
    /// The connection failed: refused, reset, TLS or an invalid HTTP answer.
    ConnectionFailed { detail: String },
    /// The target is not a valid URL.
    InvalidUrl { detail: String },
    /// Not checked: the run's deadline passed before its turn.
    NotChecked,
}

impl Outcome {
    /// True when the URL serves an image, or was not checked: nothing to report.
    pub fn is_fine(&self) -> bool {
        matches!(self, Outcome::Image { .. } | Outcome::NotChecked)
    }
}

/// The standard reason phrase of an HTTP status (`404` → `Not Found`), per RFC 9110 §15.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    ureq::http::StatusCode::from_u16(status)
        .ok()?
        .canonical_reason()
}

/// Outcomes by URL, as [`crate::facts::images::RemoteTarget::url`] spells it.
#[derive(Debug, Clone, Default)]
pub struct RemoteResults {
    outcomes: HashMap<String, Outcome>,
}

impl RemoteResults {
    /// No outcome yet.
    pub fn new() -> Self {
        Self::default()
    }
    /// Records `outcome` for `url`.
    pub fn insert(&mut self, url: impl Into<String>, outcome: Outcome) {
        self.outcomes.insert(url.into(), outcome);
    }
    /// The outcome for `url`, if it was checked.
    pub fn get(&self, url: &str) -> Option<&Outcome> {
        self.outcomes.get(url)
    }
    /// Number of URLs with an outcome.
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }
    /// True when no URL has an outcome.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }
}

/// The result of [`check`].
#[derive(Debug, Default)]
pub struct RemoteRun {
    pub results: RemoteResults,
    /// Distinct URLs requested over the network.
    pub fetched: usize,
    /// Distinct URLs answered from the disk cache.
    pub cached: usize,
    /// Distinct URLs left unchecked because the deadline passed.
    pub not_checked: usize,
    /// Problems with the disk cache, one line each (the checks themselves are unaffected).
    pub warnings: Vec<String>,
}

/// Checks every URL in `urls` (duplicates are checked once) and returns an outcome for each.
/// Never fails: what goes wrong with a URL is its [`Outcome`], what goes wrong with the cache a
/// warning.
pub fn check(urls: impl IntoIterator<Item = String>, options: &RemoteOptions) -> RemoteRun {
    let start = Instant::now();
    let mut run = RemoteRun::default();
    // Written URL → normalised URL (WHATWG: lowercase scheme and host, IDNA, percent-encoding),
    // so that spellings of one address share one request.
    let mut written: HashMap<String, String> = HashMap::new();
    for u in urls {
        if run.results.get(&u).is_some() || written.contains_key(&u) {
            continue;
        }
        match Url::parse(&u) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                written.insert(u, parsed.to_string());
            }
            Ok(parsed) => run.results.insert(
                u,
                Outcome::InvalidUrl {
                    detail: format!("scheme `{}` is not fetched", parsed.scheme()),
                },
            ),
            Err(e) => run.results.insert(
                u,
                Outcome::InvalidUrl {
                    detail: e.to_string(),
                },
            ),
        }
    }
    let mut distinct: Vec<String> = written.values().cloned().collect();
    distinct.sort();
    distinct.dedup();

    let mut disk = options
        .cache_dir
        .as_deref()
        .map(|dir| cache::Cache::load(dir, options.cache_max_age));
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    let mut to_fetch: Vec<Url> = Vec::new();
    for n in &distinct {
        match disk.as_ref().and_then(|c| c.get(n)) {
            Some(o) => {
                run.cached += 1;
                outcomes.insert(n.clone(), o);
            }
            None => to_fetch.push(Url::parse(n).expect("normalised from a parsed URL")),
        }
    }

    let deadline = start + options.deadline;
    let prober = http::Prober::new(options);
    let fetched = pool::run_bounded(
        &to_fetch,
        |u| u.host_str().unwrap_or_default().to_ascii_lowercase(),
        options.concurrency,
        options.per_host,
        |u| prober.probe(u, deadline),
    );
    for (u, o) in to_fetch.iter().zip(fetched) {
        if o == Outcome::NotChecked {
            run.not_checked += 1;
        } else {
            run.fetched += 1;
        }
        if let Some(c) = disk.as_mut() {
            c.record(u.as_str(), &o);
        }
        outcomes.insert(u.to_string(), o);
    }
    if let Some(c) = disk {
        run.warnings.extend(c.save());
    }
    for (w, n) in written {
        let o = outcomes.get(&n).cloned().unwrap_or(Outcome::NotChecked);
        run.results.insert(w, o);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_urls_and_other_schemes_are_never_fetched() {
        let run = check(
            [
                "https://exa%mple.com/x.png".to_string(),
                "http://[::1/x.png".to_string(),
            ],
            &RemoteOptions::default(),
        );
        assert_eq!(run.fetched, 0);
        for u in ["https://exa%mple.com/x.png", "http://[::1/x.png"] {
            assert!(
                matches!(run.results.get(u), Some(Outcome::InvalidUrl { .. })),
                "{u}: {:?}",
                run.results.get(u)
            );
        }
    }

    #[test]
    fn past_the_deadline_nothing_is_requested() {
        let options = RemoteOptions {
            deadline: Duration::ZERO,
            ..RemoteOptions::default()
        };
        let urls = ["http://127.0.0.1:9/a.png", "HTTP://127.0.0.1:9/a.png"];
        let run = check(urls.map(str::to_string), &options);
        assert_eq!((run.fetched, run.not_checked), (0, 1), "one distinct URL");
        for u in urls {
            assert_eq!(run.results.get(u), Some(&Outcome::NotChecked));
        }
        assert!(Outcome::NotChecked.is_fine());
    }

    #[test]
    fn reason_phrases() {
        assert_eq!(reason_phrase(404), Some("Not Found"));
        assert_eq!(reason_phrase(599), None);
    }
}
