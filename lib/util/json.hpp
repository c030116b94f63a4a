// Internal JSON reader and writer. Small on purpose: articles need objects that
// keep their key order, exact error positions (line and column) and raw text of
// values we do not interpret (unknown fields are written back verbatim).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace annals::detail::json {

/// Thrown by parse(): line and column are 1-based, column counted in bytes.
struct ParseError : std::runtime_error {
    ParseError(std::size_t line, std::size_t column, const std::string& what)
        : std::runtime_error(what), line(line), column(column) {}
    std::size_t line, column;
};

/// A parsed JSON value. Objects keep their members in input order; raw() is the
/// exact source text of the value (for writing unknown fields back unchanged).
class Value {
  public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind() const { return kind_; }
    bool is_string() const { return kind_ == Kind::String; }
    bool is_array() const { return kind_ == Kind::Array; }
    bool is_object() const { return kind_ == Kind::Object; }
    bool is_null() const { return kind_ == Kind::Null; }

    bool boolean() const { return bool_; }
    double number() const { return number_; }
    /// Decoded string (escapes resolved, valid UTF-8).
    const std::string& string() const { return string_; }
    const std::vector<Value>& items() const { return items_; }
    const std::vector<std::pair<std::string, Value>>& members() const { return members_; }
    /// Member by key, nullptr if absent (first one when a key repeats).
    const Value* find(std::string_view key) const;
    /// The value's exact source text.
    std::string_view raw() const { return raw_; }
    /// 1-based line and column where the value starts in the parsed text.
    std::size_t line() const { return line_; }
    std::size_t column() const { return column_; }

  private:
    friend class Parser;
    Kind kind_ = Kind::Null;
    bool bool_ = false;
    double number_ = 0;
    std::string string_;
    std::vector<Value> items_;
    std::vector<std::pair<std::string, Value>> members_;
    std::string raw_;
    std::size_t line_ = 1, column_ = 1;
};

/// Parses exactly one JSON value (surrounding whitespace allowed). Rejects
/// invalid UTF-8, lone surrogates, trailing text and nesting deeper than 256.
/// Throws ParseError.
Value parse(std::string_view text);

/// @p s as a JSON string literal, quotes included. Invalid UTF-8 bytes become U+FFFD.
std::string quote(std::string_view s);

/// Streams compact JSON into a string; commas and colons are automatic.
///
///     Writer w; w.begin_object(); w.key("a"); w.value(1); w.end_object();
class Writer {
  public:
    Writer& begin_object();
    Writer& end_object();
    Writer& begin_array();
    Writer& end_array();
    Writer& key(std::string_view k);
    Writer& value(std::string_view s);
    Writer& value(const char* s) { return value(std::string_view(s)); }
    Writer& value(const std::string& s) { return value(std::string_view(s)); }
    Writer& value(double d);
    Writer& value(long long n);
    Writer& value(std::size_t n) { return value(static_cast<long long>(n)); }
    Writer& value(int n) { return value(static_cast<long long>(n)); }
    Writer& value(bool b);
    Writer& null();
    /// Writes already-serialised JSON text as the next value.
    Writer& raw(std::string_view json);
    /// Key and an array of strings.
    Writer& strings(std::string_view k, const std::vector<std::string>& list);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

  private:
    void separate();
    std::string out_;
    std::vector<bool> first_;  // per open container: no member written yet
    bool after_key_ = false;
};

}  // namespace annals::detail::json
