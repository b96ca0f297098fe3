//! `new Engine(config)`: ingesting responses, cases, alerts and summaries.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use clf_core::engine as core;
use clf_core::summary::SummaryQueryInput;
use clf_core::{ClfError, Command, ErrorCode, IdMap, ResponseInput, SummaryQuery};
use napi::bindgen_prelude::{Buffer, ClassInstance, Either, Either3, Object};
use napi::{Env, JsValue};
use napi_derive::napi;
use serde_json::Value;

use crate::calendar::instant;
use crate::config::Config;
use crate::errors::guard;
use crate::input::read;
use crate::summary::{GroupSummary, SummaryQueryOptions, group_summary};

/// One feedback item found in a response.
#[napi(object)]
pub struct FeedbackItem {
    /// `issue`, `complaint`, `compliment` or `suggestion`.
    #[napi(ts_type = "'issue' | 'complaint' | 'compliment' | 'suggestion'")]
    pub kind: String,
    /// Confidence in 0..1.
    pub confidence: f64,
    /// What it was found from: phrases, scores, answers or labels.
    pub evidence: Vec<String>,
    /// Topics of the taxonomy it is about.
    pub topics: Vec<String>,
}

/// An urgency marker with the phrases or labels it was found from.
#[napi(object)]
pub struct UrgencyFinding {
    /// `legal`, `safety`, `churn`, `public` or `vulnerable`.
    #[napi(ts_type = "'legal' | 'safety' | 'churn' | 'public' | 'vulnerable'")]
    pub marker: String,
    /// Matched phrases or labels.
    pub evidence: Vec<String>,
}

/// What the classifier found in a text or a response.
#[napi(object)]
pub struct Classification {
    /// One item per kind found, in kind order.
    pub items: Vec<FeedbackItem>,
    /// The urgency markers found, in marker order, each with its evidence.
    pub urgency: Vec<UrgencyFinding>,
    /// Topics found anywhere in the text or response.
    pub topics: Vec<String>,
}

/// Who a case is assigned to.
#[napi(object)]
pub struct Assignee {
    /// `employee`, `team` or `queue`.
    #[napi(ts_type = "'employee' | 'team' | 'queue'")]
    pub kind: String,
    /// Its id.
    pub id: String,
}

/// One entry of a case's history.
#[napi(object)]
pub struct HistoryEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
    /// What happened.
    pub what: String,
    /// Details.
    pub detail: String,
}

/// A follow-up case with its SLA deadlines.
#[napi(object)]
pub struct Case {
    /// Unique id.
    pub id: String,
    /// `open`, `acknowledged`, `in_progress`, `waiting`, `resolved` or `closed`.
    pub state: String,
    /// Level on the escalation ladder.
    pub level: String,
    /// `low`, `normal`, `high` or `urgent`.
    #[napi(ts_type = "'low' | 'normal' | 'high' | 'urgent'")]
    pub priority: String,
    /// Who handles it.
    pub assignee: Assignee,
    /// The customer, if known.
    pub customer: Option<String>,
    /// The channel whose SLA applies.
    pub channel: String,
    /// The rule that opened it.
    pub rule: String,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// First contact due (business time of the channel).
    pub first_response_due: DateTime<Utc>,
    /// Proposed resolution due.
    pub resolution_due: DateTime<Utc>,
    /// Warning before the first-response deadline.
    pub first_response_warn_at: DateTime<Utc>,
    /// Warning before the resolution deadline.
    pub resolution_warn_at: DateTime<Utc>,
    /// Responses of the case, in order.
    pub responses: Vec<String>,
    /// When the customer was first contacted.
    pub first_contact_at: Option<DateTime<Utc>>,
    /// When a resolution was last proposed.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// How often it was reopened.
    pub reopened: u32,
    /// `effective` / `unconfirmed` once closed.
    pub resolution: Option<String>,
    /// Everything that happened to it.
    pub history: Vec<HistoryEntry>,
}

/// Who does a case command, when, and its details where the command takes them.
#[napi(object)]
pub struct CommandOptions {
    /// Who does it (an employee id).
    pub by: String,
    /// When: a `Date` or an RFC 3339 string with an offset.
    pub at: Either<String, DateTime<Utc>>,
    /// `recordContact`, `addNote`: the note.
    pub note: Option<String>,
    /// `proposeResolution`: the proposed resolution.
    pub resolution: Option<String>,
    /// `escalate`: why.
    pub reason: Option<String>,
    /// `reassign`: `"employee:<id>"`, `"team:<id>"` or `"queue:<id>"`.
    pub to: Option<String>,
}

