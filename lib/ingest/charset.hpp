// Internal: the bytes of an HTML page or a saved text page, in whatever
// encoding they were written, to UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace annals::detail {

/// Text decoded to UTF-8, with where its encoding came from.
struct Decoded {
    /// The text as UTF-8; bytes that are invalid in the source encoding are U+FFFD.
    std::string text;
    /// Canonical name of the source encoding: "UTF-8", "UTF-16LE", "windows-1252",
    /// "Shift_JIS", "GBK", "KOI8-R", ...
    std::string encoding;
    /// How the encoding was chosen: a byte order mark; the bytes were valid UTF-8;
    /// the page declared it; ICU's detector guessed it; nothing else worked, so
    /// windows-1252 (which maps every byte).
    enum class Source { Bom, Utf8, Declared, Detected, Fallback } source = Source::Utf8;
};

/// Decodes an HTML page. In order: a byte order mark (UTF-8, UTF-16LE/BE,
/// UTF-32LE/BE); valid UTF-8 as it is (even when a <meta> says otherwise: pages
/// re-saved as UTF-8 keep their old declaration); the encoding declared by
/// <meta charset>, <meta http-equiv="Content-Type"> or <?xml encoding?> in the
/// first 4096 bytes, with the WHATWG label rules (iso-8859-1 and us-ascii mean
/// windows-1252, gb2312 means GBK, utf-16 in a byte-oriented file means UTF-8);
/// ICU's charset detector when nothing usable is declared; windows-1252.
/// Valid UTF-8 costs one validation pass and one copy. Never throws on any input;
/// NUL bytes of byte encodings are kept (the caller decides whether that is binary).
Decoded html_to_utf8(std::string_view bytes);

/// Decodes plain text (a saved page): a byte order mark, valid UTF-8 as it is,
/// ICU's charset detector, windows-1252. Never throws on any input.
Decoded text_to_utf8(std::string_view bytes);

/// @p bytes read as windows-1252 (the WHATWG mapping: every byte is a
/// character), as UTF-8. Never throws.
std::string windows_1252_to_utf8(std::string_view bytes);

/// True when @p bytes start with a UTF-16 or UTF-32 byte order mark, so that NUL
/// bytes are parts of characters rather than a sign of a binary file.
bool starts_with_wide_bom(std::string_view bytes);

}  // namespace annals::detail
