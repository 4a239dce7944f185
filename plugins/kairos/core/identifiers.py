"""Find personal identifiers in story text before an anthology publishes it.

A public anthology must never print an NHS number or an e-mail address, so those are errors;
things that are only sometimes identifying (postcodes, full dates, web addresses) are warnings
that ask an editor to look twice. Each kind is one row of ``_RULES``: a regex, an optional
validator that rejects look-alikes (checksums, impossible dates, wrong digit counts) and a
severity. An editor clears one reviewed false positive by writing
``<!-- kairos: reviewed VALUE -->`` in the story body; the caller drops findings whose
whitespace-normalised text is one so marked (:data:`REVIEWED_COMMENT`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

Severity = Literal["error", "warning"]  # (of a finding, and of any problem)

NHS: Final = "an NHS number"
CHI: Final = "a CHI number"
SSN: Final = "a US social security number"
EMAIL: Final = "an e-mail address"
PHONE: Final = "a phone number"
POSTCODE: Final = "a UK postcode"
DATE: Final = "a full or day-and-month date"
MRN: Final = "a hospital or medical record number"
URL: Final = "a web address"
TITLED_NAME: Final = "a person's name with a title"
FULL_NAME: Final = "a full name"


@dataclass(frozen=True)
class IdentifierFinding:
    """One identifier-like span; ``text`` is exactly ``scanned[start:start + len(text)]``."""

    kind: str
    text: str
    start: int
    severity: Severity


@dataclass
class _Rule:
    """One kind of identifier: its ``regex``, compiled behind a lookahead on ``first``, the
    characters a match can start with (Python's ``re`` otherwise tries every lookbehind and
    alternative at every offset; the lookahead makes scanning about three times faster)."""

    kind: str
    severity: Severity
    first: str
    regex: str
    validator: Callable[[re.Match[str]], bool] | None = None  # rejects look-alikes
    group: str | int = 0  # the part of the match that is the identifier itself
    #: Fewest ASCII digits a line holds where this rule finds something (validator included).
    min_digits: int = 0
    #: A test every such line passes (C-speed substring tests), None where there is none.
    needs: Callable[[str], bool] | None = None
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        self.pattern = re.compile(f"(?={self.first})(?:{self.regex})")


# --- validators ---------------------------------------------------------------------------

_MAX_DAY: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NUMBER: Final = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def mod11_check_digit(first_nine: str) -> int | None:
    """The NHS/CHI modulus 11 check digit for nine digits, or None when no number can have them.

    Weights run 10 down to 2; a remainder giving 11 becomes 0 and one giving 10 is never issued.
    """
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return {11: 0, 10: None}.get(check, check)


def _digits(text: str) -> str:
    return "".join(char for char in text if "0" <= char <= "9")


def _passes_mod11(digits: str) -> bool:
    # Repeated digits (1111111111) pass the arithmetic but are placeholders, not numbers.
    return (
        len(digits) == 10
        and len(set(digits)) > 1
        and mod11_check_digit(digits[:9]) == int(digits[9])
    )


def _is_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _MAX_DAY[month - 1]


def _valid_chi(match: re.Match[str]) -> bool:
    digits = _digits(match[0])
    return _is_day_month(int(digits[:2]), int(digits[2:4])) and _passes_mod11(digits)


# Leading digit after the 0 of a UK number: geographic 01/02, 03 non-geographic, 05, 07 mobile,
# 08 freephone, 09 premium. 04 and 06 are unallocated, which keeps '06 mg'-like text out.
_UK_SECOND_DIGITS: Final = frozenset("1235789")


def _valid_phone(match: re.Match[str]) -> bool:
    if match["uk"] is not None:
        digits = _digits(match["uk"])
        return len(digits) in (10, 11) and digits[1] in _UK_SECOND_DIGITS
    if match["intl"] is not None:  # '(0)' is the trunk prefix written for UK callers, not dialled
        return 8 <= len(_digits(match["intl"].replace("(0)", ""))) <= 15
    return True  # North American layout is distinctive enough on its own


def _valid_date(match: re.Match[str]) -> bool:
    if match["na"] is not None:  # 12/03/1954 is valid read either British or American way
        if match["sep"] == "." and len(match["ny"]) == 2 and len(match["na"] + match["nb"]) < 4:
            return False  # '1.5.12' is a section number far more often than a date
        first, second = int(match["na"]), int(match["nb"])
        return _is_day_month(first, second) or _is_day_month(second, first)
    if match["iy"] is not None:
        return _is_day_month(int(match["id"]), int(match["im"]))
    if match["dd"] is not None:
        return _is_day_month(int(match["dd"]), _MONTH_NUMBER[match["dm"][:3]])
    return _is_day_month(int(match["mdd"]), _MONTH_NUMBER[match["md"][:3]])


def _valid_record_number(match: re.Match[str]) -> bool:
    digits = _digits(match["value"])
    return len(digits) >= 4 and len(match["value"]) <= 24


# --- patterns -------------------------------------------------------------------------------

_SEP: Final = r"[ \u00a0-]"  # separators people put inside numbers (incl. no-break space)
_ALONE: Final = (r"(?<![\w-])", r"(?![\w-])")  # not glued to other words, numbers or hyphens

_MONTHS: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])"
)
_ORDINAL: Final = r"(?:st|nd|rd|th)?"
_YEAR_TAIL: Final = r"(?:,?[ \u00a0]+[12][0-9]{3}(?![0-9]))?"

_PHONE: Final = "|".join(
    (
        # UK national: 07700 900123, 020 7946 0018, (0161) 496 0000, 01632 960123
        rf"(?<![\w+])(?P<uk>(?:\(0[1-9][0-9]*+\)|0[1-9][0-9]*+)(?:{_SEP}?[0-9]++){{0,2}})",
        # International: +44 7700 900123, +44 (0)20 7946 0018, +1 (212) 555-0100, +33 1 23 45
        r"(?<![\w+])(?P<intl>\+[1-9][0-9]*+"
        r"(?:[ \u00a0.-]?(?:\(0\)[ \u00a0.-]?)?(?:\([0-9]++\)|[0-9]++)){0,6})",
        # North American without country code: (212) 555-0100, 212-555-0100
        r"(?<![\w+-])(?P<nanp>(?:\([2-9][0-9]{2}\)[ \u00a0]?|[2-9][0-9]{2}[-.])"
        r"[2-9][0-9]{2}[-.][0-9]{4})(?![\w-])",
    )
)

_DATE: Final = "|".join(
    (
        # 12/03/1954, 12.03.54, 3-5-1987, 7.2.1961 (same separator twice)
        r"(?<![\w.])(?<![0-9][/-])(?P<na>[0-9]{1,2})(?P<sep>[/.-])(?P<nb>[0-9]{1,2})(?P=sep)"
        r"(?P<ny>[0-9]{4}|[0-9]{2})(?![0-9]|[/.-][0-9])",
        # 1954-03-12
        r"(?<![\w.-])(?P<iy>[12][0-9]{3})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2})(?![0-9]|-[0-9])",
        # 12 March 1954, 3rd of May, 1st Sept
        rf"(?<![\w.,])(?P<dd>[0-9]{{1,2}}){_ORDINAL}(?:[ \u00a0]+of)?[ \u00a0]+(?P<dm>{_MONTHS})"
        rf"{_YEAR_TAIL}",
        # March 12, May 3rd, March 12, 1954 -- but never 'March 2020'
        rf"(?<![A-Za-z])(?P<md>{_MONTHS})[ \u00a0]+(?P<mdd>[0-9]{{1,2}}){_ORDINAL}"
        rf"(?![0-9A-Za-z]|[.,:][0-9]){_YEAR_TAIL}",
    )
)

_RECORD_LABEL: Final = (
    r"(?i:\b(?:MRN|hosp(?:ital)?\.?[ \u00a0]+(?:number|num|no\.?)"
    r"|(?:medical|health|case)[ \u00a0]+records?[ \u00a0]+(?:number|num|no\.?)"
    r"|patient[ \u00a0]+(?:ID|identifier|number|no\.?)|unit[ \u00a0]+(?:number|no\.?)"
    r"|(?:NHS|CHI)[ \u00a0]+(?:number|no\.?)))"
)
_RECORD: Final = (
    rf"{_RECORD_LABEL}[ \u00a0]*(?:(?i:is|was|of)[ \u00a0]+|[:#=][ \u00a0]*)?"
    r"(?P<value>(?:[A-Za-z]{1,4}[ -]?)?[0-9](?:[0-9A-Za-z/-]*[0-9A-Za-z])?"
    r"(?:[ \u00a0][0-9]{3,4}(?![0-9A-Za-z]))*)"
)

_POSTCODE: Final = (
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y])[ \u00a0]?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)

_NHS: Final = rf"{_ALONE[0]}[0-9]{{3}}{_SEP}?[0-9]{{3}}{_SEP}?[0-9]{{4}}{_ALONE[1]}"
_CHI: Final = rf"{_ALONE[0]}[0-9]{{6}}{_SEP}?[0-9]{{4}}{_ALONE[1]}"
_SSN: Final = rf"{_ALONE[0]}(?!000|666|9)[0-9]{{3}}-(?!00)[0-9]{{2}}-(?!0000)[0-9]{{4}}{_ALONE[1]}"
_EMAIL: Final = (
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
_URL: Final = r"(?<![\w@.-])(?i:https?://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}]"


#: A title (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, with or without a full stop) and one or two
#: capitalised words: "Dr Patel", "Mrs Jane Smith". Another person's name, which the guide
#: asks editors to take out.
_NAME_WORD: Final = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:[-'][A-Za-z][a-z]+)*"
_TITLED_NAME: Final = (
    rf"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Professor|Prof)\.?[ ]+{_NAME_WORD}(?:[ ]{_NAME_WORD})?\b"
)
#: Two or three capitalised words, the whole of a storyteller's name: "Jane Smith",
#: "Jane A. Smith".
FULL_NAME_PATTERN: Final = re.compile(rf"{_NAME_WORD}(?:[ ](?:[A-Z]\.|{_NAME_WORD})){{1,2}}")


def _has_title(line: str) -> bool:
    return (
        "Mr" in line
        or "Ms" in line
        or "Miss" in line
        or "Mx" in line
        or "Dr" in line
        or ("Prof" in line)
    )


_RULES: Final[tuple[_Rule, ...]] = (
    # CHI comes before NHS: a dated number that passes modulus 11 is more likely Scottish.
    # min_digits: CHI and NHS numbers have 10 digits, a social security number 9; a phone
    # number passes its validator with at least 8 (UK 10 or 11, international 8 to 15, North
    # American 10); a record number with 4; a date or postcode has at least one.
    _Rule(CHI, "error", "[0-9]", _CHI, _valid_chi, min_digits=10),
    _Rule(NHS, "error", "[0-9]", _NHS, lambda m: _passes_mod11(_digits(m[0])), min_digits=10),
    _Rule(SSN, "error", "[0-9]", _SSN, min_digits=9),
    _Rule(EMAIL, "error", "[A-Za-z0-9._%+-]", _EMAIL, needs=lambda line: "@" in line),
    _Rule(PHONE, "error", "[0-9(+]", _PHONE, _valid_phone, min_digits=8),
    _Rule(POSTCODE, "warning", "[A-Z]", _POSTCODE, min_digits=1),
    _Rule(DATE, "warning", "[0-9A-Z]", _DATE, _valid_date, min_digits=1),
    _Rule(MRN, "warning", "[CHMNPUchmnpu]", _RECORD, _valid_record_number, "value", min_digits=4),
    # No character but 'w' and 'W' matches 'w' case-insensitively, and none lowers to '://'.
    _Rule(
        URL, "warning", "[HWhw]", _URL, needs=lambda line: "://" in line or "www." in line.lower()
    ),
    _Rule(TITLED_NAME, "warning", "[MDP]", _TITLED_NAME, needs=_has_title),
)

KINDS: Final = tuple(dict.fromkeys(rule.kind for rule in _RULES))

#: ``<!-- kairos: reviewed VALUE -->``: an editor's mark on a reviewed false positive.
REVIEWED_COMMENT: Final = re.compile(
    r"<!--[ \t]*kairos:[ \t]*reviewed\s+(?P<value>[^<>]*?)\s*-->", re.IGNORECASE
)  # the value never holds '<' or '>', which keeps a run of unclosed comments linear


# --- scanning -------------------------------------------------------------------------------


def _candidates(text: str) -> list[tuple[int, _Rule, int, int]]:
    found: list[tuple[int, _Rule, int, int]] = []
    digits = sum(map(text.count, "0123456789"))
    for index, rule in enumerate(_RULES):
        # Skip a rule that cannot find anything: e.g. a title with one digit has no NHS number
        if digits < rule.min_digits or (rule.needs is not None and not rule.needs(text)):
            continue
        for match in rule.pattern.finditer(text):
            if rule.validator is None or rule.validator(match):
                start, end = match.span(rule.group)
                if end > start:
                    found.append((index, rule, start, end))
    return found


def may_hold_identifier(line: str) -> bool:
    """Every pattern needs a digit, an '@', a web address's start or a title such as 'Dr'; most
    lines of a story have none, and substring tests (C speed) let the scan skip them."""
    return (
        "@" in line
        or "://" in line
        or _has_digit(line)
        or "www." in line.lower()
        or _has_title(line)
    )


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds an ASCII digit (ten substring tests: five times faster on a short
    value than one regular expression or a loop over the digits)."""
    return (
        "0" in text
        or "1" in text
        or "2" in text
        or "3" in text
        or "4" in text
        or "5" in text
        or "6" in text
        or "7" in text
        or "8" in text
        or "9" in text
    )


