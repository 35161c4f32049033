"""The life of a data subject's request for a copy of the SCCs.

submitted --(verification link)--> verified --(legal team or auto-approval)--> approved | rejected
submitted --(link lapses)--> expired --(grace period)--> purged

Every step writes a RequestEvent; every message to the requester is a RequestEmail row first and
is sent by Celery after the transaction commits, so a broker or SMTP outage delays an e-mail but
never loses it (`request_emails_requeue` sends again what is still unsent).

Links are django.core.signing tokens (salted per purpose, timestamped) around a random nonce; the
request keeps only the nonce's SHA-256. The verification link works once; the download link
works until it expires. Neither reveals anything but the nonce.
"""

import calendar
import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from affiliates.models import Affiliate
from transfers.dispatch import send_after_commit
from transfers.documents.choices import (
    DocumentEdition,
    DocumentKind,
    DocumentState,
    DownloadChannel,
)
from transfers.documents.models import Document
from transfers.documents.rendering import DocumentInputError
from transfers.documents.services import document_download_record, document_request
from transfers.requests.choices import (
    RejectionGround,
    RequestEmailKind,
    RequestEmailState,
    RequestEventKind,
    RequestState,
)
from transfers.requests.models import (
    DataSubjectRequest,
    RateLimitHit,
    RequestEmail,
    RequestEvent,
)
from transfers.requests.public.selectors import (
    public_affiliates,
    public_vendors,
    scc_agreements_for_request,
)
from transfers.requests.wording import rejection_explanation
from vendors.models import Vendor

logger = logging.getLogger(__name__)

VERIFY_SALT = "transfers.requests.verify"
DOWNLOAD_SALT = "transfers.requests.download"
MAX_EXTENSION_MONTHS = 2  # Art. 12(3) GDPR: "by two further months"
EMAIL_REQUEUE_AFTER = timedelta(minutes=15)
FAILED_EMAIL_RETRY_AFTER = timedelta(hours=1)


class LinkError(Exception):
    """A link from an e-mail that cannot be honoured; `reason` picks the page shown."""

    reason = "invalid"


class LinkInvalid(LinkError):
    reason = "invalid"


class LinkExpired(LinkError):
    reason = "expired"


class LinkUsed(LinkError):
    reason = "used"


# --- dates -----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has none (31 Jan + 1
    month = 28/29 Feb), as periods in months are counted under Regulation 1182/71."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def verification_lifetime() -> timedelta:
    return timedelta(hours=settings.TRANSFERS_VERIFY_LINK_HOURS)


def download_lifetime() -> timedelta:
    return timedelta(days=settings.TRANSFERS_DOWNLOAD_LINK_DAYS)


# --- links -----------------------------------------------------------------------------------


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def new_link_token(*, salt: str) -> tuple[str, str]:
    """A fresh signed token and the hash of its nonce (what the request stores)."""
    nonce = secrets.token_urlsafe(24)
    return signing.dumps(nonce, salt=salt), nonce_hash(nonce)


def read_link_token(*, token: str, salt: str) -> str:
    """The nonce hash inside a token whose signature holds (its age is checked separately)."""
    try:
        nonce = signing.loads(token, salt=salt)
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    if not isinstance(nonce, str):
        raise LinkInvalid
    return nonce_hash(nonce)


def link_is_expired(*, token: str, salt: str, lifetime: timedelta) -> bool:
    try:
        signing.loads(token, salt=salt, max_age=lifetime)
    except signing.SignatureExpired:
        return True
    return False


def absolute_url(path: str) -> str:
    """Links in e-mails point at the configured public address, never at a request's Host."""
    return settings.TRANSFERS_PUBLIC_BASE_URL.rstrip("/") + path


# --- events and e-mails ----------------------------------------------------------------------


