"""The API answers as its own OpenAPI schema says, through nginx: Schemathesis with
every check, in every phase (examples, coverage, fuzzing, stateful), signed in as an
admin so that every operation is reached. No 5xx, no undocumented status or content
type, no answer that breaks its schema, no valid request refused and no invalid one
taken (schemathesis.toml names the one rule OpenAPI cannot state)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

E2E = Path(__file__).resolve().parents[1]
MAX_EXAMPLES = 30


def test_the_api_answers_as_its_schema_says(base_url, users) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(E2E / "schemathesis.toml"),
            "run",
            f"{base_url}/api/schema/",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--header",
            f"Authorization: Token {users['admin']['token']}",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            "20261129",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "No issues found" in run.stdout or " passed" in run.stdout, report
