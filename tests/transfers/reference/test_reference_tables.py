"""The rules' reference data in the database: loaded from the shipped YAML by a migration and by
`load_reference_data`, edited by the legal team in the admin, read back as the same
`ReferenceData` the YAML gives, and re-read only when a row changes."""

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from affiliates.models import Country
from transfers.reference.models import AdequacyDecision, InstrumentTerm, TransferInstrument
from transfers.reference.selectors import reference_data_from_db
from transfers.rules.codes import EEA
from transfers.rules.reference import ruleset_version
from transfers.rules.reference_data import load_reference_data

pytestmark = pytest.mark.django_db


def test_the_tables_give_the_same_reference_data_as_the_yaml():
    from_db, from_yaml = reference_data_from_db(), load_reference_data()

    assert from_db == from_yaml
    assert ruleset_version(from_db) == ruleset_version(from_yaml)
    assert any(d.country == EEA for d in from_db.adequacy_decisions)
    assert AdequacyDecision.objects.filter(covers_eea=True, country__isnull=True).exists()


def test_an_unchanged_database_costs_one_query():
    reference_data_from_db()

    with CaptureQueriesContext(connection) as queries:
        reference_data_from_db()

    assert len(queries) == 1


def test_an_edited_row_is_read_at_once_and_changes_the_version():
    before = ruleset_version(reference_data_from_db())
    terms = InstrumentTerm.objects.get(instrument__code="scc-2021/914", regime="EU")
    terms.condition = "Only with the group's template."
    terms.save()

    reference = reference_data_from_db()

    assert reference.instruments_by_code["scc-2021/914"].terms_for("EU").condition == (
        "Only with the group's template."
    )
    assert ruleset_version(reference) != before


def test_a_deleted_row_is_read_at_once():
    AdequacyDecision.objects.get(regime="EU", reference="2000/518/EC").delete()

    references = {d.reference for d in reference_data_from_db().adequacy_decisions}

    assert "2000/518/EC" not in references


def test_load_reference_data_restores_adequacy_decisions_and_instruments():
    decision = AdequacyDecision.objects.get(regime="EU", reference="(EU) 2023/1795")
    decision.effective_until = dt.date(2024, 1, 1)
    decision.save()
    TransferInstrument.objects.get(code="uk-idta").delete()
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert "50 adequacy decisions, 7 transfer instruments" in out.getvalue()
    assert reference_data_from_db() == load_reference_data()
    history = (AdequacyDecision.history.count(), InstrumentTerm.history.count())
    call_command("load_reference_data", stdout=out)
    assert (AdequacyDecision.history.count(), InstrumentTerm.history.count()) == history


def test_a_database_with_the_old_privacy_shield_end_gets_the_judgment_day_as_first_day_without():
    """A database loaded before the fix recorded 16 Jul 2020 (the judgment) as a day Privacy
    Shield still applied; the data migration moves its last day to 15 Jul 2020."""
    AdequacyDecision.objects.filter(regime="EU", reference="(EU) 2016/1250").update(
        effective_until=dt.date(2020, 7, 16), scope_note="old note"
    )
    migration = importlib.import_module("transfers.migrations.0012_invalidated_adequacy_last_day")

    migration.forwards(apps, None)

    decision = AdequacyDecision.objects.get(regime="EU", reference="(EU) 2016/1250")
    assert decision.effective_until == dt.date(2020, 7, 15)
    assert "no basis from 16 Jul 2020" in decision.scope_note
    shield = next(
        d for d in reference_data_from_db().adequacy_decisions if d.reference == "(EU) 2016/1250"
    )
    assert shield.in_force_on(dt.date(2020, 7, 15))
    assert not shield.in_force_on(dt.date(2020, 7, 16))
    assert reference_data_from_db() == load_reference_data()


def test_the_migration_leaves_a_last_day_the_legal_team_edited():
    AdequacyDecision.objects.filter(regime="EU", reference="(EU) 2016/1250").update(
        effective_until=dt.date(2020, 7, 1)
    )
    migration = importlib.import_module("transfers.migrations.0012_invalidated_adequacy_last_day")

    migration.forwards(apps, None)

    decision = AdequacyDecision.objects.get(regime="EU", reference="(EU) 2016/1250")
    assert decision.effective_until == dt.date(2020, 7, 1)


def test_a_decision_names_a_country_or_the_whole_eea_not_both():
    both = AdequacyDecision(
        regime="UK",
        country=Country.objects.get(code="FR"),
        covers_eea=True,
        reference="Test",
        title="test decision",
        effective_from=dt.date(2021, 1, 1),
    )
    neither = AdequacyDecision(
        regime="UK", reference="Test", title="test", effective_from=dt.date(2021, 1, 1)
    )

    for decision in (both, neither):
        with pytest.raises(ValidationError, match="a country, or tick 'covers the whole EEA'"):
            decision.full_clean()


def test_a_decision_scope_and_certification_must_agree():
    decision = AdequacyDecision(
        regime="EU",
        country=Country.objects.get(code="IN"),
        reference="Test",
        title="test decision",
        effective_from=dt.date(2021, 1, 1),
        scope="partial",
        scope_condition="certified_organisations",
    )

    with pytest.raises(ValidationError, match="Name the required certification"):
        decision.full_clean()


def test_instrument_modules_are_one_to_four():
    instrument = TransferInstrument.objects.get(code="bcr")
    instrument.modules = [1, 5]

    with pytest.raises(ValidationError, match="modules 1, 2, 3 and 4"):
        instrument.full_clean()


def test_editors_edit_instruments_with_their_terms_in_the_admin(editor_client):
    instrument = TransferInstrument.objects.get(code="uk-idta")
    page = editor_client.get(
        reverse("admin:transfers_transferinstrument_change", args=[instrument.pk])
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="checkbox" name="modules" value="4"' in html
    assert "International Data Transfer Agreement" in html
