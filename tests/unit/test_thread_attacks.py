"""Threads sent to tie the service up: thousands of replies, long reply chains, mails beyond the limits.

Each test is an attack and says what the user sees: the thread is read in seconds (the figure is
printed), a cancel or the job timeout stops a job that is still reading, and a thread beyond
the limits is refused with 413/422 (API) or a one-line error and exit status 2 (command line).
"""
from __future__ import annotations

import base64
import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from app.cli import main as cli_main
from app.main import create_app
from app.pipeline import run_job
from app.settings import Settings
from patches import conversation, review, thread
from patches.model import Line, Message
from patches.subject import parse_subject
from patches.people import parse_person
from test_api_support import make_tree, wait_for
from tests import mailgen

BOUND = 30.0        # seconds of CPU: generous (the work, not how busy the machine is); the figures are printed
# the shapes below took minutes when read once per word or per name (b4's trailer patterns: 16 s for three
# lines); read in linear time they take 1-4 s here, so a bound of 15 s tells the two apart on a slower machine
LINEAR = 15.0


def _read(data: bytes, what: str, limits: thread.Limits | None = None):
    limits = limits or thread.Limits()
    wall, cpu = time.monotonic(), time.process_time()
    msgs = thread.read_messages([("thread.mbox", data)], limits)
    rv = review.read_review(conversation.build(msgs), None)
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    print(f"\n{what} ({len(data) / 1e6:.1f} MB): read in {cpu:.1f}s of CPU ({wall:.1f}s wall)")
    assert cpu < BOUND
    return rv


@pytest.mark.slow
def test_ten_thousand_replies_are_read_in_seconds():
    rv = _read(mailgen.wide_thread(10_000), "10,000 replies")
    # every review is a suggestion; the author answered every third one, on the one patch
    assert len(rv.suggestions) == 7_500
    answered = [s for s in rv.suggestions if s.response_text]
    assert len(answered) == 2_500
    assert {s.patch for s in rv.suggestions} == {1}


@pytest.mark.slow
def test_a_chain_of_two_thousand_replies_is_read_without_recursion():
    rv = _read(mailgen.chain_thread(2_000), "a chain of 2,000 replies")
    assert len(rv.conversation.messages) == 2_001
    # each of the reviewer's 1,000 comments is a suggestion with the author's answer from the next mail
    assert len(rv.suggestions) == 1_000
    assert [s.response_text for s in rv.suggestions[:3]] == ["Ok, will drop it in v2.", "Good catch, fixed.",
                                                             "I'd rather keep it, the helper is shared."]
    assert all(s.response_text for s in rv.suggestions)


def test_a_reply_chain_as_deep_as_the_message_limit_is_ordered_parents_first():
    n = thread.Limits().messages
    t0 = datetime(2026, 4, 6, tzinfo=timezone.utc)
    msgs = [Message(msgid=f"m{i}@x", subject=parse_subject("Re: [PATCH] x"), author=parse_person("A <a@x>"),
                    date=t0 + timedelta(seconds=n - i), body="", lines=[Line(0, "")],
                    in_reply_to=f"m{i - 1}@x" if i else "") for i in range(n)]
    t = time.monotonic()
    conv = conversation.build(list(reversed(msgs)))
    print(f"\nreply chain of {n:,}: ordered in {time.monotonic() - t:.2f}s")
    assert [m.msgid for m in conv.messages] == [m.msgid for m in msgs]


LONG_LINES = {
    "a tag with a long tail": "Reviewed-by: Oren Reviewer6 <oren6@example.net>" + "a, b " * 3990 + ":",
    "an attribution of commas": "On " + " ,  " * 4990 + "x wrote:",
    "a sentence ending in a colon": "Nit: " + "word " * 3990 + ":",
    "a condition": "+\tif (" + "x && " * 3990 + "y) {",
    "a clause before a patch drop": "a, " * 6600 + "this patch can be dropped",
    "a name to Cc": 'Please Cc also the "' + "A" * 19900 + '" folks.',
    "a subject prefix": "The subject prefix should be " + "'a: (b)' " * 2200,
}


