//! Summaries of responses grouped by any of touchpoint, journey, channel,
//! instrument, employee, team, locale and calendar period (in the
//! organisation's time zone). Summaries hold exact counts, so the summary of
//! A merged with the summary of B equals the summary of A ∪ B: compute them
//! per partition, per process or per machine and combine.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{ClfError, ErrorCode, Result, index, join};
use crate::hashindex::HashIndex;
use crate::idmap::IdMap;
use crate::instrument::{InstrumentIdx, QuestionKind};
use crate::journey::{ChannelIdx, JourneyIdx, TouchpointIdx};
use crate::response::{Answer, Response, ResponseInput, ResponseRef};
use crate::scoring::{CesScore, CsatScore, EmotionSummary, EmotionTally, MeanScore, MeanTally, NpsScore, NpsTally, ScaleTally};

/// The unit of a calendar period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub enum PeriodUnit {
    /// `2026-11-22`
    Day,
    /// ISO week, `2026-W47`
    Week,
    /// `2026-11`
    Month,
    /// `2026-Q4`
    Quarter,
}

/// What responses can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// The touchpoint.
    Touchpoint,
    /// The touchpoint's journey.
    Journey,
    /// The channel.
    Channel,
    /// The instrument answered.
    Instrument,
    /// The employee of the contact.
    Employee,
    /// The team of the contact.
    Team,
    /// The customer's locale.
    Locale,
    /// The period of `submitted_at` in the organisation's time zone.
    Period(PeriodUnit),
}

impl Dimension {
    /// All dimensions, in the order their names are listed.
    pub const ALL: [Dimension; 11] = [
        Dimension::Touchpoint,
        Dimension::Journey,
        Dimension::Channel,
        Dimension::Instrument,
        Dimension::Employee,
        Dimension::Team,
        Dimension::Locale,
        Dimension::Period(PeriodUnit::Day),
        Dimension::Period(PeriodUnit::Week),
        Dimension::Period(PeriodUnit::Month),
        Dimension::Period(PeriodUnit::Quarter),
    ];

    /// The dimension's name: `touchpoint`, …, `day`, `week`, `month`, `quarter`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Touchpoint => "touchpoint",
            Dimension::Journey => "journey",
            Dimension::Channel => "channel",
            Dimension::Instrument => "instrument",
            Dimension::Employee => "employee",
            Dimension::Team => "team",
            Dimension::Locale => "locale",
            Dimension::Period(PeriodUnit::Day) => "day",
            Dimension::Period(PeriodUnit::Week) => "week",
            Dimension::Period(PeriodUnit::Month) => "month",
            Dimension::Period(PeriodUnit::Quarter) => "quarter",
        }
    }

    /// Parses a dimension's name.
    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s)
    }

    fn names() -> String {
        Dimension::ALL.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which groups to form, and which responses to keep.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SummaryQuery {
    /// Group by these dimensions, in this order (none: one overall group).
    pub group_by: Vec<Dimension>,
    /// Keep only responses whose value of the dimension equals the string.
    pub filter: Vec<(Dimension, String)>,
}

impl SummaryQuery {
    /// Groups by `dims`, keeping every response.
    pub fn group_by(dims: impl IntoIterator<Item = Dimension>) -> Self {
        SummaryQuery { group_by: dims.into_iter().collect(), filter: Vec::new() }
    }

    /// Reads a query from its input form: dimension names and a `where` map.
    pub fn from_input(input: &SummaryQueryInput) -> Result<SummaryQuery> {
        let mut group_by = Vec::with_capacity(input.group_by.len());
        for (i, name) in input.group_by.iter().enumerate() {
            let d = Dimension::parse(name).ok_or_else(|| ClfError::validation(index("group_by", i), format!("unknown dimension {name:?}: expected one of {}", Dimension::names())))?;
            if group_by.contains(&d) {
                return Err(ClfError::validation(index("group_by", i), format!("dimension {name:?} is listed twice")));
            }
            group_by.push(d);
        }
        let mut filter = Vec::with_capacity(input.where_.len());
        for (name, value) in input.where_.iter() {
            let d = Dimension::parse(name).ok_or_else(|| ClfError::validation(join("where", name), format!("unknown dimension {name:?}: expected one of {}", Dimension::names())))?;
            filter.push((d, value.clone()));
        }
        Ok(SummaryQuery { group_by, filter })
    }
}

/// A summary query as JSON / a binding's dict writes it:
/// `{"group_by": ["touchpoint", "month"], "where": {"channel": "phone"}}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryQueryInput {
    /// Dimension names.
    #[serde(default)]
    pub group_by: Vec<String>,
    /// Dimension name → required value.
    #[serde(default, rename = "where")]
    pub where_: IdMap<String>,
}

