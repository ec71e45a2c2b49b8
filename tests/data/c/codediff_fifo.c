// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/sysfs.h>

#define FIFO_DEPTH	64

/*
 * The watermark is kept below the depth so that a burst never overflows
 * the fifo, this simplfy the refill path.
 */
static unsigned int fifo_watermark = FIFO_DEPTH - 8;

static ssize_t fifo_levels_show(struct device *dev, char *buf)
{
	ssize_t len = 0;
	int i;

	for (i = 0; i < 4; i++)
		len += sysfs_emit_at(buf, len, "%d ", i);

	if (len) {
		len--;
		len += sysfs_emit_at(buf, len, "\n");
	}
	return len;
}

static void fifo_setup(u32 *regs)
{
	regs[0] = FIFO_DEPTH |
							  FIFO_DEPTH << 8;
	regs[1] = 0;
	regs[2] = 0;
	regs[3] = 0;
}
