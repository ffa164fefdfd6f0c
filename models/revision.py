"""The store revision: a token that every committed write moves, in the same transaction as its audit rows.

Screens cache what they compute from the register by this number, so a rerun that changes no data
recomputes nothing, and a write by anyone, in any app process on a shared PostgreSQL, is seen on the
next rerun (the cache key changes). The number is moved last in the transaction, after the final flush,
so the one row lock it takes is never held while waiting for another lock (no deadlock cycle with
other writers), and a rollback takes it back with everything else.

The token is random rather than a counter: a restored backup brings back the token of the state it holds, so
a cache entry made under that token is right for it, where a counter would climb back through numbers that
earlier, different states had used.

Beside it, `sequence` numbers the writes in commit order (the row lock the update takes orders them), and the
audit rows of each write are stamped with its number: a cache built at sequence N brings itself up to date
from the audit rows numbered after N (models.judged_register.refreshed). `epoch` is drawn anew when a backup is
restored, so nothing built before the restore is brought forward over the restored history.
"""
import secrets

from sqlalchemy import BigInteger, Column, event, insert, select as core_select, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel, select

from models.tables import AuditLog

CHANGED = "store_changed"  # session.info flag: this transaction wrote audited rows
# Writes that change nothing a screen computes from: sign-in throttling moves on every failed password,
# and must not let a stranger empty everyone's caches.
UNCOUNTED = {"signinthrottle"}


class StoreRevision(SQLModel, table=True):
    """A single row (id 1): the revision of the whole store."""

    id: int = Field(default=1, primary_key=True)
    revision: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    sequence: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
    epoch: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))


def note_write(session, entities) -> None:
    """Called by the audit trail with the tables a flush wrote."""
    if any(name not in UNCOUNTED for name in entities):
        session.info[CHANGED] = True


def store_revision(session: Session) -> int:
    """The token now (0 on a store nobody has written since it was created)."""
    return session.exec(select(StoreRevision.revision).where(StoreRevision.id == 1)).first() or 0


def change_position(session: Session) -> tuple[int, int]:
    """(epoch, sequence) now: where a cache built in this transaction stands in the store's history."""
    row = session.exec(select(StoreRevision.epoch, StoreRevision.sequence).where(StoreRevision.id == 1)).first()
    return (row[0], row[1]) if row else (0, 0)


def new_epoch(conn) -> None:
    """After a restore: whatever was built before belongs to another history."""
    table = StoreRevision.__table__
    conn.execute(update(table).where(table.c.id == 1).values(epoch=secrets.randbits(62)))


@event.listens_for(OrmSession, "before_commit")
def _move_revision(session) -> None:
    session.flush()  # the last flush, so every audited write of this transaction is noted
    if not session.info.pop(CHANGED, False):
        return
    conn = session.connection()
    table = StoreRevision.__table__
    token = secrets.randbits(62)
    moved = conn.execute(update(table).where(table.c.id == 1).values(revision=token, sequence=table.c.sequence + 1))
    if moved.rowcount == 0:  # the first write of a store made by create_all
        conn.execute(insert(table).values(id=1, revision=token, sequence=1, epoch=secrets.randbits(62)))
    # the row is locked by this transaction until it commits, so the number read here is this write's, in order
    number = conn.execute(core_select(table.c.sequence).where(table.c.id == 1)).scalar_one()
    audit = AuditLog.__table__
    conn.execute(update(audit).where(audit.c.sequence.is_(None)).values(sequence=number))


@event.listens_for(OrmSession, "after_rollback")
def _forget(session) -> None:
    session.info.pop(CHANGED, None)
