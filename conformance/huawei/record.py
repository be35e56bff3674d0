#!/usr/bin/env python3
"""Records Huawei Cloud `SDK-HMAC-SHA256` conformance vectors with the official Python SDK.

Writes into tests/vectors/huawei/ (relative to the repository root, found from this file):

* one `<name>.json` per request case: the official SDK client (huaweicloudsdkcce,
  huaweicloudsdkworkspace) builds, signs and "sends" a request with its own request classes,
  fixed credentials, a fixed clock, a fixed user agent and the endpoint
  `http://127.0.0.1:<port>`. The send is intercepted at `requests`' transport adapter, so the
  vector holds exactly what would go on the wire (method, path, query, every header in order,
  body) and nothing touches the network; `tests/tests/conformance_huawei.rs` replays it
  against the generated Rust client.
* `signer_cases.json`: the SDK's signer applied directly to hand-made requests (query
  sorting and encoding, encoded paths, header trimming, unsigned payloads, other dates) for the
  runtime's unit tests of `runtime/src/sign/huawei.rs`.

Re-runnable, deterministic, offline:

    python3 -m venv /tmp/v
    /tmp/v/bin/pip install -r conformance/huawei/requirements.txt
    /tmp/v/bin/python conformance/huawei/record.py

The credentials below are made up; they are not and never were valid keys.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import socket
import sys
from datetime import datetime, timezone
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer import signer as signer_module
from huaweicloudsdkcce.v3 import (
    CceClient,
    DeletePodIdentityAssociationRequest,
    ListPodIdentityAssociationsRequest,
)
from huaweicloudsdkworkspace.v2 import (
    BatchDeleteAccessPoliciesReq,
    BatchDeleteAccessPoliciesRequest,
    WorkspaceClient,
)

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "vectors" / "huawei"

# Made-up credentials (the shapes of real ones: 20-character AK, 40-character SK).
AK = "HPUAEXAMPLEAK0000001"
SK = "ExampleSecretKey0000000000000000000000001"
TEMP_AK = "HSTAEXAMPLEAK0000002"
TEMP_SK = "ExampleTemporarySecret000000000000000002"
SECURITY_TOKEN = "gQpjbi1ub3J0aC00ExampleSecurityToken+/=000003"
PROJECT_ID = "0e973a948e8091232f25c00673f168b7"

# The user agent the SDK is configured with; the SDK prepends its own product token, and the
# full value (recorded in each vector) is what the Rust client is configured with.
SDK_USER_AGENT_SETTING = "cloudgen-conformance/1"

# Every vector is signed at this instant (UTC).
FIXED_TIME = datetime(2026, 1, 2, 3, 4, 5)

PACKAGES = ["huaweicloudsdkcore", "huaweicloudsdkcce", "huaweicloudsdkworkspace", "requests"]


# --- Fixed clock ---------------------------------------------------------------------------

class _Clock:
    now = FIXED_TIME


class FixedDateTime(datetime):
    """`datetime` as the signer module sees it: `utcnow()` is the fixed instant."""

    @classmethod
    def utcnow(cls):  # the signer calls datetime.utcnow() for X-Sdk-Date
        t = _Clock.now
        return cls(t.year, t.month, t.day, t.hour, t.minute, t.second)


signer_module.datetime = FixedDateTime


# --- No network: refuse sockets, intercept the HTTP send -----------------------------------

def _no_network(*_args, **_kwargs):
    raise RuntimeError("record.py must not open network connections")


socket.socket.connect = _no_network
socket.create_connection = _no_network


class _Wire:
    captured: list = []
    reply_status = 200
    reply_body = b"{}"


def _fake_send(self, request, **_kwargs):
    _Wire.captured.append(request)
    response = requests.Response()
    response.status_code = _Wire.reply_status
    response._content = _Wire.reply_body
    response.headers["Content-Type"] = "application/json"
    response.headers["X-Request-Id"] = "recorded-by-cloudgen"
    response.url = request.url
    response.request = request
    response.encoding = "utf-8"
    return response


HTTPAdapter.send = _fake_send


# --- Capture the signer's intermediate strings ----------------------------------------------

class _Trace:
    canonical_request = None
    string_to_sign = None


_original_canonical = signer_module.Signer._process_canonical_request
_original_string_to_sign = signer_module.Signer._process_string_to_sign


def _traced_canonical(self, request, signed_headers):
    value = _original_canonical(self, request, signed_headers)
    _Trace.canonical_request = value
    return value


def _traced_string_to_sign(self, canonical_request, time):
    value = _original_string_to_sign(self, canonical_request, time)
    _Trace.string_to_sign = value
    return value


signer_module.Signer._process_canonical_request = _traced_canonical
signer_module.Signer._process_string_to_sign = _traced_string_to_sign


# --- Helpers --------------------------------------------------------------------------------

def versions() -> dict:
    found = {name: importlib.metadata.version(name) for name in PACKAGES}
    found["python"] = "%d.%d.%d" % sys.version_info[:3]
    return found


def x_sdk_date(t: datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%SZ")


def unix_seconds(t: datetime) -> int:
    return int(t.replace(tzinfo=timezone.utc).timestamp())


def parse_authorization(value: str) -> dict:
    scheme, _, rest = value.partition(" ")
    fields = dict(part.strip().split("=", 1) for part in rest.split(","))
    return {
        "algorithm": scheme,
        "access": fields["Access"],
        "signed_headers": fields["SignedHeaders"],
        "signature": fields["Signature"],
    }


def write(name: str, document: dict) -> None:
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")


# --- Request vectors through the SDK clients ------------------------------------------------

def build_client(client_class, port: int, ak: str, sk: str, token: str | None):
    credentials = BasicCredentials(ak, sk, PROJECT_ID)
    if token is not None:
        credentials = credentials.with_security_token(token)
    config = HttpConfig.get_default_config()
    config.user_agent = SDK_USER_AGENT_SETTING
    config.retry_times = 0
    return (
        client_class.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoint(f"http://127.0.0.1:{port}")
        .build()
    )


def record_request(case: dict) -> None:
    _Clock.now = FIXED_TIME
    _Wire.captured = []
    _Wire.reply_status = case["reply_status"]
    _Wire.reply_body = case["reply_body"]
    _Trace.canonical_request = None
    _Trace.string_to_sign = None

    temporary = case["temporary"]
    ak, sk = (TEMP_AK, TEMP_SK) if temporary else (AK, SK)
    token = SECURITY_TOKEN if temporary else None
    client = build_client(case["client"], case["port"], ak, sk, token)
    getattr(client, case["method_name"])(case["request"]())

    if len(_Wire.captured) != 1:
        raise SystemExit(f"{case['name']}: expected one request, got {len(_Wire.captured)}")
    sent = _Wire.captured[0]
    url = requests.utils.urlparse(sent.url)
    body = sent.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = [[name, value] for name, value in sent.headers.items()]
    authorization = sent.headers["Authorization"]

    write(case["name"], {
        "name": case["name"],
        "description": case["description"],
        "recorded_with": versions(),
        "service": case["service"],
        "operation": case["operation"],
        "sdk_request": case["sdk_request"],
        "parameters": case["parameters"],
        "body_mode": case["body_mode"],
        "credentials": {
            "ak": ak,
            "sk": sk,
            "security_token": token,
            "project_id": PROJECT_ID,
        },
        "time": {"x_sdk_date": x_sdk_date(FIXED_TIME), "unix_seconds": unix_seconds(FIXED_TIME)},
        "port": case["port"],
        "endpoint": f"http://127.0.0.1:{case['port']}",
        "sdk_user_agent_setting": SDK_USER_AGENT_SETTING,
        "request": {
            "method": sent.method,
            "url": sent.url,
            "path": url.path,
            "query": url.query or None,
            "headers": headers,
            "body": None if body is None else body.decode("utf-8"),
            "body_sha256": None if body is None else hashlib.sha256(body).hexdigest(),
        },
        "authorization": parse_authorization(authorization),
        "signing": {
            "canonical_request": _Trace.canonical_request,
            "string_to_sign": _Trace.string_to_sign,
        },
    })


CLUSTER_ID = "9a3c5e2f-6b1d-11f0-8e4b-0255ac100b03"
ASSOCIATION_ID = "4f9d2b7e-1c3a-4e5f-9a8b-6c7d8e9f0a1b"
POLICY_IDS = ["pol-0c9b8a7f6e5d4c3b", "pol-1a2b3c4d5e6f7081"]
# A value with a space, a slash, a percent sign and non-ASCII text: the path canonicalisation
# (decode, split on '/', encode each segment) is exercised on an encoded `/`.
HOSTILE_CLUSTER_ID = "team a/é%"


def compact_json(value) -> str:
    """The body exactly as the Rust client serialises it (serde_json: no spaces, UTF-8)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def request_cases() -> list:
    cce_delete = {
        "client": CceClient,
        "service": "cce",
        "operation": "DeletePodIdentityAssociation",
        "sdk_request": "huaweicloudsdkcce.v3.DeletePodIdentityAssociationRequest",
        "method_name": "delete_pod_identity_association",
        "reply_status": 204,
        "reply_body": b"",
        "body_mode": "none",
    }
    cce_list = {
        "client": CceClient,
        "service": "cce",
        "operation": "ListPodIdentityAssociations",
        "sdk_request": "huaweicloudsdkcce.v3.ListPodIdentityAssociationsRequest",
        "method_name": "list_pod_identity_associations",
        "reply_status": 200,
        "reply_body": b"[]",
        "body_mode": "none",
    }
    workspace_delete = {
        "client": WorkspaceClient,
        "service": "workspace",
        "operation": "BatchDeleteAccessPolicies",
        "sdk_request": "huaweicloudsdkworkspace.v2.BatchDeleteAccessPoliciesRequest",
        "method_name": "batch_delete_access_policies",
        "reply_status": 200,
        "reply_body": b"{}",
    }
    body = {"policy_id_list": POLICY_IDS}
    return [
        {
            **cce_delete,
            "name": "cce_delete_pod_identity_association",
            "description": "CCE DeletePodIdentityAssociation, permanent AK/SK.",
            "port": 38101,
            "temporary": False,
            "parameters": {"cluster_id": CLUSTER_ID, "association_id": ASSOCIATION_ID},
            "request": lambda: DeletePodIdentityAssociationRequest(
                cluster_id=CLUSTER_ID, association_id=ASSOCIATION_ID),
        },
        {
            **cce_list,
            "name": "cce_list_pod_identity_associations",
            "description": "CCE ListPodIdentityAssociations (GET), permanent AK/SK.",
            "port": 38102,
            "temporary": False,
            "parameters": {"cluster_id": CLUSTER_ID},
            "request": lambda: ListPodIdentityAssociationsRequest(cluster_id=CLUSTER_ID),
        },
        {
            **workspace_delete,
            "name": "workspace_batch_delete_access_policies",
            "description": (
                "Workspace BatchDeleteAccessPolicies with a policy_id_list body, permanent AK/SK. "
                "The body is handed to the SDK as the JSON text the Rust client sends (compact), "
                "so the SDK signs the same bytes; see the _sdk_json variant for the SDK's own "
                "serialisation."),
            "port": 38103,
            "temporary": False,
            "body_mode": "json-text",
            "parameters": {"body": body},
            "request": lambda: BatchDeleteAccessPoliciesRequest(body=compact_json(body)),
        },
        {
            **cce_delete,
            "name": "cce_delete_pod_identity_association_security_token",
            "description": "CCE DeletePodIdentityAssociation, temporary AK/SK with a security token.",
            "port": 38104,
            "temporary": True,
            "parameters": {"cluster_id": CLUSTER_ID, "association_id": ASSOCIATION_ID},
            "request": lambda: DeletePodIdentityAssociationRequest(
                cluster_id=CLUSTER_ID, association_id=ASSOCIATION_ID),
        },
        {
            **cce_list,
            "name": "cce_list_pod_identity_associations_security_token",
            "description": "CCE ListPodIdentityAssociations, temporary AK/SK with a security token.",
            "port": 38105,
            "temporary": True,
            "parameters": {"cluster_id": CLUSTER_ID},
            "request": lambda: ListPodIdentityAssociationsRequest(cluster_id=CLUSTER_ID),
        },
        {
            **workspace_delete,
            "name": "workspace_batch_delete_access_policies_security_token",
            "description": (
                "Workspace BatchDeleteAccessPolicies, temporary AK/SK with a security token; "
                "body as in workspace_batch_delete_access_policies."),
            "port": 38106,
            "temporary": True,
            "body_mode": "json-text",
            "parameters": {"body": body},
            "request": lambda: BatchDeleteAccessPoliciesRequest(body=compact_json(body)),
        },
        {
            **cce_delete,
            "name": "cce_delete_pod_identity_association_encoded_path",
            "description": (
                "CCE DeletePodIdentityAssociation with a cluster id that needs percent-encoding "
                "(space, '/', '%', non-ASCII), permanent AK/SK."),
            "port": 38107,
            "temporary": False,
            "parameters": {"cluster_id": HOSTILE_CLUSTER_ID, "association_id": ASSOCIATION_ID},
            "request": lambda: DeletePodIdentityAssociationRequest(
                cluster_id=HOSTILE_CLUSTER_ID, association_id=ASSOCIATION_ID),
        },
        {
            **workspace_delete,
            "name": "workspace_batch_delete_access_policies_sdk_json",
            "description": (
                "Workspace BatchDeleteAccessPolicies with the SDK's own model "
                "(BatchDeleteAccessPoliciesReq) and JSON serialisation (simplejson, ', ' and ': "
                "separators). The Rust client sends the same JSON value without the spaces, so "
                "its body hash and signature differ; the test checks the JSON value, everything "
                "else, and that the SDK's request verifies."),
            "port": 38108,
            "temporary": False,
            "body_mode": "sdk-model",
            "parameters": {"body": body},
            "request": lambda: BatchDeleteAccessPoliciesRequest(
                body=BatchDeleteAccessPoliciesReq(policy_id_list=list(POLICY_IDS))),
        },
    ]


