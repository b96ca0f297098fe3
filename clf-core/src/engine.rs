//! The engine: one tenant's state. `ingest` takes a response through
//! validation, scoring, classification, the escalation rules, cases with SLA
//! deadlines in the channel's business time, alerts, and the summaries.
//! Pure: time comes from the responses, never from a clock.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::shared::SharedStr;
use crate::calendar::{Calendar, PeriodCache};
use crate::classify::{Classification, Classifier, FeedbackItem, Kind, Urgency};
use crate::config::Config;
use crate::duration::Duration;
use crate::error::{ClfError, ErrorCode, Result};
use crate::events::{Change, EventLog, NewIngest};
use crate::hashindex::HashIndex;
use crate::prefetch;
use crate::escalation::{Assign, CaseAction, Level, Priority};
use crate::instrument::{InstrumentIdx, QuestionKind};
use crate::response::{Answer, Fields, ResponseDoc, ResponseInput, ResponseRef};
use crate::events::has_text;
use crate::rule::{Facts, kind_bit, urgency_bit};
use crate::timer::{AlertClock, Clock};
use crate::metrics::CaseOrigin;
use crate::alert_record::{AlertRecord, alert_number};
use crate::case_record::{Assigned, AssigneeKind, CaseRecord, Entry};
use crate::scoring::ScaleTally;
use crate::summary::{ResponseRows, Summaries, SummaryQuery};
use crate::text::numbered;

/// State of a case. (The lifecycle beyond `open` comes with the case commands.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Opened, not yet acknowledged.
    Open,
    /// Someone took it.
    Acknowledged,
    /// Being worked on.
    InProgress,
    /// Waiting for the customer; the clock pauses.
    Waiting,
    /// A resolution was proposed.
    Resolved,
    /// Closed.
    Closed,
}

impl CaseState {
    /// The state's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Open => "open",
            CaseState::Acknowledged => "acknowledged",
            CaseState::InProgress => "in_progress",
            CaseState::Waiting => "waiting",
            CaseState::Resolved => "resolved",
            CaseState::Closed => "closed",
        }
    }

    /// Parses a state's name.
    pub fn parse(s: &str) -> Option<CaseState> {
        [CaseState::Open, CaseState::Acknowledged, CaseState::InProgress, CaseState::Waiting, CaseState::Resolved, CaseState::Closed].into_iter().find(|c| c.as_str() == s)
    }
}

/// Who a case is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Assignee {
    /// `employee`, `team` or `queue`.
    pub kind: String,
    /// Its id.
    pub id: String,
}

impl Assignee {
    /// Parses `employee:<id>`, `team:<id>` or `queue:<id>`; errors name `path`.
    pub fn parse(path: &str, s: &str) -> Result<Assignee> {
        match s.split_once(':') {
            Some((kind @ ("employee" | "team" | "queue"), id)) if !id.is_empty() => Ok(Assignee { kind: kind.into(), id: id.into() }),
            _ => Err(ClfError::validation(path, format!("invalid assignee {s:?}: expected \"employee:<id>\", \"team:<id>\" or \"queue:<id>\""))),
        }
    }
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (`system` for the engine).
    pub by: Cow<'static, str>,
    /// What happened (`opened`, `attached`, `raised`).
    pub what: Cow<'static, str>,
    /// Details.
    pub detail: String,
}

/// A follow-up case, as it is when it is asked for: the engine keeps it
/// compactly and writes it out on each request.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Case {
    /// Unique id (`case-1`, `case-2`, …), shared with its alerts.
    pub id: SharedStr,
    /// Its state.
    pub state: CaseState,
    /// Level on the escalation ladder (the name shared with the engine).
    pub level: SharedStr,
    /// Priority.
    pub priority: Priority,
    /// Who handles it.
    pub assignee: Assignee,
    /// The customer, if known.
    pub customer: Option<String>,
    /// The channel whose SLA and calendar apply (its id shared with the engine).
    pub channel: SharedStr,
    /// The rule that opened it (its name shared with the engine).
    pub rule: SharedStr,
    /// When it was opened (the response's submission).
    pub opened_at: DateTime<Utc>,
    /// The customer must be contacted by then (business time of the channel).
    pub first_response_due: DateTime<Utc>,
    /// A resolution must be proposed by then.
    pub resolution_due: DateTime<Utc>,
    /// Warning before `first_response_due` (at `warn_at` of its working time).
    pub first_response_warn_at: DateTime<Utc>,
    /// Warning before `resolution_due`.
    pub resolution_warn_at: DateTime<Utc>,
    /// Responses that opened it or were attached to it, in order (their
    /// ids shared with the engine).
    pub responses: Vec<SharedStr>,
    /// When the customer was first contacted (the first-response SLA is met then).
    pub first_contact_at: Option<DateTime<Utc>>,
    /// When a resolution was last proposed.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// How often it was reopened (a negative verdict or `reopen`).
    pub reopened: u32,
    /// `effective` / `unconfirmed` once closed.
    pub resolution: Option<String>,
    /// Everything that happened to it.
    pub history: Vec<HistoryEntry>,
}

/// An early-warning alert.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Alert {
    /// Unique id (`alert-1`, …).
    pub id: String,
    /// Level alerted (the name shared with the engine).
    pub level: SharedStr,
    /// To be acknowledged by then (elapsed time unless the rule names a calendar).
    pub due: DateTime<Utc>,
    /// The urgency markers that raised it.
    pub reasons: Vec<Urgency>,
    /// The rule that raised it (its name shared with the engine).
    pub rule: SharedStr,
    /// The response it is about (its id shared with the engine).
    pub response_id: SharedStr,
    /// The case of that response, if any (its id shared with the case).
    pub case_id: Option<SharedStr>,
    /// When it was raised (or last escalated, unacknowledged).
    pub raised_at: DateTime<Utc>,
    /// When it was acknowledged, if it was.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
}

/// What ingesting a response did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The response (its id shared with the engine, which keeps it once).
    pub response_id: SharedStr,
    /// True when the id was ingested before: this is the first outcome, and nothing changed.
    pub duplicate: bool,
    /// Numeric answers by question id (an object in JSON); the ids are
    /// shared with the engine.
    #[serde(serialize_with = "crate::idmap::pairs_as_map")]
    pub scores: Vec<(SharedStr, f64)>,
    /// Feedback items found (shared with the response's event, and with
    /// every response of the instrument whose only evidence is the same
    /// scores and moods).
    pub items: Arc<[FeedbackItem]>,
    /// Urgency markers found.
    pub urgency: Vec<Urgency>,
    /// Topics found (the names shared with the engine).
    pub topics: Vec<SharedStr>,
    /// Cases opened by, or updated with, this response (as they are after it).
    pub cases: Vec<Case>,
    /// Alerts raised.
    pub alerts: Vec<Alert>,
    /// This customer's complaints in the repeat window, this one included.
    pub repeat_complaints: u32,
}

