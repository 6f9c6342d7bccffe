#!/usr/bin/env python3
"""Checks gantk's .npy reader and writer against NumPy itself (by hand; needs numpy and a C++20 compiler).

NumPy writes C-order, Fortran-order, transposed, big-endian, 1-d, empty, version 2.0 and 3.0 files;
npcheck.cpp (gantk's read_npy_file) must load each with NumPy's values and shape, and refuse int32
and 3-d arrays. Then gantk's save_npy output must load in NumPy and be byte-identical to np.save's.

    python3 tools/npy_vs_numpy/check.py
"""
import io
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from numpy.lib import format as fmt

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = tempfile.mkdtemp(prefix='gantk_npy_vs_numpy_')
NPCHECK = os.path.join(OUT, 'npcheck')
subprocess.run(['g++', '-std=c++20', '-O1', f'-I{ROOT}/include', '-I/usr/include/eigen3', str(HERE / 'npcheck.cpp'),
                '-o', NPCHECK], check=True)
rng = np.random.default_rng(1)
cases = {}
a = rng.standard_normal((5, 3))
cases['c_f8'] = a
cases['c_f4'] = a.astype(np.float32)
cases['fortran_f8'] = np.asfortranarray(a)
cases['transposed_f4'] = rng.standard_normal((3, 7)).astype(np.float32).T   # np.save writes fortran_order True
cases['big_f8'] = a.astype('>f8')
cases['big_fortran_f4'] = np.asfortranarray(a.astype('>f4'))
cases['one_d'] = rng.standard_normal(6)
cases['empty'] = np.zeros((0, 4))
cases['wide'] = rng.standard_normal((2, 12))
cases['int32'] = np.arange(6, dtype=np.int32).reshape(3, 2)
cases['three_d'] = np.zeros((2, 2, 2))
paths = []
for name, arr in cases.items():
    p = f'{OUT}/{name}.npy'; np.save(p, arr); paths.append((p, arr))
for ver in [(2, 0), (3, 0)]:
    p = f'{OUT}/v{ver[0]}.npy'
    with open(p, 'wb') as f: fmt.write_array(f, a, version=ver)
    paths.append((p, a))
out = subprocess.run([NPCHECK, 'load'] + [p for p, _ in paths], capture_output=True, text=True).stdout.splitlines()
ok = 0
for (p, arr), line in zip(paths, out):
    parts = line.split(' ')
    if parts[1] == 'ERROR':
        print('REJECTED', p, line[len(p)+7:]); continue
    n, d = int(parts[1]), int(parts[2])
    vals = np.array([float(x) for x in parts[3:]])
    want = np.asarray(arr, dtype=np.float64).reshape(arr.shape[0], arr.shape[1] if arr.ndim == 2 else 1)
    good = (n, d) == want.shape and np.array_equal(vals, want.reshape(-1))
    ok += good
    print('OK  ' if good else 'BAD ', p, (n, d), 'fortran_order' if b'True' in open(p,'rb').read(200) else '')
print(ok, 'of', len(paths), 'loaded equal')
subprocess.run([NPCHECK, 'save', OUT + '/g_f4.npy', OUT + '/g_f8.npy'], check=True)
for p, dt in [(OUT + '/g_f4.npy', np.float32), (OUT + '/g_f8.npy', np.float64)]:
    g = np.load(p)
    want = (np.arange(4)[:, None] * 10 + np.arange(3)[None, :] + 0.5).astype(np.float32)
    if dt == np.float64: want = want.astype(np.float64) * 0.1
    buf = io.BytesIO(); np.save(buf, want)
    same_bytes = open(p, 'rb').read() == buf.getvalue()
    print(p, g.dtype, g.shape, 'values equal' if np.array_equal(g, want) else 'VALUES DIFFER', '; file byte-identical to np.save' if same_bytes else '; bytes differ from np.save')
    ok += np.array_equal(g, want) and same_bytes
shutil.rmtree(OUT)
sys.exit(0 if ok == len(paths) - 2 + 2 else 1)  # all but int32 and 3-d load, both writes match
