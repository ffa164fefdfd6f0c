"""Every file of the upload corpus (tests/data/imports/corpus.py) is imported correctly or refused with the row,
the column and the reason in words; no file makes the reader allocate out of proportion to its size."""
import io
import re
import resource
import tracemalloc
import zipfile

import pytest

from logic.import_kinds import PEOPLE, PLATFORM
from logic.import_rows import Limits, parse, read_table
from tests.data.imports import corpus as C

SAVES = C.saves()
TECHNICAL = re.compile(r"[A-Z][a-z]+Error|BadZip|KeyError|ParseError|Exception|Traceback|None")


def _parse(data: bytes, name: str, kind=PLATFORM, limits: Limits = Limits()):
    return parse(data, name, kind.columns, kind.key, limits, sheet=kind.zh)


def _refused(parsed, row=None, column=None, words=""):
    """The file is refused: no row read, and the one problem says where and why in Chinese words."""
    assert parsed.rows == [] and parsed.problems, parsed
    first = parsed.problems[0]
    assert not TECHNICAL.search(first.reason_zh), first.reason_zh
    assert re.search(r"[\u4e00-\u9fff]", first.reason_zh)
    if row is not None:
        assert first.row == row, first
    if column is not None:
        assert column in (first.column, first.header), first
    assert words in first.reason_zh, first.reason_zh
    return first


class TestRealSaves:
    """A table saved by Excel, WPS or LibreOffice, in every encoding they offer, imports to the same rows."""

    @pytest.mark.parametrize("name", sorted(SAVES))
    def test_each_save_imports_every_row_with_its_area(self, name):
        data, filename = SAVES[name]
        parsed = _parse(data, filename)
        assert parsed.problems == []
        assert {facts["code"]: facts["area_m2"] for _, facts in parsed.rows} == C.EXPECTED
        assert [n for n, _ in parsed.rows] == [2, 3, 4]

    def test_the_chinese_code_page_really_loses_the_superscript(self):
        data, _ = SAVES["excel_csv_gbk_chinese_windows"]
        assert "专有场所面积(m?)".encode("gbk") in data  # the column is still found

    @pytest.mark.parametrize("heading", ["专有场所面积(m²)", "专有场所面积（m²）", "专有场所面积(m?)", "专有场所面积(m2)",
                                         "专有场所面积(㎡)", " 专有场所面积 (平方米) ", "area_m2", "Dedicated area (m2)"])
    def test_a_heading_as_a_code_page_or_a_hand_writes_it_names_the_area(self, heading):
        parsed = _parse(C.text_file([["平台编码", heading], ["S1", "55"]], encoding="utf-8"), "p.csv")
        assert parsed.rows == [(2, {"code": "S1", "area_m2": 55.0})] and parsed.notes == []

    def test_an_unknown_heading_is_reported_by_its_name(self):
        parsed = _parse(C.text_file([["平台编码", "联系电话"], ["S1", "123"]], encoding="utf-8"), "p.csv")
        assert parsed.problems == [] and any("联系电话" in zh for zh, _ in parsed.notes)

    def test_a_hidden_sheet_is_never_read(self):
        parsed = _parse(*SAVES["xlsx_with_very_hidden_sheet"])
        assert "EVIL" not in {facts["code"] for _, facts in parsed.rows}
        assert any("隐藏" in zh for zh, _ in parsed.notes)

    def test_the_sheet_with_the_templates_name_is_preferred_to_the_first(self):
        data = C.workbook([("说明", [["平台编码"], ["NOTE"]], "visible"), ("平台", [["平台编码"], ["S9"]], "visible")])
        assert [f["code"] for _, f in _parse(data, "p.xlsx").rows] == ["S9"]
        other = parse(data, "p.xlsx", PLATFORM.columns, PLATFORM.key)  # no name given: the first visible sheet
        assert [f["code"] for _, f in other.rows] == ["NOTE"] and any("说明" in zh for zh, _ in other.notes)

    def test_a_date_cell_is_read_as_its_day_in_both_date_systems(self):
        header = ["人员编号(新增留空)", "姓名", "到岗日期"]
        for date1904, serial in ((False, 45352), (True, 43890)):
            data = C.workbook([("人员", [header, [None, "张三", ("date", serial)]], "visible")], date1904=date1904)
            parsed = _parse(data, "p.xlsx", PEOPLE)
            assert parsed.problems == [] and str(parsed.rows[0][1]["joined_on"]) == "2024-03-01"


