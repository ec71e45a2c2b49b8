"""Review threads of any size, shaped like real kernel list mail, for the attack and fuzz tests.

A two-patch series for a small driver, then reviews quoting its diff with comments below the
quotes, the author's answers quoting the reviews, trailers, sign-offs and list footers.  The
threads are made up here (no real thread is copied); the bench and the tests share them.
"""
from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

AUTHOR = ("Ilse Varga", "ilse.varga@example.org")
LIST = "linux-gpio@vger.kernel.org"
T0 = datetime(2026, 4, 6, 9, 0, 0, tzinfo=timezone.utc)

PATCH_TITLE = "gpio: qdev: read the line state under the lock"
PATCH_DIFF = """\
diff --git a/drivers/gpio/gpio-qdev.c b/drivers/gpio/gpio-qdev.c
index 3f1c2a9..8be04d1 100644
--- a/drivers/gpio/gpio-qdev.c
+++ b/drivers/gpio/gpio-qdev.c
@@ -88,14 +88,22 @@ static int qdev_gpio_get(struct gpio_chip *gc, unsigned int offset)
 {
 \tstruct qdev_gpio *qg = gpiochip_get_data(gc);
-	u32 val;
+	unsigned long flags;
+	u32 val = 0;
+	int ret;

-	val = readl(qg->base + QDEV_GPIO_IN);
+	spin_lock_irqsave(&qg->lock, flags);
+	ret = qdev_gpio_wait_ready(qg);
+	if (ret) {
+		spin_unlock_irqrestore(&qg->lock, flags);
+		return ret;
+	}
+	val = readl(qg->base + QDEV_GPIO_IN);
+	spin_unlock_irqrestore(&qg->lock, flags);

 \treturn !!(val & BIT(offset));
 }
"""

# (quoted diff lines, comment) pairs a reviewer may send; all written for this made-up driver
REMARKS = [
    (["+	unsigned long flags;", "+	u32 val = 0;"],
     "There is no need to initialize val, every path below sets it before use."),
    (["+	spin_lock_irqsave(&qg->lock, flags);", "+	ret = qdev_gpio_wait_ready(qg);"],
     "Can qdev_gpio_wait_ready() sleep? If so it cannot be called with the lock held."),
    (["+	if (ret) {", "+		spin_unlock_irqrestore(&qg->lock, flags);", "+		return ret;", "+	}"],
     "Please use guard(spinlock_irqsave) here, it drops the unlock on the error path."),
    (["+	val = readl(qg->base + QDEV_GPIO_IN);"],
     "Why not readl_relaxed()? The lock already orders the access."),
    ([" 	return !!(val & BIT(offset));"],
     "nit: the double negation is not needed, gpiolib normalizes the value."),
]

ANSWERS = ["Ok, will drop it in v2.", "Good catch, fixed.", "I'd rather keep it, the helper is shared.",
           "Will do.", "No, it cannot sleep, it polls with udelay()."]


def _date(i: int) -> str:
    return format_datetime(T0 + timedelta(minutes=7 * i))


def mail(*, sender: tuple[str, str], subject: str, msgid: str, body: str, when: int,
         in_reply_to: str = "", references: tuple[str, ...] = (), extra: str = "") -> str:
    """One mail as it sits in an mbox (the From_ line first)."""
    head = [f"From {sender[1]} Mon Apr  6 09:00:00 2026",
            f"From: {sender[0]} <{sender[1]}>",
            f"To: {AUTHOR[0]} <{AUTHOR[1]}>",
            f"Cc: {LIST}",
            f"Subject: {subject}",
            f"Date: {_date(when)}",
            f"Message-ID: <{msgid}>"]
    if in_reply_to:
        head.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        head.append("References: " + " ".join(f"<{r}>" for r in references))
    head += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
             "Content-Transfer-Encoding: 8bit"]
    if extra:
        head.append(extra)
    return "\n".join(head) + "\n\n" + body.rstrip("\n") + "\n\n"


