"""The kernel's unit constants (and type limits), and a value a reviewer spells with them: "Spell it (60 * MSEC_PER_SEC)
please, a bare 60000 makes the reader count the zeroes", "SZ_4K instead of 4096", "Use HZ_PER_MHZ".

The values are those of Linux's include/vdso/time64.h and include/linux/time64.h (the *SEC_PER_*SEC
family), include/linux/sizes.h (SZ_*), include/linux/units.h (the SI prefixes and the *_PER_*
conversions) and BITS_PER_BYTE of include/linux/bits.h.  They have not changed since they were added; a
name another header defines is not here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = {"MSEC_PER_SEC": 10**3, "USEC_PER_MSEC": 10**3, "NSEC_PER_USEC": 10**3, "NSEC_PER_MSEC": 10**6,
         "USEC_PER_SEC": 10**6, "NSEC_PER_SEC": 10**9, "PSEC_PER_SEC": 10**12, "FSEC_PER_SEC": 10**15,
         "PSEC_PER_NSEC": 10**3}
_SIZES = {f"SZ_{n}": n for n in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)} | \
    {f"SZ_{n}{unit}": n << shift for shift, unit in ((10, "K"), (20, "M"), (30, "G"), (40, "T"))
     for n in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
     if (n << shift) <= 64 << 40}
_UNITS = {"TERA": 10**12, "GIGA": 10**9, "MEGA": 10**6, "KILO": 10**3, "MILLI": 10**3, "MICRO": 10**6,
          "NANO": 10**9, "PICO": 10**12, "FEMTO": 10**15, "NANOHZ_PER_HZ": 10**9, "MICROHZ_PER_HZ": 10**6,
          "MILLIHZ_PER_HZ": 10**3, "HZ_PER_KHZ": 10**3, "HZ_PER_MHZ": 10**6, "KHZ_PER_MHZ": 10**3,
          "KHZ_PER_GHZ": 10**6, "MILLIWATT_PER_WATT": 10**3, "MICROWATT_PER_MILLIWATT": 10**3,
          "MICROWATT_PER_WATT": 10**6, "MILLIDEGREE_PER_DEGREE": 10**3, "MILLIDEGREE_PER_DECIDEGREE": 100}

# include/linux/limits.h and include/vdso/limits.h (every driver has them through <linux/kernel.h>);
# LONG_MAX and ULONG_MAX are left out: their value depends on the architecture
_LIMITS = {"U8_MAX": 0xff, "S8_MAX": 0x7f, "U16_MAX": 0xffff, "S16_MAX": 0x7fff, "U32_MAX": 0xffffffff,
           "S32_MAX": 0x7fffffff, "U64_MAX": 2**64 - 1, "S64_MAX": 2**63 - 1, "INT_MAX": 0x7fffffff,
           "UINT_MAX": 0xffffffff, "USHRT_MAX": 0xffff, "SHRT_MAX": 0x7fff, "LLONG_MAX": 2**63 - 1,
           "ULLONG_MAX": 2**64 - 1}

# include/linux/bits.h (BITS_PER_LONG is left out: it depends on the architecture)
_BITS = {"BITS_PER_BYTE": 8}

# the header that defines each name, for the ones a driver does not get through <linux/time.h> anyway
HEADERS = {**{n: "linux/sizes.h" for n in _SIZES}, **{n: "linux/units.h" for n in _UNITS},
           **{n: "linux/bits.h" for n in _BITS}}
VALUES = {**_TIME, **_SIZES, **_UNITS, **_LIMITS, **_BITS}

_NAME = "|".join(sorted(VALUES, key=len, reverse=True))
_TERM = rf"(?:\b(?:{_NAME})\b|\b\d+[uUlL]*\b)"
_PRODUCT = re.compile(rf"\(\s*{_TERM}(?:\s*\*\s*{_TERM})*\s*\)|{_TERM}(?:\s*\*\s*{_TERM})*")
_NEGATED = re.compile(r"\b(?:no\s+need|don'?t|do\s+not|not\s+(?:worth|needed|necessary)|rather\s+not|"
                      r"(?:instead\s+of|rather\s+than)\b[^.;?!]*?\b(?:" + _NAME + r")\b)", re.I)


@dataclass(frozen=True)
class UnitValue:
    expr: str                  # as the reviewer wrote it, e.g. "(60 * MSEC_PER_SEC)" or "SZ_4K"
    value: int
    headers: tuple[str, ...]   # what its names need beyond <linux/time.h>

    @property
    def bare(self) -> bool:
        """Whether the expression is one name or already in parentheses (no parentheses to add)."""
        e = self.expr
        return re.fullmatch(r"\w+", e) is not None or (e.startswith("(") and e.endswith(")"))


def _value(expr: str) -> int:
    out = 1
    for t in re.findall(r"\w+", expr):
        out *= VALUES[t] if t in VALUES else int(re.sub(r"[uUlL]+$", "", t))
    return out


def unit_value(comment: str) -> UnitValue | None:
    """The one product of unit constants and numbers (with at least one constant) that COMMENT writes,
    and its value; None when it writes none, several different ones, or says not to use them."""
    text = " ".join(comment.split())
    if _NEGATED.search(text):
        return None
    found = {re.sub(r"\s+", " ", m.group(0)) for m in _PRODUCT.finditer(text)
             if re.search(rf"\b(?:{_NAME})\b", m.group(0))}
    if len(found) != 1:
        return None
    expr = found.pop()
    return UnitValue(expr, _value(expr), tuple(sorted({HEADERS[t] for t in re.findall(r"\w+", expr)
                                                       if t in HEADERS})))
