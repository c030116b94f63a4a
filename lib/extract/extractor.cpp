// The extraction pipeline (annals::Extractor): tokenize -> tag people, places
// and organisations -> trim titles and possessives -> person coreference and
// organisation short forms -> link places to the gazetteer using the
// document's context -> dates. See include/annals/extract.hpp.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "annals/error.hpp"
#include "annals/extract.hpp"
#include "extract/coref.hpp"
#include "extract/dates.hpp"
#include "extract/gazetteer.hpp"
#include "extract/language.hpp"
#include "extract/ner.hpp"
#include "extract/rules_tagger.hpp"
#include "extract/tokenize.hpp"
#include "util/datetime.hpp"
#include "util/text.hpp"

namespace annals {

using namespace detail;

struct Extractor::Impl {
    ExtractOptions options;
};

namespace {

// The US state a dateline abbreviates the way news agencies do ("Calif.",
// "N.Y.", "Penn", "ILL."), so that "SANTA CLARA, Calif." is in California.
std::optional<std::string_view> us_state_of_abbreviation(std::string_view text) {
    static const std::unordered_map<std::string, std::string_view> states = {
        {"ala", "Alabama"}, {"ariz", "Arizona"}, {"ark", "Arkansas"}, {"calif", "California"},
        {"cal", "California"}, {"colo", "Colorado"}, {"conn", "Connecticut"}, {"del", "Delaware"},
        {"dc", "District of Columbia"}, {"fla", "Florida"}, {"ga", "Georgia"}, {"ill", "Illinois"},
        {"ind", "Indiana"}, {"kan", "Kansas"}, {"kans", "Kansas"}, {"ky", "Kentucky"}, {"la", "Louisiana"},
        {"md", "Maryland"}, {"mass", "Massachusetts"}, {"mich", "Michigan"}, {"minn", "Minnesota"},
        {"miss", "Mississippi"}, {"mo", "Missouri"}, {"mont", "Montana"}, {"neb", "Nebraska"},
        {"nebr", "Nebraska"}, {"nev", "Nevada"}, {"nh", "New Hampshire"}, {"nj", "New Jersey"},
        {"nm", "New Mexico"}, {"ny", "New York"}, {"nc", "North Carolina"}, {"nd", "North Dakota"},
        {"okla", "Oklahoma"}, {"ore", "Oregon"}, {"oreg", "Oregon"}, {"pa", "Pennsylvania"},
        {"penn", "Pennsylvania"}, {"ri", "Rhode Island"}, {"sc", "South Carolina"}, {"sd", "South Dakota"},
        {"tenn", "Tennessee"}, {"tex", "Texas"}, {"vt", "Vermont"}, {"va", "Virginia"}, {"wash", "Washington"},
        {"wva", "West Virginia"}, {"wis", "Wisconsin"}, {"wisc", "Wisconsin"}, {"wyo", "Wyoming"},
    };
    std::string key;
    for (char c : text)
        if (c != '.' && c != ' ' && c != '\t') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto it = states.find(key);
    if (it == states.end()) return std::nullopt;
    return it->second;
}


// A dateline that opens the body, as news agencies write it: "KYIV (Reuters) - ",
// "SANTA CLARA, Calif., March 3 - ", "NEW YORK, Nov 27 (AP) \u2014 ". The place
// is in capitals; what follows it up to the dash is a region, a date or the
// agency. line is the place and its regions, as a dateline field would hold them.
struct BodyDateline {
    std::size_t start = 0, end = 0;  // the place, in the body
    std::size_t regions_end = 0;     // the end of its regions ("Calif."), in the body
    std::string line;
};

std::optional<BodyDateline> body_dateline(std::string_view body) {
    const std::string_view opening = body.substr(0, 160);
    std::size_t dash = std::string_view::npos;
    for (std::string_view d : {" - ", " -- ", " \u2014 ", " \u2013 "})
        dash = std::min(dash, opening.find(d));
    if (dash == std::string_view::npos) return std::nullopt;
    std::string_view head = body.substr(0, dash);
    if (const auto paren = head.find('('); paren != std::string_view::npos) head = head.substr(0, paren);
    const std::size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return std::nullopt;
    std::size_t comma = head.find(',', start);
    std::string_view place = head.substr(start, (comma == std::string_view::npos ? head.size() : comma) - start);
    place = place.substr(0, place.find_last_not_of(" \t") + 1);
    int letters = 0;
    for (char c : place) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 'A' && u <= 'Z') ++letters;
        else if (u < 0x80 && c != ' ' && c != '.' && c != '\'' && c != '-') return std::nullopt;  // lower case, digits
    }
    if (letters < 2) return std::nullopt;
    BodyDateline d{start, start + place.size(), start + place.size(), std::string(place)};
    while (comma != std::string_view::npos) {
        const std::size_t next = head.find(',', comma + 1);
        std::string_view part = head.substr(comma + 1, (next == std::string_view::npos ? head.size() : next) - comma - 1);
        part = part.substr(std::min(part.size(), part.find_first_not_of(" \t")));
        part = part.substr(0, part.find_last_not_of(" \t") + 1);
        if (!part.empty() && part.find_first_of("0123456789") == std::string_view::npos) {
            d.line += ", " + std::string(part);
            d.regions_end = static_cast<std::size_t>(part.data() + part.size() - body.data());
        }
        comma = next;
    }
    return d;
}
}  // namespace

