#include "search/related.hpp"

#include <algorithm>
#include <cmath>

namespace annals::detail {

namespace {
// k * log(k / expected), 0 for an empty cell.
double term(double k, double expected) { return k > 0 && expected > 0 ? k * std::log(k / expected) : 0; }
}  // namespace

double significance(std::size_t count, std::size_t total, std::size_t archive_count, std::size_t archive) {
    // The results and the rest of the archive; the counts may disagree slightly
    // when the archive changed between the two counts, so clamp.
    archive_count = std::max(archive_count, count);
    archive = std::max({archive, total, archive_count});
    const double k11 = static_cast<double>(count);                                    // results, names it
    const double k12 = static_cast<double>(total - std::min(count, total));           // results, does not
    const double k21 = static_cast<double>(archive_count - count);                    // elsewhere, names it
    const double rest = static_cast<double>(archive - total);
    const double k22 = std::max(0.0, rest - k21);                                     // elsewhere, does not
    const double n = k11 + k12 + k21 + k22;
    if (n <= 0 || k11 + k12 <= 0 || k21 + k22 <= 0) return 0;
    // Over-represented only: the share in the results must exceed the share elsewhere.
    if (k11 / (k11 + k12) <= k21 / (k21 + k22)) return 0;
    const double row1 = k11 + k12, row2 = k21 + k22, col1 = k11 + k21, col2 = k12 + k22;
    const double g2 = 2 * (term(k11, row1 * col1 / n) + term(k12, row1 * col2 / n) + term(k21, row2 * col1 / n) +
                           term(k22, row2 * col2 / n));
    return std::max(0.0, g2);
}

std::vector<RelatedEntity> rank_related(const std::map<std::string, std::size_t>& in_results,
                                        const std::map<std::string, std::size_t>& in_archive, std::size_t total,
                                        std::size_t archive, std::size_t limit) {
    const bool everything = total >= archive;
    std::vector<RelatedEntity> out;
    for (const auto& [value, count] : in_results) {
        if (!count) continue;
        const auto it = in_archive.find(value);
        RelatedEntity e;
        e.value = value;
        e.count = count;
        e.archive_count = std::max(count, it == in_archive.end() ? count : it->second);
        e.score = significance(count, total, e.archive_count, archive);
        if (e.score > 0 || everything) out.push_back(std::move(e));
    }
    // Map order breaks the remaining ties by name.
    std::stable_sort(out.begin(), out.end(), [](const RelatedEntity& a, const RelatedEntity& b) {
        return a.score != b.score ? a.score > b.score : a.count > b.count;
    });
    if (limit && out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace annals::detail
