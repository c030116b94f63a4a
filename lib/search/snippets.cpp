#include "search/snippets.hpp"

#include "index/schema.hpp"

namespace annals::detail {

namespace {
constexpr std::size_t kSnippetBytes = 200;

std::string escape_html(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
    return out;
}

// The start of @p text, cut at a space (or at least a UTF-8 boundary) near kSnippetBytes.
std::string lead(std::string_view text) {
    if (text.size() <= kSnippetBytes) return escape_html(text);
    std::size_t cut = text.rfind(' ', kSnippetBytes);
    if (cut == std::string_view::npos || cut < kSnippetBytes / 2) {
        cut = kSnippetBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    return escape_html(text.substr(0, cut)) + "...";
}

// Paragraph breaks inside an excerpt read as one line in a result list.
std::string one_line(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The first bytes of the stem terms ("Z" + stem) among @p terms.
std::string stem_initials(const std::vector<std::string>& terms) {
    std::string out;
    for (const auto& t : terms)
        if (t.size() > 1 && t[0] == 'Z' && out.find(t[1]) == std::string::npos) out += t[1];
    return out;
}
}  // namespace

SnippetMaker::SnippetMaker(const Xapian::Database& db, const std::vector<std::string>& terms)
    : enquire_(db), stemmer_(schema::folding_stemmer(stem_initials(terms))), highlight_(!terms.empty()) {
    if (!highlight_) return;
    enquire_.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    // No documents are needed: MSet::snippet only reads the query and term statistics.
    mset_ = enquire_.get_mset(0, 0);
}

std::string SnippetMaker::operator()(const std::string& text) const {
    // Nothing typed to highlight (an empty or fields-only query): the article's opening.
    if (!highlight_) return one_line(lead(text));
    // Only the query's words weigh. Xapian's background model, which also weighs
    // the other words by their rarity, asks the archive for the frequency of
    // every word it reads: a third of what the snippets of a page of hits cost
    // (docs/scaling.md). Xapian stops reading at the first window with a query
    // word once the text moves past it, usually early in the body.
    std::string out = mset_.snippet(text, kSnippetBytes, stemmer_, 0, "<b>", "</b>", "...");
    // No query word in the text (the article matched on its title or a field):
    // without weights Xapian would show the text's last window; show its opening.
    if (out.find("<b>") == std::string::npos) return one_line(lead(text));
    return one_line(std::move(out));
}

}  // namespace annals::detail