@pytest.mark.parametrize("line", LONG_LINES.values(), ids=LONG_LINES.keys())
def test_lines_as_long_as_the_limit_are_read_in_linear_time(line):
    """Twenty lines of almost 20,000 characters in one comment (b4's trailer patterns alone took 16 s
    for three of the first kind)."""
    assert len(line) <= thread.Limits().line_length
    body = mailgen.review_body(0).replace("Thanks,", "\n".join([line] * 20) + "\n\nThanks,")
    data = mailgen.patch_mail().encode() + mailgen.mail(
        sender=mailgen.reviewer(0), subject=f"Re: [PATCH v1] {mailgen.PATCH_TITLE}", msgid="long@example.net",
        body=body, when=1, in_reply_to="patch-1@example.org").encode()
    cpu = time.process_time()
    rv = _read(data, "twenty lines of 20,000 characters")
    assert time.process_time() - cpu < LINEAR
    assert rv.suggestions[0].comment.startswith(mailgen.REMARKS[0][1])


# ---- limits ----

def _deep(depth: int) -> bytes:
    return mailgen.wide_thread(3).replace(b"> +\tunsigned long flags;", b">" * depth + b" +\tunsigned long flags;")


def _long_line(n: int) -> bytes:
    return mailgen.wide_thread(3).replace(b"Thanks,", b"Thanks, " + b"very " * (n // 5), 1)


LIMITED = [
    ("too many mails", mailgen.wide_thread(60), 413, "the thread holds 61 mails, more than the 50 read at most"),
    ("quoted too deep", _deep(41), 422, "line 61 is quoted 41 levels deep, more than the 40 read at most"),
    ("line too long", _long_line(20_005), 413, "has 20,013 characters, more than the 20,000 a line read at most"),
]


@pytest.mark.parametrize("case,data,status,words", LIMITED, ids=[c[0] for c in LIMITED])
def test_the_api_refuses_threads_beyond_the_limits(tmp_path, case, data, status, words):
    settings = Settings(trees={"demo": make_tree(tmp_path / "tree")}, data_dir=tmp_path / "data", max_messages=50)
    with TestClient(create_app(settings, pipeline=run_job)) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo"}, files={"thread": ("thread.mbox", data)})
        assert r.status_code == status, r.text
        assert words in r.json()["detail"]
        assert c.get("/api/v1/respins").json() == []


def test_the_limits_hold_for_what_an_encoding_hid(tmp_path):
    """A base64 body passes the check of the upload (its lines are short); the job finds the long line."""
    plain = b"Thanks, " + b"very " * 5000 + b"\n"
    data = mailgen.wide_thread(1) + mailgen.mail(
        sender=mailgen.reviewer(1), subject=f"Re: [PATCH v1] {mailgen.PATCH_TITLE}", msgid="b64@example.net",
        body=base64.encodebytes(plain).decode(), when=3, in_reply_to="patch-1@example.org",
        extra="X-Note: base64 below").replace(
        "Content-Transfer-Encoding: 8bit\nX-Note: base64 below", "Content-Transfer-Encoding: base64").encode()
    settings = Settings(trees={"demo": make_tree(tmp_path / "tree")}, data_dir=tmp_path / "data",
                        max_line_length=10_000)
    with TestClient(create_app(settings, pipeline=run_job)) as c:
        r = c.post("/api/v1/respins", data={"tree": "demo"}, files={"thread": ("thread.mbox", data)})
        assert r.status_code == 202, r.text
        job = wait_for(c, r.json()["id"])
    assert job["status"] == "failed"
    assert job["error"] == ("thread.mbox: mail 3: line 1 has 25,008 characters, more than the 10,000 a line "
                            "read at most: is it a mail?")


@pytest.mark.parametrize("case,data,status,words", LIMITED[1:], ids=[c[0] for c in LIMITED[1:]])
def test_the_command_line_refuses_them_with_one_line_and_exit_2(tmp_path, capsys, case, data, status, words):
    path = tmp_path / "thread.mbox"
    path.write_bytes(data)
    assert cli_main(["suggestions", "--thread", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("respin: thread.mbox: line ") and words in err
    assert err.count("\n") == 1


def test_the_command_line_takes_the_message_limit_from_the_environment(tmp_path, capsys, monkeypatch):
    path = tmp_path / "thread.mbox"
    path.write_bytes(mailgen.wide_thread(30))
    monkeypatch.setenv("RESPIN_MAX_MESSAGES", "20")
    assert cli_main(["suggestions", "--thread", str(path)]) == 2
    assert capsys.readouterr().err == ("respin: the thread holds 31 mails, more than the 20 read at most: "
                                       "give only the series' thread\n")


# ---- cancel and timeout while reading ----

@pytest.mark.slow
def test_cancel_stops_a_job_that_is_reading_a_large_thread(tmp_path):
    data = mailgen.wide_thread(6_000)
    settings = Settings(trees={"demo": make_tree(tmp_path / "tree")}, data_dir=tmp_path / "data")
    with TestClient(create_app(settings, pipeline=run_job)) as c:
        jid = c.post("/api/v1/respins", data={"tree": "demo"},
                     files={"thread": ("thread.mbox", data)}).json()["id"]
        wait_for(c, jid, statuses=("running",))
        time.sleep(1.0)                        # well into reading the 10,000 mails
        t = time.monotonic()
        assert c.post(f"/api/v1/respins/{jid}/cancel").status_code == 200
        job = wait_for(c, jid)
        took = time.monotonic() - t
    print(f"\ncancel while reading 6,000 replies: stopped after {took:.1f}s")
    assert (job["status"], job["error"]) == ("cancelled", "cancelled while running")
    assert took < 10


@pytest.mark.slow
def test_the_job_timeout_stops_a_job_that_is_reading_a_large_thread(tmp_path):
    data = mailgen.wide_thread(6_000)
    settings = Settings(trees={"demo": make_tree(tmp_path / "tree")}, data_dir=tmp_path / "data", job_timeout=2)
    with TestClient(create_app(settings, pipeline=run_job)) as c:
        t = time.monotonic()
        jid = c.post("/api/v1/respins", data={"tree": "demo"},
                     files={"thread": ("thread.mbox", data)}).json()["id"]
        job = wait_for(c, jid)
        took = time.monotonic() - t
    print(f"\njob timeout of 2s while reading 6,000 replies: stopped after {took:.1f}s")
    assert (job["status"], job["error"]) == ("failed", "the job ran longer than 2s and was stopped")
    assert took < 12


@pytest.mark.parametrize("line", ["a." * 9990, "'x' " * 4990], ids=["member accesses", "quoted words"])
def test_a_long_comment_the_author_quotes_is_matched_in_linear_time(line):
    """The author's reply quotes a comment of twenty long lines and answers under its first line: telling
    the answered part from the rest split the comment's words once per word (minutes)."""
    remark = mailgen.REMARKS[0][1]
    body = mailgen.review_body(0).replace(remark, remark + "\n" + "\n".join([line] * 20))
    data = mailgen.patch_mail().encode() + mailgen.mail(
        sender=mailgen.reviewer(0), subject=f"Re: [PATCH v1] {mailgen.PATCH_TITLE}", msgid="r0@example.net",
        body=body, when=1, in_reply_to="patch-1@example.org").encode() + mailgen.mail(
        sender=mailgen.AUTHOR, subject=f"Re: [PATCH v1] {mailgen.PATCH_TITLE}", msgid="a0@example.org",
        body=mailgen.answer_body(0, body), when=2, in_reply_to="r0@example.net",
        references=("patch-1@example.org", "r0@example.net")).encode()
    cpu = time.process_time()
    rv = _read(data, "a quoted comment of twenty long lines")
    assert time.process_time() - cpu < LINEAR
    assert rv.suggestions[0].comment.startswith(remark)


# ---- many comments: the work per comment must not grow with the number of comments or the file ----

def _many_comments(n: int) -> bytes:
    """One review mail of N one-line comments, each under a one-line quote of the patch."""
    pairs = [(q[-1], c) for q, c in mailgen.REMARKS]
    body = "On Mon, Apr 06, 2026 at 09:00:00AM +0000, Ilse Varga wrote:\n" + "".join(
        f"> {pairs[i % len(pairs)][0]}\n\nComment {i}: {pairs[i % len(pairs)][1]}\n\n" for i in range(n))
    return mailgen.patch_mail().encode() + mailgen.mail(
        sender=mailgen.reviewer(0), subject=f"Re: [PATCH v1] {mailgen.PATCH_TITLE}", msgid="many@example.net",
        body=body, when=1, in_reply_to="patch-1@example.org").encode()


def test_the_code_contexts_of_thousands_of_comments_in_one_mail_are_built_in_linear_time():
    """Each comment's context lists the quotes of its mail: listing them once per comment was quadratic."""
    from app.respin import contexts
    rv = review.read_review(conversation.build(thread.read_messages([("t.mbox", _many_comments(3_000))],
                                                                    thread.Limits())), None)
    assert len(rv.suggestions) == 3_000
    cpu = time.process_time()
    ctx = contexts(rv, {1: {"drivers/gpio/gpio-qdev.c": mailgen.PATCH_DIFF}})
    took = time.process_time() - cpu
    print(f"\ncontexts of 3,000 comments of one mail: {took:.2f}s of CPU")
    assert took < 1.0
    first = ctx[rv.suggestions[0].id]
    assert len(first.message_quotes) == 3_000
    assert first.message_quotes[0] == (rv.suggestions[0].id, [f"+\t{mailgen.REMARKS[0][0][-1][2:]}"])


def _big_file(n: int) -> tuple[str, ...]:
    return tuple(line for i in range(n) for line in (
        f"static int helper_{i}(struct demo *d)", "{", f"\treturn readl(d->base + {i * 4});", "}", ""))


def test_thousands_of_quotes_are_found_in_a_large_file_in_linear_time():
    """Finding a quote compared it with every line of the file: thousands of comments on a file of tens of
    thousands of lines took seconds per thousand."""
    from patches.anchor import find_lines
    lines = _big_file(8_000)                       # 40,000 lines
    find_lines(lines, ["{"])                       # the file is read (normalized) once, outside the figure
    cpu = time.process_time()
    # 2,000 look-ups: about 0.9 s of CPU here, twice that on a busy machine; comparing each quote with every
    # line took seconds per thousand
    found = [find_lines(lines, [f"\treturn readl(d->base + {i * 4});"]) for i in range(0, 8_000, 8)]
    wrapped = [find_lines(lines, [f"static int helper_{i}(struct", "demo *d)"]) for i in range(0, 8_000, 8)]
    took = time.process_time() - cpu
    print(f"\n2,000 quotes looked up in a file of 40,000 lines: {took:.2f}s of CPU")
    assert took < 2.0
    assert found[1] == [(43, 43)] and wrapped[1] == [(41, 41)]
    assert all(len(f) == 1 for f in found + wrapped)


def test_the_structs_of_a_large_file_are_read_once_for_many_comments():
    from cocci.recipes.drop_member import structs
    text = "".join(f"struct demo_{i} {{\n\tint a;\n\tchar name[16];\n}};\n\n" for i in range(3_000))
    cpu = time.process_time()
    for _ in range(300):                            # one ask per comment on the file
        sds = structs(text)
    took = time.process_time() - cpu
    print(f"\nthe structs of a file of 15,000 lines, asked 300 times: {took:.2f}s of CPU")
    assert took < 2.0
    assert len(sds) == 3_000 and [m.name for m in sds[7].members] == ["a", "name"]


@pytest.mark.parametrize("comment", ["a" * 5_900, "s/" + "a" * 2_900 + "/" + "b" * 2_900, "ab1" * 1_960],
                         ids=["one long word", "a long s/a/b/", "letters and digits"])
def test_a_comment_just_under_the_length_bound_is_read_for_a_list_entry_in_linear_time(comment):
    """The wordings of "X should be added to this list" tried a name from every letter of a long word
    (2.4 s for one comment of 5,900 letters; the comment bound is 6,000)."""
    from cocci.recipes.list_entry import asked_name
    cpu = time.process_time()
    assert asked_name(comment) is None
    took = time.process_time() - cpu
    print(f"\na comment of {len(comment):,} characters read for a list entry: {took:.3f}s of CPU")
    assert took < 0.2
    assert asked_name("`dev_flags` should be added to this list") == "dev_flags"


@pytest.mark.parametrize("comment", ["a" * 5_900, "ab1" * 1_960], ids=["one long word", "letters and digits"])
def test_a_comment_just_under_the_length_bound_is_read_for_a_rename_in_linear_time(comment):
    """"X would be a better name" tried a name from every letter of a long word (about 1 s for one comment of
    5,900 letters, and a run reads every comment for a rename)."""
    from cocci.recipes.rename_ident import read_ask
    cpu = time.process_time()
    read_ask(comment + " word", [])
    took = time.process_time() - cpu
    print(f"\na comment of {len(comment):,} characters read for a rename: {took:.3f}s of CPU")
    assert took < 0.2
    assert read_ask("`dev_len` would be a better name", []).new == "dev_len"
