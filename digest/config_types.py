"""Settings' types: YAML data -> the settings' frozen dataclasses, checked by type hints.

Unknown keys are refused, lists become tuples and mappings read-only ones; every value of the
wrong type is a problem named by its dotted key ("classify.regions.Europe[1]: expected str"),
collected, never raised, so that digest.yaml's every mistake is told at once with its line
(config.py). What a value of the right type may not be is `config_checks`'.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any

from digest.errors import clip
from digest.yaml_errors import key_name


def build_dataclass(cls: type[Any], data: object, prefix: str, problems: list[str]) -> object:
    """Build dataclass *cls* from *data*, collecting every problem with its dotted key."""
    where = prefix.rstrip(".") or "the top level"
    if not isinstance(data, dict):
        problems.append(f"{where}: expected a mapping, got {type(data).__name__}")
        return None
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            known = ", ".join(sorted(fields))
            problems.append(f"{prefix}{clip(key, bare=True)}: unknown key (known keys: {known})")
            continue
        converted = _convert(hints[key], value, f"{prefix}{key}", problems)
        if converted is not _INVALID:
            values[key] = converted
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        problems.append(f"{where}: {error}")
        return None


_INVALID = object()


def _convert(hint: Any, value: object, key: str, problems: list[str]) -> object:
    """Check *value* against the type *hint*, converting lists to tuples."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        built = build_dataclass(typing.cast(type[Any], hint), value, f"{key}.", problems)
        return _INVALID if built is None else built
    if origin is tuple:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            problems.append(f"{key}: expected a list, got {type(value).__name__}")
            return _INVALID
        converted = [
            _convert(args[0], item, f"{key}[{i}]", problems) for i, item in enumerate(items)
        ]
        return _INVALID if _INVALID in converted else tuple(converted)
    if origin in (Mapping, dict) or origin is typing.get_origin(Mapping[str, str]):
        if not isinstance(value, dict):
            problems.append(f"{key}: expected a mapping, got {type(value).__name__}")
            return _INVALID
        result = {}
        for name, item in value.items():
            if not isinstance(name, str):
                problems.append(f"{key}: keys must be text, got {clip(name)}")
                return _INVALID
            result[name] = _convert(args[1], item, f"{key}.{key_name(name)}", problems)
        return _INVALID if _INVALID in result.values() else types.MappingProxyType(result)
    accepted: dict[object, tuple[type, ...]] = {
        str: (str,),
        int: (int,),
        float: (int, float),
        bool: (bool,),
    }
    if hint not in accepted:
        raise TypeError(f"unsupported setting type {hint!r}")
    # YAML's true/false are ints to Python; a number setting never takes one.
    wrong_bool = isinstance(value, bool) and hint is not bool
    if wrong_bool or not isinstance(value, accepted[hint]):
        problems.append(
            f"{key}: expected {hint.__name__}, got {type(value).__name__} {clip(value)}"
        )
        return _INVALID
    if hint is float and isinstance(value, int):
        return float(value)
    return value
