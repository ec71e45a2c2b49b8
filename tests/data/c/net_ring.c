// SPDX-License-Identifier: GPL-2.0
/* A small NIC driver's transmit path, written for respin's tests. */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

static void ring_clean_tx(struct ring *ring, unsigned int budget)
{
	struct sk_buff *skb;

	while ((skb = ring_next_done(ring)) != NULL) {
		if (skb->len > ring->mtu)
			dev_kfree_skb(skb);
		else
			dev_kfree_skb(skb);
	}
}

static netdev_tx_t ring_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct ring_priv *priv = netdev_priv(ndev);
	unsigned int len = skb_headlen(skb);
	int err;

	/*
	 * The queue is stopped when the ring is full; the completion
	 * interrupt wakes it again.
	 */
	if (ring_full(priv->tx))
		return NETDEV_TX_BUSY;

	/*
	 * Old firmware needed a doorbell kick before every frame; it is
	 * harmless on newer parts, so RING_KICK still does it.
	 */
	if (priv->flags & RING_KICK)
		ring_doorbell(priv->tx);

	err = ring_map(priv->tx, skb, len);
	if (err) {
		dev_kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	WARN_ON(len == 0);
	netdev_sent_queue(ndev, len);
	return NETDEV_TX_OK;
}
