//! `pmlint new`: each built-in profile's skeleton carries placeholders (for PM106
//! template-placeholder to flag until they are replaced) and, once they are replaced with
//! realistic text, lints clean under its own profile: no error or warning finding.

use pmlint::profile::Profile;
use pmlint::rule::Severity;
use pmlint::skeleton::skeleton;
use pmlint::{lint, Settings, SourceFile};
use regex::Regex;
use std::collections::HashMap;

/// Sample text for each `[Insert …]` placeholder of the built-in templates, used in turn when a
/// placeholder occurs more than once. One incident throughout: the checkout API failed from
/// 14:02 to 14:42 UTC on 2024-03-08 after a release shrank its database connection pool.
const SAMPLES: &[(&str, &[&str])] = &[
    ("incident title", &["checkout API outage on 2024-03-08"]),
    ("service", &["Checkout API"]),
    ("incident number", &["2417"]),
    ("the authors", &["Dana Okafor, Lee Chen"]),
    ("the status", &["Complete, action items in progress"]),
    ("owner", &["dana", "lee", "sam"]),
    ("name", &["dana", "lee", "sam"]),
    ("where the call recording is", &["linked in the #inc-checkout channel"]),
    ("the affected service", &["the checkout API"]),
    (
        "what users saw",
        &["returned HTTP 502 errors to customers trying to pay for their orders"],
    ),
    ("the share of users affected", &["About 38%"]),
    (
        "the root cause in one sentence",
        &["a release that cut the database connection pool of every checkout host from 50 to 5 connections"],
    ),
    // Timelines, in time order.
    (
        "how the problem was detected",
        &["The checkout error-rate alert pages the on-call engineer."],
    ),
    (
        "how the issue was detected",
        &["The checkout error-rate alert fires and pages the on-call engineer, Dana."],
    ),
    ("what happened first", &["Release 2024.03.1 reaches every checkout host."]),
    (
        "the first action taken",
        &["The on-call engineer opens an incident channel and checks the load balancer."],
    ),
    (
        "the first action taken and what was assumed",
        &["Dana checks the load balancer, assuming a bad backend host is failing health checks."],
    ),
    (
        "a misleading investigation path",
        &["The team restarts two checkout hosts that look slow; the errors continue on fresh hosts."],
    ),
    (
        "who it was escalated to",
        &["The incident is escalated to the database team, who see the connection pool saturated."],
    ),
    (
        "who the incident was escalated to",
        &["The incident is escalated to the database team, who find the pool of 5 connections saturated."],
    ),
    (
        "how it was resolved",
        &["Release 2024.03.1 is rolled back; the error rate is back to normal."],
    ),
    (
        "how the incident was resolved",
        &["Release 2024.03.1 is rolled back on every host; the error rate is back to normal."],
    ),
    (
        "when the contributing factor began",
        &["Release 2024.03.1 reaches every checkout host."],
    ),
    ("the page", &["The checkout error-rate alert pages the on-call engineer."]),
    (
        "a significant action",
        &["The database team finds the connection pool of 5 connections saturated."],
    ),
    ("when the impact started", &["Release 2024.03.1 reaches every checkout host."]),
    (
        "an escalation or decision",
        &["The incident commander decides to roll the release back."],
    ),
    (
        "link",
        &[
            "[deploy log](https://deploy.acme.io/checkout/2024.03.1)",
            "[alert](https://alerts.acme.io/checkout-5xx)",
            "[pool graph](https://grafana.acme.io/d/checkout-db)",
            "[rollback](https://deploy.acme.io/checkout/2024.02.4)",
        ],
    ),
    // Explanations.
    (
        "the root cause",
        &["Release 2024.03.1 renamed the setting that holds the size of the database connection pool. The deploy configuration still set the old name, so every host fell back to the library default of 5 connections. Under lunchtime traffic, requests queued for a connection until the load balancer timed them out. The staging environment has too little traffic to fill even 5 connections, so the change passed every test."],
    ),
    (
        "how the service was restored",
        &["The on-call engineer rolled the checkout API back to release 2024.02.4, which reads the old setting. Error rates fell to normal within two minutes, and the queued payments were retried by the clients."],
    ),
    (
        "what caused the issue, in detail",
        &["Release 2024.03.1 of the checkout API renamed the configuration setting that holds the size of its database connection pool, from `db_pool` to `database.pool_size`. The deploy configuration still set the old name, which the new release ignores, so every checkout host fell back to the library default of 5 connections instead of 50. At lunchtime each host receives about 300 requests per second, and each request holds a connection for around 40 milliseconds, so 5 connections were far too few. Requests queued for a free connection until the load balancer gave up after 10 seconds and returned 502 to the customer. The change passed every test because the staging environment receives too little traffic to fill even 5 connections, and the release notes did not mention the renamed setting."],
    ),
    (
        "how the issue was fixed, in detail",
        &["Once the database team saw the saturated pool, the incident commander decided to roll back rather than patch the configuration under pressure. The previous release, 2024.02.4, reads the old setting name, so the rollback restored pools of 50 connections on every host. Error rates fell to normal within two minutes of the rollback, and the payment clients retried the failed requests automatically, so no order was lost. The next day the deploy configuration was updated to set both names, and release 2024.03.1 was deployed again without errors."],
    ),
    (
        "what can be improved or fixed, broadly",
        &["Configuration changes must not fail silently: a setting that a release no longer reads should stop the deploy. Staging must see enough traffic to exercise connection pools, and an alert on pool saturation would have pointed at the database at once instead of at the load balancer."],
    ),
    (
        "a specific task",
        &[
            "Make the checkout API refuse to start when the configuration holds a setting it does not read",
            "Add an alert when a database connection pool stays above 90% use for 2 minutes",
            "Replay 10% of production traffic against staging before every checkout release",
        ],
    ),
    ("ticket", &["OPS-412", "OPS-413", "OPS-414"]),
    (
        "the impact, with numbers",
        &["About 38% of payment attempts failed during the 40 minutes, 9,300 in all; 1,240 customers could not complete an order, and support received 310 tickets."],
    ),
    (
        "the trigger",
        &["The deploy of release 2024.03.1 to every checkout host at 14:00 UTC."],
    ),
    (
        "what went well",
        &["The error-rate alert fired within two minutes, and the rollback took one command."],
    ),
    (
        "what went wrong",
        &["The team spent fifteen minutes on the load balancer before looking at the database."],
    ),
    (
        "where you got lucky",
        &["The outage began after the morning sale had ended."],
    ),
    (
        "what happened",
        &["Release 2024.03.1 reached every checkout host at 14:00 UTC. Two minutes later payments began to fail, because each host could open only 5 database connections."],
    ),
    (
        "the contributing factors",
        &["A renamed configuration setting that the deploy configuration did not follow, and a staging environment with too little traffic to show the smaller pool."],
    ),
    ("the number of accounts affected", &["1,240"]),
    ("the number of users affected", &["1,240"]),
    ("the number of support requests", &["310"]),
    (
        "the leadup",
        &["Release 2024.03.1 renamed the setting for the connection pool size and was deployed to every checkout host at 14:00 UTC."],
    ),
    (
        "the fault",
        &["Each host fell back to a pool of 5 database connections, too few for lunchtime traffic, and requests timed out waiting for one."],
    ),
    (
        "how the team responded",
        &["The on-call engineer opened an incident channel, checked the load balancer and escalated to the database team after fifteen minutes."],
    ),
    (
        "the first why and its answer",
        &["Why did payments fail? Requests waited for a database connection until the load balancer timed them out."],
    ),
    (
        "the second why and its answer",
        &["Why did they wait? Each host had a pool of 5 connections instead of 50."],
    ),
    (
        "the third why and its answer",
        &["Why 5? The release read a renamed setting that the deploy configuration did not set."],
    ),
    (
        "the fourth why and its answer",
        &["Why was the setting not updated? The release notes did not mention the rename."],
    ),
    (
        "the fifth why and its answer",
        &["Why did testing not catch it? Staging traffic never fills 5 connections."],
    ),
    (
        "a lesson learned",
        &[
            "An alert on pool saturation would have pointed at the database at once.",
            "Settings that a release stops reading need to fail the deploy.",
        ],
    ),
];

