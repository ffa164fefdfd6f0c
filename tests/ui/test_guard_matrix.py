"""R-NET-2 "在安全认证体系下开展各项业务经办": who may open each screen and change what on it, decided at the guard.

The whole matrix — every screen × every kind of visitor × every county — is checked here against the guard's own
functions (`ui.guard.admits`, `ui.guard.may`), without running a page: it is pure and takes milliseconds. What a
screen asks the guard for is read from the page's source (its first statement after the imports must be the
`page_actor(...)` call, so nothing of the page runs before it). The AppTest runs in tests/pages/test_access_matrix.py
then prove, once per screen and visitor, that the running page really stops where this table says.

The expected answers are written from SPEC's "Who uses it" and the README's screen table, not from the code:
the city bureau opens and changes everything; a county officer opens the working screens and the import, changes
only their own county's rows, never administers users, standards or settings, never reads the audit trail; a viewer
(督查室, finance, audit) opens the working screens and the audit trail and changes nothing; nobody signed in, an
inactive account, an unknown role or anything that is not a signed-in user opens nothing.
"""
import ast
import itertools
from pathlib import Path

import pytest

from logic.authz import Actor
from ui.guard import admits, may
from ui.nav import SCREENS

ROOT = Path(__file__).resolve().parents[2]
OWN, OTHER, THIRD = "511502", "511503", "511521"

VISITORS = {
    "city_admin": Actor("admin", "city_admin"),
    "own_officer": Actor("officer_a", "county_officer", OWN),
    "other_officer": Actor("officer_b", "county_officer", OTHER),
    "viewer": Actor("viewer", "viewer"),
    "signed_out": None,
    "inactive_admin": Actor("old_admin", "city_admin", active=False),
    "inactive_officer": Actor("old_officer", "county_officer", OWN, active=False),
    "unknown_role": Actor("guest", "guest"),
    # a value that is not a user Home.py left (a forged or stale session entry) is no user at all
    "forged": {"username": "admin", "role": "city_admin"},
}
WORKERS = {"city_admin", "own_officer", "other_officer", "viewer"}

# Who may open each screen (README "Screens", SPEC "Who uses it").
OPENS = {
    "pages/overview.py": WORKERS,
    "pages/platforms.py": WORKERS,
    "pages/staffing.py": WORKERS,
    "pages/staff_gap.py": WORKERS,
    "pages/roster.py": WORKERS,
    "pages/funding.py": WORKERS,
    "pages/ranking.py": WORKERS,
    "pages/targets.py": WORKERS,
    "pages/year_end.py": WORKERS,  # officers submit their county's year, the city decides, viewers read
    "pages/import.py": {"city_admin", "own_officer", "other_officer"},  # a viewer changes nothing
    "pages/users.py": {"city_admin"},
    "pages/standards.py": {"city_admin"},
    "pages/audit.py": {"city_admin", "viewer"},  # supervision and audit read the trail
}
# Screens on which a county's rows are changed: the city bureau any county's, an officer only their own.
CHANGES_COUNTY_ROWS = {"pages/platforms.py", "pages/roster.py", "pages/funding.py"}
# Screens that also hold a city setting (ranking weights and snapshots, pilots, the pay benchmark): the bureau only.
HOLDS_CITY_SETTINGS = {"pages/ranking.py", "pages/targets.py", "pages/funding.py", "pages/year_end.py"}


def may_change(who: str, county: str) -> bool:
    if who == "city_admin":
        return True
    return who in ("own_officer", "other_officer") and VISITORS[who].county_code == county


def guard_action(path: str) -> str:
    """The action the page asks `page_actor` for, which must be its first statement after the docstring and
    imports (nothing of the page may run before the guard)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the module docstring
    first = body[0]
    call = first.value if isinstance(first, (ast.Expr, ast.Assign)) else None
    assert isinstance(call, ast.Call) and getattr(call.func, "id", "") == "page_actor", (
        f"{path}: the first statement after the imports must be the page_actor(...) call")
    if not call.args:
        return "view"  # page_actor's default
    assert isinstance(call.args[0], ast.Constant), f"{path}: the guard's action must be written out"
    return call.args[0].value


def test_every_screen_of_the_navigation_has_an_expected_audience():
    assert {s.path for s in SCREENS} == set(OPENS)
    assert set(OPENS) >= CHANGES_COUNTY_ROWS | HOLDS_CITY_SETTINGS


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.path)
def test_a_page_asks_the_guard_first_and_for_what_its_navigation_entry_requires(screen):
    """The navigation lists a screen by one action and the page itself guards with another: they must agree, or
    a page reached by its address would let in someone the navigation leaves it out for (or the reverse)."""
    assert guard_action(screen.path) == screen.action


CASES = list(itertools.product(sorted(OPENS), VISITORS))


@pytest.mark.parametrize("path, who", CASES)
def test_the_guard_opens_a_screen_to_exactly_its_audience(path, who):
    assert admits(VISITORS[who], guard_action(path)) is (who in OPENS[path])


@pytest.mark.parametrize("path, who, county", [
    (path, who, county) for path in sorted(CHANGES_COUNTY_ROWS)
    for who in sorted(WORKERS | {"signed_out", "inactive_admin", "inactive_officer", "unknown_role"})
    for county in (OWN, OTHER, THIRD)])
def test_on_a_screen_that_changes_rows_only_the_bureau_and_the_county_s_own_officer_may_change_them(
        path, who, county):
    opened = admits(VISITORS[who], guard_action(path))
    assert (opened and may(VISITORS[who], "edit", county)) is may_change(who, county)


@pytest.mark.parametrize("path, who", [(p, w) for p in sorted(HOLDS_CITY_SETTINGS) for w in VISITORS if w != "forged"])
def test_a_city_setting_on_a_working_screen_is_the_bureau_s_alone(path, who):
    opened = admits(VISITORS[who], guard_action(path))
    assert (opened and may(VISITORS[who], "administer")) is (who == "city_admin")
