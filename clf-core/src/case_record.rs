//! How the engine keeps a case: compactly, written out as a [`Case`] only
//! when it is asked for (an outcome, [`Engine::case`](crate::Engine::case),
//! a snapshot).
//!
//! A case's history is mostly what the engine itself wrote: that the case
//! was opened, that a response was attached, that a deadline came near or
//! passed. The record keeps those entries as a time and a tag, and writes
//! their text (`rule "…"`, `response …`) from what it already holds; the
//! opening entry is not kept at all. Entries with words of people (commands)
//! are kept whole. Fresh cases thus keep no list of history, none of
//! responses beyond the first, and no text of their own but their id, their
//! customer's and (when it is assigned to one) their employee's.
//!
//! A record reads and writes as the [`Case`] it stands for, so snapshots
//! are unchanged; reading one back keeps an entry compactly only when it
//! is written exactly as the engine writes it (so that the record equals
//! the one the engine kept), and whole otherwise.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};

use crate::engine::{Assignee, Case, CaseState, HistoryEntry};
use crate::escalation::Priority;
use crate::shared::SharedStr;
use crate::text::{concat, quoted};
use crate::timer::Deadline;

/// Who handles a case: the kind, and the id shared where the engine holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assigned {
    pub(crate) kind: AssigneeKind,
    pub(crate) id: SharedStr,
}

/// The kinds of [`Assignee`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AssigneeKind {
    Employee,
    Team,
    Queue,
}

impl AssigneeKind {
    /// The kind's name, as [`Assignee::kind`] spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AssigneeKind::Employee => "employee",
            AssigneeKind::Team => "team",
            AssigneeKind::Queue => "queue",
        }
    }

    /// The kind named `s`, if it is one.
    pub(crate) fn parse(s: &str) -> Option<AssigneeKind> {
        [AssigneeKind::Employee, AssigneeKind::Team, AssigneeKind::Queue].into_iter().find(|k| k.as_str() == s)
    }
}

impl Assigned {
    /// The public form.
    pub(crate) fn to_assignee(&self) -> Assignee {
        Assignee { kind: self.kind.as_str().to_string(), id: self.id.to_string() }
    }

    /// `a`, if its kind is one of [`AssigneeKind`].
    pub(crate) fn of(a: &Assignee) -> Option<Assigned> {
        Some(Assigned { kind: AssigneeKind::parse(&a.kind)?, id: SharedStr::from(a.id.as_str()) })
    }
}

/// How a closed case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// The customer said the resolution worked.
    Effective,
    /// Closed without the customer's verdict.
    Unconfirmed,
}

impl Resolution {
    /// Its name, as [`Case::resolution`] spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Resolution::Effective => "effective",
            Resolution::Unconfirmed => "unconfirmed",
        }
    }
}

/// An entry of a case's history after the opening one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
    /// The case's next response was attached (`system`, `attached`,
    /// `response <its id>`): the first `Attached` is the case's second
    /// response, and so on.
    Attached(DateTime<Utc>),
    /// A deadline came near (`system`, `warning`, the deadline's name).
    Warned(DateTime<Utc>, Deadline),
    /// A deadline passed (`system`, `breach`, the deadline's name).
    Breached(DateTime<Utc>, Deadline),
    /// Any other entry, whole.
    Other(Box<HistoryEntry>),
}

/// Who the engine's own entries are by.
const SYSTEM: &str = "system";

impl Entry {
    /// When it happened.
    pub(crate) fn at(&self) -> DateTime<Utc> {
        match self {
            Entry::Attached(at) | Entry::Warned(at, _) | Entry::Breached(at, _) => *at,
            Entry::Other(h) => h.at,
        }
    }

    /// What happened (`attached`, `warning`, `breach`, `escalate`, …).
    pub(crate) fn what(&self) -> &str {
        match self {
            Entry::Attached(_) => "attached",
            Entry::Warned(..) => "warning",
            Entry::Breached(..) => "breach",
            Entry::Other(h) => &h.what,
        }
    }