namespace {

// A name mention while the pipeline works on it.
struct Work {
    Entity e;
    std::vector<PlaceCandidate> cands;  // places
    int next_comma_token = -1;          // places: token index of Y in "X, Y"
};

struct FieldText {
    Field field;
    std::string_view text;
    std::vector<Token> tokens;
};

std::string_view span_of(std::string_view text, const Token& t) { return text.substr(t.start, t.end - t.start); }

// A tagged span, and whether its person is sure enough to lend its words to
// other mentions (titled, or starting with a known first name).
struct Tagged {
    Mention m;
    bool anchor = false;
};

// "Ursula von der Leyen", "Charles de Gaulle": the model often splits a name at
// its particles ("Ursula" a place, "Leyen" a person or an organisation). A
// mention after particles takes them, and the capitalised word before them when
// that word is untagged first name or tagged alone; it becomes a person when
// the name around it says so (a first name, a title or a person before the
// particles, "von der", "Von der" at the start).
void join_particles(std::string_view text, const std::vector<Token>& tokens, std::vector<Tagged>& out) {
    const Lexicon& lex = Lexicon::get();
    std::vector<int> at(tokens.size(), -1);
    for (std::size_t i = 0; i < out.size(); ++i)
        for (auto k = out[i].m.first; k <= out[i].m.last && k < tokens.size(); ++k) at[k] = static_cast<int>(i);
    auto lower_first = [](std::string_view w) {
        std::string s(w);
        if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
        return s;
    };
    std::vector<char> gone(out.size(), 0);
    for (std::size_t i = 0; i < out.size(); ++i) {
        Mention& b = out[i].m;
        if (gone[i]) continue;
        // "Von der Leyen" tagged whole as an organisation.
        if (b.type != EntityType::Person && b.last > b.first + 1 &&
            starts_upper(span_of(text, tokens[b.first])) &&
            is_name_particle(lower_first(span_of(text, tokens[b.first]))) &&
            is_name_particle(span_of(text, tokens[b.first + 1])))
            b.type = EntityType::Person;
        // "Lex van Drooge" tagged whole as an organisation: a lower-case "van" or
        // "von" between names is a person's.
        for (auto k = b.first + 1; b.type != EntityType::Person && k < b.last; ++k)
            if (const auto word = span_of(text, tokens[k]); word == "van" || word == "von") b.type = EntityType::Person;
        if (b.first == 0) continue;
        const bool single = b.first == b.last;
        std::uint32_t p = b.first;
        while (p > 0 && p + 3 > b.first && at[p - 1] < 0 && is_name_particle(span_of(text, tokens[p - 1]))) --p;
        bool capital_start = false;  // "Von der Leyen", "De Wilde"
        if (p > 0 && p + 3 > b.first && at[p - 1] < 0 && starts_upper(span_of(text, tokens[p - 1])) &&
            is_name_particle(lower_first(span_of(text, tokens[p - 1]))) &&
            (p - 1 == 0 || !starts_upper(span_of(text, tokens[p - 2])) || tokens[p - 1].sentence_start)) {
            --p;
            capital_start = true;
        }
        if (p == b.first) continue;
        if (text.substr(tokens[p].start, tokens[b.last].end - tokens[p].start).find('\n') != std::string_view::npos)
            continue;
        // The word before the particles.
        int a = -1;
        bool before_name = false, before_title = false, before_joinable = false;
        const std::uint32_t w = p - 1;
        if (!capital_start && p > 0 && !tokens[p].sentence_start) {
            const std::string_view word = span_of(text, tokens[w]);
            const bool same_line =
                text.substr(tokens[w].end, tokens[p].start - tokens[w].end).find('\n') == std::string_view::npos;
            if (same_line && starts_upper(word) && word.size() > 1) {
                a = at[w];
                const bool alone = a >= 0 && out[static_cast<std::size_t>(a)].m.first == w &&
                                   out[static_cast<std::size_t>(a)].m.last == w;
                before_name = (a < 0 && lex.is_first_name(word)) ||
                              (alone && (out[static_cast<std::size_t>(a)].m.type == EntityType::Person ||
                                         lex.is_first_name(word)));
                before_title = a < 0 && lex.is_title(fold(word));
                before_joinable = before_name || (alone && b.type == EntityType::Person);
            }
        }
        // "von", "van": people's names ("de la", "El" also start places: "Place de la Concorde").
        const std::string lead = lower_first(span_of(text, tokens[p]));
        const bool germanic = lead == "von" || lead == "van" || lead == "vom" || lead == "zu";
        // "Lex van Drooge": before "van" or "von", a capitalised word that is no title,
        // no function word and no name of its own is the first name.
        if (germanic && !capital_start && !before_joinable && !before_title && w + 1 == p && p > 0 &&
            !tokens[p].sentence_start) {
            const std::string_view word = span_of(text, tokens[w]);
            const bool alone = a >= 0 && out[static_cast<std::size_t>(a)].m.first == w &&
                               out[static_cast<std::size_t>(a)].m.last == w;
            before_joinable = (a < 0 || alone) && starts_upper(word) && word.size() > 1 &&
                              !is_function_word(word) && !lex.is_title(fold(word)) && !lex.demonym(fold(word)) &&
                              lex.places(fold(word)).empty() &&
                              text.substr(tokens[w].end, tokens[p].start - tokens[w].end).find('\n') ==
                                  std::string_view::npos;
        }
        const bool person = b.type == EntityType::Person || (single && (before_name || before_title || germanic));
        if (!person) continue;
        b.type = EntityType::Person;
        b.first = p;
        if (before_joinable) {
            if (a >= 0) gone[static_cast<std::size_t>(a)] = 1;
            b.first = w;
        }
    }
    std::vector<Tagged> kept;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!gone[i]) kept.push_back(out[i]);
    out = std::move(kept);
}

