"""The probability of a prohibited lawful access over an assessment period (the "Rosenthal
method" published by VISCHER; the exact formula is marked [M] in the legal primer, so the report
prints it with every input for the reader to check).

Pure: numbers in, a frozen result out, no ORM. For each legal instrument the yearly probability
is the product of its factors (the importer is targeted, the data is readable, the importer cannot
resist); instruments are taken as independent, so the yearly probability that at least one of
them leads to an access is 1 - Π(1 - p_i); over n years it is 1 - (1 - p)^n, compared with the
probability the exporter accepts over the same period.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from math import prod

FORMULA_INSTRUMENT = "p_i = p_targeted × p_readable × p_cannot_resist"
FORMULA_COMBINED = "p_year = 1 − Π (1 − p_i)"
FORMULA_PERIOD = "p_period = 1 − (1 − p_year)^n"
FORMULAS = (FORMULA_INSTRUMENT, FORMULA_COMBINED, FORMULA_PERIOD)

Number = float | int | Decimal


class ProbabilityInputError(ValueError):
    """An input outside its range, named so the caller can show which one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def as_probability(field: str, value: Number | None) -> float:
    """The value as a float in [0, 1], or an error naming the field."""
    if value is None:
        raise ProbabilityInputError(field, "is missing")
    if isinstance(value, bool):
        raise ProbabilityInputError(field, "must be a number between 0 and 1")
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ProbabilityInputError(field, f"must be between 0 and 1, not {value}")
    return number


@dataclass(frozen=True)
class Instrument:
    """One legal instrument with its three factors, each a probability per year."""

    name: str
    p_targeted: Number
    p_readable: Number
    p_cannot_resist: Number

    def factors(self) -> tuple[float, float, float]:
        return (
            as_probability(f"{self.name}: p_targeted", self.p_targeted),
            as_probability(f"{self.name}: p_readable", self.p_readable),
            as_probability(f"{self.name}: p_cannot_resist", self.p_cannot_resist),
        )


@dataclass(frozen=True)
class InstrumentResult:
    name: str
    p_targeted: float
    p_readable: float
    p_cannot_resist: float
    p_year: float


@dataclass(frozen=True)
class ProbabilityResult:
    instruments: tuple[InstrumentResult, ...]
    p_year: float
    years: int
    p_period: float
    threshold: float

    @property
    def within_threshold(self) -> bool:
        return self.p_period <= self.threshold

    @property
    def formulas(self) -> tuple[str, ...]:
        return FORMULAS


def yearly_probability(p_targeted: Number, p_readable: Number, p_cannot_resist: Number) -> float:
    """The yearly probability of one instrument: the product of its factors."""
    return prod(
        (
            as_probability("p_targeted", p_targeted),
            as_probability("p_readable", p_readable),
            as_probability("p_cannot_resist", p_cannot_resist),
        )
    )


def combined_yearly_probability(yearly: Iterable[Number]) -> float:
    """The yearly probability that at least one independent instrument leads to an access."""
    return 1.0 - prod(1.0 - as_probability(f"p_{i + 1}", p) for i, p in enumerate(yearly))


def period_probability(p_year: Number, years: int) -> float:
    """The probability of at least one access over ``years`` years."""
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ProbabilityInputError("years", f"must be a whole number of at least 1, not {years}")
    return 1.0 - (1.0 - as_probability("p_year", p_year)) ** years


def assess_probability(
    instruments: Sequence[Instrument], *, years: int, threshold: Number
) -> ProbabilityResult:
    """Every step of the calculation, kept so the report can show all inputs and results."""
    limit = as_probability("threshold", threshold)
    results = tuple(
        InstrumentResult(instrument.name, *factors, p_year=prod(factors))
        for instrument in instruments
        for factors in [instrument.factors()]
    )
    p_year = combined_yearly_probability(result.p_year for result in results)
    return ProbabilityResult(
        instruments=results,
        p_year=p_year,
        years=years,
        p_period=period_probability(p_year, years),
        threshold=limit,
    )
