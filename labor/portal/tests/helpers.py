"""Shared pieces of the portal's tests: a citizen account, a valid application, and a check
that an error message is shown at its field."""

import datetime as dt
import uuid

from django.utils import timezone

from labor.disputes import services
from labor.disputes.models import Dispute, Mediator
from labor.portal import accounts
from tests import conftest as shared

CITIZEN_PASSWORD = "Hsin-Yi-2023-tea"
APPLY = "/online/disputes/apply/"
MY_CASES = "/online/disputes/"
APPLICANT_ID = "A123456789"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_citizen(email="ming@example.tw", name="王小明"):
    user, _national_id = accounts.citizen_signup(email=email, name=name,
                                                 password=CITIZEN_PASSWORD)
    return user


def application(respondent_ubn: str, key: str | None = None, **overrides) -> dict:
    """POST data of a complete application by one worker against an establishment."""
    data = {
        "submission_key": key or str(uuid.uuid4()),
        "applicant_kind": "worker",
        "applicant_name": "王小明",
        "applicant_id_kind": "national_id",
        "applicant_id_number": APPLICANT_ID,
        "applicant_phone": "0912-345-678",
        "applicant_email": "ming@example.tw",
        "applicant_address": "臺北市大安區復興南路一段1號",
        "respondent_kind": "establishment",
        "respondent_ubn": respondent_ubn,
        "respondent_name": "大安精密股份有限公司",
        "respondent_contact_name": "人資經理",
        "employment_start": "2021-03-01",
        "monthly_wage": "36000",
        "job_title": "作業員",
        "items": ["unpaid_wages", "overtime"],
        "amount_unpaid_wages": "72000",
        "amount_overtime": "15000",
        "statement": "公司積欠 4 月與 5 月薪資，加班費也未給付。",
        "co-TOTAL_FORMS": "1",
        "co-INITIAL_FORMS": "0",
        "co-MIN_NUM_FORMS": "0",
        "co-MAX_NUM_FORMS": "50",
        "co-0-name": "",
        "co-0-id_kind": "national_id",
        "co-0-id_number": "",
        "co-0-phone": "",
    }
    data.update(overrides)
    return data


def co_applicants(*rows) -> dict:
    """Formset data for co-applicants given as (name, id_number) pairs."""
    data = {"co-TOTAL_FORMS": str(len(rows)), "co-INITIAL_FORMS": "0"}
    for index, (name, id_number) in enumerate(rows):
        data.update({f"co-{index}-name": name, f"co-{index}-id_kind": "national_id",
                     f"co-{index}-id_number": id_number, f"co-{index}-phone": ""})
    return data


def error_at(html: str, field_id: str, message: str, container: str = '<div class="field'):
    """The message is shown inside the element that holds the input ``field_id`` (the field's
    own box), not only somewhere on the page."""
    position = html.index(f'id="{field_id}"')
    start = html.rfind(container, 0, position)
    assert start != -1, f"no {container!r} around {field_id}"
    box = html[start:position]
    assert message in box, f"{message!r} not at {field_id}: {box[-400:]!r}"
    assert "error" in box


def worker_id(n: int) -> str:
    return shared.make_national_id(7000 + n)


def fresh(dispute) -> Dispute:
    return Dispute.objects.select_related("case").get(pk=dispute.pk)


def settle(dispute, officer, *, outcome="settled", amount=87000) -> Dispute:
    mediator = Mediator.objects.create(name="林調解", kind="bureau")
    services.mediator_assign(dispute=dispute, mediator=mediator, actor=officer,
                             version=fresh(dispute).version)
    meeting = services.meeting_schedule(
        dispute=dispute, starts_at=timezone.now() + dt.timedelta(minutes=1), room="第一調解室",
        actor=officer, version=fresh(dispute).version,
    )
    services.meeting_hold(meeting=meeting, attendance={}, actor=officer,
                          version=fresh(dispute).version)
    services.outcome_record(dispute=dispute, outcome=outcome, outcome_on=timezone.localdate(),
                            settled_amount=amount if outcome == "settled" else None,
                            actor=officer, version=fresh(dispute).version)
    return fresh(dispute)
