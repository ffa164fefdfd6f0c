"""The audit trail in words: each stored change as "field: before → after" with the field's name, coded values as
their labels, money in yuan, times in Beijing time and usernames as the people's names (SYSTEM as 系统).

Worded here, not in logic.audit_diff, because the words are the screen's (the catalog, in the reader's language);
the wording is pure (no session, no widget): the screen passes the county and people names it has read.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from logic import approval, codes, funding, people
from logic.audit_diff import changed_fields
from logic.authz import ROLE_LABELS, SYSTEM
from models.audit import CHANGED
from models.register_history import CHINA
from ui.i18n import CATALOG

LIMIT = 12  # fields worded per change; the rest are counted
SHORT = 60  # characters of one value
CODE_KINDS = {  # field -> (label table, kind) of the codes it holds
    "level": (codes.LABELS, "level"), "village_kind": (codes.LABELS, "village_kind"),
    "siting": (codes.LABELS, "siting"), "windows": (codes.LABELS, "windows"),
    "equipment": (codes.LABELS, "equipment"), "services": (codes.LABELS, "services"),
    "services_online": (codes.LABELS, "services"),
    "category": (funding.FUNDING_LABELS, "category"), "purpose": (funding.FUNDING_LABELS, "purpose"),
    "establishment": (people.PEOPLE_LABELS, "establishment"), "employment": (people.PEOPLE_LABELS, "employment"),
    "recruitment": (people.PEOPLE_LABELS, "recruitment"), "grade": (people.PEOPLE_LABELS, "grade"),
    "role": ({"role": ROLE_LABELS}, "role"),
    "state": ({"state": approval.STATE_LABELS}, "state"),
}
SOURCE_KINDS = {"person": people.PEOPLE_LABELS, "fundingline": funding.FUNDING_LABELS}  # `source` by table
FEN = {"budgeted_fen", "allocated_fen", "spent_fen", "monthly_income_fen", "monthly_pay_fen", "monthly_fen"}
TENTHS = {"score_tenths", "hours_tenths"}
PEOPLE_FIELDS = {"updated_by", "created_by", "frozen_by", "username", "submitted_by", "decided_by"}
TIMES = {"updated_at", "created_at", "frozen_at", "tokens_valid_after", "last_try_at", "locked_until", "submitted_at",
         "decided_at"}


@dataclass(frozen=True)
class Names:
    """What the words need from the store: county code -> name, username -> display name."""
    counties: dict
    people: dict
    lang: str = "zh"

    def word(self, key: str, **fmt) -> str:
        pair = CATALOG.get(key)
        if pair is None:
            return key
        text = pair[0] if self.lang == "zh" else pair[1]
        return text.format(**fmt) if fmt else text


def entity_name(entity: str, names: Names) -> str:
    return names.word(f"aw.entity.{entity}") if f"aw.entity.{entity}" in CATALOG else entity


def field_name(entity: str, field: str, names: Names) -> str:
    for key in (f"aw.field.{entity}.{field}", f"aw.field.{field}"):
        if key in CATALOG:
            return names.word(key)
    return field


def person(username: str | None, names: Names) -> str:
    """A username as its person: their display name and username; SYSTEM (seeding, migrations) as 系统."""
    if not username:
        return ""
    if username == SYSTEM.username:
        return names.word("aw.system")
    name = names.people.get(username)
    return names.word("aw.person", name=name, username=username) if name and name != username else username


def describe(entity: str, before: dict | None, after: dict | None, names: Names, whole: bool = False) -> str:
    """The change in the reader's words: abbreviated for the screen, or `whole` (every field, every value in full)
    for a file, which is the record, not a glance."""
    changes = list(changed_fields(before, after).items())
    shown = changes if whole else changes[:LIMIT]
    parts = [f"{field_name(entity, field, names)}: {value(entity, field, old, names, whole)} → "
             f"{value(entity, field, new, names, whole)}" for field, (old, new) in shown]
    if len(changes) > len(shown):
        parts.append(names.word("aw.more", n=len(changes) - LIMIT))
    return "; ".join(parts)


def value(entity: str, field: str, raw, names: Names, whole: bool = False) -> str:
    """One stored value as the reader knows it."""
    if raw is None or raw == "" or raw == []:
        return names.word("aw.empty")
    if raw == CHANGED:
        return names.word("aw.changed")
    if isinstance(raw, bool):
        return names.word("common.yes" if raw else "common.no")
    if isinstance(raw, dict) or (isinstance(raw, list) and raw and isinstance(raw[0], dict)):
        return names.word("aw.changed")  # a whole standard or scheme: its own screen shows it
    cut = (lambda text: text) if whole else _short
    if isinstance(raw, list):
        return "、".join(cut(_coded(entity, field, item, names)) for item in raw)
    return cut(_coded(entity, field, raw, names))


def _coded(entity: str, field: str, raw, names: Names) -> str:
    zh = names.lang == "zh"
    if field == "county_code":
        return names.counties.get(raw, str(raw))
    if field in PEOPLE_FIELDS:
        return person(str(raw), names)
    if field in FEN and isinstance(raw, int):
        return f"{Decimal(raw) / 100:,.2f}"
    if field in TENTHS and isinstance(raw, int):
        return f"{Decimal(raw) / 10:f}"
    if field in TIMES and isinstance(raw, str):
        return _beijing(raw)
    if field == "indicator":
        return names.word(f"rk.ind.{raw}") if f"rk.ind.{raw}" in CATALOG else str(raw)
    table, kind = CODE_KINDS.get(field, (SOURCE_KINDS.get(entity, {}), "source" if field == "source" else None))
    pair = table.get(kind, {}).get(raw) if kind else None
    return (pair[0] if zh else pair[1]) if pair else str(raw)


def _beijing(text: str) -> str:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    when = when if when.tzinfo else when.replace(tzinfo=UTC)  # stored UTC; SQLite gives it back naive
    return when.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[:SHORT - 3] + "…"
