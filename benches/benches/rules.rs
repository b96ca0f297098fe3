//! The escalation rules of `acme.json` evaluated for each response of the
//! typical mix: the engine's compiled conditions side by side with the
//! `cel` crate (cel-rust, the maintained successor of `cel-interpreter`),
//! the existing CEL implementation the project would otherwise have used.
//! Both evaluate the same five conditions on the same facts (the kinds and
//! urgency markers the classifier found, the NPS, the repeat complaints),
//! and are checked to agree on every response before anything is timed.
//!
//! `cargo bench -p clf-benches --features peers --bench rules`

use std::hint::black_box;

use cel::{Context, Program, Value};
use clf_benches::{Mix, acme, inputs_of};
use clf_core::rule::{Facts, kind_bit, urgency_bit};
use clf_core::{AnswerInput, Config, Engine, Kind, Response, Urgency};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// What the rules of one response are evaluated on.
struct Case {
    response: Response,
    kinds: Vec<Kind>,
    urgency: Vec<Urgency>,
    nps: i64,
    repeat_complaints: i64,
}

/// The CEL variables of a case, built as a host builds them.
fn add_variables(context: &mut Context<'_, '_>, c: &Case) {
    context.add_variable_from_value("kinds", c.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>());
    context.add_variable_from_value("urgency", c.urgency.iter().map(|u| u.as_str()).collect::<Vec<_>>());
    context.add_variable_from_value("nps", c.nps);
    context.add_variable_from_value("repeat_complaints", c.repeat_complaints);
}

fn rules(c: &mut Criterion) {
    let config = acme();
    let inputs = inputs_of(&config, 10_000, Mix::Typical);
    // The facts as the engine finds them: its classification and its
    // count of the customer's complaints in the window.
    let mut engine = Engine::new(config.clone());
    let cases: Vec<Case> = inputs
        .iter()
        .map(|i| {
            let o = engine.ingest(i).unwrap();
            let nps = match i.answers.get("nps") {
                Some(AnswerInput::Int(n)) => *n,
                other => panic!("every response of the typical mix has an NPS, not {other:?}"),
            };
            Case { response: config.validate_response(i).unwrap(), kinds: o.items.iter().map(|x| x.kind).collect(), urgency: o.urgency.clone(), nps, repeat_complaints: i64::from(o.repeat_complaints) }
        })
        .collect();
    let rules = &config.escalation.rules;
    let programs: Vec<Program> = rules.iter().map(|r| Program::compile(&r.when.source).unwrap()).collect();
    fn facts<'a>(config: &'a Config, c: &'a Case) -> Facts<'a> {
        Facts {
            config,
            response: c.response.view(),
            kinds: c.kinds.iter().fold(0, |m, k| m | kind_bit(*k)),
            urgency: c.urgency.iter().fold(0, |m, u| m | urgency_bit(*u)),
            repeat_complaints: c.repeat_complaints,
        }
    }

    // Both give the same answer for every rule and response.
    let mut context = Context::default();
    let mut matched = 0;
    for case in &cases {
        add_variables(&mut context, case);
        let f = facts(&config, case);
        for (rule, program) in rules.iter().zip(&programs) {
            let ours = rule.program.matches(&f);
            assert_eq!(program.execute(&context), Ok(Value::Bool(ours)), "rule {:?} on {}", rule.name, case.response.id);
            matched += ours as usize;
        }
    }
    println!("{} responses, {} rules, {matched} matches", cases.len(), rules.len());

    let mut g = c.benchmark_group("rules");
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function("compiled (clf)", |b| {
        b.iter(|| cases.iter().map(|case| {
            let f = facts(&config, black_box(case));
            rules.iter().filter(|r| r.program.matches(&f)).count()
        }).sum::<usize>())
    });
    // The peer's best case: one context for the whole run, its variables
    // set again for each response (a context is a map of names; building
    // one afresh for each response would cost more).
    g.bench_function("cel 0.15, variables set per response", |b| {
        let mut context = Context::default();
        b.iter(|| cases.iter().map(|case| {
            add_variables(&mut context, black_box(case));
            programs.iter().filter(|p| p.execute(&context) == Ok(Value::Bool(true))).count()
        }).sum::<usize>())
    });
    // Evaluation alone: the variables of every response made beforehand.
    let prepared: Vec<Context> = cases.iter().map(|case| {
        let mut context = Context::default();
        add_variables(&mut context, case);
        context
    }).collect();
    g.bench_function("cel 0.15, evaluation only", |b| {
        b.iter(|| prepared.iter().map(|context| {
            programs.iter().filter(|p| p.execute(black_box(context)) == Ok(Value::Bool(true))).count()
        }).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, rules);
criterion_main!(benches);
