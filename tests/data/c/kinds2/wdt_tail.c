// SPDX-License-Identifier: GPL-2.0
/* A small watchdog driver whose v4 code wraps function tails in conditions. */
#include <stddef.h>

struct wdt_dev {
	unsigned int timeout;
	unsigned int status;
	int irq;
	void *regs;
};

int wdt_write(void *regs, unsigned int off, unsigned int val);
int wdt_read(void *regs, unsigned int off);
int wdt_ready(struct wdt_dev *wdt);

static void wdt_ping(struct wdt_dev *wdt)
{
	unsigned int val;

	if (wdt->timeout > 0) {
		val = wdt->timeout * 1000;
		/* the counter counts milliseconds */
		wdt_write(wdt->regs, 0x10, val);

		wdt->status |= 1;
	}
}

static int wdt_start(struct wdt_dev *wdt, unsigned int timeout)
{
	int ret = 0;

	if (wdt_ready(wdt) && timeout != 0) {
		ret = wdt_write(wdt->regs, 0x14, timeout);
		if (ret)
			return ret;
		wdt->timeout = timeout;
	}

	return ret;
}

static int wdt_status(struct wdt_dev *wdt)
{
	if (wdt->regs) {
		int val = wdt_read(wdt->regs, 0x18);

		wdt->status = val;
		return val & 0xff;
	}

	return -19;
}

static void wdt_stop(struct wdt_dev *wdt)
{
	int val;

	if (wdt->irq >= 0) {
		int val = wdt_read(wdt->regs, 0x1c);

		wdt_write(wdt->regs, 0x1c, val & ~1u);
	}
}

static void wdt_clear(struct wdt_dev *wdt)
{
	if (wdt->status & 2) {
		wdt_write(wdt->regs, 0x20, 0);
	} else {
		wdt_write(wdt->regs, 0x20, 1);
	}
}

static void wdt_kick(struct wdt_dev *wdt)
{
	if (wdt->status & 4) {
		wdt_write(wdt->regs, 0x24, 1);
	}
	wdt->status = 0;
}
