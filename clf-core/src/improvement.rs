//! The outer loop: improvements made from what customers said. An
//! improvement links feedback (responses) and topics and goes `proposed →
//! planned → implemented`. When implemented, every customer who gave linked
//! feedback and has not opted out gets a "you said, we did" notification due;
//! the loop of that feedback closes when the host reports it sent.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::events::Change;
use crate::engine::{Engine, HistoryEntry};
use crate::error::{ClfError, Result};

/// State of an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImprovementState {
    /// Proposed.
    Proposed,
    /// Planned.
    Planned,
    /// Implemented: customers are told.
    Implemented,
}

impl ImprovementState {
    /// The state's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ImprovementState::Proposed => "proposed",
            ImprovementState::Planned => "planned",
            ImprovementState::Implemented => "implemented",
        }
    }
}

/// A "you said, we did" message due to a customer.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Improvement {
    /// Unique id (`imp-1`, …).
    pub id: String,
    /// What changes.
    pub title: String,
    /// Topics of the taxonomy it addresses.
    pub topics: Vec<String>,
    /// Linked feedback, by response id.
    pub responses: Vec<String>,
    /// Its state.
    pub state: ImprovementState,
    /// Notifications, once implemented (one per customer who may be contacted).
    pub notifications: Vec<Notification>,
    /// Who did what, when.
    pub history: Vec<HistoryEntry>,
}

impl Improvement {
    /// Customers told so far.
    pub fn informed(&self) -> usize {
        self.notifications.iter().filter(|n| n.sent_at.is_some()).count()
    }
}

impl Engine {
    fn improvement_index(&self, id: &str) -> Result<usize> {
        self.st.improvements.iter().position(|i| i.id == id).ok_or_else(|| ClfError::NotFound { what: "improvement".into(), id: id.into() })
    }

    fn check_topics(&self, topics: &[String]) -> Result<()> {
        for (i, t) in topics.iter().enumerate() {
            if !self.config.topics.contains(t) {
                return Err(ClfError::validation(format!("topics[{i}]"), format!("unknown topic {t:?}: expected one of {}", self.config.topics.join(", "))));
            }
        }
        Ok(())
    }

    /// Proposes an improvement addressing `topics` (of the taxonomy).
    pub fn propose_improvement(&mut self, title: &str, topics: Vec<String>, by: &str, at: DateTime<Utc>) -> Result<&Improvement> {
        if title.trim().is_empty() {
            return Err(ClfError::validation("title", "expected what the improvement changes"));
        }
        self.check_topics(&topics)?;
        let id = format!("imp-{}", self.st.improvements.len() + 1);
        self.st.improvements.push(Improvement {
            id,
            title: title.to_string(),
            topics,
            responses: Vec::new(),
            state: ImprovementState::Proposed,
            notifications: Vec::new(),
            history: vec![HistoryEntry { at, by: by.to_string().into(), what: "proposed".into(), detail: title.to_string() }],
        });
        let topics = self.st.improvements.last().expect("just pushed").topics.clone();
        self.record(Some(at), Change::ImprovementProposed { title: title.to_string(), topics, by: by.to_string() });
        Ok(self.st.improvements.last().expect("just pushed"))
    }

    /// Links feedback (responses ingested before) and topics to an improvement
    /// that is not yet implemented.
    pub fn link_feedback(&mut self, improvement_id: &str, responses: Vec<String>, topics: Vec<String>, by: &str, at: DateTime<Utc>) -> Result<&Improvement> {
        let i = self.improvement_index(improvement_id)?;
        if self.st.improvements[i].state == ImprovementState::Implemented {
            return Err(ClfError::Transition { case_id: improvement_id.into(), state: "implemented".into(), command: "link_feedback".into() });
        }
        for (n, r) in responses.iter().enumerate() {
            if self.st.ingested.get(r, &self.st.events).is_none() {
                return Err(ClfError::validation(format!("responses[{n}]"), format!("unknown response {r:?}")));
            }
        }
        self.check_topics(&topics)?;
        self.record(Some(at), Change::FeedbackLinked { improvement_id: improvement_id.to_string(), responses: responses.clone(), topics: topics.clone(), by: by.to_string() });
        let imp = &mut self.st.improvements[i];
        for r in responses {
            if !imp.responses.contains(&r) {
                imp.responses.push(r);
            }
        }
        for t in topics {
            if !imp.topics.contains(&t) {
                imp.topics.push(t);
            }
        }
        imp.history.push(HistoryEntry { at, by: by.to_string().into(), what: "linked".into(), detail: format!("{} responses, topics {}", imp.responses.len(), imp.topics.join(", ")) });
        Ok(&self.st.improvements[i])
    }

