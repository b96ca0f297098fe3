//! The inner loop: commands on a case, its states, and its history. Only
//! the customer's verdict closes a case as `effective`; a negative verdict
//! reopens it. An invalid command is an error naming the case's state and
//! the command, and leaves the case unchanged.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::case_record::{Assigned, CaseRecord, Entry, Resolution};
use crate::engine::{Assignee, Case, CaseState, Engine, HistoryEntry};
use crate::error::{ClfError, Result};
use crate::events::Change;
use crate::timer::Deadline;

/// How a command changes a case's clocks.
enum ClockChange {
    Contacted,
    Resolved,
    Closed,
    Reopened,
    Paused,
    Resumed,
}

/// A command on a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Someone takes the case: `open` → `acknowledged`.
    Acknowledge,
    /// Work starts, or resumes after waiting: `open`/`acknowledged`/`waiting` → `in_progress`.
    Start,
    /// The case waits for the customer (the clock pauses): `in_progress` → `waiting`.
    WaitForCustomer,
    /// The customer was contacted; the first contact meets the first-response SLA.
    RecordContact {
        /// What was said, if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A resolution is proposed to the customer: `in_progress`/`waiting` → `resolved`.
    ProposeResolution {
        /// The proposed resolution.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resolution: Option<String>,
    },
    /// The customer's verdict on a resolved case: effective closes it
    /// `effective`, not effective reopens it (`in_progress`).
    CustomerVerdict {
        /// Whether it worked for the customer.
        effective: bool,
        /// A score the customer gave the handling, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score: Option<f64>,
        /// The customer's words, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// Close a resolved case without the customer's verdict: `unconfirmed`.
    Close,
    /// Reopen a closed case within the reopen window: → `in_progress`.
    Reopen,
    /// Move the case one level up the ladder.
    Escalate {
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Give the case to someone else.
    Reassign {
        /// The new assignee.
        to: Assignee,
    },
    /// A note for the history; allowed in every state.
    AddNote {
        /// The note.
        note: String,
    },
}

impl Command {
    /// The command's name, as the bindings spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Acknowledge => "acknowledge",
            Command::Start => "start",
            Command::WaitForCustomer => "wait_for_customer",
            Command::RecordContact { .. } => "record_contact",
            Command::ProposeResolution { .. } => "propose_resolution",
            Command::CustomerVerdict { .. } => "customer_verdict",
            Command::Close => "close",
            Command::Reopen => "reopen",
            Command::Escalate { .. } => "escalate",
            Command::Reassign { .. } => "reassign",
            Command::AddNote { .. } => "add_note",
        }
    }
}

/// The state a command moves a case in `state` to, or `None` when the
/// command is not allowed there.
pub fn next_state(state: CaseState, command: &Command) -> Option<CaseState> {
    use CaseState::*;
    let live = !matches!(state, Closed);
    match (command, state) {
        (Command::Acknowledge, Open) => Some(Acknowledged),
        (Command::Start, Open | Acknowledged | Waiting) => Some(InProgress),
        (Command::WaitForCustomer, InProgress) => Some(Waiting),
        (Command::RecordContact { .. }, Open | Acknowledged | InProgress | Waiting) => Some(state),
        (Command::ProposeResolution { .. }, InProgress | Waiting) => Some(Resolved),
        (Command::CustomerVerdict { effective: true, .. }, Resolved) => Some(Closed),
        (Command::CustomerVerdict { effective: false, .. }, Resolved) => Some(InProgress),
        (Command::Close, Resolved) => Some(Closed),
        (Command::Reopen, Closed) => Some(InProgress),
        (Command::Escalate { .. } | Command::Reassign { .. }, _) if live => Some(state),
        (Command::AddNote { .. }, _) => Some(state),
        _ => None,
    }
}

