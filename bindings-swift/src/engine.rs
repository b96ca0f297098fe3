//! `Engine(config:)`: ingesting responses, cases, alerts and summaries.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use clf_core::engine as core;
use clf_core::summary::SummaryQueryInput;
use clf_core::{ClfError as CoreError, Command, ErrorCode, IdMap, ResponseInput, SummaryQuery as CoreQuery};

use crate::config::Config;
use crate::errors::{ClfError, guard};
use crate::summary::{GroupSummary, KeyPart, SummaryQuery, group_summary};

/// One feedback item found in a response.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FeedbackItem {
    /// `issue`, `complaint`, `compliment` or `suggestion`.
    pub kind: String,
    /// Confidence in 0…1.
    pub confidence: f64,
    /// What it was found from: phrases, scores, answers or labels.
    pub evidence: Vec<String>,
    /// Topics of the taxonomy it is about.
    pub topics: Vec<String>,
}

/// An urgency marker with the phrases or labels it was found from.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct UrgencyFinding {
    /// `legal`, `safety`, `churn`, `public` or `vulnerable`.
    pub marker: String,
    /// Matched phrases or labels.
    pub evidence: Vec<String>,
}

/// What the classifier found in a text or a response.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Classification {
    /// One item per kind found, in kind order.
    pub items: Vec<FeedbackItem>,
    /// The urgency markers found, in marker order, each with its evidence.
    pub urgency: Vec<UrgencyFinding>,
    /// Topics found anywhere in the text or response.
    pub topics: Vec<String>,
}

/// Who a case is assigned to.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Assignee {
    /// `employee`, `team` or `queue`.
    pub kind: String,
    /// Its id.
    pub id: String,
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HistoryEntry {
    /// When.
    pub at: SystemTime,
    /// Who.
    pub by: String,
    /// What happened.
    pub what: String,
    /// Details.
    pub detail: String,
}

/// A follow-up case with its SLA deadlines.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Case {
    /// Unique id.
    pub id: String,
    /// `open`, `acknowledged`, `in_progress`, `waiting`, `resolved` or `closed`.
    pub state: String,
    /// Level on the escalation ladder.
    pub level: String,
    /// `low`, `normal`, `high` or `urgent`.
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
    pub opened_at: SystemTime,
    /// First contact due (business time of the channel).
    pub first_response_due: SystemTime,
    /// Proposed resolution due.
    pub resolution_due: SystemTime,
    /// Warning before the first-response deadline.
    pub first_response_warn_at: SystemTime,
    /// Warning before the resolution deadline.
    pub resolution_warn_at: SystemTime,
    /// Responses of the case, in order.
    pub responses: Vec<String>,
    /// When the customer was first contacted.
    pub first_contact_at: Option<SystemTime>,
    /// When a resolution was last proposed.
    pub resolved_at: Option<SystemTime>,
    /// When it was closed.
    pub closed_at: Option<SystemTime>,
    /// How often it was reopened.
    pub reopened: u32,
    /// `effective` / `unconfirmed` once closed.
    pub resolution: Option<String>,
    /// Everything that happened to it.
    pub history: Vec<HistoryEntry>,
}

/// An early-warning alert.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Alert {
    /// Unique id.
    pub id: String,
    /// Level alerted.
    pub level: String,
    /// Due (elapsed time unless the rule names a calendar).
    pub due: SystemTime,
    /// Urgency markers that raised it.
    pub reasons: Vec<String>,
    /// The rule that raised it.
    pub rule: String,
    /// The response it is about.
    pub response_id: String,
    /// The case of that response, if any.
    pub case_id: Option<String>,
    /// When it was raised (or last escalated, unacknowledged).
    pub raised_at: SystemTime,
    /// When it was acknowledged, if it was.
    pub acknowledged_at: Option<SystemTime>,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
}

/// A timer that fired during `advanceTo`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TimerEvent {
    /// When it was due.
    pub at: SystemTime,
    /// `warning`, `breach`, `verdict_window_closed` or `alert_overdue`.
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct StepTimes {
    /// Cases that reached the step.
    pub n: u64,
    /// Mean working time to it.
    pub mean_business_minutes: Option<f64>,
    /// Median working time to it.
    pub median_business_minutes: Option<f64>,
    /// Mean calendar time to it.
    pub mean_calendar_minutes: Option<f64>,
    /// Median calendar time to it.
    pub median_calendar_minutes: Option<f64>,
    /// Cases whose step is decided (reached, or its deadline passed).
    pub decided: u64,
    /// Of those, reached by the deadline.
    pub within_sla: u64,
    /// `withinSla / decided` in percent.
    pub sla_attainment: Option<f64>,
}

