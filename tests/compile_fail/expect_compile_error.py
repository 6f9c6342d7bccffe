#!/usr/bin/env python3
"""Compiler launcher for the compile-fail tests (see tests/CMakeLists.txt).

The build runs every compile-fail case through this launcher, in parallel with the rest of the
build: it runs the real compiler, judges the result and writes a verdict file that the CTest test
compile_fail.<name> reads. It always exits 0 (and leaves the object file the build expects), so a
case that compiles when it should not shows up as a failing test, not as a broken build.

  expect_compile_error.py --verdict FILE -- <compiler command...>
  expect_compile_error.py --controls VERDICT_DIR CASE.cpp... -- <compiler command...>

The expected message is the regular expression on the source's first line, `// expect: <regex>`.
With -DGANTK_COMPILE_FAIL_CONTROL in the command the case is the control variant, which must
compile (otherwise the test would prove nothing).

--controls judges every case's control variant at once: the command compiles one generated file
that includes each case inside its own namespace (one compile instead of one per case, ~10 s
each). When it does not compile, each case's control is compiled alone to name the one at fault.
Verdicts go to VERDICT_DIR/cf_<case>_control.txt.
"""
import pathlib
import re
import subprocess
import sys


def write_verdict(verdict_path, verdict):
    verdict_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = verdict_path.with_suffix(verdict_path.suffix + ".tmp")
    tmp.write_text(verdict, encoding="utf-8")
    tmp.replace(verdict_path)


def touch_output(command):
    """-fsyntax-only writes no object; the build still wants one."""
    output = next((a for i, a in enumerate(command) if i > 0 and command[i - 1] == "-o"), None)
    if output:
        pathlib.Path(output).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(output).touch()


def judge_controls(verdict_dir, cases, command):
    batch = next(a for i, a in enumerate(command) if i > 0 and command[i - 1] == "-c")
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    verdicts = {}
    if run.returncode == 0:
        for case in cases:
            verdicts[case] = f"PASS\n{case}: the control variant compiles (all controls in {batch})\n"
    else:  # compile each control alone to name the one at fault
        alone = {case: subprocess.run([case if a == batch else a for a in command], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True) for case in cases}
        clash = all(r.returncode == 0 for r in alone.values())
        for case, single in alone.items():
            if clash:
                verdicts[case] = (f"FAIL\n{case}: every control compiles alone, but not all together in {batch} "
                                  f"(a name clash between cases?)\n{run.stdout[-20000:]}")
            elif single.returncode == 0:
                verdicts[case] = f"PASS\n{case}: the control variant compiles (alone; another case's does not)\n"
            else:
                verdicts[case] = (f"FAIL\n{case}: the control variant (GANTK_COMPILE_FAIL_CONTROL) does not compile, "
                                  f"so the test proves nothing\n{single.stdout[-20000:]}")
    for case, verdict in verdicts.items():
        write_verdict(verdict_dir / f"cf_{pathlib.Path(case).stem}_control.txt", verdict)
    touch_output(command)
    return 0


def main(argv):
    sep = argv.index("--")
    opts, command = argv[:sep], argv[sep + 1:]
    if opts and opts[0] == "--controls":
        return judge_controls(pathlib.Path(opts[1]), opts[2:], command)
    verdict_path = pathlib.Path(opts[opts.index("--verdict") + 1])
    source = next(a for i, a in enumerate(command) if i > 0 and command[i - 1] == "-c")
    control = "-DGANTK_COMPILE_FAIL_CONTROL" in command

    first_line = pathlib.Path(source).read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"^// expect: (.*)$", first_line)
    if not match:
        verdict = f"FAIL\n{source} has no '// expect: <regex>' first line\n"
    else:
        expect = match.group(1)
        run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if control:
            ok = run.returncode == 0
            why = ("the control variant compiles" if ok else
                   "the control variant (GANTK_COMPILE_FAIL_CONTROL) does not compile, so the test proves nothing")
        elif run.returncode == 0:
            ok, why = False, f"compiled, but it should have failed with: {expect}"
        elif not re.search(expect, run.stdout):
            ok, why = False, f"failed to compile, but not with the expected message \"{expect}\""
        else:
            ok, why = True, f"fails to compile as expected: {expect}"
        verdict = f"{'PASS' if ok else 'FAIL'}\n{source}: {why}\n"
        if not ok:
            verdict += run.stdout[-20000:]

    write_verdict(verdict_path, verdict)
    touch_output(command)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
