#!/usr/bin/env python3
"""Records, for every operation of specs/kubernetes/api/, the request the official Python client
`kubernetes` sends with every parameter filled, as a test vector.

The inputs come from the operation's spec (the specs the client is generated from): each path
and query parameter and the body, with a sample value of its type (an enum's first value, a
nested object with its properties). The client's method is found by its request's method and
path in the generated `_<method>_serialize` functions, its keyword arguments by the wire names
those functions write; a body is the client's own model (`from_dict`), a patch a dict. The call
goes to a loopback HTTP server that records it and answers `{}`.

The vectors go to tests/vectors/kubernetes/api/<Operation>.json, where
tests/tests/conformance_kubernetes.rs replays each through the generated client.

    python3 -m venv /tmp/k
    /tmp/k/bin/pip install -r conformance/kubernetes/requirements.txt
    /tmp/k/bin/pip install PyYAML
    /tmp/k/bin/python conformance/kubernetes/record_operations.py
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import threading
import typing
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib import metadata
from pathlib import Path

import yaml

import kubernetes.client as k8s

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs" / "kubernetes" / "api"
OUT = ROOT / "tests" / "vectors" / "kubernetes" / "api"
# Loopback only, below Linux's ephemeral range and the other vectors' ports.
PORT = 29500
TOKEN = "conformance-token"


class Capture(BaseHTTPRequestHandler):
    """Records one request and answers `{}`."""

    recorded: list = []

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        Capture.recorded.append(
            {
                "method": self.command,
                "path": path,
                "query": query,
                "headers": [[n, v] for n, v in self.headers.items()],
                "body": body.decode("utf-8"),
            }
        )
        reply = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_one

    def log_message(self, *args):
        pass


def load_schemas() -> dict:
    schemas = {}
    for path in [SPECS / "service.yaml", SPECS / "schemas.yaml"]:
        for schema in yaml.safe_load(path.read_text(encoding="utf-8")).get("schemas", []) or []:
            schemas[schema["name"]] = schema
    return schemas


def sample(type_expr: str, schemas: dict, name: str, depth: int = 0):
    """A value of the spec type `type_expr`; `name` seeds strings so each field differs."""
    if type_expr.startswith("array<"):
        return [sample(type_expr[6:-1], schemas, name, depth + 1)]
    if type_expr.startswith("map<"):
        return {"k1": sample(type_expr[4:-1], schemas, name, depth + 1)}
    simple = {
        "string": f"{name}-1",
        "integer": 3,
        "long": 7,
        "number": 1.5,
        "boolean": True,
        "json": {"a": 1},
        "int-or-string": 8080,
        "patch": {"metadata": {"labels": {"team": "a"}}},
    }
    if type_expr in simple:
        return simple[type_expr]
    schema = schemas[type_expr]
    if schema.get("values") is not None:
        return schema["values"][0]["value"]
    if schema.get("alias") is not None:
        alias = schema["alias"]
        if alias == "string" and type_expr.endswith((".Time", ".MicroTime")):
            return "2026-01-01T00:00:00Z"
        return sample(alias, schemas, name, depth + 1)
    if depth > 3:
        # Deep enough: only what an object requires.
        properties = [p for p in schema.get("properties") or [] if p.get("required")]
    else:
        properties = schema.get("properties") or []
    return {p["name"]: field_sample(p, schemas, depth + 1) for p in properties}


def field_sample(field: dict, schemas: dict, depth: int = 0):
    """A value of a field: its type's, in the text form its `format` names."""
    formats = {"byte": "Y29uZm9ybWFuY2U=", "date-time": "2026-01-01T00:00:00Z"}
    if field.get("type") == "string" and field.get("format") in formats:
        return formats[field["format"]]
    return sample(field["type"], schemas, field["name"], depth)


def inputs_of(spec: dict, schemas: dict) -> dict:
    inputs: dict = {}
    for parameter in spec.get("parameters", []):
        if parameter.get("managed"):
            continue
        inputs.setdefault(parameter["in"], {})[parameter["name"]] = field_sample(parameter, schemas)
    body = spec.get("request_body")
    if body is not None:
        inputs["body"] = sample(body["type"], schemas, "body")
    return inputs


