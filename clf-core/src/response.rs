//! Responses to an instrument: the input document, its validation against
//! the configuration, and the validated form the rest of the library uses.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::config::Config;
use crate::error::{ClfError, Result, index, join};
use crate::idmap::IdMap;
use crate::instrument::{InstrumentIdx, QuestionKind};
use crate::journey::{ChannelIdx, JourneyIdx, TouchpointIdx};

/// A response as the host sends it (JSON field names).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    /// Unique id; ingesting the same id again changes nothing.
    pub id: String,
    /// Id of the instrument answered.
    pub instrument: String,
    /// Id of the touchpoint it was asked at.
    pub touchpoint: String,
    /// Id of the channel of the contact.
    pub channel: String,
    /// RFC 3339 timestamp with an offset.
    pub submitted_at: String,
    /// The customer, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The employee of the contact, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee: Option<String>,
    /// The team of the contact, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The customer's locale (`en`, `nl`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The host's own classification of this feedback.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// The case whose handling this response is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    /// Answers by question id; `null` or absent means skipped.
    #[serde(default)]
    pub answers: IdMap<AnswerInput>,
}

impl ResponseInput {
    /// Parses a response from JSON text; malformed JSON or fields are
    /// validation errors with the path of the field.
    pub fn from_json(text: &str) -> Result<ResponseInput> {
        crate::input::from_json(text, crate::error::ErrorCode::Validation)
    }
}

/// An answer as sent: JSON scalars or a list of strings.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerInput {
    /// `null`: the question was skipped.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Text(String),
    /// A list of strings (multi_choice).
    List(Vec<String>),
}

impl AnswerInput {
    fn describe(&self) -> String {
        match self {
            AnswerInput::Null => "null".into(),
            AnswerInput::Bool(b) => b.to_string(),
            AnswerInput::Int(i) => i.to_string(),
            AnswerInput::Float(f) => f.to_string(),
            AnswerInput::Text(s) => format!("{s:?}"),
            AnswerInput::List(l) => format!("{l:?}"),
        }
    }

    fn as_whole_number(&self) -> Option<i64> {
        match *self {
            AnswerInput::Int(i) => Some(i),
            AnswerInput::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(f as i64),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for AnswerInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnswerInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, a string, a boolean, a list of strings or null")
            }
            fn visit_unit<E>(self) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Null)
            }
            fn visit_none<E>(self) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> std::result::Result<AnswerInput, D2::Error> {
                AnswerInput::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<AnswerInput, E> {
                Ok(i64::try_from(v).map(AnswerInput::Int).unwrap_or(AnswerInput::Float(v as f64)))
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<AnswerInput, E> {
                Ok(AnswerInput::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<AnswerInput, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(AnswerInput::List)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for AnswerInput {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            AnswerInput::Null => s.serialize_unit(),
            AnswerInput::Bool(b) => s.serialize_bool(*b),
            AnswerInput::Int(i) => s.serialize_i64(*i),
            AnswerInput::Float(f) => s.serialize_f64(*f),
            AnswerInput::Text(t) => s.serialize_str(t),
            AnswerInput::List(l) => l.serialize(s),
        }
    }
}

/// A validated answer to one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// NPS 0–10, CSAT or CES 1–scale.
    Score(u8),
    /// A rating within the question's range.
    Rating(i32),
    /// Index of the chosen option (emotion, choice).
    Option(u16),
    /// Indices of the chosen options, in the question's order, no repeats.
    Options(Vec<u16>),
    /// Free text.
    Text(String),
    /// Yes or no.
    YesNo(bool),
}

/// A response validated against its configuration: every reference resolved,
/// every answer of the right type and in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Unique id.
    pub id: String,
    /// The instrument answered.
    pub instrument: InstrumentIdx,
    /// The touchpoint.
    pub touchpoint: TouchpointIdx,
    /// The touchpoint's journey.
    pub journey: JourneyIdx,
    /// The channel.
    pub channel: ChannelIdx,
    /// When it was submitted, with the offset it was sent with.
    pub submitted_at: DateTime<FixedOffset>,
    /// The customer, if known.
    pub customer: Option<String>,
    /// The employee of the contact, if known.
    pub employee: Option<String>,
    /// The team of the contact, if known.
    pub team: Option<String>,
    /// The customer's locale.
    pub locale: Option<String>,
    /// The host's own labels.
    pub labels: Vec<String>,
    /// The case whose handling this is about.
    pub case_id: Option<String>,
    /// Answers given, by question index in the instrument, in question order.
    pub answers: Vec<(u16, Answer)>,
}

