# Builds CONTROL (must compile) and TARGET (must fail with a message matching EXPECT).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${CONTROL}
                RESULT_VARIABLE control_rc OUTPUT_VARIABLE control_out ERROR_VARIABLE control_out)
if(NOT control_rc EQUAL 0)
  message(FATAL_ERROR "the control variant ${CONTROL} does not compile, so the test proves nothing:\n${control_out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it should have failed with: ${EXPECT}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${TARGET} failed to compile, but not with the expected message \"${EXPECT}\":\n${out}")
endif()
message(STATUS "${TARGET} fails to compile as expected: ${EXPECT}")
