"""How the commands name an error of the file system: the file and the reason, no traceback."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOSPC: "no space left on the device (the disk is full)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EBUSY: "busy (is it a mount point?)",
}


def describe_os_error(error: OSError) -> str:
    """Return "<file>: <reason>" for an error of the file system, without a traceback."""
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    if error.filename is not None and error.filename2 is not None:
        return f"cannot move {error.filename} to {error.filename2}: {reason}"
    return f"{error.filename}: {reason}" if error.filename is not None else reason
