"""Loop metrics by hand over two cases (see clf-core/tests/metrics.rs)."""

import pytest

import clf


@pytest.fixture
def engine(acme_dict):
    e = clf.Engine(acme_dict)
    base = {"instrument": "post-contact", "channel": "phone"}
    a = e.ingest({**base, "id": "a", "touchpoint": "billing", "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "answers": {"nps": 2}}).cases[0].id
    e.ingest({**base, "id": "b", "touchpoint": "delivery", "submitted_at": "2026-11-23T12:00:00+01:00", "customer": "c-2", "answers": {"nps": 4}})
    e.record_contact(a, by="e-7", at="2026-11-23T10:00:00+01:00")
    e.start(a, by="e-7", at="2026-11-23T10:30:00+01:00")
    e.propose_resolution(a, by="e-7", at="2026-11-24T09:00:00+01:00")
    e.customer_verdict(a, at="2026-11-24T10:00:00+01:00", effective=True)
    e.advance_to("2026-11-24T18:00:00+01:00")
    e.ingest({"id": "h", "instrument": "handling", "touchpoint": "billing", "channel": "email", "submitted_at": "2026-11-25T09:00:00+01:00", "customer": "c-1", "case_id": a, "answers": {"csat": 4}})
    e.ingest({**base, "id": "later", "touchpoint": "billing", "channel": "web", "submitted_at": "2026-11-26T09:00:00+01:00", "customer": "c-1", "answers": {"nps": 9}})
    return e


def test_overall(engine):
    (m,) = engine.loop_metrics()
    assert (m.cases, m.closed, m.share_closed, m.share_effective, m.escalation_rate) == (2, 1, 50.0, 100.0, 50.0)
    assert (m.first_response.mean_business_minutes, m.first_response.sla_attainment) == (60.0, 50.0)
    assert (m.resolution.mean_business_minutes, m.resolution.mean_calendar_minutes) == (510.0, 1440.0)
    assert (m.recovery.before, m.recovery.after, m.recovery.change) == (2.0, 9.0, 7.0)
    assert m.handling.score == 100.0
    assert m.to_dict()["first_response"]["within_sla"] == 1


def test_by_touchpoint(engine):
    groups = engine.loop_metrics(group_by=["touchpoint"])
    assert [(g.key["touchpoint"], g.cases, g.closed) for g in groups] == [("billing", 1, 1), ("delivery", 1, 0)]
    with pytest.raises(clf.ValidationError) as e:
        engine.loop_metrics(where={"touchpoint": "moon"})
    assert e.value.path == "where.touchpoint"
