#include "ingest/cues.hpp"

#include <algorithm>

#include "annals/ingest.hpp"
#include "util/ascii.hpp"
#include "util/text.hpp"

namespace annals::detail {

std::string lower_latin(std::string_view s) {
    std::string out = lower_ascii(s);
    // UTF-8 of U+00C0..U+00DE (À..Þ but ×) is C3 80..C3 9E; lower case is 0x20 further.
    for (std::size_t i = 0; i + 1 < out.size(); ++i)
        if (out[i] == '\xC3' && static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(out[i + 1]) <= 0x9E && out[i + 1] != '\x97')
            out[i + 1] = static_cast<char>(out[i + 1] + 0x20);
    return out;
}

std::size_t word_count(std::string_view s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        bool sp = c == ' ' || c == '\t' || c == '\n';
        if (!sp && !in) ++n;
        in = !sp;
    }
    return n;
}

namespace {

// @p s with every occurrence of each of @p seps (tried in order at each byte)
// replaced by @p to, in one pass.
std::string replace_each(std::string_view s, std::initializer_list<std::string_view> seps, char to) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto sep = std::find_if(seps.begin(), seps.end(),
                                      [&](std::string_view p) { return s.substr(i, p.size()) == p; });
        if (sep != seps.end()) {
            out += to;
            i += sep->size();
        } else {
            out += s[i++];
        }
    }
    return out;
}

std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

bool upper_start(std::string_view w) {
    if (w.empty()) return false;
    unsigned char c = static_cast<unsigned char>(w[0]);
    // Non-ASCII initials (Ł, Ö, ...) count as capitals: names come in every script.
    return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

bool connector(std::string_view w) {
    static const char* const kWords[] = {"van", "de", "der", "den", "von", "da", "di", "del", "la", "le",
                                         "bin", "al", "el", "du", "dos", "ter", "y"};
    for (const char* k : kWords)
        if (w == k) return true;
    return false;
}

std::string strip_trailing(std::string_view s, std::string_view chars) {
    s = trim(s);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return std::string(trim(s));
}

}  // namespace

bool name_like(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 60) return false;
    if (s.find_first_of(",;:!?()[]|/\"") != std::string_view::npos) return false;
    auto words = words_of(s);
    if (words.empty() || words.size() > 6) return false;
    if (!upper_start(words.front())) return false;
    for (auto w : words)
        if (!upper_start(w) && !connector(w)) return false;
    return true;
}

std::vector<std::string> split_names(std::string_view list) {
    const std::string s = replace_each(list, {" and ", " & ", ";"}, ',');
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= s.size()) {
        std::size_t j = s.find(',', i);
        if (j == std::string::npos) j = s.size();
        std::string name = strip_trailing(std::string_view(s).substr(i, j - i), ".");
        if (!name.empty()) out.push_back(std::move(name));
        i = j + 1;
    }
    return out;
}

std::optional<std::vector<std::string>> parse_byline(std::string_view line) {
    line = trim(line);
    if (line.size() < 5 || line.size() > 160) return std::nullopt;
    std::string low = lower_ascii(line.substr(0, 3));
    if (low != "by ") return std::nullopt;
    std::string_view rest = line.substr(3);
    // "By Jane Doe | Reuters", "By Jane Doe - The Ledger": the part after is the outlet.
    for (std::string_view cut : {"|", " - ", " \u2014 ", " \u2013 ", " in "}) {
        std::size_t at = rest.find(cut);
        if (at != std::string_view::npos) rest = rest.substr(0, at);
    }
    auto names = split_names(rest);
    // "By Amira Hassan, Environment Reporter": the role is not a name.
    if (names.size() > 1) {
        std::erase_if(names, [](const std::string& n) {
            std::string low = lower_ascii(n);
            for (std::string_view role : {"reporter", "correspondent", "editor", "columnist", "writer", "analyst",
                                          "contributor", "staff", "bureau", "desk"})
                if (low.find(role) != std::string::npos) return true;
            return false;
        });
    }
    if (names.empty()) return std::nullopt;
    for (const auto& n : names)
        if (!name_like(n)) return std::nullopt;
    return names;
}

