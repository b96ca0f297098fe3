"""The engine against acme.json: one test per rule, deadlines by hand."""

import json
from datetime import datetime, timedelta, timezone

import pytest

import clf

CET = timezone(timedelta(hours=1))


def resp(id, channel, submitted, customer, answers, locale="en", touchpoint="support-call"):
    return {"id": id, "instrument": "post-contact", "touchpoint": touchpoint, "channel": channel,
            "submitted_at": submitted, "customer": customer, "employee": "e-7", "locale": locale, "answers": answers}


@pytest.fixture
def engine(acme_dict):
    return clf.Engine(clf.Config(acme_dict))


def test_dutch_legal_threat(engine):
    o = engine.ingest(resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1",
                           {"nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."}, "nl"))
    assert o.urgency == ["legal"]
    (alert,) = o.alerts
    assert (alert.level, alert.reasons) == ("manager", ["legal"])
    assert (alert.id, alert.response_id, alert.case_id) == ("alert-1", "r-1", o.cases[0].id)
    assert [(a.id, a.reasons) for a in engine.alerts()] == [("alert-1", ["legal"])]
    assert alert.due == datetime(2026, 11, 20, 19, 0, tzinfo=CET)  # 4 elapsed hours
    (case,) = o.cases
    assert (case.level, case.priority, case.assignee.kind, case.assignee.id) == ("team_lead", "high", "queue", "team_lead")
    assert case.first_response_due == datetime(2026, 11, 21, 13, 0, tzinfo=CET)  # Fri 1h + Sat 3h
    assert case.resolution_due == datetime(2026, 11, 24, 11, 0, tzinfo=CET)  # 16 working hours


def test_detractor_opens_frontline_case_for_the_original_employee(engine):
    o = engine.ingest(resp("r-1", "email", "2026-11-23T09:00:00+01:00", "c-3", {"nps": 5}))
    (case,) = o.cases
    assert (case.rule, case.level, case.state) == ("detractor or complaint", "frontline", "open")
    assert (case.assignee.kind, case.assignee.id) == ("employee", "e-7")
    assert case.first_response_due == datetime(2026, 11, 23, 17, 30, tzinfo=CET)
    assert case.resolution_due == datetime(2026, 11, 27, 15, 30, tzinfo=CET)
    assert o.scores == {"nps": 5.0}


def test_safety_report_alerts_the_director(engine):
    o = engine.ingest(resp("r-1", "app", "2026-11-22T20:00:00+01:00", "c-4",
                           {"nps": 6, "comment": "I can smell gas near the new meter, please come quickly."}))
    assert "safety" in o.urgency
    director = next(a for a in o.alerts if a.level == "director")
    assert director.due == datetime(2026, 11, 22, 21, 0, tzinfo=CET)
    assert (o.cases[0].level, o.cases[0].priority) == ("manager", "urgent")


def test_third_complaint_within_the_window(engine):
    def complain(id, when):
        return resp(id, "phone", when, "c-2", {"nps": 3, "comment": "Waardeloos, weer een verkeerde rekening."}, "nl")

    engine.ingest(complain("r-1", "2026-01-10T10:00:00+01:00"))
    engine.ingest(complain("r-2", "2026-02-10T10:00:00+01:00"))
    third = engine.ingest(complain("r-3", "2026-03-20T10:00:00+01:00"))
    assert third.repeat_complaints == 3
    (case,) = third.cases
    assert (case.level, case.priority, case.responses) == ("team_lead", "high", ["r-1", "r-2", "r-3"])
    assert any(h.what == "raised" for h in case.history)
    # The history as the rules write it: opened by the detractor rule, each
    # later complaint attached, then raised by the third-complaint rule.
    expected = [
        ("system", "opened", 'rule "detractor or complaint"'),
        ("system", "attached", "response r-2"),
        ("system", "attached", "response r-3"),
        ("system", "raised", 'rule "third complaint within the window": level team_lead, priority high'),
    ]
    assert [(h.by, h.what, h.detail) for h in case.history] == expected
    assert [(h.by, h.what, h.detail) for h in engine.case(case.id).history] == expected
    assert engine.case(case.id).level == "team_lead"
    assert [c.id for c in engine.cases(customer="c-2", state="open")] == [case.id]


def test_idempotent_and_typed_outputs(engine):
    r = resp("r-1", "phone", "2026-11-20T10:00:00+01:00", "c-1", {"nps": 2, "comment": "Very disappointed."})
    first = engine.ingest(r)
    again = engine.ingest(r)
    assert again.duplicate and not first.duplicate
    assert again.cases[0].id == first.cases[0].id
    assert engine.responses == 1
    d = first.to_dict()
    assert d["items"][0]["kind"] == "complaint" and d["scores"] == {"nps": 2.0}
    assert d["cases"][0]["first_response_due"].endswith("Z")


