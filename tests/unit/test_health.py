"""What respin relies on at run time, checked the way /api/v1/health and the start-up check do it."""
from __future__ import annotations

from fastapi.testclient import TestClient

from app import health
from app.health import check_tools, other_problems, tools_checked
from app.main import create_app
from app.settings import Settings
from cocci import spatch
from cocci.spatch import python_problem
from patches.checkpatch import perl_problem
from patches.send import SEND_MODULES, SMTP_TLS_MODULES, missing_perl_modules, send_email_problems


def test_this_machine_has_what_install_deps_installs():
    """.ci/install-deps ran here: spatch runs Python script constraints, git send-email loads with its TLS and
    login modules, perl runs checkpatch.pl."""
    assert python_problem() == ""
    assert perl_problem() == ""
    assert send_email_problems() == []
    spatch, git, problems = check_tools()
    assert spatch and git and problems == []


def test_a_missing_perl_module_names_its_debian_package():
    assert missing_perl_modules({"No::Such::Module::Here": "libno-such-module-perl"}) == \
        ["perl cannot load No::Such::Module::Here (apt-get install libno-such-module-perl)"]
    assert set(SEND_MODULES.values()) | set(SMTP_TLS_MODULES.values()) == {
        "libmailtools-perl", "libnet-smtp-ssl-perl", "libio-socket-ssl-perl", "libauthen-sasl-perl"}


def test_health_is_200_with_nothing_missing(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", example=True))) as c:
        r = c.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["problems"] == [] and other_problems() == []


def test_health_answers_the_same_before_and_after_the_tools_were_checked(tmp_path):
    """The first call checks the tools (in a thread); later ones answer from what was remembered."""
    for cached in (spatch.version, spatch.python_problem, health._git_version):
        cached.cache_clear()
    assert not tools_checked()
    with TestClient(create_app(Settings(data_dir=tmp_path / "data", example=True))) as c:
        first = c.get("/api/v1/health")
        assert tools_checked()
        again = c.get("/api/v1/health")
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json() and first.json()["status"] == "ok"
