"""Offline map assets: Leaflet, jQuery and Leaflet.markercluster from PyPI XStatic packages.

folium and its plugins name the scripts and stylesheets they need in ``default_js`` /
``default_css`` as public CDN URLs; streamlit-folium and folium's HTML both load those
URLs, so with no internet a map stays blank. This module

* maps folium's asset names (and CDN file names) to files inside installed XStatic
  packages (:data:`ASSETS`): Leaflet 1.9.3 (``XStatic-Leaflet``), jQuery 3.7.1
  (``XStatic-jQuery``), Leaflet.markercluster 1.4.1 (``XStatic-Leaflet-MarkerCluster``);
* drops what our maps never use (Bootstrap, glyphicons, awesome-markers, FontAwesome:
  we draw CircleMarkers and GeoJSON circles, never ``folium.Marker`` icons), see
  :func:`dropped_urls`;
* copies the files into ``<app>/static/vendor/`` (:func:`install_static_assets`), served
  by Streamlit at ``/app/static/vendor/`` when ``[server] enableStaticServing = true``;
* rewrites every element of a map to those local URLs (:func:`localize`), refusing any
  unknown CDN URL so nothing loads from the internet silently;
* writes a standalone HTML document with everything inlined (:func:`inline_html`).

Nothing here is copied into the repository: the files come from the installed packages.
"""

from __future__ import annotations

import base64
import importlib
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import branca.colormap
import branca.element
import folium

__all__ = [
    "ASSETS",
    "DEFAULT_BASE_URL",
    "DROPPED_NAMES",
    "Asset",
    "LocalizeReport",
    "OfflineAssetError",
    "asset_path",
    "dropped_urls",
    "inline_html",
    "install_static_assets",
    "localize",
]

DEFAULT_BASE_URL = "/app/static/vendor"
_INLINE_SCHEME = "oxygen-atlas-inline:"  # placeholder base URL used by inline_html


class OfflineAssetError(ValueError):
    """A map element asks for a script/stylesheet we cannot serve offline."""


@dataclass(frozen=True)
class Asset:
    """One vendored file: folium's asset name -> a file inside an XStatic package."""

    name: str  # folium's key in default_js / default_css
    kind: Literal["js", "css"]
    package: str  # importable XStatic module, e.g. "xstatic.pkg.leaflet"
    file: str  # path inside the package's BASE_DIR
    vendor_dir: str  # directory under static/vendor/ (carries the version)
    url_suffixes: tuple[str, ...]  # CDN file names recognised under other names
    extra_dirs: tuple[str, ...] = ()  # directories copied alongside (Leaflet images/)

    @property
    def vendor_path(self) -> str:
        return f"{self.vendor_dir}/{Path(self.file).name}"


_LEAFLET = "xstatic.pkg.leaflet"
_JQUERY = "xstatic.pkg.jquery"
_CLUSTER = "xstatic.pkg.leaflet_markercluster"

#: Every asset our maps use, keyed by folium's name for it.
ASSETS: dict[str, Asset] = {
    a.name: a
    for a in (
        Asset("leaflet", "js", _LEAFLET, "leaflet.js", "leaflet-1.9.3", ("/leaflet.js",)),
        Asset(
            "leaflet_css",
            "css",
            _LEAFLET,
            "leaflet.css",
            "leaflet-1.9.3",
            ("/leaflet.css",),
            extra_dirs=("images",),
        ),
        Asset(
            "jquery",
            "js",
            _JQUERY,
            "jquery.min.js",
            "jquery-3.7.1",
            ("/jquery.min.js", "/jquery.js") + tuple(f"/jquery-3.{v}.min.js" for v in range(8)),
        ),
        Asset(
            "markerclusterjs",
            "js",
            _CLUSTER,
            "leaflet.markercluster.js",
            "leaflet.markercluster-1.4.1",
            ("/leaflet.markercluster.js",),
        ),
        Asset(
            "markerclustercss",
            "css",
            _CLUSTER,
            "MarkerCluster.css",
            "leaflet.markercluster-1.4.1",
            ("/MarkerCluster.css",),
        ),
        Asset(
            "markerclusterdefaultcss",
            "css",
            _CLUSTER,
            "MarkerCluster.Default.css",
            "leaflet.markercluster-1.4.1",
            ("/MarkerCluster.Default.css",),
        ),
    )
}

#: folium asset names we never use and therefore drop (no Marker icons, no Bootstrap UI).
DROPPED_NAMES: frozenset[str] = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)
_DROPPED_URL_PATTERNS = ("bootstrap", "awesome-markers", "fontawesome", "awesome.rotate")


