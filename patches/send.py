"""``respin send OUT --to ... [--cc ...] [--dry-run]``: the real ``git send-email`` on the output.

The mails in OUT are sent as they are (their Message-Id and In-Reply-To headers
thread them to the cover letter).  git reads the user's ``sendemail.*`` config
itself (from the repository given, or the global config).  On top of the
addresses given, the people named in the patches' trailers (Reviewed-by,
Acked-by, Tested-by, Suggested-by, Reported-by, Co-developed-by, Cc) are put
on Cc, and, when asked, the output of the tree's ``scripts/get_maintainer.pl``.

The sender is --from, else git's own (``sendemail.from``, user.name/user.email);
when git has none, the author of the first mail (the cover letter), so that
sending never depends on the machine having a git identity.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from patches import trailers as tr
from patches.git import GitError, Repo

TIMEOUT = 600


class SendError(RuntimeError):
    """Sending failed; the message says why (git send-email's own words)."""


@dataclass
class SendResult:
    files: list[Path]
    to: list[str]
    cc: list[str]
    dry_run: bool
    output: str = ""                # git send-email's output (the mails, in a dry run)


def patch_files(out: Path) -> list[Path]:
    """The mails of OUT in sending order (cover letter first)."""
    files = sorted(Path(out).glob("*.patch"))
    if not files:
        raise SendError(f"{out} holds no .patch files (run `respin run --out {out}` first)")
    return files


def _body(text: str) -> str:
    return text.partition("\n\n")[2]


def trailer_cc(files: list[Path]) -> list[str]:
    """Addresses named in the trailers of the patches (not Signed-off-by: git adds those itself)."""
    found: list[str] = []
    for f in files:
        msg = _body(f.read_text(errors="replace"))
        msg = re.split(r"^---$", msg, maxsplit=1, flags=re.M)[0]
        for t in tr.trailers(msg):
            if t.name in tr.CC_TRAILERS and t.email:
                addr = t.value.strip()
                if addr not in found and not any(t.email in a.lower() for a in found):
                    found.append(addr)
    return found


def get_maintainers(repo: Repo, rev: str, files: list[Path]) -> list[str]:
    """Addresses from the tree's scripts/get_maintainer.pl (read from REV, run with --no-tree)."""
    perl = shutil.which("perl")
    if perl is None:
        raise SendError("perl is not installed: cannot run scripts/get_maintainer.pl")
    script = repo.try_show_file(rev, "scripts/get_maintainer.pl")
    maint = repo.try_show_file(rev, "MAINTAINERS")
    if script is None or maint is None:
        raise SendError(f"the tree has no scripts/get_maintainer.pl or MAINTAINERS at {rev}")
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="respin-maint-") as d:
        (Path(d) / "get_maintainer.pl").write_text(script)
        (Path(d) / "MAINTAINERS").write_text(maint)
        for f in files:
            if "\ndiff --git " not in f.read_text(errors="replace"):
                continue
            try:
                r = subprocess.run([perl, str(Path(d) / "get_maintainer.pl"), "--no-tree", "--mpath",
                                    str(Path(d) / "MAINTAINERS"), "--no-rolestats", "--no-git",
                                    "--no-git-fallback", str(Path(f).resolve())],
                                   capture_output=True, text=True, timeout=120, cwd=d)
            except subprocess.TimeoutExpired as e:
                raise SendError("scripts/get_maintainer.pl timed out") from e
            if r.returncode != 0:
                raise SendError(f"scripts/get_maintainer.pl failed: {r.stderr.strip()[:300]}")
            for line in r.stdout.splitlines():
                line = line.strip()
                if "@" in line and line not in found:
                    found.append(line)
    return found


def mail_author(files: list[Path]) -> str:
    """The From: of the first mail in FILES (the cover letter), unfolded; "" when it has none."""
    head = files[0].read_text(errors="replace").partition("\n\n")[0] if files else ""
    m = re.search(r"^From:[ \t]*(.*(?:\n[ \t].*)*)", head, re.M | re.I)
    return " ".join(m.group(1).split()) if m else ""


def default_sender(runner: Repo, files: list[Path], env: dict[str, str] | None = None) -> str:
    """"" when git send-email finds a sender itself (sendemail.from, or an identity git can use); otherwise
    the first mail's author, for --from.  SendError when there is neither."""
    if runner.run("config", "sendemail.from", check=False, env=env).stdout.strip():
        return ""
    if runner.run("var", "GIT_AUTHOR_IDENT", check=False, env=env).returncode == 0:
        return ""
    author = mail_author(files)
    if "@" not in author:
        raise SendError("no sender: git has no identity (user.name/user.email) and the first mail has no "
                        "From: address; give --from ADDRESS")
    return author


