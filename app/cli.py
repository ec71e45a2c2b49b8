"""respin's command line.

    respin run --tree PATH --thread FILE|MSGID|URL [--thread ...] [--fetch-newer] [--series RANGE] [--base REV]
               [--out DIR]
    respin suggestions --thread FILE|MSGID|URL... [--tree PATH] [--series RANGE] [--json]
    respin send OUT --to ADDR [--cc ADDR] [--dry-run]
    respin propagate --tree PATH --rule FILE [--rev REV] [--out FILE] [--cache DIR]
    respin serve [--host 127.0.0.1] [--port 8000]
    respin worker [--concurrency N] [--name NAME]   (RESPIN_RUNNER=celery: run jobs from the broker)
    respin example [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import RespinError

if TYPE_CHECKING:
    from app.respin import ThreadInput

# Each command imports what it uses: `respin send`, `propagate` or `serve` do not load the pipeline.


def _inputs(paths: list[str], what: str) -> list[ThreadInput]:
    from app.respin import ThreadInput

    out = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise RespinError(f"{what} {p} does not exist or is not a file")
        out.append(ThreadInput(path.name, path.read_bytes()))
    return out


def _looks_like_msgid(text: str) -> bool:
    """A --thread value that names a mail, not a file: a URL, <...>, id:..., or a bare x@y that does not
    end like a mail file's name."""
    t = text.strip()
    if t.startswith(("http://", "https://", "<", "id:")):
        return True
    return "@" in t and "/" not in t and not t.lower().endswith((".mbox", ".eml", ".txt", ".mbx"))


def _threads(refs: list[str], tree: str | None, fetch_newer: bool = False) -> list[ThreadInput]:
    """--thread values: files as they are; a Message-ID or archive URL fetched from the archive
    (RESPIN_LORE_URL, else the tree's b4.midmask, else lore).  FETCH_NEWER: each file's thread is
    fetched too and the replies the file lacks are added."""
    from app.respin import lore_base, newer_replies, thread_by_msgid
    from app.settings import SettingsError, lore_url_from_env

    files = [r for r in refs if Path(r).is_file() or not _looks_like_msgid(r)]
    remote = [r for r in refs if r not in files]
    out = _inputs(files, "thread")
    if remote or fetch_newer:
        try:
            base = lore_base(Path(tree or "."), lore_url_from_env())
        except SettingsError as e:
            raise RespinError(str(e)) from None
        for r in remote:
            _progress("fetching", f"{r.strip()[:100]} from {base}")
            out.append(thread_by_msgid(r, base))
        if fetch_newer and out:
            _progress("fetching", f"newer replies from {base}")
            newer = newer_replies([t for t in out if not t.name.startswith("lore-")], base)
            for t in newer:
                _progress("fetching", f"{t.name}: {_mail_count(t.data)} reply(ies) the file lacked")
            out += newer
    return out


def _mail_count(data: bytes) -> int:
    return data.count(b"\nFrom mboxrd@z ") + data.startswith(b"From mboxrd@z ")


def _limits():
    """How much thread to read: RESPIN_MAX_MESSAGES, _MAX_QUOTE_DEPTH, _MAX_LINE_LENGTH or the defaults."""
    from app.settings import SettingsError, thread_limits_from_env

    try:
        return thread_limits_from_env()
    except SettingsError as e:
        raise RespinError(str(e)) from None


def _progress(stage: str, msg: str) -> None:
    print(f"[{stage:>10}] {msg}", file=sys.stderr, flush=True)


def _check_tools(send: bool = False) -> None:
    """Before the work starts: RespinError naming the Debian package when spatch (with Python scripting) or
    git is unusable; a warning for what only part of the result needs (perl for checkpatch.pl, send-email).
    A check that found nothing missing is remembered until a tool changes (app.health.before_run)."""
    from app.health import before_run
    fatal, warnings = before_run(send=send)
    if fatal:
        raise RespinError("; ".join(fatal))
    for problem in warnings:
        print(f"respin: warning: {problem}", file=sys.stderr)


