"""What the benchmark scripts share: the bench-only passphrase, a confide command's
environment, and finding an unlock session's agent and its peak memory."""
import os

PASS = "bench only: correct horse battery staple, not a secret"


def confide_env(vault, runtime, passphrase=True, **extra):
    """The environment of a confide command on `vault`, with XDG_RUNTIME_DIR
    `runtime`; without the passphrase (unlocked), a read must go through the agent
    or fail."""
    env = dict(os.environ)
    for var in ("CONFIDE_PASSPHRASE", "CONFIDE_PASSPHRASE_COMMAND", "CONFIDE_PASSPHRASE_FILE"):
        env.pop(var, None)
    env.update(CONFIDE_VAULT=vault, NO_COLOR="1", CONFIDE_LOCK_TIMEOUT_MS="60000",
               XDG_RUNTIME_DIR=runtime, **extra)
    if passphrase:
        env["CONFIDE_PASSPHRASE"] = PASS
    return env


def agent_pids(confide, runtime):
    """Processes running `confide agent` (the binary `confide`) with XDG_RUNTIME_DIR
    `runtime`."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            argv = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
            if argv[:2] != [confide.encode(), b"agent"]:
                continue
            environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
        except OSError:
            continue
        if f"XDG_RUNTIME_DIR={runtime}".encode() in environ:
            pids.append(int(pid))
    return pids


def vm_hwm_kib(pid):
    """A process's peak resident set size (VmHWM), in KiB."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")
