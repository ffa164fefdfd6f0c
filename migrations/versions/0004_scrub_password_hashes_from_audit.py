"""scrub password hashes from the audit trail

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 04:30:00

Before `User.__audit_exclude__` existed, the trail copied a user's whole row, password hash included, into
`auditlog.before`/`after`. A hash is a secret: whoever reads the trail (viewers, auditors, exports) could try
to crack it. This rewrites those rows the way models.audit writes them now: the hash is never kept; an update
that changed it says "(changed)" in `after`. Data only, no schema change; running it twice changes nothing more.
The hashes cannot be brought back, so there is no downgrade of the data.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECRET = "password_hash"
CHANGED = "(changed)"  # models.audit.CHANGED

auditlog = sa.table("auditlog", sa.column("id", sa.Integer), sa.column("entity", sa.String),
                    sa.column("action", sa.String), sa.column("before", sa.JSON), sa.column("after", sa.JSON))


def scrubbed(action: str, before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """The row's before/after without the hash; an update that changed it keeps only that it changed."""
    old = (before or {}).get(SECRET)
    new = (after or {}).get(SECRET)
    before = None if before is None else {k: v for k, v in before.items() if k != SECRET}
    after = None if after is None else {k: v for k, v in after.items() if k != SECRET}
    if action == "update" and after is not None and (new == CHANGED or (new is not None and new != old)):
        after[SECRET] = CHANGED
    return before, after


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(auditlog.c.id, auditlog.c.action, auditlog.c.before, auditlog.c.after)
                        .where(auditlog.c.entity == "user")).all()
    for row_id, action, before, after in rows:
        clean = dict(zip(("before", "after"), scrubbed(action, before, after), strict=True))
        changed = {k: v for k, v in clean.items() if v != {"before": before, "after": after}[k]}
        if changed:  # only what changed: an untouched NULL stays SQL NULL, not JSON null
            bind.execute(auditlog.update().where(auditlog.c.id == row_id).values(**changed))


def downgrade() -> None:
    pass  # the hashes are gone for good, which is the point
