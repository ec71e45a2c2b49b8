// SPDX-License-Identifier: GPL-2.0
/*
 * tinyring: a fixed-size byte ring shared between a producer and a consumer.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/bug.h>

struct tinyring {
	spinlock_t lock;
	unsigned int head;
	unsigned int tail;
	unsigned int size;
	u8 *buf;
};

struct tinyring *tinyring_alloc(unsigned int size)
{
	struct tinyring *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return NULL;
	r->buf = kmalloc(size, GFP_KERNEL);
	if (!r->buf) {
		kfree(r);
		return NULL;
	}
	spin_lock_init(&r->lock);
	r->size = size;
	return r;
}

void tinyring_free(struct tinyring *r)
{
	kfree(r->buf);
	kfree(r);
}

static unsigned int tinyring_used(struct tinyring *r)
{
	return r->head - r->tail;
}
