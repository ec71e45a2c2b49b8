// SPDX-License-Identifier: GPL-2.0
/* A CAN controller's receive path, with locals declared wider than they are used. */
#include <stddef.h>

struct can_frame { unsigned int id; unsigned char len; unsigned char data[8]; };
struct can_priv { void *base; unsigned int errors; unsigned int rx_count; int fifo_depth; };

unsigned int can_readl(void *base, unsigned int off);
void can_push(struct can_priv *priv, struct can_frame *cf);

static int can_rx_poll(struct can_priv *priv, int quota)
{
	struct can_frame frame;
	unsigned int status;
	unsigned int mask = 0x7ff;
	int work = 0;

	status = can_readl(priv->base, 0x04);
	if (status & 1) {
		int n = priv->fifo_depth;

		/* the id is the low bits of the first word */
		frame.id = can_readl(priv->base, 0x10) & mask;
		frame.len = n;
		can_push(priv, &frame);
		work++;
	}

	return work;
}

static void can_drain(struct can_priv *priv, int count)
{
	unsigned int word;
	int i;

	for (i = 0; i < count; i++) {
		word = can_readl(priv->base, 0x20);
		priv->errors += word >> 16;
	}
}

static void can_sum(struct can_priv *priv, int count)
{
	unsigned int total = 0;
	int i;

	for (i = 0; i < count; i++) {
		total += can_readl(priv->base, 0x24);
		priv->rx_count = total;
	}
}

static void can_count(struct can_priv *priv)
{
	unsigned int st = priv->errors;

	priv->errors = 0;
	if (priv->rx_count) {
		priv->rx_count = st;
	}
}

static void can_both(struct can_priv *priv)
{
	unsigned int st;

	st = can_readl(priv->base, 0x28);
	if (priv->errors) {
		priv->rx_count = st;
	}
}