std::optional<std::vector<std::string>> parse_contributors(std::string_view line) {
    line = trim(line);
    if (line.size() > 300) return std::nullopt;
    const std::string low = lower_ascii(line);
    std::string_view names;
    for (std::string_view cue : {" contributed to this report", " contributed reporting", " contributed to this article",
                                 " contributed to this story"}) {
        std::size_t at = low.find(cue);
        if (at != std::string::npos) {
            names = line.substr(0, at);
            break;
        }
    }
    if (names.empty()) {
        for (std::string_view cue : {"additional reporting by ", "reporting by ", "with reporting by "}) {
            if (low.rfind(cue, 0) == 0) {
                names = line.substr(cue.size());
                std::size_t stop = names.find_first_of(";.");
                if (stop != std::string_view::npos) names = names.substr(0, stop);
                for (std::string_view cut : {" in ", " from "}) {
                    std::size_t at = names.find(cut);
                    if (at != std::string_view::npos) names = names.substr(0, at);
                }
                break;
            }
        }
    }
    if (names.empty()) return std::nullopt;
    auto list = split_names(names);
    if (list.empty()) return std::nullopt;
    for (const auto& n : list)
        if (!name_like(n)) return std::nullopt;
    return list;
}

namespace {

// The capitalised name starting at @p s ("Lord’s Press remains ..." -> "Lord’s Press").
std::string capitalised_run(std::string_view s) {
    auto words = words_of(s);
    std::vector<std::string_view> run;
    for (auto w : words) {
        bool last = false;
        while (!w.empty() && (w.back() == '.' || w.back() == ',' || w.back() == ';' || w.back() == ':')) {
            w.remove_suffix(1);
            last = true;
        }
        if (w.empty()) break;
        bool small = w == "of" || w == "the" || w == "and" || w == "&" || w == "for" || w == "de";
        if (!upper_start(w) && !(small && !run.empty())) break;
        run.push_back(w);
        if (last) break;
    }
    while (!run.empty()) {  // never end on a connector
        auto w = run.back();
        if (w == "of" || w == "the" || w == "and" || w == "&" || w == "for" || w == "de") run.pop_back();
        else break;
    }
    if (run.empty()) return {};
    const char* b = run.front().data();
    const char* e = run.back().data() + run.back().size();
    return ascii_punctuation(std::string_view(b, static_cast<std::size_t>(e - b)));
}

bool generic(const std::string& name) {
    static const char* const kWords[] = {"All", "The", "This", "We", "Our", "Us", "You", "It", "Rights", "All Rights Reserved"};
    for (const char* k : kWords)
        if (name == k) return true;
    return name.size() < 2;
}

}  // namespace

std::optional<std::string> publication_in(std::string_view line, int& strength) {
    line = trim(line);
    strength = 0;
    std::string low = lower_ascii(line);
    // © 2024 The Ledger. All rights reserved.
    for (std::string_view mark : {std::string_view("\u00a9"), std::string_view("(c) "), std::string_view("copyright ")}) {
        std::size_t at = low.find(mark);
        if (at == std::string::npos) continue;
        std::size_t i = at + mark.size();
        while (i < line.size() && (line[i] == ' ' || (line[i] >= '0' && line[i] <= '9') || line[i] == '-' ||
                                   line[i] == ',' || line.substr(i, 2) == "\u00a9"))
            i += line.substr(i, 2) == "\u00a9" ? 2 : 1;
        std::string name = capitalised_run(line.substr(i));
        if (!name.empty() && !generic(name) && lower_ascii(name) != "copyright") {
            strength = 3;
            return name;
        }
    }
    // "Writers at Lord’s Press come from ..."
    for (std::string_view cue : {"writers at ", "journalists at ", "reporters at ", "editors at ", "staff at "}) {
        std::size_t at = low.find(cue);
        if (at == std::string::npos) continue;
        std::string name = capitalised_run(line.substr(at + cue.size()));
        if (!name.empty() && !generic(name)) {
            strength = 2;
            return name;
        }
    }
    // "... features and stories from Lord’s Press." / "Subscribe to The Ledger"
    for (std::string_view cue : {" from ", "subscribe to ", " of "}) {
        std::size_t at = low.rfind(cue);
        if (at == std::string::npos) continue;
        std::string_view tail = line.substr(at + cue.size());
        std::string name = capitalised_run(tail);
        // Only when the name closes the sentence: "from Lord’s Press." not "from Kyiv on Monday".
        std::string_view rest = trim(tail.substr(std::min(tail.size(), name.size() + 2)));
        if (!name.empty() && !generic(name) && word_count(tail) <= word_count(name) + 1 &&
            (rest.empty() || rest == "." || rest.size() <= 2)) {
            strength = 1;
            return name;
        }
    }
    return std::nullopt;
}

