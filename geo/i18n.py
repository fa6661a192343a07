"""Interface strings in Bahasa Indonesia and English, kept in one place.

Data values (province and hospital names) stay as they are; only labels, legends and
help texts are translated. ``t(key, lang)`` falls back to English, then to the key.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "Oxygen logistics atlas: Indonesia",
        "id": "Atlas logistik oksigen: Indonesia",
    },
    "page_overview": {"en": "Overview map", "id": "Peta ringkasan"},
    "page_coverage": {"en": "Coverage", "id": "Jangkauan"},
    "page_supply": {"en": "Supply & demand", "id": "Pasokan & kebutuhan"},
    "page_deploy": {"en": "Deploy", "id": "Penempatan"},
    "page_data": {"en": "Data", "id": "Data"},
    "page_method": {"en": "Method & sources", "id": "Metode & sumber"},
    "language": {"en": "Language", "id": "Bahasa"},
    "pack": {"en": "Data pack", "id": "Paket data"},
    "deploy_meaning": {
        "en": "A unit serves its own hospital, and hospitals within {hours:g} h by road "
        "through a cylinder shuttle.",
        "id": "Satu unit melayani rumah sakitnya sendiri, dan rumah sakit dalam {hours:g} jam "
        "perjalanan darat melalui antar-jemput tabung.",
    },
    "deploy_objective": {
        "en": "Value = patient-days without oxygen averted: each m³ a unit supplies to a "
        "hospital on a day its province is short counts 1 / 14.4 patient-days (WHO severe "
        "flow, 10 L/min). Units work from {start} (announced 8 Jul 2021 + {lead} days to "
        "install, an assumption) to {end}; shortfall: {basis}.",
        "id": "Nilai = hari-pasien tanpa oksigen yang dicegah: tiap m³ yang dipasok unit ke "
        "rumah sakit pada hari provinsinya kekurangan bernilai 1 / 14,4 hari-pasien (aliran "
        "pasien berat WHO, 10 L/menit). Unit bekerja dari {start} (diumumkan 8 Jul 2021 + "
        "{lead} hari pemasangan, asumsi) sampai {end}; kekurangan: {basis}.",
    },
    "deploy_basis_steady": {
        "en": "the allocation of the scenario date held for every day (steady, until the "
        "time-expanded plan gives it by day)",
        "id": "alokasi tanggal skenario dipertahankan setiap hari (tetap, sampai rencana "
        "berjangka waktu memberikannya per hari)",
    },
    "deploy_basis_plan": {
        "en": "the time-expanded plan by day (rationing rule {policy})",
        "id": "rencana berjangka waktu per hari (aturan penjatahan {policy})",
    },
    "deploy_zero_value": {
        "en": "Zero-value plan: no hospital a unit could reach is short on the days the "
        "units work, so no site averts a patient-day. No sites are proposed; the inputs "
        "(date, reach, fleet) leave nothing for a concentrator system to do.",
        "id": "Rencana bernilai nol: tidak ada rumah sakit dalam jangkauan unit yang "
        "kekurangan pada hari unit bekerja, jadi tidak ada lokasi yang mencegah satu "
        "hari-pasien pun. Tidak ada lokasi yang diusulkan.",
    },
    "deploy_idle": {
        "en": "{idle} of {k} units have no shortfall within reach and are not placed.",
        "id": "{idle} dari {k} unit tidak memiliki kekurangan dalam jangkauan dan tidak "
        "ditempatkan.",
    },
    "kpi_patient_days": {
        "en": "Patient-days without oxygen averted",
        "id": "Hari-pasien tanpa oksigen yang dicegah",
    },
    "kpi_short_patient_days": {
        "en": "Patient-days short (all hospitals, days units work)",
        "id": "Hari-pasien kekurangan (semua RS, hari unit bekerja)",
    },
    "kpi_share_averted": {"en": "Share averted", "id": "Bagian yang dicegah"},
    "deploy_changes": {
        "en": "How the plan changes with the reach H and the date (re-solved plans)",
        "id": "Perubahan rencana menurut jangkauan H dan tanggal (diselesaikan ulang)",
    },
    "deploy_changes_compute": {
        "en": "Compute the table (8 more solves)",
        "id": "Hitung tabel (8 penyelesaian tambahan)",
    },
    "deploy_reported": {
        "en": "Shortages reported within a week of the date, beside this plan (model days "
        "short in the window; sites placed in the province)",
        "id": "Kekurangan yang dilaporkan dalam seminggu dari tanggal, di samping rencana ini "
        "(hari kekurangan menurut model; lokasi di provinsi itu)",
    },
    "deploy_extras": {
        "en": "Comparisons and unit sizes (computed after the plan)",
        "id": "Perbandingan dan ukuran unit (dihitung setelah rencana)",
    },
    "deploy_hosts": {
        "en": "Candidate sites: {n:,} hospitals that can host a unit (beds > 0 and a COVID-19 "
        "referral designation); left out: {dropped}.",
        "id": "Calon lokasi: {n:,} rumah sakit yang dapat menampung unit (tempat tidur > 0 "
        "dan rujukan COVID-19); tidak disertakan: {dropped}.",
    },
    "deploy_why": {"en": "Why each site", "id": "Alasan tiap lokasi"},
    "deploy_alternatives": {
        "en": "This plan against the K largest, the K most remote and the other rationing "
        "rule (patient-days averted on this plan's shortfall)",
        "id": "Rencana ini dibanding K terbesar, K terjauh dan aturan penjatahan lain "
        "(hari-pasien yang dicegah pada kekurangan rencana ini)",
    },
    "deploy_sizes": {
        "en": "Unit size: the reported one (700 patients a day at 10 L/min = {m3h:g} m³/h, "
        "the default: the only published figure about these nine systems) and the PSA "
        "catalogue sizes 60, 30 and 15 m³/h",
        "id": "Ukuran unit: yang dilaporkan (700 pasien sehari pada 10 L/menit = {m3h:g} "
        "m³/jam, bawaan: satu-satunya angka terbit tentang sembilan sistem ini) dan ukuran "
        "katalog PSA 60, 30 dan 15 m³/jam",
    },
    "marginal_compute": {
        "en": "Compute the value of each added system (K = 1..K, one solve each)",
        "id": "Hitung nilai tiap sistem tambahan (K = 1..K, satu penyelesaian per K)",
    },
    "data_root": {
        "en": "Data folder (for manifest packs)",
        "id": "Folder data (untuk paket manifest)",
    },
    "date": {"en": "Date", "id": "Tanggal"},
    "basemap": {"en": "Base map", "id": "Peta dasar"},
    "basemap_offline": {"en": "Offline outline", "id": "Garis pantai luring"},
    "basemap_osm": {
        "en": "OpenStreetMap tiles (needs internet)",
        "id": "Ubin OpenStreetMap (perlu internet)",
    },
    "copy_link": {"en": "Link to this scenario", "id": "Tautan ke skenario ini"},
    "copy_link_help": {
        "en": "Copy this link: it opens the same map and the same figures.",
        "id": "Salin tautan ini: membuka peta dan angka yang sama.",
    },
    "layer_errors": {
        "en": "Some layers could not be loaded; the others are shown.",
        "id": "Beberapa lapisan gagal dimuat; lapisan lain tetap ditampilkan.",
    },
    "url_warning": {"en": "Link parameter ignored", "id": "Parameter tautan diabaikan"},
    "provinces": {"en": "Provinces", "id": "Provinsi"},
    "hospitals": {"en": "Hospitals", "id": "Rumah sakit"},
    "plants": {"en": "Oxygen plants", "id": "Pabrik oksigen"},
    "demand_t": {"en": "Oxygen demand (t/day)", "id": "Kebutuhan oksigen (ton/hari)"},
    "active_cases": {"en": "Active cases", "id": "Kasus aktif"},
    "capacity_t": {"en": "Capacity (t/day)", "id": "Kapasitas (ton/hari)"},
    "beds": {"en": "Beds", "id": "Tempat tidur"},
    "class": {"en": "Class", "id": "Kelas"},
    "travel_time_h": {
        "en": "Travel time to nearest plant (h)",
        "id": "Waktu tempuh ke pabrik terdekat (jam)",
    },
    "hours": {"en": "Hours of road and ferry travel", "id": "Jam perjalanan darat dan feri"},
    "k_units": {"en": "Concentrator systems to deploy (K)", "id": "Jumlah sistem konsentrator (K)"},
    "capacity_unit": {"en": "Output per system (m³/day)", "id": "Keluaran per sistem (m³/hari)"},
    "load_report": {"en": "Load report", "id": "Laporan pemuatan"},
    "rows_read": {"en": "rows read", "id": "baris dibaca"},
    "rows_kept": {"en": "rows kept", "id": "baris dipakai"},
    "dropped": {"en": "dropped", "id": "dibuang"},
    "repaired": {"en": "repaired", "id": "diperbaiki"},
    "download_csv": {"en": "Download CSV", "id": "Unduh CSV"},
    "download_geojson": {"en": "Download GeoJSON", "id": "Unduh GeoJSON"},
    "download_map": {
        "en": "Download map (HTML, works offline)",
        "id": "Unduh peta (HTML, bisa luring)",
    },
    "kpi_demand": {"en": "Total demand", "id": "Total kebutuhan"},
    "kpi_supply": {"en": "Plant capacity", "id": "Kapasitas pabrik"},
    "kpi_hospitals": {"en": "Hospitals", "id": "Rumah sakit"},
    "kpi_covered": {"en": "Hospitals within reach", "id": "Rumah sakit terjangkau"},
    "kpi_supplied": {"en": "Supplied", "id": "Tersalurkan"},
    "kpi_covered_m3": {"en": "Demand covered (m³/day)", "id": "Kebutuhan terlayani (m³/hari)"},
    "kpi_patients": {"en": "≈ severe patients (10 L/min)", "id": "≈ pasien berat (10 L/menit)"},
    "kpi_share_unmet": {"en": "Share of unmet demand", "id": "Bagian kebutuhan tak terpenuhi"},
    "kpi_national_supply": {
        "en": "Secured supply (Kemenperin)",
        "id": "Pasokan terjamin (Kemenperin)",
    },
    "marginal": {
        "en": "What each additional unit adds",
        "id": "Tambahan dari tiap unit berikutnya",
    },
    "plan": {"en": "Deployment plan", "id": "Rencana penempatan"},
    "flows": {"en": "Flows from plants to provinces", "id": "Aliran dari pabrik ke provinsi"},
    "concentrator_systems": {"en": "Concentrator systems", "id": "Sistem konsentrator"},
    "province": {"en": "Province", "id": "Provinsi"},
    "all_provinces": {"en": "All provinces", "id": "Semua provinsi"},
    "solver_optimal": {"en": "optimal", "id": "optimal"},
    "download_brief": {
        "en": "Download one-page brief (PNG)",
        "id": "Unduh ringkasan satu halaman (PNG)",
    },
    "download_brief_pdf": {"en": "Download brief (PDF)", "id": "Unduh ringkasan (PDF)"},
    "local_supply": {"en": "Local supply (no truck needed)", "id": "Pasokan lokal (tanpa truk)"},
    "local_supply_help": {
        "en": "{concentrators:,} concentrators x 5 L/min + {systems} systems x {system:g} m³/day: "
        "they make oxygen from electricity and air. Cylinders are containers refilled at "
        "plants, so they are not counted as supply. They matter where trucks cannot reach, "
        "not for volume.",
        "id": "{concentrators:,} konsentrator x 5 L/menit + {systems} sistem x {system:g} m³/hari: "
        "menghasilkan oksigen dari listrik dan udara. Tabung adalah wadah yang diisi ulang di "
        "pabrik, jadi tidak dihitung sebagai pasokan. Penting di tempat yang tak terjangkau "
        "truk, bukan untuk volume.",
    },
    "supply_lines": {"en": "Supply lines", "id": "Jalur pasokan"},
    "kpi_medical_supply": {
        "en": "Delivered to medical use",
        "id": "Tersalurkan untuk medis",
    },
    "kpi_capacity": {
        "en": "National production capacity",
        "id": "Kapasitas produksi nasional",
    },
    "supply_quantities_help": {
        "en": "Three quantities: capacity (what producers can make), supply secured (what "
        "Kemenperin's statements add up: capacity plus additions and import commitments) and "
        "medical supply delivered on this date (production x the medical share in force, "
        "each change dated by the statement it comes from). Imports arrive as shipments, "
        "not as a daily flow. The allocation routes the delivered figure.",
        "id": "Tiga besaran: kapasitas (yang dapat diproduksi), pasokan terjamin (yang "
        "dijumlahkan pernyataan Kemenperin: kapasitas ditambah tambahan dan komitmen impor) "
        "dan pasokan medis tersalurkan pada tanggal ini (produksi x porsi medis yang berlaku, "
        "tiap perubahan bertanggal sesuai pernyataan sumbernya). Impor datang sebagai "
        "pengiriman, bukan aliran harian. Alokasi menyalurkan angka tersalurkan.",
    },
    "unknown_lines": {
        "en": "{n} line(s) with no published capacity are listed as unknown: never a source, "
        "never a plug.",
        "id": "{n} jalur tanpa kapasitas yang dipublikasikan dicantumkan sebagai tidak "
        "diketahui: bukan sumber, bukan pengisi selisih.",
    },
    "statements_title": {
        "en": "National statements against the model",
        "id": "Pernyataan nasional dibandingkan model",
    },
    "statements_help": {
        "en": "Each statement beside the model's figure of the same quantity (secured, "
        "capacity, production, medical) on the statement's own date; difference = model - "
        "reported.",
        "id": "Tiap pernyataan di samping angka model untuk besaran yang sama (terjamin, "
        "kapasitas, produksi, medis) pada tanggal pernyataan itu; selisih = model - laporan.",
    },
    "shipments_title": {
        "en": "Shipments: dated arrivals at ports",
        "id": "Pengiriman: kedatangan bertanggal di pelabuhan",
    },
    "shipments_help": {
        "en": "Tonnes of liquid oxygen on the day they arrived at a port ({arrived:,.0f} t "
        "arrived by {date}); committed = announced, not arrived by {date} ({committed} "
        "shipment(s)). A shipment is tonnes on a day, not a daily flow.",
        "id": "Ton oksigen cair pada hari tiba di pelabuhan ({arrived:,.0f} t tiba hingga "
        "{date}); komitmen = diumumkan, belum tiba hingga {date} ({committed} pengiriman). "
        "Pengiriman adalah ton pada satu hari, bukan aliran harian.",
    },
    "case_figures": {
        "en": "Case figures: {reported} of {total} provinces published on the day, {carried} "
        "carried forward (up to 7 days), {split} split from the national figure by population "
        "(hatched on the map).",
        "id": "Angka kasus: {reported} dari {total} provinsi dipublikasikan pada hari itu, "
        "{carried} diteruskan (hingga 7 hari), {split} dibagi dari angka nasional menurut "
        "penduduk (diarsir di peta).",
    },
    "imputed_provinces": {"en": "Imputed case figure", "id": "Angka kasus diperkirakan"},
    "backtest": {
        "en": "Backtest: modelled vs reported demand",
        "id": "Uji balik: model vs laporan",
    },
    "backtest_help": {
        "en": "Every reported demand figure in data/reported_demand.csv against the model's "
        "central value and band on that date (the scenario's demand parameters).",
        "id": "Setiap angka kebutuhan yang dilaporkan di data/reported_demand.csv dibanding "
        "nilai tengah dan rentang model pada tanggal itu (parameter kebutuhan skenario).",
    },
    "kpi_lines_sum": {"en": "Sum of the lines", "id": "Jumlah jalur"},
    "kpi_published_share": {"en": "Published share", "id": "Porsi yang dipublikasikan"},
    "interval_meaning": {
        "en": "Demand interval {low:,.0f}–{high:,.0f} t/day ({level}%): {inside} of {n} "
        "reported demand figures fell inside intervals built this way, leave-one-out (each "
        "figure predicted by a fit that had not seen it). Method: {method}.",
        "id": "Rentang kebutuhan {low:,.0f}–{high:,.0f} ton/hari ({level}%): {inside} dari {n} "
        "angka kebutuhan yang dilaporkan masuk rentang yang dibangun dengan cara ini, "
        "leave-one-out (setiap angka diprediksi oleh kalibrasi yang tidak melihatnya). "
        "Metode: {method}.",
    },
    "interval_uncalibrated": {
        "en": "Demand band {low:,.0f}–{high:,.0f} t/day from the low and high parameter "
        "scenarios (earlier active-case model): not a stated level.",
        "id": "Rentang kebutuhan {low:,.0f}–{high:,.0f} ton/hari dari skenario parameter "
        "rendah dan tinggi (model kasus aktif lama): bukan tingkat yang dinyatakan.",
    },
    "beds_filled": {
        "en": "{n} provinces have no published COVID-19 bed count or occupancy of their own "
        "near this date: filled from national figures (nearest date, national occupancy, "
        "share of national beds) and flagged.",
        "id": "{n} provinsi tidak punya angka tempat tidur COVID-19 atau keterisian sendiri "
        "di sekitar tanggal ini: diisi dari angka nasional (tanggal terdekat, keterisian "
        "nasional, porsi tempat tidur nasional) dan ditandai.",
    },
    "home_apart": {
        "en": "Home demand (patients on oxygen without a bed, cylinders and concentrators) "
        "{home:,.0f} t/day is shown apart: the Ministry's bed-based figures count beds only.",
        "id": "Kebutuhan di rumah (pasien butuh oksigen tanpa tempat tidur, tabung dan "
        "konsentrator) {home:,.0f} ton/hari ditampilkan terpisah: angka Kemenkes berbasis "
        "tempat tidur hanya menghitung tempat tidur.",
    },
    "validation": {
        "en": "Modelled demand against every reported figure",
        "id": "Kebutuhan model dibanding setiap angka yang dilaporkan",
    },
    "validation_help": {
        "en": "Line: the model's central value; band: its interval; points: the reported "
        "figures (data/reported_demand.csv). The table lists each figure's error in-sample "
        "and held out (leave-one-out).",
        "id": "Garis: nilai tengah model; pita: rentangnya; titik: angka yang dilaporkan "
        "(data/reported_demand.csv). Tabel memuat galat setiap angka dalam sampel dan "
        "ditahan (leave-one-out).",
    },
    "loo_median_error": {"en": "Held-out median error", "id": "Median galat ditahan"},
    "loo_coverage": {"en": "Inside their interval", "id": "Masuk rentangnya"},
    "loo_figures": {"en": "Reported figures", "id": "Angka yang dilaporkan"},
    "band_caption": {
        "en": "Demand band {d_low:,.0f}–{d_high:,.0f} t/day. Routed through the same chain: "
        "unmet {u_low:,.0f}–{u_high:,.0f} t/day; trucks needed with no fleet limit "
        "{t_low:,.1f} / {t_mid:,.1f} / {t_high:,.1f} (low / central / high demand). The "
        "band's ends keep the central routes: less demand draws less on them, more adds "
        "its extra over the spare capacity, so more demand never needs fewer trucks.",
        "id": "Rentang kebutuhan {d_low:,.0f}–{d_high:,.0f} ton/hari. Lewat rantai yang sama: "
        "tak terpenuhi {u_low:,.0f}–{u_high:,.0f} ton/hari; truk yang dibutuhkan tanpa batas "
        "armada {t_low:,.1f} / {t_mid:,.1f} / {t_high:,.1f} (kebutuhan rendah / tengah / tinggi). "
        "Ujung rentang memakai rute skenario tengah: kebutuhan lebih kecil memakai lebih "
        "sedikit, kebutuhan lebih besar menambah sisanya dari kapasitas yang tersisa, jadi "
        "kebutuhan lebih besar tidak pernah butuh truk lebih sedikit.",
    },
    "isotanks_at_sea": {
        "en": "{n:,.1f} isotanks are at sea on an average day (ships carry them; not trucks).",
        "id": "{n:,.1f} isotank berada di laut pada hari rata-rata (diangkut kapal, bukan truk).",
    },
    "fleet_binds_count": {
        "en": "Provinces where the fleet is what binds: {n}.",
        "id": "Provinsi yang dibatasi armada: {n}.",
    },
    "fleet_sensitivity": {
        "en": "Trucks needed: sensitivity",
        "id": "Truk dibutuhkan: sensitivitas",
    },
    "fleet_sensitivity_help": {
        "en": "Trucks needed with no fleet limit, by working hours per truck per day (x axis) "
        "and handling hours per trip (lines); the flat line is the fleet available.",
        "id": "Truk yang dibutuhkan tanpa batas armada, menurut jam kerja per truk per hari "
        "(sumbu x) dan jam bongkar muat per perjalanan (garis); garis datar adalah armada.",
    },
    "handling": {"en": "handling", "id": "bongkar muat"},
    "load_h": {"en": "Loading, h per trip", "id": "Muat, jam per perjalanan"},
    "unload_h": {"en": "Unloading, h per trip", "id": "Bongkar, jam per perjalanan"},
    "drive_h": {"en": "Working hours per truck per day", "id": "Jam kerja per truk per hari"},
    "sea_dependent": {
        "en": "Provinces whose reached hospitals depend on sea lanes",
        "id": "Provinsi yang rumah sakitnya bergantung pada jalur laut",
    },
    "kpi_unmet": {"en": "Unmet demand", "id": "Kebutuhan tak terpenuhi"},
    "kpi_trucks": {"en": "Isotank trucks needed", "id": "Truk isotank dibutuhkan"},
    "underserved": {"en": "Underserved", "id": "Kurang terlayani"},
    "reasons": {"en": "Reasons", "id": "Alasan"},
    "computing": {"en": "Computing…", "id": "Menghitung…"},
    "computing_engine": {
        "en": "Building the road graph and nearest-plant travel times (one multi-source pass)…",
        "id": "Membangun graf jalan dan waktu tempuh ke pabrik terdekat (satu kali hitung)…",
    },
    "done": {"en": "Done", "id": "Selesai"},
    "hospital_filter": {"en": "Filter hospitals on the map", "id": "Saring rumah sakit di peta"},
    "min_beds": {"en": "Minimum beds", "id": "Tempat tidur minimum"},
    "needs_layers": {
        "en": "This page needs layers that are empty in this pack",
        "id": "Halaman ini memerlukan lapisan yang kosong dalam paket ini",
    },
    "no_data": {"en": "No data for this layer.", "id": "Tidak ada data untuk lapisan ini."},
    "sources": {"en": "Sources", "id": "Sumber"},
    "assumptions": {"en": "Assumptions", "id": "Asumsi"},
    "method": {"en": "Demand method", "id": "Metode kebutuhan"},
    "method_auto": {
        "en": "Best held-out fit (chosen by leave-one-out)",
        "id": "Kecocokan terbaik (dipilih dengan leave-one-out)",
    },
    "method_cases": {
        "en": "From new cases (incidence, ESFT)",
        "id": "Dari kasus baru (insidensi, ESFT)",
    },
    "method_beds": {
        "en": "From occupied COVID-19 beds (Ministry)",
        "id": "Dari tempat tidur COVID-19 terisi (Kemenkes)",
    },
    "method_active": {
        "en": "From active cases (earlier model)",
        "id": "Dari kasus aktif (model lama)",
    },
    "preset": {"en": "Central parameters", "id": "Parameter tengah"},
    "preset_calibrated": {
        "en": "Calibrated on the reported figures",
        "id": "Dikalibrasi pada angka yang dilaporkan",
    },
    "preset_who": {"en": "WHO planning values", "id": "Nilai perencanaan WHO"},
    "fleet": {"en": "Isotank trucks available", "id": "Truk isotank tersedia"},
    "fleet_limit": {
        "en": "Limit supply by the truck fleet",
        "id": "Batasi pasokan dengan armada truk",
    },
    "offline_assets": {
        "en": "Map scripts are served by this app (no internet needed).",
        "id": "Skrip peta disajikan oleh aplikasi ini (tanpa internet).",
    },
    # the one-page brief (geo/brief.py)
    "brief_key_figures": {"en": "Key figures", "id": "Angka utama"},
    "brief_assumptions": {"en": "Assumptions", "id": "Asumsi"},
    "brief_no_data": {"en": "no data", "id": "tidak ada data"},
    # risk page (pages/risk.py, geo/sweep.py)
    "page_risk": {"en": "Risk", "id": "Risiko"},
    "risk_title": {
        "en": "Risk: the chance that each province runs short",
        "id": "Risiko: peluang tiap provinsi kekurangan oksigen",
    },
    "risk_intro": {
        "en": "Each draw is one plausible future: demand somewhere in its stated interval, "
        "estimated supply lines and shipments late or short, trucks and their working "
        "day as the distributions below state. The plan is solved for every draw; the "
        "share of draws in which a province is short is its probability.",
        "id": "Setiap undian adalah satu kemungkinan masa depan: kebutuhan di dalam "
        "intervalnya, jalur pasokan perkiraan dan pengiriman yang terlambat atau kurang, "
        "truk dan jam kerjanya sesuai distribusi di bawah. Rencana diselesaikan untuk "
        "setiap undian; bagian undian saat provinsi kekurangan adalah peluangnya.",
    },
    "risk_pick": {"en": "Sweep", "id": "Sapuan"},
    "risk_none": {
        "en": "No sweep yet: the operator writes sweeps into the data folder's sweeps/ "
        "(python -m geo sweep --out ...), or run a small one here.",
        "id": "Belum ada sapuan: operator menulis sapuan ke folder sweeps/ di folder data "
        "(python -m geo sweep --out ...), atau jalankan sapuan kecil di sini.",
    },
    "risk_unknown": {
        "en": "The link names sweep {fp}, which this server does not have.",
        "id": "Tautan menyebut sapuan {fp}, yang tidak ada di server ini.",
    },
    "risk_run": {"en": "Run a small sweep", "id": "Jalankan sapuan kecil"},
    "risk_run_help": {
        "en": "Runs in the background on this server's cores (Dask); other viewers are not "
        "held up. The result is kept while the server runs and named by its fingerprint.",
        "id": "Berjalan di latar belakang pada inti server ini (Dask); penonton lain tidak "
        "tertahan. Hasilnya disimpan selama server berjalan dan dinamai sidik jarinya.",
    },
    "risk_draws": {"en": "Draws", "id": "Undian"},
    "risk_seed": {"en": "Seed", "id": "Benih acak"},
    "risk_start": {"en": "Start", "id": "Mulai"},
    "risk_running": {
        "en": "Sweep {fp}: {done} of {total} draws",
        "id": "Sapuan {fp}: {done} dari {total} undian",
    },
    "risk_busy": {
        "en": "A sweep is running on this server; one at a time.",
        "id": "Sebuah sapuan sedang berjalan di server ini; satu per satu.",
    },
    "risk_failed": {"en": "The sweep failed: {error}", "id": "Sapuan gagal: {error}"},
    "risk_min_days": {
        "en": "Short on at least N days",
        "id": "Kekurangan paling sedikit N hari",
    },
    "risk_p_short": {
        "en": "Chance of being short on ≥ {n} days",
        "id": "Peluang kekurangan ≥ {n} hari",
    },
    "risk_fan": {
        "en": "National unmet demand by day (t): median, 50% and 90% of draws",
        "id": "Kebutuhan nasional tak terpenuhi per hari (ton): median, 50% dan 90% undian",
    },
    "risk_table": {"en": "Per province", "id": "Per provinsi"},
    "risk_meta": {
        "en": "{draws:,} draws, seed {seed}, {dates}, model: {model}; a province-day is "
        "short when more than {tol:g} t is unmet; ± is the Monte Carlo standard error.",
        "id": "{draws:,} undian, benih {seed}, {dates}, model: {model}; provinsi-hari "
        "kekurangan bila lebih dari {tol:g} ton tak terpenuhi; ± adalah galat baku Monte "
        "Carlo.",
    },
    "risk_other_pack": {
        "en": "This sweep was made on other data (content hash {theirs}) than the pack "
        "shown ({ours}): its numbers are its own.",
        "id": "Sapuan ini dibuat dengan data lain (hash {theirs}) dari paket yang "
        "ditampilkan ({ours}): angkanya miliknya sendiri.",
    },
    "risk_distributions": {"en": "Distributions", "id": "Distribusi"},
    "brief_plants": {"en": "Oxygen plants (t/day)", "id": "Pabrik oksigen (ton/hari)"},
    "brief_plants_unknown": {"en": "capacity unknown", "id": "kapasitas tidak diketahui"},
    "brief_highest": {"en": "Highest", "id": "Tertinggi"},
    "brief_generated": {"en": "generated", "id": "dibuat"},
    "brief_sources": {
        "en": "Data: see Method & sources page",
        "id": "Data: lihat halaman Metode & sumber",
    },
    "brief_more": {
        "en": "+{n} more: see the Method & sources page",
        "id": "+{n} lainnya: lihat halaman Metode & sumber",
    },
    "brief_negative": {"en": "negative", "id": "negatif"},
    "hospital_locations": {"en": "Hospital location check", "id": "Pemeriksaan lokasi rumah sakit"},
    "hospital_locations_rules": {
        "en": "A hospital whose point lies in another province, in none, or on another "
        "hospital's point is repaired by the first rule that applies: the mirrored latitude "
        "if it lands in the stated province (and kabupaten/kota); else a point inside the "
        "stated kabupaten/kota; else the stated province's capital (both approximate); else "
        "it is dropped from routing. Coverage and siting use the repaired points.",
        "id": "Rumah sakit yang titiknya berada di provinsi lain, di luar semua provinsi, atau "
        "di titik rumah sakit lain diperbaiki dengan aturan pertama yang berlaku: lintang "
        "dicerminkan bila jatuh di provinsi (dan kabupaten/kota) yang tertulis; bila tidak, "
        "titik di dalam kabupaten/kota yang tertulis; bila tidak, ibu kota provinsinya "
        "(keduanya perkiraan); bila tidak, dikeluarkan dari perhitungan rute. Cakupan dan "
        "penempatan memakai titik yang diperbaiki.",
    },
    "location_problem": {"en": "problem", "id": "masalah"},
    "location_rule": {"en": "rule", "id": "aturan"},
    "location_count": {"en": "hospitals", "id": "rumah sakit"},
    "unpublished_cases": {
        "en": "Province {code} {name} has no published case figure (its case file is missing "
        "or empty): its figures are filled by {rule} ({split} of {days} days split from the "
        "national figure, {missing} missing). Its demand, and the national total, rest on "
        "that rule.",
        "id": "Provinsi {code} {name} tidak memiliki angka kasus yang dipublikasikan (berkas "
        "kasusnya hilang atau kosong): angkanya diisi dengan {rule} ({split} dari {days} hari "
        "dibagi dari angka nasional, {missing} tidak ada). Kebutuhannya, dan total nasional, "
        "bergantung pada aturan itu.",
    },
    "case_fill_national_split": {
        "en": "the national figure x its share of the population",
        "id": "angka nasional x porsi penduduknya",
    },
    "case_fill_carried_forward": {
        "en": "its last published figure, carried forward",
        "id": "angka terakhirnya yang dipublikasikan, dibawa maju",
    },
    "case_fill_missing": {
        "en": "nothing: its figures are unknown",
        "id": "tidak ada: angkanya tidak diketahui",
    },
}


def t(key: str, lang: str = "id") -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key
