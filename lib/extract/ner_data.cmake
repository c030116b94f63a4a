# The statistical NER model (data/ner/model.bin, made by tools/annals-train-ner;
# see data/ner/NOTE.md), embedded as `std::string annals::detail::data::ner_model()`
# by the binary-safe generator of cmake/AnnalsEmbed.cmake (included by data.cmake).
# A missing model gives an empty one.
include(${PROJECT_SOURCE_DIR}/cmake/AnnalsEmbed.cmake)
set(ANNALS_NER_MODEL_FILE ${PROJECT_SOURCE_DIR}/data/ner/model.bin)
annals_embed_file(ner_model ${ANNALS_NER_MODEL_FILE} OPTIONAL)
