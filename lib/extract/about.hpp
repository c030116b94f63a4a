// The countries a story is about: a ranking of the countries an article names,
// weighed by where and how often (dateline, headline, lead, body), from its
// places, its demonyms ("Argentine grain board") and its national bodies
// ("Bundesbank"). The last stage of the extraction pipeline (extractor.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "annals/article.hpp"

namespace annals::detail {

/// One sign that a story concerns a country.
struct CountryEvidence {
    enum class Kind { Dateline, Place, Demonym, Organization };
    Kind kind = Kind::Place;
    std::string country;  ///< ISO 3166-1 alpha-2
    Field field = Field::Body;
    std::size_t start = 0;  ///< byte offset in that field
};

/// A country and its weight in the story.
struct CountryScore {
    std::string country;
    double score = 0;
};

/// Every country of @p evidence with its score, highest first (ties: the
/// country named first). A dateline weighs most, then a headline mention, a
/// mention in the lead (body bytes before @p lead_end), one further on; a
/// demonym or a national body weighs less than a place. Repeats add up, with
/// diminishing returns so that a long list of one country's towns does not
/// drown the rest.
std::vector<CountryScore> rank_countries(const std::vector<CountryEvidence>& evidence, std::size_t lead_end);

/// The top of @p ranking: the countries whose score is at least half the
/// first's, at most three. Empty for an empty ranking.
std::vector<std::string> top_countries(const std::vector<CountryScore>& ranking);

/// Where the lead of @p body ends: after its first paragraph (a blank line), or
/// its first sentence past 200 bytes, whichever comes first; at most 600 bytes.
std::size_t lead_end(std::string_view body);

}  // namespace annals::detail