/// A response of a batch that was rejected, with where it stood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchError {
    /// Index in the list (`ingest_many`, `import_many`) or 1-based line
    /// number (`ingest_jsonl`, `import_jsonl`).
    pub position: usize,
    /// The error's code.
    pub code: String,
    /// The field at fault, if any.
    pub path: Option<String>,
    /// What was wrong.
    pub message: String,
}

impl BatchError {
    /// The report of error `e` of the response at `position`.
    fn new(position: usize, e: ClfError) -> BatchError {
        BatchError { position, code: e.code().as_str().to_string(), path: e.path().map(String::from), message: e.message() }
    }
}

/// What a batch did: the outcome of each accepted response, and the errors.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BatchOutcome {
    /// Outcomes of accepted responses (duplicates included), in order.
    pub outcomes: Vec<Outcome>,
    /// Rejected responses; they change nothing.
    pub errors: Vec<BatchError>,
}

/// What a bulk import did ([`Engine::import_many`], [`Engine::import_jsonl`]).
/// Each response is ingested exactly as [`Engine::ingest`] ingests it; the
/// batch reports what changed instead of an outcome per response, so a
/// large batch builds and keeps no outcomes. [`Engine::outcome`] gives any
/// response's outcome later.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ImportReport {
    /// Responses ingested (ids not seen before).
    pub ingested: usize,
    /// Responses whose id was ingested before: they changed nothing.
    pub duplicates: usize,
    /// Ids of the cases the batch opened or updated, each once, in the
    /// order the batch first touched them (shared with the cases).
    pub cases: Vec<SharedStr>,
    /// Ids of the alerts the batch raised, in order.
    pub alerts: Vec<String>,
    /// Rejected responses; they change nothing.
    pub errors: Vec<BatchError>,
}

/// An [`ImportReport`] being written, with the cases it lists.
#[derive(Default)]
struct Reporter {
    report: ImportReport,
    listed: rustc_hash::FxHashSet<u32>,
}

impl Reporter {
    /// Adds what applying one response did.
    fn add(&mut self, engine: &Engine, applied: &Applied) {
        self.report.ingested += 1;
        if let Some(i) = applied.case {
            if self.listed.insert(i as u32) {
                self.report.cases.push(engine.st.cases[i].id.clone());
            }
        }
        self.report.alerts.extend(engine.st.alerts[applied.alerts.clone()].iter().map(AlertRecord::id));
    }

    /// Adds a rejected response at `position`.
    fn reject(&mut self, position: usize, e: ClfError) {
        self.report.errors.push(BatchError::new(position, e));
    }
}

/// A response's classification as the engine applies it.
pub(crate) struct Reading {
    /// The kinds of its items, a bit each ([`kind_bit`]).
    pub(crate) kinds: u8,
    /// Its urgency markers, in order.
    pub(crate) urgency: Vec<Urgency>,
    /// Its items and topics, kept with its event; `None` for a response
    /// with text, whose items the engine reads again when they are asked for.
    pub(crate) kept: Option<(Arc<[FeedbackItem]>, Vec<SharedStr>)>,
}

impl Reading {
    /// The reading of a response classified in full, its items kept.
    pub(crate) fn of(items: Arc<[FeedbackItem]>, urgency: Vec<Urgency>, topics: Vec<SharedStr>) -> Reading {
        Reading { kinds: items.iter().fold(0u8, |m, i| m | kind_bit(i.kind)), urgency, kept: Some((items, topics)) }
    }
}

/// What applying one validated response changed ([`Engine::apply_valid`]).
pub(crate) struct Applied {
    /// The response's id, if its case or alerts share it.
    id: Option<SharedStr>,
    /// The case it opened or joined, by index.
    case: Option<usize>,
    /// The alerts it raised, by index.
    alerts: std::ops::Range<usize>,
    /// Its customer's complaints in the repeat window, this one included.
    repeat_complaints: u32,
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only cases in this state.
    pub state: Option<CaseState>,
    /// Only cases of this customer.
    pub customer: Option<String>,
}

/// What ingesting a response did, kept to answer a duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct Ingested {
    /// Index of its `response_ingested` event, which holds the response
    /// and its classification.
    pub(crate) event: u32,
    pub(crate) case: Option<u32>,
    pub(crate) alerts: std::ops::Range<u32>,
    pub(crate) repeat_complaints: u32,
}

/// Every ingested response's record, in the order ingested, with an index
/// by id that keeps no copy of the ids ([`HashIndex`]: the id is read from
/// the record's event to confirm it). Serialised as the list;
/// [`IngestedIndex::rebuild`] restores the index.
#[derive(Debug, Clone, Default)]
pub(crate) struct IngestedIndex {
    list: Vec<Ingested>,
    index: HashIndex,
}

/// The id of the response whose record is `x`.
fn response_id<'a>(x: &Ingested, events: &'a EventLog) -> Option<&'a str> {
    events.response_id(x.event as usize)
}

impl IngestedIndex {
    /// Makes room for `additional` more responses.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.list.reserve(additional);
        self.index.reserve(additional);
    }

    /// The record of response `id`.
    pub(crate) fn get(&self, id: &str, events: &EventLog) -> Option<&Ingested> {
        let i = self.index.get(id, |i| self.list.get(i as usize).and_then(|x| response_id(x, events)).map(str::as_bytes))?;
        self.list.get(i as usize)
    }

    /// Asks for the index slot a lookup of `id` starts at ([`crate::prefetch`]).
    pub(crate) fn prefetch(&self, id: &str) {
        self.index.prefetch(id);
    }

    /// Adds the record of response `id`, not ingested before.
    pub(crate) fn insert(&mut self, id: &str, x: Ingested) {
        self.index.insert(id, self.list.len() as u32);
        self.list.push(x);
    }

    /// Number of responses ingested.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Every record, in the order ingested.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Ingested> {
        self.list.iter()
    }

    /// The index of records read back from a snapshot (each checked to
    /// point at a `response_ingested` event); the position of a record
    /// whose response came before is the error.
    pub(crate) fn rebuild(&mut self, events: &EventLog) -> std::result::Result<(), usize> {
        let list = std::mem::take(&mut self.list);
        *self = IngestedIndex::default();
        for (n, x) in list.into_iter().enumerate() {
            let id = response_id(&x, events).ok_or(n)?;
            if self.get(id, events).is_some() {
                return Err(n);
            }
            self.insert(id, x);
        }
        Ok(())
    }
}