def client_methods() -> dict:
    """(method, path) -> (API class, method name, {wire name: keyword})."""
    found = {}
    for class_name in dir(k8s):
        api = getattr(k8s, class_name)
        if not (class_name.endswith("Api") and inspect.isclass(api)):
            continue
        for name, function in inspect.getmembers(api, inspect.isfunction):
            if not (name.startswith("_") and name.endswith("_serialize")):
                continue
            source = inspect.getsource(function)
            method = re.search(r"method='([A-Z]+)'", source)
            path = re.search(r"resource_path='([^']+)'", source)
            if not (method and path):
                continue
            keywords = dict(re.findall(r"_query_params\.append\(\('([^']+)', (\w+)\)\)", source))
            keywords.update(re.findall(r"_path_params\['([^']+)'\] = (\w+)", source))
            found[(method.group(1), path.group(1))] = (api, name[1:-len("_serialize")], keywords)
    return found


def body_value(function, value):
    """The body as the client's method takes it: its model (`from_dict`) or a plain value."""
    hints = typing.get_type_hints(function, include_extras=True)
    hint = hints.get("body")
    candidates = [hint] + list(typing.get_args(hint))
    for candidate in candidates:
        for inner in [candidate] + list(typing.get_args(candidate)):
            if inspect.isclass(inner) and hasattr(inner, "from_dict"):
                return inner.from_dict(value)
    return value


def main() -> int:
    schemas = load_schemas()
    methods = client_methods()
    OUT.mkdir(parents=True, exist_ok=True)
    server = HTTPServer(("127.0.0.1", PORT), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    configuration = k8s.Configuration(host=f"http://127.0.0.1:{PORT}")
    configuration.api_key = {"BearerToken": TOKEN}
    configuration.api_key_prefix = {"BearerToken": "Bearer"}
    api_client = k8s.ApiClient(configuration)
    recorded_with = {p: metadata.version(p) for p in ["kubernetes", "urllib3"]}
    missing = []
    for path in sorted((SPECS / "operations").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        # The parameters a supplement adds are the operation's as the generator sees it.
        supplement = SPECS / "supplements" / path.name
        if supplement.exists():
            added = yaml.safe_load(supplement.read_text(encoding="utf-8")).get("added_parameters", [])
            spec["parameters"] = spec.get("parameters", []) + added
        local = dict(schemas)
        for schema in spec.get("schemas", []) or []:
            local[schema["name"]] = schema
        key = (spec["method"], spec["path"])
        if key not in methods:
            missing.append(spec["operation"])
            continue
        api_class, method_name, keywords = methods[key]
        inputs = inputs_of(spec, local)
        arguments = {}
        for location in ("path", "query"):
            for wire, value in inputs.get(location, {}).items():
                if wire not in keywords:
                    raise KeyError(f"{spec['operation']}: the client has no argument for {wire}")
                arguments[keywords[wire]] = value
        function = getattr(api_class, method_name)
        if "body" in inputs:
            arguments["body"] = body_value(function, inputs["body"])
        Capture.recorded = []
        client_error = None
        try:
            getattr(api_class(api_client), method_name)(**arguments)
        except Exception as error:  # the made-up reply may not decode; only the request matters
            client_error = f"{type(error).__name__}: {str(error)[:200]}"
        if len(Capture.recorded) != 1:
            raise RuntimeError(f"{spec['operation']}: {len(Capture.recorded)} requests ({client_error})")
        vector = {
            "operation": spec["operation"],
            "recorded_with": recorded_with,
            "client_method": f"{api_class.__name__}.{method_name}",
            "token": TOKEN,
            "inputs": inputs,
            "request": Capture.recorded[0],
        }
        if client_error is not None:
            vector["client_reply_error"] = client_error
        out = OUT / f"{spec['operation']}.json"
        out.write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    listing = OUT.parent / "not_in_client.txt"
    listing.write_text(
        "# Written by conformance/kubernetes/record_operations.py: the operations of the specs that the\n"
        f"# Python client kubernetes {recorded_with['kubernetes']} has no method for (API versions it does not serve).\n"
        + "".join(f"{name}\n" for name in sorted(missing)),
        encoding="utf-8",
    )
    print(f"recorded {len(list(OUT.glob('*.json')))} operations; {len(missing)} have no client method ({listing.relative_to(ROOT)})")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
