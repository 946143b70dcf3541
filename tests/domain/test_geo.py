"""Map datums: WGS-84 ↔ GCJ-02 against the published reference points, CGCS2000 as WGS-84, distances."""

from __future__ import annotations

import random

import pytest

from workstation.domain.geo import (
    Datum,
    distance_m,
    from_datum,
    gcj02_to_wgs84,
    out_of_china,
    to_datum,
    wgs84_to_gcj02,
)

# (WGS-84 lon, lat) → (GCJ-02 lon, lat): the test vectors every implementation of the formula checks
# against (googollee/eviltransform, test.py in each of its languages).
REFERENCE = [
    pytest.param((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597), id="shanghai"),
    pytest.param((113.912316, 22.543847), (113.9171764808363, 22.540796131694766), id="shenzhen"),
    pytest.param((116.377817, 39.911954), (116.38404722455657, 39.91334545536069), id="beijing"),
]
JINAN = (117.0350, 36.6645)  # 历山路 × 解放路 in the demo city


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_wgs84_to_gcj02_matches_the_reference_points(wgs, gcj):
    assert wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_gcj02_to_wgs84_inverts_the_reference_points_to_a_millimetre(wgs, gcj):
    lon, lat = gcj02_to_wgs84(*gcj)
    assert distance_m(lon, lat, *wgs) < 0.001


def test_the_shift_in_the_demo_city_is_a_few_hundred_metres_north_east():
    lon, lat = wgs84_to_gcj02(*JINAN)
    assert lon > JINAN[0] and lat > JINAN[1]
    assert 300 < distance_m(lon, lat, *JINAN) < 800


def test_the_inverse_holds_everywhere_in_china():
    rng = random.Random(5)
    for _ in range(500):
        lon, lat = rng.uniform(74, 135), rng.uniform(18, 53)
        back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
        assert distance_m(*back, lon, lat) < 0.001


@pytest.mark.parametrize("point", [(-104.9903, 39.7392), (153.0251, -27.4698), (2.3522, 48.8566)])
def test_points_outside_china_do_not_move(point):
    assert out_of_china(*point)
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_cgcs2000_and_wgs84_tiles_draw_the_stored_point_unchanged():
    for datum in (Datum.WGS84, Datum.CGCS2000):
        assert to_datum(*JINAN, datum) == JINAN
        assert from_datum(*JINAN, datum) == JINAN


def test_a_point_drawn_on_gcj02_tiles_and_clicked_there_comes_back_where_it_was():
    drawn = to_datum(*JINAN, Datum.GCJ02)
    assert drawn == wgs84_to_gcj02(*JINAN)
    assert distance_m(*from_datum(*drawn, Datum.GCJ02), *JINAN) < 0.001


def test_distances():
    assert distance_m(117.0, 36.0, 117.0, 37.0) == pytest.approx(111_195, rel=1e-4)  # one degree of latitude
    shanghai, beijing = REFERENCE[0].values[1], REFERENCE[2].values[1]
    # eviltransform's 1 078 164 m is the same arc on the equatorial radius (6 378 137 m)
    assert distance_m(*shanghai, *beijing) * 6_378_137 / 6_371_008.8 == pytest.approx(1_078_164, abs=1)
    assert distance_m(*JINAN, *JINAN) == 0
