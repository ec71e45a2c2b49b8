// SPDX-License-Identifier: GPL-2.0
struct sk_buff { unsigned int len; unsigned int data_len; unsigned char *data; };

unsigned int skb_headlen(const struct sk_buff *skb);
void skb_pull(struct sk_buff *skb, unsigned int len);
#define WARN_ON_ONCE(x) ((void)(x))

static int tunl_strip(struct sk_buff *skb, unsigned int hdr)
{
	unsigned int len;
	int err = 0;

	len = skb->len - skb->data_len;
	WARN_ON_ONCE(skb_headlen(skb) != len);
	skb_pull(skb, hdr);
	if (len < hdr)
		err = -1;
	return err;
}

static int tunl_count(struct sk_buff *skb)
{
	unsigned int n;

	n = skb->len;
	n = n + 1;
	return n;
}

static void tunl_ref(struct sk_buff *skb, unsigned int *out)
{
	unsigned int len;
	unsigned int *p;

	len = skb->len;
	p = &len;
	*out = *p;
}
