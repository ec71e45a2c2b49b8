// SPDX-License-Identifier: GPL-2.0
/* A small mixer driver, written for respin's tests. */

struct mixer_ctl {
	unsigned int id;
	unsigned int shift;
};

struct mixer {
	struct device *dev;
	struct mixer_ctl *ctls;
	unsigned int *cache;
	unsigned int nr_ctls;
	size_t cache_len;
};

static int mixer_alloc(struct mixer *mx, unsigned int nr)
{
	mx->ctls = kzalloc(nr * sizeof(*mx->ctls), GFP_KERNEL);
	if (!mx->ctls)
		return -ENOMEM;
	mx->cache = kmalloc(sizeof(unsigned int) * nr, GFP_KERNEL);
	if (!mx->cache)
		return -ENOMEM;
	mx->nr_ctls = nr;
	return 0;
}

static int mixer_probe(struct device *dev, unsigned int nr)
{
	struct mixer *mx;
	int ret;

	mx = devm_kzalloc(dev, sizeof(*mx), GFP_KERNEL);
	if (!mx)
		return -ENOMEM;
	mx->dev = dev;
	ret = mixer_alloc(mx, nr);
	if (ret) {
		dev_err(dev, "cannot allocate %u controls: %d\n", nr, ret);
		return ret;
	}
	dev_info(dev, "%d controls, cache of %d bytes\n", mx->nr_ctls, mx->cache_len);
	return 0;
}
