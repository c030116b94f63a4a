// annals-eval timeml DIR... [--json OUT]: scores the temporal tagger against
// TimeML (.tml) files, with these rules (docs/extraction.md):
//   body       the text inside <TEXT>, tags removed, entities decoded, CRLF/CR read as LF
//   reference  the date part of the TIMEX3 with functionInDocument="CREATION_TIME"
//   strict     same byte span; relaxed: overlapping spans matched one-to-one, each
//              prediction (in order of start) taking the earliest unmatched gold it overlaps
//   value      relaxed matches whose value equals the gold value (accuracy and F1)
// Predictions that overlap no gold DATE but a gold TIME, DURATION or SET are ignored.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <unicode/utf8.h>

#include "cpu_clock.hpp"
#include "extract/dates.hpp"
#include "util/datetime.hpp"

namespace {

namespace fs = std::filesystem;

struct Gold {
    std::size_t start, end;
    std::string type, value;
    bool operator<(const Gold& o) const {
        return std::tie(start, end, type, value) < std::tie(o.start, o.end, o.type, o.value);
    }
};

struct Doc {
    std::string name, body, published;
    std::vector<Gold> gold;
};

void append_utf8(std::string& out, unsigned long cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    char buf[U8_MAX_LENGTH];
    std::size_t n = 0;
    U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(cp));
    out.append(buf, n);
}

// Character data with entities decoded (line ends already normalised).
void append_text(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        const std::size_t semi = s.find(';', i);
        if (semi == std::string_view::npos) {
            out.push_back('&');
            continue;
        }
        const std::string_view ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp") out.push_back('&');
        else if (ent == "lt") out.push_back('<');
        else if (ent == "gt") out.push_back('>');
        else if (ent == "quot") out.push_back('"');
        else if (ent == "apos") out.push_back('\'');
        else if (!ent.empty() && ent[0] == '#') {
            const bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
            unsigned long cp = 0;
            bool bad = ent.size() <= (hex ? 2u : 1u);
            for (char d : ent.substr(hex ? 2 : 1)) {
                const int v = d >= '0' && d <= '9' ? d - '0'
                            : hex && (d | 0x20) >= 'a' && (d | 0x20) <= 'f' ? (d | 0x20) - 'a' + 10
                                                                          : -1;
                if (v < 0 || cp > 0x10FFFF) bad = true;
                else cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
            }
            append_utf8(out, bad ? 0xFFFD : cp);
        } else {
            out.append(s.substr(i, semi - i + 1));
        }
        i = semi;
    }
}

std::string attribute(std::string_view tag, std::string_view name) {
    std::size_t pos = 0;
    while ((pos = tag.find(name, pos)) != std::string_view::npos) {
        const bool word_start = pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n');
        std::size_t k = pos + name.size();
        while (k < tag.size() && tag[k] == ' ') ++k;
        if (word_start && k < tag.size() && tag[k] == '=') {
            ++k;
            while (k < tag.size() && tag[k] == ' ') ++k;
            if (k < tag.size() && (tag[k] == '"' || tag[k] == '\'')) {
                const char q = tag[k];
                const std::size_t e = tag.find(q, k + 1);
                if (e == std::string_view::npos) return {};
                std::string v;
                append_text(v, tag.substr(k + 1, e - k - 1));
                return v;
            }
        }
        pos += name.size();
    }
    return {};
}

