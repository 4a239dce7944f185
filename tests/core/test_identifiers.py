"""The identifier scanner: each kind, its validators, what it must leave alone, and the data set."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kairos.core.identifier_problems import reviewed_values
from kairos.core.identifiers import (
    _RULES,
    CHI,
    DATE,
    EMAIL,
    KINDS,
    MRN,
    NHS,
    PHONE,
    POSTCODE,
    SSN,
    TITLED_NAME,
    URL,
    IdentifierFinding,
    _candidates,
    may_hold_identifier,
    mod11_check_digit,
    scan_identifiers,
)
from kairos.core.reader_text import reader_text
from kairos.core.shown_text import scan_as_shown

LABELLED = Path(__file__).parents[1] / "fixtures" / "identifiers" / "labelled.yml"


def _with_check_digit(first_nine: str) -> str:
    check = mod11_check_digit(first_nine)
    assert check is not None, first_nine
    return first_nine + str(check)


# A CHI number for 29 February 2001, a date no one was born on.
VALID_CHI = _with_check_digit("290201123")


def _only(text: str) -> IdentifierFinding:
    findings = scan_identifiers(text)
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize(
    ("text", "kind", "value", "severity"),
    [
        ("My NHS number is 943 476 5919.", NHS, "943 476 5919", "error"),
        ("Number 9434765919 on the label", NHS, "9434765919", "error"),
        ("ref 943-476-5919", NHS, "943-476-5919", "error"),
        (f"CHI {VALID_CHI} on the form", CHI, VALID_CHI, "error"),
        ("SSN 123-45-6789 on the claim", SSN, "123-45-6789", "error"),
        ("Write to jane.doe@example.co.uk.", EMAIL, "jane.doe@example.co.uk", "error"),
        ("Ring 07700 900123 after six", PHONE, "07700 900123", "error"),
        ("Ring 07700900123 after six", PHONE, "07700900123", "error"),
        ("Landline 020 7946 0018.", PHONE, "020 7946 0018", "error"),
        ("Landline (0161) 496 0000.", PHONE, "(0161) 496 0000", "error"),
        ("The helpline (0131 496 0881) answered", PHONE, "0131 496 0881", "error"),
        ("Call 01632 960123 now", PHONE, "01632 960123", "error"),
        ("Abroad: +44 (0)20 7946 0018", PHONE, "+44 (0)20 7946 0018", "error"),
        ("Abroad: +447700900321, then", PHONE, "+447700900321", "error"),
        ("Paris +33 1 99 00 12 34", PHONE, "+33 1 99 00 12 34", "error"),
        ("New York +1 (212) 555-0100", PHONE, "+1 (212) 555-0100", "error"),
        ("New York (212) 555-0100", PHONE, "(212) 555-0100", "error"),
        ("We lived at SW1A 1AA.", POSTCODE, "SW1A 1AA", "warning"),
        ("Manchester M1 1AE", POSTCODE, "M1 1AE", "warning"),
        ("Edinburgh EH8 9YL", POSTCODE, "EH8 9YL", "warning"),
        ("born 12/03/1954 at home", DATE, "12/03/1954", "warning"),
        ("born 12 March 1954 at home", DATE, "12 March 1954", "warning"),
        ("on the 3rd of May we left", DATE, "3rd of May", "warning"),
        ("on March 12 we left", DATE, "March 12", "warning"),
        ("on February 14, 1966 we wed", DATE, "February 14, 1966", "warning"),
        ("DOB 1954-03-12", DATE, "1954-03-12", "warning"),
        ("born 7.2.1961", DATE, "7.2.1961", "warning"),
        ("MRN 0012345 on the sticker", MRN, "0012345", "warning"),
        ("hospital number: RX12345", MRN, "RX12345", "warning"),
        ("medical record number 88-41207.", MRN, "88-41207", "warning"),
        ("patient ID is 55810293", MRN, "55810293", "warning"),
        ("See https://example.org/my-story.", URL, "https://example.org/my-story", "warning"),
        ("(see www.example.com/donate)", URL, "www.example.com/donate", "warning"),
        ("[blog](http://example.com/a)", URL, "http://example.com/a", "warning"),
    ],
)
def test_each_kind_is_found_with_its_severity(
    text: str, kind: str, value: str, severity: str
) -> None:
    finding = _only(text)
    assert (finding.kind, finding.text, finding.severity) == (kind, value, severity)
    assert finding.start == text.index(value)


def test_every_kind_has_a_phrase_for_messages() -> None:
    assert set(KINDS) == {NHS, CHI, SSN, EMAIL, PHONE, POSTCODE, DATE, MRN, URL, TITLED_NAME}
    assert all(kind.startswith(("a ", "an ")) for kind in KINDS)


def test_mod11_check_digit_matches_the_published_test_number() -> None:
    assert mod11_check_digit("943476591") == 9
    assert mod11_check_digit("123456789") is None  # remainder 1: check 10, never issued
    with pytest.raises(ValueError):
        mod11_check_digit("12345")


@pytest.mark.parametrize("number", ["943 476 5918", "943 476 5910", "9434765911", "1234567890"])
def test_nhs_numbers_failing_the_checksum_are_ignored(number: str) -> None:
    assert scan_identifiers(f"reference {number} here") == []


@pytest.mark.parametrize("digits", ["0000000000", "1111111111", "5555555555"])
def test_repeated_digit_placeholders_are_not_nhs_numbers(digits: str) -> None:
    assert scan_identifiers(f"number {digits}") == []


def test_every_generated_nhs_number_with_a_check_digit_is_found() -> None:
    for serial in range(0, 600, 7):
        first_nine = f"999{serial:06d}"
        if mod11_check_digit(first_nine) is None:
            continue
        number = _with_check_digit(first_nine)
        assert _only(f"is {number}.").kind == NHS


def test_chi_needs_a_real_day_and_month() -> None:
    assert _only(f"{VALID_CHI[:6]} {VALID_CHI[6:]}").kind == CHI
    for prefix in ("321201", "011301", "300201"):  # 32 Dec, month 13, 30 Feb
        nines = (f"{prefix}{serial:03d}" for serial in range(100))
        number = next(_with_check_digit(n) for n in nines if mod11_check_digit(n) is not None)
        assert [f.kind for f in scan_identifiers(number)] == [NHS], number


def test_chi_failing_the_checksum_is_ignored() -> None:
    wrong = VALID_CHI[:9] + str((int(VALID_CHI[9]) + 1) % 10)
    assert scan_identifiers(wrong) == []


@pytest.mark.parametrize(
    "ssn", ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000"]
)
def test_never_issued_ssn_ranges_are_ignored(ssn: str) -> None:
    assert scan_identifiers(f"SSN {ssn}") == []


@pytest.mark.parametrize(
    "text",
    [
        "I was diagnosed in 2019, in March 2020 it came back.",
        "Between 1998 and 2003 she had three strokes.",
        "My appointment was at 3:15, then 10.30am, then 14:05.",
        "I wrote 1,200 words about ward 7 and bay 3.",
        "Bed 12 on Ward 22, room 312, level 5.",
        "Parking cost £4.50, the drug $12,000, the grant £10,000.",
        "5 mg, 0.5 ml, 2.5 litres, 37.8°C, 3.2 kg, 150/95, 8/10, 28/30.",
        "Aged 54, with Type 2 diabetes and COVID-19 in 2020-21.",
        "Call NHS 111 or 999; Samaritans on 116 123; Childline 0800 1111.",
        "It was stage 3, T2 N1 M0, and I had B12 on the M1.",
        "March, June and the May bank holiday; by mid-2021; in late April.",
        "NICE guideline NG12, section 1.5.12.",
        "My hospital number changed; I never knew my NHS number until 2020.",
        "I was patient number 12 on the list.",
        "I tweeted @NHSEngland about it.",
        "24/7, 1 in 8, 2-3 weeks, 12-hour shifts, 3 x 500 mg.",
    ],
)
def test_ordinary_numbers_are_not_identifiers(text: str) -> None:
    assert scan_identifiers(text) == []


def test_overlapping_matches_give_one_finding_preferring_errors_then_length() -> None:
    assert _only("call +44 161 496 0000").kind == PHONE  # contains an NHS-like 161 496 0000
    finding = _only("NHS number: 943 476 5919")  # also a labelled record number
    assert (finding.kind, finding.severity) == (NHS, "error")


def test_findings_are_sorted_with_exact_offsets() -> None:
    text = "Mail a@example.com, ring 07700 900123, born 12 March 1954 in EH8 9YL; 943 476 5919."
    findings = scan_identifiers(text)
    assert [f.kind for f in findings] == [EMAIL, PHONE, DATE, POSTCODE, NHS]
    for finding in findings:
        assert text[finding.start : finding.start + len(finding.text)] == finding.text


def test_reviewed_values_are_collected_whitespace_normalised() -> None:
    text = (
        "Story.\n<!-- kairos: reviewed 943  476\n5919 -->\n"
        "<!--kairos: reviewed SW1A 1AA-->\n<!-- kairos: reviewed -->\n<!-- unrelated 1 -->"
    )
    assert reviewed_values(text) == frozenset({"943 476 5919", "SW1A 1AA"})
    assert reviewed_values("no comments") == frozenset()


def test_reviewed_comment_itself_is_not_reported_but_the_value_elsewhere_is() -> None:
    comment = "<!-- kairos: reviewed 943 476 5919 -->"
    text = f"{comment}\nThe form showed 943 476 5919 as an example."
    findings = scan_identifiers(text)
    assert [(f.text, f.start) for f in findings] == [("943 476 5919", text.rindex("943"))]
    reviewed = reviewed_values(text)
    assert [f for f in findings if " ".join(f.text.split()) not in reviewed] == []


def test_only_kairos_reviewed_comments_are_skipped() -> None:
    assert _only("<!-- note: 943 476 5919 -->").kind == NHS


def test_pathological_inputs_stay_fast() -> None:
    texts = [
        "1" * 50_000,
        "+1 " * 20_000,
        "a@" * 25_000,
        "<!-- kairos: reviewed " * 3_000,
        "http://" * 8_000,
        "MRN 1" + "-1" * 25_000,
        "0 " * 25_000,
    ]
    # Behaviour only: each finishes (a pattern that backtracks would hang the suite) and finds
    # what it holds. How fast: bench/identifiers.py, "pathological inputs".
    found = [len(scan_identifiers(text)) for text in texts]
    assert found[0] == 0 and found[2] == 0  # one 50,000-digit run, and '@'s, are no identifier


_FRAGMENTS = st.sampled_from(
    [
        " ",
        "\n",
        "-",
        "/",
        ".",
        "(",
        ")",
        "+",
        "@",
        ":",
        "0",
        "7",
        "943",
        "476 5919",
        "SW1A",
        "1AA",
        "March",
        "3rd of",
        "MRN",
        "hospital number",
        "www.",
        "https://",
        "example.com",
        "<!--",
        "-->",
        "kairos: reviewed",
        "\u00a0",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3))).map("".join)))
def test_scanning_arbitrary_text_never_raises_and_offsets_are_exact(text: str) -> None:
    findings = scan_identifiers(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for finding, following in pairwise(findings):
        assert finding.start + len(finding.text) <= following.start
    for finding in findings:
        assert (
            finding.text and text[finding.start : finding.start + len(finding.text)] == finding.text
        )
        assert finding.kind in KINDS and finding.severity in ("error", "warning")
    reviewed_values(text)


def _every_candidate(line: str) -> list[tuple[int, str, int, int]]:
    """What each rule finds in ``line`` when every rule reads it (no rule skipped)."""
    return [
        (index, rule.kind, *match.span(rule.group))
        for index, rule in enumerate(_RULES)
        for match in rule.pattern.finditer(line)
        if (rule.validator is None or rule.validator(match))
        and match.end(rule.group) > match.start(rule.group)
    ]


def _may_find(rule: Any, line: str) -> bool:
    """Whether ``_candidates`` tries ``rule`` on ``line``."""
    digits = sum(map(line.count, "0123456789"))
    return digits >= rule.min_digits and (rule.needs is None or rule.needs(line))


def _labelled_lines() -> list[str]:
    data = _labelled()
    return [item["text"] for item in data["positives"]] + list(data["negatives"])


def test_rules_skipped_for_a_line_find_nothing_in_the_labelled_set() -> None:
    """Each rule is skipped where a line has too few digits or lacks '@' or a web address's
    start; on every labelled snippet that skipping loses nothing, and it does skip."""
    read = [reader_text(text).text for text in _labelled_lines()]
    lines = [line for text in [*_labelled_lines(), *read] for line in text.split("\n")]
    assert all(
        [(i, r.kind, s, e) for i, r, s, e in _candidates(line)] == _every_candidate(line)
        for line in lines
    )
    skipped = {rule.kind for line in lines for rule in _RULES if not _may_find(rule, line)}
    assert skipped == set(KINDS)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2902001231", CHI),
        ("943 476 5919", NHS),
        ("123-45-6789", SSN),
        ("robin@example.net", EMAIL),
        ("+3 1234567 call", PHONE),
        ("GIR 0AA", POSTCODE),
        ("the 3rd of May", DATE),
        ("MRN: AB1234", MRN),
        ("www.example.org", URL),
    ],
)
def test_each_rule_is_skipped_only_below_the_fewest_digits_it_can_find(
    line: str, kind: str
) -> None:
    """Here each rule finds an identifier with exactly its ``min_digits``: the bound is tight."""
    [rule] = [rule for rule in _RULES if rule.kind == kind]
    digits = sum(map(line.count, "0123456789"))
    assert [f.kind for f in scan_identifiers(line)] == [kind]
    assert digits == rule.min_digits
    assert _may_find(rule, line)
    if rule.needs is not None:
        assert not rule.needs(line.replace("@", " ").replace("www.", "www "))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3)), max_size=12).map("".join))
def test_rules_skipped_for_a_line_find_nothing(text: str) -> None:
    for line in text.split("\n"):
        assert [(i, r.kind, s, e) for i, r, s, e in _candidates(line)] == _every_candidate(line)
        # One line is scanned directly; with a line end it goes the way of longer texts.
        assert scan_identifiers(line) == scan_identifiers(line + "\n")


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(_FRAGMENTS, max_size=8).map("".join),
        st.lists(
            st.sampled_from(["Mr", "Mrs", "Miss", "Dr", "Prof", "r", "M", "s", " "]), max_size=4
        ).map("".join),
    )
)
def test_the_quick_test_for_a_line_worth_scanning_is_the_plain_one(text: str) -> None:
    assert may_hold_identifier(text) == (
        "@" in text
        or "://" in text
        or "www." in text.lower()
        or any(digit in text for digit in "0123456789")
        # The name rule's titles ("Mrs" holds "Mr", "Professor" holds "Prof").
        or any(title in text for title in ("Mr", "Ms", "Miss", "Mx", "Dr", "Prof"))
    )


def _labelled() -> dict[str, Any]:
    with LABELLED.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def test_labelled_set_is_big_enough_and_names_known_kinds() -> None:
    data = _labelled()
    assert len(data["positives"]) >= 110
    assert len(data["negatives"]) >= 110
    assert {item["kind"] for item in data["positives"]} == set(KINDS)


def test_recall_and_false_positive_rate_on_the_labelled_set() -> None:
    data = _labelled()
    missed = [
        item
        for item in data["positives"]
        if item["kind"] not in {f.kind for f in scan_as_shown(item["text"])}
    ]
    flagged = [text for text in data["negatives"] if scan_as_shown(text)]
    recall = 1 - len(missed) / len(data["positives"])
    false_positive_rate = len(flagged) / len(data["negatives"])
    assert recall >= 0.95, missed
    assert false_positive_rate <= 0.05, flagged


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Dr Patel came in.", ["Dr Patel"]),
        ("Mrs Jane Smith held my hand.", ["Mrs Jane Smith"]),
        ("Then Dr. O'Neil said no.", ["Dr. O'Neil"]),
        ("Professor Hale and Ms Obi", ["Professor Hale", "Ms Obi"]),
        # Not names with a title: no capitalised word after it, or no title at all.
        ("My dr was kind; we drove to the Drive-in.", []),
        ("Mr and Mrs came later.", []),
        ("Sister Anne", []),
    ],
)
def test_a_name_with_a_title_is_a_warning(text: str, found: list[str]) -> None:
    findings = scan_identifiers(text)
    assert [f.text for f in findings] == found
    assert {(f.kind, f.severity) for f in findings} <= {(TITLED_NAME, "warning")}
