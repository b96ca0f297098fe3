//! Shared inputs of the benchmarks: the reference configuration and a
//! deterministic, realistic set of validated responses.

use clf_core::{Config, Response, ResponseInput};

/// Sentences of the classification evaluation set, by locale, to build comments from.
fn sentences(locale: &str) -> Vec<&'static str> {
    let data = if locale == "nl" { include_str!("../../clf-core/tests/data/classification-eval.nl.txt") } else { include_str!("../../clf-core/tests/data/classification-eval.en.txt") };
    data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).filter_map(|l| l.splitn(3, '|').nth(2)).collect()
}
use serde_json::json;

/// A deterministic xorshift generator: `next(m)` draws from `0..m`.
fn xorshift(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut x = seed;
    move |m| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    }
}

/// The reference configuration, `examples/acme.json`.
pub fn acme() -> Config {
    Config::from_json(include_str!("../../examples/acme.json")).expect("acme.json loads")
}

/// `n` validated responses spread over every touchpoint, six channels and
/// forty employees, with NPS always and CSAT, CES and mood most of the time.
pub fn responses(config: &Config, n: usize) -> Vec<Response> {
    const CHANNELS: [&str; 6] = ["phone", "email", "chat", "app", "web", "store"];
    const MOODS: [&str; 7] = ["angry", "frustrated", "worried", "neutral", "relieved", "pleased", "delighted"];
    let mut next = xorshift(2026);
    (0..n)
        .map(|i| {
            let nps = next(11);
            let mut answers = json!({"nps": nps, "csat": 1 + next(5), "ces": 1 + next(7)});
            if next(2) == 0 {
                answers["mood"] = json!(MOODS[next(7) as usize]);
            }
            let doc = json!({
                "id": format!("r-{i}"),
                "instrument": "post-contact",
                "touchpoint": config.touchpoints[next(config.touchpoints.len() as u64) as usize].id,
                "channel": CHANNELS[next(6) as usize],
                "submitted_at": format!("2026-{:02}-{:02}T10:00:00+01:00", 1 + next(12), 1 + next(28)),
                "employee": format!("e-{}", next(40)),
                "answers": answers,
            });
            config.validate_response(&ResponseInput::from_json(&doc.to_string()).unwrap()).unwrap()
        })
        .collect()
}

/// `n` response inputs of the reference instrument in a realistic mix: every
/// response has NPS, 80% CSAT, 60% CES, 50% a mood; 20% a comment of 100–300
/// characters in English or Dutch; customers repeat (about 4 responses each).
pub fn mixed_inputs(config: &Config, n: usize) -> Vec<ResponseInput> {
    const CHANNELS: [&str; 8] = ["phone", "chat", "email", "web", "app", "store", "letter", "social"];
    const MOODS: [&str; 7] = ["angry", "frustrated", "worried", "neutral", "relieved", "pleased", "delighted"];
    let (en, nl) = (sentences("en"), sentences("nl"));
    let mut next = xorshift(42);
    (0..n)
        .map(|i| {
            let nps = next(11);
            let mut answers = json!({"nps": nps});
            if next(10) < 8 {
                answers["csat"] = json!(1 + next(5));
            }
            if next(10) < 6 {
                answers["ces"] = json!(1 + next(7));
            }
            if next(2) == 0 {
                answers["mood"] = json!(MOODS[next(7) as usize]);
            }
            let locale = if next(2) == 0 { "en" } else { "nl" };
            if next(5) == 0 {
                let pool = if locale == "en" { &en } else { &nl };
                let target = 100 + next(201) as usize;
                let mut comment = String::new();
                while comment.len() < target {
                    if !comment.is_empty() {
                        comment.push(' ');
                    }
                    comment.push_str(pool[next(pool.len() as u64) as usize]);
                }
                let cut = (0..=target.min(comment.len())).rev().find(|i| comment.is_char_boundary(*i)).unwrap_or(0);
                comment.truncate(cut);
                answers["comment"] = json!(comment);
            }
            let day = 1 + next(28);
            let doc = json!({
                "id": format!("r-{i}"),
                "instrument": "post-contact",
                "touchpoint": config.touchpoints[next(config.touchpoints.len() as u64) as usize].id,
                "channel": CHANNELS[next(8) as usize],
                "submitted_at": format!("2026-{:02}-{day:02}T{:02}:{:02}:00+01:00", 1 + next(12), 8 + next(10), next(60)),
                "customer": format!("c-{}", next(n as u64 / 4 + 1)),
                "employee": format!("e-{}", next(40)),
                "locale": locale,
                "answers": answers,
            });
            ResponseInput::from_json(&doc.to_string()).unwrap()
        })
        .collect()
}