/// Parses an RFC 3339 timestamp that carries an offset.
pub fn parse_timestamp(path: &str, s: &str) -> Result<DateTime<FixedOffset>> {
    if let Some(t) = parse_plain_rfc3339(s.as_bytes()) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(s).map_err(|_| {
        ClfError::validation(path, format!("invalid timestamp {s:?}: expected RFC 3339 with an offset, e.g. \"2026-11-22T14:05:00+01:00\" (times without an offset are ambiguous and rejected)"))
    })
}

/// The usual form of a timestamp, read directly:
/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction of one to nine digits, and
/// `Z` or `±HH:MM`. `None` for anything else (other separators, leap
/// seconds, longer fractions, errors), which chrono's full RFC 3339 parser
/// then reads or rejects; a property test checks that both agree.
fn parse_plain_rfc3339(b: &[u8]) -> Option<DateTime<FixedOffset>> {
    /// The number the decimal digits `b` write, `None` if one is no digit.
    /// Every digit is read and checked without a branch; one test at the end.
    #[inline(always)]
    fn num(b: &[u8]) -> Option<u32> {
        let (mut n, mut bad) = (0u32, false);
        for &d in b {
            let v = d.wrapping_sub(b'0');
            bad |= v > 9;
            n = n.wrapping_mul(10).wrapping_add(v as u32);
        }
        (!bad).then_some(n)
    }
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
    let (h, m, sec) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    let mut rest = &b[19..];
    let mut nano = 0;
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|d| d.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        nano = num(&tail[..digits])? * 10u32.pow(9 - digits as u32);
        rest = &tail[digits..];
    }
    let offset = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (oh, om) = (num(&[*oh1, *oh2])?, num(&[*om1, *om2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = (oh * 3600 + om * 60) as i32;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    if sec > 59 {
        return None;
    }
    let local = date.and_hms_nano_opt(h, m, sec, nano)?;
    let offset = FixedOffset::east_opt(offset)?;
    local.checked_sub_offset(offset).map(|utc| DateTime::from_naive_utc_and_offset(utc, offset))
}

#[inline]
fn non_empty(path: &str, v: Option<&str>) -> Result<()> {
    match v {
        Some("") => Err(empty_id(path)),
        _ => Ok(()),
    }
}

#[cold]
fn empty_id(path: &str) -> ClfError {
    ClfError::validation(path, "expected a non-empty id or null")
}

/// A response handed over to be checked: borrowed ones are copied where
/// kept, owned ones are moved.
impl<'a> From<&'a ResponseInput> for Cow<'a, ResponseInput> {
    fn from(r: &'a ResponseInput) -> Self {
        Cow::Borrowed(r)
    }
}

impl From<ResponseInput> for Cow<'_, ResponseInput> {
    fn from(r: ResponseInput) -> Self {
        Cow::Owned(r)
    }
}

/// A validated response that borrows its ids: from the input it was
/// checked from (so that ingest copies only what it keeps), or from a
/// [`Response`] ([`Response::view`]). What the classifier, the rules and
/// the engine read. (Its id is not part of it: the engine keeps it apart.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResponseRef<'a> {
    /// The instrument answered.
    pub instrument: InstrumentIdx,
    /// The touchpoint.
    pub touchpoint: TouchpointIdx,
    /// The touchpoint's journey.
    pub journey: JourneyIdx,
    /// The channel.
    pub channel: ChannelIdx,
    /// When it was submitted, with the offset it was sent with.
    pub submitted_at: DateTime<FixedOffset>,
    /// The customer, if known.
    pub customer: Option<&'a str>,
    /// The employee of the contact, if known.
    pub employee: Option<&'a str>,
    /// The team of the contact, if known.
    pub team: Option<&'a str>,
    /// The customer's locale.
    pub locale: Option<&'a str>,
    /// The host's own labels.
    pub labels: &'a [String],
    /// The case whose handling this is about.
    pub case_id: Option<&'a str>,
    /// Answers given, by question index in the instrument, in question order.
    pub answers: &'a [(u16, Answer)],
}

