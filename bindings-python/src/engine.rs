//! `clf.Engine`: ingesting responses, cases, alerts and summaries.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use clf_core::engine as core;
use clf_core::summary::SummaryQueryInput;
use clf_core::{ClfError, Command, ErrorCode, IdMap, ResponseInput, SummaryQuery};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::calendar::instant;
use crate::config::Config;
use crate::errors::guard;
use crate::input::read;
use crate::scoring::{CsatScore, data_class};
use crate::summary::GroupSummary;

/// Names the core shares ([`clf_core::SharedStr`]), borrowed for conversion to Python strings.
fn strs(names: &[clf_core::SharedStr]) -> Vec<&str> {
    names.iter().map(|s| &**s).collect()
}

/// One feedback item: its kind, confidence, evidence and topics.
#[pyclass(frozen, module = "clf", name = "FeedbackItem")]
pub struct FeedbackItem(clf_core::FeedbackItem);

data_class!(FeedbackItem, "FeedbackItem", {
    /// `issue`, `complaint`, `compliment` or `suggestion`.
    #[getter]
    fn kind(&self) -> &'static str { self.0.kind.as_str() }
    #[getter]
    fn confidence(&self) -> f64 { self.0.confidence }
    #[getter]
    fn evidence(&self) -> Vec<&str> { strs(&self.0.evidence) }
    #[getter]
    fn topics(&self) -> Vec<&str> { strs(&self.0.topics) }
});

/// An urgency marker with the phrases or labels it was found from.
#[pyclass(frozen, module = "clf", name = "UrgencyFinding")]
pub struct UrgencyFinding(clf_core::UrgencyFinding);

data_class!(UrgencyFinding, "UrgencyFinding", {
    /// `legal`, `safety`, `churn`, `public` or `vulnerable`.
    #[getter]
    fn marker(&self) -> &'static str { self.0.marker.as_str() }
    #[getter]
    fn evidence(&self) -> Vec<&str> { strs(&self.0.evidence) }
});

/// What the classifier found in a text or a response: feedback items,
/// urgency markers with their evidence, and topics.
#[pyclass(frozen, module = "clf", name = "Classification")]
pub struct Classification(clf_core::Classification);

data_class!(Classification, "Classification", {
    /// One item per kind found, in kind order.
    #[getter]
    fn items(&self) -> Vec<FeedbackItem> { self.0.items.iter().cloned().map(FeedbackItem).collect() }
    /// The urgency markers found, in marker order, each with its evidence.
    #[getter]
    fn urgency(&self) -> Vec<UrgencyFinding> { self.0.urgency.iter().cloned().map(UrgencyFinding).collect() }
    #[getter]
    fn topics(&self) -> Vec<&str> { strs(&self.0.topics) }
});

/// Who a case is assigned to.
#[pyclass(frozen, module = "clf", name = "Assignee")]
pub struct Assignee(core::Assignee);

data_class!(Assignee, "Assignee", {
    /// `employee`, `team` or `queue`.
    #[getter]
    fn kind(&self) -> &str { &self.0.kind }
    #[getter]
    fn id(&self) -> &str { &self.0.id }
});

/// One entry of a case's history.
#[pyclass(frozen, module = "clf", name = "HistoryEntry")]
pub struct HistoryEntry(core::HistoryEntry);

data_class!(HistoryEntry, "HistoryEntry", {
    #[getter]
    fn at(&self) -> DateTime<Utc> { self.0.at }
    #[getter]
    fn by(&self) -> &str { &self.0.by }
    #[getter]
    fn what(&self) -> &str { &self.0.what }
    #[getter]
    fn detail(&self) -> &str { &self.0.detail }
});

/// A follow-up case with its SLA deadlines.
#[pyclass(frozen, module = "clf", name = "Case")]
pub struct Case(clf_core::Case);

