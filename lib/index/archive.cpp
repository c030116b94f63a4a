// annals::Archive: the writable archive. Terms, values and data come from
// index/schema.cpp; this file handles opening, batching and errors.
#include "annals/archive.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include <xapian.h>

#include "annals/error.hpp"
#include "index/archive_impl.hpp"
#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"

namespace annals {

namespace schema = detail::schema;

namespace detail {

PreparedArticle prepare(const Article& article) {
    if (article.id.empty()) throw UsageError("Archive::add: the article has no id (use derive_id())");
    if (article.title.empty() && article.body.empty())
        throw UsageError("Archive::add: article " + article.id + " has neither title nor body");
    // Each thread keeps its generator: building one (and its stemmer) per article costs.
    thread_local Xapian::TermGenerator generator = [] {
        Xapian::TermGenerator g;
        g.set_stemmer(schema::english_stemmer());
        g.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        return g;
    }();
    PreparedArticle prepared;
    prepared.id = article.id;
    prepared.doc = schema::make_document(article, generator, prepared.spelling);
    prepared.synonyms = schema::alias_synonyms(article);
    prepared.signature = duplicates::signature(article.body.empty() ? article.title : article.body);
    duplicates::mark(prepared.doc, prepared.signature);
    // The generator holds a reference to the document, and Xapian's reference
    // counts are not atomic: let go of it before the document changes thread.
    generator.set_document(Xapian::Document());
    return prepared;
}

}  // namespace detail

namespace {

std::string shard_name(std::size_t k) { return "shard-" + std::to_string(k); }

// Opens or creates one database and checks or stamps its schema version. The
// database is created and written through one handle: Xapian 1.4 makes a table
// that a later session creates (document data, spelling, synonyms) without
// compression, so creating it elsewhere, closing it and opening it again (to
// rename it into place) made the document data 2.6 times larger.
Xapian::WritableDatabase open_database(const std::string& path, bool create, const std::string& archive) {
    try {
        Xapian::WritableDatabase db(path, create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
        const std::string version = db.get_metadata(std::string(schema::kVersionKey));
        if (version.empty() && schema::is_fresh(db)) {
            // A fresh database: stamp it.
            db.set_metadata(std::string(schema::kVersionKey), std::string(schema::kVersion));
            db.commit();
        } else {
            schema::check_version(db, archive);
            // An older version this code writes as it is: what it writes now is version kVersion.
            if (version != schema::kVersion) db.set_metadata(std::string(schema::kVersionKey), std::string(schema::kVersion));
        }
        return db;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw ArchiveError("no annals archive at " + archive);
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(archive, "open", e);
    }
}

// Creates the folder of a new archive of @p n shards; the stub is written
// last (and renamed into place), so a half-made archive has none.
std::vector<std::string> create_sharded(const std::string& path, std::size_t n) {
    std::filesystem::create_directories(path);
    std::vector<std::string> shards;
    std::string stub;
    for (std::size_t k = 0; k < n; ++k) {
        shards.push_back((std::filesystem::path(path) / shard_name(k)).string());
        stub += "auto " + shard_name(k) + "\n";
    }
    const auto tmp = std::filesystem::path(path) / (std::string(schema::kStubFile) + ".tmp");
    {
        std::ofstream out(tmp);
        out << stub;
        if (!out.flush()) throw ArchiveError("archive " + path + ": cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, std::filesystem::path(path) / schema::kStubFile);
    return shards;
}

}  // namespace

namespace detail {

Shard::Shard(std::string path, Xapian::WritableDatabase db, bool threaded)
    : path_(std::move(path)), db_(std::move(db)) {
    if (threaded) thread_ = std::thread([this] { loop(); });
}

Shard::~Shard() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        changed_.notify_all();
    }
    thread_.join();
}

void Shard::run(Task& task) {
    try {
        if (task.article) {
            auto& a = *task.article;
            // Summed here and given to Xapian once per word and spelling flush:
            // adding a word that its spelling table already holds costs a lookup
            // per call, and each flush rewrites every fragment it touches.
            for (auto& [word, count] : a.spelling) spelling_[std::move(word)] += count;
            for (auto& pair : a.synonyms)
                if (!synonyms_known_.count(pair)) synonyms_.insert(std::move(pair));
            // Ordinals are handed out here, in write order, so that they are the
            // same whatever the number of threads that prepared the documents.
            ordinals_.encode(a.doc, db_);
            db_.replace_document(schema::id_term(a.id), a.doc);
        } else if (!task.group.empty()) {
            duplicates::mark_first(db_, task.group);
        } else {
            if (task.spelling || spelling_.size() >= kDeferredSpellingWords) {
                add_spelling(spelling_.size());
            }
            for (const auto& [key, name] : synonyms_) db_.add_synonym(key, name);
            synonyms_known_.insert(synonyms_.begin(), synonyms_.end());
            synonyms_.clear();
            try {
                db_.commit();
            } catch (const Xapian::Error&) {
                ordinals_.reset();  // the ordinals it handed out may not have been written
                throw;
            }
        }
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(path_,
                                    task.article          ? "add article " + task.article->id
                                    : task.group.empty() ? "commit"
                                                          : "mark duplicate group " + task.group,
                                    e);
    }
}

void Shard::loop() {
    for (;;) {
        Task task;
        bool skip;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return closing_ || !queue_.empty(); });
            if (queue_.empty()) return;
            task = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            skip = failure_ != nullptr;  // after a failure the rest is dropped: the caller hears of it
        }
        std::exception_ptr failure;
        if (!skip) {
            try {
                run(task);
            } catch (...) {
                failure = std::current_exception();
            }
        }
        std::lock_guard lock(mutex_);
        if (failure) failure_ = failure;
        busy_ = false;
        changed_.notify_all();
    }
}