// @p title_case: a headline In Title Case, where the model may take a whole
// run of capitalised words for one name.
std::vector<Tagged> tag_field(std::string_view text, const std::vector<Token>& tokens, std::string_view language,
                              bool english, bool title_case) {
    const Lexicon& lex = Lexicon::get();
    const std::vector<RuleMention> rules = rules_tagger().tag_rules(text, tokens, language);
    auto first_name_led = [&](const Mention& m) {
        return m.type == EntityType::Person && m.last > m.first &&
               lex.is_first_name(span_of(text, tokens[m.first]));
    };
    std::vector<Tagged> out;
    // The statistical model learnt English: in other languages it takes every
    // capitalised noun for a name ("Die Parteien", "Bewährungsprobe"). There the
    // rules alone speak (the gazetteer in all its languages, first names, titles).
    if (!english) {
        for (const auto& rm : rules)
            out.push_back({rm.mention, rm.mention.type == EntityType::Person && rm.mention.last > rm.mention.first &&
                                           (rm.rule == Rule::Title || first_name_led(rm.mention))});
        std::sort(out.begin(), out.end(), [](const Tagged& a, const Tagged& b) { return a.m.first < b.m.first; });
        return out;
    }
#ifdef ANNALS_HAVE_BUILTIN_TAGGER
    // The statistical model decides: it scores far better than the rules on
    // news benchmarks. The rules add what it missed where they do not overlap
    // (curated organisations, gazetteer places), and a person found after a
    // title, or a word of such a person, replaces what the model made of the
    // same words ("State Marco Rubio" as an organisation, "Warren" as a town).
    // Persons from first names alone are the model's call ("Crystal Palace").
    std::vector<Mention> other;  // the model's other names: events, works ("Fed Cup", "Labour Day")
    std::vector<Mention> model = Tagger::builtin().tag_all(text, tokens, other);
    if (title_case) {  // "Mobile Phone Sales Split As Reading Habits Change In Europe": no name holds "As", "In"
        auto holds_function_word = [&](const Mention& m) {
            for (auto k = m.first + 1; k <= m.last && k < tokens.size(); ++k)
                if (is_function_word(span_of(text, tokens[k]))) return true;
            return false;
        };
        model.erase(std::remove_if(model.begin(), model.end(), holds_function_word), model.end());
        other.erase(std::remove_if(other.begin(), other.end(), holds_function_word), other.end());
    }
    std::vector<int> model_at(tokens.size(), -1);
    std::set<std::string_view> anchor_words;
    auto add_words = [&](const Mention& m) {
        for (auto k = m.first; k <= m.last && k < tokens.size(); ++k) anchor_words.insert(span_of(text, tokens[k]));
    };
    std::vector<std::uint32_t> other_len(tokens.size(), 0);  // tokens of the event or work over each token
    for (const auto& m : other)
        for (auto k = m.first; k <= m.last && k < tokens.size(); ++k) other_len[k] = m.last - m.first + 1;
    // A full name the model found is sure when it starts with a known first name,
    // or when the model also took its surname, which names no place, alone for a
    // person elsewhere ("Volodymyr Zelensky" ... "Zelensky, 41,").
    std::set<std::string_view> lone_surnames;
    for (const auto& m : model)
        if (m.type == EntityType::Person && m.first == m.last && m.last < tokens.size() &&
            lex.places(fold(span_of(text, tokens[m.last]))).empty())
            lone_surnames.insert(span_of(text, tokens[m.last]));
    // (Not when its first word stands alone for a person too: "Lebed Chechnya"
    // in a headline is two names.)
    auto sure_person = [&](const Mention& m) {
        return first_name_led(m) || (m.type == EntityType::Person && m.last > m.first && m.last < tokens.size() &&
                                      lone_surnames.count(span_of(text, tokens[m.last])) &&
                                      !lone_surnames.count(span_of(text, tokens[m.first])));
    };
    for (std::size_t i = 0; i < model.size(); ++i) {
        for (auto k = model[i].first; k <= model[i].last && k < tokens.size(); ++k) model_at[k] = static_cast<int>(i);
        if (sure_person(model[i])) add_words(model[i]);
    }
    for (const auto& r : rules)
        if (r.rule == Rule::Title && r.mention.last > r.mention.first) add_words(r.mention);
    std::vector<char> dropped(model.size(), 0), model_anchor(model.size(), 0);
    std::vector<Tagged> extra;
    for (const auto& rm : rules) {
        const Mention& r = rm.mention;
        if (rm.rule == Rule::FirstName) continue;
        if (rm.rule == Rule::PersonWord) {
            bool known = true;
            for (auto k = r.first; k <= r.last; ++k) known = known && anchor_words.count(span_of(text, tokens[k]));
            if (!known) continue;
        }
        // Words inside a name the model took for an event or a work are none of the
        // rules' names: "Labour" of "Labour Day", "Fed" of "Fed Cup", "Netherlands" of
        // "Tour of the Netherlands". (A known name it took whole for one, as "Donbas"
        // of "the Donbas region", is still a place.)
        // Known names (gazetteer, curated organisations) yield only to longer events;
        // a name guessed from its last word ("American League") to any.
        const bool known = rm.rule == Rule::Gazetteer || rm.rule == Rule::CuratedOrg;
        bool in_other = false;
        for (auto k = r.first; k <= r.last && k < tokens.size(); ++k)
            in_other = in_other || other_len[k] > r.last - r.first + (known ? 1 : 0);
        if (in_other && r.type != EntityType::Person) continue;
        std::vector<int> overlap;
        for (auto k = r.first; k <= r.last && k < tokens.size(); ++k)
            if (model_at[k] >= 0 && (overlap.empty() || overlap.back() != model_at[k])) overlap.push_back(model_at[k]);
        const bool anchor = rm.rule == Rule::Title && r.last > r.first;
        if (overlap.empty()) {
            extra.push_back({r, anchor});
            continue;
        }
        if (r.type != EntityType::Person) {
            // A known organisation of several words wins over the parts of it the
            // model found: "Council of the EU", not "EU".
            bool inside = rm.rule == Rule::CuratedOrg && r.last > r.first;
            for (int i : overlap) {
                const Mention& m = model[static_cast<std::size_t>(i)];
                inside = inside && r.first <= m.first && m.last <= r.last && !(m.first == r.first && m.last == r.last);
            }
            if (!inside) continue;
            for (int i : overlap) dropped[static_cast<std::size_t>(i)] = 1;
            extra.push_back({r, false});
            continue;
        }
        if (anchor)  // the model found the same titled person: lend its words
            for (int i : overlap)
                if (model[static_cast<std::size_t>(i)].type == EntityType::Person) model_anchor[static_cast<std::size_t>(i)] = 1;
        bool replace = false;
        for (int i : overlap) {
            const Mention& m = model[static_cast<std::size_t>(i)];
            // A word of a person found elsewhere does not cut a person the model found
            // ("Naina Yeltsin" after "Boris Yeltsin"); a title does ("State Marco Rubio").
            // Nor does it cut a longer name of another type ("Lola Honda" a person does not
            // make "Honda" of the car "Reynard Honda" one); a lone "Warren" taken for a town, yes.
            if (rm.rule == Rule::PersonWord && (m.first < r.first || m.last > r.last)) continue;
            replace = replace || m.type != EntityType::Person ||
                      (m.first < r.first && rm.rule != Rule::PersonWord) ||
                      // "Dr. Anthony Fauci" where the model saw only "Fauci".
                      (rm.rule == Rule::Title && r.first < m.first && m.last <= r.last);
        }
        if (!replace) continue;
        for (int i : overlap) dropped[static_cast<std::size_t>(i)] = 1;
        extra.push_back({r, anchor});
    }
    for (std::size_t i = 0; i < model.size(); ++i)
        if (!dropped[i]) out.push_back({model[i], model_anchor[i] || sure_person(model[i])});
    out.insert(out.end(), extra.begin(), extra.end());
#else
    for (const auto& rm : rules)
        out.push_back({rm.mention, rm.mention.type == EntityType::Person && rm.mention.last > rm.mention.first &&
                                       (rm.rule == Rule::Title || first_name_led(rm.mention))});
#endif
    // A person's name ends at a possessive: "Devon White's RBI double" is "Devon White".
    for (auto& t : out)
        if (t.m.type == EntityType::Person)
            for (auto k = t.m.first + 1; k < t.m.last && k < tokens.size(); ++k) {
                if (is_possessive(span_of(text, tokens[k]))) {
                    t.m.last = k - 1;
                    break;
                }
            }
    std::sort(out.begin(), out.end(), [](const Tagged& a, const Tagged& b) { return a.m.first < b.m.first; });
    join_particles(text, tokens, out);
    return out;
}

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