data_class!(Case, "Case", {
    #[getter]
    fn id(&self) -> &str { &self.0.id }
    #[getter]
    fn state(&self) -> &'static str { self.0.state.as_str() }
    #[getter]
    fn level(&self) -> &str { &self.0.level }
    /// `low`, `normal`, `high` or `urgent`.
    #[getter]
    fn priority(&self) -> &'static str { self.0.priority.as_str() }
    #[getter]
    fn assignee(&self) -> Assignee { Assignee(self.0.assignee.clone()) }
    #[getter]
    fn customer(&self) -> Option<&str> { self.0.customer.as_deref() }
    #[getter]
    fn channel(&self) -> &str { &self.0.channel }
    #[getter]
    fn rule(&self) -> &str { &self.0.rule }
    #[getter]
    fn opened_at(&self) -> DateTime<Utc> { self.0.opened_at }
    #[getter]
    fn first_response_due(&self) -> DateTime<Utc> { self.0.first_response_due }
    #[getter]
    fn resolution_due(&self) -> DateTime<Utc> { self.0.resolution_due }
    #[getter]
    fn first_response_warn_at(&self) -> DateTime<Utc> { self.0.first_response_warn_at }
    #[getter]
    fn resolution_warn_at(&self) -> DateTime<Utc> { self.0.resolution_warn_at }
    #[getter]
    fn responses(&self) -> Vec<&str> { strs(&self.0.responses) }
    #[getter]
    fn first_contact_at(&self) -> Option<DateTime<Utc>> { self.0.first_contact_at }
    #[getter]
    fn resolved_at(&self) -> Option<DateTime<Utc>> { self.0.resolved_at }
    #[getter]
    fn closed_at(&self) -> Option<DateTime<Utc>> { self.0.closed_at }
    /// How often it was reopened.
    #[getter]
    fn reopened(&self) -> u32 { self.0.reopened }
    #[getter]
    fn resolution(&self) -> Option<&str> { self.0.resolution.as_deref() }
    #[getter]
    fn history(&self) -> Vec<HistoryEntry> { self.0.history.iter().cloned().map(HistoryEntry).collect() }
});

/// An early-warning alert.
#[pyclass(frozen, module = "clf", name = "Alert")]
pub struct Alert(clf_core::Alert);

data_class!(Alert, "Alert", {
    #[getter]
    fn id(&self) -> &str { &self.0.id }
    #[getter]
    fn level(&self) -> &str { &self.0.level }
    #[getter]
    fn due(&self) -> DateTime<Utc> { self.0.due }
    /// The urgency markers that raised it.
    #[getter]
    fn reasons(&self) -> Vec<&'static str> { self.0.reasons.iter().map(|u| u.as_str()).collect() }
    #[getter]
    fn rule(&self) -> &str { &self.0.rule }
    #[getter]
    fn response_id(&self) -> &str { &self.0.response_id }
    #[getter]
    fn case_id(&self) -> Option<&str> { self.0.case_id.as_deref() }
    /// When it was raised (or last escalated, unacknowledged).
    #[getter]
    fn raised_at(&self) -> DateTime<Utc> { self.0.raised_at }
    #[getter]
    fn acknowledged_at(&self) -> Option<DateTime<Utc>> { self.0.acknowledged_at }
    #[getter]
    fn acknowledged_by(&self) -> Option<&str> { self.0.acknowledged_by.as_deref() }
});

/// A timer that fired during `Engine.advance_to`.
#[pyclass(frozen, module = "clf", name = "TimerEvent")]
pub struct TimerEvent(clf_core::TimerEvent);

data_class!(TimerEvent, "TimerEvent", {
    /// When it was due.
    #[getter]
    fn at(&self) -> DateTime<Utc> { self.0.at }
    /// `warning`, `breach`, `verdict_window_closed` or `alert_overdue`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }
    /// `first_response` or `resolution`, for warnings and breaches.
    #[getter]
    fn deadline(&self) -> Option<&'static str> { self.0.deadline.map(|d| d.as_str()) }
    #[getter]
    fn case_id(&self) -> Option<&str> { self.0.case_id.as_deref() }
    #[getter]
    fn alert_id(&self) -> Option<&str> { self.0.alert_id.as_deref() }
    /// The level after the event.
    #[getter]
    fn level(&self) -> Option<&str> { self.0.level.as_deref() }
});

/// One change to an engine: `seq`, `type`, `at` and its `data`.
#[pyclass(frozen, module = "clf", name = "Event")]
pub struct Event(clf_core::Event);

data_class!(Event, "Event", {
    /// Its sequence number (1, 2, …).
    #[getter]
    fn seq(&self) -> u64 { self.0.seq }
    /// The event schema's version.
    #[getter]
    fn v(&self) -> u32 { self.0.v }
    /// `response_ingested`, `case_command`, `time_advanced`, …
    #[getter]
    fn r#type(&self) -> &'static str { self.0.change.type_name() }
    /// When it happened (`None` for an opt-out).
    #[getter]
    fn at(&self) -> Option<DateTime<Utc>> { self.0.at }
    /// The change's own fields (the JSON form without `seq`, `v`, `type`, `at`).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::input::to_python(py, &self.0.change).and_then(|d| {
            d.del_item("type")?;
            Ok(d)
        })
    }
});

