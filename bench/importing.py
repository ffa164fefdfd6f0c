"""The importer against the floor of what any import must do: read the file, insert the rows, insert one audit
row each. 5,000 demo platform rows (centres before the stations that name them), each run into a store made
empty beforehand (outside the timings), on SQLite and, with GSP_BENCH_PG set to a PostgreSQL URL whose
database may be emptied, on PostgreSQL too.
"""
import os
import tempfile

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


def measures(pg_url: str | None = None) -> list[tuple[str, float, str]]:
    from logic.authz import SYSTEM
    from logic.import_kinds import KINDS
    from logic.import_rows import parse
    from logic.import_template import xlsx
    from models import importer as imp
    rows = _rows(N)
    data = xlsx(KINDS["platforms"], rows, example=False)
    urls = [("SQLite", lambda: f"sqlite:///{tempfile.mkdtemp()}/b.sqlite")]
    if pg_url or os.environ.get("GSP_BENCH_PG"):
        urls.append(("PostgreSQL", lambda: pg_url or os.environ["GSP_BENCH_PG"]))
    out = []
    for name, url in urls:
        def through_importer(engine):
            dry = imp.dry_run(engine, SYSTEM, "platforms", data, "bench.xlsx")
            assert not dry.problems, dry.problems[:3]
            imp.commit(engine, SYSTEM, dry)

        def the_floor(engine):
            spec = KINDS["platforms"]
            parse(data, "bench.xlsx", spec.columns, spec.key, imp.limits(), sheet=spec.zh)
            _bare_insert(engine, rows)

        best = {through_importer: float("inf"), the_floor: float("inf")}
        for _ in range(2):  # turn about; each run into a store emptied before its clock starts
            for way in best:
                engine = _empty(url())
                best[way] = min(best[way], best_of(lambda way=way, engine=engine: way(engine), repeat=1))
                engine.dispose()
        importer_s, floor_s = best[through_importer], best[the_floor]
        out.append((f"import {len(rows):,} platform rows (xlsx), {name}: importer ÷ (read + bare insert + audit rows)",
                    importer_s / floor_s, f"importer {importer_s:.2f} s, floor {floor_s:.2f} s"))
    return out


def _bare_insert(engine, rows: list[dict]) -> None:
    """The rows and one audit row each, two Core inserts in one transaction: no checks, no ORM."""
    from sqlalchemy import insert

    from models.tables import AuditLog, Platform
    with engine.begin() as conn:
        conn.execute(insert(Platform), [{**r, "updated_by": "bench"} for r in rows])
        conn.execute(insert(AuditLog), [dict(actor="bench", action="create", entity="platform",
                                             entity_key=r["code"], county_code=r["county_code"], after=r)
                                        for r in rows])
