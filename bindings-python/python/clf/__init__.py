"""closed-loop-feedback: Closed Loop Feedback for CRM, helpdesk and mobile products.

Listen to customers at each touchpoint of their journey, score what they say
(NPS, CSAT, CES, emotion) with honest intervals, and summarise it by any
dimension. Errors are ``clf.ClfError`` subclasses with ``.code`` and ``.path``.

    >>> import clf
    >>> clf.nps([10, 7, 3, 9]).score
    25.0
"""

from ._clf import (
    TimerEvent,
    Outcome,
    HistoryEntry,
    FeedbackItem,
    Engine,
    Case,
    BatchOutcome,
    BatchError,
    Assignee,
    Alert,
    Calendar,
    CesScore,
    ClfError,
    Config,
    ConfigError,
    ConflictError,
    CsatScore,
    Difference,
    EmotionSummary,
    GroupSummary,
    InternalError,
    MeanScore,
    NotFoundError,
    NpsScore,
    Response,
    Summary,
    TransitionError,
    ValidationError,
    __version__,
    ces,
    compare_csat,
    compare_nps,
    csat,
    nps,
)

__all__ = [
    "TimerEvent",
    "Outcome",
    "HistoryEntry",
    "FeedbackItem",
    "Engine",
    "Case",
    "BatchOutcome",
    "BatchError",
    "Assignee",
    "Alert",
    "Calendar",
    "CesScore",
    "ClfError",
    "Config",
    "ConfigError",
    "ConflictError",
    "CsatScore",
    "Difference",
    "EmotionSummary",
    "GroupSummary",
    "InternalError",
    "MeanScore",
    "NotFoundError",
    "NpsScore",
    "Response",
    "Summary",
    "TransitionError",
    "ValidationError",
    "__version__",
    "ces",
    "compare_csat",
    "compare_nps",
    "csat",
    "nps",
]
