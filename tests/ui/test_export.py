"""Exports: a screen's table downloads with every text cell guarded against formulas and numbers as numbers;
text with control characters still makes a workbook (openpyxl refuses such characters) instead of failing."""
import csv
from io import BytesIO, StringIO

import openpyxl
import pandas as pd

from ui.export import csv_bytes, xlsx_bytes


def _cells(data: bytes) -> list:
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    return [c for row in sheet.iter_rows(min_row=2) for c in row]


def test_a_cell_with_control_characters_still_exports_without_them():
    frame = pd.DataFrame({"name": ["王芳\x00\x07", "李强"], "note": ["ok\x1b", None]})
    assert [c.value for c in _cells(xlsx_bytes(frame))] == ["王芳", "ok", "李强", None]


def test_formula_looking_cells_are_text_with_quote_prefix_in_xlsx_and_an_apostrophe_in_csv():
    frame = pd.DataFrame({"=x": ["=SUM(A1)", "+1", "-2", "@cmd", "\x01=HYPERLINK(1)", "\r=1", "#N/A", "plain"],
                          "n": [-1, 2, 3, 4, 5, 6, 7, 8]})
    cells = _cells(xlsx_bytes(frame))
    text, numbers = cells[0::2], cells[1::2]
    assert [c.value for c in text] == ["=SUM(A1)", "+1", "-2", "@cmd", "=HYPERLINK(1)", "\n=1", "#N/A", "plain"]
    assert all(c.data_type == "s" for c in text)
    assert [c.quotePrefix for c in text] == [True] * 6 + [False, False]
    assert [(c.value, c.data_type) for c in numbers] == [(n, "n") for n in [-1, 2, 3, 4, 5, 6, 7, 8]]
    rows = list(csv.reader(StringIO(csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=x", "n"]
    assert [r[0] for r in rows[1:]] == ["'=SUM(A1)", "'+1", "'-2", "'@cmd", "'=HYPERLINK(1)", "\n'=1", "#N/A", "plain"]
    assert [r[1] for r in rows[1:]] == [str(n) for n in [-1, 2, 3, 4, 5, 6, 7, 8]]
