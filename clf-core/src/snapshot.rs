//! Snapshots: the engine's whole state in one JSON document, restored
//! without replaying its history.
//!
//! A snapshot holds the state that ingest, commands and time build up (cases
//! with their history, alerts, clocks and timers, the outer loop, the events)
//! and every response as summaries need it, together with a fingerprint of the configuration it was
//! taken under. [`Engine::restore`] checks the fingerprint and every index in
//! the state against the configuration before it returns an engine, so a
//! damaged or foreign snapshot is an error, never a panic later on.

use std::hash::{Hash, Hasher};

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::shared::SharedStr;
use crate::config::Config;
use crate::engine::{Engine, State};
use crate::error::{ClfError, ErrorCode, Result};
use crate::events::Kept;
use crate::response::{Answer, ResponseRef};
use crate::summary::{ResponseRows, RowsImage};
use crate::timer::TimerKind;

/// The snapshot format's name and version.
const FORMAT: &str = "closed-loop-feedback/snapshot";
const VERSION: u32 = 1;

#[derive(Serialize)]
struct SnapshotOut<'a> {
    format: &'static str,
    v: u32,
    config: String,
    state: &'a State,
    summaries: &'a ResponseRows,
    events: Vec<crate::events::Event>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn {
    format: String,
    v: u32,
    config: String,
    state: State,
    summaries: RowsImage,
    events: Vec<crate::events::Event>,
}

/// A fingerprint of a configuration: equal configurations (however they
/// were written) have equal fingerprints.
fn fingerprint(config: &Config) -> String {
    let mut h = rustc_hash::FxHasher::default();
    format!("{config:?}").hash(&mut h);
    format!("{:016x}", h.finish())
}

impl Engine {
    /// The engine's whole state as a JSON document. [`Engine::restore`] turns
    /// it back into an equal engine under the same configuration.
    pub fn snapshot(&self) -> String {
        let events = self.events(0);
        let out = SnapshotOut { format: FORMAT, v: VERSION, config: fingerprint(&self.config), state: &self.st, summaries: &self.rows, events };
        serde_json::to_string(&out).expect("the state serialises: string keys, finite numbers")
    }

    /// An engine from a [`snapshot`](Engine::snapshot) taken under `config`.
    /// A snapshot of another configuration or format, or one whose content
    /// does not fit the configuration, is a validation error naming the field
    /// (`state.cases[3]`); nothing is restored then.
    pub fn restore(config: Config, snapshot: &str) -> Result<Engine> {
        let s: SnapshotIn = crate::input::from_json(snapshot, ErrorCode::Validation)?;
        if s.format != FORMAT || s.v != VERSION {
            return Err(ClfError::validation("format", format!("expected a {FORMAT} document of version {VERSION}, got {:?} version {}", s.format, s.v)));
        }
        if s.config != fingerprint(&config) {
            return Err(ClfError::validation("config", "the snapshot was taken under another configuration: restore it with that one, or replay the events under the new one"));
        }
        let mut state = s.state;
        let rows = ResponseRows::from_image(&config, s.summaries, "summaries")?;
        state.events = Default::default();
        let mut responses = 0;
        for (i, e) in s.events.iter().enumerate() {
            // The log numbers its events by their place.
            if e.seq != i as u64 + 1 {
                return Err(ClfError::validation(format!("events[{i}].seq"), format!("expected sequence number {} (no gaps), got {}: the snapshot is damaged", i + 1, e.seq)));
            }
            let change = e.change.map_response(|input| {
                crate::response::check_id(&input.id).map_err(|err| err.within("response"))?;
                let (head, answers) = config.check_response(input.fields()).map_err(|err| err.within("response"))?;
                let kept = kept(&config, &state, &rows, &input.id, &head, answers, responses);
                kept.inspect(|_| responses += 1).map_err(|what| ClfError::validation("response", format!("{what}: the snapshot is damaged or does not fit this configuration")))
            });
            let change = change.map_err(|err| err.within(&format!("events[{i}]")))?;
            state.events.push(crate::events::Event { seq: e.seq, v: e.v, at: e.at, change });
        }
        if responses != rows.len() {
            return Err(ClfError::validation("summaries.rows", format!("{} rows for {responses} responses: the snapshot is damaged or does not fit this configuration", rows.len())));
        }
        check(&config, &state, rows.len())?;
        if let Err(n) = state.ingested.rebuild(&state.events) {
            return Err(ClfError::validation(format!("state.ingested[{n}]"), "a response recorded twice: the snapshot is damaged or does not fit this configuration"));
        }
        let mut engine = Engine::new(config);
        engine.rows = rows;
        let mut events = std::mem::take(&mut state.events);
        engine.st = state;
        // Items the engine would read again are left to be read again, as
        // the engine the snapshot was taken from left them.
        events.leave_to_reread(|k, items, topics| engine.reads_again(&engine.response_of(k).view(), items, topics));
        engine.st.events = events;
        Ok(engine)
    }
}

