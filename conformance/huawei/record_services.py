#!/usr/bin/env python3
"""Records one official-SDK request per operation of the Huawei CCE and Workspace definitions.

For every API Explorer definition in specs/huawei/{cce,workspace}/definitions/ (the files of the
crates huawei-cloud-api-definitions-CCE and -Workspace, copied verbatim), this script:

1. derives one deterministic value for every parameter the operation takes (path, query,
   headers, and the body with every property filled, nested objects included) from what the
   definition says of it (definitions.py);
2. builds the official SDK's own request object for the operation (`huaweicloudsdkcce.v3` /
   `huaweicloudsdkworkspace.v2` `<Operation>Request`) from those values by their wire names,
   through the SDK's own deserializer, so the SDK's attribute-name mapping and typed body
   models are exercised;
3. lets the SDK client sign it with AK/SK (fixed credentials, clock, project and user agent,
   sdk_wire.py) and captures the request instead of sending it;
4. signs the same request once more with the body handed over as compact JSON text (the SDK's
   body value without the spaces its serializer puts after `:` and `,`, keys in the documented
   order), so the signature can be compared over the bytes the Rust client sends.

Each operation becomes tests/vectors/huawei-services/<service>/<Operation>.json; an operation the
pinned SDK cannot build is listed with the reason in <service>/not_recorded.json.
tests/tests/conformance_services.rs replays every vector through the generated client.

Re-runnable, deterministic, offline:

    python3 -m venv /tmp/v
    /tmp/v/bin/pip install -r conformance/huawei/requirements.txt
    /tmp/v/bin/python conformance/huawei/record_services.py
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from definitions import Definition, Sampler  # noqa: E402
from sdk_wire import (  # noqa: E402  (sdk_wire fixes the clock and cuts the network first)
    AK,
    DOMAIN_ID,
    PACKAGES,
    PROJECT_ID,
    REPO,
    SDK_USER_AGENT_SETTING,
    SK,
    Wire,
    build_client,
    capture,
    compact_json,
    fixed_time,
    versions,
    write_json,
)

OUT = REPO / "tests" / "vectors" / "huawei-services"

# service -> (SDK modules, client class, first loopback port, credentials' scope). One port per
# operation, in the order of the sorted definition names: the Host header (with the port) is
# signed, so the Rust test must listen where the SDK "sent". The ports lie below Linux's
# ephemeral range (32768-60999), where no outgoing connection of the tests can be holding them.
# A service whose definitions span API versions has one SDK module per version; an operation
# is built with the module of its definition's `info_version` where that one has it.
SERVICES = {
    "cce": (["huaweicloudsdkcce.v3"], "CceClient", 29000, "project"),
    "workspace": (["huaweicloudsdkworkspace.v2"], "WorkspaceClient", 29300, "project"),
    "iam": (["huaweicloudsdkiam.v3", "huaweicloudsdkiam.v5"], "IamClient", 29500, "domain"),
    "vpc": (["huaweicloudsdkvpc.v3", "huaweicloudsdkvpc.v2"], "VpcClient", 29700, "project"),
    "ecs": (["huaweicloudsdkecs.v2"], "EcsClient", 29900, "project"),
    "evs": (["huaweicloudsdkevs.v2"], "EvsClient", 30100, "project"),
    "elb": (["huaweicloudsdkelb.v3", "huaweicloudsdkelb.v2"], "ElbClient", 30300, "project"),
    "swr": (["huaweicloudsdkswr.v2"], "SwrClient", 30500, "project"),
}

# Header parameters the SDK manages itself instead of taking them from the request object.
MANAGED_HEADERS = {
    "x-auth-token": "authentication: the request is signed with AK/SK instead of carrying a token",
    "content-type": "set by the SDK client from the operation's media type",
}


class NotRecordable(Exception):
    """The pinned SDK cannot build this operation's request; the message says why."""


def sdk_methods(client_class, package: str) -> dict:
    """`<Operation>Request` class name -> the client method that takes it (from the docstrings)."""
    methods = {}
    for name, member in inspect.getmembers(client_class, inspect.isfunction):
        doc = member.__doc__ or ""
        marker = f":class:`{package}."
        if name.startswith("_") or name.endswith("_invoker") or marker not in doc:
            continue
        request = doc.split(marker, 1)[1].split("`", 1)[0]
        if request.endswith("Request"):
            methods[request] = name
    return methods


