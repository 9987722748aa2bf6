"""Dockerfiles: what they COPY exists, images are pinned, runtime contracts hold."""

# These tests run local tools (compose, nginx, hadolint, the script) by design.

from __future__ import annotations

import glob
import re
import subprocess
from pathlib import Path

import pytest
from deploy_files import (
    BUILT_SERVICES,
    NGINX_TEMPLATE,
    ROOT,
    TEMPLATE_VARS,
    Instruction,
    parse_dockerfile,
    render_nginx,
    split_flags,
    tool,
)

PINNED_TAG = re.compile(r"^[\w.\-/]+:v?\d+\.\d+(\.\d+)?[\w.\-]*$")
START_SCRIPT = ROOT / "backend" / "start.sh"


def build_of(services: dict, name: str) -> tuple[Path, Path, dict[str, Path]]:
    """(context dir, Dockerfile, named contexts) of a service, resolved from the repo root."""
    build = services[name]["build"]
    if isinstance(build, str):
        build = {"context": build}
    context = (ROOT / build["context"]).resolve()
    dockerfile = context / build.get("dockerfile", "Dockerfile")
    named = {
        key: (ROOT / value).resolve() for key, value in build.get("additional_contexts", {}).items()
    }
    return context, dockerfile, named


def instructions(services: dict, name: str) -> list[Instruction]:
    return parse_dockerfile(build_of(services, name)[1])


def stage_names(steps: list[Instruction]) -> set[str]:
    names = set()
    for step in steps:
        if step.keyword == "FROM":
            words = step.args.split()
            if len(words) == 3 and words[1].upper() == "AS":
                names.add(words[2])
    return names


def base_images(steps: list[Instruction]) -> list[str]:
    stages = stage_names(steps)
    images = []
    for step in steps:
        if step.keyword == "FROM":
            _, words = split_flags(step.args)
            if words[0] not in stages:
                images.append(words[0])
    return images


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_each_built_service_has_its_dockerfile(services, name):
    context, dockerfile, _ = build_of(services, name)
    assert context.is_dir(), f"build context {context} is missing"
    assert dockerfile.is_file(), f"{dockerfile} is missing"


def copy_sources(services: dict, name: str) -> list[tuple[Instruction, Path, str]]:
    """(instruction, directory it reads from, source pattern) for every COPY/ADD from a context."""
    context, dockerfile, named = build_of(services, name)
    steps = parse_dockerfile(dockerfile)
    stages = stage_names(steps)
    found = []
    for step in steps:
        if step.keyword not in {"COPY", "ADD"}:
            continue
        flags, words = split_flags(step.args)
        source_dir = context
        if "from" in flags:
            if flags["from"] in stages:
                continue  # produced by an earlier build stage
            assert flags["from"] in named, (
                f"{dockerfile.name}:{step.line}: --from={flags['from']} is neither a stage nor a "
                f"named build context of service {name}"
            )
            source_dir = named[flags["from"]]
        found.extend((step, source_dir, source) for source in words[:-1])
    return found


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_everything_a_dockerfile_copies_exists_in_its_context(services, name):
    missing = []
    for step, source_dir, source in copy_sources(services, name):
        if not glob.glob(str(source_dir / source)):
            where = source_dir.relative_to(ROOT).as_posix()
            missing.append(f"line {step.line}: {source} (in {where}/)")
    assert not missing, f"{name}: COPY sources that do not exist yet: {missing}"


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_base_images_are_pinned(services, name):
    for image in base_images(instructions(services, name)):
        assert PINNED_TAG.match(image), f"{name}: base image {image!r} is not pinned to a version"
        assert not image.endswith(":latest")


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_no_secret_is_baked_into_an_image(services, name):
    for step in instructions(services, name):
        if step.keyword in {"ENV", "ARG"}:
            assert "SECRET" not in step.args, step
            assert "PASSWORD" not in step.args, step


def test_backend_runs_as_a_non_root_user(services):
    users = [s.args for s in instructions(services, "backend") if s.keyword == "USER"]
    assert users
    assert users[-1] not in {"root", "0", "0:0"}


def test_backend_installs_locked_requirements_without_cache(services):
    runs = [s.args for s in instructions(services, "backend") if s.keyword == "RUN"]
    assert any(
        "pip install" in r and "--no-cache-dir" in r and "-r requirements.txt" in r for r in runs
    )


def test_backend_collects_static_with_a_build_only_secret(services):
    runs = [s.args for s in instructions(services, "backend") if s.keyword == "RUN"]
    (collect,) = [r for r in runs if "collectstatic" in r]
    assert "DJANGO_SECRET_KEY=" in collect
    assert "DJANGO_DEBUG" not in collect


def test_backend_command_is_the_start_script(services):
    (cmd,) = [s.args for s in instructions(services, "backend") if s.keyword == "CMD"]
    assert cmd == '["sh", "start.sh"]'
    assert any(
        s.keyword == "COPY" and s.args.split()[0] == "." for s in instructions(services, "backend")
    )


def test_start_script_migrates_ensures_admin_seeds_then_execs_gunicorn():
    script = START_SCRIPT.read_text()
    order = [
        script.index(part)
        for part in (
            "manage.py migrate --noinput",
            "manage.py ensure_admin",
            "manage.py seed_demo --if-empty",
            "exec gunicorn",
        )
    ]
    assert order == sorted(order)
    assert script.splitlines()[0] == "#!/bin/sh"
    assert "set -eu" in script
    for part in ("config.wsgi:application", "0.0.0.0:8000", "GUNICORN_WORKERS:-3"):
        assert part in script
    assert "--access-logfile -" in script


