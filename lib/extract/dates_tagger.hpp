// The temporal tagger behind find_dates(), shared by the three files that
// implement it. Nothing here is for use outside lib/extract/dates*.cpp.
//
// The tagger is one class because every recogniser reads the same tokens and
// the same memory of earlier mentions; its member functions are defined where a
// reader would look for them:
//   dates_words.cpp     the tokens, the word lexicon, and the readings of the
//                       words around a candidate (tense, year context, "May"
//                       the month or the verb, deadlines, titles);
//   dates.cpp           the grammar: find_dates(), the leftmost-longest scan,
//                       the prefixes ("the", "early", "the end of"), the core
//                       dispatch and the recognisers of explicit dates (months,
//                       days, weekdays, years, quarters, numeric dates);
//   dates_relative.cpp  calendar arithmetic and the expressions that need the
//                       reference date or an earlier mention: "last week",
//                       "two years ago", holidays, the year of a bare month.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "annals/article.hpp"
#include "util/datetime.hpp"

namespace annals::detail::dates {

// ---------------------------------------------------------------- tokens

enum class Kind : std::uint8_t { Word, Num, Alnum, Punct };

/// A light token: byte offsets into the text, no copy of its letters.
struct Tok {
    std::uint32_t s = 0, e = 0;
    Kind kind = Kind::Punct;
    bool upper = false;       // first letter upper case
    std::uint32_t sent = 0;   // sentence number
};

// ---------------------------------------------------------------- lexicon

enum class Lx : std::uint8_t {
    None, Month, Weekday, Unit, NumWord, Ordinal, RelDay, Season, TimeOfDay, Trigger
};

/// What the lexicon knows of a lower-case word: its class and value (month
/// 1-12, weekday 0-6 from Monday, unit, number, ...). For months, plural means
/// the abbreviated form.
struct Lex {
    Lx cls = Lx::None;
    int v = 0;
    bool plural = false;
};

/// Units, in the order of their granularity.
enum Unit { kDay = 1, kWeek, kWeekend, kMonth, kQuarter, kHalf, kYear, kDecade, kCentury };

using Lexicon = std::unordered_map<std::string_view, Lex>;

/// The words that can take part in a date expression; built once, thread-safe.
const Lexicon& lexicon();

// ---------------------------------------------------------------- calendar (dates_relative.cpp)

/// printf-style formatting of up to three ints (values are short).
std::string fmt(const char* f, int a, int b = 0, int c = 0);
std::string ymd(const CivilDate& d);  // "2025-11-27"
std::string ym(int y, int m);         // "2025-11"
std::string yr(int y);                // "2025"
std::string yq(int y, int q);         // "2025-Q4"
CivilDate add_days(const CivilDate& d, std::int64_t n);
/// ISO 8601 week "2025-W48" of a date.
std::string iso_week(const CivilDate& d);
void shift_month(int& y, int& m, int by);
void shift_quarter(int& y, int& q, int by);

// ---------------------------------------------------------------- the tagger

/// Tokens searched on each side of a mention for a tense marker, within the sentence.
constexpr int kTenseWindow = 30;
/// "a year ago" means the quarter a year back when a quarter was named this
/// recently (in sentences).
constexpr std::uint32_t kQuarterReach = 3;

/// A recogniser's match: the mention ends at token @c last, its value is TIMEX3.
struct Found {
    int last = -1;  // last token of the mention
    std::string value;
    bool relative = false;  // needs the reference date
    bool anaphor = false;   // derived from an earlier mention: not an antecedent itself
    int first = -1;         // first token when not the match start
};

/// One run over one text; not shared between threads.
class Tagger {
  public:
    Tagger(std::string_view text, const std::optional<CivilDate>& ref)
        : text_(text), ref_(ref ? *ref : CivilDate{2000, 1, 1}), has_ref_(ref.has_value()),
          lexicon_(lexicon()) {
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
        auto it = lexicon_.find(w(i));
        return it == lexicon_.end() ? Lex{} : it->second;
    }

    // dates_words.cpp: tokens and the words around a mention
    void tokenize();
    int tense(int first, int last) const;
    bool deadline(int j) const;
    bool title(int first, int last) const;
    bool generic_day(int j) const;
    int year_at(int i) const;  // 4-digit year token value or -1
    int word_year(int i, int& end) const;  // "nineteen ninety-six" -> 1996, else -1
    int day_at(int i) const;   // 1..31 day ("27", "27th") or -1
    bool year_context(int i) const;
    bool month_ok(int j) const;

    // dates.cpp: the grammar and the explicit dates
    std::optional<Found> match(int i);
    std::optional<Found> core(int j, int prefix_start);
    std::optional<Found> month_expr(int j);
    std::optional<Found> day_month(int j);
    std::optional<Found> weekday_expr(int j);
    std::optional<Found> year_expr(int j, bool context);
    std::optional<Found> quarter_expr(int j);
    std::optional<Found> number_date(int j);

    // dates_relative.cpp: resolution against the reference and earlier mentions
    std::optional<Found> shifted(int j);
    std::optional<Found> counted_ago(int j);
    std::optional<Found> holiday(int j);
    int resolve_month_year(int month, int t) const;
    CivilDate resolve_day(int month, int day, int t) const;
    std::string weekday_value(int wd, int shift, int t) const;
    std::string time_suffix(int& k) const;
    void remember(const std::string& value, std::uint32_t sentence);

    std::string_view text_;
    std::string lower_;
    std::vector<Tok> toks_;
    CivilDate ref_;
    bool has_ref_;
    const Lexicon& lexicon_;
    std::string last_quarter_;  // the latest quarter value mentioned ("1989-Q3")
    std::uint32_t last_quarter_sent_ = 0;  // the sentence it was in
    int last_year_ = -1;        // the latest explicit year mentioned
    std::optional<CivilDate> last_anchor_;  // the latest day or month mentioned
    bool anchor_is_day_ = false;
};

}  // namespace annals::detail::dates
