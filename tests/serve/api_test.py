"""annals-serve: the JSON API answers as docs/http-api.md says, and /api/search
gives exactly what annals-query --json prints for the same options."""
import http.client
import json
import os
import signal
import subprocess
import time
import unittest
from urllib.parse import quote, urlencode

from serving import BIN, DB, Server, query_json


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("serve-api")

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        assert status == 0, f"exit status {status} after SIGTERM"

    def test_search_equals_annals_query_json(self):
        cases = [
            ({"q": "person:rubio", "limit": 3, "facet": "person,year"},
             ["--limit", "3", "--facet", "person,year", "person:rubio"]),
            ([("q", "place:kiev"), ("limit", 2), ("facet", "place"), ("facet", "country")],
             ["--limit", "2", "--facet", "place", "--facet", "country", "place:kiev"]),
            ({"q": "", "sort": "newest", "offset": 5, "limit": 4, "facet": "month"},
             ["--sort", "newest", "--offset", "5", "--limit", "4", "--facet", "month", ""]),
            ({"q": "org:nato -trump", "sort": "newest", "facet": "organization", "facet_limit": 5},
             ["--sort", "newest", "--facet", "organization", "--facet-limit", "5", "org:nato -trump"]),
            ({"q": "Zelensky \"martial law\"", "sort": "oldest"},
             ["--sort", "oldest", "Zelensky \"martial law\""]),
            ({"q": "ukrane"}, ["ukrane"]),  # a suggestion
            ({"q": "date:2022..", "like": "sample-002", "limit": 3},
             ["--like", "sample-002", "--limit", "3", "date:2022.."]),
            ([("q", "ukraine"), ("limit", 0), ("related", "person"), ("related", "place"), ("related_limit", 4)],
             ["--limit", "0", "--related", "person,place", "--related-limit", "4", "ukraine"]),
            ({"q": "kiev", "limit": 2}, ["--limit", "2", "kiev"]),  # a place alias
        ]
        for params, args in cases:
            with self.subTest(args=args):
                status, headers, body = self.server.request("/api/search?" + urlencode(params))
                self.assertEqual(status, 200)
                self.assertTrue(headers["content-type"].startswith("application/json"))
                self.assertEqual(body.decode(), query_json(*args).decode())

    def test_search_defaults(self):
        status, r = self.server.json("/api/search")
        self.assertEqual(status, 200)
        self.assertEqual((r["query"], r["offset"], r["limit"]), ("", 0, 10))
        self.assertEqual(r["total"], json.loads(query_json(""))["total"])
        self.assertGreater(r["total"], 10)

    def test_bad_query_is_400_with_position(self):
        status, e = self.server.json("/api/search?q=" + quote("(rubio OR trump"))
        self.assertEqual(status, 400)
        self.assertEqual(e["error"], "query")
        self.assertIsInstance(e["position"], int)
        self.assertTrue(e["message"].startswith(f"query position {e['position']}: "))
        status, e = self.server.json("/api/search?q=" + quote("person:\"marco rubio"))
        self.assertEqual((status, e["error"], e["position"]), (400, "query", 7))

    def assert_error(self, path, status, kind):
        with self.subTest(path=path):
            got, e = self.server.json(path)
            self.assertEqual((got, e["error"]), (status, kind))
            self.assertTrue(e["message"])

    def test_bad_parameters_are_400(self):
        for query in ["facet=colour", "limit=ten", "limit=-1", "limit=100000", "offset=1x", "sort=sideways",
                      "related=year", "related_limit=x"]:
            self.assert_error("/api/search?q=rubio&" + query, 400, "usage")
        self.assert_error("/api/search?like=no-such-id", 400, "query")

    def test_article_with_entities(self):
        status, a = self.server.json("/api/articles/sample-015")
        self.assertEqual(status, 200)
        self.assertEqual(a["id"], "sample-015")
        self.assertIn("Zelensky", a["title"])
        kinds = {e["type"] for e in a["entities"]}
        self.assertLessEqual({"person", "place", "organization", "date"}, kinds)
        for e in a["entities"]:
            text = a[e.get("field", "body")].encode()
            self.assertEqual(text[e["start"]:e["end"]].decode(), e["text"])
        canon = {e["canonical"] for e in a["entities"] if e["type"] == "person"}
        self.assertIn("Marco Rubio", canon)

    def test_unknown_article_and_path_are_404(self):
        for path in ["/api/articles/no-such-id", "/api/articles/" + quote('a"b'), "/api/nothing", "/nothing"]:
            self.assert_error(path, 404, "usage")

    def test_kept_alive_connection_is_not_held_back(self):
        # Regression: without TCP_NODELAY the body of each reply waited for the
        # client's delayed ACK of its headers, 40 ms or more on Linux, on every
        # request of a kept-alive connection after the first. A search of the
        # sample archive takes a few ms; the median of 11 stays far below 40.
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        times = []
        for _ in range(11):
            start = time.monotonic()
            conn.request("GET", "/api/search?q=ukraine&facet=person")
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            times.append(time.monotonic() - start)
        conn.close()
        self.assertLess(sorted(times)[5], 0.030)

    def test_health(self):
        status, h = self.server.json("/api/health")
        self.assertEqual(status, 200)
        self.assertEqual(h["status"], "ok")
        self.assertEqual(h["archives"], 1)
        self.assertEqual(h["articles"], json.loads(query_json(""))["total"])

    def test_read_only(self):
        for method in ["POST", "PUT", "DELETE", "PATCH"]:
            with self.subTest(method=method):
                status, headers, body = self.server.request("/api/articles/sample-015", method)
                self.assertEqual(status, 405)
                self.assertEqual(headers["allow"], "GET, HEAD")
                self.assertEqual(json.loads(body)["error"], "usage")
        self.assertEqual(self.server.json("/api/articles/sample-015")[0], 200)

    def test_page_and_its_files(self):
        for path, kind, marker in [("/", "text/html", b'id="q"'), ("/app.js", "text/javascript", b"byteToIndex"),
                                   ("/app.css", "text/css", b"@media")]:
            with self.subTest(path=path):
                status, headers, body = self.server.request(path)
                self.assertEqual(status, 200)
                self.assertTrue(headers["content-type"].startswith(kind))
                self.assertIn("default-src 'self'", headers["content-security-policy"])
                self.assertIn(marker, body)

    def test_access_log_line(self):
        self.server.request("/api/health?probe=log")
        # The server writes the line once the response is sent, which the client
        # may see first: wait a little for it (regression: failed on a fast machine).
        line = None
        for _ in range(50):
            line = next((l for l in self.server.log().splitlines() if "/api/health?probe=log" in l), None)
            if line:
                break
            time.sleep(0.05)
        self.assertIsNotNone(line, "no access log line for the request")
        fields = line.split()
        # time, client, method, target, status, bytes, milliseconds
        self.assertEqual(fields[1:5], ["127.0.0.1", "GET", "/api/health?probe=log", "200"])
        self.assertGreater(int(fields[5]), 0)
        self.assertRegex(fields[6], r"^\d+\.\dms$")


