"""Chromium for the HTML renderer: find one, run one, lend out its pages, and leave nothing behind.

* :func:`find_chromium` picks the browser: a path given by the caller, else
  ``$QUOTECARDS_CHROMIUM``, else a headless shell (Playwright's own, or Debian's
  ``chromium-headless-shell``), else Playwright's Chromium, else a system Chromium or Chrome.
  A headless shell is Chrome's old headless mode on its own, without the windowing parts of the
  browser: it starts in about half the time and paints a card about a tenth faster.
* :class:`PagePool` runs that one browser with a pool of pages (asyncio).  A page whose renderer
  crashed is replaced, a browser that died is relaunched, and the job that met the crash is run
  once more.
* :class:`LoopThread` lets synchronous code (and code already inside an event loop) drive a pool.

Nothing is left running: the pool closes its browser in ``close()``, then kills, by process id,
any process still marked as ours (the profile folder on its command line, or a variable in its
environment), and removes the profile.  ``atexit`` closes pools a caller forgot, and SIGTERM is
turned into an exception while a pool is open, so that the same ``finally`` runs.

Playwright is imported inside functions only: ``quotecards --help`` must not load it.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from quotecards.errors import QuotecardsError

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, CDPSession, Page, Playwright, Route

ENV_VAR = "QUOTECARDS_CHROMIUM"
# Every process of one pool's browser inherits this variable (the crash handlers, which do not
# carry the profile on their command line, included): it finds them all when one must be killed.
MARK_VAR = "QUOTECARDS_BROWSER_RUN"
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Headless shells: Debian's package (`make browser`), Chrome for Testing's, Playwright's older one.
SHELL_NAMES = ("chromium-headless-shell", "chrome-headless-shell", "headless_shell")
LAUNCH_ARGS = (
    # Chromium will not start as root with its sandbox; the pages hold only our own templates,
    # with every request outside them aborted.
    "--no-sandbox",
    # Without these Chromium reaches for the network at start-up (updates, sync, field trials),
    # which is closed here and slows every launch.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No network at all: every card's page and asset is served by a Playwright route inside
    # the browser, so no name needs resolving (every one fails at once, IP literals included)
    # and any request that would leave goes to a proxy that is not there.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--no-pings",
    "--dns-prefetch-disable",
    "--disable-gpu",
    "--hide-scrollbars",
    "--mute-audio",
)
JOB_TIMEOUT = 60.0  # s: a page that takes longer than this to paint a card is treated as crashed
CLOSE_TIMEOUT = 10.0
_LONGEST_TMPDIR = 60  # bytes, leaving room for "/org.chromium.Chromium.XXXXXX/SingletonSocket"

T = TypeVar("T")


class BrowserError(QuotecardsError):
    """No Chromium to run, one that will not start, or one that keeps crashing."""


INSTALL_HINT = (
    "install one: as root on Debian or Ubuntu `apt-get install chromium-headless-shell` (or "
    "`apt-get install chromium`; `make browser` does it); where downloads work "
    "`python -m playwright install chromium`; or point $QUOTECARDS_CHROMIUM (or --chromium) at a "
    "Chromium or Chrome executable"
)


@dataclass(frozen=True, slots=True)
class Chromium:
    """A browser executable, and how it was found (for ``quotecards doctor``)."""

    path: Path
    found_by: str

    @property
    def shell(self) -> bool:
        """Whether it is a headless shell rather than the whole browser."""
        return self.path.name.removesuffix(".exe") in SHELL_NAMES

    @property
    def kind(self) -> str:
        return "headless shell" if self.shell else "browser"


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _unwrapped(path: Path) -> Path:
    """The program a launcher script runs (Debian's ``/usr/bin/chromium-headless-shell`` is
    ``/bin/sh`` running ``/usr/lib/chromium/chromium-headless-shell`` as its child): run the
    program itself, so that the browser's process is the one Playwright started and stops."""
    try:
        if path.stat().st_size > 4096:
            return path
        text = path.read_bytes()
    except OSError:
        return path
    if not text.startswith(b"#!"):
        return path
    for token in re.findall(rb"/[\w./+-]+", text.split(b"\n", 1)[-1]):
        inner = Path(os.fsdecode(token))
        if inner.name == path.name and inner != path and _executable(inner):
            return inner
    return path


