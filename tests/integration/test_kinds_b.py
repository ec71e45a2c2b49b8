"""Kinds beyond the seed on real 6.12 code (replace-code as a diff or s///, drop a local and use its
value), and propagation of a rule to the rest of a series, end to end through run_respin."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cocci import apply as A
from cocci import rules as RU
from cocci.recipe import CodeContext
from patches.git import Repo
from patches.model import Anchor, Person, Response, Status, Suggestion
from app.respin import RespinRequest, ThreadInput, run_respin

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

DATA = Path(__file__).resolve().parent.parent / "data" / "threads" / "propagation"
SOF = "sound/soc/sof/sof-client-ipc-flood-test.c"


def respin_one(tmp_path: Path, path: str, text: str, fn: str, quoted: list[str], comment: str,
               code: list[str] | None = None) -> tuple[Suggestion, list[str]]:
    s = Suggestion(id="1.1", patch=1, reviewer=Person("Pierre Reviewer"), comment=comment,
                   anchor=Anchor(file=path, function=fn, code=[q[1:].strip() for q in quoted]),
                   quoted=quoted, code=list(code or []), response=Response.ACCEPTED, response_text="Ack.",
                   kind="code")
    planned = RU.plan([s], {s.id: CodeContext(path, text, fn, {path: text}, [])})
    _, edits = A.apply(RU.render(planned), planned, {path: text}, tmp_path)
    return s, [ln for e in edits for ln in e.diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")]


MIN_T = "\t\tcount = min_t(size_t, count, strlen(priv->buf));"


def test_replace_code_written_as_a_small_diff(tmp_path, kernel_source):
    text = kernel_source(SOF)
    s, diff = respin_one(tmp_path, SOF, text, "sof_ipc_flood_dfs_read", ["+" + MIN_T], "Simpler:",
                         code=["-count = min_t(size_t, count, strlen(priv->buf));",
                               "+count = min(count, strlen(priv->buf));"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert diff == ["-" + MIN_T, "+\t\tcount = min(count, strlen(priv->buf));"]


def test_replace_code_written_as_a_substitution(tmp_path, kernel_source):
    text = kernel_source(SOF)
    s, diff = respin_one(tmp_path, SOF, text, "sof_ipc_flood_dfs_read", ["+" + MIN_T], "",
                         code=["s/min_t(size_t, count, strlen(priv->buf))/min(count, strlen(priv->buf))/"])
    assert (s.status, s.kind) == (Status.APPLIED, "replace-code"), s.reason
    assert diff == ["-" + MIN_T, "+\t\tcount = min(count, strlen(priv->buf));"]


def test_a_substitution_that_renames_a_variable_is_manual(tmp_path, kernel_source):
    text = kernel_source(SOF)
    s, diff = respin_one(tmp_path, SOF, text, "sof_ipc_flood_dfs_read",
                         ["+\t\tsize_ret = copy_to_user(buffer, priv->buf, count);"], "",
                         code=["s/size_ret/not_copied/"])
    assert s.status == Status.MANUAL and diff == []
    assert "s/size_ret/.../ renames a variable of sof_ipc_flood_dfs_read()" in s.reason


def test_drop_a_local_and_use_its_value_in_min_t(tmp_path, kernel_source):
    real = kernel_source(SOF)
    text = real.replace("\tsize_t size_ret;\n\n\tstruct dentry",
                        "\tsize_t size_ret;\n\tsize_t len;\n\n\tstruct dentry", 1)
    text = text.replace(MIN_T, "\t\tlen = strlen(priv->buf);\n\t\tcount = min_t(size_t, count, len);", 1)
    s, diff = respin_one(tmp_path, SOF, text, "sof_ipc_flood_dfs_read",
                         ["+\t\tlen = strlen(priv->buf);", "+\t\tcount = min_t(size_t, count, len);"],
                         "No need for the len local, pass strlen(priv->buf) to min_t() directly.")
    assert (s.status, s.kind) == (Status.APPLIED, "drop-variable"), s.reason
    assert diff == ["-\tsize_t len;", "-\t\tlen = strlen(priv->buf);", "-\t\tcount = min_t(size_t, count, len);",
                    "+" + MIN_T]


# ---- propagation

ENV = {"GIT_AUTHOR_NAME": "Ines Ferreira", "GIT_AUTHOR_EMAIL": "ines@example.org",
       "GIT_COMMITTER_NAME": "Ines Ferreira", "GIT_COMMITTER_EMAIL": "ines@example.org",
       "GIT_AUTHOR_DATE": "2026-04-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-04-01T10:00:00Z"}
LUMEN = "drivers/iio/light/lumen.c"


def lumen_tree(dest: Path) -> Repo:
    """base = the driver, branch series = the two v4 patches of series.mbox (same commits)."""
    repo = Repo(dest)
    dest.mkdir()
    repo.run("init", "-q", "-b", "main")
    (dest / LUMEN).parent.mkdir(parents=True)
    msgs = [("iio: light: lumen driver", ""),
            ("iio: light: lumen: add a status read helper", "The interrupt handler needs the status register."),
            ("iio: light: lumen: read the sample fifo", "Samples are read in blocks from the fifo.")]
    for n, (title, body) in enumerate(msgs):
        (dest / LUMEN).write_text((DATA / f"lumen_v{n}.c").read_text())
        repo.run("add", LUMEN)
        msg = title if n == 0 else f"{title}\n\n{body}\n\nSigned-off-by: Ines Ferreira <ines@example.org>"
        repo.run("commit", "-q", "-m", msg, env=ENV)
        if n == 0:
            repo.run("tag", "base")
            repo.run("checkout", "-q", "-b", "series")
    repo.run("checkout", "-q", "main")
    return repo


def respin(tmp_path: Path, review: str, propagate: bool = False):
    repo = lumen_tree(tmp_path / "tree")
    thread = (DATA / "series.mbox").read_bytes() + b"\n" + (DATA / review).read_bytes()
    req = RespinRequest(tree=repo.path, threads=[ThreadInput("lumen.mbox", thread)], out=tmp_path / "out",
                        series="base..series", propagate=propagate)
    result = run_respin(req)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    return repo, result, report


def changed(repo: Repo, rev: str) -> list[str]:
    diff = repo.out("diff", f"{rev}^", rev)
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("---", "+++")]


def test_here_and_elsewhere_applies_the_rule_to_the_rest_of_the_series(tmp_path):
    repo, result, report = respin(tmp_path, "review_elsewhere.mbox")
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert s["status"] == "applied", s["reason"]
    assert s["propagation"] == [{"patch": 2, "file": LUMEN, "function": "lumen_read_fifo", "line": 42,
                                 "applied": True}]
    assert "+\tWARN_ON_ONCE(ret < 0);" in changed(repo, "series-v5~1")
    assert "+\tWARN_ON_ONCE(ret != len);" in changed(repo, "series-v5")
    final = repo.out("show", f"series-v5:{LUMEN}")
    assert final.count("WARN_ON_ONCE(") == 2
    assert "\tWARN_ON(ret < 0);\n\tl->ctrl = val;" in final     # the kernel's own code is not the series'
    assert [p["changed"] for p in report["patches"]] == [True, True]


def test_other_places_are_reported_and_left_alone_unless_asked(tmp_path):
    repo, _, report = respin(tmp_path, "review_plain.mbox")
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert s["status"] == "applied", s["reason"]
    assert s["propagation"] == [{"patch": 2, "file": LUMEN, "function": "lumen_read_fifo", "line": 42,
                                 "applied": False}]
    assert changed(repo, "series-v5") == changed(repo, "series")
    final = repo.out("show", f"series-v5:{LUMEN}")
    assert "\tWARN_ON_ONCE(ret < 0);" in final and "\tWARN_ON(ret != len);" in final


def test_same_below_stays_in_the_quoted_function(tmp_path):
    """"Same below." under lumen_read_status()'s WARN_ON(): the like call of patch 2 (another function,
    another patch) is reported and left as it is; the quoted function has no later WARN_ON() and the
    report says so."""
    repo, _, report = respin(tmp_path, "review_same_below.mbox")
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert s["status"] == "applied"
    assert s["reason"] == 'partly: "same below" found no like place after the quoted lines in lumen_read_status()'
    assert s["propagation"] == [{"patch": 2, "file": LUMEN, "function": "lumen_read_fifo", "line": 42,
                                 "applied": False}]
    assert "+\tWARN_ON_ONCE(ret < 0);" in changed(repo, "series-v5~1")
    assert changed(repo, "series-v5") == changed(repo, "series")
    assert "\tWARN_ON(ret != len);" in repo.out("show", f"series-v5:{LUMEN}")


def test_same_in_a_function_a_later_patch_adds(tmp_path):
    """"Same in lumen_read_fifo()." under patch 1's WARN_ON(): the function patch 2 adds has one like call,
    which changes too."""
    repo, _, report = respin(tmp_path, "review_same_in_fifo.mbox")
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert (s["status"], s["reason"]) == ("applied", "")
    assert s["propagation"] == [{"patch": 2, "file": LUMEN, "function": "lumen_read_fifo", "line": 42,
                                 "applied": True}]
    assert "+\tWARN_ON_ONCE(ret < 0);" in changed(repo, "series-v5~1")
    assert "+\tWARN_ON_ONCE(ret != len);" in changed(repo, "series-v5")


def test_same_in_a_kernel_function_is_left_with_the_reason(tmp_path):
    """"Same in lumen_write_ctrl()." names a function the series does not add: its WARN_ON() stays, and
    the reason says so; the like call of patch 2, not named, is only reported."""
    repo, _, report = respin(tmp_path, "review_same_in_ctrl.mbox")
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert (s["status"], s["reason"]) == (
        "applied", "partly: not carried out in lumen_write_ctrl(): no like place among the lines the series "
        "adds in lumen_write_ctrl()")
    assert [p["applied"] for p in s["propagation"]] == [False]
    final = repo.out("show", f"series-v5:{LUMEN}")
    assert "\tWARN_ON(ret < 0);\n\tl->ctrl = val;" in final and "\tWARN_ON(ret != len);" in final


def test_a_place_named_in_words_is_reported_not_guessed(tmp_path):
    """"Ditto for the error path." names no function: the quoted call changes, the reason says the rest
    was not carried out, and patch 2's like call (not named) is only reported."""
    repo, _, report = respin(tmp_path, "review_ditto_words.mbox")
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert (s["status"], s["reason"]) == (
        "applied", "partly: not carried out in the error path, a place named in words (only the quoted place changed)")
    assert [p["applied"] for p in s["propagation"]] == [False]
    assert changed(repo, "series-v5") == changed(repo, "series")


def test_the_user_asks_for_propagation(tmp_path):
    repo, _, report = respin(tmp_path, "review_plain.mbox", propagate=True)
    s = next(x for x in report["suggestions"] if x["kind"] == "rename-call")
    assert [p["applied"] for p in s["propagation"]] == [True]
    assert "+\tWARN_ON_ONCE(ret != len);" in changed(repo, "series-v5")
    assert "WARN_ON(ret < 0)" in repo.out("show", f"series-v5:{LUMEN}")   # lumen_write_ctrl(), base code