impl Engine {
    /// Applies `command` to case `case_id`, done by `by` at `at`, and returns
    /// the case as it is after it. Errors (`not_found`, `transition`,
    /// `validation`, `conflict`) leave the case unchanged.
    pub fn command(&mut self, case_id: &str, by: &str, at: DateTime<Utc>, command: Command) -> Result<Case> {
        let i = self.st.case_index(case_id).ok_or_else(|| ClfError::NotFound { what: "case".into(), id: case_id.into() })?;
        if by.trim().is_empty() {
            return Err(ClfError::validation("by", "expected who does it (an employee id, or \"customer\")"));
        }
        let current = &self.st.cases[i];
        let last = current.last_at();
        if at < last {
            return Err(ClfError::validation("at", format!("{at} is before the case's last event ({last}): time never goes backwards")));
        }
        let Some(next) = next_state(current.state, &command) else {
            return Err(ClfError::Transition { case_id: case_id.into(), state: current.state.as_str().into(), command: command.name().into() });
        };
        // Checks that depend on more than the state.
        let levels = &self.names.levels;
        let level_rank = levels.iter().position(|l| *l == current.level).unwrap_or(0);
        // A reassignment's new assignee, read once: checked here, set below.
        let mut reassigned: Option<Assigned> = None;
        match &command {
            Command::Escalate { .. } if level_rank + 1 >= levels.len() => {
                return Err(ClfError::Conflict { message: format!("case {case_id} is at the top level ({}) and cannot be escalated further", current.level) });
            }
            Command::Reopen => {
                let window = TimeDelta::minutes(self.config.loop_settings.reopen_window.elapsed_minutes() as i64);
                if let Some(closed) = current.closed_at {
                    if at > closed + window {
                        return Err(ClfError::Conflict { message: format!("case {case_id} was closed at {closed}; the reopen window ({}) has ended", self.config.loop_settings.reopen_window) });
                    }
                }
            }
            Command::Reassign { to } => {
                let Some(assigned) = Assigned::of(to) else {
                    return Err(ClfError::validation("to.kind", format!("expected employee, team or queue, got {:?}", to.kind)));
                };
                if to.id.is_empty() {
                    return Err(ClfError::validation("to.id", "expected a non-empty id"));
                }
                reassigned = Some(assigned);
            }
            Command::AddNote { note } if note.trim().is_empty() => return Err(ClfError::validation("note", "expected a non-empty note")),
            _ => {}
        }

        // Valid: apply.
        let recorded = command.clone();
        let before = current.state;
        let clock_change = match &command {
            Command::RecordContact { .. } => Some(ClockChange::Contacted),
            Command::ProposeResolution { .. } => Some(ClockChange::Resolved),
            Command::CustomerVerdict { effective: true, .. } | Command::Close => Some(ClockChange::Closed),
            Command::CustomerVerdict { effective: false, .. } | Command::Reopen => Some(ClockChange::Reopened),
            Command::WaitForCustomer => Some(ClockChange::Paused),
            Command::Start if before == CaseState::Waiting => Some(ClockChange::Resumed),
            _ => None,
        };
        let case: &mut CaseRecord = &mut self.st.cases[i];
        let mut what = command.name();
        let mut detail = String::new();
        match command {
            Command::RecordContact { note } => {
                case.first_contact_at.get_or_insert(at);
                detail = note.unwrap_or_default();
            }
            Command::ProposeResolution { resolution } => {
                case.resolved_at = Some(at);
                detail = resolution.unwrap_or_default();
            }
            Command::CustomerVerdict { effective, score, comment } => {
                detail = [score.map(|s| format!("score {s}")), comment].into_iter().flatten().collect::<Vec<_>>().join(": ");
                if effective {
                    case.resolution = Some(Resolution::Effective);
                    case.closed_at = Some(at);
                    what = "verdict_effective";
                } else {
                    case.reopened += 1;
                    what = "verdict_not_effective";
                }
            }
            Command::Close => {
                case.resolution = Some(Resolution::Unconfirmed);
                case.closed_at = Some(at);
            }
            Command::Reopen => {
                case.reopened += 1;
                case.resolution = None;
                case.closed_at = None;
            }
            Command::Escalate { reason } => {
                let from = std::mem::replace(&mut case.level, levels[level_rank + 1].clone());
                detail = format!("{from} → {}{}", case.level, reason.map(|r| format!(": {r}")).unwrap_or_default());
            }
            Command::Reassign { to } => {
                detail = format!("{} {} → {} {}", case.assignee.kind.as_str(), case.assignee.id, to.kind, to.id);
                if let Some(assigned) = reassigned {
                    case.assignee = assigned;
                }
            }
            Command::AddNote { note } => detail = note,
            Command::Acknowledge | Command::Start | Command::WaitForCustomer => {}
        }
        case.state = next;
        case.history.push(Entry::Other(Box::new(HistoryEntry { at, by: by.to_string().into(), what: what.into(), detail })));

        match clock_change {
            Some(ClockChange::Contacted) => self.meet(i, Deadline::FirstResponse),
            Some(ClockChange::Resolved) => {
                self.meet(i, Deadline::FirstResponse);
                self.meet(i, Deadline::Resolution);
                self.start_verdict_window(i, at);
            }
            Some(ClockChange::Closed) => {
                self.stop_verdict_window(i);
                self.meet(i, Deadline::FirstResponse);
                self.meet(i, Deadline::Resolution);
            }
            Some(ClockChange::Reopened) => {
                self.stop_verdict_window(i);
                self.restart(i, Deadline::Resolution, at);
            }
            Some(ClockChange::Paused) => self.pause(i, at),
            Some(ClockChange::Resumed) => self.resume(i, at),
            None => {}
        }
        let case = &self.st.cases[i];

        // A closed case no longer collects the customer's new complaints;
        // a reopened one does again.
        if let Some(record) = case.customer.as_deref().and_then(|c| self.st.customers.get_mut(c)) {
            if next == CaseState::Closed {
                if record.open_case() == Some(i as u32) {
                    record.set_open_case(None);
                }
            } else if record.open_case().is_none() {
                record.set_open_case(Some(i as u32));
            }
        }
        self.record(Some(at), Change::CaseCommand { case_id: case_id.to_string(), by: by.to_string(), command: recorded });
        Ok(self.st.cases[i].to_case())
    }
}
