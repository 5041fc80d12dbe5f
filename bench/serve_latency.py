#!/usr/bin/env python3
"""Save-to-reload latency of `migplan serve` on the example plan.

Starts the release binary on a copy of content/, opens the reload event
stream as a browser page would, changes the plan's title, and measures
(a) save -> reload event and (b) save -> the reloaded page fetched with the
new title. Prints each run and the median. Usage:

    cargo build --release && python3 bench/serve_latency.py [RUNS]
"""
import http.client, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
root = tempfile.mkdtemp(prefix="migplan-latency-")
shutil.copytree(os.path.join(repo, "content"), os.path.join(root, "content"))
plan = os.path.join(root, "content", "plan.yaml")
proc = subprocess.Popen(
    [os.path.join(repo, "target/release/migplan"), "serve", "--root", root,
     "--port", "0", "--as-of", "2026-11-22"],
    stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
addr = None
for line in proc.stderr:
    m = re.search(r"serving http://([0-9.]+):(\d+)/", line)
    if m:
        addr = (m.group(1), int(m.group(2)))
        break

def get(path):
    c = http.client.HTTPConnection(*addr)
    c.request("GET", path)
    r = c.getresponse()
    return r.read().decode()

events, pages = [], []
title = "Eaglesoft to Open Dental migration"
for i in range(RUNS):
    page = get("/1.2.0/")
    gen = int(re.search(r"events\?since=(\d+)", page).group(1))
    s = socket.create_connection(addr)
    s.sendall(f"GET /__migplan/events?since={gen} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    s.recv(4096)  # the stream's head
    time.sleep(0.3)
    new = f"Eaglesoft to Open Dental migration run {i}"
    text = open(plan).read().replace(title, new, 1)
    t0 = time.perf_counter()
    with open(plan, "w") as f:
        f.write(text)
    buf = b""
    while b"event: reload" not in buf:
        buf += s.recv(4096)
    t1 = time.perf_counter()
    body = get("/1.2.0/")
    t2 = time.perf_counter()
    assert new in body
    title = new
    s.close()
    events.append((t1 - t0) * 1000)
    pages.append((t2 - t0) * 1000)
    print(f"run {i + 1}: save -> reload event {events[-1]:.0f} ms; -> new page loaded {pages[-1]:.0f} ms")
print(f"median of {RUNS}: save -> reload event {statistics.median(events):.0f} ms; "
      f"save -> new page {statistics.median(pages):.0f} ms")
proc.send_signal(2)
rest = proc.stderr.read()
proc.wait()
rebuilds = [int(m) for m in re.findall(r"rebuilt version \S+ in (\d+) ms", rest)]
if rebuilds:
    print(f"rebuild itself (as serve prints it): median {statistics.median(rebuilds):.0f} ms, "
          f"range {min(rebuilds)} - {max(rebuilds)} ms")
shutil.rmtree(root)
