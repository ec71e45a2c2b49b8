"""Edits the author states in an answer become code only when they map onto the quoted code exactly."""
from patches import stated

QUOTE = ["\tcase GAUGE_FRAC:", "\t\t*out *= mult;", "\t\t*out += div_u64((u64)frac * mult, 1000LLU);"]


def test_a_counted_replacement_changes_that_many_occurrences():
    e = stated.replacement("Right, I'll change the 2 u64-s here to s64 then.", QUOTE)
    assert e is not None and e.old == [QUOTE[2]]
    assert e.lines == ["\t\t*out += div_s64((s64)frac * mult, 1000LLU);"]


def test_a_wrong_count_takes_nothing():
    assert stated.replacement("I'll change the 3 u64-s here to s64.", QUOTE) is None


def test_this_to_a_spelling_of_one_quoted_token_with_the_dropped_suffix():
    e = stated.replacement("For consistency I would prefer to change this to 1000LL (dropping the 'U').", QUOTE)
    assert e is not None and e.lines == ["\t\t*out += div_u64((u64)frac * mult, 1000LL);"]


def test_this_to_a_name_the_quote_does_not_spell_takes_nothing():
    assert stated.replacement("I would prefer to change this to KILO.", QUOTE) is None
    assert stated.replacement("I won't change this to 1000LL.", QUOTE) is None


def test_same_applies_carries_the_token_changes_to_other_lines():
    e = stated.replacement("I'll change the 2 u64-s here to s64.", QUOTE)
    other = stated.same_edit(e, ["\t\t*out += div_u64((u64)frac * mult, 1000000LLU);"])
    assert other is not None and other.lines == ["\t\t*out += div_s64((s64)frac * mult, 1000000LLU);"]


BODY = ["+{", "+\tstruct gauge_req *req = to_req(g);", "+", "+\tg->pending = req;", "+\tqueue_work(g->wq, &g->work);",
        "+}"]


def test_a_statement_added_here_under_a_function_body_goes_first_after_the_declarations():
    e = stated.added_statement("It is only called once. But we can add WARN_ON_ONCE(g->pending); here.",
                               [ln[1:] for ln in BODY])
    assert e is not None and e.lines == ["-g->pending = req;", "+WARN_ON_ONCE(g->pending);", "+g->pending = req;"]


def test_a_statement_added_under_one_statement_takes_nothing():
    assert stated.added_statement("We can add WARN_ON_ONCE(g->pending); here.", ["\tg->pending = req;"]) is None


def test_same_applies_takes_the_latest_earlier_change_that_fits_its_quote():
    from patches.drafts import Draft
    from patches.model import Person, Response
    from patches.suggest import suggestions
    from patches.voices import Quote
    rev = Person("Ada Reviewer", "ada@example.org")

    def draft(comment, quote, response, answer):
        return Draft(1, rev, comment, [], Quote(["+" + q for q in quote], False, "gauge.c"),
                     answer, response, "code", message_id="r1@example.org")

    nano = ["\tcase GAUGE_NANO:", "\t\t*out *= mult;", "\t\t*out += div_u64((u64)frac * mult, 1000000LLU);"]
    sign = draft("The cast drops the sign.", QUOTE, Response.ACCEPTED, "I'll change the 2 u64-s here to s64.")
    kilo = draft("Use KILO here.", QUOTE, Response.DECLINED,
                 "For consistency I would prefer to change this to 1000LL (dropping the 'U').")
    same = draft("Same applies here of course.", nano, Response.ACCEPTED, "Sure.")
    got = suggestions([sign, kilo, same], {}, [rev], None)
    # the agreed sign change is the "same" point's own code
    assert got[2].code == ["-*out += div_u64((u64)frac * mult, 1000000LLU);",
                           "+*out += div_s64((s64)frac * mult, 1000000LLU);"]
    assert got[2].code_from == "author" and got[2].author_words.startswith("I'll change the 2 u64-s")
    # the declined request stays as it was; what the author proposed instead is a suggestion of its own
    assert got[1].response is Response.DECLINED and not got[1].code
    assert got[3].id == "1.4" and got[3].response is Response.ACCEPTED and got[3].code_from == "author"
    assert got[3].alternative_to == "1.2" and got[3].to_json()["alternative_to"] == "1.2"
    # ... and "the same" carries it to the other constant: the suffix dropped there too
    assert [s.id for s in got] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert got[4].alternative_to == "1.2" and got[4].comment == "Use KILO here."
    assert got[4].code == ["-*out += div_u64((u64)frac * mult, 1000000LLU);",
                           "+*out += div_u64((u64)frac * mult, 1000000LL);"]


def test_a_multi_word_type_is_the_new_form():
    e = stated.replacement("True, I'll change the int here to unsigned int.", ["\tint period, duty;"])
    assert e is not None and e.lines == ["\tunsigned int period, duty;"]


GUARD = ["\tspin_lock_irqsave(&pool->lock, flags);", "\tif (WARN_ON(!pool->nr_active)) {"]


