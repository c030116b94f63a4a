// Internal: Reuters-21578 SGML (the .sgm files of D. D. Lewis's distribution).
#pragma once

#include <string_view>
#include <vector>

#include "annals/article.hpp"
#include "ingest/record.hpp"

namespace annals::detail {

/// Cuts a .sgm file into its <REUTERS>...</REUTERS> elements, each with the
/// line it starts on. Text between elements (the DOCTYPE) is skipped. A file
/// without any <REUTERS> element yields one record of the whole text (when it
/// is not blank), which parse_reuters() then rejects. Never throws.
std::vector<Record> split_reuters(std::string_view text);

/// One <REUTERS> element to an article: id "reuters-NEWID", DATE as published,
/// TITLE, DATELINE (without its date), BODY (hard-wrapped lines joined into
/// paragraphs, the closing "Reuter" dropped), TOPICS as categories and
/// PLACES, PEOPLE and ORGS as curated names ("el-salvador" -> "El Salvador",
/// "usa" -> "United States", "opec" -> "OPEC"). Entities (&lt; &amp; &#N;) are
/// decoded, control characters dropped, and a record that is not UTF-8 is read
/// as windows-1252. A brief (TYPE="BRIEF") keeps its title and no body; an
/// unprocessed story (TYPE="UNPROC") takes its first line as title. Throws
/// InputError (no location) when the record is not a complete <REUTERS>
/// element, has no NEWID, or has neither title nor text. Thread-safe.
Article parse_reuters(std::string_view record);

}  // namespace annals::detail