/// Equal when the records are (the index follows from them).
impl PartialEq for IngestedIndex {
    fn eq(&self, other: &IngestedIndex) -> bool {
        self.list == other.list
    }
}

impl Serialize for IngestedIndex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.list.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for IngestedIndex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<IngestedIndex, D::Error> {
        Ok(IngestedIndex { list: Vec::deserialize(d)?, ..Default::default() })
    }
}

/// The engine of one tenant.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) config: Config,
    /// The configuration's classifier (shared by its engines), held here
    /// as well so that each ingest reaches it without `Config::classifier`'s
    /// check that it is built.
    classifier: Arc<Classifier>,
    /// A calendar that is always open, for channels without one.
    elapsed: Calendar,
    /// Every response as summaries need it; queries compute from it.
    pub(crate) rows: ResponseRows,
    /// Working periods by day, per calendar of the configuration (a cache).
    periods: Vec<PeriodCache>,
    /// Everything else that ingest, commands and time change: what a
    /// snapshot holds besides the summaries.
    pub(crate) st: State,
    /// The classifier's buffers, reused from one response to the next.
    scratch: crate::classify::Scratch,
    /// Question ids by instrument and question, shared with outcomes.
    question_ids: Vec<Vec<SharedStr>>,
    /// Names of the configuration that cases and alerts carry, shared.
    pub(crate) names: Names,
    /// The answers of the response being ingested (a list reused from one
    /// response to the next: most responses keep none of them).
    answers: Vec<(u16, Answer)>,
    /// The rules that raise an alert for the response being applied, by
    /// index (a list reused from one response to the next).
    alert_rules: Vec<usize>,
}

/// The most responses [`Engine::make_room`] makes room for at once.
const MAX_ROOM: usize = 1 << 20;

/// Fewer bytes than a response line takes at least (its id, instrument,
/// touchpoint, channel and submission time, with their keys).
const SHORTEST_LINE: usize = 64;

/// Names of the configuration that cases and alerts carry, each allocated
/// once per engine and shared by every case and alert that carries it.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    /// The escalation ladder's levels, by rank.
    pub(crate) levels: Vec<SharedStr>,
    /// Channel ids, by channel index.
    pub(crate) channels: Vec<SharedStr>,
    /// Escalation rule names, in order.
    pub(crate) rules: Vec<SharedStr>,
    /// By rule: the team or queue its cases are assigned to, if it names one.
    pub(crate) assignees: Vec<Option<Assigned>>,
}

