// Articles to and from JSON (docs/formats.md: the article record, --extract).
#include "annals/json.hpp"

#include <array>

#include "annals/error.hpp"
#include "annals/ingest.hpp"
#include "json_article.hpp"
#include "util/json.hpp"
#include "util/text.hpp"

namespace annals {

namespace {

namespace json = detail::json;

[[noreturn]] void reject(const json::Value& at, std::string_view field, const std::string& why) {
    std::string reason = "column " + std::to_string(at.column()) + ": ";
    if (!field.empty()) reason += std::string(field) + ": ";
    throw InputError("", at.line(), reason + why);
}

std::string kind_name(const json::Value& v) {
    switch (v.kind()) {
        case json::Value::Kind::Null: return "null";
        case json::Value::Kind::Bool: return "a boolean";
        case json::Value::Kind::Number: return "a number";
        case json::Value::Kind::String: return "a string";
        case json::Value::Kind::Array: return "an array";
        case json::Value::Kind::Object: return "an object";
    }
    return "?";
}

std::string get_string(const json::Value& v, std::string_view field) {
    if (v.is_null()) return {};
    if (!v.is_string()) reject(v, field, "expected a string, found " + kind_name(v));
    return v.string();
}

std::vector<std::string> get_strings(const json::Value& v, std::string_view field) {
    std::vector<std::string> out;
    if (v.is_null()) return out;
    if (v.is_string()) {  // a lone string where a list is expected is a list of one
        if (!detail::trim(v.string()).empty()) out.emplace_back(detail::trim(v.string()));
        return out;
    }
    if (!v.is_array()) reject(v, field, "expected an array of strings, found " + kind_name(v));
    for (const auto& item : v.items()) {
        if (!item.is_string()) reject(item, field, "expected an array of strings, found " + kind_name(item) + " in it");
        std::string_view s = detail::trim(item.string());
        if (!s.empty()) out.emplace_back(s);
    }
    return out;
}

Entity get_entity(const json::Value& v) {
    constexpr std::string_view f = "entities";
    if (!v.is_object()) reject(v, f, "expected an object, found " + kind_name(v));
    Entity e;
    auto num = [&](const char* key) -> const json::Value* {
        const json::Value* n = v.find(key);
        if (n && !n->is_null() && n->kind() != json::Value::Kind::Number)
            reject(*n, f, std::string(key) + " must be a number");
        return n && !n->is_null() ? n : nullptr;
    };
    auto str = [&](const char* key) -> std::string {
        const json::Value* s = v.find(key);
        return s ? get_string(*s, f) : std::string();
    };
    std::string type = str("type");
    auto t = entity_type_from_string(type);
    if (!t) reject(v, f, "unknown entity type \"" + type + "\"");
    e.type = *t;
    std::string field = str("field");
    if (field == "title") e.field = Field::Title;
    else if (field == "dateline") e.field = Field::Dateline;
    else if (field == "body" || field.empty()) e.field = Field::Body;
    else reject(v, f, "unknown entity field \"" + field + "\"");
    const json::Value* start = num("start");
    const json::Value* end = num("end");
    if (!start || !end || start->number() < 0 || end->number() < start->number())
        reject(v, f, "start and end must be offsets with start <= end");
    e.start = static_cast<std::size_t>(start->number());
    e.end = static_cast<std::size_t>(end->number());
    e.text = str("text");
    e.canonical = str("canonical");
    e.country = str("country");
    e.value = str("value");
    if (auto* lat = num("lat")) e.lat = lat->number();
    if (auto* lon = num("lon")) e.lon = lon->number();
    if (auto* g = num("geonames")) e.geonames = static_cast<long>(g->number());
    return e;
}

// Raw JSON text without whitespace outside strings: to_json() promises one line,
// and an unknown field may have been written over several.
std::string compact(std::string_view raw) {
    if (raw.find_first_of("\n\r") == std::string_view::npos) return std::string(raw);
    std::string out;
    out.reserve(raw.size());
    bool in_string = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (in_string) {
            out.push_back(c);
            if (c == '\\' && i + 1 < raw.size()) out.push_back(raw[++i]);
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
            out.push_back(c);
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

Article article_from_json(std::string_view text) {
    json::Value doc;
    try {
        doc = json::parse(text);
    } catch (const json::ParseError& e) {
        throw InputError("", e.line, "column " + std::to_string(e.column) + ": " + e.what());
    }
    return detail::article_from_value(doc);
}

Article detail::article_from_value(const json::Value& doc) {
    if (!doc.is_object()) reject(doc, "", "expected a JSON object, found " + kind_name(doc));

    Article a;
    struct StringField {
        std::string_view name;
        std::string Article::*member;
    };
    static const std::array<StringField, 8> strings{{
        {"id", &Article::id}, {"title", &Article::title}, {"body", &Article::body},
        {"published", &Article::published}, {"dateline", &Article::dateline},
        {"publication", &Article::publication}, {"url", &Article::url},
        {"language", &Article::language},
    }};
    struct ListField {
        std::string_view name;
        std::vector<std::string> Article::*member;
    };
    static const std::array<ListField, 7> lists{{
        {"authors", &Article::authors}, {"contributors", &Article::contributors},
        {"categories", &Article::categories}, {"people", &Article::people},
        {"places", &Article::places}, {"organizations", &Article::organizations},
        {"about_countries", &Article::about_countries},
    }};

    std::vector<std::string_view> seen;
    for (const auto& [key, value] : doc.members()) {
        // The first of repeated keys wins, as json::Value::find does.
        bool repeat = false;
        for (auto s : seen) repeat = repeat || s == key;
        if (repeat) continue;
        seen.push_back(key);

        bool known = false;
        for (const auto& f : strings)
            if (key == f.name) {
                a.*f.member = get_string(value, f.name);
                known = true;
            }
        for (const auto& f : lists)
            if (key == f.name) {
                a.*f.member = get_strings(value, f.name);
                known = true;
            }
        if (key == "entities") {
            known = true;
            if (!value.is_null()) {
                if (!value.is_array()) reject(value, key, "expected an array, found " + kind_name(value));
                for (const auto& e : value.items()) a.entities.push_back(get_entity(e));
            }
        }
        if (key == "published" && !detail::trim(a.published).empty()) {
            // A wrong date would corrupt date facets and ranges, so refuse it.
            auto iso = normalize_date(a.published);
            if (!iso) reject(value, key, "not a date: \"" + a.published + "\"");
            a.published = *iso;
        } else if (key == "published") {
            a.published.clear();
        }
        if (!known) a.extra.emplace(key, compact(value.raw()));
    }
    if (detail::trim(a.title).empty() && detail::trim(a.body).empty())
        reject(doc, "", "article has neither title nor body");
    return a;
}

std::string to_json(const Article& a, const JsonWriteOptions& options) {
    json::Writer w;
    w.begin_object();
    auto str = [&w](std::string_view k, const std::string& v) {
        if (!v.empty()) w.key(k).value(v);
    };
    auto list = [&w](std::string_view k, const std::vector<std::string>& v) {
        if (!v.empty()) w.strings(k, v);
    };
    str("id", a.id);
    str("title", a.title);
    str("published", a.published);
    str("dateline", a.dateline);
    str("publication", a.publication);
    str("url", a.url);
    str("language", a.language);
    list("authors", a.authors);
    list("contributors", a.contributors);
    list("categories", a.categories);
    list("people", a.people);
    list("places", a.places);
    list("organizations", a.organizations);
    str("body", a.body);
    for (const auto& [k, raw] : a.extra) {
        if (k == "entities" && options.entities) continue;  // never write a key twice
        w.key(k).raw(raw.empty() ? std::string_view("null") : std::string_view(raw));
    }
    list("about_countries", a.about_countries);
    if (options.entities) {
        w.key("entities").begin_array();
        for (const Entity& e : a.entities) {
            w.begin_object();
            w.key("type").value(to_string(e.type));
            w.key("field").value(to_string(e.field));
            w.key("start").value(e.start);
            w.key("end").value(e.end);
            w.key("text").value(e.text);
            if (!e.canonical.empty()) w.key("canonical").value(e.canonical);
            if (!e.country.empty()) w.key("country").value(e.country);
            if (e.lat) w.key("lat").value(*e.lat);
            if (e.lon) w.key("lon").value(*e.lon);
            if (e.geonames) w.key("geonames").value(static_cast<long long>(*e.geonames));
            if (!e.value.empty()) w.key("value").value(e.value);
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
    return w.take();
}

}  // namespace annals
