"""Interface strings in Bahasa Indonesia and English, kept in one place.

Data values (province and hospital names) stay as they are; only labels, legends and
help texts are translated. ``t(key, lang)`` falls back to English, then to the key.
The catalogues live in :mod:`geo.i18n_strings` (``STRINGS``) and :mod:`geo.i18n_tables`
(``COLUMNS``, ``VALUES``); every name stays importable from here.

Numbers, percentages and dates are formatted by Babel with the viewer's locale
(:func:`number`, :func:`percent`, :func:`date`): ``2.622,9`` and ``15 Juli 2021`` in
Bahasa Indonesia, ``2,622.9`` and ``15 July 2021`` in English.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

# the catalogues: interface strings, and the tables' column headers and coded values
from geo.i18n_strings import STRINGS
from geo.i18n_tables import COLUMNS, VALUES

LOCALES: dict[str, str] = {"id": "id_ID", "en": "en_US"}
MISSING = "—"  # an unknown number is shown as unknown, never as 0


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def _finite(value: object) -> bool:
    try:
        return value is not None and math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def number(value: float | None, lang: str, *, digits: int = 0) -> str:
    """``value`` with grouping and ``digits`` decimals in the locale of ``lang``
    (``number(2622.9, "id", digits=1) == "2.622,9"``); :data:`MISSING` when unknown."""
    if not _finite(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def decimal(value: float | None, lang: str, *, max_digits: int = 2) -> str:
    """``value`` with at most ``max_digits`` decimals, trailing zeros dropped (hours,
    weights: ``6`` and ``0,5`` in Bahasa Indonesia)."""
    if not _finite(value):
        return MISSING
    pattern = "#,##0" + ("." + "#" * max_digits if max_digits > 0 else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def percent(value: float | None, lang: str, *, digits: int = 1) -> str:
    """A share (0..1) as a percentage in the locale of ``lang`` (``"5,30%"`` in id)."""
    if not _finite(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def date(value: str | _dt.date, lang: str, *, style: str = "long") -> str:
    """A date (ISO string or date) in the locale of ``lang``: ``15 Juli 2021``."""
    day = _dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return format_date(day, format=style, locale=_locale(lang))


def t(key: str, lang: str = "id") -> str:
    """The interface string ``key`` in ``lang`` (English, then the key, when missing).
    Placeholders take text already formatted for the locale (:func:`number`)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry.get("en") or key


def column(name: str, lang: str) -> str:
    """A table column's header in ``lang`` (the name itself when not catalogued)."""
    entry = COLUMNS.get(str(name))
    return str(name) if entry is None else entry[1 if lang == "id" else 0]


def value(raw: object, lang: str) -> object:
    """A coded table value (a limit, reason, kind, status) in ``lang``; other values
    unchanged. Lists and ``; ``-joined text are translated item by item."""
    if isinstance(raw, list | tuple):
        return [value(v, lang) for v in raw]
    if not isinstance(raw, str):
        return raw
    entry = VALUES.get(raw)
    if entry is not None:
        return entry[1 if lang == "id" else 0]
    if raw.startswith("the ") and raw.endswith(" largest hospitals"):
        n = raw[4 : -len(" largest hospitals")]
        return f"{n} rumah sakit terbesar" if lang == "id" else raw
    if raw.startswith("the ") and raw.endswith(" largest hospitals (beds)"):
        n = raw[4 : -len(" largest hospitals (beds)")]
        return f"{n} rumah sakit terbesar (tempat tidur)" if lang == "id" else raw
    if raw.startswith("the ") and raw.endswith(" most remote hospitals (resupply hours)"):
        n = raw[4 : -len(" most remote hospitals (resupply hours)")]
        return f"{n} rumah sakit terjauh (jam pasok ulang)" if lang == "id" else raw
    if raw.startswith("the plan under ") and lang == "id":
        return "rencana dengan aturan " + str(value(raw[len("the plan under ") :], lang))
    if ", " in raw and all(part in VALUES for part in raw.split(", ")):
        return ", ".join(str(value(p, lang)) for p in raw.split(", "))
    if lang == "id":
        parts = [_sentence_id(part) for part in raw.split("; ")]
        if all(part is not None for part in parts):
            return "; ".join(parts)  # type: ignore[arg-type]
    return raw


# Sentences the library writes into table cells (geo.allocation's limit reasons,
# geo.supply's statement notes, geo.relief's comparison notes, statement scopes), one
# "; "-separated part at a time; numbers in the Bahasa locale.
_N = r"(-?\d+(?:\.\d+)?)"


def _num(text: str) -> str:
    digits = len(text.split(".")[1]) if "." in text else 0
    return number(float(text), "id", digits=digits)


