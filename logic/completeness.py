"""What a county's year still lacks before it is submitted (year-end approval, logic.approval): a share per kind of
entry, with the missing items listed, like DHIS2's reporting rates. Pure: the store reads the facts
(models.completeness) and this counts them.

The kinds, each of a county's `year`:
- platforms whose record was saved in the year, or that the county confirmed for the year as standing unchanged
  (models.approval.confirm_platforms);
- street/township centres with a funding line of the year naming them (R-FUND);
- off-establishment people on the staff in the year with a pay record of the year (R-FUND-3, -4);
- people on the staff at the year's end with an annual review of the year (R-PERS-2);
- people on the staff in the year with a training in the year (R-PERS-4);
- the bureau's own entries: the work-performance score, and the pilot's progress where the county has a pilot.
"""
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from logic.people import on_staff_on

KINDS = ("platforms", "centre_funding", "pay", "reviews", "trainings", "bureau")
KIND_SHORT = {  # for metrics and chart axes, where a long label is cut off
    "platforms": ("平台核实", "Platforms"), "centre_funding": ("中心台账", "Centre ledgers"),
    "pay": ("编制外工资", "Pay"), "reviews": ("年度考核", "Reviews"), "trainings": ("年度培训", "Trainings"),
    "bureau": ("市局得分", "Bureau scores"),
}
KIND_LABELS = {
    "platforms": ("平台信息已核实或年内已更新", "Platforms confirmed for the year or updated in it"),
    "centre_funding": ("街道、乡(镇)中心有当年经费台账", "Street/township centres with a ledger line"),
    "pay": ("编制外人员有当年工资记录", "Off-establishment people with the year's pay"),
    "reviews": ("在岗人员有年度考核", "People on the staff with the year's review"),
    "trainings": ("在岗人员当年参加培训", "People on the staff trained in the year"),
    "bureau": ("市局录入的考核得分", "The bureau's own scores"),
}


@dataclass(frozen=True)
class Share:
    kind: str
    done: int
    total: int
    missing: tuple[tuple[str, str, str | None], ...] = field(default=())  # (key, name, street/township code)

    @property
    def share(self) -> float | None:
        return None if self.total == 0 else self.done / self.total


def shares(facts: dict, year: int) -> list[Share]:
    """`facts` as models.completeness.year_facts reads them for one county."""
    return [_platforms(facts), _centres(facts), _pay(facts, year), _reviews(facts, year), _trainings(facts, year),
            _bureau(facts)]


def by_township(facts: dict, year: int) -> pd.DataFrame:
    """Per street/township of the county: the done/total of each kind that belongs to one (the bureau's scores do
    not)."""
    rows = []
    for share in shares(facts, year)[:-1]:
        towns = facts["townships"]
        keys_missing = {key for key, _, _ in share.missing}
        for town_code, town_name in towns.items():
            members = _members(facts, share.kind, town_code, year)
            if members:
                done = sum(1 for key in members if key not in keys_missing)
                rows.append({"township": town_code, "township_name": town_name, "kind": share.kind,
                             "done": done, "total": len(members)})
    return pd.DataFrame(rows, columns=["township", "township_name", "kind", "done", "total"])


def _members(facts: dict, kind: str, town: str, year: int) -> list[str]:
    if kind == "platforms":
        return [c for c, t in zip(facts["platforms"]["code"], facts["platforms"]["township"], strict=True) if t == town]
    if kind == "centre_funding":
        return [town] if town in set(facts["centres"]) else []
    people = _in_scope(facts, kind, year)
    return [str(i) for i, t in zip(people["id"], people["township"], strict=True) if t == town]


def _platforms(facts: dict) -> Share:
    frame, saved = facts["platforms"], set(facts["saved_platforms"])
    missing = [(c, n, t) for c, n, t in zip(frame["code"], frame["name"], frame["township"], strict=True)
               if c not in saved]
    return Share("platforms", len(frame) - len(missing), len(frame), tuple(missing))


def _centres(facts: dict) -> Share:
    funded = set(facts["funded_platforms"])
    missing = [(c, n, c) for c, n in facts["centres"].items() if c not in funded]
    return Share("centre_funding", len(facts["centres"]) - len(missing), len(facts["centres"]), tuple(missing))


def _in_scope(facts: dict, kind: str, year: int) -> pd.DataFrame:
    """The people a kind counts: on the staff at some time in the year (pay: off establishment only); on the staff
    at its end for the review."""
    people = facts["people"]
    first, last = date(year, 1, 1), date(year, 12, 31)
    if kind == "reviews":
        mask = [on_staff_on(j, left, last) for j, left in zip(people["joined_on"], people["left_on"], strict=True)]
    else:
        mask = [(j is None or j <= last) and (left is None or left > first)
                for j, left in zip(people["joined_on"], people["left_on"], strict=True)]
    chosen = people[pd.Series(mask, index=people.index, dtype=bool)] if len(people) else people
    return chosen[chosen["establishment"] == "off"] if kind == "pay" else chosen


def _people_share(facts: dict, kind: str, year: int, have: set) -> Share:
    people = _in_scope(facts, kind, year)
    missing = [(str(i), n, t) for i, n, t in zip(people["id"], people["name"], people["township"], strict=True)
               if i not in have]
    return Share(kind, len(people) - len(missing), len(people), tuple(missing))


def _pay(facts: dict, year: int) -> Share:
    return _people_share(facts, "pay", year, set(facts["paid"]))


def _reviews(facts: dict, year: int) -> Share:
    return _people_share(facts, "reviews", year, set(facts["reviewed"]))


def _trainings(facts: dict, year: int) -> Share:
    return _people_share(facts, "trainings", year, set(facts["trained"]))


def _bureau(facts: dict) -> Share:
    wanted = ["performance", *(["pilot_progress"] if facts["has_pilot"] else [])]
    missing = [(i, i, None) for i in wanted if i not in set(facts["scores"])]
    return Share("bureau", len(wanted) - len(missing), len(wanted), tuple(missing))


def overall(found: list[Share]) -> float | None:
    """All kinds together: entries present over entries expected."""
    total = sum(s.total for s in found)
    return None if total == 0 else sum(s.done for s in found) / total


def late(entries: list[tuple[str, object]], deadline: date | None) -> int:
    """How many of the year's entries ([(entity, day entered)]) came after the deadline (none set: none late)."""
    if deadline is None:
        return 0
    return sum(1 for _, day in entries if day is not None and day > deadline)
