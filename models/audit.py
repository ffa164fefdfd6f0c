"""The audit trail: every flush of an audited row writes its audit row on the same connection.

Hooking the session's flush (rather than asking each store function to remember) is what makes
"nothing can be written without its audit row" true; a rollback takes the audit rows with it.
A session that writes must say who is acting (`session.info["actor"]`), or the flush is refused.
Secrets never reach the trail: a model lists them in `__audit_exclude__`, and an update records only
that such a field changed (`"(changed)"`), never its value before or after.
"""
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session as OrmSession

from models.revision import note_write
from models.tables import AuditLog, utc_now

UNAUDITED = {AuditLog.__tablename__, "storerevision"}
CHANGED = "(changed)"  # stands in for an excluded field's value when an update changed it


class MissingActor(RuntimeError):
    """A write was attempted with no actor: refused so no change is ever anonymous."""


class UnauditedWrite(RuntimeError):
    """A bulk INSERT/UPDATE/DELETE through the session would skip the flush, so the trail: refused."""


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return value


@cache
def _column_keys(model: type) -> tuple[str, ...]:
    return tuple(c.key for c in inspect(model).column_attrs)


def _columns(obj) -> tuple[str, ...]:
    return _column_keys(type(obj))


def _excluded(obj) -> set[str]:
    return set(getattr(type(obj), "__audit_exclude__", ()))


def _snapshot(obj, *, before: bool, update: bool = False) -> dict:
    """The row's values (before or after this flush); an excluded field only as "(changed)" in an update."""
    state, out, hidden = inspect(obj), {}, _excluded(obj)
    for key in _columns(obj):
        if key in hidden:
            if update and not before and state.attrs[key].history.has_changes():
                out[key] = CHANGED
            continue
        # an attribute's history only where it is needed: for a new row (a 5,000-row import) it is most of the cost
        deleted = state.attrs[key].history.deleted if before else ()
        out[key] = _plain(deleted[0] if deleted else getattr(obj, key))
    return out


def _changed(obj) -> bool:
    state = inspect(obj)
    return any(state.attrs[k].history.has_changes() for k in _columns(obj))


def _row(actor: str, action: str, obj, before, after) -> dict:
    key_attr = getattr(type(obj), "__audit_key__", "id")
    return dict(at=utc_now(), actor=actor, action=action, entity=obj.__tablename__,
                entity_key=str(getattr(obj, key_attr)),
                county_code=getattr(obj, getattr(type(obj), "__audit_county__", "county_code"), None),
                before=before, after=after)


def _audited(objs):
    return [o for o in objs if getattr(o, "__tablename__", None) not in UNAUDITED]


@event.listens_for(OrmSession, "after_flush")
def _write_audit_rows(session, flush_context) -> None:
    new, dirty = _audited(session.new), [o for o in _audited(session.dirty) if _changed(o)]
    deleted = _audited(session.deleted)
    if not (new or dirty or deleted):
        return
    actor = session.info.get("actor")
    if not actor:
        raise MissingActor("a write needs session.info['actor'] so the audit trail knows who made it")
    rows = [_row(actor, "create", o, None, _snapshot(o, before=False)) for o in new]
    rows += [_row(actor, "update", o, _snapshot(o, before=True), _snapshot(o, before=False, update=True))
             for o in dirty]
    rows += [_row(actor, "delete", o, _snapshot(o, before=True), None) for o in deleted]
    session.connection().execute(insert(AuditLog), rows)
    note_write(session, {row["entity"] for row in rows})


@event.listens_for(OrmSession, "do_orm_execute")
def _refuse_bulk_writes(state) -> None:
    """`session.execute(update(Platform)...)` never flushes the rows it changes: only the unit of work is audited."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in UNAUDITED:
        raise UnauditedWrite(f"bulk {type(state.statement).__name__.lower()} of {getattr(table, 'name', table)}: "
                             "change rows through the session (add/delete) so each gets its audit row")
