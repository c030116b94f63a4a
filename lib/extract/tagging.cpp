// Name tagging of one field: the statistical model's mentions combined with
// the rules' (gazetteer, curated organisations, titles, first names), and
// names split at their particles joined again. See tagging.hpp.
#include "extract/tagging.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "extract/gazetteer.hpp"
#include "extract/org_forms.hpp"
#include "extract/rules_tagger.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

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

}  // namespace

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
    // "Paris Agreement", "Kyoto Protocol": a place that opens the name of a
    // treaty belongs to that name, not to the places the article mentions.
    for (auto it = model.begin(); it != model.end();) {
        if (it->type == EntityType::Place && it->last + 1 < tokens.size() &&
            is_treaty_word(span_of(text, tokens[it->last + 1]))) {
            other.push_back({it->type, it->first, it->last + 1});
            it = model.erase(it);
        } else {
            ++it;
        }
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
    organisation_forms(text, tokens, title_case, out);
    return out;
}

}  // namespace annals::detail
