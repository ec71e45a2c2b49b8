/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __TINY_ADC_H
#define __TINY_ADC_H

#include <linux/types.h>

struct tiny_adc_chan {
	u8 address;
	u8 gain;
	const char *label;
};

int tiny_adc_read_chan(struct tiny_adc_chan *chan, int *val);

#endif