# --- Signer cases for the runtime's unit tests ----------------------------------------------

def signer_cases() -> list:
    ua = "huaweicloud-usdk-python/3.0; " + SDK_USER_AGENT_SETTING
    json_headers = {"Content-Type": "application/json", "User-Agent": ua}
    return [
        {
            "name": "get_without_query",
            "method": "GET", "host": "cce.ap-southeast-1.myhuaweicloud.com",
            "resource_path": "/api/v3/projects/p1/clusters", "query": [],
            "headers": dict(json_headers), "body": None,
            "project_id": "p1", "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "query_sorted_and_encoded",
            "method": "GET", "host": "cce.ap-southeast-1.myhuaweicloud.com",
            "resource_path": "/v3/items",
            "query": [["marker", "b"], ["limit", "9"], ["a", "z y"], ["limit", "10"],
                      ["name", "x+y/é~*'!"], ["empty", ""], ["Upper", "1"], ["a_b", "c-d.e"]],
            "headers": dict(json_headers), "body": None,
            "project_id": "p1", "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "encoded_path_segments",
            "method": "DELETE", "host": "127.0.0.1:8080",
            "resource_path": "/v1/p1/a%20b%2Fc/%C3%A9%25/x~y_z-.", "query": [],
            "headers": dict(json_headers), "body": None,
            "project_id": None, "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "trailing_slash_and_root",
            "method": "GET", "host": "[::1]:8443",
            "resource_path": "/", "query": [["x", "1"]],
            "headers": dict(json_headers), "body": None,
            "project_id": "p1", "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "path_with_trailing_slash",
            "method": "GET", "host": "ecs.cn-north-4.myhuaweicloud.com",
            "resource_path": "/v1/p1/servers/", "query": [],
            "headers": dict(json_headers), "body": None,
            "project_id": "p1", "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "headers_trimmed_lowercased_underscore_unsigned",
            "method": "GET", "host": "ecs.cn-north-4.myhuaweicloud.com",
            "resource_path": "/v1/p1/servers", "query": [],
            "headers": {**json_headers, "X-Custom-Header": "  padded\tvalue \t",
                        "X_Not_Signed": "skipped", "X-Empty": "", "X-Name": "héllo wörld"},
            "body": None,
            "project_id": "p1", "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "post_json_body_with_token",
            "method": "POST", "host": "workspace.ap-southeast-1.myhuaweicloud.com",
            "resource_path": "/v2/p1/access-policy/actions/batch-delete", "query": [],
            "headers": {"Content-Type": "application/json;charset=UTF-8", "User-Agent": ua},
            "body": compact_json({"policy_id_list": ["a", "b"], "note": "é"}),
            "project_id": "p1", "security_token": "token/+=value", "time": FIXED_TIME,
        },
        {
            "name": "non_json_body_is_unsigned_payload",
            "method": "PUT", "host": "obs.example.com",
            "resource_path": "/v1/objects/file.txt", "query": [],
            "headers": {"Content-Type": "text/plain", "User-Agent": ua},
            "body": "plain text body",
            "project_id": None, "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "non_json_content_type_without_body",
            "method": "DELETE", "host": "obs.example.com",
            "resource_path": "/v1/objects/file.txt", "query": [],
            "headers": {"Content-Type": "application/octet-stream", "User-Agent": ua},
            "body": None,
            "project_id": None, "security_token": None, "time": FIXED_TIME,
        },
        {
            "name": "leap_day",
            "method": "GET", "host": "iam.myhuaweicloud.com",
            "resource_path": "/v3/projects", "query": [["name", "cn-north-4"]],
            "headers": dict(json_headers), "body": None,
            "project_id": None, "security_token": None, "time": datetime(2024, 2, 29, 23, 59, 59),
        },
        {
            "name": "last_second_of_1999",
            "method": "GET", "host": "iam.myhuaweicloud.com",
            "resource_path": "/v3/projects", "query": [],
            "headers": dict(json_headers), "body": None,
            "project_id": None, "security_token": None, "time": datetime(1999, 12, 31, 23, 59, 59),
        },
    ]


