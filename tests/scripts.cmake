# Script-driven tests: the ringdl command and the find_package(RingDL) consumer project.
if(TARGET ringdl_cli)
  add_test(NAME tools.cli_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/cli_test.sh
    $<TARGET_FILE:ringdl_cli> ${PROJECT_SOURCE_DIR})
  set_tests_properties(tools.cli_test PROPERTIES LABELS tools TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
endif()
add_test(NAME consumer.find_package COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.sh
  ${PROJECT_BINARY_DIR} ${CMAKE_CURRENT_BINARY_DIR}/consumer-work)
set_tests_properties(consumer.find_package PROPERTIES LABELS consumer TIMEOUT 900 ENVIRONMENT "${RINGDL_TEST_ENV}")
add_test(NAME tools.layering_test COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tools/layering_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(tools.layering_test PROPERTIES LABELS tools)
