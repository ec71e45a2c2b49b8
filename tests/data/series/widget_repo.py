"""A small git repository with a 3-patch series, built by the series/mail/send tests.

drivers/misc/widget.c grows a reset helper (1/3), probe uses it (2/3, the patch under
review), and 3/3 documents the helper and adds a header declaration.  Dates and
identities are fixed, so the commit ids are the same on every build.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from patches.model import PatchMail, Person, Series, Subject

AUTHOR = Person("Mira Kovacs", "mira.kovacs@example.org")
REVIEWER = Person("Tomasz Lindqvist", "tomasz@example.net")

BASE_C = """\
// SPDX-License-Identifier: GPL-2.0
/*
 * Widget controller driver.
 */
#include <linux/io.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/widget.h>

#define WIDGET_CTRL		0x00
#define WIDGET_STATUS		0x04
#define WIDGET_CTRL_RESET	0x1

struct widget {
	void __iomem *base;
	unsigned int irq;
};

static int widget_probe(struct platform_device *pdev)
{
	struct widget *w;

	w = devm_kzalloc(&pdev->dev, sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;

	w->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(w->base))
		return PTR_ERR(w->base);

	writel(WIDGET_CTRL_RESET, w->base + WIDGET_CTRL);
	while (readl(w->base + WIDGET_STATUS) & WIDGET_CTRL_RESET)
		cpu_relax();

	platform_set_drvdata(pdev, w);
	return 0;
}

static struct platform_driver widget_driver = {
	.probe = widget_probe,
	.driver = {
		.name = "widget",
	},
};
module_platform_driver(widget_driver);

MODULE_LICENSE("GPL");
"""

BASE_H = """\
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_WIDGET_H
#define _LINUX_WIDGET_H

struct widget;