std::optional<Doc> read_tml(const fs::path& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path.string();
        return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string raw = ss.str();
    // XML end-of-line handling: CRLF and lone CR become LF.
    std::string xml;
    xml.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r') {
            xml.push_back('\n');
            if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        } else {
            xml.push_back(raw[i]);
        }
    }
    Doc doc;
    doc.name = path.filename().string();
    // The creation time, wherever it is.
    for (std::size_t p = 0; (p = xml.find("<TIMEX3", p)) != std::string::npos; ++p) {
        const std::size_t e = xml.find('>', p);
        if (e == std::string::npos) break;
        const std::string_view tag(xml.data() + p, e - p);
        if (attribute(tag, "functionInDocument") == "CREATION_TIME") {
            const std::string v = attribute(tag, "value");
            doc.published = v.substr(0, v.find('T'));
            break;
        }
    }
    const std::size_t open = xml.find("<TEXT>");
    const std::size_t close = xml.rfind("</TEXT>");
    if (open == std::string::npos || close == std::string::npos || close < open) {
        error = path.string() + ": no <TEXT> element";
        return std::nullopt;
    }
    struct Open {
        bool timex;
        std::size_t start;
        std::string type, value;
    };
    std::vector<Open> stack;
    std::size_t i = open + 6;
    while (i < close) {
        const std::size_t lt = xml.find('<', i);
        const std::size_t stop = std::min(lt, close);
        append_text(doc.body, std::string_view(xml).substr(i, stop - i));
        if (lt == std::string::npos || lt >= close) break;
        const std::size_t gt = xml.find('>', lt);
        if (gt == std::string::npos) break;
        const std::string_view tag(xml.data() + lt + 1, gt - lt - 1);
        i = gt + 1;
        if (tag.empty() || tag[0] == '!' || tag[0] == '?') continue;
        if (tag[0] == '/') {
            if (!stack.empty()) {
                Open o = stack.back();
                stack.pop_back();
                if (o.timex && doc.body.size() > o.start)
                    doc.gold.push_back({o.start, doc.body.size(), o.type, o.value});
            }
            continue;
        }
        const bool self_closing = tag.back() == '/';
        const std::string_view name = tag.substr(0, tag.find_first_of(" \t\n/"));
        if (self_closing) continue;
        stack.push_back({name == "TIMEX3", doc.body.size(), std::string(attribute(tag, "type")),
                         std::string(attribute(tag, "value"))});
    }
    std::sort(doc.gold.begin(), doc.gold.end());
    return doc;
}

struct Counts {
    long gold = 0, pred = 0, ignored = 0, strict_tp = 0, relaxed_tp = 0, value_tp = 0;
};

bool overlaps(std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) { return a0 < b1 && b0 < a1; }

void score(const std::vector<annals::Entity>& entities, const std::vector<Gold>& gold, Counts& c) {
    std::vector<const Gold*> dates, others;
    for (const auto& g : gold) (g.type == "DATE" ? dates : others).push_back(&g);
    std::map<std::pair<std::size_t, std::size_t>, std::string> preds;
    for (const auto& e : entities)
        if (e.type == annals::EntityType::Date) preds.emplace(std::make_pair(e.start, e.end), e.value);
    std::vector<std::pair<std::size_t, std::size_t>> kept;
    for (const auto& [span, value] : preds) {
        bool on_date = false, on_other = false;
        for (const Gold* d : dates) on_date = on_date || overlaps(span.first, span.second, d->start, d->end);
        for (const Gold* o : others) on_other = on_other || overlaps(span.first, span.second, o->start, o->end);
        if (on_date || !on_other) kept.push_back(span);
    }
    c.ignored += static_cast<long>(preds.size() - kept.size());
    c.pred += static_cast<long>(kept.size());
    c.gold += static_cast<long>(dates.size());
    std::set<std::pair<std::size_t, std::size_t>> gold_spans;
    for (const Gold* d : dates) gold_spans.insert({d->start, d->end});
    for (const auto& p : kept) c.strict_tp += gold_spans.count(p);
    std::vector<bool> used(dates.size(), false);
    for (const auto& p : kept) {
        for (std::size_t i = 0; i < dates.size(); ++i) {
            if (used[i] || !overlaps(p.first, p.second, dates[i]->start, dates[i]->end)) continue;
            used[i] = true;
            ++c.relaxed_tp;
            c.value_tp += preds[p] == dates[i]->value;
            break;
        }
    }
}