def cmd_run(a: argparse.Namespace) -> int:
    from patches import checkpatch
    from app.respin import RespinRequest, run_respin

    _check_tools()

    req = RespinRequest(tree=Path(a.tree), threads=_threads(a.thread, a.tree, a.fetch_newer), out=Path(a.out),
                        series=a.series or "", base=a.base or "", rules=_inputs(a.rule or [], "rule"),
                        exclude=set(a.exclude or []), propagate=a.propagate,
                        only_accepted=a.only_accepted, force=a.force, trusted_rules=True,
                        branch=a.branch or "", progress=_progress, limits=_limits(),
                        committer=a.committer or os.environ.get("RESPIN_COMMITTER", ""),
                        early_checkpatch=(os.cpu_count() or 1) > 1)    # one user: perl may start at once
    t0 = time.monotonic()
    result = run_respin(req)
    counts: dict[str, int] = {}
    for s in result.suggestions:
        key = s.status.value if s.status else "skipped"
        counts[key] = counts.get(key, 0) + 1
    print(f"respin: v{result.version} of {len(result.patches)} patch(es) in {a.out} "
          f"({time.monotonic() - t0:.1f}s), branch {result.branch}")
    print("suggestions: " + ", ".join(f"{counts.get(k, 0)} {k}"
                                       for k in ("applied", "manual", "skipped", "failed")))
    for s in result.suggestions:
        if s.status and (s.status.value in ("manual", "failed") or s.reason.startswith("partly:")):
            print(f"  {s.id} {s.status.value}: {s.reason}")
        elif s.kind == "trailer" and s.reason.startswith("not collected:"):
            print(f"  {s.id} {s.reason} (add it by hand if it is genuine)")
        elif s.alternative_to and s.status and s.status.value == "applied":
            print(f"  {s.id} applied: the author's alternative to {s.alternative_to}: \"{s.author_words}\"")
    if result.checkpatch:
        print(checkpatch.format_summary(result.checkpatch))
    print(f"next: git send-email --to=... {a.out}/v{result.version}-*.patch   (or: respin send {a.out} --to ...)")
    return 0


def cmd_suggestions(a: argparse.Namespace) -> int:
    from cocci import rules as rules_mod
    from patches import conversation, review as review_mod, table, thread
    from patches.git import GitError, open_repo
    from app.respin import contexts, series_files

    try:
        repo = open_repo(a.tree) if a.tree else None
        msgs = thread.read_messages([(t.name, t.data) for t in _threads(a.thread, a.tree)], _limits())
        review = review_mod.read_review(conversation.build(msgs), repo, a.series or "")
    except (ValueError, GitError) as e:
        raise RespinError(str(e)) from None
    if repo is not None and all(p.commit for p in review.series.patches):
        files, bases = series_files(repo, review.series.patches)
        rules_mod.plan(review.suggestions, contexts(review, files, bases, repo))
    if a.json:
        print(json.dumps([s.to_json() for s in review.suggestions], indent=2))
    else:
        print(table.suggestions_table(review.suggestions))
        if review.trailers:
            print("\ntrailers given:")
            for t in review.trailers:
                print(f"  {t}" + (" (whole series)" if t.patch == 0 else f" (patch {t.patch})")
                      + (" (conditional)" if t.conditional else "")
                      + (f" (address from {t.address_from})" if t.address_from else ""))
    return 0


def cmd_send(a: argparse.Namespace) -> int:
    from patches import send

    lacking = send.send_email_problems()
    for problem in lacking:
        print(f"respin: warning: {problem}", file=sys.stderr)

    try:
        result = send.send(Path(a.out), to=a.to or [], cc=a.cc or [], dry_run=a.dry_run,
                           maintainers=a.get_maintainer)
    except send.SendError as e:
        raise RespinError(str(e)) from None
    if result.output:
        print(result.output.rstrip())
    print(f"respin: {'would send' if result.dry_run else 'sent'} {len(result.files)} mail(s) to "
          f"{', '.join(result.to)}" + (f", cc {', '.join(result.cc)}" if result.cc else ""))
    return 0


