// Organisations told by their form (org_forms.hpp).
#include "extract/org_forms.hpp"

#include <algorithm>
#include <bitset>
#include <string>

#include "extract/gazetteer.hpp"
#include "extract/linking.hpp"
#include "extract/rules_tagger.hpp"
#include "util/text.hpp"

namespace annals::detail {

// Company suffixes and their abbreviations (org_forms.hpp).
bool company_suffix(std::string_view w) {
    struct Suffixes {
        std::vector<std::string_view> words = {
            "Inc", "Inc.", "INC", "Corp", "Corp.", "CORP", "Co", "Co.", "CO", "Cos", "Cos.", "COS", "Ltd", "Ltd.",
            "LTD", "Plc", "PLC", "plc", "AG", "SA", "S.A.", "NV", "N.V.", "Bhd", "BHD", "LLC", "GmbH", "SpA",
            "S.p.A.", "Oyj", "Bros", "Bros.", "BROS", "Incorporated", "INCORPORATED", "Corporation", "CORPORATION",
            "Limited", "LIMITED", "AB", "ASA", "A/S", "BV", "Pty", "KK", "Bancorp", "Bancshares", "Bancorporation"};
        // Asked of every token: most words are turned away by their first byte
        // and length before the list is searched.
        std::bitset<256> first;
        std::size_t shortest = SIZE_MAX, longest = 0;
        Suffixes() {
            for (auto s : words) {
                first.set(static_cast<unsigned char>(s[0]));
                shortest = std::min(shortest, s.size());
                longest = std::max(longest, s.size());
            }
        }
    };
    static const Suffixes suffixes;
    if (w.size() < suffixes.shortest || w.size() > suffixes.longest || !suffixes.first[static_cast<unsigned char>(w[0])])
        return false;
    return std::find(suffixes.words.begin(), suffixes.words.end(), w) != suffixes.words.end();
}

namespace {

// Lower-case words for a kind of body, after which a name is that body's.
bool body_kind(std::string_view w) {
    static const std::vector<std::string_view> kinds = {
        "team", "club", "side", "firm", "company", "group", "bank", "agency", "airline", "brokerage", "newspaper", "daily", "weekly", "insurer", "maker", "manufacturer", "retailer",
        "conglomerate", "utility", "distributor", "producer", "exporter", "importer"};
    return std::find(kinds.begin(), kinds.end(), w) != kinds.end();
}

// A word that may be part of a company's name: capitalised (or in capitals) or a
// number inside a name ("3M"); not a capitalised word with a lower-case second
// part ("Ohio-based", "Family-controlled").
bool name_word(std::string_view w) {
    if (w.empty() || !(starts_upper(w) || (w[0] >= '0' && w[0] <= '9'))) return false;
    const std::size_t dash = w.find('-');
    return dash == std::string_view::npos || dash + 1 == w.size() || !(w[dash + 1] >= 'a' && w[dash + 1] <= 'z');
}

class Rewriter {
  public:
    Rewriter(std::string_view text, const std::vector<Token>& tokens, std::vector<Tagged>& out)
        : text_(text), tokens_(tokens), out_(out), at_(tokens.size(), -1), taken_(tokens.size(), 0) {
        for (std::size_t i = 0; i < out.size(); ++i)
            for (auto k = out[i].m.first; k <= out[i].m.last && k < tokens.size(); ++k) at_[k] = static_cast<int>(i);
    }

    std::string_view word(std::uint32_t k) const { return span_of(text_, tokens_[k]); }

    bool same_line(std::uint32_t a, std::uint32_t b) const {
        return text_.substr(tokens_[a].start, tokens_[b].end - tokens_[a].start).find('\n') == std::string_view::npos;
    }

    // The first token of the capitalised run that ends at @p last (connectors
    // such as "of", "&", "and" inside it), at most 8 tokens, not before the
    // sentence; last + 1 when @p last is no name word.
    std::uint32_t run_start(std::uint32_t last) const {
        if (!name_word(word(last))) return last + 1;
        std::uint32_t first = last;
        while (first > 0 && last - first < 7 && !tokens_[first].sentence_start && same_line(first - 1, last)) {
            const std::string_view w = word(first - 1);
            if (name_word(w) && w != "<" && w != ">") {
                --first;
                continue;
            }
            // "&" counts only between name words: "Douglas & Lomason". ("and" and "of"
            // would join two companies, or a person and a company: "Lynn Reaser of
            // Barnett Banks Inc.")
            if (w == "&" && first >= 2 && name_word(word(first - 2)) && !tokens_[first - 1].sentence_start) {
                first -= 2;
                continue;
            }
            break;
        }
        return first;
    }

