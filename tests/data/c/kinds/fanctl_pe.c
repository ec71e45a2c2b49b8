// SPDX-License-Identifier: GPL-2.0
/*
 * Fan controller with one regulator per channel.
 */
#include <linux/clk.h>
#include <linux/err.h>
#include <linux/platform_device.h>
#include <linux/regulator/consumer.h>
#include <linux/reset.h>

struct fanctl {
	struct regulator *reg;
	struct clk *clk;
	struct reset_control *rst;
};

static int fanctl_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct fanctl *fc;
	unsigned int ch = 0;

	fc = devm_kzalloc(dev, sizeof(*fc), GFP_KERNEL);
	if (!fc)
		return -ENOMEM;

	fc->reg = devm_regulator_get(dev, "vdd");
	if (IS_ERR(fc->reg)) {
		dev_err(dev, "channel %u: no regulator, err=%ld\n",
			ch, PTR_ERR(fc->reg));
		return PTR_ERR(fc->reg);
	}
	fc->clk = devm_clk_get_optional(dev, NULL);
	fc->rst = devm_reset_control_get_optional(dev, NULL);
	if (IS_ERR(fc->clk) || IS_ERR(fc->rst))
		dev_warn(dev, "clk %ld, reset %ld\n", PTR_ERR(fc->clk), PTR_ERR(fc->rst));

	platform_set_drvdata(pdev, fc);
	return 0;
}