def test_bulk_ingest_reports_errors(engine, tmp_path):
    line = lambda id, nps: f'{{"id": "{id}", "instrument": "post-contact", "touchpoint": "billing", "channel": "web", "submitted_at": "2026-11-20T10:00:00Z", "answers": {{"nps": {nps}}}}}'
    text = "\n".join([line("a", 9), line("b", 11), "not json", line("c", 3)])
    path = tmp_path / "responses.jsonl"
    path.write_text(text)
    batch = engine.ingest_jsonl(path)
    assert [o.response_id for o in batch.outcomes] == ["a", "c"]
    assert [(e.position, e.path) for e in batch.errors] == [(2, "answers.nps"), (3, "(root)")]
    again = engine.ingest_jsonl(text.encode())
    assert all(o.duplicate for o in again.outcomes)
    many = engine.ingest_many([{"id": "d", "instrument": "post-contact", "touchpoint": "billing", "channel": "web",
                                "submitted_at": "2026-11-20T10:00:00Z", "answers": {"nps": 12}}])
    assert (many.errors[0].position, many.errors[0].code) == (0, "validation")


IMPORTED = [
    # A Dutch legal threat: an alert to a manager and a team-lead case.
    resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1",
         {"nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."}, "nl"),
    # The same customer complains again: it joins their open case.
    resp("r-2", "phone", "2026-11-20T15:30:00+01:00", "c-1", {"nps": 1}),
    # A promoter: nothing to follow up.
    resp("r-3", "phone", "2026-11-20T16:00:00+01:00", "c-2", {"nps": 10}),
    # No such score: rejected, and the batch goes on.
    resp("r-4", "phone", "2026-11-20T16:00:00+01:00", "c-3", {"nps": 11}),
    # Seen before: changes nothing.
    resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", {"nps": 2}),
    # Another customer's detractor: a frontline case.
    resp("r-5", "email", "2026-11-23T09:00:00+01:00", "c-4", {"nps": 5}),
]


def test_import_reports_what_the_batch_changed(engine, acme_dict, tmp_path):
    path = tmp_path / "responses.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in IMPORTED))
    report = engine.import_jsonl(path)
    assert isinstance(report, clf.ImportReport)
    assert (report.ingested, report.duplicates) == (4, 1)
    assert (report.cases, report.alerts) == (["case-1", "case-2"], ["alert-1"])
    assert [(e.position, e.code, e.path) for e in report.errors] == [(4, "validation", "answers.nps")]
    assert report.to_dict() == {"ingested": 4, "duplicates": 1, "cases": ["case-1", "case-2"], "alerts": ["alert-1"],
                                "errors": [report.errors[0].to_dict()]}
    assert engine.case("case-1").responses == ["r-1", "r-2"]
    # Each response's outcome can be read later; its case as it is now.
    first = engine.outcome("r-1")
    assert (first.duplicate, first.urgency, [a.id for a in first.alerts]) == (False, ["legal"], ["alert-1"])
    assert first.cases[0].responses == ["r-1", "r-2"]
    # The batch read r-1's comment only for what it says (legal, a
    # complaint); its items are read when asked for, as ingest gives them:
    # 1 - 0.4 (niet snel) x 0.4 (niet opgelost) x 0.4 (urgency:legal) x 0.5 (nps=2) = 0.968.
    complaint = {"kind": "complaint", "confidence": 0.968, "evidence": ["niet snel", "niet opgelost", "urgency:legal", "nps=2"], "topics": []}
    assert [i.to_dict() for i in first.items] == [complaint]
    assert engine.outcome("r-5").cases[0].level == "frontline"
    with pytest.raises(clf.NotFoundError):
        engine.outcome("r-4")
    # From dicts: positions count from 0; bytes read as a file's text.
    listed = clf.Engine(clf.Config(acme_dict))
    from_list = listed.import_many(IMPORTED)
    assert (from_list.cases, from_list.alerts, from_list.errors[0].position) == (report.cases, report.alerts, 3)
    assert clf.Engine(clf.Config(acme_dict)).import_jsonl(path.read_bytes()) == report
    # The same changes as ingesting one by one.
    single = clf.Engine(clf.Config(acme_dict))
    for r in IMPORTED:
        try:
            single.ingest(r)
        except clf.ValidationError:
            pass
    assert [e.to_dict() for e in single.events()] == [e.to_dict() for e in engine.events()] == [e.to_dict() for e in listed.events()]
    assert [i.to_dict() for i in single.outcome("r-1").items] == [complaint]


def test_json_lines_with_escapes_and_windows_line_ends(engine):
    head = '"instrument":"post-contact","touchpoint":"billing","channel":"web","submitted_at":"2026-11-20T10:00:00Z","locale":"en"'
    lines = [
        '{"id":"r\\u002d1",' + head + ',"answers":{"nps":2,"comment":"I\\u2019m done \\ud83d\\ude20: my \\"lawyer\\" will hear of this."}}',
        '{"id":"r-2",' + head + ',"answers":{"nps":9}}',
    ]
    batch = engine.ingest_jsonl(("\r\n".join(lines) + "\r\n").encode())
    assert batch.errors == []
    assert [o.response_id for o in batch.outcomes] == ["r-1", "r-2"]
    assert batch.outcomes[0].urgency == ["legal"]


