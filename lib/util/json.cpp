#include "util/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "util/text.hpp"

namespace annals::detail::json {

const Value* Value::find(std::string_view key) const {
    for (const auto& [k, v] : members_)
        if (k == key) return &v;
    return nullptr;
}

// Recursive descent over the bytes. Newlines can only appear in whitespace
// (raw control characters are rejected inside strings), so line tracking lives
// in skip_ws() alone.
class Parser {
  public:
    explicit Parser(std::string_view text) : s_(text) {}

    Value parse_document() {
        skip_bom();
        skip_ws();
        if (pos_ >= s_.size()) fail("empty input: expected a JSON value");
        Value v;
        parse_value(v, 0);
        skip_ws();
        if (pos_ < s_.size()) fail("unexpected text after the JSON value");
        return v;
    }

  private:
    static constexpr int kMaxDepth = 256;

    [[noreturn]] void fail(const std::string& why) const { fail_at(pos_, why); }
    [[noreturn]] void fail_at(std::size_t at, const std::string& why) const {
        // Column of @p at on the current line (callers never fail before line_start_).
        std::size_t col = at >= line_start_ ? at - line_start_ + 1 : 1;
        throw ParseError(line_, col, why);
    }

    void skip_bom() {
        if (s_.substr(0, 3) == "\xEF\xBB\xBF") {
            pos_ = 3;
            line_start_ = 3;
        }
    }

    void skip_ws() {
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (c == ' ' || c == '\t' || c == '\r') {
                ++pos_;
            } else if (c == '\n') {
                ++pos_;
                ++line_;
                line_start_ = pos_;
            } else {
                break;
            }
        }
    }

    std::string describe(std::size_t at) const {
        if (at >= s_.size()) return "end of input";
        unsigned char c = static_cast<unsigned char>(s_[at]);
        if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
        return buf;
    }

