#!/usr/bin/env python3
"""Strom's process runner (behind `make run`), stdlib only.

Usage: python3 platform/run.py [PROCFILE]      (default: platform/Procfile)

PROCFILE lines, in order:
    name: command        start a long-running process (bash -c, from the repo root)
    # wait: command      retry this command until it exits 0 (up to 120 s) before
                         going on; consecutive waits all have to pass
    # run: command       run this one-shot command to completion (output prefixed
                         "setup"); if it fails, everything is stopped
    # anything else      a comment; blank lines are ignored

Every process runs in its own process group with its output prefixed by its
name. On Ctrl-C / SIGTERM / SIGHUP, or as soon as any process exits, every
process group gets SIGTERM, then SIGKILL after 15 s, so nothing is left behind.
Exit status: 0 after a signal, otherwise the status of the process that ended
everything (1 if a wait step timed out).
"""
import os
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WAIT_TIMEOUT = 120.0
STOP_GRACE = 15.0
COLORS = [36, 33, 32, 35, 34, 91, 96, 93, 92, 95, 94]
LINE = re.compile(r"^([A-Za-z0-9_.-]+):\s*(.+)$")
DIRECTIVE = re.compile(r"^#\s*(wait|run):\s*(.+)$")


def parse(path):
    steps = []
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line:
                continue
            m = DIRECTIVE.match(line)
            if m:
                steps.append((m.group(1), None, m.group(2).strip()))
                continue
            if line.startswith("#"):
                continue
            m = LINE.match(line)
            if not m:
                sys.exit("%s:%d: expected 'name: command', got %r" % (path, lineno, line))
            steps.append(("proc", m.group(1), m.group(2).strip()))
    names = [name for kind, name, _ in steps if kind == "proc"]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        sys.exit("%s: duplicate process names: %s" % (path, ", ".join(sorted(dupes))))
    return steps


class Output:
    """Writes prefixed lines from several threads without interleaving."""

    def __init__(self, names):
        self.lock = threading.Lock()
        self.width = max([len(n) for n in names] + [len("system")])
        self.color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        self.colors = {}
        for i, name in enumerate(names):
            self.colors[name] = COLORS[i % len(COLORS)]
        self.colors.setdefault("setup", 37)
        self.colors.setdefault("system", 37)

    def write(self, name, text):
        prefix = "%s %s |" % (time.strftime("%H:%M:%S"), name.ljust(self.width))
        if self.color:
            prefix = "\033[%dm%s\033[0m" % (self.colors.get(name, 37), prefix)
        with self.lock:
            try:
                sys.stdout.write("%s %s\n" % (prefix, text))
                sys.stdout.flush()
            except (BrokenPipeError, ValueError):
                pass

    def pump(self, name, stream):
        def run():
            try:
                for raw in iter(stream.readline, b""):
                    self.write(name, raw.decode("utf-8", "replace").rstrip("\r\n"))
            except (OSError, ValueError):
                pass
            finally:
                try:
                    stream.close()
                except OSError:
                    pass
        thread = threading.Thread(target=run, name="pump-" + name, daemon=True)
        thread.start()
        return thread


