#include "search/query_parser.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "annals/error.hpp"
#include "annals/search.hpp"
#include "extract/gazetteer.hpp"
#include "index/schema.hpp"
#include "util/text.hpp"

namespace annals::detail {

namespace {

namespace schema = detail::schema;

// Wildcards expand to at most this many terms (the most frequent ones), so that
// "a*" cannot turn into a query over the whole vocabulary.
constexpr Xapian::termcount kWildcardLimit = kMaxWildcardTerms;
// "a NEAR b": at most kNearDistance word positions apart. Xapian's window is the
// span of positions that all the words must fit in, one more than the distance.
constexpr Xapian::termcount kNearDistance = 10;
constexpr Xapian::termcount kNearWindow = kNearDistance + 1;

// Every document. Not Xapian::Query::MatchAll: that static object's reference
// count is not atomic, so copying it from Searchers on several threads at once
// corrupts it (annals-serve crashed under load); a fresh query per parse is safe.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

enum class Tok { LParen, RParen, Phrase, Word, Field, Minus, And, Or, Not, Near, End };

struct Token {
    Tok kind = Tok::End;
    std::size_t pos = 0;        // byte offset of the token
    std::size_t end = 0;        // one past its last byte
    std::string text;           // word, phrase contents or field value
    std::string field;          // field name (lower case) for Tok::Field
    std::size_t value_pos = 0;  // offset of the value (inside quotes when quoted)
    bool quoted = false;        // field value was "quoted"
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_field_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool looks_like_url_scheme(std::string_view name) {
    static const char* schemes[] = {"http", "https", "ftp", "mailto", "file", "urn", "news"};
    for (const char* s : schemes)
        if (name == s) return true;
    return false;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<Token> lex(std::string_view q) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < q.size()) {
        const char c = q[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        Token t;
        t.pos = i;
        if (c == '(' || c == ')') {
            t.kind = c == '(' ? Tok::LParen : Tok::RParen;
            t.end = ++i;
            out.push_back(t);
            continue;
        }
        if (c == '"') {
            const auto close = q.find('"', i + 1);
            if (close == std::string_view::npos) throw QueryError(i, "unbalanced quote: no closing '\"'");
            t.kind = Tok::Phrase;
            t.text = std::string(q.substr(i + 1, close - i - 1));
            t.value_pos = i + 1;
            t.end = i = close + 1;
            out.push_back(t);
            continue;
        }
        if (c == '-' || c == '+') {
            // "-word" excludes; "+word" is what words do anyway. A lone sign is ignored.
            if (i + 1 < q.size() && !is_space(q[i + 1]) && q[i + 1] != ')' && c == '-') {
                t.kind = Tok::Minus;
                t.end = ++i;
                out.push_back(t);
                continue;
            }
            if (i + 1 >= q.size() || is_space(q[i + 1]) || c == '+') {
                ++i;
                continue;
            }
        }
        std::size_t j = i;
        while (j < q.size() && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"') ++j;
        std::string_view word = q.substr(i, j - i);
        const auto colon = word.find(':');
        if (colon != std::string_view::npos && is_field_name(word.substr(0, colon))) {
            const std::string name = lower_ascii(word.substr(0, colon));
            const auto* spec = schema::find_field(name);
            const bool url = looks_like_url_scheme(name);
            // "Opinion: the economy": a colon before a space is punctuation, not a field.
            const bool punctuation = colon + 1 == word.size() && (j >= q.size() || q[j] != '"');
            if (!spec && !url && !punctuation)
                throw QueryError(i, "unknown field '" + name + "' (known: " + schema::known_field_names() + ")");
            if (spec) {
                t.kind = Tok::Field;
                t.field = name;
                std::string_view value = word.substr(colon + 1);
                t.value_pos = i + colon + 1;
                if (value.empty() && j < q.size() && q[j] == '"') {
                    const auto close = q.find('"', j + 1);
                    if (close == std::string_view::npos)
                        throw QueryError(j, "unbalanced quote: no closing '\"'");
                    t.quoted = true;
                    t.value_pos = j + 1;
                    t.text = std::string(q.substr(j + 1, close - j - 1));
                    j = close + 1;
                    // near:"new york"~50km: the radius follows the quotes.
                    if (j < q.size() && q[j] == '~') {
                        std::size_t k = j;
                        while (k < q.size() && !is_space(q[k]) && q[k] != '(' && q[k] != ')') ++k;
                        t.text += q.substr(j, k - j);
                        j = k;
                    }
                } else {
                    t.text = std::string(value);
                }
                if (trim(t.text).empty()) throw QueryError(t.value_pos, "field '" + name + "' needs a value");
                t.end = j;
                out.push_back(t);
                i = j;
                continue;
            }
        }
        t.kind = Tok::Word;
        t.text = std::string(word);
        if (word == "AND") t.kind = Tok::And;
        else if (word == "OR") t.kind = Tok::Or;
        else if (word == "NOT") t.kind = Tok::Not;
        else if (word == "NEAR") t.kind = Tok::Near;
        t.end = j;
        out.push_back(t);
        i = j;
    }
    Token end;
    end.kind = Tok::End;
    end.pos = end.end = q.size();
    out.push_back(end);
    return out;
}

Xapian::Query filter(const Xapian::Query& q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

std::string quote_readable(const std::string& s) { return "\"" + s + "\""; }

// schema::split_words(), each word in its accent- and case-insensitive indexed form.
std::vector<std::string> folded_words(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& w : schema::split_words(text)) out.push_back(schema::fold_word(w));
    return out;
}

// One parsed sub-expression.
struct Node {
    Node() = default;
    Node(Xapian::Query q, std::optional<Xapian::Query> p, std::string r)
        : query(std::move(q)), positional(std::move(p)), readable(std::move(r)) {}
    Xapian::Query query;
    std::optional<Xapian::Query> positional;  // form usable inside NEAR
    std::string readable;
    // A plain word or phrase as typed, for alias lookup: its folded words, the
    // token, and whether it is one word that may join its neighbours into a name.
    std::vector<std::string> words;
    const Token* token = nullptr;
    bool joins = false;
};

// The alternative names of an alias are searched at this fraction of the typed
// words' weight: an article saying what the user typed ranks first.
constexpr double kAliasWeight = 0.8;
// Names in one alias (a run of plain words): "united kingdom of great britain".
constexpr std::size_t kMaxAliasWords = 5;

// English words that are also place or organisation names ("us", "it"), taken
// as names only when typed with a capital or dots ("US", "U.S.").
bool function_word(std::string_view w) {
    static const char* const words[] = {
        "a",   "act", "aid", "all", "am",  "an",  "and", "any", "are", "art", "as",  "at",  "be",  "but", "by",
        "can", "do",  "for", "had", "has", "he",  "her", "his", "how", "i",   "id",  "in",  "is",  "it",  "its",
        "man", "may", "me",  "men", "my",  "new", "no",  "not", "now", "of",  "oh",  "ok",  "on",  "one", "or",
        "our", "out", "per", "she", "so",  "the", "to",  "up",  "us",  "via", "war", "was", "we",  "who", "why",
        "will", "you"};
    for (const char* x : words)
        if (w == x) return true;
    return false;
}

class Parser {
  public:
    Parser(std::string_view text, const CivilDate& today, const PersonQuery& person, const LikeQuery& like,
           const AliasQuery& aliases, const NearQuery& near)
        : text_(text),
          today_(today),
          person_(person),
          like_(like),
          aliases_(aliases),
          near_query_(near),
          toks_(lex(text)) {}

    ParsedQuery run() {
        ParsedQuery out;
        if (peek().kind == Tok::End) {
            out.query = match_all();
            out.readable = "(all)";
            out.everything = true;
            return out;
        }
        std::optional<Node> n = parse_or();
        if (peek().kind == Tok::RParen) throw QueryError(peek().pos, "unbalanced parentheses: ')' without '('");
        if (!n) throw QueryError(peek().pos, "nothing to search for");
        out.query = n->query;
        out.readable = n->readable;
        out.words = std::move(words_);
        std::sort(highlight_.begin(), highlight_.end());
        highlight_.erase(std::unique(highlight_.begin(), highlight_.end()), highlight_.end());
        out.highlight = std::move(highlight_);
        out.near = std::move(near_);
        return out;
    }

  private:
    const Token& peek() const { return toks_[at_]; }
    const Token& take() { return toks_[at_++]; }

    static bool ends_and(Tok k) { return k == Tok::End || k == Tok::RParen || k == Tok::Or; }

    std::optional<Node> parse_or() {
        if (peek().kind == Tok::Or) throw QueryError(peek().pos, "OR needs something to search for before it");
        std::optional<Node> left = parse_and();
        if (!left) return left;
        std::vector<Node> parts{*left};
        while (peek().kind == Tok::Or) {
            const Token& op = take();
            if (ends_and(peek().kind)) throw QueryError(op.pos, "OR needs something to search for after it");
            parts.push_back(*parse_and());
        }
        if (parts.size() == 1) return parts[0];
        std::vector<Xapian::Query> qs;
        std::string r = "(OR";
        for (auto& p : parts) {
            qs.push_back(p.query);
            r += " " + p.readable;
        }
        return Node{Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()), std::nullopt, r + ")"};
    }

    std::optional<Node> parse_and() {
        std::vector<Node> pos, neg;
        bool first = true;
        while (!ends_and(peek().kind)) {
            if (peek().kind == Tok::And) {
                const Token& op = take();
                if (first) throw QueryError(op.pos, "AND needs something to search for before it");
                if (ends_and(peek().kind) || peek().kind == Tok::And)
                    throw QueryError(op.pos, "AND needs something to search for after it");
            }
            first = false;
            if (peek().kind == Tok::Not || peek().kind == Tok::Minus) {
                const Token& op = take();
                const std::string name = op.kind == Tok::Not ? "NOT" : "'-'";
                if (ends_and(peek().kind) || peek().kind == Tok::And || peek().kind == Tok::Not)
                    throw QueryError(op.pos, name + " needs something to exclude after it");
                ++negated_;
                neg.push_back(op.kind == Tok::Not ? parse_near() : parse_primary());
                --negated_;
                continue;
            }
            pos.push_back(parse_near());
        }
        if (pos.empty() && neg.empty()) return std::nullopt;
        pos = with_aliases(std::move(pos));
        ++negated_;
        for (auto& n : neg) n = with_aliases({std::move(n)}).front();
        --negated_;
        Node n;
        if (pos.empty()) {
            n.query = match_all();
            n.readable = "(all)";
        } else if (pos.size() == 1) {
            n = pos[0];
        } else {
            std::vector<Xapian::Query> qs;
            n.readable = "(AND";
            for (auto& p : pos) {
                qs.push_back(p.query);
                n.readable += " " + p.readable;
            }
            n.readable += ")";
            n.query = Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
        }
        if (!neg.empty()) {
            std::vector<Xapian::Query> qs;
            std::string r;
            for (auto& p : neg) {
                qs.push_back(p.query);
                r += " " + p.readable;
            }
            n.query = Xapian::Query(Xapian::Query::OP_AND_NOT, n.query,
                                    qs.size() == 1 ? qs[0] : Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()));
            n.readable = "(" + n.readable + " NOT" + r + ")";
            n.positional.reset();
        }
        return n;
    }

