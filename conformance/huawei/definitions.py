"""Huawei API Explorer definitions (one JSON file per operation) and deterministic inputs for them.

`Definition` reads one file of specs/huawei/<service>/definitions/: its operation, its parameters
(path-level and operation-level, `$ref`s resolved) and its body schema. `sample` derives one value
for a schema from what the definition says of it (type, enum, format, pattern, lengths, bounds,
item counts, nested properties), the same value on every run, so that each operation can be
called with every parameter filled.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

try:  # Python 3.11+
    import re._parser as sre_parse
    from re import _constants as sre_constants
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants
    import sre_parse


class Definition:
    """One operation of an API Explorer definition file."""

    def __init__(self, path: Path):
        self.path = path
        self.document = as_swagger2(json.loads(path.read_text(encoding="utf-8")))
        self.name = self.document["name"]
        self.method = self.document["method"].lower()
        paths = self.document["paths"]
        if len(paths) != 1:
            raise ValueError(f"{path}: expected one path, found {len(paths)}")
        ((self.uri, item),) = paths.items()
        if self.method not in item:
            raise ValueError(f"{path}: the path has no `{self.method}` operation")
        self.operation = item[self.method]
        merged = {}
        for parameter in list(item.get("parameters", [])) + list(self.operation.get("parameters", [])):
            parameter = self.resolve(parameter)
            merged[(parameter["in"], parameter["name"])] = parameter
        self.parameters = list(merged.values())

    def resolve(self, node: dict) -> dict:
        """`node` with a `#/parameters/..` or `#/definitions/..` reference followed."""
        while isinstance(node, dict) and "$ref" in node:
            _, section, name = node["$ref"].split("/", 2)
            node = self.document[section][name]
        return node

    def success_status(self) -> int:
        statuses = sorted(int(s) for s in self.operation.get("responses", {}) if s.isdigit())
        return next((s for s in statuses if 200 <= s < 300), 200)

    def media_types(self) -> list:
        consumes = self.operation.get("consumes")
        if consumes is None:
            consumes = json.loads(self.document.get("consumes") or "[]")
        return consumes


def as_swagger2(document: dict) -> dict:
    """A definition in OpenAPI 3 form (IAM's V5 operations: `components`, `requestBody`,
    `content`) in the Swagger 2 form this module reads; others unchanged."""
    components = document.get("components")
    if not isinstance(components, dict):
        return document
    document = json.loads(json.dumps(document).replace(
        '"#/components/schemas/', '"#/definitions/').replace(
        '"#/components/parameters/', '"#/parameters/'))
    components = document.pop("components")
    document["definitions"] = {**(document.get("definitions") or {}),
                               **components.get("schemas", {})}
    document["parameters"] = {**(document.get("parameters") or {}),
                              **{n: _lift(p) for n, p in components.get("parameters", {}).items()}}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            operation["parameters"] = [_lift(p) for p in operation.get("parameters", [])]
            body = operation.pop("requestBody", None)
            if body:
                ((media, content),) = list(body.get("content", {}).items())[:1]
                operation["consumes"] = [media]
                operation["parameters"].append({"in": "body", "name": "body",
                                                "required": body.get("required", False),
                                                "schema": content.get("schema", {})})
    return document


def _lift(parameter: dict) -> dict:
    """An OpenAPI 3 parameter's `schema` lifted onto it, as Swagger 2 states a type."""
    schema = parameter.get("schema")
    if "$ref" in parameter or not isinstance(schema, dict) or "$ref" in schema:
        return parameter
    lifted = {k: v for k, v in parameter.items() if k != "schema"}
    for key, value in schema.items():
        lifted.setdefault(key, value)
    return lifted


# --- Deterministic values ---------------------------------------------------------------------

def _spread(name: str, low: int, high: int) -> int:
    """A number in [low, high] that depends on `name` only (so parameters differ)."""
    return low + zlib.crc32(name.encode("utf-8")) % (high - low + 1)


def _bounds(schema: dict, default_low: int, default_span: int) -> tuple:
    low = schema.get("minimum")
    high = schema.get("maximum")
    if schema.get("exclusiveMinimum") and low is not None:
        low += 1
    if schema.get("exclusiveMaximum") and high is not None:
        high -= 1
    if low is None:
        low = default_low if high is None or high >= default_low else high - default_span
    if high is None:
        high = low + default_span
    return int(low), int(high)


def _fit_length(value: str, schema: dict) -> str:
    minimum = schema.get("minLength", 0) or 0
    maximum = schema.get("maxLength")
    if len(value) < minimum:
        value = value + "x" * (minimum - len(value))
    if maximum is not None and len(value) > maximum:
        value = value[:maximum]
    return value


def _from_pattern(pattern: str) -> str | None:
    """The shortest non-trivial ASCII string the regular expression describes, if simple."""
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None
    try:
        return _emit(tree)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


_CATEGORY = {
    sre_constants.CATEGORY_DIGIT: "0",
    sre_constants.CATEGORY_WORD: "a",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_SPACE: "a",
    sre_constants.CATEGORY_NOT_DIGIT: "a",
    sre_constants.CATEGORY_NOT_WORD: "-",
}


