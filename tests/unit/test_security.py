"""Attacks on respin, each written as the attacker would try it: what is uploaded is never run, never
names a file to write, never replaces a ref, never vouches for someone else."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.bundles import BundleError, fetch_bundle, scratch_repo
from app.cli import main
from app.example import EXAMPLE_THREAD, ensure_example_tree
from app.main import create_app
from app.settings import Settings
from cocci import user
from patches import locate
from patches.git import Repo
from test_api_support import ENV, THREAD, StandIn, make_tree, wait_for


def git(tree: Path, *args: str, **kw) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True,
                          env={**__import__("os").environ, **ENV}, **kw).stdout


# ---- 1. a rule upload that runs code ----

def evil_rule(marker: Path, block: str = "initialize:python") -> bytes:
    return (f"@{block}@\n@@\nopen({str(marker)!r}, 'w').write('pwned')\n\n"
            "@@\nexpression E;\n@@\n- readl(E)\n+ readl_relaxed(E)\n").encode()


EVIL_RULES = [
    ("initialize-python", lambda m: evil_rule(m), "initialize"),
    ("script-python", lambda m: (b"@r@\nexpression E;\n@@\nreadl(E)\n\n@script:python p << r.E;@\n@@\n"
                                 b"open(%r, 'w').write(p)\n" % str(m).encode()), "script"),
    ("finalize-ocaml", lambda m: evil_rule(m, "finalize:ocaml").replace(b"open(", b"let _ = ("), "finalize"),
    ("script constraint", lambda m: (b"@@\nidentifier f : script:python () { open(%r,'w') };\n@@\n"
                                     b"- f(1);\n" % str(m).encode()), "script"),
    ("spaced header", lambda m: b"@ script\n : python @\n@@\nopen(%r,'w')\n" % str(m).encode(), "script"),
    ("spatch options line", lambda m: b"#spatch --include-headers-for-types\n@@\n@@\n- foo();\n", "#spatch"),
    ("include of a server file", lambda m: b'#include "/etc/passwd"\n@@\n@@\n- foo();\n', "#include"),
]


@pytest.mark.parametrize("case,make,word", EVIL_RULES, ids=[c[0] for c in EVIL_RULES])
def test_attack_evil_rule_upload_is_refused_with_422(tmp_path, case, make, word):
    tree = make_tree(tmp_path / "tree")
    marker = tmp_path / "pwned"
    settings = Settings(trees={"demo": tree}, data_dir=tmp_path / "data")
    with TestClient(create_app(settings, pipeline=StandIn())) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo"},
                   files=[("thread", ("thread.mbox", THREAD.read_bytes())), ("rule", ("x.cocci", make(marker)))])
        assert r.status_code == 422, r.text
        detail = r.json()["detail"]
        assert detail.startswith("rule 'x.cocci' is refused: line ") and word in detail
        assert c.get("/api/v1/respins").json() == []
    assert not marker.exists()


def test_attack_evil_rule_is_refused_by_the_pipeline_too(tmp_path):
    """Defence in depth: a job whose rule got past the door still does not run it."""
    marker = tmp_path / "pwned"
    with pytest.raises(user.RuleError) as e:
        user.load_rules([("evil.cocci", evil_rule(marker))])
    assert "runs python/OCaml code" in str(e.value)
    assert not marker.exists()


def test_local_user_may_still_run_scripted_rules_and_plain_smpl_is_taken_from_anyone(tmp_path):
    marker = tmp_path / "mine"
    rules = user.load_rules([("mine.cocci", evil_rule(marker))], trusted=True)
    assert rules[0].name == "user-1-mine.cocci"
    plain = b"@@\nexpression E;\n@@\n- readl(E)\n+ readl_relaxed(E)\n"
    assert user.untrusted_problem(plain.decode()) == ""
    assert user.load_rules([("plain.cocci", plain)])[0].text == plain.decode()


# ---- 2. a thread whose patch edits scripts/checkpatch.pl, respun with --base ----

BENIGN_CHECKPATCH = "#!/usr/bin/perl\nexit 0;\n"


def test_attack_patch_mail_editing_checkpatch_is_not_run_with_base(tmp_path, capsys):
    tree = ensure_example_tree(tmp_path / "tree")
    git(tree, "checkout", "-q", "master")
    (tree / "scripts").mkdir()
    (tree / "scripts" / "checkpatch.pl").write_text(BENIGN_CHECKPATCH)
    git(tree, "add", "scripts/checkpatch.pl")
    git(tree, "commit", "-q", "-m", "scripts: checkpatch")
    git(tree, "tag", "base2")
    git(tree, "branch", "-D", "tinyring")                 # the tree lacks the series: --base applies the mails
    marker = tmp_path / "pwned"
    evil_hunk = ("diff --git a/scripts/checkpatch.pl b/scripts/checkpatch.pl\n"
                 "--- a/scripts/checkpatch.pl\n+++ b/scripts/checkpatch.pl\n@@ -1,2 +1,3 @@\n"
                 f" #!/usr/bin/perl\n+open(my $f, '>', '{marker}'); print $f 'pwned'; close($f);\n exit 0;\n")
    text = EXAMPLE_THREAD.read_text()
    first = text.index("diff --git a/drivers/misc/tinyring.c")
    thread = tmp_path / "thread.mbox"
    thread.write_text(text[:first] + evil_hunk + text[first:])
    head = git(tree, "rev-parse", "HEAD")
    rc = main(["run", "--tree", str(tree), "--thread", str(thread), "--base", "base2",
               "--out", str(tmp_path / "out")])
    assert rc == 0, capsys.readouterr().err
    assert not marker.exists()
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    # the new series does carry the edit (it is the author's patch), but the checkpatch that ran is HEAD's
    assert "open(my $f" in git(tree, "show", f"{report['branch']}:scripts/checkpatch.pl")
    assert report["checkpatch"]["status"] == "ok"
    assert git(tree, "rev-parse", "HEAD") == head


# ---- 3. a bundle whose ref names are options, or the tree's own branches ----

def attacker_bundle(tree: Path, tmp_path: Path, refs: list[str]) -> Path:
    """A bundle of one new commit on top of the tree's demo branch, under each of REFS."""
    work = tmp_path / "attacker"
    subprocess.run(["git", "clone", "-q", str(tree), str(work)], check=True)
    git(work, "checkout", "-q", "demo")
    (work / "evil.c").write_text("int evil;\n")
    git(work, "add", "evil.c")
    git(work, "commit", "-q", "-m", "evil")
    for ref in refs:
        git(work, "update-ref", ref, "HEAD")
    bundle = tmp_path / "evil.bundle"
    git(work, "bundle", "create", str(bundle), *refs, "^origin/demo")
    return bundle


