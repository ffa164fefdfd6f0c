"""Issue 18: a county's rectification list (整改清单) on the year-end screen — officers their own county, the city
any county and all of them zipped — checked by opening the files (openpyxl, python-docx) and comparing them with
the store: R-8 failing items with the clause, R-STAFF shortfalls, R-PERS-3/4 people, grouped by street/township."""
import io
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from logic.codes import ITEMS, label
from logic.staffing_gap import staffing_gap
from models.db import read_session
from models.judged_register import judged_register
from models.people_frames import flag_frames
from tests.pages.conftest import OWN, open_page

PAGE = "pages/year_end.py"
YEAR = date.today().year - 1  # the screen's default year


@pytest.fixture
def demo(small_demo_app_store):
    return small_demo_app_store




def _files(at, downloads) -> dict[str, bytes]:
    out = {}
    for button in at.download_button:
        if button.key.startswith("rc_dl"):
            name, make = downloads[button.proto.deferred_file_id]
            out[name] = make()
    return out


def _sheet_rows(data: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def _pay_checks(engine):
    from logic import pay_checks
    from models import settings
    from models.pay import pay_frame
    with read_session(engine) as session:
        pay = pay_frame(session, OWN, (YEAR,))
        bench = {year: fen for year, (fen, _) in settings.benchmarks_versioned(session).items()}
        tolerance, scope = settings.tolerance(session), settings.balance_scope(session)
    return (pay_checks.below_benchmark(pay, bench),
            pay_checks.imbalance(pay, YEAR, tolerance=tolerance, scope=scope))


def test_the_officer_downloads_their_county_s_list_and_it_matches_the_store(demo, downloads):
    """R-8.1..8.8 (but staff), R-PERS-4: every failing item of every non-compliant platform of the year's judged
    register is a row with its clause; every person without a certificate is a row; nothing else's county."""
    at = open_page("own_officer", PAGE)
    assert not at.exception, at.exception
    files = _files(at, downloads)
    assert sorted(files) == sorted(f"rectification_{OWN}_{YEAR}.{ext}" for ext in ("csv", "docx", "xlsx"))
    rows = _sheet_rows(files[f"rectification_{OWN}_{YEAR}.xlsx"])
    with read_session(demo) as session:
        judged = judged_register(session, YEAR, OWN)
        register, standard = judged.frame, judged.standard
        flags = flag_frames(session, YEAR, OWN)
    expected = {(code, ITEMS.index(item) + 1) for code, failed in zip(register["code"], register["failed_items"],
                                                                      strict=True) for item in failed if item != "staff"}
    found = {(r["平台编码"], int(r["依据条款"].split("第")[1][0])) for r in rows if r["问题类别"] == "“八有”不达标"}
    assert expected and found == expected
    for r in rows:
        if r["问题类别"] == "“八有”不达标":
            n = int(r["依据条款"].split("第")[1][0])
            assert r["依据条款"].startswith("宜府办函〔2014〕282号") and label("item", ITEMS[n - 1], "zh") in r["依据条款"]
    assert sum("未持证上岗" in r["问题及原因"] for r in rows) == len(flags["not_certified"]) > 0
    assert sum("未参加技能培训" in r["问题及原因"] for r in rows) == len(flags["no_training"])
    gap = staffing_gap(register, standard=standard)  # R-STAFF-1..3 on the register's roster counts
    short = set(gap.loc[(gap["status"] == "shortage") | gap["full_time_short"], "code"])
    assert {r["平台编码"] for r in rows if r["问题类别"] == "人员配备不足"} == short
    assert all(r["平台编码"].startswith(OWN) for r in rows)
    below, apart = _pay_checks(demo)  # R-FUND-3 per person, R-FUND-4 per street/township
    assert sum("低于标准" in r["问题及原因"] for r in rows) == len(below)
    assert {r["平台编码"] for r in rows if "待遇不平衡" in r["问题及原因"]} == set(apart["centre_code"])
    assert len(below) + len(apart) > 0
    assert all(r["整改时限"] is None and r["责任人"] is None for r in rows)  # columns for the county to fill
    towns = [r["街道(乡镇)"] for r in rows]
    assert towns == sorted(towns, key=towns.index)  # grouped: a street's rows together
    text = "\n".join(c.text for t in Document(io.BytesIO(files[f"rectification_{OWN}_{YEAR}.docx"])).tables
                     for row in t.rows for c in row.cells)
    assert all(r["问题及原因"] in text for r in rows)
    assert "None" not in text and "R-" not in text


def test_the_city_zips_one_list_per_county(demo, downloads):
    at = open_page("viewer", PAGE)
    assert not at.exception, at.exception
    assert "rc_dl_zip" not in {b.key for b in at.download_button}  # made on a click, with a progress bar
    at.button(key="rc_make_zip").click().run()
    assert not at.exception, at.exception
    files = _files(at, downloads)
    archive = zipfile.ZipFile(io.BytesIO(files[f"rectification_{YEAR}.zip"]))
    names = archive.namelist()
    assert len(names) == 22 and sum(n.endswith(".docx") for n in names) == 11
    own = next(n for n in names if n.startswith(OWN) and n.endswith(".xlsx"))
    assert _sheet_rows(archive.read(own)) == _sheet_rows(files[f"rectification_{OWN}_{YEAR}.xlsx"])


def test_an_officer_gets_no_city_zip(demo, downloads):
    at = open_page("own_officer", PAGE)
    assert "rc_make_zip" not in {b.key for b in at.button}
    assert "rc_dl_zip" not in {b.key for b in at.download_button}
