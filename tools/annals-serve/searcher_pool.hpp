// A pool of Searchers for the server's worker threads: a Searcher is not
// thread-safe, so each request borrows one for its duration. Searchers are
// opened on demand (never more than requests running at once) and reopened when
// older than the refresh interval, so the server sees later commits. The pool
// also decides how many threads count each search (Searcher::set_threads).
#pragma once

#include <annals/search.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace annals::serve {

class SearcherPool {
    struct Slot {
        Searcher searcher;
        std::chrono::steady_clock::time_point opened;
    };

  public:
    /// Opens one Searcher at once, so that a bad archive is reported before the
    /// server starts (throws what Searcher's constructor throws). @p refresh 0:
    /// never reopen. @p search_threads: threads counting one search, as
    /// Searcher::set_threads() takes them; kAuto (the default) counts on every
    /// core of a large archive when the search is the only one running and no
    /// other ran in the last 250 ms, and on the request's own thread alone
    /// otherwise, when other requests' threads have the cores.
    static constexpr std::size_t kAuto = static_cast<std::size_t>(-1);
    SearcherPool(std::vector<std::string> archives, std::chrono::seconds refresh, std::size_t search_threads = kAuto)
        : archives_(std::move(archives)), refresh_(refresh), search_threads_(search_threads) {
        idle_.push_back(open());
    }

    /// Number of archives searched as one.
    std::size_t archives() const { return archives_.size(); }

    /// A borrowed Searcher, given back to the pool when the lease ends.
    class Lease {
      public:
        Lease(SearcherPool& pool, std::unique_ptr<Slot> slot) : pool_(pool), slot_(std::move(slot)) {}
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() { pool_.give_back(std::move(slot_)); }
        const Searcher& operator*() const { return slot_->searcher; }
        const Searcher* operator->() const { return &slot_->searcher; }

      private:
        SearcherPool& pool_;
        std::unique_ptr<Slot> slot_;
    };

    /// Borrows an idle Searcher, or opens a new one when all are busy. Throws
    /// ArchiveError when the archive can no longer be opened or reopened.
    Lease borrow() {
        std::unique_ptr<Slot> slot;
        bool alone = false;
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                slot = std::move(idle_.back());
                idle_.pop_back();
            }
            // Alone: no other search now, nor in the last moment (clients of a busy
            // server leave short gaps between their requests).
            if (++running_ > 1) last_crowded_ = now;
            alone = now - last_crowded_ > kQuiet;
        }
        try {
            if (!slot) {
                slot = open();
            } else if (refresh_.count() > 0 && now - slot->opened >= refresh_) {
                slot->searcher.reopen();
                slot->opened = now;
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            --running_;
            throw;
        }
        slot->searcher.set_threads(search_threads_ != kAuto ? search_threads_ : alone ? 0 : 1);
        return Lease(*this, std::move(slot));
    }

  private:
    std::unique_ptr<Slot> open() const {
        return std::make_unique<Slot>(Slot{Searcher(archives_), std::chrono::steady_clock::now()});
    }
    void give_back(std::unique_ptr<Slot> slot) {
        std::lock_guard lock(mutex_);
        --running_;
        idle_.push_back(std::move(slot));
    }

    const std::vector<std::string> archives_;
    const std::chrono::seconds refresh_;
    const std::size_t search_threads_;
    std::mutex mutex_;
    std::size_t running_ = 0;  // leases out
    static constexpr std::chrono::milliseconds kQuiet{250};
    std::chrono::steady_clock::time_point last_crowded_{};  // last borrow with another lease out
    std::vector<std::unique_ptr<Slot>> idle_;
};

}  // namespace annals::serve
