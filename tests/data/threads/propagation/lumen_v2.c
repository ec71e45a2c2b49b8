// SPDX-License-Identifier: GPL-2.0
/*
 * Lumen ambient light sensor.
 */
#include <linux/bits.h>
#include <linux/i2c.h>
#include <linux/module.h>

#define LUMEN_REG_CTRL		0x00
#define LUMEN_REG_STATUS	0x01
#define LUMEN_REG_FIFO		0x02

struct lumen {
	struct i2c_client *client;
	u8 ctrl;
};

static int lumen_write_ctrl(struct lumen *l, u8 val)
{
	int ret;

	ret = i2c_smbus_write_byte_data(l->client, LUMEN_REG_CTRL, val);
	WARN_ON(ret < 0);
	l->ctrl = val;
	return ret;
}

static int lumen_read_status(struct lumen *l)
{
	int ret;

	ret = i2c_smbus_read_byte_data(l->client, LUMEN_REG_STATUS);
	WARN_ON(ret < 0);
	return ret;
}

static int lumen_read_fifo(struct lumen *l, u8 *buf, int len)
{
	int ret;

	ret = i2c_smbus_read_i2c_block_data(l->client, LUMEN_REG_FIFO, len, buf);
	WARN_ON(ret != len);
	return ret < 0 ? ret : 0;
}

static int lumen_probe(struct i2c_client *client)
{
	struct lumen *l;

	l = devm_kzalloc(&client->dev, sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->client = client;
	i2c_set_clientdata(client, l);
	return lumen_write_ctrl(l, 0x1);
}
