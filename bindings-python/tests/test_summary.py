"""Summaries grouped by dimensions, merging, and filters."""

import pytest

import clf


def make(i, touchpoint, nps, at="2026-11-20T10:00:00+01:00", **answers):
    return {
        "id": f"r{i}",
        "instrument": "post-contact",
        "touchpoint": touchpoint,
        "channel": "phone",
        "submitted_at": at,
        "answers": {"nps": nps, **answers},
    }


def test_group_by_touchpoint(acme_dict):
    config = clf.Config(acme_dict)
    s = clf.Summary(config, group_by=["touchpoint"])
    data = [("delivery", 10), ("order", 0), ("delivery", 7), ("delivery", 3), ("order", 10), ("delivery", 9)]
    assert s.add_many([make(i, tp, n) for i, (tp, n) in enumerate(data)]) == 6
    groups = s.groups()
    assert [g.key for g in groups] == [{"touchpoint": "order"}, {"touchpoint": "delivery"}]
    assert groups[1].nps["nps"].score == 25
    assert groups[1].responses == 4
    assert groups[1].to_dict()["key"] == {"touchpoint": "delivery"}


def test_merge_equals_whole(acme_dict):
    config = clf.Config(acme_dict)
    rs = [make(i, "delivery" if i % 3 else "billing", i % 11, csat=1 + i % 5) for i in range(40)]
    a, b, whole = (clf.Summary(config, group_by=["touchpoint"]) for _ in range(3))
    a.add_many(rs[:15])
    b.add_many(rs[15:])
    whole.add_many(rs)
    a.merge(b)
    assert [g.to_dict() for g in a.groups()] == [g.to_dict() for g in whole.groups()]
    assert a.responses == 40


def test_periods_and_where(acme_dict):
    config = clf.Config(acme_dict)
    s = clf.Summary(config, group_by=["month"], where={"touchpoint": "delivery"})
    assert s.add(make(1, "delivery", 9, at="2026-03-31T23:30:00Z"))  # 1 April in Amsterdam
    assert not s.add(make(2, "order", 9))
    assert s.add(config.validate_response(make(3, "delivery", 5)))
    assert [g.key["month"] for g in s.groups()] == ["2026-04", "2026-11"]


def test_emotion_and_effort(acme_dict):
    s = clf.Summary(clf.Config(acme_dict))
    s.add(make(1, "delivery", 9, mood="angry", ces=7))
    s.add(make(2, "delivery", 9, mood="pleased"))
    (g,) = s.groups()
    assert g.key == {}
    assert g.emotion["mood"].n == 2
    assert g.emotion["mood"].valence.mean == pytest.approx(-0.15)
    assert g.emotion["mood"].counts["angry"] == 1
    assert g.ces["ces"].n == 1


def test_bad_queries_and_responses(acme_dict):
    config = clf.Config(acme_dict)
    with pytest.raises(clf.ValidationError) as e:
        clf.Summary(config, group_by=["colour"])
    assert e.value.path == "group_by[0]"
    with pytest.raises(clf.ValidationError) as e:
        clf.Summary(config, where={"month": "November"})
    assert e.value.path == "where.month"
    s = clf.Summary(config)
    with pytest.raises(clf.ValidationError) as e:
        s.add_many([make(1, "delivery", 9), make(2, "delivery", 12)])
    assert e.value.path == "[1].answers.nps"
    with pytest.raises(clf.ValidationError):
        s.merge(clf.Summary(config, group_by=["channel"]))
