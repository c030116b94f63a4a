// Organisations told by their form rather than by the words alone: a stock
// ticker in angle brackets after a company's name, a company's name in angle
// brackets, a company suffix, a word before the name saying what kind of body
// it is. Applied to the names of one field after the tagger (tagging.hpp).
#pragma once

#include <string_view>
#include <vector>

#include "extract/tagging.hpp"
#include "extract/tokenize.hpp"

namespace annals::detail {

/// Whether @p w is a company suffix or its abbreviation, as written in news
/// text and in headlines in capitals ("Inc", "Corp.", "Co", "Ltd", "PLC", "AG", ...).
bool company_suffix(std::string_view w);

/// Rewrites @p out (names of @p text, tokens @p tokens, sorted by first token)
/// where a name's form says it is an organisation:
/// - "Columbia Gas System Inc <CG>": the capitalised words before a ticker in
///   angle brackets are one organisation; the ticker itself is no name.
/// - "<Parlux Fragrances Inc>": capitalised words in angle brackets (how Reuters
///   names a company without a ticker) are one organisation.
/// - "Lear Corp", "Douglas & Lomason Co.", "BANK OF BOSTON CORP": capitalised
///   words ending in a company suffix (Inc, Corp, Co, Ltd, Plc, AG, SA, NV, ...);
///   "Boatmen's Bancshares Inc.": with a possessive inside when the one word
///   before it names no place, people or first name and the tagger took it for
///   no place and no longer name; that word and its possessive ("Boatmen's")
///   are then the company wherever they stand alone in the field.
/// - "Cofinec S.A." ... "Cofinec said": the words before the suffix of a
///   company found so are that company wherever else they stand in the field
///   untagged, tagged alone as a person or place, or opening a person's name
///   ("Cofinec GDRs"); one word that is also a place, a people or a first name
///   is not used so.
/// - "Orrell 13 Bath 56" / "Sale 31 Wasps 33": in a block of consecutive lines
///   of names each followed by a number, where the tagger took at least two
///   names and more than twice as many for organisations as for anything else,
///   the other names before a number are organisations (clubs named after their
///   town); headings such as "Group 2" are not.
/// - "first division team Deportivo Coruna", "mineral water firm Multico": a name
///   right after a word for a kind of body (team, club, firm, company, group,
///   bank, agency, airline, ...), unless it names a country; then the other
///   mentions of the same name in the field, and a person that is the first
///   word of it ("Deportivo"), are that organisation too.
/// Names overlapping a new organisation are dropped; @p out stays sorted.
/// @p title_case: a headline In Title Case, where the suffix rule is not used.
void organisation_forms(std::string_view text, const std::vector<Token>& tokens, bool title_case,
                        std::vector<Tagged>& out);

}  // namespace annals::detail
