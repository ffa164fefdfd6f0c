"""What an audit row changed, as "field: before → after" lines a supervisor can read; and, for a save refused
because someone else saved first, what they changed since the officer opened the record."""
from dataclasses import dataclass
from datetime import datetime

HIDDEN = {"password_hash"}  # never shown, even as a before/after value


def changed_fields(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    keys = [k for k in {**before, **after} if k not in HIDDEN]
    return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}


def describe(before: dict | None, after: dict | None, limit: int = 12) -> str:
    """The change as the screen shows it: at most `limit` fields, each value cut to 60 characters."""
    changes = changed_fields(before, after)
    parts = [f"{k}: {_short(b)} → {_short(a)}" for k, (b, a) in list(changes.items())[:limit]]
    if len(changes) > limit:
        parts.append(f"… +{len(changes) - limit}")
    return "; ".join(parts)


def describe_all(before: dict | None, after: dict | None) -> str:
    """The whole change, for a file: every field, every value in full (an export is the record, not a glance)."""
    return "; ".join(f"{k}: {_text(b)} → {_text(a)}" for k, (b, a) in changed_fields(before, after).items())


def _text(value) -> str:
    return "∅" if value is None else str(value)


def _short(value) -> str:
    text = _text(value)
    return text if len(text) <= 60 else text[:57] + "…"


# --- a refused save: what others changed since the officer opened the record ---------------------
BOOKKEEPING = {"version", "updated_at", "updated_by"}  # moved by every save: not "what was changed"


@dataclass(frozen=True)
class OtherEdit:
    """One field another user changed after the officer opened the record: its value when the officer
    opened it, its value now, and who changed it, last, when (UTC)."""
    field: str
    before: object
    after: object
    actors: tuple[str, ...]
    at: datetime | None


def edits_since(trail: list[dict], version: int | None) -> list[OtherEdit]:
    """The fields changed by the updates in `trail` (audit rows of one record, any order, each with `actor`,
    `at`, `before`, `after`) made after `version`: only updates whose `before` is at `version` or later count,
    so an edit the officer had already seen is not shown again. A field changed twice shows its value when
    opened and its value now; one changed and changed back is left out."""
    later = [row for row in trail if _version(row.get("before")) is not None
             and (version is None or _version(row["before"]) >= version)]
    later.sort(key=lambda row: _version(row["before"]))  # every save moves the version by one
    first: dict[str, tuple] = {}
    for row in later:
        for field, (before, after) in changed_fields(row.get("before"), row.get("after")).items():
            if field in BOOKKEEPING:
                continue
            start, actors, _ = first.get(field, (before, (), None))
            who = actors if row.get("actor") in actors else (*actors, row.get("actor"))
            first[field] = (start, who, (after, row.get("at")))
    return [OtherEdit(field, start, last[0], actors, last[1])
            for field, (start, actors, last) in first.items() if start != last[0]]


def kept_over(typed: dict, stored: dict) -> dict:
    """The officer's typed values that differ from what is stored now: what a second save would write over."""
    return {field: (value, stored.get(field)) for field, value in typed.items()
            if field in stored and _same(value) != _same(stored.get(field))}


def merged_form(typed: dict, opened: dict, stored: dict) -> dict:
    """The form to show after a refusal: what the officer changed stays as typed; a field the officer left
    alone takes the stored value, so saving again does not silently undo the other user's change to it."""
    return {field: value if _same(value) != _same(opened.get(field)) else stored.get(field, value)
            for field, value in typed.items()}


def _same(value):
    """Compare the way the store does: lists as lists, 12 and 12.0 alike, "" like None for optional text."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


def _version(snapshot: dict | None):
    return (snapshot or {}).get("version")
