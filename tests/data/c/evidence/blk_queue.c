// SPDX-License-Identifier: GPL-2.0
/* A small block queue, for the add-braces recipe tests. */
#include <linux/kernel.h>
#include <linux/printk.h>

struct bq {
	unsigned int depth;
	unsigned int max;
	int busy;
};

static int bq_set_depth(struct bq *q, unsigned int depth)
{
	if (depth > q->max) {
		pr_warn("bq: depth %u over %u, clamped\n", depth, q->max);
		depth = q->max;
	} else if (!depth)
		depth = 1;
	else
		pr_debug("bq: depth %u\n",
			 depth);
	q->depth = depth;
	return 0;
}

static void bq_drain(struct bq *q)
{
	while (q->busy)
		q->busy = bq_poll(q,
				  q->depth);
	if (q->depth)
		if (q->busy)
			q->depth = 0;
}
