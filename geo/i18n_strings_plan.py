"""The interface strings of the plan and risk pages (key -> {lang: text}), part of
:data:`geo.i18n_strings.STRINGS`. A new string needs both languages."""

from __future__ import annotations

PLAN_STRINGS: dict[str, dict[str, str]] = {
    "plan_policies_cost": {
        "en": "{policy} leaves {extra} t more unmet than least hours, to raise the smallest "
        "share of need met from {base_share} to {share}: it comes first, total unmet only "
        "after it. Reaching the worst-served provinces takes longer trips, and a truck-day "
        "on a long trip carries less oxygen, so less arrives in all.",
        "id": "{policy} menyisakan {extra} t lebih banyak tak terpenuhi daripada jam "
        "tersedikit, untuk menaikkan bagian kebutuhan terkecil yang terpenuhi dari "
        "{base_share} ke {share}: itu didahulukan, total tak terpenuhi baru sesudahnya. "
        "Menjangkau provinsi yang paling kurang terlayani butuh perjalanan lebih jauh, dan "
        "satu hari-truk pada perjalanan jauh membawa lebih sedikit oksigen, jadi yang tiba "
        "lebih sedikit secara keseluruhan.",
    },
    "plan_day_title": {
        "en": "{date}: that day of the plan",
        "id": "{date}: hari itu dalam rencana",
    },
    "plan_day_trucks": {"en": "Trucks in use / available", "id": "Truk terpakai / tersedia"},
    "plan_day_help": {
        "en": "The date as one day of the time-expanded plan ({policy}, {start} to {end}): "
        "what arrived, what was used and what was short, with the stocks and the trips "
        "under way carried from the days before. {share} of the day's need met; {n} "
        "province(s) short. The Plan page shows every day; deploy reads the same shortfall.",
        "id": "Tanggal ini sebagai satu hari dari rencana harian ({policy}, {start} s.d. "
        "{end}): yang tiba, yang terpakai, dan yang kurang, dengan stok dan perjalanan yang "
        "masih di jalan dari hari-hari sebelumnya. {share} kebutuhan hari itu terpenuhi; "
        "{n} provinsi kekurangan. Halaman Rencana menampilkan setiap hari; penempatan "
        "membaca kekurangan yang sama.",
    },
    "plan_day_outside": {
        "en": "{date} is not a day of the plan ({start}, {days} days): the figures below "
        "are the steady-day allocation of that date alone. Move the plan's window on the "
        "Plan page to see the date as a day of the plan.",
        "id": "{date} bukan hari dalam rencana ({start}, {days} hari): angka di bawah "
        "adalah alokasi hari tetap untuk tanggal itu saja. Geser jendela rencana di "
        "halaman Rencana untuk melihat tanggal ini sebagai hari rencana.",
    },
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
        "en": "{draws} draws, seed {seed}, {dates}, model: {model}; a province-day is "
        "short when more than {tol} t is unmet; ± is the Monte Carlo standard error.",
        "id": "{draws} undian, benih {seed}, {dates}, model: {model}; provinsi-hari "
        "kekurangan bila lebih dari {tol} ton tak terpenuhi; ± adalah galat baku Monte "
        "Carlo.",
    },
    "risk_other_pack": {
        "en": "This sweep was made on other data (content hash {theirs}) than the pack "
        "shown ({ours}): its numbers are its own.",
        "id": "Sapuan ini dibuat dengan data lain (hash {theirs}) dari paket yang "
        "ditampilkan ({ours}): angkanya miliknya sendiri.",
    },
    "risk_distributions": {"en": "Distributions", "id": "Distribusi"},
    "plan_settings": {"en": "Window, rule and fleet", "id": "Rentang, aturan dan armada"},
    "plan_from": {"en": "First day", "id": "Hari pertama"},
    "plan_days": {"en": "Days in the plan", "id": "Jumlah hari rencana"},
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
        "en": "Demand after {as_of} is a forecast (log-linear over the 7 days up to it; its "
        "80% band from the errors of the forecasts made on the 21 days before, at the same "
        "horizon): the plan uses only what was known then.",
        "id": "Kebutuhan setelah {as_of} adalah prakiraan (log-linear atas 7 hari sampai "
        "tanggal itu; pita 80%-nya dari galat prakiraan yang dibuat pada 21 hari "
        "sebelumnya, pada jangka yang sama): rencana hanya memakai yang diketahui saat itu.",
    },
    "plan_java_bali": {"en": "Java-Bali, 3-15 July 2021", "id": "Jawa-Bali, 3-15 Juli 2021"},
    "plan_java_bali_text": {
        "en": "From {lo} to {hi} the plan leaves {unmet} t of Java-Bali's {demand} t "
        "unmet ({share} met). Short (days): {short}.",
        "id": "Dari {lo} sampai {hi} rencana menyisakan {unmet} t dari {demand} t "
        "kebutuhan Jawa-Bali tak terpenuhi ({share} terpenuhi). Kekurangan (hari): {short}.",
    },
    "plan_java_production_why": {
        "en": "Why the two differ on 10 July: the pack's Java lines produce {produced} t/day "
        "(reported: {reported}), and {share} of it goes to medical use that day, the dated "
        "split of the supply facts, so {supply} t/day reaches hospitals. The report counts "
        "the whole production as medical supply.",
        "id": "Mengapa keduanya berbeda pada 10 Juli: jalur Jawa di paket memproduksi "
        "{produced} ton/hari (dilaporkan: {reported}), dan {share} darinya untuk medis pada "
        "hari itu, menurut pembagian bertanggal dalam fakta pasokan, sehingga {supply} "
        "ton/hari sampai ke rumah sakit. Laporan menghitung seluruh produksi sebagai "
        "pasokan medis.",
    },
    "plan_fact": {"en": "Reported", "id": "Dilaporkan"},
    "plan_model": {"en": "This plan", "id": "Rencana ini"},
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
        "reported needs). Share inside the 80% band: provinces inside the forecast's 80% "
        "band, built from the errors of the forecasts made on the 21 days before (split-"
        "conformal); below 80% means the band is too narrow while the wave turns.",
        "id": "Dibandingkan dengan perkiraan model sendiri dari kasus yang datang kemudian "
        "(bukan kebutuhan yang dilaporkan). Porsi di dalam pita 80%: provinsi di dalam "
        "pita 80% prakiraan, dibangun dari galat prakiraan yang dibuat pada 21 hari "
        "sebelumnya (split-conformal); di bawah 80% berarti pita terlalu sempit saat "
        "gelombang berbalik.",
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
