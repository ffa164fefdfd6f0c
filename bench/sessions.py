"""Many people at once: the app served by a real Streamlit server, driven over its websocket by N sessions.

Each session is what a browser tab is to the server: a websocket to /_stcore/stream carrying the sign-in cookie,
that asks for a screen to be run (a `rerun_script` message) and waits for the server's `script_finished`. The
time from asking to finished is the server's answer time for that rerun; the server process's CPU-seconds over
the run, divided by the reruns it served, is the CPU per rerun. No browser draws anything, so the figures are
the server's alone (20 Chromiums would swamp a 2-core machine and measure themselves).
"""
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
KEY = "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process so far (from /proc: the server alone, not this client)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start_server(url: str, root: Path = ROOT, python: str = sys.executable) -> Server:
    """The app of the checkout at `root` served over the database at `url` on a free port, by `python` (another
    checkout may need the packages of its own time)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "GSP_COOKIE_KEY": KEY}
    process = subprocess.Popen(
        [python, "-m", "streamlit", "run", "Home.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"], cwd=root, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return Server(process, port)
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        time.sleep(0.2)
    raise TimeoutError("streamlit did not start")


def _cookie(username: str) -> str:
    from ui.cookie import COOKIE_NAME, make_token
    return f"{COOKIE_NAME}={make_token(username, KEY, datetime.now(UTC))}"


class Session:
    """One browser tab's worth of server conversation."""

    def __init__(self, port: int, username: str):
        self.port, self.username = port, username
        self.socket = None

    async def open(self) -> None:
        self.socket = await connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", max_size=None,
                                    additional_headers={"Cookie": _cookie(self.username)})

    async def run(self, page: str) -> float:
        """Asks the server to run `page` (its url path) and waits for the run to finish: seconds taken."""
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = ""
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        while True:
            raw = await self.socket.recv()
            if isinstance(raw, str):
                continue
            reply = ForwardMsg()
            reply.ParseFromString(raw)
            kind = reply.WhichOneof("type")
            element = reply.delta.new_element if kind == "delta" else None
            if element is not None and element.WhichOneof("type") == "exception":
                raise RuntimeError(f"{page}: {element.exception.message}")
            if element is not None and element.WhichOneof("type") == "text_input" and "signin_secret" in element.text_input.id:
                raise RuntimeError(f"{page}: the sign-in form is shown (the cookie did not sign in)")
            if kind == "script_finished":
                if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for another run (a sign-in, a page switch): the answer is after it
                if reply.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"{page}: the run ended with {reply.script_finished}")
                return time.perf_counter() - start

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def _opened(port: int, username: str, first_page: str) -> Session:
    session = Session(port, username)
    await session.open()
    await session.run(first_page)  # a new tab's first view (the sign-in from its cookie) is not counted
    return session


async def _user(session: Session, pages: list[str], reruns: int, think: float, seed: int,
                answers: list[float]) -> None:
    rng = random.Random(seed)
    for i in range(reruns):
        await asyncio.sleep(rng.uniform(0, 2 * think))  # a person reads before the next click
        answers.append(await session.run(pages[i % len(pages)]))


def drive(server: Server, username: str, pages: list[str], sessions: int, reruns: int,
          think: float = 1.0) -> tuple[list[float], float]:
    """`sessions` tabs at once, each asking for `reruns` runs of `pages` in turn with a random pause (mean
    `think` seconds) between; returns every answer time and the server's CPU-seconds per counted rerun (the
    tabs are opened and their first view drawn before the counting starts)."""
    answers: list[float] = []
    cpu: list[float] = []

    async def everyone():
        tabs = await asyncio.gather(*(_opened(server.port, username, pages[0]) for _ in range(sessions)))
        cpu.append(server.cpu_seconds())
        try:
            await asyncio.gather(*(_user(tab, pages, reruns, think, seed, answers)
                                   for seed, tab in enumerate(tabs)))
        finally:
            cpu.append(server.cpu_seconds())
            await asyncio.gather(*(tab.close() for tab in tabs))

    asyncio.run(everyone())
    return answers, (cpu[1] - cpu[0]) / max(1, len(answers))