class Runner:
    def __init__(self, steps):
        self.steps = steps
        names = [name for kind, name, _ in steps if kind == "proc"]
        self.out = Output(names + ["setup"])
        self.procs = []  # ((kind, name), Popen): processes plus any running wait/run command
        self.threads = []
        self.stop_signal = None

    # --- signals -------------------------------------------------------
    def on_signal(self, signum, _frame):
        if self.stop_signal is None:
            self.stop_signal = signum
        else:  # a second Ctrl-C: be quick about it
            self.kill_all(signal.SIGKILL)

    def log(self, text):
        self.out.write("system", text)

    # --- processes -----------------------------------------------------
    def spawn(self, kind, name, command, capture_to=None):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        proc = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own session => own process group
        )
        self.procs.append(((kind, name), proc))
        if capture_to is None:
            proc.pump = self.out.pump(name, proc.stdout)
            self.threads.append(proc.pump)
        else:
            def collect():
                capture_to.append(proc.stdout.read().decode("utf-8", "replace"))
                proc.stdout.close()
            thread = threading.Thread(target=collect, daemon=True)
            thread.start()
            self.threads.append(thread)
        return proc

    def first_exited(self):
        """A long-running process that has exited, as (name, returncode), or None."""
        for (kind, name), proc in self.procs:
            if kind == "proc" and proc.poll() is not None:
                proc.pump.join(timeout=1)  # flush its last lines first
                return name, proc.returncode
        return None

    def forget(self, proc):
        """Drop a finished one-shot command, so its pid is never signalled later."""
        self.procs = [(k, p) for k, p in self.procs if p is not proc]

    def kill_all(self, sig):
        for _, proc in self.procs:
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass

    def group_alive(self, proc):
        proc.poll()  # reap the leader if it is a zombie
        try:
            os.killpg(proc.pid, 0)
            return True
        except ProcessLookupError:
            return False
        except PermissionError:
            return True

    def shutdown(self):
        alive = [p for _, p in self.procs if self.group_alive(p)]
        if alive:
            self.log("sending SIGTERM to all processes")
            self.kill_all(signal.SIGTERM)
            deadline = time.monotonic() + STOP_GRACE
            while time.monotonic() < deadline:
                alive = [p for _, p in self.procs if self.group_alive(p)]
                if not alive:
                    break
                time.sleep(0.1)
            if alive:
                names = [n for (_, n), p in self.procs if p in alive]
                self.log("still running after %gs, sending SIGKILL: %s" % (STOP_GRACE, ", ".join(names)))
                self.kill_all(signal.SIGKILL)
                time.sleep(0.2)
                for p in alive:
                    try:
                        p.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        pass
        for thread in self.threads:
            thread.join(timeout=2)
        self.log("all processes stopped")

    # --- steps ---------------------------------------------------------
    def should_stop(self):
        """Return an exit code if the run must end now, else None."""
        if self.stop_signal is not None:
            return 0
        exited = self.first_exited()
        if exited:
            name, code = exited
            self.log("%s exited with code %s; stopping everything" % (name, code))
            return code if code and code > 0 else (1 if code else 0)
        return None

    def supervise(self, proc):
        """Poll proc until it exits; return (exit status, None) or (None, stop code)."""
        while proc.poll() is None:
            code = self.should_stop()
            if code is not None:
                return None, code
            time.sleep(0.1)
        return proc.returncode, None

    def do_wait(self, command):
        self.log("waiting for: %s" % command)
        start = time.monotonic()
        deadline = start + WAIT_TIMEOUT
        last = ""
        while True:
            captured = []
            proc = self.spawn("wait", "wait", command, capture_to=captured)
            status, stop = self.supervise(proc)
            if stop is not None:
                return stop
            self.threads[-1].join(timeout=2)
            self.forget(proc)
            last = "".join(captured).strip()
            if status == 0:
                self.log("ready after %.1fs: %s" % (time.monotonic() - start, command))
                return None
            if time.monotonic() >= deadline:
                self.log("gave up after %gs waiting for: %s" % (WAIT_TIMEOUT, command))
                for line in last.splitlines()[-10:]:
                    self.log("  " + line)
                return 1
            end = time.monotonic() + 1.0
            while time.monotonic() < end:
                code = self.should_stop()
                if code is not None:
                    return code
                time.sleep(0.1)

    def do_run(self, command):
        self.log("running: %s" % command)
        proc = self.spawn("run", "setup", command)
        status, stop = self.supervise(proc)
        if stop is not None:
            return stop
        self.threads[-1].join(timeout=5)
        if not self.group_alive(proc):
            self.forget(proc)
        if status != 0:
            self.log("setup command failed with code %s; stopping everything" % status)
            return status if status > 0 else 1
        return None

    def run(self):
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self.on_signal)
        code = None
        try:
            for kind, name, command in self.steps:
                code = self.should_stop()
                if code is not None:
                    break
                if kind == "proc":
                    proc = self.spawn("proc", name, command)
                    self.log("started %s (pid %d): %s" % (name, proc.pid, command))
                elif kind == "wait":
                    code = self.do_wait(command)
                elif kind == "run":
                    code = self.do_run(command)
                if code is not None:
                    break
            while code is None:
                if not any(kind == "proc" for (kind, _), _p in self.procs):
                    self.log("no long-running processes in the Procfile; done")
                    code = 0
                    break
                code = self.should_stop()
                time.sleep(0.1)
            if self.stop_signal is not None:
                self.log("received %s" % signal.Signals(self.stop_signal).name)
        finally:
            self.shutdown()
        return code


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    path = argv[1] if len(argv) == 2 else os.path.join(HERE, "Procfile")
    steps = parse(path)
    if not steps:
        sys.exit("%s: nothing to run" % path)
    return Runner(steps).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
