"""The law of labor-dispute mediation as pure functions (勞資爭議處理法, DOMAIN.md).

Nothing here reads the database: day counts come in as arguments (services read them from the
dated settings with ``labor.core.settings_values.dated_value``) and rest days come from the
calendar passed to ``labor.core.deadlines.period_end`` (the government office calendar when
none is given).

Statutory clock of the mediator route, art. 12 [C]:

- the authority designates the mediator within 3 days of receiving the application
  (``mediator_designation_due``);
- the mediator starts mediation within 7 days of designation (``mediation_start_due``);
- the mediator makes a proposal within 10 days of starting mediation (``proposal_due``).

Committee route, art. 13 [C]: each party names its member within 3 days of the notice
(``committee_member_naming_due``). The later committee periods of arts. 13-16 are **[U]**
(unconfirmed, DOMAIN.md): their day counts are dated settings shipped as defaults by
migration ``disputes.0002_committee_settings`` and must be checked against the law's text:
``disputes.committee_convene_days`` (14), ``disputes.committee_investigation_days`` (10),
``disputes.committee_meeting_after_report_days`` (15).

Every period is counted under 行政程序法 art. 48 (first day not counted, a last day on a rest
day moves to the next working day, a make-up working Saturday is a working day): these are
time limits given to the authority and the mediator, not penalties, so the ordinary rule
applies (``adverse=False``).
"""

from __future__ import annotations

import datetime as dt

from labor.core.deadlines import RestDayCalendar, period_end

# Case.status values (labor.disputes.models.Status; a test keeps the two in step).
RECEIVED = "received"
ASSIGNED = "assigned"
SCHEDULED = "scheduled"
CLOSED = "closed"
OPEN_STATUSES = (RECEIVED, ASSIGNED, SCHEDULED)

# Outcome values (labor.disputes.models.Outcome).
SETTLED = "settled"
NOT_SETTLED = "not_settled"
WITHDRAWN = "withdrawn"
WITHDRAWN_SETTLED = "withdrawn_settled"
TRANSFERRED = "transferred"

# CaseDueDate.kind values written by the services.
DUE_MEDIATOR_DESIGNATION = "mediator_designation"
DUE_MEDIATION_START = "mediation_start"
DUE_PROPOSAL = "proposal"
DUE_COMMITTEE_MEMBER_NAMING = "committee_member_naming"
DUE_COMMITTEE_CONVENE = "committee_convene"
DUE_COMMITTEE_INVESTIGATION = "committee_investigation"
DUE_COMMITTEE_MEETING = "committee_meeting"

# The law each due date rests on (CaseDueDate.basis).
BASIS = {
    DUE_MEDIATOR_DESIGNATION: "勞資爭議處理法第12條第1項",
    DUE_MEDIATION_START: "勞資爭議處理法第12條第1項",
    DUE_PROPOSAL: "勞資爭議處理法第12條第4項",
    DUE_COMMITTEE_MEMBER_NAMING: "勞資爭議處理法第13條",
    DUE_COMMITTEE_CONVENE: "勞資爭議處理法第13至16條（待確認）",
    DUE_COMMITTEE_INVESTIGATION: "勞資爭議處理法第15條（待確認）",
    DUE_COMMITTEE_MEETING: "勞資爭議處理法第16條（待確認）",
}

# The dated setting that holds each period's day count.
SETTING_KEYS = {
    DUE_MEDIATOR_DESIGNATION: "disputes.mediator_designation_days",
    DUE_MEDIATION_START: "disputes.mediation_start_days",
    DUE_PROPOSAL: "disputes.proposal_days",
    DUE_COMMITTEE_MEMBER_NAMING: "disputes.committee_member_naming_days",
    DUE_COMMITTEE_CONVENE: "disputes.committee_convene_days",
    DUE_COMMITTEE_INVESTIGATION: "disputes.committee_investigation_days",
    DUE_COMMITTEE_MEETING: "disputes.committee_meeting_after_report_days",
}


def mediator_designation_due(received_on: dt.date | dt.datetime, days: int = 3, *,
                             calendar: RestDayCalendar | None = None) -> dt.date:
    """Art. 12 I: the mediator is designated within ``days`` (3) days of receipt.

    Receipt on Friday 2023-06-02: 3 days end on Monday 2023-06-05 (Sunday moves on).
    """
    return period_end(received_on, days, calendar=calendar)


def mediation_start_due(designated_on: dt.date | dt.datetime, days: int = 7, *,
                        calendar: RestDayCalendar | None = None) -> dt.date:
    """Art. 12 I: mediation starts within ``days`` (7) days of the designation."""
    return period_end(designated_on, days, calendar=calendar)


