// Rule-based tagger; see rules_tagger.hpp. Precision first: a capitalised run
// that no rule explains is left untagged rather than guessed.
#include "extract/rules_tagger.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <string>
#include <unordered_set>

#include "extract/gazetteer.hpp"
#include "util/text.hpp"

namespace annals::detail {

bool starts_upper(std::string_view word) {
    if (word.empty()) return false;
    const auto b = static_cast<unsigned char>(word[0]);
    if (b < 0x80) return b >= 'A' && b <= 'Z';
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(word.data()), i, static_cast<int32_t>(word.size()), c);
    return c >= 0 && (u_isupper(c) || u_istitle(c));
}

namespace {

bool in(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

// A fixed list of words, asked about for nearly every token: rejected on
// length and first byte before any hashing.
class WordSet {
  public:
    WordSet(std::initializer_list<std::string_view> words) {
        for (auto w : words) {
            set_.insert(w);
            first_.set(static_cast<unsigned char>(w[0]));
            max_ = std::max(max_, w.size());
        }
    }
    bool has(std::string_view w) const {
        return !w.empty() && w.size() <= max_ && first_.test(static_cast<unsigned char>(w[0])) && set_.find(w) >= 0;
    }

  private:
    KeyIndex set_;
    std::bitset<256> first_;
    std::size_t max_ = 0;
};

// Lower-case words allowed inside a multi-word name ("Bank of England", "Rio de Janeiro").
bool connector(std::string_view w) {
    static const WordSet words{"of", "the", "and", "for", "de", "del", "della", "dello", "delle", "degli", "dei", "di", "da", "do", "dos", "das", "du",
                  "des", "la", "le", "les", "los", "las", "el", "al", "al-", "on", "upon", "am", "an",
                  "im", "&", "-", "van", "von", "der", "den", "bin", "ibn"};
    return words.has(w);
}

// Lower-case particles inside people's names ("Ursula von der Leyen", "Charles de Gaulle").
bool particle(std::string_view w) {
    static const WordSet words{"von", "van", "de", "der", "den", "da", "di", "du", "del", "della", "dos",
                               "das", "do", "bin", "ibn", "al", "el", "le", "la", "ter", "ten", "zu", "vom"};
    return words.has(w);
}

// "al-Assad", "el-Sisi", "bin-Salman": a lower-case prefix joined to a name.
bool prefixed_name(std::string_view w) {
    for (std::string_view p : {"al-", "el-", "bin-", "ibn-"})
        if (w.size() > p.size() && w.substr(0, p.size()) == p && starts_upper(w.substr(p.size()))) return true;
    return false;
}

// Capitalised words that start sentences or headlines without naming anything.
bool function_word(std::string_view w) {
    static const WordSet words{"The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They",
                  "We", "I", "You", "His", "Her", "Their", "Our", "My", "Your", "In", "On", "At", "By",
                  "For", "From", "To", "With", "Without", "Of", "As", "And", "But", "Or", "Nor", "So",
                  "If", "When", "While", "Where", "Who", "What", "Why", "How", "Which", "After",
                  "Before", "Since", "Until", "Although", "Though", "Because", "Neither", "Either",
                  "Both", "All", "Some", "Many", "Most", "One", "Two", "Three", "No", "Not", "Yes",
                  "Mr", "Also", "Still", "Yet", "Even", "Only", "Just", "Now", "Then", "There",
                  "Here", "Meanwhile", "However", "According", "Under", "Over", "Into", "Through",
                  "Will", "Would", "Can", "Could", "May", "Might", "Must", "Should", "Shall", "Is",
                  "Are", "Was", "Were", "Be", "Has", "Have", "Had", "Do", "Does", "Did", "Says",
                  "Said", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                  "Sunday", "January", "February", "March", "April", "June", "July", "August",
                  "September", "October", "November", "December", "Initial", "Nothing"};
    return words.has(w);
}

// Last words that make a capitalised run an organisation.
bool org_head(std::string_view w) {
    static const WordSet words{"Department", "Ministry", "Party", "Council", "Committee", "Agency", "Bank", "University",
                  "College", "Association", "Institute", "Institution", "Corporation", "Corp", "Corp.",
                  "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Company", "Co.", "Group", "Commission", "Court",
                  "Parliament", "Assembly", "Organization", "Organisation", "Foundation", "Fund",
                  "Service", "Services", "Office", "Army", "Navy", "Forces", "Police", "Times", "Post",
                  "Journal", "Press", "News", "Club", "FC", "League", "Federation", "Authority",
                  "Board", "Bureau", "Church", "Network", "Airlines", "Airways", "Motors", "Bank",
                  "Guard", "Directorate", "Secretariat", "Union", "Alliance", "Front", "Movement",
                  "Brigade", "Brigades", "Center", "Centre", "Society", "Trust", "Exchange",
                  "Administration", "Congress", "Senate", "Cabinet", "Tribunal", "Holdings",
                  "Industries", "Technologies", "Systems", "Media", "Broadcasting", "Television",
                  "Radio", "Herald", "Tribune", "Gazette", "Telegraph", "Guardian", "Reuters"};
    return words.has(w);
}

// First names that are usually ordinary words.
bool weak_first_name(std::string_view w) {
    return in(w, {"Will", "May", "June", "April", "August", "Art", "Hope", "Faith", "Grace", "Joy",
                  "Major", "Chase", "Honor", "Sunny", "Summer", "Winter", "Autumn", "Spring", "Star",
                  "Justice", "Page", "Bill", "Rich", "Young", "King", "Early", "Many", "Ever",
                  "Long", "Worth", "Love", "Trinity", "Unity", "Liberty", "Royal", "Sterling"}) &&
           w != "Bill";
}

bool is_country(const Lexicon& lex, const std::string& key) {
    for (const auto& pc : lex.places(key))
        if (pc.place->kind == PlaceKind::Country) return true;
    return false;
}

// Bytes that fold() always turns into a word break (a subset of its separators).
bool breaks_words(unsigned char c) {
    switch (c) {
        case ' ': case '\t': case '\n': case '\r': case '.': case ',': case '\'': case '"':
        case '(': case ')': case ':': case ';': case '!': case '?':
            return true;
        default:
            return false;
    }
}

struct Ctx {
    std::string_view text;
    const std::vector<Token>& tokens;
    const Lexicon& lex;
    bool english;
    std::vector<int> owner;  // mention index per token, -1 when free
    std::vector<RuleMention> out;
    // Per token, computed once: the rules ask about each token many times.
    std::vector<char> cap_, namey_;
    std::vector<std::uint32_t> lines_before_, lines_through_;  // newlines before its start / end
    std::vector<char> word_break_after_;  // fold(text) breaks words between token i and i + 1
    std::vector<char> headline_;  // its line is in capitals or In Title Case
    struct SpanKey {
        std::string key;
        char known = 0;  // bit 1: key known, 2: extends known, 4: extends
    };
    mutable std::vector<std::vector<SpanKey>> keys_;  // keys_[i][j - i]: key(i, j), filled lazily

    Ctx(std::string_view t, const std::vector<Token>& toks, const Lexicon& l, bool en)
        : text(t), tokens(toks), lex(l), english(en) {
        const std::size_t n = tokens.size();
        owner.assign(n, -1);
        cap_.resize(n);
        namey_.resize(n);
        lines_before_.resize(n);
        lines_through_.resize(n);
        word_break_after_.resize(n);
        keys_.resize(n);
        std::uint32_t lines = 0;
        std::size_t at = 0;
        auto count_to = [&](std::size_t to) {
            to = std::min(to, text.size());
            for (; at < to; ++at) lines += text[at] == '\n' ? 1 : 0;
        };
        for (std::size_t i = 0; i < n; ++i) {
            cap_[i] = starts_upper(word(i));
            namey_[i] = cap_[i] || (!english && caseless(i));
            count_to(tokens[i].start);
            lines_before_[i] = lines;
            count_to(tokens[i].end);
            lines_through_[i] = lines;
        }
        // Lines in capitals ("BOXING - PRINCE NASEEM RETAINS TITLE") or In Title Case
        // capitalise every word: a title word there says little.
        headline_.resize(n);
        for (std::size_t i = 0; i < n;) {
            std::size_t j = i;
            int words = 0, caps = 0, upper = 0;
            for (; j < n && lines_before_[j] == lines_before_[i]; ++j) {
                auto w = word(j);
                if (w.size() < 4 || !std::isalpha(static_cast<unsigned char>(w[0]))) continue;
                ++words;
                caps += cap_[j] ? 1 : 0;
                upper += std::none_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) ? 1 : 0;
            }
            const bool headline = english && words >= 3 && (caps * 10 >= words * 7 || upper * 10 >= words * 7);
            for (std::size_t k = i; k < j; ++k) headline_[k] = headline;
            i = j;
        }
        for (std::size_t i = 0; i + 1 < n; ++i) {
            const Token& a = tokens[i];
            const Token& b = tokens[i + 1];
            bool brk = a.end > a.start && breaks_words(static_cast<unsigned char>(text[a.end - 1]));
            brk = brk || (b.end > b.start && breaks_words(static_cast<unsigned char>(text[b.start])));
            if (!brk && b.start > a.end) {
                brk = true;
                for (std::size_t k = a.end; k < b.start; ++k) brk = brk && breaks_words(static_cast<unsigned char>(text[k]));
            }
            word_break_after_[i] = brk;
        }
    }

    std::string_view word(std::size_t i) const {
        return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    }
    bool cap(std::size_t i) const { return cap_[i] != 0; }
    bool headline(std::size_t i) const { return headline_[i] != 0; }
    bool caseless(std::size_t i) const {
        // Scripts without case (CJK, Arabic, ...): every letter word may be a name.
        auto w = word(i);
        if (w.empty() || static_cast<unsigned char>(w[0]) < 0x80) return false;
        int32_t k = 0;
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), k, static_cast<int32_t>(w.size()), c);
        return c >= 0 && u_isalpha(c) && !u_isupper(c) && !u_islower(c) && !u_istitle(c);
    }
    bool namey(std::size_t i) const { return namey_[i] != 0; }
    bool free(std::size_t i, std::size_t j) const {
        for (std::size_t k = i; k <= j; ++k)
            if (owner[k] >= 0) return false;
        return true;
    }
    // Tokens [i, j] are one line of text (no newline between them).
    bool same_line(std::size_t i, std::size_t j) const { return lines_through_[j] == lines_before_[i]; }
    // fold() of tokens [i, j], computed once per span.
    const std::string& key(std::size_t i, std::size_t j) const {
        auto& keys = keys_[i];
        const std::size_t d = j - i;
        if (d >= keys.size()) {
            // Room for the longest span longest() looks at: no moves.
            if (keys.empty()) keys.reserve(std::max(d + 1, lex.max_words() * 2 + 1));
            keys.resize(d + 1);
        }
        if (!(keys[d].known & 1)) {
            keys[d].key = fold(text.substr(tokens[i].start, tokens[j].end - tokens[i].start));
            keys[d].known |= 1;
        }
        return keys[d].key;
    }
    void add(EntityType type, std::size_t i, std::size_t j, Rule rule) {
        const int id = static_cast<int>(out.size());
        out.push_back({{type, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)}, rule});
        for (std::size_t k = i; k <= j; ++k) owner[k] = id;
    }
    // Longest name [i, j] starting at i, capitalised at both ends, for which accept(key) holds.
    template <typename Accept>
    std::size_t longest(std::size_t i, Accept accept) const {
        std::size_t best = SIZE_MAX;
        const std::size_t limit = std::min(tokens.size(), i + lex.max_words() * 2 + 1);
        for (std::size_t j = i; j < limit; ++j) {
            if (owner[j] >= 0) break;
            auto w = word(j);
            if (j > i && !namey(j) && !connector(w) && w != "." && w != "'" && w != "’") break;
            if (j > i && !same_line(i, j)) break;
            if (!namey(j) && !(w.size() > 1 && w[0] == '\'')) {
                if (!may_extend(i, j)) break;
                continue;  // must end on a name word
            }
            if (accept(key(i, j))) best = j;
            if (!may_extend(i, j)) break;
        }
        return best;
    }
    // Whether a longer span than [i, j] may still be a known English name: its key
    // would be key(i, j), a space and more words. (Names in other languages are
    // not in the lexicon's prefix set: never stop early for them.)
    bool may_extend(std::size_t i, std::size_t j) const {
        if (!english || j + 1 >= tokens.size() || !word_break_after_[j]) return true;
        const std::string& k = key(i, j);
        char& known = keys_[i][j - i].known;  // the rules ask again for the same spans
        if (!(known & 2)) known |= static_cast<char>(2 | (k.empty() || lex.extends(k) ? 4 : 0));
        return (known & 4) != 0;
    }
    // End of a run of capitalised words starting at i (at most max words).
    std::size_t cap_run(std::size_t i, std::size_t max) const {
        std::size_t j = i;
        while (j + 1 < tokens.size() && j + 1 < i + max && owner[j + 1] < 0 && namey(j + 1) &&
               !function_word(word(j + 1)) && same_line(i, j + 1) && !tokens[j + 1].sentence_start)
            ++j;
        return j;
    }
    // A person's name from i: as cap_run, and when i is one word followed by name
    // particles, also the surname after them ("Ursula von der Leyen", "Bashar al-Assad").
    std::size_t person_run(std::size_t i, std::size_t max) const {
        const std::size_t j = cap_run(i, max);
        if (j != i) return j;
        std::size_t k = i + 1;
        while (k < tokens.size() && k < i + 4 && owner[k] < 0 && particle(word(k)) && same_line(i, k)) ++k;
        if (k < tokens.size() && owner[k] < 0 && same_line(i, k) && !tokens[k].sentence_start &&
            ((k > i + 1 && cap(k) && !function_word(word(k))) || prefixed_name(word(k))))
            return cap_run(k, 2);
        return j;
    }
    // As cap_run, also across "and", "of", "for", "&" when a capitalised word follows
    // ("Department for Education and Skills").
    std::size_t name_run(std::size_t i, std::size_t max) const {
        std::size_t j = cap_run(i, max);
        while (j + 2 < tokens.size() && j + 2 < i + max && owner[j + 1] < 0 && owner[j + 2] < 0 &&
               in(word(j + 1), {"and", "of", "for", "&"}) && cap(j + 2) && same_line(j, j + 2) &&
               !function_word(word(j + 2)))
            j = cap_run(j + 2, i + max - (j + 2));
        return j;
    }
    bool is_demonym(std::size_t i) const { return lex.demonym(fold(word(i))).has_value(); }
};

}  // namespace

