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
pytestmark = pytest.mark.both_stores  # all-or-nothing imports on PostgreSQL too

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
    at = _upload(at, _csv(f"{OWN}101000,一乡,township,{OWN},,60", f"{OWN}101201,一村,village,{OWN},{OWN}101000,25"), "p.csv")
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
    at = _upload(at, _csv(f"{OWN}101000,一乡,township,{OWN},,60", f"{OWN}101201,一村,village,{OWN},NOPE,25",
                          f"{OWN}102000,二乡,镇,{OWN},,abc"), "p.csv")
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
    at = _upload(at, _csv(f"{OWN}101000,一乡,township,{OWN},,60", f"{OTHER}109000,外县乡,township,{OTHER},,60"), "p.csv")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["行号"]) == [3] and "只能导入本县" in table["原因"][0]


def test_an_xlsx_template_upload_with_rows_imports(app_store):
    at = open_page("city_admin", PAGE)
    data = xlsx(KINDS["platforms"], [{"code": f"{OWN}001000", "name": "一街道", "level": "street", "county_code": OWN}])
    at = _upload(at, data, "p.xlsx")
    assert _metrics(at)["新增"] == "1" and "xlsx" in " ".join(c.value for c in at.caption)
    at.button(key="im_confirm").click().run()
    assert _counts(app_store)[0] == 1




@pytest.mark.parametrize("kind", ["platforms", "people", "reviews", "funding"])
def test_every_kind_offers_its_template(app_store, downloads, kind):
    """The template buttons give the chosen kind's own template, in xlsx and csv, whose headings this screen
    reads back as every column of that kind."""
    from logic.import_rows import parse
    at = open_page("city_admin", PAGE)
    at.radio(key="im_kind").set_value(kind).run()
    assert not at.exception, at.exception
    files = {}
    for button in at.download_button:
        name, make = downloads[button.proto.deferred_file_id]
        files[name] = make()
    spec = KINDS[kind]
    for name in (f"template_{kind}.xlsx", f"template_{kind}.csv"):
        parsed = parse(files[name], name, spec.columns, spec.key, sheet=spec.zh)
        assert parsed.problems == [], (name, parsed.problems)
        assert set(parsed.columns) == {c.key for c in spec.columns}, name


def _demo_file(rows: int | None = None) -> tuple[bytes, int]:
    """The demo register at a tenth of its scale (133 platforms, every level), as the app's own export writes it."""
    from logic.authz import SYSTEM
    from models import importer
    from models.db import make_engine, write_session
    from models.demo import seed_demo
    from models.seed import init_database

    scratch = make_engine("sqlite://")
    init_database(scratch)
    with write_session(scratch, SYSTEM) as session:
        seed_demo(session, scale=0.1)
    records = importer.export_frame(scratch, SYSTEM, "platforms").to_dict("records")
    scratch.dispose()
    return xlsx(KINDS["platforms"], records), len(records)


def test_a_demo_file_imports_through_the_screen_with_a_progress_bar(app_store):
    """The demo register (exported by the app's own export) through the uploader, the dry run and the confirmed
    import; the progress bar ends full and every row is stored with its audit row. The size is not what is under
    test here: the real 5,000 rows go through the store in tests/models/test_importer.py (marked slow)."""
    data, n = _demo_file()
    before = _counts(app_store)
    at = _upload(open_page("city_admin", PAGE), data, "demo.xlsx")
    assert not at.exception, at.exception
    assert _metrics(at) == {"新增": f"{n:,}", "更新": "0", "不变": "0", "问题": "0"}
    at.button(key="im_confirm").click()
    at.run(timeout=300)
    assert not at.exception, at.exception
    assert any(f"新增 {n} 条" in s.value for s in at.success)
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100 and bars[-1].proto.text == f"已写入 {n} 条"
    assert _counts(app_store) == (before[0] + n, before[1] + n)


def _streets(n: int) -> bytes:
    return _csv(*[f"{OWN}-S{i:05d},街道{i},street,{OWN},,60" for i in range(n)])


@pytest.mark.parametrize("app_store", ["sqlite"], indirect=True)  # the limit is read before the store is asked
def test_a_file_of_exactly_the_row_limit_is_checked_and_one_row_more_is_refused_with_the_limit_named(
        app_store, monkeypatch):
    """GSP_IMPORT_MAX_ROWS (deploy/production.env) set to 1,001: the screen announces it, a 1,001-row file gets
    its dry run, and a 1,002-row file is refused whole, the limit named, nothing offered to import."""
    monkeypatch.setenv("GSP_IMPORT_MAX_ROWS", "1001")
    at = open_page("city_admin", PAGE)
    assert "1,001" in at.get("file_uploader")[0].proto.label
    at = _upload(at, _streets(1001), "p.csv")
    assert not at.exception, at.exception
    assert _metrics(at) == {"新增": "1,001", "更新": "0", "不变": "0", "问题": "0"}
    assert "im_confirm" in [b.key for b in at.button]
    at = _upload(at, _streets(1002), "p2.csv")
    assert not at.exception, at.exception
    assert "1,001 行上限" in " ".join(str(df.value.to_dict()) for df in at.dataframe) + " ".join(
        e.value for e in at.error)
    assert "im_confirm" not in [b.key for b in at.button]
    assert _counts(app_store)[0] == 0