impl Response {
    /// The response borrowed.
    pub fn view(&self) -> ResponseRef<'_> {
        ResponseRef {
            instrument: self.instrument,
            touchpoint: self.touchpoint,
            journey: self.journey,
            channel: self.channel,
            submitted_at: self.submitted_at,
            customer: self.customer.as_deref(),
            employee: self.employee.as_deref(),
            team: self.team.as_deref(),
            locale: self.locale.as_deref(),
            labels: &self.labels,
            case_id: self.case_id.as_deref(),
            answers: &self.answers,
        }
    }
}

/// The fields of a response document, borrowed: from a [`ResponseInput`]
/// or from a [`ResponseDoc`] read from JSON text.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a> {
    pub(crate) instrument: &'a str,
    pub(crate) touchpoint: &'a str,
    pub(crate) channel: &'a str,
    pub(crate) submitted_at: &'a str,
    pub(crate) customer: Option<&'a str>,
    pub(crate) employee: Option<&'a str>,
    pub(crate) team: Option<&'a str>,
    pub(crate) locale: Option<&'a str>,
    pub(crate) labels: &'a [String],
    pub(crate) case_id: Option<&'a str>,
    pub(crate) answers: Answers<'a>,
}

/// The answers of a response document, by question id.
#[derive(Clone, Copy)]
pub(crate) enum Answers<'a> {
    Owned(&'a IdMap<AnswerInput>),
    Borrowed(&'a [(&'a str, DocAnswer<'a>)]),
}

/// An answer as validation reads it: an [`AnswerInput`], or a string
/// borrowed from a JSON line. Validation is written once for both and
/// compiled for each, so that neither pays for the other.
trait AnswerValue<'a>: Copy {
    /// The answer's string, if it is one.
    fn text(self) -> Option<&'a str>;
    /// The answer if it is an input.
    fn input(self) -> Option<&'a AnswerInput>;
    /// The answer as error messages show it.
    fn describe(self) -> String;
}

impl<'a> AnswerValue<'a> for &'a AnswerInput {
    fn text(self) -> Option<&'a str> {
        match self {
            AnswerInput::Text(s) => Some(s),
            _ => None,
        }
    }
    fn input(self) -> Option<&'a AnswerInput> {
        Some(self)
    }
    fn describe(self) -> String {
        AnswerInput::describe(self)
    }
}

impl<'a> AnswerValue<'a> for &'a str {
    fn text(self) -> Option<&'a str> {
        Some(self)
    }
    fn input(self) -> Option<&'a AnswerInput> {
        None
    }
    fn describe(self) -> String {
        format!("{self:?}")
    }
}

/// An answer of a [`ResponseDoc`]: a string without escapes, borrowed from
/// the line (the usual text, mood and choice answers), or any answer read
/// into an [`AnswerInput`].
#[derive(Debug)]
pub(crate) enum DocAnswer<'a> {
    Text(&'a str),
    Input(AnswerInput),
}

/// Equal when they hold the same answer, borrowed or not.
impl PartialEq for DocAnswer<'_> {
    fn eq(&self, other: &Self) -> bool {
        fn text<'s>(a: &'s DocAnswer<'_>) -> Option<&'s str> {
            match a {
                DocAnswer::Text(s) => Some(s),
                DocAnswer::Input(a) => a.text(),
            }
        }
        match (self, other) {
            (DocAnswer::Input(a), DocAnswer::Input(b)) => a == b,
            _ => text(self).is_some_and(|s| text(other) == Some(s)),
        }
    }
}

impl<'a> Answers<'a> {
    fn len(self) -> usize {
        match self {
            Answers::Owned(m) => m.len(),
            Answers::Borrowed(v) => v.len(),
        }
    }
}

