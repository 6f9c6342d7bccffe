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

gantk_lab_test(NAME help ARGS "--help" REGEX "default: gan,pacgan2,minibatch,feature-matching,ring-recipe.*--jobs N=2.*Exit status")
gantk_lab_test(NAME list ARGS "--list" REGEX "gan +plain GAN.*recommended: 3000 steps.*ring +8 Gaussians")
# every strategy of include/gantk/strategies/ and both recipes have an entry
gantk_lab_test(NAME list_strategies ARGS "--list"
               REGEX "pacgan2 .*pacgan4 .*minibatch .*minibatch-stddev .*feature-matching .*label-smoothing .*instance-noise .*generator-noise .*replay .*mode-seeking .*spectral-norm .*spectral-norm-hinge .*weight-decay .*dropout-d .*ring-recipe .*recommended: 6000 steps, batch 256, lr G 0.001 D 0.001.*grid-recipe .*recommended: 20000 steps")
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
# Numbers are range-checked before any conversion or allocation (issue 14): nothing wraps, saturates
# or is trained with a value other than the one typed.
gantk_lab_test(NAME batch_wraps_to_one ARGS "out|--batch|4294967297" RC 2
               REGEX "--batch must be at most 1000000, got 4294967297" REJECT ${no_training})
gantk_lab_test(NAME batch_over_int ARGS "out|--batch|2147483648" RC 2
               REGEX "--batch must be at most 1000000, got 2147483648" REJECT ${no_training})
gantk_lab_test(NAME steps_exponent ARGS "out|--steps|1e20" RC 2 REGEX "--steps expects a whole number, got '1e20'"
               REJECT ${no_training})
gantk_lab_test(NAME steps_saturate ARGS "out|--steps|100000000000000000000" RC 2
               REGEX "--steps 100000000000000000000 is out of range" REJECT ${no_training})
gantk_lab_test(NAME steps_too_many ARGS "out|--steps|1000000001" RC 2
               REGEX "--steps must be at most 1000000000, got 1000000001" REJECT ${no_training})
gantk_lab_test(NAME steps_hex ARGS "out|--steps|0x10" RC 2 REGEX "--steps expects a whole number, got '0x10'"
               REJECT ${no_training})
gantk_lab_test(NAME jobs_too_many ARGS "out|--jobs|99999999999" RC 2 REGEX "--jobs must be at most 256, got 99999999999"
               REJECT ${no_training})
gantk_lab_test(NAME samples_exponent ARGS "out|--samples|1e10" RC 2
               REGEX "--samples expects a whole number, got '1e10'" REJECT ${no_training})
gantk_lab_test(NAME samples_too_many ARGS "out|--samples|10000000000" RC 2
               REGEX "--samples must be at most 100000000, got 10000000000" REJECT ${no_training})
# 5·10^7 samples of 1200 features cannot be held (at least 480 GB): refused before training
gantk_lab_test(NAME samples_cannot_be_allocated ARGS "out|-d|highdim|-s|gan|--samples|50000000" RC 2
               REGEX "--samples 50000000 needs at least 4[0-9][0-9] GB of memory \\(1200 features per sample\\)"
               REJECT ${no_training})
gantk_lab_test(NAME empty_strategy ARGS "out|-s|gan,,pacgan2" RC 2 REGEX "--strategies: item 2 of 'gan,,pacgan2' is empty"
               REJECT ${no_training})
gantk_lab_test(NAME trailing_comma_strategy ARGS "out|-s|gan," RC 2 REGEX "--strategies: item 2 of 'gan,' is empty"
               REJECT ${no_training})
gantk_lab_test(NAME empty_seed ARGS "out|--seeds|1,,2" RC 2 REGEX "--seeds: item 2 of '1,,2' is empty"
               REJECT ${no_training})
gantk_lab_test(NAME seed_saturate ARGS "out|--seeds|99999999999999999999" RC 2
               REGEX "--seeds 99999999999999999999 is out of range" REJECT ${no_training})
gantk_lab_test(NAME unknown_option ARGS "out|--no-such-option" RC 2 REGEX "no-such-option" REJECT ${no_training})
# An output folder below a plain file cannot be created (permissions would not stop root).
gantk_lab_test(NAME unwritable_output ARGS "blocker/out|-s|gan|--steps|5" RC 2 MAKE_FILE blocker
               REGEX "cannot create output folder 'blocker/out'.*nothing was trained" REJECT ${no_training})
gantk_lab_test(NAME output_is_a_file ARGS "blocker|-s|gan|--steps|5" RC 2 MAKE_FILE blocker
               REGEX "output folder 'blocker' is a file" REJECT ${no_training})

# Small real runs: two strategies, two seeds, two jobs; then the 1200-d mixture.
gantk_lab_test(NAME smoke_ring
               ARGS "out|-s|gan,ttur|--steps|60|--batch|64|--samples|300|--seeds|1,2|--jobs|2"
               REGEX "gan +2 +[0-9.]+ ± [0-9.]+.*overview-samples.png"
               FILES "out/results.md|out/results.csv|out/runs.csv|out/results.json|out/monitor.csv|out/overview-samples.png|out/overview-losses.png|out/overview-monitor.png|out/runs/gan-s1-samples.png|out/runs/ttur-s2-losses.png|out/runs/gan-s2-monitor.png|out/runs/ttur-s1-monitor.png")
