// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware monitoring driver for the TMX42 temperature sensor
 */
#include <linux/bitfield.h>
#include <linux/hwmon.h>
#include <linux/i2c.h>
#include <linux/module.h>
#include <linux/regmap.h>

#define TMX42_REG_TEMP		0x00
#define TMX42_REG_CONFIG	0x01
#define TMX42_CONFIG_SHUTDOWN	BIT(0)

struct tmx42_data {
	struct regmap *regmap;
	struct device *dev;
	unsigned int config;
};

static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val);

/**
 * tmx42_to_millicelsius - convert a raw reading
 * @dev: the sensor's device
 * @raw: the 12-bit register value
 * @shift: how far the value sits from bit 0,
 *	   4 on all known parts
 *
 * Return: the temperature in millidegrees Celsius.
 */
static long tmx42_to_millicelsius(struct device *dev, unsigned int raw, int shift)
{
	return sign_extend32(raw >> shift, 11) * 625 / 10;
}

static int tmx42_read_reg(struct tmx42_data *data, unsigned int reg, unsigned int *val)
{
	return regmap_read(data->regmap, reg, val);
}

static int tmx42_read_temp(struct tmx42_data *data, int channel, long *temp)
{
	unsigned int raw;
	int ret;

	ret = tmx42_read_reg(data, TMX42_REG_TEMP, &raw);
	if (ret)
		return ret;
	*temp = tmx42_to_millicelsius(data->dev, raw, 4);
	return 0;
}

static int tmx42_read(struct device *dev, enum hwmon_sensor_types type,
		      u32 attr, int channel, long *val)
{
	struct tmx42_data *data = dev_get_drvdata(dev);

	if (type != hwmon_temp || attr != hwmon_temp_input)
		return -EOPNOTSUPP;
	return tmx42_read_temp(data, channel, val);
}

static umode_t tmx42_is_visible(const void *drvdata, enum hwmon_sensor_types type,
				u32 attr, int channel)
{
	return type == hwmon_temp ? 0444 : 0;
}

static const struct hwmon_ops tmx42_hwmon_ops = {
	.is_visible = tmx42_is_visible,
	.read = tmx42_read,
};

static int tmx42_probe(struct i2c_client *client)
{
	struct tmx42_data *data;

	data = devm_kzalloc(&client->dev, sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	data->dev = &client->dev;
	data->regmap = devm_regmap_init_i2c(client, &tmx42_regmap_config);
	if (IS_ERR(data->regmap))
		return PTR_ERR(data->regmap);
	return PTR_ERR_OR_ZERO(devm_hwmon_device_register_with_info(&client->dev, "tmx42", data,
								    &tmx42_chip_info, NULL));
}
