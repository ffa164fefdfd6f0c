"""Year-end approval of a county's year (R-ASSESS-2: the ranking decides awards and money, so a county's year must
be finished before it is ranked): the county submits, the city approves or returns it with a reason, and an
approved year is locked — its funding lines, pay records, reviews, trainings and scores cannot change until the
city reopens it, with a reason. The steps follow DHIS2's data approval (submit, approve, return, reopen).

Pure: which step may follow which, who may take it, and what a refusal says. The store keeps the state
(models.approval) and refuses writes into a locked county-year.
"""
from dataclasses import dataclass

from logic.authz import Actor, Decision, authorize
from logic.errors import FieldError

OPEN, SUBMITTED, APPROVED, RETURNED = "open", "submitted", "approved", "returned"
STATES = (OPEN, SUBMITTED, RETURNED, APPROVED)
STATE_LABELS = {OPEN: ("未报送", "Not submitted"), SUBMITTED: ("已报送,待审核", "Submitted, awaiting approval"),
                RETURNED: ("已退回,待修改", "Returned for changes"), APPROVED: ("已审核锁定", "Approved and locked")}
MAX_REASON = 200


@dataclass(frozen=True)
class Step:
    name: str
    from_states: tuple[str, ...]
    to_state: str
    by_city: bool  # a city administrator's step (else the county's own, which an administrator may also take)
    needs_reason: bool


STEPS = {
    "submit": Step("submit", (OPEN, RETURNED), SUBMITTED, by_city=False, needs_reason=False),
    "approve": Step("approve", (SUBMITTED,), APPROVED, by_city=True, needs_reason=False),
    "return": Step("return", (SUBMITTED,), RETURNED, by_city=True, needs_reason=True),
    "reopen": Step("reopen", (APPROVED,), OPEN, by_city=True, needs_reason=True),
}
STEP_LABELS = {"submit": ("报送", "Submit"), "approve": ("审核通过并锁定", "Approve and lock"),
               "return": ("退回修改", "Return for changes"), "reopen": ("重新开放", "Reopen")}


def locked(state: str | None) -> bool:
    """An approved year is locked: nothing of it may change until the city reopens it."""
    return state == APPROVED


def may_take(actor: Actor, step: str, county_code: str) -> Decision:
    """A county's officer submits their own county's year; only a city administrator approves, returns or reopens."""
    if STEPS[step].by_city:
        allowed = authorize(actor, "administer")
        return allowed if allowed else Decision(False, "仅市局管理员可审核、退回或重新开放",
                                                "only a city administrator may approve, return or reopen")
    return authorize(actor, "edit", county_code)  # a signed-in, active officer of the county (or the city)


def step_errors(step: str, state: str, reason: str | None) -> list[FieldError]:
    """Why `step` cannot be taken from `state` with `reason` (none: it can)."""
    rule = STEPS[step]
    if state not in rule.from_states:
        now = STATE_LABELS[state]
        return [FieldError("state", f"当前状态为“{now[0]}”,不能{STEP_LABELS[step][0]}",
                           f"the year is \"{now[1]}\": it cannot be {step}ed now")]
    text = (reason or "").strip()
    if rule.needs_reason and not text:
        return [FieldError("reason", f"{STEP_LABELS[step][0]}须写明原因", f"say why ({step})")]
    if len(text) > MAX_REASON:
        return [FieldError("reason", f"原因最多 {MAX_REASON} 字,现有 {len(text)} 字",
                           f"reason: at most {MAX_REASON} characters, this has {len(text)}")]
    return []


def locked_error(field: str, county_name: str, year: int) -> FieldError:
    """What a write into a locked county-year is told, whatever the screen or the import."""
    return FieldError(field, f"{county_name} {year} 年度已审核锁定,不能修改;如需修改,请市局管理员重新开放",
                      f"{county_name}'s {year} is approved and locked: ask a city administrator to reopen it")


def future_year_error(year) -> FieldError:
    """A platform is confirmed for a year that has begun: a later year's register does not exist yet."""
    return FieldError("year", f"{year} 年度尚未开始,不能核实", f"{year} has not begun: nothing to confirm yet")


def other_county_error(code: str) -> FieldError:
    return FieldError("platform_code", f"平台 {code} 不属于本县(区),不能在此核实",
                      f"platform {code} is not this county's: it cannot be confirmed here")
