"""投资项目代码: format, plausible year and region (RULES.md §5), every wrong part named."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from investdesk.projects.codes import code_problems, normalise_code, validate_code

REGIONS = ("530114",)


def problems(value: str) -> list[str]:
    return code_problems(normalise_code(value), regions=REGIONS, this_year=2026)


def test_a_well_formed_code_of_the_units_region_is_accepted():
    assert validate_code("2022-530114-04-01-123456", regions=REGIONS, this_year=2026) == "2022-530114-04-01-123456"
    assert len("2022-530114-04-01-123456") == 24


def test_what_people_type_is_normalised():
    assert normalise_code(" ２０２２－530114—04 01_12345x ") == "2022-530114-04-01-12345X"
    assert problems("2022-530114-04-01-12345X") == []


@pytest.mark.parametrize(
    "value, part, wrong",
    [
        ("22-530114-04-01-123456", "第1段（年份）", "“22”"),
        ("2022-53011-04-01-123456", "第2段（地区代码）", "“53011”"),
        ("2022-530114-4-01-123456", "第3段（部门）", "“4”"),
        ("2022-530114-04-A1-123456", "第4段（项目类型）", "“A1”"),
        ("2022-530114-04-01-12345", "第5段（序号）", "“12345”"),
        ("2022-530114-04-01-1234X6", "第5段（序号）", "“1234X6”"),
    ],
)
def test_each_malformed_part_is_named(value, part, wrong):
    (message,) = problems(value)
    assert part in message and wrong in message


def test_several_wrong_parts_are_all_named():
    found = problems("22-53011-04-01-123456")
    assert len(found) == 2
    assert "第1段" in found[0] and "第2段" in found[1]


def test_a_code_without_five_parts_says_how_it_is_built():
    (message,) = problems("2022530114040112345")
    assert "5 段" in message and "2022-530114-04-01-123456" in message


@pytest.mark.parametrize("year", ["2013", "2028", "1999"])
def test_an_implausible_year_is_refused(year):
    (message,) = problems(f"{year}-530114-04-01-123456")
    assert "第1段（年份）" in message and year in message


def test_a_code_of_another_region_is_refused_naming_the_accepted_ones():
    (message,) = problems("2022-530112-04-01-123456")
    assert "530112" in message and "530114" in message and "第2段（地区代码）" in message


def test_accepted_region_codes_widen_the_check():
    assert code_problems("2022-530100-04-01-123456", regions=("530114", "530100"), this_year=2026) == []


def test_validate_code_raises_with_every_message():
    with pytest.raises(ValidationError) as caught:
        validate_code("22-530112-04-01-123456", regions=REGIONS, this_year=2026)
    assert len(caught.value.messages) == 1  # a malformed year is reported before the region


@given(
    st.integers(2014, 2027), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99999),
    st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"),
)  # fmt: skip
def test_every_well_formed_code_of_the_region_passes(year, dept, kind, serial, check):
    value = f"{year}-530114-{dept:02d}-{kind:02d}-{serial:05d}{check}"
    assert code_problems(value, regions=REGIONS, this_year=2026) == []


@given(st.text(max_size=30))
def test_any_text_gets_an_answer_never_an_exception(text):
    result = code_problems(normalise_code(text), regions=REGIONS, this_year=2026)
    assert isinstance(result, list)