class Lifecycle(unittest.TestCase):
    def run_serve(self, *args):
        return subprocess.run([os.path.join(BIN, "annals-serve"), *args], capture_output=True, text=True, timeout=30)

    def test_usage_and_archive_errors(self):
        r = self.run_serve("--listen", "127.0.0.1:0")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--db DIR is required", r.stderr)
        r = self.run_serve("--db", DB, "--listen", "localhost")
        self.assertEqual(r.returncode, 2)
        self.assertIn("HOST:PORT", r.stderr)
        r = self.run_serve("--db", os.path.join(os.environ.get("ANNALS_OUT", "."), "no-such.db"), "--listen", "127.0.0.1:0")
        self.assertEqual(r.returncode, 1)
        r = self.run_serve("--db", DB, "--search-threads", "many")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--search-threads wants auto or a number", r.stderr)

    def test_stops_soon_with_an_idle_connection(self):
        server = Server("serve-idle")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("GET", "/api/health")
        conn.getresponse().read()  # the connection stays open, idle
        start = time.monotonic()
        self.assertEqual(server.stop(), 0)
        self.assertLess(time.monotonic() - start, 4)  # the keep-alive timeout is 2 s
        conn.close()
        self.assertIn("stopped by SIGTERM", server.log())

    def test_busy_port_is_exit_1(self):
        server = Server("serve-busy")
        try:
            r = self.run_serve("--db", DB, "--listen", f"127.0.0.1:{server.port}")
            self.assertEqual(r.returncode, 1)
            self.assertIn("cannot listen", r.stderr)
        finally:
            self.assertEqual(server.stop(signal.SIGINT), 0)
        self.assertIn("stopped by SIGINT", server.log())


if __name__ == "__main__":
    unittest.main(verbosity=2)
