"""Exports (issue 7): formula-looking cells are neutralised, and text with control characters still makes a
workbook (openpyxl refuses such characters) instead of failing the download."""
from io import BytesIO

import openpyxl
import pandas as pd

from ui.export import csv_bytes, xlsx_bytes


def _cells(data: bytes) -> list:
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    return [c.value for row in sheet.iter_rows(min_row=2) for c in row]


def test_a_cell_with_control_characters_still_exports_without_them():
    frame = pd.DataFrame({"name": ["王芳\x00\x07", "李强"], "note": ["ok\x1b", None]})
    assert _cells(xlsx_bytes(frame)) == ["王芳", "ok", "李强", None]


def test_formula_looking_cells_are_neutralised_in_both_formats():
    frame = pd.DataFrame({"x": ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx", "plain"]})
    cells = _cells(xlsx_bytes(frame))
    assert cells[:5] + cells[6:] == ["'=SUM(A1)", "'+1", "'-2", "'@cmd", "'\tx", "plain"]
    assert cells[5].startswith("'")  # xlsx itself turns the carriage return into a line feed
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=SUM(A1)" in text and "\n=SUM" not in text