def record_signer_cases() -> None:
    results = []
    for case in signer_cases():
        _Clock.now = case["time"]
        credentials = BasicCredentials(AK, SK, case["project_id"])
        if case["security_token"] is not None:
            credentials = credentials.with_security_token(case["security_token"])
        request = SdkRequest(
            method=case["method"],
            schema="https",
            host=case["host"],
            resource_path=case["resource_path"],
            query_params=[tuple(pair) for pair in case["query"]],
            header_params=dict(case["headers"]),
            body=case["body"],
        )
        signed = credentials.sign_request(request)
        results.append({
            "name": case["name"],
            "input": {
                "method": case["method"],
                "host": case["host"],
                "resource_path": case["resource_path"],
                "query": case["query"],
                "headers": [[k, v] for k, v in case["headers"].items()],
                "body": case["body"],
                "ak": AK,
                "sk": SK,
                "project_id": case["project_id"],
                "security_token": case["security_token"],
                "x_sdk_date": x_sdk_date(case["time"]),
                "unix_seconds": unix_seconds(case["time"]),
            },
            "output": {
                "uri": signed.uri,
                "headers": [[k, v] for k, v in signed.header_params.items()],
                "authorization": signed.header_params["Authorization"],
                "canonical_request": _Trace.canonical_request,
                "string_to_sign": _Trace.string_to_sign,
            },
        })
    path = OUT / "signer_cases.json"
    document = {
        "description": (
            "huaweicloudsdkcore's BasicCredentials.sign_request (SDK-HMAC-SHA256) applied to "
            "hand-made requests; written by conformance/huawei/record.py. Header values in "
            "output.headers are as the SDK hands them to requests (UTF-8 bytes read as "
            "ISO-8859-1)."),
        "recorded_with": versions(),
        "cases": results,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for case in request_cases():
        record_request(case)
    record_signer_cases()


if __name__ == "__main__":
    main()
