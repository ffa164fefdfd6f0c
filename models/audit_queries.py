"""Reading the audit trail (the writing is in models.audit)."""
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import pandas as pd
from sqlmodel import Session, select

from logic.audit_diff import describe, describe_all
from models.tables import AuditLog

MAX_ROWS = 20_000


def audit_rows(session: Session, *, actor: str | None = None, county_code: str | None = None,
               entity: str | None = None, start: date | None = None, end: date | None = None,
               limit: int = MAX_ROWS, days: tzinfo = UTC) -> list[AuditLog]:
    """Newest first; `start`/`end` are whole days in the time zone `days`, both included."""
    query = _filtered(select(AuditLog), actor, county_code, entity, start, end, days).limit(limit)
    return list(session.exec(query))


TRAIL_COLUMNS = ("at", "actor", "action", "entity", "entity_key", "county_code")


def audit_frame(session: Session, *, actor: str | None = None, county_code: str | None = None,
                entity: str | None = None, start: date | None = None, end: date | None = None,
                limit: int = MAX_ROWS, days: tzinfo = UTC, words=None, words_whole=None) -> pd.DataFrame:
    """audit_rows as a table of columns (no ORM objects), each row's change already put in words in place of the
    before and after values: as the screen shows it (`changes`: abbreviated) and whole (`changes_full`: what an
    export holds), by `words(entity, before, after)` / `words_whole(...)` (the screen's, in the reader's language)
    or else as logic.audit_diff.describe / describe_all put it."""
    columns = [getattr(AuditLog, c) for c in (*TRAIL_COLUMNS, "before", "after")]
    query = _filtered(select(*columns), actor, county_code, entity, start, end, days).limit(limit)
    rows = session.exec(query).all()
    frame = pd.DataFrame([row[:len(TRAIL_COLUMNS)] for row in rows], columns=list(TRAIL_COLUMNS))
    entity_at = TRAIL_COLUMNS.index("entity")
    frame["changes"] = [words(row[entity_at], row[-2], row[-1]) if words else describe(row[-2], row[-1])
                        for row in rows]
    frame["changes_full"] = [words_whole(row[entity_at], row[-2], row[-1]) if words_whole
                             else describe_all(row[-2], row[-1]) for row in rows]
    return frame


def changes_since(session: Session, sequence: int, upto: int, limit: int) -> list[tuple] | None:
    """(entity, entity_key, before, after) of every audit row of the writes numbered after `sequence` up to
    `upto` (models.revision), or None when there are more than `limit`."""
    query = (select(AuditLog.entity, AuditLog.entity_key, AuditLog.before, AuditLog.after)
             .where(AuditLog.sequence > sequence, AuditLog.sequence <= upto).limit(limit + 1))
    rows = session.connection().execute(query).all()
    return None if len(rows) > limit else [tuple(row) for row in rows]


def _filtered(query, actor, county_code, entity, start, end, days: tzinfo):
    query = query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if actor:
        query = query.where(AuditLog.actor == actor)
    if county_code:
        query = query.where(AuditLog.county_code == county_code)
    if entity:
        query = query.where(AuditLog.entity == entity)
    if start:
        query = query.where(AuditLog.at >= datetime.combine(start, time.min, days).astimezone(UTC))
    if end:
        query = query.where(AuditLog.at < datetime.combine(end + timedelta(days=1), time.min, days).astimezone(UTC))
    return query


def audit_facets(session: Session) -> tuple[list[str], list[str]]:
    """The actors and entities that appear in the trail, for the filters."""
    actors = sorted(set(session.exec(select(AuditLog.actor).distinct())))
    entities = sorted(set(session.exec(select(AuditLog.entity).distinct())))
    return actors, entities


def record_updates(session: Session, entity: str, entity_key) -> list[dict]:
    """The updates of one record, oldest first, as plain rows (actor, at, before, after): what
    logic.audit_diff.edits_since reads to tell an officer whose save was refused what changed meanwhile."""
    query = (select(AuditLog).where(AuditLog.entity == entity, AuditLog.entity_key == str(entity_key),
                                    AuditLog.action == "update").order_by(AuditLog.id))
    return [dict(actor=row.actor, at=row.at, before=row.before, after=row.after) for row in session.exec(query)]


def display_names(session: Session, usernames) -> dict[str, str]:
    """Username -> the name people know them by; a username that is no longer a user stays as it is."""
    from models.users import User  # models.users writes through the trail; reading names needs only its table
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    found = dict(session.exec(select(User.username, User.display_name).where(User.username.in_(wanted))).all())
    return {u: found.get(u) or u for u in wanted}
