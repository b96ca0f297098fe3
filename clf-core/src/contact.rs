//! The contact policy: who is invited to a survey, when, and how often.

use crate::duration::Duration;
use crate::journey::TouchpointIdx;

/// A limit of `count` surveys per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Surveys allowed in the period.
    pub count: u32,
    /// The rolling period.
    pub per: Duration,
}

/// The contact policy.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactPolicy {
    /// Per customer, e.g. one per 30 days.
    pub max_per_customer: Option<RateLimit>,
    /// Per customer per year.
    pub max_per_year: Option<u32>,
    /// Minimum time between two surveys of one customer.
    pub min_gap: Option<Duration>,
    /// Delay after the touchpoint event, by default…
    pub default_delay: Option<Duration>,
    /// …and per touchpoint.
    pub delays: Vec<(TouchpointIdx, Duration)>,
    /// No invitations between `from` and `to` (minutes from midnight, in the
    /// organisation's time zone); invitations are shifted, not skipped.
    pub quiet_hours: Option<(u16, u16)>,
    /// Share of events sampled, by default (1.0 = everyone)…
    pub default_sampling: f64,
    /// …and per touchpoint.
    pub sampling: Vec<(TouchpointIdx, f64)>,
    /// Ask later while the customer has an open complaint case.
    pub skip_while_case_open: bool,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        ContactPolicy {
            max_per_customer: None,
            max_per_year: None,
            min_gap: None,
            default_delay: None,
            delays: Vec::new(),
            quiet_hours: None,
            default_sampling: 1.0,
            sampling: Vec::new(),
            skip_while_case_open: true,
        }
    }
}
