"""models.platforms.platforms_frame reads columns, not ORM objects, and decodes each distinct JSON list once:
the table must still say exactly what the stored rows say, on both databases."""
from logic.authz import SYSTEM
from models.db import read_session, write_session
from models.platforms import FACT_FIELDS, create_platform, facts_of, list_platforms, platforms_frame

BASE = dict(level="street", county_code="511502", parent_code=None)
SETS = ([], ["computer"], ["telephone", "computer"], ["computer"], [])  # repeats share a decoded text


def test_the_frame_holds_every_stored_fact_exactly(store):
    with write_session(store, SYSTEM) as session:
        for n, equipment in enumerate(SETS):
            create_platform(session=session, actor=SYSTEM, facts={
                **BASE, "code": f"511502-PF{n}", "name": f"平台{n}", "equipment": equipment,
                "services": ["talent"] if n % 2 else [], "windows": ["employment"], "services_online": []})
    with read_session(store) as session:
        frame = platforms_frame(session)
        stored = {p.code: facts_of(p) for p in list_platforms(session)}
    assert list(frame["code"]) == sorted(stored)
    for row in frame.to_dict("records"):
        assert {k: row[k] for k in FACT_FIELDS} == stored[row["code"]]
    assert frame.loc[frame["code"] == "511502-PF2", "equipment"].item() == ["computer", "telephone"]  # stored sorted


def test_a_county_gets_only_its_own_rows(store):
    with write_session(store, SYSTEM) as session:
        create_platform(session=session, actor=SYSTEM, facts={**BASE, "code": "511502-PFA", "name": "甲"})
        create_platform(session=session, actor=SYSTEM, facts={**BASE, "code": "511503-PFB", "name": "乙",
                                                              "county_code": "511503"})
    with read_session(store) as session:
        assert list(platforms_frame(session, "511503")["code"]) == ["511503-PFB"]
        assert platforms_frame(session, "511503")["equipment"].tolist() == [[]]