class TestSeparatorLine:
    """Excel for a semicolon locale reads (and some tools write) a first line "sep=;": the separator to use, not
    a row. The saves above with "sep_line" in their name import the same rows, numbered as Excel shows them."""

    def test_the_declared_separator_wins_over_the_one_the_header_uses_most(self):
        data = C.text_file([["平台编码", "备注,说明,其他"], ["S1", "x"]], encoding="utf-8", delimiter=";", sep=";")
        table = read_table(data, "p.csv")
        assert table.header == ["平台编码", "备注,说明,其他"] and table.rows == [(2, ["S1", "x"])]
        undeclared = read_table(data.split(b"\r\n", 1)[1], "p.csv")  # without the line: commas counted
        assert undeclared.header == ["平台编码;备注", "说明", "其他"]

    def test_a_sep_line_after_the_first_is_an_ordinary_row(self):
        data = C.text_file([["平台编码"], ["sep=;"], ["S1"]], encoding="utf-8")
        assert read_table(data, "p.csv").rows == [(2, ["sep=;"]), (3, ["S1"])]

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
    @pytest.mark.parametrize("line, words", [("sep=|", "“|”无法识别"), ("sep=", "没有写明分隔符"),
                                             ("sep= ;", "无法识别"), ("sep=\\t", "“\\t”无法识别")])
    def test_an_unknown_separator_refuses_the_file_naming_the_line(self, encoding, line, words):
        data = (line + "\r\n" + "平台编码;平台名称\r\nS1;一街道\r\n").encode(encoding)
        first = _refused(_parse(data, "p.csv"), row=1, words=words)
        assert first.reason_zh.startswith("第 1 行") and "未导入" in first.reason_zh


