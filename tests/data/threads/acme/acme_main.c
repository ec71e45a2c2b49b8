// SPDX-License-Identifier: GPL-2.0
#include <linux/netdevice.h>
#include "acme.h"

static int acme_open(struct net_device *ndev)
{
	struct acme_priv *priv = netdev_priv(ndev);

	return acme_hw_start(priv);
}

static int acme_stop(struct net_device *ndev)
{
	struct acme_priv *priv = netdev_priv(ndev);

	acme_hw_stop(priv);
	return 0;
}
