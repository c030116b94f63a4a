// annals::Indexer: a pipeline of three stages over the input's pieces (chunks).
//   split    one thread cuts the inputs into chunks, in order (ingest/chunks.hpp);
//   process  worker threads read each chunk, annotate its articles and build
//            their documents (the costly part: HTML cleaning, extraction, terms);
//   write    the calling thread applies the finished chunks strictly in order,
//            so docids, replacements and messages are the same for any thread count.
// At most kChunksPerThread chunks per worker are in flight, which bounds memory.
#include "annals/indexer.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "index/archive_impl.hpp"
#include "ingest/chunks.hpp"

namespace annals {

namespace {

constexpr std::size_t kChunksPerThread = 4;

// What reading a chunk gave, in order.
struct Event {
    enum class Kind { Article, Rejected, Warned };
    Kind kind;
    Article article;
    SourceLocation where;
    std::optional<InputError> error;
    std::optional<detail::PreparedArticle> prepared;
};

struct Job {
    explicit Job(detail::Chunk c = {}) : chunk(std::move(c)) {}
    detail::Chunk chunk;
    bool needs_reading = true;  // false for a rejection made while splitting
    bool ready = false;
    std::vector<Event> events;
    std::exception_ptr failure;  // an unexpected error while reading, rethrown in order
};

Event rejection(const InputError& e) { return Event{Event::Kind::Rejected, {}, {}, e, std::nullopt}; }
Event warning(const InputError& e) { return Event{Event::Kind::Warned, {}, {}, e, std::nullopt}; }

// A job that only reports what was met while splitting: a rejection (a file
// that cannot be read) or a warning (files of a directory left out).
Job notice_job(const InputError& e, bool rejected) {
    Job job;
    job.chunk.file = e.file();
    job.needs_reading = false;
    job.ready = true;
    job.events.push_back(rejected ? rejection(e) : warning(e));
    return job;
}

// What the calling thread has applied so far.
struct Tally {
    IndexProgress progress;
    std::string last_file;  // of the last chunk applied: a file's chunks come one after another
    bool stopped = false;
    IndexStats stats() const { return {progress.articles, progress.rejected, progress.warned, stopped}; }
};

// Thrown through split_input() to stop the splitter.
struct StopSplitting {};

}  // namespace

struct Indexer::Impl {
    Archive* archive;
    Extractor extractor;
    IndexerOptions options;

    bool reads_entities() const {
        const ExtractOptions& o = extractor.options();
        return o.people || o.places || o.organizations || o.dates;
    }

    // Reads the chunk of @p job into events (any thread).
    void process(Job& job) const {
        ReadOptions read = options.read;
        read.warn = [&](const InputError& e) {
            job.events.push_back(warning(e));
        };
        try {
            detail::read_chunk(
                job.chunk, read,
                [&](Article&& article, const SourceLocation& where) {
                    extractor.annotate(article);
                    if (article.body.size() > kMaxExtractBytes && reads_entities()) {
                        const InputError cut(where.file, where.line,
                                             "body of " + std::to_string(article.body.size()) +
                                                 " bytes: entities found in its first MiB only");
                        job.events.push_back(warning(cut));
                    }
                    Event event{Event::Kind::Article, std::move(article), where, std::nullopt, std::nullopt};
                    if (archive) {
                        try {
                            event.prepared = detail::prepare(event.article);
                        } catch (const UsageError& e) {
                            job.events.push_back(rejection(InputError(where.file, where.line, e.what())));
                            return;
                        }
                    }
                    job.events.push_back(std::move(event));
                },
                [&](const InputError& e) { job.events.push_back(rejection(e)); });
        } catch (...) {
            job.failure = std::current_exception();
        }
        std::string().swap(job.chunk.bytes);  // the events hold what is needed now
    }

    // Applies a processed job on the calling thread.
    void apply(Job& job, const IndexerSinks& sinks, Tally& tally) const {
        if (job.failure) std::rethrow_exception(job.failure);
        IndexProgress& progress = tally.progress;
        for (auto& e : job.events) {
            switch (e.kind) {
                case Event::Kind::Article:
                    if (archive) archive->impl_->write(std::move(*e.prepared));
                    ++progress.articles;
                    if (sinks.indexed) sinks.indexed(e.article, e.where);
                    break;
                case Event::Kind::Rejected:
                    ++progress.rejected;
                    if (sinks.rejected) sinks.rejected(*e.error);
                    break;
                case Event::Kind::Warned:
                    ++progress.warned;
                    if (sinks.warned) sinks.warned(*e.error);
                    break;
            }
        }
        if (job.chunk.file != tally.last_file) {
            ++progress.files;
            tally.last_file = job.chunk.file;
        }
        progress.bytes += job.chunk.input_bytes;
        if (sinks.progress) sinks.progress(progress);
    }

    bool stop_requested() const { return options.stop && options.stop(); }

    // Calls @p chunk for each chunk of every input and @p notice for each
    // rejection or warning met while splitting, in input order.
    void split_all(const std::vector<std::string>& inputs, const detail::ChunkSink& chunk,
                   const std::function<void(const InputError&, bool rejected)>& notice) const {
        ReadOptions read = options.read;
        read.warn = [&](const InputError& e) { notice(e, false); };
        const RejectSink reject = [&](const InputError& e) { notice(e, true); };
        for (const auto& input : inputs) {
            try {
                detail::split_input(input, read, chunk, reject);
            } catch (const InputError& e) {
                reject(e);
            }
        }
    }

