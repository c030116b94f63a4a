// Our own query parser (docs/query-language.md): a recursive-descent parser over
// the field registry of index/schema.hpp, producing a Xapian::Query. Written by
// hand rather than with Xapian::QueryParser so that every error carries the byte
// position in the query, date: and mentions: get our date forms, and entity
// fields fold case and accents exactly as the indexer does.
//
// Grammar (OR binds loosest; words side by side are ANDed):
//   query   := or?
//   or      := and ("OR" and)*
//   and     := item+            item := "AND"? ("NOT" near | "-" primary | near)
//   near    := primary ("NEAR" primary)*   (NEAR: single words only, <= 10 apart)
//   primary := "(" or ")" | "\"phrase\"" | field ":" value | word | word*
// Operators are upper case only; "and"/"or" in lower case are words. Words are
// searched in their schema::fold_word() form (accent- and case-insensitive);
// country: values may be names, mapped to ISO codes through the gazetteer.
// Plain words and phrases that name a place or organisation the archive knows
// other names of ("kiev", "u.s.", "new york", "nato": AliasQuery) also match
// those: the typed words OR'ed with each alias (a phrase when it has several
// words) at kAliasWeight, so "kiev" finds "Kyiv" and articles saying "Kiev"
// rank first.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "search/near.hpp"
#include "util/datetime.hpp"

namespace annals::detail {

/// A plain word the user typed (not in a field, phrase, wildcard or NOT), with
/// the byte range of its token in the query: candidates for spelling correction.
struct QueryWord {
    std::size_t start = 0, end = 0;
    std::string text;  ///< the word as indexed: lower case, punctuation removed
    bool alias = false;  ///< part of a name the gazetteer knows: searched with its aliases
};

/// The result of parse_query().
struct ParsedQuery {
    Xapian::Query query;                 ///< MatchAll for an empty query
    bool everything = false;             ///< the query was empty: every article
    std::string readable;                ///< an S-expression of the parse, for --explain
    std::vector<QueryWord> words;        ///< plain positive words (spelling)
    std::vector<std::string> highlight;  ///< terms to highlight in snippets
    std::optional<NearPoint> near;       ///< the first near: not under NOT (distance sort)
};

/// Builds the query of person:<value> from the field prefix and the folded
/// value (the Searcher's PersonMerge::query); empty: the term prefix + value.
using PersonQuery = std::function<Xapian::Query(const std::string& prefix, const std::string& folded)>;

/// Builds the query of like:<id> (the Searcher's more-like-this query) from the
/// article id and the byte position of the id in the query text (for errors).
using LikeQuery = std::function<Xapian::Query(const std::string& id, std::size_t position)>;

/// The other names of the place or organisation called @p key (fold_word()ed
/// words joined by spaces: "kiev", "united states"), each in the same form;
/// empty when none is known (the Searcher reads the archive's synonym table).
using AliasQuery = std::function<std::vector<std::string>(const std::string& key)>;

/// Builds the query of near:<value> (the Searcher's, from its distance column
/// once it has one); empty: near_query().
using NearQuery = std::function<Xapian::Query(const NearPoint& point)>;

/// Parses @p text. Relative dates (date:today, date:30d..) are taken relative to
/// @p today. Throws annals::QueryError(position, reason) for unbalanced
/// parentheses or quotes, dangling operators, unknown fields and bad dates.
/// Plain person:<value> filters (not wildcards) are built by @p person if given;
/// like:<id> by @p like (without it, like: is a QueryError). Plain words and
/// phrases are searched with the other names @p aliases gives (none without it);
/// near:<value> is built by @p near if given.
ParsedQuery parse_query(std::string_view text, const CivilDate& today, const PersonQuery& person = {},
                        const LikeQuery& like = {}, const AliasQuery& aliases = {}, const NearQuery& near = {});

}  // namespace annals::detail
