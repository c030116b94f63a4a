// annals-serve: the archive over HTTP, as a JSON API (docs/http-api.md) and a
// search page for people who do not use a terminal. A thin shell: options,
// signals and the access log here; the routes in routes.cpp; all searching in
// the library.
#include <annals/annals.hpp>

#include <boost/program_options.hpp>

#include <httplib.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sys/socket.h>

#include "cli.hpp"
#include "routes.hpp"
#include "searcher_pool.hpp"

namespace po = boost::program_options;
using namespace annals;

namespace {

const char* const kProgram = "annals-serve";

const char* const kUsage =
    "Usage: annals-serve --db DIR [--db DIR...] [options]\n"
    "\n"
    "Serves the archive in DIR (or several as one, as annals-query does) over\n"
    "HTTP, read-only: a search page at / and a JSON API (docs/http-api.md):\n"
    "  GET /api/search?q=QUERY&facet=F&limit=N&offset=N&sort=ORDER\n"
    "      the object annals-query --json prints for the same options\n"
    "  GET /api/articles/ID   one article with its entities\n"
    "  GET /api/health        status and number of articles\n"
    "Errors are JSON with an HTTP status: 400 for a bad query (with its\n"
    "position), 404 for an unknown article or path.\n"
    "\n"
    "It listens on loopback unless told otherwise: anyone who can reach another\n"
    "address can read the whole archive. One line per request on stderr (time,\n"
    "client, method and target, status, bytes, milliseconds). SIGTERM or SIGINT\n"
    "(Ctrl-C) stops it after the requests in progress.\n"
    "\n"
    "  annals-serve --db news.db                 then open http://127.0.0.1:8080/\n"
    "  annals-serve --db news.db --listen 127.0.0.1:0   (any free port, printed)\n"
    "\n"
    "Exit status: 0 stopped by a signal, 1 the archive cannot be opened or the\n"
    "address cannot be bound, 2 usage error.\n"
    "\n"
    "Options";

struct Address {
    std::string host;
    int port = 0;
};

// "HOST:PORT", the host of an IPv6 address in brackets ("[::1]:8080").
std::optional<Address> parse_address(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    Address a;
    a.host = text.substr(0, colon);
    if (a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (a.host.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    a.port = std::stoi(port);
    if (a.port > 65535) return std::nullopt;
    return a;
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string url_of(const Address& a) {
    const bool v6 = a.host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + a.host + "]" : a.host) + ":" + std::to_string(a.port) + "/";
}

// The access log: the start of the request being handled on this thread (set
// before routing, cleared once logged; a request rejected before routing has none).
thread_local std::optional<std::chrono::steady_clock::time_point> request_start;
std::mutex log_mutex;

void log_request(const httplib::Request& req, const httplib::Response& res) {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::string ms = "-";
    if (request_start) {
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - *request_start;
        ms = std::to_string(took.count());
        ms.resize(ms.find('.') + 2);  // one decimal
        request_start.reset();
    }
    const std::string line = std::string(stamp) + " " + req.remote_addr + " " +
                             (req.method.empty() ? "-" : req.method) + " " + (req.target.empty() ? "-" : req.target) +
                             " " + std::to_string(res.status) + " " + std::to_string(res.body.size()) + " " + ms +
                             "ms\n";
    std::lock_guard lock(log_mutex);
    std::cerr << line << std::flush;
}

}  // namespace

int main(int argc, char** argv) {
    po::options_description visible(kUsage);
    std::vector<std::string> dbs;
    std::string listen = "127.0.0.1:8080";
    std::size_t threads = 32;
    unsigned refresh = 30;
    std::string search_threads = "auto";
    visible.add_options()
        ("help,h", "show this help and exit")
        ("version", "show the version and exit")
        ("db,d", po::value(&dbs)->value_name("DIR")->composing(),
         "archive directory or tcp://HOST:PORT (required; repeat to search several)")
        ("listen,l", po::value(&listen)->value_name("HOST:PORT"),
         "address to listen on (default 127.0.0.1:8080; port 0 picks a free one)")
        ("threads,t", po::value(&threads)->value_name("N"),
         "requests handled at once (default 32); each search holds one archive reader")
        ("search-threads", po::value(&search_threads)->value_name("N"),
         "threads counting one search: 0 one per core on archives of 50,000 articles or more, 1 the "
         "request's own thread only, N that many (default auto: as 0 while the search is the only one "
         "running, as 1 when others run or ran in the last 250 ms)")
        ("refresh", po::value(&refresh)->value_name("SECONDS"),
         "reopen the archive this often to see new articles (default 30, 0 = never)")
        ("quiet,q", "no access log");
    po::variables_map vm;
    if (auto status = cli::parse_command_line(argc, argv, kProgram, visible, "unexpected", vm)) return *status;
    if (!cli::positionals(vm, "unexpected").empty())
        return cli::usage_error(kProgram, "unexpected argument '" + cli::positionals(vm, "unexpected").front() + "'");
    if (dbs.empty()) return cli::usage_error(kProgram, "--db DIR is required");
    if (threads == 0 || threads > 1024) return cli::usage_error(kProgram, "--threads must be from 1 to 1024");
    std::size_t counting_threads = serve::SearcherPool::kAuto;
    if (search_threads != "auto") {
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(search_threads.data(), search_threads.data() + search_threads.size(), n);
        if (ec != std::errc() || end != search_threads.data() + search_threads.size() || n > 1024)
            return cli::usage_error(kProgram, "--search-threads wants auto or a number from 0 to 1024, not '" +
                                                  search_threads + "'");
        counting_threads = n;
    }
    const auto address = parse_address(listen);
    if (!address) return cli::usage_error(kProgram, "--listen wants HOST:PORT, not '" + listen + "'");

    std::optional<serve::SearcherPool> pool;
    try {
        pool.emplace(dbs, std::chrono::seconds(refresh), counting_threads);
    } catch (const UsageError& e) {
        return cli::usage_error(kProgram, e.what());
    } catch (const Error& e) {
        return cli::fail(kProgram, e.what(), cli::kFailed);
    }

    // SIGINT and SIGTERM are taken by one thread (sigwait) rather than a handler,
    // so that stopping the server runs as ordinary code. Blocked before any other
    // thread starts, so that every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    httplib::Server server;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // SO_REUSEADDR only: a restart need not wait for old connections, but a
    // second server on a port in use fails (SO_REUSEPORT would let both listen).
    // Replies go out as soon as written: with Nagle's algorithm the body waited
    // for the client's delayed ACK of the headers, 40 ms on Linux, on every
    // request of a kept-alive connection.
    server.set_tcp_nodelay(true);
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_payload_max_length(64 * 1024);  // GET only: no request needs a body
    // An idle keep-alive connection holds a worker thread, and delays stopping,
    // until it times out: keep that short (httplib's default is 5 s).
    server.set_keep_alive_timeout(2);
    server.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
    if (!vm.count("quiet")) {
        server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            request_start = std::chrono::steady_clock::now();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        server.set_logger(log_request);
    }
    serve::add_api_routes(server, *pool);
    serve::add_page_routes(server);

    Address bound = *address;
    const bool ok = address->port == 0 ? (bound.port = server.bind_to_any_port(address->host)) > 0
                                       : server.bind_to_port(address->host, address->port);
    if (!ok) return cli::fail(kProgram, "cannot listen on " + listen, cli::kFailed);
    if (!is_loopback(bound.host))
        std::cerr << kProgram << ": warning: listening on " << bound.host
                  << ", not loopback: anyone who can reach it can read the archive\n";
    std::size_t articles = 0;
    try {
        articles = pool->borrow()->size();
    } catch (const Error& e) {
        return cli::fail(kProgram, e.what(), cli::kFailed);
    }
    std::cerr << kProgram << ": " << articles << " articles; listening on " << url_of(bound) << std::endl;

    std::atomic<int> received{0};
    std::atomic<bool> done{false};
    std::thread stopper([&] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        received = signal;
        // A signal may come before the server runs, when stop() would do nothing.
        while (!done && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (!done) server.stop();
    });
    server.listen_after_bind();
    done = true;
    const bool signalled = received != 0;
    if (!signalled) kill(getpid(), SIGTERM);  // wake the stopper: the server stopped on its own
    stopper.join();
    if (!signalled) return cli::fail(kProgram, "the server stopped unexpectedly", cli::kFailed);
    std::cerr << kProgram << ": stopped by " << (received == SIGINT ? "SIGINT" : "SIGTERM") << std::endl;
    return cli::kOk;
}