/// The NPS that opened cases against the customers' next NPS after the close.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Recovery {
    /// Cases with both scores.
    pub n: u64,
    /// Mean NPS answer before.
    pub before: f64,
    /// Mean NPS answer after.
    pub after: f64,
    /// `after − before`.
    pub change: f64,
}

/// Loop metrics of one group of cases (rates in percent).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LoopMetrics {
    /// The group's value per dimension, in `groupBy` order.
    pub key: Vec<KeyPart>,
    /// Cases.
    pub cases: u64,
    /// Closed cases.
    pub closed: u64,
    /// Closed `effective`.
    pub effective: u64,
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
        n: s.n,
        mean_business_minutes: s.mean_business_minutes,
        median_business_minutes: s.median_business_minutes,
        mean_calendar_minutes: s.mean_calendar_minutes,
        median_calendar_minutes: s.median_calendar_minutes,
        decided: s.decided,
        within_sla: s.within_sla,
        sla_attainment: s.sla_attainment,
    }
}

fn loop_metrics(m: clf_core::LoopMetrics) -> LoopMetrics {
    LoopMetrics {
        key: m.key.into_iter().map(|(dimension, value)| KeyPart { dimension, value }).collect(),
        cases: m.cases,
        closed: m.closed,
        effective: m.effective,
        share_closed: m.share_closed,
        share_effective: m.share_effective,
        reopen_rate: m.reopen_rate,
        escalation_rate: m.escalation_rate,
        repeat_complaint_rate: m.repeat_complaint_rate,
        first_response: step_times(m.first_response),
        resolution: step_times(m.resolution),
        recovery: m.recovery.map(|r| Recovery { n: r.n, before: r.before, after: r.after, change: r.change }),
        handling: m.handling.map(Into::into),
    }
}

/// A "you said, we did" notification due to a customer.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Notification {
    /// The improvement it tells about.
    pub improvement_id: String,
    /// The customer.
    pub customer: String,
    /// The customer's linked responses.
    pub responses: Vec<String>,
    /// Due since (the implementation).
    pub due_at: SystemTime,
    /// When the host reported it sent.
    pub sent_at: Option<SystemTime>,
}

/// An improvement of the outer loop.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
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
    pub state: String,
    /// Notifications, once implemented.
    pub notifications: Vec<Notification>,
    /// Customers told so far.
    pub informed: u64,
    /// Who did what, when.
    pub history: Vec<HistoryEntry>,
}

fn notification(n: clf_core::Notification) -> Notification {
    Notification { improvement_id: n.improvement_id, customer: n.customer, responses: n.responses, due_at: n.due_at.into(), sent_at: n.sent_at.map(Into::into) }
}

fn improvement(i: clf_core::Improvement) -> Improvement {
    Improvement {
        informed: i.informed() as u64,
        id: i.id,
        title: i.title,
        topics: i.topics,
        responses: i.responses,
        state: i.state.as_str().into(),
        notifications: i.notifications.into_iter().map(notification).collect(),
        history: i.history.into_iter().map(|h| HistoryEntry { at: h.at.into(), by: h.by.into_owned(), what: h.what.into_owned(), detail: h.detail }).collect(),
    }
}

/// What ingesting one response did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Outcome {
    /// The response.
    pub response_id: String,
    /// True when the id was seen before (the first outcome; nothing changed).
    pub duplicate: bool,
    /// Numeric answers by question id.
    pub scores: HashMap<String, f64>,
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct BatchError {
    /// Index in the list (`ingestMany`, `importMany`) or 1-based line (`ingestJsonl`, `importJsonl`).
    pub position: u64,
    /// `validation`, …
    pub code: String,
    /// The field at fault, if any.
    pub path: Option<String>,
    /// What was wrong.
    pub message: String,
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct BatchOutcome {
    /// Outcomes of accepted responses (duplicates included), in order.
    pub outcomes: Vec<Outcome>,
    /// Rejected responses.
    pub errors: Vec<BatchError>,
}

/// What a bulk import did (`importMany`, `importJsonl`): each response is
/// ingested as `ingest` does, and the batch reports what changed.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ImportReport {
    /// Responses ingested (ids not seen before).
    pub ingested: u64,
    /// Responses whose id was ingested before (they changed nothing).
    pub duplicates: u64,
    /// Ids of the cases opened or updated, each once, in the order first touched.
    pub cases: Vec<String>,
    /// Ids of the alerts raised, in order.
    pub alerts: Vec<String>,
    /// Rejected responses.
    pub errors: Vec<BatchError>,
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
        opened_at: c.opened_at.into(),
        first_response_due: c.first_response_due.into(),
        resolution_due: c.resolution_due.into(),
        first_response_warn_at: c.first_response_warn_at.into(),
        resolution_warn_at: c.resolution_warn_at.into(),
        responses: strings(&c.responses),
        first_contact_at: c.first_contact_at.map(Into::into),
        resolved_at: c.resolved_at.map(Into::into),
        closed_at: c.closed_at.map(Into::into),
        reopened: c.reopened,
        resolution: c.resolution,
        history: c.history.into_iter().map(|h| HistoryEntry { at: h.at.into(), by: h.by.into_owned(), what: h.what.into_owned(), detail: h.detail }).collect(),
    }
}

