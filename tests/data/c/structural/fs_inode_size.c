// SPDX-License-Identifier: GPL-2.0
struct inode { long long i_size; unsigned int i_blkbits; };
struct super_block { unsigned int s_blocksize_bits; };

void mark_inode_dirty(struct inode *inode);
int printk(const char *fmt, ...);
#define WARN_ON(x) ((void)(x))

static int ext9_set_size(struct super_block *sb, struct inode *inode, long long blocks)
{
	unsigned int bits = sb->s_blocksize_bits;
	long long bytes;

	bytes = blocks << bits;
	if (bytes < 0)
		return -22;
	inode->i_size = bytes;
	mark_inode_dirty(inode);
	return 0;
}