_SENTENCES_ID: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (
        rf"fully served: {_N} t/day(?:, {_N} by truck from (\d+) plant\(s\))?"
        rf"(?:, {_N} from local supply)?",
        lambda m: (
            f"terlayani penuh: {_num(m[1])} ton/hari"
            + (f", {_num(m[2])} dengan truk dari {m[3]} pabrik" if m[2] else "")
            + (f", {_num(m[4])} dari pasokan lokal" if m[4] else "")
        ),
    ),
    (
        r"no plant can reach province (\d+) by road or ferry",
        lambda m: f"tidak ada pabrik yang dapat menjangkau provinsi {m[1]} lewat darat atau feri",
    ),
    (
        rf"all (\d+) plant\(s\) that can reach it are at capacity \({_N} t/day in total\)",
        lambda m: (
            f"semua {m[1]} pabrik yang dapat menjangkaunya sudah penuh "
            f"({_num(m[2])} ton/hari seluruhnya)"
        ),
    ),
    (rf"{_N} t/day unmet", lambda m: f"{_num(m[1])} ton/hari tak terpenuhi"),
    (
        rf"fleet-limited: all {_N} trucks are in use \({_N} truck-days/day\) while plants "
        rf"that can reach it have {_N} t/day spare",
        lambda m: (
            f"terbatas armada: semua {_num(m[1])} truk terpakai ({_num(m[2])} hari-truk "
            f"per hari) sementara pabrik yang dapat menjangkaunya masih punya {_num(m[3])} "
            "ton/hari"
        ),
    ),
    (
        rf"delivery costs more than the unmet penalty \({_N}\) though plants that can reach "
        rf"it have {_N} t/day spare",
        lambda m: (
            f"biaya pengiriman melebihi penalti tak terpenuhi ({_num(m[1])}) walau pabrik "
            f"yang dapat menjangkaunya masih punya {_num(m[2])} ton/hari"
        ),
    ),
    (
        r"(\d+) line\(s\) of unknown t/day not counted",
        lambda m: f"{m[1]} jalur tanpa angka ton/hari tidak dihitung",
    ),
    (
        r"undated \(published before ([\d-]+)\): read on ([\d-]+)",
        lambda m: f"tanpa tanggal (terbit sebelum {m[1]}): dibaca pada {m[2]}",
    ),
    (
        r"the model carries no '(\w+)' figure",
        lambda m: f"model tidak memuat angka '{value(m[1], 'id')}'",
    ),
    (
        r"sites chosen on that rule's shortfall, scored on this plan's",
        lambda m: (
            "lokasi dipilih menurut kekurangan aturan itu, dinilai pada kekurangan rencana ini"
        ),
    ),
    (r"city:(.+)", lambda m: f"kota {m[1]}"),
]


_SENTENCES_ID = [(re.compile(pattern), render) for pattern, render in _SENTENCES_ID]


def _sentence_id(text: str) -> str | None:
    """One library sentence in Bahasa Indonesia; None when it is not one of them."""
    if text in VALUES:
        return VALUES[text][1]
    if not text[:1].islower() and not text[:1].isdigit() and text[:1] != "-":
        return None  # every sentence below starts so; names and codes mostly do not
    for pattern, render in _SENTENCES_ID:
        m = pattern.fullmatch(text)
        if m:
            return render(m)
    return None


def month_names(lang: str) -> list[str]:
    """January..December in ``lang`` (Babel's wide month names)."""
    from babel.dates import get_month_names

    names = get_month_names("wide", locale=_locale(lang))
    return [names[i] for i in range(1, 13)]


# --------------------------------------------------------------------------- warnings
# The link's validation notes (geo.scenario.parse, geo.pipeline.fit_to_pack) are written
# in English for the CLI; the app shows them in the viewer's language.

_REASONS_ID: list[tuple[str, str]] = [
    (r"'(.*)' is not one of (.+)", r"'\1' bukan salah satu dari \2"),
    (r"'(.*)' is not a valid name", r"'\1' bukan nama yang sah"),
    (r"'(.*)' is not a date \(YYYY-MM-DD\)", r"'\1' bukan tanggal (YYYY-MM-DD)"),
    (r"'(.*)' is not a finite number", r"'\1' bukan angka terhingga"),
    (r"'(.*)' is not a whole number", r"'\1' bukan bilangan bulat"),
    (r"'(.*)' is not a number", r"'\1' bukan angka"),
    (r"(.+) is outside (.+)", r"\1 di luar rentang \2"),
    (r"unknown pack '(.*)' \(available: (.+)\)", r"paket tak dikenal '\1' (tersedia: \2)"),
    (r"no data for (.+)", r"tidak ada data untuk \1"),
]


def _reason(text: str, lang: str) -> str:
    import re

    if lang != "id":
        return text
    for pattern, repl in _REASONS_ID:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, repl, text)
    return text


def warning(text: str, lang: str) -> str:
    """A link-validation note in ``lang`` (English notes as the CLI prints them)."""
    import re

    if lang != "id":
        return text
    m = re.fullmatch(r"unknown parameter '(.*)' ignored", text)
    if m:
        return f"parameter tak dikenal '{m.group(1)}' diabaikan"
    m = re.fullmatch(r"(\w+): (.+); using the model default", text)
    if m:
        return f"{m.group(1)}: {_reason(m.group(2), lang)}; memakai nilai bawaan model"
    m = re.fullmatch(r"(\w+): (.+); using (.+)", text)
    if m:
        return f"{m.group(1)}: {_reason(m.group(2), lang)}; memakai {m.group(3)}"
    m = re.fullmatch(r"prov: (.+) is not a province of this pack", text)
    if m:
        return f"prov: {m.group(1)} bukan provinsi dalam paket ini"
    return text
