//! How the engine keeps an alert: its number instead of its id's text and
//! its urgency markers as bits, written out as an [`Alert`] when it is
//! asked for. A record reads and writes as the alert it stands for, so
//! snapshots are unchanged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};

use crate::classify::Urgency;
use crate::engine::Alert;
use crate::rule::urgency_bit;
use crate::shared::SharedStr;
use crate::text::{Decimal, concat};

/// An alert as the engine keeps it. The fields are those of [`Alert`], but
/// for its id (`alert-<number>`) and its reasons (bits of
/// [`urgency_bit`], written out in the order of [`Urgency::ALL`], the
/// order the classifier finds them in).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "Alert")]
pub(crate) struct AlertRecord {
    pub(crate) number: u32,
    pub(crate) level: SharedStr,
    pub(crate) due: DateTime<Utc>,
    pub(crate) reasons: u8,
    pub(crate) rule: SharedStr,
    pub(crate) response_id: SharedStr,
    pub(crate) case_id: Option<SharedStr>,
    pub(crate) raised_at: DateTime<Utc>,
    pub(crate) acknowledged_at: Option<DateTime<Utc>>,
    pub(crate) acknowledged_by: Option<String>,
}

/// The id of alert number `n`.
pub(crate) fn alert_id(n: u32) -> String {
    concat(&["alert-", Decimal::new(n as u64).as_str()])
}

/// The number of the alert with id `id`, if it is an alert's id.
pub(crate) fn alert_number(id: &str) -> Option<u32> {
    let digits = id.strip_prefix("alert-")?;
    // `alert-01` is no alert's id: ids are written without leading zeros.
    if digits.starts_with('0') || digits.starts_with('+') {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

impl AlertRecord {
    /// Its id.
    pub(crate) fn id(&self) -> String {
        alert_id(self.number)
    }

    /// Its urgency markers, in order.
    pub(crate) fn reasons(&self) -> Vec<Urgency> {
        Urgency::ALL.into_iter().filter(|u| self.reasons & urgency_bit(*u) != 0).collect()
    }

    /// The alert, as the API gives it.
    pub(crate) fn to_alert(&self) -> Alert {
        Alert {
            id: self.id(),
            level: self.level.clone(),
            due: self.due,
            reasons: self.reasons(),
            rule: self.rule.clone(),
            response_id: self.response_id.clone(),
            case_id: self.case_id.clone(),
            raised_at: self.raised_at,
            acknowledged_at: self.acknowledged_at,
            acknowledged_by: self.acknowledged_by.clone(),
        }
    }
}

/// The record of an alert, or what in it no engine writes.
impl TryFrom<Alert> for AlertRecord {
    type Error = String;
    fn try_from(alert: Alert) -> Result<AlertRecord, String> {
        let Alert { id, level, due, reasons, rule, response_id, case_id, raised_at, acknowledged_at, acknowledged_by } = alert;
        let number = alert_number(&id).ok_or_else(|| format!("alert id {id:?}: expected \"alert-<number>\""))?;
        let bits = reasons.iter().fold(0u8, |bits, u| bits | urgency_bit(*u));
        let record = AlertRecord { number, level, due, reasons: bits, rule, response_id, case_id, raised_at, acknowledged_at, acknowledged_by };
        // The engine writes each marker once, in the order of `Urgency::ALL`.
        if record.reasons() != reasons {
            return Err(format!("alert {id}: reasons {reasons:?}: expected each marker once, in the order {:?}", Urgency::ALL));
        }
        Ok(record)
    }
}

impl Serialize for AlertRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_alert().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert() -> Alert {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        Alert {
            id: "alert-12".into(),
            level: "manager".into(),
            due: at + chrono::TimeDelta::hours(4),
            reasons: vec![Urgency::Legal, Urgency::Churn],
            rule: "legal threat".into(),
            response_id: "r-9".into(),
            case_id: Some("case-3".into()),
            raised_at: at,
            acknowledged_at: None,
            acknowledged_by: None,
        }
    }

    #[test]
    fn an_alert_is_kept_by_number_and_bits_and_written_out_as_it_was() {
        let record = AlertRecord::try_from(alert()).unwrap();
        assert_eq!((record.number, record.reasons), (12, urgency_bit(Urgency::Legal) | urgency_bit(Urgency::Churn)));
        assert_eq!(record.to_alert(), alert());
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(json, serde_json::to_string(&alert()).unwrap());
        assert_eq!(serde_json::from_str::<AlertRecord>(&json).unwrap(), record);
    }

    #[test]
    fn ids_and_reasons_no_engine_writes_are_refused() {
        for id in ["alert-0", "alert-012", "alert-+1", "alert-", "case-1", "alert-99999999999"] {
            let err = AlertRecord::try_from(Alert { id: id.into(), ..alert() }).unwrap_err();
            assert!(err.contains("expected \"alert-<number>\""), "{id}: {err}");
        }
        let err = AlertRecord::try_from(Alert { reasons: vec![Urgency::Churn, Urgency::Legal], ..alert() }).unwrap_err();
        assert!(err.contains("expected each marker once, in the order"), "{err}");
        assert!(AlertRecord::try_from(Alert { reasons: vec![Urgency::Legal, Urgency::Legal], ..alert() }).is_err());
        assert_eq!(alert_number("alert-7"), Some(7));
    }
}
