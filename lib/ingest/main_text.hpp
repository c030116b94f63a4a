// main_text(): which text blocks of a page are the story.
//
// Each block gets a weight: + its length when it reads like running text
// (long enough, few links), - part of its length when it is a link list or sits
// in a region flagged as chrome, 0 otherwise (headings, short lines). The
// story's container is the element whose subtree has the largest sum: the most
// running text with the least clutter, a maximum-sum subtree. Names that mark
// the article body (itemprop=articleBody, "entry-content", <article>) add a small
// bonus. Running text just before the container (beside it or its parent) is its
// lead, and so is running text between the headline (<h1>) and the story's first
// block outside chrome stronger than weak names (a page-level <header> holds it).
// Inside, blocks in chrome regions, link lists and captions are dropped; headings
// are kept with what they head, and short lines between pieces of running text
// (or when they read as a sentence), as jusText does with its context-sensitive
// classes; lists and tables of a named article body are kept.
#pragma once

#include <cstddef>
#include <vector>

#include "ingest/html_doc.hpp"

namespace annals::detail::html {

/// Characters a block needs to read as running text (fewer in Chinese, Japanese
/// and Korean, more for a heading); lower for pages of short lines only.
inline constexpr std::size_t kRunningText = 70;

/// Indices into doc.blocks of the story's text, in document order; empty when
/// no block reads as running text (of at least @p min_chars characters).
std::vector<std::size_t> main_text(const Doc& doc, std::size_t min_chars = kRunningText);

/// Indices of every block outside boilerplate regions that reads as running
/// text: the fallback when main_text() finds too little.
std::vector<std::size_t> running_text(const Doc& doc, std::size_t min_chars = kRunningText);

}  // namespace annals::detail::html