def event_record(
    *,
    dsr: DataSubjectRequest,
    kind: str,
    detail: str = "",
    actor: AbstractBaseUser | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> RequestEvent:
    event = RequestEvent(
        request=dsr,
        kind=kind,
        detail=detail,
        actor=actor,
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
    event.full_clean()
    event.save()
    return event


def email_queue(*, dsr: DataSubjectRequest, kind: str, context: dict[str, Any]) -> RequestEmail:
    """Store the e-mail as it will be sent and hand it to Celery once the transaction commits."""
    context = {"request": dsr, **context, "contact_email": settings.TRANSFERS_PRIVACY_CONTACT}
    subject = render_to_string(f"emails/requests/{kind}_subject.txt", context)
    email = RequestEmail(
        request=dsr,
        kind=kind,
        to=dsr.email,
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/requests/{kind}_body.txt", context),
    )
    email.full_clean()
    email.save()
    event_record(dsr=dsr, kind=RequestEventKind.EMAIL_QUEUED, detail=email.get_kind_display())
    email_dispatch_on_commit(email)
    return email


def email_dispatch_on_commit(email: RequestEmail) -> None:
    """Hand the e-mail to Celery after commit. With the broker down the send is logged and the
    row stays queued for `request_emails_requeue`; the caller's request still succeeds."""
    from transfers.requests.tasks import send_request_email  # the tasks module imports this one

    send_after_commit(send_request_email, email.pk)


def request_email_send(*, email_id: int) -> RequestEmail:
    """Send one queued e-mail through Django's backend; a failure is recorded and re-raised so
    the Celery task retries. Sending twice is avoided: a sent e-mail is left alone."""
    with transaction.atomic():
        email = RequestEmail.objects.select_for_update().select_related("request").get(pk=email_id)
        if email.state == RequestEmailState.SENT:
            return email
        email.attempts += 1
        email.last_attempt_at = timezone.now()
        email.save(update_fields=["attempts", "last_attempt_at"])
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[settings.TRANSFERS_PRIVACY_CONTACT],
    )
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        email_mark_failed(email=email, error=f"{type(exc).__name__}: {exc}")
        raise
    with transaction.atomic():
        email.state = RequestEmailState.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["state", "sent_at", "last_error"])
        event_record(
            dsr=email.request, kind=RequestEventKind.EMAIL_SENT, detail=email.get_kind_display()
        )
    return email


def email_mark_failed(*, email: RequestEmail, error: str) -> None:
    with transaction.atomic():
        email.state = RequestEmailState.FAILED
        email.last_error = error[:2000]
        email.save(update_fields=["state", "last_error"])
        event_record(
            dsr=email.request,
            kind=RequestEventKind.EMAIL_FAILED,
            detail=f"{email.get_kind_display()} (attempt {email.attempts}): {error[:500]}",
        )


def request_emails_requeue(*, now: datetime | None = None) -> int:
    """Hand Celery again every e-mail still unsent: queued ones whose task never ran (broker
    down, worker lost) and failed ones an hour after their last attempt. Run by beat."""
    now = now or timezone.now()
    stale_queued = Q(state=RequestEmailState.QUEUED, queued_at__lt=now - EMAIL_REQUEUE_AFTER)
    failed = Q(state=RequestEmailState.FAILED, last_attempt_at__lt=now - FAILED_EMAIL_RETRY_AFTER)
    pending = list(RequestEmail.objects.filter(stale_queued | failed).values_list("pk", flat=True))
    from transfers.requests.tasks import send_request_email

    for email_id in pending:
        send_request_email.delay(email_id)
    return len(pending)


# --- the request's life ----------------------------------------------------------------------


def dsr_submit(
    *,
    name: str,
    email: str,
    affiliates: Iterable[Affiliate] = (),
    vendors: Iterable[Vendor] = (),
    all_recipients: bool = False,
    ip_address: str | None = None,
    user_agent: str = "",
) -> DataSubjectRequest:
    """Record a request from the public form and e-mail the requester a verification link."""
    affiliates, vendors = list(affiliates), list(vendors)
    if not all_recipients and not (affiliates or vendors):
        raise ValidationError("Choose at least one recipient, or all recipients.")
    recipients_must_be_public(affiliates=affiliates, vendors=vendors)
    token, verification_hash = new_link_token(salt=VERIFY_SALT)
    with transaction.atomic():
        dsr = DataSubjectRequest(
            name=" ".join(name.split()),
            email=email.strip(),
            all_recipients=all_recipients,
            verification_nonce_hash=verification_hash,
        )
        dsr.full_clean()
        dsr.save()
        if not all_recipients:
            dsr.affiliates.set(affiliates)
            dsr.vendors.set(vendors)
        event_record(
            dsr=dsr,
            kind=RequestEventKind.SUBMITTED,
            detail=recipients_summary(dsr),
            ip_address=ip_address,
            user_agent=user_agent,
        )
        email_queue(
            dsr=dsr,
            kind=RequestEmailKind.VERIFICATION,
            context={
                "link": absolute_url(reverse("public:verify", args=[token])),
                "expires_at": dsr.received_at + verification_lifetime(),
            },
        )
    return dsr


