"""The importer against the floor of what any import must do: read the file, insert the rows, insert one audit
row each. 5,000 rows of each kind: demo platforms (centres before the stations that name them), and new people
and new funding lines on those platforms. Each run goes into a store made beforehand, outside the timings
(empty for platforms; holding the platforms, put in by a bare insert, for people and funding), on SQLite and,
with GSP_BENCH_PG set to a PostgreSQL URL whose database may be emptied, on PostgreSQL too.
"""
import os
import tempfile
from datetime import date

from bench.timing import best_of

N = 5_000


def _rows(n: int) -> list[dict]:
    from models.demo import demo_facts
    kept, codes = [], set()
    for row in demo_facts(scale=5.0):
        if not row.get("parent_code") or row["parent_code"] in codes:
            kept.append(row)
            codes.add(row["code"])
        if len(kept) == n:
            break
    return kept


# the roster mixes of models.demo_people, as a file states them (a person new to the roster: no id)
MIXES = (("assistant", "off", "full_time", "open_selection", "协理员"), ("reassigned", "in", "full_time", "other", "经办员"),
         ("public_welfare", "off", "part_time", "other", "公益性岗位"), ("village_cadre", "off", "part_time", "other", "村干部"))


def _people(platforms: list[dict], n: int) -> list[dict]:
    """`n` new people, a few to each platform, as the people template has them (every one passes the rules)."""
    from models.demo_people import GIVEN, SURNAMES
    out = []
    for i in range(n):
        source, establishment, employment, recruitment, post = MIXES[i % len(MIXES)]
        certified = i % 3 != 0
        out.append(dict(id=None, platform_code=platforms[i % len(platforms)]["code"],
                        name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)], post=post, source=source,
                        establishment=establishment, employment=employment, recruitment=recruitment,
                        certificate_no=f"川人社协证{2015 + i % 10}{i:05d}" if certified else None,
                        certificate_date=date(2015 + i % 10, 1 + i % 12, 1) if certified else None,
                        monthly_income=f"{2000 + i % 1500}.{i % 100:02d}", joined_on=date(2014 + i % 12, 1 + i % 12, 1)))
    return out


def _lines(platforms: list[dict], n: int) -> list[dict]:
    """`n` new funding lines, each for one platform of its county, as the funding template has them."""
    categories = ("work_funds", "construction", "personnel")
    out = []
    for i in range(n):
        platform, year = platforms[i % len(platforms)], 2015 + i % 11
        out.append(dict(id=None, county_code=platform["county_code"], year=year, platform_code=platform["code"],
                        category=categories[i % 3], source="county_budget", budgeted=f"{10_000 + i % 50 * 100}",
                        allocated=f"{10_000 + i % 50 * 100}", spent=f"{8_000 + i % 20 * 50}.50",
                        allocated_on=date(year, 3, 1 + i % 27), spent_on=date(year, 12, 20), note=""))
    return out


def _stored_person(row: dict, county_of: dict) -> dict:
    from logic.people import fen_from_yuan
    out = {k: v for k, v in row.items() if k not in ("id", "monthly_income")}
    return {**out, "monthly_income_fen": fen_from_yuan(row["monthly_income"]),
            "county_code": county_of[row["platform_code"]]}


def _stored_line(row: dict) -> dict:
    from logic import funding as fund
    out = {k: v for k, v in row.items() if k not in ("id", *fund.AMOUNT_NAMES)}
    return {**out, "purpose_platforms": [], **{stored: fund.parse_yuan(row[typed], typed, "")[0]
                                               for typed, (stored, _, _) in fund.AMOUNT_NAMES.items()}}


def _empty(url: str):
    """A store at this URL with the schema and reference rows and nothing else."""
    from sqlmodel import SQLModel

    from models.db import import_models, make_engine
    from models.migrate import upgrade
    from models.seed import init_database
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        import_models()
        with engine.begin() as conn:
            SQLModel.metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(engine)
    init_database(engine)
    return engine


def _kinds(platforms: list[dict]) -> list[tuple]:
    """(kind, the template's records, the rows the table stores for them, the rows the store holds beforehand)."""
    from models.funding import FundingLine
    from models.people import Person
    from models.tables import Platform
    county_of = {p["code"]: p["county_code"] for p in platforms}
    people, lines = _people(platforms, N), _lines(platforms, N)
    return [("platforms", Platform, platforms, platforms, []),
            ("people", Person, people, [_stored_person(r, county_of) for r in people], platforms),
            ("funding", FundingLine, lines, [_stored_line(r) for r in lines], platforms)]


def measures(pg_url: str | None = None) -> list[tuple[str, float, str]]:
    from logic.authz import SYSTEM
    from logic.import_kinds import KINDS
    from logic.import_rows import parse
    from logic.import_template import xlsx
    from models import importer as imp
    from models.tables import Platform
    urls = [("SQLite", lambda: f"sqlite:///{tempfile.mkdtemp()}/b.sqlite")]
    if pg_url or os.environ.get("GSP_BENCH_PG"):
        urls.append(("PostgreSQL", lambda: pg_url or os.environ["GSP_BENCH_PG"]))
    out = []
    for kind, table, records, stored, beforehand in _kinds(_rows(N)):
        data = xlsx(KINDS[kind], records, example=False)
        for name, url in urls:
            def through_importer(engine, kind=kind, data=data):
                dry = imp.dry_run(engine, SYSTEM, kind, data, "bench.xlsx", today=date(2026, 6, 1))
                assert not dry.problems, dry.problems[:3]
                imp.commit(engine, SYSTEM, dry, today=date(2026, 6, 1))

            def the_floor(engine, kind=kind, data=data, table=table, stored=stored):
                spec = KINDS[kind]
                parse(data, "bench.xlsx", spec.columns, spec.key, imp.limits(), sheet=spec.zh)
                _bare_insert(engine, table, stored)

            best = {through_importer: float("inf"), the_floor: float("inf")}
            for _ in range(3):  # turn about; each run into a store made before its clock starts
                for way in best:
                    engine = _empty(url())
                    if beforehand:
                        _bare_insert(engine, Platform, beforehand, audit=False)
                    best[way] = min(best[way], best_of(lambda way=way, engine=engine: way(engine), repeat=1))
                    engine.dispose()
            importer_s, floor_s = best[through_importer], best[the_floor]
            out.append((f"import {len(records):,} {kind} rows (xlsx), {name}: importer ÷ (read + bare insert + audit rows)",
                        importer_s / floor_s, f"importer {importer_s:.2f} s, floor {floor_s:.2f} s"))
    return out


def _bare_insert(engine, table, rows: list[dict], audit: bool = True) -> None:
    """The rows and one audit row each, two Core inserts in one transaction: no checks, no ORM."""
    from sqlalchemy import insert

    from models.tables import AuditLog
    with engine.begin() as conn:
        conn.execute(insert(table), [{**r, "updated_by": "bench"} for r in rows])
        if audit:
            conn.execute(insert(AuditLog), [dict(actor="bench", action="create", entity=table.__tablename__,
                                                 entity_key=str(r.get("code", i)), county_code=r["county_code"],
                                                 after={k: v.isoformat() if isinstance(v, date) else v
                                                        for k, v in r.items()})
                                            for i, r in enumerate(rows)])