# the Perl modules git send-email loads, and the Debian packages that hold them (Debian's git-email only
# recommends them, so an install without recommends lacks them)
SEND_MODULES = {"Mail::Address": "libmailtools-perl"}
SMTP_TLS_MODULES = {"Net::SMTP::SSL": "libnet-smtp-ssl-perl", "IO::Socket::SSL": "libio-socket-ssl-perl",
                    "Authen::SASL": "libauthen-sasl-perl"}


def missing_perl_modules(modules: dict[str, str]) -> list[str]:
    """One line per module of MODULES (name -> Debian package) that perl cannot load."""
    perl = shutil.which("perl")
    if perl is None:
        return ["perl is not installed (apt-get install perl)"]
    out = []
    for module, pkg in modules.items():
        r = subprocess.run([perl, f"-M{module}", "-e", "1"], capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            out.append(f"perl cannot load {module} (apt-get install {pkg})")
    return out


def send_email_problems() -> list[str]:
    """What keeps ``git send-email`` from sending, each naming the Debian package to install; [] when none.
    SMTP over TLS with a login (what real servers ask for) needs more modules than a local relay."""
    try:
        exec_path = Repo(Path("/")).out("--exec-path", timeout=30).strip()
    except GitError as e:
        return [str(e)]
    if not (Path(exec_path) / "git-send-email").exists():
        return ["git send-email is not installed (apt-get install git-email)"]
    return [f"git send-email: {m}" for m in missing_perl_modules({**SEND_MODULES, **SMTP_TLS_MODULES})]


def _dedupe(addrs: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for a in addrs:
        m = re.search(r"<([^>]+)>", a)
        key = (m.group(1) if m else a).strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(a.strip())
    return out


def send(out: Path, to: list[str], cc: list[str], dry_run: bool = False, *, repo: Repo | None = None,
         from_: str = "", maintainers: bool = False, rev: str = "HEAD", smtp_server: str = "",
         smtp_port: int | None = None, extra_args: list[str] | None = None,
         env: dict[str, str] | None = None, timeout: float = TIMEOUT) -> SendResult:
    """Send the mails in OUT with ``git send-email`` (the real one), or show them with DRY_RUN.

    TO/CC: addresses given by the user; the trailers' people are added to Cc, and with
    MAINTAINERS the tree's get_maintainer.pl (from REPO at REV).  ``git send-email`` runs in
    REPO (so that its sendemail.* config applies) or in OUT; FROM_, SMTP_SERVER, SMTP_PORT
    and EXTRA_ARGS are passed through when given.  Never prompts (--confirm=never).
    """
    files = patch_files(out)
    if not to and not dry_run:
        raise SendError("no recipient: give --to ADDRESS")
    all_cc = list(cc) + trailer_cc(files)
    if maintainers:
        if repo is None:
            raise SendError("get_maintainer.pl needs the tree (--tree)")
        all_cc += get_maintainers(repo, rev, files)
    to_list = _dedupe(to)
    to_keys = {re.sub(r".*<|>.*", "", a).lower() for a in to_list}
    cc_list = [a for a in _dedupe(all_cc) if re.sub(r".*<|>.*", "", a).lower() not in to_keys]
    runner = repo or Repo(Path(out).resolve())
    from_ = from_ or default_sender(runner, files, env)
    args = ["send-email", "--confirm=never", "--no-format-patch", "--8bit-encoding=UTF-8"]
    args += [f"--to={a}" for a in to_list] + [f"--cc={a}" for a in cc_list]
    if from_:
        args.append(f"--from={from_}")
    if smtp_server:
        args.append(f"--smtp-server={smtp_server}")
    if smtp_port:
        args.append(f"--smtp-server-port={smtp_port}")
    if dry_run:
        args.append("--dry-run")
    args += list(extra_args or [])
    args += [str(f.resolve()) for f in files]
    try:
        r = runner.run(*args, env=env, timeout=timeout, check=False, input="")
    except GitError as e:
        raise SendError(str(e)) from e
    if r.returncode != 0:
        err = (r.stderr or r.stdout).strip()
        if "Compilation failed in require" in err or "Can't locate" in err:
            lacking = missing_perl_modules({**SEND_MODULES, **SMTP_TLS_MODULES})
            if lacking:
                raise SendError(f"git send-email cannot start: {'; '.join(lacking)}")
        if "is not a git command" in err or "git-send-email" in err and "not found" in err:
            raise SendError("git send-email is not installed (apt-get install git-email)")
        raise SendError(f"git send-email failed: {err.splitlines()[-1] if err else 'exit ' + str(r.returncode)}")
    return SendResult(files=files, to=to_list, cc=cc_list, dry_run=dry_run, output=r.stdout + r.stderr)
