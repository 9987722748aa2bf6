"""docker-compose.yml: the service graph, health gating, secrets and settings."""

# These tests run local tools (compose, nginx, hadolint, the script) by design.

from __future__ import annotations

import re

import pytest
from deploy_files import (
    COMPOSE_FILE,
    E2E_OVERLAY,
    ENV_EXAMPLE,
    load_yaml,
)

VAR_REF = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")
SERVICE_CHAIN = [("backend", "db"), ("frontend", "backend"), ("e2e", "frontend")]


def env_of(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def test_stack_has_exactly_db_backend_frontend_and_e2e(services):
    assert set(services) == {"db", "backend", "frontend", "e2e"}


@pytest.mark.parametrize("name", ["db", "backend", "frontend"])
def test_long_running_services_have_a_healthcheck(services, name):
    check = services[name].get("healthcheck")
    assert check, f"{name} has no healthcheck"
    assert check.get("test"), f"{name} has an empty healthcheck"
    assert not check.get("disable")


def test_db_healthcheck_uses_pg_isready(services):
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])


def test_backend_healthcheck_requests_health_endpoint(services):
    assert "/health/" in " ".join(services["backend"]["healthcheck"]["test"])


def test_frontend_healthcheck_requests_health_through_nginx(services):
    joined = " ".join(services["frontend"]["healthcheck"]["test"])
    assert "/health/" in joined
    assert "wget" in joined


@pytest.mark.parametrize(("service", "dependency"), SERVICE_CHAIN)
def test_each_service_waits_for_its_dependency_to_be_healthy(services, service, dependency):
    depends = services[service].get("depends_on")
    assert isinstance(depends, dict), f"{service}.depends_on must use the long form"
    assert depends[dependency]["condition"] == "service_healthy"


def test_e2e_runs_only_under_its_profile(services):
    assert services["e2e"].get("profiles") == ["e2e"]
    for name in ("db", "backend", "frontend"):
        assert not services[name].get("profiles"), f"{name} must start by default"


@pytest.mark.parametrize("name", ["db", "backend", "frontend"])
def test_long_running_services_restart(services, name):
    assert services[name].get("restart") in {"unless-stopped", "always", "on-failure"}


def test_e2e_targets_nginx_on_its_container_port(services):
    base_url = env_of(services["e2e"])["E2E_BASE_URL"]
    port = env_of(services["frontend"])["NGINX_PORT"]
    assert base_url == f"http://frontend:{port}"
    published = [str(p) for p in services["frontend"]["ports"]]
    assert any(p.endswith(f":{port}") for p in published), published


def test_frontend_is_published_on_host_port_80_by_default(services):
    assert "${HTTP_PORT:-80}:8080" in [str(p) for p in services["frontend"]["ports"]]


def test_only_nginx_is_published(services):
    for name in ("db", "backend", "e2e"):
        assert not services[name].get("ports"), f"{name} must not publish a host port"


def test_database_lives_in_a_named_volume(compose, services):
    volumes = services["db"]["volumes"]
    named = [v.split(":")[0] for v in volumes if not v.startswith((".", "/"))]
    assert named
    assert all(n in compose.get("volumes", {}) for n in named)


@pytest.mark.parametrize(
    ("service", "variable"),
    [("backend", "DJANGO_SECRET_KEY"), ("db", "POSTGRES_PASSWORD")],
)
def test_secrets_are_required_and_have_no_default(services, service, variable):
    value = env_of(services[service])[variable]
    assert re.fullmatch(r"\$\{" + variable + r":\?[^}]+\}", value), value


def test_database_url_embeds_the_required_password(services):
    url = env_of(services["backend"])["DATABASE_URL"]
    assert url.startswith("postgres://")
    assert "@db:5432/" in url
    assert "${POSTGRES_PASSWORD:?" in url


def test_debug_is_off(services):
    assert env_of(services["backend"])["DJANGO_DEBUG"].lower() == "false"


def test_no_variable_defaults_to_a_secret_looking_value():
    for name, modifier in VAR_REF.findall(COMPOSE_FILE.read_text()):
        if "SECRET" in name or "PASSWORD" in name:
            assert modifier.startswith(":?"), f"{name} must be required, not defaulted"


def test_allowed_hosts_include_healthcheck_and_e2e_hosts(services):
    default = env_of(services["backend"])["DJANGO_ALLOWED_HOSTS"]
    hosts = re.search(r":-([^}]*)\}", default).group(1).split(",")
    assert {"127.0.0.1", "localhost", "frontend"} <= set(hosts)


def compose_variables() -> set[str]:
    """Every variable the compose files read: ${NAME...} references, and environment
    entries without a value, which compose passes through from the shell or .env."""
    names = set()
    for path in (COMPOSE_FILE, E2E_OVERLAY):
        names |= {name for name, _ in VAR_REF.findall(path.read_text())}
        for service in load_yaml(path)["services"].values():
            env = service.get("environment", {})
            if isinstance(env, dict):
                names |= {key for key, value in env.items() if value is None}
            else:
                names |= {item for item in env if "=" not in item}
    return names


def env_example_keys() -> set[str]:
    keys = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            keys.add(match.group(1))
    return keys


def test_every_compose_variable_is_documented_in_env_example():
    assert compose_variables() - env_example_keys() == set()


def test_env_example_documents_nothing_compose_ignores():
    assert env_example_keys() - compose_variables() == set()


def test_env_example_sets_every_required_variable():
    required = {
        name for name, mod in VAR_REF.findall(COMPOSE_FILE.read_text()) if mod.startswith(":?")
    }
    uncommented = {
        line.split("=", 1)[0]
        for line in ENV_EXAMPLE.read_text().splitlines()
        if re.match(r"^[A-Z]", line)
    }
    assert required <= uncommented


def test_e2e_overlay_unpublishes_nginx():
    overlay = load_yaml(E2E_OVERLAY)
    assert overlay["services"]["frontend"]["ports"] == []
    assert "!reset" in E2E_OVERLAY.read_text()


def test_admin_password_passes_through_unset_and_undefaulted(services):
    """Unset in .env, the backend must see it unset (no user), never a default."""
    environment = services["backend"]["environment"]
    assert "DJANGO_ADMIN_PASSWORD" in environment
    assert environment["DJANGO_ADMIN_PASSWORD"] is None


def test_e2e_checks_sql_on_the_database_the_backend_uses(services):
    url = env_of(services["e2e"])["E2E_DATABASE_URL"]
    assert url == env_of(services["backend"])["DATABASE_URL"]
    assert "@db:5432/" in url


def test_e2e_overlay_gives_the_suite_its_control_folder_and_no_throttle():
    services = load_yaml(E2E_OVERLAY)["services"]
    target = env_of(services["e2e"])["E2E_CONTROL_DIR"]
    mounts = [str(v).split(":") for v in services["e2e"]["volumes"]]
    assert ["./.run/e2e-control", target] in mounts
    rate = env_of(services["frontend"])["JOBS_WRITE_THROTTLE_RATE"]
    assert int(rate.split("/")[0]) >= 10_000, rate
    users = env_of(services["e2e"])["E2E_USERS"]
    assert users.startswith(target + "/"), users
