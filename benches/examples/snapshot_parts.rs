//! Sizes of the parts of a snapshot of the benchmark mix (for BENCHMARKS.md).
use clf_benches::{acme, mixed_inputs};
use clf_core::Engine;

fn main() {
    let config = acme();
    let mut engine = Engine::new(config.clone());
    for i in mixed_inputs(&config, 50_000) {
        engine.ingest(&i).unwrap();
    }
    let doc: serde_json::Value = serde_json::from_str(&engine.snapshot()).unwrap();
    for (k, v) in doc["state"].as_object().unwrap() {
        println!("state.{k}: {} KB", v.to_string().len() / 1000);
    }
    println!("summaries: {} KB, {} rows", doc["summaries"].to_string().len() / 1000, doc["summaries"]["rows"].as_array().unwrap().len());
}
