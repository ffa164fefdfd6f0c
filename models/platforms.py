"""Platform queries and writes. Every write is validated, authorised and (by models.audit) audited."""
import json
from functools import lru_cache

import pandas as pd
from sqlalchemy import String, cast, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from logic.authz import Actor, require
from logic.codes import PARENT_LEVELS
from logic.errors import FieldError, NotFound, ValidationFailed
from logic.record_errors import typed
from logic.records import PlatformBase
from logic.staffing_gap import township_of
from logic.validation import ParentInfo, validate_platform
from models.audit import insert_audited
from models.frames import frame_of
from models.locking import load_for_edit, locked_many, still_at
from models.tables import County, Platform, new_values, utc_now

FACT_FIELDS = tuple(PlatformBase.model_fields)  # SPEC's "Platform facts", declared once in logic.records
SET_FIELDS = tuple(k for k, f in PlatformBase.model_fields.items() if f.default_factory is list)


def facts_of(platform: Platform) -> dict:
    return {k: getattr(platform, k) for k in FACT_FIELDS}


def list_counties(session: Session) -> list[County]:
    return list(session.exec(select(County).order_by(County.sort_order, County.code)))


def get_platform(session: Session, code: str) -> Platform | None:
    return session.exec(select(Platform).where(Platform.code == code)).first()


def list_platforms(session: Session, county_code: str | None = None) -> list[Platform]:
    query = select(Platform).order_by(Platform.county_code, Platform.code)
    if county_code:
        query = query.where(Platform.county_code == county_code)
    return list(session.exec(query))


def platforms_frame(session: Session, county_code: str | None = None, codes: list[str] | None = None) -> pd.DataFrame:
    """Every platform's canonical facts as a table, plus version and last change, for screens and rules."""
    columns = (*FACT_FIELDS, "version", "updated_at", "updated_by")
    # columns straight from the rows, no ORM objects; the JSON lists as their text, each distinct text decoded
    # once (a province has 60,000 platforms but a few hundred different equipment lists)
    query = select(*(_as_text(c) if c in SET_FIELDS else _as_stored(c) if c == "updated_at" else getattr(Platform, c)
                     for c in columns))
    query = query.order_by(Platform.county_code, Platform.code)
    if county_code:
        query = query.where(Platform.county_code == county_code)
    if codes is not None:  # a few platforms only (a cached register bringing those rows up to date)
        query = query.where(Platform.code.in_(codes))
    return frame_of(session, query, columns, convert={**dict.fromkeys(SET_FIELDS, _decoded), "updated_at": _utc_times})


def _decoded(texts: tuple) -> pd.Series:
    """JSON list texts -> lists, decoding each distinct text once (so rows with the same text share one list:
    logic.vectorised counts on it); a missing one is the empty list."""
    decoded = {text: json.loads(text) for text in set(texts) if text is not None}
    return pd.Series([decoded.get(text) or [] if text is not None else [] for text in texts], dtype=object)


def _as_stored(column: str):
    """A time column as the driver gives it, without the per-row conversion to an aware datetime (a fifth of the
    frame's time at a province's size); _utc_times converts the whole column at once."""
    return type_coerce(getattr(Platform, column), String).label(column)


def _utc_times(values: tuple) -> pd.Series:
    """Stored UTC times (SQLite's text, PostgreSQL's aware datetimes) as one UTC column."""
    return pd.Series(pd.to_datetime(list(values), utc=True, format="ISO8601"))


def _as_text(column: str):
    return cast(getattr(Platform, column), String).label(column)


def parent_options(session: Session, county_code: str) -> list[Platform]:
    """R-ORG-3: the street/township centres of one county, the only possible parents."""
    query = select(Platform).where(Platform.county_code == county_code, Platform.level.in_(PARENT_LEVELS))
    return list(session.exec(query.order_by(Platform.code)))


@lru_cache(maxsize=1)
def _defaults_once() -> tuple:
    fields = {k: Platform.model_fields[k] for k in FACT_FIELDS}
    return tuple((k, f.get_default(call_default_factory=True)) for k, f in fields.items() if not f.is_required())