    /// An entry written by the engine (`by` is `system`), kept whole.
    pub(crate) fn system(at: DateTime<Utc>, what: &'static str, detail: String) -> Entry {
        Entry::Other(Box::new(HistoryEntry { at, by: Cow::Borrowed(SYSTEM), what: Cow::Borrowed(what), detail }))
    }

    /// `h`, compactly if it is written exactly as the compact entry writes
    /// it; `attached` is the id of the response an attachment there would
    /// name (the case's next one), if any.
    fn of(h: HistoryEntry, attached: Option<&str>) -> Entry {
        if h.by != SYSTEM {
            return Entry::Other(Box::new(h));
        }
        let deadline = [Deadline::FirstResponse, Deadline::Resolution].into_iter().find(|d| h.detail == d.as_str());
        match (&*h.what, deadline, attached) {
            ("attached", _, Some(id)) if h.detail.strip_prefix("response ") == Some(id) => Entry::Attached(h.at),
            ("warning", Some(d), _) => Entry::Warned(h.at, d),
            ("breach", Some(d), _) => Entry::Breached(h.at, d),
            _ => Entry::Other(Box::new(h)),
        }
    }
}

/// A case as the engine keeps it (see the module's documentation). The
/// fields are those of [`Case`], but for its history (the entries after the
/// opening one, compactly), its responses (the first apart from the rest),
/// its assignee and its resolution.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "Case")]
pub(crate) struct CaseRecord {
    pub(crate) id: SharedStr,
    pub(crate) state: CaseState,
    pub(crate) level: SharedStr,
    pub(crate) priority: Priority,
    pub(crate) assignee: Assigned,
    pub(crate) customer: Option<String>,
    pub(crate) channel: SharedStr,
    pub(crate) rule: SharedStr,
    pub(crate) opened_at: DateTime<Utc>,
    pub(crate) first_response_due: DateTime<Utc>,
    pub(crate) resolution_due: DateTime<Utc>,
    pub(crate) first_response_warn_at: DateTime<Utc>,
    pub(crate) resolution_warn_at: DateTime<Utc>,
    /// The response that opened it.
    pub(crate) first_response: SharedStr,
    /// Responses attached to it since, in order.
    pub(crate) attached: Vec<SharedStr>,
    pub(crate) first_contact_at: Option<DateTime<Utc>>,
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    pub(crate) closed_at: Option<DateTime<Utc>>,
    pub(crate) reopened: u32,
    pub(crate) resolution: Option<Resolution>,
    /// The history after the opening entry.
    pub(crate) history: Vec<Entry>,
}

impl CaseRecord {
    /// When the last entry of its history happened.
    pub(crate) fn last_at(&self) -> DateTime<Utc> {
        self.history.last().map_or(self.opened_at, Entry::at)
    }

    /// How many responses it has: the one that opened it and those attached.
    pub(crate) fn responses(&self) -> usize {
        1 + self.attached.len()
    }

    /// Whether it was ever escalated (by a command or after a breach).
    pub(crate) fn escalated(&self) -> bool {
        self.history.iter().any(|e| e.what() == "escalate")
    }

    /// Whether deadline `d` ever passed.
    pub(crate) fn breached(&self, d: Deadline) -> bool {
        self.history.iter().any(|e| matches!(e, Entry::Breached(_, x) if *x == d))
    }

    /// Attaches response `id`, submitted `at`.
    pub(crate) fn attach(&mut self, id: SharedStr, at: DateTime<Utc>) {
        self.attached.push(id);
        self.history.push(Entry::Attached(at));
    }

    /// The opening entry of its history.
    fn opening(&self) -> HistoryEntry {
        HistoryEntry { at: self.opened_at, by: Cow::Borrowed(SYSTEM), what: Cow::Borrowed("opened"), detail: quoted("rule ", &self.rule) }
    }