    // Replaces each plain word, run of plain words or phrase in @p nodes that
    // names a known place or organisation by the name OR'ed with its aliases
    // (the longest name first: "new york" before "new" and "york").
    std::vector<Node> with_aliases(std::vector<Node> nodes) {
        if (!aliases_) return nodes;
        std::vector<Node> out;
        const std::size_t longest = kMaxAliasWords;
        for (std::size_t i = 0; i < nodes.size();) {
            std::size_t run = 0;
            while (i + run < nodes.size() && nodes[i + run].joins && run < longest) ++run;
            if (run == 0 && !nodes[i].words.empty()) run = 1;  // a phrase stands alone
            bool done = false;
            for (std::size_t n = run; n >= 1 && !done; --n) {
                std::string key;
                for (std::size_t k = i; k < i + n; ++k)
                    for (const auto& w : nodes[k].words) {
                        if (!key.empty()) key += ' ';
                        key += w;
                    }
                const Token* t = nodes[i].token;
                const std::string_view typed = t ? std::string_view(t->text) : std::string_view();
                const bool lower = std::none_of(typed.begin(), typed.end(), [](char c) {
                    return std::isupper(static_cast<unsigned char>(c)) || c == '.';
                });
                if (n == 1 && nodes[i].joins && lower && function_word(key)) continue;
                const auto names = aliases_(key);
                if (names.empty()) continue;
                out.push_back(aliased(std::vector<Node>(nodes.begin() + static_cast<std::ptrdiff_t>(i),
                                                        nodes.begin() + static_cast<std::ptrdiff_t>(i + n)),
                                      names));
                i += n;
                done = true;
            }
            if (!done) out.push_back(std::move(nodes[i++]));
        }
        return out;
    }

