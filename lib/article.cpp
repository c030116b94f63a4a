#include "annals/article.hpp"

#include <cstdint>
#include <string_view>
#include <unordered_set>

namespace annals {

std::string_view to_string(EntityType type) noexcept {
    switch (type) {
        case EntityType::Person: return "person";
        case EntityType::Place: return "place";
        case EntityType::Organization: return "organization";
        case EntityType::Date: return "date";
    }
    return "?";
}

std::string_view to_string(Field field) noexcept {
    switch (field) {
        case Field::Title: return "title";
        case Field::Dateline: return "dateline";
        case Field::Body: break;
    }
    return "body";
}

std::optional<EntityType> entity_type_from_string(std::string_view name) noexcept {
    if (name == "person") return EntityType::Person;
    if (name == "place") return EntityType::Place;
    if (name == "organization" || name == "org") return EntityType::Organization;
    if (name == "date") return EntityType::Date;
    return std::nullopt;
}

std::vector<std::string> Article::names(EntityType type) const {
    std::vector<std::string> out;
    std::unordered_set<std::string_view> seen;  // views into this article's strings
    auto add = [&](const std::string& name) {
        if (!name.empty() && seen.insert(name).second) out.push_back(name);
    };
    const std::vector<std::string>* curated = nullptr;
    switch (type) {
        case EntityType::Person: curated = &people; break;
        case EntityType::Place: curated = &places; break;
        case EntityType::Organization: curated = &organizations; break;
        case EntityType::Date: break;
    }
    if (curated)
        for (const auto& name : *curated) add(name);
    for (const auto& e : entities)
        if (e.type == type) add(type == EntityType::Date ? e.value : e.canonical);
    return out;
}

namespace {
// FNV-1a, 64 bit: stable across platforms and releases, which std::hash is not.
std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h ^ 0xff;  // field separator, so ("ab","c") and ("a","bc") differ
}

std::string hex(std::uint64_t v) {
    static const char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) out[i] = digits[v & 15];
    return out;
}
}  // namespace

std::string derive_id(const Article& a) {
    std::uint64_t h = 14695981039346656037ull;
    if (!a.url.empty()) return "u" + hex(fnv1a(h, a.url));
    for (const std::string* s : {&a.publication, &a.title, &a.published, &a.body}) h = fnv1a(h, *s);
    return "h" + hex(h);
}

}  // namespace annals
