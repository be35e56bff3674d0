#!/usr/bin/env python3
"""Records, for every operation of specs/alibaba/cs/, the request the official Python SDK builds
and signs with every parameter filled, as a test vector.

The inputs come from the operation's spec (the same specs the client is generated from): each
path, query and header parameter and the body, with a sample value of its type (an enum's first
value, a nested object with all of its properties). The SDK's own request model is built from
them with `from_map`, which reads the wire names, and `<operation>_with_options` is called with
the path arguments in its own order. The request is captured on a loopback socket by
record.py's server, with the clock, nonce, user agent and credentials fixed.

The vectors go to tests/vectors/alibaba-services/cs/<Operation>.json, where
tests/tests/conformance_alibaba_services.rs replays each through the generated client.

    python3 -m venv /tmp/a
    /tmp/a/bin/pip install -r conformance/alibaba/requirements.txt
    /tmp/a/bin/python conformance/alibaba/record_services.py
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from importlib import metadata
from pathlib import Path

import yaml

import record  # the loopback-only socket, the SDK's patched clock, nonce and signer capture
from record import (  # noqa: E402
    ACCESS_KEY_ID,
    ACCESS_KEY_SECRET,
    CONFIG_USER_AGENT,
    DEFAULT_AGENT,
    REGION,
    SDK_PACKAGES,
    Capture,
    CsClient,
    LoopbackServer,
    Utils,
    cs_models,
    openapi_models,
    x_acs_date,
)
from alibabacloud_tea_util import models as util_models  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs" / "alibaba" / "cs"
OUT = ROOT / "tests" / "vectors" / "alibaba-services" / "cs"

UNIX_TIME = 1767225600  # 2026-01-01T00:00:00Z
# Below Linux's ephemeral range (32768-60999), so an outgoing connection never holds one, and
# above the Huawei vectors' ports.
FIRST_PORT = 30000


def load_schemas() -> dict:
    schemas = {}
    for path in [SPECS / "service.yaml", SPECS / "schemas.yaml"]:
        if path.exists():
            for schema in yaml.safe_load(path.read_text(encoding="utf-8")).get("schemas", []):
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
    }
    if type_expr in simple:
        return simple[type_expr]
    schema = schemas.get(type_expr)
    if schema is None:
        raise KeyError(f"no schema {type_expr}")
    if schema.get("values") is not None:
        return schema["values"][0]["value"]
    if schema.get("alias") is not None:
        return sample(schema["alias"], schemas, name, depth + 1)
    if depth > 4:
        return {}
    return {
        p["name"]: sample(p["type"], schemas, p["name"], depth + 1)
        for p in schema.get("properties") or []
    }


def inputs_of(spec: dict, schemas: dict) -> dict:
    inputs: dict = {}
    for parameter in spec.get("parameters", []):
        inputs.setdefault(parameter["in"], {})[parameter["name"]] = sample(
            parameter["type"], schemas, parameter["name"]
        )
    body = spec.get("request_body")
    if body is not None:
        inputs["body"] = sample(body["type"], schemas, "body")
    return inputs


def squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def sdk_method(operation: str) -> str:
    """The SDK's `<operation>_with_options` method name (its snake case of the name is its own:
    `describe_cluster_v2user_kubeconfig`)."""
    for name in dir(CsClient):
        if name.endswith("with_options") and squash(name) == squash(operation + "WithOptions"):
            return name
    raise KeyError(f"the SDK has no method for {operation}")


def record_operation(spec: dict, schemas: dict, port: int) -> dict:
    operation = spec["operation"]
    inputs = inputs_of(spec, schemas)
    method = getattr(CsClient, sdk_method(operation))
    arguments = []
    request = None
    for argument in list(inspect.signature(method).parameters)[1:]:
        if argument in ("headers", "runtime"):
            continue
        if argument in ("request", "tmp_req"):
            model = getattr(cs_models, f"{operation}Request")
            fields = dict(inputs.get("query", {}))
            if "body" in inputs:
                if isinstance(inputs["body"], list):
                    # A body that is a JSON array is one list field of the model (`body`,
                    # `addons`): the one key its `from_map` reads.
                    keys = set(re.findall(r"m\.get\('([^']+)'\)", inspect.getsource(model.from_map)))
                    keys -= set(inputs.get("query", {}))
                    if len(keys) != 1:
                        raise KeyError(f"{operation}: the array body's field among {keys}")
                    fields[keys.pop()] = inputs["body"]
                else:
                    fields.update(inputs["body"])
            request = model().from_map(fields)
            arguments.append(request)
            continue
        path = inputs.get("path", {})
        wire = next((w for w in path if squash(w) == squash(argument)), None)
        if wire is None:
            raise KeyError(f"{operation}: the SDK argument {argument} is not a path parameter")
        arguments.append(path[wire])

    Capture.canonical_request = None
    Capture.string_to_sign = None
    nonce = f"{port:032x}"
    date = x_acs_date(UNIX_TIME)
    Utils.get_timestamp = staticmethod(lambda: date)
    Utils.get_nonce = staticmethod(lambda: nonce)
    endpoint = f"127.0.0.1:{port}"
    config = openapi_models.Config(
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=ACCESS_KEY_SECRET,
        region_id=REGION,
        endpoint=endpoint,
        protocol="http",
        user_agent=CONFIG_USER_AGENT,
    )
    client = CsClient(config)
    server = LoopbackServer(port)
    sdk_error = None
    try:
        getattr(client, sdk_method(operation))(
            *arguments, {}, util_models.RuntimeOptions()
        )
    except Exception as error:  # the made-up reply may not fit; only the request matters
        sdk_error = f"{type(error).__name__}: {error}"
    captured = server.request()
    authorization = next(v for n, v in captured["headers"] if n.lower() == "authorization")
    signed_headers = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0].split(";")
    vector = {
        "operation": operation,
        "recorded_with": {p: metadata.version(p) for p in SDK_PACKAGES},
        "port": port,
        "unix_time": UNIX_TIME,
        "x_acs_date": date,
        "nonce": nonce,
        "region": REGION,
        "access_key_id": ACCESS_KEY_ID,
        "access_key_secret": ACCESS_KEY_SECRET,
        "user_agent": f"{DEFAULT_AGENT} {CONFIG_USER_AGENT}",
        "inputs": inputs,
        "request": captured,
        "signature": {
            "signed_headers": signed_headers,
            "canonical_request": Capture.canonical_request,
            "string_to_sign": Capture.string_to_sign,
            "authorization": authorization,
        },
    }
    if sdk_error is not None:
        vector["sdk_reply_error"] = sdk_error
    return vector


def main() -> int:
    schemas = load_schemas()
    OUT.mkdir(parents=True, exist_ok=True)
    specs = sorted((SPECS / "operations").glob("*.yaml"))
    for index, path in enumerate(specs):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        local = dict(schemas)
        for schema in spec.get("schemas", []):
            local[schema["name"]] = schema
        vector = record_operation(spec, local, FIRST_PORT + index)
        out = OUT / f"{spec['operation']}.json"
        out.write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
