"""The SQL of a request: its statements by kind, and the plans of its SELECTs
(EXPLAIN ANALYZE on the same database), with index use and sequential scans of the
jobs tables."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db import connection

JOB_TABLES = ("jobs_job", "jobs_jobstatus", "jobs_jobsearch")
KINDS = ("read", "write", "transaction")


def explainable(sql: str) -> bool:
    head = sql.lstrip().upper()
    return head.startswith("SELECT") and "FOR UPDATE" not in head


def _walk(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _walk(child)


def explain(sql: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    root = (raw if isinstance(raw, list) else json.loads(raw))[0]
    nodes = []
    for node in _walk(root["Plan"]):
        label = node["Node Type"]
        if node.get("Index Name"):
            label += f" using {node['Index Name']}"
        if node.get("Relation Name"):
            label += f" on {node['Relation Name']}"
        nodes.append(
            {
                "node": node["Node Type"],
                "label": label,
                "relation": node.get("Relation Name"),
                "index": node.get("Index Name"),
            }
        )
    return {
        "sql": sql,
        "execution_ms": round(root.get("Execution Time", 0.0), 3),
        "planning_ms": round(root.get("Planning Time", 0.0), 3),
        "nodes": nodes,
        # A write's triggers (the counters, roll-ups and search rows), with their time.
        "triggers": [
            {"name": t["Trigger Name"], "ms": round(t["Time"], 1), "calls": t["Calls"]}
            for t in root.get("Triggers", [])
        ],
    }


def flags(plans: list[dict[str, Any]]) -> tuple[bool | None, bool]:
    """(uses an index on the jobs tables, has a Seq Scan on them); None when the plans
    do not touch them."""
    scans: list[str] = []
    indexed = False
    for plan in plans:
        for node in plan["nodes"]:
            if node["relation"] in JOB_TABLES:
                scans.append(node["node"])
            if node["index"] and (
                node["relation"] in JOB_TABLES
                or node["index"].startswith(("job_", "status_", "jobs_"))
            ):
                indexed = True
    seq = "Seq Scan" in scans
    if not scans and not indexed:
        return None, False
    return indexed and not seq, seq


def summary(plans: list[dict[str, Any]]) -> str:
    """The scans of the jobs tables and the indexes used, once each, in plan order."""
    labels: list[str] = []
    for plan in plans:
        for node in plan["nodes"]:
            if node["relation"] in JOB_TABLES or node["index"]:
                short = node["label"]
                if node["relation"] in JOB_TABLES:
                    short = short.removesuffix(f" on {node['relation']}")
                if short not in labels:
                    labels.append(short)
    return "; ".join(labels)


def _verb(sql: str) -> str:
    return sql.lstrip().split(None, 1)[0].upper()


def kind(sql: str) -> str:
    """transaction (BEGIN, COMMIT and savepoints), read or write."""
    verb = _verb(sql)
    if verb in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"):
        return "transaction"
    return "read" if verb == "SELECT" else "write"


def kinds(sqls: list[str]) -> dict[str, int]:
    """How many statements of each kind."""
    counted = Counter(kind(s) for s in sqls)
    return {k: counted[k] for k in KINDS}
