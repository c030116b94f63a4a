// Person coreference within one document; see coref.hpp.
#include "extract/coref.hpp"

#include <algorithm>
#include <unordered_map>

#include "extract/gazetteer.hpp"
#include "extract/rules_tagger.hpp"
#include "util/text.hpp"

namespace annals::detail {

std::vector<std::string> resolve_people(const std::vector<std::string>& names) {
    // A surname alone, or with its particles ("von der Leyen"): the words a full
    // name ends with.
    auto surname_only = [](const std::vector<std::string>& w) {
        if (w.empty()) return false;
        for (std::size_t k = 0; k + 1 < w.size(); ++k)
            if (!is_name_particle(w[k])) return false;
        return true;
    };
    // Each distinct full name once, with where it occurs (a long story repeats
    // its names thousands of times).
    struct Full {
        std::vector<std::string> words;
        std::vector<std::size_t> at;  // increasing
    };
    std::vector<Full> fulls;
    std::unordered_map<std::string, std::size_t> full_of_name;
    std::vector<std::vector<std::string>> words(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        words[i] = fold_words(names[i]);
        if (words[i].size() < 2 || surname_only(words[i])) continue;
        auto [it, fresh] = full_of_name.emplace(names[i], fulls.size());
        if (fresh) fulls.push_back({words[i], {}});
        fulls[it->second].at.push_back(i);
    }
    // The full names each word occurs in: only those can match a surname.
    std::unordered_map<std::string, std::vector<std::size_t>> fulls_with;
    for (std::size_t k = 0; k < fulls.size(); ++k)
        for (const auto& w : fulls[k].words) {
            auto& list = fulls_with[w];
            if (list.empty() || list.back() != k) list.push_back(k);
        }
    std::vector<std::string> out(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        out[i] = names[i];
        if (!surname_only(words[i])) continue;
        const auto& mine = words[i];
        // Surname matches beat first-name matches, which beat middle-name ones;
        // nearer beats farther; earlier beats later.
        const Full* best = nullptr;
        long best_score = -1;
        const auto with = fulls_with.find(mine.back());
        if (with == fulls_with.end()) continue;
        for (std::size_t k : with->second) {
            const Full& f = fulls[k];
            const auto& full = f.words;
            if (full.size() <= mine.size()) continue;
            int score = -1;
            if (std::equal(mine.begin(), mine.end(), full.end() - static_cast<std::ptrdiff_t>(mine.size())))
                score = 2;
            else if (mine.size() == 1 && full.front() == mine[0])
                score = 1;
            // "Lula" of "Luiz Inácio Lula da Silva": a name known by a middle word.
            else if (mine.size() == 1 && full.size() >= 3 && !is_name_particle(mine[0]) &&
                     std::find(full.begin() + 1, full.end() - 1, mine[0]) != full.end() - 1)
                score = 0;
            if (score < 0) continue;
            // Distance penalty: the nearest preceding occurrence, else the nearest following one.
            const auto next = std::upper_bound(f.at.begin(), f.at.end(), i);
            const std::size_t dist = next != f.at.begin() ? i - *(next - 1) : (*next - i) + names.size();
            const long total = score * 100000L - static_cast<long>(std::min<std::size_t>(dist, 99999));
            if (!best || total > best_score) {
                best = &f;
                best_score = total;
            }
        }
        if (best) out[i] = names[best->at.front()];
    }
    return out;
}

std::pair<std::size_t, std::size_t> person_trim(std::string_view name) {
    std::size_t front = 0, back = 0;
    // Possessive: ASCII or typographic apostrophe.
    static constexpr std::string_view kPossessives[] = {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"};
    for (std::string_view suffix : kPossessives) {
        if (name.size() > suffix.size() + 1 && name.substr(name.size() - suffix.size()) == suffix) {
            back = suffix.size();
            break;
        }
    }
    // Post-nominals: "Guy Mansfield QC", "Margaret Moran MP".
    std::string_view rest = name.substr(0, name.size() - back);
    static constexpr std::string_view kPostNominals[] = {" MP", " MEP", " MSP", " QC", " KC",
                                                         " AM", " TD", " OBE", " MBE", " CBE"};
    for (std::string_view post : kPostNominals) {
        if (rest.size() > post.size() + 1 && rest.substr(rest.size() - post.size()) == post) {
            back += post.size();
            rest.remove_suffix(post.size());
            break;
        }
    }
    // A role inside the span: "Tory MP Patrick Mercer", "Labour leader Neil Kinnock".
    static constexpr std::string_view kRoles[] = {" MP ", " MEP ", " MSP ", " leader ", " minister ",
                                                  " secretary ", " spokesman ", " spokeswoman ", " chairman ", " chief "};
    for (std::string_view role : kRoles) {
        std::size_t at = rest.rfind(role);
        if (at != std::string_view::npos && at + role.size() < rest.size()) {
            front += at + role.size();
            rest.remove_prefix(at + role.size());
            break;
        }
    }
    // Leading titles, possibly several ("Rep." then a name): longest title prefix at a word boundary.
    const Lexicon& lex = Lexicon::get();
    bool again = true;
    while (again) {
        again = false;
        std::size_t best = 0;
        for (std::size_t k = 0; k < rest.size(); ++k) {
            if (rest[k] != ' ') continue;
            const std::string key = fold(rest.substr(0, k));
            if (lex.is_title(key)) best = k + 1;
            // No longer title starts with these words: stop looking.
            if (!key.empty() && !lex.extends(key)) break;
        }
        if (best > 0 && best < rest.size()) {
            front += best;
            rest.remove_prefix(best);
            again = true;
        }
    }
    return {front, back};
}

}  // namespace annals::detail