    // The tagger's name over token @p k, or nullptr.
    const Tagged* at(std::uint32_t k) const { return at_[k] < 0 ? nullptr : &out_[static_cast<std::size_t>(at_[k])]; }

    bool taken(std::uint32_t k) const { return taken_[k] != 0; }

    // Makes tokens [first, last] one organisation (@p add), or no name at all.
    // The names over them go in apply(), once, so that a long article with many
    // companies stays linear.
    void claim(std::uint32_t first, std::uint32_t last, bool add) {
        for (auto k = first; k <= last; ++k) taken_[k] = 1;
        if (add) added_.push_back({{EntityType::Organization, first, last}, false});
    }

    void apply() {
        if (added_.empty() && std::none_of(taken_.begin(), taken_.end(), [](char c) { return c != 0; })) return;
        out_.erase(std::remove_if(out_.begin(), out_.end(),
                                  [&](const Tagged& t) {
                                      for (auto k = t.m.first; k <= t.m.last && k < taken_.size(); ++k)
                                          if (taken_[k]) return true;
                                      return false;
                                  }),
                   out_.end());
        out_.insert(out_.end(), added_.begin(), added_.end());
        std::sort(out_.begin(), out_.end(), [](const Tagged& a, const Tagged& b) { return a.m.first < b.m.first; });
    }

    std::string text_of(const Mention& m) const {
        return std::string(text_.substr(tokens_[m.first].start, tokens_[m.last].end - tokens_[m.first].start));
    }

