"""R-PERS-1..4: the lists an officer acts on (宜府办函〔2014〕282号 三、(三)).

"对考核优秀的基层工作人员,予以表彰,对连续两年考核不称职的予以辞退或解除合同。推行持证上岗制度,定期开展技能培训"

Each rule takes tables — people (`id`, `name`, `post`, `platform_code`, `county_code`, …), reviews
(`person_id`, `year`, `grade`), trainings (`person_id`, `trained_on`, `hours_tenths`), as DataFrames or as lists
of records — and returns a DataFrame with one row per flagged person, in the people's order, carrying the figures
that put the person on the list, so the list explains itself. The rules work on whole columns: a province's
100,000 people and half a million reviews are a few vectorised passes, not a Python loop per person.
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

import pandas as pd

INCOMPETENT = "incompetent"
WHO = ("id", "name", "post", "platform_code", "county_code")
PEOPLE_COLUMNS = (*WHO, "certificate_no", "joined_on", "source", "recruitment")
REVIEW_COLUMNS = ("person_id", "year", "grade")
TRAINING_COLUMNS = ("person_id", "trained_on")


def _table(rows, columns) -> pd.DataFrame:
    """`rows` (a DataFrame or records) with at least `columns`, even when empty."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=list(columns))
    missing = [c for c in columns if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame


def _listed(people: pd.DataFrame, mask, **figures) -> pd.DataFrame:
    """The people where `mask` holds, as who they are plus the figures that list them."""
    out = people.loc[mask, list(WHO)].reset_index(drop=True)
    for name, value in figures.items():
        out[name] = value.reset_index(drop=True) if isinstance(value, pd.Series) else value
    return out


def commend(people, reviews, year: int) -> pd.DataFrame:
    """R-PERS-2 考核优秀的…予以表彰: everyone graded 优秀 for `year`."""
    people, reviews = _table(people, PEOPLE_COLUMNS), _table(reviews, REVIEW_COLUMNS)
    excellent = reviews.loc[(reviews["year"] == year) & (reviews["grade"] == "excellent"), "person_id"]
    return _listed(people, people["id"].isin(excellent), year=year, grade="excellent")


def incompetent_run(grades: dict[int, str]) -> tuple[int, int] | None:
    """The two years that make the latest run of 不称职 (see the interpretation above), or None."""
    if not grades:
        return None
    latest = max(grades)
    if grades[latest] == INCOMPETENT and grades.get(latest - 1) == INCOMPETENT:
        return latest - 1, latest
    return None


def _incompetent_runs(reviews: pd.DataFrame, year: int) -> pd.Series:
    """person_id -> the last year of their latest run of 不称职 (incompetent_run, for every person at once)."""
    known = reviews.loc[reviews["year"] <= year, list(REVIEW_COLUMNS)]
    latest = known.loc[known.groupby("person_id")["year"].idxmax()] if len(known) else known
    latest = latest[latest["grade"] == INCOMPETENT]
    year_before = known.assign(year=known["year"] + 1)  # a grade keyed by the year after it
    both = latest.merge(year_before, on=["person_id", "year"], suffixes=("", "_before"))
    both = both[both["grade_before"] == INCOMPETENT]
    return pd.Series(both["year"].to_numpy(), index=both["person_id"].to_numpy(), dtype="int64")


def dismiss_or_terminate(people, reviews, year: int) -> pd.DataFrame:
    """R-PERS-3 连续两年考核不称职的予以辞退或解除合同, judged on reviews up to `year`."""
    people, reviews = _table(people, PEOPLE_COLUMNS), _table(reviews, REVIEW_COLUMNS)
    last = people["id"].map(_incompetent_runs(reviews, year))
    flagged = last.notna()
    last_year = last[flagged].astype("int64")
    return _listed(people, flagged, first_year=last_year - 1, last_year=last_year, grades="不称职、不称职")


def _no_certificate(numbers: pd.Series) -> pd.Series:
    return numbers.fillna("").astype(str).str.strip() == ""


def not_certified(people) -> pd.DataFrame:
    """R-PERS-4 推行持证上岗制度: everyone with no certificate number on record."""
    people = _table(people, PEOPLE_COLUMNS)
    missing = _no_certificate(people["certificate_no"])
    return _listed(people, missing, certificate_no=people.loc[missing, "certificate_no"].fillna(""),
                   joined_on=people.loc[missing, "joined_on"])


def no_training_in(people, trainings, year: int) -> pd.DataFrame:
    """R-PERS-4 定期开展技能培训: everyone with no training dated in `year`; shows their latest training."""
    people, trainings = _table(people, PEOPLE_COLUMNS), _table(trainings, TRAINING_COLUMNS)
    days = pd.to_datetime(trainings["trained_on"])  # as datetime64: years and maxima without a Python loop
    trained = trainings.loc[(days.dt.year == year).to_numpy(), "person_id"]
    before = (days.dt.year < year).to_numpy()
    latest = days[before].groupby(trainings.loc[before, "person_id"].to_numpy()).max()
    untrained = ~people["id"].isin(trained)
    ids = people.loc[untrained, "id"]
    # a date, or nothing for someone never trained before the year (not NaT, which would read as a value)
    last = pd.Series([d.date() if pd.notna(d) else None for d in latest.reindex(ids.to_numpy())], index=ids.index,
                     dtype=object)
    return _listed(people, untrained, year=year, last_trained_on=last, joined_on=people.loc[untrained, "joined_on"])


def not_openly_selected(people) -> pd.DataFrame:
    """R-PERS-1 协理员的聘用应实行公开选聘: assistants recorded as recruited some other way."""
    people = _table(people, PEOPLE_COLUMNS)
    listed = (people["source"] == "assistant") & (people["recruitment"] != "open_selection")
    return _listed(people, listed, source=people.loc[listed, "source"], recruitment=people.loc[listed, "recruitment"])


def training_hours_in(trainings, year: int) -> dict[int, int]:
    """Tenths of an hour trained per person in `year` (exact: integer tenths)."""
    totals: dict[int, int] = defaultdict(int)
    for t in trainings:
        if isinstance(t["trained_on"], date) and t["trained_on"].year == year:
            totals[t["person_id"]] += int(t["hours_tenths"])
    return dict(totals)
