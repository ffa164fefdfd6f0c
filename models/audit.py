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
    return _audit_row(actor, action, type(obj), lambda key: getattr(obj, key, None), before, after)


def _audit_row(actor: str, action: str, model: type, value, before, after) -> dict:
    """The audit row of one change to a row of `model` whose fields `value(name)` gives."""
    return dict(at=utc_now(), actor=actor, action=action, entity=model.__tablename__,
                entity_key=str(value(getattr(model, "__audit_key__", "id"))),
                county_code=value(getattr(model, "__audit_county__", "county_code")), before=before, after=after)


def _audited(objs):
    return [o for o in objs if getattr(o, "__tablename__", None) not in UNAUDITED]


def _actor(session) -> str:
    actor = session.info.get("actor")
    if not actor:
        raise MissingActor("a write needs session.info['actor'] so the audit trail knows who made it")
    return actor


def insert_audited(session, model: type, rows: list[dict]) -> list[int]:
    """New rows of `model` (each every field of the row, as models.tables.new_values gives it) written by one Core
    insert, and their "create" audit rows by another, in the session's transaction: the rows and audit rows a
    flush of the same objects writes, without the unit of work's cost per object (most of a 5,000-row import).
    The one bulk insert of audited rows, and it writes their audit rows itself. Returns the new ids, in order."""
    actor = _actor(session)
    if not rows:
        return []
    table, conn = model.__table__, session.connection()
    values = [{k: v for k, v in row.items() if k != "id" or v is not None} for row in rows]
    ids = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), values).scalars().all()
    keys, hidden = _column_keys(model), set(getattr(model, "__audit_exclude__", ()))
    audit = []
    for row, new_id in zip(values, ids, strict=True):
        stored = {**row, "id": new_id}
        after = {k: _plain(stored.get(k)) for k in keys if k not in hidden}
        audit.append(_audit_row(actor, "create", model, stored.get, None, after))
    conn.execute(insert(AuditLog), audit)
    note_write(session, {table.name})
    return list(ids)


@event.listens_for(OrmSession, "after_flush")
def _write_audit_rows(session, flush_context) -> None:
    new, dirty = _audited(session.new), [o for o in _audited(session.dirty) if _changed(o)]
    deleted = _audited(session.deleted)
    if not (new or dirty or deleted):
        return
    actor = _actor(session)
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
