// Tests of the language guess for articles that do not say (lib/extract/language.cpp).
#include <catch2/catch.hpp>

#include <annals/extract.hpp>

#include "extract/language.hpp"

using annals::detail::guess_language;

TEST_CASE("language: news text is recognised by its common words", "[extract]") {
    CHECK(guess_language("Talks resume", "The minister said that the talks with the unions would resume on Monday, "
                                         "and that he was hopeful.") == "en");
    CHECK(guess_language("", "Der Bundeskanzler traf am Montag in Berlin den Präsidenten. Die Gespräche dauerten "
                             "bis in die Nacht, sagte ein Sprecher der Regierung.") == "de");
    CHECK(guess_language("", "Le président a rencontré le chancelier à Berlin lundi. Les discussions sur la guerre "
                             "ont duré toute la nuit, a déclaré un porte-parole.") == "fr");
    CHECK(guess_language("", "El presidente se reunió con el canciller en Berlín el lunes. Las conversaciones "
                             "duraron toda la noche, dijo un portavoz del gobierno.") == "es");
    CHECK(guess_language("", "Il presidente ha incontrato il cancelliere a Berlino lunedì. I colloqui sono durati "
                             "tutta la notte, ha detto un portavoce del governo.") == "it");
    CHECK(guess_language("", "De president heeft maandag in Berlijn de kanselier ontmoet. De gesprekken duurden de "
                             "hele nacht, zei een woordvoerder van het kabinet.") == "nl");
    CHECK(guess_language("", "O presidente encontrou o chanceler em Berlim na segunda-feira. As conversas duraram "
                             "a noite toda, disse um porta-voz do governo.") == "pt");
    CHECK(guess_language("", "Президент встретился с канцлером в Берлине в понедельник.") == "und");
}

TEST_CASE("language: short or mixed text stays English", "[extract]") {
    CHECK(guess_language("Merkel", "Angela Merkel") == "en");
    CHECK(guess_language("", "") == "en");
    // Place names with Spanish articles, and tables in capitals.
    CHECK(guess_language("SOCCER - MEXICO BEAT EL SALVADOR 2-0",
                         "LOS ANGELES 2024-06-01\nMexico beat El Salvador 2-0 on Saturday.\nScorers :\n"
                         "Mexico - Luis Romo ( 12th ) , Santiago Gimenez ( 70th )\nEl Salvador - none\n"
                         "Attendance - 40,000") == "en");
    CHECK(guess_language("", "ISSUER : LA COUNTY ST : CA\nDUE : NA / NA / NA\nAS OF : DE LA O\n"
                             "SERIES : A TAX : NO\nBANK : SE DA DO") == "en");
    // English with foreign names and a quoted phrase in another language.
    CHECK(guess_language("", "Jean de la Fontaine's fables, known as \"Les Fables\", were read aloud in the hall "
                             "by the director of the museum, who said that the show was sold out.") == "en");
}

TEST_CASE("language: an article that does not say is read in the language it is written in", "[extract]") {
    annals::Article a;
    a.body = "Der Bundeskanzler traf am Montag in Berlin den französischen Präsidenten. Die Gespräche "
             "dauerten bis in die Nacht, sagte ein Sprecher der Regierung.";
    const auto es = annals::Extractor().extract(a);
    bool berlin = false;
    for (const auto& e : es) {
        INFO(e.text);
        // The English model would take capitalised German nouns for names.
        CHECK(e.text != "Der Bundeskanzler");
        CHECK(e.text != "Die Gespräche");
        berlin = berlin || (e.type == annals::EntityType::Place && e.text == "Berlin");
    }
    CHECK(berlin);
    CHECK(a.language.empty());  // the record itself is not changed
}
