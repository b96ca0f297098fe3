"""SLA clocks through advance_to: a warning, a breach that escalates, a pause,
an overdue alert. Instants by hand on the office calendar."""

from datetime import datetime, timedelta, timezone

import pytest

import clf

CET = timezone(timedelta(hours=1))


def t(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=CET)


@pytest.fixture
def engine(acme_dict):
    return clf.Engine(acme_dict)


def ingest(engine, comment=""):
    return engine.ingest({"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                          "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "employee": "e-7",
                          "answers": {"nps": 5, "comment": comment}})


def test_warning_then_breach_escalates_and_restarts(engine):
    case_id = ingest(engine).cases[0].id
    assert engine.advance_to(t(23, 12, 11)) == []
    (warning,) = engine.advance_to(t(23, 12, 12))
    assert (warning.kind, warning.deadline, warning.case_id) == ("warning", "first_response", case_id)
    (breach,) = engine.advance_to("2026-11-23T13:30:00+01:00")
    assert (breach.kind, breach.level) == ("breach", "team_lead")
    case = engine.case(case_id)
    assert (case.level, case.first_response_due) == ("team_lead", t(23, 17, 30))
    assert engine.now == t(23, 13, 30)
    with pytest.raises(clf.ValidationError) as e:
        engine.advance_to(t(23, 12))
    assert e.value.path == "now"


def test_waiting_pauses_the_clock(engine):
    case_id = ingest(engine).cases[0].id
    engine.start(case_id, by="e-7", at=t(23, 9, 30))
    engine.wait_for_customer(case_id, by="e-7", at=t(23, 10))
    assert engine.advance_to(t(25, 9)) == []
    case = engine.start(case_id, by="e-7", at=t(25, 9))
    assert (case.first_response_due, case.resolution_due) == (t(25, 12), t(26, 16))


def test_overdue_alert_goes_up_until_acknowledged(engine):
    ingest(engine, "If this is not solved I will contact my lawyer.")
    alert = engine.alerts()[0]
    assert (alert.level, alert.due) == ("manager", t(23, 13))
    overdue = [ev for ev in engine.advance_to(t(23, 13)) if ev.kind == "alert_overdue"]
    assert overdue[0].level == "director"
    acked = engine.acknowledge_alert(alert.id, by="d-1", at=t(23, 14))
    assert (acked.acknowledged_by, acked.acknowledged_at) == ("d-1", t(23, 14))
    assert [ev for ev in engine.advance_to(t(23, 18)) if ev.kind == "alert_overdue"] == []
    with pytest.raises(clf.ConflictError):
        engine.acknowledge_alert(alert.id, by="d-1", at=t(23, 18))
