"""Formulas are neutralised as the last step of writing a cell, for every export and template.

The cell writer (logic.spreadsheet) at its boundaries: what cleaning drops, what counts as formula-looking, the
xlsx cell type and quotePrefix, the CSV apostrophe and record ends, and the round trip through the importer."""
import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook

from logic import spreadsheet as ss
from logic.import_kinds import PLATFORM
from logic.import_rows import parse
from logic.import_template import csv_bytes, xlsx

FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOSTILE = ["\x01=HYPERLINK(\"http://x\",\"y\")", "=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "#N/A",
           " =1", "\u3000=1", "＝1+1", "'=1", "''@x", "\n-2", "=cmd|' /C calc'!A0", "\x00\x1b=1"]
formulaish = st.tuples(st.sampled_from(["", " ", "\t", "\n", "'", "''", " '"]), st.sampled_from(ss.FORMULA_STARTS),
                       st.text(max_size=6)).map("".join)
any_text = st.text(max_size=12) | formulaish | st.sampled_from(HOSTILE)


class TestClean:
    """Characters no workbook can hold are dropped; tab and line feed stay; a carriage return is a line feed."""

    @pytest.mark.parametrize(("raw", "clean"), [
        ("王芳\x00\x07", "王芳"), ("a\x0bb\x0cc\x1fd", "abcd"), ("a\tb\nc", "a\tb\nc"),
        ("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("x\ufffey\uffff", "xy"), ("x\ud800y", "xy"),
        ("\x01=HYPERLINK(1)", "=HYPERLINK(1)"), ("南溪街道", "南溪街道"),
    ])
    def test_cleaning(self, raw, clean):
        assert ss.clean(raw) == clean


class TestFormulaLooking:
    """Formula characters = + - @ (and full-width ＝ ＋ － ＠) at the start, or after blanks a reader may trim."""

    @pytest.mark.parametrize("text", ["=1", "+1", "-1", "@x", " =1", "\t=1", "\n=1", "\u3000=1", "＝1", "＠x"])
    def test_formulas(self, text):
        assert ss.looks_like_formula(text)

    @pytest.mark.parametrize("text", ["a=b", "#N/A", "'=1", "\tx", "", "1-2", "南溪=街道"])
    def test_not_formulas(self, text):
        assert not ss.looks_like_formula(text)


class TestCsvGuard:
    @pytest.mark.parametrize(("text", "guarded"), [
        ("=1+1", "'=1+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("＋1", "'＋1"),
        ("\t=1", "\t'=1"), (" =1", " '=1"), ("\n=1", "\n'=1"),  # the apostrophe comes before the formula
        ("'=1", "''=1"), (" ''+x", " '''+x"), ("'\tx", "''\tx"),  # an apostrophe already there: one more
        ("a=b", "a=b"), ("'x", "'x"), ("\tx", "\tx"), ("#N/A", "#N/A"), ("", ""),
        ("0\t=", "0\t'="), ("a\t'\t=b", "a\t''\t'=b"),  # each tab-separated part guarded: a paste splits on tabs
    ])
    def test_the_apostrophe_goes_right_before_the_formula(self, text, guarded):
        assert ss.neutralise(text) == guarded

    @FEW
    @given(any_text)
    def test_unneutralise_takes_off_exactly_what_neutralise_put_on(self, text):
        clean = ss.clean(text)
        assert ss.unneutralise(ss.neutralise(clean)) == clean

    @FEW
    @given(any_text)
    def test_no_guarded_text_is_a_formula_even_when_a_reader_trims_it(self, text):
        guarded = ss.neutralise(ss.clean(text))
        assert not guarded.lstrip().startswith(ss.FORMULA_CHARS)
        assert not any(part.lstrip().startswith(ss.FORMULA_CHARS) for part in guarded.split("\t")[1:]
                       if not part.startswith("'"))  # a reader that splits on tabs still meets the apostrophe

    def test_a_csv_has_a_bom_crlf_records_and_no_field_that_starts_a_formula(self):
        data = ss.csv_table(["=h", "n"], [[v, -1] for v in HOSTILE])
        assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
        text = data.decode("utf-8-sig")
        assert "\r" not in text.replace("\r\n", "")  # no bare carriage return anywhere
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == len(HOSTILE) + 1
        assert [r[1] for r in rows[1:]] == ["-1"] * len(HOSTILE)  # a negative number stays a number
        assert not [f for r in rows for f in r[:1] if ss.looks_like_formula(f)]
        # every record line starts with something that is not a formula either
        assert not [line for line in text.split("\r\n") if ss.looks_like_formula(line)]

    @pytest.mark.parametrize(("value", "field"), [
        (None, ""), (float("nan"), ""), (True, "TRUE"), (Decimal("12.50"), "12.50"), (-3, "-3"),
        (date(2024, 3, 1), "2024-03-01"), (datetime(2024, 3, 1, 0, 30, tzinfo=UTC), "2024-03-01 08:30:00"),
    ])
    def test_other_values(self, value, field):
        assert ss.csv_field(value) == field


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


class TestXlsxCell:
    def test_formula_looking_text_is_a_text_cell_with_quote_prefix_and_its_own_value(self):
        sheet = _sheet(ss.xlsx_table(["=h"], [[v] for v in HOSTILE]))
        cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type == "s" for c in cells)  # never 'f' (formula) nor 'e' ("#N/A" is text)
        assert [c.value for c in cells[1:]] == [ss.neutralise(ss.clean(v)) if ss.clean(v).lstrip().startswith("'")
                                                else ss.clean(v) for v in HOSTILE]
        assert all(c.quotePrefix for c in cells if ss.looks_like_formula(c.value))
        assert not [c.coordinate for c in cells if c.quotePrefix and not ss.looks_like_formula(c.value)]

    def test_numbers_stay_numbers_and_negative_ones_are_not_text(self):
        rows = [[v, "row"] for v in (-1, Decimal("-2.5"), 3.25, float("nan"), None)]
        sheet = _sheet(ss.xlsx_table(["n", "label"], rows))
        values = [(c.value, c.data_type) for c in sheet["A"]][1:]
        assert values == [(-1, "n"), (-2.5, "n"), (3.25, "n"), (None, "n"), (None, "n")]

    def test_times_are_beijing_time_and_text_is_cut_to_what_excel_keeps(self):
        when = datetime(2024, 3, 1, 16, 0, tzinfo=UTC)
        sheet = _sheet(ss.xlsx_table(["t", "long"], [[when, "=" + "x" * 40_000]]))
        assert sheet["A2"].value == datetime(2024, 3, 2, 0, 0)
        assert len(sheet["B2"].value) == ss.EXCEL_TEXT_MAX and sheet["B2"].quotePrefix

    def test_the_cell_writer_works_in_a_normal_workbook_too(self):
        book = Workbook()
        book.active.append(ss.xlsx_row(book.active, ["=1", "#N/A", 5]))
        buffer = io.BytesIO()
        book.save(buffer)
        row = next(_sheet(buffer.getvalue()).iter_rows())
        assert [(c.value, c.data_type, c.quotePrefix) for c in row] == [
            ("=1", "s", True), ("#N/A", "s", False), (5, "n", False)]

    @pytest.mark.parametrize(("name", "safe"), [("a/b:c", "a_b_c"), ("x" * 40, "x" * 31), ("", "data")])
    def test_sheet_names_excel_accepts(self, name, safe):
        assert ss.safe_sheet_name(name) == safe


class TestRoundTrip:
    """An export imported back is no change: the importer undoes exactly the guard."""

    @pytest.mark.parametrize("write", [xlsx, csv_bytes], ids=["xlsx", "csv"])
    def test_hostile_names_come_back_as_stored(self, write):
        names = [ss.clean(v).strip() for v in HOSTILE]
        records = [{"code": f"5115020{i:02d}", "name": name, "level": "街道", "county_code": "511502"}
                   for i, name in enumerate(names)]
        parsed = parse(write(PLATFORM, records, example=False), "p.xlsx" if write is xlsx else "p.csv", PLATFORM.columns,
                       PLATFORM.key)
        assert not parsed.problems
        assert [row["name"] for _, row in parsed.rows] == names
