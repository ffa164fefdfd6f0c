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
        (None, ""), (float("nan"), ""), (True, "是"), (False, "否"), (Decimal("12.50"), "12.50"), (-3, "-3"),
        (date(2024, 3, 1), "2024-03-01"), (datetime(2024, 3, 1, 0, 30, tzinfo=UTC), "2024-03-01 08:30:00"),
    ])
    def test_other_values(self, value, field):
        assert ss.csv_field(value) == field


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


class TestXlsxCell:
    def test_formula_looking_text_is_a_text_cell_with_quote_prefix_and_its_own_value(self):
        """The cell holds exactly the stored text (no apostrophe a person would see); the quotePrefix style is
        what keeps it from running, and marks a text whose leading apostrophes come before a formula too."""
        sheet = _sheet(ss.xlsx_table(["=h"], [[v] for v in HOSTILE]))
        cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type == "s" for c in cells)  # never 'f' (formula) nor 'e' ("#N/A" is text)
        assert [c.value for c in cells[1:]] == [ss.clean(v) for v in HOSTILE]
        def guarded(text: str) -> bool:  # a formula, or apostrophes before one (Excel would eat the first)
            text = text.lstrip()
            return ss.looks_like_formula(text) or (text.startswith("'") and
                                                   text.lstrip("'").startswith(ss.FORMULA_STARTS))
        assert [c.quotePrefix for c in cells] == [guarded(c.value) for c in cells]
        assert "'=1" in [c.value for c in cells]  # HOSTILE has one: it shows as typed, not as ''=1

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


class TestXlsxLayout:
    """A download is made to be read: bold frozen header, widths from content (a Chinese character counts two),
    numbers and dates as typed cells with a format, yes/no in the screen's words, a note of what and when."""

    HEADER = ["平台名称", "年度", "服务对象人数", "到位金额(元)", "面积", "到位日期", "修改时间", "已挂牌"]
    ROW = ["翠屏区白花镇就业和社会保障服务中心", 2015, 25_000, Decimal("18500.50"), 80.5, date(2015, 3, 1),
           datetime(2024, 3, 1, 16, 0, tzinfo=UTC), True]

    def _book(self, words=ss.ZH, note=None):
        return load_workbook(io.BytesIO(ss.xlsx_table(self.HEADER, [self.ROW, [None] * 7 + [False]], "平台",
                                                      words=words, note=note)))

    def test_cells_are_typed_and_formatted(self):
        row = list(self._book().worksheets[0][2])
        assert [c.value for c in row] == ["翠屏区白花镇就业和社会保障服务中心", 2015, 25_000, 18500.5, 80.5,
                                          datetime(2015, 3, 1), datetime(2024, 3, 2, 0, 0), "是"]
        assert [c.number_format for c in row[1:7]] == ["0", "#,##0", "#,##0.00", "#,##0.0##", "yyyy-mm-dd",
                                                       "yyyy-mm-dd hh:mm:ss"]
        assert [c.data_type for c in row] == ["s", "n", "n", "n", "n", "d", "d", "s"]

    def test_yes_and_no_are_words_of_the_screen_s_language_never_true_or_false(self):
        assert [c.value for c in self._book().worksheets[0]["H"]][1:] == ["是", "否"]
        assert [c.value for c in self._book(ss.EN).worksheets[0]["H"]][1:] == ["Yes", "No"]
        assert ss.csv_field(True, ss.EN) == "Yes" and ss.csv_field(False) == "否"

    def test_header_is_bold_and_frozen_and_widths_follow_the_content(self):
        sheet = self._book().worksheets[0]
        assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1]) and not sheet["A2"].font.b
        widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
        assert widths[0] == 2 * len(self.ROW[0]) + 2  # 17 Chinese characters, each two wide, and a margin
        assert widths[1] == 2 * len("年度") + 2 == 6  # the header is wider than "2015"; never under 6
        assert widths[6] == 19 + 2  # a date-time's width
        assert ss.column_widths([["x" * 500]]) == [ss.MAX_WIDTH]

    def test_the_note_sheet_says_what_when_in_beijing_time_and_by_whom(self):
        note = ss.Note("人员配备缺口", datetime(2026, 12, 2, 20, 30, tzinfo=UTC), "张三")
        book = self._book(note=note)
        assert [s.title for s in book.worksheets] == ["平台", "说明"]
        assert [[c.value for c in r] for r in book.worksheets[1].iter_rows()] == [
            ["导出内容", "人员配备缺口"], ["导出时间(北京时间)", "2026-12-03 04:30:00"], ["导出人", "张三"], ["行数", 2]]
        english = self._book(ss.EN, ss.Note("Staffing gap", note.at))
        assert [[c.value for c in r] for r in english.worksheets[1].iter_rows()] == [
            ["Exported", "Staffing gap"], ["Exported at (Beijing time)", "2026-12-03 04:30:00"], ["Rows", 2]]
        assert len(self._book().worksheets) == 1  # no note asked for, none written

    @pytest.mark.parametrize(("header", "plain"), [("年度", True), ("人员编号", True), ("Year", True), ("id", True),
                                                   ("平台编码", True), ("服务对象人数", False), ("Staff", False)])
    def test_years_ids_and_codes_have_no_thousands_separator(self, header, plain):
        assert ss.plain_number_column(header) is plain