void Shard::write(PreparedArticle&& article) {
    Task task;
    task.article = std::move(article);
    if (!thread_.joinable()) return run(task);
    std::unique_lock lock(mutex_);
    // A short queue: the writer stays busy, memory stays small.
    changed_.wait(lock, [&] { return queue_.size() < 64 || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    queue_.push_back(std::move(task));
    changed_.notify_all();
}

void Shard::add_spelling(std::size_t words) {
    for (auto it = spelling_.begin(); it != spelling_.end() && words > 0; --words) {
        db_.add_spelling(it->first, it->second);
        it = spelling_.erase(it);
    }
}

bool Shard::give_spelling(std::size_t words) {
    if (thread_.joinable() || spelling_.empty()) return false;
    try {
        add_spelling(words);
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(path_, "add spelling data", e);
    }
    return true;
}

void Shard::commit(bool spelling) {
    Task task;
    task.spelling = spelling;
    push(std::move(task));
}

void Shard::mark_first(const std::string& group) {
    Task task;
    task.group = group;
    push(std::move(task));
}

void Shard::push(Task&& task) {
    if (!thread_.joinable()) return run(task);
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
    changed_.notify_all();
}

void Shard::wait() {
    if (!thread_.joinable()) return;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return (queue_.empty() && !busy_) || failure_; });
    if (failure_) std::rethrow_exception(failure_);
}

}  // namespace detail

detail::Shard& Archive::Impl::shard_of(std::string_view id) {
    if (shards.size() == 1) return *shards[0];
    // FNV-1a: stable across platforms and runs, so an id always finds its shard.
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
    return *shards[h % shards.size()];
}

void Archive::Impl::wait_all() {
    for (auto& s : shards) s->wait();
}

void Archive::Impl::write(detail::PreparedArticle&& article) {
    // Here, in the caller's order, so that groups do not depend on threads.
    const auto assigned = duplicates->assign(article.id, article.signature);
    if (assigned.shared) {
        detail::duplicates::set_group(article.doc, assigned.group);
        // The group's first article had none while it was alone. Queued after
        // its own write, which came earlier in the caller's order.
        if (assigned.group != article.id) shard_of(assigned.group).mark_first(assigned.group);
    }
    shard_of(article.id).write(std::move(article));
    changed();
}

bool Archive::Impl::idle() {
    // A slice small enough that a finished chunk waits at most a millisecond or so.
    constexpr std::size_t kSpellingSlice = 256;
    return shards.size() == 1 && shards[0]->give_spelling(kSpellingSlice);
}

void Archive::Impl::changed() {
    if (++pending >= options.batch_size) commit(false);
}

