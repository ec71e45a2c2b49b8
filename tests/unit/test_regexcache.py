"""Python's translations of regular expressions, kept by the command line from one run to the next."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import regexcache
from app.regexcache import RegexCache

ROOT = Path(__file__).resolve().parents[2]

PATTERNS: list[tuple[str | bytes, int]] = [
    (r"^(?P<tag>[A-Z][\w-]*-by):\s*(?P<who>.+?)\s*<(?P<addr>[^>]+)>\s*$", 0),
    (r"(?<![\w$])VM_WARN_ON(?![\w$])", 0),
    (r"\bcan\s+be\s+const\b", re.I),
    ("^> ?(.*)$", re.M),
    (r"""
        (?P<ws>[ \t]+)      # blanks
      | (?P<num>\d+\b)      # a number
    """, re.X),
    (r"(?i)ok(?:ay)?\.?$", 0),
    (r"a.b", re.S),
    (rb"[\x80-\xff]+", 0),
    ("caf\u00e9|na\u00efve", 0),
    (r"(a)(b)?(?(2)c|d)", 0),
]
SAMPLES = ["Reviewed-by: Bob <bob@example.org>", "\tVM_WARN_ON(x);", "This CAN be const.", "> quoted\nplain",
           "  12 ", "OKAY.", "a\nb", "abd", "abc", "un café naïve"]


def _match_all(p: re.Pattern) -> list:
    if isinstance(p.pattern, bytes):
        return [p.findall(s.encode()) for s in SAMPLES]
    return [[m.span() for m in p.finditer(s)] + [m.groupdict() for m in p.finditer(s)] for s in SAMPLES]


def test_a_stored_pattern_is_the_pattern_python_compiles(tmp_path):
    path = tmp_path / "regex.marshal"
    first = RegexCache(path)
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    assert first.added == len(PATTERNS)
    first.save()
    again = RegexCache(path)
    assert set(again.stored) == set(PATTERNS)
    for pattern, flags in PATTERNS:
        cached = again.compile(pattern, flags)
        plain = regexcache._ORIGINAL(pattern, flags)
        # patterns compare equal when their text, flags and code are: the same engine program
        assert cached == plain
        assert (cached.flags, cached.groups, cached.groupindex) == (plain.flags, plain.groups, plain.groupindex)
        assert _match_all(cached) == _match_all(plain)
    assert again.added == 0


def test_nothing_is_written_when_the_run_added_nothing(tmp_path):
    path = tmp_path / "regex.marshal"
    cache = RegexCache(path)
    cache.compile("abc", 0)
    cache.save()
    stamp = path.stat().st_mtime_ns
    cache = RegexCache(path)
    cache.compile("abc", 0)
    cache.save()
    assert path.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("content", [
    b"",
    b"not marshal at all",
    marshal.dumps((("respin-regex-1", "2.7.18", 1, 4, 1, 1), [])),                  # another Python
    marshal.dumps((regexcache.FORMAT, [("abc", 0, 32, b"\x01\x02\x03", 0, {}, ())])),  # code of no use
    marshal.dumps((regexcache.FORMAT, [("abc",)])),
])
def test_a_file_of_another_python_or_damaged_is_no_cache(tmp_path, content):
    path = tmp_path / "regex.marshal"
    path.write_bytes(content)
    cache = RegexCache(path)
    p = cache.compile(r"ab+c", 0)
    assert p.fullmatch("abbbc") and not p.fullmatch("ac")


def test_code_the_engine_rejects_is_translated_again_and_nothing_stored(tmp_path):
    path = tmp_path / "regex.marshal"
    bogus = (0, [1, 2, 3], 0, {}, (None,))
    path.write_bytes(marshal.dumps((regexcache.FORMAT, [regexcache._row(("ab+c", 0), bogus)])))
    before = path.read_bytes()
    cache = RegexCache(path)
    p = cache.compile("ab+c", 0)
    assert p.fullmatch("abbc")
    assert cache.broken
    cache.save()
    assert path.read_bytes() == before


def test_the_patterns_of_this_run_are_kept_first_up_to_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(regexcache, "LIMIT", 3)
    path = tmp_path / "regex.marshal"
    old = RegexCache(path)
    for p in ("a1", "a2", "a3"):
        old.compile(p, 0)
    old.save()
    run = RegexCache(path)
    run.compile("b1", 0)
    run.compile("a2", 0)
    run.save()
    assert list(RegexCache(path).stored) == [("b1", 0), ("a2", 0), ("a1", 0)]


def test_a_cache_that_cannot_be_written_is_not_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = RegexCache(blocker / "sub" / "regex.marshal")
    cache.compile("x+", 0)
    cache.save()                        # no error
    assert not (blocker / "sub").exists()


def test_the_command_line_keeps_its_patterns_in_the_users_cache(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    thread = ROOT / "examples" / "thread.mbox"
    cmd = [sys.executable, "-m", "app.cli", "suggestions", "--thread", str(thread), "--json"]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    stored = RegexCache(tmp_path / "respin" / "regex.marshal").stored
    assert len(stored) > 300                             # the readings' patterns
    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and second.stdout == first.stdout


def test_a_long_pattern_is_not_stored_and_the_file_stays_small(tmp_path, monkeypatch):
    monkeypatch.setattr(regexcache, "MAX_BYTES", 2000)
    path = tmp_path / "regex.marshal"
    cache = RegexCache(path)
    cache.compile("x" * (regexcache.MAX_PATTERN + 1), 0)
    for i in range(100):
        cache.compile(f"name_{i:03d}_[a-z]+", 0)
    cache.save()
    kept = list(RegexCache(path).stored)
    assert ("x" * (regexcache.MAX_PATTERN + 1), 0) not in kept
    assert kept[0] == ("name_000_[a-z]+", 0) and 5 < len(kept) < 100
