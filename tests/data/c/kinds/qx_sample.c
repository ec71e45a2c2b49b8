#include <linux/i2c.h>
#include <linux/regmap.h>

static int qx_read_sample(struct qx_data *data, int *val)
{
	u8 buf[2];
	int ret;

	ret = i2c_smbus_read_i2c_block_data(data->client, QX_REG_DATA, 2, buf);
	if (ret < 0)
		return ret;
	*val = (buf[1] << 8) | buf[0];
	return 0;
}
