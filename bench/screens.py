"""Every screen at a city's ~1,200 platforms and a province's ~60,000, served by real Streamlit servers.

One server per dataset; a signed-in session on each asks for the same screen turn about (interleaved), so
a busy spell on the machine hits both sizes alike. Two figures per screen: a warm rerun (nothing written since
the last run: what a person sees on every click) and the first view after a write (someone, in another process
here, saved a platform: every cache keyed by the store revision is missed).
"""
import asyncio
import shutil
import tempfile
from pathlib import Path

from bench.sessions import Server, Session, start_server

USER = "bench_admin"


def copies(*urls: str) -> list[str]:
    """Each SQLite dataset copied to a temporary folder, so the writes here never touch the built ones."""
    folder = Path(tempfile.mkdtemp(prefix="gsp-bench-"))
    out = []
    for url in urls:
        source = Path(url.removeprefix("sqlite:///"))
        target = folder / source.name
        shutil.copy(source, target)
        out.append(f"sqlite:///{target}")
    return out


def touch_a_platform(url: str) -> None:
    """An audited write that moves the store revision: one platform's name gains or loses a trailing mark."""
    from sqlmodel import select

    from logic.authz import SYSTEM
    from models.db import make_engine, write_session
    from models.platforms import update_platform
    from models.tables import Platform
    engine = make_engine(url)
    with write_session(engine, SYSTEM) as session:
        platform = session.exec(select(Platform).order_by(Platform.id)).first()
        name = platform.name[:-1] if platform.name.endswith("甲") else platform.name + "甲"
        update_platform(session=session, actor=SYSTEM, code=platform.code, facts={"name": name},
                        expected_version=platform.version)
    engine.dispose()


def _page(path: str) -> str:
    return Path(path).stem  # st.Page's url path for pages/<name>.py


async def _screen_rows(servers: tuple[Server, Server], urls: tuple[str, str], paths: list[str],
                       repeat: int) -> list[tuple[str, float, str]]:
    small, large = Session(servers[0].port, USER), Session(servers[1].port, USER)
    await small.open()
    await large.open()
    rows = []
    try:
        for path in paths:
            page = _page(path)
            await small.run(page)
            await large.run(page)
            warm = [float("inf"), float("inf")]
            written = [float("inf"), float("inf")]
            for _ in range(repeat):
                warm[0] = min(warm[0], await small.run(page))
                warm[1] = min(warm[1], await large.run(page))
            for _ in range(max(2, repeat - 1)):
                for i, (session, url) in enumerate(((small, urls[0]), (large, urls[1]))):
                    touch_a_platform(url)
                    written[i] = min(written[i], await session.run(page))
            rows.append((f"screen {page}: warm rerun, 60,000 ÷ 1,200 platforms", warm[1] / warm[0],
                         f"{warm[0]:.2f} s → {warm[1]:.2f} s"))
            rows.append((f"screen {page}: first view after a write, 60,000 ÷ 1,200 platforms", written[1] / written[0],
                         f"{written[0]:.2f} s → {written[1]:.2f} s"))
    finally:
        await small.close()
        await large.close()
    return rows


def measures(small_url: str, large_url: str, paths: list[str], repeat: int = 3) -> list[tuple[str, float, str]]:
    """Writes into both stores (give it copies: bench.run does)."""
    urls = (small_url, large_url)
    servers = (start_server(urls[0]), start_server(urls[1]))
    try:
        return asyncio.run(_screen_rows(servers, urls, paths, repeat))
    finally:
        for server in servers:
            server.stop()
