//! Survey instruments: which questions are asked at which touchpoints.

use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{ClfError, Result, join};
use crate::idmap::IdMap;
use crate::journey::{TouchpointIdx, index_type};

index_type!(
    /// An instrument of the configuration.
    InstrumentIdx
);

/// A survey instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Touchpoints it may be used at.
    pub touchpoints: Vec<TouchpointIdx>,
    /// Its questions, in order; ids are unique within the instrument.
    pub questions: Vec<Question>,
}

impl Instrument {
    /// The question with id `id`.
    pub fn question(&self, id: &str) -> Option<(usize, &Question)> {
        self.questions.iter().enumerate().find(|(_, q)| crate::lookup::same(q.id.as_bytes(), id.as_bytes()))
    }
}

/// One question of an instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Id, the key of its answer in a response.
    pub id: String,
    /// Whether a response must answer it.
    pub required: bool,
    /// Question text per locale.
    pub text: Vec<(String, String)>,
    /// Type and its parameters.
    pub kind: QuestionKind,
}

/// The type of a question with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// 0–10 likelihood to recommend.
    Nps,
    /// Satisfaction on 1–`scale` (3..=10).
    Csat {
        /// Points on the scale.
        scale: u8,
    },
    /// Effort on 1–`scale` (5 or 7).
    Ces {
        /// Points on the scale.
        scale: u8,
    },
    /// Whole numbers from `min` to `max`.
    Rating {
        /// Lowest answer.
        min: i32,
        /// Highest answer.
        max: i32,
    },
    /// A mood label, each with a valence in −1..1.
    Emotion {
        /// `(label, valence)` in order.
        options: Vec<(String, f64)>,
    },
    /// One of `options`.
    Choice {
        /// The options.
        options: Vec<String>,
    },
    /// Any subset of `options`.
    MultiChoice {
        /// The options.
        options: Vec<String>,
    },
    /// Free text of at most `max_length` characters.
    Text {
        /// Maximum length in characters, if any.
        max_length: Option<u32>,
    },
    /// Yes or no.
    YesNo,
}

impl QuestionKind {
    /// The type name as configured: `nps`, `csat`, …
    pub fn type_name(&self) -> &'static str {
        match self {
            QuestionKind::Nps => "nps",
            QuestionKind::Csat { .. } => "csat",
            QuestionKind::Ces { .. } => "ces",
            QuestionKind::Rating { .. } => "rating",
            QuestionKind::Emotion { .. } => "emotion",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::MultiChoice { .. } => "multi_choice",
            QuestionKind::Text { .. } => "text",
            QuestionKind::YesNo => "yes_no",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuestionKind::Csat { scale } | QuestionKind::Ces { scale } => write!(f, "{} question on a {scale}-point scale", self.type_name()),
            QuestionKind::Rating { min, max } => write!(f, "rating question from {min} to {max}"),
            _ => write!(f, "{} question", self.type_name()),
        }
    }
}

/// A question as the configuration writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuestionSpec {
    pub id: String,
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub text: IdMap<String>,
    pub scale: Option<u8>,
    pub min: Option<i32>,
    pub max: Option<i32>,
    pub options: Option<OptionsSpec>,
    pub max_length: Option<u32>,
}

/// `options`: a list of labels (choice) or labels with valences (emotion).
#[derive(Debug, Clone)]
pub(crate) enum OptionsSpec {
    List(Vec<String>),
    Valences(IdMap<f64>),
}

impl<'de> Deserialize<'de> for OptionsSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OptionsSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of options, or an object of emotion labels to valences")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<OptionsSpec, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(OptionsSpec::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<OptionsSpec, A::Error> {
                IdMap::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(OptionsSpec::Valences)
            }
        }
        d.deserialize_any(V)
    }
}

