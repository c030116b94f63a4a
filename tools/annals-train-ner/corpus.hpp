// Unlabelled news text for annals-train-ner: Reuters-21578 .sgm bodies and
// BBC News .txt articles, read for word clusters (clusters) and company names
// (orgs).
#pragma once

#include <string>
#include <vector>

namespace annals::train {

/// The whole file at @p path. Throws std::runtime_error when it cannot be read.
std::string read_file(const std::string& path);

/// Appends the article texts of @p path (a file, or a directory read
/// recursively in name order) to @p texts: each <BODY> of a .sgm file, each
/// .txt file but its first line (a BBC headline, in title case). Other files
/// are skipped.
void collect_texts(const std::string& path, std::vector<std::string>& texts);

/// Command `orgs` (orgs.cpp): mines company names; see its --help.
int cmd_orgs(int argc, char** argv);

}  // namespace annals::train