impl SummaryQueryInput {
    /// Reads a query from any serde deserializer.
    pub fn from_deserializer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SummaryQueryInput>
    where
        D::Error: fmt::Display,
    {
        crate::input::from_deserializer(d, ErrorCode::Validation)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyPart {
    /// A configured object by index (config order is the natural order).
    Idx(u32),
    /// A free id (employee, team, locale) interned in the summaries, or none.
    Text(Option<u32>),
    /// A calendar period, sortable.
    Period(NaiveDate, PeriodUnit),
}

/// Exact tallies of one group.
#[derive(Debug, Clone, PartialEq)]
struct Tallies {
    responses: u64,
    /// By position in `Config::questions`.
    questions: Vec<QuestionTally>,
}

#[derive(Debug, Clone, PartialEq)]
enum QuestionTally {
    Unscored,
    Nps(NpsTally),
    Scale(ScaleTally),
    Mean(MeanTally),
    Emotion(EmotionTally),
}

impl QuestionTally {
    fn for_kind(kind: &QuestionKind) -> QuestionTally {
        match kind {
            QuestionKind::Nps => QuestionTally::Nps(NpsTally::default()),
            QuestionKind::Csat { scale } | QuestionKind::Ces { scale } => QuestionTally::Scale(ScaleTally::new(*scale)),
            QuestionKind::Rating { .. } => QuestionTally::Mean(MeanTally::default()),
            QuestionKind::Emotion { options } => QuestionTally::Emotion(EmotionTally::new(options.len())),
            _ => QuestionTally::Unscored,
        }
    }

    fn merge(&mut self, other: &QuestionTally) {
        match (self, other) {
            (QuestionTally::Nps(a), QuestionTally::Nps(b)) => a.merge(b),
            // Same question, same scale: merging cannot fail.
            (QuestionTally::Scale(a), QuestionTally::Scale(b)) => a.merge(b).expect("one question has one scale"),
            (QuestionTally::Mean(a), QuestionTally::Mean(b)) => a.merge(b),
            (QuestionTally::Emotion(a), QuestionTally::Emotion(b)) => a.merge(b),
            _ => {}
        }
    }
}

/// Scores of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    /// The group's value of each `group_by` dimension, in order; `None`
    /// where responses did not say (no employee, no locale…). Serialised as
    /// an object in `group_by` order.
    #[serde(serialize_with = "crate::idmap::pairs_as_map")]
    pub key: Vec<(String, Option<String>)>,
    /// Responses in the group.
    pub responses: u64,
    /// NPS per NPS question id.
    pub nps: BTreeMap<String, NpsScore>,
    /// CSAT per CSAT question id (one question has one scale).
    pub csat: BTreeMap<String, CsatScore>,
    /// CES per CES question id.
    pub ces: BTreeMap<String, CesScore>,
    /// Mean per rating question id.
    pub ratings: BTreeMap<String, MeanScore>,
    /// Mood per emotion question id.
    pub emotion: BTreeMap<String, EmotionSummary>,
}

/// Free ids (employees, teams, locales) numbered in the order first seen,
/// found through an index that keeps no second copy of them.
#[derive(Debug, Clone, Default)]
struct Interner {
    names: Vec<String>,
    ids: HashIndex,
}

/// Equal when the names are (the index follows from them).
impl PartialEq for Interner {
    fn eq(&self, other: &Interner) -> bool {
        self.names == other.names
    }
}

impl Interner {
    /// The number of `s`, given it if new.
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(i) = self.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(s, i);
        self.names.push(s.to_string());
        i
    }

    /// The number of `s`, if seen.
    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s, |i| self.names.get(i as usize).map(|n| n.as_bytes()))
    }

    /// The id numbered `i`.
    fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    /// Every id, by number.
    fn names(&self) -> &[String] {
        &self.names
    }
}

/// Mergeable summaries of responses, grouped per a [`SummaryQuery`].
#[derive(Debug, Clone)]
pub struct Summaries {
    config: Config,
    query: SummaryQuery,
    /// Filter values resolved to key parts.
    filter: Vec<(Dimension, KeyPart)>,
    groups: FxHashMap<Box<[KeyPart]>, Tallies>,
    /// Interned free ids: `KeyPart::Text(Some(i))` is `strings.name(i)`.
    strings: Interner,
    /// The key being built, kept to avoid an allocation per response.
    scratch: Vec<KeyPart>,
}

impl PartialEq for Summaries {
    fn eq(&self, other: &Self) -> bool {
        // Interned ids may differ between two summaries: compare by value.
        self.query == other.query
            && self.groups.len() == other.groups.len()
            && self.groups.iter().all(|(k, t)| {
                let theirs: Option<Vec<KeyPart>> = k
                    .iter()
                    .map(|p| match p {
                        KeyPart::Text(Some(i)) => other.strings.get(self.strings.name(*i)).map(|j| KeyPart::Text(Some(j))),
                        other_part => Some(*other_part),
                    })
                    .collect();
                theirs.and_then(|k| other.groups.get(&k[..])) == Some(t)
            })
    }
}

