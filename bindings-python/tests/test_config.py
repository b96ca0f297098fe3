"""Loading configurations from dicts, JSON and TOML, and config errors."""

import json

import pytest

import clf


def test_reference_config_loads_from_dict_and_text(acme_dict, acme_text):
    for config in (clf.Config(acme_dict), clf.Config(acme_text), clf.Config.from_json(acme_text)):
        assert config.organisation == "Acme Energy"
        assert config.time_zone == "Europe/Amsterdam"
        assert config.confidence == 0.95
        assert config.channels[:2] == ["phone", "chat"]
        assert len(config.touchpoints) == 10
        assert config.instruments == ["post-contact", "handling"]
        assert config.journeys == ["order-to-delivery", "service"]


def test_toml_loads():
    config = clf.Config.from_toml(
        'schema_version = 1\norganisation = "Small Co"\ntime_zone = "UTC"\n'
        '[[journeys]]\nid = "j"\ntouchpoints = [{ id = "t" }]\n'
        '[[instruments]]\nid = "i"\ntouchpoints = ["t"]\nquestions = [{ id = "nps", type = "nps" }]\n'
    )
    assert config.organisation == "Small Co"


def edited(acme_dict, edit):
    edit(acme_dict)
    return acme_dict


@pytest.mark.parametrize(
    "edit, path, says",
    [
        (lambda c: c["channels"]["phone"].update(frist_response="4h"), "channels.phone.frist_response", "unknown field"),
        (lambda c: c["channels"]["phone"].update(first_response="4 hours"), "channels.phone.first_response", "invalid duration"),
        (lambda c: c["channels"]["phone"].update(calendar="ofice"), "channels.phone.calendar", "unknown calendar"),
        (lambda c: c["instruments"][1].update(id="post-contact"), "instruments[1].id", "duplicate instrument id"),
        (lambda c: c["escalation"]["rules"][4].update(when="nps <= 6 ||"), "escalation.rules[4].when", "ends too early"),
        (lambda c: c["escalation"]["rules"][4].update(when="'complant' in kinds"), "escalation.rules[4].when", "not a feedback kind"),
        (lambda c: c["calendars"]["office"].update(time_zone="Mars/Olympus"), "calendars.office.time_zone", "unknown time zone"),
        (lambda c: c.pop("organisation"), "organisation", "required field is missing"),
    ],
)
def test_config_errors_name_the_path(acme_dict, edit, path, says):
    with pytest.raises(clf.ConfigError) as e:
        clf.Config(edited(acme_dict, edit))
    assert e.value.code == "config"
    assert e.value.path == path
    assert says in e.value.message
    assert path in str(e.value)


def test_malformed_json_text():
    with pytest.raises(clf.ConfigError) as e:
        clf.Config('{"schema_version": 1,')
    assert "malformed JSON" in e.value.message


def test_config_errors_are_the_same_from_text(acme_dict):
    acme_dict["colour"] = "blue"
    with pytest.raises(clf.ConfigError) as e:
        clf.Config(json.dumps(acme_dict))
    assert e.value.path == "colour"