def proposal_due(mediation_started_on: dt.date | dt.datetime, days: int = 10, *,
                 calendar: RestDayCalendar | None = None) -> dt.date:
    """Art. 12 IV: the mediator proposes a solution within ``days`` (10) days of starting."""
    return period_end(mediation_started_on, days, calendar=calendar)


def committee_member_naming_due(notified_on: dt.date | dt.datetime, days: int = 3, *,
                                calendar: RestDayCalendar | None = None) -> dt.date:
    """Art. 13 [C]: each party names its committee member within ``days`` (3) days."""
    return period_end(notified_on, days, calendar=calendar)


def committee_convene_due(formed_on: dt.date | dt.datetime, days: int = 14, *,
                          calendar: RestDayCalendar | None = None) -> dt.date:
    """[U] The committee's first meeting after it is formed (arts. 13-16, to be confirmed);
    the day count is the dated setting ``disputes.committee_convene_days``."""
    return period_end(formed_on, days, calendar=calendar)


def committee_investigation_due(designated_on: dt.date | dt.datetime, days: int = 10, *,
                                calendar: RestDayCalendar | None = None) -> dt.date:
    """[U] Art. 15: the investigating member reports within ``days`` (10) days of being
    designated (setting ``disputes.committee_investigation_days``)."""
    return period_end(designated_on, days, calendar=calendar)


def committee_meeting_due(report_received_on: dt.date | dt.datetime, days: int = 15, *,
                          calendar: RestDayCalendar | None = None) -> dt.date:
    """[U] Art. 16: the committee meets within ``days`` (15) days of receiving the report
    (setting ``disputes.committee_meeting_after_report_days``)."""
    return period_end(report_received_on, days, calendar=calendar)


# The declared workflow: (from status, action) -> to status.
#   assign         designate the mediator (or the first committee member)
#   add_member     name a further committee member (committee route only; checked by services)
#   object         a party objects to the mediator (聲請迴避): the case waits for another one
#   schedule       fix a meeting (again after one was held: a further meeting)
#   reschedule     move a scheduled meeting
#   hold           record that a meeting took place (the case stays "scheduled" until its outcome)
#   record_outcome settled / not settled / transferred; closes the case
#   withdraw       the applicant withdraws (with or without a settlement between the parties)
TRANSITIONS: dict[tuple[str, str], str] = {
    (RECEIVED, "assign"): ASSIGNED,
    (ASSIGNED, "add_member"): ASSIGNED,
    (ASSIGNED, "object"): RECEIVED,
    (SCHEDULED, "object"): RECEIVED,
    (ASSIGNED, "schedule"): SCHEDULED,
    (SCHEDULED, "schedule"): SCHEDULED,
    (SCHEDULED, "reschedule"): SCHEDULED,
    (SCHEDULED, "hold"): SCHEDULED,
    (RECEIVED, "record_outcome"): CLOSED,
    (ASSIGNED, "record_outcome"): CLOSED,
    (SCHEDULED, "record_outcome"): CLOSED,
    (RECEIVED, "withdraw"): CLOSED,
    (ASSIGNED, "withdraw"): CLOSED,
    (SCHEDULED, "withdraw"): CLOSED,
}

class TransitionRefused(Exception):
    """An action the case's status does not allow. Services turn it into a ValidationError
    keyed by ``status`` with the zh-Hant message (rules stay free of Django)."""

    def __init__(self, status: str, action: str):
        super().__init__(f"{action!r} is not allowed in status {status!r}")
        self.status = status
        self.action = action


def next_status(status: str, action: str) -> str:
    """The status ``action`` leads to from ``status``; TransitionRefused if not allowed."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionRefused(status, action) from None


def settlement_counts(outcome: str) -> bool:
    """Whether an outcome counts as settled in the council report's 和解率: settled (成立) and
    withdrawn after the parties settled (自行和解撤回), over all cases handled (DOMAIN.md).
    Other bureaus use 成立 / (成立 + 不成立); the indicator states which definition it uses."""
    return outcome in (SETTLED, WITHDRAWN_SETTLED)


def outcome_requires_meeting(outcome: str) -> bool:
    """Settled and not settled are results of a mediation meeting (art. 19-21): a meeting must
    have been held. Withdrawals and transfers may come at any time."""
    return outcome in (SETTLED, NOT_SETTLED)


def outcome_allows_amount(outcome: str) -> bool:
    """A settled amount belongs to a settlement: settled or withdrawn after settling."""
    return outcome in (SETTLED, WITHDRAWN_SETTLED)


def outcome_action(outcome: str) -> str:
    """The workflow action that records ``outcome``."""
    return "withdraw" if outcome in (WITHDRAWN, WITHDRAWN_SETTLED) else "record_outcome"
