// SPDX-License-Identifier: GPL-2.0
/* A toy inode cache, written for respin's tests. */
#include <linux/fs.h>

static int cache_fill(struct inode *inode, struct cache_page *cp)
{
	unsigned int blocks = i_blocksize(inode) >> 9;
	struct super_block *sb = inode->i_sb;
	int ret = 0;

	if (!cp)
		return -EINVAL;

	/*
	 * We used to recheck i_size here, which can not change while
	 * the page is locked.
	 */
	ret = cache_read_blocks(sb, cp, blocks);
	if (ret < 0)
		pr_warn("cache: read failed %d\n", ret);
	return ret;
}

static void cache_drop(struct inode *inode)
{
	unsigned int blocks = i_blocksize(inode) >> 9;

	cache_forget(inode->i_sb, blocks);
	pr_warn("cache: dropped\n");
}