class TestBlankRowsAndLimits:
    """Item 2: rows after a blank block are read; the limit counts data rows and is named when passed."""

    def test_rows_after_a_blank_block_are_all_read_and_the_blanks_counted(self):
        rows = [(1, ["平台编码"]), *[(n, [f"A{n}"]) for n in range(2, 12)],
                *[(n, [None, ""]) for n in range(12, 20_012)], *[(n, [f"B{n}"]) for n in range(20_012, 20_017)]]
        parsed = _parse(C.workbook([("平台", rows, "visible")]), "p.xlsx")
        assert len(parsed.rows) == 15 and parsed.problems == []
        assert any("20,000 个空行" in zh for zh, _ in parsed.notes)

    def test_blank_lines_in_a_csv_do_not_end_it(self):
        data = C.text_file([["平台编码"], ["A"], [], ["", ""], [], ["B"]], encoding="utf-8")
        assert [n for n, _ in _parse(data, "p.csv").rows] == [2, 6]

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_one_row_past_the_limit_refuses_the_file_naming_the_limit(self, fmt):
        rows = [["平台编码"], *[[f"A{i}"] for i in range(21)]]
        data = C.workbook([("平台", rows, "visible")]) if fmt == "xlsx" else C.text_file(rows, encoding="utf-8")
        _refused(_parse(data, f"p.{fmt}", limits=Limits(max_rows=20)), row=0, words="20 行上限")
        assert len(_parse(data, f"p.{fmt}", limits=Limits(max_rows=21)).rows) == 21

    def test_a_value_past_the_column_cap_is_refused_with_its_cell(self):
        sheet = C.sheet_xml([["平台编码"], ["A1"]]).replace("</row></sheetData>",
                                                          '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
        _refused(_parse(C.workbook([("平台", sheet, "visible")], shared=False), "p.xlsx"), row=2, column="XFD",
                 words="XFD 列")

    def test_a_csv_row_wider_than_the_cap_is_refused_with_its_row(self):
        data = C.text_file([["平台编码"], ["A", *["x"] * 300]], encoding="utf-8")
        _refused(_parse(data, "p.csv"), row=2, words="301 列")


class TestRefusedInWords:
    """Item 6: a broken file is refused with what is wrong, never an exception's name."""

    def test_a_truncated_workbook(self):
        data, _ = SAVES["excel_xlsx_shared_strings"]
        _refused(_parse(data[: len(data) // 2], "p.xlsx"), row=0, words="Excel 工作簿")

    def test_a_damaged_member_is_refused_as_damaged(self):
        data = bytearray(SAVES["excel_xlsx_shared_strings"][0])
        with zipfile.ZipFile(__import__("io").BytesIO(bytes(data))) as archive:
            info = archive.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
        data[start:start + 20] = bytes(20)  # the deflated sheet overwritten: its CRC can no longer match
        _refused(_parse(bytes(data), "p.xlsx"), row=0, words="损坏")

    @pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(200), "平台编码\nA".encode(), b"%PDF-1.4 x"])
    def test_another_file_renamed_xlsx(self, data):
        _refused(_parse(data, "p.xlsx"), row=0, words="不是有效的 Excel 工作簿")

    def test_a_word_document_renamed_xlsx(self):
        _refused(_parse(C.zipped({"word/document.xml": "<w/>"}), "p.xlsx"), row=0, words="不是 Excel 工作簿")

    def test_an_encrypted_zip_member_asks_for_the_password_to_be_removed(self):
        data = bytearray(SAVES["excel_xlsx_shared_strings"][0])
        for offset in range(len(data) - 8):  # set the "encrypted" flag on every entry, local and central
            if data[offset:offset + 4] in (b"PK\x03\x04", b"PK\x01\x02"):
                flags = offset + (6 if data[offset + 2] == 3 else 8)
                data[flags] |= 1
        _refused(_parse(bytes(data), "p.xlsx"), row=0, words="密码")

    def test_an_old_xls_or_a_password_protected_workbook(self):
        _refused(_parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "p.xlsx"), row=0, words=".xls")

    def test_malformed_sheet_xml(self):
        data = C.workbook([("平台", "<worksheet><sheetData><row><c>", "visible")])
        _refused(_parse(data, "p.xlsx"), row=0, words="损坏")

    @pytest.mark.parametrize("encode", [
        lambda x: x.encode("utf-8"), lambda x: x.encode("utf-16"), lambda x: x.encode("utf-16-le"),
        lambda x: b"\xfe\xff" + x.encode("utf-16-be"), lambda x: x.replace("?>", "?>" + " " * 70_000).encode(),
        lambda x: x.replace("?>", "?><!--" + "x" * 70_000 + "-->").encode()],
        ids=["utf8", "utf16_bom", "utf16_le_no_bom", "utf16_be_bom", "after_70k_of_blanks", "after_a_long_comment"])
    @pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
    def test_a_billion_laughs_doctype_is_refused_in_any_part_and_encoding(self, encode, part):
        """ECMA-376 part 2 allows UTF-16 parts, and the prolog may be long: the check reads it as the parser does."""
        encoding = "UTF-8" if encode("a") == b"a" else "UTF-16"
        laughs = (f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                  + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
                  + f']><worksheet xmlns="{C.MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t>'
                  "</is></c></row></sheetData></worksheet>")
        data = C.workbook([("平台", [["平台编码"], ["S1"]], "visible")], extra={part: encode(laughs)})
        _refused(_parse(data, "p.xlsx"), row=0, words="DOCTYPE")

    def test_a_workbook_whose_parts_are_utf16_still_reads(self):
        data = C.workbook([("平台", [["平台编码", "专有场所面积(m²)"], ["S1", 60.5]], "visible")])
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {n: archive.read(n).decode() for n in archive.namelist()}
        utf16 = {n: (t.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16") if n.endswith(".xml")
                     and n != "[Content_Types].xml" else t) for n, t in parts.items()}
        assert utf16["xl/worksheets/sheet1.xml"].startswith(b"\xff\xfe")
        assert _parse(C.zipped(utf16), "p.xlsx").rows == [(2, {"code": "S1", "area_m2": 60.5})]

    @pytest.mark.parametrize("declared", ["ISO-8859-1", "US-ASCII", "GB2312"])
    def test_a_part_in_an_encoding_the_standard_does_not_allow_is_refused(self, declared):
        sheet = C.sheet_xml([["平台编码"], ["S1"]]).replace('encoding="UTF-8"', f'encoding="{declared}"')
        data = C.workbook([("平台", sheet.replace("平台编码", "code"), "visible")], shared=False)
        _refused(_parse(data, "p.xlsx"), row=0, words="UTF-16")

    def test_a_utf32_part_is_refused_as_damaged(self):
        sheet = C.sheet_xml([["平台编码"], ["S1"]]).replace('encoding="UTF-8"', 'encoding="UTF-32"')
        _refused(_parse(C.workbook([("平台", sheet.encode("utf-32"), "visible")]), "p.xlsx"), row=0, words="损坏")

    def test_an_error_cell_is_refused_with_its_cell(self):
        data = C.workbook([("平台", [["平台编码", "服务对象人数"], ["A", ("e", "#N/A")]], "visible")])
        _refused(_parse(data, "p.xlsx"), row=2, column="B", words="B2")

    def test_a_formula_cell_is_a_problem_on_its_row_under_its_heading(self):
        data = C.workbook([("平台", [["平台编码", "服务对象人数"], ["A", ("f", "SUM(1,2)")], ["B", 5]], "visible")])
        parsed = _parse(data, "p.xlsx")
        assert [(p.row, p.column, p.header) for p in parsed.problems] == [(2, "B", "服务对象人数")]
        assert [f["code"] for _, f in parsed.rows] == ["B"]

    def test_binary_content_named_csv(self):
        _refused(_parse(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "p.csv"), words="二进制")

    def test_an_unknown_encoding(self):
        _refused(_parse(b"\x80\xff" * 50, "p.csv"), row=0, words="编码")

    def test_an_empty_file_and_one_over_the_size_cap(self):
        _refused(_parse(b"", "p.csv"), row=0, words="没有文件内容")
        _refused(_parse(b"x" * 2000, "p.csv", limits=Limits(max_bytes=1000)), row=0, words="MB 上限")

    def test_a_cell_too_long_for_a_csv_reader(self):
        _refused(_parse(b"code\n\"" + b"x" * 200_000 + b"\"\n", "p.csv"), row=2, words="过长")


class TestNumbersAndCodes:
    """Item 14: "60,5" is not 605; an 18-digit code typed as a number is not stored rounded."""

    @pytest.mark.parametrize("text, area", [("1,234", 1234.0), ("12,345.5", 12345.5), ("６０.５", 60.5), ("60.5", 60.5)])
    def test_grouped_thousands_and_full_width_digits_are_read(self, text, area):
        parsed = _parse(C.text_file([["平台编码", "专有场所面积(m²)"], ["S1", text]], encoding="utf-8"), "p.csv")
        assert parsed.rows == [(2, {"code": "S1", "area_m2": area})]

    @pytest.mark.parametrize("text", ["60,5", "1,23,4", "1,2345"])
    def test_an_ambiguous_comma_is_refused_with_the_reason(self, text):
        parsed = _parse(C.text_file([["平台编码", "专有场所面积(m²)"], ["S1", text]], encoding="utf-8"), "p.csv")
        (problem,) = parsed.problems
        assert (problem.row, problem.column, problem.header) == (2, "area_m2", "专有场所面积(m²)")
        assert "逗号" in problem.reason_zh and parsed.rows == []

    def test_an_18_digit_code_typed_as_a_number_is_refused_not_rounded(self):
        data = C.workbook([("平台", [["平台编码"], [("raw", "1.23456789012345E+17")], ["511502001"]], "visible")])
        parsed = _parse(data, "p.xlsx")
        assert [(p.row, p.column) for p in parsed.problems] == [(2, "code")]
        assert "文本" in parsed.problems[0].reason_zh and [f["code"] for _, f in parsed.rows] == ["511502001"]

    def test_a_code_excel_wrote_in_scientific_notation_to_a_csv_is_refused(self):
        parsed = _parse(C.text_file([["平台编码"], ["1.23457E+17"]], encoding="utf-8"), "p.csv")
        assert [(p.row, p.column) for p in parsed.problems] == [(2, "code")]

    def test_free_text_that_reads_like_scientific_notation_is_kept_as_typed(self):
        """Only codes and numbers kept as text are what Excel rewrites as 1.23E+17: the words on a sign may be "0E0"
        (hypothesis found a sign's text refused where the platform form stores it)."""
        parsed = _parse(C.text_file([["平台编码", "牌子文字"], ["511502-P0", "0E0"]], encoding="utf-8"), "p.csv")
        assert parsed.problems == [] and [f["sign_text"] for _, f in parsed.rows] == ["0E0"]

    def test_a_code_kept_as_text_keeps_all_its_digits(self):
        data = C.workbook([("平台", [["平台编码"], ["123456789012345678"], [511502001]], "visible")])
        assert [f["code"] for _, f in _parse(data, "p.xlsx").rows] == ["123456789012345678", "511502001"]


def _measured(read) -> tuple[int, float]:
    """Peak bytes the reader allocated and the CPU seconds it used (not wall time: the machine is shared)."""
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    tracemalloc.start()
    try:
        read()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return peak, (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)


def _bomb() -> bytes:
    return C.zipped({"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"0" * 60_000_000})


def _empty_rows() -> bytes:
    """A sheet of 200,000 row elements (compressed small): the reader walks it without keeping them."""
    rows = "".join(f'<row r="{n}"/>' for n in range(2, 200_000))
    sheet = (f'<worksheet xmlns="{C.MAIN}"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" '
             f't="inlineStr"><is><t>平台编码</t></is></c></row>{rows}<row r="200000"><c r="A200000" '
             f't="inlineStr"><is><t>Z</t></is></c></row></sheetData></worksheet>')
    return C.workbook([("平台", sheet, "visible")])


class TestBoundedWork:
    """Item 5: no file makes the reader grow past ~20x its size + 300 MB, or work unboundedly."""

    @pytest.mark.parametrize("make, name", [
        (lambda: SAVES["xlsx_forged_dimension"][0], "p.xlsx"), (_bomb, "b.xlsx"), (_empty_rows, "e.xlsx")])
    @pytest.mark.slow
    def test_hostile_workbooks_stay_small(self, make, name):
        data = make()
        limits = Limits(max_ratio=10_000)  # let the 200,000-row sheet past the ratio check: it must still be cheap
        peak, cpu = _measured(lambda: read_table(data, name, limits))
        assert peak < 20 * len(data) + 300 * 2 ** 20
        assert peak < 40 * 2 ** 20, peak  # far below: rows are forgotten once read, the dimension is ignored
        assert cpu < 120

    @pytest.mark.parametrize("name", sorted(SAVES))
    def test_every_save_in_the_corpus_stays_within_the_bound(self, name):
        data, filename = SAVES[name]
        peak, _ = _measured(lambda: _parse(data, filename))
        assert peak < 20 * len(data) + 300 * 2 ** 20

    @pytest.mark.slow
    def test_the_empty_rows_end_in_the_one_data_row(self):
        table = read_table(_empty_rows(), "e.xlsx", Limits(max_ratio=10_000))
        assert table.rows == [(200_000, ["Z"])] and table.blank_rows == 199_998

    def test_a_20_mb_csv_past_the_row_limit_is_never_held_whole(self):
        line = "A{},某某街道就业和社会保障服务中心,街道,511502,60.5,25000\r\n"
        data = ("\ufeff" + ",".join(C.HEADER) + "\r\n" + "".join(line.format(i) for i in range(280_000))).encode()
        assert len(data) > 20 * 2 ** 20
        limits = Limits(max_bytes=21 * 2 ** 20)
        peak, cpu = _measured(lambda: read_table(data, "big.csv", limits))
        assert read_table(data, "big.csv", limits).problems[0].row == 0  # refused at the limit
        assert peak < len(data) // 2, peak  # the decoded text alone would be ~2x the bytes
        assert cpu < 120
