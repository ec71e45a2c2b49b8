"""The text files a kernel series touches besides C: Kconfig, Makefiles, MAINTAINERS, a devicetree
binding's YAML, reStructuredText, Documentation/ABI entries and devicetree sources (`.dts`, `.dtsi`).
What kind of file a path names, and what kind of line a line of it is (its indentation and its key:
`depends on`, `obj-$(CONFIG_X)`, `F:`, `maxItems:`, `status`), so that a reviewer's line can be told to
stand for a quoted one.
"""
from __future__ import annotations

import difflib
import re
from typing import NamedTuple

KCONFIG, MAKEFILE, MAINTAINERS, YAML, RST, ABI, DTS = "kconfig", "makefile", "maintainers", "yaml", "rst", "abi", "dts"

_KCONFIG_WORDS = {"config", "menuconfig", "depends", "select", "imply", "default", "range", "bool", "tristate",
                  "string", "int", "hex", "def_bool", "def_tristate", "prompt", "help", "---help---", "visible",
                  "if", "endif", "menu", "endmenu", "choice", "endchoice", "source", "comment", "option",
                  "modules", "transitional"}
_MAKE_ASSIGN = re.compile(r"^\s*([\w$().-]+)\s*(?::=|\+=|\?=|=)")
_MAINTAINERS_KEY = re.compile(r"^([A-Z]):\t")
_YAML_KEY = re.compile(r"^\s*(-\s+)?(\$?[\w.,#/@+-]+|\"[^\"]*\"|'[^']*'):(?:\s|$)")
# a devicetree property (`status = "okay";`, `wakeup-source;`, `#address-cells = <1>;`), a node's opening
# (`label: name@addr {`, `&i2c3 {`, `/ {`) and its close
_DTS_PROPERTY = re.compile(r"^\s*([#\w,.+?-]+)\s*(?:=|;)")
_DTS_NODE = re.compile(r"^\s*(?:[\w]+:\s*)?(&\w+|/|[\w,.+-]+(?:@[\w,.]+)?)\s*\{\s*$")
_YAML_ITEM = re.compile(r"^\s*-(?:\s|$)")
_ABI_KEY = re.compile(r"^(What|Date|KernelVersion|Contact|Users|Description):")


def file_kind(path: str) -> str:
    """The kind of non-C text file PATH is ("kconfig", "makefile", ...); '' for C and anything else."""
    base = path.rsplit("/", 1)[-1]
    if base.startswith("Kconfig"):
        return KCONFIG
    if base in ("Makefile", "Kbuild") or base.endswith(".mk"):
        return MAKEFILE
    if path == "MAINTAINERS":
        return MAINTAINERS
    if base.endswith((".yaml", ".yml")):
        return YAML
    if path.startswith("Documentation/ABI/"):
        return ABI
    if base.endswith(".rst"):
        return RST
    if base.endswith((".dts", ".dtsi", ".dtso")):
        return DTS
    return ""


def indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def key(line: str, kind: str) -> str:
    """LINE's key in a file of KIND: the Kconfig keyword (`depends on`), the variable a Makefile line
    assigns, the MAINTAINERS field letter, the YAML mapping key (`-` for a list item, `- key` for a
    mapping in a list), the ABI field; '' for a line of text (help text, prose, a block scalar's line)."""
    if kind == KCONFIG:
        words = line.split()
        if words and words[0] in _KCONFIG_WORDS:
            return "depends on" if words[0] == "depends" else words[0]
        return ""
    if kind == MAKEFILE:
        m = _MAKE_ASSIGN.match(line)
        return m.group(1) if m else ""
    if kind == MAINTAINERS:
        m = _MAINTAINERS_KEY.match(line)
        return m.group(1) if m else ""
    if kind == YAML:
        m = _YAML_KEY.match(line)
        if m:
            return ("- " if m.group(1) else "") + m.group(2)
        return "-" if _YAML_ITEM.match(line) else ""
    if kind == ABI:
        m = _ABI_KEY.match(line)
        return m.group(1) if m else ""
    if kind == DTS:
        node = _DTS_NODE.match(line)
        if node:
            return node.group(1).split("@")[0] + " {"
        if line.strip() == "};":
            return "};"
        m = _DTS_PROPERTY.match(line)
        return m.group(1) if m and line.rstrip().endswith(";") else ""
    return ""


class Shape(NamedTuple):
    indent: str
    key: str


def shape(line: str, kind: str) -> Shape:
    return Shape(indent(line), key(line, kind))


def same_kind(written: str, quoted: str, kind: str) -> bool:
    """Whether the reviewer's line WRITTEN stands for the file's line QUOTED: the same indentation and
    the same key; two lines of text (no key) only when indented alike (not at the left margin, where a
    reviewer's own sentences are) and mostly the same words."""
    a, b = shape(written, kind), shape(quoted, kind)
    if a.indent != b.indent or a.key != b.key or not written.strip():
        return False
    if a.key:
        return True
    return bool(a.indent) and difflib.SequenceMatcher(None, written.split(), quoted.split()).ratio() >= 0.6


def replacement_lines(para: list[str], quoted: list[str], path: str) -> bool:
    """Whether the reviewer's paragraph PARA, under QUOTED lines of the text file PATH, is lines of
    that file meant to replace quoted ones: its first line is of the same kind as a quoted line, and
    every line of it is a line of the file's kind (a key line, or text indented as a quoted line).
    A quote without its diff header (PATH '') is read as each kind of file whose lines C has none of:
    YAML, MAINTAINERS and ABI keys, and Kconfig lines whose keyword is no C word (`depends on`,
    `select`, `tristate`; not `if`, `int` or a help text that could be a comment's)."""
    if path:
        return bool(file_kind(path)) and _replacement_lines(para, quoted, file_kind(path))
    lines = [ln for ln in para if ln.strip()]
    return any(_replacement_lines(para, quoted, k) for k in (MAINTAINERS, YAML, ABI)) or \
        all(key(ln, KCONFIG) in _NOT_C for ln in lines) and _replacement_lines(para, quoted, KCONFIG)


_NOT_C = {"depends on", "select", "imply", "tristate", "def_bool", "def_tristate", "menuconfig", "config"}


def _replacement_lines(para: list[str], quoted: list[str], kind: str) -> bool:
    lines = [ln.rstrip() for ln in para if ln.strip()]
    if not lines or not quoted:
        return False
    if not any(same_kind(lines[0], q, kind) for q in quoted):
        return False
    return all(key(ln, kind) or any(same_kind(ln, q, kind) for q in quoted) for ln in lines)
