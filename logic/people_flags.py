"""R-PERS-1..4: the lists an officer acts on (宜府办函〔2014〕282号 三、(三)).

"对考核优秀的基层工作人员,予以表彰,对连续两年考核不称职的予以辞退或解除合同。推行持证上岗制度,定期开展技能培训"

Each rule takes plain records — people (`id`, `name`, `post`, `platform_code`, `county_code`, …), reviews
(`person_id`, `year`, `grade`), trainings (`person_id`, `trained_on`, `hours_tenths`) — and returns one row per
flagged person carrying the figures that put the person on the list, so the list explains itself.
Who counts (people still on the staff, a county) is the caller's choice.

**Interpretation of R-PERS-3** (连续两年考核不称职): a person is flagged when their *latest* review up to the
year asked about and the review of the year just before it are both 不称职. "连续" means consecutive
calendar years, so a year with no review between two 不称职 grades breaks the run, as does any other grade.
Only the latest run counts: someone graded 不称职 in 2023 and 2024 but 称职 in 2025 is not flagged in 2026,
because the later grade shows the case was dealt with; someone whose latest two grades (say 2024, 2025)
are 不称职 stays flagged until a newer grade is entered, so a missing current-year review does not hide them.
"""
from collections import defaultdict
from datetime import date

INCOMPETENT = "incompetent"
WHO = ("id", "name", "post", "platform_code", "county_code")


def _who(person: dict) -> dict:
    return {k: person.get(k) for k in WHO}


def _by_person(records, key: str) -> dict:
    out = defaultdict(list)
    for r in records:
        out[r["person_id"]].append(r[key])
    return out


def commend(people, reviews, year: int) -> list[dict]:
    """R-PERS-2 考核优秀的…予以表彰: everyone graded 优秀 for `year`."""
    excellent = {r["person_id"] for r in reviews if r["year"] == year and r["grade"] == "excellent"}
    return [{**_who(p), "year": year, "grade": "excellent"} for p in people if p["id"] in excellent]


def incompetent_run(grades: dict[int, str]) -> tuple[int, int] | None:
    """The two years that make the latest run of 不称职 (see the interpretation above), or None."""
    if not grades:
        return None
    latest = max(grades)
    if grades[latest] == INCOMPETENT and grades.get(latest - 1) == INCOMPETENT:
        return latest - 1, latest
    return None


def dismiss_or_terminate(people, reviews, year: int) -> list[dict]:
    """R-PERS-3 连续两年考核不称职的予以辞退或解除合同, judged on reviews up to `year`."""
    grades = defaultdict(dict)
    for r in reviews:
        if r["year"] <= year:
            grades[r["person_id"]][r["year"]] = r["grade"]
    rows = []
    for p in people:
        run = incompetent_run(grades.get(p["id"], {}))
        if run:
            rows.append({**_who(p), "first_year": run[0], "last_year": run[1], "grades": "不称职、不称职"})
    return rows


def not_certified(people) -> list[dict]:
    """R-PERS-4 推行持证上岗制度: everyone with no certificate number on record."""
    return [{**_who(p), "certificate_no": p.get("certificate_no") or "", "joined_on": p.get("joined_on")}
            for p in people if not (p.get("certificate_no") or "").strip()]


def no_training_in(people, trainings, year: int) -> list[dict]:
    """R-PERS-4 定期开展技能培训: everyone with no training dated in `year`; shows their latest training."""
    dates = _by_person(trainings, "trained_on")
    rows = []
    for p in people:
        mine = dates.get(p["id"], [])
        if any(d.year == year for d in mine):
            continue
        before = [d for d in mine if d.year < year]
        rows.append({**_who(p), "year": year, "last_trained_on": max(before) if before else None,
                     "joined_on": p.get("joined_on")})
    return rows


def not_openly_selected(people) -> list[dict]:
    """R-PERS-1 协理员的聘用应实行公开选聘: assistants recorded as recruited some other way."""
    return [{**_who(p), "source": p["source"], "recruitment": p["recruitment"]}
            for p in people if p.get("source") == "assistant" and p.get("recruitment") != "open_selection"]


def training_hours_in(trainings, year: int) -> dict[int, int]:
    """Tenths of an hour trained per person in `year` (exact: integer tenths)."""
    totals: dict[int, int] = defaultdict(int)
    for t in trainings:
        if isinstance(t["trained_on"], date) and t["trained_on"].year == year:
            totals[t["person_id"]] += int(t["hours_tenths"])
    return dict(totals)