impl Summaries {
    /// Empty summaries for `query` over responses of `config`.
    pub fn new(config: &Config, query: SummaryQuery) -> Result<Summaries> {
        let mut out = Summaries { config: config.clone(), query: query.clone(), filter: Vec::new(), groups: FxHashMap::default(), strings: Interner::default(), scratch: Vec::new() };
        let mut filter = Vec::with_capacity(query.filter.len());
        for (d, value) in &query.filter {
            let path = join("where", d.as_str());
            let unknown = |what: &str| ClfError::validation(&path, format!("unknown {what} {value:?}"));
            let part = match d {
                Dimension::Touchpoint => KeyPart::Idx(config.touchpoint_idx(value).ok_or_else(|| unknown("touchpoint"))?.0),
                Dimension::Channel => KeyPart::Idx(config.channel_idx(value).ok_or_else(|| unknown("channel"))?.0),
                Dimension::Instrument => KeyPart::Idx(config.instrument_idx(value).ok_or_else(|| unknown("instrument"))?.0),
                Dimension::Journey => KeyPart::Idx(config.journeys.iter().position(|j| j.id == *value).ok_or_else(|| unknown("journey"))? as u32),
                Dimension::Employee | Dimension::Team | Dimension::Locale => KeyPart::Text(Some(out.intern(value))),
                Dimension::Period(unit) => KeyPart::Period(parse_period(*unit, value).ok_or_else(|| ClfError::validation(&path, format!("invalid {} {value:?}: expected {}", d, period_example(*unit))))?, *unit),
            };
            filter.push((*d, part));
        }
        out.filter = filter;
        Ok(out)
    }

    /// The configuration the summarised responses were validated against.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The query these summaries answer.
    pub fn query(&self) -> &SummaryQuery {
        &self.query
    }

    fn intern(&mut self, s: &str) -> u32 {
        self.strings.intern(s)
    }

    fn key_part(&mut self, d: Dimension, r: &Response) -> KeyPart {
        match d {
            Dimension::Touchpoint => KeyPart::Idx(r.touchpoint.0),
            Dimension::Journey => KeyPart::Idx(r.journey.0),
            Dimension::Channel => KeyPart::Idx(r.channel.0),
            Dimension::Instrument => KeyPart::Idx(r.instrument.0),
            Dimension::Employee => KeyPart::Text(r.employee.as_deref().map(|s| self.intern(s))),
            Dimension::Team => KeyPart::Text(r.team.as_deref().map(|s| self.intern(s))),
            Dimension::Locale => KeyPart::Text(r.locale.as_deref().map(|s| self.intern(s))),
            Dimension::Period(unit) => {
                let local = r.submitted_at.with_timezone(&self.config.time_zone).date_naive();
                KeyPart::Period(period_start(unit, local), unit)
            }
        }
    }

    /// The tallies of the group `key` (created empty if new), with the
    /// configuration that says what they count; the key's buffer is kept for
    /// the next one.
    fn group(&mut self, key: Vec<KeyPart>) -> (&Config, &mut Tallies) {
        if !self.groups.contains_key(&key[..]) {
            let fresh = Tallies { responses: 0, questions: self.config.questions.iter().map(|(_, k)| QuestionTally::for_kind(k)).collect() };
            self.groups.insert(key.clone().into_boxed_slice(), fresh);
        }
        self.scratch = key;
        (&self.config, self.groups.get_mut(&self.scratch[..]).expect("inserted above"))
    }

    /// Adds a response validated against the same configuration. Returns
    /// false (and adds nothing) when the query's filter excludes it.
    pub fn add(&mut self, r: &Response) -> bool {
        for i in 0..self.filter.len() {
            let (d, want) = self.filter[i];
            if self.key_part(d, r) != want {
                return false;
            }
        }
        let mut key = std::mem::take(&mut self.scratch);
        key.clear();
        for i in 0..self.query.group_by.len() {
            let part = self.key_part(self.query.group_by[i], r);
            key.push(part);
        }
        let (config, tallies) = self.group(key);
        let slots = &config.question_slots[r.instrument.index()];
        tallies.responses += 1;
        for (qi, answer) in &r.answers {
            match (&mut tallies.questions[slots[*qi as usize]], answer) {
                (QuestionTally::Nps(t), Answer::Score(s)) => t.add(*s),
                (QuestionTally::Scale(t), Answer::Score(s)) => t.add(*s),
                (QuestionTally::Mean(t), Answer::Rating(v)) => t.add_many(*v as i64, 1),
                (QuestionTally::Emotion(t), Answer::Option(o)) => t.add(*o as usize),
                _ => {}
            }
        }
        true
    }

    /// Validates a response against the summaries' configuration and adds it.
    pub fn add_input(&mut self, input: &ResponseInput) -> Result<bool> {
        let r = self.config.validate_response(input)?;
        Ok(self.add(&r))
    }

