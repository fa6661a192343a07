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
    # ------------------------------------------------------------ plan page
    "page_plan": {"en": "Plan by day", "id": "Rencana harian"},
    "plan_settings": {"en": "Window, rule and fleet", "id": "Rentang, aturan dan armada"},
    "plan_from": {"en": "First day", "id": "Hari pertama"},
    "plan_days": {"en": "Days", "id": "Jumlah hari"},
    "policy": {"en": "Rationing rule", "id": "Aturan pembagian"},
    "policy_least-hours": {"en": "Least truck-hours", "id": "Jam truk paling sedikit"},
    "policy_fair-share": {"en": "Fair share", "id": "Bagi rata"},
    "policy_need-floor": {"en": "Need with a floor", "id": "Kebutuhan dengan batas bawah"},
    "policy_least-hours_help": {
        "en": "Least unmet tonnes, then least truck-hours: the cheapest plan, which may leave "
        "a far province at 0% while a near one gets 100%.",
        "id": "Ton tak terpenuhi paling sedikit, lalu jam truk paling sedikit: rencana termurah, "
        "yang bisa membiarkan provinsi jauh 0% sementara yang dekat 100%.",
    },
    "policy_fair-share_help": {
        "en": "First the largest smallest share of need met (over every reachable province "
        "and day), then each day's smallest share, then least unmet and truck-hours.",
        "id": "Pertama bagian terkecil kebutuhan yang terpenuhi dibuat sebesar mungkin (semua "
        "provinsi terjangkau dan hari), lalu bagian terkecil tiap hari, lalu tak terpenuhi "
        "dan jam truk paling sedikit.",
    },
    "policy_need-floor_help": {
        "en": "Every reachable province first as close as possible to half of its need each "
        "day (assumption), then least unmet and truck-hours.",
        "id": "Setiap provinsi terjangkau lebih dulu sedekat mungkin ke separuh kebutuhannya "
        "tiap hari (asumsi), lalu tak terpenuhi dan jam truk paling sedikit.",
    },
    "plan_mobilised": {"en": "Mobilised isotank trucks", "id": "Truk isotank yang dikerahkan"},
    "plan_mobilised_help": {
        "en": "Added to the producers' own {own} (assumption) as they became ready: 92 by "
        "6 Jul (date assumed), 132 on 8 Jul 2021 (Kemenperin); this value scales that schedule.",
        "id": "Ditambahkan pada {own} truk milik produsen (asumsi) saat siap: 92 pada 6 Jul "
        "(tanggal diasumsikan), 132 pada 8 Jul 2021 (Kemenperin); nilai ini menskalakan jadwal.",
    },
    "plan_as_of": {"en": "Plan as of a date", "id": "Rencana per tanggal"},
    "plan_as_of_date": {"en": "Known up to", "id": "Diketahui sampai"},
    "plan_unmet_total": {"en": "Unmet over the window", "id": "Tak terpenuhi selama rentang"},
    "plan_provinces_short": {"en": "Provinces short", "id": "Provinsi kekurangan"},
    "plan_min_share": {"en": "Smallest share met", "id": "Bagian terpenuhi terkecil"},
    "plan_trucks_peak": {"en": "Trucks in use (peak)", "id": "Truk terpakai (puncak)"},
    "plan_days_short": {"en": "Province-days short", "id": "Hari-provinsi kekurangan"},
    "plan_forecast_note": {
        "en": "Demand after {as_of} is a forecast (log-linear over the 7 days up to it, 80% "
        "band): the plan uses only what was known then.",
        "id": "Kebutuhan setelah {as_of} adalah prakiraan (log-linear atas 7 hari sampai "
        "tanggal itu, pita 80%): rencana hanya memakai yang diketahui saat itu.",
    },
    "plan_java_bali": {"en": "Java-Bali, 3-15 July 2021", "id": "Jawa-Bali, 3-15 Juli 2021"},
    "plan_java_bali_text": {
        "en": "From {lo} to {hi} the plan leaves {unmet:,.0f} t of Java-Bali's {demand:,.0f} t "
        "unmet ({share:.1%} met). Short (days): {short}.",
        "id": "Dari {lo} sampai {hi} rencana menyisakan {unmet:,.0f} t dari {demand:,.0f} t "
        "kebutuhan Jawa-Bali tak terpenuhi ({share:.1%} terpenuhi). Kekurangan (hari): {short}.",
    },
    "plan_fact": {"en": "Reported", "id": "Dilaporkan"},
    "plan_model": {"en": "This plan", "id": "Rencana ini"},
    "source": {"en": "Source", "id": "Sumber"},
    "plan_facts_caption": {
        "en": "Where the plan differs from a report, the gap is the model's: its demand and "
        "medical supply per day are estimates (see Method), not fitted to these figures.",
        "id": "Bila rencana berbeda dari laporan, selisihnya milik model: kebutuhan dan "
        "pasokan medis per hari adalah perkiraan (lihat Metode), tidak disesuaikan ke angka ini.",
    },
    "plan_national": {"en": "National, by day (t)", "id": "Nasional, per hari (t)"},
    "plan_col_demand_t": {"en": "Demand", "id": "Kebutuhan"},
    "plan_col_supply_t": {"en": "Supply", "id": "Pasokan"},
    "plan_col_delivered_t": {"en": "Delivered", "id": "Terkirim"},
    "plan_col_unmet_t": {"en": "Unmet", "id": "Tak terpenuhi"},
    "plan_col_trucks_in_use": {"en": "Trucks in use", "id": "Truk terpakai"},
    "plan_col_trucks_available": {"en": "Trucks available", "id": "Truk tersedia"},
    "plan_col_containers_in_use": {"en": "Isotanks in use", "id": "Isotank terpakai"},
    "plan_heatmap": {
        "en": "Share of need met, province x day",
        "id": "Bagian kebutuhan terpenuhi, provinsi x hari",
    },
    "plan_share_met": {"en": "Share met", "id": "Bagian terpenuhi"},
    "plan_map": {"en": "Map", "id": "Peta"},
    "plan_day": {"en": "Day", "id": "Hari"},
    "plan_map_layer": {"en": "Show", "id": "Tampilkan"},
    "plan_layer_first_short": {
        "en": "First short day (day of the window)",
        "id": "Hari pertama kekurangan (hari ke-)",
    },
    "plan_layer_share_day": {"en": "Share met on the day", "id": "Bagian terpenuhi pada hari itu"},
    "plan_map_caption": {
        "en": "Grey: never short in the window. The table lists the chosen day.",
        "id": "Abu-abu: tidak pernah kekurangan dalam rentang. Tabel memuat hari terpilih.",
    },
    "plan_provinces": {"en": "Provinces", "id": "Provinsi"},
    "plan_policies": {"en": "The rules side by side", "id": "Aturan berdampingan"},
    "plan_policies_run": {
        "en": "Compare the three rules (three more solves)",
        "id": "Bandingkan tiga aturan (tiga kali hitung lagi)",
    },
    "plan_fleet": {
        "en": "Fleet: unmet as trucks are added",
        "id": "Armada: tak terpenuhi per truk",
    },
    "plan_fleet_run": {
        "en": "Compute the fleet curve (some twenty solves)",
        "id": "Hitung kurva armada (sekitar dua puluh kali hitung)",
    },
    "plan_trucks_min": {"en": "Fewest trucks", "id": "Truk paling sedikit"},
    "plan_containers_min": {"en": "Fewest isotanks", "id": "Isotank paling sedikit"},
    "plan_unmet_min": {"en": "Unmet with enough trucks", "id": "Tak terpenuhi dengan truk cukup"},
    "plan_fleet_caption": {
        "en": "The same fleet every day. Fewest trucks: the smallest fleet reaching what "
        "production and the isotanks allow; one fewer leaves more unmet.",
        "id": "Armada sama setiap hari. Truk paling sedikit: armada terkecil yang mencapai "
        "batas produksi dan isotank; satu lebih sedikit menyisakan lebih banyak.",
    },
    "plan_backtest": {
        "en": "Forecast as of a date: how far off, 3 and 7 days ahead",
        "id": "Prakiraan per tanggal: seberapa meleset, 3 dan 7 hari ke depan",
    },
    "plan_backtest_run": {
        "en": "Backtest the forecasts made each day of July 2021",
        "id": "Uji balik prakiraan yang dibuat tiap hari Juli 2021",
    },
    "plan_backtest_caption": {
        "en": "Against the model's own estimate from the cases that came later (not against "
        "reported needs). in_band_share: provinces inside the forecast's 80% interval; below "
        "0.8 means the interval is too narrow while the wave turns.",
        "id": "Dibandingkan dengan perkiraan model sendiri dari kasus yang datang kemudian "
        "(bukan kebutuhan yang dilaporkan). in_band_share: provinsi di dalam interval 80% "
        "prakiraan; di bawah 0,8 berarti interval terlalu sempit saat gelombang berbalik.",
    },
    "plan_assumptions": {
        "en": "Assumptions: hospital tanks hold {cover:g} days of the first day's demand, full "
        "at the start; producers' own fleet {own} trucks; one isotank per truck; plants store "
        "nothing overnight, ports hold shipments until trucks take them.",
        "id": "Asumsi: tangki rumah sakit menampung {cover:g} hari kebutuhan hari pertama, "
        "penuh di awal; armada milik produsen {own} truk; satu isotank per truk; pabrik tidak "
        "menyimpan, pelabuhan menampung kiriman sampai diangkut truk.",
    },
}


def t(key: str, lang: str = "id") -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key