def recipients_must_be_public(*, affiliates: list[Affiliate], vendors: list[Vendor]) -> None:
    """Services refuse non-public recipients even if a caller skipped the form's checks."""
    public_affiliate_ids = set(
        public_affiliates().filter(pk__in=[a.pk for a in affiliates]).values_list("pk", flat=True)
    )
    public_vendor_ids = set(
        public_vendors().filter(pk__in=[v.pk for v in vendors]).values_list("pk", flat=True)
    )
    if any(a.pk not in public_affiliate_ids for a in affiliates) or any(
        v.pk not in public_vendor_ids for v in vendors
    ):
        raise ValidationError("Choose recipients from the list.")


def recipients_summary(dsr: DataSubjectRequest) -> str:
    if dsr.all_recipients:
        return "All recipients"
    names = [str(a) for a in dsr.affiliates.all()] + [str(v) for v in dsr.vendors.all()]
    return "Recipients: " + "; ".join(names)


def verification_target(*, token: str, lock: bool = False) -> DataSubjectRequest:
    """The request a verification link confirms, or why the link cannot be honoured. With
    lock, the row stays locked until the transaction ends, so a link works only once."""
    verification_hash = read_link_token(token=token, salt=VERIFY_SALT)
    requests = (
        DataSubjectRequest.objects.select_for_update() if lock else DataSubjectRequest.objects
    )
    dsr = requests.filter(verification_nonce_hash=verification_hash).first()
    if dsr is None or dsr.state == RequestState.EXPIRED:
        raise LinkExpired  # purged or lapsed: only an old link can have got here
    if dsr.state != RequestState.SUBMITTED:
        raise LinkUsed
    if link_is_expired(token=token, salt=VERIFY_SALT, lifetime=verification_lifetime()):
        raise LinkExpired
    return dsr