bool names_country(const Lexicon& lex, std::string_view key) {
    const auto cands = lex.places(key);
    return std::any_of(cands.begin(), cands.end(),
                       [](const PlaceCandidate& c) { return c.place->kind == PlaceKind::Country; });
}

double prior(const PlaceCandidate& c) {
    // Comparable scales: a country beats any city named like it, a US state beats
    // most towns, a city ten times larger gains 1.5.
    const PlaceRecord& p = *c.place;
    double s = 0;
    switch (p.kind) {
        case PlaceKind::Country: s = 12; break;
        case PlaceKind::Region: s = 11; break;
        case PlaceKind::Subdivision: s = p.country == "US" ? 8.5 : 7; break;
        case PlaceKind::City: s = 1.5 * std::log10(static_cast<double>(p.population) + 10.0); break;
    }
    if (c.curated) s += 3;
    if (c.foreign) s -= 0.5;
    return s;
}

// Countries and admin areas the document talks about, with the contribution of
// each place mention kept apart so that a mention does not vote for itself.
struct Context {
    std::map<std::string, double> countries;  // from country mentions, demonyms, dateline
    std::map<std::string, double> local_cc;   // countries of city/subdivision mentions
    std::map<std::string, double> local_admin;
};

void linking_votes(const Work& w, std::map<std::string, double>& cc_votes, std::map<std::string, double>& local_cc,
                   std::map<std::string, double>& local_admin) {
    if (w.cands.empty()) return;
    // A name that is a country (or a region) votes for that country only.
    const PlaceCandidate& top = *std::max_element(w.cands.begin(), w.cands.end(), [](const auto& a, const auto& b) {
        return prior(a) < prior(b);
    });
    if (top.place->kind == PlaceKind::Country || top.place->kind == PlaceKind::Region) {
        if (!top.place->country.empty()) cc_votes[top.place->country] += 1;
        return;
    }
    std::set<std::string> ccs, admins;
    for (const auto& c : w.cands) {
        if (c.place->kind == PlaceKind::Country) continue;
        ccs.insert(c.place->country);
        if (!c.place->admin.empty()) admins.insert(c.place->admin);
    }
    for (const auto& cc : ccs) local_cc[cc] += 1.0 / static_cast<double>(ccs.size());
    for (const auto& a : admins) local_admin[a] += 1.0 / static_cast<double>(admins.size());
}

