""""Same below." and "Same in foo()." for a recipe that leaves them to propagation (use-helper), end to end
through run_respin: the later places of the quoted function, the one named function, never further."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.respin import RespinRequest, ThreadInput, run_respin
from patches.git import Repo

pytestmark = pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch is not installed")

ENV = {"GIT_AUTHOR_NAME": "Ines Ferreira", "GIT_AUTHOR_EMAIL": "ines@example.org",
       "GIT_COMMITTER_NAME": "Ines Ferreira", "GIT_COMMITTER_EMAIL": "ines@example.org",
       "GIT_AUTHOR_DATE": "2026-04-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-04-01T10:00:00Z"}
PATH = "drivers/misc/tbl.c"
BASE = """// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>

static const int tbl[] = { 1, 2, 3 };
static const int other[] = { 4, 5 };
"""
ADDED = """
static int tbl_sum(void)
{
	int i, sum = 0;

	for (i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++)
		sum += tbl[i];
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		sum += other[i];
	return sum;
}

static int tbl_max(void)
{
	int i, max = 0;

	for (i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++)
		max = tbl[i] > max ? tbl[i] : max;
	return max;
}
"""


def tree(dest: Path) -> Repo:
    repo = Repo(dest)
    dest.mkdir()
    repo.run("init", "-q", "-b", "main")
    (dest / PATH).parent.mkdir(parents=True)
    (dest / PATH).write_text(BASE)
    repo.run("add", PATH)
    repo.run("commit", "-q", "-m", "misc: tbl", env=ENV)
    repo.run("tag", "base")
    repo.run("checkout", "-q", "-b", "series")
    (dest / PATH).write_text(BASE + ADDED)
    repo.run("commit", "-q", "-a", "-m", "misc: tbl: add sums\n\nSigned-off-by: Ines Ferreira <ines@example.org>",
             env=ENV)
    repo.run("checkout", "-q", "main")
    return repo


def review(comment: str, quoted: str) -> str:
    return f"""From okonkwo@example.net Thu Apr  2 08:30:00 2026
From: Chidi Okonkwo <okonkwo@example.net>
To: Ines Ferreira <ines@example.org>
Subject: Re: [PATCH] misc: tbl: add sums
Date: Thu, 2 Apr 2026 08:30:00 +0000
Message-ID: <r1-tbl-okonkwo@example.net>
In-Reply-To: <p1-tbl@example.org>
References: <p1-tbl@example.org>

On Wed, Apr 01, 2026 at 10:00:00AM +0000, Ines Ferreira wrote:
> +static int tbl_sum(void)
> +{{
> +	int i, sum = 0;
> +
{quoted}

{comment}

Chidi
"""


FIRST = """> +	for (i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++)"""
SECOND = """> +	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)"""


def respin(tmp_path: Path, comment: str, quoted: str = FIRST):
    repo = tree(tmp_path / "tree")
    patch = repo.out("format-patch", "--stdout", "base..series").replace(
        "\nFrom: ", "\nMessage-ID: <p1-tbl@example.org>\nFrom: ", 1)
    thread = (patch + "\n" + review(comment, quoted)).encode()
    req = RespinRequest(tree=repo.path, threads=[ThreadInput("tbl.mbox", thread)], out=tmp_path / "out",
                        series="base..series")
    run_respin(req)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    s = next(x for x in report["suggestions"] if x["kind"] == "use-helper")
    return repo.out("show", f"series-v2:{PATH}"), s


def test_same_below_reaches_the_later_loop_of_the_function_only(tmp_path):
    text, s = respin(tmp_path, "ARRAY_SIZE(), please. Same below.")
    assert (s["status"], s["reason"]) == ("applied", "")
    assert text == BASE + ADDED.replace("sizeof(tbl) / sizeof(tbl[0])", "ARRAY_SIZE(tbl)", 1).replace(
        "sizeof(other) / sizeof(other[0])", "ARRAY_SIZE(other)")
    assert sorted((p["function"], p["applied"]) for p in s["propagation"]) == [("tbl_max", False), ("tbl_sum", True)]


def test_same_in_a_function_the_patch_adds(tmp_path):
    text, s = respin(tmp_path, "ARRAY_SIZE(), please. Same in tbl_max().")
    assert (s["status"], s["reason"]) == ("applied", "")
    assert text == BASE + ADDED.replace("sizeof(tbl) / sizeof(tbl[0])", "ARRAY_SIZE(tbl)")
    assert sorted((p["function"], p["applied"]) for p in s["propagation"]) == [("tbl_max", True), ("tbl_sum", False)]


def test_same_below_after_the_last_like_place_says_so(tmp_path):
    text, s = respin(tmp_path, "Please use ARRAY_SIZE() here. Ditto further down.", SECOND)
    assert (s["status"], s["reason"]) == (
        "applied", 'partly: "same below" found no like place after the quoted lines in tbl_sum()')
    assert text == BASE + ADDED.replace("sizeof(other) / sizeof(other[0])", "ARRAY_SIZE(other)")