bool is_org_head(std::string_view word) { return org_head(word); }

bool is_body_head(std::string_view word) {
    // Not "Centre", "Federation", "Union", "Bank": "National Tennis Centre",
    // "Russian Federation", "Soviet Union", "West Bank" are places.
    return in(word, {"Fund", "Committee", "Ministry", "Department", "Council", "Commission", "Institute",
                     "Association", "Agency", "Foundation", "Organization", "Organisation", "Party",
                     "Corporation", "Company", "Bureau", "Authority", "Institution", "Secretariat",
                     "Directorate", "University", "College"});
}

bool is_treaty_word(std::string_view word) {
    return in(word, {"Agreement", "Agreements", "Accord", "Accords", "Treaty", "Protocol", "Convention",
                     "Declaration", "Pact", "Charter"});
}

bool is_name_particle(std::string_view word) { return particle(word); }

bool is_function_word(std::string_view word) { return function_word(word); }

bool is_possessive(std::string_view token) { return token == "'s" || token == "\xE2\x80\x99s"; }

bool is_name_connector(std::string_view word) { return connector(word) || particle(word) || prefixed_name(word); }

const RulesTagger& rules_tagger() {
    static const RulesTagger tagger;
    return tagger;
}

std::vector<Mention> RulesTagger::tag(std::string_view text, const std::vector<Token>& tokens,
                                      std::string_view language) const {
    std::vector<Mention> out;
    for (const auto& r : tag_rules(text, tokens, language)) out.push_back(r.mention);
    return out;
}

