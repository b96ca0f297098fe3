//! Loop metrics: how well the inner loop works, overall and by any summary
//! dimension of the response that opened each case. Times in business time
//! (the channel's calendar) and in calendar time.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::case_record::Resolution;
use crate::engine::{CaseState, Engine};
use crate::timer::Deadline;
use crate::error::Result;
use crate::journey::{ChannelIdx, TouchpointIdx};
use crate::instrument::InstrumentIdx;
use crate::scoring::{CsatScore, ScaleTally};
use crate::summary::{Dimension, Summaries, SummaryQuery, format_period, period_start};

/// Where a case came from: the response that opened it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct CaseOrigin {
    pub touchpoint: TouchpointIdx,
    pub channel: ChannelIdx,
    pub instrument: InstrumentIdx,
    /// The opening response's summary row, which holds its employee, team
    /// and locale.
    pub row: u32,
    /// The NPS of the response that opened the case, if it had one.
    pub before: Option<u8>,
    /// The customer's next NPS after the case closed, if any came.
    pub after: Option<u8>,
    /// CSAT answers of handling surveys about the case.
    pub handling: Option<Box<ScaleTally>>,
}

/// Durations of one step of the loop (first response or resolution).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTimes {
    /// Cases that reached the step.
    pub n: u64,
    /// Mean working time to it, in minutes (the channel's calendar).
    pub mean_business_minutes: Option<f64>,
    /// Median working time to it, in minutes.
    pub median_business_minutes: Option<f64>,
    /// Mean calendar time to it, in minutes.
    pub mean_calendar_minutes: Option<f64>,
    /// Median calendar time to it, in minutes.
    pub median_calendar_minutes: Option<f64>,
    /// Cases whose step is decided: reached, or its deadline passed.
    pub decided: u64,
    /// Of those, reached by the deadline.
    pub within_sla: u64,
    /// `within_sla / decided` in percent, if any is decided.
    pub sla_attainment: Option<f64>,
}

/// Scores before and after: the NPS that opened a case against the
/// customer's next NPS after it closed.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The loop metrics of one group of cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoopMetrics {
    /// The group's value per `group_by` dimension (an object in JSON).
    #[serde(serialize_with = "crate::idmap::pairs_as_map")]
    pub key: Vec<(String, Option<String>)>,
    /// Cases.
    pub cases: u64,
    /// Closed cases.
    pub closed: u64,
    /// Closed `effective` (the customer said so).
    pub effective: u64,
    /// Percent of cases closed.
    pub share_closed: f64,
    /// Percent of closed cases closed `effective`.
    pub share_effective: Option<f64>,
    /// Percent of cases reopened at least once.
    pub reopen_rate: f64,
    /// Percent of cases escalated at least once.
    pub escalation_rate: f64,
    /// Percent of cases that received a repeat complaint (more than one response).
    pub repeat_complaint_rate: f64,
    /// Time to first contact.
    pub first_response: StepTimes,
    /// Time to a proposed resolution.
    pub resolution: StepTimes,
    /// Score after against score before, where both are known.
    pub recovery: Option<Recovery>,
    /// CSAT of the handling surveys about these cases.
    pub handling: Option<CsatScore>,
}

#[derive(Default)]
struct Step {
    business: Vec<f64>,
    calendar: Vec<f64>,
    decided: u64,
    within: u64,
}

impl Step {
    fn add(&mut self, reached: Option<(TimeDelta, TimeDelta, bool)>, overdue: bool) {
        match reached {
            Some((business, calendar, in_time)) => {
                self.business.push(business.num_seconds() as f64 / 60.0);
                self.calendar.push(calendar.num_seconds() as f64 / 60.0);
                self.decided += 1;
                self.within += in_time as u64;
            }
            None if overdue => self.decided += 1,
            None => {}
        }
    }

    fn times(mut self) -> StepTimes {
        let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        let median = |v: &mut Vec<f64>| {
            if v.is_empty() {
                return None;
            }
            v.sort_by(|a, b| a.total_cmp(b));
            let m = v.len() / 2;
            Some(if v.len() % 2 == 0 { (v[m - 1] + v[m]) / 2.0 } else { v[m] })
        };
        StepTimes {
            n: self.business.len() as u64,
            mean_business_minutes: mean(&self.business),
            median_business_minutes: median(&mut self.business),
            mean_calendar_minutes: mean(&self.calendar),
            median_calendar_minutes: median(&mut self.calendar),
            decided: self.decided,
            within_sla: self.within,
            sla_attainment: (self.decided > 0).then(|| self.within as f64 * 100.0 / self.decided as f64),
        }
    }
}

#[derive(Default)]
struct Group {
    cases: u64,
    closed: u64,
    effective: u64,
    reopened: u64,
    escalated: u64,
    repeat: u64,
    first_response: Step,
    resolution: Step,
    recovery: (u64, u64, u64),
    handling: Option<ScaleTally>,
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 * 100.0 / whole as f64 }
}

