"""What the recipes that rewrite one call know about calls: families of calls that replace each other,
array allocators, printf specifiers, string-literal arguments (the calls themselves are ctext.calls).

Shared by the recipes that rewrite one call of the quoted lines (alloc-array, format-specifier,
dev-err-probe, rename-call).
"""
from __future__ import annotations

import re

from patches.ctext import mask

# a printf conversion: flags, width, precision, length, conversion; %p with its extension letters
SPEC = re.compile(r"%(?:%|[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|Z|t|j)?[diouxXcs]"
                  r"|p[A-Za-z]*|[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|z|Z|t|j)?p[A-Za-z]*)")

# array helper -> (allocators it replaces, index of the size argument in both)
ARRAY_ALLOC: dict[str, tuple[tuple[str, ...], int]] = {
    "kcalloc": (("kzalloc", "kmalloc"), 0),
    "kmalloc_array": (("kmalloc",), 0),
    "kcalloc_node": (("kzalloc_node", "kmalloc_node"), 0),
    "kmalloc_array_node": (("kmalloc_node",), 0),
    "kvcalloc": (("kvzalloc", "kvmalloc"), 0),
    "kvmalloc_array": (("kvmalloc",), 0),
    "vcalloc": (("vzalloc", "vmalloc"), 0),
    "vmalloc_array": (("vmalloc",), 0),
    "devm_kcalloc": (("devm_kzalloc", "devm_kmalloc"), 1),
    "devm_kmalloc_array": (("devm_kmalloc",), 1),
    "krealloc_array": (("krealloc",), 1),
}
# helpers that take the error and print it, and the printing calls they replace (with a return)
ERR_PROBE: dict[str, tuple[str, ...]] = {"dev_err_probe": ("dev_err", "dev_warn", "dev_info", "dev_dbg")}


# calls that do the same job with the same arguments, so that one replaces another by its name alone
# (the reviewer names the one to use; the quoted code calls another of the same family)
CALL_FAMILIES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:VM_|VM_BUG_ON_|VM_WARN_ON_)?(?:BUG|WARN)_ON(?:_ONCE)?|WARN(?:_ONCE)?"),   # assertions
    re.compile(r"str(?:n|l|s)?cpy"),                                                      # string copies
    re.compile(r"str(?:n|l)?cat"),
    re.compile(r"(?:k|kv|v)free(?:_sensitive)?|kfree_const"),
        # a show callback's print into the page it was given: the same arguments (buf, fmt, ...), the
        # page's size aside (SIZED_PRINTS)
    re.compile(r"sprintf|sc?nprintf|sysfs_emit"),
    # the printing calls of one prefix: pr_err() and dev_err() do not take the same arguments
    re.compile(r"pr_(?:emerg|alert|crit|err|warn|warning|notice|info|dbg|debug)(?:_once|_ratelimited)?"),
    re.compile(r"dev_(?:emerg|alert|crit|err|warn|warning|notice|info|dbg|debug)(?:_once|_ratelimited)?"),
    re.compile(r"netdev_(?:emerg|alert|crit|err|warn|warning|notice|info|dbg|debug)(?:_once|_ratelimited)?"),
)

# printing calls by prefix; dev_*(), netdev_*(), phydev_*() and drm_*() take the object they print for first
_PRINT_CALL = re.compile(r"(pr|dev|netdev|drm)_(emerg|alert|crit|err|warn|warning|notice|info|dbg|debug)"
                         r"(?:_kms|_driver|_atomic|_state|_core|_prime|_lease|_dp|_vbl)?(_once|_ratelimited)?|"
                         # <linux/phy.h> has these four only: no phydev_notice(), no phydev_warn_once()
                         r"(phydev)_(err|warn|info|dbg)()")
# DRM's older print macros, which take no object: DRM_ERROR(), DRM_DEBUG_KMS(), ...
_DRM_MACRO = re.compile(r"DRM_(ERROR|WARN|NOTE|INFO|DEBUG)(?:_KMS|_DRIVER|_ATOMIC|_PRIME|_LEASE|_DP|_VBL)?"
                        r"(_ONCE|_RATELIMITED)?")
_DRM_LEVELS = {"ERROR": "err", "WARN": "warn", "NOTE": "notice", "INFO": "info", "DEBUG": "dbg"}
PRINT_OBJECT = {"dev": "device", "netdev": "net_device", "phydev": "phy_device", "drm": "drm_device"}


