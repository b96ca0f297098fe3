//! The outer loop: an improvement from proposal to "you said, we did".

use chrono::{DateTime, Utc};
use clf_core::{Config, Engine, ErrorCode, ImprovementState, ResponseInput};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn engine() -> Engine {
    let mut e = Engine::new(Config::from_json(include_str!("../../examples/acme.json")).unwrap());
    for (id, customer) in [("r-1", Some("c-1")), ("r-2", Some("c-2")), ("r-3", Some("c-1")), ("r-4", None), ("r-5", Some("c-3"))] {
        let mut doc = json!({"id": id, "instrument": "post-contact", "touchpoint": "delivery", "channel": "app",
                             "submitted_at": "2026-11-20T10:00:00Z", "answers": {"nps": 6, "comment": "Please let me choose a delivery time slot."}});
        if let Some(c) = customer {
            doc["customer"] = json!(c);
        }
        e.ingest(ResponseInput::from_json(&doc.to_string()).unwrap()).unwrap();
    }
    e
}

#[test]
fn you_said_we_did() {
    let mut e = engine();
    e.opt_out("c-3");
    let id = e.propose_improvement("Delivery time slots", vec!["delivery".into()], "pm-1", at("2026-11-21T10:00:00Z")).unwrap().id.clone();
    e.link_feedback(&id, vec!["r-1".into(), "r-2".into(), "r-3".into(), "r-4".into(), "r-5".into()], vec!["app".into()], "pm-1", at("2026-11-21T11:00:00Z")).unwrap();
    assert_eq!(e.advance_improvement(&id, ImprovementState::Planned, "pm-1", at("2026-11-22T10:00:00Z")).unwrap().state, ImprovementState::Planned);
    let imp = e.advance_improvement(&id, ImprovementState::Implemented, "pm-1", at("2026-12-01T10:00:00Z")).unwrap();
    // c-1 (twice), c-2; not the anonymous r-4, not c-3 who opted out.
    let due: Vec<(&str, usize)> = imp.notifications.iter().map(|n| (n.customer.as_str(), n.responses.len())).collect();
    assert_eq!(due, [("c-1", 2), ("c-2", 1)]);
    assert_eq!(imp.topics, ["delivery", "app"]);
    assert_eq!(e.notifications_due().len(), 2);
    let imp = e.mark_notified(&id, "c-1", at("2026-12-01T12:00:00Z")).unwrap();
    assert_eq!(imp.informed(), 1);
    assert_eq!(e.notifications_due().iter().map(|n| (n.improvement_id.as_str(), n.customer.as_str())).collect::<Vec<_>>(), [(id.as_str(), "c-2")]);
    assert_eq!(e.mark_notified(&id, "c-1", at("2026-12-01T13:00:00Z")).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(e.mark_notified(&id, "c-3", at("2026-12-01T13:00:00Z")).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn improvements_refuse_what_does_not_fit() {
    let mut e = engine();
    let id = e.propose_improvement("Faster refunds", vec![], "pm-1", at("2026-11-21T10:00:00Z")).unwrap().id.clone();
    assert_eq!(e.advance_improvement(&id, ImprovementState::Implemented, "pm-1", at("2026-11-21T10:00:00Z")).unwrap_err().code(), ErrorCode::Transition);
    assert_eq!(e.link_feedback(&id, vec!["r-99".into()], vec![], "pm-1", at("2026-11-21T10:00:00Z")).unwrap_err().path(), Some("responses[0]"));
    assert_eq!(e.link_feedback(&id, vec![], vec!["weather".into()], "pm-1", at("2026-11-21T10:00:00Z")).unwrap_err().path(), Some("topics[0]"));
    assert_eq!(e.propose_improvement(" ", vec![], "pm-1", at("2026-11-21T10:00:00Z")).unwrap_err().path(), Some("title"));
    assert_eq!(e.improvement("imp-9").unwrap_err().code(), ErrorCode::NotFound);
}
