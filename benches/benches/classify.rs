//! The classifier side by side with VADER (the `vader_sentiment` crate, a
//! port of the reference lexicon-and-rules sentiment analyser, which also
//! handles negation, intensifiers and "but" clauses) on the English half of
//! the project's evaluation set. VADER gives a polarity, not kinds: the
//! shared question both answer is "is this negative feedback?" (a complaint
//! or an issue in the set's labels; VADER's compound score at most −0.05,
//! its authors' threshold). The bench prints how well each answers it before
//! timing them. The set was written for this project and its lexicon was
//! tuned on it, so the quality figures favour the classifier; the timings
//! do not depend on that.
//!
//! `cargo bench -p clf-benches --features peers --bench classify`

use std::hint::black_box;

use clf_benches::acme;
use clf_core::{Classifier, Kind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vader_sentiment::SentimentIntensityAnalyzer;

const EVAL_EN: &str = include_str!("../../clf-core/tests/data/classification-eval.en.txt");

/// Precision, recall and F1 of `found` against `gold`.
fn scores(pairs: impl Iterator<Item = (bool, bool)>) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (gold, found) in pairs {
        match (gold, found) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            (false, false) => {}
        }
    }
    let (p, r) = (tp / (tp + fp), tp / (tp + fn_));
    (p, r, 2.0 * p * r / (p + r))
}

fn classify(c: &mut Criterion) {
    let config = acme();
    let classifier = Classifier::new(&config.classification, &config.topics);
    let vader = SentimentIntensityAnalyzer::new();
    // (whether the labels say complaint or issue, the text)
    let set: Vec<(bool, &str)> = EVAL_EN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '|');
            let kinds = parts.next().unwrap();
            let _urgency = parts.next().unwrap();
            (kinds.split(',').any(|k| k == "complaint" || k == "issue"), parts.next().unwrap())
        })
        .collect();
    let ours = |t: &str| classifier.classify_text(t, Some("en")).kinds().any(|k| matches!(k, Kind::Complaint | Kind::Issue));
    let theirs = |t: &str| vader.polarity_scores(t)["compound"] <= -0.05;
    let negative = set.iter().filter(|(g, _)| *g).count();
    println!("{} English texts, {negative} of them a complaint or an issue", set.len());
    for (name, (p, r, f1)) in [("classifier", scores(set.iter().map(|(g, t)| (*g, ours(t))))), ("VADER", scores(set.iter().map(|(g, t)| (*g, theirs(t)))))] {
        println!("negative feedback, {name}: precision {p:.3}, recall {r:.3}, F1 {f1:.3}");
    }

    let mut g = c.benchmark_group("classify-en");
    g.throughput(Throughput::Elements(set.len() as u64));
    g.bench_function("classify_text (clf)", |b| b.iter(|| set.iter().map(|(_, t)| classifier.classify_text(black_box(t), Some("en")).items.len()).sum::<usize>()));
    g.bench_function("vader_sentiment 0.1 polarity_scores", |b| b.iter(|| set.iter().map(|(_, t)| vader.polarity_scores(black_box(t)).len()).sum::<usize>()));
    g.finish();
}

criterion_group!(benches, classify);
criterion_main!(benches);
