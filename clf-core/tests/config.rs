//! Loading configurations: the reference loads, and every kind of fault is a
//! `config` error naming its path.

use clf_core::{Config, ErrorCode};
use serde_json::{Value, json};

const ACME: &str = include_str!("../../examples/acme.json");

fn acme() -> Value {
    serde_json::from_str(ACME).unwrap()
}

/// Loads `acme.json` changed by `edit`, expecting a config error at `path`
/// whose message contains `says`.
fn rejects(edit: impl FnOnce(&mut Value), path: &str, says: &str) {
    let mut v = acme();
    edit(&mut v);
    let err = Config::from_json(&v.to_string()).expect_err("should be rejected");
    assert_eq!(err.code(), ErrorCode::Config, "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
    assert!(err.message().contains(says), "{err:?} should say {says:?}");
}

#[test]
fn the_reference_configuration_loads() {
    let c = Config::from_json(ACME).unwrap();
    assert_eq!(c.organisation, "Acme Energy");
    assert_eq!(c.channels.len(), 8);
    assert_eq!(c.touchpoints.len(), 10);
    assert_eq!(c.instruments.len(), 2);
    assert_eq!(c.escalation.rules.len(), 5);
    assert_eq!(c.escalation.levels, ["frontline", "team_lead", "manager", "director"]);
    assert_eq!(c.calendars[0].1.day_length_minutes, 480);
    assert_eq!(c.calendars[0].1.holidays.len(), 4);
    assert_eq!(c.contact_policy.sampling.len(), 1);
    assert_eq!(c.privacy.min_group_size, 5);
    let phone = &c.channels[c.channel_idx("phone").unwrap().index()];
    assert_eq!(phone.first_response.to_string(), "4h");
    assert_eq!(phone.promise[1], ("nl".into(), "We bellen u binnen 4 werkuren terug.".into()));
}

#[test]
fn toml_of_the_same_shape_loads() {
    let c = Config::from_toml(
        r#"
        schema_version = 1
        organisation = "Small Co"
        time_zone = "Europe/Amsterdam"
        topics = ["billing"]
        [calendars.office]
        time_zone = "Europe/Amsterdam"
        hours = { mon = [["09:00", "17:00"]], tue = [["09:00", "17:00"]] }
        [channels.phone]
        calendar = "office"
        first_response = "4h"
        resolution = "2d"
        [[journeys]]
        id = "service"
        touchpoints = [{ id = "call" }]
        [[instruments]]
        id = "pulse"
        touchpoints = ["call"]
        questions = [{ id = "nps", type = "nps", required = true }]
        "#,
    )
    .unwrap();
    assert_eq!(c.organisation, "Small Co");
    let err = Config::from_toml("schema_version = 1\norganisation = \"x\"\ntime_zone = \"UTC\"\ncolour = 3\n").unwrap_err();
    assert_eq!((err.code(), err.path()), (ErrorCode::Config, Some("colour")));
}

#[test]
fn unknown_fields_are_named() {
    rejects(|v| v["channels"]["phone"]["frist_response"] = json!("4h"), "channels.phone.frist_response", "unknown field");
    rejects(|v| v["colour"] = json!("blue"), "colour", "unknown field");
    rejects(|v| v["instruments"][0]["questions"][1]["scael"] = json!(5), "instruments[0].questions[1].scael", "unknown field");
}

#[test]
fn missing_fields_are_named() {
    rejects(|v| drop(v["channels"]["phone"].as_object_mut().unwrap().remove("first_response")), "channels.phone.first_response", "required field is missing");
    rejects(|v| drop(v.as_object_mut().unwrap().remove("organisation")), "organisation", "required field is missing");
}

#[test]
fn bad_durations() {
    rejects(|v| v["channels"]["phone"]["first_response"] = json!("4 hours"), "channels.phone.first_response", "invalid duration");
    rejects(|v| v["escalation"]["repeat_window"] = json!("0d"), "escalation.repeat_window", "invalid duration");
    rejects(|v| v["channels"]["phone"]["resolution"] = json!(2), "channels.phone.resolution", "expected a string");
}

#[test]
fn unknown_references() {
    rejects(|v| v["channels"]["phone"]["calendar"] = json!("ofice"), "channels.phone.calendar", "unknown calendar \"ofice\"");
    rejects(|v| v["instruments"][1]["touchpoints"][0] = json!("support"), "instruments[1].touchpoints[0]", "unknown touchpoint");
    rejects(|v| v["loop"]["handling_survey"] = json!("handle"), "loop.handling_survey", "unknown instrument");
    rejects(|v| v["escalation"]["rules"][0]["alert"]["level"] = json!("ceo"), "escalation.rules[0].alert.level", "unknown level");
    rejects(|v| v["contact_policy"]["sampling"]["suport-call"] = json!(0.5), "contact_policy.sampling.suport-call", "unknown touchpoint");
    rejects(|v| v["classification"]["lexicon"]["de"] = json!({"complaint": ["schlecht"]}), "classification.lexicon.de", "not in classification.locales");
}

#[test]
fn duplicate_ids() {
    rejects(|v| v["journeys"][1]["touchpoints"][0]["id"] = json!("delivery"), "journeys[1].touchpoints[0].id", "duplicate touchpoint id");
    rejects(|v| v["instruments"][1]["id"] = json!("post-contact"), "instruments[1].id", "duplicate instrument id");
    rejects(|v| v["instruments"][0]["questions"][1]["id"] = json!("nps"), "instruments[0].questions[1].id", "duplicate question id");
    rejects(|v| v["topics"][3] = json!("delivery"), "topics[3]", "duplicate topic id");
    rejects(|v| v["escalation"]["rules"][1]["name"] = json!("safety"), "escalation.rules[1].name", "duplicate rule id");
    // A repeated key in a JSON object would otherwise silently overwrite.
    let text = ACME.replacen("\"chat\":", "\"phone\":", 1);
    let err = Config::from_json(&text).unwrap_err();
    assert_eq!(err.path(), Some("channels"), "{err}");
    assert!(err.message().contains("duplicate key `phone`"), "{err}");
}

#[test]
fn malformed_rule_expressions() {
    rejects(|v| v["escalation"]["rules"][4]["when"] = json!("nps <= 6 ||"), "escalation.rules[4].when", "ends too early");
    rejects(|v| v["escalation"]["rules"][4]["when"] = json!("nsp <= 6"), "escalation.rules[4].when", "unknown variable `nsp`");
    rejects(|v| v["escalation"]["rules"][4]["when"] = json!("'complant' in kinds"), "escalation.rules[4].when", "not a feedback kind");
    rejects(|v| v["escalation"]["rules"][4]["when"] = json!("comment > 3"), "escalation.rules[4].when", "cannot compare");
    rejects(|v| v["escalation"]["rules"][4]["when"] = json!("topic == 'weather'"), "escalation.rules[4].when", "not an option of `topic`");
    rejects(|v| v["escalation"]["rules"][4]["when"] = json!("nps"), "escalation.rules[4].when", "expected a bool");
}

#[test]
fn calendars_are_checked() {
    rejects(|v| v["calendars"]["office"]["time_zone"] = json!("Europe/Amsterdan"), "calendars.office.time_zone", "unknown time zone");
    rejects(|v| v["calendars"]["office"]["hours"]["mon"][1][0] = json!("12:00"), "calendars.office.hours.mon[1]", "previous one ends");
    rejects(|v| v["calendars"]["office"]["hours"]["mon"][0][1] = json!("25:00"), "calendars.office.hours.mon[0][1]", "invalid time");
    rejects(|v| v["calendars"]["office"]["hours"]["mnd"] = json!([["09:00", "17:00"]]), "calendars.office.hours.mnd", "unknown weekday");
    rejects(|v| v["calendars"]["office"]["holidays"][1] = json!("2026-12-32"), "calendars.office.holidays[1]", "invalid date");
    rejects(|v| v["calendars"]["always"]["day_length"] = json!("8h"), "calendars.always.day_length", "24-hour days");
    rejects(|v| v["calendars"]["always"]["hours"] = json!("24/6"), "calendars.always.hours", "24/7");
}

#[test]
fn questions_are_checked() {
    rejects(|v| v["instruments"][0]["questions"][1]["scale"] = json!(11), "instruments[0].questions[1].scale", "CSAT scale from 3 to 10");
    rejects(|v| v["instruments"][0]["questions"][2]["scale"] = json!(6), "instruments[0].questions[2].scale", "CES scale of 5 or 7");
    rejects(|v| v["instruments"][0]["questions"][0]["scale"] = json!(10), "instruments[0].questions[0].scale", "does not apply");
    rejects(|v| v["instruments"][0]["questions"][3]["options"]["angry"] = json!(-2.0), "instruments[0].questions[3].options.angry", "valence from -1 to 1");
    rejects(|v| v["instruments"][0]["questions"][4]["type"] = json!("dropdown"), "instruments[0].questions[4].type", "unknown question type");
    rejects(|v| v["instruments"][1]["questions"][0]["scale"] = json!(7), "instruments[1].questions[0].type", "means the same in every instrument");
    rejects(|v| v["instruments"][0]["questions"][6]["id"] = json!("channel"), "instruments[0].questions[6].id", "reserved");
}

#[test]
fn values_out_of_range() {
    rejects(|v| v["confidence"] = json!(1.5), "confidence", "strictly between 0 and 1");
    rejects(|v| v["escalation"]["warn_at"] = json!(1.0), "escalation.warn_at", "(0, 1)");
    rejects(|v| v["contact_policy"]["sampling"]["default"] = json!(1.2), "contact_policy.sampling.default", "[0, 1]");
    rejects(|v| v["schema_version"] = json!(2), "schema_version", "unsupported");
    rejects(|v| v["escalation"]["rules"][2]["open_case"]["assign"] = json!("the boss"), "escalation.rules[2].open_case.assign", "original_employee");
}

#[test]
fn malformed_json_says_where() {
    let err = Config::from_json("{\"schema_version\": 1,").unwrap_err();
    assert_eq!(err.code(), ErrorCode::Config);
    assert!(err.message().contains("malformed JSON") && err.message().contains("line 1"), "{err}");
}