std::vector<RuleMention> RulesTagger::tag_rules(std::string_view text, const std::vector<Token>& tokens,
                                                std::string_view language) const {
    const Lexicon& lex = Lexicon::get();
    // "Frank-Walter", "Jean-Pierre": every part a first name.
    auto first_name = [&lex](std::string_view w) {
        if (lex.is_first_name(w)) return true;
        const std::size_t h = w.find('-');
        return h != std::string_view::npos && h > 0 && lex.is_first_name(w.substr(0, h)) &&
               lex.is_first_name(w.substr(h + 1));
    };
    Ctx c(text, tokens, lex, language.empty() || language.substr(0, 2) == "en");
    const std::size_t n = tokens.size();

    // 1. Organisations from the curated table ("State Department", "U.N.").
    for (std::size_t i = 0; i < n; ++i) {
        if (c.owner[i] >= 0 || !c.namey(i)) continue;
        std::size_t j = c.longest(i, [&](const std::string& k) { return lex.organization(k) != nullptr; });
        if (j != SIZE_MAX) c.add(EntityType::Organization, i, j, Rule::CuratedOrg);
    }

    // 2. People after titles ("Secretary of State Marco Rubio", "Rep. Don Bacon").
    for (std::size_t i = 0; i < n; ++i) {
        if (c.owner[i] >= 0 || !c.cap(i) || c.headline(i)) continue;
        std::size_t t = c.longest(i, [&](const std::string& k) { return lex.is_title(k); });
        if (t == SIZE_MAX) continue;
        std::size_t p = t + 1;
        // "President von der Leyen": the surname with its particles.
        std::size_t q = p;
        while (q < n && q < p + 3 && c.owner[q] < 0 && particle(c.word(q))) ++q;
        if (q > p && q < n && c.owner[q] < 0 && c.cap(q) && !function_word(c.word(q)) && c.same_line(t, q)) {
            const std::size_t e = c.cap_run(q, 2);
            c.add(EntityType::Person, p, e, Rule::Title);
            i = e;
            continue;
        }
        if (p >= n || c.owner[p] >= 0 || !(c.cap(p) || prefixed_name(c.word(p))) || function_word(c.word(p)) ||
            c.is_demonym(p) || !c.same_line(t, p))
            continue;
        std::size_t e = c.person_run(p, 4);
        // "President Trump" yes; "General Motors", "Prince Edward Island" no.
        if (org_head(c.word(e)) && e == p) continue;
        if (e == p) {
            bool country = false;
            for (const auto& pc : lex.places(c.key(p, e)))
                country = country || pc.place->kind == PlaceKind::Country || pc.place->kind == PlaceKind::Region;
            if (country) continue;
        }
        c.add(EntityType::Person, p, e, Rule::Title);
        i = e;
    }

    // 3. People from first names ("Donald Trump", "Diana Nerozzi").
    for (std::size_t i0 = 0; i0 + 1 < n; ++i0) {
        if (c.owner[i0] >= 0 || !c.cap(i0)) continue;
        auto w = c.word(i0);
        if (!first_name(w) || weak_first_name(w) || function_word(w)) continue;
        // "Frank-Walter", split by the word breaker into "Frank" "-" "Walter": the
        // name runs on from the second first name.
        std::size_t i = i0;
        if (i0 + 3 < n && c.word(i0 + 1) == "-" && tokens[i0].end == tokens[i0 + 1].start &&
            tokens[i0 + 1].end == tokens[i0 + 2].start && c.owner[i0 + 1] < 0 && c.owner[i0 + 2] < 0 &&
            c.cap(i0 + 2) && lex.is_first_name(c.word(i0 + 2)))
            i = i0 + 2;
        std::size_t e = c.person_run(i, 4);
        if (e == i || (!c.cap(i + 1) && !particle(c.word(i + 1)) && !prefixed_name(c.word(i + 1)))) continue;
        if (c.cap(i + 1) && (c.owner[i + 1] >= 0 || function_word(c.word(i + 1)) || c.is_demonym(i + 1) ||
                             lex.is_title(fold(c.word(i + 1))) || !c.same_line(i, i + 1) ||
                             tokens[i + 1].sentence_start))
            continue;
        if (org_head(c.word(e))) continue;
        // "the Sun Willis" (a title, then a name) does not start a person.
        if (i0 > 0 && (c.word(i0 - 1) == "the" || c.word(i0 - 1) == "The")) continue;
        // A country followed by a place ("Georgia Tbilisi") is not a person.
        if (is_country(lex, fold(w)) && !lex.places(fold(c.word(i + 1))).empty()) continue;
        c.add(EntityType::Person, i0, e, Rule::FirstName);
        i0 = e;
    }

    // "the Biden administration", "the Johnson government": a leader's surname.
    for (std::size_t i = 0; c.english && i + 1 < n; ++i) {
        if (c.owner[i] >= 0 || !c.cap(i) || function_word(c.word(i)) || tokens[i].sentence_start) continue;
        auto next = c.word(i + 1);
        if (next != "administration" && next != "government") continue;
        const std::string k = fold(c.word(i));
        if (c.is_demonym(i) || !lex.places(k).empty() || lex.organization(k) || lex.is_title(k)) continue;
        // A country's adjective the demonym table lacks: "the Rwandan government" (Rwanda),
        // "the Philippine government" (Philippines).
        bool adjective = is_country(lex, k + "s");
        for (std::string_view suffix : {"n", "an", "ian", "ese", "i", "ish"})
            if (!adjective && k.size() > suffix.size() + 2 && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0) {
                const std::string stem = k.substr(0, k.size() - suffix.size());
                adjective = is_country(lex, stem) || is_country(lex, stem + "a");
            }
        if (adjective) continue;
        if (i > 0 && c.cap(i - 1) && c.owner[i - 1] < 0 && c.same_line(i - 1, i)) continue;  // "Trump White House"
        c.add(EntityType::Person, i, i, Rule::Leader);
    }

    // 4. Words of people already found: "Rubio" after "Marco Rubio", "Trump administration".
    std::unordered_set<std::string_view> person_words;  // views into the text
    for (const auto& rm : c.out)
        if (const Mention& m = rm.mention; m.type == EntityType::Person)
            for (std::size_t k = m.first; k <= m.last; ++k)
                if (c.cap(k) && c.word(k).size() > 1) person_words.insert(c.word(k));
    if (!person_words.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (c.owner[i] >= 0 || !c.cap(i) || function_word(c.word(i))) continue;
            if (!person_words.count(c.word(i))) continue;
            std::size_t e = i;
            while (e + 1 < n && c.owner[e + 1] < 0 && c.same_line(i, e + 1) && person_words.count(c.word(e + 1)))
                ++e;
            c.add(EntityType::Person, i, e, Rule::PersonWord);
            i = e;
        }
    }

    // 5. Organisations from head words ("Ministry of Defence", "Bank of England": before places).
    // The head words are English; in other languages capitalised nouns would pass for names.
    for (std::size_t i = 0; c.english && i < n; ++i) {
        if (c.owner[i] >= 0 || !c.cap(i) || function_word(c.word(i))) continue;
        std::size_t j = i;
        std::size_t last_head = SIZE_MAX;
        while (j < n && c.owner[j] < 0 && j < i + 8 && c.same_line(i, j)) {
            auto w = c.word(j);
            if (c.cap(j)) {
                if (org_head(w)) last_head = j;
            } else if (!(j > i && (connector(w) || is_possessive(w))) ||
                       (w == "and" && j + 1 < n && (c.word(j + 1) == "the" || c.word(j + 1) == "The"))) {
                break;  // "... and the Department for Trade": a second name
            }
            ++j;
        }
        if (last_head != SIZE_MAX && (last_head > i || org_head(c.word(i)))) {
            // "University of Oxford", "International Association of Athletics Federations":
            // a head word may take a following "of X".
            std::size_t e = last_head;
            if (e + 2 < n && (c.word(e + 1) == "of" || c.word(e + 1) == "for") && c.cap(e + 2) &&
                c.owner[e + 2] < 0 && c.same_line(e, e + 2))
                e = c.name_run(e + 2, 6);
            else if (last_head == i)
                continue;
            if (!c.free(i, e)) continue;
            // "Results of Major League Baseball games": a sentence's first word that is
            // no head word, before "of" or "for", is no part of the name after it.
            std::size_t b = i;
            if (tokens[i].sentence_start && !org_head(c.word(i)) && i + 1 < e &&
                (c.word(i + 1) == "of" || c.word(i + 1) == "for")) {
                b = i + 2;
                while (b < last_head && !c.cap(b)) ++b;
                if (b > last_head || (b == last_head && !org_head(c.word(b)))) continue;
            }
            c.add(EntityType::Organization, b, e, Rule::OrgHead);
            i = e;
        }
    }

    // 6. Places from the gazetteer.
    for (std::size_t i = 0; i < n; ++i) {
        if (c.owner[i] >= 0 || !c.namey(i) || function_word(c.word(i))) continue;
        // The last word of a longer name ("Conference Centre", "Lord Washington", "Schloss
        // Bellevue")? In other languages only after a word that does not start a sentence.
        if (i > 0 && (c.english || !tokens[i - 1].sentence_start) && c.owner[i - 1] < 0 && c.cap(i - 1) &&
            !tokens[i].sentence_start && c.same_line(i - 1, i) && !function_word(c.word(i - 1)) &&
            !c.is_demonym(i - 1) && !lex.is_title(fold(c.word(i - 1))))
            continue;
        std::vector<PlaceCandidate> cands;
        std::size_t j = c.longest(i, [&](const std::string& k) {
            auto v = lex.places(k, !c.english);
            if (v.empty()) return false;
            cands = std::move(v);
            return true;
        });
        if (j == SIZE_MAX || (j == i && c.is_demonym(i))) continue;
        if (j == i) {
            // A single word: small towns named like common words ("Mobile", "Reading") need support.
            bool strong = false;
            for (const auto& pc : cands) {
                const auto* p = pc.place;
                if (pc.curated) {
                    strong = true;
                } else if ((p->common_word || lex.is_first_name(c.word(i))) && p->population < 1000000 &&
                           p->kind != PlaceKind::Country) {
                    if ((p->population >= 100000 || p->kind == PlaceKind::Subdivision) && !tokens[i].sentence_start)
                        strong = true;
                } else if (p->kind != PlaceKind::City || pc.curated || p->population >= 100000 ||
                           // German capitalises nouns: "Ende" is no town there (Ende, Indonesia).
                           (c.english && p->population >= 15000 && !tokens[i].sentence_start)) {
                    strong = true;
                }
            }
            if (!strong) continue;
            if (c.english && c.word(i).size() == 1) continue;
        }
        // Part of a longer capitalised name ("Geneva Conventions", "Paris Hilton")?
        if (j + 1 < n && c.owner[j + 1] < 0 && c.cap(j + 1) && c.same_line(j, j + 1) &&
            !tokens[j + 1].sentence_start && !function_word(c.word(j + 1)) &&
            !lex.is_title(fold(c.word(j + 1))) && !is_country(lex, fold(c.word(j + 1))))
            continue;
        c.add(EntityType::Place, i, j, Rule::Gazetteer);
        i = j;
    }

    std::sort(c.out.begin(), c.out.end(),
              [](const RuleMention& a, const RuleMention& b) { return a.mention.first < b.mention.first; });
    return c.out;
}

}  // namespace annals::detail