    /// Validates and adds responses in order; returns how many the filter
    /// kept. The first invalid one stops the call with its index in the path
    /// (`[3].answers.nps`); the ones before it stay added.
    pub fn add_inputs(&mut self, inputs: impl IntoIterator<Item = Result<ResponseInput>>) -> Result<usize> {
        let mut kept = 0;
        for (i, input) in inputs.into_iter().enumerate() {
            kept += input.and_then(|input| self.add_input(&input)).map_err(|e| e.at_index(i))? as usize;
        }
        Ok(kept)
    }

    /// Adds the counts of `other`, which must answer the same query over a
    /// configuration with the same touchpoints, channels, instruments and
    /// questions.
    pub fn merge(&mut self, other: &Summaries) -> Result<()> {
        if self.query != other.query {
            return Err(ClfError::validation("other", "cannot merge summaries of different queries"));
        }
        let (a, b) = (&self.config, &other.config);
        let same_config = a == b
            || (a.questions == b.questions
                && a.touchpoints.iter().map(|t| &t.id).eq(b.touchpoints.iter().map(|t| &t.id))
                && a.channels.iter().map(|c| &c.id).eq(b.channels.iter().map(|c| &c.id))
                && a.journeys.iter().map(|j| &j.id).eq(b.journeys.iter().map(|j| &j.id))
                && a.instruments.iter().map(|i| &i.id).eq(b.instruments.iter().map(|i| &i.id))
                && a.time_zone == b.time_zone);
        if !same_config {
            return Err(ClfError::validation("other", "cannot merge summaries of configurations with different touchpoints, channels, instruments, questions or time zone"));
        }
        for (key, t) in &other.groups {
            let key: Box<[KeyPart]> = key.iter().map(|p| self.adopt(*p, other)).collect();
            self.add_tallies(key, t);
        }
        Ok(())
    }

    /// `part` of `from`'s keys as a part of these summaries' keys.
    fn adopt(&mut self, part: KeyPart, from: &Summaries) -> KeyPart {
        match part {
            KeyPart::Text(Some(i)) => KeyPart::Text(Some(self.intern(from.strings.name(i)))),
            other => other,
        }
    }

    fn add_tallies(&mut self, key: Box<[KeyPart]>, t: &Tallies) {
        match self.groups.get_mut(&key) {
            Some(mine) => {
                mine.responses += t.responses;
                for (q, o) in mine.questions.iter_mut().zip(&t.questions) {
                    q.merge(o);
                }
            }
            None => {
                self.groups.insert(key, t.clone());
            }
        }
    }

