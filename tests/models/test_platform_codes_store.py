"""Issue 15 through the store, on SQLite and (TEST_DATABASE_URL) PostgreSQL: a bad new platform code is refused
by the form's save and by an import with a message on field code (编码), and not one platform row nor one audit
row is written; a code stored before the rule stays editable."""
import pytest
from sqlmodel import func, select

from logic.authz import SYSTEM, Actor
from logic.errors import ValidationFailed
from models import importer
from models.db import read_session, write_session
from models.platforms import create_platform, get_platform, update_platform
from models.tables import AuditLog, Platform

CUIPING = "511502"
OFFICER = Actor("cuiping", "county_officer", CUIPING)
TOWNSHIP = dict(code="511502101000", name="李庄镇", level="township", county_code=CUIPING)

BAD = [  # (code, level, parent): each refused on field code
    ("511503-V9910", "village", "511502101000"),   # the bug: 南溪区's prefix on a 翠屏区 platform
    (" <b>X</b> ", "street", None),                 # the bug: markup (the spaces around it are trimmed first)
    ("511502 101201", "village", "511502101000"),  # whitespace inside
    ("".join(chr(0xFF10 + int(d)) for d in "511502101201"), "village", "511502101000"),  # full-width digits
    ("51150210120", "village", "511502101000"),    # 11 digits
    ("5115021012010", "village", "511502101000"),  # 13 digits
    ("511502101001", "village", "511502101000"),   # a residents' committee number on a village
    ("511502102201", "village", "511502101000"),   # not under its township's nine digits
    ("511502102000", "street", None),              # a town's number on a street
    ("511502-p001", "street", None),               # lower case
    ("CP-S1", "street", None),                     # the old free-form codes
]


@pytest.fixture
def engine(store):
    with write_session(store, SYSTEM) as s:
        create_platform(session=s, actor=SYSTEM, facts=TOWNSHIP)
    return store


def _counts(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        return s.exec(select(func.count(Platform.id))).one(), s.exec(select(func.count(AuditLog.id))).one()


def _facts(code, level, parent) -> dict:
    return dict(code=code, name="新平台", level=level, county_code=CUIPING, parent_code=parent)


def _csv(code, level, parent) -> bytes:
    rows = [["code", "name", "level", "county_code", "parent_code"], [code, "新平台", level, CUIPING, parent or ""]]
    return "\r\n".join(",".join(row) for row in rows).encode("utf-8-sig")


@pytest.mark.parametrize("code, level, parent", BAD)
def test_the_form_save_refuses_a_bad_new_code_on_field_code_and_writes_nothing(engine, code, level, parent):
    before = _counts(engine)
    with pytest.raises(ValidationFailed) as caught, write_session(engine, OFFICER) as s:
        create_platform(session=s, actor=OFFICER, facts=_facts(code, level, parent))
    (error,) = caught.value.errors
    assert error.field == "code" and "编码应为 12 位统计用区划代码" in error.reason_zh
    assert _counts(engine) == before


@pytest.mark.parametrize("code, level, parent", BAD)
def test_an_import_refuses_a_bad_new_code_on_column_code_and_writes_nothing(engine, code, level, parent):
    before = _counts(engine)
    dry = importer.dry_run(engine, OFFICER, "platforms", _csv(code, level, parent), "p.csv")
    assert [(p.row, p.column) for p in dry.problems] == [(2, "code")]
    assert "编码应为 12 位统计用区划代码" in dry.problems[0].reason_zh
    with pytest.raises(importer.ImportRefused):
        importer.commit(engine, OFFICER, dry)
    assert _counts(engine) == before


@pytest.mark.parametrize("code, other, level, parent", [
    ("511502101201", "511502101202", "village", "511502101000"),
    ("511502101001", "511502101199", "community", "511502101000"),
    ("511502-V9910", "511502-V9911", "village", "511502101000"),
    ("511502001000", "511502099000", "street", None), ("511502-P001", "511502-P002", "street", None)])
def test_good_codes_go_in_by_both_paths(engine, code, other, level, parent):
    with write_session(engine, OFFICER) as s:
        create_platform(session=s, actor=OFFICER, facts=_facts(code, level, parent))
    dry = importer.dry_run(engine, OFFICER, "platforms", _csv(other, level, parent), "p.csv")
    assert dry.problems == [] and dry.counts["add"] == 1
    importer.commit(engine, OFFICER, dry)
    with read_session(engine) as s:
        assert get_platform(s, code) is not None and get_platform(s, other) is not None


def test_a_code_stored_before_the_rule_stays_editable_by_form_and_import(engine):
    with write_session(engine, SYSTEM) as s:  # as an old register holds it, past today's entry rule
        s.add(Platform(code="CP-OLD1", name="旧街道", level="street", county_code=CUIPING))
    with write_session(engine, OFFICER) as s:
        update_platform(session=s, actor=OFFICER, code="CP-OLD1", facts={"name": "旧街道(改)"}, expected_version=1)
    csv = "\r\n".join(["code,name", "CP-OLD1,旧街道(再改)"]).encode("utf-8-sig")
    dry = importer.dry_run(engine, OFFICER, "platforms", csv, "p.csv")
    assert dry.problems == [] and dry.counts["update"] == 1
    importer.commit(engine, OFFICER, dry)
    with read_session(engine) as s:
        assert get_platform(s, "CP-OLD1").name == "旧街道(再改)"
