//! `--check-remote` (PM406) against a tiny HTTP server on 127.0.0.1 started by each test: images,
//! error statuses, web pages, redirects and loops, a server that never answers, one that refuses
//! `HEAD`. Only loopback addresses are used; proxies are switched off so nothing leaves the
//! machine. Each server stops when its test ends (and a connection it never answers is closed
//! after at most 20 seconds).

mod common;

use assert_cmd::Command;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What the server saw: one `METHOD /path range` line per request.
type Log = Arc<Mutex<Vec<String>>>;

struct Server {
    addr: SocketAddr,
    log: Log,
    connections: Arc<Mutex<usize>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let log: Log = Arc::default();
        let connections = Arc::new(Mutex::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (l, c, s) = (log.clone(), connections.clone(), stop.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                *c.lock().unwrap() += 1;
                let (l, s) = (l.clone(), s.clone());
                thread::spawn(move || serve(stream, &l, &s));
            }
        });
        Server {
            addr,
            log,
            connections,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self, path: &str) -> Vec<String> {
        let log = self.log.lock().unwrap();
        log.iter()
            .filter(|l| l.split(' ').nth(1) == Some(path))
            .cloned()
            .collect()
    }

    fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the accept loop so that it ends
    }
}

/// Reads one request head (bounded), answers it as the route says, and closes.
fn serve(mut stream: TcpStream, log: &Log, stop: &AtomicBool) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut first = head.lines().next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let path = first.next().unwrap_or_default().to_string();
    let range = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("range:")
                .map(|r| r.trim().to_string())
        })
        .unwrap_or_else(|| "-".into());
    log.lock().unwrap().push(format!("{method} {path} {range}"));
    let get = method == "GET";
    let (status, headers): (&str, Vec<String>) = match path.as_str() {
        "/ok.png" | "/shared.png" => ("200 OK", vec!["Content-Type: image/png".into()]),
        "/gone.png" => ("404 Not Found", vec!["Content-Type: text/html".into()]),
        "/page.png" => (
            "200 OK",
            vec!["Content-Type: text/html; charset=utf-8".into()],
        ),
        "/loop-a.png" => ("302 Found", vec!["Location: /loop-b.png".into()]),
        "/loop-b.png" => ("302 Found", vec!["Location: /loop-a.png".into()]),
        "/moved.png" => ("301 Moved Permanently", vec!["Location: /ok.png".into()]),
        p if p.starts_with("/chain/") => {
            let n: u32 = p[7..].parse().unwrap_or(0);
            ("302 Found", vec![format!("Location: /chain/{}", n + 1)])
        }
        "/no-head.png" if !get => ("405 Method Not Allowed", vec!["Allow: GET".into()]),
        "/no-head.png" => (
            "206 Partial Content",
            vec![
                "Content-Type: image/jpeg".into(),
                "Content-Range: bytes 0-0/5000".into(),
            ],
        ),
        "/hang.png" => {
            // Accepts, reads the request, never answers; closes when the test ends.
            let until = Instant::now() + Duration::from_secs(20);
            while !stop.load(Ordering::SeqCst) && Instant::now() < until {
                thread::sleep(Duration::from_millis(50));
            }
            return;
        }
        _ => ("404 Not Found", Vec::new()),
    };
    let body: &[u8] = if get { b"x" } else { b"" };
    let mut answer = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: 1\r\n");
    for h in headers {
        answer.push_str(&h);
        answer.push_str("\r\n");
    }
    answer.push_str("\r\n");
    let _ = stream.write_all(answer.as_bytes());
    let _ = stream.write_all(body);
}

/// pmlint with no proxy, so that requests to 127.0.0.1 go straight to the test server.
fn pmlint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("pmlint").unwrap();
    c.current_dir(dir).env("NO_COLOR", "1");
    for v in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    c.env("NO_PROXY", "*");
    c
}

/// Line → PM406 message, from `--format json`.
fn findings(stdout: &[u8]) -> HashMap<u64, String> {
    let v: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "PM406")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn postmortem(images: &[String]) -> String {
    let mut s = String::from("# Checkout outage\n\n## Impact\n\n");
    for i in images {
        s.push_str(i);
        s.push_str("\n\n");
    }
    s
}

