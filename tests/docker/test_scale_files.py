"""The files of the scaled-out stack: nginx's upstream of several app instances (native
and compose render it with scripts/upstream-servers.sh), and the scripts of make
scale-demo and make test-scale, which shellcheck must pass."""

from __future__ import annotations

import subprocess

import pytest
from deploy_files import ROOT, render_nginx, tool

SCRIPTS = ["scale.sh", "scale-demo.sh", "test-scale.sh", "upstream-servers.sh", "stack.sh"]


def servers(value: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", ROOT / "scripts" / "upstream-servers.sh", value],
        check=False,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("upstream", "lines"),
    [
        ("backend:8000", "server backend:8000;"),
        ("127.0.0.1:8101,127.0.0.1:8102", "server 127.0.0.1:8101; server 127.0.0.1:8102;"),
        ("a:1 b:2, c:3", "server a:1; server b:2; server c:3;"),
        ("unix:/run/app.sock", "server unix:/run/app.sock;"),
    ],
)
def test_upstream_servers_renders_one_server_line_each(upstream, lines):
    result = servers(upstream)
    assert (result.returncode, result.stdout.strip()) == (0, lines)


@pytest.mark.parametrize("upstream", ["", "a:1;b", "a:1 } server evil:1", "a:$port"])
def test_upstream_servers_refuses_what_is_not_an_address(upstream):
    result = servers(upstream)
    assert result.returncode == 2
    assert "upstream-servers.sh" in result.stderr


def test_a_two_instance_upstream_renders_a_valid_config_that_retries_elsewhere(tmp_path):
    config = render_nginx(tmp_path, port=18081, upstream="127.0.0.1:18101,127.0.0.1:18102")
    site = (tmp_path / "default.conf").read_text()
    assert "server 127.0.0.1:18101; server 127.0.0.1:18102;" in site
    assert "proxy_next_upstream error timeout;" in site
    assert "http_503" not in site
    result = subprocess.run(
        [tool("nginx"), "-t", "-p", str(tmp_path), "-c", str(config)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_scale_scripts_pass_shellcheck(script):
    result = subprocess.run(
        [tool("shellcheck"), "-x", script],
        cwd=ROOT / "scripts",
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