    /// The part of `key` (a key of these summaries) for dimension `d`: taken
    /// as it is, or derived (journey from touchpoint, week/month/quarter from day).
    fn derive(&self, d: Dimension, key: &[KeyPart]) -> Option<KeyPart> {
        let at = |d: Dimension| self.query.group_by.iter().position(|g| *g == d).map(|i| &key[i]);
        if let Some(p) = at(d) {
            return Some(*p);
        }
        match d {
            Dimension::Journey => match at(Dimension::Touchpoint)? {
                KeyPart::Idx(t) => Some(KeyPart::Idx(self.config.touchpoints[*t as usize].journey.0)),
                _ => None,
            },
            Dimension::Period(unit) => match at(Dimension::Period(PeriodUnit::Day))? {
                KeyPart::Period(day, _) => Some(KeyPart::Period(period_start(unit, *day), unit)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The summaries of `query`, computed from these finer ones (which must
    /// group by every dimension the query uses, or one it derives from).
    pub fn rollup(&self, query: SummaryQuery) -> Result<Summaries> {
        let mut out = Summaries::new(&self.config, query)?;
        for d in out.query.group_by.iter().chain(out.filter.iter().map(|(d, _)| d)) {
            let derivable = match d {
                Dimension::Journey => self.query.group_by.contains(&Dimension::Touchpoint),
                Dimension::Period(_) => self.query.group_by.contains(&Dimension::Period(PeriodUnit::Day)),
                _ => false,
            };
            if !self.query.group_by.contains(d) && !derivable {
                return Err(ClfError::validation("group_by", format!("these summaries are not kept by {d}")));
            }
        }
        for (key, t) in &self.groups {
            let keep = (0..out.filter.len()).all(|i| {
                let (d, want) = out.filter[i];
                self.derive(d, key).map(|p| out.adopt(p, self)) == Some(want)
            });
            if !keep {
                continue;
            }
            let new_key: Box<[KeyPart]> = (0..out.query.group_by.len()).map(|i| {
                let part = self.derive(out.query.group_by[i], key).expect("checked above");
                out.adopt(part, self)
            }).collect();
            out.add_tallies(new_key, t);
        }
        Ok(out)
    }

    /// Number of responses summarised.
    pub fn responses(&self) -> u64 {
        self.groups.values().map(|t| t.responses).sum()
    }

    /// The scores of every group, in key order (configured objects in
    /// configuration order, periods in time order), at the configuration's
    /// confidence level.
    pub fn groups(&self) -> Vec<GroupSummary> {
        let c = &self.config;
        let conf = c.confidence;
        let mut entries: Vec<(&Box<[KeyPart]>, &Tallies)> = self.groups.iter().collect();
        entries.sort_by(|(a, _), (b, _)| {
            a.iter().zip(b.iter()).map(|(x, y)| self.cmp_parts(x, y)).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
        });
        entries
            .into_iter()
            .map(|(key, t)| {
                let mut g = GroupSummary {
                    key: self.query.group_by.iter().zip(key.iter()).map(|(d, part)| (d.as_str().to_string(), self.key_value(*d, part))).collect(),
                    responses: t.responses,
                    nps: BTreeMap::new(),
                    csat: BTreeMap::new(),
                    ces: BTreeMap::new(),
                    ratings: BTreeMap::new(),
                    emotion: BTreeMap::new(),
                };
                for ((id, kind), tally) in c.questions.iter().zip(&t.questions) {
                    let id = id.clone();
                    match (kind, tally) {
                        (QuestionKind::Nps, QuestionTally::Nps(t)) => {
                            t.score(conf).map(|s| g.nps.insert(id, s));
                        }
                        (QuestionKind::Csat { .. }, QuestionTally::Scale(t)) => {
                            t.csat(conf).map(|s| g.csat.insert(id, s));
                        }
                        (QuestionKind::Ces { .. }, QuestionTally::Scale(t)) => {
                            t.ces(conf).map(|s| g.ces.insert(id, s));
                        }
                        (QuestionKind::Rating { min, max }, QuestionTally::Mean(t)) => {
                            t.score(conf, *min as f64, *max as f64).map(|s| g.ratings.insert(id, s));
                        }
                        (QuestionKind::Emotion { options }, QuestionTally::Emotion(t)) => {
                            t.summary(options, conf).map(|s| g.emotion.insert(id, s));
                        }
                        _ => {}
                    }
                }
                g
            })
            .collect()
    }

    /// Order of key parts: configuration order, then free ids by value (none
    /// first), then periods in time order.
    fn cmp_parts(&self, a: &KeyPart, b: &KeyPart) -> std::cmp::Ordering {
        match (a, b) {
            (KeyPart::Idx(x), KeyPart::Idx(y)) => x.cmp(y),
            (KeyPart::Text(x), KeyPart::Text(y)) => x.map(|i| self.strings.name(i)).cmp(&y.map(|i| self.strings.name(i))),
            (KeyPart::Period(x, _), KeyPart::Period(y, _)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        }
    }

    fn key_value(&self, d: Dimension, part: &KeyPart) -> Option<String> {
        let c = &self.config;
        match part {
            KeyPart::Idx(i) => Some(match d {
                Dimension::Touchpoint => c.touchpoints[*i as usize].id.clone(),
                Dimension::Journey => c.journeys[*i as usize].id.clone(),
                Dimension::Channel => c.channels[*i as usize].id.clone(),
                _ => c.instruments[*i as usize].id.clone(),
            }),
            KeyPart::Text(t) => t.map(|i| self.strings.name(i).to_string()),
            KeyPart::Period(start, unit) => Some(format_period(*unit, *start)),
        }
    }
}

/// The first day of the period of `unit` containing `date`.
pub(crate) fn period_start(unit: PeriodUnit, date: NaiveDate) -> NaiveDate {
    match unit {
        PeriodUnit::Day => date,
        PeriodUnit::Week => date - chrono::Days::new(date.weekday().num_days_from_monday() as u64),
        PeriodUnit::Month => date.with_day(1).expect("day 1 exists"),
        PeriodUnit::Quarter => NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1).expect("quarter start exists"),
    }
}

pub(crate) fn format_period(unit: PeriodUnit, start: NaiveDate) -> String {
    match unit {
        PeriodUnit::Day => start.format("%Y-%m-%d").to_string(),
        PeriodUnit::Week => {
            let w = start.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        PeriodUnit::Month => start.format("%Y-%m").to_string(),
        PeriodUnit::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
    }
}

fn period_example(unit: PeriodUnit) -> &'static str {
    match unit {
        PeriodUnit::Day => "YYYY-MM-DD",
        PeriodUnit::Week => "an ISO week, YYYY-Www (e.g. 2026-W47)",
        PeriodUnit::Month => "YYYY-MM",
        PeriodUnit::Quarter => "YYYY-Qn (e.g. 2026-Q4)",
    }
}

fn parse_period(unit: PeriodUnit, s: &str) -> Option<NaiveDate> {
    let d = match unit {
        PeriodUnit::Day => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?,
        PeriodUnit::Week => {
            let (y, w) = s.split_once("-W")?;
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)?
        }
        PeriodUnit::Month => NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()?,
        PeriodUnit::Quarter => {
            let (y, q) = s.split_once("-Q")?;
            let q: u32 = q.parse().ok()?;
            if !(1..=4).contains(&q) {
                return None;
            }
            NaiveDate::from_ymd_opt(y.parse().ok()?, (q - 1) * 3 + 1, 1)?
        }
    };
    (format_period(unit, d) == s).then_some(d)
}

// ---------------------------------------------------------------------------
// The engine's summaries: one compact row per response.

/// A free id (employee, team, locale) the response did not give.
const NONE: u32 = u32::MAX;

/// What the engine keeps of a response for its summaries.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    touchpoint: u32,
    journey: u32,
    channel: u32,
    instrument: u32,
    /// Interned in [`ResponseRows::strings`], or [`NONE`].
    employee: u32,
    team: u32,
    locale: u32,
    /// The day of submission in the configuration's time zone.
    day: NaiveDate,
    /// Where the response's scored answers end in [`ResponseRows::answers`].
    answers_end: u32,
}

/// Every ingested response as summaries need it: its touchpoint, journey,
/// channel, instrument, employee, team, locale and day, and its scored
/// answers (by position in `Config::questions`), in about 40 bytes plus 8
/// per answer. The engine computes any summary from them when asked, so
/// ingest appends a row instead of updating tallies per group (at the
/// grain of every dimension by day nearly every response is a group of
/// its own).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ResponseRows {
    strings: Interner,
    rows: Vec<Row>,
    answers: Vec<(u16, i32)>,
    offsets: Offsets,
}

/// The local dates of each UTC day during which the reporting time zone's
/// offset does not change, cached (direct-mapped by day): the local date of
/// a submission then costs a comparison instead of a search of the zone's
/// transitions and a calendar calculation.
#[derive(Debug, Clone)]
struct Offsets(Box<[DayDates; 1024]>);

/// A UTC day's local dates: before `midnight` (the local midnight within
/// the day, as a UTC timestamp) the day's times fall on `before`, from it on
/// `after` (the same date where the zone is UTC).
#[derive(Debug, Clone, Copy)]
struct DayDates {
    day: i64,
    midnight: i64,
    before: NaiveDate,
    after: NaiveDate,
}

/// No day: a slot not filled yet.
const NO_DAY: i64 = i64::MIN;

impl Default for Offsets {
    fn default() -> Self {
        Offsets(Box::new([DayDates { day: NO_DAY, midnight: 0, before: NaiveDate::MIN, after: NaiveDate::MIN }; 1024]))
    }
}

/// A cache: equal whatever it holds.
impl PartialEq for Offsets {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Offsets {
    /// The date of `at` in `tz`.
    fn local_date(&mut self, tz: &chrono_tz::Tz, at: chrono::DateTime<chrono::FixedOffset>) -> NaiveDate {
        use chrono::{Offset, TimeZone};
        let secs = at.timestamp();
        let day = secs.div_euclid(86_400);
        let slot = &mut self.0[day.rem_euclid(1024) as usize];
        if slot.day != day {
            let offset_at = |s: i64| chrono::DateTime::from_timestamp(s, 0).map(|t| tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc() as i64);
            let start = day * 86_400;
            let date_at = |s: i64| chrono::DateTime::from_timestamp(s, 0).map(|t| t.date_naive());
            match (offset_at(start), offset_at(start + 86_399)) {
                (Some(a), Some(b)) if a == b => {
                    // The local day the UTC day starts in ends at this midnight.
                    let midnight = ((start + a).div_euclid(86_400) + 1) * 86_400 - a;
                    match (date_at(start + a), date_at(start + 86_399 + a)) {
                        (Some(before), Some(after)) => *slot = DayDates { day, midnight, before, after },
                        _ => return at.with_timezone(tz).date_naive(),
                    }
                }
                // The offset changes that day (or the day is out of range):
                // no shortcut.
                _ => return at.with_timezone(tz).date_naive(),
            }
        }
        if secs < slot.midnight { slot.before } else { slot.after }
    }
}

/// The scored value of `answer` to question `kind`, if it is tallied.
pub(crate) fn scored(kind: &QuestionKind, answer: &Answer) -> Option<i32> {
    match (kind, answer) {
        (QuestionKind::Nps | QuestionKind::Csat { .. } | QuestionKind::Ces { .. }, Answer::Score(s)) => Some(*s as i32),
        (QuestionKind::Rating { .. }, Answer::Rating(v)) => Some(*v),
        (QuestionKind::Emotion { .. }, Answer::Option(o)) => Some(*o as i32),
        _ => None,
    }
}

impl ResponseRows {
    /// Makes room for `additional` more rows, with as many scored answers
    /// each as the rows so far have.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.rows.reserve(additional);
        if let Some(per_row) = self.answers.len().checked_div(self.rows.len()) {
            self.answers.reserve(additional.saturating_mul(per_row));
        }
    }

    fn intern(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.strings.intern(s))
    }

    /// Number of rows kept.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The scored answers of row `row` (NPS, CSAT, CES, ratings, moods):
    /// `(slot in Config::questions, value)`, in question order.
    pub(crate) fn scored(&self, row: usize) -> &[(u16, i32)] {
        let start = if row == 0 { 0 } else { self.rows.get(row - 1).map_or(0, |r| r.answers_end as usize) };
        let end = self.rows.get(row).map_or(start, |r| r.answers_end as usize);
        &self.answers[start..end]
    }

    /// The touchpoint, journey, channel and instrument of row `row`.
    pub(crate) fn place(&self, row: usize) -> Option<(TouchpointIdx, JourneyIdx, ChannelIdx, InstrumentIdx)> {
        let r = self.rows.get(row)?;
        Some((TouchpointIdx(r.touchpoint), JourneyIdx(r.journey), ChannelIdx(r.channel), InstrumentIdx(r.instrument)))
    }

    /// The employee, team or locale (`d`) of row `row`, if the response gave one.
    pub(crate) fn text(&self, row: usize, d: Dimension) -> Option<&str> {
        let r = self.rows.get(row)?;
        let i = match d {
            Dimension::Employee => r.employee,
            Dimension::Team => r.team,
            Dimension::Locale => r.locale,
            _ => NONE,
        };
        (i != NONE).then(|| self.strings.name(i))
    }

    /// Keeps a response validated against `config`.
    pub(crate) fn add(&mut self, config: &Config, r: &ResponseRef<'_>) {
        let slots = &config.question_slots[r.instrument.index()];
        for (qi, answer) in r.answers {
            let slot = slots[*qi as usize];
            if let Some(value) = scored(&config.questions[slot].1, answer) {
                self.answers.push((slot as u16, value));
            }
        }
        let row = Row {
            touchpoint: r.touchpoint.0,
            journey: r.journey.0,
            channel: r.channel.0,
            instrument: r.instrument.0,
            employee: self.intern(r.employee),
            team: self.intern(r.team),
            locale: self.intern(r.locale),
            day: self.offsets.local_date(&config.time_zone, r.submitted_at),
            answers_end: self.answers.len() as u32,
        };
        self.rows.push(row);
    }

    /// The summaries of `query` over every response kept.
    pub(crate) fn summary(&self, config: &Config, query: SummaryQuery) -> Result<Summaries> {
        let mut out = Summaries::new(config, query)?;
        let ids: Vec<u32> = self.strings.names().iter().map(|s| out.intern(s)).collect();
        let text = |i: u32| KeyPart::Text((i != NONE).then(|| ids[i as usize]));
        let part = |d: Dimension, row: &Row| match d {
            Dimension::Touchpoint => KeyPart::Idx(row.touchpoint),
            Dimension::Journey => KeyPart::Idx(row.journey),
            Dimension::Channel => KeyPart::Idx(row.channel),
            Dimension::Instrument => KeyPart::Idx(row.instrument),
            Dimension::Employee => text(row.employee),
            Dimension::Team => text(row.team),
            Dimension::Locale => text(row.locale),
            Dimension::Period(unit) => KeyPart::Period(period_start(unit, row.day), unit),
        };
        let mut start = 0;
        'rows: for row in &self.rows {
            let answers = &self.answers[start..row.answers_end as usize];
            start = row.answers_end as usize;
            for i in 0..out.filter.len() {
                let (d, want) = out.filter[i];
                if part(d, row) != want {
                    continue 'rows;
                }
            }
            let mut key = std::mem::take(&mut out.scratch);
            key.clear();
            key.extend(out.query.group_by.iter().map(|d| part(*d, row)));
            let (_, tallies) = out.group(key);
            tallies.responses += 1;
            for &(slot, value) in answers {
                match &mut tallies.questions[slot as usize] {
                    QuestionTally::Nps(t) => t.add(value as u8),
                    QuestionTally::Scale(t) => t.add(value as u8),
                    QuestionTally::Mean(t) => t.add_many(value as i64, 1),
                    QuestionTally::Emotion(t) => t.add(value as usize),
                    QuestionTally::Unscored => {}
                }
            }
        }
        Ok(out)
    }

