"""Two replies to the example series asking for a Suggested-by: one from Alice's own address, one from an
archive that hid Dana's address; and the example tree with a MAINTAINERS that has Dana's."""
from __future__ import annotations

import subprocess
from pathlib import Path


ASKS = """\
From alice@example.org Thu Mar  5 09:00:00 2026
From: Alice Maintainer <alice@example.org>
To: Sam Author <sam@example.org>
Subject: Re: [PATCH v2 2/2] misc: tinyring: Add tinyring_pop()
Date: Thu, 5 Mar 2026 09:00:00 +0000
Message-ID: <aliceAsk1@example.org>
In-Reply-To: <20260302090000.2-sam@example.org>
References: <20260302090000.0-sam@example.org> <20260302090000.2-sam@example.org>

On Mon, Mar 02, 2026 at 09:00:02AM +0000, Sam Author wrote:
> The consumer side, symmetrical to tinyring_push(): copy at most len bytes
> out of the ring and return how many were copied.

The pop helper came out of my review of v1, so feel free to add a
Suggested-by: for it.

From dana@example.com Thu Mar  5 10:00:00 2026
From: Dana Okafor <dana@xxxxxxx>
To: Sam Author <sam@example.org>
Subject: Re: [PATCH v2 1/2] misc: tinyring: Add tinyring_push()
Date: Thu, 5 Mar 2026 10:00:00 +0000
Message-ID: <danaAsk1@example.com>
In-Reply-To: <20260302090000.1-sam@example.org>
References: <20260302090000.0-sam@example.org> <20260302090000.1-sam@example.org>

On Mon, Mar 02, 2026 at 09:00:01AM +0000, Sam Author wrote:
> Producers had to open-code the index arithmetic. Give them a helper that
> copies a buffer into the ring under the lock.

The push helper was my idea, please add a Suggested-by: when you respin.

"""




def write_asks(path: Path) -> Path:
    path.write_text(ASKS)
    return path


def with_maintainers(tree: Path) -> Path:
    """TREE (the example tree) with a MAINTAINERS on the branch it has checked out."""
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tree), "-c", "user.name=Sam Author", "-c", "user.email=sam@example.org",
                        *args], check=True, capture_output=True, timeout=60)
    git("checkout", "-q", "master")
    (tree / "MAINTAINERS").write_text("TINYRING\nM:\tDana Okafor <dana.okafor@example.com>\n"
                                      "F:\tdrivers/misc/tinyring.c\n")
    git("add", "MAINTAINERS")
    git("commit", "-qm", "MAINTAINERS")
    return tree
