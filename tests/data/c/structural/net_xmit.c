// SPDX-License-Identifier: GPL-2.0
struct sk_buff { unsigned int len; int protocol; };
struct net_device { unsigned int mtu; int flags; };

#define IFF_UP 1
#define WARN_ON_ONCE(x) ((void)(x))
int dev_queue(struct net_device *dev, struct sk_buff *skb);
void kfree_skb(struct sk_buff *skb);

static int vxl_send_one(struct net_device *dev, struct sk_buff *skb)
{
	unsigned int mtu = dev->mtu;

	if (skb->len > mtu) {
		kfree_skb(skb);
		return -90;
	}
	WARN_ON_ONCE(!(dev->flags & IFF_UP));
	return dev_queue(dev, skb);
}

static int vxl_xmit(struct sk_buff *skb, struct net_device *dev)
{
	int proto = skb->protocol;
	int err;

	/* only IPv4 and IPv6 */
	if (proto != 4 && proto != 6)
		return -22;
	err = vxl_send_one(dev, skb);
	return err;
}

static int vxl_xmit_raw(struct sk_buff *skb)
{
	int proto = skb->protocol;

	WARN_ON_ONCE(proto == 0);
	return proto;
}
