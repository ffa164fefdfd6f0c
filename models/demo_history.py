"""Demo only: a past for the generated register, so that choosing 2015 or 2020 on the targets and ranking screens
shows the build-up R-TGT describes (centres first, stations after; most made compliant in the two phases) rather
than an empty register.

Past years are read back from the audit trail (models.register_history). The demo's platforms were all generated
at once, so the trail would say they appeared on the day the demo was made. This dates each platform's entry to
a year from 2014 on (centres in the first phase, villages spread later) in a state one step short of today's —
rules not yet posted, not yet on the business network, nothing online — and adds the update that brought it to
today's state a few years later. The platforms' rows themselves are untouched: today is what the demo dealt.

It rewrites audit rows, which nothing else may do; it runs only inside models.demo_setup on the demo database,
right after the seed, in the same transaction. Rosters keep the seed's date: a past year takes each platform's
entered staff counts, which the demo sets equal to its roster (models.demo_people).
"""
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, update
from sqlmodel import Session, select

from logic.authz import SYSTEM
from models.revision import note_write
from models.tables import AuditLog

FIRST_YEAR = 2014  # 宜府办函〔2014〕282号
# the year a platform of each level was entered: (years after FIRST_YEAR, weight)
ENTERED = {
    "county": ((0, 1),),
    "street": ((0, 7), (1, 3)),
    "township": ((0, 6), (1, 4)),
    "community": ((0, 3), (1, 4), (2, 2), (3, 1)),
    "village": ((0, 2), (1, 3), (2, 2), (3, 2), (4, 1), (6, 1), (8, 1)),
}
# years from entry to today's state (posted rules, connected, services online)
BROUGHT_UP = ((0, 2), (1, 4), (2, 3), (3, 2), (5, 1), (8, 1))
NOT_YET = {"rules_posted": False, "network_connected": False, "services_online": []}


def _pick(rng: random.Random, weighted) -> int:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _moment(rng: random.Random, year: int, now: datetime) -> datetime:
    """A working-hours moment in `year` (UTC), never after `now`."""
    end = min(datetime(year, 12, 20, 9, tzinfo=UTC), now - timedelta(minutes=1))
    start = min(datetime(year, 1, 5, 1, tzinfo=UTC), end)  # early January: the year has barely begun
    return start + timedelta(seconds=rng.randrange(max(1, int((end - start).total_seconds()))))


def seed_demo_history(session: Session, *, seed: int = 2014, now: datetime | None = None) -> int:
    """Date each demo platform's entry and add the update that made it what it is today; returns the updates."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    created = session.exec(select(AuditLog.id, AuditLog.after).where(AuditLog.entity == "platform",
                                                                      AuditLog.action == "create")
                           .order_by(AuditLog.id)).all()
    entries, updates = [], []
    for row_id, today in created:
        entered = min(FIRST_YEAR + _pick(rng, ENTERED[today["level"]]), now.year)
        brought = min(entered + _pick(rng, BROUGHT_UP), now.year)
        first, then = sorted((_moment(rng, entered, now), _moment(rng, brought, now)))
        before = {**today, **NOT_YET}
        entries.append({"id": row_id, "at": first, "after": before})
        updates.append(dict(at=then, actor=SYSTEM.username, action="update", entity="platform",
                            entity_key=today["code"], county_code=today["county_code"], before=before, after=today))
    if entries:
        session.execute(update(AuditLog), entries)  # by primary key: each create row gets its date and state
        session.execute(insert(AuditLog), updates)
        note_write(session, {"platform"})  # so this commit numbers the rows (models.revision), as a form save's
    return len(updates)
