// SPDX-License-Identifier: GPL-2.0
/* A small fence driver, for recipe tests. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/printk.h>

struct fence_ctx {
	char name[32];
	unsigned int seqno;
	unsigned int pending;
	void *ring;
};

static void fence_ctx_name(struct fence_ctx *ctx, const char *src)
{
	BUG_ON(!src);
	strcpy(ctx->name, src);
	pr_info("fence: %s\n", ctx->name);
}

static void fence_signal(struct fence_ctx *ctx)
{
	WARN_ON(ctx->pending == 0);
	WARN_ON(ctx->seqno == 0);
	ctx->pending--;
	pr_debug("fence: signalled %u\n", ctx->seqno);
	ctx->seqno++;
}

static void fence_ctx_free(struct fence_ctx *ctx)
{
	kfree(ctx->ring);
	kfree(ctx);
}

static int fence_ring_size(struct fence_ctx *ctx, unsigned int size)
{
	if (size && (size & (size - 1)))
		return -EINVAL;
	if (ctx->seqno != 0 && !(ctx->seqno & (ctx->seqno - 1)))
		pr_debug("fence: seqno %u\n", ctx->seqno);
	if (ctx->pending & (ctx->pending - 1))
		return -EBUSY;
	return 0;
}

static struct fence_ctx *fence_ctx_new(const char *name)
{
	struct fence_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (ctx == NULL) {
		pr_err("fence: no memory for %s\n", name);
		return NULL;
	}
	fence_ctx_name(ctx, name);
	return ctx;
}

static unsigned int fence_ctx_left(struct fence_ctx *ctx)
{
	return ctx->pending - ctx->seqno;
}

static unsigned int fence_ctx_busy(struct fence_ctx *ctx)
{
	unsigned int left = fence_ctx_left(ctx);

	return left ? left : 1;
}

static int fence_slot(unsigned int nr)
{
	return nr * 2;
}

static int fence_slot_of(struct fence_ctx *ctx)
{
	int slot = fence_slot(ctx->seqno + 1);

	return slot;
}

static size_t fence_name_len(struct fence_ctx *ctx)
{
	size_t len;

	len = strlen(ctx->name);
	return len + 1;
}
