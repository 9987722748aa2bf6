""".ci/run against stub `make`, `docker` and stand-ins script that record each call."""

# These tests run local tools (compose, nginx, hadolint, the script) by design.

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from deploy_files import ROOT, tool

SCRIPT = ROOT / ".ci" / "run"

RECORDER = """#!/bin/bash
echo "{name} $* project=${{COMPOSE_PROJECT_NAME:-}}" >> "$STUB_LOG"
case " $STUB_FAIL " in *" {name} $1 "*) exit 1 ;; esac
exit 0
"""


@pytest.fixture
def ci(tmp_path: Path) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("make", "docker"):
        (bin_dir / name).write_text(RECORDER.format(name=name))
        (bin_dir / name).chmod(0o755)
    for name in ("dirname", "bash"):  # PATH holds only this folder: no real docker
        (bin_dir / name).symlink_to(shutil.which(name))
    standins = tmp_path / "standins.sh"
    standins.write_text(RECORDER.format(name="standins"))
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / ".ci" / "run")
    return {
        "PATH": str(bin_dir),
        "STUB_LOG": str(tmp_path / "calls"),
        "STUB_FAIL": "",
        "DOCKER_STANDINS": str(standins),
        "_repo": str(repo),
        "_bin": str(bin_dir),
    }


def run(env: dict) -> tuple[int, list[str], str]:
    result = subprocess.run(
        [shutil.which("bash"), str(Path(env["_repo"]) / ".ci" / "run")],
        env={k: v for k, v in env.items() if not k.startswith("_")},
        capture_output=True,
        text=True,
        check=False,
    )
    log = Path(env["STUB_LOG"])
    return result.returncode, log.read_text().splitlines() if log.exists() else [], result.stdout


def test_ci_run_passes_shellcheck():
    result = subprocess.run(
        [tool("shellcheck"), str(SCRIPT)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_runs_make_test_then_the_compose_path_under_its_own_project(ci):
    status, calls, _ = run(ci)
    assert status == 0
    assert calls == [
        "make test project=",
        "standins  project=",
        "docker info project=",
        "make build project=jobs-dashboard-ci",
        "make test-docker project=jobs-dashboard-ci",
        "make clean project=jobs-dashboard-ci",
    ]


@pytest.mark.parametrize("failing", ["make test", "make build", "make test-docker", "make clean"])
def test_any_failure_fails_ci_and_the_stack_is_still_cleaned(ci, failing):
    ci["STUB_FAIL"] = failing
    status, calls, stdout = run(ci)
    assert status == 1
    assert calls[-1].startswith("make clean ")
    assert "FAILED" in stdout
    if failing == "make build":
        assert not any(c.startswith("make test-docker") for c in calls)


def test_failing_stand_ins_fail_ci_without_building(ci):
    ci["STUB_FAIL"] = "standins "
    status, calls, _ = run(ci)
    assert status == 1
    assert [c.split()[0] for c in calls] == ["make", "standins"]


def test_without_docker_or_stand_ins_the_compose_path_is_skipped_and_said(ci):
    (Path(ci["_bin"]) / "docker").unlink()
    ci["DOCKER_STANDINS"] = str(Path(ci["_bin"]) / "no-such-script.sh")
    status, calls, stdout = run(ci)
    assert status == 0
    assert calls == ["make test project="]
    assert "SKIPPED the compose path: no docker command here" in stdout


def test_an_unreachable_engine_skips_the_compose_path_and_says_so(ci):
    ci.update(DOCKER_STANDINS="", STUB_FAIL="docker info")
    status, calls, stdout = run(ci)
    assert status == 0
    assert calls == ["make test project=", "docker info project="]
    assert "SKIPPED the compose path: the Docker engine is not reachable" in stdout
