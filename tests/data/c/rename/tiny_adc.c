// SPDX-License-Identifier: GPL-2.0
/*
 * Tiny ADC: a two-channel i2c converter.
 */
#include <linux/i2c.h>
#include <linux/module.h>
#include "tiny_adc.h"

#define TINY_ADC_REG_CONF	0x01
#define TINY_ADC_NUM_CHANS	2

struct tiny_adc {
	struct i2c_client *client;
	struct tiny_adc_chan chans[TINY_ADC_NUM_CHANS];
};

static int read_raw(struct i2c_client *client, u8 reg, u16 *out);

int tiny_adc_read_chan(struct tiny_adc_chan *chan, int *val)
{
	struct tiny_adc *adc = container_of(chan, struct tiny_adc, chans[0]);
	u16 raw;
	int ret;

	ret = read_raw(adc->client, chan->address, &raw);
	if (ret)
		return ret;
	*val = raw * chan->gain;
	return 0;
}

static int read_raw(struct i2c_client *client, u8 reg, u16 *out)
{
	int res;

	res = i2c_smbus_read_word_swapped(client, reg);
	if (res < 0)
		return res;
	*out = res;
	return 0;
}

static int tiny_adc_sum(struct tiny_adc *adc, int *sum)
{
	int len = 0;
	int i, val, ret;

	for (i = 0; i < TINY_ADC_NUM_CHANS; i++) {
		ret = tiny_adc_read_chan(&adc->chans[i], &val);
		if (ret)
			return ret;
		len++;
		*sum += val;
	}
	return len;
}

static int tiny_adc_probe(struct i2c_client *client)
{
	struct tiny_adc *adc;
	int len = 0;
	int i;

	adc = devm_kzalloc(&client->dev, sizeof(*adc), GFP_KERNEL);
	if (!adc)
		return -ENOMEM;
	adc->client = client;
	for (i = 0; i < TINY_ADC_NUM_CHANS; i++) {
		adc->chans[i].address = TINY_ADC_REG_CONF + 1 + i;
		adc->chans[i].gain = 1;
		len++;
	}
	dev_dbg(&client->dev, "%d channels\n", len);
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
