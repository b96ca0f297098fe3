import json
import pathlib

import pytest

ACME = pathlib.Path(__file__).resolve().parents[2] / "examples" / "acme.json"


@pytest.fixture
def acme_dict():
    return json.loads(ACME.read_text())


@pytest.fixture
def acme_text():
    return ACME.read_text()


@pytest.fixture
def response():
    return {
        "id": "r-1",
        "instrument": "post-contact",
        "touchpoint": "delivery",
        "channel": "phone",
        "submitted_at": "2026-11-20T10:15:00+01:00",
        "customer": "c-1",
        "employee": "e-7",
        "locale": "nl",
        "answers": {"nps": 9, "csat": 4, "ces": 6, "mood": "pleased", "comment": "Snel geleverd"},
    }