/// What `Engine.forget_customer` erased.
#[pyclass(frozen, module = "clf", name = "Forgotten")]
pub struct Forgotten(clf_core::Forgotten);

data_class!(Forgotten, "Forgotten", {
    /// The pseudonym that replaces the customer's id.
    #[getter]
    fn pseudonym(&self) -> &str { &self.0.pseudonym }
    /// Their responses, comments erased.
    #[getter]
    fn responses(&self) -> usize { self.0.responses }
    /// Their cases, notes erased.
    #[getter]
    fn cases(&self) -> usize { self.0.cases }
});

/// Durations of one step of the loop, with SLA attainment.
#[pyclass(frozen, module = "clf", name = "StepTimes")]
pub struct StepTimes(clf_core::StepTimes);

data_class!(StepTimes, "StepTimes", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn mean_business_minutes(&self) -> Option<f64> { self.0.mean_business_minutes }
    #[getter]
    fn median_business_minutes(&self) -> Option<f64> { self.0.median_business_minutes }
    #[getter]
    fn mean_calendar_minutes(&self) -> Option<f64> { self.0.mean_calendar_minutes }
    #[getter]
    fn median_calendar_minutes(&self) -> Option<f64> { self.0.median_calendar_minutes }
    #[getter]
    fn decided(&self) -> u64 { self.0.decided }
    #[getter]
    fn within_sla(&self) -> u64 { self.0.within_sla }
    /// Percent of decided cases that made the deadline.
    #[getter]
    fn sla_attainment(&self) -> Option<f64> { self.0.sla_attainment }
});

/// The NPS that opened cases against the customers' next NPS after the close.
#[pyclass(frozen, module = "clf", name = "Recovery")]
pub struct Recovery(clf_core::Recovery);

data_class!(Recovery, "Recovery", {
    #[getter]
    fn n(&self) -> u64 { self.0.n }
    #[getter]
    fn before(&self) -> f64 { self.0.before }
    #[getter]
    fn after(&self) -> f64 { self.0.after }
    #[getter]
    fn change(&self) -> f64 { self.0.change }
});

/// Loop metrics of one group of cases.
#[pyclass(frozen, module = "clf", name = "LoopMetrics")]
pub struct LoopMetrics(clf_core::LoopMetrics);

data_class!(LoopMetrics, "LoopMetrics", {
    /// The group's value per dimension.
    #[getter]
    fn key<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let d = pyo3::types::PyDict::new(py);
        for (dim, v) in &self.0.key {
            d.set_item(dim, v.as_deref())?;
        }
        Ok(d)
    }
    #[getter]
    fn cases(&self) -> u64 { self.0.cases }
    #[getter]
    fn closed(&self) -> u64 { self.0.closed }
    #[getter]
    fn effective(&self) -> u64 { self.0.effective }
    #[getter]
    fn share_closed(&self) -> f64 { self.0.share_closed }
    #[getter]
    fn share_effective(&self) -> Option<f64> { self.0.share_effective }
    #[getter]
    fn reopen_rate(&self) -> f64 { self.0.reopen_rate }
    #[getter]
    fn escalation_rate(&self) -> f64 { self.0.escalation_rate }
    #[getter]
    fn repeat_complaint_rate(&self) -> f64 { self.0.repeat_complaint_rate }
    #[getter]
    fn first_response(&self) -> StepTimes { StepTimes(self.0.first_response.clone()) }
    #[getter]
    fn resolution(&self) -> StepTimes { StepTimes(self.0.resolution.clone()) }
    #[getter]
    fn recovery(&self) -> Option<Recovery> { self.0.recovery.clone().map(Recovery) }
    #[getter]
    fn handling(&self) -> Option<CsatScore> { self.0.handling.clone().map(CsatScore) }
});

/// A "you said, we did" notification due to a customer.
#[pyclass(frozen, module = "clf", name = "Notification")]
pub struct Notification(clf_core::Notification);