    // The typed @p nodes (ANDed) OR'ed with the other @p names, each a word or phrase.
    Node aliased(const std::vector<Node>& nodes, const std::vector<std::string>& names) {
        std::vector<Xapian::Query> typed;
        std::string r = "(ALIAS";
        for (const auto& n : nodes) {
            typed.push_back(n.query);
            r += " " + n.readable;
            for (auto& w : words_)
                if (n.token && w.start == n.token->pos) w.alias = true;
        }
        std::vector<Xapian::Query> others;
        for (const auto& name : names) {
            const auto words = folded_words(name);
            std::vector<Xapian::Query> qs;
            for (const auto& w : words) {
                qs.emplace_back(w);
                // Xapian highlights words, not phrases: "of" in "United States of America" would light up everywhere.
                if (words.size() == 1 || !function_word(w)) highlight_word(w);
            }
            if (qs.size() == 1) {
                const auto z = schema::stem_term("", words[0]);
                others.push_back(z ? Xapian::Query(*z) : qs[0]);
            } else {
                others.emplace_back(Xapian::Query::OP_PHRASE, qs.begin(), qs.end(), qs.size());
            }
            r += " " + quote_readable(join(words));
        }
        Xapian::Query q = typed.size() == 1 ? typed[0] : Xapian::Query(Xapian::Query::OP_AND, typed.begin(), typed.end());
        q = Xapian::Query(Xapian::Query::OP_OR, q,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                        Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()), kAliasWeight));
        return Node{q, std::nullopt, r + ")"};
    }

