#include "corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace fs = std::filesystem;

namespace annals::train {

namespace {

std::string unescape_sgml(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            auto semi = s.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 6) {
                auto ent = s.substr(i + 1, semi - i - 1);
                if (ent == "lt") out += '<';
                else if (ent == "gt") out += '>';
                else if (ent == "amp") out += '&';
                else if (ent == "quot") out += '"';
                else out += ' ';
                i = semi;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

}  // namespace

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void collect_texts(const std::string& path, std::vector<std::string>& texts) {
    if (fs::is_directory(path)) {
        std::vector<std::string> files;
        for (auto& e : fs::recursive_directory_iterator(path))
            if (e.is_regular_file()) files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (auto& f : files) collect_texts(f, texts);
        return;
    }
    std::string data = read_file(path);
    if (path.ends_with(".sgm")) {
        for (std::size_t p = 0; (p = data.find("<BODY>", p)) != std::string::npos;) {
            auto e = data.find("</BODY>", p);
            if (e == std::string::npos) break;
            texts.push_back(unescape_sgml(std::string_view(data).substr(p + 6, e - p - 6)));
            p = e;
        }
    } else if (path.ends_with(".txt") && path.find("README") == std::string::npos &&
               path.find("NOTE") == std::string::npos) {
        // BBC: title line, blank line, paragraphs; the title is skipped (title case).
        auto nl = data.find('\n');
        texts.push_back(nl == std::string::npos ? data : data.substr(nl + 1));
    }
}

}  // namespace annals::train
