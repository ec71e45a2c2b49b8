"""add-local: the local a reviewer declares for a value spelled out several times, used for all of them."""
from __future__ import annotations

import pytest

from cocci.recipe import CodeContext, Manual
from cocci.recipes.add_local import RECIPE
from patches.model import Status
from tests.unit.kinds_support import hunks, pipeline, sugg

PATH = "drivers/misc/qx.c"
SRC = """\
static int qx_probe(struct i2c_client *client)
{
\tstruct qx_chip *chip;
\tint ret;

\tchip = devm_kzalloc(&client->dev, sizeof(*chip), GFP_KERNEL);
\tif (!chip)
\t\treturn -ENOMEM;

\tret = qx_parse_dt(&client->dev, chip);
\tif (ret)
\t\treturn ret;
\tdev_info(&client->dev, "probed, node %pOF\\n", client->dev.of_node);
\treturn 0;
}
"""


def _sugg(comment: str, code: list[str] | None = None):
    s = sugg(PATH, "qx_probe", ["+" + SRC.splitlines()[5]], comment, lines=(6, 6))
    s.quote = s.anchor.code = [SRC.splitlines()[5]]
    s.code = code or []
    return s


@pytest.mark.parametrize(("comment", "code"), [
    ("Add a local struct device *dev = &client->dev; it is used several times.", None),
    ("Please add\n\nand use it everywhere.", ["struct device *dev = &client->dev;"])])
def test_the_local_is_declared_first_and_used_for_every_spelling(tmp_path, comment, code):
    s = _sugg(comment, code)
    after, _, _ = pipeline(tmp_path, PATH, SRC, [s])
    assert (s.kind, s.status) == ("add-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, SRC, after) if h[:1] in "+-"] == [
        "+\tstruct device *dev = &client->dev;",
        "-\tchip = devm_kzalloc(&client->dev, sizeof(*chip), GFP_KERNEL);",
        "+\tchip = devm_kzalloc(dev, sizeof(*chip), GFP_KERNEL);",
        "-\tret = qx_parse_dt(&client->dev, chip);",
        "+\tret = qx_parse_dt(dev, chip);",
        "-\tdev_info(&client->dev, \"probed, node %pOF\\n\", client->dev.of_node);",
        "+\tdev_info(dev, \"probed, node %pOF\\n\", client->dev.of_node);",
    ]


def test_a_value_from_a_parameter_the_function_assigns_is_manual():
    text = SRC.replace("\tint ret;\n", "\tint ret;\n\n\tclient = to_i2c_client(client->dev.parent);\n")
    with pytest.raises(Manual, match="client is assigned in qx_probe"):
        RECIPE.understand(_sugg("Add a local struct device *dev = &client->dev;"),
                          CodeContext(PATH, text, "qx_probe", {PATH: text}, []))


def test_a_name_the_function_has_is_not_taken():
    text = SRC.replace("\tint ret;\n", "\tint ret, dev;\n")
    assert RECIPE.understand(_sugg("Add a local struct device *dev = &client->dev;"),
                             CodeContext(PATH, text, "qx_probe", {PATH: text}, [])) is None


SET = """\
static int qx_attach(struct qx_chip *chip, struct i2c_client *client)
{
\tint ret;

\tSETTER;
\tret = qx_parse_dt(VALUE, chip);
\tif (ret)
\t\treturn ret;
\tdev_info(VALUE, "attached\\n");
\treturn 0;
}
"""


@pytest.mark.parametrize(("setter", "value", "reason"), [
    ("chip->client = client", "&chip->client->dev", "chip->client is assigned in qx_attach()"),
    ("chip->dev = &client->dev", "chip->dev", "chip->dev is assigned in qx_attach()"),
    ("qx_lookup(&chip->client)", "&chip->client->dev", "chip->client is assigned in qx_attach()")])
def test_a_value_whose_member_the_function_sets_is_manual(tmp_path, setter, value, reason):
    """A local set at the top would read the member before the function sets it."""
    text = SET.replace("SETTER", setter).replace("VALUE", value)
    s = sugg(PATH, "qx_attach", ["+" + text.splitlines()[5]], f"Add a local struct device *dev = {value};",
             lines=(6, 6))
    s.quote = s.anchor.code = [text.splitlines()[5]]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert after == text and s.status == Status.MANUAL
    assert reason in s.reason


def test_a_member_the_function_only_reads_keeps_the_edit(tmp_path):
    text = SET.replace("SETTER", "qx_reset(chip)").replace("VALUE", "&chip->client->dev")
    s = sugg(PATH, "qx_attach", ["+" + text.splitlines()[5]], "Add a local struct device *dev = &chip->client->dev;",
             lines=(6, 6))
    s.quote = s.anchor.code = [text.splitlines()[5]]
    after, _, _ = pipeline(tmp_path, PATH, text, [s])
    assert (s.kind, s.status) == ("add-local", Status.APPLIED), s.reason
    assert [h for h in hunks(PATH, text, after) if h[:1] in "+-"] == [
        "+\tstruct device *dev = &chip->client->dev;",
        "-\tret = qx_parse_dt(&chip->client->dev, chip);",
        "+\tret = qx_parse_dt(dev, chip);",
        "-\tdev_info(&chip->client->dev, \"attached\\n\");",
        "+\tdev_info(dev, \"attached\\n\");"]
