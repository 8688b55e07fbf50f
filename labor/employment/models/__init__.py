"""Employment services (就業服務): job seekers, vacancies, matching, referrals and placements
(matching.py's tables are here), and the programmes around them in their own modules.

A package of modules, one per part of the line, so that each stays small; every model is
imported here, as Django expects of an app's ``models``.
"""

from labor.employment.models.referrals import Hire, Placement, Referral, ReferralResult  # noqa: F401
from labor.employment.models.registry import (  # noqa: F401
    Education,
    Hours,
    JobSeeker,
    Occupation,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
    WageKind,
)