impl Names {
    fn of(config: &Config) -> Names {
        let shared = SharedStr::from;
        Names {
            levels: config.escalation.levels.iter().map(shared).collect(),
            channels: config.channels.iter().map(|c| shared(&c.id)).collect(),
            rules: config.escalation.rules.iter().map(|r| shared(&r.name)).collect(),
            assignees: config
                .escalation
                .rules
                .iter()
                .map(|r| match r.open_case.as_ref().map(|a| &a.assign) {
                    Some(Assign::Team(t)) => Some(Assigned { kind: AssigneeKind::Team, id: shared(t) }),
                    Some(Assign::Queue(q)) => Some(Assigned { kind: AssigneeKind::Queue, id: shared(q) }),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The shared name of level `level`.
    pub(crate) fn level(&self, level: Level) -> SharedStr {
        self.levels[level.rank()].clone()
    }
}

/// The engine's state besides its summaries; serialisable for snapshots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct State {
    /// What each ingested response did, compactly, for duplicates.
    pub(crate) ingested: IngestedIndex,
    /// Cases in the order opened: case `case-N` is `cases[N - 1]`.
    pub(crate) cases: Vec<CaseRecord>,
    /// Per customer: complaints, open case, latest case.
    pub(crate) customers: crate::customers::Customers,
    pub(crate) alerts: Vec<AlertRecord>,
    /// Timers by due time (and a sequence number for ties), across all cases and alerts.
    pub(crate) timers: crate::timer::Timers,
    pub(crate) timer_seq: u64,
    /// Clock state per case, by case index.
    pub(crate) clocks: Vec<Clock>,
    /// Acknowledgement clock per alert, by alert index.
    pub(crate) alert_clocks: Vec<AlertClock>,
    /// The engine's time: the last `advance_to`.
    pub(crate) now: Option<DateTime<Utc>>,
    /// Per case: the response it came from, and scores that arrived later.
    pub(crate) origins: Vec<CaseOrigin>,
    /// Improvements of the outer loop, in order.
    pub(crate) improvements: Vec<crate::improvement::Improvement>,
    /// Customers who do not want to be contacted.
    #[serde(serialize_with = "crate::snapshot::sorted_set")]
    pub(crate) opted_out: rustc_hash::FxHashSet<String>,
    /// Every change, in order (`events[i].seq == i + 1`).
    /// Kept with validated responses; snapshots write them in their JSON form.
    #[serde(skip)]
    pub(crate) events: EventLog,
}

impl State {
    /// The index of case `id`: ids are `case-1`, `case-2`… in the order the
    /// cases were opened, so the number leads to the case and its id confirms it.
    pub(crate) fn case_index(&self, id: &str) -> Option<usize> {
        let n: usize = id.strip_prefix("case-")?.parse().ok()?;
        let i = n.checked_sub(1)?;
        (self.cases.get(i)?.id == id).then_some(i)
    }
}

impl Engine {
    /// An engine for `config`, with no state.
    pub fn new(config: Config) -> Engine {
        // Built once per configuration, not per engine.
        let classifier = config.classifier().clone();
        let elapsed = Calendar::from_json(r#"{"time_zone": "UTC", "hours": "24/7"}"#).expect("a valid built-in calendar");
        let periods = vec![PeriodCache::default(); config.calendars.len()];
        let question_ids = config.instruments.iter().map(|i| i.questions.iter().map(|q| SharedStr::from(&q.id)).collect()).collect();
        let names = Names::of(&config);
        Engine { config, classifier, elapsed, rows: ResponseRows::default(), periods, st: State::default(), scratch: Default::default(), question_ids, names, answers: Vec::new(), alert_rules: Vec::new() }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The classifier the engine uses.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// Classifies free text as ingest would read a comment in `locale`
    /// (`en`, `nl`, `nl-BE`…; every configured locale when `None` or
    /// unknown), with the configuration's lexicons and topics. Changes
    /// nothing: for text that is no survey response (a ticket, a chat, a
    /// review), or to see what a comment would be found to say.
    pub fn classify_text(&self, text: &str, locale: Option<&str>) -> Classification {
        self.classifier.classify_text(text, locale)
    }

    /// Validates a response and classifies it as [`Engine::ingest`] would:
    /// its comments, scores, choice answers and the host's labels (which
    /// win), with the urgency markers and the evidence for each. Changes
    /// nothing: the response is not ingested, counted or escalated, so the
    /// same id may be ingested later. An invalid response is a validation
    /// error naming the field at fault.
    pub fn classify_response<'a>(&self, input: impl Into<Cow<'a, ResponseInput>>) -> Result<Classification> {
        let response = self.config.validate_response(input)?;
        Ok(self.classifier.classify_response(&self.config, &response))
    }

    /// Ingests a response. A response id seen before returns its first
    /// outcome with `duplicate` set and changes nothing; an invalid response
    /// is a validation error and changes nothing. Takes `&ResponseInput` or
    /// `ResponseInput`: either way the response is read where it is and only
    /// what the engine keeps is copied.
    pub fn ingest<'a>(&mut self, input: impl Into<Cow<'a, ResponseInput>>) -> Result<Outcome> {
        let input = input.into();
        self.ingest_fields(&input.id, input.fields())
    }

    /// [`Engine::ingest`] of the response `id` with `fields`.
    fn ingest_fields(&mut self, id: &str, input: Fields<'_>) -> Result<Outcome> {
        if let Some(first) = self.st.ingested.get(id, &self.st.events) {
            return Ok(self.stored_outcome(first, true));
        }
        self.checked(id, input, true, Engine::ingest_valid)
    }

    /// The response `id` with `fields` ingested for a batch's report: its
    /// changes added to `report` (or it counted as a duplicate).
    fn import_fields(&mut self, id: &str, input: Fields<'_>, report: &mut Reporter) -> Result<()> {
        if self.st.ingested.get(id, &self.st.events).is_some() {
            report.report.duplicates += 1;
            return Ok(());
        }
        let applied = self.checked(id, input, false, Engine::apply_valid)?;
        report.add(self, &applied);
        Ok(())
    }

    /// Checks the response `id` with `fields` (not ingested before) and
    /// classifies it, then applies it with `apply`. An invalid response is
    /// an error and changes nothing. Without `items`, a response with text
    /// is read only for what it says (its kinds and urgency markers): its
    /// items, evidence and topics are read when they are asked for.
    #[inline(always)]
    fn checked<T>(&mut self, id: &str, input: Fields<'_>, items: bool, apply: impl FnOnce(&mut Engine, &str, ResponseRef<'_>, &mut Vec<(u16, Answer)>, Reading) -> T) -> Result<T> {
        if let Some(case_id) = input.case_id {
            if self.st.case_index(case_id).is_none() {
                return Err(ClfError::validation("case_id", format!("unknown case {case_id:?}")));
            }
        }
        crate::response::check_id(id)?;
        let mut answers = std::mem::take(&mut self.answers);
        let head = match self.config.check_response_into(input, &mut answers) {
            Ok(head) => head,
            Err(e) => {
                self.answers = answers;
                return Err(e);
            }
        };
        let r = ResponseRef { answers: &answers, ..head };
        let reading = if !items && has_text(&answers) {
            let (kinds, urgency) = self.classifier.judge_response_in(&self.config, &r, &mut self.scratch);
            Reading { kinds, urgency, kept: None }
        } else {
            let (items, found, topics) = self.classifier.classify_shared(&self.config, &r, &mut self.scratch);
            Reading::of(items, found.iter().map(|u| u.marker).collect(), topics)
        };
        let applied = apply(self, id, head, &mut answers, reading);
        self.answers = answers;
        Ok(applied)
    }

    /// The numeric answers of a response to `instrument`, by question id.
    fn scores_of(&self, instrument: InstrumentIdx, answers: &[(u16, Answer)]) -> Vec<(SharedStr, f64)> {
        let ins = &self.config.instruments[instrument.index()];
        let ids = &self.question_ids[instrument.index()];
        answers
            .iter()
            .filter_map(|(qi, a)| {
                let q = &ins.questions[*qi as usize];
                let id = || ids[*qi as usize].clone();
                match (&q.kind, a) {
                    (QuestionKind::Nps | QuestionKind::Csat { .. } | QuestionKind::Ces { .. }, Answer::Score(s)) => Some((id(), *s as f64)),
                    (QuestionKind::Rating { .. }, Answer::Rating(v)) => Some((id(), *v as f64)),
                    _ => None,
                }
            })
            .collect()
    }

    /// The customer of an ingested response.
    pub(crate) fn customer_of(&self, ingested: &Ingested) -> Option<&str> {
        let customer = self.st.events.customer(ingested.event as usize).flatten()?;
        Some(self.st.customers[customer as usize].id())
    }

    /// The outcome of a response ingested before: its scores, items, urgency
    /// and alerts as they were, and its case as it is now.
    fn stored_outcome(&self, first: &Ingested, duplicate: bool) -> Outcome {
        let Some(Change::ResponseIngested { response, items, urgency, topics }) = self.st.events.get(first.event as usize, &|k| self.read_again(k)).map(|e| e.change) else {
            unreachable!("an ingested response's event is a response_ingested event")
        };
        Outcome {
            scores: self.rows.place(response.row as usize).map(|(_, _, _, instrument)| self.scores_of(instrument, &self.answers_of(&response))).unwrap_or_default(),
            response_id: response.id,
            duplicate,
            items,
            urgency,
            topics,
            cases: first.case.map(|i| vec![self.st.cases[i as usize].to_case()]).unwrap_or_default(),
            alerts: self.st.alerts[first.alerts.start as usize..first.alerts.end as usize].iter().map(AlertRecord::to_alert).collect(),
            repeat_complaints: first.repeat_complaints,
        }
    }

    /// The outcome of the response `response_id`, ingested before: its
    /// scores, items, urgency, topics and alerts as they were when it was
    /// ingested, and its case as it is now. `duplicate` is false: this is
    /// the response's own outcome. For responses ingested in a batch
    /// ([`Engine::import_jsonl`]), and for a host that did not keep one.
    /// The items and topics of a response with a comment are read from the
    /// comment now (the engine does not keep them), exactly as its ingest
    /// read them: this costs what reading the comment costs.
    pub fn outcome(&self, response_id: &str) -> Result<Outcome> {
        let first = self.st.ingested.get(response_id, &self.st.events).ok_or_else(|| ClfError::NotFound { what: "response".into(), id: response_id.into() })?;
        Ok(self.stored_outcome(first, false))
    }

    /// Makes room for a batch of about `n` responses in what each ingest
    /// adds to (the records of ingested responses, their index, the rows of
    /// the summaries), so that a batch does not grow them step by step.
    /// At most [`MAX_ROOM`] are made room for: past it they grow as they fill.
    fn make_room(&mut self, n: usize) {
        let n = n.min(MAX_ROOM);
        self.st.ingested.reserve(n);
        self.rows.reserve(n);
    }

    /// Ingests responses in order; a rejected one is reported with its index
    /// and does not stop the batch.
    pub fn ingest_many(&mut self, inputs: impl IntoIterator<Item = Result<ResponseInput>>) -> BatchOutcome {
        let mut batch = BatchOutcome::default();
        self.in_order(inputs.into_iter().map(|input| input.map(Cow::Owned)), |engine, i, input| match input.and_then(|input| engine.ingest(input)) {
            Ok(o) => batch.outcomes.push(o),
            Err(e) => batch.errors.push(BatchError::new(i, e)),
        });
        batch
    }

    /// Ingests responses in order, as [`Engine::ingest_many`] does, and
    /// reports what the batch changed ([`ImportReport`]) instead of an
    /// outcome per response. A rejected one is reported with its index and
    /// does not stop the batch. A comment is read only for what the rules
    /// need (its kinds and urgency markers); its items, evidence and topics
    /// are read from it when they are asked for ([`Engine::outcome`],
    /// [`Engine::events`]), and are what [`Engine::ingest`] would have found.
    pub fn import_many<'a, I: Into<Cow<'a, ResponseInput>>>(&mut self, inputs: impl IntoIterator<Item = Result<I>>) -> ImportReport {
        let mut report = Reporter::default();
        self.in_order(inputs.into_iter().map(|input| input.map(Into::into)), |engine, i, input| {
            if let Err(e) = input.and_then(|input| engine.import_fields(&input.id, input.fields(), &mut report)) {
                report.reject(i, e);
            }
        });
        report.report
    }

    /// Hands `each` the engine, the index and the response of each of
    /// `inputs` in order, after making room for the batch. Ahead of the
    /// response handed over, the memory the next ones will be read from is
    /// asked for ([`prefetch`]) in three steps, each on a response whose
    /// earlier step is done: three ahead its strings, two ahead its answers
    /// and the index slots of its id and customer, one ahead its customer's
    /// record. A batch larger than the caches is so read without waiting on
    /// each response's objects in turn. The responses wait in a ring, not
    /// moved as they go round.
    fn in_order<'a>(&mut self, inputs: impl Iterator<Item = Result<Cow<'a, ResponseInput>>>, mut each: impl FnMut(&mut Engine, usize, Result<&ResponseInput>)) {
        let mut inputs = inputs.fuse();
        self.make_room(inputs.size_hint().0);
        // The first three responses of a batch go without the steps they
        // would have had before it started.
        let mut ring: [Option<Result<Cow<'a, ResponseInput>>>; 4] = [inputs.next(), inputs.next(), inputs.next(), None];
        let mut i = 0;
        loop {
            let at = |ahead: usize| (i + ahead) & 3;
            ring[at(3)] = inputs.next();
            if let Some(Ok(input)) = &ring[at(3)] {
                prefetch::response(input);
            }
            if let Some(Ok(input)) = &ring[at(2)] {
                self.prefetch_slots(input);
            }
            if let Some(Ok(input)) = &ring[at(1)] {
                if let Some(c) = &input.customer {
                    self.st.customers.prefetch_record(c);
                }
            }
            match ring[at(0)].take() {
                Some(Ok(input)) => each(self, i, Ok(&input)),
                Some(Err(e)) => each(self, i, Err(e)),
                None => break,
            }
            i += 1;
        }
    }

    /// Asks for the answers of `input` (its list asked for before) and the
    /// index slots its id and its customer will probe.
    fn prefetch_slots(&self, input: &ResponseInput) {
        prefetch::answers(input);
        self.st.ingested.prefetch(&input.id);
        if let Some(c) = &input.customer {
            self.st.customers.prefetch_slot(c);
        }
    }

    /// Ingests JSON lines, as [`Engine::ingest_jsonl`] does, and reports
    /// what the batch changed ([`ImportReport`]) instead of an outcome per
    /// line: a file of any size is read without keeping its outcomes. A
    /// rejected line is reported with its 1-based number and does not stop
    /// the batch. Comments are read as [`Engine::import_many`] reads them.
    pub fn import_jsonl(&mut self, text: &str) -> ImportReport {
        let mut report = Reporter::default();
        self.read_jsonl(text, |engine, n, line| {
            if let Err(e) = line.and_then(|(id, fields)| engine.import_fields(id, fields, &mut report)) {
                report.reject(n, e);
            }
        });
        report.report
    }

    /// Ingests JSON lines (one response a line, ending in `\n` or `\r\n`;
    /// blank lines skipped). A rejected line is reported with its 1-based
    /// number and does not stop the batch.
    pub fn ingest_jsonl(&mut self, text: &str) -> BatchOutcome {
        let mut batch = BatchOutcome::default();
        self.read_jsonl(text, |engine, n, line| match line.and_then(|(id, fields)| engine.ingest_fields(id, fields)) {
            Ok(o) => batch.outcomes.push(o),
            Err(e) => batch.errors.push(BatchError::new(n, e)),
        });
        batch
    }

    /// Reads the response lines of `text` (blank lines skipped) and hands
    /// `each` the engine, a line's 1-based number, and its response's id
    /// and fields, or why the line is no response.
    #[inline(always)]
    fn read_jsonl(&mut self, text: &str, mut each: impl FnMut(&mut Engine, usize, Result<(&str, Fields<'_>)>)) {
        // Room for a response a line, but for no more than the text could
        // hold (blank lines are lines too).
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        self.make_room(lines.min(text.len() / SHORTEST_LINE));
        // The list of a line's answers, handed from one line to the next.
        let mut spare = Vec::new();
        for (n, line) in crate::jsonline::lines(text).enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            // Strings are borrowed from the line where they can be. A line
            // of the usual shape is read by the line reader; another is read
            // by serde, and one that cannot be read so is read again as a
            // `ResponseInput`, which reads it or names what is wrong.
            let doc = crate::jsonline::read_line(line, std::mem::take(&mut spare)).map(Ok).unwrap_or_else(|| serde_json::from_str::<ResponseDoc>(line));
            match doc {
                Ok(doc) => {
                    each(self, n + 1, Ok((doc.id, doc.fields())));
                    spare = doc.answers.0;
                }
                Err(_) => match crate::input::from_json::<ResponseInput>(line, ErrorCode::Validation) {
                    Ok(input) => each(self, n + 1, Ok((&input.id, input.fields()))),
                    Err(e) => each(self, n + 1, Err(e)),
                },
            }
        }
    }

    /// The calendar whose working time the SLA of `channel` counts.
    pub(crate) fn calendar_for(&self, channel: usize) -> &Calendar {
        match self.config.channels[channel].calendar {
            Some(c) => &self.config.calendars[c.index()].1,
            None => &self.elapsed,
        }
    }

    /// `work` of working time after `from` on `channel`'s calendar.
    pub(crate) fn working_deadline(&mut self, channel: usize, from: DateTime<Utc>, work: TimeDelta) -> DateTime<Utc> {
        match self.config.channels[channel].calendar {
            Some(c) => self.config.calendars[c.index()].1.deadline_cached(&mut self.periods[c.index()], from, work),
            None => self.elapsed.deadline_after(from, work),
        }
    }

    /// Working time between two instants on `channel`'s calendar.
    pub(crate) fn working_elapsed(&self, channel: usize, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        self.calendar_for(channel).elapsed(from, to)
    }

    /// A new case's deadlines on `channel` from `start`, and their warnings
    /// at `warn_at` of each one's working time, found in one walk of the
    /// channel's calendar: `[first_response_due, first_response_warn_at,
    /// resolution_due, resolution_warn_at]`.
    fn case_deadlines(&mut self, channel: usize, start: DateTime<Utc>) -> [DateTime<Utc>; 4] {
        let ch = &self.config.channels[channel];
        let calendar = self.calendar_for(channel);
        let work = |d: &Duration| TimeDelta::minutes(calendar.working_minutes(d) as i64);
        let warn = |w: TimeDelta| TimeDelta::seconds((w.num_seconds() as f64 * self.config.escalation.warn_at).round() as i64);
        let (first, resolution) = (work(&ch.first_response), work(&ch.resolution));
        let works = [first, warn(first), resolution, warn(resolution)];
        match ch.calendar {
            Some(c) => self.config.calendars[c.index()].1.deadlines_cached(&mut self.periods[c.index()], start, works),
            None => works.map(|w| self.elapsed.deadline_after(start, w)),
        }
    }

    /// Complaints of the response's customer (`customer`: their record)
    /// in the repeat window, this one included.
    fn count_repeats(&mut self, r: &ResponseRef<'_>, customer: Option<usize>, complaint: bool) -> u32 {
        let Some(customer) = customer else {
            return complaint as u32;
        };
        let at = r.submitted_at.with_timezone(&Utc);
        let window = TimeDelta::minutes(self.config.escalation.repeat_window.elapsed_minutes() as i64);
        let times = &mut self.st.customers[customer].complaints;
        // Responses mostly come in time order: the complaints up to `at`
        // are then all of them, and those in the window are at the end.
        let earlier = times.as_slice();
        let to = if earlier.last().is_none_or(|t| *t <= at) { earlier.len() } else { earlier.partition_point(|t| *t <= at) };
        if complaint {
            times.insert(to, at);
        }
        let to = to + complaint as usize;
        // The window's start is worked out once, and only if there are
        // complaints to compare with it.
        let from = match &times.as_slice()[..to] {
            [] => 0,
            earlier => {
                let since = at - window;
                earlier.partition_point(|t| *t <= since)
            }
        };
        (to - from) as u32
    }

    /// Who a case that `rule` (whose action is `action`) opens for `r` is
    /// assigned to: names of the configuration shared, not copied.
    fn assignee(&self, rule: usize, action: &CaseAction, r: &ResponseRef<'_>) -> Assigned {
        let level_queue = || Assigned { kind: AssigneeKind::Queue, id: self.names.level(action.level) };
        match &action.assign {
            Assign::OriginalEmployee => r.employee.map(|e| Assigned { kind: AssigneeKind::Employee, id: SharedStr::from(e) }).unwrap_or_else(level_queue),
            Assign::Team(_) | Assign::Queue(_) => self.names.assignees[rule].clone().unwrap_or_else(level_queue),
            Assign::LevelQueue => level_queue(),
        }
    }

    /// Applies a validated response (`head` with `answers`) with its
    /// classification in full, as [`Engine::apply_valid`] does, and gives
    /// its outcome.
    pub(crate) fn ingest_valid(&mut self, id: &str, head: ResponseRef<'_>, answers: &mut Vec<(u16, Answer)>, mut reading: Reading) -> Outcome {
        // Read before the event takes the answers it keeps.
        let scores = self.scores_of(head.instrument, answers);
        let urgency = reading.urgency.clone();
        debug_assert!(reading.kept.is_some(), "an ingest reads its response in full");
        // A response with text leaves them to the outcome: the engine reads
        // them again when they are asked for.
        let kept = if has_text(answers) { reading.kept.take() } else { reading.kept.clone() };
        let (items, topics) = kept.unwrap_or_default();
        let applied = self.apply_valid(id, head, answers, reading);
        Outcome {
            response_id: applied.id.unwrap_or_else(|| SharedStr::from(id)),
            duplicate: false,
            scores,
            items,
            urgency,
            topics,
            cases: applied.case.map(|i| vec![self.st.cases[i].to_case()]).unwrap_or_default(),
            alerts: self.st.alerts[applied.alerts].iter().map(AlertRecord::to_alert).collect(),
            repeat_complaints: applied.repeat_complaints,
        }
    }

    /// Applies a validated response (`head` with `answers`) with its
    /// classification (computed by `ingest`, or stored in the event a replay
    /// applies): what it changed, for an outcome, a batch's report or a replay.
    pub(crate) fn apply_valid(&mut self, id: &str, head: ResponseRef<'_>, answers: &mut Vec<(u16, Answer)>, reading: Reading) -> Applied {
        let Reading { kinds, urgency: reasons, kept: reading } = reading;
        // The id is written once if the case or the alerts share it (and the
        // outcome with them); the event log copies its bytes into its block's ids.
        let mut shared: Option<SharedStr> = None;
        let share = |shared: &mut Option<SharedStr>| shared.get_or_insert_with(|| SharedStr::from(id)).clone();
        let r = ResponseRef { answers, ..head };
        // The configuration is read through `self.config` where it is
        // needed, not cloned: a clone is two atomic counts up and down a response.
        let urgency = reasons.iter().fold(0u8, |m, u| m | urgency_bit(*u));
        let complaint = kinds & kind_bit(Kind::Complaint) != 0;
        let customer = r.customer.map(|c| self.st.customers.of(c));
        // Only an event kept compactly leaves its items to be read again
        // (ids of more than 64 KiB, never seen in use, are kept whole).
        let reading = match reading {
            None if !crate::events::fits_compactly(customer.map(|c| c as u32), id, &reasons) => {
                let (items, _, topics) = self.classifier.classify_shared(&self.config, &r, &mut self.scratch);
                Some((items, topics))
            }
            reading => reading,
        };
        let repeat_complaints = self.count_repeats(&r, customer, complaint);
        let at = r.submitted_at.with_timezone(&Utc);
        let ins = &self.config.instruments[r.instrument.index()];
        let nps = r.answers.iter().find_map(|(qi, a)| match (&ins.questions[*qi as usize].kind, a) {
            (QuestionKind::Nps, Answer::Score(s)) => Some(*s),
            _ => None,
        });
        self.record_later_scores(&r, customer, nps, at);

        let facts = Facts { config: &self.config, response: r, kinds, urgency, repeat_complaints: repeat_complaints as i64 };
        // Rules by index: their names are shared from `self.names`.
        let mut case_rule: Option<usize> = None;
        let mut alert_rules = std::mem::take(&mut self.alert_rules);
        alert_rules.clear();
        for (i, rule) in self.config.escalation.rules.iter().enumerate() {
            if !rule.program.matches(&facts) {
                continue;
            }
            if rule.alert.is_some() {
                alert_rules.push(i);
            }
            if case_rule.is_none() && rule.open_case.is_some() {
                case_rule = Some(i);
            }
        }

        // A case: a new complaint (or a case-opening rule) of a customer with
        // an open case attaches to it; otherwise the rule opens one.
        let mut touched: Option<usize> = None;
        let open = customer.and_then(|c| self.st.customers[c].open_case()).map(|i| i as usize);
        if let (Some(i), true) = (open, complaint || case_rule.is_some()) {
            let case = &mut self.st.cases[i];
            case.attach(share(&mut shared), at);
            if let Some(rule) = case_rule {
                let (level, priority) = self.config.escalation.rules[rule].open_case.as_ref().map(|a| (a.level, a.priority)).expect("a case rule opens a case");
                let current = self.config.level(&case.level).unwrap_or(Level(0));
                if level > current || priority > case.priority {
                    case.level = self.names.level(level.max(current));
                    case.priority = priority.max(case.priority);
                    let name = &self.config.escalation.rules[rule].name;
                    case.history.push(Entry::system(at, "raised", format!("rule {name:?}: level {}, priority {}", case.level, case.priority.as_str())));
                }
            }
            touched = Some(i);
        } else if let Some(rule) = case_rule {
            let [first_response_due, first_response_warn_at, resolution_due, resolution_warn_at] = self.case_deadlines(r.channel.index(), at);
            let action = self.config.escalation.rules[rule].open_case.as_ref().expect("a case rule opens a case");
            let case = CaseRecord {
                id: numbered("case-", self.st.cases.len() as u64 + 1),
                state: CaseState::Open,
                level: self.names.level(action.level),
                priority: action.priority,
                assignee: self.assignee(rule, action, &r),
                customer: r.customer.map(String::from),
                channel: self.names.channels[r.channel.index()].clone(),
                rule: self.names.rules[rule].clone(),
                opened_at: at,
                first_response_due,
                resolution_due,
                first_response_warn_at,
                resolution_warn_at,
                first_response: share(&mut shared),
                attached: Vec::new(),
                first_contact_at: None,
                resolved_at: None,
                closed_at: None,
                reopened: 0,
                resolution: None,
                history: Vec::new(),
            };
            let i = self.st.cases.len();
            self.st.cases.push(case);
            self.start_clocks(i);
            self.st.origins.push(CaseOrigin {
                touchpoint: r.touchpoint,
                channel: r.channel,
                instrument: r.instrument,
                row: self.rows.len() as u32,
                before: nps,
                after: None,
                handling: None,
            });
            if let Some(c) = customer {
                let record = &mut self.st.customers[c];
                record.set_open_case(Some(i as u32));
                record.set_last_case(Some(i as u32));
            }
            touched = Some(i);
        }

        let alerts_from = self.st.alerts.len();
        for &rule in &alert_rules {
            let a = self.config.escalation.rules[rule].alert.as_ref().expect("an alert rule raises an alert");
            let calendar = a.calendar.map(|c| &self.config.calendars[c.index()].1).unwrap_or(&self.elapsed);
            let alert = AlertRecord {
                number: u32::try_from(self.st.alerts.len() + 1).expect("fewer than 2^32 alerts"),
                level: self.names.level(a.level),
                due: calendar.deadline(at, &a.within),
                reasons: urgency,
                rule: self.names.rules[rule].clone(),
                response_id: share(&mut shared),
                case_id: touched.map(|i| self.st.cases[i].id.clone()),
                raised_at: at,
                acknowledged_at: None,
                acknowledged_by: None,
            };
            self.st.alerts.push(alert);
            self.start_alert_clock(self.st.alerts.len() - 1);
        }
        self.alert_rules = alert_rules;

        let row = self.rows.len();
        self.rows.add(&self.config, &r);
        let event = self.st.events.len() as u32;
        self.st.ingested.insert(
            id,
            Ingested {
                event,
                case: touched.map(|i| i as u32),
                alerts: alerts_from as u32..self.st.alerts.len() as u32,
                repeat_complaints,
            },
        );
        // The event keeps the response compactly; its input form is written
        // only when the events are asked for.
        let (kept, rare) = Engine::keep(&self.config, &head, answers);
        let (items, topics) = match reading {
            Some((items, topics)) => (Some(items), topics),
            None => (None, Vec::new()),
        };
        let x = NewIngest { row: row as u32, customer: customer.map(|c| c as u32), submitted_at: head.submitted_at, answers: kept, rare, items, urgency: reasons, topics };
        self.st.events.push_ingest(id, shared.as_ref(), x);
        Applied { id: shared, case: touched, alerts: alerts_from..self.st.alerts.len(), repeat_complaints }
    }

    /// Scores that tell how a case went: the customer's next NPS after it
    /// closed (recovery), and a handling survey about it.
    fn record_later_scores(&mut self, r: &ResponseRef<'_>, customer: Option<usize>, nps: Option<u8>, at: DateTime<Utc>) {
        if let (Some(customer), Some(nps)) = (customer, nps) {
            if let Some(i) = self.st.customers[customer].last_case().map(|i| i as usize) {
                let closed_before = self.st.cases[i].closed_at.is_some_and(|c| c <= at);
                if closed_before && self.st.origins[i].after.is_none() {
                    self.st.origins[i].after = Some(nps);
                }
            }
        }
        let handling = self.config.loop_settings.handling_survey == Some(r.instrument);
        if let (true, Some(case_id)) = (handling, r.case_id) {
            let Some(i) = self.st.case_index(case_id) else { return };
            let ins = &self.config.instruments[r.instrument.index()];
            for (qi, a) in r.answers {
                if let (QuestionKind::Csat { scale }, Answer::Score(s)) = (&ins.questions[*qi as usize].kind, a) {
                    let tally = self.st.origins[i].handling.get_or_insert_with(|| Box::new(ScaleTally::new(*scale)));
                    if tally.scale() == *scale {
                        tally.add(*s);
                    }
                    let case = &mut self.st.cases[i];
                    case.history.push(Entry::Other(Box::new(HistoryEntry { at, by: r.customer.map(|c| Cow::Owned(c.to_string())).unwrap_or(Cow::Borrowed("customer")), what: "handling_feedback".into(), detail: format!("{}={s}", ins.questions[*qi as usize].id) })));
                    break;
                }
            }
        }
    }

    /// The case with id `id`, as it is now (written out from what the
    /// engine keeps: a copy, which later changes to the case leave as it is).
    pub fn case(&self, id: &str) -> Result<Case> {
        self.st.case_index(id).map(|i| self.st.cases[i].to_case()).ok_or_else(|| ClfError::NotFound { what: "case".into(), id: id.into() })
    }

    /// Cases matching `filter`, in the order they were opened (copies, as
    /// [`Engine::case`] gives them).
    pub fn cases(&self, filter: &CaseFilter) -> Vec<Case> {
        self.st.cases.iter().filter(|c| filter.state.is_none_or(|s| c.state == s) && filter.customer.as_ref().is_none_or(|cu| c.customer.as_ref() == Some(cu))).map(CaseRecord::to_case).collect()
    }

    /// Acknowledges alert `alert_id`: it no longer escalates.
    pub fn acknowledge_alert(&mut self, alert_id: &str, by: &str, at: DateTime<Utc>) -> Result<Alert> {
        // Alert `alert-N` is the N-th raised.
        let a = alert_number(alert_id).map(|n| n as usize - 1).filter(|&a| a < self.st.alerts.len()).ok_or_else(|| ClfError::NotFound { what: "alert".into(), id: alert_id.into() })?;
        if by.trim().is_empty() {
            return Err(ClfError::validation("by", "expected who acknowledges it"));
        }
        if let Some(when) = self.st.alerts[a].acknowledged_at {
            return Err(ClfError::Conflict { message: format!("alert {alert_id} was acknowledged at {when}") });
        }
        self.stop_alert_clock(a);
        let alert = &mut self.st.alerts[a];
        alert.acknowledged_at = Some(at);
        alert.acknowledged_by = Some(by.to_string());
        self.record(Some(at), Change::AlertAcknowledged { alert_id: alert_id.to_string(), by: by.to_string() });
        Ok(self.st.alerts[a].to_alert())
    }

    /// Every alert raised, in order (copies, written out from what the
    /// engine keeps).
    pub fn alerts(&self) -> Vec<Alert> {
        self.st.alerts.iter().map(AlertRecord::to_alert).collect()
    }

    /// Summaries of every ingested response for `query`, kept up to date by ingest.
    pub fn summary(&self, query: SummaryQuery) -> Result<Summaries> {
        self.rows.summary(&self.config, query)
    }

    /// Number of responses ingested (duplicates not counted).
    pub fn responses(&self) -> usize {
        self.st.ingested.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(id: &str) -> ResponseInput {
        ResponseInput::from_json(&format!(r#"{{"id": "{id}", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
            "submitted_at": "2026-11-20T15:00:00+01:00", "customer": "c-{id}", "answers": {{"nps": 9}}}}"#)).unwrap()
    }

    #[test]
    fn responses_whose_id_hashes_clash_are_told_apart_and_stay_so_after_a_restore() {
        let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
        let mut e = Engine::new(config.clone());
        // "r-1"…"r-9" share a hash here, as do "r-10"…"r-12".
        let ids: Vec<String> = (1..=12).map(|i| format!("r-{i}")).collect();
        for id in &ids {
            let o = e.ingest(response(id)).unwrap();
            assert!(!o.duplicate, "{id} is new");
        }
        assert_eq!(e.responses(), 12);
        for id in &ids {
            let o = e.ingest(response(id)).unwrap();
            assert!(o.duplicate, "{id} was seen");
            assert_eq!(*o.response_id, **id);
        }
        let restored = Engine::restore(config, &e.snapshot()).unwrap();
        assert!(restored == e);
        for id in &ids {
            assert_eq!(restored.st.ingested.get(id, &restored.st.events).map(|x| x.event), e.st.ingested.get(id, &e.st.events).map(|x| x.event));
        }
        assert!(restored.st.ingested.get("r-13", &restored.st.events).is_none());
    }

    #[test]
    fn engines_of_one_configuration_share_its_classifier_and_others_build_their_own() {
        let text = include_str!("../../examples/acme.json");
        let config = Config::from_json(text).unwrap();
        let (a, b) = (Engine::new(config.clone()), Engine::new(config.clone()));
        assert!(std::ptr::eq(a.classifier(), b.classifier()));
        assert!(std::ptr::eq(a.clone().classifier(), a.classifier()));
        let other = Engine::new(Config::from_json(text).unwrap());
        assert!(!std::ptr::eq(other.classifier(), a.classifier()));
        // The shared classifier reads as a fresh one does.
        let fresh = Classifier::new(&config.classification, &config.topics);
        let text = "Dit is echt een schandalige service, ik stap naar de rechter.";
        assert_eq!(a.classifier().classify_text(text, Some("nl")), fresh.classify_text(text, Some("nl")));
        // Building it changes nothing a snapshot's fingerprint reads.
        assert_eq!(format!("{config:?}"), format!("{:?}", Config::from_json(include_str!("../../examples/acme.json")).unwrap()));
    }
}
