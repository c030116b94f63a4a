// Name tagging of one field of an article (title or body): the first stage of
// the extraction pipeline (extractor.cpp), before names become entities.
#pragma once

#include <string_view>
#include <vector>

#include "extract/ner.hpp"
#include "extract/tokenize.hpp"

namespace annals::detail {

/// The text of token @p t of @p text.
inline std::string_view span_of(std::string_view text, const Token& t) {
    return text.substr(t.start, t.end - t.start);
}

/// A tagged span, and whether its person is sure enough to lend its words to
/// other mentions (titled, or starting with a known first name).
struct Tagged {
    Mention m;
    bool anchor = false;
};

/// The names in @p text (tokens @p tokens) in order of first token: the
/// statistical model's (for English), with the rules' names added where the
/// model found none, known organisations and titled people winning over what
/// the model made of the same words, and names split at their particles ("von
/// der") joined. @p title_case: a headline In Title Case, where the model may
/// take a whole run of capitalised words for one name.
std::vector<Tagged> tag_field(std::string_view text, const std::vector<Token>& tokens, std::string_view language,
                              bool english, bool title_case);

}  // namespace annals::detail