    /// Rows read from a snapshot, checked against `config` first (so that
    /// no later summary can panic); errors name `path`.
    pub(crate) fn from_image(config: &Config, image: RowsImage, path: &str) -> Result<ResponseRows> {
        let bad = |at: String, what: &str| ClfError::validation(at, format!("{what}: the snapshot does not fit this configuration"));
        let mut out = ResponseRows::default();
        for (i, s) in image.strings.iter().enumerate() {
            if out.intern(Some(s)) != i as u32 {
                return Err(bad(format!("{path}.strings[{i}]"), "a repeated id"));
            }
        }
        let strings = out.strings.names().len();
        for (i, RowImage(touchpoint, journey, channel, instrument, employee, team, locale, day, answers)) in image.rows.into_iter().enumerate() {
            let at = format!("{path}.rows[{i}]");
            let text_ok = |t: Option<u32>| t.is_none_or(|t| (t as usize) < strings);
            let ok = (touchpoint as usize) < config.touchpoints.len()
                && (journey as usize) < config.journeys.len()
                && (channel as usize) < config.channels.len()
                && (instrument as usize) < config.instruments.len()
                && text_ok(employee)
                && text_ok(team)
                && text_ok(locale);
            if !ok {
                return Err(bad(at, "an unknown touchpoint, journey, channel, instrument or id"));
            }
            for (j, &(slot, value)) in answers.iter().enumerate() {
                let fits = match config.questions.get(slot as usize).map(|(_, k)| k) {
                    Some(QuestionKind::Nps) => (0..=10).contains(&value),
                    Some(QuestionKind::Csat { scale } | QuestionKind::Ces { scale }) => (1..=*scale as i32).contains(&value),
                    Some(QuestionKind::Rating { .. }) => true,
                    Some(QuestionKind::Emotion { options }) => (0..options.len() as i32).contains(&value),
                    _ => false,
                };
                if !fits {
                    return Err(bad(format!("{at}.answers[{j}]"), "an answer that does not fit the question"));
                }
                out.answers.push((slot, value));
            }
            let id = |t: Option<u32>| t.unwrap_or(NONE);
            out.rows.push(Row { touchpoint, journey, channel, instrument, employee: id(employee), team: id(team), locale: id(locale), day, answers_end: out.answers.len() as u32 });
        }
        Ok(out)
    }
}

