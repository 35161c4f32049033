"""On PostgreSQL (CI), the register's integrity rules are the database's own: they are in its
catalogue and they hold even for writes that bypass Django entirely."""

import pytest
from django.db import IntegrityError, connection, transaction

from .factories import AffiliateFactory, VendorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_every_model_constraint_is_in_the_postgres_catalogue():
    from django.apps import apps

    expected = {
        constraint.name
        for model in apps.get_models()
        if model._meta.app_label in {"affiliates", "vendors", "transfers"}
        for constraint in model._meta.constraints
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint")
        present = {row[0] for row in cursor.fetchall()}
        # A conditional unique constraint is a partial unique index in PostgreSQL.
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef LIKE 'CREATE UNIQUE%%'")
        present |= {row[0] for row in cursor.fetchall()}
    assert expected and expected <= present, expected - present


def test_raw_sql_cannot_create_a_transfer_to_the_same_entity():
    entity = AffiliateFactory()
    with (
        pytest.raises(IntegrityError, match="transfer_exporter_is_not_importer_affiliate"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            """
                INSERT INTO transfers_transfer (reference, name, regime, exporter_affiliate_id,
                    importer_affiliate_id, exporter_role, importer_role, destination_country_id,
                    special_category_data, special_category_safeguards, frequency, nature,
                    retention, subject_matter_and_duration, legal_tool, derogation,
                    remote_access_only, employee_access, direct_collection,
                    returns_only_received_data, state, is_public, notes, compliance_status,
                    findings, created_at, updated_at)
                VALUES ('loop', 'Loop', 'EU', %s, %s, 'controller', 'processor', 'IE', false,
                    '', 'continuous', '', '', '', 'none_needed', '', false, false, false, false,
                    'active', true, '', 'not_evaluated', '[]', now(), now())
                """,
            [entity.pk, entity.pk],
        )


def test_raw_sql_cannot_point_a_vendor_at_an_unknown_country():
    vendor = VendorFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE vendors_vendor SET country_id = 'XX' WHERE id = %s", [vendor.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