impl Engine {
    /// Loop metrics of the cases, grouped and filtered like summaries by the
    /// response that opened each case (periods by the day it was opened, in
    /// the organisation's time zone). SLA attainment counts a step as decided
    /// once it is reached or its deadline has passed by `now` (the engine's
    /// time, or the latest event when `advance_to` was never called).
    pub fn loop_metrics(&self, query: SummaryQuery) -> Result<Vec<LoopMetrics>> {
        // Validates the query and its filter values.
        Summaries::new(&self.config, query.clone())?;
        let config = &self.config;
        let now: DateTime<Utc> = self.st.now.unwrap_or_else(|| self.st.cases.iter().map(|c| c.last_at()).max().unwrap_or_default());
        let value = |d: Dimension, i: usize| -> Option<String> {
            let o = &self.st.origins[i];
            match d {
                Dimension::Touchpoint => Some(config.touchpoints[o.touchpoint.index()].id.clone()),
                Dimension::Journey => Some(config.journeys[config.touchpoints[o.touchpoint.index()].journey.index()].id.clone()),
                Dimension::Channel => Some(config.channels[o.channel.index()].id.clone()),
                Dimension::Instrument => Some(config.instruments[o.instrument.index()].id.clone()),
                Dimension::Employee | Dimension::Team | Dimension::Locale => self.rows.text(o.row as usize, d).map(String::from),
                Dimension::Period(unit) => {
                    let day = self.st.cases[i].opened_at.with_timezone(&config.time_zone).date_naive();
                    Some(format_period(unit, period_start(unit, day)))
                }
            }
        };
        let mut groups: BTreeMap<Vec<Option<String>>, Group> = BTreeMap::new();
        for (i, case) in self.st.cases.iter().enumerate() {
            if !query.filter.iter().all(|(d, want)| value(*d, i).as_deref() == Some(want.as_str())) {
                continue;
            }
            let key: Vec<Option<String>> = query.group_by.iter().map(|d| value(*d, i)).collect();
            let g = groups.entry(key).or_default();
            g.cases += 1;
            g.closed += (case.state == CaseState::Closed) as u64;
            g.effective += (case.resolution == Some(Resolution::Effective)) as u64;
            g.reopened += (case.reopened > 0) as u64;
            g.escalated += case.escalated() as u64;
            g.repeat += (case.responses() > 1) as u64;
            let channel = self.st.origins[i].channel.index();
            // A breach restarts the clock, so the history tells whether the
            // deadline was ever missed.
            let step = |reached: Option<DateTime<Utc>>, due: DateTime<Utc>, missed: bool| {
                reached.map(|t| (self.working_elapsed(channel, case.opened_at, t), t - case.opened_at, t <= due && !missed))
            };
            let (fr_missed, res_missed) = (case.breached(Deadline::FirstResponse), case.breached(Deadline::Resolution));
            g.first_response.add(step(case.first_contact_at, case.first_response_due, fr_missed), case.first_contact_at.is_none() && (fr_missed || now > case.first_response_due));
            g.resolution.add(step(case.resolved_at, case.resolution_due, res_missed), case.resolved_at.is_none() && (res_missed || now > case.resolution_due));
            let o = &self.st.origins[i];
            if let (Some(b), Some(a)) = (o.before, o.after) {
                g.recovery.0 += 1;
                g.recovery.1 += b as u64;
                g.recovery.2 += a as u64;
            }
            if let Some(h) = &o.handling {
                match &mut g.handling {
                    Some(t) => {
                        let _ = t.merge(h);
                    }
                    None => g.handling = Some((**h).clone()),
                }
            }
        }
        Ok(groups
            .into_iter()
            .map(|(key, g)| LoopMetrics {
                key: query.group_by.iter().map(|d| d.as_str().to_string()).zip(key).collect(),
                cases: g.cases,
                closed: g.closed,
                effective: g.effective,
                share_closed: percent(g.closed, g.cases),
                share_effective: (g.closed > 0).then(|| percent(g.effective, g.closed)),
                reopen_rate: percent(g.reopened, g.cases),
                escalation_rate: percent(g.escalated, g.cases),
                repeat_complaint_rate: percent(g.repeat, g.cases),
                first_response: g.first_response.times(),
                resolution: g.resolution.times(),
                recovery: (g.recovery.0 > 0).then(|| {
                    let n = g.recovery.0 as f64;
                    let (before, after) = (g.recovery.1 as f64 / n, g.recovery.2 as f64 / n);
                    Recovery { n: g.recovery.0, before, after, change: after - before }
                }),
                handling: g.handling.and_then(|t| t.csat(config.confidence)),
            })
            .collect())
    }
}
