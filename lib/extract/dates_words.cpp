// The words of the temporal tagger: cutting the text into light tokens with
// sentence numbers, the lexicon of date words, and the readings of the words
// around a candidate that the grammar (dates.cpp) asks for: the tense of the
// clause, whether a number is a year or a day, whether "May" is a month, a
// deadline ("until Tuesday"), a programme title. Kept apart from the grammar
// because these answer questions about the text, not about the calendar.
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "extract/dates_tagger.hpp"
#include "util/ascii.hpp"

namespace annals::detail::dates {

namespace {

// Words before a full stop that do not end a sentence.
bool abbreviation(std::string_view w) {
    static constexpr std::array<std::string_view, 34> k{
        "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "inc", "corp", "co", "jr", "sr", "no", "vs", "ft"};
    if (w.size() == 1) return true;
    for (auto a : k)
        if (a == w) return true;
    return false;
}

}  // namespace

const std::unordered_map<std::string_view, Lex>& lexicon() {
    static const std::unordered_map<std::string_view, Lex> m = [] {
        std::unordered_map<std::string_view, Lex> t;
        const std::array<std::string_view, 12> months{"january", "february", "march",     "april",
                                                      "may",     "june",     "july",      "august",
                                                      "september", "october", "november", "december"};
        for (int i = 0; i < 12; ++i) t[months[static_cast<std::size_t>(i)]] = {Lx::Month, i + 1};
        const std::array<std::string_view, 12> abbr{"jan", "feb", "mar", "apr", "may", "jun",
                                                    "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < 12; ++i)
            if (i != 4) t[abbr[static_cast<std::size_t>(i)]] = {Lx::Month, i + 1, true};  // plural = abbreviated
        t["sept"] = {Lx::Month, 9, true};
        const std::array<std::string_view, 7> days{"monday", "tuesday", "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
        for (int i = 0; i < 7; ++i) t[days[static_cast<std::size_t>(i)]] = {Lx::Weekday, i};
        t["day"] = {Lx::Unit, kDay};
        t["days"] = {Lx::Unit, kDay, true};
        t["week"] = {Lx::Unit, kWeek};
        t["weeks"] = {Lx::Unit, kWeek, true};
        t["weekend"] = {Lx::Unit, kWeekend};
        t["weekends"] = {Lx::Unit, kWeekend, true};
        t["month"] = {Lx::Unit, kMonth};
        t["months"] = {Lx::Unit, kMonth, true};
        t["quarter"] = {Lx::Unit, kQuarter};
        t["quarters"] = {Lx::Unit, kQuarter, true};
        t["half"] = {Lx::Unit, kHalf};
        t["year"] = {Lx::Unit, kYear};
        t["years"] = {Lx::Unit, kYear, true};
        t["decade"] = {Lx::Unit, kDecade};
        t["decades"] = {Lx::Unit, kDecade, true};
        t["century"] = {Lx::Unit, kCentury};
        t["centuries"] = {Lx::Unit, kCentury, true};
        const std::array<std::string_view, 20> nums{
            "zero", "one",    "two",    "three",    "four",     "five",    "six",
            "seven", "eight", "nine",   "ten",      "eleven",   "twelve",  "thirteen",
            "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
        for (int i = 1; i < 20; ++i) t[nums[static_cast<std::size_t>(i)]] = {Lx::NumWord, i};
        t["twenty"] = {Lx::NumWord, 20};
        t["thirty"] = {Lx::NumWord, 30};
        t["forty"] = {Lx::NumWord, 40};
        t["fifty"] = {Lx::NumWord, 50};
        t["sixty"] = {Lx::NumWord, 60};
        t["seventy"] = {Lx::NumWord, 70};
        t["eighty"] = {Lx::NumWord, 80};
        t["ninety"] = {Lx::NumWord, 90};
        t["a"] = {Lx::NumWord, 1};
        t["an"] = {Lx::NumWord, 1};
        t["first"] = {Lx::Ordinal, 1};
        t["second"] = {Lx::Ordinal, 2};
        t["third"] = {Lx::Ordinal, 3};
        t["fourth"] = {Lx::Ordinal, 4};
        t["yesterday"] = {Lx::RelDay, -1};
        t["today"] = {Lx::RelDay, 0};
        t["tomorrow"] = {Lx::RelDay, 1};
        t["tonight"] = {Lx::RelDay, 0};
        t["spring"] = {Lx::Season, 0};
        t["summer"] = {Lx::Season, 1};
        t["fall"] = {Lx::Season, 2};
        t["autumn"] = {Lx::Season, 2};
        t["winter"] = {Lx::Season, 3};
        t["morning"] = {Lx::TimeOfDay, 0};
        t["afternoon"] = {Lx::TimeOfDay, 1};
        t["evening"] = {Lx::TimeOfDay, 2};
        t["night"] = {Lx::TimeOfDay, 3};
        for (std::string_view w :
             {"the", "early", "late", "mid", "middle", "end", "beginning", "start", "earlier", "later",
              "last", "next", "this", "past", "coming", "previous", "following", "current", "upcoming",
              "now", "currently", "nowadays", "recently", "recent", "previously", "formerly", "soon",
              "future", "fiscal", "christmas", "thanksgiving", "halloween", "new", "several", "few",
              "q", "fy", "that", "these", "lately", "year-end", "once", "eve", "independence",
              "valentine", "nineteen", "within", "mid-", "election", "easter", "many", "some",
              "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties",
              "nearly", "almost", "about", "roughly", "approximately"})
            if (!t.count(w)) t[w] = {Lx::Trigger, 0};
        return t;
    }();
    return m;
}

void Tagger::tokenize() {
    lower_.resize(text_.size());
    for (std::size_t i = 0; i < text_.size(); ++i) lower_[i] = ascii_lower(text_[i]);
    toks_.reserve(text_.size() / 5 + 4);
    std::uint32_t sent = 0;
    const std::size_t size = text_.size();
    std::size_t i = 0;
    bool pending_break = false;
    while (i < size) {
        const auto c = static_cast<unsigned char>(text_[i]);
        if (c == '\n' && i + 1 < size && (text_[i + 1] == '\n' || text_[i + 1] == '\r')) pending_break = true;
        if (is_ascii_alpha(static_cast<char>(c)) || is_ascii_digit(static_cast<char>(c))) {
            std::size_t j = i;
            bool letters = false, digits = false;
            while (j < size) {
                const auto d = static_cast<unsigned char>(text_[j]);
                if (is_ascii_alpha(static_cast<char>(d))) letters = true;
                else if (is_ascii_digit(static_cast<char>(d))) digits = true;
                else break;
                ++j;
            }
            Tok t;
            t.s = static_cast<std::uint32_t>(i);
            t.e = static_cast<std::uint32_t>(j);
            t.kind = !digits ? Kind::Word : (!letters ? Kind::Num : Kind::Alnum);
            t.upper = c >= 'A' && c <= 'Z';
            // A new sentence after . ! ? when this word is capitalised and the
            // word before the stop is no abbreviation.
            if (!toks_.empty()) {
                const Tok& p = toks_.back();
                const char pc = text_[p.s];
                if (pending_break) {
                    ++sent;
                } else if (p.kind == Kind::Punct && (pc == '!' || pc == '?' ||
                                                     (pc == '.' && p.s > 0 && toks_.size() >= 2 &&
                                                      !abbreviation(w(n() - 2))))) {
                    if (t.upper || p.e < t.s) ++sent;
                } else if (p.kind == Kind::Punct && (pc == '"' || pc == '\'') && toks_.size() >= 2) {
                    const Tok& q = toks_[toks_.size() - 2];
                    const char qc = text_[q.s];
                    if (q.kind == Kind::Punct && (qc == '.' || qc == '!' || qc == '?') && t.upper) ++sent;
                }
            }
            pending_break = false;
            t.sent = sent;
            toks_.push_back(t);
            i = j;
            continue;
        }
        if (c < 0x80) {
            if (c > ' ') {
                Tok t;
                t.s = static_cast<std::uint32_t>(i);
                t.e = static_cast<std::uint32_t>(i + 1);
                t.kind = Kind::Punct;
                t.sent = sent;
                toks_.push_back(t);
            }
            ++i;
            continue;
        }
        // Non-ASCII: a curly apostrophe acts like "'"; anything else separates.
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + len > size) len = size - i;
        if (len == 3 && static_cast<unsigned char>(text_[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(text_[i + 2]) == 0x99 || static_cast<unsigned char>(text_[i + 2]) == 0x98)) {
            Tok t;
            t.s = static_cast<std::uint32_t>(i);
            t.e = static_cast<std::uint32_t>(i + 3);
            t.kind = Kind::Punct;
            t.sent = sent;
            toks_.push_back(t);
            lower_[i] = '\'';  // so punct(i, '\'') sees it
        }
        i += len;
    }
}

// Past (-1), future (+1) or unknown (0): the nearest tense marker in the sentence.
int Tagger::tense(int first, int last) const {
    static const std::unordered_map<std::string_view, int> markers = [] {
        std::unordered_map<std::string_view, int> m;
        for (std::string_view f : {"will", "ll", "shall", "would", "going", "plans", "plan", "planning", "due", "wo", "intends",
                                   "next", "upcoming"})
            m[f] = 1;
        for (std::string_view p :
             {"was", "were", "had", "did", "said", "told", "met", "went", "came", "took", "gave", "made",
              "saw", "held", "left", "became", "began", "brought", "bought", "thought", "found", "got",
              "kept", "led", "lost", "paid", "ran", "sent", "sold", "spoke", "stood", "won", "wrote",
              "fell", "rose", "struck", "ago", "last", "earlier", "knew", "grew", "drew", "flew", "fought",
              "heard", "felt", "meant", "built", "hit", "cut", "shot", "quit", "spent", "taught", "caught",
              "wore", "threw", "broke", "chose", "froze", "stole", "woke", "forgot", "sought", "ate",
              "yesterday", "been"})
            m[p] = -1;
        for (std::string_view x : {"need", "speed", "red", "bed", "feed", "seed", "united", "limited",
                                   "proceed", "exceed", "succeed", "hundred", "bred", "shed", "weed",
                                   "indeed", "breed", "greed", "naked", "wicked", "sacred", "kindred",
                                   "interested", "based", "related", "concerned", "supposed", "used",
                                   "expected", "scheduled", "planned"})
            if (!m.count(x)) m[x] = 0;
        return m;
    }();
    auto marker = [&](int i) -> int {
        if (toks_[i].kind != Kind::Word) return 0;
        const std::string_view s = w(i);
        // "is scheduled/planned/expected" looks ahead; "was planned", "the planned visit"
        // say nothing, and "set to resume" is a plan.
        if (s == "scheduled" || s == "planned" || s == "expected") {
            const std::string_view p = w(i - 1);
            return (p == "is" || p == "are" || p == "be" || p == "s" || p == "being") ? 1 : 0;
        }
        if (s == "set" && is(i + 1, "to")) return 1;
        // "vacation plans", "the plan" are nouns: only "plans to" looks ahead.
        if ((s == "plans" || s == "plan") && !is(i + 1, "to")) return 0;
        // "going through", "due to the strike" (a cause) say nothing of the time.
        if (s == "going" && !is(i + 1, "to")) return 0;
        if (s == "due" && is(i + 1, "to") &&
            (is(i + 2, "the") || is(i + 2, "a") || is(i + 2, "an") || is(i + 2, "its") || is(i + 2, "their") ||
             is(i + 2, "his") || is(i + 2, "her") || is(i + 2, "lower") || is(i + 2, "higher")))
            return 0;
        // "were planning to", "was expected to": a plan reported in the past looks ahead.
        if ((s == "was" || s == "were") && (is(i + 1, "planning") || is(i + 1, "preparing") ||
                                            ((is(i + 1, "expected") || is(i + 1, "scheduled") || is(i + 1, "due") ||
                                              is(i + 1, "set") || is(i + 1, "poised")) &&
                                             is(i + 2, "to"))))
            return 1;
        // "next to the embassy" is a place, not a plan.
        if (s == "next" && is(i + 1, "to")) return 0;
        auto it = markers.find(s);
        if (it != markers.end()) {
            // An irregular participle after "be" ("would be paid") takes the auxiliary's tense.
            const std::string_view p = w(i - 1);
            if (it->second < 0 && (p == "be" || p == "being" || p == "to") && s != "been") return 0;
            return it->second;
        }
        if (s.size() > 4 && s.substr(s.size() - 2) == "ed" && !toks_[i].upper) {
            // A participle after "be"/"is"/"to be" takes its tense from the auxiliary.
            const std::string_view p = w(i - 1);
            if (p == "be" || p == "is" || p == "are" || p == "being" || p == "to") return 0;
            // After an article or a possessive it is an adjective ("a still unspecified date",
            // "the revised plan"), and "undisclosed", "unnamed" are adjectives, not verbs.
            if (p == "a" || p == "an" || p == "the" || p == "its" || p == "their" || p == "his" || p == "her" ||
                p == "still" || (s.size() > 6 && s.substr(0, 2) == "un"))
                return 0;
            return -1;
        }
        return 0;
    };
    // The governing verb usually comes first ("said he will leave Friday"), so the
    // clause to the left is searched before the words that follow.
    for (int l = first - 1; l >= 0 && l >= first - kTenseWindow && toks_[l].sent == toks_[first].sent; --l) {
        if (punct(l, ';')) break;
        if (int m = marker(l)) return m;
    }
    for (int r = last + 1; r < n() && r <= last + kTenseWindow && toks_[r].sent == toks_[last].sent; ++r) {
        if (punct(r, ';')) break;
        if (int m = marker(r)) return m;
    }
    return 0;
}

int Tagger::year_at(int i) const {
    if (!num(i) || ndigits(i) != 4) return -1;
    const int v = numval(i);
    return v >= 1000 && v <= 2100 ? v : -1;
}

// Years spelt out, as transcripts write them: "nineteen ninety-six", "nineteen eighty".
int Tagger::word_year(int i, int& end) const {
    if (!is(i, "nineteen") || lex(i + 1).cls != Lx::NumWord || lex(i + 1).v < 20) return -1;
    int v = lex(i + 1).v;
    end = i + 1;
    if (punct(end + 1, '-') && lex(end + 2).cls == Lx::NumWord && lex(end + 2).v < 10 && !is(end + 2, "a") &&
        !is(end + 2, "an"))
        v += lex(end + 2).v, end += 2;
    return 1900 + v;
}

int Tagger::day_at(int i) const {
    if (i < 0 || i >= n()) return -1;
    if (toks_[i].kind == Kind::Num && ndigits(i) <= 2) {
        const int v = numval(i);
        // "27:00" is a time, "27.5" a decimal.
        if ((punct(i + 1, ':') || punct(i + 1, '.')) && num(i + 2) && adjacent(i, i + 1)) return -1;
        return v >= 1 && v <= 31 ? v : -1;
    }
    if (toks_[i].kind == Kind::Alnum) {
        const std::string_view s = w(i);
        std::size_t k = 0;
        int v = 0;
        while (k < s.size() && k < 2 && is_ascii_digit(s[k])) v = v * 10 + (s[k++] - '0');
        const std::string_view suf = s.substr(k);
        if (k > 0 && (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && v >= 1 && v <= 31) return v;
    }
    return -1;
}

// "May" and "March" are also words: take them as months only in a date-like context.
bool Tagger::month_ok(int j) const {
    const Lex l = lex(j);
    if (l.cls != Lx::Month) return false;
    if (!upper(j)) return false;
    const std::string_view s = w(j);
    if (l.plural) {  // abbreviation: "Nov." or "Nov 27"
        if (s == "mar" || s == "jan" || s == "jun" || s == "jul" || s == "dec" || s == "sep") {
            if (!(punct(j + 1, '.') && adjacent(j, j + 1)) && day_at(j + 1) < 0) return false;
        }
        return (punct(j + 1, '.') && adjacent(j, j + 1)) || day_at(j + 1) > 0 || year_at(j + 1) > 0;
    }
    if (s == "may" || s == "march") {
        if (day_at(j + 1) > 0 || year_at(j + 1) > 0) return true;
        if (punct(j + 1, ',') && year_at(j + 2) > 0) return true;
        if (is(j + 1, "of") && year_at(j + 2) > 0) return true;
        const std::string_view p = w(j - 1);
        static constexpr std::array<std::string_view, 18> ctx{
            "in", "since", "until", "till", "by", "early", "late", "mid", "last", "next", "this",
            "of", "during", "through", "before", "after", "from", "between"};
        for (auto c : ctx)
            if (p == c) return !(s == "may" && p == "this");
        if (punct(j - 1, '-') && is(j - 2, "mid")) return true;
        return false;
    }
    return true;
}

// "until Tuesday", "until 9 a.m. Tuesday", "as soon as Tuesday": a deadline or a
// plan ahead of the report, whatever the tense of the verb ("postponed until Tuesday").
bool Tagger::deadline(int j) const {
    for (int l = j - 1; l >= 0 && l >= j - 8; --l) {
        if (is(l, "until") || is(l, "till") || (is(l, "as") && is(l + 1, "soon") && is(l + 2, "as"))) return true;
        if (toks_[l].kind == Kind::Word && !is(l, "a") && !is(l, "m") && !is(l, "p") && !is(l, "on") &&
            !is(l, "noon") && !is(l, "midnight") && !is(l, "est") && !is(l, "edt") && !is(l, "gmt") &&
            !is(l, "as") && !is(l, "soon"))
            return false;
    }
    return false;
}

// Is the bare number at i a year by its context?
bool Tagger::year_context(int i) const {
    const int y = year_at(i);
    if (y < 1600) return false;
    // Part of a bigger number or a measure: "$1998", "1998.5", "2,000", "1998%".
    if (punct(i - 1, '$') || punct(i - 1, '#') || punct(i + 1, '%')) return false;
    if ((punct(i + 1, '.') || punct(i + 1, ',') || punct(i + 1, ':')) && num(i + 2) && adjacent(i, i + 1) &&
        adjacent(i + 1, i + 2))
        return false;
    if ((punct(i - 1, '.') || punct(i - 1, ',')) && num(i - 2) && adjacent(i - 1, i)) return false;
    static const std::unordered_map<std::string_view, int> before = [] {
        std::unordered_map<std::string_view, int> m;
        for (std::string_view s : {"in", "since", "by", "of", "until", "till", "from", "during", "before", "after",
                                   "through", "between", "to", "around", "circa", "early", "late", "mid",
                                   "year", "fiscal", "the", "and", "or", "spring", "summer", "autumn", "winter",
                                   "fall", "end", "for", "s", "until", "throughout", "as", "than", "on", "that",
                                   "calendar", "its", "his", "her", "their", "this", "a", "election", "season",
                                   "about", "within", "beyond", "at", "into", "toward", "towards", "due",
                                   "maturing", "expiring"})
            m[s] = 1;
        for (std::string_view s : {"number", "no", "flight", "route", "room", "model", "over", "nearly", "some",
                                   "almost", "approximately", "roughly", "only", "just", "total", "all",
                                   "top", "dow", "index", "page", "pages", "chapter", "section", "article",
                                   "rule", "resolution", "bill", "highway", "interstate", "boeing", "airbus"})
            m[s] = -1;
        return m;
    }();
    static const std::unordered_map<std::string_view, int> after = [] {
        std::unordered_map<std::string_view, int> m;
        for (std::string_view s :
             {"people", "troops", "soldiers", "workers", "jobs", "employees", "members", "points", "point",
              "percent", "shares", "tons", "tonnes", "barrels", "votes", "miles", "km", "kilometers",
              "kilometres", "meters", "metres", "feet", "yards", "dollars", "euros", "yen", "pounds", "units",
              "cars", "vehicles", "homes", "houses", "acres", "hectares", "students", "children", "deaths",
              "cases", "patients", "copies", "words", "hours", "minutes", "seconds", "calories", "residents",
              "refugees", "civilians", "police", "officers", "delegates", "signatures", "men", "women",
              "rooms", "beds", "square", "cubic", "gallons", "liters", "litres", "ounces", "pounds", "kg",
              "mw", "gmt", "gm", "hrs", "million", "billion", "trillion", "thousand", "hundred", "am", "pm",
              "local", "edt", "est", "utc", "to", "and"})
            m[s] = 1;
        return m;
    }();
    if (auto it = before.find(w(i - 1)); it != before.end() && toks_[i - 1].kind == Kind::Word) {
        if (it->second < 0) return false;
        // "to 2000 people": a measure still wins after a weak preposition.
        if (auto a = after.find(w(i + 1)); a != after.end() && w(i + 1) != "to" && w(i + 1) != "and")
            return false;
        return true;
    }
    if (y < 1900) return false;
    if (toks_[std::max(i - 1, 0)].kind == Kind::Num && i > 0) return false;
    if (auto a = after.find(w(i + 1)); a != after.end()) {
        if (w(i + 1) != "to" && w(i + 1) != "and") return false;
        return year_at(i + 2) > 0;  // "1998 to 2000"
    }
    if (num(i + 1) || num(i - 1)) return false;
    return true;
}

bool Tagger::generic_day(int j) const {
    static const std::unordered_map<std::string_view, int> generic = [] {
        std::unordered_map<std::string_view, int> m;
        for (std::string_view x : {"world", "youth", "society", "generation", "children", "kids", "young", "youngsters",
                                   "teenagers", "students", "standards", "technology", "computers", "personal",
                                   "culture", "families", "parents", "women", "men", "consumers", "workers",
                                   "economy", "global", "modern", "people", "fast", "changing"})
            m[x] = 1;
        return m;
    }();
    if (is(j - 1, "of") && is(j - 2, "people")) return true;
    // The possessive, with a straight or a curly apostrophe.
    for (int k = j + 1; k <= j + 3 && k < n(); ++k) {
        if (!is(k, "s")) continue;
        const std::string_view gap = text_.substr(toks_[j].e, toks_[k].s - toks_[j].e);
        return (gap == "'" || gap == "\xE2\x80\x99") && generic.count(w(k + 1)) > 0;
    }
    return false;
}

// "This Week" in quotes is a programme ("ABC's \"This Week\""), not a week.
bool Tagger::title(int first, int last) const {
    if (last == first || first == 0) return false;
    const char q = text_[toks_[first - 1].s];
    if (toks_[first - 1].kind != Kind::Punct || (q != '"' && q != '`')) return false;
    for (int k = first; k <= last; ++k)
        if (toks_[k].kind == Kind::Word && !toks_[k].upper) return false;
    return true;
}

}  // namespace annals::detail::dates