/// The customer's verdict on a resolved case.
#[napi(object)]
pub struct VerdictOptions {
    /// When: a `Date` or an RFC 3339 string with an offset.
    pub at: Either<String, DateTime<Utc>>,
    /// Whether it worked for the customer.
    pub effective: bool,
    /// A score the customer gave the handling.
    pub score: Option<f64>,
    /// The customer's words.
    pub comment: Option<String>,
}

/// An early-warning alert.
#[napi(object)]
pub struct Alert {
    /// Unique id.
    pub id: String,
    /// Level alerted.
    pub level: String,
    /// Due (elapsed time unless the rule names a calendar).
    pub due: DateTime<Utc>,
    /// Urgency markers that raised it.
    pub reasons: Vec<String>,
    /// The rule that raised it.
    pub rule: String,
    /// The response it is about.
    pub response_id: String,
    /// The case of that response, if any.
    pub case_id: Option<String>,
    /// When it was raised (or last escalated, unacknowledged).
    pub raised_at: DateTime<Utc>,
    /// When it was acknowledged, if it was.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
}

/// A timer that fired during `advanceTo`.
#[napi(object)]
pub struct TimerEvent {
    /// When it was due.
    pub at: DateTime<Utc>,
    /// What happened.
    #[napi(ts_type = "'warning' | 'breach' | 'verdict_window_closed' | 'alert_overdue'")]
    pub kind: String,
    /// `first_response` or `resolution`, for warnings and breaches.
    pub deadline: Option<String>,
    /// The case, if any.
    pub case_id: Option<String>,
    /// The alert, for overdue alerts.
    pub alert_id: Option<String>,
    /// The level after the event.
    pub level: Option<String>,
}

/// Durations of one step of the loop (minutes), with SLA attainment (percent).
#[napi(object)]
pub struct StepTimes {
    /// Cases that reached the step.
    pub n: f64,
    /// Mean working time to it.
    pub mean_business_minutes: Option<f64>,
    /// Median working time to it.
    pub median_business_minutes: Option<f64>,
    /// Mean calendar time to it.
    pub mean_calendar_minutes: Option<f64>,
    /// Median calendar time to it.
    pub median_calendar_minutes: Option<f64>,
    /// Cases whose step is decided (reached, or its deadline passed).
    pub decided: f64,
    /// Of those, reached by the deadline.
    pub within_sla: f64,
    /// `withinSla / decided` in percent.
    pub sla_attainment: Option<f64>,
}

/// The NPS that opened cases against the customers' next NPS after the close.
#[napi(object)]
pub struct Recovery {
    /// Cases with both scores.
    pub n: f64,
    /// Mean NPS answer before.
    pub before: f64,
    /// Mean NPS answer after.
    pub after: f64,
    /// `after − before`.
    pub change: f64,
}

/// Loop metrics of one group of cases (rates in percent).
#[napi(object)]
pub struct LoopMetrics {
    /// The group's value per dimension.
    pub key: BTreeMap<String, Option<String>>,
    /// Cases.
    pub cases: f64,
    /// Closed cases.
    pub closed: f64,
    /// Closed `effective`.
    pub effective: f64,
    /// Percent of cases closed.
    pub share_closed: f64,
    /// Percent of closed cases closed `effective`.
    pub share_effective: Option<f64>,
    /// Percent of cases reopened at least once.
    pub reopen_rate: f64,
    /// Percent of cases escalated at least once.
    pub escalation_rate: f64,
    /// Percent of cases with a repeat complaint.
    pub repeat_complaint_rate: f64,
    /// Time to first contact.
    pub first_response: StepTimes,
    /// Time to a proposed resolution.
    pub resolution: StepTimes,
    /// Score after against score before.
    pub recovery: Option<Recovery>,
    /// CSAT of the handling surveys.
    pub handling: Option<crate::scoring::CsatScore>,
}

fn step_times(s: clf_core::StepTimes) -> StepTimes {
    StepTimes {
        n: s.n as f64,
        mean_business_minutes: s.mean_business_minutes,
        median_business_minutes: s.median_business_minutes,
        mean_calendar_minutes: s.mean_calendar_minutes,
        median_calendar_minutes: s.median_calendar_minutes,
        decided: s.decided as f64,
        within_sla: s.within_sla as f64,
        sla_attainment: s.sla_attainment,
    }
}