void Archive::Impl::commit(bool all) {
    for (auto& s : shards) s->commit(all);  // in parallel when the shards have threads
    wait_all();
    pending = 0;
    spelling_pending = !all;
    duplicates->refresh();  // the archive now holds what it remembered
}

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::Archive(Archive&&) noexcept = default;
Archive& Archive::operator=(Archive&&) noexcept = default;

Archive::~Archive() {
    if (!impl_) return;
    try {
        if (impl_->pending || impl_->spelling_pending) impl_->commit();
    } catch (...) {
        // Documented: destructor errors are swallowed; commit() reports them.
    }
}

Archive Archive::open(const std::string& path, const ArchiveOptions& options) {
    namespace fs = std::filesystem;
    if (!options.create && !fs::exists(path)) throw ArchiveError("no annals archive at " + path);
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->options = options;
    if (impl->options.batch_size == 0) impl->options.batch_size = 1;

    std::vector<std::string> shards = schema::shard_paths(path);
    const bool exists = !shards.empty() || fs::exists(fs::path(path) / "iamglass");
    const std::size_t have = exists ? std::max<std::size_t>(shards.size(), 1) : 0;
    if (options.shards && have && options.shards != have)
        throw UsageError("archive " + path + " has " + std::to_string(have) + " shard" + (have == 1 ? "" : "s") +
                         ", not " + std::to_string(options.shards) + " (the number of shards is set when it is created)");
    if (!exists && options.shards > 1) {
        try {
            shards = create_sharded(path, options.shards);
        } catch (const fs::filesystem_error& e) {
            throw ArchiveError("archive " + path + ": cannot create: " + e.what());
        }
    }
    if (shards.empty()) shards.push_back(path);
    const bool threaded = shards.size() > 1;
    for (const auto& shard : shards)
        impl->shards.push_back(std::make_unique<detail::Shard>(shard, open_database(shard, options.create, path), threaded));
    impl->duplicates = std::make_unique<detail::duplicates::DuplicateFinder>(path);
    return Archive(std::move(impl));
}

void Archive::add(const Article& article) { impl_->write(detail::prepare(article)); }

bool Archive::remove(const std::string& id) {
    if (id.empty()) return false;
    detail::Shard& shard = impl_->shard_of(id);
    shard.wait();
    try {
        const std::string term = schema::id_term(id);
        if (!shard.db().term_exists(term)) return false;
        shard.db().delete_document(term);
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "remove article " + id, e);
    }
    impl_->changed();
    return true;
}

void Archive::commit() { impl_->commit(); }

std::size_t Archive::size() const {
    impl_->wait_all();
    try {
        std::size_t n = 0;
        for (const auto& s : impl_->shards) n += s->db().get_doccount();
        return n;
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "count articles", e);
    }
}

std::optional<Article> Archive::get(const std::string& id) const {
    if (id.empty()) return std::nullopt;
    detail::Shard& shard = impl_->shard_of(id);
    shard.wait();
    try {
        const std::string term = schema::id_term(id);
        Xapian::PostingIterator it = shard.db().postlist_begin(term);
        if (it == shard.db().postlist_end(term)) return std::nullopt;
        return schema::deserialise_article(shard.db().get_document(*it).get_data());
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "read article " + id, e);
    }
}

std::size_t compact_archive(const std::string& path) {
    namespace fs = std::filesystem;
    const std::string fresh = path + ".compacting", old = path + ".old";
    std::size_t articles = 0;
    {
        // Holding the archive open for writing keeps other writers out meanwhile.
        Archive locked = Archive::open(path, ArchiveOptions{.create = false});
        articles = locked.size();
        try {
            fs::remove_all(fresh);
            Xapian::Database(path).compact(fresh);
        } catch (const Xapian::Error& e) {
            fs::remove_all(fresh);
            schema::throw_archive_error(path, "compact", e);
        } catch (const fs::filesystem_error& e) {
            throw ArchiveError("archive " + path + ": cannot compact: " + e.what());
        }
    }
    try {
        fs::remove_all(old);
        fs::rename(path, old);
        fs::rename(fresh, path);
        fs::remove_all(old);
    } catch (const fs::filesystem_error& e) {
        throw ArchiveError("archive " + path + ": cannot swap in the compacted copy " + fresh + ": " + e.what());
    }
    return articles;
}

}  // namespace annals
