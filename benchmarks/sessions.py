"""Twenty viewers at once: one server on the real pack, N Chromium sessions, every page.

    python benchmarks/sessions.py [--sessions 20] [--data-root ../shared/data]

Starts ``streamlit run app.py`` on a free local port (data folder from OXYGEN_DATA_ROOT,
the operator's setting), then N browser contexts open every page concurrently, each with
its own scenario (hours, K, date vary by session), and wait for the page's fingerprint.
Every request that leaves 127.0.0.1 is aborted. Prints the errors (exceptions, error
panels, timeouts), the slowest page, and the server's peak memory (VmHWM of the server
process and its children, read from /proc). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("OXYGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGES = ("overview", "coverage", "supply", "plan", "deploy", "risk", "data", "method")
DATES = ("2021-07-06", "2021-07-10", "2021-07-15", "2021-07-20", "2021-07-25")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    """VmHWM of a process (MB), from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def _session(browser, base: str, i: int, pack: str, timeout_ms: int) -> list[dict]:
    ctx = await browser.new_context()

    async def route(r):
        await (r.continue_() if r.request.url.startswith(base) else r.abort())

    await ctx.route("**/*", route)
    page = await ctx.new_page()
    rows = []
    for name in PAGES:
        query = (
            f"page={name}&pack={pack}&lang={'en' if i % 2 else 'id'}"
            f"&hours={6 + 6 * (i % 4)}&k={5 + i % 5}&date={DATES[i % len(DATES)]}"
        )
        start = time.perf_counter()
        error = ""
        try:
            await page.goto(f"{base}/?{query}", timeout=timeout_ms, wait_until="commit")
            await page.wait_for_selector(
                "[data-testid='fingerprint'], [data-testid='stException']", timeout=timeout_ms
            )
            await page.wait_for_function(
                "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
                " return a && a.getAttribute('data-test-script-state') === 'notRunning'; }",
                timeout=timeout_ms,
            )
            if await page.locator("[data-testid='stException']").count():
                error = "exception"
            elif await page.locator("[data-testid='stAlertContentError']").count():
                error = "error panel"
        except Exception as exc:  # a timeout or a crash is an error of this run
            error = type(exc).__name__
        rows.append(
            {"session": i, "page": name, "seconds": time.perf_counter() - start, "error": error}
        )
    await ctx.close()
    return rows


async def _run(base: str, n: int, pack: str, timeout_ms: int) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        results = await asyncio.gather(
            *(_session(browser, base, i, pack, timeout_ms) for i in range(n))
        )
        await browser.close()
    return [row for rows in results for row in rows]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--data-root", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--pack", default="indonesia-2021")
    ap.add_argument("--timeout-s", type=float, default=600)
    ap.add_argument("--budget-s", type=float, default=300, help="a session should settle by then")
    args = ap.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=dict(os.environ, OXYGEN_DATA_ROOT=args.data_root),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("streamlit did not start") from None
                time.sleep(0.5)
        start = time.perf_counter()
        rows = asyncio.run(_run(base, args.sessions, args.pack, int(args.timeout_s * 1000)))
        wall = time.perf_counter() - start
        peak = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    errors = [r for r in rows if r["error"]]
    slowest = max(rows, key=lambda r: r["seconds"])
    per_page = {name: max(r["seconds"] for r in rows if r["page"] == name) for name in PAGES}
    for r in errors:
        print(f"error session={r['session']} page={r['page']} {r['error']}")
    print(
        f"sessions={args.sessions} pages={len(rows)} errors={len(errors)} "
        f"wall_s={wall:.1f} slowest_page={slowest['page']} slowest_s={slowest['seconds']:.1f} "
        f"server_peak_mb={peak:.0f}"
    )
    print(" ".join(f"max_{k}_s={v:.1f}" for k, v in per_page.items()))
    # a session has settled when its last page is on screen: the sum of its pages' times
    per_session = {
        i: sum(r["seconds"] for r in rows if r["session"] == i) for i in range(args.sessions)
    }
    failed = {r["session"] for r in errors}
    settled = [i for i, t in per_session.items() if t <= args.budget_s and i not in failed]
    print(
        f"settled_within_{args.budget_s:g}s={len(settled)}/{args.sessions} "
        f"slowest_session_s={max(per_session.values()):.1f} "
        f"median_session_s={sorted(per_session.values())[len(per_session) // 2]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
