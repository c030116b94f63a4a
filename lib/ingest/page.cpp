// parse_page(): a saved web page (text copied out of a browser) or plain
// article text.
//
// Lines are classified (date, weather, place, byline, contributor line, chrome
// cue, soft chrome, prose) and read in phases:
//   header   short date/place/weather/navigation lines before the headline;
//   headline the first substantial line that is not chrome;
//   pre-body bylines, date lines, share buttons between headline and text;
//   body     paragraphs until a hard stop: a contributor line, an author box
//            (name line followed by a bio), or footer chrome (newsletter,
//            copyright, share/related, privacy and cookie text);
//   tail     searched for contributors, the author name and the publication.
// Body lines are copied byte for byte (only trimmed), so entity offsets are
// offsets into the text as the page had it.
#include <algorithm>
#include <string>
#include <vector>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "ingest/charset.hpp"
#include "ingest/cues.hpp"
#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals {

namespace {

using namespace detail;

enum class Kind { Blank, Date, Weather, Byline, Contrib, Cue, Soft, Text };

struct Line {
    std::string_view text;  // trimmed
    std::size_t block = 0;  // index of the run of non-blank lines it belongs to
    Kind kind = Kind::Blank;
    std::optional<std::string> date;
    std::optional<std::vector<std::string>> names;  // byline or contributors
};

bool is_weather(std::string_view t, const std::string& low) {
    if (t.find("\u00b0") != std::string_view::npos && word_count(t) <= 8) return true;
    static const std::string_view kLabels[] = {"condition", "conditions", "humidity", "wind", "wind speed",
                                               "temperature", "feels like", "pressure", "visibility",
                                               "uv index", "precipitation", "sunrise", "sunset", "weather"};
    for (auto l : kLabels)
        if (starts_with_word(low, l) && word_count(t) <= 8 && low.find(':') != std::string::npos) return true;
    if (word_count(t) <= 5 && t.find_first_of("0123456789") != std::string_view::npos) {
        static const std::string_view kSky[] = {"cloud", "sunny", "rain", "shower", "overcast", "clear sky",
                                                "snow", "fog", "mist", "drizzle", "thunder", "km/h", "mph"};
        for (auto w : kSky)
            if (contains(low, w)) return true;
    }
    return false;
}

// "London, UK", "NEW YORK", "Kyiv, Ukraine": a short capitalised place line.
bool place_like(std::string_view t) {
    if (t.empty() || t.size() > 50 || word_count(t) > 5) return false;
    if (t.find_first_of("0123456789.!?:;|") != std::string_view::npos) return false;
    std::string no_commas;
    for (char c : t)
        if (c != ',') no_commas.push_back(c);
    return name_like(no_commas);
}

Kind classify(Line& l) {
    const std::string_view t = l.text;
    if (t.empty()) return Kind::Blank;
    const std::string low = lower_latin(t);
    if ((l.names = parse_contributors(t))) return Kind::Contrib;
    if ((l.names = parse_byline(t))) return Kind::Byline;
    if (is_weather(t, low)) return Kind::Weather;
    if (word_count(t) <= 14 && (l.date = date_in_line(t))) return Kind::Date;
    if (chrome_cue(t, low)) return Kind::Cue;
    if (soft_chrome(t, low)) return Kind::Soft;
    return Kind::Text;
}

bool bio_like(std::string_view t, std::string_view name) {
    const std::string low = lower_ascii(t);
    if (word_count(t) < 6) return false;
    std::string_view first = name.substr(0, name.find(' '));
    if (!first.empty() && t.substr(0, first.size()) == first) return true;
    for (std::string_view cue : {" is a ", " is an ", "writers at ", " covers ", " reports on ", "correspondent",
                                 "reporter", " editor", " writes about", "journalist", "staff writer"})
        if (contains(low, cue)) return true;
    return false;
}

// "KYIV, Ukraine (AP) — ..." at the start of the text: the dateline, in title case.
std::string dateline_in(std::string_view para) {
    std::size_t dash = std::string_view::npos;
    for (std::string_view d : {" \u2014 ", " \u2013 ", " -- ", " - "}) {
        std::size_t at = para.find(d);
        if (at != std::string_view::npos && at < 60 && at < dash) dash = at;
    }
    if (dash == std::string_view::npos) return {};
    std::string_view head = trim(para.substr(0, dash));
    if (std::size_t paren = head.find(" ("); paren != std::string_view::npos) head = trim(head.substr(0, paren));
    if (head.empty() || word_count(head) > 5) return {};
    // The first word must be in capitals: that is what marks a dateline.
    std::string_view first = head.substr(0, head.find_first_of(" ,"));
    if (first.size() < 2) return {};
    for (char c : first)
        if (!(c >= 'A' && c <= 'Z') && c != '.' && c != '-' && c != '\'') return {};
    std::string out;
    bool word_start = true;
    bool caps_run = true;
    for (char c : head) {
        if (c == ',') caps_run = false;  // "KYIV, Ukraine": only the capitalised part changes
        if (caps_run && c >= 'A' && c <= 'Z' && !word_start) c = static_cast<char>(c + 32);
        word_start = c == ' ' || c == '-' || c == '\'';
        out.push_back(c);
    }
    if (!place_like(out)) return {};
    return out;
}

}  // namespace