data_class!(Notification, "Notification", {
    #[getter]
    fn improvement_id(&self) -> &str { &self.0.improvement_id }
    #[getter]
    fn customer(&self) -> &str { &self.0.customer }
    #[getter]
    fn responses(&self) -> Vec<String> { self.0.responses.clone() }
    #[getter]
    fn due_at(&self) -> DateTime<Utc> { self.0.due_at }
    #[getter]
    fn sent_at(&self) -> Option<DateTime<Utc>> { self.0.sent_at }
});

/// An improvement of the outer loop.
#[pyclass(frozen, module = "clf", name = "Improvement")]
pub struct Improvement(clf_core::Improvement);

data_class!(Improvement, "Improvement", {
    #[getter]
    fn id(&self) -> &str { &self.0.id }
    #[getter]
    fn title(&self) -> &str { &self.0.title }
    #[getter]
    fn topics(&self) -> Vec<String> { self.0.topics.clone() }
    /// Linked feedback, by response id.
    #[getter]
    fn responses(&self) -> Vec<String> { self.0.responses.clone() }
    /// `proposed`, `planned` or `implemented`.
    #[getter]
    fn state(&self) -> &'static str { self.0.state.as_str() }
    #[getter]
    fn notifications(&self) -> Vec<Notification> { self.0.notifications.iter().cloned().map(Notification).collect() }
    /// Customers told so far.
    #[getter]
    fn informed(&self) -> usize { self.0.informed() }
    #[getter]
    fn history(&self) -> Vec<HistoryEntry> { self.0.history.iter().cloned().map(HistoryEntry).collect() }
});

/// What ingesting one response did.
#[pyclass(frozen, module = "clf", name = "Outcome")]
pub struct Outcome(clf_core::Outcome);

data_class!(Outcome, "Outcome", {
    #[getter]
    fn response_id(&self) -> &str { &self.0.response_id }
    #[getter]
    fn duplicate(&self) -> bool { self.0.duplicate }
    /// Numeric answers by question id.
    #[getter]
    fn scores(&self) -> BTreeMap<String, f64> { self.0.scores.iter().map(|(q, v)| (q.to_string(), *v)).collect() }
    #[getter]
    fn items(&self) -> Vec<FeedbackItem> { self.0.items.iter().cloned().map(FeedbackItem).collect() }
    /// The urgency markers found.
    #[getter]
    fn urgency(&self) -> Vec<&'static str> { self.0.urgency.iter().map(|u| u.as_str()).collect() }
    #[getter]
    fn topics(&self) -> Vec<&str> { strs(&self.0.topics) }
    #[getter]
    fn cases(&self) -> Vec<Case> { self.0.cases.iter().cloned().map(Case).collect() }
    #[getter]
    fn alerts(&self) -> Vec<Alert> { self.0.alerts.iter().cloned().map(Alert).collect() }
    #[getter]
    fn repeat_complaints(&self) -> u32 { self.0.repeat_complaints }
});

/// A rejected response of a batch.
#[pyclass(frozen, module = "clf", name = "BatchError")]
pub struct BatchError(core::BatchError);

data_class!(BatchError, "BatchError", {
    /// Index in the list (`ingest_many`, `import_many`) or 1-based line (`ingest_jsonl`, `import_jsonl`).
    #[getter]
    fn position(&self) -> usize { self.0.position }
    #[getter]
    fn code(&self) -> &str { &self.0.code }
    #[getter]
    fn path(&self) -> Option<&str> { self.0.path.as_deref() }
    #[getter]
    fn message(&self) -> &str { &self.0.message }
});

/// What a batch did.
#[pyclass(frozen, module = "clf", name = "BatchOutcome")]
pub struct BatchOutcome(core::BatchOutcome);

data_class!(BatchOutcome, "BatchOutcome", {
    #[getter]
    fn outcomes(&self) -> Vec<Outcome> { self.0.outcomes.iter().cloned().map(Outcome).collect() }
    #[getter]
    fn errors(&self) -> Vec<BatchError> { self.0.errors.iter().cloned().map(BatchError).collect() }
});

/// What a bulk import did: counts, the cases and alerts it touched, and
/// the rejected responses.
#[pyclass(frozen, module = "clf", name = "ImportReport")]
pub struct ImportReport(core::ImportReport);

