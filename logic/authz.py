"""R-NET-2: who may see and change what ("在安全认证体系下开展各项业务经办").

One function decides, so every page and every store write asks the same question and the rule can be
tested on its own against a reference table. The county always comes from the user's record, never from
what a browser sent.
"""
from dataclasses import dataclass

ROLES = ("city_admin", "county_officer", "viewer")
ROLE_LABELS = {
    "city_admin": ("市局管理员", "City administrator"),
    "county_officer": ("县(区)经办人员", "County officer"),
    "viewer": ("只读用户(督查、财政、审计)", "Viewer (supervision, finance, audit)"),
}
# view: city-wide summaries and lists; edit: a county's own rows (platforms, people, funding);
# administer: users, standards, weights and settings; audit: read the audit trail;
# import: open the bulk import screen (each imported row still needs "edit" on its own county).
ACTIONS = ("view", "edit", "administer", "audit", "import")


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    county_code: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason_zh: str = ""
    reason_en: str = ""

    def __bool__(self) -> bool:
        return self.allowed


class PermissionDenied(Exception):
    def __init__(self, decision: Decision):
        super().__init__(decision.reason_en)
        self.decision = decision


SYSTEM = Actor("system", "city_admin")  # seeding and migrations, never a signed-in person


def authorize(actor: Actor | None, action: str, county_code: str | None = None) -> Decision:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if actor is None or not actor.active or actor.role not in ROLES:
        return Decision(False, "未登录或账号已停用", "not signed in, or the account is inactive")
    if actor.role == "city_admin" or action == "view":
        return Decision(True)
    if action == "audit":
        return _only(actor.role == "viewer", "仅市局管理员和只读用户可查看审计记录",
                     "only city administrators and viewers may read the audit trail")
    if action == "import":
        return _only(actor.role == "county_officer", "只读用户不能导入数据", "viewers cannot import data")
    if action == "administer":
        return Decision(False, "仅市局管理员可执行此操作", "only a city administrator may do this")
    return may_write_county(actor, county_code)


def may_write_county(actor: Actor, county_code: str | None) -> Decision:
    """The one rule for changing a county's rows: a city administrator any county's, an officer their own,
    a viewer none."""
    if actor.role == "city_admin":
        return Decision(True)
    if actor.role == "viewer":
        return Decision(False, "只读用户不能修改数据", "viewers cannot change data")
    same = county_code is not None and county_code == actor.county_code
    return _only(same, "只能修改本县(区)的数据", "you may change only your own county's data")


def county_written(actor: Actor, chosen: str | None) -> str | None:
    """The county a new row of the actor's goes to: an officer's own, whatever a screen or a file chose; the
    county chosen for anyone else (whom may_write_county then judges)."""
    return actor.county_code if actor.role == "county_officer" else chosen


def _only(allowed: bool, zh: str, en: str) -> Decision:
    return Decision(True) if allowed else Decision(False, zh, en)


def require(actor: Actor | None, action: str, county_code: str | None = None) -> None:
    decision = authorize(actor, action, county_code)
    if not decision:
        raise PermissionDenied(decision)