fn loop_metrics(m: clf_core::LoopMetrics) -> LoopMetrics {
    LoopMetrics {
        key: m.key.into_iter().collect(),
        cases: m.cases as f64,
        closed: m.closed as f64,
        effective: m.effective as f64,
        share_closed: m.share_closed,
        share_effective: m.share_effective,
        reopen_rate: m.reopen_rate,
        escalation_rate: m.escalation_rate,
        repeat_complaint_rate: m.repeat_complaint_rate,
        first_response: step_times(m.first_response),
        resolution: step_times(m.resolution),
        recovery: m.recovery.map(|r| Recovery { n: r.n as f64, before: r.before, after: r.after, change: r.change }),
        handling: m.handling.map(Into::into),
    }
}

/// A "you said, we did" notification due to a customer.
#[napi(object)]
pub struct Notification {
    /// The improvement it tells about.
    pub improvement_id: String,
    /// The customer.
    pub customer: String,
    /// The customer's linked responses.
    pub responses: Vec<String>,
    /// Due since (the implementation).
    pub due_at: DateTime<Utc>,
    /// When the host reported it sent.
    pub sent_at: Option<DateTime<Utc>>,
}

/// An improvement of the outer loop.
#[napi(object)]
pub struct Improvement {
    /// Unique id.
    pub id: String,
    /// What changes.
    pub title: String,
    /// Topics it addresses.
    pub topics: Vec<String>,
    /// Linked feedback, by response id.
    pub responses: Vec<String>,
    /// `proposed`, `planned` or `implemented`.
    #[napi(ts_type = "'proposed' | 'planned' | 'implemented'")]
    pub state: String,
    /// Notifications, once implemented.
    pub notifications: Vec<Notification>,
    /// Customers told so far.
    pub informed: u32,
    /// Who did what, when.
    pub history: Vec<HistoryEntry>,
}

/// Who changes an improvement, when, and what is linked.
#[napi(object)]
pub struct ImprovementOptions {
    /// Who does it.
    pub by: String,
    /// When: a `Date` or an RFC 3339 string with an offset.
    pub at: Either<String, DateTime<Utc>>,
    /// Topics of the taxonomy.
    pub topics: Option<Vec<String>>,
    /// Linked feedback, by response id.
    pub responses: Option<Vec<String>>,
}

fn notification(n: clf_core::Notification) -> Notification {
    Notification { improvement_id: n.improvement_id, customer: n.customer, responses: n.responses, due_at: n.due_at, sent_at: n.sent_at }
}

fn improvement(i: clf_core::Improvement) -> Improvement {
    Improvement {
        informed: i.informed() as u32,
        id: i.id,
        title: i.title,
        topics: i.topics,
        responses: i.responses,
        state: i.state.as_str().into(),
        notifications: i.notifications.into_iter().map(notification).collect(),
        history: i.history.into_iter().map(history).collect(),
    }
}

/// What ingesting one response did.
#[napi(object)]
pub struct Outcome {
    /// The response.
    pub response_id: String,
    /// True when the id was seen before (the first outcome; nothing changed).
    pub duplicate: bool,
    /// Numeric answers by question id.
    pub scores: BTreeMap<String, f64>,
    /// Feedback items found.
    pub items: Vec<FeedbackItem>,
    /// Urgency markers found.
    pub urgency: Vec<String>,
    /// Topics found.
    pub topics: Vec<String>,
    /// Cases opened by or updated with this response.
    pub cases: Vec<Case>,
    /// Alerts raised.
    pub alerts: Vec<Alert>,
    /// This customer's complaints in the repeat window, this one included.
    pub repeat_complaints: u32,
}

/// A rejected response of a batch.
#[napi(object)]
pub struct BatchError {
    /// Index in the list (`ingestMany`, `importMany`) or 1-based line (`ingestJsonl`, `importJsonl`).
    pub position: u32,
    /// `CLF_VALIDATION`, …
    pub code: String,
    /// The field at fault, if any.
    pub path: Option<String>,
    /// What was wrong.
    pub message: String,
}

/// What a batch did.
#[napi(object)]
pub struct BatchOutcome {
    /// Outcomes of accepted responses (duplicates included), in order.
    pub outcomes: Vec<Outcome>,
    /// Rejected responses.
    pub errors: Vec<BatchError>,
}

/// What a bulk import did (`importMany`, `importJsonl`): each response is
/// ingested as `ingest` does, and the batch reports what changed.
#[napi(object)]
pub struct ImportReport {
    /// Responses ingested (ids not seen before).
    pub ingested: u32,
    /// Responses whose id was ingested before (they changed nothing).
    pub duplicates: u32,
    /// Ids of the cases opened or updated, each once, in the order first touched.
    pub cases: Vec<String>,
    /// Ids of the alerts raised, in order.
    pub alerts: Vec<String>,
    /// Rejected responses.
    pub errors: Vec<BatchError>,
}

