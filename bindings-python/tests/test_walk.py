"""Issue #4's walk across the spring DST change (see clf-core/tests/walk.rs)."""

from datetime import datetime, timedelta, timezone

import clf

CET, CEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))


def test_complaint_to_effective_close_through_breach_escalation_and_reopen(acme_dict):
    e = clf.Engine(acme_dict)
    o = e.ingest({"id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
                  "submitted_at": "2026-03-27T15:30:00+01:00", "customer": "c-1", "employee": "e-7", "locale": "en",
                  "answers": {"nps": 2, "comment": "Very disappointed, my bill is wrong again."}})
    case_id = o.cases[0].id
    assert o.cases[0].first_response_due == datetime(2026, 3, 28, 13, 30, tzinfo=CET)
    events = e.advance_to(datetime(2026, 3, 28, 13, 30, tzinfo=CET))
    assert [(ev.kind, ev.deadline) for ev in events] == [("warning", "first_response"), ("breach", "first_response")]
    case = e.case(case_id)
    assert (case.level, case.first_response_due) == ("team_lead", datetime(2026, 3, 30, 12, 0, tzinfo=CEST))
    e.record_contact(case_id, by="e-7", at=datetime(2026, 3, 30, 9, 0, tzinfo=CEST))
    e.start(case_id, by="e-7", at=datetime(2026, 3, 30, 9, 5, tzinfo=CEST))
    e.propose_resolution(case_id, by="e-7", at=datetime(2026, 3, 30, 11, 0, tzinfo=CEST))
    case = e.customer_verdict(case_id, at=datetime(2026, 3, 31, 9, 0, tzinfo=CEST), effective=False, score=2)
    assert (case.state, case.reopened, case.resolution_due) == ("in_progress", 1, datetime(2026, 4, 1, 17, 0, tzinfo=CEST))
    e.propose_resolution(case_id, by="e-7", at=datetime(2026, 4, 1, 10, 0, tzinfo=CEST))
    case = e.customer_verdict(case_id, at=datetime(2026, 4, 2, 9, 0, tzinfo=CEST), effective=True, score=5)
    assert (case.state, case.resolution) == ("closed", "effective")
    assert [h.what for h in case.history] == ["opened", "warning", "breach", "escalate", "record_contact", "start",
                                              "propose_resolution", "verdict_not_effective", "propose_resolution", "verdict_effective"]
    assert e.advance_to(datetime(2026, 4, 20, 9, 0, tzinfo=CEST)) == []
