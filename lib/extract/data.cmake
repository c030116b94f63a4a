# Data built into the library: the gazetteer (data/gazetteer, built by hand from
# Debian packages with data/gazetteer/build.sh) and the curated tables
# (data/curated). Each file becomes a generated C++ source defining
# `std::string annals::detail::data::<name>()`; the sources are appended to
# ANNALS_GENERATED_SOURCES. The generator is a small host executable, so the
# compiler sees plain string literals (fast) and nothing is read at run time.
add_executable(annals_embed ${PROJECT_SOURCE_DIR}/data/gazetteer/embed.cpp)
target_compile_features(annals_embed PRIVATE cxx_std_17)

# annals_embed_file(<function name> <file>): embeds <file> as data::<function name>().
function(annals_embed_file name file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${name}.cpp)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/embedded
    COMMAND annals_embed ${name} ${file} ${out}
    DEPENDS annals_embed ${file}
    COMMENT "Embedding ${file}"
    VERBATIM)
  set(ANNALS_GENERATED_SOURCES ${ANNALS_GENERATED_SOURCES} ${out} PARENT_SCOPE)
endfunction()

annals_embed_file(gazetteer_places ${PROJECT_SOURCE_DIR}/data/gazetteer/places.tsv)
annals_embed_file(gazetteer_first_names ${PROJECT_SOURCE_DIR}/data/gazetteer/first_names.txt)
annals_embed_file(curated_organizations ${PROJECT_SOURCE_DIR}/data/curated/organizations.tsv)
annals_embed_file(curated_regions ${PROJECT_SOURCE_DIR}/data/curated/regions.tsv)
annals_embed_file(curated_aliases ${PROJECT_SOURCE_DIR}/data/curated/aliases.tsv)
annals_embed_file(curated_demonyms ${PROJECT_SOURCE_DIR}/data/curated/demonyms.tsv)
annals_embed_file(curated_titles ${PROJECT_SOURCE_DIR}/data/curated/titles.txt)

# The statistical tagger's model (another component) embeds itself the same way.
include(${CMAKE_CURRENT_LIST_DIR}/ner_data.cmake OPTIONAL)

# When the statistical tagger is part of the tree, the pipeline uses it and keeps
# the rules as a complement (see extractor.cpp).
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/tagger_builtin.cpp)
  set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/extractor.cpp APPEND PROPERTY
               COMPILE_DEFINITIONS ANNALS_HAVE_BUILTIN_TAGGER=1)
endif()
