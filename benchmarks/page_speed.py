"""Page speed against the budget: the first render of every page in a new browser
session on a warm server (<= 5 s) and a widget change (<= 2 s), for this tree and for a
baseline commit, in one run on this machine.

    python benchmarks/page_speed.py [--baseline REF] [--pack embedded] [--repeat 2]

For each tree (the baseline, exported with ``git archive REF`` into a temporary folder,
then this working tree) it starts ``streamlit run app.py`` on a free local port and
warms the server: every page's starting link is opened once (the road engine, the first
solves, the caches). Then, for each page and each repeat, it opens a new browser context
(a new session) on that link and times until the page's fingerprint is on screen and
the script run has finished (the first render, on a warm server); then it moves one
widget (hours on Coverage, K on Deploy, the sidebar's date elsewhere) one step with the
keyboard and times until the new fingerprint is on screen and the run has finished (a
widget change). Repeat ``j`` starts two steps further along than repeat ``j - 1``, so
each widget change asks for a value the server has not computed yet: the change is
never a cache hit. Prints one line per measurement and the budget table (page,
measured, budget, met?). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FP = re.compile(r"fingerprint ([0-9a-f]{12})")
CHROMIUM = os.environ.get("OXYGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGES = ("overview", "coverage", "supply", "plan", "deploy", "risk", "data", "method")
FIRST_BUDGET_S = 5.0
CHANGE_BUDGET_S = 2.0
# the widget a viewer moves on each page: (where, index of the slider there, the URL
# parameter it shows); others: the sidebar's date
WIDGET = {"coverage": ("main", 0, "hours"), "deploy": ("main", 0, "k")}
SIDEBAR_DATE = ("sidebar", 0, "date")
# the scenario's defaults (geo/scenario.py SPECS), spelled here so that a baseline tree
# is driven by the same links; one slider step of each
START = {"date": "2021-07-15", "k": 9, "hours": 12.0}
STEP = {"date": 1, "k": 1, "hours": 0.5}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_health(base: str, proc: subprocess.Popen, timeout_s: float = 240) -> None:
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


# the script run has finished (the attribute Streamlit's own e2e tests read) and no
# running indicator is shown
IDLE = (
    "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
    " return a && a.getAttribute('data-test-script-state') === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]'); }"
)
# a slider's keyboard handle: since Streamlit 1.5x (react-aria) a visually hidden
# <input type="range"> inside stSlider, no longer an element with role="slider"
SLIDER = "[data-testid='stSlider'] input[type='range']"


def _fingerprint(page) -> str:
    text = page.locator("[data-testid='fingerprint']").last.inner_text()
    found = FP.search(text)
    return found.group(1) if found else ""


def _start_value(param: str, offset: int) -> str:
    """The widget's value at the start of repeat ``offset`` (two steps per repeat)."""
    steps = 2 * offset
    if param == "date":
        return (date.fromisoformat(START["date"]) + timedelta(days=steps)).isoformat()
    if param == "k":
        return str(START["k"] + steps * STEP["k"])
    return f"{START['hours'] + steps * STEP['hours']:g}"


def _link(base: str, name: str, pack: str, offset: int) -> str:
    # the root with ?page= (a link form both trees open; an older /overview may not)
    param = WIDGET.get(name, SIDEBAR_DATE)[2]
    return f"{base}/?page={name}&pack={pack}&lang=en&{param}={_start_value(param, offset)}"


def _open(browser, url: str, timeout_ms: int):
    """A new context (a new Streamlit session) on ``url``, only 127.0.0.1 reachable;
    returns (context, page, seconds until the page is rendered and idle)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    start = time.perf_counter()
    page.goto(url, timeout=timeout_ms, wait_until="commit")
    page.wait_for_selector("[data-testid='fingerprint']", timeout=timeout_ms)
    page.wait_for_function(IDLE, timeout=timeout_ms)
    return context, page, time.perf_counter() - start


def _warm(browser, base: str, name: str, pack: str, offset: int, timeout_ms: int) -> None:
    context, _, _ = _open(browser, _link(base, name, pack, offset), timeout_ms)
    context.close()


def _measure(
    browser, base: str, name: str, pack: str, offset: int, timeout_ms: int
) -> tuple[float, float]:
    """(first render s, widget change s) of one page in a new session."""
    context, page, first = _open(browser, _link(base, name, pack, offset), timeout_ms)
    before = _fingerprint(page)
    where, index, _ = WIDGET.get(name, SIDEBAR_DATE)
    scope = "[data-testid='stSidebar']" if where == "sidebar" else "[data-testid='stMain']"
    thumb = page.locator(f"{scope} {SLIDER}").nth(index)
    thumb.focus()
    start = time.perf_counter()
    thumb.press("ArrowRight")
    page.wait_for_function(
        "(fp) => { const e = [...document.querySelectorAll(\"[data-testid='fingerprint']\")]"
        ".pop(); return e && !e.innerText.includes(fp); }",
        arg=before,
        timeout=timeout_ms,
    )
    page.wait_for_function(IDLE, timeout=timeout_ms)
    change = time.perf_counter() - start
    context.close()
    return first, change


def _tree(ref: str, into: Path) -> Path:
    """The files of commit ``ref`` (git archive), without touching the repository."""
    archive = into / "tree.tar"
    subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", "-o", str(archive), ref], check=True
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def _run_tree(root: Path, label: str, args, browser_factory) -> dict[str, tuple[float, float]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, OXYGEN_DATA_ROOT=args.data_root)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    out: dict[str, tuple[float, float]] = {}
    try:
        _wait_health(base, proc)
        browser = browser_factory()
        for name in PAGES:  # warm the server: engine, first solves, caches
            for offset in range(args.repeat):
                _warm(browser, base, name, args.pack, offset, args.timeout_ms)
        for name in PAGES:
            runs = [
                _measure(browser, base, name, args.pack, offset, args.timeout_ms)
                for offset in range(args.repeat)
            ]
            first = statistics.median(r[0] for r in runs)
            change = statistics.median(r[1] for r in runs)
            out[name] = (first, change)
            print(f"tree={label} page={name} first_s={first:.2f} change_s={change:.2f}")
        browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def _table(results: dict[str, dict[str, tuple[float, float]]]) -> str:
    """The budget table: one row per page and measure, the baseline beside this tree."""
    labels = list(results)
    head = ["page", "measure", *labels, "budget", "met (this tree)"]
    rows = []
    for name in PAGES:
        for i, (measure, budget) in enumerate(
            (("first render", FIRST_BUDGET_S), ("widget change", CHANGE_BUDGET_S))
        ):
            cells = [f"{results[label][name][i]:.2f} s" for label in labels]
            met = results["this tree"][name][i] <= budget
            rows.append([name, measure, *cells, f"<= {budget:g} s", "yes" if met else "no"])
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="HEAD~1", help="commit to compare with (git ref)")
    ap.add_argument("--pack", default="embedded")
    ap.add_argument("--data-root", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--repeat", type=int, default=2, help="sessions per page (median)")
    ap.add_argument("--timeout-ms", type=int, default=600_000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:

        def launch():
            return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        ref = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", args.baseline],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        results = {
            f"baseline {ref}": _run_tree(_tree(args.baseline, Path(tmp)), ref, args, launch),
            "this tree": _run_tree(REPO, "this", args, launch),
        }
    print()
    print(
        f"budget: first render <= {FIRST_BUDGET_S:g} s, widget change <= {CHANGE_BUDGET_S:g} s "
        f"(pack {args.pack}, new session per page, warm server, median of {args.repeat}; "
        "widget changes to values not yet computed)"
    )
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    print(_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