fn alert(a: clf_core::Alert) -> Alert {
    Alert {
        id: a.id,
        level: a.level.to_string(),
        due: a.due.into(),
        reasons: a.reasons.iter().map(|u| u.as_str().to_string()).collect(),
        rule: a.rule.to_string(),
        response_id: a.response_id.to_string(),
        case_id: a.case_id.map(String::from),
        raised_at: a.raised_at.into(),
        acknowledged_at: a.acknowledged_at.map(Into::into),
        acknowledged_by: a.acknowledged_by,
    }
}

fn timer_event(e: clf_core::TimerEvent) -> TimerEvent {
    let kind = e.kind.as_str();
    TimerEvent { at: e.at.into(), kind: kind.into(), deadline: e.deadline.map(|d| d.as_str().into()), case_id: e.case_id.map(String::from), alert_id: e.alert_id, level: e.level.map(String::from) }
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
    BatchError { position: e.position as u64, code: e.code, path: e.path, message: e.message }
}

fn batch(b: core::BatchOutcome) -> BatchOutcome {
    BatchOutcome { outcomes: b.outcomes.into_iter().map(outcome).collect(), errors: b.errors.into_iter().map(batch_error).collect() }
}

fn report(r: core::ImportReport) -> ImportReport {
    ImportReport {
        ingested: r.ingested as u64,
        duplicates: r.duplicates as u64,
        cases: r.cases.iter().map(|c| c.to_string()).collect(),
        alerts: r.alerts,
        errors: r.errors.into_iter().map(batch_error).collect(),
    }
}

/// One change to an engine: `seq`, `type` (`eventType`), `at` and its data.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Event {
    /// Its sequence number (1, 2, …).
    pub seq: u64,
    /// The event schema's version.
    pub v: u32,
    /// `response_ingested`, `case_command`, `time_advanced`, …
    pub event_type: String,
    /// When it happened (`nil` for an opt-out).
    pub at: Option<SystemTime>,
    /// The change's own fields as JSON text (snake_case keys).
    pub data: String,
    /// The whole event in the JSON form every binding shares; what
    /// `Engine.replay` reads.
    pub json: String,
}

fn event(e: &clf_core::Event) -> clf_core::Result<Event> {
    let internal = |err: serde_json::Error| CoreError::Internal { message: err.to_string() };
    let mut data = serde_json::to_value(&e.change).map_err(internal)?;
    if let serde_json::Value::Object(map) = &mut data {
        map.remove("type");
    }
    Ok(Event {
        seq: e.seq,
        v: e.v,
        event_type: e.change.type_name().to_string(),
        at: e.at.map(Into::into),
        data: data.to_string(),
        json: serde_json::to_string(e).map_err(internal)?,
    })
}

/// What `forgetCustomer` erased.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Forgotten {
    /// The pseudonym that replaces the customer's id (`forgotten:1`, …).
    pub pseudonym: String,
    /// Their responses, comments erased.
    pub responses: u64,
    /// Their cases, notes erased.
    pub cases: u64,
}

/// The engine of one tenant.
#[derive(uniffi::Object)]
pub struct Engine {
    inner: Mutex<core::Engine>,
}

impl Engine {
    fn with<T>(&self, f: impl FnOnce(&mut core::Engine) -> clf_core::Result<T>) -> Result<T, ClfError> {
        guard(|| {
            let mut e = self.inner.lock().map_err(|_| CoreError::Internal { message: "engine lock poisoned".into() })?;
            f(&mut e)
        })
    }
}