    /// Its history, whole.
    pub(crate) fn history(&self) -> Vec<HistoryEntry> {
        let mut out = Vec::with_capacity(1 + self.history.len());
        out.push(self.opening());
        let mut attached = self.attached.iter();
        let system = |at, what: &'static str, detail: String| HistoryEntry { at, by: Cow::Borrowed(SYSTEM), what: Cow::Borrowed(what), detail };
        for e in &self.history {
            out.push(match e {
                Entry::Attached(at) => system(*at, "attached", concat(&["response ", attached.next().map_or("", |id| &**id)])),
                Entry::Warned(at, d) => system(*at, "warning", d.as_str().to_string()),
                Entry::Breached(at, d) => system(*at, "breach", d.as_str().to_string()),
                Entry::Other(h) => (**h).clone(),
            });
        }
        out
    }

    /// The case, as the API gives it.
    pub(crate) fn to_case(&self) -> Case {
        let mut responses = Vec::with_capacity(self.responses());
        responses.push(self.first_response.clone());
        responses.extend(self.attached.iter().cloned());
        Case {
            id: self.id.clone(),
            state: self.state,
            level: self.level.clone(),
            priority: self.priority,
            assignee: self.assignee.to_assignee(),
            customer: self.customer.clone(),
            channel: self.channel.clone(),
            rule: self.rule.clone(),
            opened_at: self.opened_at,
            first_response_due: self.first_response_due,
            resolution_due: self.resolution_due,
            first_response_warn_at: self.first_response_warn_at,
            resolution_warn_at: self.resolution_warn_at,
            responses,
            first_contact_at: self.first_contact_at,
            resolved_at: self.resolved_at,
            closed_at: self.closed_at,
            reopened: self.reopened,
            resolution: self.resolution.map(|r| r.as_str().to_string()),
            history: self.history(),
        }
    }
}

/// The record of a case, or what in it no engine writes.
impl TryFrom<Case> for CaseRecord {
    type Error = String;
    fn try_from(case: Case) -> Result<CaseRecord, String> {
        let Case { id, state, level, priority, assignee, customer, channel, rule, opened_at, first_response_due, resolution_due, first_response_warn_at, resolution_warn_at, responses, first_contact_at, resolved_at, closed_at, reopened, resolution, history } = case;
        let assignee = Assigned::of(&assignee).ok_or_else(|| format!("case {id}: assignee kind {:?}: expected employee, team or queue", assignee.kind))?;
        let resolution = match resolution.as_deref() {
            None => None,
            Some("effective") => Some(Resolution::Effective),
            Some("unconfirmed") => Some(Resolution::Unconfirmed),
            Some(other) => return Err(format!("case {id}: resolution {other:?}: expected \"effective\" or \"unconfirmed\"")),
        };
        let mut responses = responses.into_iter();
        let first_response = responses.next().ok_or_else(|| format!("case {id}: no responses: expected the one that opened it"))?;
        let attached: Vec<SharedStr> = responses.collect();
        let mut record = CaseRecord { id, state, level, priority, assignee, customer, channel, rule, opened_at, first_response_due, resolution_due, first_response_warn_at, resolution_warn_at, first_response, attached: Vec::new(), first_contact_at, resolved_at, closed_at, reopened, resolution, history: Vec::with_capacity(history.len().saturating_sub(1)) };
        let mut history = history.into_iter();
        if history.next().as_ref() != Some(&record.opening()) {
            return Err(format!("case {}: its history must begin with the entry that opened it ({:?})", record.id, record.opening()));
        }
        // Attachments name the case's responses in order.
        let mut next = attached.iter();
        let mut waiting = next.next();
        for h in history {
            let e = Entry::of(h, waiting.map(|id| &**id));
            if matches!(e, Entry::Attached(_)) {
                waiting = next.next();
            }
            record.history.push(e);
        }
        let named = record.history.iter().filter(|e| matches!(e, Entry::Attached(_))).count();
        if named != attached.len() {
            return Err(format!("case {}: {} responses attached, {named} attachments in its history: expected one for each", record.id, attached.len()));
        }
        record.attached = attached;
        Ok(record)
    }
}