/// Which cases to list.
#[napi(object)]
pub struct CaseQuery {
    /// Only cases in this state.
    pub state: Option<String>,
    /// Only cases of this customer.
    pub customer: Option<String>,
}

fn history(h: core::HistoryEntry) -> HistoryEntry {
    HistoryEntry { at: h.at, by: h.by.into_owned(), what: h.what.into_owned(), detail: h.detail }
}

fn case(c: clf_core::Case) -> Case {
    Case {
        id: c.id.to_string(),
        state: c.state.as_str().to_string(),
        level: c.level.to_string(),
        priority: c.priority.as_str().into(),
        assignee: Assignee { kind: c.assignee.kind, id: c.assignee.id },
        customer: c.customer,
        channel: c.channel.to_string(),
        rule: c.rule.to_string(),
        opened_at: c.opened_at,
        first_response_due: c.first_response_due,
        resolution_due: c.resolution_due,
        first_response_warn_at: c.first_response_warn_at,
        resolution_warn_at: c.resolution_warn_at,
        responses: strings(&c.responses),
        first_contact_at: c.first_contact_at,
        resolved_at: c.resolved_at,
        closed_at: c.closed_at,
        reopened: c.reopened,
        resolution: c.resolution,
        history: c.history.into_iter().map(history).collect(),
    }
}

fn alert(a: clf_core::Alert) -> Alert {
    Alert {
        id: a.id,
        level: a.level.to_string(),
        due: a.due,
        reasons: a.reasons.iter().map(|u| u.as_str().to_string()).collect(),
        rule: a.rule.to_string(),
        response_id: a.response_id.to_string(),
        case_id: a.case_id.map(String::from),
        raised_at: a.raised_at,
        acknowledged_at: a.acknowledged_at,
        acknowledged_by: a.acknowledged_by,
    }
}

fn timer_event(e: clf_core::TimerEvent) -> TimerEvent {
    let kind = e.kind.as_str();
    TimerEvent { at: e.at, kind: kind.into(), deadline: e.deadline.map(|d| d.as_str().into()), case_id: e.case_id.map(String::from), alert_id: e.alert_id, level: e.level.map(String::from) }
}

/// Names the core shares ([`clf_core::SharedStr`]) as the strings this binding hands out.
fn strings(names: &[clf_core::SharedStr]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn feedback_item(i: &clf_core::FeedbackItem) -> FeedbackItem {
    FeedbackItem { kind: i.kind.as_str().to_string(), confidence: i.confidence, evidence: strings(&i.evidence), topics: strings(&i.topics) }
}

fn classification(c: clf_core::Classification) -> Classification {
    Classification {
        items: c.items.iter().map(feedback_item).collect(),
        urgency: c.urgency.iter().map(|u| UrgencyFinding { marker: u.marker.as_str().to_string(), evidence: strings(&u.evidence) }).collect(),
        topics: strings(&c.topics),
    }
}

fn outcome(o: clf_core::Outcome) -> Outcome {
    Outcome {
        response_id: o.response_id.to_string(),
        duplicate: o.duplicate,
        scores: o.scores.into_iter().map(|(q, v)| (q.to_string(), v)).collect(),
        items: o.items.iter().map(feedback_item).collect(),
        urgency: o.urgency.iter().map(|u| u.as_str().to_string()).collect(),
        topics: strings(&o.topics),
        cases: o.cases.into_iter().map(|c| case(c)).collect(),
        alerts: o.alerts.into_iter().map(alert).collect(),
        repeat_complaints: o.repeat_complaints,
    }
}

fn batch_error(e: core::BatchError) -> BatchError {
    BatchError { position: e.position as u32, code: crate::errors::js_code(&e.code), path: e.path, message: e.message }
}

fn batch(b: core::BatchOutcome) -> BatchOutcome {
    BatchOutcome { outcomes: b.outcomes.into_iter().map(outcome).collect(), errors: b.errors.into_iter().map(batch_error).collect() }
}

fn report(r: core::ImportReport) -> ImportReport {
    ImportReport { ingested: r.ingested as u32, duplicates: r.duplicates as u32, cases: strings(&r.cases), alerts: r.alerts, errors: r.errors.into_iter().map(batch_error).collect() }
}

/// The text of JSON lines given as a string or a Buffer.
fn jsonl_text(source: &Either<String, Buffer>) -> std::borrow::Cow<'_, str> {
    match source {
        Either::A(text) => text.into(),
        Either::B(buf) => String::from_utf8_lossy(buf),
    }
}