std::optional<std::string> date_in_line(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.size() > 100) return std::nullopt;
    if (line.find_first_of("0123456789") == std::string_view::npos) return std::nullopt;
    if (auto d = normalize_date(line)) return d;
    const std::string s = replace_each(line, {"\u00b7", "\u2022", "|"}, '\n');
    for (const std::string_view piece : split_at(s, "\n")) {
        const std::string_view part = trim(piece);
        // "Updated: ...", "Last modified on ..." : labels before the colon.
        if (std::size_t colon = part.find(": "); colon != std::string_view::npos && colon < 20)
            if (auto d = normalize_date(part.substr(colon + 2))) return d;
        if (auto d = normalize_date(part)) return d;
    }
    return std::nullopt;
}

bool starts_with_word(const std::string& low, std::string_view cue) {
    if (low.rfind(cue, 0) != 0) return false;
    if (low.size() == cue.size()) return true;
    char next = low[cue.size()];
    return !((next >= 'a' && next <= 'z') || next == '\'');
}

bool ends_sentence(std::string_view t) {
    if (t.empty()) return false;
    for (std::string_view end : {".", "?", "!", "\"", "'", ")", "\u201d", "\u2019", ":", "\u2026"})
        if (t.size() >= end.size() && t.substr(t.size() - end.size()) == end) return true;
    return false;
}

