# Data built into the library: the gazetteer (data/gazetteer, built by hand from
# Debian packages with data/gazetteer/build.sh) and the curated tables
# (data/curated), each as `std::string annals::detail::data::<name>()` (see
# cmake/AnnalsEmbed.cmake, which also serves the NER model in ner_data.cmake).
include(${PROJECT_SOURCE_DIR}/cmake/AnnalsEmbed.cmake)

annals_embed_file(gazetteer_places ${PROJECT_SOURCE_DIR}/data/gazetteer/places.tsv)
annals_embed_file(gazetteer_first_names ${PROJECT_SOURCE_DIR}/data/gazetteer/first_names.txt)
annals_embed_file(curated_organizations ${PROJECT_SOURCE_DIR}/data/curated/organizations.tsv)
annals_embed_file(curated_regions ${PROJECT_SOURCE_DIR}/data/curated/regions.tsv)
annals_embed_file(curated_aliases ${PROJECT_SOURCE_DIR}/data/curated/aliases.tsv)
annals_embed_file(curated_demonyms ${PROJECT_SOURCE_DIR}/data/curated/demonyms.tsv)
annals_embed_file(curated_titles ${PROJECT_SOURCE_DIR}/data/curated/titles.txt)

# The statistical tagger's model (another component), embedded the same way.
include(${CMAKE_CURRENT_LIST_DIR}/ner_data.cmake OPTIONAL)

# When the statistical tagger is part of the tree, the pipeline uses it and keeps
# the rules as a complement (see tagging.cpp).
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/tagger_builtin.cpp)
  set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/tagging.cpp APPEND PROPERTY
               COMPILE_DEFINITIONS ANNALS_HAVE_BUILTIN_TAGGER=1)
endif()