    /// Moves an improvement to `planned` (from proposed) or `implemented`
    /// (from planned). Implementing it makes a notification due to every
    /// customer of its linked feedback who has not opted out.
    pub fn advance_improvement(&mut self, improvement_id: &str, to: ImprovementState, by: &str, at: DateTime<Utc>) -> Result<&Improvement> {
        let i = self.improvement_index(improvement_id)?;
        let from = self.st.improvements[i].state;
        let allowed = matches!((from, to), (ImprovementState::Proposed, ImprovementState::Planned) | (ImprovementState::Planned, ImprovementState::Implemented));
        if !allowed {
            let command = if to == ImprovementState::Planned { "plan" } else { "implement" };
            return Err(ClfError::Transition { case_id: improvement_id.into(), state: from.as_str().into(), command: command.into() });
        }
        let mut notifications: Vec<Notification> = Vec::new();
        if to == ImprovementState::Implemented {
            for r in &self.st.improvements[i].responses {
                let Some(customer) = self.st.ingested.get(r, &self.st.events).and_then(|x| self.customer_of(x)).map(String::from) else { continue };
                if self.st.opted_out.contains(&customer) {
                    continue;
                }
                match notifications.iter_mut().find(|n| n.customer == customer) {
                    Some(n) => n.responses.push(r.clone()),
                    None => notifications.push(Notification { improvement_id: improvement_id.to_string(), customer, responses: vec![r.clone()], due_at: at, sent_at: None }),
                }
            }
        }
        self.record(Some(at), Change::ImprovementAdvanced { improvement_id: improvement_id.to_string(), to, by: by.to_string() });
        let imp = &mut self.st.improvements[i];
        imp.state = to;
        imp.notifications = notifications;
        imp.history.push(HistoryEntry { at, by: by.to_string().into(), what: to.as_str().into(), detail: String::new() });
        Ok(&self.st.improvements[i])
    }

    /// The host sent the notification of `customer`: their feedback's loop is closed.
    pub fn mark_notified(&mut self, improvement_id: &str, customer: &str, at: DateTime<Utc>) -> Result<&Improvement> {
        let i = self.improvement_index(improvement_id)?;
        let imp = &mut self.st.improvements[i];
        let Some(n) = imp.notifications.iter_mut().find(|n| n.customer == customer) else {
            return Err(ClfError::NotFound { what: "notification".into(), id: format!("{improvement_id}/{customer}") });
        };
        if let Some(sent) = n.sent_at {
            return Err(ClfError::Conflict { message: format!("the notification of {customer} was sent at {sent}") });
        }
        n.sent_at = Some(at);
        self.record(Some(at), Change::CustomerNotified { improvement_id: improvement_id.to_string(), customer: customer.to_string() });
        Ok(&self.st.improvements[i])
    }

    /// Records that `customer` does not want to be contacted: no "you said, we
    /// did" notification is made due for them.
    pub fn opt_out(&mut self, customer: &str) {
        if self.st.opted_out.insert(customer.to_string()) {
            self.record(None, Change::CustomerOptedOut { customer: customer.to_string() });
        }
    }

    /// The improvement with id `id`.
    pub fn improvement(&self, id: &str) -> Result<&Improvement> {
        self.improvement_index(id).map(|i| &self.st.improvements[i])
    }

    /// Every improvement, in order.
    pub fn improvements(&self) -> &[Improvement] {
        &self.st.improvements
    }

    /// Notifications due and not yet sent, across improvements.
    pub fn notifications_due(&self) -> Vec<&Notification> {
        self.st.improvements.iter().flat_map(|imp| imp.notifications.iter().filter(|n| n.sent_at.is_none())).collect()
    }
}
