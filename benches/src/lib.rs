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

/// The reference configuration as the profiling examples take it from the
/// environment: without its escalation rules (no case, no alert) when
/// `NO_RULES` is set.
pub fn acme_from_env() -> Config {
    if std::env::var("NO_RULES").is_err() {
        return acme();
    }
    acme_without_rules()
}

/// The reference configuration without its escalation rules (no case, no
/// alert is ever opened).
pub fn acme_without_rules() -> Config {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../examples/acme.json")).expect("acme.json is JSON");
    v["escalation"]["rules"] = json!([]);
    Config::from_json(&v.to_string()).expect("acme.json without rules loads")
}

/// `inputs` without their comments when `NO_TEXT` is set (the cost of
/// reading text is the difference).
pub fn comments_from_env(inputs: &mut [ResponseInput]) {
    if std::env::var("NO_TEXT").is_ok() {
        drop_comments(inputs);
    }
}

/// `inputs` without their text answers (the comments).
pub fn drop_comments(inputs: &mut [ResponseInput]) {
    inputs.iter_mut().for_each(|i| i.answers.0.retain(|(_, a)| !matches!(a, clf_core::AnswerInput::Text(_))));
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
            config.validate_response(ResponseInput::from_json(&doc.to_string()).unwrap()).unwrap()
        })
        .collect()
}

/// How the scores of a benchmark mix are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// Every score equally likely: 64% detractors (an NPS of −45), so most
    /// responses open or update a case. The stress case.
    Uniform,
    /// An NPS of +20, inside the range of published sector averages
    /// (Satmetrix: about +10 for health insurers, +30 for hotels): 45%
    /// promoters, 30% passives, 25% detractors, with CSAT, CES and mood that
    /// go with the NPS.
    Typical,
}

/// `n` response inputs of the reference instrument in a realistic mix: every
/// response has NPS, 80% CSAT, 60% CES, 50% a mood; 20% a comment of 100–300
/// characters in English or Dutch; customers repeat (about 4 responses each).
/// Scores are drawn uniformly (see [`Mix`]).
pub fn mixed_inputs(config: &Config, n: usize) -> Vec<ResponseInput> {
    inputs_of(config, n, Mix::Uniform)
}

/// [`mixed_inputs`] with the scores drawn per `mix`.
pub fn inputs_of(config: &Config, n: usize, mix: Mix) -> Vec<ResponseInput> {
    const CHANNELS: [&str; 8] = ["phone", "chat", "email", "web", "app", "store", "letter", "social"];
    const MOODS: [&str; 7] = ["angry", "frustrated", "worried", "neutral", "relieved", "pleased", "delighted"];
    let (en, nl) = (sentences("en"), sentences("nl"));
    let mut next = xorshift(42);
    (0..n)
        .map(|i| {
            // Per mix: the NPS, and the lowest CSAT, CES and mood index that go with it.
            let (nps, csat_from, ces_from, mood_from) = match mix {
                Mix::Uniform => (next(11), 1, 1, 0),
                Mix::Typical => match next(20) {
                    0..=8 => (9 + next(2), 4, 5, 4),
                    9..=14 => (7 + next(2), 3, 4, 3),
                    _ => (next(7), 1, 1, 0),
                },
            };
            let span = |from: u64, to: u64, r: u64| from + r % (to - from + 1);
            let mut answers = json!({"nps": nps});
            if next(10) < 8 {
                let r = next(5);
                answers["csat"] = json!(if mix == Mix::Uniform { 1 + r } else { span(csat_from, if csat_from == 1 { 3 } else { 5 }, r) });
            }
            if next(10) < 6 {
                let r = next(7);
                answers["ces"] = json!(if mix == Mix::Uniform { 1 + r } else { span(ces_from, if ces_from == 1 { 4 } else { 7 }, r) });
            }
            if next(2) == 0 {
                let r = next(7);
                let m = if mix == Mix::Uniform { r } else { span(mood_from, if mood_from == 0 { 3 } else { 6 }, r) };
                answers["mood"] = json!(MOODS[m as usize]);
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