#endif /* _LINUX_WIDGET_H */
"""

HELPER = """\
static int widget_reset(struct widget *w)
{
	unsigned long timeout = jiffies + HZ;

	writel(WIDGET_CTRL_RESET, w->base + WIDGET_CTRL);
	while (readl(w->base + WIDGET_STATUS) & WIDGET_CTRL_RESET) {
		if (time_after(jiffies, timeout))
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}

"""

P1_C = BASE_C.replace("static int widget_probe", HELPER + "static int widget_probe")
P2_C = P1_C.replace("""\
	writel(WIDGET_CTRL_RESET, w->base + WIDGET_CTRL);
	while (readl(w->base + WIDGET_STATUS) & WIDGET_CTRL_RESET)
		cpu_relax();
""", """\
	ret = widget_reset(w);
	if (ret)
		return ret;
""").replace("""\
	struct widget *w;

	w = devm""", """\
	struct widget *w;
	int ret;

	w = devm""")
P3_C = P2_C.replace("static int widget_reset(struct widget *w)\n", """\
/*
 * widget_reset - pulse the controller's reset line and wait for it to settle
 * @w: the widget
 *
 * Return: 0, or -ETIMEDOUT when the controller does not come back within a second.
 */
static int widget_reset(struct widget *w)
""")
P3_H = BASE_H.replace("struct widget;\n", "struct widget;\n\nint widget_count(void);\n")

MESSAGES = [
    ("misc: widget: Add widget_reset()",
     "Pull the reset sequence out of probe into a helper that gives up\nafter a second instead of spinning forever.\n"),
    ("misc: widget: Use widget_reset() in probe",
     "Probe open-codes the reset sequence. Call the new helper and pass\nits error on.\n"),
    ("misc: widget: Document widget_reset()",
     "Add a kerneldoc comment to the helper and declare widget_count() for\nthe users to come.\n"),
]


def git(cwd: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> str:
    full = {**os.environ, "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    r = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, env=full,
                       input=input, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout


def _commit(root: Path, files: dict[str, str], title: str, body: str, when: int, trailers: list[str],
            author: Person = AUTHOR) -> str:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
        git(root, "add", path)
    msg = f"{title}\n\n{body}\n" + "".join(f"{t}\n" for t in trailers)
    env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
           "GIT_AUTHOR_DATE": f"@{when} +0200", "GIT_COMMITTER_NAME": author.name,
           "GIT_COMMITTER_EMAIL": author.email, "GIT_COMMITTER_DATE": f"@{when} +0200"}
    git(root, "commit", "-q", "--no-verify", "-F", "-", env=env, input=msg)
    return git(root, "rev-parse", "HEAD").strip()


def make_repo(root: Path, reviewed_by: bool = False) -> Path:
    """A non-bare repository at ROOT: tag `base`, branch `widget` = base + 3 patches (checked out).

    With REVIEWED_BY, patch 2/3 already carries a Reviewed-by from the reviewer (given on vN).
    """
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Mira Kovacs")
    git(root, "config", "user.email", "mira.kovacs@example.org")
    sob = f"Signed-off-by: {AUTHOR}"
    _commit(root, {"drivers/misc/widget.c": BASE_C, "include/linux/widget.h": BASE_H,
                   "MAINTAINERS": "WIDGET DRIVER\nM:\tMira Kovacs <mira.kovacs@example.org>\n"
                                  "L:\twidget-devel@lists.example.org\nS:\tMaintained\n"
                                  "F:\tdrivers/misc/widget.c\nF:\tinclude/linux/widget.h\n"},
            "Widget driver", "The starting point.", 1700000000, [])
    git(root, "tag", "base")
    git(root, "checkout", "-q", "-b", "widget")
    t = 1760000000
    _commit(root, {"drivers/misc/widget.c": P1_C}, *MESSAGES[0], t + 1, [sob])
    r2 = [f"Reviewed-by: {REVIEWER}"] if reviewed_by else []
    _commit(root, {"drivers/misc/widget.c": P2_C}, *MESSAGES[1], t + 2, r2 + [sob])
    _commit(root, {"drivers/misc/widget.c": P3_C, "include/linux/widget.h": P3_H}, *MESSAGES[2], t + 3, [sob])
    return root


def series(root: Path, prefixes: tuple[str, ...] = ("PATCH",), version: int = 4, cover: bool = True) -> Series:
    """The series as the thread would describe it (vN subjects, cover letter with Message-Id)."""
    shas = git(root, "rev-list", "--reverse", "base..widget").split()
    patches = []
    for i, (sha, (title, body)) in enumerate(zip(shas, MESSAGES), 1):
        raw = f"[{' '.join(prefixes)} v{version} {i}/3] {title}"
        patches.append(PatchMail(number=i, subject=Subject(raw, title, prefixes, version, i, 3, 1),
                                 author=AUTHOR, msgid=f"20251009.{i}-mira@example.org",
                                 message=git(root, "log", "-1", "--format=%B", sha), commit=sha))
    cov = None
    if cover:
        title = "misc: widget: a reset helper"
        cov = PatchMail(number=0, subject=Subject(f"[{' '.join(prefixes)} v{version} 0/3] {title}", title,
                                                  prefixes, version, 0, 3, 1),
                        author=AUTHOR, msgid="20251009.0-mira@example.org",
                        message=("The widget driver spins forever when the controller does not come\n"
                                 "out of reset. Add a helper with a timeout and use it.\n\n"
                                 "v3 -> v4:\n- Rebased on v6.18-rc1\n\n"
                                 "Mira Kovacs (3):\n  misc: widget: Add widget_reset()\n"
                                 "  misc: widget: Use widget_reset() in probe\n"
                                 "  misc: widget: Document widget_reset()\n\n"
                                 " drivers/misc/widget.c | 30 +++++++++++++++++++++---------\n"
                                 " 1 file changed\n"))
    base = git(root, "rev-parse", "base").strip()
    return Series(patches=patches, cover=cov, version=version, base=base, branch="widget")
