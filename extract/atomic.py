"""Outputs whole or untouched: staged folders switched in one step, atomic files, a writer lock.

How a folder of outputs (the dataset of ``run``, the diff folder of ``diff``) is replaced:

1. Under the lock ``.<name>.lock`` beside the target (``fcntl.flock``; a second writer is
   refused at once with a message naming the holder), temporary folders a killed writer left
   beside the target (``.<name>.tmp-*``, ``.<name>.old-*``) are cleaned up first.
2. The new files are written into ``.<name>.tmp-<random>`` beside the target (same file system).
3. The temporary folder and the target are exchanged in one step (``renameat2`` with
   ``RENAME_EXCHANGE`` on Linux; elsewhere two renames, with a moment where the target is
   missing but never mixed).
   Entries of the old folder that the writer does not own (``output/review`` beside a dataset)
   are moved into the temporary folder just before, their names listed in it first; a writer
   killed before the switch leaves them there, and step 1 of the next writer moves them back.
4. The previous folder is removed.

A reader therefore sees the previous set of files or the new one, never a mix. Single files
(``registry export``) are written to a temporary file beside the target and renamed over it.

Fault injection for tests: with ``PRESSEXTRACT_FAULT_STEP=N`` the writer process exits with
status 86 right after its N-th step (:func:`step`), as a ``kill -9`` at that point would leave it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fnmatch
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

FAULT_ENV = "PRESSEXTRACT_FAULT_STEP"
FAULT_EXIT = 86
_steps = 0


class OutputError(Exception):
    """An output cannot be written as asked (locked by another writer, not a folder, ...)."""


def step(name: str) -> None:
    """Count one writer step; exit hard after step ``$PRESSEXTRACT_FAULT_STEP`` (tests)."""
    global _steps
    _steps += 1
    wanted = os.environ.get(FAULT_ENV, "")
    if wanted.isdigit() and _steps == int(wanted):
        sys.stderr.write(f"pressextract: fault injection: stopped after step {_steps} ({name})\n")
        sys.stderr.flush()
        os._exit(FAULT_EXIT)


# --- checks and the lock -------------------------------------------------------------------


def check_output_folder(out: Path) -> None:
    """Refuse, before any work, an output that is a file or lies in a folder that cannot be written."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    parent = out.absolute().parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{out}: {probe} is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write in {probe}")


def _real(out: Path) -> Path:
    """The folder really written: a symlinked ``--out`` is replaced at its target, the link kept."""
    out = Path(out).absolute()
    return out.resolve() if out.is_symlink() else out


def _lock_path(out: Path) -> Path:
    return _real(out).parent / f".{_real(out).name}.lock"


@contextlib.contextmanager
def writer_lock(out: Path) -> Iterator[None]:
    """Hold the writer lock of ``out`` (another writer holding it: :class:`OutputError` at once)."""
    import fcntl

    check_output_folder(out)
    path = _lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise OutputError(f"{out}: another pressextract ({holder}) is writing there; try again when it is done") \
                from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        clean_stale(out)
        yield
    finally:
        handle.close()


# --- the switch ----------------------------------------------------------------------------


CARRIED = ".pressextract-carried"  # in a staged folder: entries of the old folder moved into it


def _stale(out: Path, kind: str) -> list[Path]:
    parent = out.parent
    prefix = f".{out.name}.{kind}-"
    return sorted(p for p in parent.glob(prefix + "*") if p.is_dir() and not p.is_symlink())


def _carried(folder: Path) -> list[str]:
    marker = folder / CARRIED
    return marker.read_text(encoding="utf-8").split("\n") if marker.is_file() else []


def clean_stale(out: Path) -> None:
    """Undo what a killed writer left beside ``out``; call with the lock held.

    A staged folder's carried entries go back into ``out``; staged and old folders are removed.
    """
    out = _real(out)
    old_folders = _stale(out, "old")
    if not out.exists() and old_folders:  # killed between the two renames of the fallback switch
        os.rename(old_folders.pop(), out)
    for old in old_folders:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in _stale(out, "tmp"):
        if out.is_dir():
            for name in filter(None, _carried(tmp)):
                if (tmp / name).exists() and not (out / name).exists():
                    os.rename(tmp / name, out / name)
        shutil.rmtree(tmp, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        (out / CARRIED).unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


@contextlib.contextmanager
def staged_folder(out: Path, owned: tuple[str, ...]) -> Iterator[Path]:
    """A temporary folder beside ``out`` to write into; on a clean exit it replaces ``out`` in one
    step (module docstring), keeping the entries of the old ``out`` not named in ``owned`` (names or
    glob patterns such as ``report-[0-9][0-9][0-9].html``). On an
    exception the temporary folder is removed and ``out`` is untouched. Take :func:`writer_lock` first."""
    out = _real(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tag = secrets.token_hex(4)
    tmp = out.parent / f".{out.name}.tmp-{tag}"
    tmp.mkdir()
    try:
        yield tmp
        _fsync_folder(tmp)
        step("staged")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not out.exists():
        os.rename(tmp, out)
        step("switched")
        return
    extras = sorted(e.name for e in out.iterdir()
                    if not any(fnmatch.fnmatchcase(e.name, pattern) for pattern in owned) and e.name != CARRIED)
    if extras:  # the list first, so a killed writer's successor can put them back
        (tmp / CARRIED).write_text("\n".join(extras), encoding="utf-8")
        for name in extras:
            os.rename(out / name, tmp / name)
            step(f"carried {name}")
    if _exchange(tmp, out):
        step("switched")
        shutil.rmtree(tmp, ignore_errors=True)  # now the previous folder
    else:
        old = out.parent / f".{out.name}.old-{tag}"
        os.rename(out, old)
        step("moved old away")
        os.rename(tmp, out)
        step("switched")
        shutil.rmtree(old, ignore_errors=True)
    step("removed old")
    with contextlib.suppress(FileNotFoundError):
        (out / CARRIED).unlink()


def _fsync_folder(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_file():
            with open(entry, "rb") as handle:
                os.fsync(handle.fileno())
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_file(path: Path, write: Callable[[IO[str]], None], newline: str | None = None) -> None:
    """Write a text file whole or not at all: into a temporary file beside it, then renamed over it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        step(f"wrote {path.name}")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
