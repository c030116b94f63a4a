// Rule-based named-entity tagger: titles and first names mark people, the
// curated organisation table and organisation head words mark organisations,
// the gazetteer marks places; later surnames of people found are tagged too.
// It is the backup when no statistical model is built in, and the pipeline
// uses its gazetteer place and organisation matches to complete the model's
// output.
#pragma once

#include <string_view>
#include <vector>

#include "extract/ner.hpp"
#include "extract/tokenize.hpp"

namespace annals::detail {

class RulesTagger final : public Tagger {
  public:
    std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens) const override {
        return tag(text, tokens, "en");
    }
    /// As tag(); for @p language other than English, gazetteer names in other
    /// languages are matched too and capitalisation is not required.
    std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens,
                             std::string_view language) const;
};

/// The process-wide rule tagger (stateless; thread-safe).
const RulesTagger& rules_tagger();

/// True when @p word starts with an upper-case letter (any script).
bool starts_upper(std::string_view word);

}  // namespace annals::detail
