"""The platform, people, review and funding exports (批量导入 → 导出现有数据) are the import template in the
officer's language: codes as their Chinese labels, several codes joined with 、, yes/no as 是/否, amounts as
yuan numbers formatted 0.00, dates as date cells. Export -> dry run of the importer -> 0 problems and every row
unchanged, in xlsx and CSV, on a demo-like store (SQLite and PostgreSQL)."""
import csv
import io
import os
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest

from logic import spreadsheet
from logic.authz import SYSTEM, Actor
from logic.import_kinds import KINDS
from logic.import_template import CODE_SHEET, csv_bytes, xlsx
from models import importer
from models.db import write_session
from models.demo import seed_demo
from tests.conftest import BACKENDS, _fresh, pg_url_or_skip

ADMIN = Actor("admin", "city_admin")
NOTE = spreadsheet.Note("平台", datetime(2026, 12, 2, 4, 0, tzinfo=UTC), "admin")
WRITERS = {"xlsx": xlsx, "csv": csv_bytes}


@pytest.fixture(scope="module", params=BACKENDS)
def demo_store(request):
    """One demo-like store per backend for the module: platforms, their rosters and reviews, a funding ledger."""
    from models.demo_funding import seed_demo_funding
    from models.demo_people import seed_demo_people
    engine = _fresh("sqlite://" if request.param == "sqlite" else pg_url_or_skip())
    with write_session(engine, SYSTEM) as session:
        seed_demo(session, scale=0.05)
        seed_demo_people(session)
        seed_demo_funding(session)
    yield engine
    engine.dispose()


def _export(engine, kind: str, fmt: str) -> bytes:
    records = importer.export_frame(engine, ADMIN, kind).to_dict("records")
    return WRITERS[fmt](KINDS[kind], records, example=False, note=NOTE)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_an_export_imports_back_as_no_change(demo_store, kind, fmt):
    rows = len(importer.export_frame(demo_store, ADMIN, kind))
    assert rows > 0  # the store has something of every kind to carry round
    dry = importer.dry_run(demo_store, ADMIN, kind, _export(demo_store, kind, fmt), f"{kind}.{fmt}")
    assert [p.reason_en for p in dry.problems] == []
    assert dry.counts == {"add": 0, "update": 0, "unchanged": rows}


def _data(engine, kind: str) -> tuple[list, list]:
    """The export's data sheet: its header (row 1) and data rows (from row 3, after the hidden key row)."""
    sheet = openpyxl.load_workbook(io.BytesIO(_export(engine, kind, "xlsx"))).worksheets[0]
    rows = list(sheet.iter_rows())
    return [c.value for c in rows[0]], rows[2:]


def _column(kind: str, key: str) -> int:
    return [c.key for c in KINDS[kind].columns].index(key)


def _all_codes(kind: str) -> set[str]:
    return {code for column in KINDS[kind].columns for code in column.choices}


@pytest.mark.parametrize("kind", list(KINDS))
def test_choice_and_code_list_cells_hold_labels_never_codes(demo_store, kind):
    _, rows = _data(demo_store, kind)
    for column in KINDS[kind].columns:
        if column.kind not in ("choice", "codes"):
            continue
        words = {w for row in rows if (v := row[_column(kind, column.key)].value) for w in str(v).split("、")}
        labels = {column.labels[c][0] for c in column.choices}
        assert words and words <= labels, (column.key, words - labels)
        assert not words & (set(column.choices) - labels), column.key  # no internal code like `village`


def test_platform_cells_are_typed_as_a_person_fills_them(demo_store):
    header, rows = _data(demo_store, "platforms")
    assert header[0] == "平台编码 *"
    signs = {row[_column("platforms", "sign_installed")].value for row in rows}
    assert signs <= {"是", "否"} and signs
    people = [row[_column("platforms", "service_population")] for row in rows if row[7].value is not None]
    assert people and all(c.data_type == "n" and c.number_format == "#,##0" for c in people)
    codes = [row[0] for row in rows]
    assert all(c.data_type == "s" for c in codes)  # a code stays text: never a rounded number