def _print(name: str) -> tuple[str, str, str] | None:
    """(prefix, level, _once or _ratelimited) of the printing call NAME (`pr` for the ones that take no
    object, DRM_ERROR() too); None when NAME is no print."""
    m = _PRINT_CALL.fullmatch(name)
    if m and m.group(4):
        return m.group(4), m.group(5), ""
    if m:
        return m.group(1), m.group(2), m.group(3) or ""
    d = _DRM_MACRO.fullmatch(name)
    return ("pr", _DRM_LEVELS[d.group(1)], (d.group(2) or "").lower()) if d else None


def print_object(old: str, new: str) -> str | None:
    """For a pr_*() call that becomes a dev_*(), netdev_*() or drm_*() one (`pr_err` -> `dev_err`,
    `DRM_INFO` -> `drm_info`): the struct tag of the object the new call takes as its first argument
    ("device"); None for any other pair."""
    o, n = _print(old), _print(new)
    if o is None or n is None or o[0] != "pr" or n[0] not in PRINT_OBJECT:
        return None
    return PRINT_OBJECT[n[0]]


_LEVELS = {"warning": "warn", "debug": "dbg"}


_RANKS = {"emerg": 0, "alert": 1, "crit": 2, "err": 3, "warn": 4, "warning": 4, "notice": 5, "info": 6, "dbg": 7,
          "debug": 7}


def print_rank(name: str) -> int | None:
    """The kernel log level NAME prints at (0 for *_emerg() .. 7 for *_dbg()), None when it is no print."""
    m = _print(name)
    return _RANKS[m[1]] if m else None


def other_print_level(old: str, new: str) -> bool:
    """Whether OLD and NEW are printing calls of different levels (`pr_err` and `dev_info`)."""
    o, n = _print(old), _print(new)
    if o is None or n is None:
        return False
    return (_LEVELS.get(o[1], o[1]), o[2]) != (_LEVELS.get(n[1], n[1]), n[2])


def drops_print_object(old: str, new: str) -> bool:
    """Whether NEW is a printing call of another prefix than OLD that does not take OLD's first
    argument (`dev_err` -> `pr_err`; not `dev_err` -> `netdev_err`, whose object replaces it)."""
    o, n = _print(old), _print(new)
    return o is not None and n is not None and o[0] != n[0] and print_object(old, new) is None \
        and not device_to_object(old, new)


def device_to_object(old: str, new: str) -> str | None:
    """The struct tag NEW prints for when OLD prints for a struct device and NEW for a net_device or a
    phy_device (`dev_err` -> `netdev_err`: "net_device", `dev_warn` -> `phydev_warn`: "phy_device"): the
    device argument gives way to the one the function has; None for any other pair."""
    o, n = _print(old), _print(new)
    return PRINT_OBJECT[n[0]] if o is not None and n is not None and o[0] == "dev" and \
        n[0] in ("netdev", "phydev") else None


# macros that are statements, not expressions, in at least one configuration: VM_WARN_ON_ONCE() is
# `(void)WARN_ON_ONCE()` with CONFIG_DEBUG_VM and BUILD_BUG_ON_INVALID() without, BUG_ON() a
# do-while; a call whose value the code uses (`if (WARN_ON(x))`) cannot become one of them
NO_VALUE = re.compile(r"VM_(?:WARN|BUG)\w*|BUG_ON|BUG|BUILD_BUG_ON\w*|lockdep_assert\w*|might_sleep\w*|"
                      r"might_fault|might_resched|cant_sleep|cant_migrate")
_VOID_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\([^)]*\)[ \t]+(?:\(void\)|do\b|BUILD_BUG_ON_INVALID\b)",
                          re.M)


def gives_no_value(name: str, sources: list[str]) -> bool:
    """Whether a call of NAME is a statement with no value: a macro of NO_VALUE, or one that SOURCES
    define as `(void)...`, `do { } while (0)` or BUILD_BUG_ON_INVALID()."""
    return bool(NO_VALUE.fullmatch(name)) or any(m.group(1) == name for t in sources
                                                 for m in _VOID_DEFINE.finditer(t))


