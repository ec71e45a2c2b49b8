"""The tests build no image (README: Docker says how it is built and checked by hand); check that it installs
through the script CI runs."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def run_commands() -> list[list[str]]:
    cmds = []
    for word, rest in instructions():
        if word == "RUN":
            for part in re.split(r"&&|;", rest):
                argv = [a for a in shlex.split(part) if not re.match(r"^[A-Z_]+=", a)]
                if argv:
                    cmds.append(argv)
    return cmds


def test_debian_bookworm_base():
    assert instructions()[0][0] == "FROM"
    assert instructions()[0][1].startswith("debian:bookworm")


def test_installs_only_through_the_ci_install_script():
    script = ROOT / ".ci" / "install-deps"
    assert script.exists()
    cmds = run_commands()
    assert [".ci/install-deps"] in cmds
    for argv in cmds:
        assert argv[0] not in ("apt-get", "apt", "pip", "pip3") and argv[:3] != ["python", "-m", "pip"], argv
    install = script.read_text()
    for pkg in ("coccinelle", "git", "git-email", "perl"):
        assert re.search(rf"apt_pkgs=\([^)]*\b{re.escape(pkg)}\b", install), pkg
    ci = (ROOT / ".ci" / "run").read_text() + (ROOT / "dev").read_text()
    assert ".ci/install-deps" in ci                       # CI installs with the same script


def test_skip_variable_is_one_the_script_honours():
    run = next(rest for word, rest in instructions() if word == "RUN" and ".ci/install-deps" in rest)
    for var in re.findall(r"\b([A-Z_]+)=\S+\s", run):
        if var != "VENV":
            assert var in (ROOT / ".ci" / "install-deps").read_text()


def test_non_root_user_serves_on_all_interfaces_with_a_healthcheck():
    ins = instructions()
    users = [rest for word, rest in ins if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    cmd = json.loads([rest for word, rest in ins if word == "CMD"][-1])
    assert cmd[:4] == ["respin", "serve", "--host", "0.0.0.0"]
    health = [rest for word, rest in ins if word == "HEALTHCHECK"]
    assert health and "/api/v1/health" in health[0]
    volumes = [json.loads(rest) for word, rest in ins if word == "VOLUME"]
    assert ["/data", "/trees"] in volumes
    assert any(argv[0] == "useradd" for argv in run_commands())


def test_runs_from_a_folder_its_user_owns():
    """`respin example` writes where it is started: the last WORKDIR is the user's home, not the root-owned
    source folder."""
    ins = instructions()
    user_at = max(i for i, (word, _) in enumerate(ins) if word == "USER")
    workdirs = [(i, rest) for i, (word, rest) in enumerate(ins) if word == "WORKDIR"]
    last_i, last = workdirs[-1]
    assert last_i > user_at and last == "/home/respin"
    assert any(argv[0] == "useradd" and "--create-home" in argv and "/home/respin" in argv
               for argv in run_commands())


def test_install_script_names_what_debian_only_recommends():
    install = (ROOT / ".ci" / "install-deps").read_text()
    for pkg in ("libmailtools-perl", "libnet-smtp-ssl-perl", "libio-socket-ssl-perl", "libauthen-sasl-perl",
                "libpython3.11-dev"):
        assert re.search(rf"apt_pkgs=\([^)]*\b{re.escape(pkg)}\b", install), pkg
    installs = [line for line in install.splitlines() if "apt-get install -y" in line]
    assert installs and all("--no-install-recommends" in line for line in installs)
