// Place linking: each place mention's gazetteer candidates weighed by the
// document's context (the countries it names, the regions of its other places,
// its dateline, "X, Y" neighbours such as "Paris, Texas"). A stage of the
// extraction pipeline (extractor.cpp).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "annals/article.hpp"
#include "extract/gazetteer.hpp"
#include "extract/tokenize.hpp"

namespace annals::detail {

/// A name mention while the pipeline works on it.
struct Work {
    Entity e;
    std::vector<PlaceCandidate> cands;  ///< places: gazetteer candidates
    int next_comma_token = -1;          ///< places: token index of Y in "X, Y"
};

/// Countries and admin areas the document talks about, with the contribution of
/// each place mention kept apart so that a mention does not vote for itself.
struct Context {
    std::map<std::string, double> countries;  ///< from country mentions, demonyms, dateline
    std::map<std::string, double> local_cc;   ///< countries of city/subdivision mentions
    std::map<std::string, double> local_admin;
};

/// Whether @p key (folded) names a country.
bool names_country(const Lexicon& lex, std::string_view key);

/// How likely a candidate is before context: a country beats any city named
/// like it, a US state most towns; curated names gain, foreign names lose.
double prior(const PlaceCandidate& c);

/// Adds the votes of mention @p w: a country (or region) name votes for its
/// country in @p cc_votes; a city's or subdivision's candidates share one vote
/// in @p local_cc and in @p local_admin.
void linking_votes(const Work& w, std::map<std::string, double>& cc_votes, std::map<std::string, double>& local_cc,
                   std::map<std::string, double>& local_admin);

/// The best candidate for a place mention, or nullptr when it has none;
/// *support is how much of its score came from the document's context rather
/// than from the candidate itself. @p following, @p preceding: the candidates
/// of the name after or before it in "X, Y"; @p dateline: the dateline's places.
const PlaceCandidate* choose(const Work& w, const Context& ctx, const std::vector<PlaceCandidate>& following,
                             const std::vector<PlaceCandidate>& preceding,
                             const std::vector<const PlaceRecord*>& dateline, double* support);

/// The story's dateline, linked.
struct DatelineLink {
    std::vector<const PlaceRecord*> places;  ///< the place it names (at most one)
    std::optional<Entity> mention;           ///< that place as a mention (field dateline, or body)
    /// For a dateline that opens the body: the bytes of its place and regions,
    /// which no other mention may claim.
    std::optional<std::pair<std::size_t, std::size_t>> body_span;
};

/// Links the record's dateline, else a dateline that opens the body
/// (dateline.hpp), and adds its votes to @p ctx ("London, UK": the country
/// after the place votes twice, the place's country once).
DatelineLink link_dateline(const Article& article, bool english, Context& ctx);

/// Links every place of @p work (canonical name, country, point, GeoNames id)
/// from @p ctx and the dateline's places; an "X, Y" pair pins both names for
/// the rest of the story; a small town chosen for its name alone in a story
/// about elsewhere stays unlinked. Body mentions' tokens are @p body_tokens,
/// title mentions' @p title_tokens.
void link_places(std::vector<Work>& work, const std::vector<Token>& body_tokens,
                 const std::vector<Token>& title_tokens, const Context& ctx,
                 const std::vector<const PlaceRecord*>& dateline);

}  // namespace annals::detail
