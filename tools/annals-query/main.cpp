// annals-query: faceted full-text search over an archive (docs/formats.md, annals-query).
// A thin shell over annals::Searcher: options in, results out as text or JSON.
#include <annals/annals.hpp>

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "chart.hpp"
#include "cli.hpp"

namespace po = boost::program_options;
using namespace annals;

namespace {

const char* const kProgram = "annals-query";

const char* const kUsage =
    "Usage: annals-query --db DIR [--db DIR...] [options] QUERY...\n"
    "\n"
    "Searches the archive in DIR, or several as one (repeat --db; an archive on\n"
    "another machine, served by Xapian's xapian-tcpsrv, is tcp://HOST:PORT), with\n"
    "exact totals and facet counts over all of them. The words of QUERY are joined with spaces; quote\n"
    "the whole query for your shell when it holds quotes or parentheses:\n"
    "  annals-query --db news.db 'person:rubio \"security guarantees\"'\n"
    "\n"
    "  annals-query --db news.db --facet person --facet year 'date:2024.. NATO'\n"
    "\n"
    "Query language (docs/query-language.md): words (all must match), \"phrases\",\n"
    "AND, OR, NOT, -word, ( ), word*, a NEAR b, and the fields title: person: place:\n"
    "country: about_country: org: author: category: publication: lang: id: date:\n"
    "mentions: near: like:.\n"
    "Dates: date:2025, date:2025-11, date:2025-11-01..2025-11-30, date:..2022-02,\n"
    "date:2024.., date:today, date:\"last week\", date:30d.. (last 30 days).\n"
    "Places nearby: near:kyiv~300km, near:\"new york\"~50mi, near:50.45,30.52~20km\n"
    "(articles mentioning a city or town within the radius; --sort distance).\n"
    "Place and organisation names also match their other names: kiev finds Kyiv,\n"
    "\"united states\" finds U.S., nato finds North Atlantic Treaty Organization.\n"
    "\n"
    "Facets: person place country about_country organization author category\n"
    "publication year month mentioned_year (repeat --facet or separate with commas).\n"
    "The text output draws year, month and mentioned_year as a bar chart ($COLUMNS\n"
    "wide, 80 when unset; '#' bars when not on a terminal).\n"
    "\n"
    "  annals-query --db news.db --like sample-002 'date:2022..'\n"
    "  annals-query --db news.db --related person --related place 'crimea'\n"
    "\n"
    "Exit status: 0 the query ran (also with no hits), 1 the archive cannot be\n"
    "opened, 2 query or usage error (the message gives the query position).\n"
    "\n"
    "Options";

// Text output: <b>...</b> becomes bold on a terminal and *...* elsewhere; HTML
// entities in the snippet are decoded.
std::string plain_snippet(const std::string& html, bool tty) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '<' && html[i] != '&') {
            out += html[i++];
            continue;
        }
        auto starts = [&](const char* s) { return html.compare(i, std::char_traits<char>::length(s), s) == 0; };
        if (starts("<b>")) { out += tty ? "\033[1m" : "*"; i += 3; }
        else if (starts("</b>")) { out += tty ? "\033[0m" : "*"; i += 4; }
        else if (starts("&amp;")) { out += '&'; i += 5; }
        else if (starts("&lt;")) { out += '<'; i += 4; }
        else if (starts("&gt;")) { out += '>'; i += 4; }
        else if (starts("&quot;")) { out += '"'; i += 6; }
        else if (starts("&#39;")) { out += '\''; i += 5; }
        else out += html[i++];
    }
    return out;
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

bool is_timeline(const std::string& facet) {
    return facet == "year" || facet == "month" || facet == "mentioned_year";
}

