"""Validating responses against an instrument."""

from datetime import datetime, timedelta, timezone

import pytest

import clf


def test_valid_response_has_typed_fields(acme_dict, response):
    r = clf.Config(acme_dict).validate_response(response)
    assert (r.id, r.instrument, r.touchpoint, r.journey, r.channel) == ("r-1", "post-contact", "delivery", "order-to-delivery", "phone")
    assert r.submitted_at == datetime(2026, 11, 20, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    assert r.submitted_at.utcoffset() == timedelta(hours=1)
    assert (r.customer, r.employee, r.team, r.locale) == ("c-1", "e-7", None, "nl")
    assert r.answers == {"nps": 9, "csat": 4, "ces": 6, "mood": "pleased", "comment": "Snel geleverd"}
    assert r.to_dict()["submitted_at"] == "2026-11-20T10:15:00+01:00"


def test_skipped_answers_are_absent(acme_dict, response):
    response["answers"] = {"nps": 3, "csat": None}
    assert clf.Config(acme_dict).validate_response(response).answers == {"nps": 3}


@pytest.mark.parametrize(
    "edit, path",
    [
        (lambda r: r["answers"].pop("nps"), "answers.nps"),
        (lambda r: r["answers"].update(nps=11), "answers.nps"),
        (lambda r: r["answers"].update(nps=8.5), "answers.nps"),
        (lambda r: r["answers"].update(csat="good"), "answers.csat"),
        (lambda r: r["answers"].update(mood="furious"), "answers.mood"),
        (lambda r: r["answers"].update(colour="blue"), "answers.colour"),
        (lambda r: r.update(touchpoint="moon"), "touchpoint"),
        (lambda r: r.update(submitted_at="2026-11-20T10:15:00"), "submitted_at"),
        (lambda r: r.update(sentiment="good"), "sentiment"),
    ],
)
def test_invalid_responses_name_the_field(acme_dict, response, edit, path):
    edit(response)
    with pytest.raises(clf.ValidationError) as e:
        clf.Config(acme_dict).validate_response(response)
    assert e.value.code == "validation"
    assert e.value.path == path


def test_response_from_json_text(acme_dict):
    r = clf.Config(acme_dict).validate_response(
        '{"id": "x", "instrument": "handling", "touchpoint": "repair", "channel": "email",'
        ' "submitted_at": "2026-11-20T10:15:00Z", "answers": {"csat": 5}}'
    )
    assert r.answers == {"csat": 5}


def test_an_instrument_is_only_valid_at_its_touchpoints(acme_dict, response):
    acme_dict["instruments"][1]["touchpoints"] = ["repair"]
    response.update(instrument="handling", answers={"csat": 5})
    with pytest.raises(clf.ValidationError) as e:
        clf.Config(acme_dict).validate_response(response)
    assert e.value.path == "touchpoint"
    assert 'not used at touchpoint "delivery"' in e.value.message
