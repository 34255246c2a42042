"""The dashboard's cached reads timed in this process as a page run makes them (not AppTest):
`python -m assess.ui.timing URL` prints the figures as JSON."""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from assess.domain.rubric import Profile
from assess.services.actor import Actor
from assess.storage import db
from assess.ui import cache


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; else the peak from getrusage)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        pages = int(statm.read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def _dashboard(profile: Profile) -> None:
    """What the dashboard page reads: the version, the ranking and the top candidate's panel."""
    version = cache.data_version()
    top = cache.ranking_panel(version, profile, lang="en")
    if top.table is None:
        raise RuntimeError("the timed database has no ranking")
    candidate = next(iter(top.labels))
    if cache.candidate_panel(version, candidate, profile, lang="en") is None:
        raise RuntimeError("the top candidate has no panel")


def measure(url: str) -> dict[str, Any]:
    """Against the database at `url`, in a process that has read nothing yet: cold_seconds
    (the first profile, from the read up: everything the dashboard needs for the ranking and
    the top candidate's radar), switch_seconds (the median over every other profile, each
    viewed for the first time), rss_mb after all of them, and how many candidates there are."""
    # outside `streamlit run` every cached call warns of a missing ScriptRunContext
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    os.environ[db.ENV_VAR] = url
    # a recruiter sees every result, as the sign-in would set one for a session
    cache.set_actor(Actor("bench", "bench", role="recruiter"))
    profiles = cache.rubric().profiles()
    start = time.perf_counter()
    _dashboard(profiles[0])
    cold = time.perf_counter() - start
    switches = []
    for profile in profiles[1:]:
        start = time.perf_counter()
        _dashboard(profile)
        switches.append(time.perf_counter() - start)
    ready = cache.prepared_data(cache.data_version())
    return {
        "candidates": len(ready.candidates),
        "cold_seconds": round(cold, 4),
        "switch_seconds": round(statistics.median(switches), 4),
        "rss_mb": round(_rss_mb(), 1),
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
