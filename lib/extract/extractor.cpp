// The extraction pipeline (annals::Extractor): tokenize -> tag people, places
// and organisations -> trim titles and possessives -> person coreference and
// organisation short forms -> link places to the gazetteer using the
// document's context -> dates -> the countries the story is about. See
// include/annals/extract.hpp.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "annals/error.hpp"
#include "annals/extract.hpp"
#include "extract/about.hpp"
#include "extract/coref.hpp"
#include "extract/dates.hpp"
#include "extract/gazetteer.hpp"
#include "extract/language.hpp"
#include "extract/linking.hpp"
#include "extract/ner.hpp"
#include "extract/org_forms.hpp"
#include "extract/rules_tagger.hpp"
#include "extract/tagging.hpp"
#include "extract/tokenize.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"

namespace annals {

using namespace detail;

struct Extractor::Impl {
    ExtractOptions options;
    /// The mentions of @p article; with @p about, also the countries it is
    /// about (about.hpp), most central first.
    std::vector<Entity> run(const Article& article, std::vector<std::string>* about) const;
};

namespace {

struct FieldText {
    Field field;
    std::string_view text;
    std::vector<Token> tokens;
};

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t at = 0;
    while (at < s.size()) {
        std::size_t sp = s.find_first_of(" -", at);
        if (sp == std::string_view::npos) sp = s.size();
        if (sp > at) out.push_back(s.substr(at, sp - at));
        at = sp + 1;
    }
    return out;
}

// "the State Department" -> "State Department".
std::size_t leading_article(std::string_view s) {
    for (std::string_view a : {"the ", "The ", "THE "})
        if (s.size() > a.size() && s.substr(0, a.size()) == a) return a.size();
    return 0;
}

// Capitalised references to parts of texts ("Article Five", "Section 3") name no
// organisation or place, whatever a model trained on news headlines thinks.
bool reference_word(std::string_view key) {
    for (std::string_view w : {"article ", "section ", "chapter ", "clause ", "paragraph ", "annex "})
        if (key.substr(0, w.size()) == w) return true;
    return false;
}

// Web page furniture that a page reader may let through, and capitalised words
// that name no person, place or organisation: never an entity.
bool never_a_name(std::string_view key) {
    for (std::string_view w : {"humidity", "wind speed", "condition", "newsletter", "privacy policy",
                               "privacy overview", "privacy cookie notice", "cookie notice", "cookie policy",
                               "categories", "follow", "subscribe", "sponsors", "advertisement", "share",
                               "read more", "related articles", "terms of use", "contact us", "log in",
                               // Not names of people, places or organisations, though capitalised.
                               "christmas", "easter", "ramadan", "new year", "mps", "meps", "latin",
                               "muslims", "christians", "jews", "internet", "web"})
        if (key == w) return true;
    return false;
}

// Weapons named like organisations or places ("Patriot", "Tomahawk"): never an
// organisation or a place, and neither is any name followed by a weapon word
// ("Patriot missiles", "Zircon missile").
bool weapon_name(std::string_view key) {
    for (std::string_view w : {"patriot", "tomahawk", "tomahawks", "himars", "atacms", "iskander",
                               "kalibr", "kinzhal", "shahed", "shaheds", "stinger", "stingers", "javelin",
                               "javelins", "storm shadow", "scalp", "nasams", "iris-t"})
        if (key == w) return true;
    return false;
}

// Documents named like bodies ("Paris Agreement", "North Atlantic Treaty", "U.N.
// Charter"): no organisation.
bool document_word(std::string_view word) {
    for (std::string_view w : {"Treaty", "Agreement", "Accord", "Accords", "Pact", "Charter", "Protocol"})
        if (word == w) return true;
    return false;
}

bool weapon_word(std::string_view word) {
    for (std::string_view w : {"missile", "missiles", "rocket", "rockets", "launcher", "launchers", "interceptor",
                               "interceptors", "air-defense", "air-defence"})
        if (word == w) return true;
    return false;
}

// "the first Latino to serve", "a Democrat": one word after an article names a
// kind of person, not a person; unless a noun follows that it qualifies ("the
// Biden administration").
bool names_a_kind(std::string_view text, const std::vector<Token>& tokens, std::uint32_t at) {
    if (at + 1 < tokens.size()) {
        std::string next(span_of(text, tokens[at + 1]));
        if (!next.empty() && std::islower(static_cast<unsigned char>(next[0]))) {
            next[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(next[0])));
            if (!is_function_word(next)) return false;
        }
    }
    for (std::uint32_t k = at, back = 0; k > 0 && back < 2 && !tokens[k].sentence_start; ++back) {
        const std::string_view p = span_of(text, tokens[--k]);
        if (p.empty() || !std::islower(static_cast<unsigned char>(p[0]))) return false;
        if (p == "a" || p == "an" || p == "the" || p == "another" || p == "every" || p == "each") return true;
    }
    return false;
}