def test_people_amounts_are_yuan_numbers_and_dates_are_dates(demo_store):
    _, rows = _data(demo_store, "people")
    income = [row[_column("people", "monthly_income")] for row in rows]
    assert all(c.data_type == "n" and c.number_format == "#,##0.00" for c in income)
    assert any(c.value for c in income)
    joined = [row[_column("people", "joined_on")] for row in rows if row[_column("people", "joined_on")].value]
    assert joined and all(isinstance(c.value, datetime) and c.number_format == "yyyy-mm-dd" for c in joined)
    ids = [row[_column("people", "id")] for row in rows]
    assert all(c.number_format == "0" for c in ids)  # an id is a name, not a quantity: no 1,234


def test_funding_amounts_keep_every_fen(demo_store):
    frame = importer.export_frame(demo_store, ADMIN, "funding")
    _, rows = _data(demo_store, "funding")
    spent = [row[_column("funding", "spent")] for row in rows]
    assert [Decimal(str(c.value)).quantize(Decimal("0.01")) for c in spent] == list(frame["spent"])
    assert all(c.number_format == "#,##0.00" for c in spent)
    assert all(row[_column("funding", "year")].number_format == "0" for row in rows)  # 2015, not 2,015


def test_the_csv_speaks_the_same_words_and_says_what_and_when_in_a_skipped_row(demo_store):
    text = _export(demo_store, "platforms", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][0] == "code" and rows[2][0] == "#导出内容:平台"
    assert rows[2][1] == "#导出时间(北京时间):2026-12-02 12:00:00"
    level = _column("platforms", "level")
    assert {r[level] for r in rows[3:]} <= {c.labels[k][0] for c in KINDS["platforms"].columns[2:3]
                                            for k in c.choices}
    assert "TRUE" not in text and "FALSE" not in text


def test_the_workbook_is_laid_out_for_reading(demo_store):
    book = openpyxl.load_workbook(io.BytesIO(_export(demo_store, "platforms", "xlsx")))
    data, codes, note = book.worksheets
    assert codes.title == CODE_SHEET and note.title == "说明"
    assert data.freeze_panes == "A3" and data.row_dimensions[2].hidden
    assert all(c.font.b for c in data[1])
    widths = {c.column_letter: data.column_dimensions[c.column_letter].width for c in data[1]}
    assert widths["B"] > widths["A"] >= 11  # names are longer than codes; a code fits
    assert [[c.value for c in row] for row in note.iter_rows()] == [
        ["导出内容", "平台"], ["导出时间(北京时间)", "2026-12-02 12:00:00"], ["导出人", "admin"],
        ["行数", data.max_row - 2]]


def test_a_review_grade_is_its_label_and_ids_and_years_are_numbers():
    grade = KINDS["reviews"].column("grade")
    code = grade.choices[0]
    book = openpyxl.load_workbook(io.BytesIO(xlsx(KINDS["reviews"], [{"person_id": 7, "year": 2015, "grade": code}],
                                                  example=False)))
    row = list(book.worksheets[0][3])
    assert [c.value for c in row] == [7, None, 2015, grade.labels[code][0]]
    assert [c.number_format for c in (row[0], row[2])] == ["0", "0"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or not os.environ.get("GSP_OFFICE_TESTS"),
                    reason="LibreOffice round trips: set GSP_OFFICE_TESTS=1 with soffice installed (each starts an office "
                           "suite: a minute of CPU the full run cannot spare)")
@pytest.mark.parametrize("kind", list(KINDS))
def test_an_export_saved_again_by_an_office_suite_imports_back_as_no_change(demo_store, kind, tmp_path):
    """What "open in Excel/WPS, edit, save" does to a file, done by LibreOffice: the workbook saved again as
    xlsx, and as CSV with the numbers as shown (3,660.00; 2022-12-17), both read back as no change."""
    rows = len(importer.export_frame(demo_store, ADMIN, kind))
    source = tmp_path / f"{kind}.xlsx"
    source.write_bytes(_export(demo_store, kind, "xlsx"))
    for target in ("xlsx", 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true'):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", target, "--outdir", str(tmp_path / "saved"), str(source)],
                       check=True, capture_output=True, timeout=300)
        ext = target.split(":")[0]
        saved = (tmp_path / "saved" / f"{kind}.{ext}").read_bytes()
        dry = importer.dry_run(demo_store, ADMIN, kind, saved, f"{kind}.{ext}")
        assert [p.reason_en for p in dry.problems] == [] and dry.counts == {"add": 0, "update": 0, "unchanged": rows}
