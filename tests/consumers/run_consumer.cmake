# Configures, builds and runs one consumer project in a fresh folder.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR} -DCMAKE_BUILD_TYPE=Release
                        -DGANTK_SOURCE_DIR=${GANTK_SOURCE_DIR} -DCMAKE_PREFIX_PATH=${PREFIX}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring ${CONSUMER_DIR} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building ${CONSUMER_DIR} failed")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "running the consumer of ${CONSUMER_DIR} failed")
endif()