#[test]
fn each_answer_is_judged_and_reported_at_its_image() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let u = |p: &str| server.url(p);
    let doc = postmortem(&[
        format!("![ok]({})", u("/ok.png")),           // line 5
        format!("![gone]({})", u("/gone.png")),       // 7
        format!("![page]({})", u("/page.png")),       // 9
        format!("![loop]({})", u("/loop-a.png")),     // 11
        format!("![moved]({})", u("/moved.png")),     // 13
        format!("![chain]({})", u("/chain/0")),       // 15
        format!("![no head]({})", u("/no-head.png")), // 17
        format!("![hang]({})", u("/hang.png")),       // 19
        "![ref][gone]".to_string(),                   // 21
        format!("[gone]: {}", u("/gone.png?ref")),    // 23
        "![local](file:///etc/hostname)".to_string(), // 25
    ]);
    std::fs::write(dir.path().join("pm.md"), doc).unwrap();
    let out = pmlint(dir.path())
        .args(["pm.md", "--check-remote", "--remote-timeout", "1"])
        .args(["--select", "PM406", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let f = findings(&out.stdout);
    let has = |line: u64, text: &str| {
        f.get(&line)
            .is_some_and(|m| m.contains(text))
            .then_some(())
            .ok_or_else(|| format!("line {line}: expected `{text}`, got {f:?}"))
    };
    has(7, "answers HTTP 404 Not Found, expected 200 and an image").unwrap();
    has(9, "returns a web page (`text/html`), not an image").unwrap();
    has(11, "redirects in a loop").unwrap();
    has(15, "redirects more than 5 times").unwrap();
    has(19, "did not answer within 1 s").unwrap();
    has(23, "HTTP 404 Not Found").unwrap();
    assert_eq!(f.len(), 6, "only those: {f:?}");

    // HEAD refused, then a one-byte GET answered with an image.
    assert_eq!(
        server.requests("/no-head.png"),
        ["HEAD /no-head.png -", "GET /no-head.png bytes=0-0"]
    );
    // A HEAD that gives 404 is tried again with GET before it is reported.
    assert_eq!(
        server.requests("/gone.png"),
        ["HEAD /gone.png -", "GET /gone.png bytes=0-0"]
    );
    // The redirect was followed to the image.
    assert_eq!(
        server.requests("/ok.png").len(),
        2,
        "direct, and via /moved.png"
    );
    // The chain stopped after the limit: the first URL and 5 redirects.
    let chain = server
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.starts_with("HEAD /chain/"))
        .count();
    assert_eq!(chain, 6);
    // `file:` is never fetched (and nothing was asked of the server for it).
    assert!(server
        .log
        .lock()
        .unwrap()
        .iter()
        .all(|l| !l.contains("hostname")));
}

#[test]
fn a_url_named_in_many_files_is_fetched_once_and_cached_across_runs() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    for name in ["a.md", "b.md", "c.md"] {
        let mut shared = server.url("/shared.png");
        if name == "c.md" {
            shared = shared.replace("http://", "HTTP://"); // another spelling, the same URL
        }
        let doc = postmortem(&[
            format!("![shared]({shared})"),
            format!("![gone]({})", server.url("/gone.png")),
        ]);
        std::fs::write(dir.path().join(name), doc).unwrap();
    }
    let run = || {
        pmlint(dir.path())
            .args([
                "a.md",
                "b.md",
                "c.md",
                "--check-remote",
                "--select",
                "PM406",
            ])
            .args(["--format", "short", "--remote-cache"])
            .arg(&cache)
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(1), "{first:?}");
    let stdout = String::from_utf8(first.stdout).unwrap();
    assert_eq!(stdout.matches("PM406").count(), 3, "one per file: {stdout}");
    assert_eq!(server.requests("/shared.png"), ["HEAD /shared.png -"]);
    assert_eq!(server.requests("/gone.png").len(), 2, "HEAD then GET, once");
    assert!(cache.join("pmlint-remote-images.json").is_file());

    // The image comes from the cache; the failure is checked again.
    let second = run();
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(server.requests("/shared.png").len(), 1, "cached");
    assert_eq!(
        server.requests("/gone.png").len(),
        4,
        "failures are not cached"
    );

    // An age of 0 hours makes every entry stale.
    let third = pmlint(dir.path())
        .args([
            "a.md",
            "--check-remote",
            "--select",
            "PM406",
            "--remote-cache",
        ])
        .arg(&cache)
        .args(["--remote-cache-max-age", "0"])
        .output()
        .unwrap();
    assert_eq!(third.status.code(), Some(1));
    assert_eq!(server.requests("/shared.png").len(), 2, "refetched");
}

#[test]
fn without_check_remote_no_request_is_made() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let doc = postmortem(&[
        format!("![gone]({})", server.url("/gone.png")),
        format!("![ok]({})", server.url("/ok.png")),
    ]);
    std::fs::write(dir.path().join("pm.md"), doc).unwrap();
    let out = pmlint(dir.path())
        .args(["pm.md", "--select", "PM4", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(findings(&out.stdout).is_empty());
    // --check-remote with PM406 deselected makes none either.
    let out = pmlint(dir.path())
        .args([
            "pm.md",
            "--check-remote",
            "--select",
            "PM4",
            "--ignore",
            "PM406",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(server.connections(), 0);
    assert!(server.log.lock().unwrap().is_empty());
}

#[test]
fn an_unwritable_cache_is_a_warning_not_an_error() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, "").unwrap();
    std::fs::write(
        dir.path().join("pm.md"),
        postmortem(&[format!("![ok]({})", server.url("/ok.png"))]),
    )
    .unwrap();
    let out = pmlint(dir.path())
        .args([
            "pm.md",
            "--check-remote",
            "--select",
            "PM406",
            "--remote-cache",
        ])
        .arg(&not_a_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot write the remote cache"), "{stderr}");
}
