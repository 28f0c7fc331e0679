"""`make profile`: where a gunicorn worker spends its time on each benchmarked page, sampled by py-spy.

The site runs as `make bench` runs it, but with one worker, so one py-spy process sees every request. For each
page, wrk puts the same load on it as the bench does while py-spy samples the worker. The samples go to
bench/profiles/<page>.txt as folded stacks (open them in speedscope or any flame graph tool), and the script
prints the functions that hold the most samples, counting each function once per sample (its own time and
what it calls). Samples of the worker waiting for a connection or for the client to close are left out.
Not part of `make test`.
"""

import collections
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, WRK, gunicorn, site_cases  # noqa: E402

PROFILES = ROOT / "bench" / "profiles"
SECONDS = int(os.environ.get("PROFILE_SECONDS", "8"))
# Where a sample's innermost frame is one of these, the worker was waiting, not working: gthread's main loop
# for a connection, or a pool thread for its next request.
IDLE = ("EpollSelector.select ", "_worker (")
APPLICATION = "Measured.__call__ "  # the outermost layer of backspasm_site.wsgi.application


def worker_pid(master: int) -> int:
    return int(Path(f"/proc/{master}/task/{master}/children").read_text().split()[0])


def record(pid: int, name: str, url: str, script: str | None, args: tuple) -> Path:
    raw = PROFILES / f"{name}.txt"
    load = [*WRK[:3], f"-d{SECONDS + 2}s", *WRK[4:], *(["-s", script] if script else []), url]
    load += ["--", *args] if args else []
    wrk = threading.Thread(target=subprocess.run, args=(load,), kwargs={"capture_output": True}, daemon=True)
    wrk.start()
    py_spy = [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--nonblocking"]
    py_spy += ["--duration", str(SECONDS), "--rate", "250", "--format", "raw", "--output", str(raw)]
    subprocess.run(py_spy, check=True, capture_output=True)
    wrk.join()
    return raw


def keep_busy_samples(raw: Path) -> None:
    busy = [line for line in raw.read_text().splitlines() if not line.rsplit(";", 1)[-1].startswith(IDLE)]
    raw.write_text("\n".join(busy) + "\n")


def function(frame: str) -> str:
    """'name (file.py:123)' -> 'name (file.py)': samples add up per function, not per line."""
    return re.sub(r":\d+\)$", ")", frame)


def summary(raw: Path, top: int = 12) -> str:
    """The share of busy samples in gunicorn's own HTTP work, and where the application's samples were taken
    (the innermost frame of each sample, by function: its own time, not what it calls)."""
    total, in_app, own = 0, 0, collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        total += int(count)
        if any(frame.startswith(APPLICATION) for frame in frames):
            in_app += int(count)
            own[function(frames[-1])] += int(count)
    lines = [f"{raw.stem}: {total} busy samples, {in_app / total:.0%} in the application, the rest gunicorn"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    PROFILES.mkdir(exist_ok=True)
    one_worker = {"GUNICORN_ACCESS_LOG": "", "WEB_CONCURRENCY": "1", "GUNICORN_MAX_REQUESTS": "0"}
    with gunicorn("backspasm_site.wsgi:application", **one_worker) as site:
        from run import SERVERS

        pid = worker_pid(SERVERS[site])
        for title, url, script, args in site_cases(site):
            name = re.sub(r"[^a-z]+", "-", title.split(" (")[0].lower()).strip("-")
            raw = record(pid, name, url, script, args)
            keep_busy_samples(raw)
            print(summary(raw), "\n")
    print(f"Samples (folded stacks, for any flame graph tool) in {PROFILES.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