double total_votes(const std::map<std::string, double>& m) {
    double t = 0;
    for (const auto& [k, v] : m) t += v;
    return t;
}

// The best candidate for a place mention; *support is how much of its score came
// from the document's context rather than from the candidate itself.
const PlaceCandidate* choose(const Work& w, const Context& ctx, const std::vector<PlaceCandidate>& following,
                             const std::vector<PlaceCandidate>& preceding,
                             const std::vector<const PlaceRecord*>& dateline, double* support) {
    std::map<std::string, double> self_cc, self_local, self_admin;
    linking_votes(w, self_cc, self_local, self_admin);
    auto get = [](const std::map<std::string, double>& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? 0.0 : it->second;
    };
    const double other_votes = total_votes(ctx.countries) - total_votes(self_cc);
    const PlaceCandidate* best = nullptr;
    double best_score = -1e9;
    for (const auto& c : w.cands) {
        const PlaceRecord& p = *c.place;
        double s = prior(c);
        if (!p.country.empty()) {
            // In proportion to how much of the story is about that country: a US
            // story's "Geneva" stays in Switzerland, a British story's "Surrey" in England.
            const double votes = get(ctx.countries, p.country) - get(self_cc, p.country);
            if (votes > 0.01) s += 2.5 * votes / std::max(1.0, other_votes);
            if (p.kind != PlaceKind::Country && get(ctx.local_cc, p.country) - get(self_local, p.country) > 0.01)
                s += 2;
        }
        if (!p.admin.empty() && p.kind != PlaceKind::Country &&
            get(ctx.local_admin, p.admin) - get(self_admin, p.admin) > 0.01)
            s += 2;
        // The place the story was filed from ("PARIS, Texas" above the story).
        if (std::find(dateline.begin(), dateline.end(), &p) != dateline.end()) s += 3;
        // "Paris, Texas", "Geneva, Switzerland": the next name says where.
        for (const auto& f : following) {
            const PlaceRecord& q = *f.place;
            if (&q == &p) continue;
            if ((q.kind == PlaceKind::Country && q.country == p.country && p.kind != PlaceKind::Country) ||
                (q.kind == PlaceKind::Subdivision && !p.admin.empty() && q.admin == p.admin &&
                 p.kind == PlaceKind::City)) {
                s += 10;
                break;
            }
        }
        // "Atlanta, Georgia", "Lyon, France": the city before says which one.
        for (const auto& b : preceding) {
            const PlaceRecord& q = *b.place;
            if (&q == &p || q.kind != PlaceKind::City) continue;
            if ((p.kind == PlaceKind::Subdivision && !q.admin.empty() && q.admin == p.admin) ||
                (p.kind == PlaceKind::Country && q.country == p.country)) {
                s += 10;
                break;
            }
        }
        if (s > best_score + 1e-9) {
            best = &c;
            best_score = s;
            *support = s - prior(c);
        }
    }
    return best;
}

}  // namespace

