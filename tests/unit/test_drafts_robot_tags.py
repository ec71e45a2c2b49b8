"""A build robot's report offers tags for a fix sent as a patch of its own ("If you fix the issue in a
separate patch/commit (i.e. not just a new version of the same patch/commit), kindly add following tags"):
the next version of the patch takes none of them, and its "patch link:" line is no Link: tag."""
from __future__ import annotations

import pytest

from patches.drafts import drafts_from_chunk
from patches.model import Message, Person, Subject
from patches.tagasks import tag_requests
from patches.voices import Chunk

ROBOT = Person("kernel test robot", "lkp@intel.com")
MSG = Message("r1@intel.com", Subject("", "x", ("PATCH",), 2, 1, 1), ROBOT, None, "")
OFFER = ["If you fix the issue in a separate patch/commit (i.e. not just a new version of",
         "the same patch/commit), kindly add following tags"]
TAGS = ["Reported-by: kernel test robot <lkp@intel.com>",
        "Closes: https://lore.kernel.org/oe-kbuild-all/202410050123.abcdefgh-lkp@intel.com/"]


@pytest.mark.parametrize("mark", ["| ", ""])
def test_tags_offered_for_a_separate_fix_are_not_taken(mark):
    drafts, given = drafts_from_chunk(Chunk(None, [OFFER + [mark + t for t in TAGS]]), ROBOT, MSG, 1)
    assert given == []
    assert [d.kind for d in drafts if d.kind == "trailer"] == []


def test_the_same_tags_asked_for_this_patch_are_taken():
    drafts, given = drafts_from_chunk(Chunk(None, [["Please add:"], TAGS[:1]]), ROBOT, MSG, 1)
    assert given == [TAGS[0]]


def test_a_patch_link_line_is_no_link_tag():
    asked, _ = tag_requests([["url:    https://github.com/intel-lab-lkp/linux/commits/x",
                              "patch link:    https://lore.kernel.org/r/20241004100000.1234-1-a%40example.hu"]])
    assert asked == []
    asked, _ = tag_requests([["Please add", "Link: https://lore.kernel.org/r/20241004100000.1234-1-a%40example.hu"]])
    assert [t for t, _ in asked] == ["Link: https://lore.kernel.org/r/20241004100000.1234-1-a%40example.hu"]
