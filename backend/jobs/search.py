"""Name search and the counting of its matches.

Search is a case-insensitive substring match on the name. It is indexed with GIN over
the name's lower-cased characters, bigrams and trigrams (migrations 0003, 0009):
pg_trgm would do this, but the embedded PostgreSQL (pgserver) ships no contrib modules.
The index is on jobs_jobsearch, a copy of each job's name and status kept by triggers
(migration 0010), so that status changes do not rewrite it. A search first narrows by
gram containment through the index, then rechecks with LIKE (the conditions are
selectors.job_where's and search_where's).

Counting a search is what costs: the counters row cannot answer it. So a search is
counted only up to SEARCH_COUNT_CAP (``count_capped`` in the API), skipped when the
planner already expects far more matches, and remembered until the next write.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from jobs.models import Job
from jobs.ttl_cache import TtlCache

# A search that matches more jobs than this is counted only up to here (count_capped).
SEARCH_COUNT_CAP = 10_000
# Counting up to the cap reads 10,001 rows (~30 ms at a million jobs). When the planner
# already expects three times that many matches, the answer is the cap without
# counting. Its estimate for a single gram comes from sampled statistics whose error is
# far smaller than that margin.
SEARCH_ESTIMATE_TRUSTED = 3 * SEARCH_COUNT_CAP
TRIGRAM_LENGTH = 3


def count_matches(
    matching: QuerySet[Any], *, unchecked: QuerySet[Any], estimate_is_reliable: bool
) -> tuple[int, bool]:
    """How many rows ``matching`` has, counted up to SEARCH_COUNT_CAP, and whether it
    stopped there.

    ``unchecked`` is the same query with the search's gram condition only
    (selectors.search_matching(recheck=False)); when ``estimate_is_reliable``, the planner's
    estimate for it stands in for a count it expects to be far above the cap.
    """
    if estimate_is_reliable and estimated_rows(unchecked) >= SEARCH_ESTIMATE_TRUSTED:
        return SEARCH_COUNT_CAP, True
    # Counting a sliced queryset wraps it: SELECT COUNT(*) FROM (... LIMIT n) subquery.
    count = matching.order_by().values("pk")[: SEARCH_COUNT_CAP + 1].count()
    return (SEARCH_COUNT_CAP, True) if count > SEARCH_COUNT_CAP else (count, False)


def estimate_is_reliable(*, term: str, narrowed: bool) -> bool:
    """Whether the planner's row estimate can stand in for a count of a search.

    Only for a term of at most three characters that no other filter narrows. Such a
    term is one gram, asked about alone, and the gram's frequency comes from sampled
    statistics. Anything more is a product of selectivities that assumes independence:
    a status and a term that never go together would be estimated as common.
    """
    return not narrowed and len(term) <= TRIGRAM_LENGTH


def estimated_rows(queryset: QuerySet[Any]) -> float:
    """The planner's estimate of how many rows ``queryset`` returns (EXPLAIN, no run)."""
    plan = json.loads(queryset.explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


# What a term asks of a name: its grams, which the gram index serves, and to hold it as
# a substring (LIKE), which rechecks names that have every gram but not in a row. The
# planner can estimate the first (the index's statistics), not the second.
GRAMS = "jobs_name_grams(name) @> jobs_search_grams(%s)"
LIKE = "lower(name) LIKE lower(%s)"


def like_pattern(term: str) -> str:
    """``term`` as a LIKE pattern for names holding it (backslash is LIKE's escape)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# A list checks a term by LIKE on the job's name, and adds a semi-join on the gram index
# (selectors.job_where) only for a term that few names hold, which the planner can then
# start from. For a common term the semi-join only costs: the planner walks an index and
# checks names, and then checks the semi-join for each match, ~22 us each (it runs
# jobs_name_grams). How many names hold a term is the planner's estimate for the LIKE
# pattern alone (``frequency``), from the statistics on lower(name) (migration 0012);
# its estimate for the grams multiplies their frequencies as if independent, so
# "wing-sweep", in 1 name of 20, looked rare, and its first page took 162 ms through
# the index against 1.4 walking.
# A page needs 20 matches: with this many among a million jobs, a walk finds them
# within 10,000 names (~3 ms), about what reading them all through the index costs.
PAGE_COMMON_MATCHES = 2_000
# What reads every match (a bulk action's filter) gets them through the index for about
# 3 us each; a scan checks names at about 0.3 us each, so it is the quicker from a
# tenth of the jobs.
BULK_COMMON_MATCHES = 100_000
# A search narrowed by time is counted from its search rows, through the index: about
# 0.7 us a match, all of them read. Walking the jobs' time index and checking names
# stops at the count's cap, about SEARCH_COUNT_CAP / share names: for a term in more
# names than this, the walk is the quicker (a year of "cfd", in 83,000 names: 38 ms
# walking, 60 through the index).
TIMED_COMMON_MATCHES = 50_000
# The estimate changes only with the statistics (ANALYZE): it is kept a while.
FREQUENCY_SECONDS = 300.0
frequencies: TtlCache[str, float] = TtlCache(lambda: FREQUENCY_SECONDS, limit=1_000)


def frequency(term: str) -> float:
    """How many names the planner expects to hold ``term`` (estimated_rows; nothing is
    read): one query the first time a term is seen in FREQUENCY_SECONDS."""
    fresh, known = frequencies.get(term)
    if fresh and known is not None:
        return known
    holding = RawSQL(LIKE, [like_pattern(term)], output_field=BooleanField())  # noqa: S611
    rows = estimated_rows(Job.objects.filter(holding))
    frequencies.put(term, rows)
    return rows
