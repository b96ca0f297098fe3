//! SLA clocks and timers. Every case has a first-response and a resolution
//! clock in its channel's working time; alerts have an acknowledgement clock
//! in elapsed time. Timers live in one ordered index, so `advance_to` costs
//! what fires, not the number of open cases. A clock pauses while its case
//! waits for the customer; a breach escalates the case one level (per
//! `on_breach`) and restarts the clock there.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::shared::SharedStr;
use crate::events::Change;
use crate::case_record::{CaseRecord, Entry, Resolution};
use crate::engine::{CaseState, Engine};
use crate::error::{ClfError, Result};
use crate::escalation::BreachAction;

/// Which deadline of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// The customer is contacted.
    FirstResponse,
    /// A resolution is proposed.
    Resolution,
}

impl Deadline {
    fn index(self) -> usize {
        self as usize
    }

    /// The deadline's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Deadline::FirstResponse => "first_response",
            Deadline::Resolution => "resolution",
        }
    }
}

/// What a timer did when it fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerEventKind {
    /// A deadline is near (`warn_at` of its working time has passed).
    Warning,
    /// A deadline passed: the case was escalated if `on_breach` says so.
    Breach,
    /// No verdict within `loop.verdict_window`: the case closed `unconfirmed`.
    VerdictWindowClosed,
    /// An alert was not acknowledged in time: it went one level up.
    AlertOverdue,
}

impl TimerEventKind {
    /// The kind's name: `warning`, `breach`, `verdict_window_closed`, `alert_overdue`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimerEventKind::Warning => "warning",
            TimerEventKind::Breach => "breach",
            TimerEventKind::VerdictWindowClosed => "verdict_window_closed",
            TimerEventKind::AlertOverdue => "alert_overdue",
        }
    }
}

/// A timer that fired during `advance_to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimerEvent {
    /// When it was due (events come in this order).
    pub at: DateTime<Utc>,
    /// What happened.
    pub kind: TimerEventKind,
    /// The deadline, for warnings and breaches.
    pub deadline: Option<Deadline>,
    /// The case, if any (its id shared with the case).
    pub case_id: Option<SharedStr>,
    /// The alert, for overdue alerts.
    pub alert_id: Option<String>,
    /// The level of the case or alert after the event (the name shared with the engine).
    pub level: Option<SharedStr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub(crate) enum TimerKind {
    Warn(Deadline),
    Due(Deadline),
    Verdict,
    Alert,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct Timer {
    pub(crate) target: u32,
    pub(crate) kind: TimerKind,
    /// The clock generation it belongs to; a restarted, paused or met clock
    /// has a newer one, and its old timers are skipped when they come up.
    generation: u32,
}

/// A timer waiting for its time: `(at, seq)` orders the queue (`seq`
/// breaks ties in the order they were set).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scheduled {
    pub(crate) at: DateTime<Utc>,
    pub(crate) seq: u64,
    pub(crate) timer: Timer,
}

impl Eq for Scheduled {}

impl Ord for Scheduled {
    /// Reversed, so that the [`BinaryHeap`](std::collections::BinaryHeap)
    /// gives the earliest first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Every timer set, earliest first, in hour-long buckets: a wheel of
/// consecutive hours from the earliest waiting one, and a B-tree of heaps
/// for the rare hours more than [`SPAN`] away from the wheel's first.
///
/// An hour not yet reached keeps its timers as a list linked through one
/// pool of nodes: setting a timer writes one node and the hour's head, and
/// allocates nothing once the pool has grown. The front hour's list is
/// moved into a binary heap the first time a due timer is asked for, and
/// timers set in that hour afterwards go into the heap; taking the next due
/// pops it, skipping hours left empty. Each timer is moved once, so taking
/// timers costs what fires. (One heap of every timer made each pop walk a
/// path of cache misses once millions are waiting; a B-tree of every hour
/// made each of a new case's four timers search it; a heap per hour
/// allocated for most hours and read a heap of its own at every timer set.)
/// Stale timers (of a restarted, paused or met clock) stay until they come
/// up and are skipped then.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timers {
    /// The hour of `wheel[0]`.
    first: i64,
    /// `wheel[k]`: the first node of hour `first + k`'s list in `nodes`,
    /// plus one (0 for none). While `front` holds timers, `wheel[0]` is 0.
    wheel: std::collections::VecDeque<u32>,
    /// The timers of hour `first` once it is open (non-empty).
    front: std::collections::BinaryHeap<Scheduled>,
    /// The pool of list nodes; a free node is on the free list.
    nodes: Vec<Node>,
    /// The first free node, plus one (0 for none).
    free: u32,
    /// The timers of hours the wheel does not reach, by hour.
    far: std::collections::BTreeMap<i64, std::collections::BinaryHeap<Scheduled>>,
    len: usize,
}

