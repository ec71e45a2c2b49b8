"""Reading reviews into suggestions, on threads written for the project (acme driver, netdev style)."""
import subprocess
from pathlib import Path

import pytest

from patches.answers import classify_response
from patches.conversation import build
from patches.git import open_repo
from patches.model import Response
from patches.review import ReviewError, read_review
from patches.table import suggestions_table
from patches.thread import read_messages

DATA = Path(__file__).resolve().parent.parent / "data" / "threads"


def conv(*names):
    return build(read_messages([(n, (DATA / n).read_bytes()) for n in names]))


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60,
                   env={"GIT_AUTHOR_NAME": "Lena Okafor", "GIT_AUTHOR_EMAIL": "lena.okafor@example.org",
                        "GIT_COMMITTER_NAME": "Lena Okafor", "GIT_COMMITTER_EMAIL": "lena.okafor@example.org",
                        "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def acme_tree(tmp_path):
    """A tree with the acme base file, the v2 series applied with `git am` on branch acme-stats."""
    repo = tmp_path / "tree"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    src = repo / "drivers/net/ethernet/acme"
    src.mkdir(parents=True)
    (src / "acme_main.c").write_text((DATA / "acme/acme_main.c").read_text())
    (repo / "MAINTAINERS").write_text("ACME ETHERNET\nM:\tJakub Marek <kuba.marek@example.com>\n"
                                      "F:\tdrivers/net/ethernet/acme/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "acme: base")
    git(repo, "tag", "base")
    git(repo, "checkout", "-q", "-b", "acme-stats")
    series = (DATA / "acme/series.mbox").read_text()
    patches = tmp_path / "patches.mbox"          # without the cover letter, which git am calls empty
    patches.write_text(series[series.index("\nFrom ", 1) + 1:])
    git(repo, "am", "-q", str(patches))
    return repo


def by_comment(review, text):
    return next(s for s in review.suggestions if text in s.comment)


def test_bottom_posted_netdev_review_with_answers(acme_tree):
    review = read_review(conv("acme/series.mbox", "acme/review.mbox"), open_repo(acme_tree))
    assert review.series.branch == "acme-stats" and review.series.version == 2
    assert [p.number for p in review.series.patches] == [1, 2]
    assert all(p.commit for p in review.series.patches)
    rows = [(s.id, s.reviewer.name, s.anchor.code, s.response.value, s.kind) for s in review.suggestions]
    assert rows == [
        ("1.1", "Jakub Marek", ["unsigned int start;", "int i;"], "accepted", "code"),
        ("1.2", "Jakub Marek", ["start = u64_stats_fetch_begin(&ring->syncp);",
                                "stats->rx_packets += ring->packets;", "stats->rx_bytes += ring->bytes;"],
         "accepted", "code"),
        ("1.3", "Jakub Marek", ["stats->rx_dropped = atomic_read(&priv->rx_dropped);"], "declined", "code"),
    ]
    s = review.suggestions[2]
    assert s.anchor.file == "drivers/net/ethernet/acme/acme_main.c"
    assert s.anchor.function == "acme_get_stats64"
    assert s.anchor.lines == (36, 36)
    assert s.response_text == "TX counters are read from the MAC in acme_hw_stats(), so this is fine as is."
    # one answer ("both fixed") answers the two comments above it
    assert review.suggestions[0].response_text == "Right, both fixed for v3."
    assert [str(t) for t in review.trailers] == ["Reviewed-by: Jakub Marek <jmarek@example.net>",
                                                 "Reviewed-by: Priya Raman <priya@example.com>"]
    assert review.trailers[0].patch == 1 and review.trailers[0].conditional
    assert review.trailers[1].patch == 0 and not review.trailers[1].conditional


def test_reviewed_by_on_cover_letter_is_for_the_series():
    review = read_review(conv("acme/series.mbox", "acme/review.mbox"), None)
    cover = [t for t in review.trailers if t.patch == 0]
    assert [(t.name, t.person.name, t.person.email) for t in cover] == [
        ("Reviewed-by", "Priya Raman", "priya@example.com")]
    assert not [s for s in review.suggestions if s.patch == 0]   # "For the series:" / "Thanks," are no suggestions


def test_two_reviewers_without_answers():
    review = read_review(conv("acme/series.mbox", "acme/two_reviewers.mbox"), None)
    assert [(s.id, s.reviewer.name, s.response, s.kind) for s in review.suggestions] == [
        ("2.1", "Tomasz Wilk", Response.NONE, "commit-message"),
        ("2.2", "Jakub Marek", Response.NONE, "code"),
    ]
    assert review.suggestions[0].anchor.in_message
    assert review.suggestions[0].anchor.code == ["Hook the stats callback into acme_netdev_ops."]
    assert review.suggestions[1].quoted == ["+\t.ndo_get_stats64\t= acme_get_stats64,"]
    # "Looks good." is agreement, the Acked-by is a given trailer
    assert [str(t) for t in review.trailers] == ["Acked-by: Tomasz Wilk <tomasz.wilk@example.com>"]


def test_pasted_archive_text_restores_tabs_and_finds_address_in_tree(acme_tree):
    review = read_review(conv("pasted_acme.txt"), open_repo(acme_tree), "base..acme-stats")
    assert [p.commit != "" for p in review.series.patches] == [True, True]
    first = review.suggestions[0]
    assert first.quoted == ["+\tunsigned int start;", "+\tint i;"]
    assert first.anchor.lines == (24, 25)
    assert [s.response.value for s in review.suggestions] == ["accepted", "accepted", "declined"]
    # the archive hid the address: MAINTAINERS has it
    assert str(review.trailers[0]) == "Reviewed-by: Jakub Marek <kuba.marek@example.com>"
    assert review.trailers[0].address_from == "MAINTAINERS"
    assert first.reviewer.email == "kuba.marek@example.com"


def test_encoded_mails_are_read_as_reviews():
    review = read_review(conv("acme/series.mbox", "latin1_qp.eml", "flowed.eml"), None)
    rows = [(s.id, s.reviewer.name, s.anchor.code, s.kind) for s in review.suggestions]
    assert rows == [
        ("1.1", "Jürgen Weiß", ["stats->rx_dropped = atomic_read(&priv->rx_dropped);"], "code"),
        ("2.1", "Mira Castellanos", ["static const struct net_device_ops acme_netdev_ops = {"], "code"),
    ]
    assert review.suggestions[0].comment.startswith("Bitte nicht vergessen: rx_dropped ist ein atomic_long_t")
    assert [str(t) for t in review.trailers] == ["Reviewed-by: Jürgen Weiß <juergen.weiss@example.de>"]


def test_table():
    review = read_review(conv("acme/series.mbox", "acme/two_reviewers.mbox"), None)
    lines = suggestions_table(review.suggestions).splitlines()
    assert lines[0].split() == ["ID", "REVIEWER", "QUOTED", "COMMENT", "RESPONSE", "KIND"]
    assert lines[2].startswith("2.2  Jakub Marek  .ndo_get_stats64 = acme_get_stats64,")
    assert lines[2].endswith("unanswered  code")


@pytest.mark.parametrize("answer,expect", [
    ("Ok.", "accepted"), ("Sure.", "accepted"), ("You are right, I'll drop this.", "accepted"),
    ("So I'll collapse into a single function.", "accepted"), ("Good catch, thanks!", "accepted"),
    ("It is being used 3 times in this function, so temporary variable is fine.", "declined"),
    ("I'd rather keep it because the error path needs it.", "declined"),
    ("Sending a series to fix this soon : )", "deferred"), ("I'll do that in a follow-up.", "deferred"),
    ("I will fix that later.", "deferred"), ("Let me do that in a later patch.", "deferred"),
    # "later" of order, not of time: the answer keeps the code
    ("I'd rather keep the lock, a later caller may well want a consistent answer.", "declined"),
    ("", "unanswered"),
])
def test_classify_response(answer, expect):
    assert classify_response(answer).value == expect


def test_thread_without_patch():
    c = build(read_messages([("chat.eml", b"From: A <a@example.org>\nSubject: Re: lunch\n"
                                          b"Message-ID: <x@y>\n\nSee you at noon.\n")]))
    with pytest.raises(ReviewError, match="^the thread holds no patch"):
        read_review(c, None)


def test_patch_not_in_range(acme_tree):
    with pytest.raises(ReviewError) as e:
        read_review(conv("acme/series.mbox"), open_repo(acme_tree), "base..base")
    assert "\n" not in str(e.value)
    with pytest.raises(ReviewError, match="is not a commit in the tree"):
        read_review(conv("acme/series.mbox"), open_repo(acme_tree), "base..nosuch")
    git(acme_tree, "branch", "other", "base")
    with pytest.raises(ReviewError, match='patch "net: acme: wire up the netdev ops" is not in base..acme-stats~1'):
        read_review(conv("acme/series.mbox"), open_repo(acme_tree), "base..acme-stats~1")


def test_the_authors_signature_is_not_part_of_the_answer():
    from patches.answers import without_signature
    assert without_signature(["I'd rather keep it, it matches read(2).", "", "Thanks,", "Sam", ""]) == \
        ["I'd rather keep it, it matches read(2)."]
    assert without_signature(["Will do.", "Done"]) == ["Will do.", "Done"]
    assert without_signature(["Sure."]) == ["Sure."]


def test_narrowing_skips_the_statement_that_is_the_model():
    """'make this a WARN_ON_ONCE(), too' under a WARN_ON_ONCE() line and an if: the if is meant."""
    from patches.quotes import narrow
    from patches.voices import Quote
    q = Quote(lines=["+\tWARN_ON_ONCE(test_bit(A, &f));", "+\tif (!test_bit(B, &f))", "+\t\tgoto out;"],
               in_message=False)
    got = narrow(q, "We could make this a WARN_ON_ONCE(), too.")
    assert any("if (!test_bit(B, &f))" in ln for ln in got)


def test_narrowing_a_const_request_that_names_nothing_takes_the_last_initialized_declaration():
    """'This could be const.' names no quoted statement: a const local needs its value where it is
    declared, so the last declaration with an initializer is meant, not the statement quoted last."""
    from patches.quotes import narrow
    from patches.voices import Quote
    q = Quote(lines=["+\tstruct mcp_wdt *wdt = platform_get_drvdata(pdev);",
                     "+\tunsigned long deadline = jiffies +",
                     "+\t\tmsecs_to_jiffies(wdt->timeout_ms);",
                     "+\tint ret;",
                     "+\tret = mcp_wdt_kick(wdt, deadline);"],
              in_message=False)
    assert narrow(q, "This could be const.") == q.lines[1:3]


_WHOLE = [
    "+int wdt_ping_interval(struct mcp_wdt *wdt,", "+\t\t      unsigned int margin)", "+{",
    "+\tunsigned int t = wdt->timeout_ms;", "+", "+\tif (margin >= t)", "+\t\treturn -ERANGE;",
    "+\treturn (t - margin) / 2;", "+}"]


def test_narrowing_a_comment_under_a_whole_function_takes_its_header():
    """A function quoted whole with a comment below that names nothing in it: the comment is about the
    function, so its header (through the opening brace) is meant, not the last statement."""
    from patches.quotes import narrow
    from patches.voices import Quote
    q = Quote(lines=["@@ -40,6 +40,15 @@ static int mcp_wdt_start(struct watchdog_device *wdd)", *_WHOLE],
              in_message=False)
    for comment in ("This can be static.", "static?", "Could wdt_ping_interval() be static?"):
        assert narrow(q, comment) == _WHOLE[:3], comment
    # a comment naming something of the body is about that, as before
    assert narrow(q, "margin >= timeout_ms looks off by one") != _WHOLE[:3]


def test_narrowing_const_under_a_whole_function_takes_the_header_only_without_a_local_to_mean():
    """'This could be const.' under a whole function: its pointer parameter, unless the body declares a
    local with a value (which could be meant as well: the narrowing stays as without a whole function)."""
    from patches.quotes import narrow
    from patches.voices import Quote
    plain = ["+static u32 wdt_left(struct mcp_wdt *wdt)", "+{", "+\treturn wdt->timeout_ms - wdt->elapsed_ms;", "+}"]
    assert narrow(Quote(lines=plain, in_message=False), "This could be const.") == plain[:2]
    assert narrow(Quote(lines=_WHOLE, in_message=False), "This could be const.") != _WHOLE[:3]


def test_narrowing_under_several_whole_functions_needs_the_comment_to_say_which():
    from patches.quotes import narrow
    from patches.voices import Quote
    other = ["+void wdt_ping_stop(struct mcp_wdt *wdt)", "+{", "+\twdt->running = false;", "+}"]
    q = Quote(lines=[*_WHOLE, "+", *other], in_message=False)
    assert narrow(q, "These can be static.") == []
    assert narrow(q, "wdt_ping_stop() can be static.") == other[:2]


def _reading(*names):
    review = read_review(conv(*names), None)
    return [(" ".join(s.comment.split()), s.code, s.response.value, s.kind) for s in review.suggestions]


def test_greetings_signatures_and_a_german_attribution_ask_for_nothing():
    comments = [c for c, _, _, _ in _reading("acme/series.mbox", "acme/real_shapes.mbox")]
    assert not any(w in c for c in comments for w in ("Hi Lena", "Thank you", "thanks", "ingrid",
                                                       "Example Networks", "geschrieben", "Ingrid Holm"))


def test_short_requests_under_one_quote_are_separate_and_unanswered_ones_stay_requests():
    rows = _reading("acme/series.mbox", "acme/real_shapes.mbox")
    assert rows[:3] == [("Reverse xmas tree, please.", [], "unanswered", "code"),
                        ("start_seq", [], "unanswered", "comment"),
                        ("no need for the blank line above the loop either", [], "unanswered", "code")]


def test_an_answer_that_argues_without_agreeing_is_a_decline():
    rows = _reading("acme/series.mbox", "acme/real_shapes.mbox")
    assert ("", ["s/rx_dropped/rx_missed_errors"], "declined", "code") in rows
    assert ("Does the hardware count these per ring? If so, this belongs in the loop.", [], "declined",
            "code") in rows


def test_a_second_round_settles_the_point_and_its_follow_ups_are_discussion():
    """The author argued, the reviewer explained, the author agreed: the point is accepted with the
    author's last words; a pushback on a point the author refused, left unanswered, keeps the refusal."""
    review = read_review(conv("acme/series.mbox", "acme/rounds.mbox"), None)
    moved = by_comment(review, "Please read the drop counter before the loop.")
    assert moved.response is Response.ACCEPTED and "move the read above the loop" in moved.response_text
    unsigned = by_comment(review, "Make i unsigned")
    assert unsigned.response is Response.DECLINED and "plain int" in unsigned.response_text
    snapshot = by_comment(review, "It matters for the snapshot")
    pushback = by_comment(review, "Then num_rx_rings should be unsigned")
    assert (snapshot.kind, snapshot.status.value) == ("discussion", "skipped")
    assert snapshot.reason.startswith(f"discussion of {moved.id} (accepted by the author")
    assert (pushback.kind, pushback.status.value) == ("discussion", "skipped")
    assert pushback.reason.startswith(f"discussion of {unsigned.id} (declined by the author")
    assert by_comment(review, "This wants a comment").response is Response.ACCEPTED


def test_a_date_first_attribution_elisions_and_a_remark_under_the_diffstat():
    review = read_review(conv("pasted_other_forms.txt"), None)
    rows = [(" ".join(s.comment.split()), s.kind, s.anchor.in_message) for s in review.suggestions]
    # "2026-03-01, 10:00:01 +0100, Lena Okafor wrote:" names who is quoted: it asks for nothing
    assert not any("wrote:" in c for c, _, _ in rows)
    # the "(...)" and "[...]" marks stand for quoted text cut out: no words of a comment
    assert not any("(...)" in c or "[...]" in c for c, _, _ in rows)
    # under the trailers and the diffstat the comment is about the patch as a whole, not about the
    # wording of the commit message, and not about a line of code either
    assert rows[0] == ("Your mailer turned the tabs into spaces again, I could only apply this after fixing it "
                       "up by hand.", "code", True)
    assert rows[1] == ("This should use u64_stats_inc() on a u64_stats_t counter.", "code", False)


@pytest.mark.parametrize("answer,expect", [
    ("The check can be killed or changed to WARN_ON_ONCE().", "accepted"),
    ("This can be dropped, yes.", "accepted"),
    ("It can be removed later in a follow-up.", "deferred"),
    ("That could be changed, but I would rather keep it as is.", "declined"),
    ("It does not, the counter lives in the driver.", "declined"),
    ("What do you mean?", "unanswered"),
])
def test_answers_that_say_the_change_can_be_made(answer, expect):
    assert classify_response(answer).value == expect


def test_trailer_notes_after_the_address_are_kept():
    """"Acked-by: X <x@y> # for the stats part" (and "# v2"): the note is part of the tag as given and
    goes into the next version with it; a '#' inside an address is no note."""
    series = (DATA / "acme/series.mbox").read_bytes()
    first = next(ln for ln in series.decode().splitlines() if ln.lower().startswith("message-id:"))
    msgid = first.split(":", 1)[1].strip()
    reply = (f"From: Una Berg <una@example.com>\nSubject: Re: [PATCH net-next v2 0/2] acme: stats\n"
             f"Message-ID: <note-1@example.com>\nIn-Reply-To: {msgid}\nReferences: {msgid}\n"
             "Content-Type: text/plain; charset=UTF-8\n\nLooks fine for the stats side.\n\n"
             "Acked-by: Una Berg <una@example.com> # for the stats part\n"
             "Tested-by: Una Berg <una@example.com>   #  v2\n").encode()
    review = read_review(build(read_messages([("series.mbox", series), ("reply.eml", reply)])), None)
    assert [str(t) for t in review.trailers] == [
        "Acked-by: Una Berg <una@example.com> # for the stats part",
        "Tested-by: Una Berg <una@example.com> # v2"]
    assert [t.person.email for t in review.trailers] == ["una@example.com", "una@example.com"]


def test_trailer_note_split():
    from patches.review import trailer_note
    assert trailer_note("Jane Roe <jane@example.org> #  for the mm part ") == \
        ("Jane Roe <jane@example.org>", "for the mm part")
    assert trailer_note("jane@example.org # v2") == ("jane@example.org", "v2")
    assert trailer_note("Jane Roe <jane#roe@example.org>") == ("Jane Roe <jane#roe@example.org>", "")
    assert trailer_note("Jane Roe <jane@example.org>") == ("Jane Roe <jane@example.org>", "")


def _acme_review_and_top_post(top: str) -> bytes:
    series = (DATA / "acme/series.mbox").read_text()
    ids = [ln.split(":", 1)[1].strip() for ln in series.splitlines() if ln.lower().startswith("message-id:")]
    subject = "Re: [PATCH net-next v2 1/2] net: acme: add ndo_get_stats64"
    review = (f"From: Jakub Marek <kuba.marek@example.com>\nSubject: {subject}\nMessage-ID: <top-r1@example.com>\n"
              f"In-Reply-To: {ids[1]}\nReferences: {ids[0]} {ids[1]}\nContent-Type: text/plain\n\n"
              "On Sun, Mar 01, 2026 at 10:00:01AM +0100, Lena Okafor wrote:\n"
              "> +\tunsigned int start;\n> +\tint i;\n\nPut the int first, reverse xmas tree please.\n\n"
              "> +\t\t\tstats->rx_bytes += ring->bytes;\n\nIs this read twice on purpose?\n")
    quoted = "\n".join("> " + ln if ln else ">" for ln in review.split("\n\n", 1)[1].splitlines())
    answer = (f"From: Lena Okafor <lena.okafor@example.org>\nSubject: {subject}\nMessage-ID: <top-a1@example.org>\n"
              f"In-Reply-To: <top-r1@example.com>\nReferences: {ids[0]} {ids[1]} <top-r1@example.com>\n"
              f"Content-Type: text/plain\n\n{top}\n\nLena\n\n"
              "On Mon, Mar 2, 2026 at 9:00 AM Jakub Marek <kuba.marek@example.com> wrote:\n" + quoted + "\n")
    return (review + "\n").encode(), answer.encode()


@pytest.mark.parametrize("top, response", [
    ("Thanks Jakub, I will fix all of it in v3.", Response.ACCEPTED),
    ("Thanks, I will fix these in v3.", Response.ACCEPTED),
])
def test_a_top_posted_answer_about_every_comment_answers_each(top, response):
    review, answer = _acme_review_and_top_post(top)
    series = (DATA / "acme/series.mbox").read_bytes()
    rv = read_review(build(read_messages([("series.mbox", series), ("r.eml", review), ("a.eml", answer)])), None)
    assert [(s.comment.split()[0], s.response) for s in rv.suggestions] == [("Put", response), ("Is", response)]


def test_a_top_posted_answer_that_names_no_comment_answers_none_of_several():
    review, answer = _acme_review_and_top_post("Thanks for the review.")
    series = (DATA / "acme/series.mbox").read_bytes()
    rv = read_review(build(read_messages([("series.mbox", series), ("r.eml", review), ("a.eml", answer)])), None)
    assert [s.response for s in rv.suggestions] == [Response.NONE, Response.NONE]


def test_a_reply_with_no_text_is_one_line_of_the_report():
    series = (DATA / "acme/series.mbox").read_bytes()
    ids = [ln.split(":", 1)[1].strip() for ln in series.decode().splitlines() if ln.lower().startswith("message-id:")]
    reply = (f"From: Jakub Marek <kuba.marek@example.com>\nSubject: Re: [PATCH net-next v2 1/2] net: acme: add "
             f"ndo_get_stats64\nMessage-ID: <tnef@example.com>\nIn-Reply-To: {ids[1]}\nMIME-Version: 1.0\n"
             "Content-Type: application/ms-tnef; name=winmail.dat\nContent-Transfer-Encoding: base64\n\nAAAA\n")
    rv = read_review(build(read_messages([("series.mbox", series), ("r.eml", reply.encode())])), None)
    assert [(s.id, s.status.value, s.reason) for s in rv.suggestions] == [
        ("1.1", "skipped", "not read: no text in the mail (application/ms-tnef)")]


@pytest.mark.parametrize("attribution", [
    "Le sam., mars 7 2026 at 10:00:01 +0100, Lena Okafor \n<lena.okafor@example.org> a écrit :",
    "Am Sa., 7. März 2026 um 10:00 Uhr schrieb Lena Okafor\n<lena.okafor@example.org>:",
    "On Sat, Mar 7, 2026 at 10:00 AM Lena Okafor\n<lena.okafor@example.org> wrote:",
])
def test_an_attribution_wrapped_over_two_lines_in_any_language_is_no_comment(attribution):
    from patches.thread import quote_authors, quote_lines
    series = (DATA / "acme/series.mbox").read_bytes()
    ids = [ln.split(":", 1)[1].strip() for ln in series.decode().splitlines() if ln.lower().startswith("message-id:")]
    body = attribution + "\n> +\tunsigned int start;\n> +\tint i;\n\nPut the int first, reverse xmas tree please.\n"
    reply = (f"From: Paul Martin <paul.martin@example.fr>\nSubject: Re: [PATCH net-next v2 1/2] net: acme: add "
             f"ndo_get_stats64\nMessage-ID: <wrapped@example.fr>\nIn-Reply-To: {ids[1]}\n"
             f"Content-Type: text/plain; charset=UTF-8\n\n{body}")
    rv = read_review(build(read_messages([("series.mbox", series), ("r.eml", reply.encode())])), None)
    assert [s.comment for s in rv.suggestions] == ["Put the int first, reverse xmas tree please."]
    assert quote_authors(quote_lines(body)) == {1: "Lena Okafor"}


def test_a_comment_line_above_an_attribution_is_not_part_of_it():
    from patches.thread import quote_authors, quote_lines
    assert quote_authors(quote_lines("I think this is wrong and\nJane Roe wrote:\n> x\n")) == {1: "Jane Roe"}


def test_narrowing_a_comment_under_a_closing_brace_takes_the_block_it_closes():
    """'Drop the message' under a quoted `if (...) { ... }` names no statement: the comment sits under
    the block's closing brace, so the block is meant, not the brace alone."""
    from patches.quotes import narrow
    from patches.voices import Quote
    q = Quote(lines=["+\tp = kzalloc(sizeof(*p), GFP_KERNEL);", "+\tif (!p) {",
                     "+\t\tpr_err(\"no memory\\n\");", "+\t\treturn -ENOMEM;", "+\t}"], in_message=False)
    assert narrow(q, "Drop the message, the allocator already warns.") == q.lines[1:]
    half = Quote(lines=["+\t\treturn -ENOMEM;", "+\t}", "+\tp->n = 1;", "+\t}"], in_message=False)
    assert narrow(half, "Drop the message, the allocator already warns.") == ["+\t}"]
