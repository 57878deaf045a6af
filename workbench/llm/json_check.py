"""Local verification of a model's JSON answer against the schema it was asked to follow.

A server may honour the schema only loosely (plain JSON mode, an older grammar converter), so every
answer that came over the network is checked here before it is used. Only the JSON-Schema keywords
the product's own schemas use are understood (``type``, ``properties``, ``required``, ``items``,
``enum``, ``minLength``/``maxLength``, ``minItems``/``maxItems``); unknown keywords are ignored.
"""

from __future__ import annotations

from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "integer": (int,), "number": (int, float),
    "boolean": (bool,), "null": (type(None),),
}


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema``, as short ``"$.o[0].t: not one of the allowed values"`` lines.

    An empty list means the value is valid. Pure function, no I/O.
    """
    errors = _type_errors(value, schema, where)
    if errors:
        return errors
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        errors.append(f"{where}: {value!r} is not one of the allowed values")
    if isinstance(value, str):
        errors += _length_errors(len(value), schema, "minLength", "maxLength", where, "characters")
    elif isinstance(value, list):
        errors += _length_errors(len(value), schema, "minItems", "maxItems", where, "items")
        items = schema.get("items")
        if isinstance(items, dict):
            for i, item in enumerate(value):
                errors += schema_errors(item, items, f"{where}[{i}]")
    elif isinstance(value, dict):
        errors += _object_errors(value, schema, where)
    return errors


def _type_errors(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    wanted = schema.get("type")
    if wanted is None:
        return []
    names = wanted if isinstance(wanted, list) else [wanted]
    for name in names:
        kinds = _TYPES.get(str(name), (object,))
        is_bool = isinstance(value, bool)
        if isinstance(value, kinds) and (name == "boolean" or not is_bool):
            return []
    return [f"{where}: expected {' or '.join(map(str, names))}, got {type(value).__name__}"]


def _length_errors(size: int, schema: dict[str, Any], low: str, high: str, where: str, unit: str) -> list[str]:
    if low in schema and size < int(schema[low]):
        return [f"{where}: fewer than {schema[low]} {unit}"]
    if high in schema and size > int(schema[high]):
        return [f"{where}: more than {schema[high]} {unit}"]
    return []


def _object_errors(value: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    errors = [f"{where}: missing {key!r}" for key in schema.get("required", []) if key not in value]
    for key, sub in (schema.get("properties") or {}).items():
        if key in value and isinstance(sub, dict):
            errors += schema_errors(value[key], sub, f"{where}.{key}")
    return errors


def _same(value: Any, option: Any) -> bool:
    """JSON equality: ``1`` matches ``1`` but ``True`` does not match ``1``."""
    return (type(value) is type(option) and bool(value == option)) or (
        isinstance(value, (int, float)) and isinstance(option, (int, float))
        and not isinstance(value, bool) and not isinstance(option, bool) and value == option)