def scan_identifiers(text: str) -> list[IdentifierFinding]:
    """Every identifier-like span in ``text``, sorted by offset, none overlapping another.

    Where candidates overlap, errors beat warnings, then the longer span wins, then the earlier
    rule: so '+44 161 496 0000' is one phone number, not a phone number and an NHS number.
    No pattern crosses a line end, so lines are scanned one at a time.
    """
    # Reviewed comments blanked out (offsets kept): the value written there is not found again.
    scanned = REVIEWED_COMMENT.sub(lambda m: " " * len(m[0]), text) if "<!--" in text else text
    if not may_hold_identifier(scanned):
        return []
    if "\n" not in scanned:
        return _scan_line(scanned, 0, text)  # one line (most values), already tested above
    kept: list[IdentifierFinding] = []
    offset = 0
    for line in scanned.split("\n"):
        if may_hold_identifier(line):
            kept += _scan_line(line, offset, text)
        offset += len(line) + 1
    return kept


def _scan_line(line: str, offset: int, text: str) -> list[IdentifierFinding]:
    candidates = _candidates(line)
    candidates.sort(key=lambda c: (c[1].severity != "error", c[2] - c[3], c[0], c[2]))
    taken = bytearray(len(line))  # 1 under each finding kept
    kept: list[IdentifierFinding] = []
    for _, rule, start, end in candidates:
        if taken.find(1, start, end) >= 0:
            continue  # (one rule's matches never overlap: at most ten finds over each offset)
        taken[start:end] = b"\x01" * (end - start)
        found = text[offset + start : offset + end]  # (as written: the line may be blanked)
        kept.append(IdentifierFinding(rule.kind, found, offset + start, rule.severity))
    return sorted(kept, key=lambda finding: finding.start)