impl Engine {
    fn run(&self, case_id: &str, by: &str, at: SystemTime, command: impl FnOnce() -> clf_core::Result<Command>) -> Result<Case, ClfError> {
        self.with(|e| {
            let command = command()?;
            e.command(case_id, by, at.into(), command)
        })
        .map(case)
    }
}

fn parse(json: &str) -> clf_core::Result<ResponseInput> {
    clf_core::input::from_json(json, ErrorCode::Validation)
}

#[uniffi::export]
impl Engine {
    /// An engine for `config`.
    #[uniffi::constructor]
    pub fn new(config: Arc<Config>) -> Arc<Self> {
        Arc::new(Engine { inner: Mutex::new(core::Engine::new(config.inner.clone())) })
    }

    /// Ingests one response (JSON text); the same id again returns the first
    /// outcome with `duplicate` set.
    pub fn ingest(&self, json: String) -> Result<Outcome, ClfError> {
        self.with(|e| e.ingest(parse(&json)?)).map(outcome)
    }

    /// Ingests many responses (JSON texts); rejected ones are reported in
    /// `errors` with their index and do not stop the batch.
    pub fn ingest_many(&self, json: Vec<String>) -> Result<BatchOutcome, ClfError> {
        self.with(|e| Ok(e.ingest_many(json.iter().map(|j| parse(j))))).map(batch)
    }

    /// Ingests JSON lines; rejected lines are reported with their 1-based number.
    pub fn ingest_jsonl(&self, text: String) -> Result<BatchOutcome, ClfError> {
        self.with(|e| Ok(e.ingest_jsonl(&text))).map(batch)
    }

    /// Ingests many responses (JSON texts) as `ingestMany` does, and reports
    /// what the batch changed instead of an outcome per response.
    pub fn import_many(&self, json: Vec<String>) -> Result<ImportReport, ClfError> {
        self.with(|e| Ok(e.import_many(json.iter().map(|j| parse(j))))).map(report)
    }

    /// Ingests JSON lines as `ingestJsonl` does, and reports what the batch
    /// changed instead of an outcome per line.
    pub fn import_jsonl(&self, text: String) -> Result<ImportReport, ClfError> {
        self.with(|e| Ok(e.import_jsonl(&text))).map(report)
    }

    /// Classifies free text as a comment in `locale` (`"en"`, `"nl"`;
    /// every configured locale when `nil` or unknown). Changes nothing.
    #[uniffi::method(default(locale = None))]
    pub fn classify_text(&self, text: String, locale: Option<String>) -> Result<Classification, ClfError> {
        self.with(|e| Ok(e.classify_text(&text, locale.as_deref()))).map(classification)
    }

    /// Validates a response (JSON text) and classifies it as `ingest`
    /// would, without ingesting it: nothing is stored, counted or
    /// escalated. Throws `ClfError.Validation` for an invalid response.
    pub fn classify_response(&self, json: String) -> Result<Classification, ClfError> {
        self.with(|e| e.classify_response(parse(&json)?)).map(classification)
    }

    /// The outcome of the response `responseId`, ingested before (its case
    /// as it is now); throws `ClfError.NotFound`.
    pub fn outcome(&self, response_id: String) -> Result<Outcome, ClfError> {
        self.with(|e| e.outcome(&response_id)).map(outcome)
    }

    /// The case with id `id`; throws `ClfError.NotFound`.
    pub fn case(&self, id: String) -> Result<Case, ClfError> {
        self.with(|e| e.case(&id)).map(case)
    }

    /// Cases, optionally only those in `state` or of `customer`.
    #[uniffi::method(default(state = None, customer = None))]
    pub fn cases(&self, state: Option<String>, customer: Option<String>) -> Result<Vec<Case>, ClfError> {
        self.with(|e| {
            let state = state
                .map(|s| core::CaseState::parse(&s).ok_or_else(|| CoreError::validation("state", format!("unknown case state {s:?}: expected open, acknowledged, in_progress, waiting, resolved or closed"))))
                .transpose()?;
            Ok(e.cases(&core::CaseFilter { state, customer }).into_iter().map(case).collect())
        })
    }

