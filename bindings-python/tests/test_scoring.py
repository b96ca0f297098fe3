"""Published figures for NPS, CSAT and CES, and the two-sample tests."""

import pytest

import clf


def test_nps_of_four_answers():
    s = clf.nps([10, 7, 3, 9])
    assert (s.n, s.promoters, s.passives, s.detractors) == (4, 2, 1, 1)
    assert s.score == 25


def test_nps_60_25_15_margin_of_error():
    s = clf.nps([9] * 60 + [7] * 25 + [0] * 15)
    assert s.score == 45
    assert round(s.margin_of_error, 2) == 14.50
    assert tuple(round(x, 2) for x in s.ci) == (30.50, 59.50)
    assert s.confidence == 0.95


def test_nps_interval_is_clamped():
    s = clf.nps([10] * 9 + [2] * 2)
    assert round(s.score, 2) == 63.64
    assert round(s.ci[0], 2) == 18.05
    assert s.ci[1] == 100


def test_csat_wilson_960_of_1200():
    s = clf.csat([5] * 500 + [4] * 460 + [3] * 140 + [1] * 100, scale=5)
    assert (s.n, s.satisfied, s.score) == (1200, 960, 80)
    assert tuple(round(x, 2) for x in s.ci) == (77.64, 82.17)


def test_ces_mean_and_share_easy():
    s = clf.ces([1, 2, 3, 4, 5, 6, 7])
    assert s.scale == 7
    assert s.mean == 4
    assert s.sd == pytest.approx(2.160247, abs=1e-6)
    assert s.share_easy == pytest.approx(300 / 7)
    # t(0.975; 6) = 2.446912
    assert s.ci[0] == pytest.approx(4 - 2.446912 * 2.160247 / 7**0.5, abs=1e-4)


def test_confidence_is_configurable():
    wide = clf.nps([9] * 60 + [7] * 25 + [0] * 15, confidence=0.99)
    # z(0.995) = 2.575829: 2.575829 · sqrt(0.5475 / 100) · 100 = 19.06
    assert round(wide.margin_of_error, 2) == 19.06


def test_compare_nps_by_hand():
    a = clf.nps([9] * 60 + [7] * 25 + [0] * 15)
    b = clf.nps([10] * 40 + [8] * 30 + [5] * 30)
    d = clf.compare_nps(a, b)
    assert d.difference == pytest.approx(35)
    assert d.z == pytest.approx(3.146266, abs=1e-5)
    assert d.p_value == pytest.approx(0.001654, abs=1e-5)
    assert d.significant


def test_compare_csat_by_hand():
    d = clf.compare_csat(clf.csat([5] * 80 + [1] * 20), clf.csat([5] * 70 + [1] * 30))
    assert d.z == pytest.approx(1.632993, abs=1e-6)
    assert d.p_value == pytest.approx(0.102470, abs=1e-5)
    assert not d.significant


def test_scores_convert_to_dicts():
    d = clf.nps([10, 7, 3, 9]).to_dict()
    assert d["score"] == 25 and d["n"] == 4 and len(d["ci"]) == 2
    assert set(d) == {"n", "promoters", "passives", "detractors", "score", "margin_of_error", "ci", "confidence"}
    assert clf.nps([10, 7]) == clf.nps([7, 10])
    assert "NpsScore" in repr(clf.nps([10]))


@pytest.mark.parametrize(
    "call, path",
    [
        (lambda: clf.nps([3, 11]), "scores[1]"),
        (lambda: clf.nps([9, 8.5]), "scores[1]"),
        (lambda: clf.nps([-1]), "scores[0]"),
        (lambda: clf.nps([]), "scores"),
        (lambda: clf.csat([0], scale=5), "ratings[0]"),
        (lambda: clf.csat([1], scale=11), "scale"),
        (lambda: clf.ces([1], scale=6), "scale"),
        (lambda: clf.nps([9], confidence=1.5), "confidence"),
    ],
)
def test_bad_scores_raise_validation_errors_with_paths(call, path):
    with pytest.raises(clf.ValidationError) as e:
        call()
    assert e.value.code == "validation"
    assert e.value.path == path
    assert isinstance(e.value, clf.ClfError)


def test_compare_csat_needs_one_scale():
    with pytest.raises(clf.ValidationError) as e:
        clf.compare_csat(clf.csat([5], scale=5), clf.csat([5], scale=7))
    assert e.value.path == "b.scale"
