"""rename-call from DRM's older print macros (DRM_ERROR(), DRM_INFO(), which take no object) to the drm_*()
prints, which take the struct drm_device * first: the function's one drm_device is passed, as pr_*() ->
dev_*() passes its one device; a comment that offers two calls is left to the author."""
from __future__ import annotations

from pathlib import Path

import pytest

from patches.model import Status
from tests.unit.kinds_support import applied, sugg

PATH = "drivers/gpu/drm/tiny/qx.c"
SRC = """\
static int qx_hw_init(struct drm_device *dev)
{
\tstruct qx_device *qx = dev->dev_private;

\tif (!qx->mmio) {
\t\tDRM_ERROR("Cannot map mmio region\\n");
\t\treturn -ENOMEM;
\t}
\tDRM_INFO("Found qx VGA, ID 0x%x.\\n", qx->id);
\treturn 0;
}
"""


@pytest.mark.parametrize("line, comment, old, new", [
    ('\t\tDRM_ERROR("Cannot map mmio region\\n");', "Please use drm_err() in new code.",
     'DRM_ERROR("Cannot map mmio region\\n")', 'drm_err(dev, "Cannot map mmio region\\n")'),
    ('\tDRM_INFO("Found qx VGA, ID 0x%x.\\n", qx->id);', "drm_info() please",
     'DRM_INFO("Found qx VGA, ID 0x%x.\\n", qx->id)', 'drm_info(dev, "Found qx VGA, ID 0x%x.\\n", qx->id)'),
])
def test_a_drm_macro_becomes_the_drm_print_of_the_functions_device(tmp_path: Path, line, comment, old, new):
    """Before: DRM_INFO() became drm_info() without its drm_device (the names differ in case only), and
    DRM_ERROR() -> drm_err() was not understood."""
    s = sugg(PATH, "qx_hw_init", ["+" + line], comment, answer="")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert (s.kind, s.status) == ("rename-call", Status.APPLIED), s.reason
    assert after == SRC.replace(old, new)


def test_two_calls_offered_with_or_are_for_the_author(tmp_path: Path):
    s = sugg(PATH, "qx_hw_init", ['+\tDRM_INFO("Found qx VGA, ID 0x%x.\\n", qx->id);'],
             "drm_info() please, or better drm_dbg_driver(), this is noise.", answer="")
    after = applied(tmp_path, PATH, SRC, s)[0]
    assert after == SRC and s.status == Status.MANUAL
    assert "the comment offers drm_info() or drm_dbg_driver() for DRM_INFO(): which one is for the author" in s.reason


def test_a_drm_print_without_a_drm_device_in_the_function_is_manual(tmp_path: Path):
    src = SRC.replace("struct drm_device *dev", "struct qx_device *qx").replace(
        "\tstruct qx_device *qx = dev->dev_private;\n\n", "")
    s = sugg(PATH, "qx_hw_init", ['+\t\tDRM_ERROR("Cannot map mmio region\\n");'], "drm_err() please", answer="")
    after = applied(tmp_path, PATH, src, s)[0]
    assert after == src and s.status == Status.MANUAL
    assert "drm_err() takes a struct drm_device * first" in s.reason
