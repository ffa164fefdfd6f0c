"""Numbers typed as text: what an officer means by "1,234", "５０" or "60,5".

A comma is a thousands separator only where every group after it has exactly three digits ("1,234",
"12,345.5"). Anything else ("60,5", "1,23,4") is ambiguous — a decimal comma in one habit, a slip in another —
and a wrong guess silently stores 605 for 60.5, so it is refused with the reason rather than read either way.
"""
import re
import unicodedata
from decimal import Decimal, InvalidOperation

GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


def read_number(text: str) -> tuple[Decimal | None, tuple[str, str] | None]:
    """The exact number a cell's text means, or the reason (zh, en) it is not one. Never raises."""
    plain = SPACES.sub("", unicodedata.normalize("NFKC", str(text)))  # full-width digits and commas too
    if "," in plain:
        if not GROUPED.fullmatch(plain):
            return None, (f"“{_cut(text)}”中的逗号无法判断是千位分隔符还是小数点,请写成 60.5 或 605 这样的数字",
                          f"{_cut(text)!r}: the comma could be a thousands separator or a decimal point; "
                          "write it like 60.5 or 605")
        plain = plain.replace(",", "")
    try:
        number = Decimal(plain)
    except InvalidOperation:
        return None, (f"“{_cut(text)}”不是数字", f"{_cut(text)!r} is not a number")
    if not number.is_finite():
        return None, (f"“{_cut(text)}”不是数字", f"{_cut(text)!r} is not a number")
    return number, None


def _cut(text) -> str:
    text = str(text)
    return text if len(text) <= 60 else text[:57] + "…"