def value_used(masked_lines: list[str], no: int, name: str) -> bool:
    """Whether the program uses the value of the call of NAME on line NO (1-based) of MASKED_LINES: it
    stands in a condition, an assignment, an argument or a return rather than alone as a statement."""
    line = masked_lines[no - 1]
    m = re.search(rf"(?<![\w>.]){re.escape(name)}\s*\(", line)
    if m is None:
        return False
    before = line[:m.start()].strip()
    if before:
        return not re.fullmatch(r"(?:else|do|\{|\}|\w+\s*:)", before)
    for prev in range(no - 2, -1, -1):
        p = masked_lines[prev].strip()
        if p:
            return not (p.endswith((";", "{", "}", ")", ":")) or re.search(r"\b(?:else|do)$", p))
    return False


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_HARNESS = re.compile(r"(EXPECT|ASSERT)_([A-Z]+)")


def same_family(old: str, new: str) -> bool:
    """Whether OLD and NEW are calls of one family (BUG_ON / VM_WARN_ON, strcpy / strscpy), or one is the
    other with a letter added or changed (`kfree` / `kvfree`, `strcpy` / `strscpy`)."""
    if old == new:
        return False
    if any(f.fullmatch(old) and f.fullmatch(new) for f in CALL_FAMILIES):
        return True
    o, n = _HARNESS.fullmatch(old), _HARNESS.fullmatch(new)
    if o and n and o.group(2) == n.group(2):
        return True         # the kselftest harness's EXPECT_GE() / ASSERT_GE(): the same check, fatal or not
    return min(len(old), len(new)) >= 5 and "_" not in old + new and _edit_distance(old, new) == 1


# helpers that replace a statement sequence around a call of the other name, never that call alone
# (PTR_ERR_OR_ZERO() is the `if (IS_ERR(p)) return PTR_ERR(p); return 0;` of use-helper)
SEQUENCE_OF: dict[str, tuple[str, ...]] = {"PTR_ERR_OR_ZERO": ("PTR_ERR", "IS_ERR")}


# prefixes of the managed (device-resource) variants of a call: devm_kzalloc() is kzalloc() freed on unbind
MANAGED_PREFIXES = ("devm_", "pcim_", "dmam_", "drmm_")


def managed_variant(old: str, new: str) -> bool:
    """Whether NEW is the managed variant of OLD or the other way round (`kzalloc` / `devm_kzalloc`): it
    takes the device first and releases the resource itself, so the release calls on the error and
    remove paths change with it; never a rename of the call alone."""
    return any(new == p + old or old == p + new for p in MANAGED_PREFIXES)


# regmap_update_bits(map, reg, mask, val) is regmap_set_bits(map, reg, mask) when val is the mask, and
# regmap_clear_bits(map, reg, mask) when val is 0 (the field variants alike): the last argument goes,
# "same" when it repeats the one before it, "0" when it is zero
LAST_ARGUMENT_GOES: dict[tuple[str, str], str] = {
    ("regmap_update_bits", "regmap_set_bits"): "same", ("regmap_update_bits", "regmap_clear_bits"): "0",
    ("regmap_field_update_bits", "regmap_field_set_bits"): "same",
    ("regmap_field_update_bits", "regmap_field_clear_bits"): "0"}
# the kernel's copies whose short form takes the destination's size with sizeof(): strscpy(dst, src) builds
# only for an array dst (__must_be_array()), a pointer needs the size passed: the position of that argument
SIZED_BY_ARRAY = {"strscpy": 0, "strscpy_pad": 0, "strtomem": 0, "strtomem_pad": 0, "memtostr": 0,
                  "memtostr_pad": 0}
# how many arguments calls take that reviewers ask to swap for one another with other argument lists
ARITIES = {"regmap_update_bits": 4, "regmap_write_bits": 4, "regmap_set_bits": 3, "regmap_clear_bits": 3,
           "regmap_test_bits": 3, "regmap_write": 3, "regmap_read": 3, "regmap_field_update_bits": 3,
           "regmap_field_set_bits": 2, "regmap_field_clear_bits": 2, "regmap_field_write": 2, "regmap_field_read": 2,
           # ASoC's component register access, the camera sensors' CCI helpers, SMBus byte access
           "snd_soc_component_write": 3, "snd_soc_component_read": 2, "snd_soc_component_update_bits": 4,
           "snd_soc_component_update_bits_async": 4, "snd_soc_component_test_bits": 4,
           "snd_soc_component_write_field": 4, "snd_soc_component_read_field": 3,
           "cci_write": 4, "cci_read": 4, "cci_update_bits": 5, "cci_set_bits": 4, "cci_clear_bits": 4,
           "i2c_smbus_write_byte_data": 3, "i2c_smbus_read_byte_data": 2, "i2c_smbus_write_word_data": 3,
           "i2c_smbus_read_word_data": 2}

