// Organisations told by their form (org_forms.hpp).
#include "extract/org_forms.hpp"

#include <algorithm>
#include <string>

#include "extract/gazetteer.hpp"
#include "extract/linking.hpp"
#include "extract/rules_tagger.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

// Company suffixes and their abbreviations, as written in news text and in
// headlines in capitals.
bool company_suffix(std::string_view w) {
    static const std::vector<std::string_view> suffixes = {
        "Inc", "Inc.", "INC", "Corp", "Corp.", "CORP", "Co", "Co.", "CO", "Cos", "Cos.", "COS", "Ltd", "Ltd.",
        "LTD", "Plc", "PLC", "plc", "AG", "SA", "S.A.", "NV", "N.V.", "Bhd", "BHD", "LLC", "GmbH", "SpA",
        "S.p.A.", "Oyj", "Bros", "Bros.", "BROS", "Incorporated", "INCORPORATED", "Corporation", "CORPORATION",
        "Limited", "LIMITED"};
    return std::find(suffixes.begin(), suffixes.end(), w) != suffixes.end();
}

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
    for (std::uint32_t k = 1; k < n && !title_case; ++k) {
        if (!company_suffix(r.word(k)) || tokens[k].sentence_start || r.taken(k) || !r.same_line(k - 1, k)) continue;
        std::uint32_t first = r.run_start(k - 1);
        while (first < k && r.taken(first)) ++first;
        if (first > k - 1) continue;
        // An organisation the tagger found over the suffix keeps its bounds.
        const Tagged* t = r.at(k);
        if (t && t->m.type == EntityType::Organization) continue;
        r.claim(first, k, true);
    }
    r.apply();
    // A kind of body before a name: "team Deportivo Coruna", "firm Multico".
    const Lexicon& lex = Lexicon::get();
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