def playwright_shell(environ: Mapping[str, str] | None = None) -> Path | None:
    """Playwright's own headless shell, when ``playwright install chromium`` downloaded it:
    found from the revision the installed driver expects, without starting the driver."""
    env = os.environ if environ is None else environ
    spec = importlib.util.find_spec("playwright")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations))) / "driver" / "package"
    try:
        browsers = json.loads((package / "browsers.json").read_text(encoding="utf-8"))["browsers"]
        revision = next(b["revision"] for b in browsers if b["name"] == "chromium-headless-shell")
    except (OSError, ValueError, KeyError, StopIteration):
        return None
    given = env.get("PLAYWRIGHT_BROWSERS_PATH")
    if given == "0":
        root = package / ".local-browsers"
    elif given:
        root = Path(given)
    elif sys.platform == "darwin" and env.get("HOME"):
        root = Path(env["HOME"]) / "Library" / "Caches" / "ms-playwright"
    elif sys.platform == "win32" and env.get("LOCALAPPDATA"):
        root = Path(env["LOCALAPPDATA"]) / "ms-playwright"
    elif env.get("HOME"):
        root = Path(env.get("XDG_CACHE_HOME") or Path(env["HOME"]) / ".cache") / "ms-playwright"
    else:
        return None
    folder = root / f"chromium_headless_shell-{revision}"
    for found in sorted(folder.glob("*/*")):
        if found.name.removesuffix(".exe") in SHELL_NAMES and _executable(found):
            return found
    return None


