"""A reply that quotes only context lines of the diff (no hunk header, no +/- line) is about the code,
not the commit message."""
from patches.conversation import build
from patches.review import read_review
from patches.thread import read_messages

PATCH = b"""From: Ana Lopes <ana@example.org>
Subject: [PATCH] misc: qx: write the block in one transfer
Message-ID: <p1@example.org>

Write the whole block with one SMBus call.

Signed-off-by: Ana Lopes <ana@example.org>
---
diff --git a/drivers/misc/qx.c b/drivers/misc/qx.c
--- a/drivers/misc/qx.c
+++ b/drivers/misc/qx.c
@@ -10,9 +10,7 @@ static int qx_write_block(void *client, u8 reg, u8 count, u8 *data)
 {
 \tstruct i2c_client *cl = client;
 \tint i, ret;
\x20
-\tfor (i = 0; i < count; i++)
-\t\tret = qx_write(cl, reg, data[i]);
+\tret = i2c_smbus_write_i2c_block_data(cl, reg, count, data);
 \treturn ret;
 }
"""

REPLY = b"""From: Bo Reviewer <bo@example.org>
Subject: Re: [PATCH] misc: qx: write the block in one transfer
Message-ID: <r1@example.org>
In-Reply-To: <p1@example.org>
References: <p1@example.org>

On Mon, Ana Lopes wrote:
>  static int qx_write_block(void *client, u8 reg, u8 count, u8 *data)
>  {
>  \tstruct i2c_client *cl = client;
>  \tint i, ret;

%s
"""


def _review(comment: bytes):
    c = build(read_messages([("p.eml", PATCH), ("r.eml", REPLY % comment)]))
    return read_review(c, None)


def test_a_quote_of_context_lines_only_is_code():
    for comment in (b"This introduces an unused variable warning, i is not used any more.",
                     b"This leaves i unused now, please drop it."):
        [s] = _review(comment).suggestions
        assert s.kind == "code" and not s.anchor.in_message, (comment, s.kind)
        assert s.quoted[-1].strip() == "int i, ret;"
