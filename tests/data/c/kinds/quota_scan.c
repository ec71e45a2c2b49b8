// SPDX-License-Identifier: GPL-2.0
/*
 * Quota scanning for a small block filesystem (sample code for the recipe tests).
 */
#include <linux/fs.h>
#include <linux/kernel.h>

#define qfs_warn(sb, fmt, ...) __qfs_warn(sb, __func__, fmt, ##__VA_ARGS__)

struct qfs_quota {
	unsigned long limit;
	unsigned long used;
	bool enforced;
};

static int qfs_show_enforced(char *buf, const struct qfs_quota *q)
{
	return sprintf(buf, "%s\n", q->enforced ? "off" : "on");
}

static int qfs_check_quota(struct super_block *sb, struct qfs_quota *q, u64 blocks)
{
	if (q->used + blocks > q->limit) {
		qfs_warn(sb, __func__, "quota exceeded: %lu of %lu blocks",
			 (unsigned long)q->used, q->limit);
		return -EDQUOT;
	}
	q->used += (unsigned long)blocks;
	return 0;
}

static int qfs_report(struct super_block *sb, struct qfs_quota *q, u64 blocks)
{
	int over = q->used > q->limit ? 1 : 0;

	if (over)
		qfs_warn(sb, __func__, "over quota by %lu",
			 (unsigned long)(q->used - q->limit));
	return over ? -EDQUOT : min_t(int, (int)blocks, 0);
}

struct qfs_info {
	struct super_block *sb;
	struct qfs_quota quota;
};

static void qfs_scan_groups(struct super_block *sb, struct qfs_info *info, int groups)
{
	int g;

	for (g = 0; g < groups; g++)
		qfs_check_quota(sb, &info->quota, g);
	sb->s_dirt = 1;
}

static int qfs_fill(struct qfs_info *info, struct super_block *sb)
{
	info->sb = sb;
	qfs_scan_groups(sb, info, 8);
	return 0;
}
