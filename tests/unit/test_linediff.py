import difflib
import random

from cocci import linediff

BASE = [f"\tline {i} {'a' * (i % 7)};\n" for i in range(400)] + ["}\n"] * 3


def rebuilt(a: list[str], b: list[str]) -> list[str]:
    out: list[str] = []
    for tag, i1, i2, j1, j2 in linediff.opcodes(a, b):
        out += a[i1:i2] if tag == "equal" else b[j1:j2]
    return out


def edits(seed: int, repeats: bool = True) -> list[str]:
    rnd = random.Random(seed)
    b = list(BASE)
    for _ in range(rnd.randint(0, 6)):
        k = rnd.randrange(len(b))
        op = rnd.choice("dir")
        if op == "d":
            del b[k:k + rnd.randint(1, 3)]
        elif op == "i":
            b.insert(k, "}\n" if repeats and rnd.random() < 0.3 else f"\tnew {seed} {k};\n")
        else:
            b[k] = b[k].replace("line", "LINE")
    return b


def test_opcodes_are_those_of_the_exact_matcher():
    a = BASE[:400]          # no repeated lines: no ties between equally good alignments
    for seed in range(200):
        b = edits(seed, repeats=False)
        assert linediff.opcodes(a, b) == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def test_opcodes_turn_a_into_b_with_repeated_lines_too():
    for seed in range(200):
        b = edits(seed)
        assert rebuilt(BASE, b) == b


def test_unified_diff_applies_back():
    for seed in range(50):
        b = edits(seed)
        text = list(linediff.unified(BASE, b, "a/f.c", "b/f.c"))
        # rebuild b from BASE and the hunks
        out, i = [], 0
        for line in text[2:]:
            if line.startswith("@@"):
                start = int(line.split()[1].split(",")[0].lstrip("-"))
                length = int(line.split()[1].split(",")[1]) if "," in line.split()[1] else 1
                start = start - 1 if length else start
                out += BASE[i:start]
                i = start
            elif line.startswith(" "):
                out.append(BASE[i])
                i += 1
            elif line.startswith("-"):
                i += 1
            elif line.startswith("+"):
                out.append(line[1:])
        out += BASE[i:]
        assert out == b, seed


def test_no_change_no_diff():
    assert list(linediff.unified(BASE, BASE)) == []
    assert linediff.opcodes(BASE, BASE) == [("equal", 0, len(BASE), 0, len(BASE))]