def wire_inputs(definition: Definition) -> tuple:
    """The operation's inputs by wire name, and the parameters left to the SDK or unsendable."""
    sampler = Sampler(definition)
    inputs = {"path": {}, "query": {}, "header": {}}
    managed = []
    for parameter in definition.parameters:
        location, name = parameter["in"], parameter["name"]
        if location == "formData":
            inputs.setdefault("form", {})[name] = (
                sample_file(name) if parameter.get("type") == "file"
                else sampler.sample(parameter, name))
            continue
        if location == "header" and name.lower() in MANAGED_HEADERS:
            managed.append({"in": location, "name": name, "reason": MANAGED_HEADERS[name.lower()]})
            continue
        if location == "body":
            inputs["body"] = sampler.sample(parameter.get("schema", {}), name)
        elif location == "path" and name == "project_id":
            inputs["path"][name] = PROJECT_ID
        else:
            inputs[location][name] = sampler.sample(parameter, name)
    return inputs, managed


def sample_file(name: str) -> dict:
    """A file for a form's file part: its name, media type and (text) content."""
    return {"file_name": f"{name}.tgz", "content_type": "application/gzip",
            "content": f"content of the {name} file"}


class InMemoryFile(io.BytesIO):
    """A file the SDK's FormFile accepts: it wants a name and the mode `rb`."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name
        self.mode = "rb"


def form_body(inputs: dict) -> dict:
    """The form parts as the SDK's request body model takes them: files as FormFile."""
    from huaweicloudsdkcore.http.formdata import FormFile
    return {
        name: FormFile(InMemoryFile(value["file_name"], value["content"].encode()),
                       value["content_type"])
        if isinstance(value, dict) else value
        for name, value in inputs["form"].items()
    }


def sdk_request(client, request_class, inputs: dict) -> tuple:
    """The SDK's request object built from `inputs` by wire name, and what the SDK left out."""
    by_wire = {wire: attr for attr, wire in request_class.attribute_map.items()}
    data, left_out = {}, []
    for location in ("path", "query", "header"):
        for name, value in inputs[location].items():
            if name in by_wire:
                sdk_type = request_class.openapi_types[by_wire[name]]
                value = numeric_if_sdk_needs(value, sdk_type)
                inputs[location][name] = data[name] = value
            elif location == "path" and name == "project_id":
                left_out.append({"in": location, "name": name,
                                 "reason": "filled by the SDK from the credentials' project id"})
            else:
                left_out.append({"in": location, "name": name,
                                 "reason": "the SDK's request class has no attribute for it"})
    if "body" in inputs:
        if "body" not in by_wire:
            raise NotRecordable("the SDK's request class has no body")
        data["body"] = inputs["body"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        request = client._deserialize(data, request_class.__name__)
    if "form" in inputs:
        # The deserializer cannot make a FormFile; the body model is built directly.
        if "body" not in by_wire:
            raise NotRecordable("the SDK's request class has no body for the form")
        body_class = type(request).openapi_types["body"]
        request.body = getattr(importlib.import_module(type(request).__module__.rsplit(".", 2)[0]),
                               body_class)(**form_body(inputs))
    for wire in data:
        if getattr(request, by_wire[wire]) is None:
            raise NotRecordable(f"the SDK's deserializer dropped `{wire}`")
    return request, left_out


def numeric_if_sdk_needs(value, sdk_type: str):
    """A string the definition allows that the SDK's numeric attribute also takes.

    Some definitions type a parameter as a string where the SDK types it `int` (`offset`,
    `limit`); any string is valid for the definition, so a numeric one is chosen for both.
    """
    if sdk_type in ("int", "float") and isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return "1"
    return value


def differences(ours, theirs, at: str = "") -> list:
    """JSON pointers where two JSON values differ (what the SDK's model changed in the body)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in list(ours) + [k for k in theirs if k not in ours]:
            pointer = f"{at}/{key}"
            if key not in theirs:
                found.append(f"{pointer}: not sent by the SDK")
            elif key not in ours:
                found.append(f"{pointer}: added by the SDK")
            else:
                found.extend(differences(ours[key], theirs[key], pointer))
        return found
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in differences(a, b, f"{at}/{i}")]
    if ours != theirs or type(ours) is not type(theirs):
        return [f"{at or '/'}: {json.dumps(ours)} sent as {json.dumps(theirs)}"]
    return []


def in_order_of(value, model):
    """`value` with the keys of its objects in the order `model` has them (others after).

    The SDK serialises a body in its model classes' attribute order; the definitions (and the
    Rust client) in the documented property order. The order carries no meaning, so the
    re-signed compact text uses the documented one.
    """
    if isinstance(value, dict):
        model = model if isinstance(model, dict) else {}
        keys = [k for k in model if k in value] + [k for k in value if k not in model]
        return {k: in_order_of(value[k], model.get(k)) for k in keys}
    if isinstance(value, list):
        model = model if isinstance(model, list) else []
        return [in_order_of(v, model[i] if i < len(model) else None) for i, v in enumerate(value)]
    return value


def sdk_package(service: str) -> str:
    """The SDK's distribution name (`huaweicloudsdkiam`)."""
    return SERVICES[service][0][0].split(".")[0]