def model_defaults() -> dict:
    """The table model's defaults for the facts a caller leaves out (read once: pydantic's get_default is slow
    enough to show in a 5,000-row import); lists are fresh copies."""
    return {k: list(v) if isinstance(v, list) else v for k, v in _defaults_once()}


def normalised(facts: dict) -> dict:
    out = {k: facts.get(k) for k in FACT_FIELDS if k in facts}
    for key in SET_FIELDS:
        out[key] = sorted(set(out.get(key) or ()))
    for key in ("code", "name", "sign_text"):
        if isinstance(out.get(key), str):
            out[key] = out[key].strip()
    out["parent_code"] = (out.get("parent_code") or "").strip() or None
    return out


def _check(session: Session, facts: dict, existing: Platform | None) -> None:
    parent = get_platform(session, facts["parent_code"]) if facts.get("parent_code") else None
    info = ParentInfo(parent.code, parent.level, parent.county_code) if parent else None
    code_taken = existing is None and get_platform(session, str(facts.get("code") or "")) is not None
    children = set()
    if existing is not None:
        query = select(Platform.county_code).where(Platform.parent_code == existing.code)
        children = set(session.exec(query))
    counties = {c.code for c in list_counties(session)}
    errors = validate_platform(facts, code_taken=code_taken, parent=info, known_counties=counties,
                               children_counties=children, new=existing is None)
    if errors:
        raise ValidationFailed(errors)


def _new_platform(actor: Actor, facts: dict) -> dict:
    """The row a new platform is stored as, facts left out taking the model's defaults (a form's save and an
    import's store the same row)."""
    facts = normalised({**model_defaults(), **facts})
    require(actor, "edit", facts.get("county_code"))
    return new_values(Platform, {**as_typed(facts), "updated_by": actor.username})


def as_typed(facts: dict) -> dict:
    """The facts as the record types them ("12" people is 12), when they pass its limits; as they are when they
    do not (validate_platform then refuses them, naming each field)."""
    return typed(PlatformBase, facts)[0] or facts


def create_platform(*, session: Session, actor: Actor, facts: dict) -> Platform:
    """Add a platform; facts left out take the model's defaults, and are validated with the rest."""
    platform = Platform(**_new_platform(actor, facts))
    facts = facts_of(platform)
    _check(session, facts, None)
    try:
        with session.begin_nested():  # a savepoint, so the session can still ask why the insert failed
            session.add(platform)
            session.flush()
    except IntegrityError:
        # PostgreSQL: another officer saved the same code between our check and our insert
        if get_platform(session, facts["code"]) is None:
            raise
        _check(session, facts, None)  # now names the taken code
        raise
    return platform


def add_checked_platforms(*, session: Session, actor: Actor, rows: list[dict]) -> list[int]:
    """Many new platforms by one insert of the rows and one of their audit rows, each stored as create_platform
    stores it. For rows already validated against the store in this same transaction, as the importer does for
    a whole file at once; the county right is still checked here, row by row. Centres come before the stations
    that name them in `rows`."""
    return insert_audited(session, Platform, [_new_platform(actor, facts) for facts in rows])


def update_platform(*, session: Session, actor: Actor, code: str, facts: dict,
                    expected_version: int, opened: dict | None = None) -> Platform:
    """Save over `code` only if nobody saved it since the editor opened it at `expected_version` (`opened`: the
    facts as the editor saw them, so a refusal says what changed since)."""
    platform = load_for_edit(session, Platform, {"code": code}, expected_version, actor=actor,
                             opened=_as_opened(opened or facts))
    facts = _edited(actor, platform, facts)
    _check(session, facts, platform)
    _save_over(session, actor, platform, facts)
    session.flush()
    return platform


def update_checked_platforms(*, session: Session, actor: Actor, edits: dict[str, tuple[dict, int]]) -> None:
    """Many saves over existing platforms ({code: (facts, expected version)}) read in one query and flushed
    together, each as update_platform saves it: the county rights and the version are checked here, the facts
    were validated against the store in this same transaction (the importer's whole-file check)."""
    found = locked_many(session, Platform, "code", edits)
    for code, (facts, expected_version) in edits.items():
        if code not in found:
            raise NotFound(code)
        platform = still_at(session, found[code], expected_version, actor=actor)
        _save_over(session, actor, platform, _edited(actor, platform, facts))
    session.flush()


