"""Where the ``travel-booking`` airports lie, and how long and how far a flight between them is.

Flight time follows a simple model of the great-circle distance: cruise at 770-830 km/h
plus 25-35 minutes of taxi, climb and descent, rounded to five minutes.
"""

from __future__ import annotations

import functools
import math
import random

__all__ = ["COORDINATES", "distance_km", "flight_minutes", "hub_between"]

#: Latitude and longitude (degrees) of every airport in the vocabulary.
COORDINATES: dict[str, tuple[float, float]] = {
    # europe
    "LIS": (38.7742, -9.1342), "MAD": (40.4936, -3.5668), "BCN": (41.2971, 2.0785),
    "CDG": (49.0097, 2.5479), "AMS": (52.3105, 4.7683), "FRA": (50.0379, 8.5622),
    "MUC": (48.3538, 11.7861), "FCO": (41.8003, 12.2389), "VIE": (48.1103, 16.5697),
    "CPH": (55.6180, 12.6508), "DUB": (53.4213, -6.2701), "ATH": (37.9364, 23.9445),
    "WAW": (52.1657, 20.9671), "PRG": (50.1008, 14.2600),
    # north-america
    "JFK": (40.6413, -73.7781), "LAX": (33.9416, -118.4085), "ORD": (41.9742, -87.9073),
    "ATL": (33.6407, -84.4277), "DFW": (32.8998, -97.0403), "DEN": (39.8561, -104.6737),
    "SEA": (47.4502, -122.3088), "SFO": (37.6213, -122.3790), "MIA": (25.7959, -80.2870),
    "BOS": (42.3656, -71.0096), "YYZ": (43.6777, -79.6248), "YVR": (49.1967, -123.1815),
    "MEX": (19.4361, -99.0719),
    # south-america
    "GRU": (-23.4356, -46.4731), "GIG": (-22.8100, -43.2506), "EZE": (-34.8222, -58.5358),
    "SCL": (-33.3930, -70.7858), "LIM": (-12.0219, -77.1143), "BOG": (4.7016, -74.1469),
    "UIO": (-0.1292, -78.3575), "MVD": (-34.8384, -56.0308), "CUZ": (-13.5357, -71.9388),
    "ASU": (-25.2400, -57.5191),
    # asia
    "NRT": (35.7720, 140.3929), "ICN": (37.4602, 126.4407), "PEK": (40.0799, 116.6031),
    "PVG": (31.1443, 121.8083), "HKG": (22.3080, 113.9185), "SIN": (1.3644, 103.9915),
    "BKK": (13.6900, 100.7501), "KUL": (2.7456, 101.7072), "DEL": (28.5562, 77.1000),
    "BOM": (19.0896, 72.8656), "MNL": (14.5086, 121.0194), "CGK": (-6.1256, 106.6559),
    "HAN": (21.2212, 105.8072), "TPE": (25.0797, 121.2342),
    # africa
    "JNB": (-26.1392, 28.2460), "CPT": (-33.9715, 18.6021), "NBO": (-1.3192, 36.9278),
    "ADD": (8.9779, 38.7993), "LOS": (6.5774, 3.3212), "ACC": (5.6052, -0.1668),
    "CAI": (30.1219, 31.4056), "CMN": (33.3675, -7.5898), "DAR": (-6.8781, 39.2026),
    "KGL": (-1.9686, 30.1395), "DSS": (14.6700, -17.0733), "ZNZ": (-6.2220, 39.2249),
    # oceania
    "SYD": (-33.9399, 151.1753), "MEL": (-37.6690, 144.8410), "BNE": (-27.3842, 153.1175),
    "PER": (-31.9385, 115.9672), "ADL": (-34.9450, 138.5306), "CNS": (-16.8858, 145.7552),
    "AKL": (-37.0082, 174.7850), "CHC": (-43.4894, 172.5320), "WLG": (-41.3272, 174.8053),
    "ZQN": (-45.0211, 168.7392), "NAN": (-17.7554, 177.4434), "PPT": (-17.5537, -149.6066),
    # middle-east
    "DXB": (25.2532, 55.3657), "AUH": (24.4330, 54.6511), "DOH": (25.2731, 51.6081),
    "RUH": (24.9576, 46.6988), "JED": (21.6796, 39.1565), "AMM": (31.7226, 35.9932),
    "MCT": (23.5933, 58.2844), "BAH": (26.2708, 50.6336), "KWI": (29.2266, 47.9689),
    "TLV": (32.0055, 34.8854), "BEY": (33.8209, 35.4884),
}  # fmt: skip
_EARTH_RADIUS_KM = 6371.0
#: A connection is offered only on routes this long, through a hub this close to the line.
_CONNECT_FROM_KM = 900.0
_MAX_DETOUR = 1.3


def _haversine(here: str, there: str) -> float:
    (lat1, lon1), (lat2, lon2) = COORDINATES[here], COORDINATES[there]
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(a))


#: Great-circle distance of every pair of airports, computed once.
_DISTANCES: dict[tuple[str, str], float] = {
    (a, b): _haversine(a, b) for a in COORDINATES for b in COORDINATES
}


def distance_km(here: str, there: str) -> float:
    """The great-circle distance between two airports, in kilometres."""
    return _DISTANCES[here, there]


def flight_minutes(rng: random.Random, here: str, there: str) -> int:
    """Block time of a flight from ``here`` to ``there``: distance at cruise speed plus taxi."""
    speed = 770 + 60 * rng.random()
    minutes = distance_km(here, there) / speed * 60 + 25 + 10 * rng.random()
    return max(5, 5 * round(minutes / 5))


def hub_between(rng: random.Random, here: str, there: str, codes: tuple[str, ...]) -> str | None:
    """An airport of ``codes`` to connect through on the way, or None (a short route, or none near).

    A hub qualifies when the trip through it is at most 30 % longer than the direct one.
    """
    hubs = _hubs(here, there, codes)
    return hubs[int(rng.random() * len(hubs))] if hubs else None


@functools.cache
def _hubs(here: str, there: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    direct = distance_km(here, there)
    if direct < _CONNECT_FROM_KM:
        return ()
    return tuple(
        code
        for code in codes
        if code not in (here, there)
        and distance_km(here, code) + distance_km(code, there) <= _MAX_DETOUR * direct
    )