/// A timer in an hour's list, and the next node of the list (or of the
/// free list), plus one (0 for none).
#[derive(Debug, Clone, Copy)]
struct Node {
    timer: Scheduled,
    next: u32,
}

/// The hours the wheel spans at most: about two years (a few in the crate's
/// unit tests, so that they reach the far hours).
const SPAN: usize = if cfg!(test) { 3 } else { 1 << 14 };

/// The hour (since the epoch) a timer falls in.
fn hour_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(3600)
}

impl Timers {
    pub(crate) fn push(&mut self, s: Scheduled) {
        self.len += 1;
        let hour = hour_of(s.at);
        if self.wheel.is_empty() {
            self.first = hour;
        }
        if hour < self.first {
            let gap = (self.first - hour) as u64;
            if gap + self.wheel.len() as u64 > SPAN as u64 {
                self.far.entry(hour).or_default().push(s);
                return;
            }
            // The front hour is no longer the first: its heap goes back
            // into its list (rare: a timer before every one waiting).
            self.close_front();
            for _ in 0..gap {
                self.wheel.push_front(0);
            }
            self.first = hour;
        }
        let k = (hour - self.first) as u64;
        if k >= SPAN as u64 {
            self.far.entry(hour).or_default().push(s);
            return;
        }
        let k = k as usize;
        if k == 0 && !self.front.is_empty() {
            self.front.push(s);
            return;
        }
        if k >= self.wheel.len() {
            self.wheel.resize(k + 1, 0);
        }
        self.link(k, s);
    }

    /// Puts `s` at the head of the list of `wheel[k]`.
    fn link(&mut self, k: usize, timer: Scheduled) {
        let next = self.wheel[k];
        let node = Node { timer, next };
        let at = match self.free {
            0 => {
                self.nodes.push(node);
                self.nodes.len() as u32
            }
            free => {
                let n = &mut self.nodes[free as usize - 1];
                self.free = n.next;
                *n = node;
                free
            }
        };
        self.wheel[k] = at;
    }

    /// The timers of the list starting at `head` (a wheel entry), in no order.
    fn list(&self, mut head: u32) -> impl Iterator<Item = Scheduled> + '_ {
        std::iter::from_fn(move || {
            let node = self.nodes.get(head.checked_sub(1)? as usize)?;
            head = node.next;
            Some(node.timer)
        })
    }

    /// Opens the front hour: its list into the heap, its nodes freed.
    fn open_front(&mut self) {
        let mut head = std::mem::take(&mut self.wheel[0]);
        while head != 0 {
            let n = &mut self.nodes[head as usize - 1];
            self.front.push(n.timer);
            let next = std::mem::replace(&mut n.next, self.free);
            self.free = head;
            head = next;
        }
    }

    /// Closes the front hour: its heap back into its list.
    fn close_front(&mut self) {
        while let Some(s) = self.front.pop() {
            self.link(0, s);
        }
    }

    /// The earliest timer if it is due at `now`, taken off the queue.
    pub(crate) fn pop_due(&mut self, now: DateTime<Utc>) -> Option<Scheduled> {
        // The first hour with timers, open.
        while let Some(&head) = self.wheel.front() {
            if !self.front.is_empty() {
                break;
            }
            if head != 0 {
                self.open_front();
                break;
            }
            self.wheel.pop_front();
            self.first += 1;
        }
        let near = self.front.peek();
        let far = self.far.first_key_value().and_then(|(_, h)| h.peek());
        // The heaps give their earliest as their greatest.
        let due = if far.is_some_and(|f| near.is_none_or(|n| f > n)) {
            let mut first = self.far.first_entry()?;
            if first.get().peek()?.at > now {
                return None;
            }
            let due = first.get_mut().pop();
            if first.get().is_empty() {
                first.remove();
            }
            due
        } else {
            if self.front.peek()?.at > now {
                return None;
            }
            self.front.pop()
        };
        self.len -= 1;
        due
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Every timer, earliest first.
    pub(crate) fn sorted(&self) -> Vec<Scheduled> {
        let mut all: Vec<Scheduled> = self.front.iter().copied().chain(self.wheel.iter().flat_map(|&head| self.list(head))).chain(self.far.values().flat_map(|h| h.iter().copied())).collect();
        all.sort_by(|a, b| b.cmp(a));
        all
    }
}

