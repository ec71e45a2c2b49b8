// SPDX-License-Identifier: GPL-2.0
/* Packet filter rules, written for respin's tests. */

struct filter_rule {
	unsigned int proto;
	unsigned int hits;
	const char *name;
};

unsigned int filter_default_proto = 6;

int filter_count(struct filter_rule *rules, unsigned int n)
{
	unsigned int i;
	int hits;

	hits = 0;
	for (i = 0; i < n; i++)
		hits += rules[i].hits;
	return hits;
}

static void filter_hit(struct filter_rule *rule, struct sk_buff *skb)
{
	rule->hits++;
	consume_skb(skb);
}

static bool filter_match(struct filter_rule *rule, struct sk_buff *skb)
{
	int proto;
	bool ok;

	proto = skb_proto(skb);
	ok = proto == rule->proto;
	return ok;
}
