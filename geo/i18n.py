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
    "remote_weight": {"en": "Weight of resupply time", "id": "Bobot waktu pasok ulang"},
    "remote_weight_help": {
        "en": "0: every m³ of unmet demand counts the same; 1 (default): a hospital a week "
        "from resupply counts twice; production-limited provinces add a week",
        "id": "0: setiap m³ kebutuhan tak terpenuhi sama nilainya; 1 (bawaan): rumah sakit "
        "yang seminggu dari pasokan ulang bernilai dua kali; provinsi terbatas produksi "
        "ditambah seminggu",
    },
    "deploy_meaning": {
        "en": "A unit serves its own hospital, and hospitals within {hours:g} h by road "
        "through a cylinder shuttle.",
        "id": "Satu unit melayani rumah sakitnya sendiri, dan rumah sakit dalam {hours:g} jam "
        "perjalanan darat melalui antar-jemput tabung.",
    },
    "deploy_objective": {
        "en": "Objective {objective:,.0f} = Σ covered m³/day × (1 + {remote:g} × (resupply "
        "days + production wait days) / {days:g}): the shortfall a unit relieves that "
        "resupply cannot relieve soon (assumptions on the Method page).",
        "id": "Tujuan {objective:,.0f} = Σ m³/hari terlayani × (1 + {remote:g} × (hari pasok "
        "ulang + hari tunggu produksi) / {days:g}): kekurangan yang dipenuhi unit dan tidak "
        "segera dapat dipenuhi pasokan ulang (asumsi di halaman Metode).",
    },
    "deploy_hosts": {
        "en": "Candidate sites: {n:,} hospitals that can host a unit (beds > 0 and a COVID-19 "
        "referral designation); left out: {dropped}.",
        "id": "Calon lokasi: {n:,} rumah sakit yang dapat menampung unit (tempat tidur > 0 "
        "dan rujukan COVID-19); tidak disertakan: {dropped}.",
    },
    "deploy_horizon_same": {
        "en": "Every unit's whole output goes to its own hospital, which alone needs at "
        "least that much: hospitals within the reach get none of it, so a longer or shorter "
        "reach does not change this plan.",
        "id": "Seluruh keluaran tiap unit dipakai rumah sakitnya sendiri, yang membutuhkan "
        "sebanyak itu: rumah sakit dalam jangkauan tidak mendapat bagian, jadi jangkauan "
        "tidak mengubah rencana ini.",
    },
    "deploy_why": {"en": "Why each site", "id": "Alasan tiap lokasi"},
    "deploy_alternatives": {
        "en": "This plan against alternatives (same objective)",
        "id": "Rencana ini dibanding alternatif (tujuan yang sama)",
    },
    "deploy_sizes": {
        "en": "Unit size: 15, 30 and 60 m³/h",
        "id": "Ukuran unit: 15, 30 dan 60 m³/jam",
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
    "marginal_skipped": {
        "en": "Large instance with non-binding capacities: solved by greedy with a proven bound (see the gap above); the K = 1..N table is skipped to stay interactive.",
        "id": "Instans besar dengan kapasitas tidak mengikat: diselesaikan secara greedy dengan batas terbukti (lihat celah di atas); tabel K = 1..N dilewati agar tetap interaktif.",
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
    "band_caption": {
        "en": "Demand band {d_low:,.0f}–{d_high:,.0f} t/day. Routed through the same chain: "
        "unmet {u_low:,.0f}–{u_high:,.0f} t/day; trucks needed with no fleet limit "
        "{t_low:,.1f} / {t_mid:,.1f} / {t_high:,.1f} (low / central / high demand). Where "
        "demand exceeds supply the model serves the nearest provinces first, so trucks "
        "needed can fall as demand rises.",
        "id": "Rentang kebutuhan {d_low:,.0f}–{d_high:,.0f} ton/hari. Lewat rantai yang sama: "
        "tak terpenuhi {u_low:,.0f}–{u_high:,.0f} ton/hari; truk yang dibutuhkan tanpa batas "
        "armada {t_low:,.1f} / {t_mid:,.1f} / {t_high:,.1f} (kebutuhan rendah / tengah / tinggi). "
        "Bila kebutuhan melebihi pasokan, model melayani provinsi terdekat dulu, sehingga "
        "truk yang dibutuhkan dapat turun saat kebutuhan naik.",
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
    "method_cases": {"en": "From active cases", "id": "Dari kasus aktif"},
    "method_beds": {"en": "From hospital beds", "id": "Dari tempat tidur"},
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
