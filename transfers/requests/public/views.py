"""Public pages for data subjects (no login). Thin: selectors read, services write."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from transfers.documents.downloads import document_file_response
from transfers.requests import services as request_services
from transfers.requests.public.forms import CopyRequestForm
from transfers.requests.public.ratelimit import Rate, client_ip, rate_limit_exceeded
from transfers.requests.public.selectors import (
    AFFILIATE,
    VENDOR,
    PublicRecipient,
    public_affiliates,
    public_register,
    public_vendors,
)
from transfers.requests.public.world_map import map_picture
from transfers.requests.wording import public_wording


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a public page with what every public page shows (who we are, how to reach us,
    how long links work)."""
    common = {
        "organisation": settings.TRANSFERS_PUBLIC_ORGANISATION,
        "contact_email": settings.TRANSFERS_PRIVACY_CONTACT,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "verify_hours": settings.TRANSFERS_VERIFY_LINK_HOURS,
        "download_days": settings.TRANSFERS_DOWNLOAD_LINK_DAYS,
    }
    return render(request, template, {**common, **(context or {})}, status=status)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    register = public_register()
    picture = map_picture(country.code for country in register.countries)
    return page(
        request,
        "public/home.html",
        {
            "register": register,
            "map": picture,
            "active": "home",
            "under_review": public_wording()["under_review"],
        },
    )


class CopyRequestView(View):
    """The form to request copies of the SCCs, with its protections against abuse."""

    template_name = "public/request_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        register = public_register()
        form = CopyRequestForm(
            initial={"recipients": request.GET.getlist("recipient")},
            recipients=register.scc_recipients,
        )
        return self.form_page(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        if request_too_large(request):
            return page(request, "public/too_large.html", status=413)
        if rate_limit_exceeded(
            scope="copy-request-ip",
            key=client_ip(request),
            rate=Rate.parse(settings.TRANSFERS_REQUEST_RATE_PER_IP),
        ):
            return rate_limited(request, settings.TRANSFERS_REQUEST_RATE_PER_IP)
        form = CopyRequestForm(request.POST, recipients=public_register().scc_recipients)
        if form.is_bot:
            return redirect("public:request_sent")  # silently: nothing stored, nothing sent
        if not form.is_valid():
            return self.form_page(request, form, status=400)
        if rate_limit_exceeded(
            scope="copy-request-email",
            key=form.cleaned_data["email"].strip().lower(),
            rate=Rate.parse(settings.TRANSFERS_REQUEST_RATE_PER_EMAIL),
        ):
            return rate_limited(request, settings.TRANSFERS_REQUEST_RATE_PER_EMAIL)
        try:
            submit(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_page(request, form, status=400)
        return redirect("public:request_sent")

    def form_page(self, request: HttpRequest, form: CopyRequestForm, status: int = 200):
        return page(request, self.template_name, {"form": form, "active": "request"}, status)


def submit(request: HttpRequest, form: CopyRequestForm) -> None:
    chosen = form.chosen_recipients()
    request_services.dsr_submit(
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        all_recipients=form.cleaned_data["all_recipients"],
        affiliates=public_affiliates().filter(pk__in=pks_of(chosen, AFFILIATE)),
        vendors=public_vendors().filter(pk__in=pks_of(chosen, VENDOR)),
        ip_address=client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


def pks_of(recipients: list[PublicRecipient], category: str) -> list[int]:
    return [recipient.pk for recipient in recipients if recipient.category == category]


def request_too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.TRANSFERS_REQUEST_MAX_BODY_BYTES


def rate_limited(request: HttpRequest, rate_text: str) -> HttpResponse:
    rate = Rate.parse(rate_text)
    response = page(request, "public/rate_limited.html", {"rate": rate}, status=429)
    response["Retry-After"] = str(rate.seconds)
    return response


@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    return page(request, "public/request_sent.html")


@method_decorator(never_cache, name="dispatch")
class VerifyView(View):
    """The link from the first e-mail. GET only shows a button: mail scanners that open links
    must not confirm a request on the owner's behalf. POST confirms, once."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            request_services.verification_target(token=token)
        except request_services.LinkError as error:
            return link_error(request, error)
        return page(request, "public/verify_confirm.html", {"token": token})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            dsr = request_services.dsr_verify(
                token=token,
                ip_address=client_ip(request) or None,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except request_services.LinkError as error:
            return link_error(request, error)
        return page(request, "public/verified.html", {"dsr": dsr})


def link_error(request: HttpRequest, error: "request_services.LinkError") -> HttpResponse:
    status = 400 if error.reason == "invalid" else 410
    return page(request, "public/link_error.html", {"reason": error.reason}, status=status)


@never_cache
@require_GET
def copies(request: HttpRequest, token: str) -> HttpResponse:
    """The page the approval e-mail links to: one download per SCC agreement."""
    try:
        dsr = request_services.dsr_open_download(token=token)
    except request_services.LinkError as error:
        return link_error(request, error)
    documents = list(
        dsr.documents.select_related(
            "scc_agreement__exporter_affiliate",
            "scc_agreement__exporter_vendor",
            "scc_agreement__importer_affiliate",
            "scc_agreement__importer_vendor",
        ).order_by("scc_agreement__reference")
    )
    return page(
        request,
        "public/copies.html",
        {
            "dsr": dsr,
            "documents": documents,
            "token": token,
            "all_ready": request_services.copies_ready(documents),
            "expires_on": dsr.decided_at + request_services.download_lifetime(),
        },
    )


@never_cache
@require_GET
def copy_download(request: HttpRequest, token: str, document_id: int) -> HttpResponse:
    try:
        dsr = request_services.dsr_open_download(token=token)
    except request_services.LinkError as error:
        return link_error(request, error)
    document = dsr.documents.filter(pk=document_id).first()
    if document is None or not request_services.copies_ready([document]):
        return page(request, "public/link_error.html", {"reason": "no_copy", "token": token}, 404)
    response = document_file_response(document)  # 404 first if the file went missing
    request_services.dsr_record_download(
        dsr=dsr,
        document=document,
        ip_address=client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A readable page when the form's security token is missing or stale (CSRF_FAILURE_VIEW)."""
    return page(request, "public/csrf_failure.html", status=403)
