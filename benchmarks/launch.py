"""Start one process, time it, and report its own peak memory: the runner's small launcher.

    echo '{"argv": [...], "env": {...}, "tty": true}' | python -I -S benchmarks/launch.py

Prints one JSON line: {"ms", "rss_kb", "code", "stdout_bytes", "stderr"}. The runner starts a
fresh launcher for every run because Linux carries the memory high-water mark of the process
that forks into the child it execs (`posix_spawn` shares the parent's memory until exec), so a
child of the big runner would report the runner's size. This launcher is a bare interpreter
(`-I -S`, standard library only), about 9 MB: no measured peak can read lower than that.
The clock runs from just before the spawn to the reap, so the launcher's own start is not counted.
"""

import fcntl
import json
import os
import struct
import sys
import termios
import threading
import time


def spawn(argv, env, tty=True):
    """Run `argv` (argv[0] a path) with stdin /dev/null and stdout a pty (or a pipe)."""
    if tty:
        out_reader, out_writer = os.openpty()
        fcntl.ioctl(out_writer, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    else:
        out_reader, out_writer = os.pipe()
    err_reader, err_writer = os.pipe()
    received, errors = [0], []

    def drain(reader, keep):
        while True:
            try:
                chunk = os.read(reader, 65536)
            except OSError:  # EIO: the pty's other side is closed
                return
            if not chunk:
                return
            if keep:
                errors.append(chunk)
            else:
                received[0] += len(chunk)

    readers = [threading.Thread(target=drain, args=(out_reader, False), daemon=True),
               threading.Thread(target=drain, args=(err_reader, True), daemon=True)]
    for thread in readers:
        thread.start()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out_writer, 1),
        (os.POSIX_SPAWN_DUP2, err_writer, 2),
    ]
    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    os.close(out_writer)
    os.close(err_writer)
    _, status, usage = os.wait4(pid, 0)
    elapsed = (time.perf_counter() - started) * 1000
    for thread in readers:
        thread.join(timeout=10)
    os.close(out_reader)
    os.close(err_reader)
    return {
        "ms": elapsed, "rss_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status),
        "stdout_bytes": received[0], "stderr": b"".join(errors).decode("utf-8", "replace"),
    }


def main():
    request = json.loads(sys.stdin.read())
    try:
        result = spawn(request["argv"], request["env"], request.get("tty", True))
    except OSError as error:
        result = {"ms": 0.0, "rss_kb": 0, "code": 127, "stdout_bytes": 0, "stderr": f"cannot start: {error}"}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