def test_attack_bundle_ref_named_like_an_option_writes_no_file(tmp_path):
    tree = make_tree(tmp_path / "tree")
    target = tmp_path / "written-by-git-log"
    bundle = attacker_bundle(tree, tmp_path, [f"refs/heads/--output={target}"])
    repo = scratch_repo(tree, tmp_path / "job" / "repo")
    with pytest.raises(BundleError) as e:
        fetch_bundle(repo, bundle)
    assert "is not a branch or tag name respin takes" in str(e.value)
    assert not target.exists()


def test_attack_branch_named_like_an_option_is_a_name_to_git_log(tmp_path):
    tree = make_tree(tmp_path / "tree")
    target = tmp_path / "written-by-git-log"
    git(tree, "update-ref", f"refs/heads/--output={target}", "demo")
    branch, commits = locate.find_in_branches(Repo(tree), ["gpio: demo: use a local for the base address"])
    assert not target.exists()
    assert branch in ("demo", f"--output={target}") and commits


def test_attack_bundle_cannot_replace_the_trees_master(tmp_path):
    tree = make_tree(tmp_path / "tree")
    master = git(tree, "rev-parse", "master")
    bundle = attacker_bundle(tree, tmp_path, ["refs/heads/master"])
    repo = scratch_repo(tree, tmp_path / "job" / "repo")
    with pytest.raises(BundleError) as e:
        fetch_bundle(repo, bundle)
    assert "would replace the tree's own refs/heads/master" in str(e.value)
    assert repo.try_rev("refs/heads/master") == master.strip()


def test_attack_bundle_with_a_replace_ref_is_refused(tmp_path):
    tree = make_tree(tmp_path / "tree")
    master = git(tree, "rev-parse", "master").strip()
    bundle = attacker_bundle(tree, tmp_path, [f"refs/replace/{master}"])
    repo = scratch_repo(tree, tmp_path / "job" / "repo")
    with pytest.raises(BundleError):
        fetch_bundle(repo, bundle)
    assert repo.out("show", "--format=%s", "-s", master).strip() == "gpio: demo driver"


