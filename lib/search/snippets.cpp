#include "search/snippets.hpp"

namespace annals::detail {

namespace {
constexpr std::size_t kSnippetBytes = 200;
}

SnippetMaker::SnippetMaker(const Xapian::Database& db, const std::vector<std::string>& terms) : enquire_(db) {
    enquire_.set_query(terms.empty() ? Xapian::Query() : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    // No documents are needed: MSet::snippet only reads the query and term statistics.
    mset_ = enquire_.get_mset(0, 0);
}

std::string SnippetMaker::operator()(const std::string& text) const {
    return mset_.snippet(text, kSnippetBytes, Xapian::Stem("english"),
                         Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, "<b>", "</b>",
                         "...");
}

}  // namespace annals::detail