data_class!(ImportReport, "ImportReport", {
    /// Responses ingested (ids not seen before).
    #[getter]
    fn ingested(&self) -> usize { self.0.ingested }
    /// Responses whose id was ingested before (they changed nothing).
    #[getter]
    fn duplicates(&self) -> usize { self.0.duplicates }
    /// Ids of the cases opened or updated, each once, in the order first touched.
    #[getter]
    fn cases(&self) -> Vec<&str> { strs(&self.0.cases) }
    /// Ids of the alerts raised, in order.
    #[getter]
    fn alerts(&self) -> Vec<&str> { self.0.alerts.iter().map(String::as_str).collect() }
    #[getter]
    fn errors(&self) -> Vec<BatchError> { self.0.errors.iter().cloned().map(BatchError).collect() }
});

/// The responses of an iterable, each read (or why it cannot be).
fn inputs_of(responses: &Bound<'_, PyAny>) -> PyResult<Vec<clf_core::Result<ResponseInput>>> {
    Ok(responses.try_iter()?.map(|r| r.map_err(|e| ClfError::validation("(root)", e.to_string())).and_then(|r| read(&r, ErrorCode::Validation))).collect())
}

/// The text of JSON lines given as a file path (`str` or `os.PathLike`) or as `bytes`.
fn jsonl_text(source: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(b) = source.cast::<PyBytes>() {
        return Ok(String::from_utf8_lossy(b.as_bytes()).into_owned());
    }
    let path: std::path::PathBuf = if let Ok(s) = source.cast::<PyString>() { s.to_str()?.into() } else { source.extract()? };
    std::fs::read_to_string(&path).map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", path.display())))
}

/// The engine of one tenant: `clf.Engine(config)`.
#[pyclass(module = "clf", name = "Engine")]
pub struct Engine(core::Engine);

