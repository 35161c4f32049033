"""The public page and the request form: content, only public data, queries, accessibility."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from affiliates.choices import GroupRole
from tests.factories import TransferFactory, VendorFactory
from tests.transfers.requests.public.register import NON_PUBLIC_NAMES, build_public_register
from transfers.evaluation.services import transfers_evaluate
from transfers.register.choices import LegalTool, PartyRole
from transfers.requests.choices import RejectionGround
from transfers.requests.public.selectors import public_register
from transfers.requests.public.world_map import (
    map_picture,
    parse_subpaths,
    simplify_path,
    world_map,
)
from transfers.requests.wording import public_wording, read_reference


@pytest.fixture
def rows(db):
    return build_public_register()


class PageStructure(HTMLParser):
    """What a screen reader or a keyboard user depends on, collected from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = None
        self.headings: list[int] = []
        self.inputs: list[dict] = []
        self.label_for: set[str] = set()
        self.assets: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "input":
            self.inputs.append(attributes)
        if tag == "label" and "for" in attributes:
            self.label_for.add(attributes["for"])
        if tag in ("link", "script", "img", "image", "use", "iframe"):
            url = attributes.get("href") or attributes.get("src")
            if url:
                self.assets.append(url)
        if tag == "script" and "src" not in attributes:
            self.inline_scripts += 1


def structure(response) -> PageStructure:
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


def test_the_page_lists_public_recipients_with_country_role_activity_and_tool(client, rows):
    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        "Group Europe GmbH",
        "Group Asia Pte. Ltd.",
        "Cloud Host Inc.",
        "Draft Partner SAS",
    ):
        assert name in page
    assert "Hosts our cloud services." in page
    assert "United States of America" in page and "Singapore" in page
    wording = public_wording()
    assert wording["group_roles"]["joint_controller"] in page
    assert wording["flow_roles"]["processor"] in page
    assert "Adequacy decision" in page
    assert wording["legal_tools"]["adequacy"]["explanation"] in page


def recipient_text(page: str, name: str) -> str:
    """The visible text of one recipient's entry on the public page."""
    entries = re.findall(r'<li class="recipient">(.*?)</li>', page, flags=re.S)
    entry = next(entry for entry in entries if f"<h3>{name}</h3>" in entry)
    return " ".join(re.sub(r"<[^>]+>", " ", entry).split())


def test_a_recipient_the_register_does_not_permit_is_under_review_not_protected(client, rows):
    page = client.get(reverse("public:home")).content.decode()
    wording = public_wording()

    cloud = recipient_text(page, "Cloud Host Inc.")
    rows.cloud_transfer.refresh_from_db()
    assert rows.cloud_transfer.compliance_status == "not_permitted"
    assert "Protection Under review" in cloud
    assert "Standard Contractual Clauses" not in cloud.split("Request a copy")[0]
    assert "Protection Adequacy decision" in recipient_text(page, "Support Desk Inc.")
    assert wording["under_review"]["explanation"] in page
    assert wording["legal_tools"]["scc"]["explanation"] not in page, (
        "no permitted transfer rests on the clauses, so the page does not explain them"
    )


def test_a_protection_follows_the_stored_evaluation_when_it_changes(client, rows):
    rows.support.certifications.all().delete()  # it left the Data Privacy Framework List
    transfers_evaluate()

    page = client.get(reverse("public:home")).content.decode()

    assert "Protection Under review" in recipient_text(page, "Support Desk Inc.")
    assert "Adequacy decision" not in page


def test_the_page_links_a_copy_for_exactly_the_recipients_of_the_form(client, rows):
    page = client.get(reverse("public:home")).content.decode()
    form = client.get(reverse("public:request_copy")).context["form"]

    linked = set(re.findall(r"\?recipient=((?:affiliate|vendor)-\d+)", page))
    offered = {key for key, _ in form.fields["recipients"].choices}
    assert linked == offered == {f"vendor-{rows.cloud.pk}", f"affiliate-{rows.asia.pk}"}


def test_a_recipient_without_a_copy_says_why(client, rows):
    page = client.get(reverse("public:home")).content.decode()
    reasons = public_wording()["no_copy"]

    assert " ".join(reasons["no_clauses"].split()) in recipient_text(page, "Support Desk Inc.")
    assert " ".join(reasons["no_clauses"].split()) in recipient_text(page, "Group Europe GmbH")
    assert " ".join(reasons["not_signed"].split()) in recipient_text(page, "Draft Partner SAS")
    cloud = recipient_text(page, "Cloud Host Inc.")
    assert "Request a copy" in cloud and "No copy to request" not in cloud


def test_nothing_non_public_appears_on_the_page_or_in_the_form(client, rows):
    pages = [client.get(reverse("public:home")), client.get(reverse("public:request_copy"))]

    for response in pages:
        page = response.content.decode()
        for name in NON_PUBLIC_NAMES:
            assert name not in page, f"{name!r} leaked into {response.request['PATH_INFO']}"
        assert "Cloud hosting" not in page, "a vendor's internal services text leaked"


def test_the_form_offers_only_public_recipients_with_a_signed_public_scc(client, rows):
    form = client.get(reverse("public:request_copy")).context["form"]

    offered = {label for _, label in form.fields["recipients"].choices}
    assert offered == {
        "Group Asia Pte. Ltd. (Singapore)",
        "Cloud Host Inc. (United States of America)",
    }, "no adequacy-only, draft-only, hidden or offboarded recipient"