Extractor::Extractor(const ExtractOptions& options) {
    auto impl = std::make_shared<Impl>();
    impl->options = options;
    (void)Lexicon::get();  // load now: a corrupt build fails here, not mid-indexing
    impl_ = std::move(impl);
}

Extractor::~Extractor() = default;
Extractor::Extractor(const Extractor&) = default;
Extractor& Extractor::operator=(const Extractor&) = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

void Extractor::annotate(Article& article) const { article.entities = extract(article); }

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

std::vector<Entity> Extractor::extract(const Article& article) const {
    const ExtractOptions& opt = impl_->options;
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
                if (english)
                    for (auto k = m.first + 1; k <= m.last; ++k) {
                        const std::string_view w = span_of(f.text, f.tokens[k]);
                        const auto c0 = static_cast<unsigned char>(w.empty() ? ' ' : w[0]);
                        // Short words ("in", "wa") and hyphenated ones ("self-rule") may be inside.
                        const bool lower_word =
                            c0 >= 'a' && c0 <= 'z' && w.size() > 3 && w.find('-') == std::string_view::npos &&
                            std::none_of(w.begin(), w.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
                        if (w == "," || (lower_word && !is_name_connector(w))) {
                            last = k - 1;
                            break;
                        }
                    }
                if (english) {
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
                    // gazetteer is asked without it. Organisations lose it ("The State Department").
                    article = leading_article(s);
                    if (!(article > 0 && s[0] == 'T' && m.type == EntityType::Place))
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
        for (const auto& f : fields)
            for (const auto& t : f.tokens) {
                const auto word = span_of(f.text, t);
                if (!starts_upper(word)) continue;
                auto d = lex.demonym(fold(word));
                if (d && !d->empty()) ctx.countries[*d] += 0.5;
            }
        std::vector<const PlaceRecord*> dateline;
        // The record's dateline, else one that opens the body.
        const std::optional<BodyDateline> from_body =
            article.dateline.empty() ? body_dateline(article.body) : std::nullopt;
        std::optional<std::pair<std::size_t, std::size_t>> body_dateline_span;  // place and regions, once linked
        const std::string_view dl = from_body ? std::string_view(from_body->line) : std::string_view(article.dateline);
        if (!dl.empty() && opt.places) {
            // "London, UK": its country votes; its place, linked like a body mention
            // followed by ", UK", favours that place for the same name in the story.
            std::vector<std::vector<PlaceCandidate>> parts;
            std::size_t at = 0;
            while (at <= dl.size()) {
                std::size_t comma = dl.find(',', at);
                if (comma == std::string_view::npos) comma = dl.size();
                const std::string_view part = dl.substr(at, comma - at);
                const auto state = parts.empty() ? std::nullopt : us_state_of_abbreviation(part);
                parts.push_back(lex.places(fold(state ? *state : part), !english));
                at = comma + 1;
            }
            for (const auto& part : parts)
                for (const auto& c : part)
                    if (c.place->kind == PlaceKind::Country && parts.size() > 1) ctx.countries[c.place->country] += 2;
            if (!parts.empty() && !parts[0].empty()) {
                Work head;
                head.cands = parts[0];
                double unused = 0;
                const std::vector<PlaceCandidate> rest = parts.size() > 1 ? parts[1] : std::vector<PlaceCandidate>{};
                if (const PlaceCandidate* c = choose(head, ctx, rest, {}, {}, &unused)) {
                    dateline.push_back(c->place);
                    if (!c->place->country.empty()) ctx.countries[c->place->country] += 1;
                    // The story's own place: a mention like any other, so that it
                    // counts in the place and country facets.
                    const std::string_view name = dl.substr(0, std::min(dl.find(','), dl.size()));
                    std::size_t first = name.find_first_not_of(" \t");
                    std::size_t last = name.find_last_not_of(" \t");
                    if (from_body) {
                        first = from_body->start;
                        last = from_body->end - 1;
                        body_dateline_span.emplace(from_body->start, from_body->regions_end);
                    }
                    if (first != std::string_view::npos) {
                        const PlaceRecord& p = *c->place;
                        const std::string_view text = from_body ? std::string_view(article.body) : name;
                        Entity e;
                        e.type = EntityType::Place;
                        e.field = from_body ? Field::Body : Field::Dateline;
                        e.start = first;
                        e.end = last + 1;
                        e.text = std::string(text.substr(first, last + 1 - first));
                        e.canonical = p.name;
                        e.country = p.country;
                        e.lat = p.lat;
                        e.lon = p.lon;
                        e.geonames = p.geonames;
                        result.push_back(std::move(e));
                    }
                }
            }
        }
        // "X, Y": each side says where the other is ("Paris, Texas"; "Atlanta, Georgia").
        std::vector<std::vector<PlaceCandidate>> following(work.size()), preceding(work.size());
        auto place_key = [](Field field, std::size_t start) {
            return static_cast<std::uint64_t>(start) * 2 + (field == Field::Title ? 1 : 0);
        };
        std::unordered_map<std::uint64_t, std::size_t> place_at;  // (field, start) -> index in work
        for (std::size_t j = 0; j < work.size(); ++j)
            if (work[j].e.type == EntityType::Place) place_at.emplace(place_key(work[j].e.field, work[j].e.start), j);
        for (std::size_t i = 0; i < work.size(); ++i) {
            const Work& w = work[i];
            if (w.e.type != EntityType::Place || w.next_comma_token < 0) continue;
            const auto& f = w.e.field == Field::Body ? fields[0] : fields[1];
            const std::size_t y_start = f.tokens[static_cast<std::size_t>(w.next_comma_token)].start;
            if (auto y = place_at.find(place_key(w.e.field, y_start)); y != place_at.end()) {
                following[i] = work[y->second].cands;
                preceding[y->second] = w.cands;
            }
        }
        // A place so pinned down is that place wherever the story names it again
        // ("the governor of Georgia" after "Atlanta, Georgia").
        std::vector<const PlaceCandidate*> chosen(work.size(), nullptr);
        std::vector<double> chosen_support(work.size(), 0);
        auto has_neighbour = [&](std::size_t i) { return !following[i].empty() || !preceding[i].empty(); };
        std::map<std::string, const PlaceRecord*, std::less<>> pinned;
        for (std::size_t i = 0; i < work.size(); ++i) {
            if (work[i].e.type != EntityType::Place || !has_neighbour(i)) continue;
            chosen[i] = choose(work[i], ctx, following[i], preceding[i], dateline, &chosen_support[i]);
            if (chosen[i]) pinned.emplace(fold(work[i].e.text), chosen[i]->place);
        }
        for (std::size_t i = 0; i < work.size(); ++i) {
            Work& w = work[i];
            if (w.e.type != EntityType::Place) continue;
            const PlaceCandidate* best = chosen[i];
            double support = chosen_support[i];
            if (!has_neighbour(i)) {
                if (auto pin = pinned.find(fold(w.e.text)); pin != pinned.end())
                    for (const auto& c : w.cands)
                        if (c.place == pin->second) {
                            best = &c;
                            support = 1;
                        }
                if (!best) best = choose(w, ctx, following[i], preceding[i], dateline, &support);
            }
            // A small town chosen only for its name, in a story about somewhere else
            // ("Westminster" in a Scottish story, the gazetteer holding only Westminster,
            // Colorado): better unlinked than wrong.
            if (best && !best->curated && support <= 0 &&
                ((best->place->kind == PlaceKind::City && best->place->population < 150000) ||
                 (best->place->kind == PlaceKind::Subdivision && best->place->country != "US"))) {
                bool elsewhere = false;
                for (const auto& [cc, votes] : ctx.countries) elsewhere = elsewhere || (cc != best->place->country && votes >= 1);
                for (const auto& [cc, votes] : ctx.local_cc) elsewhere = elsewhere || (cc != best->place->country && votes >= 1);
                if (elsewhere) best = nullptr;
            }
            if (!best) {
                w.e.canonical = w.e.text;
                continue;
            }
            const PlaceRecord& p = *best->place;
            w.e.canonical = p.name;
            w.e.country = p.country;
            w.e.lat = p.lat;
            w.e.lon = p.lon;
            w.e.geonames = p.geonames;
        }

        result.reserve(result.size() + work.size());
        for (auto& w : work) {
            // The body's dateline is its place, whatever the tagger made of the capitals.
            if (body_dateline_span && w.e.field == Field::Body && w.e.start < body_dateline_span->second &&
                w.e.end > body_dateline_span->first)
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