def _emit(tree) -> str:
    out = []
    for op, arg in tree:
        if op is sre_constants.LITERAL:
            out.append(chr(arg))
        elif op is sre_constants.ANY:
            out.append("a")
        elif op is sre_constants.IN:
            out.append(_emit_class(arg))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = arg
            count = max(low, 1) if high != 0 else 0
            out.append("".join(_emit(sub) for _ in range(count)))
        elif op is sre_constants.SUBPATTERN:
            out.append(_emit(arg[-1]))
        elif op is sre_constants.BRANCH:
            out.append(_emit(arg[1][0]))
        elif op in (sre_constants.AT, sre_constants.ASSERT_NOT, sre_constants.ASSERT):
            continue
        else:
            raise _Unsupported(op)
    return "".join(out)


def _emit_class(items) -> str:
    if items and items[0][0] is sre_constants.NEGATE:
        excluded = items[1:]
        for candidate in "a0-_":
            if not any(_class_item_matches(item, candidate) for item in excluded):
                return candidate
        raise _Unsupported("negated class")
    # Prefer a letter or digit from the class, so values look like identifiers.
    for candidate in "a0A":
        if any(_class_item_matches(item, candidate) for item in items):
            return candidate
    op, arg = items[0]
    if op is sre_constants.LITERAL:
        return chr(arg)
    if op is sre_constants.RANGE:
        return chr(arg[0])
    if op is sre_constants.CATEGORY:
        return _CATEGORY.get(arg, "a")
    raise _Unsupported(op)


def _class_item_matches(item, char: str) -> bool:
    op, arg = item
    if op is sre_constants.LITERAL:
        return chr(arg) == char
    if op is sre_constants.RANGE:
        return arg[0] <= ord(char) <= arg[1]
    if op is sre_constants.CATEGORY:
        return _CATEGORY.get(arg) == char or (
            arg is sre_constants.CATEGORY_WORD and char.isalnum())
    return False


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True


def sample_string(schema: dict, name: str) -> str:
    if schema.get("enum"):
        return schema["enum"][0]
    fmt = schema.get("format")
    if fmt == "uuid":
        value = "%08x-0000-4000-8000-%012x" % (_spread(name, 0, 0xFFFFFFF), _spread(name[::-1], 0, 0xFFFFFF))
    elif fmt == "date":
        value = "2026-01-02"
    elif fmt == "date-time":
        value = "2026-01-02T03:04:05Z"
    else:
        value = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() + "-value"
    pattern = schema.get("pattern")
    if pattern and not _matches(pattern, value):
        candidates = [_from_pattern(pattern)] + [
            schema.get(key) for key in ("x-example", "example", "default")]
        for candidate in candidates:
            if isinstance(candidate, str) and _matches(pattern, candidate):
                fitted = _fit_length(candidate, schema)
                if _matches(pattern, fitted):
                    return fitted
    return _fit_length(value, schema)


class Sampler:
    """Values for the schemas of one definition; recursion through `$ref` stops at a repeat."""

    def __init__(self, definition: Definition):
        self.definition = definition

    def all_of_properties(self, schema: dict) -> dict:
        """The properties of every part of an `allOf`, parts that are `allOf`s included."""
        properties = {}
        for part in schema["allOf"]:
            part = self.definition.resolve(part)
            if "allOf" in part:
                properties.update(self.all_of_properties(part))
            properties.update(part.get("properties", {}))
        return properties

    def sample(self, schema: dict, name: str, seen: tuple = ()):
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:
                return None
            return self.sample(self.definition.resolve(schema), name, seen + (ref,))
        if "allOf" in schema:
            merged = {"type": "object", "properties": self.all_of_properties(schema)}
            return self.sample(merged, name, seen)
        kind = schema.get("type")
        if kind is None:
            kind = "object" if "properties" in schema or "additionalProperties" in schema else "string"
        if kind == "object":
            value = {}
            for key, prop in schema.get("properties", {}).items():
                item = self.sample(prop, key, seen)
                if item is not None:
                    value[key] = item
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                item = self.sample(extra, name + "-entry", seen) if extra else "value"
                if item is not None:
                    value["key-1"] = item
            elif extra is True:
                value["key-1"] = "value"
            return value
        if kind == "array":
            items = schema.get("items", {"type": "string"})
            count = max(schema.get("minItems", 0) or 0, 2)
            if schema.get("maxItems") is not None:
                count = min(count, schema["maxItems"])
            values = [self.sample(items, f"{name}-{index + 1}", seen) for index in range(count)]
            values = [v for v in values if v is not None]
            if schema.get("uniqueItems") and len(values) > 1 and values[0] == values[1]:
                values = values[:1]
            return values
        if kind == "integer":
            if schema.get("enum"):
                return schema["enum"][0]
            low, high = _bounds(schema, 1, 99)
            return _spread(name, low, high)
        if kind == "number":
            if schema.get("enum"):
                return schema["enum"][0]
            low, high = _bounds(schema, 1, 99)
            if high == low:
                return float(low)
            return _spread(name, low, high - 1) + 0.5
        if kind == "boolean":
            return True
        if kind == "string":
            return sample_string(schema, name)
        raise ValueError(f"{self.definition.path}: no sample for a `{kind}` schema ({name})")