def test_a_recipient_link_preselects_it_in_the_form(client, rows):
    response = client.get(reverse("public:request_copy"), {"recipient": f"vendor-{rows.cloud.pk}"})

    checkboxes = re.findall(
        r'<input type="checkbox" name="recipients"[^>]*>', response.content.decode()
    )
    checked = [tag for tag in checkboxes if " checked" in tag]
    assert len(checkboxes) == 2
    assert len(checked) == 1 and f'value="vendor-{rows.cloud.pk}"' in checked[0]


def test_the_map_highlights_the_public_countries_only(client, rows):
    response = client.get(reverse("public:home"))

    highlighted = {shape.code for shape in response.context["map"].highlighted}
    assert highlighted == {"DE", "FR", "SG", "US"}
    page = response.content.decode()
    assert 'world.svg#US"' in page and 'world.svg#RU"' not in page
    assert "SG" in {shape.code for shape in response.context["map"].markers}, (
        "a country too small to see gets a dot"
    )


def test_the_page_runs_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    with django_assert_num_queries(6):
        client.get(reverse("public:home"))
    for index in range(10):
        vendor = VendorFactory(legal_name=f"More Vendor {index}")
        TransferFactory(exporter_affiliate=rows.exporter, importer_vendor=vendor)
    with django_assert_num_queries(6):
        response = client.get(reverse("public:home"))
    assert "More Vendor 9" in response.content.decode()


def test_the_form_page_runs_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    with django_assert_num_queries(6):
        client.get(reverse("public:request_copy"))


@pytest.mark.parametrize("url_name", ["public:home", "public:request_copy", "public:request_sent"])
def test_pages_have_a_language_one_h1_ordered_headings_and_labelled_inputs(client, rows, url_name):
    response = client.get(reverse(url_name))
    page = structure(response)

    assert page.html_lang == "en"
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), (
        f"a heading level is skipped: {page.headings}"
    )
    for field in page.inputs:
        if field.get("type") in ("hidden", "submit"):
            continue
        assert field.get("id") in page.label_for, f"input {field.get('name')} has no label"
    assert 'href="#main"' in response.content.decode(), "skip link"


@pytest.mark.parametrize("url_name", ["public:home", "public:request_copy"])
def test_pages_load_nothing_from_another_origin_and_run_no_inline_script(client, rows, url_name):
    response = client.get(reverse(url_name))
    page = structure(response)

    assert page.assets, "the page has its stylesheet at least"
    assert all(url.startswith("/") and not url.startswith("//") for url in page.assets), page.assets
    assert page.inline_scripts == 0
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_map_is_an_image_with_a_text_alternative(client, rows):
    page = client.get(reverse("public:home")).content.decode()

    assert 'role="img"' in page and 'aria-labelledby="map-title map-desc"' in page
    assert re.search(
        r"<desc id=\"map-desc\">Highlighted countries: France, Germany, Singapore, "
        r"United States of America\.</desc>",
        page,
    )


def test_an_empty_register_says_so_instead_of_an_empty_form(client, db):
    form_page = client.get(reverse("public:request_copy")).content.decode()
    home = client.get(reverse("public:home")).content.decode()

    assert "No recipient currently has Standard Contractual Clauses" in form_page
    assert "<form" not in form_page.split("<main", 1)[1]
    assert "No group company is listed yet." in home


def test_the_selector_decides_public_in_one_place(rows):
    register = public_register()

    assert [r.name for r in register.affiliates] == ["Group Asia Pte. Ltd.", "Group Europe GmbH"]
    assert [r.name for r in register.vendors] == [
        "Cloud Host Inc.",
        "Draft Partner SAS",
        "Support Desk Inc.",
    ]
    assert [r.name for r in register.scc_recipients] == ["Group Asia Pte. Ltd.", "Cloud Host Inc."]


def test_every_choice_has_its_plain_words_and_every_ground_its_explanation():
    wording = public_wording()

    assert set(wording["legal_tools"]) == set(LegalTool.values)
    assert set(GroupRole.values) <= set(wording["group_roles"])
    assert set(PartyRole.values) <= set(wording["flow_roles"])
    grounds = read_reference("request_rejection_grounds.yaml")
    assert set(grounds) == set(RejectionGround.values)
    assert all(grounds[g]["explanation"] and grounds[g]["source"] for g in grounds)


def test_the_vendored_map_knows_the_countries_and_keeps_their_outline():
    shapes = world_map().shapes

    assert len(shapes) > 240 and {"US", "CN", "SG", "DE", "GB"} <= set(shapes)
    assert shapes["US"].name == "United States"
    assert map_picture(["US", "XX"]).highlighted == (shapes["US"],), "unknown codes are skipped"


def test_simplifying_a_path_keeps_absolute_positions_without_drift():
    square = "m 10.04,10.04 0.02,0.02 9.94,-0.06 0,10 -10,0 z m 30,0 5,0 0,5 z"

    simplified = parse_subpaths(simplify_path(square))

    assert simplified == [
        [(10.0, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 20.0)],
        [(40.0, 10.0), (45.0, 10.0), (45.0, 15.0)],
    ]