def pick_module(service: str, definition: Definition, modules: dict):
    """The SDK module (and its package name and methods) that builds `definition`'s request:
    the one of the definition's API version when it has the request class, else the first
    that has it."""
    request_name = f"{definition.name}Request"
    version = str(definition.document.get("info_version") or "")
    having = [(package, module, methods) for package, (module, methods) in modules.items()
              if getattr(module, request_name, None) is not None and request_name in methods]
    for package, module, methods in having:
        if package.rsplit(".", 1)[-1] == version:
            return package, module, methods
    if having:
        return having[0]
    package = sdk_package(service)
    raise NotRecordable(
        f"{' nor '.join(modules)} {versions(package)[package]} has no {request_name}")


def record_operation(service: str, definition: Definition, port: int, modules: dict) -> dict:
    _, client_name, _, scope = SERVICES[service]
    package, module, methods = pick_module(service, definition, modules)
    request_name = f"{definition.name}Request"
    request_class = getattr(module, request_name)
    inputs, managed = wire_inputs(definition)
    client = build_client(getattr(module, client_name), port, AK, SK, None, scope)
    request, left_out = sdk_request(client, request_class, inputs)
    method = getattr(client, methods[request_name])
    reply = (definition.success_status(), b"{}")

    def call():
        try:
            method(request)
        except Exception:  # the reply is made up; only the request that went out matters
            if len(Wire.captured) != 1:
                raise

    sent = capture(call, *reply)
    compact = None
    sdk_body = sent["request"]["body"]
    body_notes = []
    if "body" in inputs and sdk_body is not None:
        value = json.loads(sdk_body)
        body_notes = differences(inputs["body"], value)
        request.body = compact_json(in_order_of(value, inputs["body"]))
        resigned = capture(call, *reply)
        compact = {
            "body": resigned["request"]["body"],
            "body_sha256": resigned["request"]["body_sha256"],
            "authorization": resigned["authorization"],
            "signing": resigned["signing"],
        }
    return {
        "service": service,
        "operation": definition.name,
        "definition": definition.path.relative_to(REPO).as_posix(),
        "sdk_request": f"{package}.{request_name}",
        "sdk_method": methods[request_name],
        "recorded_with": versions(*extra_packages(service)),
        "inputs": inputs,
        "not_in_sdk_request": managed + left_out,
        "sdk_body_differences": body_notes,
        "credentials": credentials_of(scope),
        "time": fixed_time(),
        "port": port,
        "endpoint": f"http://127.0.0.1:{port}",
        "sdk_user_agent_setting": SDK_USER_AGENT_SETTING,
        "reply_status": reply[0],
        **sent,
        "compact_body": compact,
    }


def extra_packages(service: str) -> list:
    """The service's SDK package, where sdk_wire.PACKAGES does not already list it."""
    package = sdk_package(service)
    return [] if package in PACKAGES else [package]


def credentials_of(scope: str) -> dict:
    credentials = {"ak": AK, "sk": SK, "security_token": None, "project_id": PROJECT_ID}
    if scope == "domain":
        credentials["domain_id"] = DOMAIN_ID
    return credentials


def record_service(service: str) -> None:
    packages, client_name, first_port, _ = SERVICES[service]
    modules = {}
    for package in packages:
        module = importlib.import_module(package)
        modules[package] = (module, sdk_methods(getattr(module, client_name), package))
    folder = REPO / "specs" / "huawei" / service / "definitions"
    out = OUT / service
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.json"):
        stale.unlink()
    not_recorded = {}
    for index, path in enumerate(sorted(folder.glob("*.json"))):
        definition = Definition(path)
        try:
            vector = record_operation(service, definition, first_port + index, modules)
        except NotRecordable as reason:
            not_recorded[definition.name] = str(reason)
            continue
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # The SDK itself fails on the definition's own inputs (a form body model that
            # takes other names than the definition's, ...): said, not recorded.
            not_recorded[definition.name] = (
                f"the SDK fails to build the request: {type(error).__name__}: {error}")
            continue
        write_json(out / f"{definition.name}.json", vector)
    write_json(out / "not_recorded.json", {
        "description": (
            "Operations of the definitions that the pinned official SDK cannot build or send "
            "as a request; written by conformance/huawei/record_services.py."),
        "recorded_with": versions(*extra_packages(service)),
        "operations": not_recorded,
    })


def main() -> None:
    # `record_services.py iam vpc` records only those services; all of them otherwise.
    chosen = sys.argv[1:] or list(SERVICES)
    for service in chosen:
        if service not in SERVICES:
            raise SystemExit(f"unknown service {service}; one of {', '.join(SERVICES)}")
        record_service(service)


if __name__ == "__main__":
    main()
