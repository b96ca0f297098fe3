//! Prints the classification of every evaluation text and benchmark comment
//! as JSON lines, to check that a faster classifier says exactly the same.
use clf_benches::{acme, mixed_inputs};
use clf_core::{AnswerInput, Classifier, Engine};

fn main() {
    let config = acme();
    let c = Classifier::new(&config.classification, &config.topics);
    let eval = [include_str!("../../clf-core/tests/data/classification-eval.en.txt"), include_str!("../../clf-core/tests/data/classification-eval.nl.txt")];
    for (locale, data) in ["en", "nl"].iter().zip(eval) {
        for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let text = line.splitn(3, '|').nth(2).unwrap_or("");
            for l in [Some(*locale), None] {
                println!("{}", serde_json::to_string(&c.classify_text(text, l)).unwrap());
            }
        }
    }
    let mut engine = Engine::new(config.clone());
    for i in mixed_inputs(&config, 5_000) {
        if let Some(AnswerInput::Text(t)) = i.answers.get("comment") {
            println!("{}", serde_json::to_string(&c.classify_text(t, i.locale.as_deref())).unwrap());
        }
        println!("{}", serde_json::to_string(&engine.ingest(&i).unwrap()).unwrap());
    }
}