    void run_inline(const std::vector<std::string>& inputs, const IndexerSinks& sinks, Tally& tally) const;
    void run_threaded(const std::vector<std::string>& inputs, const IndexerSinks& sinks, Tally& tally,
                      unsigned threads) const;
};

void Indexer::Impl::run_inline(const std::vector<std::string>& inputs, const IndexerSinks& sinks,
                               Tally& tally) const {
    try {
        split_all(
            inputs,
            [&](detail::Chunk&& chunk) {
                if (stop_requested()) throw StopSplitting{};
                Job job(std::move(chunk));
                process(job);
                apply(job, sinks, tally);
            },
            [&](const InputError& e, bool rejected) {
                Job job = notice_job(e, rejected);
                apply(job, sinks, tally);
            });
    } catch (const StopSplitting&) {
        tally.stopped = true;
    }
}

void Indexer::Impl::run_threaded(const std::vector<std::string>& inputs, const IndexerSinks& sinks, Tally& tally,
                                 unsigned threads) const {
    std::mutex mutex;
    std::condition_variable changed;  // any change below: one variable, since changes are per chunk
    std::deque<std::shared_ptr<Job>> window;  // every job not yet applied, in input order
    std::deque<Job*> todo;                    // jobs waiting for a worker
    bool splitting = true;
    bool stop_splitting = false;
    bool abort = false;
    std::exception_ptr split_failure;
    const std::size_t max_window = kChunksPerThread * threads;

    auto push = [&](std::shared_ptr<Job> job) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return window.size() < max_window || stop_splitting || abort; });
        if (stop_splitting || abort) throw StopSplitting{};
        if (job->needs_reading) todo.push_back(job.get());
        window.push_back(std::move(job));
        changed.notify_all();
    };
    std::thread splitter([&] {
        try {
            split_all(
                inputs, [&](detail::Chunk&& chunk) { push(std::make_shared<Job>(std::move(chunk))); },
                [&](const InputError& e, bool rejected) { push(std::make_shared<Job>(notice_job(e, rejected))); });
        } catch (const StopSplitting&) {
        } catch (...) {
            split_failure = std::current_exception();
        }
        std::lock_guard lock(mutex);
        splitting = false;
        changed.notify_all();
    });
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            for (;;) {
                Job* job;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return abort || !todo.empty() || !splitting; });
                    if (abort || todo.empty()) return;
                    job = todo.front();
                    todo.pop_front();
                }
                process(*job);
                std::lock_guard lock(mutex);
                job->ready = true;
                changed.notify_all();
            }
        });
    }
    auto join_all = [&] {
        splitter.join();
        for (auto& w : workers) w.join();
    };

    try {
        for (;;) {
            if (!stop_splitting && stop_requested()) {
                std::lock_guard lock(mutex);
                stop_splitting = true;
                tally.stopped = true;
                changed.notify_all();
            }
            std::shared_ptr<Job> job;
            {
                std::unique_lock lock(mutex);
                if (archive && !abort && !window.empty() && !window.front()->ready) {
                    // The next chunk is still being read: do the writer's own
                    // deferred work meanwhile instead of waiting.
                    lock.unlock();
                    if (archive->impl_->idle()) continue;
                    lock.lock();
                }
                // Wake now and then to poll stop() even when no chunk finishes.
                changed.wait_for(lock, std::chrono::milliseconds(100), [&] {
                    return (!window.empty() && window.front()->ready) || (!splitting && window.empty());
                });
                if (window.empty() && !splitting) break;
                if (window.empty() || !window.front()->ready) continue;
                job = std::move(window.front());
                window.pop_front();
                changed.notify_all();  // room in the window for the splitter
            }
            apply(*job, sinks, tally);
        }
    } catch (...) {
        {
            std::lock_guard lock(mutex);
            abort = true;
            changed.notify_all();
        }
        join_all();
        throw;
    }
    join_all();
    if (split_failure) std::rethrow_exception(split_failure);
}

Indexer::Indexer(Archive& archive, Extractor extractor, IndexerOptions options)
    : impl_(std::make_unique<Impl>(Impl{&archive, std::move(extractor), std::move(options)})) {}
Indexer::Indexer(Extractor extractor, IndexerOptions options)
    : impl_(std::make_unique<Impl>(Impl{nullptr, std::move(extractor), std::move(options)})) {}
Indexer::~Indexer() = default;
Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

IndexStats Indexer::run(const std::vector<std::string>& inputs, const IndexerSinks& sinks) {
    Tally tally;
    if (sinks.progress) {
        detail::InputSize total;
        bool known = true;
        for (const auto& input : inputs) {
            const auto size = detail::input_size(input, impl_->options.read);
            if (!size) {
                known = false;
                break;
            }
            total.bytes += size->bytes;
            total.files += size->files;
        }
        if (known) {
            tally.progress.total_bytes = total.bytes;
            tally.progress.total_files = total.files;
        }
    }
    unsigned threads = impl_->options.threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    if (threads == 1)
        impl_->run_inline(inputs, sinks, tally);
    else
        impl_->run_threaded(inputs, sinks, tally, threads);
    return tally.stats();
}

}  // namespace annals
