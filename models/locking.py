"""Optimistic locking for every editable record (no lost updates): load a row for an edit at the version the
editor saw, or refuse with who changed it, when, and what.

The row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already queues writers) before
its version is compared, so two saves of the same version cannot both pass the check. `NEW` is the version of a
record the editor saw absent: creating it after someone else did is as stale as editing an old version.
"""
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from logic.authz import Actor, require
from logic.errors import NotFound, StaleEdit
from models.tables import AuditLog, utc_now

# bookkeeping, not what anyone edited (a user's token time moves with a role change or a password reset)
SKIP = {"version", "row_version", "updated_at", "updated_by", "tokens_valid_after"}


class _New:
    def __repr__(self) -> str:
        return "NEW"


NEW = _New()  # expected_version of a record the editor saw absent


def version_field(model) -> str:
    return getattr(model, "__version_field__", "version")


def version_of(row) -> int | _New:
    """What a form keeps of a record it shows: its version, or NEW when there is none."""
    return NEW if row is None else getattr(row, version_field(type(row)))


def load_for_edit(session: Session, model, where: dict, expected_version, *, actor: Actor | None = None,
                  opened: dict | None = None):
    """The row matching `where`, locked, if it is still at `expected_version` (None if it was, and is, absent).

    With `actor`, the actor must be allowed to change the row's county (logic.authz.may_write_county) — checked
    before the version, so a stranger learns nothing of the row. With `opened` (the fields as the editor saw
    them), a stale refusal lists what changed against those; otherwise against the audit trail."""
    _check_expected(expected_version)
    row = _locked(session, model, where)
    if row is None:
        if expected_version is NEW:
            return None
        raise NotFound(", ".join(f"{k}={v}" for k, v in where.items()))
    return still_at(session, row, expected_version, actor=actor, opened=opened)


def load_owned(session: Session, model, where: dict, actor: Actor):
    """The row matching `where`, locked and in a county the actor may change, for a write that adds to it (a
    training, a grade, a year's pay) without editing it: no version, since nothing of the row is overwritten."""
    row = _locked(session, model, where)
    if row is None:
        raise NotFound(", ".join(f"{k}={v}" for k, v in where.items()))
    require(actor, "edit", county_of(row))
    return row


def still_at(session: Session, row, expected_version, *, actor: Actor | None = None, opened: dict | None = None):
    """`row` (already locked) if the actor may change it and it is still at `expected_version`; the one check
    behind every edit, for loaders that lock many rows in one query (the importer)."""
    _check_expected(expected_version)
    if actor is not None:
        require(actor, "edit", county_of(row))
    if expected_version is NEW or getattr(row, version_field(type(row))) != expected_version:
        refusal = stale(session, row, expected_version)
        if opened is None:
            raise refusal
        changes = {k: (v, getattr(row, k)) for k, v in opened.items() if hasattr(row, k) and getattr(row, k) != v}
        raise StaleEdit(changes, refusal.by, refusal.current_version, refusal.at)
    return row


def locked_many(session: Session, model, key: str, keys) -> dict:
    """The rows of `model` whose `key` is one of `keys`, locked, read afresh and keyed by it: what a bulk save
    checks with still_at, row by row."""
    column = getattr(model, key)
    query = select(model).where(column.in_(list(keys))).with_for_update().execution_options(populate_existing=True)
    return {getattr(row, key): row for row in session.exec(query)}


def county_of(row) -> str | None:
    """The county a row belongs to, which decides who may change it (R-NET-2)."""
    return getattr(row, getattr(type(row), "__audit_county__", "county_code"), None)


def _locked(session: Session, model, where: dict):
    query = select(model).where(*(getattr(model, k) == v for k, v in where.items()))
    return session.exec(query.with_for_update().execution_options(populate_existing=True)).first()


def _check_expected(expected_version) -> None:
    # a version is required: None would silently mean "whatever is there now", the last-save-wins it replaces
    if expected_version is not NEW and (isinstance(expected_version, bool) or not isinstance(expected_version, int)):
        raise TypeError(f"expected_version must be an int or NEW, got {expected_version!r}")


def bump(row, actor_name: str | None = None) -> None:
    """One more version of an edited row, stamped with who and when where the table keeps them."""
    field = version_field(type(row))
    setattr(row, field, getattr(row, field) + 1)
    if actor_name is not None and hasattr(row, "updated_by"):
        row.updated_at, row.updated_by = utc_now(), actor_name


def stale(session: Session, row, expected_version) -> StaleEdit:
    """The refusal: from the audit trail, who changed the row last, when, and each field's value then and now."""
    model, field = type(row), version_field(type(row))
    key = str(getattr(row, getattr(model, "__audit_key__", "id")))
    trail = list(session.exec(select(AuditLog).where(AuditLog.entity == model.__tablename__,
                                                     AuditLog.entity_key == key).order_by(AuditLog.id.desc())))
    last = trail[0] if trail else None
    opened = _as_opened(trail, field, expected_version)
    now = dict(last.after or {}) if last and (opened or expected_version is NEW) else {}  # unknown: say none
    hidden = SKIP | set(getattr(model, "__audit_exclude__", ()))
    changes = {k: (opened.get(k), now[k]) for k in now if k not in hidden and opened.get(k) != now[k]}
    return StaleEdit(changes, last.actor if last else getattr(row, "updated_by", None),
                     getattr(row, field), last.at if last else None)


def _as_opened(trail: list, field: str, expected_version) -> dict:
    """The row as the editor saw it: the `before` of the first change made after version `expected_version`."""
    if expected_version is NEW:
        return {}
    for entry in reversed(trail):  # oldest first
        if entry.before and entry.before.get(field) == expected_version:
            return entry.before
    return {}


def insert_new(session: Session, row, where: dict):
    """Add a record its editor saw absent. Two editors who both saw it absent cannot both create it: the one
    whose insert meets the other's (unique key, on a store where absent rows cannot be locked) is stale."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        model = type(row)
        existing = session.exec(select(model).where(*(getattr(model, k) == v for k, v in where.items()))).first()
        if existing is None:
            raise
        raise stale(session, existing, NEW) from None
    return row