def cmd_propagate(a: argparse.Namespace) -> int:
    """The rule over every C file of the tree at REV (only those holding the names it removes are read):
    a unified diff of what it changes, on stdout or in --out."""
    import tempfile
    from cocci import linediff, spatch, treewide
    from patches.git import GitError, open_repo

    _check_tools()
    rule = Path(a.rule)
    if not rule.is_file():
        raise RespinError(f"rule {a.rule} does not exist or is not a file")
    cache = Path(a.cache) if a.cache else Path(os.environ.get("RESPIN_DATA_DIR", ".respin-data")) / "cache" / "treewide"
    t0 = time.monotonic()
    try:
        repo = open_repo(a.tree)
        with tempfile.TemporaryDirectory(prefix="respin-treewide-") as tmp:
            out = treewide.run(rule.read_text(), repo, a.rev, Path(tmp), cache=cache, jobs=max(1, a.jobs),
                               narrow=not a.all_files)
    except (GitError, spatch.SpatchError, ValueError) as e:
        raise RespinError(str(e)) from None
    diff = "".join(line + "\n" for c in out.changes
                   for line in linediff.unified(c.before.splitlines(), c.after.splitlines(),
                                                f"a/{c.path}", f"b/{c.path}", lineterm=""))
    for problem in out.errors:
        print(f"respin: warning: some files were not searched: {problem}", file=sys.stderr)
    if a.out:
        Path(a.out).write_text(diff)
    else:
        sys.stdout.write(diff)
    how = (f"files holding {' or '.join('+'.join(c) for c in out.query.clauses)}" if out.query.narrows
           else f"every C file ({out.query.why})")
    print(f"respin: {len(out.changes)} file(s) changed of {len(out.candidates)} read ({how}; "
          f"{'cached' if out.cached else 'searched'}) in {time.monotonic() - t0:.1f}s "
          f"({', '.join(f'{k} {v:.1f}s' for k, v in out.seconds.items())})", file=sys.stderr)
    return 0


def cmd_serve(a: argparse.Namespace) -> int:
    from app.main import serve

    serve(a.host, a.port)
    return 0


def cmd_worker(a: argparse.Namespace) -> int:
    from app.distributed import worker_main

    return worker_main(concurrency=a.concurrency, name=a.name, loglevel=a.loglevel)


