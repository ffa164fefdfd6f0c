"""Query results straight into DataFrames, for the read model's wide tables.

A result's rows are turned into columns first (one transposition in C), then the frame is built from the
columns: pandas building a 60,000-row frame from row objects asks each whether it is a named tuple, three times
slower than the query itself.
"""
from collections.abc import Callable

import pandas as pd
from sqlmodel import Session


def frame_of(session: Session, query, columns, convert: dict[str, Callable] | None = None) -> pd.DataFrame:
    """The rows of a Core `query` (values, no ORM objects) as a frame with these column names; `convert` turns a
    column's values (a tuple) into what the frame holds (a whole column at a time)."""
    rows = session.connection().execute(query).all()
    if not rows:
        return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns}, columns=list(columns))
    convert = convert or {}
    values = zip(*rows, strict=True)
    return pd.DataFrame({name: convert.get(name, list)(column) for name, column in zip(columns, values, strict=True)},
                        columns=list(columns))