def test_attack_evil_bundle_through_the_service_fails_the_job_with_a_reason(tmp_path):
    tree = make_tree(tmp_path / "tree")
    target = tmp_path / "written-by-git-log"
    bundle = attacker_bundle(tree, tmp_path, [f"refs/heads/--output={target}", "refs/heads/master"])
    settings = Settings(trees={"demo": tree}, data_dir=tmp_path / "data")
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo"},
                   files=[("thread", ("thread.mbox", THREAD.read_bytes())),
                          ("bundle", ("evil.bundle", bundle.read_bytes()))])
        assert r.status_code == 202, r.text
        done = wait_for(c, r.json()["id"])
    assert done["status"] == "failed"
    assert "is not a branch or tag name respin takes" in done["error"]
    # apart from the ref name the attacker wrote (quoted, and cut to a length), no path of the server
    assert str(tmp_path) not in re.sub(r"ref '[^']*'", "ref ''", done["error"])
    assert not target.exists()


# ---- 6. crashes instead of clear errors ----

@pytest.mark.parametrize("header", ["Message-ID: <@>", "Cc: :<", "To: :<", "In-Reply-To: <@>"])
def test_attack_crashing_headers_are_read_not_raised(tmp_path, capsys, header):
    tree = ensure_example_tree(tmp_path / "tree")
    text = EXAMPLE_THREAD.read_text().replace("Message-ID: <bobReview1@example.org>\n",
                                              f"Message-ID: <bobReview1@example.org>\n{header}\n", 1)
    thread = tmp_path / "thread.mbox"
    thread.write_text(text)
    rc = main(["run", "--tree", str(tree), "--thread", str(thread), "--out", str(tmp_path / "out")])
    assert rc == 0, capsys.readouterr().err


