"""Person matching: is this person already known? See `service` for the look-up, `rules` for
the model, `index` for the blocking index and `duplicates` for finding duplicate records.

The service is imported lazily so that the pure modules (`rules`, `names`) can be used
without Django, by the benchmark and the training script.
"""

from typing import Any

__all__ = ["Candidate", "MatchQuery", "find_candidates"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from continuum.people.matching import service

        return getattr(service, name)
    raise AttributeError(f"module 'continuum.people.matching' has no attribute {name!r}")
