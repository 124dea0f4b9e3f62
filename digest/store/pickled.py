"""Pickled: records of the build cache kept as pickles, read back as data and nothing else.

The build cache lives in the project (`.digest-cache/`), and a project may come from anyone:
a clone, a zip, a cache restored by CI. `pickle.loads` would call whatever a record names
(`os.system`, `builtins.exec`): a crafted cache would run code on the editor's machine. So a
record may name only plain values (numbers, text, containers, dates) and digest's own data
classes (dataclasses, enums), which hold fields and do nothing when made. Anything else is
refused as a damaged record is: the caller plans without it.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime
import enum
import io
import pathlib
import pickle
import sys
from typing import Any

PROTOCOL = 5

_PLAIN: frozenset[tuple[str, str]] = frozenset(
    [("builtins", name) for name in ("bytes", "complex", "dict", "frozenset", "list", "set")]
    + [("builtins", name) for name in ("tuple", "str", "int", "float", "bool", "bytearray")]
    + [("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")]
    + [("pathlib", name) for name in ("PurePosixPath", "PosixPath", "PurePath", "Path")]
)
_MODULES = {"builtins": builtins, "datetime": datetime, "pathlib": pathlib}


class _DataOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN:
            return getattr(_MODULES[module], name)
        # Only modules digest has imported already: a name never makes one be imported.
        loaded = sys.modules.get(module) if module.startswith("digest.") else None
        if loaded is not None and "." not in name:
            found = getattr(loaded, name, None)
            if isinstance(found, type) and _is_data(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name}: not a value a cache record may hold")


def _is_data(kind: type) -> bool:
    """Tell whether *kind* is one of digest's data classes (made without side effects)."""
    if issubclass(kind, enum.Enum):
        return True
    return dataclasses.is_dataclass(kind) and not hasattr(kind, "__post_init__")


def dumps(value: object) -> bytes:
    """Return *value* pickled, for a cache record."""
    return pickle.dumps(value, PROTOCOL)


def loads(data: bytes) -> Any:
    """Return the value pickled in *data*; raise pickle.UnpicklingError (or another error of
    a damaged record) when it names anything but plain values and digest's data classes."""
    return _DataOnly(io.BytesIO(data)).load()