def test_a_call_the_author_will_use_instead_renames_the_related_quoted_call():
    e = stated.replacement("That one cannot be a condition, so I will make it WARN_ON_ONCE() instead.", GUARD)
    assert e is not None and e.old == [GUARD[1]]
    assert e.lines == ["\tif (WARN_ON_ONCE(!pool->nr_active)) {"]


def test_a_call_the_author_names_takes_nothing_when_it_is_unrelated_there_or_refused():
    assert stated.replacement("I will use kvfree_rcu() for that.", GUARD) is None          # no related call
    assert stated.replacement("I'll use WARN_ON() then.", GUARD) is None                   # already called
    assert stated.replacement("I will not make it WARN_ON_ONCE().", GUARD) is None


def test_an_offer_left_to_the_reviewer_states_no_edit():
    """"I can make it pr_warn_once() if you prefer" under a declined request: the author offers, nobody
    took the offer up, so nothing is taken as the author's change."""
    quote = ['\t\t\tpr_warn("w1-gpio: capping a %d ms pullup\\n", delay);']
    assert stated.replacement("I would rather keep it. I can make it pr_warn_once() in v3 if you prefer.",
                              quote) is None
    assert stated.replacement("I would rather keep it. I will make it pr_warn_once() in v3.", quote) is not None


def test_same_applies_moves_a_literal_suffix_change_to_the_literals_with_that_suffix():
    e = stated.replacement("I'd rather change this to 0x40U (dropping the 'L').", ["\tmask = BIT(3) | 0x40UL;"])
    assert e is not None and e.lines == ["\tmask = BIT(3) | 0x40U;"]
    other = stated.same_edit(e, ["\tlimit = 250UL * HZ;", "\tif (limit > 4096)"])
    assert other is not None and other.old == ["\tlimit = 250UL * HZ;"] and other.lines == ["\tlimit = 250U * HZ;"]
    # a suffix is never added to bare numbers, and two literals for one take nothing
    assert stated.same_edit(stated.StatedEdit(["\tx = 4096U;"], ["\tx = 4096;"], ""), ["\ty = 512;"]) is None
    assert stated.same_edit(e, ["\tlimit = 250UL * 2UL;"]) is None


ALLOC = ["\tbuf = kmalloc(len, GFP_ATOMIC);", "\tif (!buf)", "\t\treturn -ENOMEM;"]


def test_x_instead_of_y_replaces_the_quoted_constant_as_a_substitution():
    e = stated.replacement("This runs from a workqueue, so I'll use GFP_KERNEL instead of GFP_ATOMIC.", ALLOC)
    assert e is not None and e.old == [ALLOC[0]] and e.lines == ["\tbuf = kmalloc(len, GFP_KERNEL);"]
    assert e.subst == "s/GFP_ATOMIC/GFP_KERNEL/"
    e = stated.replacement("Then I'd rather go with `-ENOBUFS` instead of `-ENOMEM` here.", ALLOC)
    assert e is not None and e.lines == ["\t\treturn -ENOBUFS;"] and e.subst == "s/-ENOMEM/-ENOBUFS/"


def test_x_instead_of_y_leaves_calls_to_the_request():
    # another function may take other arguments: that is the reviewer's request to check, not a rename
    assert stated.replacement("Hm, I would go with `kzalloc()` instead of `kmalloc()` then.", ALLOC) is None


def test_a_sed_substitution_in_the_answer_is_the_change():
    e = stated.replacement("Right. s/-ENOMEM/-ENOBUFS/ for v3.", ALLOC)
    assert e is not None and e.old == [ALLOC[2]] and e.lines == ["\t\treturn -ENOBUFS;"]


def test_x_instead_of_y_takes_nothing_when_refused_past_asked_absent_or_a_local():
    assert stated.replacement("I will not use GFP_KERNEL instead of GFP_ATOMIC here.", ALLOC) is None
    assert stated.replacement("I used GFP_ATOMIC instead of GFP_KERNEL since this is irq context.", ALLOC) is None
    assert stated.replacement("Why GFP_KERNEL instead of GFP_ATOMIC?", ALLOC) is None
    assert stated.replacement("I'll use GFP_NOWAIT instead of GFP_NOIO.", ALLOC) is None      # not quoted
    # a local is renamed wherever the function uses it, not on the quoted lines alone
    assert stated.replacement("I'll use size instead of len.", ALLOC) is None
    assert stated.replacement("OK, s/len/size/", ALLOC) is None


def test_a_change_only_weighed_or_put_off_takes_nothing():
    assert stated.replacement("I could use GFP_KERNEL instead of GFP_ATOMIC, but this runs in irq context.",
                              ALLOC) is None
    assert stated.replacement("I'll use GFP_KERNEL instead of GFP_ATOMIC if it turns out to sleep anyway.",
                              ALLOC) is None
    assert stated.replacement("We could s/GFP_ATOMIC/GFP_NOWAIT/ everywhere, in another patch.", ALLOC) is None
    # refused in an earlier clause, stated in its own: taken
    e = stated.replacement("I'd rather not keep it: I'll use -EINVAL instead of -ENOMEM.", ALLOC)
    assert e is not None and e.lines == ["\t\treturn -EINVAL;"]