    /// Someone takes the case (`open` → `acknowledged`).
    pub fn acknowledge(&self, case_id: String, by: String, at: SystemTime) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::Acknowledge))
    }

    /// Work starts or resumes (→ `in_progress`).
    pub fn start(&self, case_id: String, by: String, at: SystemTime) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::Start))
    }

    /// The case waits for the customer; its clock pauses.
    pub fn wait_for_customer(&self, case_id: String, by: String, at: SystemTime) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::WaitForCustomer))
    }

    /// The customer was contacted.
    #[uniffi::method(default(note = None))]
    pub fn record_contact(&self, case_id: String, by: String, at: SystemTime, note: Option<String>) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::RecordContact { note }))
    }

    /// A resolution is proposed (→ `resolved`).
    #[uniffi::method(default(resolution = None))]
    pub fn propose_resolution(&self, case_id: String, by: String, at: SystemTime, resolution: Option<String>) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::ProposeResolution { resolution }))
    }

    /// The customer's verdict: effective closes the case `effective`, not effective reopens it.
    #[uniffi::method(default(score = None, comment = None))]
    pub fn customer_verdict(&self, case_id: String, at: SystemTime, effective: bool, score: Option<f64>, comment: Option<String>) -> Result<Case, ClfError> {
        self.run(&case_id, "customer", at, || Ok(Command::CustomerVerdict { effective, score, comment }))
    }

    /// Closes a resolved case without the customer's verdict (`unconfirmed`).
    pub fn close(&self, case_id: String, by: String, at: SystemTime) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::Close))
    }

    /// Reopens a closed case within the reopen window.
    pub fn reopen(&self, case_id: String, by: String, at: SystemTime) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::Reopen))
    }

    /// Moves the case one level up the ladder.
    #[uniffi::method(default(reason = None))]
    pub fn escalate(&self, case_id: String, by: String, at: SystemTime, reason: Option<String>) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::Escalate { reason }))
    }

    /// Gives the case to `to`: `"employee:<id>"`, `"team:<id>"` or `"queue:<id>"`.
    pub fn reassign(&self, case_id: String, by: String, at: SystemTime, to: String) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::Reassign { to: core::Assignee::parse("to", &to)? }))
    }

    /// Adds a note to the case's history (allowed in every state).
    pub fn add_note(&self, case_id: String, by: String, at: SystemTime, note: String) -> Result<Case, ClfError> {
        self.run(&case_id, &by, at, || Ok(Command::AddNote { note }))
    }

    /// Moves the engine's time to `now` and fires every timer due by then,
    /// in time order. An earlier time than the last throws `ClfError.Validation`.
    pub fn advance_to(&self, now: SystemTime) -> Result<Vec<TimerEvent>, ClfError> {
        self.with(|e| e.advance_to(now.into())).map(|events| events.into_iter().map(timer_event).collect())
    }

    /// The engine's time: the last `advanceTo`, if any.
    pub fn now(&self) -> Result<Option<SystemTime>, ClfError> {
        self.with(|e| Ok(e.now().map(Into::into)))
    }

    /// Acknowledges an alert: it no longer escalates.
    pub fn acknowledge_alert(&self, alert_id: String, by: String, at: SystemTime) -> Result<Alert, ClfError> {
        self.with(|e| e.acknowledge_alert(&alert_id, &by, at.into())).map(alert)
    }

    /// Every alert raised, in order.
    pub fn alerts(&self) -> Result<Vec<Alert>, ClfError> {
        self.with(|e| Ok(e.alerts())).map(|alerts| alerts.into_iter().map(alert).collect())
    }

    /// Scores of everything ingested, grouped and filtered.
    pub fn summary(&self, query: SummaryQuery) -> Result<Vec<GroupSummary>, ClfError> {
        self.with(|e| {
            let input = SummaryQueryInput { group_by: query.group_by, where_: IdMap(query.filter.into_iter().collect()) };
            Ok(e.summary(CoreQuery::from_input(&input)?)?.groups().into_iter().map(group_summary).collect())
        })
    }

    /// Loop metrics of the cases, grouped and filtered by the response that opened each.
    pub fn loop_metrics(&self, query: SummaryQuery) -> Result<Vec<LoopMetrics>, ClfError> {
        self.with(|e| {
            let input = SummaryQueryInput { group_by: query.group_by, where_: IdMap(query.filter.into_iter().collect()) };
            Ok(e.loop_metrics(CoreQuery::from_input(&input)?)?.into_iter().map(loop_metrics).collect())
        })
    }

    /// Proposes an improvement addressing `topics` of the taxonomy.
    #[uniffi::method(default(topics = []))]
    pub fn propose_improvement(&self, title: String, by: String, at: SystemTime, topics: Vec<String>) -> Result<Improvement, ClfError> {
        self.with(|e| e.propose_improvement(&title, topics, &by, at.into()).cloned()).map(improvement)
    }

    /// Links feedback (response ids) and topics to an improvement.
    #[uniffi::method(default(responses = [], topics = []))]
    pub fn link_feedback(&self, improvement_id: String, by: String, at: SystemTime, responses: Vec<String>, topics: Vec<String>) -> Result<Improvement, ClfError> {
        self.with(|e| e.link_feedback(&improvement_id, responses, topics, &by, at.into()).cloned()).map(improvement)
    }

    /// Plans a proposed improvement.
    pub fn plan_improvement(&self, improvement_id: String, by: String, at: SystemTime) -> Result<Improvement, ClfError> {
        self.with(|e| e.advance_improvement(&improvement_id, clf_core::ImprovementState::Planned, &by, at.into()).cloned()).map(improvement)
    }

    /// Implements a planned improvement: notifications fall due.
    pub fn implement_improvement(&self, improvement_id: String, by: String, at: SystemTime) -> Result<Improvement, ClfError> {
        self.with(|e| e.advance_improvement(&improvement_id, clf_core::ImprovementState::Implemented, &by, at.into()).cloned()).map(improvement)
    }

    /// The host sent `customer` their notification.
    pub fn mark_notified(&self, improvement_id: String, customer: String, at: SystemTime) -> Result<Improvement, ClfError> {
        self.with(|e| e.mark_notified(&improvement_id, &customer, at.into()).cloned()).map(improvement)
    }

    /// `customer` does not want to be contacted.
    pub fn opt_out(&self, customer: String) -> Result<(), ClfError> {
        self.with(|e| {
            e.opt_out(&customer);
            Ok(())
        })
    }

    /// The improvement with id `id`.
    pub fn improvement(&self, id: String) -> Result<Improvement, ClfError> {
        self.with(|e| e.improvement(&id).cloned()).map(improvement)
    }

    /// Every improvement, in order.
    pub fn improvements(&self) -> Result<Vec<Improvement>, ClfError> {
        self.with(|e| Ok(e.improvements().to_vec())).map(|v| v.into_iter().map(improvement).collect())
    }

    /// Notifications due and not yet sent.
    pub fn notifications_due(&self) -> Result<Vec<Notification>, ClfError> {
        self.with(|e| Ok(e.notifications_due().into_iter().cloned().collect::<Vec<_>>())).map(|v| v.into_iter().map(notification).collect())
    }

    /// The events after sequence number `since` (0 for all), in order.
    pub fn events(&self, since: u64) -> Result<Vec<Event>, ClfError> {
        self.with(|e| e.events(since).iter().map(event).collect())
    }

    /// The sequence number of the last event (0 for a new engine).
    pub fn last_seq(&self) -> Result<u64, ClfError> {
        self.with(|e| Ok(e.last_seq()))
    }

    /// Rebuilds an engine from all its events (a JSON array, as the `json`
    /// of each `Event`) under the configuration they were recorded with.
    #[uniffi::constructor]
    pub fn replay(config: Arc<Config>, json: String) -> Result<Arc<Self>, ClfError> {
        guard(|| {
            let events = clf_core::Event::list_from_json(&json)?;
            core::Engine::replay(config.inner.clone(), &events)
        })
        .map(|inner| Arc::new(Engine { inner: Mutex::new(inner) }))
    }

    /// The whole state as a JSON document; `Engine.restore` reads it back.
    pub fn snapshot(&self) -> Result<String, ClfError> {
        self.with(|e| Ok(e.snapshot()))
    }

    /// An engine from a snapshot taken under `config`.
    #[uniffi::constructor]
    pub fn restore(config: Arc<Config>, snapshot: String) -> Result<Arc<Self>, ClfError> {
        guard(|| core::Engine::restore(config.inner.clone(), &snapshot)).map(|inner| Arc::new(Engine { inner: Mutex::new(inner) }))
    }

    /// Erases `customer`'s personal data (id, comments, notes) from the
    /// engine, its events and future snapshots; aggregates stay right.
    pub fn forget_customer(&self, customer: String, at: SystemTime) -> Result<Forgotten, ClfError> {
        self.with(|e| e.forget_customer(&customer, at.into())).map(|f| Forgotten { pseudonym: f.pseudonym, responses: f.responses as u64, cases: f.cases as u64 })
    }

    /// Number of responses ingested (duplicates not counted).
    pub fn responses(&self) -> Result<u64, ClfError> {
        self.with(|e| Ok(e.responses() as u64))
    }
}
