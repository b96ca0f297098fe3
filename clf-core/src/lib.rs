//! # clf-core
//!
//! The pure core of **closed-loop-feedback**: it listens to customers at the
//! touchpoints of their journey, scores what they say (NPS, CSAT, CES,
//! emotion) with honest intervals, and — in the modules that build on this
//! one — classifies, escalates and tracks every follow-up until the customer
//! says it is resolved.
//!
//! The crate does no I/O, starts no threads and never reads the clock: time
//! is always passed in. Bindings for Python, Node and Swift wrap it thinly.
//!
//! Ids and names that many values carry (a response's id, a level, a rule,
//! a phrase cited as evidence) are [`SharedStr`]: one allocation, shared,
//! read as a `&str` and compared with `&str`.
//!
//! ```
//! use clf_core::{Config, ResponseInput, Summaries, SummaryQuery, Dimension};
//!
//! let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
//! let input = ResponseInput::from_json(r#"{
//!     "id": "r-1", "instrument": "post-contact", "touchpoint": "delivery",
//!     "channel": "phone", "submitted_at": "2026-11-20T10:15:00+01:00",
//!     "answers": {"nps": 9, "csat": 5, "comment": "Quick and friendly"}
//! }"#).unwrap();
//! let response = config.validate_response(&input).unwrap();
//!
//! let mut by_touchpoint = Summaries::new(&config, SummaryQuery::group_by([Dimension::Touchpoint])).unwrap();
//! by_touchpoint.add(&response);
//! let groups = by_touchpoint.groups();
//! assert_eq!(groups[0].key[0].1.as_deref(), Some("delivery"));
//! assert_eq!(groups[0].nps["nps"].score, 100.0);
//! ```
#![warn(missing_docs)]

pub mod calendar;
mod alert_record;
pub mod case;
mod case_record;
pub mod classify;
pub mod config;
pub mod contact;
mod customers;
pub mod duration;
pub mod engine;
pub mod error;
pub mod escalation;
pub mod events;
pub mod expr;
mod hashindex;
mod idmap;
mod jsonline;
mod lookup;
mod prefetch;
pub mod input;
pub mod improvement;
pub mod instrument;
pub mod journey;
pub mod metrics;
pub mod response;
pub mod rule;
pub mod scoring;
mod shared;
mod snapshot;
pub mod stats;
pub mod summary;
mod text;
pub mod timer;

pub use calendar::{Calendar, CalendarSpec};
pub use case::Command;
pub use classify::{Classification, Classifier, FeedbackItem, Kind, Urgency, UrgencyFinding};
pub use config::Config;
pub use duration::Duration;
pub use engine::{Alert, Assignee, BatchError, BatchOutcome, Case, CaseFilter, CaseState, Engine, ImportReport, Outcome};
pub use events::{Change, Event, Forgotten};
pub use error::{ClfError, ErrorCode, Result};
pub use idmap::IdMap;
pub use instrument::{Instrument, Question, QuestionKind};
pub use response::{Answer, AnswerInput, Response, ResponseInput, ResponseRef};
pub use scoring::{CesScore, CsatScore, Difference, EmotionSummary, Interval, MeanScore, NpsScore, Number, ces, ces_at, compare_csat, compare_nps, csat, csat_at, nps, nps_at};
pub use shared::SharedStr;
pub use stats::Confidence;
pub use timer::{Deadline, TimerEvent, TimerEventKind};
pub use metrics::{LoopMetrics, Recovery, StepTimes};
pub use improvement::{Improvement, ImprovementState, Notification};
pub use summary::{Dimension, GroupSummary, PeriodUnit, Summaries, SummaryQuery};
