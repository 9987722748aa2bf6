"""Name search and the counting of its matches.

Search is a case-insensitive substring match on the name. It is indexed with GIN over
the name's lower-cased characters, bigrams and trigrams (migrations 0003, 0009):
pg_trgm would do this, but the embedded PostgreSQL (pgserver) ships no contrib modules.
The index is on jobs_jobsearch, a copy of each job's name and status kept by triggers
(migration 0010), so that status changes do not rewrite it. A search first narrows by
gram containment through the index, then rechecks with LIKE (the condition is
selectors.search_where's).

Counting a search is what costs: the counters row cannot answer it. So a search is
counted only up to SEARCH_COUNT_CAP (``count_capped`` in the API), skipped when the
planner already expects far more matches, and remembered until the next write.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet

from jobs import documents
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


# A term whose grams the planner expects in at least this share of names is common.
# A list's condition checks a common term by LIKE alone (selectors.job_where): walking
# an index and checking each name is then the quick way, and the semi-join on the gram
# index, checked for every job that passes LIKE (~22 us each: jobs_name_grams runs for
# it), made a count of 8,398 matches cost 90 ms instead of ~30. A rarer term keeps the
# semi-join, so that the planner can start from the gram index.
COMMON_SHARE = 0.02
# A term's share changes only with the statistics (ANALYZE), so it is kept a while.
COMMON_SECONDS = 300.0
common_terms: TtlCache[str, bool] = TtlCache(lambda: COMMON_SECONDS, limit=1_000)


def is_common(term: str) -> bool:
    """Whether the planner expects ``term``'s grams in at least COMMON_SHARE of names
    (jobs_search_share, migration 0010): one query the first time a term is seen."""
    fresh, common = common_terms.get(term)
    if fresh:
        return bool(common)
    ((share,),) = documents.fetch("SELECT jobs_search_share(%s)", [term])
    common = float(share) >= COMMON_SHARE
    common_terms.put(term, common)
    return common
