"""Map datums (坐标系) and distances: what the map panel converts every point it draws or is clicked at.

The platform stores WGS-84 (the GPS of the collectors' 城管通 and of the devices). A tile server may
draw its tiles in another datum:

- **WGS-84**: no shift.
- **GCJ-02** (国测局坐标, "Mars coordinates"): the tiles of most commercial Chinese maps. Within China
  every point is shifted by a published obfuscation of a few hundred metres; `wgs84_to_gcj02` is
  that formula, `gcj02_to_wgs84` its inverse by iteration (to about 1 mm). Outside China nothing moves.
- **CGCS2000** (国家大地坐标系, the datum of 天地图 and of most government tile servers): its ellipsoid
  and WGS-84's differ by 0.1 mm in the semi-minor axis and the frames by a few centimetres, far below
  what a city map shows, so it is treated as WGS-84. Its tiles must be cut in Web Mercator
  (天地图's `_w` sets, GoogleMapsCompatible WMTS), as Leaflet's default projection expects.

Pure functions on (lon, lat) pairs in degrees, no Qt; `distance_m` is the haversine great-circle
distance, right to a few parts in a thousand at city scale.
"""

from __future__ import annotations

import math
from enum import StrEnum

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG), for distances

# Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses it.
_A = 6_378_245.0
_EE = 0.006_693_421_622_965_943
_INVERSE_TOLERANCE = 1e-9  # degrees, about 0.1 mm
_INVERSE_STEPS = 30

LonLat = tuple[float, float]


class Datum(StrEnum):
    """The datum of a tile server's tiles (a setting of the workstation)."""

    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    CGCS2000 = "cgcs2000"


def out_of_china(lon: float, lat: float) -> bool:
    """The GCJ-02 shift applies inside this rough box of China only (as every implementation does)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    shift += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    shift += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    shift += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return shift


def _shift_lon(x: float, y: float) -> float:
    shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    shift += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    shift += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    shift += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return shift


def wgs84_to_gcj02(lon: float, lat: float) -> LonLat:
    """A WGS-84 point as GCJ-02 tiles draw it."""
    if out_of_china(lon, lat):
        return lon, lat
    d_lat = _shift_lat(lon - 105.0, lat - 35.0)
    d_lon = _shift_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: float, lat: float) -> LonLat:
    """The WGS-84 point a GCJ-02 point (a click on GCJ-02 tiles) stands for: the forward shift is smooth
    and small, so subtracting the shift of the current guess converges in a few steps."""
    if out_of_china(lon, lat):
        return lon, lat
    guess_lon, guess_lat = lon, lat
    for _ in range(_INVERSE_STEPS):
        there_lon, there_lat = wgs84_to_gcj02(guess_lon, guess_lat)
        error_lon, error_lat = there_lon - lon, there_lat - lat
        guess_lon, guess_lat = guess_lon - error_lon, guess_lat - error_lat
        if abs(error_lon) < _INVERSE_TOLERANCE and abs(error_lat) < _INVERSE_TOLERANCE:
            break
    return guess_lon, guess_lat


def to_datum(lon: float, lat: float, datum: Datum) -> LonLat:
    """A stored (WGS-84) point in the tiles' datum."""
    return wgs84_to_gcj02(lon, lat) if datum is Datum.GCJ02 else (lon, lat)


def from_datum(lon: float, lat: float, datum: Datum) -> LonLat:
    """A point in the tiles' datum (a click) as the platform stores it (WGS-84)."""
    return gcj02_to_wgs84(lon, lat) if datum is Datum.GCJ02 else (lon, lat)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
