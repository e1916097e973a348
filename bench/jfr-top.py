#!/usr/bin/env python3
"""Summarize a JFR file's execution samples: by thread, by top frame, and by frames anywhere on the
stack (inclusive), optionally only for threads whose name contains a filter.
usage: bench/jfr-top.py FILE.jfr [THREAD_SUBSTRING] [N]"""
import collections, json, os, subprocess, sys

jfr = sys.argv[1]
flt = sys.argv[2] if len(sys.argv) > 2 else ""
n = int(sys.argv[3]) if len(sys.argv) > 3 else 25
java_home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
out = subprocess.run([f"{java_home}/bin/jfr", "print", "--json", "--stack-depth", "64",
                      "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", jfr],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
threads, top, incl = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for e in events:
    v = e["values"]
    t = (v.get("sampledThread") or {}).get("javaName") or "?"
    if flt and flt not in t:
        continue
    frames = [f"{f['method']['type']['name']}.{f['method']['name']}" for f in (v.get("stackTrace") or {}).get("frames", [])]
    if not frames:
        continue
    total += 1
    kind = "native " if e["type"] == "jdk.NativeMethodSample" else ""
    threads[kind + t.rstrip("0123456789-")] += 1
    top[kind + frames[0]] += 1
    for f in set(frames):
        incl[f] += 1
print(f"{total} samples" + (f" on threads matching '{flt}'" if flt else ""))
for title, c in (("by thread", threads), ("top frame", top), ("inclusive (anywhere on the stack)", incl)):
    print(f"\n## {title}")
    for k, v in c.most_common(n):
        print(f"{100.0 * v / max(total, 1):6.1f}%  {v:6d}  {k}")
