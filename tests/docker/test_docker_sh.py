"""scripts/docker.sh against a stub `docker` that records each call."""

# These tests run local tools (compose, nginx, hadolint, the script) by design.

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from deploy_files import COMPOSE_FILE, E2E_OVERLAY, ENV_EXAMPLE, ROOT, tool

SCRIPT = ROOT / "scripts" / "docker.sh"

STUB = """#!/usr/bin/env bash
echo "$*" >> "$STUB_LOG"
# What compose would refuse to interpolate: a ${NAME:?} of the files it reads, unset.
if [ "$1" = compose ] && [ "$2" != version ]; then
    required=$STUB_REQUIRED
    case " $* " in *" docker/compose.e2e.yml "*) required+=" $STUB_REQUIRED_E2E" ;; esac
    for name in $required; do
        [ -n "${!name:-}" ] || grep -qs "^$name=." .env || echo "unset $name" >> "$STUB_LOG"
    done
fi
case "$1 $2" in
    "compose version") [ -n "$STUB_COMPOSE" ] && echo "$STUB_COMPOSE" && exit 0; exit 1 ;;
    "info "*) exit "${STUB_INFO_RC:-0}" ;;
    "volume inspect") exit "${STUB_VOLUME_RC:-1}" ;;
esac
for arg in "$@"; do
    case "$arg" in
        run) exec "$STUB_SUITE" ;;
        port) echo "0.0.0.0:80"; exit 0 ;;
        exec)
            case " $* " in *" add_user "*) echo '{"token": "t"}'; exit 0 ;; esac
            echo "exec output"; echo "exec warning" >&2; exit "${STUB_EXEC_RC:-0}" ;;
    esac
done
exit 0
"""

# What the stub does for `compose run e2e`: like the suite, send each step in STUB_STEPS
# (";"-separated) to the control folder and log the answer, then exit with STUB_RUN_RC.
SUITE = """#!/usr/bin/env bash
control="$STUB_REPO/.run/e2e-control"
echo "users: $(tr -d '\n' < "$control/users.json")" >> "$STUB_LOG"
IFS=';' read -ra steps <<< "${STUB_STEPS:-}"
n=0
for step in "${steps[@]}"; do
    n=$((n + 1))
    [ -e "$control/serving" ] || { echo "no control server" >> "$STUB_LOG"; exit 99; }
    echo "$step" > "$control/$n.draft" && mv "$control/$n.draft" "$control/$n.request"
    for _ in $(seq 100); do [ -e "$control/$n.response" ] && break; sleep 0.1; done
    tr '\\n' '|' < "$control/$n.response" >> "$STUB_LOG"; echo >> "$STUB_LOG"
done
exit "${STUB_RUN_RC:-0}"
"""


@pytest.fixture
def stub(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text(STUB)
    docker.chmod(0o755)
    suite = bin_dir / "suite"
    suite.write_text(SUITE)
    suite.chmod(0o755)
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SECRET_KEY",
            "POSTGRES_PASSWORD",
            "DJANGO_ADMIN_PASSWORD",
            "COMPOSE_PROJECT_NAME",
            "E2E_UID",
            "E2E_GID",
        }
    }
    # The script works from its repository root; a copy keeps e2e/test-results and
    # any real .env out of these runs.
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / "scripts" / "docker.sh")
    shutil.copy(ROOT / "scripts" / "e2e-users.sh", repo / "scripts" / "e2e-users.sh")
    shutil.copy(ENV_EXAMPLE, repo / ".env.example")
    env.update(
        PATH=f"{bin_dir}:{env['PATH']}",
        STUB_LOG=str(tmp_path / "calls"),
        STUB_COMPOSE="2.40.3",
        STUB_REPO=str(repo),
        STUB_SUITE=str(suite),
        STUB_REQUIRED=" ".join(required(COMPOSE_FILE)),
        STUB_REQUIRED_E2E=" ".join(required(E2E_OVERLAY)),
    )
    return env


def required(compose_file: Path) -> list[str]:
    return sorted(set(re.findall(r"\$\{(\w+):\?", compose_file.read_text())))


