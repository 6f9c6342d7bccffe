# Reads the verdicts that expect_compile_error.py wrote while building one compile-fail case
# (its failing variant and its control) and fails with the reason unless both passed.
foreach(file ${TARGET_VERDICT} ${CONTROL_VERDICT})
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "no verdict at ${file}: build the project first (the compile-fail cases are built with it)")
  endif()
  file(READ ${file} verdict)
  if(NOT verdict MATCHES "^PASS\n")
    message(FATAL_ERROR "${verdict}")
  endif()
  string(REGEX REPLACE "^PASS\n" "" verdict "${verdict}")
  message(STATUS "${verdict}")
endforeach()
