"""Where the data files in `resources/` live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE.parent / "resources", _PACKAGE / "_resources")


def resource_root() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("resources folder not found next to the workstation package")


def resource_path(*parts: str) -> Path:
    """Path of a file under `resources/`, e.g. resource_path("catalogue", "yuncheng.json")."""
    return resource_root().joinpath(*parts)
