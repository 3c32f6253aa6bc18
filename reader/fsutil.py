"""Atomic writes (a reader never leaves a half-written file behind), the room a cache
may take on a disk, and sweeping the temporary files any run left behind."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode an ordinary write would.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


# Disk space: the learner's own data (progress, settings, results) comes first. A cache
# is written only when the disk keeps this much free after it.
RESERVE_BYTES = 8 * 2**20
RESERVE_SHARE = 0.05  # of the disk's size, when that is more


def room_for(folder: Path, size: int) -> bool:
    """Whether a cache of `size` bytes may be written in `folder` and still leave the
    reserve free for the learner's own data."""
    try:
        usage = shutil.disk_usage(folder)
    except OSError:
        return False
    reserve = max(RESERVE_BYTES, int(usage.total * RESERVE_SHARE))
    return usage.free - size >= reserve


# What a build or an atomic write leaves when it is killed or the disk fills: ours
# (`.NAME.XXXX.tmp`, `.cedict-...sqlite3.PID.tmp` and its journal, a salvage in progress)
# and jieba's (`tmpXXXXXXXX`, from tempfile.mkstemp in our cache folder).
_TEMPORARY = re.compile(r"^(\..+\.tmp(-journal)?|tmp[a-z0-9_]{8}|\..+\.salvage-.+)$")
_WITH_PID = re.compile(r"^\.cedict-.+\.(\d+)\.tmp(-journal)?$")
STALE_SECONDS = 600.0


def sweep_temporary(folder: Path, older_than: float = STALE_SECONDS) -> int:
    """Remove temporary files left in `folder` by any run (this one's too, once they are
    stale): a file naming its process goes as soon as that process is gone, any other
    when it is older than `older_than` seconds. The number removed."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMPORARY.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            pid = _WITH_PID.search(entry.name)
            gone = (
                pid is not None
                and int(pid.group(1)) != os.getpid()
                and not _alive(int(pid.group(1)))
            )
            if gone or now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True
