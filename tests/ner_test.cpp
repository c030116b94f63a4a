// Tests of the statistical tagger (lib/extract/perceptron.cpp, tagger_builtin.cpp).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "extract/ner.hpp"
#include "extract/perceptron.hpp"
#include "extract/tokenize.hpp"

using namespace annals;
using namespace annals::detail;

namespace {
struct Found {
    EntityType type;
    std::string text;
    bool operator==(const Found&) const = default;
};

std::vector<Found> run(const std::string& text) {
    auto toks = tokenize(text);
    std::vector<Found> out;
    for (const auto& m : Tagger::builtin().tag(text, toks))
        out.push_back({m.type, text.substr(toks[m.first].start, toks[m.last].end - toks[m.first].start)});
    return out;
}

bool has(const std::vector<Found>& fs, EntityType type, const std::string& text) {
    for (const auto& f : fs)
        if (f.type == type && f.text == text) return true;
    return false;
}
}  // namespace

TEST_CASE("ner: BILOU labels respect span structure", "[extract]") {
    using namespace annals::detail::ner;
    CHECK(allowed(0, make_label(kPer, 0)));
    CHECK_FALSE(allowed(0, make_label(kPer, 1)));
    CHECK(allowed(make_label(kPer, 0), make_label(kPer, 2)));
    CHECK_FALSE(allowed(make_label(kPer, 0), make_label(kLoc, 2)));
    CHECK_FALSE(may_end(make_label(kOrg, 0)));
    CHECK(may_end(make_label(kOrg, 3)));
}

TEST_CASE("ner: model blobs round-trip and malformed ones are rejected", "[extract]") {
    using namespace annals::detail::ner;
    Model m;
    m.buckets = 16;
    m.lex.words[hash_bytes("London")] = WordInfo{3, 2, 9, 7};
    m.lex.phrases[phrase_key(phrase_key(0, hash_bytes("new")), hash_bytes("york"))] = 1u << kGazCity;
    // Classes past the eighth bit (clubs, mined companies) and the prefix mark survive.
    const auto mancity = phrase_key(phrase_key(0, hash_bytes("manchester")), hash_bytes("city"));
    m.lex.phrases[mancity] = static_cast<std::uint16_t>((1u << kGazClub) | (1u << kGazMined) | kGazPrefix);
    m.lex.max_phrase = 2;
    for (auto& w : m.weights) w.assign(16 * kNumLabels, 1);
    std::string blob = m.save();
    auto back = Model::load(blob);
    CHECK(back->buckets == 16);
    CHECK(back->lex.words.at(hash_bytes("London")).cap_ratio == 9);
    CHECK(back->lex.words.at(hash_bytes("London")).cluster_mid == 7);
    CHECK(back->lex.phrases.at(mancity) == ((1u << kGazClub) | (1u << kGazMined) | kGazPrefix));
    CHECK(back->save() == blob);
    CHECK_THROWS(Model::load(blob.substr(0, blob.size() - 3)));
    CHECK_THROWS(Model::load("garbage"));
    CHECK(back->tag(Doc{}).empty());
}

TEST_CASE("ner: Viterbi on packed weights finds the same labels as the plain decoder", "[extract]") {
    using namespace annals::detail::ner;
    // Random weights, large enough that some label differences overflow 16 bits
    // (the packed table's "wide" rows), on random documents.
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> weight(-30000, 30000);
    Model m;
    m.buckets = 1u << 10;
    for (auto& w : m.weights) {
        w.resize(std::size_t{m.buckets} * kNumLabels);
        for (auto& v : w) v = static_cast<std::int16_t>(weight(rng));
    }
    m.pack();
    REQUIRE_FALSE(m.packed.empty());
    REQUIRE_FALSE(m.wide_rows.empty());
    const std::vector<std::string> vocab = {"The", "talks", "in", "Geneva", "ended", ",", "said", "Marco",
                                            "Rubio", "of", "the", "State", "Department", ".", "NATO", "42"};
    for (int round = 0; round < 20; ++round) {
        Doc doc;
        const int n = 1 + static_cast<int>(rng() % 60);
        for (int i = 0; i < n; ++i) {
            doc.words.push_back(vocab[rng() % vocab.size()]);
            doc.sent_start.push_back(i == 0 || rng() % 8 == 0);
        }
        const auto packed = m.tag(doc);
        CHECK(packed == m.tag_plain(doc, m.featurize(doc)));
        // Every label sequence it returns is well formed.
        for (std::size_t i = 0; i < packed.size(); ++i) {
            const int prev = doc.sent_start[i] ? 0 : packed[i - 1];
            CHECK(allowed(prev, packed[i]));
            if (i + 1 == packed.size() || doc.sent_start[i + 1]) CHECK(may_end(packed[i]));
        }
    }
}

TEST_CASE("ner: the built-in tagger finds people, places and organisations in news text", "[extract]") {
    auto fs = run("Marco Rubio met Ukrainian officials in Geneva on Sunday, the State Department "
                  "said. Rubio\xE2\x80\x99s team flew back to Washington.");
    CHECK(has(fs, EntityType::Person, "Marco Rubio"));
    CHECK(has(fs, EntityType::Place, "Geneva"));
    CHECK(has(fs, EntityType::Place, "Washington"));
    CHECK(has(fs, EntityType::Person, "Rubio"));
    // Wire copy as CoNLL writes it: space-joined tokens, a byline, a dateline in capitals.
    auto conll = run("EU weighs Dutch plan to tax imported cheese .\nAnna Lindqvist\n"
                     "BRUSSELS 2024-03-11\nThe European Commission said on Monday it would study the plan .");
    CHECK(has(conll, EntityType::Organization, "EU"));
    CHECK(has(conll, EntityType::Person, "Anna Lindqvist"));
    CHECK(has(conll, EntityType::Place, "BRUSSELS"));
    CHECK(has(conll, EntityType::Organization, "European Commission"));
    for (const auto& f : conll) CHECK(f.text != "Dutch");  // MISC is never reported
}

TEST_CASE("ner: organisations known from the name lists alone are found", "[extract]") {
    // None of these is in the training text (CoNLL-2003 train): the model knows
    // them from data/ner/names/ (the org gazetteer class).
    auto fs = run("He was one of the best quarterbacks in NFL history, Smith said. A strike at Aeroflot "
                  "grounded flights on Monday, Yonhap news agency reported.");
    CHECK(has(fs, EntityType::Organization, "NFL"));
    CHECK(has(fs, EntityType::Organization, "Aeroflot"));
    CHECK(has(fs, EntityType::Organization, "Yonhap"));
}

TEST_CASE("ner: tagging is safe on any input and shared across threads", "[extract]") {
    std::string odd = "\xFF\xFE Москва \xE2\x80\x94 東京 ... \"\" ''\n\n  U.S. .";
    auto toks = tokenize(odd);
    auto ms = Tagger::builtin().tag(odd, toks);
    for (const auto& m : ms) {
        CHECK(m.first <= m.last);
        CHECK(m.last < toks.size());
    }
    CHECK(Tagger::builtin().tag("", {}).empty());
    std::string text = "Angela Merkel visited Paris with officials of the World Bank .";
    auto expected = run(text);
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            bool same = true;
            for (int k = 0; k < 50; ++k) same = same && run(text) == expected;
            ok[static_cast<std::size_t>(t)] = same;
        });
    for (auto& th : threads) th.join();
    CHECK(ok == std::vector<int>(4, 1));
}
