from ..factories import AffiliateFactory, AffiliateRoleFactory, country
from .standard import FilterCase, ReadOnlyApiTests


class TestAffiliateApi(ReadOnlyApiTests):
    basename = "affiliate"
    factory = AffiliateFactory
    invalid_filter = ("subject_to_gdpr", "sometimes")
    filter_cases = [
        FilterCase({"country": "SG"}, lambda test: AffiliateFactory(country=country("SG"))),
        FilterCase(
            {"role": "eu_representative"},
            lambda test: AffiliateRoleFactory(role="eu_representative").affiliate,
            lambda test: AffiliateRoleFactory(role="controller").affiliate,
        ),
        FilterCase({"subject_to_gdpr": "art3_2"}, {"subject_to_gdpr": "art3_2"}),
        FilterCase({"q": "printing"}, {"activities": "3D printing services"}),
        FilterCase({"legal_name": "Bambulab GmbH"}, {"legal_name": "Bambulab GmbH"}),
    ]

    def test_roles_are_listed(self, read_client):
        role = AffiliateRoleFactory(role="joint_controller")
        AffiliateRoleFactory(affiliate=role.affiliate, role="processor")
        body = read_client.get(self.detail_url(role.affiliate)).json()
        assert sorted(body["roles"]) == ["joint_controller", "processor"]
        assert "notes" not in body
