# Packaging and API-hygiene checks (included from tests/CMakeLists.txt).

# 1. The shared library exports nothing but aml_* symbols.
add_test(NAME check.exports
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/checks/check_exports.sh $<TARGET_FILE:azureml>)
set_tests_properties(check.exports PROPERTIES LABELS check)

# 2. Every public header compiles on its own: as C99 -pedantic and as C++.
file(GLOB_RECURSE AML_PUBLIC_HEADERS CONFIGURE_DEPENDS
     RELATIVE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/include/*.h)
include(CheckLanguage)
check_language(CXX)
if(CMAKE_CXX_COMPILER)
  enable_language(CXX)
endif()
set(_hdr_c_srcs "")
set(_hdr_cxx_srcs "")
foreach(_h IN LISTS AML_PUBLIC_HEADERS)
  string(MAKE_C_IDENTIFIER ${_h} _id)
  set(_c ${CMAKE_CURRENT_BINARY_DIR}/headertest/${_id}.c)
  file(CONFIGURE OUTPUT ${_c} CONTENT "#include <${_h}>\n#include <${_h}> /* include guard */\nint aml_headertest_${_id}(void);\nint aml_headertest_${_id}(void) { return 0; }\n")
  list(APPEND _hdr_c_srcs ${_c})
  if(CMAKE_CXX_COMPILER)
    set(_cxx ${CMAKE_CURRENT_BINARY_DIR}/headertest/${_id}.cpp)
    file(CONFIGURE OUTPUT ${_cxx} CONTENT "#include <${_h}>\nint aml_headertest_cxx_${_id}();\nint aml_headertest_cxx_${_id}() { return 0; }\n")
    list(APPEND _hdr_cxx_srcs ${_cxx})
  endif()
endforeach()
add_library(aml_headertest_c99 OBJECT ${_hdr_c_srcs})
target_include_directories(aml_headertest_c99 PRIVATE ${PROJECT_SOURCE_DIR}/include)
set_target_properties(aml_headertest_c99 PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
target_compile_options(aml_headertest_c99 PRIVATE -pedantic -Wall -Wextra -Werror)
if(_hdr_cxx_srcs)
  add_library(aml_headertest_cxx OBJECT ${_hdr_cxx_srcs})
  target_include_directories(aml_headertest_cxx PRIVATE ${PROJECT_SOURCE_DIR}/include)
  set_target_properties(aml_headertest_cxx PROPERTIES CXX_STANDARD 11 CXX_EXTENSIONS OFF)
  target_compile_options(aml_headertest_cxx PRIVATE -pedantic -Wall -Wextra -Werror)
endif()
# The umbrella header must include every public header.
add_test(NAME check.umbrella
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/checks/check_umbrella.sh ${PROJECT_SOURCE_DIR}/include)
set_tests_properties(check.umbrella PROPERTIES LABELS check)

# 3. Install into a temporary prefix and build a consumer out of tree, with
#    pkg-config and with find_package (shared and static). Skipped under
#    sanitizers: the consumer is built without them.
if(NOT AML_SANITIZE)
  add_test(NAME check.package
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/check_package.sh
            ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/package/consumer ${CMAKE_C_COMPILER})
  set_tests_properties(check.package PROPERTIES LABELS check TIMEOUT 600)
endif()

# 4. Every public declaration is documented (Doxygen, warnings are failures).
#    Registered only where doxygen is installed.
find_program(AML_DOXYGEN doxygen)
if(AML_DOXYGEN)
  add_test(NAME check.docs
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/checks/check_docs.sh ${AML_DOXYGEN} ${PROJECT_SOURCE_DIR}/include)
  set_tests_properties(check.docs PROPERTIES LABELS check)
endif()

# 5. The examples, against aml-emulator, through the one-command demo.
if(TARGET aml-emulator AND TARGET create_batch_deployment)
  add_test(NAME integration.examples
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/checks/check_examples.sh ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  set_tests_properties(integration.examples PROPERTIES LABELS integration TIMEOUT 300)
endif()

# 6. Bindability: drive the shared library from Python ctypes (no C shim).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND NOT AML_SANITIZE)
  add_test(NAME check.ffi_ctypes
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/ffi/test_ctypes.py $<TARGET_FILE:azureml>)
  set_tests_properties(check.ffi_ctypes PROPERTIES LABELS check)
endif()

# 7. Every C snippet of README.md and docs/ is compiled (with the project's
#    warnings and sanitizers) and run: fragments on the fake transport,
#    whole programs against a closed loopback port.
if(Python3_Interpreter_FOUND)
  file(GLOB _aml_doc_pages CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/docs/*.md)
  set(_aml_doc_pages README.md ${_aml_doc_pages})
  list(TRANSFORM _aml_doc_pages PREPEND ${PROJECT_SOURCE_DIR}/ OUTPUT_VARIABLE _aml_doc_paths)
  add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/doc_snippets.c
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/checks/doc_snippets.py ${PROJECT_SOURCE_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/doc_snippets.c ${_aml_doc_pages}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/checks/doc_snippets.py ${_aml_doc_paths}
    COMMENT "Extracting the C snippets of README.md and docs/")
  add_executable(check_doc_snippets ${CMAKE_CURRENT_BINARY_DIR}/doc_snippets.c
                 ${CMAKE_CURRENT_SOURCE_DIR}/checks/doc_snippets_main.c)
  target_include_directories(check_doc_snippets PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/checks)
  target_link_libraries(check_doc_snippets PRIVATE azureml)
  # Fragments take ambient variables they may not all use.
  target_compile_options(check_doc_snippets PRIVATE -Wall -Wextra -Wno-unused-variable
                         -Wno-unused-but-set-variable -Wno-unused-function)
  add_test(NAME check.doc_snippets COMMAND check_doc_snippets)
  set_tests_properties(check.doc_snippets PROPERTIES LABELS check TIMEOUT 120)
endif()
