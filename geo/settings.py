"""Units, defaults and bounds: each written once, with its source.

Models, scenario specs, widgets and CLI validators import from here, so a unit or a
default is never typed twice (osmnx keeps the same habit in ``settings.py``). Every
number is either cited or marked as an assumption.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- units
# Liquid oxygen density 1.141 kg/L, so 1 t = 1000 / 1.141 = 876 L of liquid; the
# liquid-to-gas expansion ratio is about 1:860, so 876 L x 860 = 754 m3 of gas at about
# 15 C and 1 atm (../shared/docs/DOMAIN.md). NOT 861,000 L.
M3_GAS_PER_TONNE_LOX: float = 754.0

# 1 L/min x 1,440 min/day = 1,440 L/day = 1.44 m3/day (WHO: 10 L/min = 14.4 m3/day).
LPM_TO_M3_PER_DAY: float = 1.44

# WHO planning estimate for a severe patient: 10 L/min = 14.4 m3/day.
SEVERE_PATIENT_LPM: float = 10.0
SEVERE_PATIENT_M3_PER_DAY: float = SEVERE_PATIENT_LPM * LPM_TO_M3_PER_DAY

# --------------------------------------------------------------------- supply assets
# Kemenperin, 8 Jul 2021: 132 isotank trucks secured (voi.id/en/news/65492). A pack's
# supply layer overrides it; this is the fallback when a pack names no fleet.
DEFAULT_TRUCKS: int = 132
# 20 t of liquid oxygen per isotank trip (IMIP Morowali shipments, 5-6 Jul 2021,
# liputan6.com/amp/4598789).
DEFAULT_ISOTANK_T: float = 20.0

# The isotank-truck cycle (geo.allocation.FLEET_PARAMETERS gives the basis of each):
# loading and unloading hours per trip are assumptions; the working day is the legal
# limit for one commercial driver (UU 22/2009 Art. 90: 8 h, extendable to 12 h).
DEFAULT_LOAD_H: float = 2.0
DEFAULT_UNLOAD_H: float = 2.0
DEFAULT_DRIVING_H_PER_DAY: float = 12.0
HANDLING_RANGE_H: tuple[float, float] = (0.25, 24.0)
DRIVING_RANGE_H_PER_DAY: tuple[float, float] = (1.0, 24.0)

# Assumption (a scenario parameter, not a fact about Kemenperin's 9 systems, whose
# ratings were not published with the July 2021 figures): one deployable system is a
# skid-mounted or containerised PSA oxygen generator rated 30 Nm3/h. WHO's technical
# specifications for PSA oxygen plants (2020) give outputs "typically ranging from
# 2 Nm3/hr to 200 Nm3/hr"; procurement agencies list 15, 30, 40 and 60 m3/h as the most
# common containerised/skid sizes. 30 Nm3/h x 24 h = 720 m3/day, i.e. 50 severe
# patients at the WHO 10 L/min estimate.
DEFAULT_SYSTEM_CAPACITY_NM3_PER_H: float = 30.0
DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY: float = DEFAULT_SYSTEM_CAPACITY_NM3_PER_H * 24.0

# Deployable PSA systems are built at about 5-90 m3/h, most often 15-60 m3/h
# (../shared/docs/DOMAIN.md): the sizes the deploy page compares.
UNIT_SIZES_NM3_PER_H: tuple[float, ...] = (15.0, 30.0, 60.0)

# ---------------------------------------------------------------- siting objective
# A unit's value is the shortfall it relieves that resupply cannot relieve soon. Each
# m3/day of unmet demand at a hospital counts
#     1 + remote_weight x (resupply_days + wait_days) / RELIEF_DAYS_MAX
# resupply_days: hours from the nearest supply line by the fastest mode (road, ferry,
#     sea) / 24, capped at RELIEF_DAYS_MAX (also where nothing reaches the hospital);
# wait_days: PRODUCTION_WAIT_DAYS when the hospital's province is production-limited
#     (every line that reaches it is at capacity, so no truck can relieve it until new
#     supply exists), else 0.
# Assumption: a week is the horizon in which new supply arrived in July 2021
# (Kemenperin's 922.9 t/day, 650 of them imported, were added between 1 and 9 July).
RELIEF_DAYS_MAX: float = 7.0
PRODUCTION_WAIT_DAYS: float = 7.0
DEFAULT_REMOTE_WEIGHT: float = 1.0
REMOTE_WEIGHT_RANGE: tuple[float, float] = (0.0, 10.0)

# ------------------------------------------------------------------- network access
# Assumption: an access leg (from a point to the network) is the straight line x 1.3,
# a common road-network detour ratio for regional trips.
DETOUR_FACTOR: float = 1.3

# ------------------------------------------------------------------ scenario bounds
# (lo, hi) of every scenario number: URL validation, widgets and CLI validators share
# them.
HOURS_RANGE: tuple[float, float] = (0.5, 96.0)
HOURS_STEP: float = 0.5
DEFAULT_HOURS: float = 12.0
K_RANGE: tuple[int, int] = (1, 50)
DEFAULT_K: int = 9
TRUCKS_RANGE: tuple[int, int] = (0, 5000)
CAPACITY_RANGE_M3_PER_DAY: tuple[float, float] = (1.0, 1e6)
DEFAULT_DATE: str = "2021-07-15"

# ------------------------------------------------------------- time-expanded plan
# geo.plan: the window of days planned (the crisis weeks of 2021: 28 Jun - 1 Aug).
DEFAULT_PLAN_FROM: str = "2021-06-28"
DEFAULT_PLAN_DAYS: int = 35
PLAN_DAYS_RANGE: tuple[int, int] = (1, 120)
DEFAULT_POLICY: str = "least-hours"
# Assumption (need-floor policy): every province first gets as close as it can to half
# of its need each day, then the rest goes by least unmet and truck-hours.
NEED_FLOOR_SHARE: float = 0.5
# Assumption: hospital liquid-oxygen tanks hold 2 days of a province's demand on the
# first day of the plan, full at the start. Provincial health offices spoke of liquid
# stock for 1-3 days (Jawa Tengah end of June, Kalimantan Timur late July 2021;
# ../shared/docs/DOMAIN.md); 2 is the middle of that range, not a measured figure.
STOCK_COVER_DAYS: float = 2.0
# Assumption: a plant ships what it makes that day (no storage carried to the next day);
# a shipment's cargo waits at its port, in its isotanks, until trucks take it.
PLANT_STORE_DAYS: float = 0.0
# Assumption (flagged; no published count): the producers' own isotank trucks, which
# carried the medical supply before the mobilisation. Sized to the end-of-June medical
# supply, 850 t/day (Kemenperin, kompas.com 30 Jun 2021), at one 20 t trip per truck
# and working day: 850 / 20 = 42.5 -> 43 trucks.
PRODUCER_OWN_TRUCKS: int = 43
# The mobilised isotank trucks added to the producers' fleets, by the date they were
# ready. Kemenkes assessed on 3 Jul 2021 that 140 more were needed; Kemenperin counted
# 92 with its earlier 1,764 t/day statement (ikft.kemenperin.go.id/oksigen-medis, page
# undated: the 6 Jul date is an assumption, between the 3 Jul assessment and 8 Jul) and
# 132 ready on 8 Jul out of 265 inventoried (voi.id/en/news/65492; rm.id, 8 Jul 2021).
# A scenario's ``trucks`` scales this schedule (trucks / 132 x each step).
MOBILISED_TRUCKS: tuple[tuple[str, int], ...] = (("2021-07-06", 92), ("2021-07-08", 132))
# Assumption: each isotank truck hauls its own isotank container, so the container pool
# is the truck fleet; ships carry the containers that trucks bring to the port.
CONTAINERS_PER_TRUCK: float = 1.0
# Demand after ``as_of`` is forecast log-linearly from the last 7 days of cases.
FORECAST_FIT_DAYS: int = 7