def test_start_script_passes_shellcheck():
    result = subprocess.run(
        [tool("shellcheck"), str(START_SCRIPT)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_backend_user_is_a_regular_account_with_its_own_home(services):
    """uid 10001 is above SYS_UID_MAX, so --system would warn; gunicorn writes its
    control socket under $HOME, which must not be the root-owned /app."""
    (useradd,) = [
        s.args
        for s in instructions(services, "backend")
        if s.keyword == "RUN" and "useradd" in s.args
    ]
    assert "--system" not in useradd
    assert "--create-home" in useradd
    home = re.search(r"--home-dir\s+(\S+)", useradd).group(1)
    assert home != "/app" and not home.startswith("/app/")
    assert "--no-log-init" in useradd


@pytest.mark.parametrize(("name", "port"), [("backend", "8000"), ("frontend", "8080")])
def test_image_exposes_its_port_and_has_a_healthcheck(services, name, port):
    steps = instructions(services, name)
    assert any(s.keyword == "EXPOSE" and s.args == port for s in steps)
    (check,) = [s.args for s in steps if s.keyword == "HEALTHCHECK"]
    assert "/health/" in check


def test_frontend_builds_with_node_20_and_serves_with_nginx(services):
    images = base_images(instructions(services, "frontend"))
    assert images[0].startswith("node:20.")
    assert images[-1].startswith("nginx:")
    assert "alpine" in images[-1]


def test_frontend_installs_nginx_conf_as_the_entrypoint_template(services):
    sources = {(src, str(d)) for _, d, src in copy_sources(services, "frontend")}
    assert ("nginx.conf", str(ROOT)) in sources
    steps = instructions(services, "frontend")
    assert any(
        "/etc/nginx/templates/default.conf.template" in s.args for s in steps if s.keyword == "COPY"
    )


def test_frontend_defines_every_template_variable_and_filters_to_them(services):
    env = " ".join(s.args for s in instructions(services, "frontend") if s.keyword == "ENV")
    for name in TEMPLATE_VARS:
        assert f"{name}=" in env
    match = re.search(r'NGINX_ENVSUBST_FILTER="([^"]+)"', env)
    assert match
    pattern = re.compile(match.group(1))
    assert all(pattern.search(name) for name in TEMPLATE_VARS)
    assert not any(pattern.search(name) for name in ("HOSTNAME", "PATH", "HOME", "NGINX_VERSION"))


def test_frontend_healthcheck_uses_a_tool_alpine_nginx_ships(services):
    (check,) = [s.args for s in instructions(services, "frontend") if s.keyword == "HEALTHCHECK"]
    assert "wget" in check
    assert "curl" not in check


def playwright_pin() -> str:
    requirements = ROOT / "e2e" / "requirements.txt"
    assert requirements.is_file(), "e2e/requirements.txt does not exist yet"
    for line in requirements.read_text().splitlines():
        match = re.match(r"^\s*playwright\s*==\s*([\w.]+)", line, re.IGNORECASE)
        if match:
            return match.group(1)
    pytest.fail("e2e/requirements.txt does not pin playwright==<version>")


def test_e2e_image_matches_the_playwright_pin(services):
    (image,) = base_images(instructions(services, "e2e"))
    match = re.fullmatch(r"mcr\.microsoft\.com/playwright/python:v([\w.]+)-(\w+)", image)
    assert match, image
    assert match.group(1) == playwright_pin()


def test_e2e_image_installs_the_suite_requirements(services):
    runs = [s.args for s in instructions(services, "e2e") if s.keyword == "RUN"]
    assert any("pip install" in r and "-r requirements.txt" in r for r in runs)


@pytest.mark.parametrize(
    ("ignore_file", "patterns"),
    [
        (
            "backend/.dockerignore",
            [".pgdata/", "staticfiles/", ".env", "**/__pycache__/", ".venv/"],
        ),
        ("frontend/.dockerignore", ["node_modules/", "dist/", ".env"]),
    ],
)
def test_dockerignore_keeps_local_state_out(ignore_file, patterns):
    lines = (ROOT / ignore_file).read_text().splitlines()
    for pattern in patterns:
        assert pattern in lines, f"{ignore_file} must ignore {pattern}"


def nginx_template() -> str:
    return NGINX_TEMPLATE.read_text()


def test_nginx_template_uses_only_the_three_placeholders():
    text = "\n".join(line.split("#", 1)[0] for line in nginx_template().splitlines())
    assert set(re.findall(r"\$\{(\w+)\}", text)) <= TEMPLATE_VARS


def test_nginx_template_renders_to_a_valid_config(tmp_path):
    """Render as the nginx image's entrypoint would, then `nginx -t` the result."""
    template = nginx_template()
    config = render_nginx(tmp_path, port=18080, upstream="127.0.0.1:18000")
    assert "$uri" not in template or "$uri" in (tmp_path / "default.conf").read_text()
    result = subprocess.run(
        [tool("nginx"), "-t", "-p", str(tmp_path), "-c", str(config)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_hadolint_passes(services, name):
    hadolint = tool("hadolint")
    _, dockerfile, _ = build_of(services, name)
    result = subprocess.run(
        [hadolint, str(dockerfile)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