@cache
def _base_dir(package: str) -> Path:
    try:
        module = importlib.import_module(package)
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise OfflineAssetError(
            f"the offline map assets need the PyPI package for `{package}` "
            "(XStatic-Leaflet, XStatic-jQuery, XStatic-Leaflet-MarkerCluster)"
        ) from exc
    return Path(module.BASE_DIR)


def asset_path(name: str) -> Path:
    """The file of asset ``name`` inside its installed XStatic package."""
    asset = ASSETS[name]
    path = _base_dir(asset.package) / asset.file
    if not path.is_file():
        raise OfflineAssetError(f"asset `{name}`: {path} is missing from {asset.package}")
    return path


def dropped_urls() -> list[str]:
    """The CDN URLs folium would load that our maps drop (for display in the app)."""
    from folium.plugins import MarkerCluster

    urls: list[str] = []
    for cls in (folium.Map, MarkerCluster):
        for name, url in [*cls.default_js, *cls.default_css]:
            if name in DROPPED_NAMES and url not in urls:
                urls.append(url)
    return urls


def _copy_if_stale(src: Path, dst: Path) -> bool:
    s = src.stat()
    if dst.is_file():
        d = dst.stat()
        if d.st_size == s.st_size and d.st_mtime_ns == s.st_mtime_ns:
            return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.copy2(src, tmp)
    tmp.replace(dst)
    return True


def install_static_assets(static_dir: str | Path) -> dict[str, Path]:
    """Copy every asset (plus Leaflet's ``images/``) into ``static_dir/vendor/``.

    Idempotent: files whose size and mtime match the package's are left alone, so the
    call is a handful of ``stat`` calls once installed. Returns asset name -> installed
    file (and ``"<vendor_dir>/<extra dir>"`` -> directory for copied directories).
    """
    vendor = Path(static_dir) / "vendor"
    out: dict[str, Path] = {}
    for name, asset in ASSETS.items():
        dst = vendor / asset.vendor_path
        _copy_if_stale(asset_path(name), dst)
        out[name] = dst
        for extra in asset.extra_dirs:
            src_dir = _base_dir(asset.package) / extra
            dst_dir = vendor / asset.vendor_dir / extra
            for src in sorted(src_dir.rglob("*")):
                if src.is_file():
                    _copy_if_stale(src, dst_dir / src.relative_to(src_dir))
            out[f"{asset.vendor_dir}/{extra}"] = dst_dir
    return out


@dataclass
class LocalizeReport:
    """What :func:`localize` did: asset names replaced, URLs dropped, URLs refused."""

    replaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _walk(elem: Any) -> Iterator[Any]:
    """The element and all its ``_children``, recursively (streamlit-folium's walk)."""
    seen: set[int] = set()
    stack = [elem]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        # DualMap's two maps; a Figure's header/html/script (not in its _children).
        for attr in ("m1", "m2", "header", "html", "script"):
            sub = getattr(e, attr, None)
            if isinstance(sub, branca.element.Element):
                stack.append(sub)
        children = getattr(e, "_children", None)
        if children:
            stack.extend(reversed(list(children.values())))


def _is_remote(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url, flags=re.IGNORECASE))


def _classify(name: str, url: str) -> Asset | None | Literal["drop"]:
    """The local asset for (name, url), ``"drop"`` for unused ones, None if unknown."""
    if name in DROPPED_NAMES:
        return "drop"
    if name in ASSETS:
        return ASSETS[name]
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    for asset in ASSETS.values():
        if any(path.endswith(s.lower()) for s in asset.url_suffixes):
            return asset
    if any(p in path for p in _DROPPED_URL_PATTERNS):
        return "drop"
    return None


