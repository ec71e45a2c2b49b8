"""The real git send-email, to a real SMTP server on 127.0.0.1, and git am of what arrived."""
from __future__ import annotations

import email
import importlib.util
import socket
import subprocess
from pathlib import Path

import pytest

from patches.git import Repo
from patches.send import SendError, send

_spec = importlib.util.spec_from_file_location("widget_repo", Path(__file__).parents[1] / "data/series/widget_repo.py")
W = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(W)  # type: ignore[union-attr]
_mspec = importlib.util.spec_from_file_location("test_mail_helpers", Path(__file__).parent / "test_mail.py")
M = importlib.util.module_from_spec(_mspec)
_mspec.loader.exec_module(M)  # type: ignore[union-attr]


def _has_send_email() -> bool:
    r = subprocess.run(["git", "send-email", "-h"], capture_output=True, text=True)
    return "send-email" in (r.stdout + r.stderr) and "is not a git command" not in r.stderr


pytestmark = pytest.mark.skipif(not _has_send_email(), reason="git send-email is not installed (git-email)")


class Inbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.mails.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    aiosmtpd = pytest.importorskip("aiosmtpd.controller")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    ctl = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        yield port, inbox
    finally:
        ctl.stop()


def _user_config(tmp_path: Path, port: int) -> dict[str, str]:
    """An isolated user config that points git send-email at the test server (as a user's would)."""
    cfg = tmp_path / "gitconfig"
    cfg.write_text(f"[sendemail]\n\tsmtpServer = 127.0.0.1\n\tsmtpServerPort = {port}\n"
                   f"\tfrom = {W.AUTHOR}\n\tsuppresscc = self\n[user]\n\tname = {W.AUTHOR.name}\n"
                   f"\temail = {W.AUTHOR.email}\n")
    return {"GIT_CONFIG_GLOBAL": str(cfg), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}


def test_send_through_smtp_and_git_am_reproduces_the_branch(tmp_path, smtp):
    port, inbox = smtp
    tree = W.make_repo(tmp_path / "tree", reviewed_by=True)
    out = tmp_path / "out"
    _, new, _ = M.respin(tree, out)
    env = _user_config(tmp_path, port)
    r = send(out, ["widget-devel@lists.example.org"], ["Rae Holm <rae@example.com>"], env=env)
    assert r.cc == ["Rae Holm <rae@example.com>", "Acked-by: Una Berg <una@example.com>".split(": ", 1)[1],
                    "Tomasz Lindqvist <tomasz@example.net>"]
    assert len(inbox.mails) == 4
    msgs = [email.message_from_bytes(raw) for _, raw in inbox.mails]
    assert [m["Subject"].replace("\n", "") for m in msgs] == [
        "[PATCH v5 0/3] misc: widget: a reset helper", "[PATCH v5 1/3] misc: widget: Add widget_reset()",
        "[PATCH v5 2/3] misc: widget: Use widget_reset() in probe",
        "[PATCH v5 3/3] misc: widget: Document widget_reset()"]
    assert all(m["In-Reply-To"] == msgs[0]["Message-Id"] for m in msgs[1:])
    assert "tomasz@example.net" in inbox.mails[2][0] and "rae@example.com" in inbox.mails[0][0]

    scratch = tmp_path / "scratch"
    subprocess.run(["git", "clone", "-q", str(tree), str(scratch)], check=True)
    W.git(scratch, "checkout", "-q", "-b", "received", "base")
    received = tmp_path / "received.mbox"
    received.write_bytes(b"".join(b"From respin Mon Sep 17 00:00:00 2001\n" + raw.replace(b"\r\n", b"\n") + b"\n"
                                  for _, raw in inbox.mails))
    # the receiver's own identity commits what it applies (this test must not need the machine's)
    W.git(scratch, "-c", "user.name=Receiver", "-c", "user.email=receiver@example.org",
          "am", "-q", "--empty=drop", str(received))
    got = W.git(scratch, "rev-list", "--reverse", "base..received").split()
    assert [W.git(scratch, "rev-parse", f"{c}^{{tree}}") for c in got] == \
        [W.git(tree, "rev-parse", f"{c}^{{tree}}") for c in new]
    assert [W.git(scratch, "log", "-1", "--format=%an%n%B", c) for c in got] == \
        [W.git(tree, "log", "-1", "--format=%an%n%B", c) for c in new]


def test_plain_git_send_email_works_on_the_output(tmp_path, smtp):
    port, inbox = smtp
    tree = W.make_repo(tmp_path / "tree")
    out = tmp_path / "out"
    M.respin(tree, out)
    env = {**_user_config(tmp_path, port)}
    import os
    subprocess.run(["git", "send-email", "--confirm=never", "--to=widget-devel@lists.example.org",
                    *sorted(str(p) for p in out.glob("*.patch"))], check=True, capture_output=True,
                   env={**os.environ, **env}, cwd=tmp_path, timeout=120)
    msgs = [email.message_from_bytes(raw) for _, raw in inbox.mails]
    assert len(msgs) == 4
    assert all(m["In-Reply-To"] == msgs[0]["Message-Id"] for m in msgs[1:])
    assert msgs[0]["Message-Id"] == next(ln.split(" ", 1)[1] for ln in (out / "v5-0000-cover-letter.patch")
                                         .read_text().splitlines() if ln.startswith("Message-Id:"))


def test_dry_run_sends_nothing_and_get_maintainer(tmp_path, smtp):
    port, inbox = smtp
    tree = W.make_repo(tmp_path / "tree")
    out = tmp_path / "out"
    M.respin(tree, out)
    r = send(out, ["widget-devel@lists.example.org"], [], dry_run=True, env=_user_config(tmp_path, port))
    assert inbox.mails == [] and "Dry-OK" in r.output
    with pytest.raises(SendError, match="no scripts/get_maintainer.pl"):
        send(out, ["a@example.org"], [], dry_run=True, repo=Repo(tree), maintainers=True, rev="widget")
    with pytest.raises(SendError, match="holds no .patch files"):
        send(tmp_path, ["a@example.org"], [])
