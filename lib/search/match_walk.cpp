#include "search/match_walk.hpp"

#include <algorithm>
#include <vector>

namespace annals::detail {

struct MatchWalk::Node {
    virtual ~Node() = default;
    // The first matching docid >= from, or 0; from never goes down between calls.
    virtual Xapian::docid next(Xapian::docid from) = 0;
};

namespace {

using Node = MatchWalk::Node;
using Nodes = std::vector<std::unique_ptr<Node>>;

// The postings of one term ("" for every document).
struct Postings final : Node {
    Postings(const Xapian::Database& db, const std::string& term)
        : it(db.postlist_begin(term)), end(db.postlist_end(term)) {}
    Xapian::docid next(Xapian::docid from) override {
        if (at >= from) return at;
        if (it == end) return 0;
        it.skip_to(from);
        return at = it == end ? 0 : *it;
    }
    Xapian::PostingIterator it, end;
    Xapian::docid at = 0;
};

struct Nothing final : Node {
    Xapian::docid next(Xapian::docid) override { return 0; }
};

struct And final : Node {
    explicit And(Nodes parts) : parts(std::move(parts)) {}
    Xapian::docid next(Xapian::docid from) override {
        for (std::size_t i = 0, agreed = 0; agreed < parts.size(); i = (i + 1) % parts.size()) {
            const Xapian::docid d = parts[i]->next(from);
            if (!d) return 0;
            if (d == from) {
                ++agreed;
            } else {
                from = d;
                agreed = 1;
            }
        }
        return from;
    }
    Nodes parts;
};

struct Or final : Node {
    explicit Or(Nodes parts) : parts(std::move(parts)) {}
    Xapian::docid next(Xapian::docid from) override {
        Xapian::docid best = 0;
        for (auto& p : parts)
            if (const Xapian::docid d = p->next(from); d && (!best || d < best)) best = d;
        return best;
    }
    Nodes parts;
};

struct AndNot final : Node {
    AndNot(std::unique_ptr<Node> left, std::unique_ptr<Node> right) : left(std::move(left)), right(std::move(right)) {}
    Xapian::docid next(Xapian::docid from) override {
        for (;;) {
            const Xapian::docid d = left->next(from);
            if (!d || right->next(d) != d) return d;
            from = d + 1;
        }
    }
    std::unique_ptr<Node> left, right;
};

std::unique_ptr<Node> build(const Xapian::Database& db, const Xapian::Query& q) {
    const auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) return std::make_unique<Postings>(db, *q.get_unique_terms_begin());
    if (op == Xapian::Query::LEAF_MATCH_ALL) return std::make_unique<Postings>(db, std::string());
    if (op == Xapian::Query::LEAF_MATCH_NOTHING) return std::make_unique<Nothing>();
    const std::size_t n = q.get_num_subqueries();
    if (op == Xapian::Query::OP_SCALE_WEIGHT || (op == Xapian::Query::OP_AND_MAYBE && n > 0))
        return build(db, q.get_subquery(0));  // the matches of its first part
    if (op != Xapian::Query::OP_AND && op != Xapian::Query::OP_FILTER && op != Xapian::Query::OP_OR &&
        op != Xapian::Query::OP_SYNONYM && op != Xapian::Query::OP_AND_NOT)
        return nullptr;
    Nodes parts;
    for (std::size_t i = 0; i < n; ++i) {
        auto part = build(db, q.get_subquery(i));
        if (!part) return nullptr;
        parts.push_back(std::move(part));
    }
    if (parts.empty()) return std::make_unique<Nothing>();
    if (parts.size() == 1) return std::move(parts[0]);
    if (op == Xapian::Query::OP_AND || op == Xapian::Query::OP_FILTER) return std::make_unique<And>(std::move(parts));
    if (op != Xapian::Query::OP_AND_NOT) return std::make_unique<Or>(std::move(parts));
    auto left = std::move(parts[0]);
    parts.erase(parts.begin());
    std::unique_ptr<Node> right = parts.size() == 1 ? std::move(parts[0]) : std::make_unique<Or>(std::move(parts));
    return std::make_unique<AndNot>(std::move(left), std::move(right));
}

}  // namespace

MatchWalk::MatchWalk(std::unique_ptr<Node> root) : root_(std::move(root)) {}
MatchWalk::~MatchWalk() = default;

std::unique_ptr<MatchWalk> MatchWalk::of(const Xapian::Database& db, const Xapian::Query& query) {
    auto root = build(db, query);
    if (!root) return nullptr;
    return std::unique_ptr<MatchWalk>(new MatchWalk(std::move(root)));
}

Xapian::docid MatchWalk::next(Xapian::docid from) { return root_->next(from); }

}  // namespace annals::detail
