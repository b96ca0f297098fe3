//! The escalation policy: the ladder of levels, and the rules that open
//! cases and raise alerts for what a response says.

use serde::Serialize;

use crate::duration::Duration;
use crate::expr::Condition;
use crate::journey::CalendarIdx;

/// A level of the escalation ladder, by its position (0 = the lowest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Level(pub(crate) u8);

impl Level {
    /// Position on the ladder, 0 first.
    pub fn rank(self) -> usize {
        self.0 as usize
    }
}

/// Priority of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Low.
    Low,
    /// Normal (the default).
    Normal,
    /// High.
    High,
    /// Urgent.
    Urgent,
}

impl Priority {
    /// The priority's name: `low`, `normal`, `high`, `urgent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

/// Who a new case is assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assign {
    /// The employee of the original contact (falls back to the level's queue
    /// when the response names none).
    OriginalEmployee,
    /// A team, by id.
    Team(String),
    /// A queue, by id.
    Queue(String),
    /// The queue named after the case's level.
    LevelQueue,
}

impl Assign {
    /// Parses `original_employee`, `team:<id>` or `queue:<id>`.
    pub fn parse(s: &str) -> Option<Assign> {
        match s {
            "original_employee" => Some(Assign::OriginalEmployee),
            _ => match s.split_once(':') {
                Some(("team", id)) if !id.is_empty() => Some(Assign::Team(id.to_string())),
                Some(("queue", id)) if !id.is_empty() => Some(Assign::Queue(id.to_string())),
                _ => None,
            },
        }
    }
}

/// What happens when a deadline is breached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachAction {
    /// Escalate the case one level and restart the clock there.
    Escalate,
    /// Record the breach only.
    None,
}

/// An early-warning alert a rule raises.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertAction {
    /// Level that is alerted.
    pub level: Level,
    /// Acknowledge within; elapsed time unless `calendar` is set.
    pub within: Duration,
    /// Calendar whose working time `within` counts, if any.
    pub calendar: Option<CalendarIdx>,
}

/// A case a rule opens.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseAction {
    /// Level the case starts at.
    pub level: Level,
    /// Its priority.
    pub priority: Priority,
    /// Who it is assigned to.
    pub assign: Assign,
}

/// One escalation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Unique name.
    pub name: String,
    /// When it applies, as configured.
    pub when: Condition,
    /// The condition compiled for evaluation.
    pub program: crate::rule::Program,
    /// The alert it raises, if any.
    pub alert: Option<AlertAction>,
    /// The case it opens, if any.
    pub open_case: Option<CaseAction>,
}

/// The escalation policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    /// Level names, lowest first.
    pub levels: Vec<String>,
    /// Fraction of a deadline at which to warn (default 0.8).
    pub warn_at: f64,
    /// Window in which complaints of one customer count as repeats.
    pub repeat_window: Duration,
    /// On a breached first-response deadline.
    pub on_breach_first_response: BreachAction,
    /// On a breached resolution deadline.
    pub on_breach_resolution: BreachAction,
    /// Rules, in order.
    pub rules: Vec<Rule>,
}
