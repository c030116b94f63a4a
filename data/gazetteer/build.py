#!/usr/bin/python3
"""Builds data/gazetteer/places.tsv and first_names.txt from Debian packages.

Run by hand (see NOTE.md), never by the library build:
    sh data/gazetteer/build.sh

Inputs (Debian packages):
  libgeonames0 / libgeonames-dev  GeoNames cities (via dump_geonames.c)     CC-BY 4.0
  libgeonames-common              per-locale city/country names (.mo)       CC-BY 4.0
  iso-codes                       ISO 3166-1 countries, 3166-2 subdivisions LGPL-2.1+
  ruby-ffaker                     English first names                       Expat
  wamerican                       English words, to flag names that are also
                                  common words ("Mobile", "Split")           free

places.tsv, one place a line, tab separated:
  kind id cc admin lat lon population name aliases foreign
kind: C country, S subdivision, P populated place, p populated place whose
name is also a common English word (the tagger wants more evidence for it),
s likewise for subdivisions.
Subdivisions named like common words ("Bay", "Centre") are left out. id: GeoNames id for P,
ISO code for C and S. aliases: other English names, '|' separated.
foreign: names in other languages ('|' separated), used for non-English text.
"""
import gettext
import json
import os
import sys
import unicodedata

ISO = '/usr/share/iso-codes/json/'
LOCALE = '/usr/share/locale/%s/LC_MESSAGES/geonames.mo'
WORDS = '/usr/share/dict/american-english'
FFAKER = '/usr/share/rubygems-integration/all/gems/ffaker-2.20.0/lib/ffaker/data/name/'
FOREIGN_LOCALES = ['de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'tr', 'ar',
                   'zh_CN', 'ja', 'ko', 'sv', 'el', 'he', 'hi']
FOREIGN_MIN_POP = 300000
# Subdivision types whose names are used as places in news (others, such as
# "District" or "Municipality", are mostly small and clash with common words).
SUB_TYPES = {'State', 'Province', 'Region', 'Republic', 'Autonomous region',
             'Autonomous republic', 'Governorate', 'Prefecture', 'Canton', 'Country',
             'Nation', 'Emirate', 'Federal district', 'Autonomous province',
             'Autonomous community', 'Administrative region', 'Territory', 'Oblast',
             'Autonomous city', 'Autonomous district', 'Federal territory',
             # British and Irish counties ("Surrey", "Kent", "County Cork").
             'Two-tier county', 'Unitary authority', 'Council area', 'County',
             'Metropolitan district', 'London borough', 'District council area',
             'Land', 'Metropolitan region', 'Voivodeship', 'Voivodship', 'Union territory', 'Federal state', 'Special administrative region'}


def catalog(loc):
    try:
        with open(LOCALE % loc, 'rb') as f:
            return gettext.GNUTranslations(f)._catalog
    except OSError:
        return {}


def ascii_fold(s):
    return ''.join(c for c in unicodedata.normalize('NFKD', s) if not unicodedata.combining(c))


ADMIN_WORDS = {'region', 'province', 'oblast', 'canton', 'of', 'state', 'prefecture', 'governorate',
               'county', 'department', 'republic', 'the', 'autonomous', 'municipality', 'district',
               'provincia', 'de', 'del', 'city', 'voivodeship', 'land', 'krai', 'kray', 'okrug', 'emirate'}


def admin_key(name):
    """A subdivision name without its kind: "Canton of Geneva" -> "geneva"."""
    words = ascii_fold(name).lower().replace('-', ' ').replace("'", ' ').split()
    return ' '.join(w for w in words if w not in ADMIN_WORDS)


def clean(s):
    return s.replace('\t', ' ').replace('|', ' ').strip()


def common_words():
    words = {'centre', 'central', 'capital', 'north', 'south', 'east', 'west'}
    try:
        with open(WORDS, encoding='utf-8') as f:
            words.update(l.strip() for l in f if l.strip() and l[0].islower())
    except OSError:
        pass
    return words