impl ResponseInput {
    pub(crate) fn fields(&self) -> Fields<'_> {
        Fields {
            instrument: &self.instrument,
            touchpoint: &self.touchpoint,
            channel: &self.channel,
            submitted_at: &self.submitted_at,
            customer: self.customer.as_deref(),
            employee: self.employee.as_deref(),
            team: self.team.as_deref(),
            locale: self.locale.as_deref(),
            labels: &self.labels,
            case_id: self.case_id.as_deref(),
            answers: Answers::Owned(&self.answers),
        }
    }
}

/// A response document read from JSON text with its strings borrowed from
/// the text, for JSON lines: the engine copies only what it keeps. It reads
/// what [`ResponseInput`] reads or fails (a string with escapes cannot be
/// borrowed), and a line it fails on is read again as a `ResponseInput`,
/// which names the error.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResponseDoc<'a> {
    pub(crate) id: &'a str,
    pub(crate) instrument: &'a str,
    pub(crate) touchpoint: &'a str,
    pub(crate) channel: &'a str,
    pub(crate) submitted_at: &'a str,
    #[serde(default, borrow)]
    pub(crate) customer: Option<&'a str>,
    #[serde(default, borrow)]
    pub(crate) employee: Option<&'a str>,
    #[serde(default, borrow)]
    pub(crate) team: Option<&'a str>,
    #[serde(default, borrow)]
    pub(crate) locale: Option<&'a str>,
    #[serde(default)]
    pub(crate) labels: Vec<String>,
    #[serde(default, borrow)]
    pub(crate) case_id: Option<&'a str>,
    #[serde(default, borrow)]
    pub(crate) answers: DocAnswers<'a>,
}

/// Answers by question id, ids borrowed; a repeated id is an error, as in
/// [`IdMap`].
#[derive(Debug, Default, PartialEq)]
pub(crate) struct DocAnswers<'a>(pub(crate) Vec<(&'a str, DocAnswer<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for DocAnswers<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = DocAnswers<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<DocAnswers<'a>, A::Error> {
                let mut out: Vec<(&'a str, DocAnswer<'a>)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(key) = map.next_key::<&'de str>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                    out.push((key, DocAnswer::Input(map.next_value()?)));
                }
                Ok(DocAnswers(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl ResponseDoc<'_> {
    pub(crate) fn fields(&self) -> Fields<'_> {
        Fields {
            instrument: self.instrument,
            touchpoint: self.touchpoint,
            channel: self.channel,
            submitted_at: self.submitted_at,
            customer: self.customer,
            employee: self.employee,
            team: self.team,
            locale: self.locale,
            labels: &self.labels,
            case_id: self.case_id,
            answers: Answers::Borrowed(&self.answers.0),
        }
    }
}

/// Checks a response's id.
pub(crate) fn check_id(id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(ClfError::validation("id", "expected a non-empty response id"));
    }
    Ok(())
}

