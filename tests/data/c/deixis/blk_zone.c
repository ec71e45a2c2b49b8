// SPDX-License-Identifier: GPL-2.0
/* A zone write pointer cache, written for respin's tests. */
#include <linux/blkdev.h>

struct zcache {
	spinlock_t lock;
	unsigned int wp;
	unsigned int start;
	unsigned int hits;
};

static void zcache_advance(struct zcache *zc, unsigned int sectors)
{
	spin_lock(&zc->lock);
	zc->wp += sectors;
	/* Rewind to the zone start when the cache runs full. */
	if (zc->wp == zc->start + 4096)
		zc->wp = zc->start;
	zc->hits++;
	spin_unlock(&zc->lock);
}

static int zcache_report(struct zcache *zc, unsigned int *wp)
{
	if (!zc)
		return -EINVAL;
	/* Callers want the pointer, not the cache. */
	if (zc->hits > 100)
		return 1;
	*wp = zc->wp;
	return 0;
}
