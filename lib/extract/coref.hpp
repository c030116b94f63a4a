// In-document coreference for people: a surname or a first name alone refers
// to the full name it shares a word with ("Rubio" and "Marco" after "Marco
// Rubio"), nearest mention first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annals::detail {

/// The canonical name for each person mention of a document. @p names are the
/// mentions as written (titles and possessives already removed) in reading
/// order; the result has one entry per name. Multi-word names are their own
/// canonical form; a one-word name takes the nearest full name (earlier ones
/// first, then later ones) whose last word (surname) or, failing that, first
/// word equals it, compared case-insensitively.
std::vector<std::string> resolve_people(const std::vector<std::string>& names);

/// @p name without a leading title or honorific ("Sen. Bacon" -> "Bacon") and
/// a trailing possessive ("Rubio's" -> "Rubio"); offsets move accordingly:
/// returns {skip from the front, skip from the back} in bytes.
std::pair<std::size_t, std::size_t> person_trim(std::string_view name);

}  // namespace annals::detail