# the C library's calls (the kernel's of the same names take the same) and the kselftest prints, which
# reviewers ask to swap for one another: (the arguments before any `...`, whether `...` follows).  Two
# whose shapes differ do not take each other's arguments (sprintf(buf, fmt, ...) -> snprintf(buf, size,
# fmt, ...), malloc(size) -> calloc(n, size))
CALL_SHAPES: dict[str, tuple[int, bool]] = {
    "printf": (1, True), "fprintf": (2, True), "dprintf": (2, True), "sprintf": (2, True), "snprintf": (3, True),
    "scnprintf": (3, True), "asprintf": (2, True), "vprintf": (2, False), "vfprintf": (3, False),
    "vsprintf": (3, False), "vsnprintf": (4, False), "vscnprintf": (4, False), "puts": (1, False),
    "fputs": (2, False), "perror": (1, False), "gets": (1, False), "fgets": (3, False), "sscanf": (2, True),
    "strcpy": (2, False), "strncpy": (3, False), "strlcpy": (3, False), "stpcpy": (2, False),
    "stpncpy": (3, False), "strcat": (2, False), "strncat": (3, False), "strlcat": (3, False),
    "strcmp": (2, False), "strncmp": (3, False), "strdup": (1, False), "strndup": (2, False),
    "strlen": (1, False), "strnlen": (2, False), "malloc": (1, False), "calloc": (2, False),
    "realloc": (2, False), "reallocarray": (3, False), "atoi": (1, False), "atol": (1, False),
    "strtol": (3, False), "strtoul": (3, False), "strtoll": (3, False), "strtoull": (3, False),
    "exit": (1, False), "abort": (0, False),
    "ksft_print_msg": (1, True), "ksft_exit_fail_msg": (1, True), "ksft_exit_skip": (1, True),
    "ksft_test_result_pass": (1, True), "ksft_test_result_fail": (1, True), "ksft_test_result_skip": (1, True),
    "ksft_test_result_error": (1, True), "ksft_test_result_xfail": (1, True), "ksft_exit_fail": (0, False),
    "ksft_exit_pass": (0, False)}

# what the calls of one shape take first, where it differs (sprintf()'s buffer is no FILE * for fprintf())
FIRST_ARGUMENT = {"fprintf": "a FILE *", "vfprintf": "a FILE *", "fputs": "a string", "dprintf": "a file descriptor",
                  "sprintf": "a buffer", "vsprintf": "a buffer", "asprintf": "a char **", "sscanf": "a string"}
# calls that take a printf() format and its arguments, and nothing else: any of them takes another's
# arguments (printf() -> ksft_print_msg()); calls of one shape do not always (sprintf()'s buffer is no
# FILE * for fprintf())
FORMAT_ONLY = frozenset({"printf", "ksft_print_msg", "ksft_exit_fail_msg", "ksft_exit_skip", "ksft_test_result_pass",
                         "ksft_test_result_fail", "ksft_test_result_skip", "ksft_test_result_error",
                         "ksft_test_result_xfail"})
# calls that never return: the process ends (the C library's, the kselftest exits) or the kernel stops
NO_RETURN = frozenset({"exit", "_exit", "abort", "err", "errx", "verr", "verrx", "ksft_exit_pass", "ksft_exit_fail",
                       "ksft_exit_fail_msg", "ksft_exit_fail_perror", "ksft_exit_skip", "ksft_exit_xfail",
                       "ksft_exit_xpass", "panic", "BUG"})


def shape_words(shape: tuple[int, bool]) -> str:
    """How many arguments a call of SHAPE takes, in words ("3 or more")."""
    return f"{shape[0]} or more" if shape[1] else str(shape[0])


def shape_problem(old: str, new: str) -> str:
    """Why a call of OLD does not become NEW with its arguments kept: CALL_SHAPES gives both, and they
    take other arguments; '' when they take the same or one of them is not known."""
    o, n = CALL_SHAPES.get(old), CALL_SHAPES.get(new)
    if o is None or n is None:
        return ""
    if o == n:
        a, b = FIRST_ARGUMENT.get(old), FIRST_ARGUMENT.get(new)
        if a and b and a != b:
            return f"{new}() takes {b} first where {old}() takes {a}: the call is to be written anew, which is " \
                "for the author"
        return ""
    return f"{new}() takes {shape_words(n)} arguments where {old}() takes {shape_words(o)}: the call is to be " \
        "written anew, which is for the author"