struct Prf {
    double p, r, f;
};
Prf prf(long tp, long pred, long gold) {
    const double p = pred ? static_cast<double>(tp) / pred : 0.0;
    const double r = gold ? static_cast<double>(tp) / gold : 0.0;
    return {p, r, p + r > 0 ? 2 * p * r / (p + r) : 0.0};
}

std::string json_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\') o.push_back('\\');
        o.push_back(c);
    }
    return o;
}

}  // namespace

int annals_eval_timeml(int argc, char** argv) {
    std::vector<std::string> dirs;
    std::string json_out;
    bool errors_out = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--json" && i + 1 < argc) json_out = argv[++i];
        else if (a == "--errors") errors_out = true;
        else if (a == "-h" || a == "--help") {
            std::cout << "usage: annals-eval timeml DIR... [--json OUT] [--errors]\n"
                         "Scores the date tagger against the TIMEX3 of type DATE in TimeML .tml files.\n";
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            std::cerr << "annals-eval timeml: unknown option " << a << "\n";
            return 2;
        } else {
            dirs.push_back(a);
        }
    }
    if (dirs.empty()) {
        std::cerr << "usage: annals-eval timeml DIR... [--json OUT] [--errors]\n";
        return 2;
    }
    std::vector<Doc> docs;
    for (const auto& dir : dirs) {
        std::vector<fs::path> files;
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".tml") files.push_back(it->path());
        if (ec) {
            std::cerr << "annals-eval timeml: cannot list " << dir << ": " << ec.message() << "\n";
            return 2;
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            std::cerr << "annals-eval timeml: no .tml files in " << dir << "\n";
            return 2;
        }
        for (const auto& f : files) {
            std::string error;
            auto d = read_tml(f, error);
            if (!d) {
                std::cerr << "annals-eval timeml: " << error << "\n";
                return 2;
            }
            docs.push_back(std::move(*d));
        }
    }

    Counts c;
    std::size_t chars = 0;
    std::vector<std::vector<annals::Entity>> results(docs.size());
    std::vector<std::optional<annals::detail::CivilDate>> refs(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
        refs[i] = annals::detail::parse_iso_date(docs[i].published);
        chars += docs[i].body.size();
    }
    // Time the tagger alone, repeated until the measurement is long enough to trust.
    const auto t0 = annals::cli::thread_cpu_seconds();
    int rounds = 0;
    double seconds = 0;
    do {
        for (std::size_t i = 0; i < docs.size(); ++i)
            results[i] = annals::detail::find_dates(docs[i].body, annals::Field::Body, refs[i]);
        ++rounds;
        seconds = annals::cli::thread_cpu_seconds() - t0;
    } while (seconds < 0.5 && rounds < 1000);
    const double speed = seconds > 0 ? static_cast<double>(chars) * rounds / seconds : 0.0;

    long others = 0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        score(results[i], docs[i].gold, c);
        for (const auto& g : docs[i].gold) others += g.type != "DATE";
        if (errors_out) {
            // One line per disagreement: FP, FN and wrong values, for tuning.
            for (const auto& g : docs[i].gold) {
                if (g.type != "DATE") continue;
                const annals::Entity* hit = nullptr;
                for (const auto& e : results[i])
                    if (overlaps(e.start, e.end, g.start, g.end)) hit = &e;
                const std::string gtext = docs[i].body.substr(g.start, g.end - g.start);
                if (!hit) std::cout << "FN\t" << docs[i].name << "\t" << gtext << "\t" << g.value << "\n";
                else if (hit->value != g.value || hit->start != g.start || hit->end != g.end) {
                    const std::size_t a = g.start > 100 ? g.start - 100 : 0;
                    std::string ctx = docs[i].body.substr(a, g.end + 30 - a);
                    std::replace(ctx.begin(), ctx.end(), '\n', ' ');
                    std::cout << (hit->value != g.value ? "VAL\t" : "SPAN\t") << docs[i].name << "\t" << gtext
                              << "\t" << g.value << "\t" << hit->text << "\t" << hit->value << "\t" << ctx << "\n";
                }
            }
            for (const auto& e : results[i]) {
                bool any = false;
                for (const auto& g : docs[i].gold) any = any || overlaps(e.start, e.end, g.start, g.end);
                if (!any) {
                    const std::size_t a = e.start > 40 ? e.start - 40 : 0;
                    std::string ctx = docs[i].body.substr(a, e.end + 20 - a);
                    std::replace(ctx.begin(), ctx.end(), '\n', ' ');
                    std::cout << "FP\t" << docs[i].name << "\t" << e.text << "\t" << e.value << "\t" << ctx << "\n";
                }
            }
        }
    }
    const Prf strict = prf(c.strict_tp, c.pred, c.gold);
    const Prf relaxed = prf(c.relaxed_tp, c.pred, c.gold);
    const Prf value = prf(c.value_tp, c.pred, c.gold);
    const double accuracy = c.relaxed_tp ? static_cast<double>(c.value_tp) / c.relaxed_tp : 0.0;

    std::string where;
    for (const auto& d : dirs) where += (where.empty() ? "" : " ") + d;
    std::printf("timex: %s: %zu documents, %ld gold DATE (+%ld TIME/DURATION/SET), %ld predicted dates scored, "
                "%ld ignored (only on a TIME/DURATION/SET)\n",
                where.c_str(), docs.size(), c.gold, others, c.pred, c.ignored);
    std::printf("%-8s %9s %7s %6s %6s\n", "match", "precision", "recall", "F1", "tp");
    std::printf("%-8s %9.3f %7.3f %6.3f %6ld\n", "strict", strict.p, strict.r, strict.f, c.strict_tp);
    std::printf("%-8s %9.3f %7.3f %6.3f %6ld\n", "relaxed", relaxed.p, relaxed.r, relaxed.f, c.relaxed_tp);
    std::printf("%-8s %9.3f %7.3f %6.3f %6ld\n", "value", value.p, value.r, value.f, c.value_tp);
    std::printf("value accuracy %.3f (%ld/%ld relaxed matches)\n", accuracy, c.value_tp, c.relaxed_tp);
    std::printf("speed %.0f characters/second (%zu characters x %d rounds in %.3f s of CPU time, one thread)\n", speed, chars,
                rounds, seconds);
    std::printf("timex: relaxed F1 %.3f strict F1 %.3f value acc %.3f value F1 %.3f (%ld gold DATE)\n", relaxed.f,
                strict.f, accuracy, value.f, c.gold);
    if (!json_out.empty()) {
        std::ofstream out(json_out);
        if (!out) {
            std::cerr << "annals-eval timeml: cannot write " << json_out << "\n";
            return 2;
        }
        char buf[1024];
        std::snprintf(buf, sizeof buf,
                      "{\"data\": \"%s\", \"documents\": %zu, \"counts\": {\"gold\": %ld, \"pred\": %ld, "
                      "\"ignored\": %ld, \"strict_tp\": %ld, \"relaxed_tp\": %ld, \"value_tp\": %ld}, "
                      "\"scores\": {\"strict\": {\"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f}, "
                      "\"relaxed\": {\"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f}, "
                      "\"value\": {\"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f}, "
                      "\"value_accuracy\": %.4f}, \"chars_per_second\": %.0f}\n",
                      json_escape(where).c_str(), docs.size(), c.gold, c.pred, c.ignored, c.strict_tp,
                      c.relaxed_tp, c.value_tp, strict.p, strict.r, strict.f, relaxed.p, relaxed.r, relaxed.f,
                      value.p, value.r, value.f, accuracy, speed);
        out << buf;
    }
    return 0;
}