def test_nul_byte_late_in_the_file_is_binary_for_the_cli_as_for_the_service(tmp_path, capsys):
    tree = ensure_example_tree(tmp_path / "tree")
    thread = tmp_path / "thread.mbox"
    thread.write_bytes(EXAMPLE_THREAD.read_bytes() + b"\n" + b"x" * 10000 + b"\x00\n")
    rc = main(["run", "--tree", str(tree), "--thread", str(thread), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and err[-1].startswith("respin: ") and "binary data" in err[-1]


def one_line_error(capsys) -> str:
    lines = [ln for ln in capsys.readouterr().err.splitlines() if not ln.startswith("[")]
    assert len(lines) == 1 and lines[0].startswith("respin: ") and "Traceback" not in lines[0], lines
    return lines[0]


@pytest.fixture
def bare_base(tmp_path) -> Path:
    """The example tree without the series: --base applies the thread's mails."""
    tree = ensure_example_tree(tmp_path / "tree")
    git(tree, "checkout", "-q", "master")
    git(tree, "branch", "-D", "tinyring")
    return tree


def test_base_that_does_not_resolve_is_exit_2_one_line(bare_base, tmp_path, capsys):
    rc = main(["run", "--tree", str(bare_base), "--thread", str(EXAMPLE_THREAD), "--base", "no-such-rev",
               "--out", str(tmp_path / "out")])
    assert rc == 2 and "--base 'no-such-rev' does not resolve" in one_line_error(capsys)


def test_patch_that_does_not_apply_on_base_is_exit_2_one_line(bare_base, tmp_path, capsys):
    (bare_base / "drivers" / "misc" / "tinyring.c").write_text("/* rewritten */\n")
    git(bare_base, "commit", "-qam", "rewrite")
    rc = main(["run", "--tree", str(bare_base), "--thread", str(EXAMPLE_THREAD), "--base", "HEAD",
               "--out", str(tmp_path / "out")])
    msg = one_line_error(capsys)
    assert rc == 2 and "does not apply on HEAD" in msg and "drivers/misc/tinyring.c" in msg


@pytest.mark.parametrize("branch,force,words", [
    ("bad..name", False, "'bad..name' is not a valid branch name"),
    ("master", True, "branch master is checked out"),
])
def test_bad_branch_is_exit_2_one_line_and_writes_nothing(tmp_path, capsys, branch, force, words):
    tree = ensure_example_tree(tmp_path / "tree")
    git(tree, "checkout", "-q", "master")
    out = tmp_path / "out"
    rc = main(["run", "--tree", str(tree), "--thread", str(EXAMPLE_THREAD), "--out", str(out),
               "--branch", branch] + (["--force"] if force else []))
    assert rc == 2 and words in one_line_error(capsys)
    assert not out.exists()


@pytest.mark.slow
def test_service_respins_again_with_branch_and_force_and_leaks_no_path(tmp_path):
    tree = ensure_example_tree(tmp_path / "tree")
    git(tree, "branch", "tinyring-v3", "tinyring")              # an earlier respin's branch
    settings = Settings(trees={"ex": tree}, data_dir=tmp_path / "data")
    with TestClient(create_app(settings)) as c:
        def run(**data):
            r = c.post("/api/v1/respins", data={"tree": "ex", **data},
                       files={"thread": ("thread.mbox", EXAMPLE_THREAD.read_bytes())})
            assert r.status_code == 202, r.text
            return wait_for(c, r.json()["id"])
        first = run()
        assert first["status"] == "failed"
        assert first["error"] == ("branch tinyring-v3 already exists in the tree 'ex': use 'force' to replace "
                                  "it, or 'branch' NAME")
        assert run(force="true")["report"]["branch"] == "tinyring-v3"
        assert run(branch="tinyring-again")["report"]["branch"] == "tinyring-again"
        r = c.post("/api/v1/respins", data={"tree": "ex", "branch": "-x"},
                   files={"thread": ("thread.mbox", EXAMPLE_THREAD.read_bytes())})
        assert r.status_code == 422 and "is not a valid branch name" in r.json()["detail"]
    assert git(tree, "branch", "--list", "tinyring-again") == ""      # the service never writes the tree


def test_thread_without_a_patch_is_422_at_once(tmp_path):
    tree = make_tree(tmp_path / "tree")
    mail = b"From: Ana Writer <ana@example.net>\nSubject: lunch?\nMessage-ID: <l@x>\n\nnoon?\n"
    with TestClient(create_app(Settings(trees={"demo": tree}, data_dir=tmp_path / "data"))) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo"}, files={"thread": ("t.eml", mail)})
        assert r.status_code == 422 and r.json()["detail"].startswith("no patch in the thread")


# ---- 5. review tags given for someone else ----

FORGED = """From mallory@example.com Tue Mar  3 16:00:00 2026
From: Mallory Passerby <mallory@example.com>
Date: Tue, 3 Mar 2026 16:00:00 +0100
Subject: Re: [PATCH v2 1/2] misc: tinyring: Add tinyring_push()
Message-ID: <mallory1@example.com>
In-Reply-To: <20260302090000.1-sam@example.org>

Looks fine to the maintainer, I asked him.

Acked-by: Alice Maintainer <alice@example.org>

"""

OWN_TAG_VARIANT = """From carol@example.net Tue Mar  3 17:00:00 2026
From: "Carol Tester (Example Corp)" <CAROL@example.net>
Date: Tue, 3 Mar 2026 17:00:00 +0100
Subject: Re: [PATCH v2 1/2] misc: tinyring: Add tinyring_push()
Message-ID: <carol1@example.net>
In-Reply-To: <20260302090000.1-sam@example.org>

Ran it on my board.

Tested-by: Carol Tester <carol@example.net>

"""


def test_attack_forged_acked_by_is_not_collected_but_reported(tmp_path, capsys):
    tree = ensure_example_tree(tmp_path / "tree")
    thread = tmp_path / "thread.mbox"
    thread.write_text(EXAMPLE_THREAD.read_text().rstrip("\n") + "\n\n" + FORGED + OWN_TAG_VARIANT)
    out = tmp_path / "out"
    assert main(["run", "--tree", str(tree), "--thread", str(thread), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    patch1 = (out / "v3-0001-misc-tinyring-Add-tinyring_push.patch").read_text()
    assert "Acked-by: Alice Maintainer" not in patch1
    assert "Tested-by: Carol Tester <carol@example.net>\n" in patch1        # her own tag, name written apart
    assert "Reviewed-by: Bob Reviewer <bob@example.org>\n" in patch1
    report = json.loads((out / "report.json").read_text())
    reasons = [s["reason"] for s in report["suggestions"] if s["reason"].startswith("not collected")]
    assert reasons == ["not collected: given by Mallory Passerby <mallory@example.com> "
                       "for Alice Maintainer <alice@example.org>"]
    assert "not collected: given by Mallory Passerby" in said


# ---- 7. web and auth ----

TOKEN = "s3cret-token"


def csrf_of(page) -> str:
    import re
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_attack_cross_site_post_is_refused_even_without_a_token(tmp_path):
    tree = make_tree(tmp_path / "tree")
    with TestClient(create_app(Settings(trees={"demo": tree}, data_dir=tmp_path / "data"),
                               pipeline=StandIn())) as c:
        files = {"thread": ("thread.mbox", THREAD.read_bytes())}
        r = c.post("/api/v1/respins", data={"tree": "demo"}, files=files,
                   headers={"Origin": "https://evil.example"})
        assert r.status_code == 403 and "cross-site request refused" in r.json()["detail"]
        r = c.post("/api/v1/respins", data={"tree": "demo"}, files=files, headers={"Sec-Fetch-Site": "cross-site"})
        assert r.status_code == 403
        assert c.get("/api/v1/respins").json() == []
        ok = c.post("/api/v1/respins", data={"tree": "demo"}, files=files, headers={"Origin": "http://testserver"})
        assert ok.status_code == 202


def test_attack_form_post_without_the_pages_csrf_token_is_refused(tmp_path):
    tree = make_tree(tmp_path / "tree")
    with TestClient(create_app(Settings(trees={"demo": tree}, data_dir=tmp_path / "data"),
                               pipeline=StandIn())) as c:
        page = c.get("/")
        files = {"thread": ("thread.mbox", THREAD.read_bytes())}
        assert c.post("/respins", data={"tree": "demo"}, files=files).status_code == 403
        assert c.post("/respins", data={"tree": "demo", "csrf": "guess"}, files=files).status_code == 403
        r = c.post("/respins", data={"tree": "demo", "csrf": csrf_of(page)}, files=files, follow_redirects=False)
        assert r.status_code == 303


def test_login_issues_an_expiring_session_not_the_token_and_logout_ends_it(tmp_path):
    tree = make_tree(tmp_path / "tree")
    with TestClient(create_app(Settings(trees={"demo": tree}, data_dir=tmp_path / "data", api_token=TOKEN),
                               pipeline=StandIn()), base_url="https://testserver") as c:
        login = c.get("/login")
        assert login.status_code == 200 and 'name="token"' in login.text
        r = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
        cookie = r.headers["set-cookie"]
        assert r.status_code == 303 and TOKEN not in cookie
        assert all(w in cookie for w in ("respin_session=", "HttpOnly", "Max-Age=43200", "SameSite=strict",
                                         "Secure"))
        page = c.get("/")
        assert page.status_code == 200 and 'id="logout"' in page.text
        assert c.post("/logout", data={"csrf": csrf_of(page)}, follow_redirects=False).status_code == 303
        assert c.get("/").status_code == 401


def test_expired_or_forged_session_is_not_a_login(tmp_path):
    from app.deps import new_session, session_ok
    s = new_session(TOKEN, now=1000.0)
    assert session_ok(s, TOKEN, now=1001.0)
    assert not session_ok(s, TOKEN, now=1000.0 + 13 * 3600)
    assert not session_ok(s, "another-token", now=1001.0)
    assert not session_ok(s[:-1] + ("0" if s[-1] != "0" else "1"), TOKEN, now=1001.0)


def test_docs_and_schema_need_the_token_and_pages_carry_security_headers(tmp_path):
    tree = make_tree(tmp_path / "tree")
    with TestClient(create_app(Settings(trees={"demo": tree}, data_dir=tmp_path / "data", api_token=TOKEN),
                               pipeline=StandIn())) as c:
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200, path
        r = c.get("/login")
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_without_a_token_the_service_stays_on_localhost(tmp_path):
    from app.main import listen_host
    anon = Settings(data_dir=tmp_path / "d")
    host, note = listen_host("0.0.0.0", anon, env={})
    assert host == "127.0.0.1" and "no RESPIN_API_TOKEN: listening on 127.0.0.1 only" in note
    assert listen_host("0.0.0.0", anon, env={"RESPIN_ALLOW_ANONYMOUS": "1"})[0] == "0.0.0.0"
    assert listen_host("0.0.0.0", Settings(data_dir=tmp_path / "d", api_token=TOKEN), env={}) == ("0.0.0.0", "")


def test_scratch_left_by_a_killed_service_is_removed_at_start(tmp_path):
    import os
    import tempfile
    from app.main import clear_scratch
    old, old_env = tempfile.tempdir, os.environ.get("TMPDIR")
    try:
        tmp = clear_scratch(tmp_path / "data")
        (tmp / "respin-leftover").mkdir()
        assert clear_scratch(tmp_path / "data") == tmp and list(tmp.iterdir()) == []
    finally:
        tempfile.tempdir = old
        if old_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_env
    tree = make_tree(tmp_path / "tree")
    jobs = tmp_path / "data2" / "jobs"
    (jobs / "abc" / "repo").mkdir(parents=True)
    (jobs / ".incoming-x").mkdir()
    with TestClient(create_app(Settings(trees={"demo": tree}, data_dir=tmp_path / "data2"), pipeline=StandIn())):
        assert not (jobs / "abc" / "repo").exists() and not (jobs / ".incoming-x").exists()
