"""Province codes and the names different agencies use for them (2021 layout, 34 provinces).

Codes are the two-digit province codes used by Kemendagri and by BPS for all
provinces except Papua: BPS's statistical numbering has Papua Barat = 91 and
Papua = 94, while Kemendagri (and most boundary files, e.g. ans4175's ``kode``)
have Papua = 91 and Papua Barat = 92. This project uses the Kemendagri pair
(91 Papua, 92 Papua Barat) and maps the BPS statistical 94 to 91 on input
(see ``normalise_code``); 91 is taken as Papua everywhere.

Name variants come from the agencies' own files (BPS SP2020 press release,
covid19.go.id, Kemenkes SIRS, geoBoundaries English names, ISO 3166-2:ID).
"""

from __future__ import annotations

import re
import unicodedata

# code, official name, ISO 3166-2, aliases (any case/punctuation; normalised on use)
_PROVINCES: list[tuple[int, str, str, tuple[str, ...]]] = [
    (11, "Aceh", "ID-AC", ("DI Aceh", "DI. Aceh", "Nanggroe Aceh Darussalam", "NAD")),
    (12, "Sumatera Utara", "ID-SU", ("North Sumatra", "Sumut")),
    (13, "Sumatera Barat", "ID-SB", ("West Sumatra", "Sumbar")),
    (14, "Riau", "ID-RI", ()),
    (15, "Jambi", "ID-JA", ()),
    (16, "Sumatera Selatan", "ID-SS", ("South Sumatra", "Sumsel")),
    (17, "Bengkulu", "ID-BE", ()),
    (18, "Lampung", "ID-LA", ()),
    (
        19,
        "Kepulauan Bangka Belitung",
        "ID-BB",
        ("Bangka Belitung", "Bangka-Belitung Islands", "Babel"),
    ),
    (21, "Kepulauan Riau", "ID-KR", ("Riau Islands", "Kepri")),
    (
        31,
        "DKI Jakarta",
        "ID-JK",
        ("Jakarta", "Daerah Khusus Ibukota Jakarta", "Jakarta Special Capital Region", "DKI"),
    ),
    (32, "Jawa Barat", "ID-JB", ("West Java", "Jabar")),
    (33, "Jawa Tengah", "ID-JT", ("Central Java", "Jateng")),
    (
        34,
        "Daerah Istimewa Yogyakarta",
        "ID-YO",
        ("DI Yogyakarta", "D I Yogyakarta", "DIY", "Yogyakarta", "Special Region of Yogyakarta"),
    ),
    (35, "Jawa Timur", "ID-JI", ("East Java", "Jatim")),
    (36, "Banten", "ID-BT", ()),
    (51, "Bali", "ID-BA", ()),
    (52, "Nusa Tenggara Barat", "ID-NB", ("Nusatenggara Barat", "West Nusa Tenggara", "NTB")),
    (53, "Nusa Tenggara Timur", "ID-NT", ("Nusatenggara Timur", "East Nusa Tenggara", "NTT")),
    (61, "Kalimantan Barat", "ID-KB", ("West Kalimantan", "Kalbar")),
    (62, "Kalimantan Tengah", "ID-KT", ("Central Kalimantan", "Kalteng")),
    (63, "Kalimantan Selatan", "ID-KS", ("South Kalimantan", "Kalsel")),
    (64, "Kalimantan Timur", "ID-KI", ("East Kalimantan", "Kaltim")),
    (65, "Kalimantan Utara", "ID-KU", ("North Kalimantan", "Kaltara")),
    (71, "Sulawesi Utara", "ID-SA", ("North Sulawesi", "Sulut")),
    (72, "Sulawesi Tengah", "ID-ST", ("Central Sulawesi", "Sulteng")),
    (73, "Sulawesi Selatan", "ID-SN", ("South Sulawesi", "Sulsel")),
    (74, "Sulawesi Tenggara", "ID-SG", ("Southeast Sulawesi", "South East Sulawesi", "Sultra")),
    (75, "Gorontalo", "ID-GO", ()),
    (76, "Sulawesi Barat", "ID-SR", ("West Sulawesi", "Sulbar")),
    (81, "Maluku", "ID-MA", ()),
    (82, "Maluku Utara", "ID-MU", ("North Maluku", "Malut")),
    (91, "Papua", "ID-PA", ()),
    (92, "Papua Barat", "ID-PB", ("West Papua", "Irian Jaya Barat")),
]

PROVINCE_CODES: tuple[int, ...] = tuple(p[0] for p in _PROVINCES)
PROVINCE_NAMES: dict[int, str] = {p[0]: p[1] for p in _PROVINCES}
ISO_CODES: dict[int, str] = {p[0]: p[2] for p in _PROVINCES}
JAVA_BALI: tuple[int, ...] = (31, 32, 33, 34, 35, 36, 51)

# BPS statistical code for Papua differs from Kemendagri's (see module docstring).
_CODE_ALIASES = {94: 91}


def normalise_name(name: str) -> str:
    """Upper-case ASCII, punctuation and underscores to spaces, 'PROVINSI' dropped."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", " ", text).upper().strip()
    text = re.sub(r"^(PROVINSI|PROV|PROVINCE)\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _build_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for code, name, iso, aliases in _PROVINCES:
        for variant in (name, iso, iso.replace("ID-", ""), *aliases):
            index[normalise_name(variant)] = code
    return index


_NAME_INDEX = _build_index()


def code_for_name(name: object) -> int | None:
    """The province code for a name in any agency's spelling, or None if unknown."""
    if name is None or (isinstance(name, float) and name != name):
        return None
    return _NAME_INDEX.get(normalise_name(str(name)))


def normalise_code(code: object) -> int | None:
    """A province code from an int, '32', '32.0', '32-73' or '3273' style value, or None."""
    if code is None:
        return None
    text = str(code).strip()
    if not text or text.lower() == "nan":
        return None
    text = text.removesuffix(".0")
    match = re.match(r"^(\d{2})(?:[.\-]?\d*)?$", text)
    if not match:
        return None
    value = int(match.group(1))
    value = _CODE_ALIASES.get(value, value)
    return value if value in PROVINCE_NAMES else None