def cmd_example(a: argparse.Namespace) -> int:
    from app.example import EXAMPLE_SERIES, EXAMPLE_THREAD, ensure_example_tree

    out = Path(a.out)
    tree = ensure_example_tree(Path(a.tree_dir))
    print(f"example tree: {tree} (series {EXAMPLE_SERIES}), thread: {EXAMPLE_THREAD}")
    ns = argparse.Namespace(tree=str(tree), thread=[str(EXAMPLE_THREAD)], fetch_newer=False, out=str(out), series="",
                            base="", rule=[], exclude=[], propagate=False, force=True, branch="",
                            only_accepted=False, committer="")
    return cmd_run(ns)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="respin", description="Turn a kernel review thread into the next "
                                 "version of the patch series.")
    sub = ap.add_subparsers(dest="cmd", required=True)

    r = sub.add_parser("run", help="respin a series from its review thread")
    r.add_argument("--tree", required=True, help="the kernel git repository (never modified but for the new branch)")
    r.add_argument("--thread", action="append", required=True,
                   help="mbox, .eml or pasted archive text; or a Message-ID or lore URL, fetched from "
                        "$RESPIN_LORE_URL (else git config b4.midmask, else lore.kernel.org) (repeatable)")
    r.add_argument("--fetch-newer", action="store_true",
                   help="also fetch each thread file's thread from the archive and add the replies it lacks")
    r.add_argument("--series", help="the series' commits in the tree, e.g. base..hugetlb")
    r.add_argument("--base", help="apply the thread's patch mails onto REV when the tree lacks them")
    r.add_argument("--out", default="out", help="output directory (default: ./out)")
    r.add_argument("--rule", action="append", help="a .cocci file of your own to apply as well (repeatable)")
    r.add_argument("--exclude", action="append", metavar="ID", help="leave suggestion ID out (repeatable)")
    r.add_argument("--propagate", action="store_true", help="apply rules wherever else in the series they match")
    r.add_argument("--only-accepted", action="store_true",
                   help="apply only suggestions the author answered (\"Ok.\"); by default every request the "
                        "author did not decline or defer is applied")
    r.add_argument("--branch", help="name of the new branch (default: <branch>-v<N+1>)")
    r.add_argument("--force", action="store_true", help="replace an existing branch of that name")
    r.add_argument("--committer", metavar="'NAME <ADDR>'",
                   help="committer of the new commits (default: $RESPIN_COMMITTER, else each commit's author)")
    r.set_defaults(func=cmd_run)

    s = sub.add_parser("suggestions", help="list what the reviewers asked for")
    s.add_argument("--thread", action="append", required=True, help="file, Message-ID or lore URL")
    s.add_argument("--tree")
    s.add_argument("--series")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_suggestions)

    m = sub.add_parser("send", help="send a respun series with git send-email")
    m.add_argument("out")
    m.add_argument("--to", action="append")
    m.add_argument("--cc", action="append")
    m.add_argument("--dry-run", action="store_true")
    m.add_argument("--get-maintainer", action="store_true", help="add Cc from scripts/get_maintainer.pl")
    m.set_defaults(func=cmd_send)

    t = sub.add_parser("propagate", help="run a rule over the whole tree (the files holding the names it removes)")
    t.add_argument("--tree", required=True, help="the kernel git repository (read only; no checkout is used)")
    t.add_argument("--rule", required=True, help="the .cocci file")
    t.add_argument("--rev", default="HEAD", help="the commit whose tree to read (default: HEAD)")
    t.add_argument("--out", help="write the diff here (default: stdout)")
    t.add_argument("--cache", help="where the name lists per tree are kept (default: $RESPIN_DATA_DIR/cache/treewide)")
    t.add_argument("--jobs", type=int, default=2, help="spatch processes at once (default 2)")
    t.add_argument("--all-files", action="store_true", help="no prefilter: every C file of the tree")
    t.set_defaults(func=cmd_propagate)

    v = sub.add_parser("serve", help="start the web service")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)
    v.set_defaults(func=cmd_serve)

    w = sub.add_parser("worker", help="run respin jobs from the broker (RESPIN_BROKER_URL)")
    w.add_argument("--concurrency", type=int, default=0, help="jobs at the same time (default RESPIN_WORKERS)")
    w.add_argument("--name", default="", help="worker name, e.g. w1@%%h (default celery@<host>)")
    w.add_argument("--loglevel", default="INFO")
    w.set_defaults(func=cmd_worker)

    e = sub.add_parser("example", help="respin the example series that ships with respin")
    e.add_argument("--out", default="out/example")
    e.add_argument("--tree-dir", default=".respin-data/example-tree")
    e.set_defaults(func=cmd_example)
    return ap


# commands that end: they keep Python's translations of respin's regular expressions for the next run
_SHORT = {"run", "suggestions", "send", "propagate", "example"}


def main(argv: list[str] | None = None) -> int:
    a = parser().parse_args(argv)
    from app import regexcache
    from app.health import cache_dir

    cache = cache_dir() if a.cmd in _SHORT else None
    if cache is not None:
        regexcache.install(cache / regexcache.FILE_NAME)
    try:
        return a.func(a)
    except RespinError as e:
        print(f"respin: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        regexcache.uninstall()


if __name__ == "__main__":
    sys.exit(main())