// Words before a name that make it a place: "in Jordan", "the capital of Jordan"
// (not "in Jordan's film").
bool place_context(std::string_view text, const std::vector<Token>& tokens, std::uint32_t first) {
    if (first == 0 || tokens[first].sentence_start) return false;
    if (first + 1 < tokens.size() && is_possessive(span_of(text, tokens[first + 1]))) return false;
    const std::string_view p = span_of(text, tokens[first - 1]);
    if (p == "in" || p == "into" || p == "across" || p == "throughout" || p == "inside") return true;
    if (p != "of" || first < 2 || tokens[first - 1].sentence_start) return false;
    static const std::set<std::string_view> heads = {"capital", "king",   "queen",   "government", "people",
                                                      "president", "embassy", "kingdom", "border",  "borders",
                                                      "citizens", "north",   "south",   "east",    "west"};
    return heads.count(span_of(text, tokens[first - 2])) > 0;
}

}  // namespace

Extractor::Extractor(const ExtractOptions& options) {
    auto impl = std::make_shared<Impl>();
    impl->options = options;
    // The tagger's model and the gazetteers each take tens of milliseconds to
    // load: side by side, a short run (an article from the shell) starts sooner.
    static std::once_flag both_loaded;
    if (options.people || options.places || options.organizations)
        std::call_once(both_loaded, [] {
            std::thread model([] { (void)Tagger::builtin(); });
            try {
                (void)Lexicon::get();
            } catch (...) {
                model.join();
                throw;
            }
            model.join();
        });
    (void)Lexicon::get();  // load now: a corrupt build fails here, not mid-indexing
    impl_ = std::move(impl);
}

Extractor::~Extractor() = default;
Extractor::Extractor(const Extractor&) = default;
Extractor& Extractor::operator=(const Extractor&) = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

void Extractor::annotate(Article& article) const {
    std::vector<std::string> about;
    article.entities = impl_->run(article, &about);
    article.about_countries = std::move(about);
}

const ExtractOptions& Extractor::options() const noexcept { return impl_->options; }

namespace {

// The part of @p body read for entities: all of it up to kMaxExtractBytes, else
// up to the last paragraph break (or word break, or character) before that.
std::string_view extract_prefix(std::string_view body) {
    if (body.size() <= kMaxExtractBytes) return body;
    std::string_view head = body.substr(0, kMaxExtractBytes);
    for (std::string_view brk : {"\n\n", "\n", " "})
        if (const auto at = head.rfind(brk); at != std::string_view::npos && at >= kMaxExtractBytes / 2)
            return head.substr(0, at);
    std::size_t end = head.size();
    while (end > 0 && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) --end;  // not inside a character
    return head.substr(0, end);
}

}  // namespace

std::vector<Entity> Extractor::extract(const Article& article) const { return impl_->run(article, nullptr); }

