"""What an audit row changed, as "field: before → after" lines a supervisor can read."""

HIDDEN = {"password_hash"}  # never shown, even as a before/after value


def changed_fields(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    keys = [k for k in {**before, **after} if k not in HIDDEN]
    return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}


def describe(before: dict | None, after: dict | None, limit: int = 12) -> str:
    changes = changed_fields(before, after)
    parts = [f"{k}: {_short(b)} → {_short(a)}" for k, (b, a) in list(changes.items())[:limit]]
    if len(changes) > limit:
        parts.append(f"… +{len(changes) - limit}")
    return "; ".join(parts)


def _short(value) -> str:
    text = "∅" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