def _edited(actor: Actor, platform: Platform, facts: dict) -> dict:
    """The platform's facts after the edit, if the actor may move it to the county the edit names."""
    facts = {**normalised({**facts_of(platform), **facts}), "code": platform.code}
    require(actor, "edit", facts["county_code"])
    return facts


def _as_opened(facts: dict) -> dict:
    """The facts an editor saw, as the store keeps them (sets sorted, text trimmed), to tell what changed since."""
    return {k: v for k, v in normalised(facts).items() if k in facts}


def _save_over(session: Session, actor: Actor, platform: Platform, facts: dict) -> None:
    if facts["county_code"] != platform.county_code:
        _move_people(session, platform.code, facts["county_code"], actor.username)
    for key, value in as_typed(facts).items():
        setattr(platform, key, value)
    platform.version += 1
    platform.updated_at, platform.updated_by = utc_now(), actor.username
    session.add(platform)


def _move_people(session: Session, code: str, county_code: str, by: str) -> None:
    """A platform moved to another county takes its people along: their county decides who may see and change
    them (R-NET-2), and it must be the platform's. Each person's change is audited like any other."""
    from models.people import Person  # models.people builds on the platform register, not the other way round
    for person in session.exec(select(Person).where(Person.platform_code == code)):
        person.county_code = county_code
        person.version += 1  # an editor who opened the person before the move saves into a stale edit
        person.updated_at, person.updated_by = utc_now(), by
        session.add(person)


def platform_names(session: Session, county_code: str | None = None) -> dict[str, str]:
    """code -> name of every platform (of one county), in code order: what pickers offer."""
    query = select(Platform.code, Platform.name).order_by(Platform.code)
    if county_code:
        query = query.where(Platform.county_code == county_code)
    return dict(session.exec(query).all())


PLACE_COLUMNS = ("code", "name", "level", "parent_code")


def platform_places(session: Session, county_code: str | None = None) -> pd.DataFrame:
    """Every platform (of one county) with the street/township it belongs to (`township_code`: itself, its
    parent, or None for a county platform), in code order: what a county → township → platform picker needs,
    as columns only."""
    query = select(*(getattr(Platform, c) for c in PLACE_COLUMNS)).order_by(Platform.code)
    if county_code:
        query = query.where(Platform.county_code == county_code)
    frame = pd.DataFrame(session.exec(query).all(), columns=list(PLACE_COLUMNS))
    towns = township_of(frame) if len(frame) else pd.Series(dtype=object)
    frame["township_code"] = towns.astype(object).where(towns.notna(), None)  # None, never NaN, for "none"
    return frame


def stations_frame(session: Session, parent_code: str) -> pd.DataFrame:
    """The communities and villages under one street/township centre, as stored (facts and version), in code
    order: what the batch grid edits."""
    codes = list(session.exec(select(Platform.code).where(Platform.parent_code == parent_code)))
    return platforms_frame(session, codes=codes)


def save_stations(*, session: Session, actor: Actor, edits: dict[str, tuple[dict, int, dict]],
                  added: list[dict]) -> int:
    """A batch of saves over stations ({code: (changed facts, version opened, facts as opened)}) and new ones,
    each through update_platform / create_platform as the form saves it, all or nothing: every row's problems
    are collected and refused together, each field named "row: field". A stale row refuses the batch."""
    errors = []
    for code, (facts, version, opened) in edits.items():
        errors += _row_errors(code, update_platform, session=session, actor=actor, code=code, facts=facts,
                              expected_version=version, opened=opened)
    for n, facts in enumerate(added, start=1):
        errors += _row_errors(facts.get("code") or f"+{n}", create_platform, session=session, actor=actor,
                              facts=facts)
    if errors:
        raise ValidationFailed(errors)
    return len(edits) + len(added)


def _row_errors(row: str, save, **arguments) -> list[FieldError]:
    """The problems of one row's save, named by the row (a refused save changed nothing: it checks first)."""
    try:
        save(**arguments)
    except ValidationFailed as failed:
        return [FieldError(f"{row}: {e.field}", e.reason_zh, e.reason_en) for e in failed.errors]
    return []