def last_argument_problem(old: str, new: str, args: list[str]) -> str:
    """Why a call OLD(ARGS) cannot become NEW() by its name (with its last argument dropped where
    LAST_ARGUMENT_GOES says so); '' when it can."""
    shape = LAST_ARGUMENT_GOES.get((old, new), "")
    if new.startswith("devm_platform_") and not old.startswith("devm_platform_"):
        return f"{new}() takes the platform device and a resource index where {old}() takes a device and the " \
            "resource: the look-up of the resource above goes with it, which is for the author"
    if not shape:
        o, n = ARITIES.get(old), ARITIES.get(new)
        return f"{new}() takes {n} arguments where {old}() takes {o}: the call is to be written anew" \
            if o and n and o != n else shape_problem(old, new)
    last = " ".join(args[-1].split()) if args else ""
    if len(args) != ARITIES[old] or (shape == "same" and last != " ".join(args[-2].split())) or \
            (shape == "0" and not re.fullmatch(r"0(?:x0+)?[uUlL]*", last)):
        return f"{new}() writes {'the mask' if shape == 'same' else '0'} under the mask; {old}() here writes " \
            f"{last or 'something else'}: the call is to be written anew"
    return ""


# the typed forms of min(), max() and clamp(): their first argument is the type the others are cast to
TYPED_FORMS = {"min_t": "min", "max_t": "max", "clamp_t": "clamp", "min3_t": "min3", "max3_t": "max3"}


# what the kstrto*() parsers write through their last argument, with the typedefs that name the same type
KSTRTO_TYPES = {"kstrtoint": "int", "kstrtouint": "unsigned int", "kstrtol": "long", "kstrtoul": "unsigned long",
                "kstrtoll": "long long", "kstrtoull": "unsigned long long", "kstrtos8": "s8", "kstrtou8": "u8",
                "kstrtos16": "s16", "kstrtou16": "u16", "kstrtos32": "s32", "kstrtou32": "u32", "kstrtos64": "s64",
                "kstrtou64": "u64"}
_SAME_TYPE = {"u32": "unsigned int", "s32": "int", "u16": "unsigned short", "s16": "short", "u8": "unsigned char",
              "s8": "signed char", "u64": "unsigned long long", "s64": "long long"}


def same_c_type(a: str, b: str) -> bool:
    """Whether the type names A and B are one type (`u32` is `unsigned int`)."""
    return _SAME_TYPE.get(a, a) == _SAME_TYPE.get(b, b)


# prints that take the buffer's size second: into a sysfs page, sysfs_emit() takes the same without it
SIZED_PRINTS = ("snprintf", "scnprintf")


def _takes_irq_flags(name: str) -> bool:
    """Whether NAME is a lock or interrupt call that saves or restores the interrupt state in a flags
    argument (`spin_lock_irqsave`, `raw_spin_unlock_irqrestore`, `local_irq_save`, `write_lock_irqsave`)."""
    parts = set(name.lower().split("_"))
    return bool({"irqsave", "irqrestore"} & parts) or ("irq" in parts and bool({"save", "restore"} & parts))


def irq_flags_change(old: str, new: str) -> str:
    """Why OLD's calls cannot simply become NEW's when one of them saves or restores the interrupt state in
    a flags argument and the other does not (`spin_lock_irqsave(&l, flags)` / `spin_lock_irq(&l)`): the
    flags argument, the paired lock or unlock call and the flags local change together; '' otherwise."""
    if _takes_irq_flags(old) == _takes_irq_flags(new):
        return ""
    return (f"{new}() {'takes no' if _takes_irq_flags(old) else 'takes a'} flags argument where {old}() "
            f"{'takes one' if _takes_irq_flags(old) else 'takes none'}: the call, its paired lock or unlock "
            "call and the flags local change together, which is for the author")


# the name parts that say which interrupt or softirq state a lock call sets up, or how it nests
_LOCK_STATE_PARTS = {"irq", "irqsave", "irqrestore", "bh", "nested", "nest"}
# the name parts of a call that may fail to take what it waits for, and says so in its value
_MAY_FAIL_PARTS = {"interruptible", "killable", "trylock", "timeout"}


def _lock_call(parts: list[str]) -> bool:
    return bool({"lock", "unlock", "trylock"} & set(parts)) or parts[:1] in (["down"], ["up"])