/// What `forgetCustomer` erased.
#[napi(object)]
pub struct Forgotten {
    /// The pseudonym that replaces the customer's id (`forgotten:1`, …).
    pub pseudonym: String,
    /// Their responses, comments erased.
    pub responses: u32,
    /// Their cases, notes erased.
    pub cases: u32,
}

/// A core configuration from a `Config`, JSON text or a plain object.
fn config_of(env: &Env, config: Either3<ClassInstance<'_, Config>, String, Object<'_>>) -> napi::Result<clf_core::Config> {
    match config {
        Either3::A(c) => Ok(c.inner.clone()),
        Either3::B(text) => guard(env, || clf_core::Config::from_json(&text)),
        Either3::C(obj) => {
            let value: Value = env.from_js_value(obj)?;
            guard(env, || clf_core::Config::from_deserializer(value))
        }
    }
}

/// The engine of one tenant.
#[napi]
pub struct Engine {
    inner: core::Engine,
}

/// The parts of [`CommandOptions`] a command may take.
pub struct Details {
    note: Option<String>,
    resolution: Option<String>,
    reason: Option<String>,
    to: Option<String>,
}

impl Engine {
    fn run(&mut self, env: &Env, case_id: &str, options: CommandOptions, command: impl FnOnce(Details) -> clf_core::Result<Command>) -> napi::Result<Case> {
        let CommandOptions { by, at, note, resolution, reason, to } = options;
        guard(env, || {
            let at = instant("at", at)?;
            let command = command(Details { note, resolution, reason, to })?;
            self.inner.command(case_id, &by, at, command)
        })
        .map(case)
    }
}

#[napi]
impl Engine {
    /// An engine for a `Config`, a plain config object or JSON text.
    #[napi(constructor)]
    pub fn new(env: Env, #[napi(ts_arg_type = "Config | object | string")] config: Either3<ClassInstance<'_, Config>, String, Object<'_>>) -> napi::Result<Self> {
        Ok(Engine { inner: core::Engine::new(config_of(&env, config)?) })
    }

    /// The events after sequence number `since` (all by default), in order.
    #[napi(ts_return_type = "Array<Event>")]
    pub fn events<'a>(&self, env: Env, since: Option<i64>) -> napi::Result<Vec<Object<'a>>> {
        let since = since.unwrap_or(0).max(0) as u64;
        self.inner
            .events(since)
            .iter()
            .map(|e| {
                let mut obj = env.to_js_value(e)?.coerce_to_object()?;
                obj.set("at", e.at)?;
                Ok(obj)
            })
            .collect()
    }

    /// The sequence number of the last event (0 for a new engine).
    #[napi(getter)]
    pub fn last_seq(&self) -> i64 {
        self.inner.last_seq() as i64
    }

    /// Rebuilds an engine from all its events (as `events()` returns them,
    /// their JSON form, or a JSON array as text) under the configuration they
    /// were recorded with.
    #[napi]
    pub fn replay(
        env: Env,
        #[napi(ts_arg_type = "Config | object | string")] config: Either3<ClassInstance<'_, Config>, String, Object<'_>>,
        #[napi(ts_arg_type = "Array<Event | object> | string")] events: Either<String, Vec<Object<'_>>>,
    ) -> napi::Result<Engine> {
        let config = config_of(&env, config)?;
        let events = match events {
            Either::A(text) => guard(&env, || clf_core::Event::list_from_json(&text))?,
            Either::B(list) => {
                let mut out = Vec::with_capacity(list.len());
                for (i, obj) in list.into_iter().enumerate() {
                    // A `Date` at is read as one; a string stays as it is.
                    let at: Option<DateTime<Utc>> = obj.get("at").ok().flatten();
                    let mut value: Value = env.from_js_value(obj)?;
                    if let (Some(at), Value::Object(map)) = (at, &mut value) {
                        map.insert("at".into(), Value::String(at.to_rfc3339()));
                    }
                    out.push(guard(&env, || clf_core::input::from_deserializer::<clf_core::Event, _>(value, ErrorCode::Validation).map_err(|e| e.within(&format!("events[{i}]"))))?);
                }
                out
            }
        };
        guard(&env, || core::Engine::replay(config, &events)).map(|inner| Engine { inner })
    }

