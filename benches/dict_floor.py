#!/usr/bin/env python3
"""The cost of the dictionary in one run of the command.

    benches/dict_floor.py BITEXT [--runs N] -- ARGS...

Runs `BITEXT ARGS --dict none`, `BITEXT ARGS` (the default, --dict auto)
with a warm dictionary cache, and `BITEXT ARGS` with the cache emptied
before every run (first use), N times each (default 7), and prints the
median wall time and CPU time (user + system) of each, in milliseconds.
The cache lives in a temporary folder (BITEXT_CACHE_DIR), never in the
user's.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd, env):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    args = sys.argv[1:]
    bitext, args = args[0], args[1:]
    runs = 7
    if args[0] == "--runs":
        runs, args = int(args[1]), args[2:]
    assert args[0] == "--", __doc__
    args = args[1:]
    cache = tempfile.mkdtemp(prefix="bitext-bench-cache-")
    env = dict(os.environ, BITEXT_CACHE_DIR=cache)
    try:
        run([bitext, *args], env)  # warms the page cache and the dictionary cache
        cases = [
            ("--dict none", [bitext, *args, "--dict", "none"], False),
            ("--dict auto, cache warm", [bitext, *args], False),
            ("--dict auto, first use", [bitext, *args], True),
        ]
        print(f"{bitext} {' '.join(args)}")
        for name, cmd, fresh in cases:
            walls, cpus = [], []
            for _ in range(runs):
                if fresh:
                    shutil.rmtree(cache)
                    os.mkdir(cache)
                wall, cpu = run(cmd, env)
                walls.append(wall)
                cpus.append(cpu)
            print(
                f"  {name:<26} wall {statistics.median(walls):7.1f} ms   cpu {statistics.median(cpus):7.1f} ms"
                f"   (median of {runs}; wall min {min(walls):.1f}, max {max(walls):.1f})"
            )
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
