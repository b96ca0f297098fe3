"""The outer loop: from a proposal to "you said, we did"."""

import pytest

import clf


@pytest.fixture
def engine(acme_dict):
    e = clf.Engine(acme_dict)
    for rid, customer in [("r-1", "c-1"), ("r-2", "c-2"), ("r-3", "c-1"), ("r-4", None), ("r-5", "c-3")]:
        e.ingest({"id": rid, "instrument": "post-contact", "touchpoint": "delivery", "channel": "app", "customer": customer,
                  "submitted_at": "2026-11-20T10:00:00Z", "answers": {"nps": 6, "comment": "Please let me choose a delivery time slot."}})
    return e


def test_you_said_we_did(engine):
    engine.opt_out("c-3")
    imp = engine.propose_improvement("Delivery time slots", by="pm-1", at="2026-11-21T10:00:00Z", topics=["delivery"])
    engine.link_feedback(imp.id, by="pm-1", at="2026-11-21T11:00:00Z", responses=["r-1", "r-2", "r-3", "r-4", "r-5"])
    assert engine.plan_improvement(imp.id, by="pm-1", at="2026-11-22T10:00:00Z").state == "planned"
    done = engine.implement_improvement(imp.id, by="pm-1", at="2026-12-01T10:00:00Z")
    assert [(n.customer, n.responses) for n in done.notifications] == [("c-1", ["r-1", "r-3"]), ("c-2", ["r-2"])]
    assert [n.customer for n in engine.notifications_due()] == ["c-1", "c-2"]
    assert engine.mark_notified(imp.id, "c-1", at="2026-12-01T12:00:00Z").informed == 1
    assert [(n.improvement_id, n.customer) for n in engine.notifications_due()] == [(imp.id, "c-2")]
    with pytest.raises(clf.ConflictError):
        engine.mark_notified(imp.id, "c-1", at="2026-12-01T13:00:00Z")


def test_errors(engine):
    imp = engine.propose_improvement("Faster refunds", by="pm-1", at="2026-11-21T10:00:00Z")
    with pytest.raises(clf.TransitionError):
        engine.implement_improvement(imp.id, by="pm-1", at="2026-11-21T10:00:00Z")
    with pytest.raises(clf.ValidationError) as e:
        engine.link_feedback(imp.id, by="pm-1", at="2026-11-21T10:00:00Z", topics=["weather"])
    assert e.value.path == "topics[0]"
    with pytest.raises(clf.NotFoundError):
        engine.improvement("imp-9")
