"""Page times in a running app: how long a page takes to show its figures when the
scenario changes (another hours value, K or date), on the real pack, in Chromium.

    python benchmarks/page_speed.py [--data-root ../shared/data] [--pack indonesia-2021]

Starts ``streamlit run app.py`` on a free local port (the data folder is the operator's
setting, passed as OXYGEN_DATA_ROOT), opens each page once to warm the server, then opens
each page again with changed scenario values and times until the page's fingerprint for
that scenario is on screen. Prints one line per measurement and, as ratios, each time
against the warm time of the same page with its default scenario, measured in this run.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FP = re.compile(r"fingerprint ([0-9a-f]{12})")
CHROMIUM = os.environ.get("OXYGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CHANGES = {
    "coverage": [{"hours": "6"}, {"hours": "24"}, {"hours": "48"}],
    "deploy": [{"k": "5"}, {"hours": "6"}, {"date": "2021-07-20"}],
    "supply": [{"date": "2021-07-10"}, {"date": "2021-07-25"}, {"trucks": "80"}],
    "overview": [{"date": "2021-07-05"}, {"date": "2021-07-28"}],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_health(base: str, proc: subprocess.Popen, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("streamlit did not start")


def _open(browser, url: str, timeout_ms: int = 600_000) -> float:
    """Seconds from navigation until the page shows its fingerprint (rendered to the end)."""
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    start = time.perf_counter()
    page.goto(url, timeout=timeout_ms, wait_until="commit")
    page.wait_for_selector("[data-testid='fingerprint']", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-root", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument(
        "--packs",
        default="embedded,indonesia-2021",
        help="packs to time, comma-separated; the last is the baseline of the ratios",
    )
    args = ap.parse_args()
    packs = args.packs.split(",")
    from playwright.sync_api import sync_playwright

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, OXYGEN_DATA_ROOT=args.data_root)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_health(base, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            times: dict[tuple[str, str, str], float] = {}
            for pack in reversed(packs):  # baseline first: its cold start loads the files
                for page, changes in CHANGES.items():
                    url = f"{base}/?page={page}&pack={pack}&lang=en"
                    cold = _open(browser, url)
                    warm = _open(browser, url)
                    times[(pack, page, "cold")], times[(pack, page, "warm")] = cold, warm
                    print(f"pack={pack} page={page} cold_s={cold:.2f} warm_s={warm:.2f}")
                    for change in changes:
                        query = "&".join(f"{k}={v}" for k, v in change.items())
                        seconds = _open(browser, f"{url}&{query}")
                        times[(pack, page, query)] = seconds
                        print(
                            f"pack={pack} page={page} change={query} seconds={seconds:.2f} "
                            f"ratio_vs_warm_default={seconds / warm:.2f}"
                        )
            baseline = packs[-1]
            for pack in packs[:-1]:
                for key in [k for k in times if k[0] == pack]:
                    ref = times.get((baseline, *key[1:]))
                    if ref:
                        print(
                            f"ratio pack={pack} vs {baseline} page={key[1]} {key[2]}: "
                            f"{times[key] / ref:.2f}"
                        )
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
