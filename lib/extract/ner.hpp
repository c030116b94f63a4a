// Internal named-entity tagger: finds person, place and organisation mentions
// as token spans. Canonical forms, coreference and gazetteer links are added
// afterwards by the extraction pipeline (lib/extract/extractor.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "annals/article.hpp"
#include "extract/tokenize.hpp"

namespace annals::detail {

/// A tagged span: tokens [first, last] of the token list passed to tag().
struct Mention {
    EntityType type = EntityType::Person;  ///< Person, Place or Organization
    std::uint32_t first = 0;
    std::uint32_t last = 0;
};

/// The built-in tagger. Loaded once per process, shared read-only; tag() is
/// thread-safe.
class Tagger {
  public:
    virtual ~Tagger() = default;
    /// Mentions in @p text, whose tokens are @p tokens (from tokenize(text)),
    /// in order, non-overlapping.
    virtual std::vector<Mention> tag(std::string_view text, const std::vector<Token>& tokens) const = 0;
    /// As tag(); also puts in @p other the names the tagger found that are of
    /// none of the three types (events, works, nationalities: "Fed Cup", "Labour
    /// Day"), their type meaningless. Taggers that know no such names leave it empty.
    virtual std::vector<Mention> tag_all(std::string_view text, const std::vector<Token>& tokens,
                                         std::vector<Mention>& other) const {
        other.clear();
        return tag(text, tokens);
    }
    /// The tagger the library uses (statistical model when built in, else rules).
    static const Tagger& builtin();
};

}  // namespace annals::detail
