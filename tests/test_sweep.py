"""Scenario sweeps (geo/sweep.py): distributions, seeded draws, summaries, files, Dask.

The machinery is checked on a small time-expanded LP built on arrays here (two lines,
two provinces, three days, a shipment and a stock; solved by HiGHS), whose answers can
be worked out by hand; the slow tests run the real model of the embedded pack through a
real ``dask scheduler`` and two ``dask worker`` processes.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from geo import sweep
from geo.errors import DataError
from geo.scenario import Scenario

REPO = Path(__file__).resolve().parents[1]

# ----------------------------------------------------------------------- a small LP


@dataclasses.dataclass(frozen=True)
class TinyPlan:
    """Two supply lines, two provinces, three days, solved as one LP.

    Line ``a`` (estimated, 10 t/day) reaches province 1 the same day (6 h one way) and
    province 2 the next day (30 h); line ``b`` (published, 4 t/day) only reaches
    province 2, the same day (4 h). A shipment of 6 t lands in province 1 on day 2.
    Provinces keep stock (start 0). Trucks: each t delivered takes (2 r + handling) /
    drive_h / 20 trucks for a day."""

    kind = "tiny"
    codes = np.array([1, 2])
    dates = ("2021-07-01", "2021-07-02", "2021-07-03")
    line_ids = ("a",)
    shipment_ids = ("s1",)
    central = np.array([[8.0, 12.0, 14.0], [5.0, 6.0, 6.0]])
    low = central * 0.5
    high = central * 2.0

    def solve(self, draw: sweep.Draw) -> np.ndarray:
        P, D = 2, 3
        demand = sweep.demand_at(self.central, self.low, self.high, draw.demand_z, level=0.8)
        profile = np.array([[10.0, 10.0, 10.0]])
        out_a = sweep.shift_profile(profile, draw.line_delay_days, active_before=[True])[0]
        out_a = out_a * draw.line_factor[0]
        cap = {"a": out_a, "b": np.full(D, 4.0)}
        arcs = [("a", 0, 0, 6.0), ("a", 1, 1, 30.0), ("b", 1, 0, 4.0)]  # line, prov, lead, h
        ship_day = 1 + int(draw.shipment_delay_days[0])
        ship = np.zeros((P, D))
        if ship_day < D:
            ship[0, ship_day] = 6.0 * draw.shipment_factor[0]
        # variables: x[arc, t] (sent on day t), stock[p, t], use[p, t], unmet[p, t]
        nx, ns = len(arcs) * D, P * D
        n = nx + 3 * ns

        def X(k, t):
            return k * D + t

        def S(p, t):
            return nx + p * D + t

        def U(p, t):
            return nx + ns + p * D + t

        def M(p, t):
            return nx + 2 * ns + p * D + t

        c = np.zeros(n)
        for k, (_, _, _, h) in enumerate(arcs):
            c[[X(k, t) for t in range(D)]] = h
        c[nx + 2 * ns :] = 1e4
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        for p in range(P):
            for t in range(D):
                row = np.zeros(n)  # stock balance
                row[S(p, t)] = 1.0
                if t:
                    row[S(p, t - 1)] = -1.0
                row[U(p, t)] = 1.0
                for k, (_, q, lead, _) in enumerate(arcs):
                    if q == p and t - lead >= 0:
                        row[X(k, t - lead)] = -1.0
                a_eq.append(row)
                b_eq.append(ship[p, t])
                row = np.zeros(n)  # use + unmet = demand
                row[U(p, t)], row[M(p, t)] = 1.0, 1.0
                a_eq.append(row)
                b_eq.append(demand[p, t])
        per_t = (2 * np.array([h for *_, h in arcs]) + draw.load_h + draw.unload_h) / (
            draw.drive_h * 20.0
        )
        for t in range(D):
            for line in ("a", "b"):
                row = np.zeros(n)
                for k, (name, *_) in enumerate(arcs):
                    if name == line:
                        row[X(k, t)] = 1.0
                a_ub.append(row)
                b_ub.append(cap[line][t])
            row = np.zeros(n)
            for k in range(len(arcs)):
                row[X(k, t)] = per_t[k]
            a_ub.append(row)
            b_ub.append(float(draw.trucks))
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, method="highs")
        assert res.status == 0, res.message
        use = res.x[nx + ns : nx + 2 * ns].reshape(P, D)
        unmet = res.x[nx + 2 * ns :].reshape(P, D)
        return np.stack([demand, use, unmet])


@dataclasses.dataclass(frozen=True)
class TinySource:
    tag: str = "tiny"

    def key(self):
        return ("tiny", self.tag)

    def build(self):
        return TinyPlan()


def fixed(value: float, **kw) -> sweep.Dist:
    return sweep.Dist("fixed", value, value, **kw)


CENTRAL = sweep.DISTRIBUTIONS | {
    "demand_z": fixed(0.0),
    "line_factor": fixed(1.0),
    "line_delay_days": fixed(0.0, integer=True),
    "shipment_delay_days": fixed(0.0, integer=True),
    "shipment_factor": fixed(1.0),
    "drive_h": fixed(12.0),
    "load_h": fixed(2.0),
    "unload_h": fixed(2.0),
    "trucks": fixed(100.0, integer=True),
}


def run_tiny(dists=None, *, draws=8, seed=7, batch=None) -> sweep.Sweep:
    return sweep.run(
        TinySource(),
        dists,
        draws=draws,
        seed=seed,
        scenario=Scenario(),
        content_hash="tiny",
        batch_draws=batch,
    )


# ----------------------------------------------------------------------- by hand


def test_tiny_plan_by_hand_at_the_centre():
    """Demand 34 t (province 1) + 17 t (province 2) = 51 t; supply 30 t (line a) + 12 t
    (line b) + 6 t (shipment) = 48 t, all usable (stocks carry), so 3 t unmet, at least
    1 t of it in province 2 on day 1: line b sends 4 t against 5 and line a's leg to it
    takes a day."""
    result = run_tiny(CENTRAL, draws=1)
    demand, delivered, unmet = result.values[0]
    np.testing.assert_allclose(demand, TinyPlan.central)
    assert unmet.sum() == pytest.approx(3.0, abs=1e-9)
    assert unmet[1, 0] >= 1.0 - 1e-9
    np.testing.assert_allclose(delivered + unmet, demand)
    summary = sweep.summarize(result, min_days=1)
    days = summary["province_days"].set_index(["code", "date"])
    assert days.loc[(2, "2021-07-01"), "p_short"] == 1.0
    assert summary["national"]["unmet_mean_t"].sum() == pytest.approx(3.0, abs=1e-9)


def test_a_late_shipment_costs_its_tonnes():
    """Two days late, the shipment lands after the window: 6 t more unmet (9 t)."""
    late = CENTRAL | {"shipment_delay_days": fixed(2.0, integer=True)}
    assert run_tiny(late, draws=1).values[0, 2].sum() == pytest.approx(9.0, abs=1e-9)


def test_a_smaller_line_costs_its_tonnes():
    """Line a at 0.9 delivers 27 t instead of 30: 3 t more unmet (6 t)."""
    low = CENTRAL | {"line_factor": fixed(0.9)}
    assert run_tiny(low, draws=1).values[0, 2].sum() == pytest.approx(6.0, abs=1e-9)


def test_fewer_trucks_never_less_unmet():
    rows = []
    for trucks in (0, 1, 2, 5, 100):
        d = CENTRAL | {"trucks": fixed(float(trucks), integer=True)}
        rows.append(run_tiny(d, draws=1).values[0, 2].sum())
    assert all(a >= b - 1e-9 for a, b in zip(rows, rows[1:], strict=False))
    # no truck: nothing moves but the shipment, which lands in province 1's stock
    assert rows[0] == pytest.approx(TinyPlan.central.sum() - 6.0)
    assert rows[-1] == pytest.approx(3.0)


def test_demand_at_reaches_the_interval_ends():
    k = 1.2815515655446004
    c, lo, hi = np.array([[10.0]]), np.array([[5.0]]), np.array([[40.0]])
    assert sweep.demand_at(c, lo, hi, np.array([0.0]), level=0.8)[0, 0] == pytest.approx(10)
    assert sweep.demand_at(c, lo, hi, np.array([k]), level=0.8)[0, 0] == pytest.approx(40)
    assert sweep.demand_at(c, lo, hi, np.array([-k]), level=0.8)[0, 0] == pytest.approx(5)
    # half-way up in z is the geometric mean of centre and high end
    assert sweep.demand_at(c, lo, hi, np.array([k / 2]), level=0.8)[0, 0] == pytest.approx(20)
    # a zero low end: linear below the centre
    zero = sweep.demand_at(c, np.array([[0.0]]), hi, np.array([-k / 2]), level=0.8)
    assert zero[0, 0] == pytest.approx(5)


def test_shift_profile_by_hand():
    out = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 5.0, 6.0, 6.0]])
    shifted = sweep.shift_profile(out, np.array([2, 1]), active_before=[False, True])
    np.testing.assert_array_equal(shifted, [[0, 0, 1, 2], [5, 5, 5, 6]])


def test_summary_by_hand():
    """Four draws, one province, three days; short when unmet > 0.1 t."""
    unmet = np.array([[0, 0, 0], [1, 1, 0], [1, 1, 1], [0, 0.05, 2]], dtype=float)
    demand = np.full_like(unmet, 5.0)
    values = np.stack([demand, demand - unmet, unmet], axis=1)[:, :, None, :]
    s = sweep.Sweep(
        "0" * 12,
        {"shortage_t": 0.1},
        np.array([31]),
        ("2021-07-01", "2021-07-02", "2021-07-03"),
        values,
        draws_table=None,
    )
    out = sweep.summarize(s, min_days=2)
    prov = out["provinces"].iloc[0]
    assert prov["p_short_any"] == 0.75  # draws 2, 3, 4
    assert prov["p_short_min_days"] == 0.5  # draws 2 and 3
    assert prov["days_short_mean"] == pytest.approx((0 + 2 + 3 + 1) / 4)
    pd_ = out["province_days"]
    assert pd_["p_short"].tolist() == [0.5, 0.5, 0.5]  # 0.05 t is not short
    assert pd_["unmet_mean_t"].tolist() == pytest.approx([0.5, 0.5125, 0.75])
    curve = out["days_short"]["p_at_least"].tolist()
    assert curve == [0.75, 0.5, 0.25]


# ----------------------------------------------------------------------- draws


def test_same_seed_same_numbers_any_batching():
    a = run_tiny(draws=9, seed=3, batch=1)
    b = run_tiny(draws=9, seed=3, batch=4)
    c = run_tiny(draws=9, seed=3, batch=9)
    assert np.array_equal(a.values, b.values) and np.array_equal(a.values, c.values)
    assert a.fingerprint == b.fingerprint == c.fingerprint
    d = run_tiny(draws=9, seed=4)
    assert not np.array_equal(a.values, d.values)
    assert d.fingerprint != a.fingerprint


def test_a_draw_does_not_depend_on_how_many_are_made():
    few, many = run_tiny(draws=3, seed=11), run_tiny(draws=12, seed=11)
    assert np.array_equal(few.values, many.values[:3])
    assert few.fingerprint != many.fingerprint  # N is in the fingerprint


def test_draws_are_spread_over_the_stated_bounds():
    d = sweep.validate(sweep.DISTRIBUTIONS)
    draws = [
        sweep.sample_draw(d, seed=1, index=i, n_provinces=3, n_lines=2, n_shipments=1)
        for i in range(400)
    ]
    trucks = np.array([x.trucks for x in draws])
    assert trucks.min() >= 92 and trucks.max() <= 265 and len(set(trucks)) > 50
    drive = np.array([x.drive_h for x in draws])
    assert 8 <= drive.min() and drive.max() <= 16
    z = np.stack([x.demand_z for x in draws])
    assert abs(z.mean()) < 0.15 and 0.85 < z.std() < 1.15
    # half the variance is common: provinces correlate at about 0.5
    assert 0.35 < np.corrcoef(z[:, 0], z[:, 1])[0, 1] < 0.65
    delays = np.concatenate([x.shipment_delay_days for x in draws])
    assert set(delays) == {0, 1, 2, 3, 4}


# ----------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("name", "dist", "words"),
    [
        ("trucks", sweep.Dist("triangular", 300, 100, 132, integer=True), "above hi"),
        ("drive_h", sweep.Dist("uniform", 8, 30), "outside the allowed"),
        ("load_h", sweep.Dist("triangular", 1, 4, 6), "mode 6"),
        ("shipment_factor", sweep.Dist("uniform", float("nan"), 1.0), "not a finite"),
        ("line_delay_days", sweep.Dist("uniform", 0, 3), "whole numbers"),
        ("demand_z", sweep.Dist("uniform", -1, 1), "not allowed"),
        ("demand_z", sweep.Dist("normal", -3, 3, 0.0, sd=0.0), "sd > 0"),
        ("line_factor", sweep.Dist("beta", 0, 1), "not one of"),
        ("drive_h", sweep.Dist("fixed", 8, 12), "lo == hi"),
    ],
)
def test_invalid_distribution_names_the_parameter(name, dist, words):
    with pytest.raises(DataError) as err:
        sweep.validate(sweep.DISTRIBUTIONS | {name: dist})
    assert err.value.column == name and name in str(err.value) and words in str(err.value)


def test_unknown_or_missing_parameter():
    with pytest.raises(DataError, match="unknown sweep parameter 'fleet_size'"):
        sweep.validate(sweep.DISTRIBUTIONS | {"fleet_size": fixed(1.0)})
    partial = dict(sweep.DISTRIBUTIONS)
    partial.pop("trucks")
    with pytest.raises(DataError, match="'trucks' has no distribution"):
        sweep.validate(partial)


def test_parse_dist():
    name, d = sweep.parse_dist("trucks=triangular:100:265:132")
    assert name == "trucks" and (d.lo, d.hi, d.mode, d.integer) == (100, 265, 132, True)
    with pytest.raises(DataError) as err:
        sweep.parse_dist("drive_h=uniform:8")
    assert err.value.column == "drive_h"


def test_run_refuses_bad_counts():
    with pytest.raises(DataError, match="draws"):
        run_tiny(draws=0)
    with pytest.raises(DataError, match="seed"):
        run_tiny(seed=-1)


# ----------------------------------------------------------------------- files


def test_parquet_round_trip_and_listing(tmp_path):
    result = run_tiny(draws=5, seed=2)
    folder = tmp_path / sweep.SWEEPS_DIR
    folder.mkdir()
    sweep.write(result, folder / "a.parquet")
    (folder / "junk.parquet").write_bytes(b"not parquet")
    (folder / "notes.txt").write_text("x")
    back = sweep.read(folder / "a.parquet")
    assert back.fingerprint == result.fingerprint
    assert np.array_equal(back.values, result.values)
    assert back.draws_table.equals(result.draws_table)
    listing = sweep.list_sweeps(tmp_path)
    assert listing["fingerprint"].tolist() == [result.fingerprint]
    assert listing["draws"].tolist() == [5]
    assert sweep.list_sweeps(tmp_path / "missing").empty
    import pyarrow.parquet as pq

    table = pq.read_table(folder / "a.parquet")
    assert table.column_names == list(sweep.TABLE_COLUMNS)
    assert table.num_rows == 5 * 2 * 3
    with pytest.raises(DataError, match=r"\.parquet"):
        sweep.write(result, tmp_path / "a.csv")


def test_fingerprint_is_checked_as_hex():
    assert sweep.is_fingerprint("0123456789ab")
    assert not sweep.is_fingerprint("../../etc/pa")
    assert not sweep.is_fingerprint("0123456789AB")


# ----------------------------------------------------------------------- CLI


def test_cli_bad_distribution_exits_2(capsys):
    from geo.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["sweep", "--draws", "4", "--seed", "1", "--dist", "trucks=uniform:50:10"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "trucks" in err and "above hi" in err and len(err.strip().splitlines()) == 1


def test_cli_unreachable_scheduler_exits_2(capsys):
    from geo.cli import main

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(["sweep", "--draws", "4", "--seed", "1", "--scheduler", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "cannot reach the Dask scheduler" in err


@pytest.fixture
def cli_exit():
    """main() may raise SystemExit(2) from argparse."""

    def call(argv):
        from geo.cli import main

        try:
            return main(argv)
        except SystemExit as exc:
            return exc.code

    return call


def test_cli_usage_errors(cli_exit, capsys):
    assert cli_exit(["sweep", "--draws", "0", "--seed", "1"]) == 2
    assert cli_exit(["sweep", "--draws", "3", "--seed", "x"]) == 2
    assert cli_exit(["sweep", "--draws", "3", "--seed", "1", "--dist", "nope=fixed:1:1"]) == 2
    capsys.readouterr()


# ----------------------------------------------------------------------- Dask (real)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, timeout_s: float = 240.0) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def dask_cluster():
    """A real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1."""
    port = _free_port()
    env = os.environ | {"PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    procs = [
        subprocess.Popen(
            [*dask, "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    _wait_port(port)
    address = f"tcp://127.0.0.1:{port}"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--host",
                "127.0.0.1",
                "--dashboard-address",
                ":0",
                "--name",
                f"w{i}",
            ],  # fmt: skip
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for i in range(2)
    ]
    procs += workers
    from distributed import Client

    client = Client(address, timeout="120s", set_as_default=False)
    try:
        client.wait_for_workers(2, timeout=240)
        yield client, workers
    finally:
        client.close()
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def _real_source():
    from geo.packs import load_pack

    pack = load_pack("embedded")
    scen = Scenario()
    return sweep.PackSource(scen, content_hash=pack.content_hash), scen, pack.content_hash


DRAWS, SEED = 8, 20210715


@pytest.fixture(scope="module")
def serial_reference():
    source, scen, content = _real_source()
    return sweep.run(
        source, draws=DRAWS, seed=SEED, scenario=scen, content_hash=content, batch_draws=3
    )


@pytest.mark.slow
def test_two_dask_workers_give_the_serial_result(dask_cluster, serial_reference):
    client, _ = dask_cluster
    source, scen, content = _real_source()
    result = sweep.run(
        source,
        draws=DRAWS,
        seed=SEED,
        scenario=scen,
        content_hash=content,
        client=client,
        batch_draws=2,
    )
    assert result.fingerprint == serial_reference.fingerprint
    assert np.array_equal(result.values, serial_reference.values)
    assert result.draws_table.equals(serial_reference.draws_table)
    # both workers took part
    who = client.run(lambda: len(sweep._MODELS))
    assert sorted(who.values()) == [1, 1]


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_loses_nothing(dask_cluster, serial_reference):
    client, workers = dask_cluster
    source, scen, content = _real_source()
    killed = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 2 and not killed.is_set():  # a batch is in: kill one worker now
            os.killpg(workers[1].pid, signal.SIGKILL)
            killed.set()

    result = sweep.run(
        source,
        draws=DRAWS,
        seed=SEED,
        scenario=scen,
        content_hash=content,
        client=client,
        batch_draws=1,
        progress=progress,
    )
    assert killed.is_set() and workers[1].wait(timeout=10) == -signal.SIGKILL
    assert len(client.scheduler_info()["workers"]) == 1
    assert np.array_equal(result.values, serial_reference.values)
    assert result.fingerprint == serial_reference.fingerprint


# ----------------------------------------------------------------------- the plan's model


@dataclasses.dataclass(frozen=True)
class TinyPlanProblemSource:
    """The same story as :class:`TinyPlan`, as a geo.plan.PlanProblem solved by
    geo.plan.solve through :func:`geo.sweep.perturb_plan` (what PlanModel does)."""

    def key(self):
        return ("tiny-plan-problem",)

    def build(self):
        return TinyPlanProblemModel()


class TinyPlanProblemModel:
    """Line ``a`` (10 t/day) reaches province 1 the same day and province 2 a day later;
    shipment ``s`` lands 6 t at province 1's port on day 2. No stock at the start, no
    fleet limit: 51 t needed, 36 t usable (a's third day reaches only province 1), so
    15 t unmet, 5 of them province 2's first day (nothing gets there in time)."""

    kind = "tiny-plan"
    codes = np.array([1, 2])
    dates = ("2021-07-01", "2021-07-02", "2021-07-03")
    line_ids = ("a",)
    shipment_ids = ("shipment:s",)

    def __init__(self):
        from geo import plan

        central = np.array([[8.0, 12.0, 14.0], [5.0, 6.0, 6.0]])
        self.problem = plan.PlanProblem(
            dates=self.dates,
            source_ids=("a", "shipment:s"),
            province_codes=self.codes,
            supply_t=np.array([[10.0, 10.0, 10.0], [0.0, 6.0, 0.0]]),
            supply_before_t=np.zeros(2),
            source_store_t=np.array([0.0, np.inf]),
            lead_days=np.array([[0, 1], [0, -1]]),
            truck_cycle_h=np.full((2, 2), 10.0),
            container_cycle_h=np.full((2, 2), 10.0),
            demand_t=central,
            stock0_t=np.zeros(2),
            stock_cap_t=np.full(2, 100.0),
            trucks=np.full(3, np.inf),
            containers=np.full(3, np.inf),
            demand_low_t=central * 0.5,
            demand_high_t=central * 2.0,
        )

    def solve(self, draw):
        from geo import plan

        problem = sweep.perturb_plan(
            self.problem,
            draw,
            line_rows=np.array([0]),
            shipment_rows=np.array([1]),
            handling_h=4.0,
            trucks_for=None,
        )
        result = plan.solve(problem, policy="least-hours")
        return sweep.plan_arrays(result, self.codes, self.dates)


def run_plan_problem(dists, draws=1, seed=1):
    return sweep.run(
        TinyPlanProblemSource(),
        dists,
        draws=draws,
        seed=seed,
        scenario=Scenario(),
        content_hash="tiny-plan",
    )


def test_plan_problem_by_hand():
    unmet = run_plan_problem(CENTRAL).values[0, 2]
    assert unmet.sum() == pytest.approx(15.0, abs=1e-6)
    assert unmet[1, 0] == pytest.approx(5.0, abs=1e-6)
    late = CENTRAL | {"shipment_delay_days": fixed(2.0, integer=True)}
    assert run_plan_problem(late).values[0, 2].sum() == pytest.approx(21.0, abs=1e-6)
    small = CENTRAL | {"line_factor": fixed(0.9)}
    assert run_plan_problem(small).values[0, 2].sum() == pytest.approx(18.0, abs=1e-6)
    # a delay moves a line's start: one already running when the window opens is not
    # late (its later days shift; here they are all the same)
    slow = CENTRAL | {"line_delay_days": fixed(1.0, integer=True)}
    assert run_plan_problem(slow).values[0, 2].sum() == pytest.approx(15.0, abs=1e-6)


def test_plan_problem_draws_are_deterministic():
    a = run_plan_problem(None, draws=6, seed=5)
    b = run_plan_problem(None, draws=6, seed=5)
    assert np.array_equal(a.values, b.values)
    assert np.allclose(a.delivered_t + a.unmet_t, a.demand_t)
