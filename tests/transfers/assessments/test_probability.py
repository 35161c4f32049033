"""The probability of prohibited lawful access: known inputs give known outputs, the edges 0
and 1 behave, bad inputs are named, and more risk never gives a smaller probability."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transfers.assessments.probability import (
    FORMULAS,
    Instrument,
    ProbabilityInputError,
    assess_probability,
    combined_yearly_probability,
    period_probability,
    yearly_probability,
)

probability = st.floats(min_value=0, max_value=1, allow_nan=False)


def test_yearly_probability_is_the_product_of_the_factors():
    assert yearly_probability(0.1, 0.5, 0.8) == pytest.approx(0.04)
    assert yearly_probability(Decimal("0.02"), Decimal("1"), Decimal("0.5")) == pytest.approx(0.01)


def test_instruments_combine_as_independent_events():
    # 1 - (1 - 0.1)(1 - 0.2) = 1 - 0.72
    assert combined_yearly_probability([0.1, 0.2]) == pytest.approx(0.28)
    assert combined_yearly_probability([0.05]) == pytest.approx(0.05)


def test_period_probability_compounds_over_the_years():
    # 1 - 0.9^5 = 0.40951
    assert period_probability(0.1, 5) == pytest.approx(0.40951)
    assert period_probability(0.1, 1) == pytest.approx(0.1)


def test_a_worked_example_with_the_threshold():
    result = assess_probability(
        [
            Instrument("FISA 702", Decimal("0.05"), Decimal("0.1"), Decimal("1")),
            Instrument("CLOUD Act", Decimal("0.02"), Decimal("0.1"), Decimal("0.5")),
        ],
        years=5,
        threshold=Decimal("0.10"),
    )
    assert [i.p_year for i in result.instruments] == pytest.approx([0.005, 0.001])
    assert result.p_year == pytest.approx(1 - 0.995 * 0.999)  # 0.005995
    assert result.p_period == pytest.approx(1 - (0.995 * 0.999) ** 5)  # 0.02961...
    assert result.p_period == pytest.approx(0.0296, abs=1e-4)
    assert result.within_threshold
    assert result.formulas == FORMULAS


def test_above_the_threshold_is_not_within_it():
    result = assess_probability([Instrument("X", 0.1, 1, 1)], years=5, threshold=0.10)
    assert result.p_period == pytest.approx(0.40951)
    assert not result.within_threshold


def test_a_probability_equal_to_the_threshold_is_within_it():
    result = assess_probability([Instrument("X", 0.1, 1, 1)], years=1, threshold=0.1)
    assert result.within_threshold


def test_edge_case_zero():
    assert yearly_probability(0, 1, 1) == 0
    assert combined_yearly_probability([0, 0, 0]) == 0
    assert period_probability(0, 50) == 0
    result = assess_probability([Instrument("X", 0, 0, 0)], years=5, threshold=0)
    assert result.p_period == 0
    assert result.within_threshold


def test_edge_case_one():
    assert yearly_probability(1, 1, 1) == 1
    assert combined_yearly_probability([0.1, 1]) == 1
    assert period_probability(1, 1) == 1
    result = assess_probability([Instrument("X", 1, 1, 1)], years=3, threshold=1)
    assert result.p_period == 1
    assert result.within_threshold


def test_no_instrument_means_no_probability():
    result = assess_probability([], years=5, threshold=0.1)
    assert result.p_year == 0
    assert result.p_period == 0


@pytest.mark.parametrize("bad", [-0.01, 1.01, 2, None, True])
def test_a_factor_outside_zero_to_one_is_refused_by_name(bad):
    with pytest.raises(ProbabilityInputError) as error:
        assess_probability([Instrument("FISA 702", 0.1, bad, 1)], years=5, threshold=0.1)
    assert error.value.field == "FISA 702: p_readable"


@pytest.mark.parametrize("years", [0, -1, 2.5, True])
def test_the_period_is_a_whole_number_of_years(years):
    with pytest.raises(ProbabilityInputError) as error:
        period_probability(0.1, years)
    assert error.value.field == "years"


def test_the_threshold_is_a_probability():
    with pytest.raises(ProbabilityInputError) as error:
        assess_probability([], years=5, threshold=Decimal("1.5"))
    assert error.value.field == "threshold"


@given(st.lists(probability, max_size=6), probability)
def test_adding_an_instrument_never_lowers_the_yearly_probability(yearly, extra):
    before = combined_yearly_probability(yearly)
    after = combined_yearly_probability([*yearly, extra])
    assert 0 <= before <= after + 1e-12 <= 1 + 1e-12


@given(probability, st.integers(min_value=1, max_value=40))
def test_a_longer_period_never_lowers_the_probability(p_year, years):
    shorter = period_probability(p_year, years)
    longer = period_probability(p_year, years + 1)
    assert p_year - 1e-12 <= shorter <= longer + 1e-12 <= 1 + 1e-12


@given(probability, probability, probability, probability)
def test_a_larger_factor_never_lowers_the_yearly_probability(a, b, c, bigger):
    low, high = sorted((a, bigger))
    assert yearly_probability(low, b, c) <= yearly_probability(high, b, c) + 1e-12