/// The `row`-th response (`id`, `head` with `answers`) as the engine keeps
/// it, if its summary row and its customer's record are those of a
/// snapshot that fits together.
fn kept(config: &Config, st: &State, rows: &ResponseRows, id: &str, head: &ResponseRef<'_>, mut answers: Vec<(u16, Answer)>, row: usize) -> std::result::Result<Kept, &'static str> {
    use crate::summary::Dimension::{Employee, Locale, Team};
    let place_ok = rows.place(row) == Some((head.touchpoint, head.journey, head.channel, head.instrument));
    let ins = &config.instruments[head.instrument.index()];
    let slots = &config.question_slots[head.instrument.index()];
    let scored = answers.iter().filter_map(|(qi, a)| crate::summary::scored(&ins.questions[*qi as usize].kind, a).map(|v| (slots[*qi as usize] as u16, v)));
    let scores_ok = place_ok && scored.eq(rows.scored(row).iter().copied());
    if !scores_ok || [(Employee, head.employee), (Team, head.team), (Locale, head.locale)].into_iter().any(|(d, v)| rows.text(row, d) != v) {
        return Err("the response does not match its row in summaries.rows");
    }
    let customer = match head.customer {
        Some(c) => Some(st.customers.find(c).ok_or("a customer that is not in state.customers")?),
        None => None,
    };
    let (answers, rare) = Engine::keep(config, head, &mut answers);
    Ok(Kept { id: SharedStr::from(id), row: row as u32, customer: customer.map(|c| c as u32), submitted_at: head.submitted_at, answers, rare })
}

/// Two engines are equal when their states are: cases, alerts, clocks and
/// timers, the outer loop, summaries and events (caches aside).
impl PartialEq for Engine {
    fn eq(&self, other: &Engine) -> bool {
        self.st == other.st && self.rows == other.rows
    }
}

/// Checks that every index in `st` points where it must, so that no later
/// call can panic on a damaged snapshot.
fn check(config: &Config, st: &State, rows: usize) -> Result<()> {
    let bad = |path: String, what: &str| Err(ClfError::validation(format!("state.{path}"), format!("{what}: the snapshot is damaged or does not fit this configuration")));
    let (cases, alerts, events) = (st.cases.len(), st.alerts.len(), st.events.len());
    if st.clocks.len() != cases || st.origins.len() != cases {
        return bad("clocks".into(), "a clock and an origin for every case expected");
    }
    if st.alert_clocks.len() != alerts {
        return bad("alert_clocks".into(), "a clock for every alert expected");
    }
    for (i, c) in st.cases.iter().enumerate() {
        if st.case_index(&c.id) != Some(i) {
            return bad(format!("cases[{i}].id"), &format!("\"case-{}\" expected (cases are numbered in the order opened)", i + 1));
        }
        if config.level(&c.level).is_none() || config.channel_idx(&c.channel).is_none() {
            return bad(format!("cases[{i}]"), "an unknown level or channel");
        }
    }
    for (i, c) in st.customers.iter().enumerate() {
        if c.open_case().into_iter().chain(c.last_case()).any(|k| k as usize >= cases) {
            return bad(format!("customers[{i}]"), "a case that does not exist");
        }
        if !c.complaints.as_slice().is_sorted() {
            return bad(format!("customers[{i}].complaints"), "complaint times out of order");
        }
    }
    for (i, a) in st.alerts.iter().enumerate() {
        if a.number as usize != i + 1 {
            return bad(format!("alerts[{i}].id"), &format!("\"alert-{}\" expected (alerts are numbered in the order raised)", i + 1));
        }
        if config.level(&a.level).is_none() {
            return bad(format!("alerts[{i}].level"), "an unknown level");
        }
    }
    for (i, o) in st.origins.iter().enumerate() {
        let handling_ok = o.handling.as_ref().is_none_or(|t| (1..=10).contains(&t.scale()));
        if o.touchpoint.index() >= config.touchpoints.len() || o.channel.index() >= config.channels.len() || o.instrument.index() >= config.instruments.len() || !handling_ok {
            return bad(format!("origins[{i}]"), "an unknown touchpoint, channel or instrument");
        }
        if o.row as usize >= rows {
            return bad(format!("origins[{i}].row"), "the row of a response that is not in summaries.rows");
        }
    }
    for (n, x) in st.ingested.iter().enumerate() {
        let ok = (x.event as usize) < events
            && st.events.response_id(x.event as usize).is_some()
            && x.case.is_none_or(|c| (c as usize) < cases)
            && x.alerts.start <= x.alerts.end
            && (x.alerts.end as usize) <= alerts;
        if !ok {
            return bad(format!("ingested[{n}]"), "a record that points nowhere");
        }
    }
    for s in st.timers.sorted() {
        let (at, t) = (s.at, s.timer);
        let ok = match t.kind {
            TimerKind::Alert => (t.target as usize) < alerts,
            _ => (t.target as usize) < cases,
        };
        if !ok {
            return bad(format!("timers[{at}]"), "a timer of nothing");
        }
    }
    Ok(())
}

/// A hash set in order.
pub(crate) fn sorted_set<T: Ord + Serialize, S: serde::Serializer>(set: &rustc_hash::FxHashSet<T>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(set.iter().collect::<std::collections::BTreeSet<_>>())
}

/// Working time left on a paused clock, in nanoseconds.
pub(crate) mod paused {
    use super::*;

    pub fn serialize<S: serde::Serializer>(v: &Option<Box<[TimeDelta; 2]>>, s: S) -> std::result::Result<S::Ok, S::Error> {
        v.as_deref().map(|[a, b]| [a.num_nanoseconds().unwrap_or(i64::MAX), b.num_nanoseconds().unwrap_or(i64::MAX)]).serialize(s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Box<[TimeDelta; 2]>>, D::Error> {
        Ok(Option::<[i64; 2]>::deserialize(d)?.map(|[a, b]| Box::new([TimeDelta::nanoseconds(a), TimeDelta::nanoseconds(b)])))
    }
}