    /// The whole state as a JSON document; `Engine.restore` reads it back.
    #[napi]
    pub fn snapshot(&self) -> String {
        self.inner.snapshot()
    }

    /// An engine from a snapshot (a string or a Buffer) taken under `config`.
    #[napi]
    pub fn restore(env: Env, #[napi(ts_arg_type = "Config | object | string")] config: Either3<ClassInstance<'_, Config>, String, Object<'_>>, snapshot: Either<String, Buffer>) -> napi::Result<Engine> {
        let config = config_of(&env, config)?;
        let text = match snapshot {
            Either::A(text) => text,
            Either::B(buf) => String::from_utf8_lossy(&buf).into_owned(),
        };
        guard(&env, || core::Engine::restore(config, &text)).map(|inner| Engine { inner })
    }

    /// Erases `customer`'s personal data (id, comments, notes) from the
    /// engine, its events and future snapshots; aggregates stay right.
    #[napi]
    pub fn forget_customer(&mut self, env: Env, customer: String, at: Either<String, DateTime<Utc>>) -> napi::Result<Forgotten> {
        guard(&env, || {
            let at = instant("at", at)?;
            self.inner.forget_customer(&customer, at)
        })
        .map(|f| Forgotten { pseudonym: f.pseudonym, responses: f.responses as u32, cases: f.cases as u32 })
    }

    /// Ingests one response (object or JSON text); the same id again returns
    /// the first outcome with `duplicate: true`.
    #[napi]
    pub fn ingest(&mut self, env: Env, #[napi(ts_arg_type = "object | string")] response: Value) -> napi::Result<Outcome> {
        guard(&env, || {
            let input: ResponseInput = read(response, ErrorCode::Validation)?;
            self.inner.ingest(input)
        })
        .map(outcome)
    }

    /// Ingests many responses; rejected ones are reported in `errors` with
    /// their index and do not stop the batch.
    #[napi]
    pub fn ingest_many(&mut self, #[napi(ts_arg_type = "Array<object | string>")] responses: Vec<Value>) -> BatchOutcome {
        batch(self.inner.ingest_many(responses.into_iter().map(|r| read(r, ErrorCode::Validation))))
    }

    /// Ingests JSON lines (a string or a Buffer, e.g. `fs.readFileSync(path)`);
    /// rejected lines are reported in `errors` with their 1-based number.
    #[napi]
    pub fn ingest_jsonl(&mut self, source: Either<String, Buffer>) -> BatchOutcome {
        batch(self.inner.ingest_jsonl(&jsonl_text(&source)))
    }

    /// Ingests many responses as `ingestMany` does, and reports what the
    /// batch changed instead of an outcome per response.
    #[napi]
    pub fn import_many(&mut self, #[napi(ts_arg_type = "Array<object | string>")] responses: Vec<Value>) -> ImportReport {
        report(self.inner.import_many(responses.into_iter().map(|r| read::<ResponseInput>(r, ErrorCode::Validation))))
    }

    /// Ingests JSON lines as `ingestJsonl` does, and reports what the batch
    /// changed instead of an outcome per line.
    #[napi]
    pub fn import_jsonl(&mut self, source: Either<String, Buffer>) -> ImportReport {
        report(self.inner.import_jsonl(&jsonl_text(&source)))
    }

    /// Classifies free text as a comment in `locale` (`'en'`, `'nl'`;
    /// every configured locale when omitted or unknown). Changes nothing.
    #[napi]
    pub fn classify_text(&self, text: String, locale: Option<String>) -> Classification {
        classification(self.inner.classify_text(&text, locale.as_deref()))
    }

    /// Validates a response (object or JSON text) and classifies it as
    /// `ingest` would, without ingesting it: nothing is stored, counted or
    /// escalated. Throws `CLF_VALIDATION` for an invalid response.
    #[napi]
    pub fn classify_response(&self, env: Env, #[napi(ts_arg_type = "object | string")] response: Value) -> napi::Result<Classification> {
        guard(&env, || {
            let input: ResponseInput = read(response, ErrorCode::Validation)?;
            self.inner.classify_response(input)
        })
        .map(classification)
    }

    /// The outcome of the response `responseId`, ingested before (its case
    /// as it is now); throws `CLF_NOT_FOUND`.
    #[napi]
    pub fn outcome(&self, env: Env, response_id: String) -> napi::Result<Outcome> {
        guard(&env, || self.inner.outcome(&response_id)).map(outcome)
    }

