//! Classifies the benchmark's comments, for profilers.
use clf_benches::{acme, mixed_inputs};
use clf_core::{AnswerInput, Classifier};

fn main() {
    let config = acme();
    let texts: Vec<(String, String)> = mixed_inputs(&config, 20_000)
        .into_iter()
        .filter_map(|i| match i.answers.get("comment") {
            Some(AnswerInput::Text(t)) => Some((t.clone(), i.locale.clone().unwrap_or_default())),
            _ => None,
        })
        .collect();
    let c = Classifier::new(&config.classification, &config.topics);
    let start = std::time::Instant::now();
    let mut items = 0;
    for _ in 0..20 {
        for (t, l) in &texts {
            items += c.classify_text(t, Some(l)).items.len();
        }
    }
    println!("{} texts, {} items, {:.2} µs a text", texts.len() * 20, items, start.elapsed().as_secs_f64() * 1e6 / (texts.len() * 20) as f64);
}
