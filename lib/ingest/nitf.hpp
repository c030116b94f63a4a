// Internal: NITF 3.x XML (IPTC's News Industry Text Format), one article a file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "annals/article.hpp"
#include "ingest/record.hpp"

namespace annals::detail {

/// The name of the root element of XML text (after an optional byte order mark,
/// the XML declaration, comments, processing instructions and the DOCTYPE),
/// prefix included; empty when the text does not start like XML.
std::string xml_root_name(std::string_view text);

/// A NITF file is one document: one record of the whole text, at line 1.
std::vector<Record> split_nitf(std::string_view text);

/// One NITF document to an article: doc-id as id, hedline/hl1 as title, byline
/// (its <person>s, else its text without "By" and <byttl>) as authors, dateline
/// (without story.date) as dateline, pubdata's date.publication, else
/// date.issue, else date.release as published, pubdata's name as publication,
/// tobject.subject types as categories, body.content's paragraphs as body, and
/// every <person>, <location> and <org> outside the byline as curated names.
/// Parsed with libxml2, without network access or external DTDs. Throws
/// InputError (its line relative to @p text) when the XML is not well formed,
/// when the root element is not <nitf> (naming the root found), or when the
/// document has neither headline nor body text. Thread-safe.
Article parse_nitf(std::string_view text);

}  // namespace annals::detail