/// The rows as a snapshot writes them: the interned ids, and per response
/// `[touchpoint, journey, channel, instrument, employee, team, locale, day,
/// [[question, value], …]]` (indices of the configuration and of `strings`).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RowsImage {
    strings: Vec<String>,
    rows: Vec<RowImage>,
}

#[derive(Debug, Serialize, Deserialize)]
struct RowImage(u32, u32, u32, u32, Option<u32>, Option<u32>, Option<u32>, NaiveDate, Vec<(u16, i32)>);

impl Serialize for ResponseRows {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Rows<'a>(&'a ResponseRows);
        impl Serialize for Rows<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let r = self.0;
                let id = |t: u32| (t != NONE).then_some(t);
                let starts = std::iter::once(0).chain(r.rows.iter().map(|row| row.answers_end as usize));
                s.collect_seq(r.rows.iter().zip(starts).map(|(row, start)| {
                    (row.touchpoint, row.journey, row.channel, row.instrument, id(row.employee), id(row.team), id(row.locale), row.day, &r.answers[start..row.answers_end as usize])
                }))
            }
        }
        let mut st = s.serialize_struct("RowsImage", 2)?;
        st.serialize_field("strings", self.strings.names())?;
        st.serialize_field("rows", &Rows(self))?;
        st.end()
    }
}

