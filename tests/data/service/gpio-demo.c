int demo_read(struct demo *d)
{
	return readl(d->regs + 4);
}
