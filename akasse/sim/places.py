"""Where members live and jobs are: each municipality's centre (for distances in km), its
postcodes and towns, and which municipalities are within a member's reach.

Centres and postcodes come from ``akasse/dataset/reference/places.yaml``, which may not yet
list every municipality. A municipality without a centre there gets the mean of the listed
centres in its region (else of all listed centres, else 0, 0); one without postcodes gets no
postcode and its own name as town. ``known`` marks the centres read from the list.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.dataset import reference
from akasse.sim.population import REGIONS
from akasse.sim.world import World


@dataclass(frozen=True)
class Geography:
    codes: list[str]  # the world's municipality codes, in its order
    names: list[str]
    region: np.ndarray  # int8, index into REGIONS
    lat: np.ndarray
    lon: np.ndarray
    known: np.ndarray  # bool: the centre is the reference list's
    km: np.ndarray  # (m, m) distances between centres
    post_start: np.ndarray  # (m + 1,) offsets into postcode/town
    postcode: list[str]
    town: list[str]

    def reach(self, km: float) -> np.ndarray:
        """(m, m) bool: the same region, or centres at most ``km`` apart."""
        return np.asarray((self.region[:, None] == self.region[None, :]) | (self.km <= km))

    def centres(self) -> dict[str, list[float]]:
        """Each municipality's centre as used for distances (for model.json)."""
        return {
            c: [round(float(a), 6), round(float(b), 6)]
            for c, a, b in zip(self.codes, self.lat, self.lon, strict=True)
        }


def _centres(codes: list[str], region: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    places = reference.places()
    where = {c: i for i, c in enumerate(places["code"])}
    lat_ref, lon_ref = places["lat"].to_numpy(), places["lon"].to_numpy()
    known = np.array([c in where for c in codes], dtype=np.bool_)
    at = np.array([where.get(c, 0) for c in codes], dtype=np.int64)
    lat = np.where(known, lat_ref[at] if where else 0.0, 0.0)
    lon = np.where(known, lon_ref[at] if where else 0.0, 0.0)
    for i in np.flatnonzero(~known):
        same = known & (region == region[i])
        pool = same if same.any() else known
        if pool.any():
            lat[i], lon[i] = lat[pool].mean(), lon[pool].mean()
    return lat, lon, known


def build_geography(world: World) -> Geography:
    codes = list(world.municipality_codes)
    names = list(world.municipalities["name"])
    region = np.array([REGIONS.index(r) for r in world.municipalities["region"]], dtype=np.int8)
    lat, lon, known = _centres(codes, region)
    km = reference.distance_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    post = reference.postcodes()
    by_code: dict[str, list[tuple[str, str]]] = {}
    for m, p, t in post.iter_rows():
        by_code.setdefault(m, []).append((p, t))
    counts = [len(by_code.get(c, [])) for c in codes]
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    pairs = [pair for c in codes for pair in by_code.get(c, [])]
    return Geography(
        codes=codes,
        names=names,
        region=region,
        lat=lat,
        lon=lon,
        known=known,
        km=np.asarray(km),
        post_start=start,
        postcode=[p for p, _ in pairs],
        town=[t for _, t in pairs],
    )


def postcodes(
    geo: Geography, municipality: np.ndarray, rng: np.random.Generator
) -> tuple[list[str | None], list[str]]:
    """A postcode of each municipality (uniform among its listed ones) and its town; no
    postcode and the municipality's name where none is listed."""
    municipality = np.asarray(municipality, dtype=np.int64)
    lo, hi = geo.post_start[municipality], geo.post_start[municipality + 1]
    pick = lo + np.floor(rng.random(municipality.size) * (hi - lo)).astype(np.int64)
    listed = hi > lo
    codes = np.array([*geo.postcode, ""], dtype=object)
    towns = np.array([*geo.town, ""], dtype=object)
    names = np.array(geo.names, dtype=object)
    at = np.where(listed, pick, len(geo.postcode))
    code = [c if ok else None for c, ok in zip(codes[at].tolist(), listed.tolist(), strict=True)]
    town = np.where(listed, towns[at], names[municipality])
    return code, town.tolist()
