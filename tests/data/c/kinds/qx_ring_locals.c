// SPDX-License-Identifier: GPL-2.0
/* Locals set, checked and returned in a small ring driver, written for respin's tests. */

static int qx_sum(struct qx *q)
{
	struct qx_ring *r = NULL;
	int i, sum = 0;

	for (i = 0; i < q->n; i++) {
		r = &q->rings[i];
		sum += r->count;
	}
	return sum;
}

static int qx_first(struct qx *q)
{
	int ret = 0;

	if (q->n)
		ret = q->rings[0].count;
	return ret;
}

static int qx_pick(struct qx *q)
{
	int err = qx_reset(q);

	err = qx_start(q);
	return err;
}

static int qx_set(struct qx *q, u32 v)
{
	int ret;

	ret = regmap_write(q->map, QX_REG,
			   v);
	if (ret)
		return ret;

	return 0;
}

static int qx_set2(struct qx *q, u32 v)
{
	int ret;

	ret = regmap_write(q->map, QX_REG, v);
	if (ret < 0)
		return ret;

	return 0;
}

static long qx_get(struct qx *q)
{
	int ret;

	ret = qx_read(q);
	return ret;
}
