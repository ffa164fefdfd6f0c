"""A ledger table save refused because someone else saved one of its lines first: which lines, which fields,
before -> after, by whom and when. The table keeps the officer's edits (the editor's state is not cleared) and
the next run reads the lines at their new versions, so saving again is the officer's deliberate choice."""
from logic.funding import AMOUNT_NAMES
from models.funding import FundingLine
from ui.i18n import t
from ui.views import funding_data as data
from ui.views.stale_notice import merged_reports, plain_value, stale_report

TYPED = {stored: typed for typed, (stored, _, _) in AMOUNT_NAMES.items()}  # budgeted_fen -> budgeted
SHOWN = ("year", "platform_code", "category", "source", "budgeted", "allocated", "spent", "purpose",
         "purpose_platforms", "allocated_on", "spent_on", "note")
CODED = ("category", "source", "purpose")


def _label_for(line_id: int):
    def label(field: str) -> str | None:
        name = TYPED.get(field, field)
        return f"#{line_id} {t('fd.field.' + name)}" if name in SHOWN else None
    return label


def shown(field: str, value) -> str:
    if field in TYPED and isinstance(value, int):
        return str(data.yuan(value))
    if field in CODED and value:
        return data.label(field, value)
    return plain_value(value)


def report(stale, edited: dict) -> dict:
    """`edited`: line id -> (the version the officer's table had, their changes), as sent to save_lines."""
    return merged_reports([stale_report(stale, entity=FundingLine.__tablename__, key=line_id,
                                        opened_version=version, label=_label_for(line_id), shown=shown)
                           for line_id, (version, _) in edited.items()])


PINNED, REBASE = "fd_l_pinned", "fd_l_rebase"


def editor_table(frame, shown_lines, table_of, editor_state) -> tuple:
    """The table the editor edits and its (line id, version) rows; `shown_lines` names which lines these are
    (county, year, page): other lines are another table.

    Streamlit resets a data editor that can add rows, dropping its edits, whenever its data changes, and any
    user's save changes it. So while the officer has unsaved edits they keep the table they started from (and
    its versions, so a save over someone else's is refused); after such a refusal the lines move to their
    new versions (the message showed what changed), so the next save is the officer's deliberate one."""
    import streamlit as st
    s = st.session_state
    fresh = list(zip(frame["id"].tolist(), frame["version"].tolist(), strict=True))
    pin = s.get(PINNED)
    if pin is None or pin[0] != shown_lines or not pending(editor_state):
        pin = s[PINNED] = (shown_lines, table_of(frame), fresh)
    elif s.pop(REBASE, False):
        now = dict(fresh)
        pin = s[PINNED] = (pin[0], pin[1], [(line_id, now.get(line_id, v)) for line_id, v in pin[2]])
    return pin[1], pin[2]


def refused(stale, edited: dict) -> dict:
    import streamlit as st
    st.session_state[REBASE] = True
    return report(stale, edited)


def forget() -> None:
    """The table the officer started from is dropped (they chose to reload): the next run reads it afresh."""
    import streamlit as st
    st.session_state.pop(PINNED, None)
    st.session_state.pop(REBASE, None)


def pending(state) -> bool:
    """The editor holds edits not yet saved."""
    state = state or {}
    return bool(state.get("edited_rows") or state.get("added_rows") or state.get("deleted_rows"))