def _local_url(asset: Asset, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{asset.vendor_path}"


def _localize_list(
    pairs: list[tuple[str, str]], base_url: str, report: LocalizeReport
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in pairs:
        target = _classify(name, url)
        if target == "drop":
            report.dropped.append(url)
        elif target is None:
            if _is_remote(url):
                report.unknown.append(f"{name}: {url}")
            else:
                out.append((name, url))  # already local (e.g. a previous localize)
        else:
            out.append((target.name, _local_url(target, base_url)))
            report.replaced.append(target.name)
    return list(dict.fromkeys(out))


def localize(
    m: folium.Map | branca.element.Element,
    *,
    base_url: str = DEFAULT_BASE_URL,
    strict: bool = True,
) -> LocalizeReport:
    """Point every script/stylesheet of ``m`` at local copies; drop unused ones.

    Walks ``m`` and all ``_children`` (and, if it exists, the root figure's header, in
    case the map was rendered before), setting *instance* ``default_js`` /
    ``default_css`` so class attributes stay untouched. Unknown remote URLs raise
    :class:`OfflineAssetError` (``strict=True``) or are removed and listed in the
    report (``strict=False``). A ``branca.colormap.ColorMap`` anywhere in the tree is
    refused too: streamlit-folium then adds d3 from two CDNs. Draw legends with
    :func:`geo.maps.add_legend` instead.
    """
    report = LocalizeReport()
    roots = [m]
    root = m.get_root() if hasattr(m, "get_root") else None
    if root is not None and root is not m:
        roots.append(root)
    edits: list[tuple[Any, str, Any]] = []  # applied only when nothing is refused
    for top in roots:
        for elem in _walk(top):
            if isinstance(elem, branca.colormap.ColorMap):
                report.unknown.append(
                    f"{type(elem).__name__}: branca colormaps make streamlit-folium load d3 "
                    "from a CDN; use geo.maps.add_legend"
                )
            for attr in ("default_js", "default_css"):
                pairs = getattr(elem, attr, None)
                if pairs:
                    edits.append((elem, attr, _localize_list(list(pairs), base_url, report)))
            # Links already placed in a rendered figure's header.
            children = getattr(elem, "_children", None)
            if children:
                for key, child in list(children.items()):
                    if isinstance(child, branca.element.JavascriptLink | branca.element.CssLink):
                        new = _localize_list([(key, child.url)], base_url, report)
                        if new:
                            edits.append((child, "url", new[0][1]))
                        else:
                            edits.append((children, key, None))
    report.replaced = list(dict.fromkeys(report.replaced))
    report.dropped = list(dict.fromkeys(report.dropped))
    if report.unknown and strict:
        raise OfflineAssetError(
            "map elements ask for assets that cannot be served offline: "
            + "; ".join(report.unknown)
        )
    for target, attr, value in edits:
        if isinstance(target, dict):
            target.pop(attr, None)
        else:
            setattr(target, attr, value)
    m._oxygen_base_url = base_url  # remembered so inline_html can restore it
    return report


@cache
def _inline_text(name: str) -> str:
    """The asset's text, ready to be inlined (source maps dropped, CSS images inlined)."""
    asset = ASSETS[name]
    path = asset_path(name)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^\s*//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", text)
    if asset.kind == "css":

        def _data_uri(match: re.Match[str]) -> str:
            ref = match.group(2)
            if ref.startswith(("data:", "#")):
                return match.group(0)
            img = (path.parent / ref).resolve()
            if img.is_file() and img.suffix.lower() == ".png":
                b64 = base64.b64encode(img.read_bytes()).decode("ascii")
                return f"url(data:image/png;base64,{b64})"
            return "none"  # never reference a file next to the exported HTML

        text = re.sub(r"url\((['\"]?)([^'\")]+)\1\)", _data_uri, text)
        return text.replace("</style", "<\\/style")
    return text.replace("</script", "<\\/script")


def inline_html(m: folium.Map) -> str:
    """A standalone HTML document of ``m``: every script and stylesheet inlined.

    The result opens offline (``file://``) in a browser: no request leaves the page
    except, if the map has them, the optional OpenStreetMap tiles. ``m`` keeps its
    previous asset URLs afterwards.
    """
    previous = getattr(m, "_oxygen_base_url", DEFAULT_BASE_URL)
    localize(m, base_url=_INLINE_SCHEME)
    try:
        html = m.get_root().render()
    finally:
        localize(m, base_url=previous)
    by_path = {a.vendor_path: name for name, a in ASSETS.items()}
    prefix = re.escape(_INLINE_SCHEME.rstrip("/") + "/")

    def _script(match: re.Match[str]) -> str:
        name = by_path[match.group(1)]
        return f"<script>/* {name} (inlined) */\n{_inline_text(name)}\n</script>"

    def _style(match: re.Match[str]) -> str:
        name = by_path[match.group(1)]
        return f"<style>/* {name} (inlined) */\n{_inline_text(name)}\n</style>"

    html = re.sub(rf'<script\s+src="{prefix}([^"]+)"\s*>\s*</script>', _script, html)
    html = re.sub(rf'<link\s+rel="stylesheet"\s+href="{prefix}([^"]+)"\s*/?>', _style, html)
    if _INLINE_SCHEME in html:
        raise OfflineAssetError("inline_html: an asset reference was left un-inlined")
    return html
