"""The rate formulas on exact small cases (RULES.md §4 and §8), and their bounds for any counts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from investdesk.surveys.rates import Tally, awareness, combined, knows, percent, tally_levels


def test_seven_of_nine_satisfied_is_77_78():
    assert percent(7, 9) == Decimal("77.78")
    tally = tally_levels({"very_satisfied": 3, "satisfied": 2, "basic": 2, "dissatisfied": 1, "very_dissatisfied": 1})
    assert tally == Tally(7, 9)
    assert tally.rate == Decimal("77.78")


def test_rates_round_half_up_to_two_decimals():
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(125, 130) == Decimal("96.15")
    assert percent(1, 200) == Decimal("0.50")


def test_nothing_counted_is_no_rate_not_zero():
    assert percent(0, 0) is None
    assert tally_levels({}).rate is None
    assert tally_levels({"": 4}) == Tally(0, 0)  # a question left unanswered is not a valid answer


def test_a_respondent_knows_by_majority_or_by_all():
    assert knows(2, 3, "majority") and not knows(2, 3, "all")
    assert knows(3, 3, "all")
    assert not knows(2, 4, "majority")  # half is not more than half
    assert knows(1, 1, "majority")
    assert not knows(0, 0, "majority")
    with pytest.raises(ValueError):
        knows(1, 1, "most")


def test_awareness_counts_respondents_who_know():
    assert awareness([3, 2, 1, 0, 3], 3, "majority") == (3, 5)
    assert awareness([3, 2, 1, 0, 3], 3, "all") == (2, 5)


def test_combined_counts_every_answer_and_rating_once():
    assert combined(Tally(7, 9), 18, 20) == Tally(25, 29)
    assert combined(Tally(7, 9), 18, 20).rate == Decimal("86.21")
    assert combined(Tally(0, 0), 0, 0).rate is None


@given(
    st.dictionaries(
        st.sampled_from(["very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied"]),
        st.integers(0, 10_000),
    )
)
def test_a_rate_lies_between_0_and_100(counts):
    rate = tally_levels(counts).rate
    if sum(counts.values()) == 0:
        assert rate is None
    else:
        assert Decimal(0) <= rate <= Decimal(100)