/// Replaces every placeholder of a skeleton with sample text: `YYYY-MM-DD` with 2024-03-08;
/// `XX:XX` with 14:02 and 14:42 (the summary's start and end) and then times spread from 14:02
/// to 14:42 (the timeline); `{X hours Y minutes}` with 40 minutes; `?mins` with 40 and 0 mins;
/// each `[Insert …]` with its sample from [`SAMPLES`].
fn fill(text: &str) -> String {
    let mut out = text.replace("YYYY-MM-DD", "2024-03-08");
    out = out.replace("{X hours Y minutes}", "40 minutes");
    out = out
        .replacen("?mins", "40 mins", 1)
        .replace("?mins", "0 mins");
    let n = out.matches("XX:XX").count();
    assert!(
        n >= 4,
        "expected the summary's start and end and a timeline, found {n} times"
    );
    let timeline = n - 2;
    let mut times = vec![(14, 2), (14, 42)];
    for i in 0..timeline {
        let minutes = 2 + 40 * i / (timeline - 1);
        times.push((14, minutes));
    }
    for (h, m) in times {
        out = out.replacen("XX:XX", &format!("{h:02}:{m:02}"), 1);
    }
    let samples: HashMap<&str, &[&str]> = SAMPLES.iter().copied().collect();
    let mut used: HashMap<String, usize> = HashMap::new();
    let placeholder = Regex::new(r"\[Insert ([^\]]+)\]").unwrap();
    let filled = placeholder.replace_all(&out, |c: &regex::Captures| {
        let key = c[1].to_string();
        let list = samples
            .get(key.as_str())
            .unwrap_or_else(|| panic!("no sample text for placeholder `[Insert {key}]`"));
        let i = used.entry(key).or_insert(0);
        let text = list[*i % list.len()];
        *i += 1;
        text.to_string()
    });
    filled.into_owned()
}

