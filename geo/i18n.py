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
}


def t(key: str, lang: str = "id") -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key