@pytest.mark.parametrize("command", ["build", "stop", "clean", "test"])
def test_compose_gets_every_variable_it_requires(stub, command):
    """Compose refuses to read its files when a ${NAME:?} is unset, whatever the command."""
    assert required(COMPOSE_FILE) == ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"]
    assert required(E2E_OVERLAY) == []
    assert run(stub, command).returncode == 0
    assert [c for c in calls(stub) if c.startswith("unset ")] == []


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(env["STUB_REPO"]) / "scripts" / "docker.sh"
    return subprocess.run(
        ["bash", str(script), *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )


def calls(env: dict[str, str]) -> list[str]:
    path = Path(env["STUB_LOG"])
    return path.read_text().splitlines() if path.exists() else []


def test_script_passes_shellcheck():
    shellcheck = tool("shellcheck")
    result = subprocess.run([shellcheck, str(SCRIPT)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_unknown_command_prints_usage_and_exits_2(stub):
    result = run(stub, "frobnicate")
    assert result.returncode == 2
    assert "build" in result.stderr
    assert "test" in result.stderr


def test_missing_compose_plugin_fails_clearly(stub):
    if shutil.which("docker-compose", path="/usr/bin:/bin"):
        pytest.skip("a standalone docker-compose is installed in /usr/bin")
    stub["STUB_COMPOSE"] = ""
    stub["PATH"] = stub["PATH"].split(":", 1)[0] + ":/usr/bin:/bin"
    result = run(stub, "build")
    assert result.returncode == 1
    assert "'docker compose' is not available" in result.stderr


def test_old_compose_is_refused(stub):
    stub["STUB_COMPOSE"] = "2.20.0"
    result = run(stub, "build")
    assert result.returncode == 1
    assert "too old" in result.stderr


def test_unreachable_engine_fails_clearly(stub):
    stub["STUB_INFO_RC"] = "1"
    result = run(stub, "up")
    assert result.returncode == 1
    assert "cannot reach the Docker engine" in result.stderr


def test_first_up_writes_a_private_env_file_with_random_secrets(stub):
    result = run(stub, "up")
    assert result.returncode == 0, result.stderr
    assert "Created .env with a random DJANGO_SECRET_KEY and POSTGRES_PASSWORD" in result.stdout
    env_file = Path(stub["STUB_REPO"]) / ".env"
    assert env_file.stat().st_mode & 0o777 == 0o600
    values = dict(
        line.split("=", 1) for line in env_file.read_text().splitlines() if line[:1].isupper()
    )
    assert set(values) == {"DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in values.values()), values
    assert "compose -p jobs-dashboard up --detach --wait" in calls(stub)
    run(stub, "up")
    assert env_file.read_text().count(values["POSTGRES_PASSWORD"]) == 1, "kept on the next up"


def test_up_without_env_file_but_with_the_old_volume_refuses(stub):
    stub["STUB_VOLUME_RC"] = "0"
    result = run(stub, "up")
    assert result.returncode == 1
    assert "jobs-dashboard_pgdata exists and keeps its password" in result.stderr
    assert not (Path(stub["STUB_REPO"]) / ".env").exists()
    assert not [c for c in calls(stub) if " up " in c]


def test_up_with_an_env_file_missing_a_secret_names_it(stub):
    (Path(stub["STUB_REPO"]) / ".env").write_text("DJANGO_SECRET_KEY=s\n")
    result = run(stub, "up")
    assert result.returncode == 1
    assert "POSTGRES_PASSWORD not set" in result.stderr
    assert ".env.example" in result.stderr


def test_up_refuses_the_placeholders_of_env_example(stub):
    shutil.copy(ENV_EXAMPLE, Path(stub["STUB_REPO"]) / ".env")
    result = run(stub, "up")
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY in .env is still the example's placeholder" in result.stderr
    assert not [c for c in calls(stub) if " up " in c]


def test_up_starts_detached_waits_and_prints_the_url(stub):
    stub.update({"DJANGO_SECRET_KEY": "s", "POSTGRES_PASSWORD": "p"})
    result = run(stub, "up")
    assert result.returncode == 0, result.stderr
    assert "compose -p jobs-dashboard up --detach --wait" in calls(stub)
    assert "http://localhost\n" in result.stdout
    assert "No DJANGO_ADMIN_PASSWORD in .env, so no user was created" in result.stdout


def test_up_says_how_to_sign_in_when_the_admin_password_is_set(stub):
    stub.update({"DJANGO_SECRET_KEY": "s", "POSTGRES_PASSWORD": "p"})
    (Path(stub["STUB_REPO"]) / ".env").write_text("DJANGO_ADMIN_PASSWORD=pw\n")
    result = run(stub, "up")
    assert result.returncode == 0, result.stderr
    assert "Sign in as admin with DJANGO_ADMIN_PASSWORD from .env" in result.stdout


def test_build_needs_no_secrets(stub):
    result = run(stub, "build")
    assert result.returncode == 0, result.stderr
    assert "compose -p jobs-dashboard build" in calls(stub)


def test_clean_removes_volumes_and_orphans_of_both_projects(stub):
    result = run(stub, "clean")
    assert result.returncode == 0, result.stderr
    downs = [c for c in calls(stub) if " down " in f" {c} "]
    assert len(downs) == 2
    assert all("--volumes" in c and "--remove-orphans" in c for c in downs)
    assert [c.split()[2] for c in downs] == ["jobs-dashboard", "jobs-dashboard-e2e"]


def test_another_project_name_leaves_the_default_stacks_alone(stub):
    stub["COMPOSE_PROJECT_NAME"] = "ci-7"
    assert run(stub, "clean").returncode == 0
    assert run(stub, "test").returncode == 0
    projects = {c.split()[2] for c in calls(stub) if c.startswith("compose -p ")}
    assert projects == {"ci-7", "ci-7-e2e"}


@pytest.mark.parametrize("suite_status", [0, 3])
def test_test_runs_the_suite_in_compose_returns_its_status_and_tears_down(stub, suite_status):
    stub["STUB_RUN_RC"] = str(suite_status)
    result = run(stub, "test")
    assert result.returncode == suite_status, result.stderr
    log = calls(stub)
    (run_call,) = [c for c in log if " run " in c]
    assert "--profile e2e" in run_call
    assert "docker/compose.e2e.yml" in run_call
    assert run_call.endswith("--rm --no-TTY e2e")
    assert "down --volumes --remove-orphans" in log[-1]
    up = [c for c in log if " up --detach --wait frontend" in c]
    assert up and log.index(up[0]) < log.index(run_call)
    made = [c for c in log if " exec -T backend python manage.py add_user " in c]
    assert [c.split(" add_user ")[1].split()[0] for c in made] == [
        "e2e-admin",
        "e2e-operator",
        "e2e-viewer",
    ]
    assert 'users: {"admin": {"token": "t"}, "operator": ' in "\n".join(log)
    assert (Path(stub["STUB_REPO"]) / "e2e" / "test-results").is_dir()
    assert not (Path(stub["STUB_REPO"]) / ".run" / "e2e-control").exists()


def test_test_serves_the_fault_steps_of_the_suite(stub):
    stub["STUB_STEPS"] = "db-stop;db-start;workers;kill-worker 23"
    result = run(stub, "test")
    assert result.returncode == 0, result.stderr
    log = calls(stub)
    prefix = "compose -p jobs-dashboard-e2e -f docker-compose.yml -f docker/compose.e2e.yml"
    assert f"{prefix} --profile e2e stop db" in log
    assert f"{prefix} --profile e2e start db" in log
    assert f"{prefix} --profile e2e exec -T backend gunicornc -j -c show workers" in log
    assert f"{prefix} --profile e2e exec -T backend sh -c kill -KILL 23" in log
    answers = [line for line in log if line.endswith("|")]
    assert answers[:2] == ["0||", "0||"]
    assert answers[2:] == ["0|exec output|", "0|exec output|"]


@pytest.mark.parametrize(
    ("step", "answer"),
    [
        ("drop-database", "2|unknown step 'drop-database'|"),
        ("kill-worker 1 && id", "2|kill-worker needs a pid, got '1 && id'|"),
        ("kill-worker $(id)", "2|kill-worker needs a pid, got '$(id)'|"),
    ],
)
def test_test_refuses_steps_it_does_not_know(stub, step, answer):
    stub["STUB_STEPS"] = step
    result = run(stub, "test")
    assert result.returncode == 0, result.stderr
    assert answer in calls(stub)
    steps = [c for c in calls(stub) if " exec " in c and " add_user " not in c]
    assert not steps + [c for c in calls(stub) if c.endswith((" stop db", " start db"))]


def test_a_failing_step_answers_its_status_and_output(stub):
    stub.update(STUB_STEPS="workers", STUB_EXEC_RC="1")
    assert run(stub, "test").returncode == 0
    assert "1|exec output|exec warning|" in calls(stub)


def test_test_passes_arguments_to_pytest(stub):
    result = run(stub, "test", "-k", "create")
    assert result.returncode == 0, result.stderr
    (run_call,) = [c for c in calls(stub) if " run " in c]
    assert run_call.endswith("e2e python -m pytest -p no:cacheprovider -k create")
