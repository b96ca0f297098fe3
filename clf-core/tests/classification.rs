//! The classifier against the labelled evaluation set (tests/data, 428
//! feedback texts written for this project, half Dutch, half English): per-kind
//! and per-marker precision and recall. Fails below macro-F1 0.85.
//!
//! `cargo test -p clf-core --test classification -- --nocapture` prints the table.

use std::collections::BTreeMap;

use clf_core::classify::Classifier;
use clf_core::{Config, Kind, Urgency};

struct Example {
    locale: &'static str,
    kinds: Vec<String>,
    urgency: Vec<String>,
    text: &'static str,
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    for (locale, data) in [("en", include_str!("data/classification-eval.en.txt")), ("nl", include_str!("data/classification-eval.nl.txt"))] {
        for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let mut parts = line.splitn(3, '|');
            let list = |s: Option<&str>| s.unwrap_or("").split(',').filter(|x| !x.is_empty()).map(String::from).collect::<Vec<_>>();
            let kinds = list(parts.next());
            let urgency = list(parts.next());
            out.push(Example { locale, kinds, urgency, text: parts.next().expect("a text") });
        }
    }
    out
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn precision(self) -> f64 {
        if self.tp + self.fp == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    fn recall(self) -> f64 {
        if self.tp + self.fn_ == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

#[test]
fn classification_meets_macro_f1_on_the_evaluation_set() {
    let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
    let classifier = Classifier::new(&config.classification, &config.topics);
    let set = examples();
    assert!(set.len() >= 400, "the evaluation set has {} texts", set.len());
    assert_eq!(set.iter().filter(|e| e.locale == "nl").count() * 2, set.len(), "half Dutch, half English");

    let mut kinds: BTreeMap<&str, Counts> = Kind::ALL.iter().map(|k| (k.as_str(), Counts::default())).collect();
    let mut markers: BTreeMap<&str, Counts> = Urgency::ALL.iter().map(|u| (u.as_str(), Counts::default())).collect();
    let mut wrong = Vec::new();
    for e in &set {
        let c = classifier.classify_text(e.text, Some(e.locale));
        let got_kinds: Vec<&str> = c.kinds().map(|k| k.as_str()).collect();
        let got_markers: Vec<&str> = c.markers().map(|u| u.as_str()).collect();
        for (table, got, want) in [(&mut kinds, &got_kinds, &e.kinds), (&mut markers, &got_markers, &e.urgency)] {
            for (name, counts) in table.iter_mut() {
                match (got.contains(name), want.iter().any(|w| w == name)) {
                    (true, true) => counts.tp += 1,
                    (true, false) => counts.fp += 1,
                    (false, true) => counts.fn_ += 1,
                    _ => {}
                }
            }
        }
        let mut want_k = e.kinds.clone();
        want_k.sort();
        let mut got_k: Vec<String> = got_kinds.iter().map(|s| s.to_string()).collect();
        got_k.sort();
        let mut want_u = e.urgency.clone();
        want_u.sort();
        let mut got_u: Vec<String> = got_markers.iter().map(|s| s.to_string()).collect();
        got_u.sort();
        if want_k != got_k || want_u != got_u {
            wrong.push(format!("{} want {:?}/{:?} got {:?}/{:?}: {}", e.locale, want_k, want_u, got_k, got_u, e.text));
        }
    }

    let report = |title: &str, table: &BTreeMap<&str, Counts>| -> f64 {
        println!("\n{title:<12} precision  recall     F1   (support)");
        for (name, c) in table {
            println!("{name:<12} {:>9.3} {:>7.3} {:>6.3}   ({})", c.precision(), c.recall(), c.f1(), c.tp + c.fn_);
        }
        let macro_f1 = table.values().map(|c| c.f1()).sum::<f64>() / table.len() as f64;
        println!("{:<12} {:>24.3}", "macro-F1", macro_f1);
        macro_f1
    };
    println!("{} texts ({} exactly right)", set.len(), set.len() - wrong.len());
    let kinds_f1 = report("kind", &kinds);
    let urgency_f1 = report("urgency", &markers);
    println!("\nnot exactly right:");
    for w in &wrong {
        println!("  {w}");
    }
    assert!(kinds_f1 >= 0.85, "macro-F1 over kinds is {kinds_f1:.3}");
    assert!(urgency_f1 >= 0.85, "macro-F1 over urgency markers is {urgency_f1:.3}");
}