  private:
    std::string_view text_;
    const std::vector<Token>& tokens_;
    std::vector<Tagged>& out_;
    std::vector<int> at_;     // token -> index in out_ of the tagger's name over it
    std::vector<char> taken_;  // tokens of new organisations and of tickers
    std::vector<Tagged> added_;
};

// Whether the name word at @p k may own the possessive inside a company's name:
// one word that names no place, people or first name, which the tagger took
// alone or not at all, and not for a place.
bool possessive_owner(const Rewriter& r, const Lexicon& lex, std::uint32_t k) {
    const std::string_view w = r.word(k);
    if (!name_word(w) || (k > 0 && name_word(r.word(k - 1)) && r.same_line(k - 1, k))) return false;
    const std::string key = fold(w);
    if (!lex.places(key).empty() || lex.demonym(key) || lex.is_first_name(w)) return false;
    const Tagged* t = r.at(k);
    return !t || (t->m.first == k && t->m.last == k && t->m.type != EntityType::Place);
}

// Words that head a table's rows and sections before a number ("Group 2", "Week 3").
bool table_heading(std::string_view w) {
    static const std::vector<std::string_view> words = {
        "Group", "Pool", "Division", "Round", "Week", "Game", "Games", "Stage", "Heat", "Race", "Match",
        "Section", "Zone", "Day", "Set", "Leg", "Table", "Grade", "Class", "Lap", "Hole", "Innings", "Over",
        "Overs", "Total", "Totals", "Extras", "Score", "Scores", "Points", "Seed", "Seeds", "Number", "No"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool score_word(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Lines of results ("Orrell 13 Bath 56" / "Sale 31 Wasps 33", "Kent 4 1 0 3 12"):
// names each followed by a number, a block of consecutive such lines. When the
// tagger took most of the block's names for organisations (clubs), its other
// names before a number are clubs too, whatever their town makes them look
// like; a block of national teams ("Germany 2 Italy 1", places) is left alone.
void results_lines(std::string_view text, const std::vector<Token>& tokens, std::vector<Tagged>& out) {
    const auto n = static_cast<std::uint32_t>(tokens.size());
    std::vector<int> at(n, -1);
    for (std::size_t i = 0; i < out.size(); ++i)
        for (auto k = out[i].m.first; k <= out[i].m.last && k < n; ++k) at[k] = static_cast<int>(i);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> block;  // names before a number
    std::vector<Tagged> added;
    auto settle = [&] {
        int org = 0, other = 0;
        for (const auto& [f, l] : block)
            if (at[l] >= 0) (out[static_cast<std::size_t>(at[l])].m.type == EntityType::Organization ? org : other)++;
        if (block.size() >= 3 && org >= 2 && org > 2 * other)
            for (const auto& [f, l] : block) {
                const int i = at[l];
                if (i < 0 && at[f] < 0 && !table_heading(span_of(text, tokens[f])))
                    added.push_back({{EntityType::Organization, f, l}, false});
                else if (i >= 0 && out[static_cast<std::size_t>(i)].m.last == l &&
                         out[static_cast<std::size_t>(i)].m.type != EntityType::Organization)
                    out[static_cast<std::size_t>(i)].m.type = EntityType::Organization;
            }
        block.clear();
    };
    for (std::uint32_t b = 0; b < n;) {
        std::uint32_t e = b + 1;  // the line: up to a newline
        while (e < n && text.substr(tokens[e - 1].end, tokens[e].start - tokens[e - 1].end).find('\n') ==
                            std::string_view::npos)
            ++e;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> named;
        std::uint32_t numbers = 0;
        for (std::uint32_t k = b + 1; k < e; ++k) {
            if (!score_word(span_of(text, tokens[k]))) continue;
            ++numbers;
            std::uint32_t f = k;  // the capitalised run (up to 4 words) right before the number
            while (f > b && f + 4 > k && starts_upper(span_of(text, tokens[f - 1]))) --f;
            if (f < k) named.push_back({f, k - 1});
        }
        if (!named.empty() && numbers * 4 >= e - b) block.insert(block.end(), named.begin(), named.end());
        else settle();
        b = e;
    }
    settle();
    if (added.empty()) return;
    out.insert(out.end(), added.begin(), added.end());
    std::sort(out.begin(), out.end(), [](const Tagged& a, const Tagged& b) { return a.m.first < b.m.first; });
}

// Whether tokens from @p k spell @p name: as written, or in capitals in a
// headline ("COMELF" for "Comelf").
bool spells(const Rewriter& r, std::uint32_t k, const std::vector<std::string_view>& name) {
    for (std::size_t j = 0; j < name.size(); ++j) {
        const std::string_view w = r.word(k + static_cast<std::uint32_t>(j)), want = name[j];
        if (w == want) continue;
        if (w.size() != want.size() || std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            return false;
        for (std::size_t c = 0; c < w.size(); ++c)
            if (w[c] != want[c] && !(want[c] >= 'a' && want[c] <= 'z' && w[c] == want[c] - 'a' + 'A')) return false;
    }
    return true;
}

// A company named once with its suffix ("Cofinec S.A.", "Magna International
// Inc") goes by its bare name in the rest of the story ("Cofinec said",
// "Magna International shares"). Those mentions become the organisation where
// the tagger found nothing or the same words as a person or place.
void bare_company_names(std::string_view text, const std::vector<Token>& tokens, std::vector<Tagged>& out) {
    Rewriter r(text, tokens, out);
    const Lexicon& lex = Lexicon::get();
    const auto n = static_cast<std::uint32_t>(tokens.size());
    std::vector<std::vector<std::string_view>> bare;
    for (const auto& t : out) {
        if (t.m.type != EntityType::Organization || t.m.last == t.m.first || t.m.last >= n ||
            !company_suffix(r.word(t.m.last)))
            continue;
        std::vector<std::string_view> name;
        for (auto k = t.m.first; k < t.m.last; ++k) name.push_back(r.word(k));
        while (!name.empty() && (name.back() == "&" || name.back() == "," || name.back() == "and")) name.pop_back();
        if (name.empty() || !name_word(name[0]) || is_function_word(name[0])) continue;
        // One word that is also a place, a people or a first name may mean that.
        if (name.size() == 1) {
            const std::string key = fold(name[0]);
            if (!lex.places(key).empty() || lex.demonym(key) || lex.is_first_name(name[0])) continue;
        }
        if (std::find(bare.begin(), bare.end(), name) == bare.end()) bare.push_back(std::move(name));
    }
    if (bare.empty()) return;
    for (std::uint32_t k = 0; k < n; ++k) {
        for (const auto& name : bare) {
            const auto last = k + static_cast<std::uint32_t>(name.size()) - 1;
            if (last >= n || !spells(r, k, name)) continue;
            if (last + 1 < n && company_suffix(r.word(last + 1))) continue;  // the full form itself
            const Tagged* a = r.at(k);
            const Tagged* b = r.at(last);
            if (a && a->m.type == EntityType::Organization) continue;
            // Only where the tagger found nothing, these very words as one name, or
            // a person starting with them ("Cofinec GDRs").
            bool free = true;
            for (auto j = k; j <= last; ++j) free = free && !r.at(j);
            const bool same = a && a == b && a->m.first == k &&
                              (a->m.last == last || (a->m.last > last && a->m.type == EntityType::Person));
            if (!free && !same) continue;
            r.claim(k, last, true);
            k = last;
            break;
        }
    }
    r.apply();
}

}  // namespace

void organisation_forms(std::string_view text, const std::vector<Token>& tokens, bool title_case,
                        std::vector<Tagged>& out) {
    Rewriter r(text, tokens, out);
    const auto n = static_cast<std::uint32_t>(tokens.size());
    // Angle brackets: "<CG>" after a name, "<Parlux Fragrances Inc>" alone.
    for (std::uint32_t k = 0; k + 2 < n; ++k) {
        if (r.word(k) != "<") continue;
        std::uint32_t close = k + 1;
        while (close < n && close <= k + 9 && r.word(close) != ">" && r.word(close) != "<") ++close;
        if (close >= n || r.word(close) != ">" || close == k + 1 || !r.same_line(k, close)) continue;
        bool names = true, capitals = true;
        for (auto j = k + 1; j < close; ++j) {
            const std::string_view w = r.word(j);
            names = names && (name_word(w) || w == "&" || w == "of" || w == "and" || w == "-" || w == "." || w == "'s");
            capitals = capitals && std::none_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        }
        if (!names) continue;
        const bool ticker = capitals && close - k - 1 <= 3 && r.word(k + 1).size() <= 6;
        if (ticker && k > 0 && r.same_line(k - 1, k)) {
            const std::uint32_t first = r.run_start(k - 1);
            r.claim(k + 1, close - 1, false);  // the ticker is the code of the name before it
            if (first <= k - 1) r.claim(first, k - 1, true);
        } else if (!ticker || k == 0) {
            r.claim(k + 1, close - 1, true);
        }
        k = close;
    }
    // Company suffixes: "Lear Corp", "Johnson Controls Inc". (Not in a headline In
    // Title Case, where every word is capitalised: "Shares In Lear Corp Rise".)
    // A possessive inside the name ("Boatmen's Bancshares Inc", "Moody's Investors
    // Service Inc") belongs to it when the word before it is no place, people or
    // first name and the tagger took it for no place and no longer name
    // ("Britain's Barclays Plc", "Warren Buffett's Berkshire Hathaway Inc" stay
    // apart); the owner and its possessive alone then name the company elsewhere.
    const Lexicon& lex = Lexicon::get();
    std::vector<std::string_view> owners;
    for (std::uint32_t k = 1; k < n && !title_case; ++k) {
        if (!company_suffix(r.word(k)) || tokens[k].sentence_start || r.taken(k) || !r.same_line(k - 1, k)) continue;
        std::uint32_t first = r.run_start(k - 1);
        while (first < k && r.taken(first)) ++first;
        if (first > k - 1) continue;
        if (first >= 2 && is_possessive(r.word(first - 1)) && !tokens[first - 1].sentence_start &&
            r.same_line(first - 2, first) && possessive_owner(r, lex, first - 2)) {
            first -= 2;
            owners.push_back(r.word(first));
            r.claim(first, k, true);
            continue;
        }
        // An organisation the tagger found over the suffix keeps its bounds.
        const Tagged* t = r.at(k);
        if (t && t->m.type == EntityType::Organization) continue;
        r.claim(first, k, true);
    }
    for (std::uint32_t k = 0; !owners.empty() && k + 1 < n; ++k) {
        if (r.taken(k) || !is_possessive(r.word(k + 1)) || !r.same_line(k, k + 1) ||
            std::find(owners.begin(), owners.end(), r.word(k)) == owners.end())
            continue;
        if (const Tagged* t = r.at(k); t && (t->m.first != k || t->m.last != k)) continue;
        r.claim(k, k + 1, true);
    }
    r.apply();
    bare_company_names(text, tokens, out);
    results_lines(text, tokens, out);
    // A kind of body before a name: "team Deportivo Coruna", "firm Multico".
    std::vector<std::string> named;  // organisations so found, as written
    for (auto& t : out) {
        if (t.m.type == EntityType::Organization || t.m.first == 0 || tokens[t.m.first].sentence_start) continue;
        if (!body_kind(r.word(t.m.first - 1))) continue;
        const std::string name = r.text_of(t.m);
        if (names_country(lex, fold(name))) continue;
        t.m.type = EntityType::Organization;
        named.push_back(name);
    }
    if (named.empty()) return;
    for (auto& t : out) {
        if (t.m.type == EntityType::Organization) continue;
        const std::string name = r.text_of(t.m);
        for (const auto& o : named)
            if (name == o || (t.m.type == EntityType::Person && t.m.first == t.m.last && o.size() > name.size() &&
                              o.compare(0, name.size(), name) == 0 && o[name.size()] == ' '))
                t.m.type = EntityType::Organization;
    }
}

}  // namespace annals::detail