def lock_change(old: str, new: str) -> str:
    """Why a lock or unlock call OLD cannot become NEW by its name: NEW disables or enables other interrupts
    or softirqs than OLD (`spin_lock_irq` / `spin_lock`: the unlock that pairs with it must change with it,
    or interrupts are enabled where they never were disabled), or NEW may fail where OLD waits
    (`mutex_lock` / `mutex_lock_interruptible`: its value must be checked, the unlock skipped on failure);
    '' otherwise."""
    po, pn = old.lower().split("_"), new.lower().split("_")
    if not (_lock_call(po) and _lock_call(pn)):
        return ""
    gained = (_MAY_FAIL_PARTS & set(pn)) - set(po)
    if gained:
        return (f"{new}() may fail where {old}() waits: its value has to be checked and the error path "
                "written (without the unlock), which is for the author")
    if (_LOCK_STATE_PARTS & set(po)) != (_LOCK_STATE_PARTS & set(pn)):
        return (f"{new}() leaves interrupts or softirqs in another state than {old}(): the lock call and "
                "its unlock change together, which is for the author")
    return ""


def _warning(parts: list[str]) -> bool:
    return bool(parts) and parts[-1] not in ("TAINT",) and ("WARN" in parts or "BUG" in parts) and \
        parts[0] in ("WARN", "BUG", "VM", "RCU", "SCHED", "DRM")


def warn_message_change(old: str, new: str) -> str:
    """Why the warning OLD cannot become NEW by its name: one takes a condition and a message
    (`WARN(cond, fmt, ...)`, `WARN_ONCE()`), the other the condition alone (`WARN_ON_ONCE(cond)`): the
    message goes or has to be written; '' otherwise."""
    po, pn = old.split("_"), new.split("_")
    if not (_warning(po) and _warning(pn)):
        return ""
    if ("ON" in po) == ("ON" in pn):
        return ""
    if "ON" in pn:
        return f"{new}() takes the condition alone where {old}() also takes a message: the message goes, " \
            "which is for the author"
    return f"{new}() takes a message after the condition where {old}() takes none: the message is to be " \
        "written by the author"


def iterator_change(old: str, new: str) -> str:
    """Why the loop macro OLD cannot become NEW by its name: the `_safe` form of a `for_each` iterator takes a
    second cursor (`list_for_each_entry_safe(pos, n, head, member)`), which has to be declared; '' otherwise."""
    po, pn = set(old.split("_")), set(new.split("_"))
    if "each" not in po | pn or ("safe" in po) == ("safe" in pn):
        return ""
    return (f"{new}() takes {'a' if 'safe' in pn else 'no'} second cursor {'that' if 'safe' in pn else 'where'} "
            f"{old}() {'does not' if 'safe' in pn else 'does'}: the argument and its declaration are for the author")


# the delays and sleeps of <linux/delay.h>: the unit of their duration and how many arguments they take
DURATIONS: dict[str, tuple[str, int]] = {
    "ndelay": ("ns", 1), "udelay": ("us", 1), "mdelay": ("ms", 1), "fsleep": ("us", 1), "msleep": ("ms", 1),
    "msleep_interruptible": ("ms", 1), "ssleep": ("s", 1), "usleep_range": ("us", 2), "usleep_idle_range": ("us", 2),
    "usleep_range_state": ("us", 3)}


def duration_change(old: str, new: str) -> str:
    """Why OLD's calls cannot simply become NEW's: a delay or sleep of another unit (`msleep(5)` is five
    milliseconds, `fsleep(5)` five microseconds) or another number of arguments; '' when they can."""
    o, n = DURATIONS.get(old), DURATIONS.get(new)
    if o is None or n is None or o == n:
        return ""
    if o[0] != n[0]:
        return f"{new}() counts in {n[0]} where {old}() counts in {o[0]}: the duration is to be written anew"
    return f"{new}() takes {n[1]} argument{'s' if n[1] > 1 else ''} where {old}() takes {o[1]}: the duration " \
        "is to be written anew"


# the allocators by the free that releases what they give: kfree() for the slab's, vfree() for vmalloc's,
# kvfree() for the kv ones (which frees either of the others too)
_ALLOCATOR = re.compile(r"(kv|k|v)(?:m|z|c)alloc(?:_array|_node|_array_node)?")