    Node parse_near() {
        std::vector<std::size_t> starts{peek().pos};
        Node left = parse_primary();
        if (peek().kind != Tok::Near) return left;
        std::vector<Node> parts{left};
        while (peek().kind == Tok::Near) {
            const std::size_t op_pos = take().pos;
            if (ends_and(peek().kind) || peek().kind == Tok::And || peek().kind == Tok::Near)
                throw QueryError(op_pos, "NEAR needs a word after it");
            starts.push_back(peek().pos);
            parts.push_back(parse_primary());
        }
        std::vector<Xapian::Query> qs;
        std::string r = "(NEAR/" + std::to_string(kNearDistance);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const Node& p = parts[i];
            // Xapian 1.4 runs NEAR over single terms only (no phrases, wildcards or groups).
            if (!p.positional || p.positional->get_type() != Xapian::Query::LEAF_TERM)
                throw QueryError(starts[i], "NEAR works on single words only (not on phrases, wildcards, fields or groups)");
            qs.push_back(*p.positional);
            r += " " + p.readable;
        }
        Xapian::Query q(Xapian::Query::OP_NEAR, qs.begin(), qs.end(), kNearWindow);
        return Node{q, std::nullopt, r + ")"};
    }

    Node parse_primary() {
        const Token& t = take();
        switch (t.kind) {
            case Tok::LParen: {
                // The parser recurses once per level: bound it, so no query overflows the stack.
                if (++depth_ > kMaxQueryNesting)
                    throw QueryError(t.pos, "parentheses nested deeper than " + std::to_string(kMaxQueryNesting) +
                                                " levels");
                std::optional<Node> inner = parse_or();
                --depth_;
                if (peek().kind != Tok::RParen) {
                    if (peek().kind == Tok::End) throw QueryError(t.pos, "unbalanced parentheses: '(' is never closed");
                    throw QueryError(peek().pos, "unexpected text inside parentheses");
                }
                take();
                if (!inner) throw QueryError(t.pos, "empty parentheses");
                return *inner;
            }
            case Tok::RParen: throw QueryError(t.pos, "unbalanced parentheses: ')' without '('");
            case Tok::Phrase: {
                Node n = phrase(t.text, "", t.pos, true);
                n.words = folded_words(t.text);
                n.token = &t;
                return n;
            }
            case Tok::Word: {
                Node n = word(t, "", true);
                if (n.positional) n.words = folded_words(t.text);  // not a wildcard
                n.token = &t;
                n.joins = n.words.size() == 1;
                return n;
            }
            case Tok::Field: return field(t);
            case Tok::And: throw QueryError(t.pos, "AND needs something to search for before it");
            case Tok::Or: throw QueryError(t.pos, "OR needs something to search for before it");
            case Tok::Near: throw QueryError(t.pos, "NEAR needs a word before it");
            case Tok::Not:
            case Tok::Minus: throw QueryError(t.pos, "NOT cannot be used here");
            case Tok::End: break;
        }
        throw QueryError(t.pos, "unexpected end of query");
    }

    // @p w is fold_word()ed; snippets stem the text with schema::folding_stemmer(),
    // so the folded stem term highlights accented spellings too.
    void highlight_word(const std::string& w) {
        if (negated_) return;
        highlight_.push_back(w);
        if (auto z = schema::stem_term("", w)) highlight_.push_back(*z);
    }

    // A quoted phrase (or a word that splits into several words): unstemmed terms
    // at consecutive positions.
    Node phrase(const std::string& text, const std::string& prefix, std::size_t pos, bool user_phrase) {
        const auto words = folded_words(text);
        if (words.empty()) {
            if (user_phrase) throw QueryError(pos, "empty phrase");
            throw QueryError(pos, "nothing to search for in '" + text + "'");
        }
        std::vector<Xapian::Query> qs;
        for (const auto& w : words) {
            qs.emplace_back(prefix + w);
            highlight_word(w);
        }
        std::string r = (prefix.empty() ? "" : prefix_field_name(prefix) + ":") + quote_readable(join(words));
        Xapian::Query q = qs.size() == 1 ? qs[0] : Xapian::Query(Xapian::Query::OP_PHRASE, qs.begin(), qs.end(), qs.size());
        return Node{q, q, r};
    }

    Node word(const Token& t, const std::string& prefix, bool plain) {
        std::string text = t.text;
        if (text.size() > 1 && text.back() == '*') {
            text.pop_back();
            const auto words = folded_words(text);
            if (words.size() != 1) throw QueryError(t.pos, "a wildcard needs one word before '*'");
            Xapian::Query q(Xapian::Query::OP_WILDCARD, prefix + words[0], kWildcardLimit,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
            return Node{q, std::nullopt, (prefix.empty() ? "" : prefix_field_name(prefix) + ":") + words[0] + "*"};
        }
        const auto words = schema::split_words(text);
        if (words.empty()) {
            if (text == "*") throw QueryError(t.pos, "a wildcard needs at least one letter before '*'");
            throw QueryError(t.pos, "nothing to search for in '" + text + "'");
        }
        if (words.size() > 1) return phrase(text, prefix, t.pos, false);
        // The index holds the fold_word() form of every word beside the word itself.
        const std::string w = schema::fold_word(words[0]);
        highlight_word(w);
        if (plain && !negated_) words_.push_back({t.pos, t.end, words[0]});
        Xapian::Query positional(prefix + w);
        const auto z = schema::stem_term(prefix, w);
        Xapian::Query q = z ? Xapian::Query(*z) : positional;
        return Node{q, positional, (prefix.empty() ? "" : prefix_field_name(prefix) + ":") + w};
    }

    static std::string join(const std::vector<std::string>& words) {
        std::string out;
        for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
        return out;
    }

    static std::string prefix_field_name(const std::string& prefix) {
        for (const auto& f : schema::fields())
            if (f.prefix == prefix) return std::string(f.names[0]);
        return prefix;
    }

    Node field(const Token& t) {
        const schema::FieldSpec& spec = *schema::find_field(t.field);
        const std::string prefix(spec.prefix);
        const std::string name(spec.names[0]);
        switch (spec.kind) {
            case schema::Kind::FreeText:
                if (t.quoted) return phrase(t.text, prefix, t.value_pos, true);
                return word(t, prefix, false);
            case schema::Kind::Boolean: {
                std::string value = t.text;
                const bool wildcard = !t.quoted && value.size() > 1 && value.back() == '*';
                if (wildcard) value.pop_back();
                const std::string folded = fold(value);
                if (folded.empty()) throw QueryError(t.value_pos, "field '" + t.field + "' needs a value");
                for (const auto& w : fold_words(value)) highlight_word(w);
                if (wildcard) {
                    Xapian::Query q(Xapian::Query::OP_WILDCARD, prefix + folded, kWildcardLimit,
                                    Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
                    return Node{filter(q), std::nullopt, name + ":" + quote_readable(folded) + "*"};
                }
                Xapian::Query q = spec.source == schema::Source::Person && person_ ? person_(prefix, folded)
                                                                                  : Xapian::Query(prefix + folded);
                return Node{filter(q), std::nullopt, name + ":" + quote_readable(folded)};
            }
            case schema::Kind::Exact: {
                const std::string value = spec.source == schema::Source::Country ||
                                                  spec.source == schema::Source::AboutCountry
                                              ? country_code(t)
                                              : schema::exact_value(spec.source, trim(t.text));
                return Node{filter(Xapian::Query(prefix + value)), std::nullopt, name + ":" + quote_readable(value)};
            }
            case schema::Kind::DateRange:
            case schema::Kind::Mentions: {
                auto [first, last] = date_range(t);
                std::string r = name + ":[" + (first ? format_date(civil_from_days(*first)) : "") + ".." +
                                (last ? format_date(civil_from_days(*last)) : "") + "]";
                Xapian::Query q = spec.kind == schema::Kind::DateRange
                                      ? schema::published_query(first, last)
                                      : schema::mention_query({first.value_or(schema::min_day()),
                                                               last.value_or(schema::max_day())});
                return Node{filter(q), std::nullopt, r};
            }
            case schema::Kind::Near: {
                NearPoint p = detail::parse_near(t.text, t.value_pos, t.quoted);
                Node n{filter(near_query_ ? near_query_(p) : near_query(p)), std::nullopt, name + ":" + p.readable};
                if (!near_ && !negated_) near_ = std::move(p);
                return n;
            }
            case schema::Kind::Similar: {
                if (!like_) throw QueryError(t.pos, "like: needs an archive to read the article from");
                const std::string id(trim(t.text));
                return Node{like_(id, t.value_pos), std::nullopt, name + ":" + quote_readable(id)};
            }
        }
        throw QueryError(t.pos, "field '" + t.field + "' cannot be searched");
    }

    // country: takes an ISO 3166-1 alpha-2 code ("gb"), a country's name or alias in
    // the gazetteer ("united kingdom", "britain", "uk", "deutschland") or a demonym
    // ("british"); the result is the lower-case code the indexer writes.
    static std::string country_code(const Token& t) {
        const std::string key = fold(t.text);
        const bool two_letters = key.size() == 2 && std::isalpha(static_cast<unsigned char>(key[0])) &&
                                 std::isalpha(static_cast<unsigned char>(key[1]));
        std::string upper = key;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const Lexicon& lexicon = Lexicon::get();
        if (two_letters && lexicon.country(upper)) return key;
        for (const auto& c : lexicon.places(key, true))
            if (c.place->kind == PlaceKind::Country && !c.place->code.empty()) return lower_ascii(c.place->code);
        if (auto cc = lexicon.demonym(key); cc && !cc->empty()) return lower_ascii(*cc);
        if (two_letters) return key;  // a code the gazetteer does not list (e.g. "xk")
        throw QueryError(t.value_pos, "unknown country '" + t.text +
                                          "' (use an ISO 3166 code such as gb, or a country name such as ukraine)");
    }

    std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>> date_range(const Token& t) {
        const std::string& v = t.text;
        auto parse = [&](std::string_view s, std::size_t pos) {
            auto r = parse_query_date(s, today_);
            if (!r)
                throw QueryError(pos, "cannot read the date '" + std::string(s) +
                                          "' (use YYYY, YYYY-MM, YYYY-MM-DD, 1990s, today, yesterday, "
                                          "\"last week\", 30d; ranges a..b, ..b, a..)");
            return *r;
        };
        const auto dots = v.find("..");
        if (dots == std::string::npos) {
            const DayRange r = parse(v, t.value_pos);
            return {r.first, r.last};
        }
        const std::string_view left = trim(std::string_view(v).substr(0, dots));
        const std::string_view right = trim(std::string_view(v).substr(dots + 2));
        if (left.empty() && right.empty()) throw QueryError(t.value_pos, "a date range needs at least one end");
        std::optional<std::int64_t> first, last;
        if (!left.empty()) first = parse(left, t.value_pos).first;
        if (!right.empty()) last = parse(right, t.value_pos + dots + 2).last;
        if (first && last && *first > *last)
            throw QueryError(t.value_pos, "the date range '" + v + "' ends before it starts");
        return {first, last};
    }

    std::string_view text_;
    CivilDate today_;
    const PersonQuery& person_;
    const LikeQuery& like_;
    const AliasQuery& aliases_;
    const NearQuery& near_query_;
    std::vector<Token> toks_;
    std::size_t at_ = 0;
    int negated_ = 0;
    int depth_ = 0;  // parentheses open at this point
    std::vector<QueryWord> words_;
    std::vector<std::string> highlight_;
    std::optional<NearPoint> near_;
};

}  // namespace

ParsedQuery parse_query(std::string_view text, const CivilDate& today, const PersonQuery& person,
                        const LikeQuery& like, const AliasQuery& aliases, const NearQuery& near) {
    if (text.size() > kMaxQueryBytes)
        throw QueryError(kMaxQueryBytes, "query is longer than the limit of " + std::to_string(kMaxQueryBytes) + " bytes");
    return Parser(text, today, person, like, aliases, near).run();
}

}  // namespace annals::detail