/// Prose words, roughly as a reader counts them: HTML comments and markup left out.
fn words(text: &str) -> usize {
    let no_comments = Regex::new(r"(?s)<!--.*?-->").unwrap().replace_all(text, "");
    no_comments
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[test]
fn every_built_in_skeleton_has_placeholders_for_pm106() {
    for name in Profile::built_in_names() {
        let text = skeleton(&Profile::built_in(name).unwrap());
        for p in ["YYYY-MM-DD", "XX:XX", "{X hours Y minutes}", "[Insert "] {
            assert!(text.contains(p), "{name}: no `{p}` placeholder in\n{text}");
        }
    }
}

#[test]
fn every_built_in_skeleton_filled_in_lints_clean_under_its_profile() {
    let mut failures = Vec::new();
    for name in Profile::built_in_names() {
        let profile = Profile::built_in(name).unwrap();
        let text = fill(&skeleton(&profile));
        assert!(
            !text.contains("[Insert") && !text.contains("XX:XX"),
            "{text}"
        );
        let source = SourceFile::new(format!("new-{name}.md"), text.clone());
        let findings = lint(&source, None, &Settings::new(profile));
        for d in findings.iter().filter(|d| d.severity >= Severity::Warning) {
            let line = source.line_col(d.span.start).line;
            failures.push(format!(
                "{name}:{line}: {} {}\n{}",
                d.rule.code,
                d.message,
                text.lines().nth(line - 1).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_filled_alx_skeleton_is_within_the_tasks_400_to_600_words() {
    // The ALX 0x19 task: "between 400 to 600 words" (PM701 checks it once a profile sets it).
    let text = fill(&skeleton(&Profile::built_in("alx").unwrap()));
    let n = words(&text);
    assert!((420..=580).contains(&n), "{n} words");
}
