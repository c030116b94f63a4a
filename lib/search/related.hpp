// Related entities: the people, places or organisations that a result set names
// significantly more often than the rest of the archive. Counting is the facet
// code's (search/facets.hpp); this ranks the counts. The score is Dunning's
// log-likelihood ratio G² of the 2x2 table {in results, elsewhere} x {names the
// entity, does not}: unlike the plain ratio of frequencies it does not put an
// entity named once in the results and nowhere else first, and unlike the raw
// count it does not list the archive's most frequent names for every query.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "annals/search.hpp"

namespace annals::detail {

/// G² of an entity named by @p count of the @p total matching articles and by
/// @p archive_count of all @p archive articles; 0 when the results name it no
/// more often than the rest of the archive does.
double significance(std::size_t count, std::size_t total, std::size_t archive_count, std::size_t archive);

/// The entities of @p in_results (value -> matching articles naming it), scored
/// against @p in_archive (value -> articles of the archive naming it), best
/// first, at most @p limit (0 = all); entities with score 0 are left out unless
/// the results are the whole archive.
std::vector<RelatedEntity> rank_related(const std::map<std::string, std::size_t>& in_results,
                                        const std::map<std::string, std::size_t>& in_archive, std::size_t total,
                                        std::size_t archive, std::size_t limit);

}  // namespace annals::detail
