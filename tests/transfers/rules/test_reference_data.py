"""Legal bases and supervisory authorities: shipped by migration, restored by
`load_reference_data`, which may run any number of times."""

from io import StringIO

import pytest
from django.core.management import call_command

from affiliates.models import Country
from transfers.reference.models import LegalBasis, SupervisoryAuthority

EU_AND_EEA = {
    # 27 EU Member States
    *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
    # EEA EFTA states
    *("IS", "LI", "NO"),
}
FRENCH_OUTERMOST_REGIONS = {"GF", "GP", "MF", "MQ", "RE", "YT"}


def run_load_reference_data() -> str:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_authority_for_every_eea_state_the_uk_and_switzerland():
    eea_today = set(
        Country.objects.filter(eea_from__isnull=False, eea_until__isnull=True).values_list(
            "code", flat=True
        )
    )
    covered = set(SupervisoryAuthority.objects.values_list("country", flat=True))
    assert covered == EU_AND_EEA | FRENCH_OUTERMOST_REGIONS | {"GB", "CH"}
    # every state and territory inside the EEA today, except the Aland Islands (left to the
    # legal team, see the file's header)
    assert eea_today - covered == {"AX"}
    for authority in SupervisoryAuthority.objects.all():
        assert authority.name and authority.source, authority
        assert authority.website.startswith("https://"), authority


@pytest.mark.django_db
def test_germany_row_warns_that_the_land_authority_is_competent():
    germany = SupervisoryAuthority.objects.get(country="DE")
    assert "BfDI" in germany.name
    assert "Land" in germany.notes


@pytest.mark.django_db
def test_named_authorities():
    assert SupervisoryAuthority.objects.get(country="GB").name.startswith(
        "Information Commissioner's Office"
    )
    assert "FDPIC" in SupervisoryAuthority.objects.get(country="CH").name
    assert "Fitzwilliam Square" in SupervisoryAuthority.objects.get(country="IE").address
    assert SupervisoryAuthority.objects.get(country="RE").name.endswith("(CNIL)")


@pytest.mark.django_db
def test_legal_bases_of_articles_6_and_9_are_loaded_with_sources():
    codes = set(LegalBasis.objects.values_list("code", flat=True))
    assert {f"art6-1-{letter}" for letter in "abcdef"} <= codes
    assert {f"art9-2-{letter}" for letter in "abcdefghij"} <= codes
    consent = LegalBasis.objects.get(code="art6-1-a")
    assert consent.article == "Art. 6(1)(a) GDPR"
    assert not LegalBasis.objects.filter(source="").exists()


@pytest.mark.django_db
def test_load_reference_data_is_idempotent():
    counts = (Country.objects.count(), LegalBasis.objects.count())
    authorities = SupervisoryAuthority.objects.count()
    history = (LegalBasis.history.count(), SupervisoryAuthority.history.count())

    first = run_load_reference_data()
    second = run_load_reference_data()

    assert first == second
    assert "16 legal bases, 38 supervisory authorities" in second
    assert (Country.objects.count(), LegalBasis.objects.count()) == counts
    assert SupervisoryAuthority.objects.count() == authorities
    assert (LegalBasis.history.count(), SupervisoryAuthority.history.count()) == history


@pytest.mark.django_db
def test_load_reference_data_restores_an_edited_row():
    LegalBasis.objects.filter(code="art6-1-f").update(name="Anything goes")
    SupervisoryAuthority.objects.filter(country="FR").delete()

    run_load_reference_data()

    assert LegalBasis.objects.get(code="art6-1-f").name.startswith("Legitimate interests")
    assert SupervisoryAuthority.objects.get(country="FR").name.endswith("(CNIL)")
