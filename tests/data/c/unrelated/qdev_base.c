// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/slab.h>
#include "qdev.h"

static int qdev_queue_frame(struct qdev *qd, struct qdev_frame *f)
{
	int ret;

	ret = qdev_hw_push(qd, f->buf, f->len);
	if (ret < 0) {
		if (ret == -EAGAIN) {
			qd->stalled = true;
			return 0;
		}
		set_bit(QDEV_FRAME_DROPPED, &f->flags);
		return ret;
	}
	qd->queued++;
	return 0;
}

static void qdev_account(struct qdev *qd, unsigned int len)
{
	qd->stats.bytes += qdev_len_to_words(qd, len);
	qd->stats.frames++;
}

static void qdev_trim(struct qdev *qd, unsigned int len)
{
	qd->budget -= qdev_len_to_words(qd, len);
}

static int qdev_reserve(struct qdev *qd, unsigned int len)
{
	unsigned int words = qdev_len_to_words(qd, len);
	unsigned int hdr = qdev_len_to_words(qd, QDEV_HDR_LEN);

	if (words + hdr > qd->budget)
		return -ENOSPC;
	qd->budget -= words + hdr;
	return 0;
}
