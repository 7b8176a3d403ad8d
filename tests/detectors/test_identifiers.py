from __future__ import annotations

import pytest

from auditor.detectors.identifiers import find_identifiers, nhs_number_valid


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "401 023 2137"])
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs_number_valid(number)
    assert [k for *_, k in find_identifiers(f"NHS no {number} on the sheet")] == ["nhs"]


@pytest.mark.parametrize("number", ["943 476 5918", "1111111111", "07700 900123", "715-555-0143", "123 456 7890"])
def test_invalid_or_phone_like_numbers_are_not_nhs_numbers(number: str) -> None:
    assert not [k for *_, k in find_identifiers(f"call {number}") if k == "nhs"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("NI number AB 12 34 56 C", "nino"), ("ssn 123-45-6789", "ssn"), ("MBI 1EG4-TE5-MK73", "mbi")],
)
def test_other_identifiers(text: str, kind: str) -> None:
    assert [k for *_, k in find_identifiers(text)] == [kind]


@pytest.mark.parametrize("text", ["GB 12 34 56 A", "000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567"])
def test_never_issued_identifiers_are_ignored(text: str) -> None:
    assert find_identifiers(text) == []
