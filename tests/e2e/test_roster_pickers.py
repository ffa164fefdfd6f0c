"""The roster's pickers in a real browser: a platform found by search, its street/township picked with it, and the
move form (no longer an st.form) redrawing its platforms when another street/township is chosen. Nothing is
saved: the shared server's roster stays as the other tests expect it."""
import re

from playwright.sync_api import expect
from sqlmodel import select

from models.db import make_engine, read_session
from models.people import Person
from models.platforms import platform_places
from tests.e2e.conftest import choose, settle


def _a_platform_with_people_and_another_street(store: str) -> tuple[str, str, str]:
    """A Cuiping platform someone works on, its street/township, and another street/township of the county."""
    engine = make_engine(store)
    try:
        with read_session(engine) as s:
            codes = s.exec(select(Person.platform_code).where(Person.county_code == "511502",
                                                             Person.left_on.is_(None)).order_by(Person.id)).all()
            places = platform_places(s, "511502")
    finally:
        engine.dispose()
    towns = dict(zip(places["code"], places["township_code"], strict=True))
    code = next(c for c in codes if isinstance(towns[c], str))  # the county platform (511502000000, first by code) has no street
    other = next(t for t in sorted(set(places["township_code"].dropna())) if t != towns[code])
    return code, towns[code], other


def _box(page, key: str):
    """The text a select box shows (its input's value)."""
    return page.locator(f".st-key-{key} input")


def test_a_platform_found_by_search_and_a_move_target_picked_by_street(open_as, demo_server):
    code, town, other = _a_platform_with_people_and_another_street(demo_server[1])
    page = open_as("cuiping", "roster")
    search = page.locator(".st-key-ro_platform_search input")
    search.fill(code)
    search.press("Enter")
    settle(page)
    expect(_box(page, "ro_platform")).to_have_value(re.compile(f"^{code} "), timeout=30_000)
    expect(_box(page, "ro_platform_township")).to_have_value(re.compile(f"^{town} "))
    page.get_by_role("tab", name="录入与维护").click()
    settle(page)
    expect(_box(page, "ro_move_to_township")).to_have_value(re.compile(f"^{town} "), timeout=30_000)  # the person's
    choose(page, "ro_move_to_township", other)
    expect(_box(page, "ro_move_to_township")).to_have_value(re.compile(f"^{other} "), timeout=30_000)
    expect(_box(page, "ro_move_to")).to_have_value(re.compile(r"^511502"))  # a platform of that street
    expect(page.get_by_role("tab", name="录入与维护")).to_have_attribute("aria-selected", "true")  # the tab stays