impl PartialEq for Timers {
    fn eq(&self, other: &Timers) -> bool {
        self.sorted() == other.sorted()
    }
}

/// Written as the list of `[[due, seq], timer]` pairs, earliest first.
impl Serialize for Timers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.sorted().iter().map(|t| ((t.at, t.seq), t.timer)))
    }
}

impl<'de> serde::Deserialize<'de> for Timers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Timers, D::Error> {
        let pairs: Vec<((DateTime<Utc>, u64), Timer)> = Vec::deserialize(d)?;
        let mut timers = Timers::default();
        for ((at, seq), timer) in pairs {
            timers.push(Scheduled { at, seq, timer });
        }
        Ok(timers)
    }
}

/// The clock state of one case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct Clock {
    generation: [u32; 2],
    met: [bool; 2],
    /// Working time left on each deadline while the case waits.
    #[serde(with = "crate::snapshot::paused")]
    paused: Option<Box<[TimeDelta; 2]>>,
    verdict_generation: u32,
}

/// The acknowledgement clock of one alert.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct AlertClock {
    generation: u32,
}

impl Engine {
    fn schedule(&mut self, at: DateTime<Utc>, target: usize, kind: TimerKind, generation: u32) {
        self.st.timer_seq += 1;
        self.st.timers.push(Scheduled { at, seq: self.st.timer_seq, timer: Timer { target: target as u32, kind, generation } });
    }

    fn channel_of(&self, case: &CaseRecord) -> usize {
        self.config.channel_idx(&case.channel).map(|c| c.index()).unwrap_or(0)
    }

    /// Total working time of deadline `d` of a case on `channel`.
    fn sla_work(&self, channel: usize, d: Deadline) -> TimeDelta {
        let ch = &self.config.channels[channel];
        let duration = match d {
            Deadline::FirstResponse => &ch.first_response,
            Deadline::Resolution => &ch.resolution,
        };
        TimeDelta::minutes(self.calendar_for(channel).working_minutes(duration) as i64)
    }

    /// Sets deadline `d` of case `i` to `work` of working time after `from`
    /// (with its warning where `warn_at` of the whole SLA falls), and schedules it.
    fn set_deadline(&mut self, i: usize, d: Deadline, from: DateTime<Utc>, work: TimeDelta) {
        let channel = self.channel_of(&self.st.cases[i]);
        let total = self.sla_work(channel, d);
        let warn_point = TimeDelta::seconds((total.num_seconds() as f64 * self.config.escalation.warn_at).round() as i64);
        let done = total - work;
        let due = self.working_deadline(channel, from, work);
        let warn = if done < warn_point { Some(self.working_deadline(channel, from, warn_point - done)) } else { None };
        let clock = &mut self.st.clocks[i];
        clock.generation[d.index()] += 1;
        clock.met[d.index()] = false;
        let generation = clock.generation[d.index()];
        let case = &mut self.st.cases[i];
        match d {
            Deadline::FirstResponse => {
                case.first_response_due = due;
                if let Some(w) = warn {
                    case.first_response_warn_at = w;
                }
            }
            Deadline::Resolution => {
                case.resolution_due = due;
                if let Some(w) = warn {
                    case.resolution_warn_at = w;
                }
            }
        }
        if let Some(w) = warn {
            self.schedule(w, i, TimerKind::Warn(d), generation);
        }
        self.schedule(due, i, TimerKind::Due(d), generation);
    }

