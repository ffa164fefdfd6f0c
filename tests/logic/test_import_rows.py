"""The pure half of bulk import: any file an officer might upload is read without a crash, every
problem names the row Excel shows, and the spreadsheet formula guard round-trips exactly."""
import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook

from logic.import_csv import detect
from logic.import_kinds import KINDS, PLATFORM
from logic.import_rows import Limits, coerce, parse, read_table
from logic.import_template import csv_bytes, xlsx
from logic.spreadsheet import FORMULA_STARTS

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = [c.key for c in PLATFORM.columns]
HEADERS = [c.zh for c in PLATFORM.columns]

formula = st.sampled_from(FORMULA_STARTS).flatmap(lambda s: st.text(max_size=8).map(lambda t: s + t))
cell = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), formula,
    st.sampled_from(["是", "否", "街道", "行政村", "就业创业、社保医保", "511502", "#注释", "1e400", "٣", "５０"]),
)


def _csv(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode(encoding, errors="replace")


def _xlsx(rows) -> bytes:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    book = Workbook()
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else
                            v if not isinstance(v, int) or abs(v) < 10 ** 15 else str(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check(parsed, last_row: int) -> None:
    read = {n for n, _ in parsed.rows}
    for problem in parsed.problems:
        assert 0 <= problem.row <= last_row, problem
        assert problem.reason_zh and problem.reason_en
        assert problem.row not in read, "a row with a problem is never planned"


class TestNeverCrashes:
    @FEW
    @given(st.binary(max_size=2000), st.sampled_from(["a.csv", "a.xlsx", "", "a.txt"]))
    def test_any_bytes_are_read_or_refused(self, data, name):
        _check(parse(data, name, PLATFORM.columns, PLATFORM.key), 10_000)

    @FEW
    @given(header=st.lists(st.sampled_from(KEYS + HEADERS + ["未知列", "", "code"]), min_size=1, max_size=8),
           body=st.lists(st.lists(cell, max_size=9), max_size=8),
           encoding=st.sampled_from(["utf-8-sig", "utf-8", "gb18030"]), as_xlsx=st.booleans())
    def test_any_table_is_read_with_a_row_for_every_problem(self, header, body, encoding, as_xlsx):
        rows = [header, *body]
        data = _xlsx(rows) if as_xlsx else _csv(rows, encoding)
        parsed = parse(data, "f.xlsx" if as_xlsx else "f.csv", PLATFORM.columns, PLATFORM.key)
        _check(parsed, len(rows))

    @FEW
    @given(st.lists(st.text(max_size=10), min_size=1, max_size=5))
    def test_mixed_encodings_in_one_file_are_refused_or_read(self, parts):
        data = b",".join(p.encode("utf-8") if i % 2 else p.encode("gb18030", errors="replace")
                         for i, p in enumerate(parts))
        _check(parse(b"code,name\n" + data, "m.csv", PLATFORM.columns, PLATFORM.key), 10)

    @FEW
    @given(st.sampled_from(PLATFORM.columns), cell)
    def test_every_cell_is_coerced_or_explained(self, column, value):
        _, error = coerce(column, value)
        assert error is None or (error[0] and error[1])


class TestRows:
    def test_the_template_has_no_rows_to_import_only_its_example(self):
        parsed = parse(xlsx(PLATFORM), "t.xlsx", PLATFORM.columns, PLATFORM.key)
        assert parsed.rows == [] and parsed.problems == []
        parsed = parse(csv_bytes(PLATFORM), "t.csv", PLATFORM.columns, PLATFORM.key)
        assert parsed.rows == [] and parsed.problems == [] and parsed.encoding == "UTF-8 (BOM)"

    def test_chinese_headers_labels_and_codes_are_read(self):
        data = _csv([["平台编码", "层级", "服务窗口", "已挂牌", "专有场所面积(m²)"],
                     ["A1", "街道", "就业创业、social_medical", "是", "50.5"]])
        parsed = parse(data, "x.csv", PLATFORM.columns, PLATFORM.key)
        assert parsed.problems == []
        assert parsed.rows == [(2, {"code": "A1", "level": "street", "windows": ["employment", "social_medical"],
                                    "sign_installed": True, "area_m2": 50.5})]

    def test_problems_name_the_excel_row_column_value_and_reason(self):
        data = _csv([["code", "service_population", "level"], ["A1", "many", "street"], ["A2", "5", "town"]])
        parsed = parse(data, "x.csv", PLATFORM.columns, PLATFORM.key)
        assert [(p.row, p.column, p.value) for p in parsed.problems] == [
            (2, "service_population", "many"), (3, "level", "town")]
        assert "不是数字" in parsed.problems[0].reason_zh

    def test_duplicate_codes_within_the_file_are_refused(self):
        data = _csv([["code", "name"], ["A1", "x"], ["A2", "y"], ["A1", "z"]])
        parsed = parse(data, "x.csv", PLATFORM.columns, PLATFORM.key)
        assert [(p.row, p.reason_en) for p in parsed.problems] == [(4, "duplicates row 2")]

    def test_a_missing_required_column_is_one_problem_on_the_header(self):
        parsed = parse(_csv([["name"], ["x"]]), "x.csv", PLATFORM.columns, PLATFORM.key)
        assert [(p.row, p.column) for p in parsed.problems] == [(1, "code")]

    def test_huge_and_infinite_numbers_are_problems_not_crashes(self):
        data = _csv([["code", "service_population", "area_m2"], ["A", str(10 ** 40), "inf"], ["B", "1e400", "nan"]])
        parsed = parse(data, "x.csv", PLATFORM.columns, PLATFORM.key)
        assert {(p.row, p.column) for p in parsed.problems} == {
            (2, "service_population"), (2, "area_m2"), (3, "service_population"), (3, "area_m2")}

    def test_encodings_are_detected_and_named(self):
        rows = [["平台编码", "平台名称"], ["A", "南溪街道"]]
        for encoding, name in (("utf-8-sig", "UTF-8 (BOM)"), ("utf-8", "UTF-8"), ("gb18030", "GB18030")):
            parsed = parse(_csv(rows, encoding), "x.csv", PLATFORM.columns, PLATFORM.key)
            assert parsed.encoding == name and parsed.rows == [(2, {"code": "A", "name": "南溪街道"})]
        assert detect(b"\xff\xfe\xfa") is None  # a UTF-16 BOM and half a character

    def test_a_formula_cell_in_an_xlsx_is_refused_with_its_cell(self):
        book = Workbook()
        book.active.append(["code", "service_population"])
        book.active.append(["A", "=1+1"])
        buffer = io.BytesIO()
        book.save(buffer)
        parsed = parse(buffer.getvalue(), "f.xlsx", PLATFORM.columns, PLATFORM.key)
        assert [(p.row, p.column) for p in parsed.problems] == [(2, "B")]


class TestLimits:
    def test_too_many_rows_is_refused_before_any_row_is_read(self):
        data = _csv([["code"], *[[f"A{i}"] for i in range(30)]])
        table = read_table(data, "x.csv", Limits(max_rows=20))
        assert table.rows == [] and "20" in table.problems[0].reason_en

    def test_too_big_a_file_is_refused(self):
        table = read_table(b"x" * 2000, "x.csv", Limits(max_bytes=1000))
        assert table.rows == [] and table.problems[0].row == 0

    def test_an_xlsx_that_unpacks_out_of_proportion_is_refused_before_it_is_inflated(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
        data = buffer.getvalue()
        assert len(data) < 100_000
        parsed = parse(data, "bomb.xlsx", PLATFORM.columns, PLATFORM.key)
        assert parsed.rows == [] and "zip bomb" in parsed.problems[0].reason_en

    @pytest.mark.slow
    def test_a_real_workbook_is_not_taken_for_a_bomb(self):
        table = read_table(xlsx(PLATFORM, [{"code": f"A{i}", "name": "x" * 50} for i in range(3000)]), "r.xlsx")
        assert table.problems == [] and len(table.rows) == 3000


class TestTemplates:
    """A template for every kind; the formula guard itself is tested in tests/logic/test_spreadsheet.py."""

    def test_templates_exist_for_every_kind_with_a_hidden_key_row_and_a_code_sheet(self):
        for kind in KINDS.values():
            book = load_workbook(io.BytesIO(xlsx(kind)))
            sheet = book.worksheets[0]
            assert [c.value for c in sheet[2]] == [c.key for c in kind.columns]
            assert sheet.row_dimensions[2].hidden
            assert str(sheet["A3"].value).startswith("#")  # the example row, skipped on import
            assert book.worksheets[1].title == "代码表"
            assert csv_bytes(kind).startswith(b"\xef\xbb\xbf")


def test_the_kept_label_lookups_answer_as_fresh_ones():
    """Labels are normalised and each column's lookup table built once per process, not per cell: a cached
    answer must be the one a fresh reading gives (1 and True, equal as dict keys, are different cells)."""
    from logic.import_cells import coerce
    from logic.import_kinds import KINDS
    from logic.import_labels import normalise
    assert (normalise(True), normalise(1), normalise(1.5), normalise(" 专 职 ")) == ("true", "1", "1.5", "专职")
    employment = KINDS["people"].column("employment")
    assert [coerce(employment, v)[0] for v in ("专职", "part_time", "兼职", "Full-time")] == \
        ["full_time", "part_time", "part_time", "full_time"]
    assert coerce(employment, "全职")[1] is not None  # an unknown label is still refused
