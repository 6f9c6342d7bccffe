#!/usr/bin/env python3
"""Compiler launcher for the compile-fail tests (see tests/CMakeLists.txt).

The build runs every compile-fail case through this launcher, in parallel with the rest of the
build: it runs the real compiler, judges the result and writes a verdict file that the CTest test
compile_fail.<name> reads. It always exits 0 (and leaves the object file the build expects), so a
case that compiles when it should not shows up as a failing test, not as a broken build.

  expect_compile_error.py --verdict FILE -- <compiler command...>

The expected message is the regular expression on the source's first line, `// expect: <regex>`.
With -DGANTK_COMPILE_FAIL_CONTROL in the command the case is the control variant, which must
compile (otherwise the test would prove nothing).
"""
import pathlib
import re
import subprocess
import sys


def main(argv):
    sep = argv.index("--")
    opts, command = argv[:sep], argv[sep + 1:]
    verdict_path = pathlib.Path(opts[opts.index("--verdict") + 1])
    source = next(a for i, a in enumerate(command) if i > 0 and command[i - 1] == "-c")
    output = next((a for i, a in enumerate(command) if i > 0 and command[i - 1] == "-o"), None)
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

    verdict_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = verdict_path.with_suffix(verdict_path.suffix + ".tmp")
    tmp.write_text(verdict, encoding="utf-8")
    tmp.replace(verdict_path)
    if output:  # -fsyntax-only writes no object; the build still wants one
        pathlib.Path(output).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(output).touch()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
