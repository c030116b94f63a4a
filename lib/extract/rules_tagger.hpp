// Rule-based named-entity tagger: titles and first names mark people, the
// curated organisation table and organisation head words mark organisations,
// the gazetteer marks places; later surnames of people found are tagged too.
// It is the backup when no statistical model is built in, and the pipeline
// uses its gazetteer place and organisation matches to complete the model's
// output.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "extract/ner.hpp"
#include "extract/tokenize.hpp"

namespace annals::detail {

/// Which rule found a mention: the pipeline trusts some rules more than others
/// next to the statistical model.
enum class Rule : std::uint8_t {
    CuratedOrg,  ///< data/curated/organizations.tsv
    Title,       ///< a person after a title ("Rep. Don Bacon")
    FirstName,   ///< a person starting with a known first name
    Leader,      ///< "the Biden administration"
    PersonWord,  ///< a word of a person found by another rule
    OrgHead,     ///< a name ending in an organisation word ("... Ministry")
    Gazetteer,   ///< a place name
};

/// A mention with the rule that found it.
struct RuleMention {
    Mention mention;
    Rule rule = Rule::Gazetteer;
};

class RulesTagger final : public Tagger {
  public:
    std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens) const override {
        return tag(text, tokens, "en");
    }
    /// As tag(); for @p language other than English, gazetteer names in other
    /// languages are matched too and capitalisation is not required.
    std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens,
                             std::string_view language) const;
    /// As tag(), saying which rule found each mention.
    std::vector<RuleMention> tag_rules(std::string_view text, const std::vector<Token>& tokens,
                                       std::string_view language) const;
};

/// The process-wide rule tagger (stateless; thread-safe).
const RulesTagger& rules_tagger();

/// True when @p word ends organisation names ("Committee", "Ministry", "Inc.").
bool is_org_head(std::string_view word);
/// True when @p word ends the names of bodies so surely that a name ending in it
/// is an organisation even where the tagger saw a place ("Green Climate Fund");
/// a subset of is_org_head() without words that also end places ("Centre").
bool is_body_head(std::string_view word);

/// A word that, capitalised after a place, makes the two the name of a treaty
/// ("Paris Agreement", "Kyoto Protocol", "Geneva Convention").
bool is_treaty_word(std::string_view word);

/// True when @p word is a lower-case particle inside people's names ("von", "de", "bin").
bool is_name_particle(std::string_view word);

/// True when @p word may stand inside a multi-word name although it is not
/// capitalised ("of", "de", "von", "al-Assad").
bool is_name_connector(std::string_view word);

/// True when @p word is a capitalised word that starts sentences without naming
/// anything ("The", "In", "After", "Monday").
bool is_function_word(std::string_view word);

/// True when @p token is the possessive ending the tokenizer splits off ("'s",
/// also with a typographic apostrophe).
bool is_possessive(std::string_view token);

/// True when @p word starts with an upper-case letter (any script).
bool starts_upper(std::string_view word);

}  // namespace annals::detail