impl Config {
    /// Validates a response against this configuration. Errors are
    /// `validation` errors naming the field (`answers.nps`, `touchpoint`…).
    /// Takes `&ResponseInput` (its ids are copied) or `ResponseInput`
    /// (they are moved).
    pub fn validate_response<'a>(&self, input: impl Into<Cow<'a, ResponseInput>>) -> Result<Response> {
        let input = input.into();
        check_id(&input.id)?;
        let (v, answers) = self.check_response(input.fields())?;
        let (instrument, touchpoint, journey, channel, submitted_at) = (v.instrument, v.touchpoint, v.journey, v.channel, v.submitted_at);
        let (id, customer, employee, team, locale, labels, case_id) = match input {
            Cow::Borrowed(i) => (i.id.clone(), i.customer.clone(), i.employee.clone(), i.team.clone(), i.locale.clone(), i.labels.clone(), i.case_id.clone()),
            Cow::Owned(i) => (i.id, i.customer, i.employee, i.team, i.locale, i.labels, i.case_id),
        };
        Ok(Response { id, instrument, touchpoint, journey, channel, submitted_at, customer, employee, team, locale, labels, case_id, answers })
    }

    /// Checks everything of a response but its id ([`check_id`]): the
    /// response borrowed from `input`, with no answers yet, and its answers
    /// validated (`ResponseRef { answers: &answers, ..r }` completes it).
    pub(crate) fn check_response<'a>(&self, input: Fields<'a>) -> Result<(ResponseRef<'a>, Vec<(u16, Answer)>)> {
        let mut answers = Vec::with_capacity(input.answers.len());
        let r = self.check_response_into(input, &mut answers)?;
        Ok((r, answers))
    }

    /// [`Config::check_response`] with the answers put in `answers` (the
    /// caller's list, emptied first).
    #[inline(always)]
    pub(crate) fn check_response_into<'a>(&self, input: Fields<'a>, answers: &mut Vec<(u16, Answer)>) -> Result<ResponseRef<'a>> {
        answers.clear();
        let instrument = self.instrument_idx(input.instrument).ok_or_else(|| {
            ClfError::validation("instrument", format!("unknown instrument {:?}: expected one of {}", input.instrument, self.list(self.instruments.iter().map(|i| &i.id))))
        })?;
        let touchpoint = self.touchpoint_idx(input.touchpoint).ok_or_else(|| {
            ClfError::validation("touchpoint", format!("unknown touchpoint {:?}: expected one of {}", input.touchpoint, self.list(self.touchpoints.iter().map(|t| &t.id))))
        })?;
        let ins = &self.instruments[instrument.index()];
        if !ins.touchpoints.contains(&touchpoint) {
            return Err(ClfError::validation("touchpoint", format!("instrument {:?} is not used at touchpoint {:?}: it is for {}", ins.id, input.touchpoint, self.list(ins.touchpoints.iter().map(|t| &self.touchpoints[t.index()].id)))));
        }
        let channel = self.channel_idx(input.channel).ok_or_else(|| {
            ClfError::validation("channel", format!("unknown channel {:?}: expected one of {}", input.channel, self.list(self.channels.iter().map(|c| &c.id))))
        })?;
        let submitted_at = parse_timestamp("submitted_at", input.submitted_at)?;
        for (i, l) in input.labels.iter().enumerate() {
            if l.is_empty() {
                return Err(ClfError::validation(index("labels", i), "expected a non-empty label"));
            }
        }

        match input.answers {
            Answers::Owned(map) => {
                for (qid, value) in map.iter() {
                    self.check_answer(ins, qid, value, answers)?;
                }
            }
            Answers::Borrowed(list) => {
                for (qid, value) in list {
                    match value {
                        DocAnswer::Text(s) => self.check_answer(ins, qid, *s, answers)?,
                        DocAnswer::Input(a) => self.check_answer(ins, qid, a, answers)?,
                    }
                }
            }
        }
        for (qi, q) in ins.questions.iter().enumerate() {
            if q.required && !answers.iter().any(|(i, _)| *i as usize == qi) {
                return Err(ClfError::validation(join("answers", &q.id), format!("required answer to {:?} is missing", q.id)));
            }
        }
        // Answers mostly come in the instrument's order already.
        if !answers.is_sorted_by_key(|(i, _)| *i) {
            answers.sort_by_key(|(i, _)| *i);
        }
        non_empty("customer", input.customer)?;
        non_empty("employee", input.employee)?;
        non_empty("team", input.team)?;
        non_empty("locale", input.locale)?;
        non_empty("case_id", input.case_id)?;
        let r = ResponseRef {
            instrument,
            touchpoint,
            journey: self.touchpoints[touchpoint.index()].journey,
            channel,
            submitted_at,
            customer: input.customer,
            employee: input.employee,
            team: input.team,
            locale: input.locale,
            labels: input.labels,
            case_id: input.case_id,
            answers: &[],
        };
        Ok(r)
    }

    /// Validates the answer `value` to `qid` of `ins` into `answers` (a
    /// skipped one, `null`, adds nothing).
    #[inline(always)]
    fn check_answer<'v>(&self, ins: &crate::Instrument, qid: &str, value: impl AnswerValue<'v>, answers: &mut Vec<(u16, Answer)>) -> Result<()> {
        let Some((qi, q)) = ins.question(qid) else {
            return Err(ClfError::validation(join("answers", qid), format!("instrument {:?} has no question {qid:?}: expected one of {}", ins.id, self.list(ins.questions.iter().map(|q| &q.id)))));
        };
        if let Some(AnswerInput::Null) = value.input() {
            return Ok(());
        }
        answers.push((qi as u16, validate_answer(qid, &q.kind, value)?));
        Ok(())
    }

    /// The response back in its input form (ids, RFC 3339, JSON answers).
    pub fn response_input(&self, r: &Response) -> ResponseInput {
        let ins = &self.instruments[r.instrument.index()];
        let answers = r
            .answers
            .iter()
            .map(|(qi, a)| {
                let q = &ins.questions[*qi as usize];
                let label = |i: u16| match &q.kind {
                    QuestionKind::Emotion { options } => options[i as usize].0.clone(),
                    QuestionKind::Choice { options } | QuestionKind::MultiChoice { options } => options[i as usize].clone(),
                    _ => unreachable!("option answers belong to option questions"),
                };
                let v = match a {
                    Answer::Score(s) => AnswerInput::Int(*s as i64),
                    Answer::Rating(r) => AnswerInput::Int(*r as i64),
                    Answer::Option(i) => AnswerInput::Text(label(*i)),
                    Answer::Options(is) => AnswerInput::List(is.iter().map(|i| label(*i)).collect()),
                    Answer::Text(t) => AnswerInput::Text(t.clone()),
                    Answer::YesNo(b) => AnswerInput::Bool(*b),
                };
                (q.id.clone(), v)
            })
            .collect();
        ResponseInput {
            id: r.id.clone(),
            instrument: ins.id.clone(),
            touchpoint: self.touchpoints[r.touchpoint.index()].id.clone(),
            channel: self.channels[r.channel.index()].id.clone(),
            submitted_at: r.submitted_at.to_rfc3339(),
            customer: r.customer.clone(),
            employee: r.employee.clone(),
            team: r.team.clone(),
            locale: r.locale.clone(),
            labels: r.labels.clone(),
            case_id: r.case_id.clone(),
            answers: IdMap(answers),
        }
    }

    fn list<'a>(&self, ids: impl Iterator<Item = &'a String>) -> String {
        let v: Vec<&str> = ids.map(String::as_str).collect();
        if v.is_empty() { "(none configured)".into() } else { v.join(", ") }
    }
}

