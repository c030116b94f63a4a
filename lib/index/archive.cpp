// annals::Archive: the writable archive. Terms, values and data come from
// index/schema.cpp; this file handles opening, batching and errors.
#include "annals/archive.hpp"

#include <filesystem>

#include <xapian.h>

#include "annals/error.hpp"
#include "index/facet_ordinals.hpp"
#include "index/schema.hpp"

namespace annals {

namespace schema = detail::schema;

struct Archive::Impl {
    std::string path;
    ArchiveOptions options;
    Xapian::WritableDatabase db;
    Xapian::TermGenerator generator;
    detail::ordinals::OrdinalWriter ordinals;
    std::size_t pending = 0;  // adds and removes since the last commit
};

Archive::Archive(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Archive::Archive(Archive&&) noexcept = default;
Archive& Archive::operator=(Archive&&) noexcept = default;

Archive::~Archive() {
    if (!impl_) return;
    try {
        if (impl_->pending) impl_->db.commit();
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
        impl->generator.set_stemmer(Xapian::Stem("english"));
        impl->generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        impl->generator.set_database(impl->db);
        impl->generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw ArchiveError("no annals archive at " + path);
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(path, "open", e);
    }
    return Archive(std::move(impl));
}

void Archive::add(const Article& article) {
    if (article.id.empty()) throw UsageError("Archive::add: the article has no id (use derive_id())");
    if (article.title.empty() && article.body.empty())
        throw UsageError("Archive::add: article " + article.id + " has neither title nor body");
    try {
        Xapian::Document doc = schema::make_document(article, impl_->generator);
        impl_->ordinals.encode(doc, impl_->db);
        impl_->db.replace_document(schema::id_term(article.id), doc);
        if (++impl_->pending >= impl_->options.batch_size) commit();
    } catch (const Xapian::Error& e) {
        schema::throw_archive_error(impl_->path, "add article " + article.id, e);
    }
}

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

void Archive::commit() {
    try {
        impl_->db.commit();
        impl_->pending = 0;
    } catch (const Xapian::Error& e) {
        impl_->ordinals.reset();  // the ordinals it handed out may not have been written
        schema::throw_archive_error(impl_->path, "commit", e);
    }
}

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
