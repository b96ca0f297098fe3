//! Validating responses against the reference configuration.

use clf_core::{Answer, Config, ErrorCode, ResponseInput};
use serde_json::{Value, json};

fn acme() -> Config {
    Config::from_json(include_str!("../../examples/acme.json")).unwrap()
}

fn response() -> Value {
    json!({
        "id": "r-1", "instrument": "post-contact", "touchpoint": "delivery", "channel": "phone",
        "submitted_at": "2026-11-20T10:15:00+01:00", "customer": "c-1", "employee": "e-7", "locale": "nl",
        "answers": {"nps": 9, "csat": 4, "ces": 6, "mood": "pleased", "topic": "delivery", "comment": "Snel geleverd", "may_contact": true}
    })
}

fn rejects(edit: impl FnOnce(&mut Value), path: &str, says: &str) {
    let mut v = response();
    edit(&mut v);
    let err = ResponseInput::from_json(&v.to_string()).and_then(|i| acme().validate_response(&i)).expect_err("should be rejected");
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
    assert!(err.message().contains(says), "{err:?} should say {says:?}");
}

#[test]
fn a_complete_response_is_valid() {
    let c = acme();
    let r = c.validate_response(ResponseInput::from_json(&response().to_string()).unwrap()).unwrap();
    assert_eq!(c.touchpoints[r.touchpoint.index()].id, "delivery");
    assert_eq!(c.journeys[r.journey.index()].id, "order-to-delivery");
    assert_eq!(r.answers[0], (0, Answer::Score(9)));
    assert_eq!(r.answers[3], (3, Answer::Option(5)));
    assert_eq!(r.answers.len(), 7);
    // Round trip to the input form.
    let back = c.response_input(&r);
    assert_eq!(back.submitted_at, "2026-11-20T10:15:00+01:00");
    assert_eq!(serde_json::to_value(&back).unwrap()["answers"], response()["answers"]);
}

#[test]
fn skipped_questions_are_absent_not_zero() {
    let c = acme();
    let mut v = response();
    v["answers"] = json!({"nps": 3, "csat": null});
    let r = c.validate_response(ResponseInput::from_json(&v.to_string()).unwrap()).unwrap();
    assert_eq!(r.answers, vec![(0, Answer::Score(3))]);
}

#[test]
fn every_kind_of_fault_names_its_field() {
    rejects(|v| drop(v["answers"].as_object_mut().unwrap().remove("nps")), "answers.nps", "required answer");
    rejects(|v| v["answers"]["nps"] = json!(11), "answers.nps", "from 0 to 10");
    rejects(|v| v["answers"]["nps"] = json!(8.5), "answers.nps", "whole number");
    rejects(|v| v["answers"]["csat"] = json!(0), "answers.csat", "from 1 to 5");
    rejects(|v| v["answers"]["ces"] = json!("easy"), "answers.ces", "whole number from 1 to 7");
    rejects(|v| v["answers"]["mood"] = json!("furious"), "answers.mood", "one of angry");
    rejects(|v| v["answers"]["topic"] = json!(3), "answers.topic", "one option");
    rejects(|v| v["answers"]["may_contact"] = json!("yes"), "answers.may_contact", "true or false");
    rejects(|v| v["answers"]["comment"] = json!("x".repeat(4001)), "answers.comment", "at most 4000");
    rejects(|v| v["answers"]["favourite_colour"] = json!("blue"), "answers.favourite_colour", "has no question");
    rejects(|v| v["answers"]["nps"] = json!({"value": 9}), "answers.nps", "invalid type");
    rejects(|v| v["touchpoint"] = json!("moon"), "touchpoint", "unknown touchpoint");
    rejects(|v| v["instrument"] = json!("exit-survey"), "instrument", "unknown instrument");
    rejects(|v| v["channel"] = json!("pigeon"), "channel", "unknown channel");
    rejects(|v| v["submitted_at"] = json!("2026-11-20T10:15:00"), "submitted_at", "with an offset");
    rejects(|v| v["submitted_at"] = json!("yesterday"), "submitted_at", "RFC 3339");
    rejects(|v| v["sentiment"] = json!("good"), "sentiment", "unknown field");
    rejects(|v| drop(v.as_object_mut().unwrap().remove("id")), "id", "required field is missing");
    rejects(|v| v["customer"] = json!(""), "customer", "non-empty");
}

#[test]
fn an_instrument_is_only_valid_at_its_touchpoints() {
    let mut c = serde_json::from_str::<Value>(include_str!("../../examples/acme.json")).unwrap();
    c["instruments"][1]["touchpoints"] = json!(["repair"]);
    let c = Config::from_json(&c.to_string()).unwrap();
    let mut v = response();
    v["instrument"] = json!("handling");
    v["answers"] = json!({"csat": 5});
    let err = c.validate_response(ResponseInput::from_json(&v.to_string()).unwrap()).unwrap_err();
    assert_eq!(err.path(), Some("touchpoint"));
    assert!(err.message().contains("not used at touchpoint \"delivery\""), "{err}");
}

#[test]
fn multi_choice_answers() {
    let mut c = serde_json::from_str::<Value>(include_str!("../../examples/acme.json")).unwrap();
    c["instruments"][0]["questions"].as_array_mut().unwrap().push(json!({"id": "areas", "type": "multi_choice", "options": ["price", "speed", "staff"]}));
    let c = Config::from_json(&c.to_string()).unwrap();
    let mut v = response();
    v["answers"]["areas"] = json!(["staff", "price"]);
    let r = c.validate_response(ResponseInput::from_json(&v.to_string()).unwrap()).unwrap();
    assert!(r.answers.contains(&(7, Answer::Options(vec![0, 2]))));
    v["answers"]["areas"] = json!(["staff", "staff"]);
    let err = c.validate_response(ResponseInput::from_json(&v.to_string()).unwrap()).unwrap_err();
    assert_eq!(err.path(), Some("answers.areas[1]"));
}