def dsr_verify(
    *, token: str, ip_address: str | None = None, user_agent: str = ""
) -> DataSubjectRequest:
    """Follow the verification link: once, within its lifetime. The request enters the legal
    team's queue, due one month from receipt, and the requester is told the date."""
    with transaction.atomic():
        dsr = verification_target(token=token, lock=True)
        dsr.state = RequestState.VERIFIED
        dsr.verified_at = timezone.now()
        dsr.due_on = add_months(timezone.localdate(dsr.received_at), 1)
        dsr.full_clean()
        dsr.save()
        event_record(
            dsr=dsr,
            kind=RequestEventKind.VERIFIED,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        email_queue(dsr=dsr, kind=RequestEmailKind.RECEIVED, context={})
        assess_on_commit(dsr)
    return dsr


def assess_on_commit(dsr: DataSubjectRequest) -> None:
    """Assess after commit; if the broker is down, `dsr_assess_pending` catches up."""
    from transfers.requests.tasks import assess_request

    send_after_commit(assess_request, dsr.pk)


def dsr_assess_pending(*, now: datetime | None = None) -> int:
    """Send the assessment again for verified requests that never got one (run by beat)."""
    now = now or timezone.now()
    pending = list(
        DataSubjectRequest.objects.filter(
            state=RequestState.VERIFIED,
            assessed_at__isnull=True,
            verified_at__lt=now - EMAIL_REQUEUE_AFTER,
        ).values_list("pk", flat=True)
    )
    from transfers.requests.tasks import assess_request

    for request_id in pending:
        assess_request.delay(request_id)
    return len(pending)


def dsr_extend(
    *, dsr: DataSubjectRequest, months: int, reason: str, user: AbstractBaseUser
) -> DataSubjectRequest:
    """Extend the deadline by one or two months, within the first month, telling the requester
    why (Art. 12(3) GDPR). The total extension never exceeds two months."""
    reason = reason.strip()
    with transaction.atomic():
        dsr = DataSubjectRequest.objects.select_for_update().get(pk=dsr.pk)
        if dsr.state != RequestState.VERIFIED:
            raise ValidationError("Only a verified request awaiting a decision can be extended.")
        if months not in range(1, MAX_EXTENSION_MONTHS + 1):
            raise ValidationError("Extend by one or two months.")
        if not reason:
            raise ValidationError("Give the reason for the extension: the requester is told.")
        if timezone.localdate() > dsr.due_on:
            raise ValidationError(
                "The law allows an extension only within the first month, which has passed."
            )
        new_deadline = add_months(dsr.deadline, months)
        if new_deadline > add_months(dsr.due_on, MAX_EXTENSION_MONTHS):
            raise ValidationError("The deadline can be extended by two months at most in total.")
        dsr.extended_until = new_deadline
        dsr.extension_reason = reason
        dsr.full_clean()
        dsr.save()
        event_record(
            dsr=dsr,
            kind=RequestEventKind.EXTENDED,
            actor=user,
            detail=f"Until {new_deadline:%d %B %Y}: {reason}",
        )
        email_queue(dsr=dsr, kind=RequestEmailKind.EXTENDED, context={})
    return dsr


def dsr_reject(
    *, dsr: DataSubjectRequest, ground: str, text: str, user: AbstractBaseUser
) -> DataSubjectRequest:
    """Reject with one of the privacy policy's grounds and a formal explanation, e-mailed."""
    text = text.strip()
    if ground not in RejectionGround.values:
        raise ValidationError("Choose a ground from the list.")
    if not text:
        raise ValidationError("Explain the rejection to the requester.")
    with transaction.atomic():
        dsr = awaiting_decision(dsr)
        dsr.state = RequestState.REJECTED
        dsr.rejection_ground = ground
        dsr.rejection_text = text
        dsr.decided_by = user
        dsr.decided_at = timezone.now()
        dsr.full_clean()
        dsr.save()
        event_record(
            dsr=dsr,
            kind=RequestEventKind.REJECTED,
            actor=user,
            detail=f"{RejectionGround(ground).label}: {text}",
        )
        email_queue(
            dsr=dsr,
            kind=RequestEmailKind.REJECTED,
            context={"explanation": rejection_explanation(ground)},
        )
    return dsr


def awaiting_decision(dsr: DataSubjectRequest) -> DataSubjectRequest:
    """The request, locked, if it awaits a decision; a clear error otherwise."""
    dsr = DataSubjectRequest.objects.select_for_update().get(pk=dsr.pk)
    if dsr.state != RequestState.VERIFIED:
        raise ValidationError(
            f"Request #{dsr.pk} is {dsr.get_state_display().lower()}: only a verified request "
            "awaiting a decision can be decided."
        )
    return dsr


def dsr_expire_unverified(*, now: datetime | None = None) -> int:
    """Requests whose verification link lapsed unused become expired (run by beat)."""
    now = now or timezone.now()
    lapsed = DataSubjectRequest.objects.filter(
        state=RequestState.SUBMITTED, received_at__lt=now - verification_lifetime()
    )
    count = 0
    for dsr in lapsed:
        with transaction.atomic():
            dsr.state = RequestState.EXPIRED
            dsr.save(update_fields=["state"])
            event_record(dsr=dsr, kind=RequestEventKind.EXPIRED)
        count += 1
    return count


def dsr_purge_expired(*, now: datetime | None = None) -> int:
    """Delete expired requests, with their events and e-mails, after a short grace period in
    which the team can see abuse: nobody confirmed those names and addresses (run by beat)."""
    now = now or timezone.now()
    cutoff = now - verification_lifetime() - timedelta(days=settings.TRANSFERS_PURGE_EXPIRED_DAYS)
    _, deleted = DataSubjectRequest.objects.filter(
        state=RequestState.EXPIRED, received_at__lt=cutoff
    ).delete()
    return deleted.get(DataSubjectRequest._meta.label, 0)


def rate_limit_hit_count(*, key: str, window_start: datetime, seconds: int) -> int:
    """Count one hit in the database and return the window's total: the request form's rate
    limit while the cache is down. Atomic across web processes: the row is created once (the
    unique constraint settles a race) and incremented in SQL. `key` is already hashed."""
    with transaction.atomic():
        hit, created = RateLimitHit.objects.get_or_create(
            key=key,
            window_start=window_start,
            defaults={"count": 1, "expires_at": window_start + timedelta(seconds=seconds)},
        )
        if created:
            return 1
        RateLimitHit.objects.filter(pk=hit.pk).update(count=F("count") + 1)
        hit.refresh_from_db(fields=["count"])
    return hit.count


def rate_limit_hits_purge(*, now: datetime | None = None) -> int:
    """Delete the counters of windows that have ended (run by beat with the requests sweep)."""
    deleted, _ = RateLimitHit.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# --- copies: the one place that talks to the document pipeline -------------------------------


def copy_documents(*, dsr: DataSubjectRequest) -> list[Document]:
    """The data-subject editions of the SCC copies answering this request: reused when the
    register has not changed since they were made, queued for rendering otherwise."""
    documents = []
    for agreement in scc_agreements_for_request(dsr):
        try:
            documents.append(
                document_request(
                    kind=DocumentKind.SCC, source=agreement, edition=DocumentEdition.DATA_SUBJECT
                )
            )
        except DocumentInputError as error:
            raise ValidationError(f"{agreement}: {error}") from error
    return documents


def copies_ready(documents: list[Document]) -> bool:
    return bool(documents) and all(d.state == DocumentState.READY for d in documents)


def dsr_assess(*, dsr: DataSubjectRequest) -> DataSubjectRequest:
    """After verification: flag a repeat (same e-mail, nothing changed since the last copy sent)
    with the earlier answer, and approve at once when the team chose auto-approval and every
    copy is ready. Runs in Celery because it may start renders."""
    dsr = DataSubjectRequest.objects.get(pk=dsr.pk)
    if dsr.state != RequestState.VERIFIED:
        return dsr
    dsr.assessed_at = timezone.now()
    dsr.save(update_fields=["assessed_at"])
    try:
        documents = copy_documents(dsr=dsr)
    except ValidationError as error:  # the team sees the same message when it approves
        logger.warning("Request %s: copies cannot be made yet: %s", dsr.pk, error.messages)
        return dsr
    earlier = earlier_answer_unchanged(dsr=dsr, documents=documents)
    if earlier is not None:
        with transaction.atomic():
            dsr.is_repeat, dsr.repeat_of = True, earlier
            dsr.save(update_fields=["is_repeat", "repeat_of"])
            event_record(
                dsr=dsr,
                kind=RequestEventKind.REPEAT_FLAGGED,
                detail=f"Nothing changed since request #{earlier.pk}, answered on "
                f"{earlier.decided_at:%d %B %Y} with the same copies.",
            )
        return dsr
    if settings.TRANSFERS_AUTO_APPROVE_READY_COPIES and copies_ready(documents):
        return dsr_approve(dsr=dsr, user=None, documents=documents)
    return dsr


def earlier_answer_unchanged(
    *, dsr: DataSubjectRequest, documents: list[Document]
) -> DataSubjectRequest | None:
    """The same person's last approved request, if it already gave them every one of these
    copies (a changed register renders a new version, so an unchanged copy is the same row)."""
    earlier = (
        DataSubjectRequest.objects.filter(
            email__iexact=dsr.email, state=RequestState.APPROVED, received_at__lt=dsr.received_at
        )
        .order_by("-decided_at")
        .first()
    )
    if earlier is None or not documents:
        return None
    already_sent = set(earlier.documents.values_list("pk", flat=True))
    return earlier if {d.pk for d in documents} <= already_sent else None


def dsr_approve(
    *,
    dsr: DataSubjectRequest,
    user: AbstractBaseUser | None,
    documents: list[Document] | None = None,
) -> DataSubjectRequest:
    """Approve: attach the copies (generated or reused) and e-mail a signed, expiring download
    link. `user` None is an automatic approval."""
    with transaction.atomic():
        dsr = awaiting_decision(dsr)
        documents = copy_documents(dsr=dsr) if documents is None else documents
        if not documents:
            raise ValidationError(
                f"Request #{dsr.pk}: no signed, public SCC agreement covers the recipients asked "
                "for, so there is no copy to send. Reject it as out of scope instead."
            )
        token, dsr.download_nonce_hash = new_link_token(salt=DOWNLOAD_SALT)
        dsr.state = RequestState.APPROVED
        dsr.decided_by = user
        dsr.decided_at = timezone.now()
        dsr.full_clean()
        dsr.save()
        dsr.documents.set(documents)
        how = "Approved" if user else "Approved automatically (copies ready)"
        event_record(
            dsr=dsr,
            kind=RequestEventKind.APPROVED,
            actor=user,
            detail=f"{how}: " + "; ".join(str(d) for d in documents),
        )
        email_queue(
            dsr=dsr,
            kind=RequestEmailKind.APPROVED,
            context={
                "link": absolute_url(reverse("public:copies", args=[token])),
                "expires_at": dsr.decided_at + download_lifetime(),
                "documents": documents,
            },
        )
    return dsr


def dsr_open_download(*, token: str) -> DataSubjectRequest:
    """The approved request a download link belongs to, while the link is valid."""
    download_hash = read_link_token(token=token, salt=DOWNLOAD_SALT)
    dsr = DataSubjectRequest.objects.filter(
        download_nonce_hash=download_hash, state=RequestState.APPROVED
    ).first()
    if dsr is None:
        raise LinkInvalid
    if link_is_expired(token=token, salt=DOWNLOAD_SALT, lifetime=download_lifetime()):
        raise LinkExpired
    return dsr


def dsr_record_download(
    *,
    dsr: DataSubjectRequest,
    document: Document,
    ip_address: str | None,
    user_agent: str = "",
) -> None:
    """Log a download with its time and address, in the request and in the document's log."""
    with transaction.atomic():
        event_record(
            dsr=dsr,
            kind=RequestEventKind.DOWNLOADED,
            detail=str(document),
            ip_address=ip_address,
            user_agent=user_agent,
        )
        document_download_record(
            document=document,
            channel=DownloadChannel.PUBLIC,
            ip_address=ip_address,
            user_agent=user_agent[:300],
        )