    void parse_value(Value& v, int depth) {
        if (depth > kMaxDepth) fail("nesting deeper than 256 levels");
        v.line_ = line_;
        v.column_ = pos_ - line_start_ + 1;
        const std::size_t start = pos_;
        if (pos_ >= s_.size()) fail("unexpected end of input: expected a value");
        char c = s_[pos_];
        switch (c) {
            case '{': parse_object(v, depth); break;
            case '[': parse_array(v, depth); break;
            case '"':
                v.kind_ = Value::Kind::String;
                parse_string(v.string_);
                break;
            case 't': literal("true"); v.kind_ = Value::Kind::Bool; v.bool_ = true; break;
            case 'f': literal("false"); v.kind_ = Value::Kind::Bool; v.bool_ = false; break;
            case 'n': literal("null"); v.kind_ = Value::Kind::Null; break;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    parse_number(v);
                } else {
                    fail("unexpected " + describe(pos_) + ": expected a value");
                }
        }
        v.raw_.assign(s_.data() + start, pos_ - start);
    }

    void literal(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) fail("invalid literal: expected '" + std::string(word) + "'");
        pos_ += word.size();
    }

    void expect(char c, const char* context) {
        if (pos_ >= s_.size() || s_[pos_] != c)
            fail(std::string("expected '") + c + "' " + context + ", found " + describe(pos_));
        ++pos_;
    }

    void parse_object(Value& v, int depth) {
        v.kind_ = Value::Kind::Object;
        ++pos_;
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return;
        }
        for (;;) {
            skip_ws();
            if (pos_ >= s_.size() || s_[pos_] != '"')
                fail("expected a string key in object, found " + describe(pos_));
            std::string key;
            parse_string(key);
            skip_ws();
            expect(':', "after object key");
            skip_ws();
            v.members_.emplace_back(std::move(key), Value());
            parse_value(v.members_.back().second, depth + 1);
            skip_ws();
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            expect('}', "or ',' in object");
            return;
        }
    }

    void parse_array(Value& v, int depth) {
        v.kind_ = Value::Kind::Array;
        ++pos_;
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return;
        }
        for (;;) {
            skip_ws();
            v.items_.emplace_back();
            parse_value(v.items_.back(), depth + 1);
            skip_ws();
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            expect(']', "or ',' in array");
            return;
        }
    }

    int hex4(std::size_t at) const {
        if (at + 4 > s_.size()) fail_at(at, "truncated \\u escape");
        int v = 0;
        for (std::size_t i = at; i < at + 4; ++i) {
            char c = s_[i];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= c - '0';
            else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
            else fail_at(i, "invalid hex digit in \\u escape");
        }
        return v;
    }

    void parse_string(std::string& out) {
        ++pos_;  // opening quote
        for (;;) {
            // Copy the run of plain bytes in one go.
            std::size_t run = pos_;
            while (run < s_.size()) {
                unsigned char c = static_cast<unsigned char>(s_[run]);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++run;
            }
            out.append(s_.data() + pos_, run - pos_);
            pos_ = run;
            if (pos_ >= s_.size()) fail("unterminated string");
            unsigned char c = static_cast<unsigned char>(s_[pos_]);
            if (c == '"') {
                ++pos_;
                return;
            }
            if (c < 0x20) {
                if (c == '\n') fail("unterminated string (raw newline inside a string)");
                fail("raw control character " + describe(pos_) + " inside a string");
            }
            if (c >= 0x80) {
                // Validate one multi-byte sequence.
                std::size_t end = pos_ + 1;
                while (end < s_.size() && end < pos_ + 4 && (static_cast<unsigned char>(s_[end]) & 0xC0) == 0x80) ++end;
                auto bad = find_invalid_utf8(s_.substr(pos_, end - pos_));
                if (bad) fail_at(pos_ + *bad, "invalid UTF-8 (" + describe(pos_ + *bad) + ")");
                out.append(s_.data() + pos_, end - pos_);
                pos_ = end;
                continue;
            }
            // Backslash escape.
            const std::size_t esc = pos_;
            ++pos_;
            if (pos_ >= s_.size()) fail("unterminated string");
            char e = s_[pos_++];
            switch (e) {
                case '"': out.push_back('"'); break;
                case '\\': out.push_back('\\'); break;
                case '/': out.push_back('/'); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'u': {
                    std::uint32_t cp = static_cast<std::uint32_t>(hex4(pos_));
                    pos_ += 4;
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (s_.substr(pos_, 2) != "\\u") fail_at(esc, "lone surrogate in \\u escape");
                        std::uint32_t lo = static_cast<std::uint32_t>(hex4(pos_ + 2));
                        if (lo < 0xDC00 || lo > 0xDFFF) fail_at(esc, "lone surrogate in \\u escape");
                        pos_ += 6;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail_at(esc, "lone surrogate in \\u escape");
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    fail_at(esc, "invalid escape '\\" + std::string(1, e) + "'");
            }
        }
    }

    void parse_number(Value& v) {
        const std::size_t start = pos_;
        auto digit = [&](std::size_t i) { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; };
        if (s_[pos_] == '-') ++pos_;
        if (!digit(pos_)) fail("invalid number: expected a digit");
        if (s_[pos_] == '0') {
            ++pos_;
            if (digit(pos_)) fail("invalid number: leading zero");
        } else {
            while (digit(pos_)) ++pos_;
        }
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            if (!digit(pos_)) fail("invalid number: expected a digit after '.'");
            while (digit(pos_)) ++pos_;
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (!digit(pos_)) fail("invalid number: expected a digit in the exponent");
            while (digit(pos_)) ++pos_;
        }
        v.kind_ = Value::Kind::Number;
        double d = 0;
        auto r = std::from_chars(s_.data() + start, s_.data() + pos_, d);
        if (r.ec == std::errc::result_out_of_range) d = (s_[start] == '-') ? -HUGE_VAL : HUGE_VAL;
        v.number_ = d;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

Value parse(std::string_view text) { return Parser(text).parse_document(); }

namespace {
// Appends "\u00XX" for a control character (C0, DEL or the C1 code point U+00XX).
void append_u00(std::string& out, unsigned char code) {
    static const char hex[] = "0123456789abcdef";
    out += "\\u00";
    out.push_back(hex[code >> 4]);
    out.push_back(hex[code & 15]);
}

// Appends valid UTF-8 with the C1 controls (U+0080-U+009F, NEL among them) and
// U+2028, U+2029 escaped: readers that split lines at every Unicode line break
// (Python's splitlines(), older JavaScript) would otherwise cut a JSON Lines record.
void append_line_safe(std::string& out, std::string_view utf8) {
    std::size_t done = 0;
    for (std::size_t i = 0; i + 1 < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const auto d = static_cast<unsigned char>(utf8[i + 1]);
        const bool c1 = c == 0xC2 && d >= 0x80 && d <= 0x9F;
        const bool separator = c == 0xE2 && d == 0x80 && i + 2 < utf8.size() &&
                               (utf8[i + 2] == '\xA8' || utf8[i + 2] == '\xA9');
        if (!c1 && !separator) continue;
        out.append(utf8.substr(done, i - done));
        if (c1) {
            append_u00(out, d);
            done = i + 2;
        } else {
            out += utf8[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            done = i + 3;
        }
        i = done - 1;
    }
    out.append(utf8.substr(done));
}
}  // namespace

std::string quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            // Copy the valid run; replace the first bad byte.
            std::string_view rest = s.substr(i);
            std::size_t stop = rest.size();
            for (std::size_t k = 0; k < rest.size(); ++k) {
                unsigned char b = static_cast<unsigned char>(rest[k]);
                if (b < 0x80) {
                    stop = k;
                    break;
                }
            }
            auto bad = find_invalid_utf8(rest.substr(0, stop));
            if (!bad) {
                append_line_safe(out, rest.substr(0, stop));
                i += stop;
            } else {
                append_line_safe(out, rest.substr(0, *bad));
                out.append("\xEF\xBF\xBD");
                i += *bad + 1;
            }
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    append_u00(out, c);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
        ++i;
    }
    out.push_back('"');
    return out;
}

