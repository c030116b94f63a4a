// annals::Archive: the writable archive. Terms, values and data come from
// index/schema.cpp; this file handles opening, batching and errors.
#include "annals/archive.hpp"

#include <filesystem>

#include <xapian.h>

#include "annals/error.hpp"
#include "index/archive_impl.hpp"
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
        g.set_stemmer(Xapian::Stem("english"));
        g.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        return g;
    }();
    PreparedArticle prepared;
    prepared.id = article.id;
    prepared.doc = schema::make_document(article, generator, prepared.spelling);
    // The generator holds a reference to the document, and Xapian's reference
    // counts are not atomic: let go of it before the document changes thread.
    generator.set_document(Xapian::Document());
    return prepared;
}

}  // namespace detail

void Archive::Impl::write(detail::PreparedArticle&& article) {
    try {
        // Summed here and given to Xapian once per word and commit: adding a
        // word that its spelling table already holds costs a lookup per call.
        for (auto& [word, count] : article.spelling) spelling[std::move(word)] += count;
        db.replace_document(schema::id_term(article.id), article.doc);
        if (++pending >= options.batch_size) commit();
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(path, "add article " + article.id, e);
    }
}

void Archive::Impl::commit() {
    try {
        for (const auto& [word, count] : spelling) db.add_spelling(word, count);
        spelling.clear();
        db.commit();
        pending = 0;
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(path, "commit", e);
    }
}

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::Archive(Archive&&) noexcept = default;
Archive& Archive::operator=(Archive&&) noexcept = default;

Archive::~Archive() {
    if (!impl_) return;
    try {
        if (impl_->pending) impl_->commit();
    } catch (...) {
        // Documented: destructor errors are swallowed; commit() reports them.
    }
}

Archive Archive::open(const std::string& path, const ArchiveOptions& options) {
    if (!options.create && !std::filesystem::exists(path))
        throw ArchiveError("no annals archive at " + path);
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->options = options;
    if (impl->options.batch_size == 0) impl->options.batch_size = 1;
    try {
        impl->db = Xapian::WritableDatabase(path, options.create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
        const std::string version = impl->db.get_metadata(std::string(schema::kVersionKey));
        if (version.empty() && impl->db.get_doccount() == 0 && impl->db.metadata_keys_begin() == impl->db.metadata_keys_end()) {
            // A fresh database: stamp it.
            impl->db.set_metadata(std::string(schema::kVersionKey), std::string(schema::kVersion));
            impl->db.commit();
        } else {
            schema::check_version(impl->db, path);
        }
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw ArchiveError("no annals archive at " + path);
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(path, "open", e);
    }
    return Archive(std::move(impl));
}

void Archive::add(const Article& article) { impl_->write(detail::prepare(article)); }

bool Archive::remove(const std::string& id) {
    try {
        const std::string term = schema::id_term(id);
        if (id.empty() || !impl_->db.term_exists(term)) return false;
        impl_->db.delete_document(term);
        if (++impl_->pending >= impl_->options.batch_size) commit();
        return true;
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "remove article " + id, e);
    }
}

void Archive::commit() { impl_->commit(); }

std::size_t Archive::size() const {
    try {
        return impl_->db.get_doccount();
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "count articles", e);
    }
}

std::optional<Article> Archive::get(const std::string& id) const {
    try {
        const std::string term = schema::id_term(id);
        Xapian::PostingIterator it = impl_->db.postlist_begin(term);
        if (id.empty() || it == impl_->db.postlist_end(term)) return std::nullopt;
        return schema::deserialise_article(impl_->db.get_document(*it).get_data());
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "read article " + id, e);
    }
}

}  // namespace annals
