// Uses the installed public API only: extract entities from one article.
#include <annals/annals.hpp>

#include <iostream>

int main() {
    annals::Article a = annals::article_from_json(
        R"({"title": "Talks in Geneva", "body": "Marco Rubio met officials in Geneva on Tuesday."})");
    annals::Extractor().annotate(a);
    bool found = false;
    for (const auto& e : a.entities) found |= e.canonical == "Geneva";
    std::cout << "annals " << ANNALS_VERSION << ": " << a.entities.size() << " entities\n";
    return found ? 0 : 1;
}