def main(cities_tsv, out_dir):
    words = common_words()
    en = catalog('en')
    foreign = {loc: catalog(loc) for loc in FOREIGN_LOCALES}
    rows = []

    cities = []
    with open(cities_tsv, encoding='utf-8') as f:
        for line in f:
            gid, name, admin, state, cc, lat, lon, pop = line.rstrip('\n').split('\t')
            cities.append((gid, name, admin, state, cc, float(lat), float(lon), int(pop)))

    # Representative point of a country or a state: its most populous city.
    best = {}
    for c in cities:
        for key in (c[4], c[2]):
            if key not in best or c[7] > best[key][7]:
                best[key] = c

    def names_of(key, default, pop):
        canonical = en.get(key) or default
        aliases = {default, ascii_fold(default), ascii_fold(canonical)}
        aliases.discard(canonical)
        other = set()
        if pop >= FOREIGN_MIN_POP:
            for cat in foreign.values():
                n = cat.get(key)
                if n and n != canonical and n not in aliases:
                    other.add(n)
        return clean(canonical), sorted(clean(a) for a in aliases if a), sorted(clean(o) for o in other)

    with open(ISO + 'iso_3166-1.json', encoding='utf-8') as f:
        countries = json.load(f)['3166-1']
    for c in countries:
        cc = c['alpha_2']
        # iso-codes names some countries formally ("Korea, Republic of", "Russian Federation"),
        # names it formally ("Russian Federation"), GeoNames sometimes too ("United
        # States of America"): take the common name, else the shorter of the two.
        canonical = c.get('common_name')
        if not canonical:
            iso_name = c['name'] if ',' not in c['name'] and '(' not in c['name'] else ''
            choices = [n for n in (en.get(cc), iso_name) if n]
            canonical = min(choices, key=len)
        aliases = {c['name'], c.get('official_name', ''), en.get(cc, ''), ascii_fold(canonical)}
        aliases.discard(canonical)
        aliases = sorted(clean(a) for a in aliases if a and ',' not in a)
        other = sorted({clean(cat[cc]) for cat in foreign.values()
                        if cc in cat and cat[cc] != canonical} - set(aliases))
        p = best.get(cc)
        lat, lon = (('%.4f' % p[5], '%.4f' % p[6]) if p else ('', ''))
        rows.append(('C', cc, cc, '', lat, lon, '', clean(canonical), '|'.join(aliases), '|'.join(other)))

    # GeoNames state names by (country, folded name) to give subdivisions a point.
    state_key = {}
    for c in cities:
        state_key.setdefault((c[4], admin_key(c[3])), c[2])
        if en.get(c[2]):
            state_key.setdefault((c[4], admin_key(en[c[2]])), c[2])
    admins_by_cc = {}
    for (cc, key), admin in state_key.items():
        admins_by_cc.setdefault(cc, set()).add((key, admin))

    def find_admin(cc, name):
        key = admin_key(name)
        if (cc, key) in state_key:
            return state_key[(cc, key)]
        # "Luhanska oblast" vs "Luhansk": one name a prefix of the other, if unique.
        hits = {a for k, a in admins_by_cc.get(cc, ()) if len(k) >= 4 and len(key) >= 4
                and (k.startswith(key) or key.startswith(k))}
        return hits.pop() if len(hits) == 1 else ''
    with open(ISO + 'iso_3166-2.json', encoding='utf-8') as f:
        subs = json.load(f)['3166-2']
    for s in subs:
        # Common-word names are left out, except in English-speaking countries,
        # where news names "Surrey" or "Reading" for the place.
        if s['type'] not in SUB_TYPES or (s['name'].lower() in words and
                                          s['code'][:2] not in ('GB', 'IE', 'US', 'CA', 'AU', 'NZ')):
            continue
        cc = s['code'][:2]
        name = s['name']
        # GeoNames admin1 codes equal ISO 3166-2 codes for the US only; elsewhere
        # (JP.40 is Tokyo, ISO JP-13) match the subdivision by name.
        admin = find_admin(cc, name)
        if not admin and cc == 'US' and s['code'].replace('-', '.') in best:
            admin = s['code'].replace('-', '.')
        p = best.get(admin)
        lat, lon = (('%.4f' % p[5], '%.4f' % p[6]) if p else ('', ''))
        # GeoNames' English name ("Bavaria" for ISO "Bayern") when there is one.
        canonical = en.get(admin) if admin and en.get(admin) else name
        aliases = sorted({clean(a) for a in (name, ascii_fold(name), ascii_fold(canonical)) if a} - {canonical})
        rows.append(('s' if name.lower() in words else 'S', s['code'], cc, admin, lat, lon, '', clean(canonical), '|'.join(aliases), ''))

    for gid, name, admin, state, cc, lat, lon, pop in cities:
        canonical, aliases, other = names_of(gid, name, pop)
        kind = 'p' if canonical.lower() in words else 'P'
        rows.append((kind, gid, cc, admin, '%.4f' % lat, '%.4f' % lon, str(pop), canonical,
                     '|'.join(aliases), '|'.join(other)))

    with open(os.path.join(out_dir, 'places.tsv'), 'w', encoding='utf-8') as f:
        f.write('# annals gazetteer, built by data/gazetteer/build.sh; see NOTE.md for sources and licences.\n')
        f.write('# kind\tid\tcc\tadmin\tlat\tlon\tpopulation\tname\taliases\tforeign\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')

    names = set()
    for fn in ('first_names_male', 'first_names_female'):
        with open(FFAKER + fn, encoding='utf-8') as f:
            names.update(l.strip() for l in f if l.strip())
    with open(os.path.join(out_dir, 'first_names.txt'), 'w', encoding='utf-8') as f:
        f.write('# English first names from Debian ruby-ffaker (Expat licence); see NOTE.md.\n')
        for n in sorted(names):
            f.write(n + '\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