def test_summary_on_the_engine(engine):
    engine.ingest(resp("a", "web", "2026-10-05T10:00:00Z", None, {"nps": 10}, touchpoint="delivery"))
    engine.ingest(resp("b", "web", "2026-11-05T10:00:00Z", None, {"nps": 3}, touchpoint="delivery"))
    engine.ingest(resp("c", "web", "2026-11-06T10:00:00Z", None, {"nps": 9}, touchpoint="billing"))
    groups = engine.summary(group_by=["journey"])
    assert [(g.key["journey"], g.nps["nps"].score) for g in groups] == [("order-to-delivery", 0.0), ("service", 100.0)]
    assert [g.responses for g in engine.summary(group_by=["month"], where={"channel": "web"})] == [1, 2]


def test_errors(engine):
    with pytest.raises(clf.NotFoundError) as e:
        engine.case("case-99")
    assert e.value.code == "not_found"
    with pytest.raises(clf.ValidationError) as e:
        engine.cases(state="pending")
    assert e.value.path == "state"
    with pytest.raises(clf.ValidationError) as e:
        engine.ingest(resp("x", "phone", "2026-11-20T10:00:00+01:00", "c-1", {"nps": 11}))
    assert e.value.path == "answers.nps"


def test_ids_of_any_length_are_deduplicated_logged_and_restored(acme_dict, engine):
    # The engine keeps ids up to 65 535 bytes in its event log's blocks and
    # longer ones whole: both forms deduplicate, log and restore alike.
    ids = ["r-short", "x" * 65_535, "y" * 70_000]
    for id in ids:
        first = engine.ingest(resp(id, "web", "2026-11-20T15:00:00+01:00", "c-9", {"nps": 9}))
        assert first.response_id == id and not first.duplicate
    assert all(engine.ingest(resp(id, "web", "2026-11-20T15:00:00+01:00", "c-9", {"nps": 9})).duplicate for id in ids)
    assert [ev.data["response"]["id"] for ev in engine.events() if ev.type == "response_ingested"] == ids
    restored = clf.Engine.restore(acme_dict, engine.snapshot())
    assert all(restored.ingest(resp(id, "web", "2026-11-20T15:00:00+01:00", "c-9", {"nps": 9})).duplicate for id in ids)


def test_classify_text_reads_a_comment_and_changes_nothing(engine):
    c = engine.classify_text("De factuur klopt niet. Ik schakel mijn advocaat in.", "nl")
    # "klopt niet" is an issue phrase (0.6) beside "factuur" (billing);
    # "advocaat" is legal and implies a complaint (0.6) about every topic.
    assert [(i.kind, i.confidence, i.evidence, i.topics) for i in c.items] == [
        ("issue", 0.6, ["klopt niet"], ["billing"]),
        ("complaint", 0.6, ["urgency:legal"], ["billing"]),
    ]
    assert [(u.marker, u.evidence) for u in c.urgency] == [("legal", ["advocaat"])]
    assert c.topics == ["billing"]
    assert c.to_dict() == {
        "items": [
            {"kind": "issue", "confidence": 0.6, "evidence": ["klopt niet"], "topics": ["billing"]},
            {"kind": "complaint", "confidence": 0.6, "evidence": ["urgency:legal"], "topics": ["billing"]},
        ],
        "urgency": [{"marker": "legal", "evidence": ["advocaat"]}],
        "topics": ["billing"],
    }
    assert engine.classify_text("De factuur klopt niet. Ik schakel mijn advocaat in.", locale="nl-BE") == c
    assert engine.classify_text("The invoice is wrong.", "nl").items == []
    assert engine.responses == 0


def test_classify_response_is_what_ingest_finds_and_ingests_nothing(engine):
    r = resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", {"nps": 3, "comment": "De factuur klopt niet."}, "nl")
    c = engine.classify_response(r)
    # The phrase gives an issue (0.6), the detractor's score a complaint (0.5).
    assert [(i.kind, i.confidence, i.evidence) for i in c.items] == [("issue", 0.6, ["klopt niet"]), ("complaint", 0.5, ["nps=3"])]
    assert c.urgency == []
    assert engine.responses == 0 and engine.cases() == []
    o = engine.ingest(json.dumps(r))
    assert not o.duplicate
    assert o.items == c.items and o.topics == c.topics
    with pytest.raises(clf.ValidationError) as err:
        engine.classify_response(resp("r-2", "pigeon", "2026-11-20T15:00:00+01:00", "c-1", {"nps": 3}))
    assert err.value.path == "channel"
    assert engine.responses == 1