void Writer::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_.push_back(',');
        first_.back() = false;
    }
}

Writer& Writer::begin_object() {
    separate();
    out_.push_back('{');
    first_.push_back(true);
    return *this;
}

Writer& Writer::end_object() {
    out_.push_back('}');
    if (!first_.empty()) first_.pop_back();
    return *this;
}

Writer& Writer::begin_array() {
    separate();
    out_.push_back('[');
    first_.push_back(true);
    return *this;
}

Writer& Writer::end_array() {
    out_.push_back(']');
    if (!first_.empty()) first_.pop_back();
    return *this;
}

Writer& Writer::key(std::string_view k) {
    separate();
    out_ += quote(k);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

Writer& Writer::value(std::string_view s) {
    separate();
    out_ += quote(s);
    return *this;
}

Writer& Writer::value(double d) {
    separate();
    if (!std::isfinite(d)) {
        out_ += "null";  // JSON has no NaN or infinity
        return *this;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    out_.append(buf, r.ptr);
    return *this;
}

Writer& Writer::value(long long n) {
    separate();
    out_ += std::to_string(n);
    return *this;
}

Writer& Writer::value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
}

Writer& Writer::null() {
    separate();
    out_ += "null";
    return *this;
}

Writer& Writer::raw(std::string_view json) {
    separate();
    out_.append(json);
    return *this;
}

Writer& Writer::strings(std::string_view k, const std::vector<std::string>& list) {
    key(k);
    begin_array();
    for (const auto& s : list) value(s);
    return end_array();
}

}  // namespace annals::detail::json
