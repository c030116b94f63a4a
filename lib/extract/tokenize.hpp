// Internal tokenizer for entity extraction. Offsets are UTF-8 bytes into the
// text, so mentions map straight back to the article (docs/formats.md, annals-index --extract).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace annals::detail {

/// One token: text.substr(start, end - start).
struct Token {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    bool sentence_start = false;  ///< first token of a sentence (or of a line/paragraph)
};

/// Splits text into tokens the way CoNLL-2003 / Penn Treebank news text is
/// tokenised: words, numbers ("1,000.5"), abbreviations with dots ("U.S.",
/// "Mr."), possessive "'s" split off ("Rubio" "'s", also with ’), punctuation
/// as single tokens, hyphenated words kept whole. Text that is not English
/// (language other than "en") is segmented with ICU's word break rules.
/// Never throws on any input, including invalid UTF-8.
std::vector<Token> tokenize(std::string_view text, std::string_view language = "en");

}  // namespace annals::detail