#[cfg(test)]
mod offsets_tests {
    use super::*;
    use chrono::{DateTime, FixedOffset};

    #[test]
    fn cached_local_dates_are_the_zones_dates_across_daylight_saving() {
        // Every 7 minutes of 2026 and early 2027 (both DST changes, and days
        // that map to the same cache slot), in zones east and west of UTC
        // and one with a half-hour offset.
        for zone in ["Europe/Amsterdam", "America/New_York", "Australia/Adelaide", "America/St_Johns", "Asia/Kathmandu", "UTC"] {
            let tz: chrono_tz::Tz = zone.parse().unwrap();
            let mut cache = Offsets::default();
            let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap().timestamp();
            for step in 0..(430 * 24 * 60 / 7) {
                let at = DateTime::from_timestamp(start + step * 7 * 60, 0).unwrap().with_timezone(&FixedOffset::east_opt(3600).unwrap());
                assert_eq!(cache.local_date(&tz, at), at.with_timezone(&tz).date_naive(), "{zone} {at}");
            }
        }
    }

    #[test]
    fn the_second_before_local_midnight_is_on_the_day_before() {
        // Kathmandu is 5:45 ahead of UTC: its midnight is 18:15 UTC.
        let tz: chrono_tz::Tz = "Asia/Kathmandu".parse().unwrap();
        let mut cache = Offsets::default();
        for (at, date) in [("2026-03-10T18:14:59+00:00", "2026-03-10"), ("2026-03-10T18:15:00+00:00", "2026-03-11"), ("2026-03-10T00:00:00+00:00", "2026-03-10"), ("2026-03-10T23:59:59+00:00", "2026-03-11")] {
            let at = DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(cache.local_date(&tz, at), date.parse::<NaiveDate>().unwrap(), "{at}");
        }
    }
}
