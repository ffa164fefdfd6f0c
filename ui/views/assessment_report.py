"""The annual assessment report (通报) of a frozen ranking snapshot, as a .docx (issue 18).

Every figure of the ranking, tiers, split, method and stability comes from the snapshot's payload, never from
today's data: money was paid on it. The stability analysis is recomputed from the snapshot's own values and
scheme (the draws are seeded, so it is the analysis the screen showed when it was frozen). The year's summary
(registered, compliant, demonstration, pilots, network) is kept in the payload when the ranking is frozen (as the
register stood then); for a snapshot frozen before that, it is read from the year's register when the file is made,
and the report says which and when.
"""
from dataclasses import dataclass
from datetime import date, datetime

from logic import approval as approval_rules
from logic.assessment_inputs import scheme_from_spec
from logic.document import Notice, Section, Table, notice_docx
from logic.ranking import perturb
from logic.targets import TARGET_COMPLIANT, TARGET_DEMO, TARGET_VILLAGE
from ui.i18n import in_language, lang, t_text
from ui.views.ranking_view import DRAWS, SEED, SPREAD, why_unranked
from ui.views.stale_notice import CHINA, beijing


@dataclass(frozen=True)
class Snapshot:
    id: int
    year: int
    frozen_at: datetime
    payload: dict


@dataclass(frozen=True)
class YearSummary:
    """The year's figures from its register (ui.assessment_data.target_figures) and the pilots table."""
    registered: int
    compliant: int
    demo: int
    village: int
    connected: int
    pilots_won: int
    counties: int
    past: bool  # read back from the audit trail as the year's end stood
    read_at: datetime
    frozen: bool = False  # kept in the snapshot when it was frozen (older snapshots: read when the file is made)

    def as_payload(self) -> dict:
        """As a snapshot keeps it (plain JSON): the figures the ranking was frozen beside."""
        return {**{k: getattr(self, k) for k in PAYLOAD_FIELDS}, "read_at": self.read_at.isoformat()}

    @classmethod
    def from_payload(cls, kept: dict | None) -> "YearSummary | None":
        if not kept:
            return None
        return cls(**{k: kept[k] for k in PAYLOAD_FIELDS}, read_at=datetime.fromisoformat(kept["read_at"]),
                   frozen=True)


PAYLOAD_FIELDS = ("registered", "compliant", "demo", "village", "connected", "pilots_won", "counties", "past")


def yuan(fen: int) -> str:
    """Exact yuan from integer fen (never through a float)."""
    sign, fen = ("-" if fen < 0 else ""), abs(int(fen))
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def date_text(day: date) -> str:
    """A notice's date as the language writes it (2026年12月2日, 2 December 2026)."""
    return t_text("rp.date", year=day.year, month=day.month, day=day.day, month_name=day.strftime("%B"))


