"""The labor rights fund (勞工權益基金): its ledger, the litigation-subsidy applications with their
decisions and payments, and the recovery book. One module per part."""

from labor.fund.models.applications import (  # noqa: F401
    LINE,
    Applicant,
    ApplicantKind,
    Application,
    CaseType,
    Court,
    Disbursement,
    Item,
    ItemKind,
    Outcome,
    Status,
)
from labor.fund.models.ledger import Account, AppendOnly, JournalEntry, JournalLine  # noqa: F401
from labor.fund.models.recovery import (  # noqa: F401
    RecoveryBasis,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
)
