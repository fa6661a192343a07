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

# The nine deployable oxygen concentrator systems (DOCS) Kemenperin bought: "each unit can
# supply oxygen for 700 COVID-19 patients a day", "well suited to regions far from the
# oxygen distribution routes"; announced Thursday 8 Jul 2021, "to arrive in Indonesia
# soon" (Antara, 8 Jul 2021:
# https://bengkulu.antaranews.com/nasional/berita/2256486/kemenperin-datangkan-oxygen-concentrator-untuk-pasien-covid-19 ;
# Bisnis.com, 9 Jul 2021: https://ekonomi.bisnis.com/read/20210709/257/1415859/kemenperin-dorong-impor-dan-produksi-oxygen-concentrator).
DOCS_PATIENTS_PER_DAY: float = 700.0
DOCS_ANNOUNCED: str = "2021-07-08"
# Assumption: the flow per patient behind "700 patients" is WHO's severe-patient planning
# flow (10 L/min = 14.4 m3/day), the same flow that turns unmet m3 into patient-days. Then
# one system = 700 x 14.4 = 10,080 m3/day = 420 m3/h, far above the usual PSA skid
# (15-60 m3/h, UNIT_SIZES_NM3_PER_H); at the 3 L/min observed mean (Hvarfner et al. 2022) it
# would be 126 m3/h. Whatever the flow, a unit averts at most 700 patient-days a day when
# both use it, which is why it is the default: it is the only published figure about
# these nine systems.
DOCS_PATIENT_LPM: float = SEVERE_PATIENT_LPM
DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY: float = (
    DOCS_PATIENTS_PER_DAY * DOCS_PATIENT_LPM * LPM_TO_M3_PER_DAY
)
DEFAULT_SYSTEM_CAPACITY_NM3_PER_H: float = DEFAULT_SYSTEM_CAPACITY_M3_PER_DAY / 24.0
# Assumption: a system works INSTALL_LEAD_DAYS after the later of the decision date and the
# announcement (shipping to the site, installation and commissioning of a containerised
# PSA plant; no installation date was published).
INSTALL_LEAD_DAYS: int = 3

# The sizes the deploy page compares: the reported size above and the WHO/UNICEF PSA
# catalogue sizes (deployable PSA systems are built at about 5-90 m3/h, most often
# 15-60 m3/h; ../shared/docs/DOMAIN.md; WHO technical specifications for PSA oxygen
# plants, 2020).
UNIT_SIZES_NM3_PER_H: tuple[float, ...] = (DEFAULT_SYSTEM_CAPACITY_NM3_PER_H, 60.0, 30.0, 15.0)

# ---------------------------------------------------------------- siting objective
# Value = patient-days without oxygen averted: each m3 a unit supplies to a hospital on a
# day its province is short is worth 1 / SEVERE_PATIENT_M3_PER_DAY patient-days (geo.relief).
# The shortfall by day comes from the time-expanded plan (geo.plan) over its window; until
# the plan gives one, from the scenario date's allocation held for each day of the window
# (labelled "steady"). The window: the plan's (DEFAULT_PLAN_FROM, DEFAULT_PLAN_DAYS below).
# The reaches, dates and sizes of the "how the plan changes" table.
DEPLOY_SENSITIVITY_HOURS: tuple[float, ...] = (2.0, 6.0, 12.0, 24.0)
DEPLOY_SENSITIVITY_DATES: tuple[str, ...] = ("2021-07-06", "2021-07-10", "2021-07-15", "2021-07-20")

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

# ---------------------------------------------------------------- location checks
# A hospital point is tested against its stated province's polygon widened by
# LOCATION_TOLERANCE_DEG (0.05 degrees, about 5.5 km: the ans4175 polygons are
# simplified). Assumption: a point outside that polygon but within
# LOCATION_NEAR_PROVINCE_KM of it is a coast or border the simplification moved, or an
# islet it dropped, and is kept as given (geo/locations.py).
LOCATION_TOLERANCE_DEG = 0.05
LOCATION_NEAR_PROVINCE_KM = 10.0

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
# The forecast's band is split-conformal on its own past errors: the forecasts made on
# each of the 21 days before it, at the same horizon, against the model's estimate of
# the day they forecast (known by the as-of date). Three weeks: long enough for several
# hundred province-day errors, short enough to follow the wave. (Assumption.)
FORECAST_CONFORMAL_DAYS: int = 21
# The Method page explains a region's demand growth between its reported figures when
# the model's growth differs from the reported growth by more than a quarter (either
# way): smaller differences are within the figures' own noise. (Assumption.)
GROWTH_EXPLAIN_RATIO: float = 1.25

# ------------------------------------------------------------------ scenario sweeps
# A province-day counts as short in a sweep when its unmet demand exceeds 0.1 t of
# liquid oxygen: 75 m3 of gas, about 5 severe patient-days at 14.4 m3/day. Far above the
# LP's round-off, far below any shortage a report would name. (Assumption.)
SWEEP_SHORTAGE_T: float = 0.1