def _score(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _sep() -> str:
    return "、" if lang() == "zh" else ", "


def _tier(code) -> str:
    return t_text(f"rk.tier.{code or 'none'}")


def _why(county: dict) -> str:
    because = county.get("unranked_because") or "no_data"
    return why_unranked(because, county.get("missing_dimensions", []), county["coverage"])


def _rank_text(county: dict) -> str:
    return str(county["rank"]) if county["rank"] is not None else t_text("rk.unranked", why=_why(county))


def ranking_table(payload: dict, names: dict[str, str]) -> Table:
    dims = list(payload["scheme"]["dimension_weights"])
    header = (t_text("rk.col.rank"), t_text("rk.col.county"), t_text("rk.col.total"),
              *(t_text(f"rk.dim.{d}") for d in dims), t_text("rk.col.coverage"), t_text("rk.col.tier"))
    rows = tuple((_rank_text(c), names.get(c["county"], c["county"]), _score(c["total"]),
                  *(_score(c["dimensions"][d]) if d in c["dimensions"] else t_text("rk.not_applicable")
                    for d in dims), f"{c['coverage']:.0%}", _tier(c["tier"])) for c in payload["counties"])
    return Table(header, rows)


def _ties(payload: dict, names: dict[str, str]) -> str:
    by_rank: dict[int, list[str]] = {}
    for c in payload["counties"]:
        if c["rank"] is not None:
            by_rank.setdefault(c["rank"], []).append(names.get(c["county"], c["county"]))
    shared = [(rank, group) for rank, group in sorted(by_rank.items()) if len(group) > 1]
    if not shared:
        return t_text("rp.no_ties")
    return " ".join(t_text("rp.ties", names=_sep().join(group), rank=rank) for rank, group in shared)


def _ranking_notes(payload: dict, names: dict[str, str]) -> list[str]:
    notes = [_ties(payload, names)]
    unranked = [f"{names.get(c['county'], c['county'])}({_why(c)})" for c in payload["counties"] if c["rank"] is None]
    if unranked:
        notes.append(t_text("rp.unranked", items=_sep().join(unranked)))
    if payload.get("confirmed_without"):
        notes.append(t_text("rp.confirmed_without", items=_sep().join(
            names.get(c, c) for c in payload["confirmed_without"])))
    open_years = [names.get(c, c) for c, state in payload.get("approvals", {}).items()
                  if state != approval_rules.APPROVED]
    if open_years:
        notes.append(t_text("rp.unapproved", items=_sep().join(open_years)))
    return notes


def _tiers(payload: dict, names: dict[str, str]) -> list[str]:
    lines = []
    for tier, _count in payload["scheme"]["tiers"]:
        members = [names.get(c["county"], c["county"]) for c in payload["counties"] if c["tier"] == tier]
        lines.append(t_text("rp.tier", tier=_tier(tier), n=len(members), names=_sep().join(members)) if members
                     else t_text("rp.tier.empty", tier=_tier(tier)))
    return lines


def split_blocks(payload: dict, names: dict[str, str]) -> list:
    shares = "、".join(f"{_tier(k)} {v}" for k, v in payload["scheme"]["tier_shares"])
    rule = t_text("rk.rule.tier", shares=shares) if payload["rule"] == "tier" else t_text("rk.rule.score")
    allocated = sum(c["amount_fen"] for c in payload["counties"])
    rows = tuple((names.get(c["county"], c["county"]), "—" if c["rank"] is None else str(c["rank"]),
                  _tier(c["tier"]), yuan(c["amount_fen"])) for c in payload["counties"])
    table = Table((t_text("rk.col.county"), t_text("rk.col.rank"), t_text("rk.col.tier"), t_text("rp.col.amount")),
                  (*rows, (t_text("rp.split.total"), "", "", yuan(allocated))))
    blocks = [t_text("rp.split.intro", pool=yuan(payload["pool_fen"]), rule=rule), table]
    if allocated != payload["pool_fen"]:
        blocks.append(t_text("rp.split.left", left=yuan(payload["pool_fen"] - allocated)))
    return blocks


def method_blocks(payload: dict) -> list:
    spec = payload["scheme"]
    every = t_text("rp.method.every" if spec.get("every_dimension", True) else "rp.method.lenient")
    dim_weights = spec["dimension_weights"]
    rows = tuple((t_text(f"rk.dim.{i['dimension']}"), f"{dim_weights.get(i['dimension'], 0):g}",
                  t_text(f"rk.ind.{i['code']}"), f"{i['low']:g} → {i['high']:g}" if i["direction"] == "higher"
                  else f"{i['high']:g} → {i['low']:g}", f"{i['weight']:g}") for i in spec["indicators"])
    table = Table((t_text("rk.col.dimension"), t_text("rp.col.dim_weight"), t_text("rk.col.indicator"),
                   t_text("rk.col.goalposts"), t_text("rp.col.ind_weight")), rows)
    return [t_text("rp.method", threshold=spec["coverage_threshold"], every=every), t_text("rp.method.pilot"), table]


def stability_blocks(payload: dict, names: dict[str, str]) -> list:
    """The seeded perturbation of the snapshot's own values and scheme; the dimensions a county was not assessed
    on (the pilot one without a pilot) are read from the snapshot, not from today's pilots table."""
    scheme, _errors = scheme_from_spec(payload["scheme"], payload["year"])
    if scheme is None:  # a frozen scheme validated when it was frozen; kept as it was, it still does
        return [t_text("rp.stability.none")]
    values = {c["county"]: c["values"] for c in payload["counties"]}
    skip = {c["county"]: frozenset(d for d in scheme.dimension_weights if d not in c["dimensions"])
            for c in payload["counties"]}
    result = perturb(values, scheme, draws=DRAWS, spread=SPREAD, seed=SEED, skip=skip)
    if not result:
        return [t_text("rp.stability.none")]
    table = Table((t_text("rk.col.county"), t_text("rk.col.rank"), t_text("rk.col.median"),
                   t_text("rk.col.interval"), t_text("rk.col.tier_change")),
                  tuple((names.get(r.county, r.county), str(r.base_rank), f"{r.median_rank:g}", f"{r.p5}–{r.p95}",
                         f"{r.tier_change_share:.0%}") for r in result))
    changed = sum(r.tier_change_share > 0.05 for r in result)
    return [t_text("rp.stability", spread=SPREAD, draws=DRAWS, seed=SEED, changed=changed), table]


def summary_blocks(summary: YearSummary | None, year: int) -> list[str]:
    if summary is None:
        return []
    share = (lambda n, of: n / of if of else 0.0)  # noqa: E731 - a one-line share used four times below
    return [
        t_text("rp.summary", registered=summary.registered, compliant=summary.compliant,
               compliant_share=share(summary.compliant, TARGET_COMPLIANT), demo=summary.demo,
               demo_share=share(summary.demo, TARGET_DEMO), village=summary.village,
               village_share=share(summary.village, TARGET_VILLAGE)),
        t_text("rp.summary.pilots", year=year, won=summary.pilots_won, total=summary.counties,
               share=share(summary.pilots_won, summary.counties)),
        t_text("rp.summary.network", connected=summary.connected, share=share(summary.connected, summary.registered)),
        _source(summary, year),
    ]


def _source(summary: YearSummary, year: int) -> str:
    """Where the figures come from: the snapshot (as the register stood when it was frozen), or, for a snapshot
    frozen before snapshots kept them, the register when the file was made."""
    if summary.frozen:
        return t_text("rp.summary.source.frozen", year=year, now=beijing(summary.read_at),
                      past=t_text("rp.summary.source.past") if summary.past else "")
    return t_text("rp.summary.source", year=year, now=beijing(summary.read_at),
                  past=t_text("rp.summary.source.past" if summary.past else "rp.summary.source.live"))


def report_notice(snapshot: Snapshot, names: dict[str, str], summary: YearSummary | None, today: date) -> Notice:
    payload, year = snapshot.payload, snapshot.year
    sections = (
        Section(t_text("rp.h.summary"), (t_text("rp.intro", year=year), *summary_blocks(summary, year))),
        Section(t_text("rp.h.ranking"), (t_text("rp.ranking.intro"), ranking_table(payload, names),
                                         *_ranking_notes(payload, names))),
        Section(t_text("rp.h.tiers"), tuple(_tiers(payload, names))),
        Section(t_text("rp.h.split"), tuple(split_blocks(payload, names))),
        Section(t_text("rp.h.method"), tuple(method_blocks(payload))),
        Section(t_text("rp.h.stability"), tuple(stability_blocks(payload, names))),
    )
    return Notice(title=t_text("rp.title", year=year), issuer=t_text("rp.issuer"),
                  date_text=date_text(today), addressee=t_text("rp.addressee"),
                  subtitle=t_text("rp.subtitle", id=snapshot.id, at=beijing(snapshot.frozen_at)), sections=sections)


def report_docx(snapshot: Snapshot, names_by_lang: dict[str, dict[str, str]], summary: YearSummary | None,
                language: str = "zh", today: date | None = None) -> bytes:
    """The report's .docx in `language` (county names in it too: `names_by_lang[language]`)."""
    today = today or datetime.now(CHINA).date()
    with in_language(language):
        return notice_docx(report_notice(snapshot, names_by_lang[language], summary, today))
