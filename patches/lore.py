"""A review thread fetched from a public-inbox archive (lore) by its Message-ID, as b4 fetches it.

    parse_msgid("https://lore.kernel.org/all/<msgid>/")  -> "<msgid>" (bare, validated)
    base_url(env_value, midmask)                         -> the archive to ask (RESPIN_LORE_URL wins,
                                                            then git config b4.midmask, then lore)
    fetch_thread(msgid, base)                            -> mbox bytes of the whole thread
    missing_replies(given, thread)                       -> the mails of THREAD that GIVEN lacks

The archive serves the thread as ``<base>/<msgid>/t.mbox.gz``; b4's own library (liblore) splits
it and drops duplicates, and b4 keeps only the mails of the thread the Message-ID is in.  The
server is always the configured one: a URL the user gives is read for its Message-ID only, so a
request can never make respin fetch from a host of its choosing.  The download is bounded in
size and time; every failure is a LoreError whose message is one line.
"""
from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO

DEFAULT_BASE = "https://lore.kernel.org/all"
MAX_MSGID = 250                     # characters; real Message-IDs are far shorter
MAX_BYTES = 64 * 1024 * 1024        # the thread's mbox, decompressed
TIMEOUT = 30.0                      # seconds to connect, and between two reads
DEADLINE = 120.0                    # seconds for the whole download

# printable ASCII without the characters that could leave the path segment or the header
_MSGID = re.compile(r"^[!#-'*-.0-9=?A-Z^-~;:]+@[!#-'*-.0-9=?A-Z^-~;:\[\]]+$")


