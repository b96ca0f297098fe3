"""The case lifecycle: a complaint walked to an effective close through a
negative verdict, and invalid commands."""

from datetime import datetime, timedelta, timezone

import pytest

import clf

CET = timezone(timedelta(hours=1))


@pytest.fixture
def engine_and_case(acme_dict):
    engine = clf.Engine(acme_dict)
    o = engine.ingest({"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                       "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "employee": "e-7",
                       "answers": {"nps": 2, "comment": "Very disappointed, my bill is wrong."}})
    return engine, o.cases[0].id


def t(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=CET)


def test_complaint_to_effective_close(engine_and_case):
    engine, case_id = engine_and_case
    assert engine.acknowledge(case_id, by="e-7", at=t(23, 9, 30)).state == "acknowledged"
    assert engine.start(case_id, by="e-7", at=t(23, 9, 40)).state == "in_progress"
    assert engine.record_contact(case_id, by="e-7", at=t(23, 10), note="called back").first_contact_at == t(23, 10)
    assert engine.wait_for_customer(case_id, by="e-7", at=t(23, 10, 5)).state == "waiting"
    assert engine.start(case_id, by="e-7", at=t(24, 9)).state == "in_progress"
    assert engine.propose_resolution(case_id, by="e-7", at=t(24, 11), resolution="credit note").state == "resolved"
    c = engine.customer_verdict(case_id, at=t(25, 8), effective=False, score=2, comment="still wrong")
    assert (c.state, c.reopened) == ("in_progress", 1)
    engine.propose_resolution(case_id, by="e-7", at="2026-11-25T10:00:00+01:00")
    c = engine.customer_verdict(case_id, at=t(26, 8), effective=True)
    assert (c.state, c.resolution, c.closed_at) == ("closed", "effective", t(26, 8))
    assert [h.what for h in c.history][-3:] == ["verdict_not_effective", "propose_resolution", "verdict_effective"]
    assert c.history[-3].by == "customer"


def test_invalid_command_names_state_and_command(engine_and_case):
    engine, case_id = engine_and_case
    engine.start(case_id, by="e-7", at=t(23, 9, 30))
    before = engine.case(case_id).to_dict()
    with pytest.raises(clf.TransitionError) as e:
        engine.acknowledge(case_id, by="e-7", at=t(23, 9, 40))
    assert e.value.code == "transition"
    assert str(e.value) == f"cannot acknowledge case {case_id}: it is in_progress"
    with pytest.raises(clf.ValidationError) as e:
        engine.wait_for_customer(case_id, by="e-7", at=t(23, 8))
    assert e.value.path == "at"
    assert engine.case(case_id).to_dict() == before


def test_escalate_reassign_close_reopen(engine_and_case):
    engine, case_id = engine_and_case
    assert engine.escalate(case_id, by="e-7", at=t(23, 10), reason="angry customer").level == "team_lead"
    c = engine.reassign(case_id, by="lead-1", at=t(23, 10, 5), to="team:billing")
    assert (c.assignee.kind, c.assignee.id) == ("team", "billing")
    with pytest.raises(clf.ValidationError) as e:
        engine.reassign(case_id, by="lead-1", at=t(23, 10, 6), to="billing")
    assert e.value.path == "to"
    engine.start(case_id, by="e-7", at=t(23, 11))
    engine.propose_resolution(case_id, by="e-7", at=t(23, 12))
    assert engine.close(case_id, by="e-7", at=t(30, 12)).resolution == "unconfirmed"
    assert engine.reopen(case_id, by="e-7", at=t(30, 13)).state == "in_progress"
    assert engine.add_note(case_id, by="e-7", at=t(30, 14), note="customer called again").history[-1].detail == "customer called again"
