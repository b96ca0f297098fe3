//! The configuration of an engine: one JSON (or TOML) document, strictly
//! validated when it is loaded. Unknown fields, bad durations, dangling
//! references, duplicate ids and malformed rules are `config` errors naming
//! the path at fault; once loaded, every reference is an index that cannot
//! dangle.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use chrono_tz::Tz;
use serde::Deserialize;

use crate::calendar::{Calendar, CalendarSpec, parse_clock, parse_time_zone};
use crate::classify::{ClassificationSettings, Classifier, Kind, Signal, Urgency};
use crate::contact::{ContactPolicy, RateLimit};
use crate::duration::Duration;
use crate::error::{ClfError, ErrorCode, Result, index, join};
use crate::escalation::{AlertAction, Assign, BreachAction, CaseAction, Escalation, Level, Priority, Rule};
use crate::expr::{Condition, Domain, Schema, Type};
use crate::idmap::IdMap;
use crate::instrument::{Instrument, InstrumentIdx, QuestionKind, QuestionSpec};
use crate::journey::{CalendarIdx, Channel, ChannelIdx, Journey, JourneyIdx, Moment, Touchpoint, TouchpointIdx};
use crate::lookup::NameIndex;
use crate::stats::Confidence;

mod raw {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Config {
        pub schema_version: u32,
        pub organisation: String,
        pub time_zone: String,
        pub confidence: Option<f64>,
        #[serde(default)]
        pub calendars: IdMap<CalendarSpec>,
        #[serde(default)]
        pub channels: IdMap<ChannelSpec>,
        #[serde(default)]
        pub journeys: Vec<JourneySpec>,
        #[serde(default)]
        pub topics: Vec<String>,
        #[serde(default)]
        pub instruments: Vec<InstrumentSpec>,
        #[serde(default)]
        pub classification: Option<ClassificationSpec>,
        #[serde(default)]
        pub escalation: Option<EscalationSpec>,
        #[serde(default, rename = "loop")]
        pub loop_: Option<LoopSpec>,
        #[serde(default)]
        pub contact_policy: Option<ContactPolicySpec>,
        #[serde(default)]
        pub integrity: Option<IntegritySpec>,
        #[serde(default)]
        pub privacy: Option<PrivacySpec>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ChannelSpec {
        pub calendar: Option<String>,
        pub first_response: Duration,
        pub resolution: Duration,
        #[serde(default)]
        pub promise: IdMap<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct JourneySpec {
        pub id: String,
        pub name: Option<String>,
        pub touchpoints: Vec<TouchpointSpec>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct TouchpointSpec {
        pub id: String,
        pub name: Option<String>,
        pub moment: Option<Moment>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct InstrumentSpec {
        pub id: String,
        pub name: Option<String>,
        pub touchpoints: Vec<String>,
        pub questions: Vec<QuestionSpec>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ClassificationSpec {
        pub locales: Option<Vec<String>>,
        #[serde(default)]
        pub lexicon: IdMap<IdMap<Vec<String>>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct EscalationSpec {
        pub levels: Option<Vec<String>>,
        pub warn_at: Option<f64>,
        pub repeat_window: Option<Duration>,
        pub on_breach: Option<OnBreachSpec>,
        #[serde(default)]
        pub rules: Vec<RuleSpec>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct OnBreachSpec {
        pub first_response: Option<BreachAction>,
        pub resolution: Option<BreachAction>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RuleSpec {
        pub name: String,
        pub when: String,
        pub alert: Option<AlertSpec>,
        pub open_case: Option<OpenCaseSpec>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct AlertSpec {
        pub level: String,
        pub within: Duration,
        pub calendar: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct OpenCaseSpec {
        pub level: String,
        pub priority: Option<Priority>,
        pub assign: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct LoopSpec {
        pub verdict_window: Option<Duration>,
        pub reopen_window: Option<Duration>,
        pub handling_survey: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ContactPolicySpec {
        pub max_per_customer: Option<RateLimitSpec>,
        pub max_per_year: Option<u32>,
        pub min_gap: Option<Duration>,
        #[serde(default)]
        pub delay: IdMap<Duration>,
        pub quiet_hours: Option<QuietHoursSpec>,
        #[serde(default)]
        pub sampling: IdMap<f64>,
        pub skip_while_case_open: Option<bool>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RateLimitSpec {
        pub count: u32,
        pub per: Duration,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct QuietHoursSpec {
        pub from: String,
        pub to: String,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct IntegritySpec {
        pub min_responses: Option<u32>,
        pub alpha: Option<f64>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct PrivacySpec {
        pub min_group_size: Option<u32>,
        pub redact: Option<Vec<Redact>>,
    }
}

/// Kinds of personal data redacted from free text in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Redact {
    /// E-mail addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// IBANs.
    Iban,
}

/// The inner loop's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LoopSettings {
    /// Without the customer's verdict within this window, a resolved case closes `unconfirmed`.
    pub verdict_window: Duration,
    /// A closed case can be reopened within this window.
    pub reopen_window: Duration,
    /// The instrument that asks about the handling of a case.
    pub handling_survey: Option<InstrumentIdx>,
}

/// Settings of the integrity checks.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegritySettings {
    /// Fewest responses of an employee or team before any flag.
    pub min_responses: u32,
    /// Significance level of the flags.
    pub alpha: f64,
}

/// Privacy settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivacySettings {
    /// Segments with fewer responses are suppressed in reports.
    pub min_group_size: u32,
    /// What is redacted from free text in reports.
    pub redact: Vec<Redact>,
}

/// The validated configuration. Cheap to clone (shared), with the
/// classifier of its lexicons, which the first engine of the configuration
/// builds and every later one shares.
#[derive(Clone)]
pub struct Config(Arc<ConfigData>, Arc<LazyClassifier>);

/// The configuration's content: the classifier follows from it and is left
/// out (a snapshot's fingerprint of the configuration is this text).
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Config").field(&self.0).finish()
    }
}

/// A configuration's classifier, built on first use.
#[derive(Default)]
struct LazyClassifier(std::sync::OnceLock<Arc<Classifier>>);

/// The content of a [`Config`].
#[derive(Debug)]
pub struct ConfigData {
    /// Name of the organisation.
    pub organisation: String,
    /// Time zone of reporting periods.
    pub time_zone: Tz,
    /// Confidence level of every interval.
    pub confidence: Confidence,
    /// Business calendars, with their ids.
    pub calendars: Vec<(String, Calendar)>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Journeys.
    pub journeys: Vec<Journey>,
    /// Touchpoints of all journeys.
    pub touchpoints: Vec<Touchpoint>,
    /// The topic taxonomy.
    pub topics: Vec<String>,
    /// Survey instruments.
    pub instruments: Vec<Instrument>,
    /// Classification settings.
    pub classification: ClassificationSettings,
    /// Escalation policy.
    pub escalation: Escalation,
    /// Inner-loop settings.
    pub loop_settings: LoopSettings,
    /// Contact policy.
    pub contact_policy: ContactPolicy,
    /// Integrity checks.
    pub integrity: IntegritySettings,
    /// Privacy.
    pub privacy: PrivacySettings,
    /// Every question id with its kind (the same in every instrument that asks it).
    pub questions: Vec<(String, QuestionKind)>,
    /// Per instrument, per question: its position in `questions`.
    pub question_slots: Vec<Vec<usize>>,
    by_id: Lookups,
}

#[derive(Debug, Default)]
struct Lookups {
    channels: NameIndex,
    touchpoints: NameIndex,
    instruments: NameIndex,
}

impl Deref for Config {
    type Target = ConfigData;
    fn deref(&self) -> &ConfigData {
        &self.0
    }
}

impl PartialEq for Config {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Names of the variables rule conditions can use, besides answers.
pub const RULE_VARIABLES: [&str; 13] =
    ["kinds", "urgency", "channel", "touchpoint", "journey", "locale", "emotion", "valence", "repeat_complaints", "customer_known", "labels", "answers", "instrument"];

const DEFAULT_LEVELS: [&str; 4] = ["frontline", "team_lead", "manager", "director"];

fn check_unique<'a>(path: impl Fn(usize) -> String, ids: impl Iterator<Item = &'a str>, what: &str) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        if id.is_empty() {
            return Err(ClfError::config(path(i), format!("expected a non-empty {what} id")));
        }
        if let Some(first) = seen.insert(id, i) {
            return Err(ClfError::config(path(i), format!("duplicate {what} id {id:?} (first at index {first})")));
        }
    }
    Ok(())
}

fn fraction(path: &str, v: f64, lo_open: bool, hi_open: bool) -> Result<f64> {
    let ok = v.is_finite() && if lo_open { v > 0.0 } else { v >= 0.0 } && if hi_open { v < 1.0 } else { v <= 1.0 };
    if ok {
        Ok(v)
    } else {
        let (l, h) = (if lo_open { "(0" } else { "[0" }, if hi_open { "1)" } else { "1]" });
        Err(ClfError::config(path, format!("expected a number in {l}, {h}, got {v}")))
    }
}

impl Config {
    /// The classifier of this configuration's lexicons and topics: built
    /// the first time an engine asks for it, then shared by every engine
    /// (and copy of one) of this configuration.
    pub(crate) fn classifier(&self) -> &Arc<Classifier> {
        self.1.0.get_or_init(|| Arc::new(Classifier::new(&self.classification, &self.topics)))
    }

    /// Loads a configuration from JSON text.
    pub fn from_json(text: &str) -> Result<Config> {
        Self::from_raw(crate::input::from_json(text, ErrorCode::Config)?)
    }

    /// Loads a configuration from TOML text of the same shape.
    pub fn from_toml(text: &str) -> Result<Config> {
        Self::from_raw(crate::input::from_toml(text, ErrorCode::Config)?)
    }

    /// Loads a configuration from any serde deserializer (a binding's native
    /// dict or object).
    pub fn from_deserializer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Config>
    where
        D::Error: std::fmt::Display,
    {
        Self::from_raw(crate::input::from_deserializer(d, ErrorCode::Config)?)
    }

    /// The channel with id `id`.
    pub fn channel_idx(&self, id: &str) -> Option<ChannelIdx> {
        self.by_id.channels.get(id).map(ChannelIdx)
    }

    /// The touchpoint with id `id`.
    pub fn touchpoint_idx(&self, id: &str) -> Option<TouchpointIdx> {
        self.by_id.touchpoints.get(id).map(TouchpointIdx)
    }

    /// The instrument with id `id`.
    pub fn instrument_idx(&self, id: &str) -> Option<InstrumentIdx> {
        self.by_id.instruments.get(id).map(InstrumentIdx)
    }

    /// The level named `name` on the escalation ladder.
    pub fn level(&self, name: &str) -> Option<Level> {
        self.escalation.levels.iter().position(|l| l == name).map(|i| Level(i as u8))
    }

    fn from_raw(c: raw::Config) -> Result<Config> {
        if c.schema_version != 1 {
            return Err(ClfError::config("schema_version", format!("unsupported schema_version {}: this version of the library reads 1", c.schema_version)));
        }
        if c.organisation.trim().is_empty() {
            return Err(ClfError::config("organisation", "expected the organisation's name"));
        }
        let time_zone = parse_time_zone("time_zone", &c.time_zone)?;
        let confidence = match c.confidence {
            Some(v) => Confidence::at("confidence", v).map_err(|e| ClfError::config("confidence", e.message()))?,
            None => Confidence::DEFAULT,
        };

        let mut calendars = Vec::with_capacity(c.calendars.len());
        for (id, spec) in c.calendars.iter() {
            calendars.push((id.to_string(), Calendar::from_spec(spec, &join("calendars", id))?));
        }
        let calendar_ref = |path: &str, id: &str| -> Result<CalendarIdx> {
            calendars.iter().position(|(c, _)| c == id).map(|i| CalendarIdx(i as u32)).ok_or_else(|| {
                let known: Vec<&str> = calendars.iter().map(|(c, _)| c.as_str()).collect();
                ClfError::config(path, format!("unknown calendar {id:?}: expected one of {}", if known.is_empty() { "(none configured)".into() } else { known.join(", ") }))
            })
        };

        let mut channels = Vec::with_capacity(c.channels.len());
        for (id, ch) in c.channels.iter() {
            let path = join("channels", id);
            let calendar = ch.calendar.as_deref().map(|cal| calendar_ref(&join(&path, "calendar"), cal)).transpose()?;
            channels.push(Channel { id: id.to_string(), calendar, first_response: ch.first_response, resolution: ch.resolution, promise: ch.promise.0.clone() });
        }

        check_unique(|i| join(&index("journeys", i), "id"), c.journeys.iter().map(|j| j.id.as_str()), "journey")?;
        let mut journeys = Vec::with_capacity(c.journeys.len());
        let mut touchpoints: Vec<Touchpoint> = Vec::new();
        for (ji, j) in c.journeys.iter().enumerate() {
            let path = index("journeys", ji);
            let mut tps = Vec::with_capacity(j.touchpoints.len());
            for (ti, t) in j.touchpoints.iter().enumerate() {
                let tpath = join(&index(&join(&path, "touchpoints"), ti), "id");
                if t.id.is_empty() {
                    return Err(ClfError::config(tpath, "expected a non-empty touchpoint id"));
                }
                if let Some(other) = touchpoints.iter().find(|o| o.id == t.id) {
                    return Err(ClfError::config(tpath, format!("duplicate touchpoint id {:?} (also in journey {:?}): touchpoint ids are unique over all journeys", t.id, journeys.get(other.journey.index()).map(|j: &Journey| j.id.as_str()).unwrap_or(j.id.as_str()))));
                }
                tps.push(TouchpointIdx(touchpoints.len() as u32));
                touchpoints.push(Touchpoint { id: t.id.clone(), name: t.name.clone().unwrap_or_else(|| t.id.clone()), moment: t.moment.unwrap_or(Moment::During), journey: JourneyIdx(ji as u32) });
            }
            if tps.is_empty() {
                return Err(ClfError::config(join(&path, "touchpoints"), "expected at least one touchpoint"));
            }
            journeys.push(Journey { id: j.id.clone(), name: j.name.clone().unwrap_or_else(|| j.id.clone()), touchpoints: tps });
        }
        let touchpoint_ref = |path: &str, id: &str| -> Result<TouchpointIdx> {
            touchpoints.iter().position(|t| t.id == id).map(|i| TouchpointIdx(i as u32)).ok_or_else(|| ClfError::config(path, format!("unknown touchpoint {id:?}: expected a touchpoint of a journey")))
        };

        check_unique(|i| index("topics", i), c.topics.iter().map(String::as_str), "topic")?;

        check_unique(|i| join(&index("instruments", i), "id"), c.instruments.iter().map(|i| i.id.as_str()), "instrument")?;
        let mut instruments = Vec::with_capacity(c.instruments.len());
        let mut questions: Vec<(String, QuestionKind, String)> = Vec::new();
        for (ii, ins) in c.instruments.iter().enumerate() {
            let path = index("instruments", ii);
            if ins.touchpoints.is_empty() {
                return Err(ClfError::config(join(&path, "touchpoints"), "expected at least one touchpoint"));
            }
            let mut tps = Vec::with_capacity(ins.touchpoints.len());
            for (ti, t) in ins.touchpoints.iter().enumerate() {
                let tp = touchpoint_ref(&index(&join(&path, "touchpoints"), ti), t)?;
                if tps.contains(&tp) {
                    return Err(ClfError::config(index(&join(&path, "touchpoints"), ti), format!("touchpoint {t:?} is listed twice")));
                }
                tps.push(tp);
            }
            if ins.questions.is_empty() {
                return Err(ClfError::config(join(&path, "questions"), "expected at least one question"));
            }
            check_unique(|i| join(&index(&join(&path, "questions"), i), "id"), ins.questions.iter().map(|q| q.id.as_str()), "question")?;
            let mut qs = Vec::with_capacity(ins.questions.len());
            for (qi, q) in ins.questions.iter().enumerate() {
                let qpath = index(&join(&path, "questions"), qi);
                let q = q.validate(&qpath)?;
                if RULE_VARIABLES.contains(&q.id.as_str()) {
                    return Err(ClfError::config(join(&qpath, "id"), format!("question id {:?} is reserved for a rule variable: choose another id", q.id)));
                }
                match questions.iter().find(|(id, _, _)| *id == q.id) {
                    Some((_, kind, first)) if *kind != q.kind => {
                        return Err(ClfError::config(join(&qpath, "type"), format!("question {:?} is a {} in instrument {first:?} but a {} here: a question id means the same in every instrument, so its answers can be scored together", q.id, kind, q.kind)));
                    }
                    Some(_) => {}
                    None => questions.push((q.id.clone(), q.kind.clone(), ins.id.clone())),
                }
                qs.push(q);
            }
            instruments.push(Instrument { id: ins.id.clone(), name: ins.name.clone().unwrap_or_else(|| ins.id.clone()), touchpoints: tps, questions: qs });
        }
        let classification = Self::classification(c.classification)?;

        let e = c.escalation.unwrap_or(raw::EscalationSpec { levels: None, warn_at: None, repeat_window: None, on_breach: None, rules: Vec::new() });
        let levels: Vec<String> = e.levels.unwrap_or_else(|| DEFAULT_LEVELS.iter().map(|s| s.to_string()).collect());
        if levels.is_empty() || levels.len() > 16 {
            return Err(ClfError::config("escalation.levels", "expected 1 to 16 levels, lowest first"));
        }
        check_unique(|i| index("escalation.levels", i), levels.iter().map(String::as_str), "level")?;
        let level_ref = |path: &str, name: &str| -> Result<Level> {
            levels.iter().position(|l| l == name).map(|i| Level(i as u8)).ok_or_else(|| ClfError::config(path, format!("unknown level {name:?}: expected one of {}", levels.join(", "))))
        };
        let warn_at = fraction("escalation.warn_at", e.warn_at.unwrap_or(0.8), true, true)?;
        let on_breach = e.on_breach.unwrap_or(raw::OnBreachSpec { first_response: None, resolution: None });

        let mut data = ConfigData {
            organisation: c.organisation,
            time_zone,
            confidence,
            calendars,
            channels,
            journeys,
            touchpoints,
            topics: c.topics,
            instruments,
            classification,
            escalation: Escalation {
                levels: levels.clone(),
                warn_at,
                repeat_window: e.repeat_window.unwrap_or(Duration { days: 90, ..Duration::default() }),
                on_breach_first_response: on_breach.first_response.unwrap_or(BreachAction::Escalate),
                on_breach_resolution: on_breach.resolution.unwrap_or(BreachAction::Escalate),
                rules: Vec::new(),
            },
            loop_settings: LoopSettings { verdict_window: Duration { days: 7, ..Default::default() }, reopen_window: Duration { days: 30, ..Default::default() }, handling_survey: None },
            contact_policy: ContactPolicy::default(),
            integrity: IntegritySettings { min_responses: 30, alpha: 0.01 },
            privacy: PrivacySettings { min_group_size: 5, redact: vec![Redact::Email, Redact::Phone, Redact::Iban] },
            questions: questions.into_iter().map(|(id, kind, _)| (id, kind)).collect(),
            question_slots: Vec::new(),
            by_id: Lookups::default(),
        };

        data.question_slots = data
            .instruments
            .iter()
            .map(|ins| ins.questions.iter().map(|q| data.questions.iter().position(|(id, _)| *id == q.id).expect("every question is registered")).collect())
            .collect();

        let mut rules = Vec::with_capacity(e.rules.len());
        check_unique(|i| join(&index("escalation.rules", i), "name"), e.rules.iter().map(|r| r.name.as_str()), "rule")?;
        for (ri, r) in e.rules.iter().enumerate() {
            let path = index("escalation.rules", ri);
            let when = Condition::compile(&r.when, &data).map_err(|m| ClfError::config(join(&path, "when"), m))?;
            if r.alert.is_none() && r.open_case.is_none() {
                return Err(ClfError::config(path, format!("rule {:?} does nothing: expected `alert`, `open_case` or both", r.name)));
            }
            let alert = r
                .alert
                .as_ref()
                .map(|a| -> Result<AlertAction> {
                    let ap = join(&path, "alert");
                    Ok(AlertAction {
                        level: level_ref(&join(&ap, "level"), &a.level)?,
                        within: a.within,
                        calendar: a.calendar.as_deref().map(|cal| {
                            data.calendars.iter().position(|(c, _)| c == cal).map(|i| CalendarIdx(i as u32)).ok_or_else(|| ClfError::config(join(&ap, "calendar"), format!("unknown calendar {cal:?}")))
                        }).transpose()?,
                    })
                })
                .transpose()?;
            let open_case = r
                .open_case
                .as_ref()
                .map(|o| -> Result<CaseAction> {
                    let op = join(&path, "open_case");
                    let assign = match &o.assign {
                        None => Assign::LevelQueue,
                        Some(a) => Assign::parse(a).ok_or_else(|| ClfError::config(join(&op, "assign"), format!("invalid assignee {a:?}: expected \"original_employee\", \"team:<id>\" or \"queue:<id>\"")))?,
                    };
                    Ok(CaseAction { level: level_ref(&join(&op, "level"), &o.level)?, priority: o.priority.unwrap_or(Priority::Normal), assign })
                })
                .transpose()?;
            let program = crate::rule::Program::compile(&when, &data);
            rules.push(Rule { name: r.name.clone(), when, program, alert, open_case });
        }
        data.escalation.rules = rules;

        if let Some(l) = c.loop_ {
            data.loop_settings = LoopSettings {
                verdict_window: l.verdict_window.unwrap_or(data.loop_settings.verdict_window),
                reopen_window: l.reopen_window.unwrap_or(data.loop_settings.reopen_window),
                handling_survey: l.handling_survey.as_deref().map(|h| instrument_ref_in(&data.instruments, "loop.handling_survey", h)).transpose()?,
            };
        }

        if let Some(p) = c.contact_policy {
            data.contact_policy = Self::contact_policy(p, &data.touchpoints)?;
        }
        if let Some(i) = c.integrity {
            data.integrity = IntegritySettings {
                min_responses: i.min_responses.unwrap_or(30),
                alpha: fraction("integrity.alpha", i.alpha.unwrap_or(0.01), true, true)?,
            };
        }
        if let Some(p) = c.privacy {
            let min_group_size = p.min_group_size.unwrap_or(5);
            if min_group_size == 0 {
                return Err(ClfError::config("privacy.min_group_size", "expected at least 1"));
            }
            data.privacy = PrivacySettings { min_group_size, redact: p.redact.unwrap_or(data.privacy.redact) };
        }

        data.by_id = Lookups {
            channels: NameIndex::new(data.channels.iter().map(|c| c.id.as_str())),
            touchpoints: NameIndex::new(data.touchpoints.iter().map(|t| t.id.as_str())),
            instruments: NameIndex::new(data.instruments.iter().map(|t| t.id.as_str())),
        };
        Ok(Config(Arc::new(data), Arc::default()))
    }

    fn classification(spec: Option<raw::ClassificationSpec>) -> Result<ClassificationSettings> {
        let Some(spec) = spec else {
            return Ok(ClassificationSettings { locales: vec!["en".into(), "nl".into()], extra_phrases: Vec::new() });
        };
        let locales = spec.locales.unwrap_or_else(|| vec!["en".into(), "nl".into()]);
        check_unique(|i| index("classification.locales", i), locales.iter().map(String::as_str), "locale")?;
        let mut extra = Vec::new();
        for (locale, categories) in spec.lexicon.iter() {
            let lpath = join("classification.lexicon", locale);
            if !locales.iter().any(|l| l == locale) {
                return Err(ClfError::config(lpath, format!("locale {locale:?} is not in classification.locales ({})", locales.join(", "))));
            }
            for (category, phrases) in categories.iter() {
                let cpath = join(&lpath, category);
                let signal = Signal::parse(category).ok_or_else(|| {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).chain(Urgency::ALL.iter().map(|u| u.as_str())).collect();
                    ClfError::config(&cpath, format!("unknown category {category:?}: expected one of {}", names.join(", ")))
                })?;
                for (i, p) in phrases.iter().enumerate() {
                    let phrase = p.trim().to_lowercase();
                    if phrase.is_empty() {
                        return Err(ClfError::config(index(&cpath, i), "expected a non-empty phrase"));
                    }
                    extra.push((locale.to_string(), signal, phrase));
                }
            }
        }
        Ok(ClassificationSettings { locales, extra_phrases: extra })
    }

    fn contact_policy(p: raw::ContactPolicySpec, touchpoints: &[Touchpoint]) -> Result<ContactPolicy> {
        let tp = |path: &str, id: &str| -> Result<TouchpointIdx> {
            touchpoints.iter().position(|t| t.id == id).map(|i| TouchpointIdx(i as u32)).ok_or_else(|| ClfError::config(path, format!("unknown touchpoint {id:?}: expected \"default\" or a touchpoint id")))
        };
        let mut policy = ContactPolicy {
            max_per_customer: p.max_per_customer.map(|m| RateLimit { count: m.count, per: m.per }),
            max_per_year: p.max_per_year,
            min_gap: p.min_gap,
            skip_while_case_open: p.skip_while_case_open.unwrap_or(true),
            ..ContactPolicy::default()
        };
        if let Some(RateLimit { count: 0, .. }) = policy.max_per_customer {
            return Err(ClfError::config("contact_policy.max_per_customer.count", "expected at least 1 (to stop surveys, leave the instrument out)"));
        }
        for (key, d) in p.delay.iter() {
            if key == "default" {
                policy.default_delay = Some(*d);
            } else {
                policy.delays.push((tp(&join("contact_policy.delay", key), key)?, *d));
            }
        }
        for (key, rate) in p.sampling.iter() {
            let path = join("contact_policy.sampling", key);
            let rate = fraction(&path, *rate, false, false)?;
            if key == "default" {
                policy.default_sampling = rate;
            } else {
                policy.sampling.push((tp(&path, key)?, rate));
            }
        }
        if let Some(q) = p.quiet_hours {
            let from = parse_clock("contact_policy.quiet_hours.from", &q.from)?;
            let to = parse_clock("contact_policy.quiet_hours.to", &q.to)?;
            if from == to {
                return Err(ClfError::config("contact_policy.quiet_hours.to", "quiet hours start and end at the same time"));
            }
            policy.quiet_hours = Some((from, to));
        }
        Ok(policy)
    }
}

fn instrument_ref_in(instruments: &[Instrument], path: &str, id: &str) -> Result<InstrumentIdx> {
    instruments.iter().position(|i| i.id == id).map(|i| InstrumentIdx(i as u32)).ok_or_else(|| {
        let known: Vec<&str> = instruments.iter().map(|i| i.id.as_str()).collect();
        ClfError::config(path, format!("unknown instrument {id:?}: expected one of {}", known.join(", ")))
    })
}

fn answer_type(kind: &QuestionKind, id: &str) -> Type {
    match kind {
        QuestionKind::Nps | QuestionKind::Csat { .. } | QuestionKind::Ces { .. } | QuestionKind::Rating { .. } => Type::Int,
        QuestionKind::Emotion { .. } | QuestionKind::Choice { .. } => Type::Enum(Domain::Options(id.to_string())),
        QuestionKind::MultiChoice { .. } => Type::List(Box::new(Type::Enum(Domain::Options(id.to_string())))),
        QuestionKind::Text { .. } => Type::String,
        QuestionKind::YesNo => Type::Bool,
    }
}

impl Schema for ConfigData {
    fn variable(&self, name: &str) -> Option<Type> {
        Some(match name {
            "kinds" => Type::List(Box::new(Type::Enum(Domain::Kind))),
            "urgency" => Type::List(Box::new(Type::Enum(Domain::Urgency))),
            "channel" => Type::Enum(Domain::Channel),
            "touchpoint" => Type::Enum(Domain::Touchpoint),
            "journey" => Type::Enum(Domain::Journey),
            "instrument" => Type::String,
            "locale" => Type::String,
            "emotion" => Type::Enum(Domain::Emotion),
            "valence" => Type::Double,
            "repeat_complaints" => Type::Int,
            "customer_known" => Type::Bool,
            "labels" => Type::List(Box::new(Type::String)),
            "answers" => Type::Answers,
            _ => return None,
        })
    }

    fn variable_names(&self) -> Vec<String> {
        RULE_VARIABLES.iter().map(|s| s.to_string()).collect()
    }

    fn answer(&self, id: &str) -> Option<Type> {
        self.questions.iter().find(|(q, _)| q == id).map(|(q, k)| answer_type(k, q))
    }

    fn domain(&self, d: &Domain) -> Vec<String> {
        match d {
            Domain::Kind => Kind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            Domain::Urgency => Urgency::ALL.iter().map(|u| u.as_str().to_string()).collect(),
            Domain::Channel => self.channels.iter().map(|c| c.id.clone()).collect(),
            Domain::Touchpoint => self.touchpoints.iter().map(|t| t.id.clone()).collect(),
            Domain::Journey => self.journeys.iter().map(|j| j.id.clone()).collect(),
            Domain::Emotion => {
                let mut labels: Vec<String> = Vec::new();
                for (_, k) in &self.questions {
                    if let QuestionKind::Emotion { options } = k {
                        for (l, _) in options {
                            if !labels.contains(l) {
                                labels.push(l.clone());
                            }
                        }
                    }
                }
                labels
            }
            Domain::Options(q) => match self.questions.iter().find(|(id, _)| id == q).map(|(_, k)| k) {
                Some(QuestionKind::Emotion { options }) => options.iter().map(|(l, _)| l.clone()).collect(),
                Some(QuestionKind::Choice { options } | QuestionKind::MultiChoice { options }) => options.clone(),
                _ => Vec::new(),
            },
        }
    }
}
