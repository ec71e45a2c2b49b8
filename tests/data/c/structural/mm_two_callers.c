// SPDX-License-Identifier: GPL-2.0
struct page { unsigned long flags; };
int page_weight(struct page *page);

static int __page_age(struct page *page)
{
	return page->flags & 3;
}

int page_age(struct page *page)
{
	return __page_age(page);
}

int page_young(struct page *page)
{
	return __page_age(page) == 0;
}

int page_cold(struct page *page)
{
	int age;

	age = page_weight(page);
	return age > 2;
}

int page_weight(struct page *page)
{
	return (int)page->flags;
}
