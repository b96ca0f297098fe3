//! Shared inputs of the benchmarks: the reference configuration and a
//! deterministic, realistic set of validated responses.

use clf_core::{Config, Response, ResponseInput};
use serde_json::json;

/// The reference configuration, `examples/acme.json`.
pub fn acme() -> Config {
    Config::from_json(include_str!("../../examples/acme.json")).expect("acme.json loads")
}

/// `n` validated responses spread over every touchpoint, six channels and
/// forty employees, with NPS always and CSAT, CES and mood most of the time.
pub fn responses(config: &Config, n: usize) -> Vec<Response> {
    const CHANNELS: [&str; 6] = ["phone", "email", "chat", "app", "web", "store"];
    const MOODS: [&str; 7] = ["angry", "frustrated", "worried", "neutral", "relieved", "pleased", "delighted"];
    let mut x: u64 = 2026;
    let mut next = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
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
