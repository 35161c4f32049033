"""factory_boy factories for the register; countries come from the shipped reference data."""

import factory
from django.contrib.auth import get_user_model

from affiliates.models import Affiliate, AffiliateRole, Country
from transfers.models import (
    DataCategory,
    DataSubjectCategory,
    DataSubjectRequest,
    LegalBasis,
    Purpose,
    SccAgreement,
    SupervisoryAuthority,
    Transfer,
)
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("pw")


class AffiliateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliate

    legal_name = factory.Sequence(lambda n: f"Group Entity {n} Ltd")
    address = "1 Example Street, Dublin"
    country = factory.LazyFunction(lambda: country("IE"))
    contact_name = "Jane Contact"
    contact_email = "jane.contact@example.invalid"


class AffiliateRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliateRole

    affiliate = factory.SubFactory(AffiliateFactory)
    role = "controller"


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    legal_name = factory.Sequence(lambda n: f"Vendor {n} Inc.")
    kind = "service_provider"
    country = factory.LazyFunction(lambda: country("US"))
    services = "Cloud hosting"
    status = "active"


class VendorLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorLocation

    vendor = factory.SubFactory(VendorFactory)
    country = factory.LazyFunction(lambda: country("US"))
    activity = "storage"


class VendorCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorCertification

    vendor = factory.SubFactory(VendorFactory)
    scheme = "EU-US DPF"
    valid_from = factory.Faker("date_between", start_date="-2y", end_date="-1y")


class SubProcessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubProcessor

    vendor = factory.SubFactory(VendorFactory)
    sub_processor = factory.SubFactory(VendorFactory)
    services = "Storage"


class DataCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Data category {n}")


class DataSubjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSubjectCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Data subjects {n}")


class LegalBasisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalBasis
        django_get_or_create = ("code",)

    code = "art6-1-b"
    name = "Performance of a contract"
    article = "Art. 6(1)(b) GDPR"


class PurposeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Purpose
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Purpose {n}")


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    reference = factory.Sequence(lambda n: f"flow-{n}")
    name = factory.Sequence(lambda n: f"Flow {n}")
    exporter_affiliate = factory.SubFactory(AffiliateFactory)
    exporter_role = "controller"
    importer_vendor = factory.SubFactory(VendorFactory)
    importer_role = "processor"
    destination_country = factory.LazyFunction(lambda: country("US"))
    frequency = "continuous"
    legal_tool = "scc"


class SccAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SccAgreement

    reference = factory.Sequence(lambda n: f"scc-{n}")
    title = factory.Sequence(lambda n: f"SCC agreement {n}")
    module = 2
    exporter_affiliate = factory.SubFactory(AffiliateFactory)
    importer_vendor = factory.SubFactory(VendorFactory)
    clause_9_option = 2
    clause_9_period = "30 days"
    clause_17_option = 1
    governing_law_country = factory.LazyFunction(lambda: country("IE"))
    courts_country = factory.LazyFunction(lambda: country("IE"))


class SupervisoryAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisoryAuthority
        django_get_or_create = ("country",)

    country = factory.LazyFunction(lambda: country("IE"))
    name = factory.LazyAttribute(lambda a: f"Data Protection Authority of {a.country.name}")
    address = factory.LazyAttribute(lambda a: f"1 Authority Square, {a.country.name}")
    website = "https://authority.example.invalid/"


class DataSubjectRequestFactory(factory.django.DjangoModelFactory):
    """A verified request for all recipients' copies (the public form makes the real ones)."""

    class Meta:
        model = DataSubjectRequest

    name = "Ada Lovelace"
    email = factory.Sequence(lambda n: f"requester{n}@example.invalid")
    all_recipients = True
    state = "verified"