    /// The case with id `caseId`; throws `CLF_NOT_FOUND`.
    #[napi]
    pub fn case(&self, env: Env, case_id: String) -> napi::Result<Case> {
        guard(&env, || self.inner.case(&case_id)).map(case)
    }

    /// Cases, optionally only those in `state` or of `customer`.
    #[napi]
    pub fn cases(&self, env: Env, query: Option<CaseQuery>) -> napi::Result<Vec<Case>> {
        guard(&env, || {
            let (state, customer) = query.map(|q| (q.state, q.customer)).unwrap_or_default();
            let state = state
                .map(|s| core::CaseState::parse(&s).ok_or_else(|| ClfError::validation("state", format!("unknown case state {s:?}: expected open, acknowledged, in_progress, waiting, resolved or closed"))))
                .transpose()?;
            Ok(self.inner.cases(&core::CaseFilter { state, customer }).into_iter().map(case).collect())
        })
    }

    /// Someone takes the case (`open` → `acknowledged`).
    #[napi]
    pub fn acknowledge(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |_| Ok(Command::Acknowledge))
    }

    /// Work starts or resumes (→ `in_progress`).
    #[napi]
    pub fn start(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |_| Ok(Command::Start))
    }

    /// The case waits for the customer; its clock pauses.
    #[napi]
    pub fn wait_for_customer(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |_| Ok(Command::WaitForCustomer))
    }

    /// The customer was contacted (`note` optional).
    #[napi]
    pub fn record_contact(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |o| Ok(Command::RecordContact { note: o.note }))
    }

    /// A resolution is proposed (→ `resolved`; `resolution` optional).
    #[napi]
    pub fn propose_resolution(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |o| Ok(Command::ProposeResolution { resolution: o.resolution }))
    }

    /// The customer's verdict: effective closes the case `effective`, not effective reopens it.
    #[napi]
    pub fn customer_verdict(&mut self, env: Env, case_id: String, options: VerdictOptions) -> napi::Result<Case> {
        let VerdictOptions { at, effective, score, comment } = options;
        guard(&env, || {
            let at = instant("at", at)?;
            self.inner.command(&case_id, "customer", at, Command::CustomerVerdict { effective, score, comment })
        })
        .map(case)
    }

    /// Closes a resolved case without the customer's verdict (`unconfirmed`).
    #[napi]
    pub fn close(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |_| Ok(Command::Close))
    }

    /// Reopens a closed case within the reopen window.
    #[napi]
    pub fn reopen(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |_| Ok(Command::Reopen))
    }

    /// Moves the case one level up the ladder (`reason` optional).
    #[napi]
    pub fn escalate(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |o| Ok(Command::Escalate { reason: o.reason }))
    }

    /// Gives the case to `to` (`"employee:<id>"`, `"team:<id>"`, `"queue:<id>"`).
    #[napi]
    pub fn reassign(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |o| Ok(Command::Reassign { to: core::Assignee::parse("to", o.to.as_deref().unwrap_or(""))? }))
    }

    /// Adds `note` to the case's history (allowed in every state).
    #[napi]
    pub fn add_note(&mut self, env: Env, case_id: String, options: CommandOptions) -> napi::Result<Case> {
        self.run(&env, &case_id, options, |o| Ok(Command::AddNote { note: o.note.unwrap_or_default() }))
    }

    /// Moves the engine's time to `now` and fires every timer due by then,
    /// in time order. An earlier time than the last throws `CLF_VALIDATION`.
    #[napi]
    pub fn advance_to(&mut self, env: Env, now: Either<String, DateTime<Utc>>) -> napi::Result<Vec<TimerEvent>> {
        guard(&env, || {
            let now = instant("now", now)?;
            self.inner.advance_to(now)
        })
        .map(|events| events.into_iter().map(timer_event).collect())
    }

    /// The engine's time: the last `advanceTo`, if any.
    #[napi(getter)]
    pub fn now(&self) -> Option<DateTime<Utc>> {
        self.inner.now()
    }

    /// Acknowledges an alert: it no longer escalates.
    #[napi]
    pub fn acknowledge_alert(&mut self, env: Env, alert_id: String, options: CommandOptions) -> napi::Result<Alert> {
        guard(&env, || {
            let at = instant("at", options.at)?;
            self.inner.acknowledge_alert(&alert_id, &options.by, at)
        })
        .map(alert)
    }

    /// Every alert raised, in order.
    #[napi]
    pub fn alerts(&self) -> Vec<Alert> {
        self.inner.alerts().into_iter().map(alert).collect()
    }

    /// Scores of everything ingested, grouped and filtered: `{groupBy, where}`.
    #[napi]
    pub fn summary(&self, env: Env, query: Option<SummaryQueryOptions>) -> napi::Result<Vec<GroupSummary>> {
        guard(&env, || {
            let (group_by, where_) = query.map(|q| (q.group_by.unwrap_or_default(), q.where_.unwrap_or_default())).unwrap_or_default();
            let input = SummaryQueryInput { group_by, where_: IdMap(where_.into_iter().collect()) };
            Ok(self.inner.summary(SummaryQuery::from_input(&input)?)?.groups().into_iter().map(group_summary).collect())
        })
    }

    /// Loop metrics of the cases, grouped and filtered by the response that
    /// opened each: `{groupBy, where}` like `summary`.
    #[napi]
    pub fn loop_metrics(&self, env: Env, query: Option<SummaryQueryOptions>) -> napi::Result<Vec<LoopMetrics>> {
        guard(&env, || {
            let (group_by, where_) = query.map(|q| (q.group_by.unwrap_or_default(), q.where_.unwrap_or_default())).unwrap_or_default();
            let input = SummaryQueryInput { group_by, where_: IdMap(where_.into_iter().collect()) };
            Ok(self.inner.loop_metrics(SummaryQuery::from_input(&input)?)?.into_iter().map(loop_metrics).collect())
        })
    }

    /// Proposes an improvement: `{by, at, topics}`.
    #[napi]
    pub fn propose_improvement(&mut self, env: Env, title: String, options: ImprovementOptions) -> napi::Result<Improvement> {
        guard(&env, || {
            let at = instant("at", options.at)?;
            self.inner.propose_improvement(&title, options.topics.unwrap_or_default(), &options.by, at).cloned()
        })
        .map(improvement)
    }

    /// Links feedback and topics: `{by, at, responses, topics}`.
    #[napi]
    pub fn link_feedback(&mut self, env: Env, improvement_id: String, options: ImprovementOptions) -> napi::Result<Improvement> {
        guard(&env, || {
            let at = instant("at", options.at)?;
            self.inner.link_feedback(&improvement_id, options.responses.unwrap_or_default(), options.topics.unwrap_or_default(), &options.by, at).cloned()
        })
        .map(improvement)
    }

    /// Plans a proposed improvement.
    #[napi]
    pub fn plan_improvement(&mut self, env: Env, improvement_id: String, options: ImprovementOptions) -> napi::Result<Improvement> {
        guard(&env, || {
            let at = instant("at", options.at)?;
            self.inner.advance_improvement(&improvement_id, clf_core::ImprovementState::Planned, &options.by, at).cloned()
        })
        .map(improvement)
    }

    /// Implements a planned improvement: notifications fall due.
    #[napi]
    pub fn implement_improvement(&mut self, env: Env, improvement_id: String, options: ImprovementOptions) -> napi::Result<Improvement> {
        guard(&env, || {
            let at = instant("at", options.at)?;
            self.inner.advance_improvement(&improvement_id, clf_core::ImprovementState::Implemented, &options.by, at).cloned()
        })
        .map(improvement)
    }

    /// The host sent `customer` their notification.
    #[napi]
    pub fn mark_notified(&mut self, env: Env, improvement_id: String, customer: String, at: Either<String, DateTime<Utc>>) -> napi::Result<Improvement> {
        guard(&env, || {
            let at = instant("at", at)?;
            self.inner.mark_notified(&improvement_id, &customer, at).cloned()
        })
        .map(improvement)
    }

    /// `customer` does not want to be contacted.
    #[napi]
    pub fn opt_out(&mut self, customer: String) {
        self.inner.opt_out(&customer)
    }

    /// The improvement with id `improvementId`.
    #[napi]
    pub fn improvement(&self, env: Env, improvement_id: String) -> napi::Result<Improvement> {
        guard(&env, || self.inner.improvement(&improvement_id).cloned()).map(improvement)
    }

    /// Every improvement, in order.
    #[napi]
    pub fn improvements(&self) -> Vec<Improvement> {
        self.inner.improvements().iter().cloned().map(improvement).collect()
    }

    /// Notifications due and not yet sent.
    #[napi]
    pub fn notifications_due(&self) -> Vec<Notification> {
        self.inner.notifications_due().into_iter().cloned().map(notification).collect()
    }

    /// Number of responses ingested (duplicates not counted).
    #[napi(getter)]
    pub fn responses(&self) -> u32 {
        self.inner.responses() as u32
    }
}
