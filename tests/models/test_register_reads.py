"""The judged register's reads made for a province's size give what the plain reads gave: the platforms frame
built a column at a time, the work funds summed in SQL (for the city or one county's platforms), the code-set
masks read once per shared list."""
import json

import numpy as np
import pandas as pd
import pytest
from sqlmodel import select

from logic import funding as F
from logic.vectorised import _failed_sets, _masks, evaluate_frame
from models.db import read_session
from models.demo_setup import seed_demo_data
from models.funding import lines_frame, work_funds_by_platform
from models.platforms import FACT_FIELDS, SET_FIELDS, _as_text, platforms_frame
from models.tables import Platform
from tests.conftest import store_with

YEAR = 2026


def demo_tenth(session) -> None:
    seed_demo_data(session, scale=0.1)


@pytest.fixture
def demo(store):
    """The demo at 10%, a copy of one seeded once per process (tests.conftest.store_with)."""
    engine = store_with(store, demo_tenth)
    yield engine
    engine.dispose()


def _row_by_row(session, county_code=None) -> pd.DataFrame:
    """platforms_frame as pandas builds it from the rows one at a time."""
    columns = (*FACT_FIELDS, "version", "updated_at", "updated_by")
    query = select(*(_as_text(c) if c in SET_FIELDS else getattr(Platform, c) for c in columns))
    query = query.order_by(Platform.county_code, Platform.code)
    if county_code:
        query = query.where(Platform.county_code == county_code)
    frame = pd.DataFrame(session.exec(query).all(), columns=list(columns))
    for column in SET_FIELDS:
        frame[column] = frame[column].map(lambda text: json.loads(text) if text is not None else [])
    return frame


@pytest.mark.parametrize("county", [None, "511502", "no-such-county"])
def test_the_platforms_frame_is_the_frame_built_row_by_row(demo, county):
    with read_session(demo) as session:
        pd.testing.assert_frame_equal(platforms_frame(session, county), _row_by_row(session, county))


def test_work_funds_summed_in_sql_are_the_rules_reading_of_every_line(demo):
    with read_session(demo) as session:
        expected = F.work_funds_secured(lines_frame(session, year=YEAR), YEAR)
        city = work_funds_by_platform(session, YEAR)
        county_codes = set(platforms_frame(session, "511502")["code"])
        county = work_funds_by_platform(session, YEAR, "511502")
    assert expected and city == expected
    assert county == {code: secured for code, secured in expected.items() if code in county_codes}
    assert set(expected.values()) == {True, False}  # the demo has both, so the comparison means something


def test_masks_read_once_per_shared_list_equal_masks_read_per_row():
    shared = ["computer", "printer"]
    values = pd.Series([shared, shared, ["computer"], [], float("nan"), shared, ["printer", "printer"]], dtype=object)
    bits = {"computer": 1, "printer": 2}
    assert list(_masks(values, bits)) == [3, 3, 1, 0, 0, 3, 2]


def test_failed_item_sets_name_each_rows_failures():
    ok = {item: np.array(flags, dtype=bool) for item, flags in zip(
        ("signboard", "premises", "staff", "equipment", "network", "funds", "services", "rules"),
        [[True, False, True], [True, False, False], *([[True, True, True]] * 6)], strict=True)}
    assert _failed_sets(ok, 3) == [frozenset(), frozenset({"signboard", "premises"}), frozenset({"premises"})]


def test_the_demo_verdicts_name_their_failed_items(demo):
    with read_session(demo) as session:
        frame = platforms_frame(session)
    verdicts = evaluate_frame(frame)
    for _, row in verdicts.iterrows():
        assert row["failed_items"] == {i[3:] for i in verdicts.columns if i.startswith("ok_") and not row[i]}