impl QuestionSpec {
    /// Validates the question's type and parameters; errors name fields under `path`.
    pub(crate) fn validate(&self, path: &str) -> Result<Question> {
        let at = |field: &str| join(path, field);
        let not_for = |field: &str| ClfError::config(at(field), format!("`{field}` does not apply to a question of type {}", self.type_));
        let given = [("scale", self.scale.is_some()), ("min", self.min.is_some()), ("max", self.max.is_some()), ("options", self.options.is_some()), ("max_length", self.max_length.is_some())];
        let allowed: &[&str] = match self.type_.as_str() {
            "csat" | "ces" => &["scale"],
            "rating" => &["min", "max"],
            "emotion" | "choice" | "multi_choice" => &["options"],
            "text" => &["max_length"],
            "nps" | "yes_no" => &[],
            other => {
                return Err(ClfError::config(at("type"), format!("unknown question type {other:?}: expected one of nps, csat, ces, rating, emotion, choice, multi_choice, text, yes_no")));
            }
        };
        if let Some((field, _)) = given.iter().find(|(f, g)| *g && !allowed.contains(f)) {
            return Err(not_for(field));
        }
        let labels = |what: &str| -> Result<Vec<String>> {
            match &self.options {
                Some(OptionsSpec::List(l)) => {
                    if l.len() < 2 {
                        return Err(ClfError::config(at("options"), format!("a {what} question needs at least two options")));
                    }
                    for (i, o) in l.iter().enumerate() {
                        if o.is_empty() || l[..i].contains(o) {
                            return Err(ClfError::config(format!("{}[{i}]", at("options")), format!("option {o:?} is empty or repeated")));
                        }
                    }
                    Ok(l.clone())
                }
                Some(OptionsSpec::Valences(_)) => Err(ClfError::config(at("options"), format!("a {what} question takes a list of options, not an object"))),
                None => Err(ClfError::config(at("options"), format!("a {what} question needs `options`"))),
            }
        };
        let kind = match self.type_.as_str() {
            "nps" => QuestionKind::Nps,
            "csat" => {
                let scale = self.scale.unwrap_or(5);
                if !(3..=10).contains(&scale) {
                    return Err(ClfError::config(at("scale"), format!("expected a CSAT scale from 3 to 10, got {scale}")));
                }
                QuestionKind::Csat { scale }
            }
            "ces" => {
                let scale = self.scale.unwrap_or(7);
                if scale != 5 && scale != 7 {
                    return Err(ClfError::config(at("scale"), format!("expected a CES scale of 5 or 7, got {scale}")));
                }
                QuestionKind::Ces { scale }
            }
            "rating" => {
                let min = self.min.ok_or_else(|| ClfError::config(at("min"), "a rating question needs `min` and `max`"))?;
                let max = self.max.ok_or_else(|| ClfError::config(at("max"), "a rating question needs `min` and `max`"))?;
                if max <= min {
                    return Err(ClfError::config(at("max"), format!("expected max greater than min ({min}), got {max}")));
                }
                QuestionKind::Rating { min, max }
            }
            "emotion" => match &self.options {
                Some(OptionsSpec::Valences(m)) => {
                    if m.len() < 2 {
                        return Err(ClfError::config(at("options"), "an emotion question needs at least two labels"));
                    }
                    for (label, v) in m.iter() {
                        if !(v.is_finite() && (-1.0..=1.0).contains(v)) {
                            return Err(ClfError::config(join(&at("options"), label), format!("expected a valence from -1 to 1, got {v}")));
                        }
                    }
                    QuestionKind::Emotion { options: m.0.clone() }
                }
                Some(OptionsSpec::List(_)) => return Err(ClfError::config(at("options"), "an emotion question takes an object of labels to valences in -1..1, e.g. {\"angry\": -1.0, \"pleased\": 0.7}")),
                None => return Err(ClfError::config(at("options"), "an emotion question needs `options`: labels with valences in -1..1")),
            },
            "choice" => QuestionKind::Choice { options: labels("choice")? },
            "multi_choice" => QuestionKind::MultiChoice { options: labels("multi_choice")? },
            "text" => {
                if self.max_length == Some(0) {
                    return Err(ClfError::config(at("max_length"), "expected a positive max_length"));
                }
                QuestionKind::Text { max_length: self.max_length }
            }
            _ => QuestionKind::YesNo,
        };
        if self.id.is_empty() {
            return Err(ClfError::config(at("id"), "expected a non-empty id"));
        }
        Ok(Question { id: self.id.clone(), required: self.required, text: self.text.0.clone(), kind })
    }
}
