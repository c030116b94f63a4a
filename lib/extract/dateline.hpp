// Datelines: the place line above a story ("COMMACK, N.Y., Feb 26") or at the
// start of its body ("KYIV (Reuters) - "). The extraction pipeline links the
// place they name (linking.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace annals::detail {

/// The US state a dateline abbreviates the way news agencies do ("Calif.",
/// "N.Y.", "Penn", "ILL."): "California"; nullopt for anything else.
std::optional<std::string_view> us_state_of_abbreviation(std::string_view text);

/// A dateline that opens a body.
struct BodyDateline {
    std::size_t start = 0, end = 0;  ///< the place, in the body
    std::size_t regions_end = 0;     ///< the end of its regions ("Calif."), in the body
    std::string line;                ///< the place and its regions, as a dateline field holds them
};

/// The dateline that opens @p body, as news agencies write it: "KYIV (Reuters) - ",
/// "SANTA CLARA, Calif., March 3 - ", "NEW YORK, Nov 27 (AP) \u2014 ": a place in
/// capitals, then regions, a date or the agency up to the dash; nullopt when the
/// body opens otherwise.
std::optional<BodyDateline> body_dateline(std::string_view body);

}  // namespace annals::detail