#[pymethods]
impl Engine {
    #[new]
    fn new(config: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Engine(core::Engine::new(Config::from_any(config)?)))
    }

    /// Ingests one response (dict or JSON text). The same id again returns
    /// the first outcome with `duplicate=True`.
    fn ingest(&mut self, response: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        guard(|| {
            let input: ResponseInput = read(response, ErrorCode::Validation)?;
            self.0.ingest(input)
        })
        .map(Outcome)
    }

    /// Ingests many responses; rejected ones are reported in `errors` with
    /// their index and do not stop the batch.
    fn ingest_many(&mut self, responses: &Bound<'_, PyAny>) -> PyResult<BatchOutcome> {
        let inputs = inputs_of(responses)?;
        guard(|| Ok(self.0.ingest_many(inputs))).map(BatchOutcome)
    }

    /// Ingests JSON lines from a file path (`str` or `os.PathLike`) or from
    /// `bytes`; rejected lines are reported in `errors` with their number.
    fn ingest_jsonl(&mut self, source: &Bound<'_, PyAny>) -> PyResult<BatchOutcome> {
        let text = jsonl_text(source)?;
        guard(|| Ok(self.0.ingest_jsonl(&text))).map(BatchOutcome)
    }

    /// Ingests many responses as `ingest_many` does, and reports what the
    /// batch changed instead of an outcome per response.
    fn import_many(&mut self, responses: &Bound<'_, PyAny>) -> PyResult<ImportReport> {
        let inputs = inputs_of(responses)?;
        guard(|| Ok(self.0.import_many(inputs))).map(ImportReport)
    }

    /// Ingests JSON lines as `ingest_jsonl` does, and reports what the batch
    /// changed instead of an outcome per line.
    fn import_jsonl(&mut self, source: &Bound<'_, PyAny>) -> PyResult<ImportReport> {
        let text = jsonl_text(source)?;
        guard(|| Ok(self.0.import_jsonl(&text))).map(ImportReport)
    }

    /// Classifies free text as a comment in `locale` (`"en"`, `"nl"`;
    /// every configured locale when `None` or unknown). Changes nothing.
    #[pyo3(signature = (text, locale = None))]
    fn classify_text(&self, text: &str, locale: Option<&str>) -> Classification {
        Classification(self.0.classify_text(text, locale))
    }

    /// Validates a response (dict or JSON text) and classifies it as
    /// `ingest` would, without ingesting it: nothing is stored, counted or
    /// escalated. Raises `ValidationError` for an invalid response.
    fn classify_response(&self, response: &Bound<'_, PyAny>) -> PyResult<Classification> {
        guard(|| {
            let input: ResponseInput = read(response, ErrorCode::Validation)?;
            self.0.classify_response(input)
        })
        .map(Classification)
    }

    /// The outcome of the response `response_id`, ingested before (its case
    /// as it is now); raises `NotFoundError`.
    fn outcome(&self, response_id: &str) -> PyResult<Outcome> {
        guard(|| self.0.outcome(response_id)).map(Outcome)
    }

    /// The case with id `case_id`; raises `NotFoundError`.
    fn case(&self, case_id: &str) -> PyResult<Case> {
        guard(|| self.0.case(case_id)).map(Case)
    }

    /// Cases, optionally only those in `state` or of `customer`.
    #[pyo3(signature = (state = None, customer = None))]
    fn cases(&self, state: Option<&str>, customer: Option<String>) -> PyResult<Vec<Case>> {
        guard(|| {
            let state = state
                .map(|s| core::CaseState::parse(s).ok_or_else(|| ClfError::validation("state", format!("unknown case state {s:?}: expected open, acknowledged, in_progress, waiting, resolved or closed"))))
                .transpose()?;
            Ok(self.0.cases(&core::CaseFilter { state, customer }).into_iter().map(Case).collect())
        })
    }

    /// Someone takes the case (`open` → `acknowledged`).
    #[pyo3(signature = (case_id, *, by, at))]
    fn acknowledge(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::Acknowledge))
    }

    /// Work starts or resumes (→ `in_progress`).
    #[pyo3(signature = (case_id, *, by, at))]
    fn start(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::Start))
    }

    /// The case waits for the customer; its clock pauses.
    #[pyo3(signature = (case_id, *, by, at))]
    fn wait_for_customer(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::WaitForCustomer))
    }

    /// The customer was contacted (the first contact meets the first-response SLA).
    #[pyo3(signature = (case_id, *, by, at, note = None))]
    fn record_contact(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>, note: Option<String>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::RecordContact { note }))
    }

    /// A resolution is proposed (→ `resolved`).
    #[pyo3(signature = (case_id, *, by, at, resolution = None))]
    fn propose_resolution(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>, resolution: Option<String>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::ProposeResolution { resolution }))
    }

    /// The customer's verdict: effective closes the case `effective`, not
    /// effective reopens it.
    #[pyo3(signature = (case_id, *, at, effective, score = None, comment = None))]
    fn customer_verdict(&mut self, case_id: &str, at: &Bound<'_, PyAny>, effective: bool, score: Option<f64>, comment: Option<String>) -> PyResult<Case> {
        self.run(case_id, "customer", at, || Ok(Command::CustomerVerdict { effective, score, comment }))
    }

    /// Closes a resolved case without the customer's verdict (`unconfirmed`).
    #[pyo3(signature = (case_id, *, by, at))]
    fn close(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::Close))
    }

    /// Reopens a closed case within the reopen window.
    #[pyo3(signature = (case_id, *, by, at))]
    fn reopen(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::Reopen))
    }

    /// Moves the case one level up the ladder.
    #[pyo3(signature = (case_id, *, by, at, reason = None))]
    fn escalate(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>, reason: Option<String>) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::Escalate { reason }))
    }

    /// Gives the case to `to`: `"employee:<id>"`, `"team:<id>"` or `"queue:<id>"`.
    #[pyo3(signature = (case_id, *, by, at, to))]
    fn reassign(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>, to: &str) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::Reassign { to: core::Assignee::parse("to", to)? }))
    }

    /// Adds a note to the case's history (allowed in every state).
    #[pyo3(signature = (case_id, *, by, at, note))]
    fn add_note(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>, note: String) -> PyResult<Case> {
        self.run(case_id, by, at, || Ok(Command::AddNote { note }))
    }

    /// Moves the engine's time to `now` and fires every timer due by then,
    /// in time order. An earlier time than the last is a `ValidationError`.
    fn advance_to(&mut self, now: &Bound<'_, PyAny>) -> PyResult<Vec<TimerEvent>> {
        guard(|| {
            let now = instant("now", now)?;
            self.0.advance_to(now)
        })
        .map(|events| events.into_iter().map(TimerEvent).collect())
    }

    /// The engine's time: the last `advance_to`, if any.
    #[getter]
    fn now(&self) -> Option<DateTime<Utc>> {
        self.0.now()
    }

    /// Acknowledges an alert: it no longer escalates.
    #[pyo3(signature = (alert_id, *, by, at))]
    fn acknowledge_alert(&mut self, alert_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Alert> {
        guard(|| {
            let at = instant("at", at)?;
            self.0.acknowledge_alert(alert_id, by, at)
        })
        .map(Alert)
    }

    /// Every alert raised, in order.
    fn alerts(&self) -> Vec<Alert> {
        self.0.alerts().into_iter().map(Alert).collect()
    }

    /// Scores of everything ingested, grouped by `group_by` and filtered by `where`.
    #[pyo3(signature = (group_by = Vec::new(), r#where = None))]
    fn summary(&self, group_by: Vec<String>, r#where: Option<BTreeMap<String, String>>) -> PyResult<Vec<GroupSummary>> {
        guard(|| {
            let input = SummaryQueryInput { group_by, where_: IdMap(r#where.unwrap_or_default().into_iter().collect()) };
            Ok(self.0.summary(SummaryQuery::from_input(&input)?)?.groups().into_iter().map(GroupSummary).collect())
        })
    }

    /// Loop metrics of the cases, grouped and filtered by the response that
    /// opened each (like `summary`).
    #[pyo3(signature = (group_by = Vec::new(), r#where = None))]
    fn loop_metrics(&self, group_by: Vec<String>, r#where: Option<BTreeMap<String, String>>) -> PyResult<Vec<LoopMetrics>> {
        guard(|| {
            let input = SummaryQueryInput { group_by, where_: IdMap(r#where.unwrap_or_default().into_iter().collect()) };
            Ok(self.0.loop_metrics(SummaryQuery::from_input(&input)?)?.into_iter().map(LoopMetrics).collect())
        })
    }

    /// Proposes an improvement addressing `topics` of the taxonomy.
    #[pyo3(signature = (title, *, by, at, topics = Vec::new()))]
    fn propose_improvement(&mut self, title: &str, by: &str, at: &Bound<'_, PyAny>, topics: Vec<String>) -> PyResult<Improvement> {
        guard(|| {
            let at = instant("at", at)?;
            self.0.propose_improvement(title, topics, by, at).cloned()
        })
        .map(Improvement)
    }

    /// Links feedback (response ids) and topics to an improvement.
    #[pyo3(signature = (improvement_id, *, by, at, responses = Vec::new(), topics = Vec::new()))]
    fn link_feedback(&mut self, improvement_id: &str, by: &str, at: &Bound<'_, PyAny>, responses: Vec<String>, topics: Vec<String>) -> PyResult<Improvement> {
        guard(|| {
            let at = instant("at", at)?;
            self.0.link_feedback(improvement_id, responses, topics, by, at).cloned()
        })
        .map(Improvement)
    }

    /// Plans a proposed improvement.
    #[pyo3(signature = (improvement_id, *, by, at))]
    fn plan_improvement(&mut self, improvement_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Improvement> {
        guard(|| self.0.advance_improvement(improvement_id, clf_core::ImprovementState::Planned, by, instant("at", at)?).cloned()).map(Improvement)
    }

    /// Implements a planned improvement: notifications fall due.
    #[pyo3(signature = (improvement_id, *, by, at))]
    fn implement_improvement(&mut self, improvement_id: &str, by: &str, at: &Bound<'_, PyAny>) -> PyResult<Improvement> {
        guard(|| self.0.advance_improvement(improvement_id, clf_core::ImprovementState::Implemented, by, instant("at", at)?).cloned()).map(Improvement)
    }

    /// The host sent `customer` their notification of the improvement.
    #[pyo3(signature = (improvement_id, customer, *, at))]
    fn mark_notified(&mut self, improvement_id: &str, customer: &str, at: &Bound<'_, PyAny>) -> PyResult<Improvement> {
        guard(|| self.0.mark_notified(improvement_id, customer, instant("at", at)?).cloned()).map(Improvement)
    }

    /// `customer` does not want to be contacted.
    fn opt_out(&mut self, customer: &str) {
        self.0.opt_out(customer)
    }

    /// The improvement with id `improvement_id`.
    fn improvement(&self, improvement_id: &str) -> PyResult<Improvement> {
        guard(|| self.0.improvement(improvement_id).cloned()).map(Improvement)
    }

    /// Every improvement, in order.
    fn improvements(&self) -> Vec<Improvement> {
        self.0.improvements().iter().cloned().map(Improvement).collect()
    }

    /// Notifications due and not yet sent.
    fn notifications_due(&self) -> Vec<Notification> {
        self.0.notifications_due().into_iter().cloned().map(Notification).collect()
    }

    /// The events after sequence number `since` (all by default), in order.
    #[pyo3(signature = (since = 0))]
    fn events(&self, since: u64) -> Vec<Event> {
        self.0.events(since).into_iter().map(Event).collect()
    }

    /// The sequence number of the last event (0 for a new engine).
    #[getter]
    fn last_seq(&self) -> u64 {
        self.0.last_seq()
    }

    /// Rebuilds an engine from all its events (`Event` objects, dicts, or a
    /// JSON array) under the configuration they were recorded with.
    #[staticmethod]
    fn replay(config: &Bound<'_, PyAny>, events: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let config = Config::from_any(config)?;
        guard(|| {
            let events: Vec<clf_core::Event> = if let Ok(text) = events.cast::<PyString>() {
                clf_core::Event::list_from_json(text.to_str().map_err(|e| ClfError::validation("events", e.to_string()))?)?
            } else {
                let items = events.try_iter().map_err(|_| ClfError::validation("events", "expected a list of events"))?;
                let mut out = Vec::new();
                for (i, item) in items.enumerate() {
                    let item = item.map_err(|e| ClfError::validation(format!("events[{i}]"), e.to_string()))?;
                    match item.cast::<Event>() {
                        Ok(e) => out.push(e.get().0.clone()),
                        Err(_) => out.push(read::<clf_core::Event>(&item, ErrorCode::Validation).map_err(|e| e.within(&format!("events[{i}]")))?),
                    }
                }
                out
            };
            core::Engine::replay(config, &events)
        })
        .map(Engine)
    }

    /// The whole state as a JSON document (`str`); `Engine.restore` reads it back.
    fn snapshot(&self) -> String {
        self.0.snapshot()
    }

    /// An engine from a snapshot (`str` or `bytes`) taken under `config`.
    #[staticmethod]
    fn restore(config: &Bound<'_, PyAny>, snapshot: &Bound<'_, PyAny>) -> PyResult<Engine> {
        let config = Config::from_any(config)?;
        let text = if let Ok(b) = snapshot.cast::<PyBytes>() { String::from_utf8_lossy(b.as_bytes()).into_owned() } else { snapshot.extract::<String>()? };
        guard(|| core::Engine::restore(config, &text)).map(Engine)
    }

    /// Erases `customer`'s personal data (id, comments, notes) from the
    /// engine, its events and future snapshots; aggregates stay right.
    #[pyo3(signature = (customer, *, at))]
    fn forget_customer(&mut self, customer: &str, at: &Bound<'_, PyAny>) -> PyResult<Forgotten> {
        guard(|| self.0.forget_customer(customer, instant("at", at)?)).map(Forgotten)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Engine>().map(|o| o.borrow().0 == self.0).unwrap_or(false)
    }

    /// Number of responses ingested (duplicates not counted).
    #[getter]
    fn responses(&self) -> usize {
        self.0.responses()
    }

    fn __repr__(&self) -> String {
        format!("Engine(organisation={:?}, responses={})", self.0.config().organisation, self.0.responses())
    }
}

impl Engine {
    fn run(&mut self, case_id: &str, by: &str, at: &Bound<'_, PyAny>, command: impl FnOnce() -> clf_core::Result<Command>) -> PyResult<Case> {
        guard(|| {
            let at = instant("at", at)?;
            let command = command()?;
            self.0.command(case_id, by, at, command)
        })
        .map(Case)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Outcome>()?;
    m.add_class::<FeedbackItem>()?;
    m.add_class::<Classification>()?;
    m.add_class::<UrgencyFinding>()?;
    m.add_class::<Case>()?;
    m.add_class::<Assignee>()?;
    m.add_class::<HistoryEntry>()?;
    m.add_class::<Alert>()?;
    m.add_class::<BatchOutcome>()?;
    m.add_class::<ImportReport>()?;
    m.add_class::<BatchError>()?;
    m.add_class::<TimerEvent>()?;
    m.add_class::<LoopMetrics>()?;
    m.add_class::<Improvement>()?;
    m.add_class::<Notification>()?;
    m.add_class::<StepTimes>()?;
    m.add_class::<Recovery>()?;
    m.add_class::<Event>()?;
    m.add_class::<Forgotten>()?;
    Ok(())
}
