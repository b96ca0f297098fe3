"""Events, replay, snapshots and forgetting a customer (see clf-core/tests/events.rs)."""

import json
from datetime import datetime, timedelta, timezone

import pytest

import clf

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))


def response(rid, customer, when, nps, comment=None):
    answers = {"nps": nps}
    if comment:
        answers["comment"] = comment
    return {"id": rid, "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
            "submitted_at": when, "customer": customer, "employee": "e-7", "locale": "en", "answers": answers}


def history(acme_dict):
    e = clf.Engine(acme_dict)
    case_id = e.ingest(response("r-1", "c-1", "2026-03-25T10:00:00+01:00", 2, "Very disappointed, my bill is wrong again.")).cases[0].id
    e.ingest(response("r-2", "c-2", "2026-03-25T11:00:00+01:00", 10, "Friendly and quick, thank you!"))
    e.advance_to(datetime(2026, 3, 25, 12, 0, tzinfo=CET))
    e.record_contact(case_id, by="e-7", at=datetime(2026, 3, 25, 12, 0, tzinfo=CET), note="called back")
    e.start(case_id, by="e-7", at=datetime(2026, 3, 25, 12, 5, tzinfo=CET))
    e.propose_resolution(case_id, by="e-7", at=datetime(2026, 3, 25, 15, 0, tzinfo=CET), resolution="corrected bill")
    e.customer_verdict(case_id, at=datetime(2026, 3, 26, 9, 0, tzinfo=CET), effective=True, score=5, comment="thanks")
    e.advance_to(datetime(2026, 4, 30, 9, 0, tzinfo=CEST))
    return e


def test_every_change_is_a_numbered_event(acme_dict):
    e = history(acme_dict)
    events = e.events()
    assert [ev.type for ev in events] == ["response_ingested", "response_ingested", "time_advanced", "case_command",
                                          "case_command", "case_command", "case_command", "time_advanced"]
    assert [ev.seq for ev in e.events(since=6)] == [7, 8]
    assert e.last_seq == 8
    verdict = events[6]
    assert verdict.at == datetime(2026, 3, 26, 8, 0, tzinfo=timezone.utc)
    assert verdict.data == {"case_id": "case-1", "by": "customer", "command": "customer_verdict", "effective": True, "score": 5.0, "comment": "thanks"}
    assert verdict.to_dict() == {"seq": 7, "v": 1, "at": "2026-03-26T08:00:00Z", "type": "case_command", **verdict.data}
    # A refused command records nothing.
    with pytest.raises(clf.TransitionError):
        e.start("case-1", by="e-7", at=datetime(2026, 5, 1, 9, 0, tzinfo=CEST))
    assert e.last_seq == 8


def test_replay_from_events_dicts_or_json_gives_an_equal_engine(acme_dict):
    e = history(acme_dict)
    assert clf.Engine.replay(acme_dict, e.events()) == e
    assert clf.Engine.replay(acme_dict, [ev.to_dict() for ev in e.events()]) == e
    assert clf.Engine.replay(acme_dict, json.dumps([ev.to_dict() for ev in e.events()])) == e
    gap = [ev.to_dict() for ev in e.events()]
    del gap[1]
    with pytest.raises(clf.ValidationError) as err:
        clf.Engine.replay(acme_dict, gap)
    assert err.value.path == "events[1].seq"
    bad = [ev.to_dict() for ev in e.events()]
    bad[0]["response"]["answers"]["nps"] = 11
    with pytest.raises(clf.ValidationError) as err:
        clf.Engine.replay(acme_dict, bad)
    assert err.value.path == "events[0].response.answers.nps"
    unnumbered = [ev.to_dict() for ev in e.events()]
    del unnumbered[2]["seq"]
    with pytest.raises(clf.ValidationError) as err:
        clf.Engine.replay(acme_dict, unnumbered)
    assert err.value.path == "events[2].seq"


def test_snapshot_and_restore(acme_dict):
    e = history(acme_dict)
    snap = e.snapshot()
    restored = clf.Engine.restore(acme_dict, snap)
    assert restored == e
    assert clf.Engine.restore(clf.Config(acme_dict), snap.encode()) == e
    r = response("r-3", "c-1", "2026-05-04T10:00:00+02:00", 1)
    assert e.ingest(r).cases[0].id == restored.ingest(r).cases[0].id == "case-2"
    assert restored == e
    other = json.loads(json.dumps(acme_dict))
    other["escalation"]["warn_at"] = 0.5
    with pytest.raises(clf.ValidationError) as err:
        clf.Engine.restore(other, snap)
    assert err.value.path == "config"


def test_forget_customer_erases_id_and_words_from_every_output(acme_dict):
    e = history(acme_dict)
    comment = "My neighbour Jan Jansen at Kerkstraat 12 says the bill is wrong"
    case_id = e.ingest(response("r-3", "cust-4711", "2026-05-04T10:00:00+02:00", 1, comment)).cases[0].id
    e.record_contact(case_id, by="e-7", at=datetime(2026, 5, 4, 11, 0, tzinfo=CEST), note="spoke to Mrs Jansen on 06-12345678")
    before = [g.to_dict() for g in e.summary(group_by=["touchpoint"])]

    f = e.forget_customer("cust-4711", at=datetime(2026, 5, 6, 9, 0, tzinfo=CEST))
    assert (f.pseudonym, f.responses, f.cases) == ("forgotten:1", 1, 1)
    outputs = [
        json.dumps([ev.to_dict() for ev in e.events()]),
        e.snapshot(),
        json.dumps([c.to_dict() for c in e.cases()], default=str),
        json.dumps([g.to_dict() for g in e.summary(group_by=["touchpoint", "employee"])]),
        json.dumps([m.to_dict() for m in e.loop_metrics(group_by=["channel"])]),
    ]
    for out in outputs:
        for secret in ("cust-4711", comment, "Jansen", "Kerkstraat", "06-12345678"):
            assert secret not in out
    assert e.events()[-1].type == "customer_forgotten"
    assert e.events()[-1].data == {"pseudonym": "forgotten:1"}
    assert [g.to_dict() for g in e.summary(group_by=["touchpoint"])] == before
    assert e.case(case_id).customer == "forgotten:1"
    assert clf.Engine.replay(acme_dict, e.events()) == e
    with pytest.raises(clf.NotFoundError):
        e.forget_customer("cust-4711", at=datetime(2026, 5, 7, 9, 0, tzinfo=CEST))
