"""Employment services (就業服務): job seekers, vacancies, matching, referrals and placements
(matching.py's tables are here), and the programmes around them in their own modules.

A package of modules, one per part of the line, so that each stays small; every model is
imported here, as Django expects of an app's ``models``.
"""

from labor.employment.models.casework import (  # noqa: F401
    CASE_LINE,
    CaseStatus,
    CloseReason,
    CommunityContact,
    CommunityJobOffer,
    CommunityPlacement,
    CommunityPromotion,
    CommunitySource,
    CounsellingKind,
    CounsellingSession,
    EmploymentCase,
    EmploymentCaseGroup,
    FollowUpResult,
    JobDevelopmentVisit,
    JobRedesignApplication,
    PromotionPartner,
    PsychInstrument,
    PsychTest,
    RedesignDecision,
    RedesignMeasure,
    StabilityFollowUp,
    TrainingOutcome,
    TrainingReferral,
    YouthEvent,
    YouthEventKind,
    YouthService,
    YouthServiceKind,
)
from labor.employment.models.events import (  # noqa: F401
    ApplicantResult,
    EventApplicant,
    EventEmployer,
    EventJob,
    EventKind,
    RecruitmentEvent,
)
from labor.employment.models.exams import (  # noqa: F401
    HIRED_RESULTS,
    ExamApplicant,
    ExamResult,
    ExamSession,
)
from labor.employment.models.jobbank import PageKind, PageViewDay  # noqa: F401
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
from labor.employment.models.unemployment import (  # noqa: F401
    OPEN_STATUSES,
    ClaimEnd,
    ClaimStatus,
    ClaimTrainingReferral,
    JobSearchRecord,
    ReRecognition,
    SearchMethod,
    SeparationReason,
    UnemploymentClaim,
)