def patch_mail() -> str:
    body = (f"The input register is read while another CPU may be reprogramming the bank.\n"
            f"Take the lock and wait for the bank to settle before reading it.\n\n"
            f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n---\n"
            f" drivers/gpio/gpio-qdev.c | 14 +++++++++++---\n 1 file changed, 11 insertions(+), 3 deletions(-)\n\n"
            f"{PATCH_DIFF}--\n2.47.1\n")
    return mail(sender=AUTHOR, subject=f"[PATCH v1] {PATCH_TITLE}", msgid="patch-1@example.org",
                body=body, when=0)


def reviewer(i: int) -> tuple[str, str]:
    first = ["Tomas", "Aiko", "Ravi", "Mirela", "Jonas", "Keziah", "Oren", "Sunniva"][i % 8]
    return f"{first} Reviewer{i}", f"{first.lower()}{i}@example.net"


def review_body(i: int, who: str = AUTHOR[0]) -> str:
    quoted, comment = REMARKS[i % len(REMARKS)]
    lines = [f"On Mon, Apr 06, 2026 at 09:00:00AM +0000, {who} wrote:"]
    lines += [f"> {q}" for q in quoted]
    lines += ["", comment, ""]
    if i % 3 == 0:
        lines += [f"Reviewed-by: {reviewer(i)[0]} <{reviewer(i)[1]}>", ""]
    lines += ["Thanks,", reviewer(i)[0].split()[0]]
    return "\n".join(lines)


def answer_body(i: int, review: str) -> str:
    quoted = "\n".join(">" + (" " + ln if ln and not ln.startswith(">") else ln) for ln in review.split("\n"))
    quoted = quoted.replace(f"> {REMARKS[i % len(REMARKS)][1]}",
                            f"> {REMARKS[i % len(REMARKS)][1]}\n\n{ANSWERS[i % len(ANSWERS)]}\n")
    return f"On 06/04/2026 10:00, {reviewer(i)[0]} wrote:\n{quoted}\n"


def wide_thread(replies: int) -> bytes:
    """The patch and REPLIES replies to it: reviews by many people, each third answered by the author."""
    out = [patch_mail()]
    root = "patch-1@example.org"
    n = 0
    i = 0
    while n < replies:
        body = review_body(i)
        rid = f"r{i}@example.net"
        out.append(mail(sender=reviewer(i), subject=f"Re: [PATCH v1] {PATCH_TITLE}", msgid=rid, body=body,
                        when=i + 1, in_reply_to=root, references=(root,)))
        n += 1
        if n < replies and i % 3 == 1:
            out.append(mail(sender=AUTHOR, subject=f"Re: [PATCH v1] {PATCH_TITLE}", msgid=f"a{i}@example.org",
                            body=answer_body(i, body), when=i + 2, in_reply_to=rid, references=(root, rid)))
            n += 1
        i += 1
    return "".join(out).encode()


def chain_thread(depth: int) -> bytes:
    """The patch and a chain of DEPTH replies, each answering the one before: a reviewer's comment on
    the code, the author's answer below it (quoting it), the reviewer's next comment, and so on."""
    out = [patch_mail()]
    parent = "patch-1@example.org"
    refs: tuple[str, ...] = (parent,)
    last = ""
    for i in range(depth):
        rid = f"c{i}@example.net"
        if i % 2 == 0:
            who = reviewer(0)
            quoted, comment = REMARKS[(i // 2) % len(REMARKS)]
            body = "\n".join([f"On Mon, Apr 06, 2026 at 09:00:00AM +0000, {AUTHOR[0]} wrote:"]
                             + [f"> {q}" for q in quoted] + ["", f"On point {i // 2}: {comment}", ""])
        else:
            who = AUTHOR
            quoted_mail = "\n".join(">" + (" " + ln if ln and not ln.startswith(">") else ln)
                                     for ln in last.split("\n"))
            body = f"On 06/04/2026 10:00, {reviewer(0)[0]} wrote:\n{quoted_mail}\n\n{ANSWERS[(i // 2) % 5]}\n"
        out.append(mail(sender=who, subject=f"Re: [PATCH v1] {PATCH_TITLE}", msgid=rid, body=body, when=i + 1,
                        in_reply_to=parent, references=refs[-3:]))
        parent, last = rid, body
        refs = refs + (rid,)
    return "".join(out).encode()
