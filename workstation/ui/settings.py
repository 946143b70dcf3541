"""The workstation's user settings in one typed place (QSettings underneath: the platform's config folder)."""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

from workstation.domain.geo import Datum


class Settings:
    """Language, window layout, command history, the map's tile server. `path` points tests (and portable
    installs) at their own file."""

    def __init__(self, path: Path | None = None) -> None:
        #: Where the seat's own files live (drafts): beside an explicit settings file, else the user data folder.
        self.folder = path.parent if path is not None else Path(platformdirs.user_data_dir("workstation"))
        self._store = (
            QSettings(str(path), QSettings.Format.IniFormat)
            if path is not None
            else QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "workstation", "workstation"
            )
        )

    @property
    def language(self) -> str:
        return str(self._store.value("ui/language", "zh_CN"))

    @language.setter
    def language(self, code: str) -> None:
        self._store.setValue("ui/language", code)
        self._store.sync()

    def _bytes(self, key: str) -> bytes | None:
        value = self._store.value(key)
        return bytes(value) if value else None

    @property
    def window_geometry(self) -> bytes | None:
        return self._bytes("ui/geometry")

    @window_geometry.setter
    def window_geometry(self, value: bytes) -> None:
        self._store.setValue("ui/geometry", value)

    @property
    def splitter_state(self) -> bytes | None:
        return self._bytes("ui/splitter")

    @splitter_state.setter
    def splitter_state(self, value: bytes) -> None:
        self._store.setValue("ui/splitter", value)

    @property
    def window_state(self) -> bytes | None:
        """Where the docks (the map) are and whether they are open."""
        return self._bytes("ui/window_state")

    @window_state.setter
    def window_state(self, value: bytes) -> None:
        self._store.setValue("ui/window_state", value)

    @property
    def map_tile_url(self) -> str:
        """The base map's XYZ (or GoogleMapsCompatible WMTS) tile URL template, e.g.
        `http://tiles.city.gov.cn/vec/{z}/{x}/{y}.png` or `…&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`;
        empty: the offline vector base of the city only (nothing is fetched from anywhere)."""
        return str(self._store.value("map/tile_url", "")).strip()

    @map_tile_url.setter
    def map_tile_url(self, template: str) -> None:
        self._store.setValue("map/tile_url", template.strip())
        self._store.sync()

    @property
    def map_tile_datum(self) -> Datum:
        """The datum the tiles are drawn in (wgs84, gcj02 or cgcs2000); every point drawn and every click
        is converted with it (domain/geo.py)."""
        try:
            return Datum(str(self._store.value("map/tile_datum", Datum.WGS84.value)).strip().lower())
        except ValueError:
            return Datum.WGS84

    @map_tile_datum.setter
    def map_tile_datum(self, datum: Datum) -> None:
        self._store.setValue("map/tile_datum", Datum(datum).value)
        self._store.sync()

    @property
    def map_tile_attribution(self) -> str:
        """Who made the tiles, shown in the map's corner (e.g. 济南市自然资源和规划局)."""
        return str(self._store.value("map/tile_attribution", "")).strip()

    @map_tile_attribution.setter
    def map_tile_attribution(self, text: str) -> None:
        self._store.setValue("map/tile_attribution", text.strip())
        self._store.sync()

    @property
    def alerts_muted(self) -> bool:
        """超时预警 muted (View menu); kept across restarts so a seat who chose quiet is not beeped at again."""
        return str(self._store.value("ui/alerts_muted", "false")).lower() == "true"

    @alerts_muted.setter
    def alerts_muted(self, muted: bool) -> None:
        self._store.setValue("ui/alerts_muted", "true" if muted else "false")
        self._store.sync()

    @property
    def command_history(self) -> list[str]:
        """The command line's entered commands (命令行历史), oldest first. Stored as JSON: an INI list of
        one element would come back as a plain string."""
        try:
            value = json.loads(str(self._store.value("commands/history", "[]")))
        except ValueError:
            return []
        return [str(entry) for entry in value] if isinstance(value, list) else []

    @command_history.setter
    def command_history(self, entries: list[str]) -> None:
        self._store.setValue("commands/history", json.dumps(list(entries), ensure_ascii=False))
        self._store.sync()
