"""The interface strings of the app in English and Bahasa Indonesia (key -> {lang: text}),
read through :func:`geo.i18n.t` (and importable from :mod:`geo.i18n`). A new string
needs both languages."""

from __future__ import annotations

from geo.i18n_strings_plan import PLAN_STRINGS

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
        "en": "A unit serves its own hospital, and hospitals within {hours} h by road "
        "through a cylinder shuttle.",
        "id": "Satu unit melayani rumah sakitnya sendiri, dan rumah sakit dalam {hours} jam "
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
        "en": "Candidate sites: {n} hospitals that can host a unit (beds > 0 and a COVID-19 "
        "referral designation); left out: {dropped}.",
        "id": "Calon lokasi: {n} rumah sakit yang dapat menampung unit (tempat tidur > 0 "
        "dan rujukan COVID-19); tidak disertakan: {dropped}.",
    },
    "deploy_tie_break": {
        "en": "Ties: a unit this size often runs at full output wherever the shortage is, "
        "so many plans avert the same patient-days. Among those, the plan chosen is the one "
        "with the most patient-days short within reach of its units, each hospital counted "
        "once (here {reach} patient-days): units spread over separate shortage areas rather "
        "than stacking where one already reaches every short hospital. Patient-days averted "
        "are never traded for it.",
        "id": "Seri: unit sebesar ini sering bekerja penuh di mana pun ada kekurangan, "
        "sehingga banyak rencana mencegah hari-pasien yang sama. Di antaranya dipilih "
        "rencana dengan hari-pasien kekurangan terbanyak dalam jangkauan unitnya, tiap rumah "
        "sakit dihitung sekali (di sini {reach} hari-pasien): unit tersebar ke wilayah "
        "kekurangan yang berbeda, bukan menumpuk di tempat yang sudah dijangkau satu unit. "
        "Hari-pasien yang dicegah tidak pernah dikorbankan untuk itu.",
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
    "layer_cases": {"en": "Case figures", "id": "Angka kasus"},
    "layer_supply": {"en": "National supply statements", "id": "Pernyataan pasokan nasional"},
    "layer_sea_lanes": {"en": "Ports and sea lanes", "id": "Pelabuhan dan jalur laut"},
    "layer_bed_occupancy": {
        "en": "COVID-19 beds and occupancy",
        "id": "Tempat tidur COVID-19 dan keterisian",
    },
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
    "kpi_share_unmet": {
        "en": "Share of unmet demand covered",
        "id": "Porsi kebutuhan tak terpenuhi yang terlayani",
    },
    "kpi_share_unmet_help": {
        "en": "Covered m³/day over all unmet demand after allocation ({unmet}); the same "
        "figure as covered_share in `geo site --json`.",
        "id": "m³/hari terlayani dibagi seluruh kebutuhan tak terpenuhi setelah alokasi "
        "({unmet}); angka yang sama dengan covered_share pada `geo site --json`.",
    },
    "host_no_beds": {"en": "without beds", "id": "tanpa tempat tidur"},
    "host_not_a_referral_hospital": {
        "en": "not a COVID-19 referral hospital",
        "id": "bukan rumah sakit rujukan COVID-19",
    },
    "h": {"en": "h", "id": "jam"},
    "patient_days": {"en": "patient-days", "id": "hari-pasien"},
    "capacity_help": {
        "en": "{m3_day} = {patients} patients a day × {per_patient} m³/day (Kemenperin, "
        "8 Jul 2021; WHO severe flow) = {m3_h} m³/h",
        "id": "{m3_day} = {patients} pasien per hari × {per_patient} m³/hari (Kemenperin, "
        "8 Jul 2021; aliran pasien berat WHO) = {m3_h} m³/jam",
    },
    "param_hospitalised_share": {
        "en": "Share of active cases needing hospital oxygen",
        "id": "Porsi kasus aktif yang memerlukan oksigen rumah sakit",
    },
    "param_severe_share": {
        "en": "Severe share of hospitalised",
        "id": "Porsi berat dari yang dirawat",
    },
    "param_critical_share": {
        "en": "Critical share of hospitalised",
        "id": "Porsi kritis dari yang dirawat",
    },
    "param_severe_flow_lpm": {
        "en": "Oxygen flow, severe patient",
        "id": "Aliran oksigen, pasien berat",
    },
    "param_critical_flow_lpm": {
        "en": "Oxygen flow, critical patient",
        "id": "Aliran oksigen, pasien kritis",
    },
    "param_bed_occupancy": {
        "en": "Bed occupancy (bed method)",
        "id": "Keterisian tempat tidur (metode tempat tidur)",
    },
    "param_bed_oxygen_share": {
        "en": "Share of occupied beds on oxygen (bed method)",
        "id": "Porsi tempat tidur terisi yang memakai oksigen (metode tempat tidur)",
    },
    "param_bed_flow_lpm": {
        "en": "Oxygen flow per bed patient (bed method)",
        "id": "Aliran oksigen per pasien tempat tidur (metode tempat tidur)",
    },
    "param_baseline_national_t_per_day": {
        "en": "Non-COVID medical demand, national",
        "id": "Kebutuhan medis non-COVID, nasional",
    },
    "param_oxygen_share": {
        "en": "Share of new cases needing oxygen (incidence method)",
        "id": "Porsi kasus baru yang memerlukan oksigen (metode insidensi)",
    },
    "param_days_on_oxygen": {
        "en": "Days on oxygen per patient (incidence method)",
        "id": "Hari memakai oksigen per pasien (metode insidensi)",
    },
    "param_home_flow_lpm": {
        "en": "Oxygen flow at home, per patient without a bed",
        "id": "Aliran oksigen di rumah, per pasien tanpa tempat tidur",
    },
    "param_covid_bed_flow_lpm": {
        "en": "Oxygen flow per occupied COVID-19 bed (bed method)",
        "id": "Aliran oksigen per tempat tidur COVID-19 terisi (metode tempat tidur)",
    },
    "fleet_on": {"en": "on", "id": "ya"},
    "fleet_off": {"en": "off", "id": "tidak"},
    "fleet_param_isotank_t": {"en": "Isotank load", "id": "Muatan isotank"},
    "fleet_param_load_h": {"en": "Loading", "id": "Muat"},
    "fleet_param_unload_h": {"en": "Unloading", "id": "Bongkar"},
    "fleet_param_driving_h_per_day": {"en": "Working hours", "id": "Jam kerja"},
    "reconcile_none": {
        "en": "No national figure to reconcile against.",
        "id": "Tidak ada angka nasional sebagai pembanding.",
    },
    "reconcile_ok": {"en": "reconciled", "id": "cocok"},
    "reconcile_differs": {"en": "differs by {diff}", "id": "berbeda {diff}"},
    "reconcile_note": {
        "en": "The lines sum to {total} against {figure} in the statement of {basis}: {verdict}.",
        "id": "Jumlah jalur {total} dibanding {figure} pada pernyataan {basis}: {verdict}.",
    },
    "model_limits": {
        "en": "",
        "id": "Yang dapat diklaim model kebutuhan ini: perkiraan orde besaran kebutuhan "
        "oksigen medis harian per provinsi, dengan rentang rendah-tinggi, dari laju aliran "
        "per pasien dan porsi keparahan yang dipublikasikan. Yang tidak dapat diklaim: "
        "(1) meniru kebutuhan yang dilaporkan hari demi hari - kebutuhan Jawa-Bali yang "
        "dilaporkan sendiri berfluktuasi (800 ton/hari pada 30 Juni, 1.400 keesokan harinya, "
        "2.262 pada 3 Juli) dan mencakup penimbunan serta pembelian pribadi untuk perawatan "
        "di rumah; (2) 'kasus aktif' Indonesia (dirawat ATAU isolasi) mencakup orang yang "
        "isolasi di rumah, tertinggal beberapa hari dari infeksi, dan tidak mencakup infeksi "
        "yang tidak dites, jadi porsi yang memerlukan oksigen adalah parameter skenario, "
        "bukan pengukuran; (3) laju aliran berbeda tiga kali lipat antara angka perencanaan "
        "WHO (10-30 L/menit) dan rata-rata yang teramati (3 L/menit); (4) metode tempat "
        "tidur menghitung tempat tidur, bukan pasien, dan daftar tempat tidur mencampur "
        "tempat tidur COVID dan non-COVID; (5) kebutuhan dasar non-COVID adalah angka "
        "nasional yang dibagi menurut penduduk, bukan pengukuran per rumah sakit; (6) "
        "kebutuhan per rumah sakit dibagi menurut porsi tempat tidur, bukan diukur. "
        "Anggap hasilnya sebagai rentang perencanaan, bukan ramalan.",
    },
    "beds_within_reach": {"en": "Beds within reach", "id": "Tempat tidur terjangkau"},
    "coverage_map_help": {
        "en": "Green: hospitals within the reach of {hours} h (darker = nearer), red: beyond "
        "it, dark grey: nothing reaches them; the shaded area is what a truck reaches from "
        "a supply line within {hours} h. Clusters take the colour of their median hospital "
        "and a ring of their worst.",
        "id": "Hijau: rumah sakit dalam jangkauan {hours} jam (makin tua = makin dekat), merah: "
        "di luarnya, abu-abu tua: tak terjangkau; area berarsir adalah yang dicapai truk dari "
        "jalur pasokan dalam {hours} jam. Kelompok berwarna seperti rumah sakit median-nya, "
        "dengan cincin warna yang terburuk.",
    },
    "compute_alternatives": {
        "en": "Compare with the alternatives (one more solve)",
        "id": "Bandingkan dengan alternatif (satu penyelesaian lagi)",
    },
    "compute_sizes": {
        "en": "Solve the plan for each unit size (one solve per size)",
        "id": "Selesaikan rencana untuk tiap ukuran unit (satu penyelesaian per ukuran)",
    },
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
        "en": "{concentrators} concentrators x 5 L/min + {systems} systems x {system} m³/day: "
        "they make oxygen from electricity and air. Cylinders are containers refilled at "
        "plants, so they are not counted as supply. They matter where trucks cannot reach, "
        "not for volume.",
        "id": "{concentrators} konsentrator x 5 L/menit + {systems} sistem x {system} m³/hari: "
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
        "en": "Tonnes of liquid oxygen on the day they arrived at a port ({arrived} t "
        "arrived by {date}); committed = announced, not arrived by {date} ({committed} "
        "shipment(s)). A shipment is tonnes on a day, not a daily flow.",
        "id": "Ton oksigen cair pada hari tiba di pelabuhan ({arrived} t tiba hingga "
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
        "en": "Demand interval {low}–{high} t/day ({level}%): {inside} of {n} "
        "reported demand figures fell inside intervals built this way, leave-one-out (each "
        "figure predicted by a fit that had not seen it). Method: {method}.",
        "id": "Rentang kebutuhan {low}–{high} ton/hari ({level}%): {inside} dari {n} "
        "angka kebutuhan yang dilaporkan masuk rentang yang dibangun dengan cara ini, "
        "leave-one-out (setiap angka diprediksi oleh kalibrasi yang tidak melihatnya). "
        "Metode: {method}.",
    },
    "growth_beyond_inputs": {
        "en": "{region}, {start} to {end}: the reported demand grew ×{reported} "
        "({reported_from} to {reported_to} t/day), the model ×{modelled}. Its inputs grew "
        "less than the reported figures: occupied COVID-19 beds ×{beds}, new cases of the "
        "last 10 days ×{cases}. With a fixed flow per patient no model driven by them "
        "reaches ×{reported}: the gap is in what the reported figures count or in inputs "
        "the pack lacks, and is shown, not fitted.{held}",
        "id": "{region}, {start} sampai {end}: kebutuhan yang dilaporkan naik ×{reported} "
        "({reported_from} ke {reported_to} ton/hari), model ×{modelled}. Masukannya naik "
        "lebih sedikit dari angka yang dilaporkan: tempat tidur COVID-19 terisi ×{beds}, "
        "kasus baru 10 hari terakhir ×{cases}. Dengan aliran tetap per pasien tidak ada "
        "model berbasis keduanya yang mencapai ×{reported}: selisihnya ada pada apa yang "
        "dihitung angka yang dilaporkan atau pada masukan yang tidak ada di paket, dan "
        "ditampilkan, bukan dikalibrasi.{held}",
    },
    "growth_differs": {
        "en": "{region}, {start} to {end}: the reported demand grew ×{reported} "
        "({reported_from} to {reported_to} t/day), the model ×{modelled} (occupied "
        "COVID-19 beds ×{beds}, new cases of the last 10 days ×{cases}).{held}",
        "id": "{region}, {start} sampai {end}: kebutuhan yang dilaporkan naik ×{reported} "
        "({reported_from} ke {reported_to} ton/hari), model ×{modelled} (tempat tidur "
        "COVID-19 terisi ×{beds}, kasus baru 10 hari terakhir ×{cases}).{held}",
    },
    "growth_steepest": {
        "en": " The reported figures themselves step ×{step} from {step_from} to {step_to}, "
        "while occupied COVID-19 beds grew ×{step_beds} over the same days: the figures are "
        "not all counted on one basis, and no demand method follows such a step.",
        "id": " Angka yang dilaporkan sendiri melonjak ×{step} dari {step_from} ke {step_to}, "
        "sementara tempat tidur COVID-19 terisi naik ×{step_beds} pada hari yang sama: "
        "angka-angka itu tidak dihitung dengan satu dasar, dan tidak ada metode kebutuhan "
        "yang mengikuti lonjakan seperti itu.",
    },
    "growth_beds_held": {
        "en": " {n} of its provinces have no published bed count near {end}: their beds are "
        "held at the nearest published figure, so their modelled demand cannot grow with "
        "new beds.",
        "id": " {n} provinsinya tidak punya angka tempat tidur yang dipublikasikan di "
        "sekitar {end}: tempat tidurnya ditahan pada angka terdekat yang dipublikasikan, "
        "sehingga kebutuhan modelnya tidak bisa tumbuh dengan tempat tidur baru.",
    },
    "growth_title": {
        "en": "Growth between reported figures",
        "id": "Pertumbuhan antar angka yang dilaporkan",
    },
    "interval_uncalibrated": {
        "en": "Demand band {low}–{high} t/day from the low and high parameter "
        "scenarios (earlier active-case model): not a stated level.",
        "id": "Rentang kebutuhan {low}–{high} ton/hari dari skenario parameter "
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
        "{home} t/day is shown apart: the Ministry's bed-based figures count beds only.",
        "id": "Kebutuhan di rumah (pasien butuh oksigen tanpa tempat tidur, tabung dan "
        "konsentrator) {home} ton/hari ditampilkan terpisah: angka Kemenkes berbasis "
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
        "en": "Demand band {d_low}–{d_high} t/day. Routed through the same chain: "
        "unmet {u_low}–{u_high} t/day; trucks needed with no fleet limit "
        "{t_low} / {t_mid} / {t_high} (low / central / high demand). The "
        "band's ends keep the central routes: less demand draws less on them, more adds "
        "its extra over the spare capacity, so more demand never needs fewer trucks.",
        "id": "Rentang kebutuhan {d_low}–{d_high} ton/hari. Lewat rantai yang sama: "
        "tak terpenuhi {u_low}–{u_high} ton/hari; truk yang dibutuhkan tanpa batas "
        "armada {t_low} / {t_mid} / {t_high} (kebutuhan rendah / tengah / tinggi). "
        "Ujung rentang memakai rute skenario tengah: kebutuhan lebih kecil memakai lebih "
        "sedikit, kebutuhan lebih besar menambah sisanya dari kapasitas yang tersisa, jadi "
        "kebutuhan lebih besar tidak pernah butuh truk lebih sedikit.",
    },
    "isotanks_at_sea": {
        "en": "{n} isotanks are at sea on an average day (ships carry them; not trucks).",
        "id": "{n} isotank berada di laut pada hari rata-rata (diangkut kapal, bukan truk).",
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
    "steady_day_title": {
        "en": "Steady-day check: this date's demand and supply held day after day",
        "id": "Pemeriksaan hari tetap: kebutuhan dan pasokan tanggal ini berulang setiap hari",
    },
    "steady_day_help": {
        "en": "A check on the plan, not the headline: one day solved alone, as if this "
        "date's demand and supply repeated for ever (no stocks, no trips under way). It "
        "gives the demand band and the trucks a steady flow needs; where it differs from "
        "the day of the plan above, stocks and lead times are the reason.",
        "id": "Pemeriksaan atas rencana, bukan angka utama: satu hari diselesaikan "
        "sendiri, seolah kebutuhan dan pasokan tanggal ini berulang terus (tanpa stok, "
        "tanpa perjalanan di jalan). Bagian ini memberi rentang kebutuhan dan truk yang "
        "diperlukan arus tetap; selisihnya dengan hari rencana di atas berasal dari stok "
        "dan waktu tempuh.",
    },
    "kpi_trucks": {"en": "Isotank trucks needed", "id": "Truk isotank dibutuhkan"},
    "underserved": {"en": "Underserved", "id": "Kurang terlayani"},
    "reasons": {"en": "Reasons", "id": "Alasan"},
    "computing": {"en": "Computing…", "id": "Menghitung…"},
    "computing_engine": {
        "en": "Building the road graph and nearest-plant travel times (one multi-source pass)…",
        "id": "Membangun graf jalan dan waktu tempuh ke pabrik terdekat (satu kali hitung)…",
    },
    "done": {"en": "Done", "id": "Selesai"},
    "engine_done": {
        "en": "Done: {nodes} nodes, {edges} edges",
        "id": "Selesai: {nodes} simpul, {edges} ruas",
    },
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
    "status_milp_optimal": {
        "en": "exact MILP (HiGHS): proven optimal (within {tol} of its bound)",
        "id": "MILP eksak (HiGHS): terbukti optimal (dalam {tol} dari batasnya)",
    },
    "status_milp_gap": {
        "en": "exact MILP (HiGHS) stopped at its time limit: within {gap} of the optimum",
        "id": "MILP eksak (HiGHS) berhenti pada batas waktu: dalam {gap} dari optimum",
    },
    "status_greedy_optimal": {
        "en": "greedy plan that meets its upper bound within {tol}: proven optimal "
        "(no MILP needed)",
        "id": "rencana greedy yang mencapai batas atasnya dalam {tol}: terbukti optimal "
        "(tanpa MILP)",
    },
    "status_greedy_gap": {
        "en": "greedy plan (large instance): within {gap} of its proven upper bound",
        "id": "rencana greedy (instans besar): dalam {gap} dari batas atas terbukti",
    },
    "status_all_useful": {
        "en": "every candidate that reaches a shortfall opened: optimal with no search",
        "id": "semua calon yang menjangkau kekurangan dibuka: optimal tanpa pencarian",
    },
    "status_given": {
        "en": "plan evaluated as given (not optimised)",
        "id": "rencana dinilai apa adanya (tidak dioptimalkan)",
    },
    "brief_key_figures": {"en": "Key figures", "id": "Angka utama"},
    "brief_assumptions": {"en": "Assumptions", "id": "Asumsi"},
    "brief_no_data": {"en": "no data", "id": "tidak ada data"},
    "page_risk": {"en": "Risk", "id": "Risiko"},
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
    "page_plan": {"en": "Plan by day", "id": "Rencana harian"},
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
    "source": {"en": "Source", "id": "Sumber"},
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
    **PLAN_STRINGS,
}
