#!/usr/bin/python3
"""Builds data/ner/gazetteer.tsv, the name lists the NER tagger uses as features.

Places come from the project's gazetteer, the one the linker uses:
  data/gazetteer/places.tsv   countries, subdivisions, cities and their English aliases
                              (built by data/gazetteer/build.sh from iso-codes and
                              libgeonames0; GeoNames data CC-BY 4.0, credit GeoNames)
  data/curated/regions.tsv, data/curated/aliases.tsv   curated regions and other names
Names and words come from Debian packages the project may redistribute:
  ruby-ffaker     first names and surnames of ~30 locales (Expat); Cyrillic and Greek
                  ones also romanised with ICU's BGN/UNGEGN transforms (uconv, icu-devtools)
  wamerican       /usr/share/dict/american-english (common words and proper nouns)

Organisations are hand-written lists beside this script (from general knowledge, no copied list):
  names/companies.txt, names/bodies.txt   companies, media, international and government bodies,
                                          parties, movements -> class org
  names/clubs.txt                         sports clubs and teams -> class club
  names/mined.txt                         company names mined from Reuters-21578 and BBC text by
                                          annals-train-ner orgs (NOTE.md) -> class mined

Output lines: <class> TAB <phrase>, classes: country, region, city, first, last, word, propn,
org, club, mined.
usage: build_gazetteer.py [OUT]   (default: the gazetteer.tsv beside this script)
"""
import os, subprocess, sys, unicodedata

out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "gazetteer.tsv")
entries = set()


def add(cls, name):
    name = " ".join(name.split())
    if name and len(name) <= 60 and "\t" not in name:
        entries.add((cls, name))


def latin(s):
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] in "PZ" for c in s)


# Places: the project's one gazetteer (data/gazetteer/places.tsv, built from
# iso-codes and libgeonames by data/gazetteer/build.sh) and the curated regions
# and aliases the linker uses, so the tagger learns from the names it links.
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KIND = {"C": "country", "S": "region", "s": "region", "P": "city", "p": "city"}


def rows(path):
    for line in open(os.path.join(root, path), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


for f in rows("gazetteer/places.tsv"):
    cls = KIND[f[0]]
    for name in [f[7]] + [a for a in f[8].split("|") if a]:
        add(cls, name)
        # "Korea, Republic of" is also written "Korea".
        if cls == "country" and "," in name:
            add(cls, name.split(",")[0])
for f in rows("curated/regions.tsv"):
    for name in [f[0]] + [a for a in (f[4] if len(f) > 4 else "").split("|") if a]:
        add("region", name)
for f in rows("curated/aliases.tsv"):
    if f[0] == "place":
        for name in f[2].split("|"):
            if name:
                add("city", name)

# Names in Cyrillic and Greek are added as news romanises them (ICU's BGN/UNGEGN
# transforms, through uconv from icu-devtools): "Володимир" -> "Volodymyr".
ROMANISE = {"name_ru": "Russian-Latin/BGN", "name_ua": "Ukrainian-Latin/BGN", "name_gr": "Greek-Latin/UNGEGN"}


def romanised(names, transform):
    try:
        p = subprocess.run(["uconv", "-x", transform], input="\n".join(names), capture_output=True, text=True)
    except OSError:
        print("uconv (icu-devtools) not found: Cyrillic and Greek names left out", file=sys.stderr)
        return []
    return p.stdout.split("\n") if p.returncode == 0 else []


ffaker = subprocess.run(["dpkg", "-L", "ruby-ffaker"], capture_output=True, text=True).stdout.split()
for path in ffaker:
    base = os.path.basename(path)
    if "/data/name" not in path or not os.path.isfile(path):
        continue
    # first_names, first_names_male, male_first_names, ...; last_names likewise.
    cls = "first" if "first_name" in base else "last" if "last_name" in base else None
    if not cls:
        continue
    names = [line.strip() for line in open(path, encoding="utf-8", errors="replace") if line.strip()]
    locale = os.path.basename(os.path.dirname(path))
    if locale in ROMANISE:
        names += romanised(names, ROMANISE[locale])
    for name in names:
        if name and latin(name):
            add(cls, name)

for line in open("/usr/share/dict/american-english", encoding="utf-8", errors="replace"):
    w = line.strip()
    if not w or w.endswith("'s"):
        continue
    add("word" if w[0].islower() else "propn", w)

# Organisations and clubs: the lists in names/.
for cls, base in (("org", "companies"), ("org", "bodies"), ("club", "clubs"), ("mined", "mined")):
    for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "names", base + ".txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            add(cls, line.strip())

with open(out_path, "w", encoding="utf-8") as f:
    f.write("# built by data/ner/build_gazetteer.py from Debian packages and the lists in names/; see NOTE.md\n")
    for cls, name in sorted(entries):
        f.write(f"{cls}\t{name}\n")
print(f"{out_path}: {len(entries)} entries", file=sys.stderr)
