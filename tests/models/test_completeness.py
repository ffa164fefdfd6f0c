"""A county's year-end completeness (logic.completeness over models.completeness): on the demo, each share equals a
count made directly in the store, and the missing items are exactly the ones the store lacks."""
from datetime import date

import pytest
from sqlalchemy import text

from logic.completeness import by_township, overall, shares
from models.completeness import year_facts
from models.db import read_session

CUIPING, YEAR = "511502", 2025


@pytest.fixture(scope="module")
def found(demo_store):
    with read_session(demo_store) as s:
        facts = year_facts(s, CUIPING, YEAR)
    return facts, {share.kind: share for share in shares(facts, YEAR)}


def _one(demo_store, sql: str) -> int:
    with demo_store.connect() as conn:
        return conn.execute(text(sql), {"c": CUIPING, "y": YEAR, "first": date(YEAR, 1, 1),
                                        "last": date(YEAR, 12, 31)}).scalar_one()


ON_STAFF_IN_YEAR = "p.county_code = :c AND (p.joined_on IS NULL OR p.joined_on <= :last) " \
                   "AND (p.left_on IS NULL OR p.left_on > :first)"


def test_pay_records_of_off_establishment_people_match_the_store(demo_store, found):
    total = _one(demo_store, f"SELECT count(*) FROM person p WHERE {ON_STAFF_IN_YEAR} AND p.establishment = 'off'")
    done = _one(demo_store, f"SELECT count(*) FROM person p WHERE {ON_STAFF_IN_YEAR} AND p.establishment = 'off' "
                            "AND EXISTS (SELECT 1 FROM payrecord r WHERE r.person_id = p.id AND r.year = :y)")
    pay = found[1]["pay"]
    assert (pay.done, pay.total) == (done, total) and total > 0
    assert len(pay.missing) == total - done


def test_reviews_of_people_on_the_staff_at_the_year_s_end_match_the_store(demo_store, found):
    at_end = "p.county_code = :c AND (p.joined_on IS NULL OR p.joined_on <= :last) AND " \
             "(p.left_on IS NULL OR p.left_on > :last)"
    total = _one(demo_store, f"SELECT count(*) FROM person p WHERE {at_end}")
    done = _one(demo_store, f"SELECT count(*) FROM person p WHERE {at_end} AND EXISTS "
                            "(SELECT 1 FROM review r WHERE r.person_id = p.id AND r.year = :y)")
    assert (found[1]["reviews"].done, found[1]["reviews"].total) == (done, total) and total > 0


def test_trainings_and_centre_ledgers_match_the_store(demo_store, found):
    total = _one(demo_store, f"SELECT count(*) FROM person p WHERE {ON_STAFF_IN_YEAR}")
    done = _one(demo_store, f"SELECT count(*) FROM person p WHERE {ON_STAFF_IN_YEAR} AND EXISTS (SELECT 1 FROM "
                            "training t WHERE t.person_id = p.id AND t.trained_on BETWEEN :first AND :last)")
    assert (found[1]["trainings"].done, found[1]["trainings"].total) == (done, total)
    centres = _one(demo_store, "SELECT count(*) FROM platform WHERE county_code = :c AND level IN ('street', 'township')")
    funded = _one(demo_store, "SELECT count(*) FROM platform p WHERE county_code = :c AND level IN "
                              "('street', 'township') AND EXISTS (SELECT 1 FROM fundingline f WHERE "
                              "f.platform_code = p.code AND f.year = :y)")
    assert (found[1]["centre_funding"].done, found[1]["centre_funding"].total) == (funded, centres) and centres > 0


def test_platforms_and_the_bureau_s_scores_match_the_store(demo_store, found):
    total = _one(demo_store, "SELECT count(*) FROM platform WHERE county_code = :c")
    assert found[1]["platforms"].total == total
    scores = _one(demo_store, "SELECT count(*) FROM performancescore WHERE county_code = :c AND year = :y")
    pilot = _one(demo_store, "SELECT count(*) FROM nationalpilot WHERE county_code = :c AND year_won <= :y")
    bureau = found[1]["bureau"]
    assert bureau.total == 1 + pilot and bureau.done == min(scores, bureau.total)


def test_the_township_breakdown_adds_up_to_the_county(found):
    facts, by_kind = found
    towns = by_township(facts, YEAR)
    for kind in ("centre_funding", "pay", "reviews", "trainings"):
        rows = towns[towns["kind"] == kind]
        share = by_kind[kind]
        in_towns = sum(1 for _, _, town in share.missing if town)
        assert rows["total"].sum() - rows["done"].sum() == in_towns
    assert 0 <= overall(list(by_kind.values())) <= 1
