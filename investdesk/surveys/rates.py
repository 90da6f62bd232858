"""The survey rates as plain functions (no ORM): RULES.md §4 and §8.

- Satisfaction rate = (非常满意 + 满意 + 基本满意) ÷ valid answers × 100, counted per answer to the
  questions flagged "counts for the satisfaction rate" (a survey normally flags one overall
  question, which makes it one answer per respondent).
- Awareness rate = respondents who know ÷ respondents asked × 100, where a respondent knows when
  their correct answers to the survey's knowledge questions meet the unit's rule ("majority":
  more than half; "all": every one). A knowledge question left unanswered counts as not known.
- Combined enterprise satisfaction = (satisfied survey answers + 好评 ratings) ÷ (valid survey
  answers + valid ratings) × 100: every answer and every rating weighs the same.

Rates are Decimal percent with two decimals (half up); None when nothing was counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SATISFIED = ("very_satisfied", "satisfied", "basic")
LEVELS = ("very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied")
CENT = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tally:
    """Satisfied answers out of valid ones."""

    satisfied: int = 0
    valid: int = 0

    @property
    def rate(self) -> Decimal | None:
        return percent(self.satisfied, self.valid)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.satisfied + other.satisfied, self.valid + other.valid)


def tally_levels(counts: Mapping[str, int]) -> Tally:
    """From answer counts per level code; unknown codes (an empty level) are not valid answers."""
    satisfied = sum(n for level, n in counts.items() if level in SATISFIED)
    valid = sum(n for level, n in counts.items() if level in LEVELS)
    return Tally(satisfied, valid)


def knows(correct: int, asked: int, rule: str) -> bool:
    """Whether a respondent with `correct` right answers out of `asked` knowledge questions knows."""
    if asked <= 0:
        return False
    if rule == "all":
        return correct >= asked
    if rule == "majority":
        return correct * 2 > asked
    raise ValueError(f"unknown awareness rule {rule!r}")


def awareness(correct_per_respondent: Iterable[int], asked: int, rule: str) -> tuple[int, int]:
    """(respondents who know, respondents) for one survey with `asked` knowledge questions."""
    results = [knows(c, asked, rule) for c in correct_per_respondent]
    return sum(results), len(results)


def combined(survey: Tally, good_ratings: int, valid_ratings: int) -> Tally:
    """Survey answers and case ratings (好差评) counted together, each weighing one."""
    return survey + Tally(good_ratings, valid_ratings)