    /// Schedules the clocks of a case just opened.
    pub(crate) fn start_clocks(&mut self, i: usize) {
        self.st.clocks.push(Clock::default());
        let case = &self.st.cases[i];
        let (fr_warn, fr_due, res_warn, res_due) = (case.first_response_warn_at, case.first_response_due, case.resolution_warn_at, case.resolution_due);
        self.schedule(fr_warn, i, TimerKind::Warn(Deadline::FirstResponse), 0);
        self.schedule(fr_due, i, TimerKind::Due(Deadline::FirstResponse), 0);
        self.schedule(res_warn, i, TimerKind::Warn(Deadline::Resolution), 0);
        self.schedule(res_due, i, TimerKind::Due(Deadline::Resolution), 0);
    }

    /// Schedules the acknowledgement clock of an alert just raised.
    pub(crate) fn start_alert_clock(&mut self, a: usize) {
        self.st.alert_clocks.push(AlertClock::default());
        let due = self.st.alerts[a].due;
        self.schedule(due, a, TimerKind::Alert, 0);
    }

    /// Deadline `d` of case `i` is met (first contact, proposed resolution).
    pub(crate) fn meet(&mut self, i: usize, d: Deadline) {
        let clock = &mut self.st.clocks[i];
        if !clock.met[d.index()] {
            clock.met[d.index()] = true;
            clock.generation[d.index()] += 1;
        }
    }

    /// Restarts deadline `d` of case `i` from `at` with the whole SLA.
    pub(crate) fn restart(&mut self, i: usize, d: Deadline, at: DateTime<Utc>) {
        let work = self.sla_work(self.channel_of(&self.st.cases[i]), d);
        self.set_deadline(i, d, at, work);
    }

    /// The case waits for the customer: its running clocks stop, keeping the
    /// working time they had left.
    pub(crate) fn pause(&mut self, i: usize, at: DateTime<Utc>) {
        let channel = self.channel_of(&self.st.cases[i]);
        let case = &self.st.cases[i];
        let (fr, res) = (case.first_response_due, case.resolution_due);
        let left = [self.working_elapsed(channel, at, fr), self.working_elapsed(channel, at, res)];
        let clock = &mut self.st.clocks[i];
        clock.paused = Some(Box::new(left));
        clock.generation[0] += 1;
        clock.generation[1] += 1;
    }

    /// Work resumes: paused clocks run on from `at` with the time they had left.
    pub(crate) fn resume(&mut self, i: usize, at: DateTime<Utc>) {
        let Some(left) = self.st.clocks[i].paused.take().map(|b| *b) else { return };
        for d in [Deadline::FirstResponse, Deadline::Resolution] {
            if !self.st.clocks[i].met[d.index()] {
                self.set_deadline(i, d, at, left[d.index()]);
            }
        }
    }

    /// A resolution was proposed: the verdict window starts.
    pub(crate) fn start_verdict_window(&mut self, i: usize, at: DateTime<Utc>) {
        let window = TimeDelta::minutes(self.config.loop_settings.verdict_window.elapsed_minutes() as i64);
        self.st.clocks[i].verdict_generation += 1;
        let generation = self.st.clocks[i].verdict_generation;
        self.schedule(at + window, i, TimerKind::Verdict, generation);
    }

    /// The case closed or left `resolved`: its verdict window no longer runs.
    pub(crate) fn stop_verdict_window(&mut self, i: usize) {
        self.st.clocks[i].verdict_generation += 1;
    }

    /// An alert was acknowledged: its clock stops.
    pub(crate) fn stop_alert_clock(&mut self, a: usize) {
        self.st.alert_clocks[a].generation += 1;
    }

    /// Moves the engine's time to `now` and fires every timer due by then, in
    /// time order. An earlier `now` than the last one is a validation error.
    pub fn advance_to(&mut self, now: DateTime<Utc>) -> Result<Vec<TimerEvent>> {
        if let Some(previous) = self.st.now {
            if now < previous {
                return Err(ClfError::validation("now", format!("{now} is before the engine's time ({previous}): time never goes backwards")));
            }
        }
        if self.st.now != Some(now) {
            self.record(Some(now), Change::TimeAdvanced);
        }
        self.st.now = Some(now);
        let mut events = Vec::new();
        while let Some(due) = self.st.timers.pop_due(now) {
            self.fire(due.at, due.timer, &mut events);
        }
        Ok(events)
    }

