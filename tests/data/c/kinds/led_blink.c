// SPDX-License-Identifier: GPL-2.0
/* A software LED blinker, written for respin's tests. */

struct led_blink {
	unsigned int on_ms;
	unsigned int off_ms;
	bool active;
};

unsigned int led_blink_period(const struct led_blink *b)
{
	return b->on_ms + b->off_ms;
}

int led_blink_start(struct led_blink *b, unsigned int on_ms,
		    unsigned int off_ms)
{
	if (!on_ms || !off_ms)
		return -EINVAL;

	b->on_ms = on_ms;
	b->off_ms = off_ms;
	b->active = led_blink_period(b) > 0;
	return 0;
}

void led_blink_stop(struct led_blink *b)
{
	b->active = false;
}
