// SPDX-License-Identifier: GPL-2.0
/*
 * Tiny ADC: a two-channel i2c converter.
 */
#include <linux/i2c.h>
#include <linux/module.h>

#define TINY_ADC_REG_CONF	0x01

struct tiny_adc {
	struct i2c_client *client;
};

static int tiny_adc_probe(struct i2c_client *client)
{
	struct tiny_adc *adc;

	adc = devm_kzalloc(&client->dev, sizeof(*adc), GFP_KERNEL);
	if (!adc)
		return -ENOMEM;
	adc->client = client;
	return 0;
}

static const struct i2c_device_id tiny_adc_id[] = {
	{ "tiny-adc" },
	{ }
};
MODULE_DEVICE_TABLE(i2c, tiny_adc_id);

static struct i2c_driver tiny_adc_driver = {
	.driver.name	= "tiny-adc",
	.probe		= tiny_adc_probe,
	.id_table	= tiny_adc_id,
};
module_i2c_driver(tiny_adc_driver);
MODULE_LICENSE("GPL");
