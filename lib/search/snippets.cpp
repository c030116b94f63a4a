#include "search/snippets.hpp"

namespace annals::detail {

namespace {
constexpr std::size_t kSnippetBytes = 200;
}

SnippetMaker::SnippetMaker(const Xapian::Database& db, const std::vector<std::string>& terms) : enquire_(db) {
    // With no terms at all MSet::snippet returns only "...": a term that never occurs
    // makes it fall back to the start of the text instead.
    static const std::vector<std::string> none{"XXno-highlight"};
    const auto& list = terms.empty() ? none : terms;
    enquire_.set_query(Xapian::Query(Xapian::Query::OP_OR, list.begin(), list.end()));
    // No documents are needed: MSet::snippet only reads the query and term statistics.
    mset_ = enquire_.get_mset(0, 0);
}

std::string SnippetMaker::operator()(const std::string& text) const {
    return mset_.snippet(text, kSnippetBytes, Xapian::Stem("english"),
                         Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, "<b>", "</b>",
                         "...");
}

}  // namespace annals::detail