class LoreError(ValueError):
    """The thread cannot be fetched; KIND is "invalid" (bad Message-ID or URL), "unknown" (the
    archive has no such message), "unreachable" (no answer, or an error status) or "too-large"."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def parse_msgid(text: str) -> str:
    """The bare Message-ID in TEXT: "<id@host>", "id@host", "id:id@host" or an archive URL
    (https://lore.kernel.org/list/id@host/ with any trailing T/, t.mbox.gz ...)."""
    raw = text.strip()
    if len(raw) > 2000:
        raise LoreError("the Message-ID or URL is too long", "invalid")
    if "://" in raw:
        scheme = raw.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise LoreError(f"only http(s) archive URLs are read, not {scheme}://", "invalid")
        path = urllib.parse.urlsplit(raw).path
        segments = [urllib.parse.unquote(s) for s in path.split("/") if s]
        found = [s for s in segments if "@" in s]
        if not found:
            raise LoreError(f"no Message-ID in the URL {raw[:100]} (expected .../<list>/<message-id>/)",
                            "invalid")
        raw = found[0]
    raw = re.sub(r"^(?:rfc822msg)?id:", "", raw.strip()).strip().removeprefix("<").removesuffix(">")
    if not raw or len(raw) > MAX_MSGID:
        raise LoreError(f"a Message-ID has 1 to {MAX_MSGID} characters", "invalid")
    if not _MSGID.match(raw):
        raise LoreError(f"{raw[:80]!r} is not a Message-ID (expected something like "
                        "<20260526063600.1-someone@example.org>)", "invalid")
    return raw


def base_url(configured: str = "", midmask: str = "") -> str:
    """The public-inbox archive to fetch from: CONFIGURED (RESPIN_LORE_URL) when set, else the one
    b4's MIDMASK names (git config b4.midmask, "https://lore.kernel.org/all/%s"), else lore's "all"."""
    if configured.strip():
        url = configured.strip().rstrip("/")
        what = "RESPIN_LORE_URL"
    elif midmask.strip():
        url = midmask.strip().replace("%s", "").rstrip("/")
        what = "b4.midmask"
    else:
        return DEFAULT_BASE
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LoreError(f"{what}: '{url[:80]}' is not an http(s) URL of a public-inbox archive", "invalid")
    if what == "b4.midmask" and parts.path in ("", "/"):
        url += "/all"           # a bare host: its "all" inbox holds every list (as b4 does)
    return url


def thread_url(base: str, msgid: str) -> str:
    return f"{base.rstrip('/')}/{urllib.parse.quote(msgid, safe='@!$&()*+,;=:~._-')}/t.mbox.gz"


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only (never to file:, ftp: ...)."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str, max_bytes: int, timeout: float) -> bytes:
    """The decompressed body of URL (gzip or plain), at most MAX_BYTES."""
    host = urllib.parse.urlsplit(url).netloc
    opener = urllib.request.build_opener(_HttpOnly())
    req = urllib.request.Request(url, headers={"User-Agent": "respin", "Accept-Encoding": "identity"})
    deadline = time.monotonic() + DEADLINE
    try:
        with opener.open(req, timeout=timeout) as resp:
            parts: list[bytes] = []
            size = 0
            while size <= max_bytes:
                chunk = resp.read(min(1 << 16, max_bytes + 1 - size))
                if not chunk:
                    break
                parts.append(chunk)
                size += len(chunk)
                if time.monotonic() > deadline:
                    raise LoreError(f"{host} took more than {DEADLINE:.0f} s to send the thread", "unreachable")
            raw = b"".join(parts)
    except urllib.error.HTTPError as e:
        if e.code in (404, 410):
            raise LoreError(f"{host} has no message with that Message-ID ({e.code})", "unknown") from None
        raise LoreError(f"{host} answered HTTP {e.code} for the thread: try again later", "unreachable") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise LoreError(f"cannot reach {host} ({reason}): check RESPIN_LORE_URL or the network",
                        "unreachable") from None
    if len(raw) > max_bytes:
        raise LoreError(f"the thread from {host} is larger than {max_bytes // 1048576} MB", "too-large")
    if raw[:2] != b"\x1f\x8b":
        return raw
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(raw, max_bytes + 1)
    except zlib.error:
        raise LoreError(f"{host} sent a damaged t.mbox.gz", "unreachable") from None
    if len(out) > max_bytes or d.unconsumed_tail:
        raise LoreError(f"the thread from {host} is larger than {max_bytes // 1048576} MB", "too-large")
    return out


@dataclass(frozen=True)
class Fetched:
    msgid: str
    url: str
    mbox: bytes                     # mboxrd of the thread's mails, oldest first as the archive has them
    count: int


def fetch_thread(msgid: str, base: str = DEFAULT_BASE, max_bytes: int = MAX_BYTES,
                 timeout: float = TIMEOUT) -> Fetched:
    """The whole thread MSGID is in, from the public-inbox archive at BASE."""
    url = thread_url(base, msgid)
    data = _download(url, max_bytes, timeout)
    chunks = _thread_chunks(data, msgid)
    if not chunks:
        raise LoreError(f"{urllib.parse.urlsplit(url).netloc} has no message with that Message-ID", "unknown")
    return Fetched(msgid, url, _mboxrd(chunks), len(chunks))


def _thread_chunks(data: bytes, msgid: str) -> list[bytes]:
    """The raw mails of DATA (an mboxrd) that belong to MSGID's thread, without duplicates."""
    import b4
    from liblore import utils as lu

    chunks = lu.split_and_dedupe_as_bytes(data)
    by_id = {}
    for raw in chunks:
        mid = lu.get_clean_msgid(lu.parse_message(raw))
        if mid:
            by_id[mid] = raw
    if msgid not in by_id:
        return []
    strict = b4.get_strict_thread([lu.parse_message(raw) for raw in by_id.values()], msgid) or []
    keep = {lu.get_clean_msgid(m) for m in strict}
    return [raw for mid, raw in by_id.items() if mid in keep]


def _mboxrd(chunks: list[bytes]) -> bytes:
    out = []
    for raw in chunks:
        body = re.sub(rb"^(>*From )", rb">\1", raw, flags=re.M)
        out.append(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n" + body.rstrip(b"\n") + b"\n\n")
    return b"".join(out)


def message_ids(data: bytes) -> list[str]:
    """The Message-IDs of the mails in DATA (an mbox or one mail), in order; [] for pasted text."""
    from liblore import utils as lu

    if not data.startswith(b"From "):
        data = b"From mboxrd@z Thu Jan  1 00:00:00 1970\n" + data
    ids = []
    for raw in lu.split_mbox_as_bytes(data):
        mid = lu.get_clean_msgid(lu.parse_message(raw))
        if mid:
            ids.append(mid)
    return ids


def thread_root(data: bytes) -> str:
    """The Message-ID to fetch DATA's thread by: the first mail's oldest reference, or its own id."""
    from liblore import utils as lu

    if not data.startswith(b"From "):
        data = b"From mboxrd@z Thu Jan  1 00:00:00 1970\n" + data
    for raw in lu.split_mbox_as_bytes(data):
        msg = lu.parse_message(raw)
        mid = lu.get_clean_msgid(msg)
        if not mid:
            continue
        refs = re.findall(r"<([^<>\s]+)>", str(msg.get("References", "") or ""))
        return refs[0] if refs else mid
    return ""


def missing_replies(given: list[bytes], thread: bytes) -> tuple[bytes, int]:
    """The mails of THREAD (an mbox) that none of GIVEN holds, as an mbox, and how many they are."""
    from liblore import utils as lu

    have = {mid for data in given for mid in message_ids(data)}
    new = [raw for raw in lu.split_mbox_as_bytes(thread)
           if (lu.get_clean_msgid(lu.parse_message(raw)) or "") not in have]
    return _mboxrd(new), len(new)
