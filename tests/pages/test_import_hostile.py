"""AppTest of the import screen with the upload corpus: a real Chinese save imports through the uploader; a
hostile or broken file is refused on screen in words, by row and heading, with no traceback and no write."""
import pytest
from sqlmodel import func, select

from models.db import read_session
from models.tables import AuditLog, Platform
from tests.data.imports import corpus as C
from tests.pages.conftest import OWN, open_page

PAGE = "pages/import.py"
ROWS = [[f"{OWN}001000", "一街道", "街道", OWN, "60.5", "25000"], [f"{OWN}002000", "二街道", "街道", OWN, "1,234", "18000"]]


def _counts(engine) -> tuple[int, int]:
    with read_session(engine) as s:
        return s.exec(select(func.count(Platform.id))).one(), s.exec(select(func.count(AuditLog.id))).one()


def _upload(data: bytes, name: str):
    at = open_page("city_admin", PAGE)
    at.file_uploader(key="im_file").set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("encoding, delimiter, name", [("gbk", ",", "p.csv"), ("utf-16", "\t", "p.txt")],
                         ids=["gbk_csv", "unicode_text"])
def test_a_chinese_windows_save_imports_with_its_area(app_store, encoding, delimiter, name):
    at = _upload(C.text_file([C.HEADER, *ROWS], encoding=encoding, delimiter=delimiter), name)
    assert {m.label: m.value for m in at.metric}["新增"] == "2"
    at.button(key="im_confirm").click().run()
    with read_session(app_store) as s:
        assert dict(s.exec(select(Platform.code, Platform.area_m2)).all()) == {f"{OWN}001000": 60.5, f"{OWN}002000": 1234.0}


@pytest.mark.parametrize("data, name, words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(300), "p.xlsx", "不是有效的 Excel 工作簿"),
    (C.text_file([C.HEADER, ["S1", "一街道", "街道", OWN, "60,5", "1"]], encoding="utf-8"), "p.csv", "逗号"),
], ids=["png_renamed_xlsx", "ambiguous_comma"])
def test_a_refused_file_says_why_by_row_and_heading_and_writes_nothing(app_store, data, name, words):
    before = _counts(app_store)
    at = _upload(data, name)
    table = at.dataframe[0].value
    assert any(words in reason for reason in table["原因"]), table
    assert not any("Error" in str(v) or "area_m2" in str(v) for v in table.to_numpy().ravel())
    assert "im_confirm" not in [b.key for b in at.button]
    assert _counts(app_store) == before
