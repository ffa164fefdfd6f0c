"""Big tables a page at a time (ui.paging): the page's rows, the count of all, and an export of every row."""
import pytest
from streamlit.testing.v1 import AppTest

from ui.paging import page_of


@pytest.mark.parametrize(("total", "page", "rows", "expected"), [
    (0, 1, 200, slice(0, 0)), (1, 1, 200, slice(0, 1)), (200, 1, 200, slice(0, 200)),
    (201, 2, 200, slice(200, 201)), (401, 3, 200, slice(400, 401)),
    (401, 9, 200, slice(400, 401)),  # past the end: the last page
    (401, 0, 200, slice(0, 200)),  # before the start: the first
])
def test_page_of_gives_the_rows_of_a_page_at_the_edges(total, page, rows, expected):
    assert page_of(total, page, rows) == expected


def _screen(total: int):
    import pandas as pd

    from ui.paging import paged_table
    frame = pd.DataFrame({"n": range(total)})
    worded = []
    part = paged_table(frame, "t", shown=lambda f: worded.append(len(f)) or f.assign(text=f["n"].astype(str)),
                       export_stem="all", rows=10)
    import streamlit as st
    st.session_state["worded"], st.session_state["part"] = worded, list(part["n"])


def test_a_long_table_shows_one_page_says_how_many_and_words_only_that_page():
    at = AppTest.from_function(_screen, args=(25,)).run()
    assert not at.exception
    assert at.session_state["part"] == list(range(10))
    assert at.session_state["worded"] == [10]  # the export words all 25 only when its button is clicked
    assert "共 25 行" in at.caption[0].value
    at.number_input(key="t_page").set_value(3).run()
    assert at.session_state["part"] == [20, 21, 22, 23, 24]
    assert "第 21–25 行" in at.caption[0].value


def test_a_short_table_has_no_page_picker():
    at = AppTest.from_function(_screen, args=(10,)).run()
    assert not at.exception and not at.number_input and not at.caption
    assert at.session_state["part"] == list(range(10))


def test_the_export_of_a_paged_table_holds_every_row_worded(exports):
    made = exports
    assert not AppTest.from_function(_screen, args=(25,)).run().exception
    text = made["all.csv"]().decode("utf-8-sig").splitlines()
    assert text[0].split(",") == ["n", "text"] and len(text) == 26 and text[-1] == "24,24"
