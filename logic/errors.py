"""Named domain errors: a message per field, in Chinese and English, never a traceback."""
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    reason_zh: str
    reason_en: str

    def reason(self, lang: str = "zh") -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


class ValidationFailed(Exception):
    """Bad input: nothing was written. Carries one error per offending field."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.reason_en}" for e in errors))
        self.errors = errors


class StaleEdit(Exception):
    """Someone saved this row after you opened it (no lost updates): nothing was overwritten."""

    def __init__(self, changes: dict, by: str | None, current_version: int, at=None):
        super().__init__(f"changed by {by} since you opened it: {sorted(changes)}")
        self.changes = changes  # field -> (value when you opened it, value now)
        self.by = by
        self.current_version = current_version
        self.at = at  # when it was last changed (UTC), when the audit trail knows


class NotFound(Exception):
    pass


def too_long(key: str, zh: str, en: str, value: str, max_len: int) -> FieldError:
    """A text longer than its field holds, refused (never cut short or dropped) with how long it may be and is."""
    return FieldError(key, f"{zh}最多 {max_len} 字,现有 {len(value)} 字", f"{en}: at most {max_len} characters, "
                      f"this has {len(value)}")