std::vector<Entity> Extractor::Impl::run(const Article& article, std::vector<std::string>* about) const {
    const ExtractOptions& opt = options;
    if (!opt.people && !opt.places && !opt.organizations && !opt.dates) return {};  // nothing to look for
    const std::string_view body = extract_prefix(article.body);
    // An article that does not say its language counts as English (docs/formats.md), unless
    // its text plainly is not: the English model would take every German noun
    // for a name.
    const std::string language =
        article.language.empty() ? guess_language(article.title, body) : article.language;
    const bool english = language == "en" || language.rfind("en-", 0) == 0;
    const Lexicon& lex = Lexicon::get();
    std::vector<Entity> result;
    try {
        // Body first: title mentions are resolved with what the body says.
        std::vector<FieldText> fields;
        fields.push_back({Field::Body, body, tokenize(body, language)});
        fields.push_back({Field::Title, article.title, tokenize(article.title, language)});

        // A headline In Title Case capitalises every word, so a capitalised word
        // there is weak evidence: its places must be well known or named in the body.
        bool title_case = false;
        {
            int words = 0, caps = 0;
            for (const auto& t : fields[1].tokens) {
                auto w = span_of(fields[1].text, t);
                if (w.size() < 4 || !std::isalpha(static_cast<unsigned char>(w[0]))) continue;
                ++words;
                caps += starts_upper(w) ? 1 : 0;
            }
            // (German capitalises every noun: only English headlines tell.)
            title_case = english && words >= 3 && caps * 10 >= words * 7;
        }

        std::vector<Work> work;
        std::vector<std::vector<Tagged>> tagged;
        for (const auto& f : fields)
            tagged.push_back(tag_field(f.text, f.tokens, language, english, f.field == Field::Title && title_case));

        // Words of full person names, to find lone surnames the tagger missed
        // (in headlines above all: "Rubio says ...").
        std::unordered_set<std::string, StringHash, std::equal_to<>> person_words;
        for (std::size_t fi = 0; fi < fields.size(); ++fi)
            for (const auto& [m, anchor] : tagged[fi])
                if (anchor && m.last < fields[fi].tokens.size()) {
                    // Only the name itself: not "Tory MP" of "Tory MP Patrick Mercer".
                    const auto& toks = fields[fi].tokens;
                    const std::size_t from = toks[m.first].start, to = toks[m.last].end;
                    const auto [front, back] = person_trim(fields[fi].text.substr(from, to - from));
                    for (auto k = m.first; k <= m.last; ++k) {
                        if (toks[k].start < from + front || toks[k].end > to - back) continue;
                        auto w = span_of(fields[fi].text, toks[k]);
                        if (starts_upper(w) && w.size() > 1 && !lex.is_title(fold(w))) person_words.emplace(w);
                    }
                }
        for (std::size_t fi = 0; fi < fields.size(); ++fi) {
            const auto& f = fields[fi];
            std::vector<char> used(f.tokens.size(), 0);
            for (const auto& t : tagged[fi])
                for (auto k = t.m.first; k <= t.m.last && k < used.size(); ++k) used[k] = 1;
            for (std::uint32_t k = 0; k < f.tokens.size(); ++k)
                if (!used[k] && person_words.count(span_of(f.text, f.tokens[k])))
                    tagged[fi].push_back({{EntityType::Person, k, k}, false});
            std::sort(tagged[fi].begin(), tagged[fi].end(),
                      [](const Tagged& a, const Tagged& b) { return a.m.first < b.m.first; });
        }

        std::set<std::string> body_places;
        std::size_t mentions = 0;
        for (const auto& t : tagged) mentions += t.size();
        work.reserve(mentions);

        // Mentions to entities with exact spans.
        for (std::size_t fi = 0; fi < fields.size(); ++fi) {
            const auto& f = fields[fi];
            for (const auto& [m, anchor] : tagged[fi]) {
                if (m.last >= f.tokens.size() || m.first > m.last) continue;
                // A name ends on a name word: "Scottish Executive believes that" -> "Scottish Executive".
                std::uint32_t last = m.last;
                // A name stops at a comma or at a lower-case word that no name holds:
                // "European Green Deal, under which the EU", "Moon landed in the Inner".
                // (Not a name the model took in lower case whole: "the interior ministry".)
                const bool lower_case_name = !starts_upper(span_of(f.text, f.tokens[m.first]));
                // Commas stay inside a company's name that ends on its suffix: "Goldman, Sachs & Co".
                const bool company = m.type == EntityType::Organization && m.last > m.first &&
                                     company_suffix(span_of(f.text, f.tokens[m.last]));
                if (english && !lower_case_name)
                    for (auto k = m.first + 1; k <= m.last; ++k) {
                        const std::string_view w = span_of(f.text, f.tokens[k]);
                        const auto c0 = static_cast<unsigned char>(w.empty() ? ' ' : w[0]);
                        // Short words ("in", "wa") and hyphenated ones ("self-rule") may be inside.
                        const bool lower_word =
                            c0 >= 'a' && c0 <= 'z' && w.size() > 3 && w.find('-') == std::string_view::npos &&
                            std::none_of(w.begin(), w.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
                        if ((w == "," && !company) || (lower_word && !is_name_connector(w))) {
                            last = k - 1;
                            break;
                        }
                    }
                if (english && !lower_case_name) {
                    const auto& mention = m;  // lambdas may not capture a structured binding before clang 16
                    // A closing bracket whose opening one is inside stays: "Mladost ( L )",
                    // "Buducnost (V)" (clubs told apart by their town's initial).
                    auto closes_inside = [&](std::uint32_t k) {
                        if (span_of(f.text, f.tokens[k]) != ")") return false;
                        for (auto j = k; j > mention.first;)
                            if (span_of(f.text, f.tokens[--j]) == "(") return true;
                        return false;
                    };
                    // "Rami al-Saadani in a" ends on "al-Saadani"; a person's name ends on no
                    // number ("P. Smith 4-70", a bowler's figures).
                    auto name_end = [&](std::uint32_t k) {
                        const std::string_view w = span_of(f.text, f.tokens[k]);
                        if (starts_upper(w) || closes_inside(k)) return true;
                        // "Boatmen's" (of "Boatmen's Bancshares Inc"): a company named with its possessive.
                        if (mention.type == EntityType::Organization && (is_possessive(w) || w == "'S")) return true;
                        const std::size_t dash = w.find('-');
                        if (dash != std::string_view::npos && dash + 1 < w.size() && dash <= 4 &&
                            starts_upper(w.substr(dash + 1)))
                            return true;
                        return mention.type != EntityType::Person && std::isdigit(static_cast<unsigned char>(w[0]));
                    };
                    while (last > m.first && !name_end(last)) --last;
                }
                std::size_t start = f.tokens[m.first].start, end = f.tokens[last].end;
                std::string_view s = f.text.substr(start, end - start);
                std::size_t article = 0, lookup_skip = 0;
                if (m.type == EntityType::Person) {
                    auto [front, back] = person_trim(s);
                    start += front;
                    end -= back;
                } else {
                    // A capitalised "The" that the model took into a place's name is part of
                    // it ("at The Hague", "The Oval", "THE HAGUE"): kept as written; the
                    // gazetteer is asked without it. So it is of an organisation's ("The
                    // Times", "The New York Times"), unless the name without it is a known
                    // organisation ("The State Department").
                    article = leading_article(s);
                    const bool keep_article =
                        article > 0 && s[0] == 'T' &&
                        (m.type == EntityType::Place ||
                         (m.type == EntityType::Organization && !lex.organization(fold(s.substr(article)))));
                    if (!keep_article)
                        start += article;
                    else
                        lookup_skip = article;
                }
                if (end <= start) continue;
                Work w;
                w.e.type = m.type;
                w.e.field = f.field;
                w.e.start = start;
                w.e.end = end;
                w.e.text = std::string(f.text.substr(start, end - start));
                const std::string key = fold(w.e.text);
                if (key.empty() || lex.demonym(key)) continue;  // "British" is context, not a place
                if (m.type != EntityType::Person && reference_word(key)) continue;  // "Article Five"
                if (lex.is_title(key) || never_a_name(key)) continue;                 // "President" alone
                if (m.type != EntityType::Person &&
                    (weapon_name(key) ||
                     (last + 1 < f.tokens.size() && weapon_word(span_of(f.text, f.tokens[last + 1])) &&
                      !lex.organization(key) && lex.places(key).empty())))
                    continue;  // "Patriot missiles"
                if (w.e.type == EntityType::Organization && last > m.first && !lex.organization(key) &&
                    document_word(span_of(f.text, f.tokens[last])))
                    continue;  // "the North Atlantic Treaty was signed"
                // A known organisation is one, whatever the tagger said ("Congress").
                if (m.type != EntityType::Person && lex.organization(key)) w.e.type = EntityType::Organization;
                // "Intelligence Committee" is no person, whatever the model said.
                else if (m.type == EntityType::Person && m.last > m.first &&
                         is_org_head(span_of(f.text, f.tokens[last])))
                    w.e.type = EntityType::Organization;
                // ... nor is "Green Climate Fund" a place, unless the gazetteer says so.
                else if (m.type == EntityType::Place && m.last > m.first &&
                         is_body_head(span_of(f.text, f.tokens[last])) && lex.places(key).empty())
                    w.e.type = EntityType::Organization;
                // A word of a person's full name is that person, whatever the model
                // said of it in a headline ("Zelensky declares martial law"); but a
                // country the model saw stays one ("the capital of Jordan" beside
                // "Michael Jordan").
                else if (m.type != EntityType::Person && person_words.count(w.e.text) &&
                         !lex.demonym(key) && w.e.text.find(' ') == std::string::npos &&
                         !(m.type == EntityType::Place && names_country(lex, key)))
                    w.e.type = EntityType::Person;
                // ... and a person's word the text puts somewhere is the country
                // ("Jordan" the country beside "Michael Jordan").
                else if (m.type == EntityType::Person && m.first == last && names_country(lex, key) &&
                         place_context(f.text, f.tokens, m.first))
                    w.e.type = EntityType::Place;
                if (w.e.type == EntityType::Person && m.first == last && english &&
                    names_a_kind(f.text, f.tokens, m.first))
                    continue;
                if (w.e.type == EntityType::Person && !opt.people) continue;
                if (w.e.type == EntityType::Organization && !opt.organizations) continue;
                if (w.e.type == EntityType::Place) {
                    if (!opt.places) continue;
                    w.cands = lex.places(key, !english);
                    if (w.cands.empty() && lookup_skip > 0)  // "The Netherlands"
                        w.cands = lex.places(fold(w.e.text.substr(lookup_skip)), !english);
                    // "Reading the figures", "Nice work": a sentence's first word
                    // that is also an English word, before a lower-case one, is that
                    // word unless it names a country or a large city.
                    if (english && m.first == last && (m.first == 0 || f.tokens[m.first].sentence_start) &&
                        last + 1 < f.tokens.size() && !w.cands.empty() &&
                        std::islower(static_cast<unsigned char>(f.text[f.tokens[last + 1].start])) &&
                        std::all_of(w.cands.begin(), w.cands.end(), [](const PlaceCandidate& c) {
                            return c.place->common_word && !c.curated && c.place->kind != PlaceKind::Country &&
                                   c.place->kind != PlaceKind::Region &&
                                   c.place->population < 1000000;
                        }))
                        continue;
                    if (f.field == Field::Body) body_places.insert(key);
                    if (f.field == Field::Title && title_case && !body_places.count(key)) {
                        bool well_known = false;
                        for (const auto& c : w.cands)
                            well_known = well_known || c.curated || c.place->kind == PlaceKind::Country ||
                                         c.place->kind == PlaceKind::Region || c.place->population >= 1000000;
                        if (!well_known) continue;
                    }
                    // "X, Y": remember Y's token so that Y can say where X is.
                    if (m.last + 2 < f.tokens.size() && span_of(f.text, f.tokens[m.last + 1]) == ",")
                        w.next_comma_token = static_cast<int>(m.last + 2);
                }
                work.push_back(std::move(w));
            }
        }

        // People: one canonical full name per person.
        {
            std::vector<std::size_t> idx;
            std::vector<std::string> names;
            for (std::size_t i = 0; i < work.size(); ++i)
                if (work[i].e.type == EntityType::Person) {
                    idx.push_back(i);
                    names.push_back(work[i].e.text);
                }
            auto canon = resolve_people(names);
            for (std::size_t k = 0; k < idx.size(); ++k) work[idx[k]].e.canonical = ascii_punctuation(canon[k]);
        }
        // Organisations: the curated canonical form, else the name as written.
        for (auto& w : work)
            if (w.e.type == EntityType::Organization) {
                const std::string* c = lex.organization(fold(w.e.text));
                w.e.canonical = c ? *c : w.e.text;
            }

        // An acronym of an organisation named in full in the same story is that
        // organisation: "IAAF" after "International Association of Athletics Federations".
        // (Initials of each long name computed once: a long story may hold thousands of
        // organisation mentions.)
        std::unordered_map<std::string, std::string> by_initials;
        for (const auto& full : work) {
            if (full.e.type != EntityType::Organization || full.e.text.find(' ') == std::string::npos) continue;
            std::string initials;
            for (const auto& word : split_words(full.e.text))
                if (!word.empty() && word[0] >= 'A' && word[0] <= 'Z') initials += word[0];
            by_initials.emplace(std::move(initials), full.e.canonical);
        }
        for (auto& w : work) {
            if (w.e.type != EntityType::Organization || w.e.canonical != w.e.text) continue;
            const std::string& t = w.e.text;
            if (t.size() < 2 || t.size() > 7 ||
                !std::all_of(t.begin(), t.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
                continue;
            if (auto it = by_initials.find(t); it != by_initials.end()) w.e.canonical = it->second;
        }

        // Places: gazetteer links chosen by the document's context.
        Context ctx;
        for (const auto& w : work)
            if (w.e.type == EntityType::Place) linking_votes(w, ctx.countries, ctx.local_cc, ctx.local_admin);
        std::vector<CountryEvidence> evidence;  // the countries the story is about
        for (const auto& f : fields)
            for (const auto& t : f.tokens) {
                const auto word = span_of(f.text, t);
                if (!starts_upper(word)) continue;
                auto d = lex.demonym(fold(word));
                if (!d || d->empty()) continue;
                ctx.countries[*d] += 0.5;
                if (about) evidence.push_back({CountryEvidence::Kind::Demonym, *d, f.field, t.start});
            }
        DatelineLink dateline;
        if (opt.places) dateline = link_dateline(article, english, ctx);
        if (dateline.mention) result.push_back(*dateline.mention);
        link_places(work, fields[0].tokens, fields[1].tokens, ctx, dateline.places);

        result.reserve(result.size() + work.size());
        for (auto& w : work) {
            // The body's dateline is its place, whatever the tagger made of the capitals.
            if (dateline.body_span && w.e.field == Field::Body && w.e.start < dateline.body_span->second &&
                w.e.end > dateline.body_span->first)
                continue;
            result.push_back(std::move(w.e));
        }

        if (opt.dates) {
            const auto reference = parse_iso_date(article.published);
            for (const auto& f : fields) {
                auto dates = find_dates(f.text, f.field, reference);
                if (dates.empty()) continue;
                // A date wins over a name tagged on the same words ("May", "Tuesday").
                // Date spans by start, with the furthest end reached so far: a name
                // overlaps a date when some date starting before the name's end
                // reaches past its start.
                std::vector<std::pair<std::size_t, std::size_t>> spans;  // (start, furthest end so far)
                for (const auto& d : dates) spans.emplace_back(d.start, d.end);
                std::sort(spans.begin(), spans.end());
                for (std::size_t k = 1; k < spans.size(); ++k) spans[k].second = std::max(spans[k].second, spans[k - 1].second);
                result.erase(std::remove_if(result.begin(), result.end(),
                                            [&](const Entity& e) {
                                                if (e.type == EntityType::Date || e.field != f.field) return false;
                                                auto after = std::lower_bound(spans.begin(), spans.end(),
                                                                              std::make_pair(e.end, std::size_t{0}));
                                                return after != spans.begin() && std::prev(after)->second > e.start;
                                            }),
                             result.end());
                result.insert(result.end(), dates.begin(), dates.end());
            }
        }
        if (about) {
            for (const Entity& e : result) {
                if (e.type == EntityType::Place && !e.country.empty()) {
                    const bool filed_from = e.field == Field::Dateline ||
                                            (dateline.body_span && e.field == Field::Body && e.start == dateline.body_span->first);
                    evidence.push_back({filed_from ? CountryEvidence::Kind::Dateline : CountryEvidence::Kind::Place,
                                        e.country, e.field, e.start});
                } else if (e.type == EntityType::Organization) {
                    if (const std::string* cc = lex.organization_country(e.canonical))
                        evidence.push_back({CountryEvidence::Kind::Organization, *cc, e.field, e.start});
                }
            }
            *about = top_countries(rank_countries(evidence, lead_end(article.body)));
        }
    } catch (const Error&) {
        // Never throw on odd input: return what was found so far.
    }
    std::stable_sort(result.begin(), result.end(), [](const Entity& a, const Entity& b) {
        if (a.field != b.field) return static_cast<int>(a.field) < static_cast<int>(b.field);  // title, body, dateline
        if (a.start != b.start) return a.start < b.start;
        return a.end < b.end;
    });
    return result;
}

}  // namespace annals