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

The machinery (fixed clock, no network, capture of the send) is in sdk_wire.py.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_wire import (  # noqa: E402  (sdk_wire fixes the clock and cuts the network first)
    AK,
    FIXED_TIME,
    PROJECT_ID,
    REPO,
    SDK_USER_AGENT_SETTING,
    SECURITY_TOKEN,
    SK,
    TEMP_AK,
    TEMP_SK,
    Clock,
    Trace,
    build_client,
    capture,
    compact_json,
    fixed_time,
    versions,
    write_json,
    x_sdk_date,
    unix_seconds,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.sdk_request import SdkRequest  # noqa: E402
from huaweicloudsdkcce.v3 import (  # noqa: E402
    CceClient,
    DeletePodIdentityAssociationRequest,
    ListPodIdentityAssociationsRequest,
)
from huaweicloudsdkworkspace.v2 import (  # noqa: E402
    BatchDeleteAccessPoliciesReq,
    BatchDeleteAccessPoliciesRequest,
    WorkspaceClient,
)

OUT = REPO / "tests" / "vectors" / "huawei"


def record_request(case: dict) -> None:
    temporary = case["temporary"]
    ak, sk = (TEMP_AK, TEMP_SK) if temporary else (AK, SK)
    token = SECURITY_TOKEN if temporary else None
    client = build_client(case["client"], case["port"], ak, sk, token)
    try:
        sent = capture(lambda: getattr(client, case["method_name"])(case["request"]()),
                       case["reply_status"], case["reply_body"])
    except RuntimeError as error:
        raise SystemExit(f"{case['name']}: {error}") from error

    write_json(OUT / f"{case['name']}.json", {
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
        "time": fixed_time(),
        "port": case["port"],
        "endpoint": f"http://127.0.0.1:{case['port']}",
        "sdk_user_agent_setting": SDK_USER_AGENT_SETTING,
        **sent,
    })


CLUSTER_ID = "9a3c5e2f-6b1d-11f0-8e4b-0255ac100b03"
ASSOCIATION_ID = "4f9d2b7e-1c3a-4e5f-9a8b-6c7d8e9f0a1b"
POLICY_IDS = ["pol-0c9b8a7f6e5d4c3b", "pol-1a2b3c4d5e6f7081"]
# A value with a space, a slash, a percent sign and non-ASCII text: the path canonicalisation
# (decode, split on '/', encode each segment) is exercised on an encoded `/`.
HOSTILE_CLUSTER_ID = "team a/é%"



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
            "port": 31101,
            "temporary": False,
            "parameters": {"cluster_id": CLUSTER_ID, "association_id": ASSOCIATION_ID},
            "request": lambda: DeletePodIdentityAssociationRequest(
                cluster_id=CLUSTER_ID, association_id=ASSOCIATION_ID),
        },
        {
            **cce_list,
            "name": "cce_list_pod_identity_associations",
            "description": "CCE ListPodIdentityAssociations (GET), permanent AK/SK.",
            "port": 31102,
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
            "port": 31103,
            "temporary": False,
            "body_mode": "json-text",
            "parameters": {"body": body},
            "request": lambda: BatchDeleteAccessPoliciesRequest(body=compact_json(body)),
        },
        {
            **cce_delete,
            "name": "cce_delete_pod_identity_association_security_token",
            "description": "CCE DeletePodIdentityAssociation, temporary AK/SK with a security token.",
            "port": 31104,
            "temporary": True,
            "parameters": {"cluster_id": CLUSTER_ID, "association_id": ASSOCIATION_ID},
            "request": lambda: DeletePodIdentityAssociationRequest(
                cluster_id=CLUSTER_ID, association_id=ASSOCIATION_ID),
        },
        {
            **cce_list,
            "name": "cce_list_pod_identity_associations_security_token",
            "description": "CCE ListPodIdentityAssociations, temporary AK/SK with a security token.",
            "port": 31105,
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
            "port": 31106,
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
            "port": 31107,
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
            "port": 31108,
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
        Clock.now = case["time"]
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
                "canonical_request": Trace.canonical_request,
                "string_to_sign": Trace.string_to_sign,
            },
        })
    write_json(OUT / "signer_cases.json", {
        "description": (
            "huaweicloudsdkcore's BasicCredentials.sign_request (SDK-HMAC-SHA256) applied to "
            "hand-made requests; written by conformance/huawei/record.py. Header values in "
            "output.headers are as the SDK hands them to requests (UTF-8 bytes read as "
            "ISO-8859-1)."),
        "recorded_with": versions(),
        "cases": results,
    })


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for case in request_cases():
        record_request(case)
    record_signer_cases()


if __name__ == "__main__":
    main()