Article parse_page(std::string_view bytes) {
    const detail::Decoded decoded = detail::text_to_utf8(bytes);
    const std::string_view text = decoded.text;
    std::vector<Line> lines;
    {
        std::size_t i = 0, block = 0;
        bool prev_blank = true;
        while (i <= text.size()) {
            std::size_t j = text.find('\n', i);
            if (j == std::string_view::npos) j = text.size();
            Line l;
            l.text = trim(text.substr(i, j - i));
            if (l.text.empty()) {
                prev_blank = true;
            } else {
                if (prev_blank) ++block;
                prev_blank = false;
            }
            l.block = block;
            lines.push_back(l);
            i = j + 1;
        }
    }
    for (auto& l : lines) l.kind = classify(l);

    Article a;
    const std::size_t n = lines.size();
    std::vector<bool> is_body(n, false);
    auto next_text = [&](std::size_t i) {
        while (i < n && lines[i].kind == Kind::Blank) ++i;
        return i;
    };

    // Header: everything short and chrome-like before the headline.
    std::size_t i = next_text(0);
    std::vector<std::string> header_dates;
    while (i < n) {
        const Line& l = lines[i];
        const std::size_t words = word_count(l.text);
        bool chrome = l.kind == Kind::Date || l.kind == Kind::Weather || l.kind == Kind::Soft ||
                      (l.kind == Kind::Cue && words <= 8);
        if (l.kind == Kind::Text && place_like(l.text) && words <= 4 && l.text.find(',') != std::string_view::npos) {
            if (a.dateline.empty()) a.dateline = std::string(l.text);
            chrome = true;
        }
        if (l.kind == Kind::Text && words <= 2 && !ends_sentence(l.text)) chrome = true;
        // A masthead, kicker or section label right above the headline.
        if (l.kind == Kind::Text && words <= 4 && !ends_sentence(l.text)) {
            std::size_t k = next_text(i + 1);
            if (k < n && lines[k].kind == Kind::Text && word_count(lines[k].text) >= 5) chrome = true;
        }
        if (!chrome) break;
        if (l.date) header_dates.push_back(*l.date);
        i = next_text(i + 1);
    }
    if (i >= n) {  // nothing but chrome: take the first line as the title
        i = next_text(0);
        if (i >= n) throw InputError("", 0, "no title or text found in page");
    }
    if (lines[i].kind == Kind::Byline) {  // a byline before the headline
        a.authors = *lines[i].names;
        i = next_text(i + 1);
    }
    std::size_t title_line = n;
    if (i < n) {
        title_line = i;
        a.title = std::string(lines[i].text);
        i = next_text(i + 1);
    }

    // Between headline and text: bylines, dates, buttons.
    std::vector<std::string> pre_dates;
    while (i < n) {
        Line& l = lines[i];
        if (l.kind == Kind::Byline) {
            if (a.authors.empty()) a.authors = *l.names;
        } else if (l.kind == Kind::Date) {
            pre_dates.push_back(*l.date);
        } else if (l.kind == Kind::Weather || l.kind == Kind::Soft || (l.kind == Kind::Cue && word_count(l.text) <= 8)) {
        } else if (l.kind == Kind::Text && place_like(l.text) && word_count(l.text) <= 4 &&
                   l.text.find(',') != std::string_view::npos) {
            if (a.dateline.empty()) a.dateline = std::string(l.text);
        } else {
            break;
        }
        i = next_text(i + 1);
    }

    // Body, up to the first hard stop.
    std::size_t stop = n;
    for (; i < n; ++i) {
        Line& l = lines[i];
        if (l.kind == Kind::Blank || l.kind == Kind::Soft) continue;
        if (l.kind == Kind::Contrib) {
            a.contributors = *l.names;
            stop = i + 1;
            break;
        }
        if (l.kind == Kind::Cue) {
            stop = i;
            break;
        }
        if (l.kind == Kind::Byline) {  // a credit after the text
            if (a.authors.empty()) a.authors = *l.names;
            stop = i + 1;
            break;
        }
        if (l.kind == Kind::Text && name_like(l.text) && word_count(l.text) <= 5) {
            std::size_t k = next_text(i + 1);
            if (k < n && lines[k].block != l.block && bio_like(lines[k].text, l.text)) {
                stop = i;
                break;
            }
        }
        is_body[i] = true;
    }
    // Short trailing lines that are not sentences (orphaned buttons, captions).
    for (std::size_t k = n; k-- > 0;) {
        if (!is_body[k]) continue;
        if (word_count(lines[k].text) <= 6 && !ends_sentence(lines[k].text)) is_body[k] = false;
        else break;
    }

    // Tail: the author box name, contributors, more dates.
    std::vector<std::string> tail_dates;
    for (std::size_t k = next_text(stop); k < n; k = next_text(k + 1)) {
        Line& l = lines[k];
        if (l.kind == Kind::Contrib && a.contributors.empty()) a.contributors = *l.names;
        if (l.kind == Kind::Byline && a.authors.empty()) a.authors = *l.names;
        if (l.kind == Kind::Date) tail_dates.push_back(*l.date);
        if (a.authors.empty() && l.kind == Kind::Text && name_like(l.text) && word_count(l.text) <= 5 &&
            k == next_text(stop)) {
            std::size_t b = next_text(k + 1);
            if (b >= n || bio_like(lines[b].text, l.text) || lines[b].kind == Kind::Cue)
                a.authors.push_back(std::string(l.text));
        }
    }

    // Publication: the strongest mention in the chrome (never in the body).
    int best = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (is_body[k] || lines[k].kind == Kind::Blank || k == title_line) continue;
        int strength = 0;
        if (auto p = publication_in(lines[k].text, strength); p && strength > best) {
            best = strength;
            a.publication = *p;
        }
    }

    // Published: a header date with a time of day, else the first date seen.
    std::vector<std::string> dates = header_dates;
    dates.insert(dates.end(), pre_dates.begin(), pre_dates.end());
    for (const auto& d : dates)
        if (d.find('T') != std::string::npos) {
            a.published = d;
            break;
        }
    if (a.published.empty() && !dates.empty()) a.published = dates.front();
    if (a.published.empty() && !tail_dates.empty()) a.published = tail_dates.front();

    // Body: paragraphs (runs of lines) separated by blank lines.
    std::size_t last_block = 0;
    bool first = true;
    for (std::size_t k = 0; k < n; ++k) {
        if (!is_body[k]) continue;
        if (!first) a.body += lines[k].block == last_block ? "\n" : "\n\n";
        a.body.append(lines[k].text);
        last_block = lines[k].block;
        first = false;
    }
    if (a.dateline.empty()) {
        std::size_t end = a.body.find('\n');
        a.dateline = dateline_in(std::string_view(a.body).substr(0, end));
    }
    if (a.title.empty() && a.body.empty()) throw InputError("", 0, "no title or text found in page");
    return a;
}

}  // namespace annals
