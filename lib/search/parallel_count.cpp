#include "search/parallel_count.hpp"

#include <algorithm>
#include <thread>

namespace annals::detail {

void DocidRange::init(const Xapian::Database& db) {
    at_ = 0;
    size_ = std::min<Xapian::doccount>(hi_ > lo_ ? hi_ - lo_ : 0, db.get_doccount());
}

std::vector<Xapian::Database>& CountingHelpers::for_search(const Xapian::Database& main) {
    const std::size_t threads = threads_ ? threads_ : std::max(1u, std::thread::hardware_concurrency());
    if (path_.empty() || threads < 2 || (!threads_ && main.get_doccount() < kFromArticles)) return none_;
    try {
        if (stale_)
            for (auto& db : dbs_) db.reopen();
        stale_ = false;
        while (dbs_.size() + 1 < threads) dbs_.emplace_back(path_);
        dbs_.resize(threads - 1);
        const Xapian::rev revision = main.get_revision();
        for (const auto& db : dbs_)
            if (db.get_revision() != revision) return none_;
    } catch (const Xapian::Error&) {
        // A handle that cannot open or reopen now only costs this search its helpers.
        dbs_.clear();
        return none_;
    }
    return dbs_;
}

}  // namespace annals::detail
