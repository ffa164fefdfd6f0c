"""Cells bound for a spreadsheet: a text starting with = + - @, a tab or a carriage return would be
run as a formula by Excel (CSV/formula injection), so it gets a leading apostrophe.

A text that already starts with an apostrophe before one of those gets one more, so the guard is an
escape the importer can undo exactly (logic.import_rows.unneutralise): export -> import changes nothing."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value
