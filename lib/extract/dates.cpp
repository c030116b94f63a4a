// A hand-written temporal tagger for English news text.
//
// The text is cut into light tokens (letter runs, digit runs, single
// punctuation marks; no allocation per token), then at each token a small set
// of grammars is tried ("[the] [early|late|mid] <core>", where the core is a
// calendar date, a month, a weekday, a quarter, a relative unit phrase...). The
// leftmost-longest match wins, so mentions never overlap.
//
// Values are TimeML TIMEX3. Relative expressions are resolved against the
// reference date with the tense of the clause: the nearest tense marker around
// the expression (will/would/'ll/shall... for future; was/were/had/said and
// -ed verbs for past) decides between the previous and the next Tuesday.
//
// Numeric dates "11/27/2025" are read month first (US news usage) unless the
// first number cannot be a month (> 12), as in "27/11/2025". Spans follow
// TimeBank: determiners and modifiers belong to the mention ("the third
// quarter", "early next year", "last week"), prepositions do not.
#include "extract/dates.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>

namespace annals::detail {

namespace {

// ---------------------------------------------------------------- tokens

enum class Kind : std::uint8_t { Word, Num, Alnum, Punct };

struct Tok {
    std::uint32_t s = 0, e = 0;
    Kind kind = Kind::Punct;
    bool upper = false;       // first letter upper case
    std::uint32_t sent = 0;   // sentence number
};

bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : static_cast<char>(c); }

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

// ---------------------------------------------------------------- lexicon

enum class Lx : std::uint8_t {
    None, Month, Weekday, Unit, NumWord, Ordinal, RelDay, Season, TimeOfDay, Trigger
};
struct Lex {
    Lx cls = Lx::None;
    int v = 0;
    bool plural = false;
};

// Units, in the order of their granularity.
enum Unit { kDay = 1, kWeek, kWeekend, kMonth, kQuarter, kHalf, kYear, kDecade, kCentury };

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

// ---------------------------------------------------------------- calendar helpers

std::string fmt(const char* f, int a, int b = 0, int c = 0) {
    char buf[40];
    std::snprintf(buf, sizeof buf, f, a, b, c);
    return buf;
}
std::string ymd(const CivilDate& d) { return fmt("%04d-%02d-%02d", d.year, d.month, d.day); }
std::string ym(int y, int m) { return fmt("%04d-%02d", y, m); }
std::string yr(int y) { return fmt("%04d", y); }
std::string yq(int y, int q) { return fmt("%04d-Q%d", y, q); }

CivilDate add_days(const CivilDate& d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

// ISO 8601 week of a date: the year is that of the week's Thursday.
std::string iso_week(const CivilDate& d) {
    const std::int64_t n = days_from_civil(d);
    const CivilDate thu = civil_from_days(n - weekday(d) + 3);
    const std::int64_t jan1 = days_from_civil({thu.year, 1, 1});
    const int w = static_cast<int>((days_from_civil(thu) - jan1) / 7) + 1;
    return fmt("%04d-W%02d", thu.year, w);
}

void shift_month(int& y, int& m, int by) {
    int idx = y * 12 + (m - 1) + by;
    y = idx / 12;
    m = idx % 12 + 1;
}

void shift_quarter(int& y, int& q, int by) {
    int idx = y * 4 + (q - 1) + by;
    y = idx / 4;
    q = idx % 4 + 1;
}

// Easter Sunday (anonymous Gregorian computus).
CivilDate easter(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return {y, month, day};
}

// The n-th (1-based; -1 = last) weekday wd of a month.
CivilDate nth_weekday(int y, int m, int wd, int n) {
    if (n > 0) {
        const CivilDate first{y, m, 1};
        const int off = (wd - weekday(first) + 7) % 7;
        return {y, m, 1 + off + 7 * (n - 1)};
    }
    const CivilDate last{y, m, days_in_month(y, m)};
    const int off = (weekday(last) - wd + 7) % 7;
    return {y, m, last.day - off};
}

// ---------------------------------------------------------------- the tagger

struct Found {
    int last = -1;  // last token of the mention
    std::string value;
    bool relative = false;  // needs the reference date
    bool anaphor = false;   // derived from an earlier mention: not an antecedent itself
    int first = -1;         // first token when not the match start
};

class Tagger {
  public:
    Tagger(std::string_view text, const std::optional<CivilDate>& ref)
        : text_(text), ref_(ref ? *ref : CivilDate{2000, 1, 1}), has_ref_(ref.has_value()) {
        tokenize();
    }

    std::vector<Entity> run(Field field);

  private:
    // token access
    int n() const { return static_cast<int>(toks_.size()); }
    std::string_view w(int i) const {
        if (i < 0 || i >= n()) return {};
        return std::string_view(lower_).substr(toks_[i].s, toks_[i].e - toks_[i].s);
    }
    bool is(int i, std::string_view s) const { return w(i) == s; }
    bool punct(int i, char c) const {
        return i >= 0 && i < n() && toks_[i].kind == Kind::Punct && lower_[toks_[i].s] == c;
    }
    bool num(int i) const { return i >= 0 && i < n() && toks_[i].kind == Kind::Num; }
    int numval(int i) const {
        int v = 0;
        for (char c : w(i)) v = v * 10 + (c - '0');
        return v;
    }
    int ndigits(int i) const { return static_cast<int>(toks_[i].e - toks_[i].s); }
    bool adjacent(int i, int j) const {
        return i >= 0 && j < n() && i < n() && j >= 0 && toks_[i].e == toks_[j].s;
    }
    bool upper(int i) const { return i >= 0 && i < n() && toks_[i].upper; }
    Lex lex(int i) const {
        if (i < 0 || i >= n() || toks_[i].kind != Kind::Word) return {};
        const auto& m = lexicon();
        auto it = m.find(w(i));
        return it == m.end() ? Lex{} : it->second;
    }
    bool same_sentence(int i, int j) const {
        return i >= 0 && j >= 0 && i < n() && j < n() && toks_[i].sent == toks_[j].sent;
    }

    void tokenize();
    int tense(int first, int last) const;
    bool deadline(int j) const;
    bool title(int first, int last) const;
    bool generic_day(int j) const;
    std::optional<Found> match(int i);
    std::optional<Found> core(int j, int prefix_start);
    std::optional<Found> month_expr(int j);
    std::optional<Found> day_month(int j);
    std::optional<Found> weekday_expr(int j);
    std::optional<Found> year_expr(int j, bool context);
    std::optional<Found> shifted(int j);
    std::optional<Found> quarter_expr(int j);
    std::optional<Found> counted_ago(int j);
    std::optional<Found> holiday(int j);
    std::optional<Found> number_date(int j);
    int year_at(int i) const;  // 4-digit year token value or -1
    int word_year(int i, int& end) const;  // "nineteen ninety-six" -> 1996, else -1
    int day_at(int i) const;   // 1..31 day ("27", "27th") or -1
    bool year_context(int i) const;
    int resolve_month_year(int month, int t) const;
    CivilDate resolve_day(int month, int day, int t) const;
    std::string weekday_value(int wd, int shift, int t) const;
    std::string time_suffix(int& k) const;
    bool month_ok(int j) const;
    void remember(const std::string& value, std::uint32_t sentence);

    std::string_view text_;
    std::string lower_;
    std::vector<Tok> toks_;
    CivilDate ref_;
    bool has_ref_;
    std::string last_quarter_;  // the latest quarter value mentioned ("1989-Q3")
    std::uint32_t last_quarter_sent_ = 0;  // the sentence it was in
    int last_year_ = -1;        // the latest explicit year mentioned
    std::optional<CivilDate> last_anchor_;  // the latest day or month mentioned
    bool anchor_is_day_ = false;
};

void Tagger::tokenize() {
    lower_.resize(text_.size());
    for (std::size_t i = 0; i < text_.size(); ++i) lower_[i] = lower(static_cast<unsigned char>(text_[i]));
    toks_.reserve(text_.size() / 5 + 4);
    std::uint32_t sent = 0;
    const std::size_t size = text_.size();
    std::size_t i = 0;
    bool pending_break = false;
    while (i < size) {
        const auto c = static_cast<unsigned char>(text_[i]);
        if (c == '\n' && i + 1 < size && (text_[i + 1] == '\n' || text_[i + 1] == '\r')) pending_break = true;
        if (is_alpha(c) || is_digit(c)) {
            std::size_t j = i;
            bool letters = false, digits = false;
            while (j < size) {
                const auto d = static_cast<unsigned char>(text_[j]);
                if (is_alpha(d)) letters = true;
                else if (is_digit(d)) digits = true;
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

constexpr int kTenseWindow = 30;
// "a year ago" means the quarter a year back when a quarter was named this recently (sentences).
constexpr std::uint32_t kQuarterReach = 3;  // tokens searched on each side, within the sentence

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
        while (k < s.size() && k < 2 && is_digit(static_cast<unsigned char>(s[k]))) v = v * 10 + (s[k++] - '0');
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

// Year of a bare month: the reference year, moved back (past) or forward (future).
int Tagger::resolve_month_year(int month, int t) const {
    const int f = (month - ref_.month + 12) % 12, b = (ref_.month - month + 12) % 12;
    if (f == 0) return ref_.year;
    const int fwd = month > ref_.month ? ref_.year : ref_.year + 1;
    const int back = month < ref_.month ? ref_.year : ref_.year - 1;
    if (t > 0) return fwd;
    if (t < 0) return f <= 2 ? fwd : back;
    return f < b ? fwd : back;
}

constexpr std::int64_t kTensePenaltyDays = 90;

// Year of a month-day without year: the reference year unless the tense puts
// it more than three months away on the wrong side.
CivilDate Tagger::resolve_day(int month, int day, int t) const {
    // The occurrence nearest to the reference, a wrong-tense side costing two months.
    CivilDate best{ref_.year, month, day};
    std::int64_t best_cost = -1;
    for (int y = ref_.year - 1; y <= ref_.year + 1; ++y) {
        const CivilDate c{y, month, std::min(day, days_in_month(y, month))};
        const std::int64_t diff = days_from_civil(c) - days_from_civil(ref_);
        std::int64_t cost = diff < 0 ? -diff : diff;
        if ((t < 0 && diff > 0) || (t > 0 && diff < 0)) cost += kTensePenaltyDays;
        if (best_cost < 0 || cost < best_cost) best = c, best_cost = cost;
    }
    return best;
}

std::string Tagger::weekday_value(int wd, int shift, int t) const {
    const int rw = weekday(ref_);
    const int back = (rw - wd + 7) % 7;  // days back to the previous (or same) such day
    std::int64_t off;
    if (shift < 0) off = back == 0 ? -7 : -back;
    else if (shift > 0) off = back == 0 ? 7 : 7 - back;
    else if (t > 0) off = back == 0 ? 0 : 7 - back;
    else if (t < 0) off = -back;
    else off = back <= 3 ? -back : 7 - back;
    return ymd(add_days(ref_, off));
}

// "morning"/"night"... after a day: the TIMEX3 part of day suffix; advances k.
// TimeBank mostly gives "Friday night" the value of the day, so the part of the
// day only extends the mention.
std::string Tagger::time_suffix(int& k) const {
    if (lex(k + 1).cls == Lx::TimeOfDay) ++k;
    return {};
}

void Tagger::remember(const std::string& v, std::uint32_t sentence) {
    if (v.size() == 7 && v[5] == 'Q') last_quarter_ = v, last_quarter_sent_ = sentence;
    if (v.size() >= 4 && is_digit(static_cast<unsigned char>(v[0])) && is_digit(static_cast<unsigned char>(v[3])) &&
        (v.size() == 4 || v[4] == '-'))
        last_year_ = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    if (auto d = parse_iso_date(v); d && (v.size() == 7 || v.size() == 10)) {
        last_anchor_ = *d;
        anchor_is_day_ = v.size() == 10;
    }
}

// Month forms: "November 27, 2025", "Nov. 27", "February 2022", "June last year", "March".
std::optional<Found> Tagger::month_expr(int j) {
    if (!month_ok(j)) return std::nullopt;
    const int month = lex(j).v;
    int k = j;
    if (lex(j).plural && punct(k + 1, '.') && adjacent(k, k + 1)) ++k;
    if (const int d = day_at(k + 1); d > 0) {
        int e = k + 1;
        int y = -1;
        if (punct(e + 1, ',') && year_at(e + 2) > 0) {
            y = year_at(e + 2);
            e += 2;
        } else if (year_at(e + 1) > 0) {
            y = year_at(e + 1);
            e += 1;
        }
        if (y > 0) {
            if (d > days_in_month(y, month)) return std::nullopt;
            return Found{e, ymd({y, month, d}), false};
        }
        const CivilDate c = resolve_day(month, d, tense(j, e));
        return Found{e, ymd(c), true};
    }
    if (int y = year_at(k + 1); y > 0) return Found{k + 1, ym(y, month), false};
    if (int we = 0, y = word_year(k + 1, we); y > 0) return Found{we, ym(y, month), false};
    if ((punct(k + 1, ',') || is(k + 1, "of")) && year_at(k + 2) > 0)
        return Found{k + 2, ym(year_at(k + 2), month), false};
    if (lex(k + 2).cls == Lx::Unit && lex(k + 2).v == kYear && !lex(k + 2).plural) {
        const std::string_view s = w(k + 1);
        if (s == "last" || s == "this" || s == "next")
            return Found{k + 2, ym(ref_.year + (s == "last" ? -1 : s == "next" ? 1 : 0), month), true};
    }
    // "this year through August", "so far this year, in March": the year just named.
    for (int b = j - 1; b >= 1 && b >= j - 4 && toks_[b].sent == toks_[j].sent; --b)
        if (is(b, "year") && is(b - 1, "this")) return Found{k, ym(ref_.year, month), true};
    // "until January", "through March": a deadline, the next such month.
    const std::string_view p = w(j - 1);
    if ((p == "until" || p == "through" || p == "till" || p == "by") && month != ref_.month)
        return Found{k, ym(month > ref_.month ? ref_.year : ref_.year + 1, month), true};
    return Found{k, ym(resolve_month_year(month, tense(j, k)), month), true};
}

// "27 November 2025", "27th of November", "27 Nov".
std::optional<Found> Tagger::day_month(int j) {
    const int d = day_at(j);
    if (d < 0) return std::nullopt;
    int k = j + 1;
    if (is(k, "of")) ++k;
    if (!month_ok(k) && !(lex(k).cls == Lx::Month && upper(k) && w(k) != "may" && w(k) != "march"))
        return std::nullopt;
    const int month = lex(k).v;
    if (lex(k).plural && punct(k + 1, '.') && adjacent(k, k + 1)) ++k;
    int y = -1;
    if (year_at(k + 1) > 0) {
        y = year_at(k + 1);
        ++k;
    } else if (punct(k + 1, ',') && year_at(k + 2) > 0) {
        y = year_at(k + 2);
        k += 2;
    }
    if (y > 0) {
        if (d > days_in_month(y, month)) return std::nullopt;
        return Found{k, ymd({y, month, d}), false};
    }
    return Found{k, ymd(resolve_day(month, d, tense(j, k))), true};
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

// "Tuesday", "Thursday, November 27, 2025", "Friday morning".
std::optional<Found> Tagger::weekday_expr(int j) {
    const Lex l = lex(j);
    if (l.cls != Lx::Weekday || !upper(j)) return std::nullopt;
    int k = j;
    if (punct(k + 1, ',')) {
        if (auto f = month_expr(k + 2); f && f->value.size() == 10) return f;
        if (auto f = day_month(k + 2); f) return f;
    }
    if (auto f = month_expr(k + 1); f && f->value.size() == 10) return f;
    if (auto f = day_month(k + 1); f) return f;
    if (!has_ref_) return std::nullopt;
    // "will appeal Wednesday's ruling": the clause's verb governs the event the
    // weekday names, not the weekday; a possessive day names a reported event, so
    // it is the day just past unless the clause looks ahead (then the nearest one).
    bool possessive = false;
    for (int p = j + 1; p <= j + 2 && p < n(); ++p)
        if (is(p, "s")) {
            const std::string_view gap = text_.substr(toks_[j].e, toks_[p].s - toks_[j].e);
            possessive = gap == "'" || gap == "\xE2\x80\x99";
            break;
        }
    // "Until Thursday, they had not called him a suspect": a fronted "until" clause
    // takes the tense of the sentence.
    const bool fronted = j >= 1 && is(j - 1, "until") && (j == 1 || toks_[j - 2].sent != toks_[j - 1].sent) &&
                         punct(j + 1, ',');
    std::string v = weekday_value(l.v, 0, deadline(j) && !fronted ? 1 : possessive ? (tense(j, j) > 0 ? 0 : -1) : tense(j, j));
    v += time_suffix(k);
    return Found{k, v, true};
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

// Years, decades and centuries: "1998", "1990s", "'90s", "fiscal 1987", "the year 2000".
std::optional<Found> Tagger::year_expr(int j, bool context) {
    if (j < 0 || j >= n()) return std::nullopt;
    if (toks_[j].kind == Kind::Alnum) {
        const std::string_view s = w(j);
        // "1990s"
        if (s.size() == 5 && s[4] == 's' && s[3] == '0') {
            int v = 0;
            for (int k = 0; k < 4; ++k) {
                if (!is_digit(static_cast<unsigned char>(s[static_cast<std::size_t>(k)]))) return std::nullopt;
                v = v * 10 + (s[static_cast<std::size_t>(k)] - '0');
            }
            if (v < 1000 || v > 2100) return std::nullopt;
            if (v % 100 == 0 && v < 2000) return Found{j, fmt("%02dXX", v / 100), false};
            return Found{j, fmt("%03dX", v / 10), false};
        }
        return std::nullopt;
    }
    // "'90s"
    if (punct(j, '\'') && toks_[j + 1 < n() ? j + 1 : j].kind == Kind::Alnum && adjacent(j, j + 1)) {
        const std::string_view s = w(j + 1);
        if (s.size() == 3 && s[2] == 's' && is_digit(static_cast<unsigned char>(s[0])) && s[1] == '0')
            return Found{j + 1, fmt("%d%dX", s[0] >= '3' ? 19 : 20, s[0] - '0'), false};
        return std::nullopt;
    }
    if (year_at(j) < 0) return std::nullopt;
    if (!context && !year_context(j)) return std::nullopt;
    return Found{j, yr(year_at(j)), false};
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

// "last week", "next month", "this year", "the past year", "the coming weekend",
// "last Friday", "last fall", "last November", "recent years".
std::optional<Found> Tagger::shifted(int j) {
    const std::string_view s = w(j);
    int shift;
    if (s == "last" || s == "past" || s == "previous") shift = -1;
    else if (s == "next" || s == "coming" || s == "following" || s == "upcoming") shift = 1;
    else if (s == "this" || s == "current" || s == "these") shift = 0;
    else if (s == "recent") shift = -2;  // only with plurals
    else return std::nullopt;
    int k = j + 1;
    if (s == "this" && (is(k, "past") || is(k, "coming"))) {
        shift = is(k, "past") ? -1 : 1;
        ++k;
    }
    if (is(k, "fiscal") && is(k + 1, "year")) ++k;
    // "the past few years", "recent days", "coming months": vague.
    bool few = false;
    if (is(k, "few") || is(k, "several") || is(k, "couple")) {
        few = true;
        ++k;
        if (is(k, "of")) ++k;
    }
    const Lex l = lex(k);
    if (l.cls == Lx::Unit && l.plural) {
        if (!few && shift != -2 && !(shift == 1 && (s == "coming" || s == "upcoming"))) return std::nullopt;
        if (l.v == kQuarter || l.v == kWeekend) return std::nullopt;
        return Found{k, shift > 0 ? "FUTURE_REF" : "PAST_REF", false};
    }
    if (few || shift == -2 || !has_ref_) return std::nullopt;
    if (s == "following" || s == "previous") {
        // Anaphoric ("the following month"): relative to the last date mentioned.
        if (l.cls == Lx::Unit && l.v == kYear && last_year_ > 0)
            return Found{k, yr(last_year_ + shift), true, true};
        if (l.cls == Lx::Unit && l.v == kMonth && last_anchor_) {
            int y = last_anchor_->year, m = last_anchor_->month;
            shift_month(y, m, shift);
            return Found{k, ym(y, m), true, true};
        }
        if (l.cls == Lx::Unit && l.v == kDay && last_anchor_ && anchor_is_day_)
            return Found{k, ymd(add_days(*last_anchor_, shift)), true, true};
        if (l.cls != Lx::Unit) return std::nullopt;
    }
    // "last year's quarter", "last year's period": the quarter under discussion, a year back.
    if (l.cls == Lx::Unit && !l.plural && l.v == kYear && s == "last" && !last_quarter_.empty() &&
        punct(k + 1, '\'') && is(k + 2, "s") && (is(k + 3, "quarter") || is(k + 3, "period")))
        return Found{k + 3, yq(std::stoi(last_quarter_.substr(0, 4)) - 1, last_quarter_[6] - '0'), true, true};
    if (l.cls == Lx::Unit && !l.plural) {
        const int t = tense(j, k);
        switch (l.v) {
            case kDay:
                return std::nullopt;
            case kWeek:
                return Found{k, iso_week(add_days(ref_, 7 * shift)), true};
            case kWeekend: {
                // The weekend of the reference week; "last weekend" the one before. A bare
                // "this weekend" on Monday-Thursday in past tense means the one just past.
                int sh = shift;
                if (shift == 0 && t < 0 && weekday(ref_) < 4) sh = -1;
                return Found{k, iso_week(add_days(ref_, 7 * sh)) + "-WE", true};
            }
            case kMonth: {
                int y = ref_.year, m = ref_.month;
                shift_month(y, m, shift);
                return Found{k, ym(y, m), true};
            }
            case kQuarter: {
                // In an earnings report "this quarter's loss" is the quarter the article
                // named, not the calendar quarter of the report.
                if (s == "this" && shift == 0 && !last_quarter_.empty() && punct(k + 1, '\'') && is(k + 2, "s"))
                    return Found{k, last_quarter_, true, true};
                int y = ref_.year, q = (ref_.month - 1) / 3 + 1;
                shift_quarter(y, q, shift);
                return Found{k, yq(y, q), true};
            }
            case kYear:
                // "this year's third quarter"
                if (punct(k + 1, '\'') && is(k + 2, "s") && lex(k + 3).cls == Lx::Ordinal && lex(k + 3).v <= 4 &&
                    is(k + 4, "quarter"))
                    return Found{k + 4, yq(ref_.year + shift, lex(k + 3).v), true};
                return Found{k, yr(ref_.year + shift), true};
            case kDecade: {
                const int d = ref_.year / 10 + shift;
                return Found{k, fmt("%03dX", d), true};
            }
            case kCentury:
                return Found{k, fmt("%02dXX", ref_.year / 100 + shift), true};
            default:
                return std::nullopt;
        }
    }
    if (l.cls == Lx::Unit && l.v == kHalf) return std::nullopt;
    // "last night", "this morning": parts of the reference day (or the day before).
    if (l.cls == Lx::TimeOfDay && (s == "last" || s == "this") && !(s == "last" && l.v != 3))
        return Found{k, ymd(add_days(ref_, s == "last" ? -1 : 0)), true};
    if (l.cls == Lx::Weekday && upper(k)) {
        int e = k;
        std::string v = weekday_value(l.v, shift, tense(j, k));
        v += time_suffix(e);
        return Found{e, v, true};
    }
    if (l.cls == Lx::Month && upper(k) && (s == "last" || s == "next" || s == "this")) {
        // "last Oct. 23": the date itself; the modifier is not part of it.
        if (auto f = month_expr(k); f && f->value.size() == 10) {
            f->first = k;
            return f;
        }
        const int m = l.v;
        int y = ref_.year;
        if (shift < 0 && m >= ref_.month) --y;
        if (shift > 0 && m <= ref_.month) ++y;
        if (shift == 0) y = ref_.year;
        return Found{k, ym(y, m), true};
    }
    if (l.cls == Lx::Season && (s == "last" || s == "next" || s == "this" || s == "past" || s == "coming")) {
        static constexpr std::array<std::string_view, 4> code{"SP", "SU", "FA", "WI"};
        // Current season: Mar-May spring, Jun-Aug summer, Sep-Nov fall, Dec-Feb winter.
        const int cur = ref_.month == 12 || ref_.month <= 2 ? 3 : (ref_.month - 3) / 3;
        const int wy = ref_.month <= 2 ? ref_.year - 1 : ref_.year;  // winter's year starts in December
        int idx = wy * 4 + cur;
        const int sidx_this = (cur <= l.v) ? wy * 4 + l.v : (wy + 1) * 4 + l.v;
        int target;
        if (shift < 0) target = (l.v < cur) ? wy * 4 + l.v : (wy - 1) * 4 + l.v;
        else if (shift > 0) target = (l.v > cur) ? wy * 4 + l.v : (wy + 1) * 4 + l.v;
        else target = l.v == 3 ? wy * 4 + 3 : ref_.year * 4 + l.v;  // "this summer": this year's
        (void)sidx_this;
        (void)idx;
        return Found{k, yr(target / 4) + "-" + std::string(code[static_cast<std::size_t>(target % 4)]), true};
    }
    return std::nullopt;
}

// Quarters and halves: "Q3 2025", "the third quarter", "third-quarter", "the fiscal
// first quarter of 1990", "the first half", "the quarter", "the year-earlier quarter".
std::optional<Found> Tagger::quarter_expr(int j) {
    int k = j;
    const std::string_view s = w(k);
    // "Q3", "Q3 2025", "Q3'25"
    if (toks_[k].kind == Kind::Alnum && s.size() == 2 && s[0] == 'h' && (s[1] == '1' || s[1] == '2') && upper(k) &&
        year_at(k + 1) > 0)
        return Found{k + 1, fmt("%04d-H%d", year_at(k + 1), s[1] - '0'), false};
    if (toks_[k].kind == Kind::Alnum && s.size() == 2 && s[0] == 'q' && s[1] >= '1' && s[1] <= '4' && upper(k)) {
        const int q = s[1] - '0';
        if (int y = year_at(k + 1); y > 0) return Found{k + 1, yq(y, q), false};
        if (!has_ref_) return std::nullopt;
        int y = ref_.year;
        if (q > (ref_.month - 1) / 3 + 1 && tense(j, k) < 0) --y;
        return Found{k, yq(y, q), true};
    }
    bool fiscal = false;
    if (s == "fiscal") {
        fiscal = true;
        ++k;
    }
    int q = -1;
    const Lex l = lex(k);
    if (l.cls == Lx::Ordinal) q = l.v;
    else if (day_at(k) > 0 && toks_[k].kind == Kind::Alnum && day_at(k) <= 4) q = day_at(k);
    // "the last half of 1989", "the latter half": the second half.
    else if ((s == "last" || s == "latter") && lex(k + 1).cls == Lx::Unit && lex(k + 1).v == kHalf &&
             !lex(k + 1).plural && is(k + 2, "of"))
        q = 2;
    if (q < 0 && !(s == "last" && is(k + 1, "two") && is(k + 2, "quarters"))) return std::nullopt;
    int e = k + 1;
    bool two_quarters = false;
    // "the first two quarters of 1990", "the last two quarters": a half year.
    if ((q == 1 || s == "last") && is(e, "two") && is(e + 1, "quarters") && (is(e + 2, "of") || is(e + 2, "in")) &&
        year_at(e + 3) > 0) {
        q = q == 1 ? 1 : 2;
        two_quarters = true;
        ++e;
    } else if (q < 0) {
        return std::nullopt;
    }
    if (punct(e, '-') && adjacent(k, e)) ++e;
    const Lex u = lex(e);
    if (!two_quarters && (u.cls != Lx::Unit || u.plural || (u.v != kQuarter && u.v != kHalf))) return std::nullopt;
    const bool half = two_quarters || u.v == kHalf;
    if (half && q > 2) return std::nullopt;
    (void)fiscal;
    auto value = [&](int y) { return half ? fmt("%04d-H%d", y, q) : yq(y, q); };
    if ((is(e + 1, "of") || is(e + 1, "in")) && year_at(e + 2) > 0) return Found{e + 2, value(year_at(e + 2)), false};
    if (year_at(e + 1) > 0 && !punct(e + 2, ',')) return Found{e + 1, value(year_at(e + 1)), false};
    if (is(e + 1, "of") && (is(e + 2, "this") || is(e + 2, "last") || is(e + 2, "next")) && is(e + 3, "year")) {
        if (!has_ref_) return std::nullopt;
        const int y = ref_.year + (is(e + 2, "last") ? -1 : is(e + 2, "next") ? 1 : 0);
        return Found{e + 3, value(y), true};
    }
    // "the last half of the duo" is no date: a last half needs its year.
    if (!has_ref_ || s == "last" || s == "latter") return std::nullopt;
    int y = ref_.year;
    const int cur = half ? (ref_.month <= 6 ? 1 : 2) : (ref_.month - 1) / 3 + 1;
    if (q > cur && tense(j, e) <= 0) --y;
    return Found{e, value(y), true};
}

// "two years ago", "a year earlier", "10 days ago", "several years ago".
std::optional<Found> Tagger::counted_ago(int j) {
    int k = j;
    int count = -1;
    bool vague = false;
    if (is(k, "a") && (is(k + 1, "few") || is(k + 1, "couple"))) {
        vague = true;
        k += 2;
        if (is(k, "of")) ++k;
    } else if (is(k, "several") || is(k, "many") || is(k, "some")) {
        vague = true;
        ++k;
    } else if (lex(k).cls == Lx::NumWord) {
        count = lex(k).v;
        ++k;
        // "twenty-five"
        if (count >= 20 && punct(k, '-') && lex(k + 1).cls == Lx::NumWord && lex(k + 1).v < 10) {
            count += lex(k + 1).v;
            k += 2;
        }
    } else if (num(k) && ndigits(k) <= 3) {
        count = numval(k);
        ++k;
    } else {
        return std::nullopt;
    }
    const Lex u = lex(k);
    if (u.cls != Lx::Unit) return std::nullopt;
    int e = k + 1;
    if (is(e, "or") && is(e + 1, "so")) e += 2;
    const std::string_view a = w(e);
    // "a year later than planned" compares lengths of time; it names no date.
    if ((a == "later" || a == "earlier") && is(e + 1, "than")) return std::nullopt;
    // "two days later": after the last day mentioned (only with one to count from).
    if (a == "later" && !vague && count > 0 && count <= 1000 && last_anchor_ && anchor_is_day_) {
        if (u.v == kDay) return Found{e, ymd(add_days(*last_anchor_, count)), true, true};
        if (u.v == kWeek) return Found{e, iso_week(add_days(*last_anchor_, 7 * count)), true, true};
        if (u.v == kMonth) {
            int y = last_anchor_->year, m = last_anchor_->month;
            shift_month(y, m, count);
            return Found{e, ym(y, m), true, true};
        }
        if (u.v == kYear) return Found{e, yr(last_anchor_->year + count), true, true};
        return std::nullopt;
    }
    if (a != "ago" && a != "earlier" && a != "before") return std::nullopt;
    if (a == "before" && !(punct(e + 1, '.') || punct(e + 1, ','))) return std::nullopt;
    if (vague) return Found{e, "PAST_REF", false};
    if (!has_ref_ || count < 0 || count > 1000) return std::nullopt;
    switch (u.v) {
        case kDay:
            return Found{e, ymd(add_days(ref_, -count)), true};
        case kWeek:
            return Found{e, iso_week(add_days(ref_, -7 * count)), true};
        case kMonth: {
            int y = ref_.year, m = ref_.month;
            shift_month(y, m, -count);
            return Found{e, ym(y, m), true};
        }
        case kQuarter: {
            int y = ref_.year, q = (ref_.month - 1) / 3 + 1;
            shift_quarter(y, q, -count);
            return Found{e, yq(y, q), true};
        }
        case kYear:
            // In an article about quarterly results, "a year ago" is that quarter a year back.
            if (count == 1 && !last_quarter_.empty() && toks_[j].sent - last_quarter_sent_ <= kQuarterReach) {
                int y = std::stoi(last_quarter_.substr(0, 4)) - 1;
                return Found{e, yq(y, last_quarter_[6] - '0'), true, true};
            }
            return Found{e, yr(ref_.year - count), true};
        case kDecade:
            return Found{e, yr(ref_.year - 10 * count), true};
        default:
            return std::nullopt;
    }
}

// Holidays with a fixed rule: "Christmas", "New Year's Day", "Thanksgiving", "Easter".
std::optional<Found> Tagger::holiday(int j) {
    if (!upper(j)) return std::nullopt;
    const std::string_view s = w(j);
    int e = j;
    int month = 0, day = 0;
    int kind = 0;  // 1 thanksgiving, 2 easter
    if (s == "christmas") {
        month = 12, day = 25;
        if (is(j + 1, "day") && upper(j + 1)) e = j + 1;
        else if (is(j + 1, "eve") && upper(j + 1)) e = j + 1, day = 24;
    } else if (s == "new" && is(j + 1, "year") && upper(j + 1) && punct(j + 2, '\'') && is(j + 3, "s") &&
               (is(j + 4, "day") || is(j + 4, "eve")) && upper(j + 4)) {
        e = j + 4;
        month = is(j + 4, "day") ? 1 : 12, day = is(j + 4, "day") ? 1 : 31;
    } else if (s == "thanksgiving") {
        kind = 1, month = 11;
        if (is(j + 1, "day") && upper(j + 1)) e = j + 1;
    } else if (s == "halloween") {
        month = 10, day = 31;
    } else if (s == "easter" && !(is(j + 1, "island"))) {
        kind = 2;
        if (is(j + 1, "sunday") || is(j + 1, "day")) e = j + 1;
    } else if (s == "election" && is(j + 1, "day") && upper(j + 1)) {
        kind = 3, month = 11, e = j + 1;  // US: the Tuesday after the first Monday of November
    } else if (s == "independence" && is(j + 1, "day") && upper(j + 1)) {
        e = j + 1, month = 7, day = 4;
    } else {
        return std::nullopt;
    }
    int y = -1;
    if (year_at(e + 1) > 0) y = year_at(++e);
    else if (punct(e + 1, ',') && year_at(e + 2) > 0) y = year_at(e + 2), e += 2;
    const bool relative = y < 0;
    if (relative) {
        if (!has_ref_) return std::nullopt;
        y = ref_.year;
    }
    auto date = [&](int yy) -> CivilDate {
        if (kind == 1) return nth_weekday(yy, 11, 3, 4);
        if (kind == 2) return easter(yy);
        if (kind == 3) return add_days(nth_weekday(yy, 11, 0, 1), 1);
        return {yy, month, day};
    };
    CivilDate d = date(y);
    if (relative) {
        const std::int64_t diff = days_from_civil(d) - days_from_civil(ref_);
        const int t = tense(j, e);
        if ((t < 0 && diff > 30) || diff > 183) d = date(y - 1);
        else if ((t > 0 && diff < -30) || diff < -183) d = date(y + 1);
    }
    return Found{e, ymd(d), relative};
}

// "2025-11-27", "11/27/2025", "27/11/2025", "11/27/98".
std::optional<Found> Tagger::number_date(int j) {
    if (!num(j)) return std::nullopt;
    if (ndigits(j) == 4 && punct(j + 1, '-') && num(j + 2) && ndigits(j + 2) == 2 && punct(j + 3, '-') &&
        num(j + 4) && ndigits(j + 4) == 2 && adjacent(j, j + 1) && adjacent(j + 1, j + 2) &&
        adjacent(j + 2, j + 3) && adjacent(j + 3, j + 4)) {
        const int y = numval(j), m = numval(j + 2), d = numval(j + 4);
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
        return Found{j + 4, ymd({y, m, d}), false};
    }
    if (ndigits(j) <= 2 && punct(j + 1, '/') && num(j + 2) && ndigits(j + 2) <= 2 && punct(j + 3, '/') &&
        num(j + 4) && (ndigits(j + 4) == 4 || ndigits(j + 4) == 2) && adjacent(j, j + 1) &&
        adjacent(j + 1, j + 2) && adjacent(j + 2, j + 3) && adjacent(j + 3, j + 4)) {
        int a = numval(j), b = numval(j + 2), y = numval(j + 4);
        if (ndigits(j + 4) == 2) y += y < 50 ? 2000 : 1900;
        if (a > 12) std::swap(a, b);  // day first only when it cannot be a month
        if (a < 1 || a > 12 || b < 1 || b > days_in_month(y, a)) return std::nullopt;
        if (punct(j + 5, '/') && adjacent(j + 4, j + 5)) return std::nullopt;
        return Found{j + 4, ymd({y, a, b}), false};
    }
    return std::nullopt;
}

// The expression core at token j (after any "the"/"early"/... prefix).
std::optional<Found> Tagger::core(int j, int prefix_start) {
    if (j < 0 || j >= n()) return std::nullopt;
    const Tok& t = toks_[j];
    const bool has_prefix = prefix_start < j;
    if (t.kind == Kind::Num || t.kind == Kind::Alnum) {
        if (auto f = number_date(j)) return f;
        // "the 21st century"
        if (t.kind == Kind::Alnum && day_at(j) > 0 && is(j + 1, "century") && day_at(j) <= 30)
            return Found{j + 1, fmt("%02dXX", day_at(j) - 1), false};
        // "the 1988 quarter": the quarter under discussion, in that year.
        if (const int y = year_at(j); y > 0 && (is(j + 1, "quarter") || is(j + 1, "period")) &&
                                      !last_quarter_.empty() && has_prefix)
            return Found{j + 1, yq(y, last_quarter_[6] - '0'), false, true};
        // "the 1988 third quarter"
        if (const int y = year_at(j); y > 0 && lex(j + 1).cls == Lx::Ordinal) {
            int e = j + 2;
            if (punct(e, '-')) ++e;
            const Lex u = lex(e);
            const int q = lex(j + 1).v;
            if (u.cls == Lx::Unit && !u.plural && u.v == kQuarter) return Found{e, yq(y, q), false};
            if (u.cls == Lx::Unit && u.v == kHalf && q <= 2) return Found{e, fmt("%04d-H%d", y, q), false};
        }
        if (auto f = day_month(j)) return f;
        if (auto f = counted_ago(j)) return f;
        if (t.kind == Kind::Alnum)
            if (auto f = quarter_expr(j)) return f;
        if (t.kind == Kind::Alnum && !is_digit(static_cast<unsigned char>(lower_[t.s]))) return std::nullopt;
        return year_expr(j, has_prefix);
    }
    if (t.kind == Kind::Punct) return year_expr(j, has_prefix);  // "'90s"
    const Lex l = lex(j);
    const std::string_view s = w(j);
    switch (l.cls) {
        case Lx::Month:
            return month_expr(j);
        case Lx::Weekday:
            return weekday_expr(j);
        case Lx::RelDay: {
            if (!has_ref_) return std::nullopt;
            // "today's world", "the people of tomorrow": the present or future at large,
            // not a day.
            if (l.v != -1 && generic_day(j)) return std::nullopt;
            // "USA Today", "VOA Today": a capitalised "Today" inside a name is a title.
            if (l.v == 0 && upper(j) && j > 0 && toks_[j - 1].sent == toks_[j].sent &&
                toks_[j - 1].kind != Kind::Punct && upper(j - 1) && lex(j - 1).cls == Lx::None &&
                text_.substr(toks_[j - 1].e, toks_[j].s - toks_[j - 1].e) == " ")
                return std::nullopt;
            int e = j;
            std::string v = ymd(add_days(ref_, l.v));
            v += time_suffix(e);
            return Found{e, v, true};
        }
        case Lx::Ordinal:
            return quarter_expr(j);
        case Lx::Unit:
            // "years ago", "decades earlier": vague past.
            if (l.plural && (is(j + 1, "ago") || (is(j + 1, "earlier") && !has_prefix)) && l.v >= kWeek)
                return Found{j + 1, "PAST_REF", false};
            break;
        case Lx::NumWord: {
            if (auto f = counted_ago(j)) return f;
            int e = j;
            if (const int y = word_year(j, e); y > 0) return Found{e, yr(y), false};
            return std::nullopt;
        }
        case Lx::Season: {
            static constexpr std::array<std::string_view, 4> code{"SP", "SU", "FA", "WI"};
            // "the Summer Games", "Winter Olympics" name events, not seasons.
            if (is(j + 1, "games") || is(j + 1, "olympics") || is(j + 1, "olympic") || is(j + 1, "paralympics") ||
                is(j + 1, "paralympic") || (year_at(j + 1) > 0 && (is(j + 2, "games") || is(j + 2, "olympics"))))
                return std::nullopt;
            int e = j;
            int y = -1;
            int we = 0;
            if (year_at(j + 1) > 0) y = year_at(++e);
            else if (is(j + 1, "of") && year_at(j + 2) > 0) y = year_at(j + 2), e = j + 2;
            else if (is(j + 1, "of") && word_year(j + 2, we) > 0) y = word_year(j + 2, we), e = we;
            if (y > 0) return Found{e, yr(y) + "-" + std::string(code[static_cast<std::size_t>(l.v)]), false};
            // A bare season only after a date-like word ("in the spring", "early summer").
            const std::string_view p = w(prefix_start - 1);
            if (!has_ref_ || !(has_prefix || p == "in" || p == "during" || p == "by" || p == "until" ||
                               p == "since" || p == "this"))
                return std::nullopt;
            if (s == "fall" && !has_prefix) return std::nullopt;
            int yy = ref_.year;
            const int cur = ref_.month == 12 || ref_.month <= 2 ? 3 : (ref_.month - 3) / 3;
            if (tense(j, e) < 0 && l.v > cur) --yy;
            return Found{e, yr(yy) + "-" + std::string(code[static_cast<std::size_t>(l.v)]), true};
        }
        default:
            break;
    }
    // A sentence-opening "Now," or "Now for ..." turns the discourse ("Now, he says, ...").
    if (s == "now" && upper(j) && (punct(j + 1, ',') || is(j + 1, "for")) &&
        (j == 0 || toks_[j - 1].sent != toks_[j].sent || toks_[j - 1].kind == Kind::Punct))
        return std::nullopt;
    if (s == "now" || s == "currently" || s == "nowadays") return Found{j, "PRESENT_REF", false};
    // The adjective "current" ("its current position", "current market conditions") is the
    // present (TimeML tags the word alone), "then current" the past; not the electric
    // current, the accounting terms, nor "the current (fiscal) year", a unit phrase.
    if (s == "current" && toks_[j].kind == Kind::Word && j + 1 < n() && toks_[j + 1].kind == Kind::Word &&
        lex(j + 1).cls != Lx::Unit && lex(j + 2).cls != Lx::Unit && !is(j + 1, "account") && !is(j + 1, "accounts") && !is(j + 1, "assets") &&
        !is(j + 1, "liabilities") && !is(j + 1, "ratio") && !is(j + 1, "flows") && !is(j + 1, "flowing") &&
        !is(j + 1, "affairs") && !is(j + 1, "events") && !is(j - 1, "electric") && !is(j - 1, "electrical") &&
        !is(j - 1, "alternating") && !is(j - 1, "direct") && !is(j - 1, "ocean") && !is(j - 1, "strong")) {
        if (is(j - 1, "then")) return Found{j, "PAST_REF", false};
        return Found{j, "PRESENT_REF", false, false, j};
    }
    // "previously" and "formerly" order events ("previously, the company advertised")
    // rather than name a time, and TimeML leaves them untagged (4 of 46 in TimeBank).
    // After a perfect or passive auxiliary ("have recently moved", "was recently extended")
    // "recently" is aspect, which TimeBank leaves untagged.
    if ((s == "recently" || s == "lately") && !is(j - 1, "the") && !is(j - 1, "have") && !is(j - 1, "has") &&
        !is(j - 1, "had") && !is(j - 1, "was") && !is(j - 1, "were") && !is(j - 1, "been"))
        return Found{j, "PAST_REF", false};
    // "as soon as", "soon after" are conjunctions, "future earnings" an adjective.
    if (s == "soon" && !is(j - 1, "as") && !is(j + 1, "after")) {
        // In a past narrative ("was soon released", "soon became a flood") "soon" orders
        // events and names no future.
        if (is(j - 1, "was") || is(j - 1, "were") || is(j - 1, "had")) return std::nullopt;
        const std::string_view nx = w(j + 1);
        if (toks_.size() > static_cast<std::size_t>(j + 1) && toks_[j + 1].kind == Kind::Word &&
            ((nx.size() > 4 && nx.substr(nx.size() - 2) == "ed") || nx == "became" || nx == "came" ||
             nx == "went" || nx == "began" || nx == "left" || nx == "found" || nx == "got" || nx == "took"))
            return std::nullopt;
        return Found{j, "FUTURE_REF", false};
    }
    // "the future of our peoples" is their prospects, not a time.
    if (s == "future" && has_prefix && (is(j - 1, "the") || is(j - 1, "near")) && !is(j - 1, "foreseeable") &&
        !is(j + 1, "of"))
        return Found{j, "FUTURE_REF", false};
    if (s == "past" && has_prefix && w(prefix_start) == "the" && prefix_start == j - 1 &&
        lex(j + 1).cls != Lx::Unit && !num(j + 1) && lex(j + 1).cls != Lx::NumWord && !is(j + 1, "few") &&
        !is(j + 1, "several"))
        return Found{j, "PAST_REF", false};
    if (s == "these" && is(j + 1, "days")) return Found{j + 1, "PRESENT_REF", false};
    if (s == "several" || s == "many" || s == "some") return counted_ago(j);
    // "that year", "that same day": the last year or day mentioned.
    if (s == "that" && is(j + 1, "year") && last_year_ > 0) return Found{j + 1, yr(last_year_), true, true};
    if (s == "that" && last_anchor_ && anchor_is_day_) {
        const int k = is(j + 1, "same") ? j + 2 : j + 1;
        if (is(k, "day")) return Found{k, ymd(*last_anchor_), true, true};
    }
    if (s == "next" && has_prefix && is(j - 1, "the") && (is(j + 1, "day") || lex(j + 1).cls == Lx::TimeOfDay) &&
        last_anchor_ && anchor_is_day_)
        return Found{j + 1, ymd(add_days(*last_anchor_, 1)), true, true};
    if (s == "day" && has_prefix && is(j - 1, "the") && (is(j + 1, "before") || is(j + 1, "after")) &&
        (j + 2 >= n() || toks_[j + 2].kind == Kind::Punct) && last_anchor_ && anchor_is_day_)
        return Found{j + 1, ymd(add_days(*last_anchor_, is(j + 1, "before") ? -1 : 1)), true, true};
    // "the nineties", "the twenties"
    if (has_prefix && is(j - 1, "the")) {
        static constexpr std::array<std::string_view, 8> decades{"twenties", "thirties", "forties", "fifties",
                                                                 "sixties", "seventies", "eighties", "nineties"};
        for (std::size_t d = 0; d < decades.size(); ++d)
            if (s == decades[d]) return Found{j, fmt("19%dX", static_cast<int>(d) + 2), false};
    }
    if (s == "fiscal") {
        int k = j + 1;
        if (is(k, "year")) ++k;
        if (int y = year_at(k); y > 0) return Found{k, yr(y), false};
        if (k == j + 2 && has_prefix && is(j - 1, "the") && has_ref_) return Found{j + 1, yr(ref_.year), true};
        if (toks_[std::min(k, n() - 1)].kind == Kind::Alnum) return std::nullopt;
        return quarter_expr(j);
    }
    if (s == "fy" && upper(j)) {
        if (int y = year_at(j + 1); y > 0) return Found{j + 1, yr(y), false};
        return std::nullopt;
    }
    if (toks_[j].kind == Kind::Word && s.size() == 2 && s[0] == 'q') return std::nullopt;
    if (s == "year" && is(j + 1, "-") && adjacent(j, j + 1) && (is(j + 2, "earlier") || is(j + 2, "ago")) && has_ref_) {
        int e = j + 2;
        // "the year-earlier third quarter"
        if (lex(e + 1).cls == Lx::Ordinal && lex(e + 1).v <= 4 && is(e + 2, "quarter")) {
            int y = ref_.year;
            if (!last_quarter_.empty()) y = std::stoi(last_quarter_.substr(0, 4));
            return Found{e + 2, yq(y - 1, lex(e + 1).v), true, true};
        }
        if (lex(e + 1).cls == Lx::Unit && lex(e + 1).v == kQuarter) ++e;
        else if (is(e + 1, "period") || is(e + 1, "level") || is(e + 1, "levels")) ++e;
        if (!last_quarter_.empty())
            return Found{e, yq(std::stoi(last_quarter_.substr(0, 4)) - 1, last_quarter_[6] - '0'), true, true};
        return Found{e, yr(ref_.year - 1), true};
    }
    if (s == "year" && is(j + 1, "-") && is(j + 2, "end") && adjacent(j, j + 1) && has_ref_) {
        // "since year-end" counts from the last one; otherwise the coming one.
        const int first = has_prefix ? prefix_start : j;
        const bool since = is(first - 1, "since") && !(ref_.month == 12 && ref_.day == 31);
        return Found{j + 2, ymd({ref_.year - (since ? 1 : 0), 12, 31}), true};
    }
    if (s == "year" && year_at(j + 1) > 0 && has_prefix) return Found{j + 1, yr(year_at(j + 1)), false};
    if (s == "year" && is(j + 1, "two") && is(j + 2, "thousand")) return Found{j + 2, "2000", false};
    // "the week of March 6": the ISO week holding that day.
    if (s == "week" && has_prefix && is(j - 1, "the") && is(j + 1, "of")) {
        std::optional<Found> f = month_expr(j + 2);
        if (!f || f->value.size() != 10) f = day_month(j + 2);
        if (f && f->value.size() == 10)
            if (auto d = parse_iso_date(f->value)) return Found{f->last, iso_week(*d), f->relative};
    }
    if (s == "weekend" && has_prefix && is(j - 1, "the") && has_ref_) {
        // The weekend just past when the clause is in the past, else the coming one.
        const int t = tense(j, j);
        const int sh = (t < 0 && weekday(ref_) < 5) ? -1 : 0;
        return Found{j, iso_week(add_days(ref_, 7 * sh)) + "-WE", true};
    }
    // "the quarter-to-quarter comparison" compares quarters and names none.
    if ((s == "quarter" || s == "period") && has_prefix && has_ref_ && !(punct(j + 1, '-') && is(j + 2, "to"))) {
        // "the quarter", "the latest quarter": the quarter just ended (reporting season).
        const std::string_view p = w(j - 1);
        if (p == "the" || p == "latest" || p == "same" || p == "comparable" || p == "corresponding" ||
            (p == "recent" && is(j - 2, "most"))) {
            if (s == "period" && last_quarter_.empty()) return std::nullopt;
            // "the latest quarter" is the one just ended; "the quarter" the one under discussion.
            const bool latest = p == "latest" || p == "recent";
            // "the corresponding period last year", "the same quarter a year earlier": a year back.
            int e = j, back = 0;
            if (!latest && is(j + 1, "last") && is(j + 2, "year")) e = j + 2, back = 1;
            else if (!latest && is(j + 1, "a") && is(j + 2, "year") && (is(j + 3, "ago") || is(j + 3, "earlier")))
                e = j + 3, back = 1;
            // "the quarter ended July 31": unless the article named the (fiscal) quarter
            // already, it is the calendar quarter holding most of it, that of its middle month.
            if (s == "quarter" && back == 0 && last_quarter_.empty() && (is(j + 1, "ended") || is(j + 1, "ending"))) {
                if (auto f = month_expr(j + 2); f && f->value.size() == 10)
                    if (auto d = parse_iso_date(f->value)) {
                        int y = d->year, mid = d->month - 1;
                        if (mid == 0) mid = 12, --y;
                        return Found{j, yq(y, (mid - 1) / 3 + 1), f->relative};
                    }
            }
            if (!last_quarter_.empty() && !latest) {
                if (back == 0) return Found{j, last_quarter_, true, true};
                return Found{e, yq(std::stoi(last_quarter_.substr(0, 4)) - 1, last_quarter_[6] - '0'), true, true};
            }
            int y = ref_.year, q = (ref_.month - 1) / 3 + 1;
            shift_quarter(y, q, -1);
            return Found{e, yq(y - back, q), true};
        }
    }
    if (s == "year" && has_prefix && has_ref_ && (is(j - 1, "the") || is(j - 1, "full")) &&
        !is(j + 1, "before") && !is(j + 1, "earlier") && !is(j + 1, "after") && !is(j + 1, "later") &&
        !is(j + 1, "-") && !punct(j + 1, '\''))
        return Found{j, yr(ref_.year), true};
    if ((s == "last" || s == "latter") && (is(j + 1, "half") || (is(j + 1, "two") && is(j + 2, "quarters"))))
        if (auto f = quarter_expr(j)) return f;
    if (auto f = shifted(j)) return f;
    if (auto f = holiday(j)) return f;
    return std::nullopt;
}

// Prefixes that belong to the mention: "the", "early", "late", "mid-", "the end of".
std::optional<Found> Tagger::match(int i) {
    int j = i;
    if (is(j, "the")) {
        ++j;
        if (is(j, "latest") || is(j, "same") || is(j, "comparable") || is(j, "corresponding") ||
            is(j, "near") || is(j, "distant") || is(j, "immediate") || is(j, "full") || is(j, "whole") ||
            is(j, "entire"))
            ++j;
        else if (is(j, "most") && is(j + 1, "recent"))
            j += 2;
        // Absolute dates do not take the article ("the Oct. 23 meeting", "the 1960s"),
        // nor the adjective "third-quarter"; units and vague words do ("the third quarter").
        const Kind k = j < n() ? toks_[j].kind : Kind::Punct;
        const Lx c = lex(j).cls;
        if (j == i + 1 && (k == Kind::Num || k == Kind::Alnum || k == Kind::Punct || c == Lx::Month ||
                           c == Lx::Weekday)) {
            auto f = core(j, i);
            // ...but "the 1988 quarter", "the 20th century" are unit phrases and keep it.
            const std::string_view u = f ? w(f->last) : std::string_view();
            if (f && u != "quarter" && u != "period" && u != "century" && u != "half") f->first = j;
            return f;
        }
        if (j == i + 1 && (c == Lx::Ordinal || is(j, "fiscal"))) {
            auto f = core(j, i);
            if (f && punct(f->last - 1, '-')) f->first = j;
            return f;
        }
    }
    // "the end of", "the beginning of", "the start of", "the middle of"
    if ((is(j, "end") || is(j, "beginning") || is(j, "start") || is(j, "middle")) && is(j + 1, "of") && j > i) {
        j += 2;
        // "the end of the year", "the start of the month": the reference year or month.
        if (is(j, "the") && has_ref_ && (is(j + 1, "year") || is(j + 1, "month")) && !is(j + 2, "-")) {
            if (is(j + 1, "year")) return Found{j + 1, yr(ref_.year), true};
            return Found{j + 1, ym(ref_.year, ref_.month), true};
        }
    }
    if (is(j, "early") || is(j, "late") || is(j, "mid") || is(j, "earlier") || is(j, "later")) {
        const bool rel = is(j, "earlier") || is(j, "later");
        int k = j + 1;
        if (punct(k, '-') && adjacent(j, k)) ++k;
        if (rel && !(is(k, "this") || is(k, "that") || is(k, "next") || is(k, "last") ||
                     lex(k).cls == Lx::Weekday || lex(k).cls == Lx::RelDay || is(k, "in")))
            return j > i ? core(j, i) : std::nullopt;
        if (rel && is(k, "in") && is(k + 1, "the") && (is(k + 2, "year") || is(k + 2, "week") || is(k + 2, "month")) &&
            has_ref_) {
            const std::string_view u = w(k + 2);
            const std::string v = u == "year" ? yr(ref_.year)
                                : u == "month" ? ym(ref_.year, ref_.month)
                                               : iso_week(ref_);
            return Found{k + 2, v, true};
        }
        if (rel && is(k, "that") && (is(k + 1, "year") || is(k + 1, "day") || is(k + 1, "month"))) {
            if (is(k + 1, "year") && last_year_ > 0) return Found{k + 1, yr(last_year_), true};
            return std::nullopt;
        }
        if (auto f = core(k, i)) return f;
        return std::nullopt;
    }
    if (j > i) {
        if (auto f = core(j, i)) return f;
        return std::nullopt;
    }
    // "nearly four years ago", "about a week ago": the approximation belongs to the mention.
    if ((is(i, "nearly") || is(i, "almost") || is(i, "about") || is(i, "roughly") || is(i, "approximately")) &&
        (num(i + 1) || lex(i + 1).cls == Lx::NumWord))
        if (auto f = counted_ago(i + 1)) return f;
    return core(i, i);
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

std::vector<Entity> Tagger::run(Field field) {
    std::vector<Entity> out;
    const auto& lx = lexicon();
    for (int i = 0; i < n();) {
        const Tok& t = toks_[i];
        // Quick filter: only numbers, known words and "'" can start a mention.
        bool candidate = t.kind != Kind::Punct || lower_[t.s] == '\'';
        if (t.kind == Kind::Word) candidate = lx.count(w(i)) > 0;
        if (t.kind == Kind::Alnum) {
            const char c = lower_[t.s];
            candidate = is_digit(static_cast<unsigned char>(c)) || c == 'q' || c == 'h';
        }
        std::optional<Found> f;
        if (candidate) f = match(i);
        if (!f || f->last < i || (f->relative && !has_ref_)) {
            ++i;
            continue;
        }
        if (title(i, f->last)) {
            i = f->last + 1;
            continue;
        }
        Entity e;
        e.type = EntityType::Date;
        e.field = field;
        e.start = toks_[f->first >= i && f->first <= f->last ? f->first : i].s;
        e.end = toks_[f->last].e;
        e.text = std::string(text_.substr(e.start, e.end - e.start));
        e.value = f->value;
        if (!f->anaphor) remember(e.value, toks_[i].sent);
        // "the quarter", "the latest period" keep the quarter under discussion alive.
        else if (e.value == last_quarter_) last_quarter_sent_ = toks_[i].sent;
        out.push_back(std::move(e));
        i = f->last + 1;
    }
    return out;
}

}  // namespace

std::vector<Entity> find_dates(std::string_view text, Field field, const std::optional<CivilDate>& reference) {
    if (text.empty() || text.size() > 0xFFFFFFF0u) return {};
    Tagger tagger(text, reference);
    return tagger.run(field);
}

}  // namespace annals::detail
