//! Classification vocabulary: the kinds of feedback and the urgency markers,
//! and the lexicons (data, extendable per locale in the configuration) that
//! the classifier matches.

use std::fmt;

use serde::Serialize;

/// The kind of a feedback item (after ISO 10002 and CX practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A concrete problem that needs fixing.
    Issue,
    /// Dissatisfaction where a response is expected.
    Complaint,
    /// Appreciation, possibly of a named employee.
    Compliment,
    /// An idea for improvement.
    Suggestion,
}

/// A marker of urgent feedback, separate from its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Threat of legal steps.
    Legal,
    /// A risk to someone's safety.
    Safety,
    /// Intent to leave.
    Churn,
    /// Threat to go to the press or social media.
    Public,
    /// A vulnerable customer.
    Vulnerable,
}

impl Kind {
    /// All kinds, in order.
    pub const ALL: [Kind; 4] = [Kind::Issue, Kind::Complaint, Kind::Compliment, Kind::Suggestion];

    /// The kind's name: `issue`, `complaint`…
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Issue => "issue",
            Kind::Complaint => "complaint",
            Kind::Compliment => "compliment",
            Kind::Suggestion => "suggestion",
        }
    }
}

impl Urgency {
    /// All markers, in order.
    pub const ALL: [Urgency; 5] = [Urgency::Legal, Urgency::Safety, Urgency::Churn, Urgency::Public, Urgency::Vulnerable];

    /// The marker's name: `legal`, `safety`…
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Legal => "legal",
            Urgency::Safety => "safety",
            Urgency::Churn => "churn",
            Urgency::Public => "public",
            Urgency::Vulnerable => "vulnerable",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a lexicon entry signals: a kind or an urgency marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// Evidence of a feedback kind.
    Kind(Kind),
    /// Evidence of an urgency marker.
    Urgency(Urgency),
}

impl Signal {
    /// Parses a lexicon category name (`complaint`, `legal`…).
    pub fn parse(s: &str) -> Option<Signal> {
        Kind::ALL.iter().find(|k| k.as_str() == s).map(|k| Signal::Kind(*k)).or_else(|| Urgency::ALL.iter().find(|u| u.as_str() == s).map(|u| Signal::Urgency(*u)))
    }
}

/// Classification settings: the locales classified and the phrases the
/// configuration adds to the built-in lexicons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassificationSettings {
    /// Locales whose text is classified.
    pub locales: Vec<String>,
    /// Extra phrases: `(locale, signal, lower-cased phrase)`.
    pub extra_phrases: Vec<(String, Signal, String)>,
}
