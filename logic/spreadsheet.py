"""Cells bound for a spreadsheet: a text starting with = + - @, a tab or a carriage return would be
run as a formula by Excel (CSV/formula injection), so it gets a leading apostrophe."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
