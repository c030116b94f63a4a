// read_meta(): a page's metadata from its JSON-LD, <meta> tags, <time> and
// author markup, each field from the most reliable source that has it.
#pragma once

#include <string>
#include <vector>

#include "ingest/html_doc.hpp"

namespace annals::detail::html {

struct PageMeta {
    std::string title;      ///< the headline, without the site's name ("X | TheHill" -> "X")
    std::string site;       ///< publication: JSON-LD publisher, og:site_name
    std::string url;        ///< canonical URL
    std::string language;   ///< BCP 47 tag as the page gives it ("" when none)
    std::string published;  ///< ISO 8601 ("" when none)
    std::string article_body;  ///< JSON-LD articleBody ("" when none)
    std::vector<std::string> authors;
    std::vector<std::string> sections;
};

/// Reads the metadata of @p doc. @p h1 is the page's first level-one heading
/// ("" when none): it is the headline when the title tags contain it.
PageMeta read_meta(const Doc& doc, const std::string& h1);

/// @p title without a site name before or after a separator (" | ", " - ",
/// " – ", " — ", " :: ", " · ", " » "): the part equal to @p site, or failing
/// that short parts of four words or less beside a longer one.
std::string strip_site_name(const std::string& title, const std::string& site);

}  // namespace annals::detail::html
