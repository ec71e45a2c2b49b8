// SPDX-License-Identifier: GPL-2.0
/*
 * Thermal sense controller: raw readings in tenths of a kelvin.
 */
#include <linux/bits.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/thermal.h>

#define TS_RAW_OFFSET		2731
#define TS_STATUS		0x04
#define TS_VALID		BIT(0)
#define ts_ready(st)		(((st) & TS_VALID) != 0)

struct ts_chan {
	void __iomem *base;
	unsigned int index;
	int last;
};

static int ts_raw_to_mdeg(u32 raw)
{
	return ((int)raw - TS_RAW_OFFSET) * 100;
}

static void ts_store(struct ts_chan *ch, int mdeg)
{
	ch->last = mdeg;
}

static int ts_get_temp(struct thermal_zone_device *tz, int *temp)
{
	struct ts_chan *ch = thermal_zone_device_priv(tz);
	u32 st, raw;

	st = readl(ch->base + TS_STATUS);
	if (((st) & TS_VALID) == 0)
		return -EAGAIN;
	raw = readl(ch->base + 8 * ch->index);
	*temp = ((int)raw - TS_RAW_OFFSET) * 100;
	ch->last = *temp;
	return 0;
}

static int ts_get_trend(struct thermal_zone_device *tz, int *delta)
{
	struct ts_chan *ch = thermal_zone_device_priv(tz);
	u32 raw = readl(ch->base + 8 * ch->index);

	*delta = 2 * ((int)raw - TS_RAW_OFFSET) * 100 - ch->last;
	return 0;
}
