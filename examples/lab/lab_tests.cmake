# CTest tests that run gantk-lab: bad input is rejected with a message naming the value and
# before any training (no progress line appears), and small runs write every table and picture.
set(GANTK_LAB_EXPECT ${CMAKE_CURRENT_LIST_DIR}/expect.cmake)
set(GANTK_LAB_WORK ${CMAKE_CURRENT_BINARY_DIR}/lab_tests)

# gantk_lab_test(NAME <name> ARGS <a|b|c> [RC <status>] [REGEX <re>] [REJECT <re>] [FILES <f|g>] [MAKE_FILE <p>])
function(gantk_lab_test)
  cmake_parse_arguments(T "" "NAME;ARGS;RC;REGEX;REJECT;FILES;MAKE_FILE" "" ${ARGN})
  set(defs -DLAB=$<TARGET_FILE:gantk-lab> "-DARGS=${T_ARGS}" -DWORKDIR=${GANTK_LAB_WORK}/${T_NAME})
  if(DEFINED T_RC)
    list(APPEND defs -DEXPECT_RC=${T_RC})
  endif()
  if(DEFINED T_REGEX)
    list(APPEND defs "-DEXPECT_REGEX=${T_REGEX}")
  endif()
  if(DEFINED T_REJECT)
    list(APPEND defs "-DREJECT_REGEX=${T_REJECT}")
  endif()
  if(DEFINED T_FILES)
    list(APPEND defs "-DEXPECT_FILES=${T_FILES}")
  endif()
  if(DEFINED T_MAKE_FILE)
    list(APPEND defs -DMAKE_FILE=${T_MAKE_FILE})
  endif()
  add_test(NAME lab_${T_NAME} COMMAND ${CMAKE_COMMAND} ${defs} -P ${GANTK_LAB_EXPECT})
endfunction()

# "step " appears in every progress line: its absence shows nothing was trained.
set(no_training "step [0-9]")

gantk_lab_test(NAME help ARGS "--help" REGEX "default: gan,ttur,wide-d.*--jobs N=2.*Exit status")
gantk_lab_test(NAME list ARGS "--list" REGEX "gan +plain GAN.*recommended: 3000 steps.*ring +8 Gaussians")
gantk_lab_test(NAME unknown_strategy ARGS "out|-s|gan,no-such-gan" RC 2
               REGEX "unknown strategy 'no-such-gan'; valid strategies: gan, minimax, ttur" REJECT ${no_training})
gantk_lab_test(NAME unknown_data ARGS "out|-d|moons" RC 2
               REGEX "unknown data set 'moons'; valid data sets: ring, grid, highdim" REJECT ${no_training})
gantk_lab_test(NAME zero_steps ARGS "out|--steps|0" RC 2 REGEX "--steps must be at least 1, got 0"
               REJECT ${no_training})
gantk_lab_test(NAME negative_steps ARGS "out|--steps|-5" RC 2 REGEX "--steps must be at least 1, got -5"
               REJECT ${no_training})
gantk_lab_test(NAME bad_batch ARGS "out|--batch|-3" RC 2 REGEX "--batch must be at least 1, got -3"
               REJECT ${no_training})
gantk_lab_test(NAME zero_jobs ARGS "out|--jobs|0" RC 2 REGEX "--jobs must be at least 1, got 0"
               REJECT ${no_training})
gantk_lab_test(NAME steps_not_a_number ARGS "out|--steps|many" RC 2 REGEX "--steps.*many" REJECT ${no_training})
gantk_lab_test(NAME repeated_seed ARGS "out|--seeds|1,2,1" RC 2 REGEX "seed 1 is listed twice"
               REJECT ${no_training})
# An output folder below a plain file cannot be created (permissions would not stop root).
gantk_lab_test(NAME unwritable_output ARGS "blocker/out|-s|gan|--steps|5" RC 2 MAKE_FILE blocker
               REGEX "cannot create output folder 'blocker/out'.*nothing was trained" REJECT ${no_training})
gantk_lab_test(NAME output_is_a_file ARGS "blocker|-s|gan|--steps|5" RC 2 MAKE_FILE blocker
               REGEX "output folder 'blocker' is a file" REJECT ${no_training})

# Small real runs: two strategies, two seeds, two jobs; then the 1200-d mixture.
gantk_lab_test(NAME smoke_ring
               ARGS "out|-s|gan,ttur|--steps|60|--batch|64|--samples|300|--seeds|1,2|--jobs|2"
               REGEX "gan +2 +[0-9.]+ ± [0-9.]+.*overview-samples.png"
               FILES "out/results.md|out/results.csv|out/runs.csv|out/results.json|out/overview-samples.png|out/overview-losses.png|out/runs/gan-s1-samples.png|out/runs/ttur-s2-losses.png")
gantk_lab_test(NAME smoke_highdim ARGS "out|-d|highdim|-s|gan|--steps|10|--batch|32|--samples|100|--quiet"
               REJECT ${no_training} FILES "out/results.json|out/overview-samples.png|out/runs/gan-s1-samples.png")