gantk_lab_test(NAME smoke_highdim ARGS "out|-d|highdim|-s|gan|--steps|10|--batch|32|--samples|100|--quiet"
               REJECT ${no_training} FILES "out/results.json|out/overview-samples.png|out/runs/gan-s1-samples.png")

# Every catalog entry trains on both data shapes (a few steps each; batch 16 is a multiple of
# every pack size), and the recipes' learning-rate decay follows a shortened run.
set(all_entries "gan,minimax,ttur,wide-d,wide-g,bn-g,maxout-d,wgan,wgan-gp,hinge,lsgan,ragan,r1,dragan,unrolled5")
string(APPEND all_entries ",unrolled5-fo,unrolled5-adam,pacgan2,pacgan4,pacgan2-maxout,minibatch,minibatch-stddev,feature-matching")
string(APPEND all_entries ",label-smoothing,instance-noise,generator-noise,replay,mode-seeking,spectral-norm")
string(APPEND all_entries ",spectral-norm-hinge,weight-decay,dropout-d,gan-pacnet,pacgan2-pacnet,ring-recipe,grid-recipe")
gantk_lab_test(NAME every_entry_plane ARGS "out|-s|${all_entries}|--steps|4|--batch|16|--samples|64|--jobs|2|--quiet"
               REGEX "grid-recipe +1 " REJECT "failed"
               FILES "out/results.md|out/monitor.csv|out/runs/grid-recipe-s1-monitor.png")
gantk_lab_test(NAME every_entry_highdim
               ARGS "out|-d|highdim|-s|${all_entries}|--steps|2|--batch|16|--samples|32|--jobs|2|--quiet"
               REGEX "grid-recipe +1 " REJECT "failed" FILES "out/results.md|out/runs/pacgan4-s1-samples.png")

# Statistical regression: the ring recipe finds all 8 modes, ≥ 90% high quality, on two fixed
# seeds (measured: 95.4% and 94.7%, reverse KL 0.003, on AVX-512; 95.8% and 95.9% on AVX2; about 10 s).
gantk_lab_test(NAME ring_recipe_covers_the_ring ARGS "out|-s|ring-recipe|--seeds|1,2|--jobs|2|--quiet"
               REGEX "ring-recipe +2 +8\\.0 ± 0\\.0 +9[0-9]\\.[0-9] ± [0-9.]+ +0\\.0[0-4][0-9] ±")
# The grid recipe likewise on all 25 grid modes, seeds 1-2 (measured: 95.2% and 94.3% high
# quality, reverse KL 0.006 and 0.008, on AVX-512; 97.2% and 95.7% on AVX2; seed 4 reaches only
# 82.8% on AVX-512, docs/field-guide.md; about 2 min on two cores, among the longest tests here).
gantk_lab_test(NAME grid_recipe_covers_the_grid ARGS "out|-d|grid|-s|grid-recipe|--seeds|1,2|--jobs|2|--quiet"
               REGEX "grid-recipe +2 +25\\.0 ± 0\\.0 +9[0-9]\\.[0-9] ± [0-9.]+ +0\\.0[0-4][0-9] ±")

# The default experiment (no -s): the baseline and its remedies, with its caption; shortened here.
gantk_lab_test(NAME default_experiment ARGS "out|--steps|20|--batch|64|--samples|100|--quiet"
               REGEX "gan +1 .*pacgan2 +1 .*minibatch +1 .*feature-matching +1 .*ring-recipe +1 .*Default experiment: every GAN trains"
               FILES "out/results.md|out/runs/feature-matching-s1-monitor.png")

# The demo's story at full length (issue 13): the plain GAN collapses, three remedies keep the modes,
# seeds 1 and 2 (measured: 39 s wall, 65 CPU-seconds).
add_test(NAME lab_default_experiment_collapse_and_cure COMMAND ${CMAKE_COMMAND} -DLAB=$<TARGET_FILE:gantk-lab>
         -DWORKDIR=${GANTK_LAB_WORK}/collapse_and_cure -DSEEDS=1,2 -P ${CMAKE_CURRENT_LIST_DIR}/cure_check.cmake)

# checkpoints: a negative interval is a usage error; --resume is exact across processes
gantk_lab_test(NAME negative_checkpoint_every ARGS "out|--checkpoint-every|-5" RC 2
               REGEX "--checkpoint-every must lie in .0, [0-9]+., got -5" REJECT ${no_training})
gantk_lab_test(NAME checkpoint_files ARGS "out|-s|gan|--steps|20|--samples|200|--checkpoint-every|10|-q"
               FILES "out/checkpoints/gan-s1.ckpt")
add_test(NAME lab_resume_exact COMMAND ${CMAKE_COMMAND} -DLAB=$<TARGET_FILE:gantk-lab>
         -DWORKDIR=${GANTK_LAB_WORK}/resume_exact -P ${CMAKE_CURRENT_LIST_DIR}/resume_check.cmake)

# The longest tests start first, so that ctest -j does not end on one of them alone (CTest has no
# timing history in a fresh build folder; COST orders the first run).
set_tests_properties(lab_grid_recipe_covers_the_grid lab_default_experiment_collapse_and_cure PROPERTIES COST 1000)
set_tests_properties(lab_every_entry_highdim lab_every_entry_plane lab_ring_recipe_covers_the_ring PROPERTIES COST 100)
