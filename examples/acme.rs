//! End-to-end example: load the reference configuration, score a generated
//! set of responses, and print the summaries by touchpoint.
//!
//! ```text
//! cargo run --release -p clf-examples --bin acme -- [RESPONSES] [CONFIG]
//! ```

use std::process::ExitCode;

use clf_core::{Config, Confidence, Dimension, GroupSummary, ResponseInput, Summaries, SummaryQuery, compare_nps};
use serde_json::json;

/// A small deterministic generator (splitmix64), so every run prints the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        weights.iter().position(|&w| x < w || { x -= w; false }).unwrap_or(0)
    }
}

const CHANNELS: [&str; 6] = ["phone", "email", "chat", "app", "web", "store"];
const MOODS: [&str; 7] = ["angry", "frustrated", "worried", "neutral", "relieved", "pleased", "delighted"];

/// A response at touchpoint number `t`; later touchpoints of each journey
/// score a little lower, as repairs and billing questions tend to.
fn generate(rng: &mut Rng, i: u64, touchpoint: &str, t: usize) -> serde_json::Value {
    let shift = (t % 5) as u64;
    let nps_weights: Vec<u64> = (0..=10u64).map(|s| if s >= 9 { 30 - shift * 4 } else if s >= 7 { 20 } else { 4 + shift * 2 }).collect();
    let nps = rng.weighted(&nps_weights) as u64;
    let mut answers = json!({"nps": nps});
    if rng.below(10) < 8 {
        answers["csat"] = json!(nps.div_ceil(2).clamp(1, 5).max(1 + rng.below(2)).min(5));
    }
    if rng.below(10) < 6 {
        answers["ces"] = json!((1 + nps * 6 / 10 + rng.below(2)).min(7));
    }
    if rng.below(10) < 5 {
        answers["mood"] = json!(MOODS[((nps as usize * 6) / 10 + rng.below(2) as usize).min(6)]);
    }
    let day = 1 + rng.below(28);
    json!({
        "id": format!("r-{i}"),
        "instrument": "post-contact",
        "touchpoint": touchpoint,
        "channel": CHANNELS[rng.below(CHANNELS.len() as u64) as usize],
        "submitted_at": format!("2026-10-{day:02}T{:02}:{:02}:00+02:00", 8 + rng.below(10), rng.below(60)),
        "customer": format!("c-{}", rng.below(5000)),
        "employee": format!("e-{}", rng.below(40)),
        "answers": answers,
    })
}

fn fmt_group(g: &GroupSummary) -> String {
    let name = g.key.first().and_then(|(_, v)| v.clone()).unwrap_or_else(|| "(all)".into());
    let nps = g.nps.get("nps").map(|s| format!("{:>6.1} ± {:>4.1}  [{:>6.1}, {:>6.1}]", s.score, s.margin_of_error, s.ci.low, s.ci.high)).unwrap_or_default();
    let csat = g.csat.get("csat").map(|s| format!("{:>5.1}% [{:>4.1}, {:>4.1}]", s.score, s.ci.low, s.ci.high)).unwrap_or_default();
    let ces = g.ces.get("ces").map(|s| format!("{:>4.2} ({:>4.1}% easy)", s.mean, s.share_easy)).unwrap_or_default();
    let mood = g.emotion.get("mood").map(|s| format!("{:>+5.2}", s.valence.mean)).unwrap_or_default();
    format!("{name:<14} {:>6}  {nps}  {csat}  {ces}  {mood}", g.responses)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let path = args.next().unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/acme.json").to_string());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = match Config::from_json(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{} — {} journeys, {} touchpoints, {} channels, {} escalation rules", config.organisation, config.journeys.len(), config.touchpoints.len(), config.channels.len(), config.escalation.rules.len());

    let mut by_touchpoint = Summaries::new(&config, SummaryQuery::group_by([Dimension::Touchpoint])).expect("a valid query");
    let mut overall = Summaries::new(&config, SummaryQuery::default()).expect("a valid query");
    let mut rng = Rng(2026);
    let mut rejected = 0;
    for i in 0..n {
        let t = rng.below(config.touchpoints.len() as u64) as usize;
        let doc = generate(&mut rng, i, &config.touchpoints[t].id, t);
        // One response in a thousand is sent malformed, as hosts sometimes do:
        // it is rejected with the path at fault and nothing of it is counted.
        let doc = if i % 1000 == 999 { json!({"oops": doc}) } else { doc };
        match ResponseInput::from_json(&doc.to_string()).and_then(|input| config.validate_response(&input)) {
            Ok(r) => {
                by_touchpoint.add(&r);
                overall.add(&r);
            }
            Err(e) => {
                if rejected == 0 {
                    println!("rejected, for example: {e}");
                }
                rejected += 1;
            }
        }
    }
    println!("{} responses scored, {rejected} rejected, {:.0}% confidence\n", overall.responses(), config.confidence.level() * 100.0);
    println!("{:<14} {:>6}  {:<34}  {:<22}  {:<19}  mood", "touchpoint", "n", "NPS ± MoE  [interval]", "CSAT [interval]", "CES");
    let groups = by_touchpoint.groups();
    for g in &groups {
        println!("{}", fmt_group(g));
    }
    for g in overall.groups() {
        println!("{}", fmt_group(&g));
    }

    let (first, last) = (&groups[0], &groups[groups.len() - 1]);
    if let (Some(a), Some(b)) = (first.nps.get("nps"), last.nps.get("nps")) {
        let d = compare_nps(a, b, Confidence::DEFAULT).expect("consistent scores");
        println!(
            "\nNPS {} vs {}: {:+.1} points, z = {:.2}, p = {:.4} — {}",
            first.key[0].1.as_deref().unwrap_or("?"),
            last.key[0].1.as_deref().unwrap_or("?"),
            d.difference,
            d.z,
            d.p_value,
            if d.significant { "significant" } else { "not significant" }
        );
    }
    ExitCode::SUCCESS
}
