"""AppTest of the bulk import screen: upload → dry run with every problem by row → one confirmed,
all-or-nothing import; county officers held to their own county."""
import pytest
from sqlmodel import func, select

from logic.import_kinds import KINDS
from logic.import_template import xlsx
from models.db import read_session
from models.tables import AuditLog, Platform
from tests.pages.conftest import OTHER, OWN, open_page

PAGE = "pages/import.py"
HEADER = "平台编码,平台名称,层级,县(区)代码,所属街道/乡(镇)编码,专有场所面积(m²)"


def _csv(*rows: str) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode("utf-8-sig")


def _counts(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        return s.exec(select(func.count(Platform.id))).one(), s.exec(select(func.count(AuditLog.id))).one()


def _upload(at, data: bytes, name: str):
    at.file_uploader(key="im_file").set_value((name, data, "text/csv" if name.endswith(".csv") else
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    return at.run()


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_dry_run_counts_then_the_confirmed_import_writes_every_row(app_store):
    at = open_page("city_admin", PAGE)
    assert not at.exception and at.title[0].value == "批量导入与导出"
    at = _upload(at, _csv(f"T1,一乡,township,{OWN},,60", f"V1,一村,village,{OWN},T1,25"), "p.csv")
    assert not at.exception, at.exception
    assert _metrics(at) == {"新增": "2", "更新": "0", "不变": "0", "问题": "0"}
    assert "UTF-8 (BOM)" in " ".join(c.value for c in at.caption)
    assert _counts(app_store)[0] == 0  # a dry run writes nothing
    at.button(key="im_confirm").click().run()
    assert not at.exception, at.exception
    assert any("新增 2 条" in s.value for s in at.success)
    assert _counts(app_store)[0] == 2
    at.run()  # the same file again: now every row matches the store
    assert _metrics(at)["不变"] == "2" and "im_confirm" not in [b.key for b in at.button]


def test_a_file_with_problems_lists_them_by_row_and_offers_no_import(app_store):
    at = open_page("city_admin", PAGE)
    before = _counts(app_store)
    at = _upload(at, _csv(f"T1,一乡,township,{OWN},,60", f"V1,一村,village,{OWN},NOPE,25", f"T2,二乡,镇,{OWN},,abc"), "p.csv")
    assert not at.exception, at.exception
    assert "整个文件不会导入" in at.error[0].value
    assert _metrics(at)["新增"] == "1"  # only the row with no problem would be added
    table = at.dataframe[0].value
    assert sorted(set(table["行号"])) == [3, 4]
    assert {"所属街道/乡(镇)编码", "层级", "专有场所面积(m²)"} <= set(table["列"])  # the file's headings, no field codes
    assert "im_confirm" not in [b.key for b in at.button]
    assert _counts(app_store) == before


def test_an_officer_importing_another_countys_row_is_refused_for_that_row(app_store):
    at = open_page("own_officer", PAGE)
    at = _upload(at, _csv(f"T1,一乡,township,{OWN},,60", f"T9,外县乡,township,{OTHER},,60"), "p.csv")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["行号"]) == [3] and "只能导入本县" in table["原因"][0]


def test_an_xlsx_template_upload_with_rows_imports(app_store):
    at = open_page("city_admin", PAGE)
    data = xlsx(KINDS["platforms"], [{"code": "S1", "name": "一街道", "level": "street", "county_code": OWN}])
    at = _upload(at, data, "p.xlsx")
    assert _metrics(at)["新增"] == "1" and "xlsx" in " ".join(c.value for c in at.caption)
    at.button(key="im_confirm").click().run()
    assert _counts(app_store)[0] == 1


@pytest.mark.parametrize("kind", ["people", "reviews", "funding"])
def test_every_kind_offers_its_template(app_store, kind):
    at = open_page("city_admin", PAGE)
    at.radio(key="im_kind").set_value(kind).run()
    assert not at.exception, at.exception


# The screen on SQLite only: the same 5,000 rows go through the store on PostgreSQL in tests/models/test_importer
# (TestFiveThousandRows), and a second screen run would add 40 s to the suite for nothing the first does not show.
@pytest.mark.parametrize("app_store", ["sqlite"], indirect=True)
def test_a_5000_row_demo_file_imports_through_the_screen_with_a_progress_bar(app_store):
    """The demo register at scale (exported by the app's own export) through the uploader, the dry run and the
    confirmed import; the progress bar ends full."""
    from logic.authz import SYSTEM
    from models import importer
    from models.db import make_engine, write_session
    from models.demo import seed_demo
    from models.seed import init_database

    scratch = make_engine("sqlite://")
    init_database(scratch)
    with write_session(scratch, SYSTEM) as session:
        seed_demo(session, scale=4.2)
    records = importer.export_frame(scratch, SYSTEM, "platforms").to_dict("records")
    scratch.dispose()
    villages = [i for i, r in enumerate(records) if r["level"] == "village"]
    drop = set(villages[: len(records) - 5000])
    data = xlsx(KINDS["platforms"], [r for i, r in enumerate(records) if i not in drop])

    at = _upload(open_page("city_admin", PAGE), data, "demo5000.xlsx")
    assert not at.exception, at.exception
    assert _metrics(at) == {"新增": "5,000", "更新": "0", "不变": "0", "问题": "0"}
    at.button(key="im_confirm").click()
    at.run(timeout=300)
    assert not at.exception, at.exception
    assert any("新增 5000 条" in s.value for s in at.success)
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100
    assert _counts(app_store)[0] == 5000