void print_text(const SearchResults& r, const SearchRequest& request, bool tty) {
    std::ostream& out = std::cout;
    out << r.total << (r.total == 1 ? " article" : " articles");
    if (!request.like.empty()) out << " like " << request.like;
    out << (r.total == 1 ? " matches" : " match");
    if (!r.query.empty()) out << " '" << r.query << "'";
    if (r.articles != r.total) out << " after folding duplicates (" << r.articles << " with them)";
    if (!r.hits.empty())
        out << " (showing " << r.hits.front().rank << "-" << r.hits.back().rank << ")";
    out << "\n";
    if (r.suggestion) out << "Did you mean: " << *r.suggestion << "\n";
    for (const Hit& h : r.hits) {
        const Article& a = h.article;
        out << "\n" << h.rank << ". " << (a.title.empty() ? "(untitled)" : a.title) << "\n";
        std::vector<std::string> meta;
        if (!a.published.empty()) meta.push_back(a.published.substr(0, 10));
        if (!a.publication.empty()) meta.push_back(a.publication);
        if (!a.authors.empty()) meta.push_back(join(a.authors));
        meta.push_back("id " + a.id);
        if (h.distance_km) meta.push_back(std::to_string(static_cast<long>(*h.distance_km + 0.5)) + " km away");
        out << "   " << join(meta, " | ") << "\n";
        if (!h.snippet.empty()) out << "   " << plain_snippet(h.snippet, tty) << "\n";
        const std::pair<const char*, EntityType> kinds[] = {
            {"people", EntityType::Person}, {"places", EntityType::Place}, {"orgs", EntityType::Organization}};
        for (const auto& [label, type] : kinds) {
            auto names = a.names(type);
            if (!names.empty()) out << "   " << label << ": " << join(names) << "\n";
        }
        if (!h.duplicates.empty())
            out << "   " << h.duplicates.size() << (h.duplicates.size() == 1 ? " duplicate: " : " duplicates: ")
                << join(h.duplicates) << "\n";
    }
    if (!r.facets.empty()) out << "\nFacets\n";
    for (const auto& [name, buckets] : r.facets) {
        out << "  " << name << ":";
        if (buckets.empty()) out << " (none)";
        if (is_timeline(name) && !buckets.empty()) {
            std::vector<std::pair<std::string, std::size_t>> bars;
            for (const auto& b : buckets) bars.emplace_back(b.value, b.count);
            out << "\n" << cli::bar_chart(bars, cli::output_width(), tty);
            continue;
        }
        for (std::size_t i = 0; i < buckets.size(); ++i)
            out << (i ? ", " : " ") << buckets[i].value << " (" << buckets[i].count << ")";
        out << "\n";
    }
    if (!r.related.empty()) out << "\nRelated (articles here / in the archive, score)\n";
    for (const auto& [type, entities] : r.related) {
        out << "  " << type << ":";
        if (entities.empty()) out << " (none)";
        out << "\n";
        for (const auto& e : entities) {
            char score[32];
            std::snprintf(score, sizeof score, "%.1f", e.score);
            out << "    " << e.value << " (" << e.count << "/" << e.archive_count << ", " << score << ")\n";
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    po::options_description visible(kUsage);
    std::vector<std::string> dbs;
    std::string sort_name = "relevance";
    SearchRequest request;
    std::vector<std::string> facet_args;
    std::vector<std::string> related_args;
    visible.add_options()
        ("help,h", "show this help and exit")
        ("version", "show the version and exit")
        ("db,d", po::value(&dbs)->value_name("DIR")->composing(),
         "archive directory or tcp://HOST:PORT (required; repeat to search several)")
        ("limit,n", po::value(&request.limit)->value_name("N"), "hits to show (default 10)")
        ("offset", po::value(&request.offset)->value_name("N"), "hits to skip (default 0)")
        ("sort,s", po::value(&sort_name)->value_name("ORDER"), "relevance (default), newest, oldest or distance (needs a near:)")
        ("facet,f", po::value(&facet_args)->value_name("FIELD")->composing(), "count values of FIELD over all matches")
        ("facet-limit", po::value(&request.facet_limit)->value_name("N"),
         "values per entity facet (default 20, 0 = all)")
        ("collapse", po::bool_switch(&request.collapse),
         "fold each group of duplicates (the same story republished, edited, crawled twice) into one hit")
        ("facet-groups", po::bool_switch(&request.facets_count_groups),
         "facets count each group of duplicates once")
        ("like", po::value(&request.like)->value_name("ID"),
         "articles most like article ID (itself excluded), narrowed by QUERY")
        ("related,r", po::value(&related_args)->value_name("TYPE")->composing(),
         "list the entities of TYPE (person, place, organization) most associated with the matches")
        ("related-limit", po::value(&request.related_limit)->value_name("N"),
         "entities per related type (default 10, 0 = all)")
        ("json,j", "print one JSON object (described in docs/formats.md)")
        ("explain", "print the parsed query and exit");
    po::variables_map vm;
    if (auto status = cli::parse_command_line(argc, argv, kProgram, visible, "query", vm)) return *status;
    try {
        request.sort = sort_order_from_string(sort_name);
    } catch (const UsageError& e) {
        return cli::usage_error(kProgram, e.what());
    }
    if (dbs.empty()) return cli::usage_error(kProgram, "--db DIR is required");
    for (const auto& word : cli::positionals(vm, "query"))
        request.query += (request.query.empty() ? "" : " ") + word;
    for (const auto& arg : facet_args) cli::append_list(request.facets, arg);
    for (const auto& arg : related_args) cli::append_list(request.related, arg);

    std::optional<Searcher> searcher;
    try {
        searcher.emplace(dbs);
    } catch (const UsageError& e) {
        return cli::usage_error(kProgram, e.what());
    } catch (const Error& e) {
        return cli::fail(kProgram, e.what(), cli::kFailed);
    }
    try {
        if (vm.count("explain")) {
            std::cout << searcher->explain(request.query) << '\n';
            return cli::kOk;
        }
        SearchResults results = searcher->search(request);
        if (vm.count("json"))
            std::cout << to_json(results) << '\n';
        else
            print_text(results, request, cli::stdout_is_tty());
        return cli::kOk;
    } catch (const QueryError& e) {
        std::cerr << kProgram << ": " << e.what() << "\n  " << request.query << "\n  "
                  << std::string(std::min(e.position(), request.query.size()), ' ') << "^\n";
        return cli::kUsage;
    } catch (const UsageError& e) {
        return cli::usage_error(kProgram, e.what());
    } catch (const Error& e) {
        return cli::fail(kProgram, e.what(), cli::kFailed);
    }
}
