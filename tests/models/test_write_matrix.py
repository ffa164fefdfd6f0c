"""Every store write function is authorised, whatever a browser sends. Every role × every
write function (tests/models/write_matrix_cases.py) on a record of county A: a viewer, an officer of county B and
a deactivated account never succeed, and a refusal leaves the store (rows and audit trail) exactly as it was; the
roles that may, do (the call writes an audited change, then the test rolls it back).

A store per backend (SQLite and, with TEST_DATABASE_URL, PostgreSQL) is seeded once; nothing is ever committed
after that, so every call meets the same records.
"""
import importlib
import inspect
import pkgutil
import re

import pytest
from sqlmodel import SQLModel, func, select, text

import models
from logic.authz import SYSTEM, Actor, PermissionDenied
from models import import_bulk, importer
from models.db import read_session, write_session
from models.tables import AuditLog
from tests.conftest import BACKENDS, _fresh, pg_url_or_skip
from tests.models.write_matrix_cases import CASES, NOT_A_PERSONS_WRITE, A, B, seed

ACTORS = {
    "city_admin": Actor("admin", "city_admin"),
    "officer_own_county": Actor("officer_a", "county_officer", A),
    "officer_other_county": Actor("officer_b", "county_officer", B),
    "viewer": Actor("auditor", "viewer"),
    "deactivated_officer_own_county": Actor("officer_a", "county_officer", A, active=False),
}
MAY = {  # who may, by what authorises the function; everyone else is refused
    "administer": {"city_admin"},
    "edit": {"city_admin", "officer_own_county"},
    "self": {"city_admin", "officer_own_county"},  # end_sessions of officer_a: an admin, or officer_a themself
}


class RolledBack(BaseException):
    """Raised inside a write transaction to undo it after looking (BaseException: no handler swallows it)."""

    def __init__(self, wrote: bool):
        super().__init__()
        self.wrote = wrote


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(request):
    engine = _fresh("sqlite://" if request.param == "sqlite" else pg_url_or_skip())
    with write_session(engine, SYSTEM) as s:
        ids = seed(s)
    yield engine, ids
    engine.dispose()


def _audit_rows(s) -> int:
    return s.exec(select(func.count()).select_from(AuditLog)).one()


def snapshot(engine) -> dict:
    """Every table's row count, the last audit row and the store revision: any write moves one of them."""
    with read_session(engine) as s:
        counts = {t.name: s.exec(select(func.count()).select_from(t)).one() for t in SQLModel.metadata.sorted_tables}
        counts["last_audit"] = s.exec(select(func.max(AuditLog.id))).one()
        counts["revision"] = s.exec(text("SELECT revision FROM storerevision")).all()
    return counts


def _attempt(engine, case, actor, ids) -> bool:
    """Call the case as `actor`, then undo it; True when it wrote an audited change."""
    if case.on_engine:
        return _attempt_import(engine, case, actor, ids)
    try:
        with write_session(engine, actor) as s:
            before = _audit_rows(s)
            case.call(s, actor, ids)
            s.flush()
            raise RolledBack(_audit_rows(s) > before)
    except RolledBack as undone:
        return undone.wrote


def _attempt_import(engine, case, actor, ids) -> bool:
    """importer.commit opens its own transaction: its rows are applied, then undone before it can commit."""
    real = import_bulk.apply

    def apply_then_undo(session, *args, **kwargs):
        before = _audit_rows(session)
        problems = real(session, *args, **kwargs)
        if problems:
            return problems
        raise RolledBack(_audit_rows(session) > before)

    import_bulk.apply = apply_then_undo
    try:
        case.call(engine, actor, ids)
    except RolledBack as undone:
        return undone.wrote
    finally:
        import_bulk.apply = real
    raise AssertionError("the import neither wrote nor was refused")


@pytest.mark.parametrize("role", list(ACTORS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_only_the_roles_that_may_write_do_and_a_refusal_changes_nothing(seeded, case, role):
    engine, ids = seeded
    before = snapshot(engine)
    if role in MAY[case.level]:
        assert _attempt(engine, case, ACTORS[role], ids), f"{case.name} as {role} wrote nothing"
    else:
        refused = (PermissionDenied, importer.ImportRefused) if case.on_engine else PermissionDenied
        with pytest.raises(refused) as caught:
            _attempt(engine, case, ACTORS[role], ids)
        if isinstance(caught.value, importer.ImportRefused):  # the row names the county it may not change
            assert [p.column for p in caught.value.problems] == ["county_code"]
    assert snapshot(engine) == before


def test_a_person_ends_their_own_sessions_but_nobody_elses(seeded):
    engine, _ = seeded
    viewer = ACTORS["viewer"]
    case = next(c for c in CASES if c.name == "users.end_sessions")
    with pytest.raises(PermissionDenied):
        _attempt(engine, case, viewer, {})
    with write_session(engine, viewer) as s, pytest.raises(RolledBack):
        from models.users import end_sessions
        end_sessions(session=s, actor=viewer, username="auditor")  # no such user: nothing to end, but allowed
        raise RolledBack(False)


WRITES = re.compile(r"session\.(add|add_all|delete|flush)\(|write_session\(|\.begin\(")


def store_write_functions() -> set[str]:
    """Every public function of models/ that takes an actor or writes through a session: "module.function"."""
    found = set()
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"models.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "actor" in inspect.signature(function).parameters or WRITES.search(inspect.getsource(function)):
                found.add(f"{info.name}.{name}")
    return found


def test_every_store_write_function_has_a_case_in_the_matrix():
    """A new write function without a case (or a stated reason it is nobody's write) fails here."""
    found = store_write_functions()
    cased = {c.name for c in CASES}
    assert found - cased - set(NOT_A_PERSONS_WRITE) == set()
    assert (cased | set(NOT_A_PERSONS_WRITE)) - found == set()  # no case for a function that is gone
    assert len(cased) == len(CASES)