def free_change(old: str, new: str) -> str:
    """Why OLD's calls cannot become NEW's by the name alone: NEW is an allocator of another family, whose
    memory the free that releases OLD's cannot release (`kzalloc()` -> `kvzalloc()`: its kfree() must become
    kvfree()), or which takes other arguments (`vzalloc(size)` takes no gfp flags); '' when it can (the same
    family, or kv to k: kvfree() frees the slab's memory too, and the arguments are the same)."""
    o, n = _ALLOCATOR.fullmatch(old), _ALLOCATOR.fullmatch(new)
    if o is None or n is None or o.group(1) == n.group(1) or (o.group(1), n.group(1)) == ("kv", "k"):
        return ""
    frees = {"k": "kfree", "v": "vfree", "kv": "kvfree"}
    if "v" in (o.group(1), n.group(1)):
        return f"{new}() takes other arguments than {old}() (the vmalloc family takes no gfp flags) and what it " \
            f"allocates is freed with {frees[n.group(1)]}(): the call and the frees are for the author to write"
    return f"what {new}() allocates is freed with {frees[n.group(1)]}(), not the {frees[o.group(1)]}() that frees " \
        f"what {old}() allocates: the frees go with the change, which is for the author"


# what byte-swaps a value in place of an accessor that swaps it itself (`i2c_smbus_read_word_swapped()`)
_BYTE_SWAP = re.compile(r"(?<![\w>.])(?:__)?(?:swab(?:16|32|64)s?|be(?:16|32|64)_to_cpu|le(?:16|32|64)_to_cpu|"
                        r"cpu_to_be(?:16|32|64)|cpu_to_le(?:16|32|64))\s*\(")


def swap_change(masked: list[str], first: int, last: int, old: str, new: str) -> str:
    """Why OLD's call cannot become NEW's by the name alone: NEW swaps the bytes OLD gives as they come
    (`i2c_smbus_read_word_data()` -> `i2c_smbus_read_word_swapped()`) and a byte swap of the function's own
    code from line FIRST to LAST (1-based, of the masked text MASKED) would then swap them back; '' when NEW
    adds no swap or nothing swaps there."""
    if "swapped" not in new.split("_") or "swapped" in old.split("_"):
        return ""
    for no in range(first, min(last, len(masked)) + 1):
        m = _BYTE_SWAP.search(masked[no - 1])
        if m:
            swap = m.group(0).rstrip("( \t")
            return f"{new}() swaps the bytes itself, and the {swap}() on line {no} would swap them back: that " \
                f"swap goes with the change, which is for the author"
    return ""


def typed_alloc_change(old: str, new: str) -> str:
    """Why OLD's calls cannot become NEW's by the name alone: one of them is a typed allocation of
    <linux/slab.h> (`kzalloc_obj(p)`, `kmalloc_objs(p, n)`, `kzalloc_flex(p, member, n)`), which takes the
    object to allocate for where the other takes a size in bytes (`kzalloc_obj(sizeof(*p), GFP_KERNEL)`
    builds and allocates a size_t); '' when neither is."""
    def typed(name: str) -> bool:
        parts = name.split("_")
        return len(parts) > 1 and parts[-1] in ("obj", "objs", "flex") and parts[-2].endswith("alloc")
    if typed(old) == typed(new):
        return ""
    return f"{new}() takes {'the object to allocate for' if typed(new) else 'a size in bytes'} where {old}() " \
        f"takes {'a size in bytes' if typed(new) else 'the object to allocate for'}: its arguments are for the " \
        "author to write"


def not_a_rename(old: str, new: str) -> bool:
    """Whether NEW only looks like a renamed OLD but takes other arguments (kmalloc -> kmalloc_array and
    back, dev_err -> dev_err_probe and back) or replaces more than the call (PTR_ERR -> PTR_ERR_OR_ZERO):
    the kinds that know those rewrite the arguments or the statements too."""
    return old in ARRAY_ALLOC.get(new, ((), 0))[0] or new in ARRAY_ALLOC.get(old, ((), 0))[0] or \
        old in ERR_PROBE.get(new, ()) or new in ERR_PROBE.get(old, ()) or \
        old in SEQUENCE_OF.get(new, ()) or inverse(old, new) or opposite(old, new) or \
        _truth_to_check(old, new)


def _truth_to_check(old: str, new: str) -> bool:
    """KUNIT_EXPECT_TRUE(test, a == b) -> KUNIT_EXPECT_EQ(test, a, b): a KUnit truth test made another
    check takes the condition's operands, not the condition (kunit-compare writes them)."""
    kunit = re.compile(r"KUNIT_(?:EXPECT|ASSERT)_(\w+?)(?:_MSG)?")
    a, b = kunit.fullmatch(old), kunit.fullmatch(new)
    return a is not None and b is not None and a.group(1) in ("TRUE", "FALSE") and \
        b.group(1) not in ("TRUE", "FALSE")