    /// The engine's time: the last `advance_to`, if any.
    pub fn now(&self) -> Option<DateTime<Utc>> {
        self.st.now
    }

    /// Timers waiting to fire (stale ones included until they come up).
    pub fn pending_timers(&self) -> usize {
        self.st.timers.len()
    }

    fn fire(&mut self, at: DateTime<Utc>, t: Timer, events: &mut Vec<TimerEvent>) {
        let i = t.target as usize;
        match t.kind {
            TimerKind::Warn(d) | TimerKind::Due(d) => {
                let clock = &self.st.clocks[i];
                let live = !matches!(self.st.cases[i].state, CaseState::Closed | CaseState::Waiting);
                if clock.generation[d.index()] != t.generation || clock.met[d.index()] || !live {
                    return;
                }
                let case_id = Some(self.st.cases[i].id.clone());
                if let TimerKind::Warn(_) = t.kind {
                    let case = &mut self.st.cases[i];
                    case.history.push(Entry::Warned(at, d));
                    events.push(TimerEvent { at, kind: TimerEventKind::Warning, deadline: Some(d), case_id, alert_id: None, level: Some(case.level.clone()) });
                    return;
                }
                let action = match d {
                    Deadline::FirstResponse => self.config.escalation.on_breach_first_response,
                    Deadline::Resolution => self.config.escalation.on_breach_resolution,
                };
                let levels = self.names.levels.clone();
                let case = &mut self.st.cases[i];
                case.history.push(Entry::Breached(at, d));
                let rank = levels.iter().position(|l| *l == case.level).unwrap_or(0);
                let escalate = action == BreachAction::Escalate && rank + 1 < levels.len();
                if escalate {
                    let from = std::mem::replace(&mut case.level, levels[rank + 1].clone());
                    case.history.push(Entry::system(at, "escalate", format!("{from} → {} after the {} breach", case.level, d.as_str())));
                }
                let level = Some(case.level.clone());
                events.push(TimerEvent { at, kind: TimerEventKind::Breach, deadline: Some(d), case_id, alert_id: None, level });
                if escalate {
                    // The clock starts again at the new level.
                    self.restart(i, d, at);
                }
            }
            TimerKind::Verdict => {
                if self.st.clocks[i].verdict_generation != t.generation || self.st.cases[i].state != CaseState::Resolved {
                    return;
                }
                let case = &mut self.st.cases[i];
                case.state = CaseState::Closed;
                case.resolution = Some(Resolution::Unconfirmed);
                case.closed_at = Some(at);
                case.history.push(Entry::system(at, "verdict_window_closed", self.config.loop_settings.verdict_window.to_string()));
                let (case_id, level, customer) = (case.id.clone(), case.level.clone(), case.customer.clone());
                if let Some(record) = customer.as_deref().and_then(|c| self.st.customers.get_mut(c)) {
                    if record.open_case() == Some(i as u32) {
                        record.set_open_case(None);
                    }
                }
                events.push(TimerEvent { at, kind: TimerEventKind::VerdictWindowClosed, deadline: None, case_id: Some(case_id), alert_id: None, level: Some(level) });
            }
            TimerKind::Alert => {
                if self.st.alert_clocks[i].generation != t.generation || self.st.alerts[i].acknowledged_at.is_some() {
                    return;
                }
                let levels = &self.names.levels;
                let alert = &mut self.st.alerts[i];
                let rank = levels.iter().position(|l| *l == alert.level).unwrap_or(0);
                let escalated = rank + 1 < levels.len();
                if escalated {
                    alert.level = levels[rank + 1].clone();
                    alert.due = at + (alert.due - alert.raised_at);
                    alert.raised_at = at;
                }
                events.push(TimerEvent { at, kind: TimerEventKind::AlertOverdue, deadline: None, case_id: alert.case_id.clone(), alert_id: Some(alert.id()), level: Some(alert.level.clone()) });
                if escalated {
                    let (due, generation) = (alert.due, self.st.alert_clocks[i].generation);
                    self.schedule(due, i, TimerKind::Alert, generation);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn timer(minute: i64, seq: u64) -> Scheduled {
        let at = DateTime::from_timestamp(1_790_000_000 + minute * 60, 0).unwrap_or_default();
        Scheduled { at, seq, timer: Timer { target: seq as u32, kind: TimerKind::Alert, generation: 0 } }
    }

    proptest! {
        /// Whatever the order timers are set in, and however setting and
        /// advancing interleave (timers set in the hour being fired, or
        /// before it), they come out by due time, ties in the order set,
        /// each once, and none before it is due.
        #[test]
        fn timers_fire_in_order_of_due_time_each_once(steps in proptest::collection::vec((0i64..600, 0i64..200), 1..300)) {
            let mut timers = Timers::default();
            let mut waiting: Vec<Scheduled> = Vec::new();
            let mut fired: Vec<Scheduled> = Vec::new();
            let mut now = 0i64;
            for (seq, &(minute, advance)) in steps.iter().enumerate() {
                let t = timer(minute, seq as u64);
                timers.push(t);
                waiting.push(t);
                if advance < 40 {
                    now += advance;
                    let until = timer(now, 0).at;
                    let mut batch = Vec::new();
                    while let Some(t) = timers.pop_due(until) {
                        prop_assert!(t.at <= until);
                        batch.push(t);
                    }
                    prop_assert!(batch.windows(2).all(|p| (p[0].at, p[0].seq) < (p[1].at, p[1].seq)), "one advance fires in order");
                    fired.extend(batch);
                    prop_assert!(waiting.iter().filter(|w| !fired.contains(w)).all(|w| w.at > until));
                }
                prop_assert_eq!(timers.len(), waiting.len() - fired.len());
            }
            let mut batch = Vec::new();
            while let Some(t) = timers.pop_due(timer(1_000_000, 0).at) {
                batch.push(t);
            }
            prop_assert!(batch.windows(2).all(|p| (p[0].at, p[0].seq) < (p[1].at, p[1].seq)), "one advance fires in order");
            fired.extend(batch);
            // Each batch fired in order; all fired once.
            let mut expected = waiting.clone();
            expected.sort_by_key(|t| (t.at, t.seq));
            let mut got = fired.clone();
            got.sort_by_key(|t| (t.at, t.seq));
            prop_assert_eq!(got, expected);
            prop_assert_eq!(timers.len(), 0);
        }
    }

    #[test]
    fn an_opened_hour_gives_its_nodes_back_to_the_pool() {
        let mut timers = Timers::default();
        for seq in 0..8 {
            timers.push(timer(10 + seq as i64, seq));
        }
        assert_eq!(timers.nodes.len(), 8);
        // Reaching the hour moves its timers into the heap and frees their nodes.
        assert_eq!(timers.pop_due(timer(10, 0).at).map(|t| t.seq), Some(0));
        for seq in 8..16 {
            timers.push(timer(70 + seq as i64, seq));
        }
        assert_eq!(timers.nodes.len(), 8, "the next hour's timers reuse the freed nodes");
        let order: Vec<u64> = std::iter::from_fn(|| timers.pop_due(timer(200, 0).at)).map(|t| t.seq).collect();
        assert_eq!(order, (1..16).collect::<Vec<u64>>());
        assert_eq!(timers.len(), 0);
    }

    #[test]
    fn sorted_lists_every_timer_waiting_earliest_first() {
        let mut timers = Timers::default();
        for (seq, minute) in [(1, 200), (2, 5), (3, 65), (4, 5), (5, 130)] {
            timers.push(timer(minute, seq));
        }
        // Bring the first hour to the front, then set one before it.
        assert_eq!(timers.pop_due(timer(5, 0).at).map(|t| t.seq), Some(2));
        timers.push(timer(-30, 6));
        let order: Vec<u64> = timers.sorted().iter().map(|t| t.seq).collect();
        assert_eq!(order, [6, 4, 3, 5, 1]);
    }
}
