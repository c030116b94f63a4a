# Data built into the library. annals_embed_file(<name> <file> [OPTIONAL]) turns
# <file> (text or binary) into a generated C++ source defining
# `std::string annals::detail::data::<name>()` that returns its bytes, and
# appends that source to ANNALS_GENERATED_SOURCES in the caller's scope. The
# generator (cmake/embed.cpp) is a small host executable, so the compiler sees
# plain string literals (fast) and nothing is read at run time. With OPTIONAL a
# missing <file> embeds an empty string.
include_guard(GLOBAL)

if(NOT TARGET annals_embed)
  add_executable(annals_embed ${CMAKE_CURRENT_LIST_DIR}/embed.cpp)
  target_compile_features(annals_embed PRIVATE cxx_std_17)
endif()

function(annals_embed_file name file)
  cmake_parse_arguments(ARG "OPTIONAL" "" "" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${name}.cpp)
  set(flags "")
  set(deps annals_embed)
  if(ARG_OPTIONAL)
    set(flags --optional)
  endif()
  if(EXISTS ${file} OR NOT ARG_OPTIONAL)
    list(APPEND deps ${file})
  endif()
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/embedded
    COMMAND annals_embed ${name} ${file} ${out} ${flags}
    DEPENDS ${deps}
    COMMENT "Embedding ${file}"
    VERBATIM)
  set(ANNALS_GENERATED_SOURCES ${ANNALS_GENERATED_SOURCES} ${out} PARENT_SCOPE)
endfunction()