# verbs of a pair that undo each other: a call of one is never the other renamed
_OPPOSITES = (("get", "put"), ("enable", "disable"), ("lock", "unlock"), ("alloc", "free"), ("start", "stop"),
              ("register", "unregister"), ("map", "unmap"), ("prepare", "unprepare"), ("acquire", "release"),
              ("request", "release"), ("request", "free"), ("inc", "dec"), ("attach", "detach"),
              ("create", "destroy"), ("init", "destroy"), ("init", "exit"), ("suspend", "resume"), ("on", "off"),
              ("assert", "deassert"), ("open", "close"), ("add", "del"), ("add", "remove"))


def opposite(old: str, new: str) -> bool:
    """Whether OLD and NEW hold verbs that undo each other (pm_runtime_put_noidle / pm_runtime_resume_and_get,
    clk_disable / clk_prepare_enable, mutex_unlock / mutex_lock_interruptible): the other half of a pair,
    never a rename."""
    po, pn = set(old.lower().split("_")), set(new.lower().split("_"))
    return any((a in po and b in pn and b not in po and a not in pn) or
               (b in po and a in pn and a not in po and b not in pn) for a, b in _OPPOSITES)


def inverse(old: str, new: str) -> bool:
    """Whether OLD and NEW are the same name parts in another order (PTR_ERR / ERR_PTR, cpu_to_le32 /
    le32_to_cpu, virt_to_phys / phys_to_virt): the conversion the other way round, never a rename."""
    po, pn = [w for w in old.lower().split("_") if w], [w for w in new.lower().split("_") if w]
    return len(po) > 1 and po != pn and sorted(po) == sorted(pn)


def is_string(arg: str) -> bool:
    """Whether ARG is one string literal, possibly split over adjacent literals."""
    return bool(re.fullmatch(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', arg.strip()))


def literal_parts(arg: str) -> list[str]:
    """The adjacent string literals of ARG, quotes included."""
    return re.findall(r'"(?:[^"\\\n]|\\.)*"', arg)


def specs(fmt: str) -> list[re.Match[str]]:
    """The conversions of a format string's text that take an argument (not %%)."""
    return [s for s in SPEC.finditer(fmt) if s.group(0) != "%%"]


def top_level_ops(expr: str, op: str) -> list[str]:
    """EXPR split at top-level binary OP (one character), parentheses respected."""
    m = mask(expr)
    out, depth, last = [], 0, 0
    for j, c in enumerate(m):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == op and depth == 0:
            prev = m[:j].rstrip()
            if not prev or prev[-1] in "(,=*+-/%&|^!~<>?:":   # unary (dereference), not a product
                continue
            if op == "*" and j + 1 < len(m) and m[j + 1] == "=":
                continue
            out.append(expr[last:j].strip())
            last = j + 1
    out.append(expr[last:].strip())
    return out


def find_line(text: str, fn_name: str, want: str, k: int = 0) -> int | None:
    """The K-th line of function FN_NAME whose normalized text (string contents kept) is WANT; None when
    there are fewer (no clamping: a line that changed is gone, not another one like it)."""
    from patches.ctext import function_named, norm
    fn = function_named(text, fn_name)
    if fn is None:
        return None
    src = text.splitlines()
    hits = [n for n in range(fn.body_start, fn.end + 1) if norm(src[n - 1]) == want]
    return hits[k] if k < len(hits) else None


def line_key(text: str, fn_start: int, line: int) -> tuple[str, int]:
    """(normalized text, occurrence from FN_START) of LINE, string contents kept."""
    from patches.ctext import norm
    src = text.splitlines()
    want = norm(src[line - 1])
    return want, sum(1 for n in range(fn_start, line) if norm(src[n - 1]) == want)


def undoing_call(name: str) -> str:
    """The call that undoes lock or unlock call NAME (`mutex_lock` / `mutex_unlock`, `spin_lock_irqsave` /
    `spin_unlock_irqrestore`, `down_read` / `up_read`); '' for another call."""
    parts = name.split("_")
    swap = {"lock": "unlock", "unlock": "lock", "irqsave": "irqrestore", "irqrestore": "irqsave",
            "down": "up", "up": "down"}
    if not {"lock", "unlock"} & set(parts) and parts[:1] not in (["down"], ["up"]):
        return ""
    return "_".join(swap.get(p, p) for p in parts)