bool chrome_cue(std::string_view t, const std::string& low) {
    const std::size_t words = word_count(t);
    if (words <= 8) {
        static const std::string_view kShort[] = {
            "categories", "category", "follow", "follow us", "newsletter", "newsletters", "share",
            "share this", "share on", "share article", "related", "related stories", "related articles",
            "related content", "related topics", "more from", "more on this", "more stories", "most read",
            "most popular", "read next", "read more", "you may also like", "you might also like",
            "recommended", "tags", "topics", "comments", "leave a comment", "sign up", "subscribe",
            "privacy", "cookie", "cookies", "\u00a9", "copyright", "all rights reserved", "advertise",
            "about us", "contact us", "terms of", "terms and conditions", "sponsored", "back to top",
            "print", "email", "lp is free", "support us", "donate", "trending", "latest news",
            "editor's picks", "more in", "top stories", "further reading", "see also", "filed under",
            "posted in", "about the author",
            // German, French, Spanish, Italian, Polish
            "mehr zum thema", "lesen sie auch", "lesen sie mehr", "weiterlesen", "zum weiterlesen", "mehr dazu",
            "das k\u00f6nnte sie auch interessieren", "auch interessant", "weitere artikel", "weitere informationen",
            "teilen", "artikel teilen", "folgen sie uns", "abonnieren", "anzeige", "werbung", "lire aussi",
            "\u00e0 lire aussi", "lire la suite", "sur le m\u00eame sujet", "partager", "lea tambi\u00e9n",
            "lee tambi\u00e9n", "contenido relacionado", "noticias relacionadas", "s\u00edguenos", "compartir",
            "leggi anche", "potrebbe interessarti", "condividi", "zobacz te\u017c", "zobacz tak\u017ce",
            "czytaj te\u017c", "czytaj tak\u017ce", "udost\u0119pnij", "explore further", "was this article helpful",
            "\u00fcber den autor", "\u00fcber die autorin", "\u00e0 propos de l'auteur", "sobre el autor",
            "\u00e4hnliche beitr\u00e4ge", "\u00e4hnliche artikel", "war der artikel", "war dieser artikel",
            "empfohlener redaktioneller inhalt", "externer inhalt", "kontakt", "kommentare", "kommentar schreiben",
            "schreibe einen kommentar", "leave a reply", "commentaires", "comentarios", "komentarze",
            "empfehlungen aus der redaktion", "das k\u00f6nnte dich auch interessieren", "lust auf mehr",
            "ebenfalls interessant", "le puede interesar", "te puede interesar", "vous aimerez aussi",
            "\u00e0 d\u00e9couvrir aussi"};
        for (auto cue : kShort)
            if (starts_with_word(low, cue)) {
                // "Follow the money, said the prosecutor." is prose, not a button.
                if (t.back() != '.' || contains(low, "reserved")) return true;
            }
        if (low.find("\u00a9") != std::string::npos) return true;
    }
    static const std::string_view kAnywhere[] = {
        "all rights reserved", "uses cookies", "use cookies", "cookie settings", "cookie preferences",
        "cookie notice", "cookie policy", "privacy policy", "privacy overview", "subscribe to receive",
        "sign up for our", "sign up to our", "subscribe to our", "general data protection regulation",
        "subscribing ensures", "unlock full access", "is free thanks to", "our sponsors",
        "thanks to the enduring support", "remains freely accessible", "get the latest headlines",
        "delivered to your inbox", "this article was originally published", "terms of service",
        "subscribe now", "already a subscriber", "become a subscriber", "for the full story",
        "affiliate link", "earn a commission", "receive compensation", "eine provision", "partnerlinks",
        "download our app", "download the app", "follow us on", "support our journalism",
        "alle rechte vorbehalten", "newsletter abonnieren", "jetzt abonnieren", "tous droits r\u00e9serv\u00e9s",
        "todos los derechos reservados", "tutti i diritti riservati", "wszelkie prawa zastrze\u017cone"};
    for (auto cue : kAnywhere)
        if (contains(low, cue)) return true;
    return false;
}

bool soft_chrome(std::string_view t, const std::string& low) {
    // Navigation bars: "World | Business | Sport".
    if (std::count(t.begin(), t.end(), '|') >= 2 && word_count(t) <= 16 && !ends_sentence(t)) return true;
    if (word_count(t) > 8) return false;
    static const std::string_view kSoft[] = {
        "advertisement", "story continues below", "skip to", "menu", "home", "log in", "sign in", "search",
        "listen to this article", "listen", "watch", "image", "photo", "caption", "getty images",
        "loading", "close", "toggle", "open", "main menu", "save", "bookmark", "min read", "minute read",
        "breaking", "live", "jump to", "bild anzeigen", "bild schlie\u00dfen", "vergr\u00f6\u00dfern",
        "zum artikel", "zur startseite"};
    for (auto cue : kSoft)
        if (starts_with_word(low, cue) && !ends_sentence(t)) return true;
    if (contains(low, " min read") || contains(low, "minute read")) return true;
    return false;
}

bool reader_appeal(const std::string& low) {
    static const std::string_view kAppeal[] = {
        // subscriptions and newsletters
        "newsletter", "subscribe", "subscriber", "subscription", "abonnier", "abonnez",
        "suscr\u00edbete", "suscribirse", "subskrypc", "in your inbox", "in deinen posteingang",
        "in ihren posteingang",
        // support, apps, social channels, letters
        "support our work", "supporting our work", "support us", "wesprzyj nas",
        "ios and android", "app store", "google play", "canal de youtube", "canal de telegram",
        "letter to the editor", "leserbrief",
        // photo credits
        "\u00a9", "foto:", "fotos:", "photo:", "credit:", "bild:"};
    for (auto cue : kAppeal)
        if (contains(low, cue)) return true;
    return false;
}

}  // namespace annals::detail
