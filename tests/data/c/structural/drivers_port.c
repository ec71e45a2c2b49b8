// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>

struct device { int id; };
struct fifo { int head; int tail; };
struct port { struct device *dev; int irq; bool enabled; };

int fifo_pop(struct fifo *f);
void port_lock(struct port *p);
void port_unlock(struct port *p);
void dev_warn(struct device *dev, int v);
#define WARN_ON(x) ((void)(x))

static int __port_drain(struct port *port, struct fifo *fifo, int budget)
{
	int irq = port->irq;
	int done = 0;
	int i;

	if (fifo->head == fifo->tail)
		return 0;
	for (i = 0; i < budget; i++) {
		if (fifo_pop(fifo) < 0) {
			done = -1;
			goto reset;
		}
		done++;
	}
	if (!port->enabled)
		return -5;
	dev_warn(port->dev, irq);
reset:
	fifo->head = fifo->tail;
	return done;
}

static int port_drain(struct port *port, int irq, int budget)
{
	struct fifo fifo = { 0 };
	int done;

	port_lock(port);
	done = __port_drain(port, &fifo, budget);
	port_unlock(port);
	return done;
}

int port_poll(struct port *port)
{
	WARN_ON(!port->enabled);
	return port_drain(port, port->irq, 64);
}
