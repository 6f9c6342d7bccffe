# gantk-lab --resume is exact across processes: 40 steps unbroken and 20 steps, then a second
# process resuming to 40, leave byte-identical final checkpoints (parameters, optimizers,
# random streams, step count). The resuming process is given another G learning rate: the
# checkpoint's wins, so a run that started afresh instead of resuming would end elsewhere.
# cmake -DLAB=<gantk-lab> -DWORKDIR=<folder> -P resume_check.cmake
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
set(common -s gan --samples 200 --checkpoint-every 10 -q)
foreach(run "whole|40" "part|20" "part|40|--resume|--g-lr|0.0009")
  string(REPLACE "|" ";" args "${run}")
  list(POP_FRONT args out steps)
  execute_process(COMMAND ${LAB} ${out} ${common} --steps ${steps} ${args} WORKING_DIRECTORY ${WORKDIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE text)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gantk-lab ${run} exited ${rc}:\n${text}")
  endif()
endforeach()
file(SHA256 "${WORKDIR}/whole/checkpoints/gan-s1.ckpt" whole)
file(SHA256 "${WORKDIR}/part/checkpoints/gan-s1.ckpt" part)
if(NOT whole STREQUAL part)
  message(FATAL_ERROR "the resumed run's final checkpoint differs from the unbroken run's")
endif()
message(STATUS "resumed run identical to the unbroken one (${whole})")
