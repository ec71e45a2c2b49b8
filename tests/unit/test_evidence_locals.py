"""The locals a function declares, as recipes read them: multi-word types and declarator lists too."""
from patches.ctext import function_named
from cocci.recipes._evidence import local_names

SRC = """static int foo_get_state(struct foo_chip *chip, struct foo_state *state)
{
	struct foo_priv *priv = foo_priv(chip);
	unsigned long long rate = clk_get_rate(priv->clk);
	int period, *duty = &state->duty, regs[2];
	long delta;
	u32 val;

	val = readl(priv->base);
	foo_split(val, period, rate);
	return 0;
}
"""


def test_multi_word_types_and_declarator_lists():
    fn = function_named(SRC, "foo_get_state")
    assert local_names(SRC, fn) == {"chip", "state", "priv", "rate", "period", "duty", "regs", "delta", "val"}
