// GzipStream and gunzip() over zlib's inflate.
#include "util/gzip.hpp"

#include <cstring>
#include <stdexcept>

#include <zlib.h>

namespace annals::detail {

struct GzipStream::Impl {
    Source source;
    z_stream z{};
    char in[1 << 16];
    bool source_done = false;
    bool finished = false;     // the last member ended and no bytes follow
    bool in_member = false;    // inside a member: running out of input now is an error
    std::size_t consumed = 0;  // compressed bytes handed to inflate and used

    bool refill() {
        if (source_done) return false;
        const std::size_t n = source(in, sizeof in);
        if (n == 0) {
            source_done = true;
            return false;
        }
        z.next_in = reinterpret_cast<Bytef*>(in);
        z.avail_in = static_cast<uInt>(n);
        return true;
    }
};

GzipStream::GzipStream(Source source) : impl_(std::make_unique<Impl>()) {
    impl_->source = std::move(source);
    // 16 + MAX_WBITS: a gzip header and trailer, not a raw zlib stream.
    if (inflateInit2(&impl_->z, 16 + MAX_WBITS) != Z_OK) throw GzipError("zlib: cannot start inflate");
}

GzipStream::~GzipStream() { inflateEnd(&impl_->z); }

std::size_t GzipStream::compressed_offset() const { return impl_->consumed; }

bool GzipStream::read(std::string& out, std::size_t max) {
    Impl& s = *impl_;
    const std::size_t before = out.size();
    char buf[1 << 16];
    while (!s.finished && out.size() - before < max) {
        if (s.z.avail_in == 0 && !s.refill()) {
            if (s.in_member) throw GzipError("gzip data ends inside a member (truncated file)");
            s.finished = true;
            break;
        }
        const std::size_t want = std::min(sizeof buf, max - (out.size() - before));
        s.z.next_out = reinterpret_cast<Bytef*>(buf);
        s.z.avail_out = static_cast<uInt>(want);
        const uInt avail_before = s.z.avail_in;
        const int rc = inflate(&s.z, Z_NO_FLUSH);
        s.consumed += avail_before - s.z.avail_in;
        out.append(buf, want - s.z.avail_out);
        if (rc == Z_STREAM_END) {
            s.in_member = false;
            inflateReset(&s.z);  // another member may follow
        } else if (rc == Z_OK || (rc == Z_BUF_ERROR && s.z.avail_in == 0)) {
            s.in_member = true;
        } else {
            throw GzipError(std::string("damaged gzip data (") + (s.z.msg ? s.z.msg : "inflate failed") + ")");
        }
    }
    return out.size() > before;
}

std::string gunzip(std::string_view gz, const std::string& name) {
    if (!is_gzip(gz)) throw GzipError(name + ": not a complete gzip file: no gzip header");
    std::size_t at = 0;
    GzipStream stream([&](char* buf, std::size_t cap) {
        const std::size_t n = std::min(cap, gz.size() - at);
        std::memcpy(buf, gz.data() + at, n);
        at += n;
        return n;
    });
    std::string out;
    try {
        while (stream.read(out, std::size_t{1} << 20)) {
        }
    } catch (const GzipError& e) {
        throw GzipError(name + ": not a complete gzip file: " + e.what());
    }
    return out;
}

}  // namespace annals::detail