def find_chromium(
    explicit: str | os.PathLike[str] | None = None,
    *,
    bundled: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Chromium:
    """The Chromium to run.

    ``explicit`` (an option) wins, then ``$QUOTECARDS_CHROMIUM``, then a headless shell
    (Playwright's, then one on the ``PATH``), then ``bundled`` (Playwright's own Chromium, if its
    executable exists), then ``chromium``, ``chromium-browser`` or Chrome on the ``PATH``.  A
    path that was asked for but is not an executable is an error, not a reason to quietly use
    another browser.
    """
    env = os.environ if environ is None else environ
    for given, by in ((explicit, "the --chromium option"), (env.get(ENV_VAR), f"${ENV_VAR}")):
        if given:
            path = Path(given).expanduser()
            found = shutil.which(str(path)) if not path.is_absolute() else None
            path = Path(found) if found else path
            if not _executable(path):
                raise BrowserError(
                    f"{by} names {str(given)!r}, which is not an executable file; {INSTALL_HINT}"
                )
            return Chromium(path, by)
    shell = playwright_shell(env)
    if shell is not None:
        return Chromium(shell, "Playwright's download")
    for name in SHELL_NAMES:
        found = shutil.which(name, path=env.get("PATH", os.defpath))
        if found:
            return Chromium(_unwrapped(Path(found)), "the PATH")
    if bundled and _executable(Path(bundled)):
        return Chromium(Path(bundled), "Playwright's download")
    for name in SYSTEM_NAMES:
        found = shutil.which(name, path=env.get("PATH", os.defpath))
        if found:
            return Chromium(Path(found), "the PATH")
    raise BrowserError(f"no Chromium found for the HTML renderer; {INSTALL_HINT}")


def chromium_version(path: Path) -> str:
    """``Chromium 156.0.8078.108``, as the executable says, or why it would not say."""
    try:
        done = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else f"unknown (exit status {done.returncode})"


def describe(found: Chromium) -> str:
    """``Chromium 156.0.8078.114 headless shell``: the version and kind, for ``doctor`` and for
    cache keys (the two kinds paint alike but not to the byte)."""
    version = chromium_version(found.path)
    return f"{version} headless shell" if found.shell else version


async def _bundled(playwright: Playwright) -> str | None:
    """Playwright's own Chromium, when it was downloaded (``playwright install chromium``)."""
    try:
        path = playwright.chromium.executable_path
    except Exception:  # Playwright raises when its browsers are not installed
        return None
    return path if path and _executable(Path(path)) else None


def locate_chromium(explicit: str | os.PathLike[str] | None = None) -> Chromium:
    """:func:`find_chromium`, asking Playwright where its own download would be (only when
    no browser was named and no headless shell is found: asking starts Playwright's driver)."""
    with contextlib.suppress(BrowserError):
        found = find_chromium(explicit)
        if found.shell or found.found_by not in ("the PATH", "Playwright's download"):
            return found
    from playwright.async_api import async_playwright

    async def ask() -> str | None:
        async with async_playwright() as playwright:
            return await _bundled(playwright)

    return find_chromium(explicit, bundled=LoopThread.run_once(ask()))


# -- our processes ------------------------------------------------------------------------


def processes(profile: Path, mark: str) -> list[int]:
    """Ids of live processes of one pool's browser: the profile folder on the command line, or
    the mark in the environment, and their descendants (a headless shell starts its zygotes,
    renderers and GPU process with an empty environment).  Empty where there is no ``/proc``."""
    needle, env_needle = str(profile).encode(), f"{MARK_VAR}={mark}".encode()
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    marked: set[int] = set()
    parents: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        pid = int(entry.name)
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            if state == "Z":  # a zombie is already dead; its parent will reap it
                continue
            parents[pid] = int(parent)
            if needle in (entry / "cmdline").read_bytes() or env_needle in (
                entry / "environ"
            ).read_bytes().split(b"\0"):
                marked.add(pid)
        except (OSError, ValueError):  # gone meanwhile, or not ours to read
            continue
    found = set(marked)
    for pid in parents:
        chain, ancestor = [], parents.get(pid)
        while ancestor is not None and ancestor not in found and ancestor > 1 and len(chain) < 64:
            chain.append(ancestor)
            ancestor = parents.get(ancestor)
        if ancestor in found:
            found.add(pid)
    return sorted(found)


# Every pool this process started, for :func:`survivors`.
_started: list[tuple[Path, str]] = []


def survivors() -> list[int]:
    """Ids of live processes of any browser this Python process started.  Once every renderer
    is closed (after a run, or a test session) this is empty, or something leaked."""
    return [pid for profile, mark in _started for pid in processes(profile, mark)]


def kill_processes(profile: Path, mark: str, wait: float = 3.0) -> int:
    """Kill whatever is left of one pool's browser; how many processes there were."""
    pids = processes(profile, mark)
    for pid in pids:
        with contextlib.suppress(OSError):  # gone already
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while pids and processes(profile, mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(pids)


# -- the pool -----------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Slot:
    """One page of the pool, with its DevTools session and what the last card set on it."""

    page: Page
    cdp: CDPSession
    generation: int
    crashed: bool = False
    state: dict[str, Any] = field(default_factory=dict)


Prepare = Callable[[Slot], Awaitable[None]]
RouteHandler = Callable[["Route"], Awaitable[None]]


class PagePool:
    """One Chromium and ``size`` pages, each made ready by ``prepare`` (the card shell loaded).

    ``route`` sees every request of every page: it fulfils the template's own assets and aborts
    the rest.  Use as ``async with PagePool(...) as pool: await pool.run(job)``.
    """

    def __init__(
        self,
        chromium: str | os.PathLike[str] | None,
        *,
        size: int,
        scale: float,
        route: RouteHandler,
        prepare: Prepare,
    ) -> None:
        self._asked = chromium
        self.size = max(1, size)
        self.scale = scale
        self._route = route
        self._prepare = prepare
        self.chromium: Chromium | None = None
        self.version = ""
        self.profile = Path()
        self.profiles: list[Path] = []  # this one and those of browsers that died
        self.mark = uuid.uuid4().hex
        self._playwright: Playwright | None = None
        self._context: BrowserContext | None = None
        self._generation = 0
        self._idle: list[Slot] = []
        self._free = asyncio.Condition()
        self._launching = asyncio.Lock()
        self._closed = False
        self.restarts = 0

    async def __aenter__(self) -> PagePool:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def start(self) -> None:
        from playwright.async_api import async_playwright

        try:
            self._playwright = await async_playwright().start()
            self.chromium = find_chromium(self._asked, bundled=await _bundled(self._playwright))
            await self._launch()
            for _ in range(self.size):
                self._idle.append(await self._new_slot())
        except BaseException:
            await self.close()
            raise

    async def _launch(self) -> None:
        from playwright.async_api import Error as PlaywrightError

        assert self._playwright is not None and self.chromium is not None
        self.reap()  # what is left of a browser that died
        self.profile = Path(tempfile.mkdtemp(prefix="quotecards-chromium-"))
        self.profiles.append(self.profile)
        _started.append((self.profile, self.mark))
        env = {**os.environ, MARK_VAR: self.mark}
        # Chromium puts its singleton socket in $TMPDIR, and a socket's path may not pass 107
        # bytes: from a deep temporary folder it would not start at all.
        if len(tempfile.gettempdir()) > _LONGEST_TMPDIR and os.access("/tmp", os.W_OK):
            env["TMPDIR"] = "/tmp"
        try:
            context = await self._playwright.chromium.launch_persistent_context(
                self.profile,
                executable_path=self.chromium.path,
                headless=True,
                args=list(LAUNCH_ARGS),
                env=env,
                # Ctrl-C reaches Playwright's driver too: let our close() stop the browser,
                # so that it removes its own temporary files, rather than the driver kill it.
                handle_sigint=False,
                handle_sigterm=False,
                handle_sighup=False,
                device_scale_factor=self.scale,
                viewport={"width": 1080, "height": 1080},  # each job sizes its own page
                service_workers="block",
                accept_downloads=False,
                timeout=60_000,
            )
        except PlaywrightError as error:
            raise BrowserError(
                f"Chromium at {self.chromium.path} (from {self.chromium.found_by}) would not "
                f"start: {_first_line(error)}; `quotecards doctor` shows what it found, and "
                f"${ENV_VAR} or --chromium can point at another Chromium or Chrome"
            ) from None
        self._context = context
        self._generation += 1
        generation = self._generation
        context.on("close", lambda _: self._lost(generation))
        await context.route("**/*", self._route)
        self.version = context.browser.version if context.browser else ""
        for page in context.pages:  # the blank tab a persistent context opens with
            await page.close()

    def _lost(self, generation: int) -> None:
        if generation == self._generation:
            self._context = None

    async def _new_slot(self) -> Slot:
        if self._context is None:
            async with self._launching:
                if self._context is None:
                    if self._closed:
                        raise BrowserError("the Chromium pool is closed")
                    self.restarts += 1
                    await self._launch()
        assert self._context is not None
        page = await self._context.new_page()
        slot = Slot(page, await self._context.new_cdp_session(page), self._generation)
        page.on("crash", lambda _: setattr(slot, "crashed", True))
        await self._prepare(slot)
        return slot

    def _broken(self, slot: Slot) -> bool:
        return (
            slot.crashed
            or slot.page.is_closed()
            or self._context is None
            or slot.generation != self._generation
        )

    async def _discard(self, slot: Slot) -> None:
        with contextlib.suppress(Exception):  # already gone with its renderer or browser
            await asyncio.wait_for(slot.page.close(), 5)

    async def _borrow(self) -> Slot:
        async with self._free:
            await self._free.wait_for(lambda: bool(self._idle))
            chosen = self._idle.pop(0)
        if self._broken(chosen):
            await self._discard(chosen)
            try:
                return await self._new_slot()
            except BaseException:
                await self._give_back(chosen)  # keep the pool's size: the next borrower retries
                raise
        return chosen

    async def _give_back(self, slot: Slot) -> None:
        async with self._free:
            self._idle.append(slot)
            self._free.notify()

    async def run(self, job: Callable[[Slot], Awaitable[T]], what: str = "a card") -> T:
        """``job(slot)`` on a free page.  If the page or the browser crashes under it (or it
        hangs for a minute), the page is replaced and the job runs once more."""
        from playwright.async_api import Error as PlaywrightError

        for attempt in (1, 2):
            slot = await self._borrow()
            try:
                result = await asyncio.wait_for(job(slot), JOB_TIMEOUT)
            except (PlaywrightError, TimeoutError) as error:
                if isinstance(error, TimeoutError):
                    slot.crashed = True
                if not self._broken(slot) and not await self._dead(slot):
                    await self._give_back(slot)
                    raise
                await self._discard(slot)
                await self._give_back(slot)  # replaced on its next borrowing
                if attempt == 2:
                    raise BrowserError(
                        f"Chromium crashed twice while rendering {what} ({_first_line(error)})"
                    ) from None
                continue
            except BaseException:
                await self._give_back(slot)
                raise
            await self._give_back(slot)
            return result
        raise AssertionError("unreachable")

    async def _dead(self, slot: Slot) -> bool:
        """Whether the page stopped answering (a crash Playwright has not reported yet)."""
        try:
            await asyncio.wait_for(slot.page.evaluate("1"), 5)
        except Exception:
            slot.crashed = True
            return True
        return False

    async def close(self) -> None:
        """Close the browser, kill what is left of it, and remove its profile."""
        self._closed = True
        context, self._context = self._context, None
        if context is not None:
            with contextlib.suppress(Exception):  # dead already, or hung: reap() settles it
                await asyncio.wait_for(context.close(), CLOSE_TIMEOUT)
        playwright, self._playwright = self._playwright, None
        if playwright is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(playwright.stop(), CLOSE_TIMEOUT)
        self.reap()

    def processes(self) -> list[int]:
        """Ids of this pool's live browser processes, of any launch."""
        return sorted({pid for profile in self.profiles for pid in processes(profile, self.mark)})

    def reap(self) -> None:
        """Kill whatever is left of the browser and remove its profile (needs no event loop,
        so it also runs when the loop is gone)."""
        if self.profile != Path():
            kill_processes(self.profile, self.mark)
            # A killed browser leaves the folder of its singleton socket in $TMPDIR; the
            # profile's link names it.
            socket = self.profile / "SingletonSocket"
            if socket.is_symlink():
                folder = Path(os.readlink(socket)).parent
                if folder.name.startswith(("org.chromium.", ".org.chromium.", "com.google.")):
                    shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(self.profile, ignore_errors=True)


# -- driving a pool from synchronous code -------------------------------------------------

_open_loops: weakref.WeakSet[LoopThread] = weakref.WeakSet()


class LoopThread:
    """An event loop on a thread of its own.

    Synchronous callers wait on it, and so can callers inside another event loop (a notebook);
    a Ctrl-C in the caller cancels what it waited for.  ``on_close`` (the pool's close) runs on
    :meth:`close`, at exit if nobody called it, and before SIGTERM ends the process.
    """

    def __init__(self, name: str = "quotecards-chromium") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()
        self._closers: list[Callable[[], Coroutine[Any, Any, None]]] = []
        self._reapers: list[Callable[[], None]] = []
        self._previous_term: Any = None
        self._closed = False
        _open_loops.add(self)
        self._catch_sigterm()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the loop and wait for it."""
        return self.wait(self.submit(coroutine))

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        if self._closed:
            coroutine.close()
            raise BrowserError("the Chromium pool is closed")
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    @staticmethod
    def wait(future: concurrent.futures.Future[T]) -> T:
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    @staticmethod
    def run_once(coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on a short-lived loop of its own."""
        loop = LoopThread("quotecards-once")
        try:
            return loop.run(coroutine)
        finally:
            loop.close()

    def on_close(
        self, closer: Callable[[], Coroutine[Any, Any, None]], reaper: Callable[[], None]
    ) -> None:
        """Run ``closer()`` on the loop at close; ``reaper()`` (no loop needed) if that fails."""
        self._closers.append(closer)
        self._reapers.append(reaper)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            for closer in reversed(self._closers):
                # Whatever stops a close (a second Ctrl-C, a dead loop), the reapers still run.
                with contextlib.suppress(BaseException):
                    asyncio.run_coroutine_threadsafe(closer(), self.loop).result(3 * CLOSE_TIMEOUT)
        finally:
            for reaper in self._reapers:
                reaper()
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
            if not self._thread.is_alive():
                self.loop.close()
            self._restore_sigterm()
            _open_loops.discard(self)

    def _catch_sigterm(self) -> None:
        # Python's default SIGTERM ends the process at once, without finally or atexit, and the
        # browser outlives it.  Raising instead lets the caller's cleanup run.  Only from the
        # main thread, and only over the default action: a handler the program set stays.
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            self._previous_term = signal.signal(signal.SIGTERM, _terminate)

    def _restore_sigterm(self) -> None:
        main = threading.current_thread() is threading.main_thread()
        if self._previous_term is not None and main:
            if signal.getsignal(signal.SIGTERM) is _terminate and not _open_loops - {self}:
                signal.signal(signal.SIGTERM, self._previous_term)
            self._previous_term = None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@atexit.register
def _close_forgotten() -> None:
    for loop in list(_open_loops):
        loop.close()
