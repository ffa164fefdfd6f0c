"""Bulk import, the pure half: read an uploaded table, map its headers to SPEC's canonical
keys, coerce every cell and classify every row as add / update / unchanged — without ever raising.

The reading is in logic.import_read (with import_xlsx, import_csv), headings in import_labels, cells in
import_cells. Each problem is reported where the officer will look for it — the row number Excel shows, the
column as their file heads it, the value and a reason in words — and nothing here touches the store:
models.importer decides with what the store knows (parents, county rights, existing rows).
"""
from dataclasses import replace
from decimal import Decimal

from logic.import_cells import coerce, unneutralise
from logic.import_labels import header_map
from logic.import_read import COMMENT, read_table
from logic.import_types import Column, Limits, Parsed, Problem, Table, letter, problem, show

__all__ = ["COMMENT", "Column", "Limits", "Parsed", "Problem", "Table", "changes", "classify", "coerce",
           "comparable", "header_map", "parse", "read_table", "unneutralise"]


def parse(data: bytes, filename: str, columns: tuple, key: tuple[str, ...], limits: Limits = Limits(),
          sheet: str = "") -> Parsed:
    """Read, map and coerce a file for one import kind; `key` names the columns that identify a row.

    `sheet` names the sheet to prefer in a workbook (the template's); otherwise the first visible one."""
    try:
        return _parse(read_table(data, filename, limits, sheet), columns, key)
    except Exception:  # noqa: BLE001 — a bug here must still not put a traceback on the screen
        return Parsed(problems=[problem(0, "", filename, "文件无法读取:内容不是可识别的表格",
                                        "the file cannot be read: not a table this screen recognises")])


def _headed(table: Table, problems: list[Problem]) -> list[Problem]:
    """Problems the reader named by column letter, given the heading the officer's file has there."""
    headings = {letter(i): show(h) for i, h in enumerate(table.header) if h is not None and str(h).strip()}
    return [replace(p, header=headings.get(p.column, "")) if p.row > 1 and not p.header else p for p in problems]


def _parse(table: Table, columns: tuple, key: tuple[str, ...]) -> Parsed:
    out = Parsed(encoding=table.encoding, problems=_headed(table, table.problems), notes=list(table.notes))
    if not table.header:
        return out
    found, problems, notes = header_map(table.header, columns)
    out.notes += notes
    out.problems += problems
    out.columns = [c.key for c in found.values()]
    if problems:
        return out
    bad_rows = {p.row for p in out.problems}
    seen: dict[tuple, int] = {}
    for number, cells in table.rows:
        facts, ok = {}, number not in bad_rows
        for index, column in found.items():
            raw = cells[index] if index < len(cells) else None
            value, error = coerce(column, raw, guarded=table.encoding != "xlsx")
            if error:
                out.problems.append(problem(number, column.key, raw, *error, header=show(table.header[index])))
                ok = False
            else:
                facts[column.key] = value
        ok = ok and _unique(out, seen, number, facts, key)
        if ok:
            out.rows.append((number, facts))
    out.problems.sort(key=lambda p: (p.row, p.column))
    return out


def _unique(out: Parsed, seen: dict, number: int, facts: dict, key: tuple) -> bool:
    ident = tuple(facts.get(k) for k in key)
    if not any(v not in (None, "") for v in ident):
        return True
    if ident in seen:
        out.problems.append(problem(number, "/".join(key), "/".join(map(str, ident)),
                                    f"与第 {seen[ident]} 行重复", f"duplicates row {seen[ident]}"))
        return False
    seen[ident] = number
    return True


# --- add, update or leave ---------------------------------------------------------------------------

def comparable(value):
    """Values as a change test sees them: sets in order, numbers as numbers, blanks alike."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(map(str, value)))
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, str):
        return value.strip()
    return value


def changes(row: dict, existing: dict) -> dict:
    """The fields of `row` that differ from `existing` (the stored row), as {field: (stored, file)}."""
    return {k: (existing.get(k), v) for k, v in row.items()
            if k in existing and comparable(v) != comparable(existing.get(k))}


def classify(row: dict, existing: dict | None) -> str:
    if existing is None:
        return "add"
    return "update" if changes(row, existing) else "unchanged"
