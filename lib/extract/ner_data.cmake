# The statistical NER model (data/ner/model.bin, made by tools/annals-train-ner;
# see data/ner/NOTE.md), embedded as `std::string annals::detail::data::ner_model()`.
# The model is binary, so it has its own small generator that keeps NUL bytes.
add_executable(annals_embed_ner ${PROJECT_SOURCE_DIR}/data/ner/embed_model.cpp)
target_compile_features(annals_embed_ner PRIVATE cxx_std_17)
set(ANNALS_NER_MODEL_FILE ${PROJECT_SOURCE_DIR}/data/ner/model.bin)
set(_annals_ner_out ${CMAKE_CURRENT_BINARY_DIR}/embedded/ner_model.cpp)
add_custom_command(OUTPUT ${_annals_ner_out}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/embedded
  COMMAND annals_embed_ner ${ANNALS_NER_MODEL_FILE} ${_annals_ner_out}
  DEPENDS annals_embed_ner ${ANNALS_NER_MODEL_FILE}
  COMMENT "Embedding the NER model"
  VERBATIM)
list(APPEND ANNALS_GENERATED_SOURCES ${_annals_ner_out})
