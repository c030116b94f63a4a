// Language guess from function words; see language.hpp.
#include "extract/language.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace annals::detail {

namespace {

struct Language {
    const char* code;
    std::array<std::string_view, 22> words;  // frequent words of news text that English lacks or rarely uses
};

// Words shared by several languages ("de", "la", "en") count for each of them;
// the guess needs a clear lead (see guess_language()).
constexpr Language kLanguages[] = {
    {"en", {"the", "and", "of", "to", "is", "that", "for", "was", "with", "said", "he", "it", "at", "by",
            "from", "his", "has", "have", "are", "be", "this", "were"}},
    {"de", {"der", "die", "und", "das", "den", "ist", "nicht", "mit", "sich", "auf", "dem", "ein", "eine", "im",
            "zu", "von", "des", "wird", "auch", "bei", "hat", "nach"}},
    {"fr", {"le", "la", "les", "des", "et", "est", "une", "du", "dans", "que", "qui", "pour", "pas", "sur", "au",
            "ne", "ce", "avec", "il", "sont", "par", "aux"}},
    {"es", {"el", "la", "los", "las", "de", "que", "y", "en", "del", "se", "por", "con", "para", "una", "es", "al",
            "lo", "como", "pero", "sus", "fue", "ha"}},
    {"it", {"il", "di", "che", "e", "la", "per", "un", "una", "non", "sono", "del", "della", "con", "gli", "le",
            "si", "da", "ha", "dei", "nel", "alla", "anche"}},
    {"nl", {"de", "het", "een", "en", "van", "is", "dat", "op", "te", "niet", "zijn", "met", "voor", "die", "er",
            "aan", "ook", "als", "bij", "door", "worden", "werd"}},
    {"pt", {"o", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "no", "na", "por",
            "mais", "dos", "das", "se", "foi", "ao"}},
};

constexpr std::size_t kMaxBytes = 4000;

// A word of at most 8 bytes as one number (its bytes, little-endian).
std::uint64_t pack_word(std::string_view w) {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < w.size() && i < 8; ++i) k |= std::uint64_t{static_cast<unsigned char>(w[i])} << (8 * i);
    return k;
}

// Each listed word (packed: none is longer than 6 letters) and the languages
// (bit per kLanguages entry) that list it.
const std::unordered_map<std::uint64_t, unsigned>& word_languages() {
    static const auto* const table = [] {
        auto* t = new std::unordered_map<std::uint64_t, unsigned>;
        for (std::size_t l = 0; l < std::size(kLanguages); ++l)
            for (std::string_view w : kLanguages[l].words)
                if (!w.empty()) (*t)[pack_word(w)] |= 1u << l;
        return t;
    }();
    return *table;
}

}  // namespace

// Particles that may start a name. Not is_name_particle(): that list holds
// German articles ("der", "den", "das"), which here must count, since in German
// they stand before every capitalised noun; "der" counts out only after "von".
bool is_particle(std::string_view w) {
    return w == "von" || w == "van" || w == "de" || w == "da" || w == "di" || w == "du" || w == "del" ||
           w == "della" || w == "dos" || w == "la" || w == "le" || w == "al";
}

std::string guess_language(std::string_view title, std::string_view body) {
    // Words, lower-cased, one after another in `chars`, and whether each was capitalised.
    struct Word {
        std::uint32_t start, size;
        bool capital;
    };
    std::string chars;
    chars.reserve(std::min(title.size(), kMaxBytes) + std::min(body.size(), kMaxBytes));
    std::vector<Word> words;
    std::size_t latin = 0, other = 0;  // letters: ASCII or Latin-1/Extended, other scripts
    auto scan = [&](std::string_view text) {
        text = text.substr(0, kMaxBytes);
        std::size_t start = chars.size();
        bool capital = false;
        auto end_word = [&] {
            if (chars.size() > start)
                words.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(chars.size() - start), capital});
            start = chars.size();
        };
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c < 0x80) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    ++latin;
                    if (chars.size() == start) capital = c <= 'Z';
                    chars += static_cast<char>(c | 0x20);
                } else {
                    end_word();
                }
            } else if (c >= 0xC0) {
                // Lead byte: 0xC3-0xC9 start Latin-1 Supplement and Latin Extended-A/B letters.
                (c >= 0xC3 && c <= 0xC9 ? latin : other)++;
                if (chars.size() == start) capital = false;
                chars += '\x01';  // an accented word is no function word listed above, but stays one word
            }
        }
        end_word();
    };
    scan(title);
    scan(body);
    if (other > latin) return "und";
    if (words.size() < 8) return "en";
    auto word = [&](std::size_t i) { return std::string_view(chars).substr(words[i].start, words[i].size); };
    // Only words written in lower case count: function words are, in running text,
    // while names ("El Salvador", "Los Angeles") and tables in capitals ("NA",
    // "AS") are not. Particles of names are no evidence either: "von der Leyen",
    // "da Silva", "de Gaulle".
    std::array<int, std::size(kLanguages)> score{};
    const auto& table = word_languages();
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].capital) continue;
        const std::string_view w = word(i);
        if (w.size() > 6) continue;  // (no listed word has 7 letters)
        const bool before_name = i + 1 < words.size() && (words[i + 1].capital || is_particle(word(i + 1)));
        const bool after_particle = i > 0 && is_particle(word(i - 1)) && (w == "der" || w == "den");
        if ((is_particle(w) && before_name) || after_particle) continue;
        if (auto it = table.find(pack_word(w)); it != table.end())
            for (std::size_t l = 0; l < std::size(kLanguages); ++l) score[l] += (it->second >> l) & 1;
    }
    std::size_t best = 0;
    for (std::size_t l = 1; l < std::size(kLanguages); ++l)
        if (score[l] > score[best]) best = l;
    // English unless another language clearly leads.
    if (best == 0 || score[best] < 3 || score[best] < 2 * score[0]) return "en";
    return kLanguages[best].code;
}

}  // namespace annals::detail
