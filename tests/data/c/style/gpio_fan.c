// SPDX-License-Identifier: GPL-2.0
/*
 * Sample fan controller driver, used by the layout recipe tests.
 */
#include <linux/gpio/consumer.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct fan_ctrl {
	struct device *dev;
	struct gpio_desc *enable;
	unsigned int speed;
	unsigned int flags;
};

static int fan_ctrl_set_speed(struct fan_ctrl *fan, unsigned int speed)
{
	int ret;

	ret = gpiod_set_value_cansleep(fan->enable,
			speed > 0);
	if (ret)
		return ret;

	fan->flags = FAN_FLAG_ACTIVE |
			FAN_FLAG_MANUAL;
	fan->speed  = speed;
	return 0;
}

static ssize_t fan_ctrl_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct fan_ctrl *fan = dev_get_drvdata(dev);
	int i;
	ssize_t count = 0;
	unsigned long flags;

	for(i = 0; i < FAN_LEVELS; i++)
		count += sysfs_emit_at(buf, count, "%u ", fan->speed);
	if (count > 0)
		buf[count - 1] = '\n';
	return count;
}

static int fan_ctrl_probe(struct platform_device *pdev)
{
	struct fan_ctrl *fan;

	fan = devm_kzalloc(&pdev->dev, sizeof(*fan), GFP_KERNEL);
	if (!fan)
		return -ENOMEM;

	fan->dev = &pdev->dev;

	fan->enable = devm_gpiod_get(&pdev->dev, "enable",
				     GPIOD_OUT_LOW);
	if (IS_ERR(fan->enable))
		return PTR_ERR(fan->enable);
	switch (fan->flags) {
	case FAN_MODE_AUTO:
		fan->speed = 0;
		break;
	case FAN_MODE_BOOST:
		fan->speed = FAN_MAX;
		break;
	default:
		break;
	}
	platform_set_drvdata(pdev, fan);
	kfree(fan->dev->platform_data);
	return 0;
}
