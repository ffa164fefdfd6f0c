"""One way to make a write and learn how it went: in one transaction (validated, authorised, audited by the store
functions it calls), with every refusal the store can give turned into one Outcome the screens tell the same way
(ui.outcome). Nothing here draws a widget: a screen, the importer or a script can call it."""
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from logic.authz import Actor, PermissionDenied
from logic.errors import FieldError, NotFound, StaleEdit, ValidationFailed
from models.db import write_session

SAVED, REFUSED, STALE, DENIED, GONE = "saved", "refused", "stale", "denied", "gone"


@dataclass(frozen=True)
class Outcome:
    kind: str  # saved | refused (fields to fix) | stale (someone saved first) | denied (not allowed) | gone
    value: object = None  # what the write returned, when saved
    errors: tuple[FieldError, ...] = ()  # refused: one per field, with the reason in words
    stale: StaleEdit | None = None  # stale: who saved, when, and what changed
    reason_zh: str = ""  # denied: why not
    reason_en: str = ""

    @property
    def saved(self) -> bool:
        return self.kind == SAVED

    def reason(self, lang: str = "zh") -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


def attempt(engine: Engine, actor: Actor | None, write: Callable[[Session, Actor], object]) -> Outcome:
    """Run `write(session, actor)` in one write transaction: committed if it returns, rolled back (nothing
    written, audit rows included) whatever it raises of the store's refusals. `write` returns plain values, not
    rows: a row's attributes expire when the transaction commits."""
    try:
        with write_session(engine, actor) as session:
            value = write(session, actor)
    except ValidationFailed as failed:
        return Outcome(REFUSED, errors=tuple(failed.errors))
    except PermissionDenied as denied:
        return Outcome(DENIED, reason_zh=denied.decision.reason_zh, reason_en=denied.decision.reason_en)
    except StaleEdit as stale:
        return Outcome(STALE, stale=stale)
    except NotFound:
        return Outcome(GONE)
    return Outcome(SAVED, value=value)