impl Serialize for CaseRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_case().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000 + 60 * minutes, 0).unwrap_or_default()
    }

    fn entry(t: i64, by: &str, what: &str, detail: &str) -> HistoryEntry {
        HistoryEntry { at: at(t), by: by.to_string().into(), what: what.to_string().into(), detail: detail.into() }
    }

    /// A case as an engine writes it, with an entry of each kind.
    fn case() -> Case {
        Case {
            id: "case-7".into(),
            state: CaseState::InProgress,
            level: "team_lead".into(),
            priority: Priority::High,
            assignee: Assignee { kind: "employee".into(), id: "e-7".into() },
            customer: Some("c-1".into()),
            channel: "phone".into(),
            rule: "repeat complaint".into(),
            opened_at: at(0),
            first_response_due: at(120),
            resolution_due: at(960),
            first_response_warn_at: at(90),
            resolution_warn_at: at(720),
            responses: vec!["r-1".into(), "r-2".into()],
            first_contact_at: None,
            resolved_at: None,
            closed_at: None,
            reopened: 0,
            resolution: None,
            history: vec![
                entry(0, "system", "opened", "rule \"repeat complaint\""),
                entry(10, "system", "attached", "response r-2"),
                entry(10, "system", "raised", "rule \"repeat complaint\": level team_lead, priority high"),
                entry(90, "system", "warning", "first_response"),
                entry(120, "system", "breach", "first_response"),
                entry(120, "system", "escalate", "frontline → team_lead after the first_response breach"),
                entry(130, "e-7", "start", ""),
                entry(140, "system", "add_note", "a note by someone called system"),
            ],
        }
    }

    #[test]
    fn a_case_is_kept_compactly_and_written_out_as_it_was() {
        let record = CaseRecord::try_from(case()).unwrap();
        // The opening entry is not kept; the engine's attachment, warning
        // and breach are kept as a time and a tag; the rest whole.
        let kept: Vec<&str> = record.history.iter().map(|e| match e {
            Entry::Attached(_) => "attached",
            Entry::Warned(..) => "warned",
            Entry::Breached(..) => "breached",
            Entry::Other(_) => "whole",
        }).collect();
        assert_eq!(kept, ["attached", "whole", "warned", "breached", "whole", "whole", "whole"]);
        assert_eq!((record.responses(), record.last_at()), (2, at(140)));
        assert!(record.escalated() && record.breached(Deadline::FirstResponse) && !record.breached(Deadline::Resolution));
        assert_eq!(record.to_case(), case());
        // It reads and writes as the case it stands for.
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(json, serde_json::to_string(&case()).unwrap());
        assert_eq!(serde_json::from_str::<CaseRecord>(&json).unwrap(), record);
    }

    #[test]
    fn what_no_engine_writes_is_refused_with_what_was_expected() {
        let refused = |change: fn(&mut Case)| {
            let mut c = case();
            change(&mut c);
            CaseRecord::try_from(c).unwrap_err()
        };
        assert!(refused(|c| c.history.remove(0).at = at(0)).contains("must begin with the entry that opened it"));
        assert!(refused(|c| c.history[0].detail = "rule \"another\"".into()).contains("must begin with the entry that opened it"));
        assert!(refused(|c| c.history[1].detail = "response r-9".into()).contains("1 responses attached, 0 attachments"));
        assert!(refused(|c| c.responses.clear()).contains("no responses"));
        assert!(refused(|c| c.resolution = Some("solved".into())).contains("expected \"effective\" or \"unconfirmed\""));
        assert!(refused(|c| c.assignee.kind = "robot".into()).contains("expected employee, team or queue"));
        // An attachment by someone else than the engine is kept whole, and
        // then the response it would name has none.
        assert!(refused(|c| c.history[1].by = "e-7".into()).contains("1 responses attached, 0 attachments"));
    }

    #[test]
    fn a_resolution_and_a_closing_are_kept_and_written_out() {
        let mut c = case();
        (c.state, c.resolution, c.closed_at, c.resolved_at) = (CaseState::Closed, Some("effective".into()), Some(at(200)), Some(at(190)));
        c.history.push(entry(200, "customer", "verdict_effective", "score 9"));
        let record = CaseRecord::try_from(c.clone()).unwrap();
        assert_eq!(record.resolution, Some(Resolution::Effective));
        assert_eq!(record.to_case(), c);
    }
}
