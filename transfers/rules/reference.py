"""The reference data the rules read: countries, adequacy decisions, instruments and their terms."""

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cached_property

from transfers.rules.codes import (
    CERTIFIED_ORGANISATIONS,
    EEA,
    FULL,
    MODULES,
    NO_CONDITION,
    REGIMES,
    RULESET_VERSION,
    SCOPE_CONDITIONS,
    SCOPES,
)
from transfers.rules.facts import _require, _require_order, _within

# ------------------------------------------------------------------------ reference data


class ReferenceDataError(ValueError):
    """The reference data contradicts itself or its schema."""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    eu_from: dt.date | None = None
    eu_until: dt.date | None = None
    eea_from: dt.date | None = None
    eea_until: dt.date | None = None
    source: str = ""

    def __post_init__(self) -> None:
        _require_order(self.eu_from, self.eu_until, f"{self.code} EU membership")
        _require_order(self.eea_from, self.eea_until, f"{self.code} EEA membership")

    def in_eu_or_eea_on(self, on: dt.date) -> bool:
        in_eu = self.eu_from is not None and _within(on, self.eu_from, self.eu_until)
        in_eea = self.eea_from is not None and _within(on, self.eea_from, self.eea_until)
        return in_eu or in_eea


@dataclass(frozen=True)
class AdequacyDecision:
    regime: str
    country: str
    reference: str
    title: str
    effective_from: dt.date | None
    effective_until: dt.date | None
    scope: str
    scope_condition: str
    required_certification: str | None
    scope_note: str = ""
    source: str = ""
    source_url: str = ""

    def __post_init__(self) -> None:
        name = f"adequacy {self.reference} ({self.regime}, {self.country})"
        _require(self.regime, REGIMES, f"{name}: regime")
        _require(self.scope, SCOPES, f"{name}: scope")
        _require(self.scope_condition, SCOPE_CONDITIONS, f"{name}: scope_condition")
        _require_order(self.effective_from, self.effective_until, name)
        if (self.scope == FULL) != (self.scope_condition == NO_CONDITION):
            raise ValueError(f"{name}: scope_condition is none if and only if scope is full")
        certified = self.scope_condition == CERTIFIED_ORGANISATIONS
        if certified != (self.required_certification is not None):
            raise ValueError(f"{name}: required_certification goes with certified_organisations")

    def in_force_on(self, on: dt.date) -> bool:
        return _within(on, self.effective_from, self.effective_until)


@dataclass(frozen=True)
class InstrumentTerms:
    """When an instrument may be relied on under one regime (see instruments.yaml)."""

    regime: str
    available_from: dt.date | None = None
    repealed_from: dt.date | None = None
    signed_before: dt.date | None = None
    valid_until: dt.date | None = None
    condition: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        _require(self.regime, REGIMES, "instrument terms regime")

    def available_on(self, on: dt.date) -> bool:
        """Whether a new contract could be concluded on the instrument that day."""
        not_repealed = self.repealed_from is None or on < self.repealed_from
        return not_repealed and (self.available_from is None or self.available_from <= on)


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    article: str
    modules: tuple[int, ...]
    module_required: bool
    requires_tia: bool
    scc_based: bool
    terms: tuple[InstrumentTerms, ...]
    source: str = ""

    def __post_init__(self) -> None:
        for module in self.modules:
            _require(module, MODULES, f"instrument {self.code}: modules")
        regimes = [terms.regime for terms in self.terms]
        if len(set(regimes)) != len(regimes):
            raise ValueError(f"instrument {self.code}: one terms entry per regime")
        object.__setattr__(self, "modules", tuple(sorted(self.modules)))
        object.__setattr__(self, "terms", tuple(sorted(self.terms, key=lambda t: t.regime)))

    def terms_for(self, regime: str) -> InstrumentTerms | None:
        return next((terms for terms in self.terms if terms.regime == regime), None)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {value!r}")


@dataclass(frozen=True)
class ReferenceData:
    """The legal team's tables. Built from plain lists of rows, by the YAML loader or from the
    database; rows are kept sorted so that neither the order of rows nor their source changes a
    decision or the version."""

    countries: tuple[Country, ...]
    adequacy_decisions: tuple[AdequacyDecision, ...]
    instruments: tuple[Instrument, ...]

    def __post_init__(self) -> None:
        countries = tuple(sorted(self.countries, key=lambda c: c.code))
        decisions = tuple(
            sorted(
                self.adequacy_decisions,
                key=lambda d: (d.regime, d.country, d.effective_from or dt.date.min, d.reference),
            )
        )
        instruments = tuple(sorted(self.instruments, key=lambda i: i.code))
        object.__setattr__(self, "countries", countries)
        object.__setattr__(self, "adequacy_decisions", decisions)
        object.__setattr__(self, "instruments", instruments)
        self._validate()

    def _validate(self) -> None:
        codes = [country.code for country in self.countries]
        if len(set(codes)) != len(codes):
            raise ReferenceDataError("countries: duplicate codes")
        instrument_codes = [instrument.code for instrument in self.instruments]
        if len(set(instrument_codes)) != len(instrument_codes):
            raise ReferenceDataError("instruments: duplicate codes")
        for decision in self.adequacy_decisions:
            if decision.country != EEA and decision.country not in self.countries_by_code:
                raise ReferenceDataError(
                    f"adequacy {decision.reference}: unknown country {decision.country!r}"
                )

    @cached_property
    def countries_by_code(self) -> dict[str, Country]:
        return {country.code: country for country in self.countries}

    @cached_property
    def instruments_by_code(self) -> dict[str, Instrument]:
        return {instrument.code: instrument for instrument in self.instruments}

    @cached_property
    def certification_programmes(self) -> frozenset[str]:
        """The programmes some adequacy decision requires: the valid certification names."""
        return frozenset(
            d.required_certification
            for d in self.adequacy_decisions
            if d.required_certification is not None
        )

    @cached_property
    def fingerprint(self) -> str:
        canonical = json.dumps(
            asdict(self), sort_keys=True, separators=(",", ":"), default=_json_default
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

    def in_eu_or_eea(self, code: str, on: dt.date) -> bool:
        country = self.countries_by_code.get(code)
        return country is not None and country.in_eu_or_eea_on(on)

    def country_label(self, code: str) -> str:
        country = self.countries_by_code.get(code)
        return f"{country.name} ({code})" if country else code

    def adequacy_rows(self, regime: str, code: str, on: dt.date) -> tuple[AdequacyDecision, ...]:
        """Every decision of the regime naming the destination, in force or not; an "EEA" row
        names it if it is in the EU or the EEA on the date."""
        in_eea = self.in_eu_or_eea(code, on)
        return tuple(
            d
            for d in self.adequacy_decisions
            if d.regime == regime and (d.country == code or (d.country == EEA and in_eea))
        )


def ruleset_version(reference: ReferenceData) -> str:
    return f"{RULESET_VERSION}+ref.{reference.fingerprint}"