fn validate_answer<'v>(qid: &str, kind: &QuestionKind, value: impl AnswerValue<'v>) -> Result<Answer> {
    // The path is only built when something is wrong.
    let path = || join("answers", qid);
    let bad = |expected: String| ClfError::validation(path(), format!("expected {expected}, got {}", value.describe()));
    let whole_in = |lo: i64, hi: i64, what: &str| -> Result<i64> {
        match value.input().and_then(AnswerInput::as_whole_number) {
            Some(n) if (lo..=hi).contains(&n) => Ok(n),
            _ => Err(bad(format!("{what}: a whole number from {lo} to {hi}"))),
        }
    };
    fn pick<'a>(mut options: impl Iterator<Item = &'a String>, s: &str) -> Option<u16> {
        options.position(|o| crate::lookup::same(o.as_bytes(), s.as_bytes())).map(|i| i as u16)
    }
    Ok(match kind {
        QuestionKind::Nps => Answer::Score(whole_in(0, 10, "an NPS answer")? as u8),
        QuestionKind::Csat { scale } => Answer::Score(whole_in(1, *scale as i64, "a CSAT answer")? as u8),
        QuestionKind::Ces { scale } => Answer::Score(whole_in(1, *scale as i64, "a CES answer")? as u8),
        QuestionKind::Rating { min, max } => Answer::Rating(whole_in(*min as i64, *max as i64, "a rating")? as i32),
        QuestionKind::Emotion { options } => match value.text() {
            Some(s) => Answer::Option(pick(options.iter().map(|(l, _)| l), s).ok_or_else(|| bad(format!("one of {}", options.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", "))))?),
            _ => return Err(bad("an emotion label".into())),
        },
        QuestionKind::Choice { options } => match value.text() {
            Some(s) => Answer::Option(pick(options.iter(), s).ok_or_else(|| bad(format!("one of {}", options.join(", "))))?),
            _ => return Err(bad("one option as a string".into())),
        },
        QuestionKind::MultiChoice { options } => match value.input() {
            Some(AnswerInput::List(l)) => {
                let mut chosen = Vec::with_capacity(l.len());
                for (i, s) in l.iter().enumerate() {
                    let Some(o) = pick(options.iter(), s) else {
                        return Err(ClfError::validation(index(&path(), i), format!("expected one of {}, got {s:?}", options.join(", "))));
                    };
                    if chosen.contains(&o) {
                        return Err(ClfError::validation(index(&path(), i), format!("option {s:?} is chosen twice")));
                    }
                    chosen.push(o);
                }
                chosen.sort_unstable();
                Answer::Options(chosen)
            }
            _ => return Err(bad("a list of options".into())),
        },
        QuestionKind::Text { max_length } => match value.text() {
            Some(s) => {
                // A text of no more bytes than the limit has no more characters.
                if let Some(max) = max_length.filter(|&max| s.len() > max as usize) {
                    let len = s.chars().count();
                    if len > max as usize {
                        return Err(ClfError::validation(path(), format!("expected at most {max} characters, got {len}")));
                    }
                }
                Answer::Text(s.to_string())
            }
            _ => return Err(bad("text".into())),
        },
        QuestionKind::YesNo => match value.input() {
            Some(AnswerInput::Bool(b)) => Answer::YesNo(*b),
            _ => return Err(bad("true or false".into())),
        },
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Offset};
    use proptest::prelude::*;

    /// Timestamps near the usual form: fields in and just out of range, with
    /// and without fractions, every offset form and other separators.
    fn near_rfc3339() -> impl Strategy<Value = String> {
        let two = |hi: u32| (0..=hi).prop_map(|n| format!("{n:02}"));
        let fraction = prop_oneof![Just(String::new()), (1usize..=11, 0u64..u64::MAX).prop_map(|(n, d)| format!(".{}", &format!("{d:020}")[..n]))];
        let offset = prop_oneof![Just("Z".to_string()), Just("z".to_string()), (prop::sample::select(vec!['+', '-']), two(25), two(61)).prop_map(|(s, h, m)| format!("{s}{h}:{m}")), Just("+0100".to_string())];
        let sep = prop::sample::select(vec!['T', 't', ' ', 'T', 'T']);
        (0u32..=9999, two(13), two(32), sep, two(25), two(61), two(61), fraction, offset).prop_map(|(y, mo, d, t, h, mi, s, f, o)| format!("{y:04}-{mo}-{d}{t}{h}:{mi}:{s}{f}{o}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// The direct reading of the usual form agrees with chrono's RFC 3339
        /// parser: the same instant and offset where it reads one, and every
        /// timestamp is accepted or rejected exactly as chrono does.
        #[test]
        fn timestamps_read_directly_agree_with_chrono(s in near_rfc3339()) {
            let chrono = DateTime::parse_from_rfc3339(&s);
            if let Some(t) = super::parse_plain_rfc3339(s.as_bytes()) {
                let c = chrono.expect("chrono accepts what is read directly");
                prop_assert_eq!(t, c);
                prop_assert_eq!(t.offset().fix(), c.offset().fix());
                prop_assert_eq!(t.to_rfc3339(), c.to_rfc3339());
            }
            prop_assert_eq!(super::parse_timestamp("t", &s).ok(), chrono.ok());
        }
    }

    #[test]
    fn the_usual_forms_are_read_directly() {
        for (s, rfc) in [
            ("2026-11-22T14:05:00+01:00", "2026-11-22T14:05:00+01:00"),
            ("2026-11-22T13:05:00Z", "2026-11-22T13:05:00+00:00"),
            ("2026-03-29T01:59:59.5-09:30", "2026-03-29T01:59:59.500-09:30"),
            ("2024-02-29T23:59:59.123456789+00:00", "2024-02-29T23:59:59.123456789+00:00"),
        ] {
            let t = super::parse_plain_rfc3339(s.as_bytes()).expect(s);
            assert_eq!(t.to_rfc3339(), rfc);
        }
        for s in ["2025-02-29T10:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T14:05:00+24:00", "2026-11-22T14:05:00", "2026-11-22 14:05:00Z", "2026-11-22T14:05:60Z", "2026-11-22T14:05:00.Z"] {
            assert!(super::parse_plain_rfc3339(s.as_bytes()).is_none(), "{s}");
        }
    }
}
