#!/usr/bin/env python3
"""Records what the official Alibaba Cloud Python SDK sends for ACK calls, as test vectors.

Each case builds the SDK's own ACK client (`alibabacloud_cs20151215.client.Client`) with fixed
AccessKey credentials, region, endpoint `127.0.0.1:<port>` over plain HTTP, time, nonce and user
agent, makes the call, and captures the request on a loopback socket exactly as it arrived: the
request line, every header in wire order with its spelling, and the body. The SDK's own
`Utils.get_authorization` computes the signature; this script only wraps two of its helpers to
also keep the canonical request and the string to sign it produced.

The vectors go to tests/vectors/alibaba/<name>.json, where tests/tests/conformance_alibaba.rs
replays them against the Rust runtime.

Nothing leaves the machine: proxy variables are cleared, the endpoint is 127.0.0.1, and any
connection to another address is refused before it is made.

    python3 -m venv /tmp/a
    /tmp/a/bin/pip install -r conformance/alibaba/requirements.txt
    /tmp/a/bin/python conformance/alibaba/record.py
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

# Before the SDK is imported: no proxy may redirect the calls off the machine.
for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_name, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "*"
os.environ.pop("ALIBABA_CLOUD_USER_AGENT", None)

_real_connect = socket.socket.connect


def _loopback_only_connect(sock, address):
    host = address[0] if isinstance(address, tuple) else address
    if host not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(f"record.py refuses to connect to {host!r}: only loopback is allowed")
    return _real_connect(sock, address)


socket.socket.connect = _loopback_only_connect

import alibabacloud_tea_openapi.utils as openapi_utils  # noqa: E402
from alibabacloud_cs20151215 import models as cs_models  # noqa: E402
from alibabacloud_cs20151215.client import Client as CsClient  # noqa: E402
from alibabacloud_tea_openapi import utils_models as openapi_models  # noqa: E402
from alibabacloud_tea_openapi.utils import Utils  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "vectors" / "alibaba"

# The SDK packages whose code builds and signs the request; their versions go into each vector.
SDK_PACKAGES = [
    "alibabacloud-cs20151215",
    "alibabacloud-tea-openapi",
    "darabonba-core",
    "alibabacloud-credentials",
    "alibabacloud-tea",
    "requests",
    "urllib3",
]

# Fixed, fake credentials: these never authenticated anything.
ACCESS_KEY_ID = "LTAI5tConformanceKeyId01"
ACCESS_KEY_SECRET = "ConformanceSecretNotReal0123456789"
STS_ACCESS_KEY_ID = "STS.NTconformanceTemporaryKeyId"
STS_ACCESS_KEY_SECRET = "StsSecretNotReal9876543210abcdefgh"
STS_SECURITY_TOKEN = "CAIS8gF1q6Ft5B2yfSjIr5bconformance+token/with=base64chars"

REGION = "cn-hangzhou"
# The SDK's default user agent names the platform and Python version; it is fixed so the
# vectors do not depend on the machine. The SDK appends Config.user_agent to it.
DEFAULT_AGENT = "AlibabaCloud (Linux; x86_64) Python/3 Core/0.4.3 TeaDSL/2"
CONFIG_USER_AGENT = "cloudgen-conformance/1"

CLUSTER_ID = "c5b5e80b0b64a4bf6939d2d8fbbc5****"
UID = "2xxxxxxxxxxxxxxxxxx"

CASES = [
    {
        "name": "clean_cluster_user_permissions_force_true",
        "description": "CleanClusterUserPermissions with Force=true and a permanent AccessKey",
        "port": 31201,
        "unix_time": 1736929800,  # 2025-01-15T08:30:00Z
        "nonce": "7f3c1d2e9a8b4c5d6e7f8091a2b3c4d5",
        "sts": False,
        "parameters": {"ClusterId": CLUSTER_ID, "Uid": UID, "Force": True},
    },
    {
        "name": "clean_cluster_user_permissions_force_unset",
        "description": "CleanClusterUserPermissions without Force and a permanent AccessKey",
        "port": 31202,
        "unix_time": 1736929800,
        "nonce": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "sts": False,
        "parameters": {"ClusterId": CLUSTER_ID, "Uid": UID},
    },
    {
        "name": "clean_cluster_user_permissions_sts",
        "description": "CleanClusterUserPermissions with STS credentials (AccessKey and security token)",
        "port": 31203,
        "unix_time": 1736929800,
        "nonce": "f0e1d2c3b4a5968778695a4b3c2d1e0f",
        "sts": True,
        "parameters": {"ClusterId": CLUSTER_ID, "Uid": UID},
    },
    {
        "name": "clean_cluster_user_permissions_force_false",
        "description": "CleanClusterUserPermissions with Force=false on a leap day, one second before midnight",
        "port": 31204,
        "unix_time": 1709251199,  # 2024-02-29T23:59:59Z
        "nonce": "d41d8cd98f00b204e9800998ecf8427e",
        "sts": False,
        "parameters": {"ClusterId": CLUSTER_ID, "Uid": UID, "Force": False},
    },
    {
        "name": "clean_cluster_user_permissions_encoded_path",
        "description": "CleanClusterUserPermissions with a Uid that needs percent-encoding ('/', ' ', '+', non-ASCII, '~') and STS credentials",
        "port": 31205,
        "unix_time": 1767225600,  # 2026-01-01T00:00:00Z
        "nonce": "00000000000000000000000000000001",
        "sts": True,
        "parameters": {"ClusterId": CLUSTER_ID, "Uid": "role/ack admin+\u00e9~1"},
    },
]


class Capture:
    """What the SDK's signer computed for the current case."""

    canonical_request: str | None = None
    string_to_sign: str | None = None


_real_hash = Utils.hash
_real_signature_method = openapi_utils.signature_method


def _recording_hash(raw, sign_type):
    # Utils.get_authorization hashes the canonical request, which starts with the method line;
    # the other call hashes the (empty) payload.
    if isinstance(raw, (bytes, bytearray)) and raw[:1].isalpha() and b"\n" in raw:
        Capture.canonical_request = bytes(raw).decode("utf-8")
    return _real_hash(raw, sign_type)


def _recording_signature_method(secret, source, sign_type):
    Capture.string_to_sign = source
    return _real_signature_method(secret, source, sign_type)


Utils.hash = staticmethod(_recording_hash)
openapi_utils.signature_method = _recording_signature_method
setattr(Utils, "_Utils__get_default_agent", staticmethod(lambda: DEFAULT_AGENT))


class LoopbackServer:
    """Accepts one HTTP/1.1 request on 127.0.0.1:<port>, keeps its bytes, answers 200 `{}`."""

    def __init__(self, port: int):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(1)
        self.raw: bytes | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.sock.accept()
            with conn:
                conn.settimeout(10)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                while len(body) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                self.raw = head + b"\r\n\r\n" + body
                reply = b"{}"
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\n"
                    b"x-acs-request-id: 00000000-0000-0000-0000-000000000000\r\n"
                    b"Content-Length: " + str(len(reply)).encode() + b"\r\nConnection: close\r\n\r\n" + reply
                )
        except BaseException as e:  # reported by the main thread
            self.error = e
        finally:
            self.sock.close()

    def request(self) -> dict:
        self.thread.join(timeout=30)
        if self.error is not None:
            raise self.error
        if self.raw is None:
            raise RuntimeError("the SDK sent no request")
        head, _, body = self.raw.partition(b"\r\n\r\n")
        lines = head.decode("utf-8").split("\r\n")
        method, target, version = lines[0].split(" ")
        path, _, query = target.partition("?")
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.append([name, value.strip()])
        return {
            "method": method,
            "target": target,
            "path": path,
            "query": query,
            "http_version": version,
            "headers": headers,
            "body": body.decode("utf-8"),
        }


def x_acs_date(unix_time: int) -> str:
    # The format string of alibabacloud_tea_openapi.utils.Utils.get_timestamp, applied to the
    # fixed time instead of datetime.utcnow().
    return datetime.fromtimestamp(unix_time, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(case: dict) -> dict:
    Capture.canonical_request = None
    Capture.string_to_sign = None
    date = x_acs_date(case["unix_time"])
    Utils.get_timestamp = staticmethod(lambda: date)
    Utils.get_nonce = staticmethod(lambda: case["nonce"])

    if case["sts"]:
        key_id, secret, token = STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN
    else:
        key_id, secret, token = ACCESS_KEY_ID, ACCESS_KEY_SECRET, None
    endpoint = f"127.0.0.1:{case['port']}"
    config = openapi_models.Config(
        access_key_id=key_id,
        access_key_secret=secret,
        security_token=token,
        region_id=REGION,
        endpoint=endpoint,
        protocol="http",
        user_agent=CONFIG_USER_AGENT,
    )
    client = CsClient(config)
    params = case["parameters"]
    server = LoopbackServer(case["port"])
    client.clean_cluster_user_permissions(
        params["ClusterId"],
        params["Uid"],
        cs_models.CleanClusterUserPermissionsRequest(force=params.get("Force")),
    )
    request = server.request()

    authorization = next(v for n, v in request["headers"] if n.lower() == "authorization")
    signed_headers = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0].split(";")
    return {
        "name": case["name"],
        "description": case["description"],
        "recorded_with": {p: metadata.version(p) for p in SDK_PACKAGES},
        "inputs": {
            "operation": "CleanClusterUserPermissions",
            "api_version": "2015-12-15",
            "region": REGION,
            "port": case["port"],
            "endpoint": endpoint,
            "protocol": "http",
            "access_key_id": key_id,
            "access_key_secret": secret,
            "security_token": token,
            "unix_time": case["unix_time"],
            "x_acs_date": date,
            "nonce": case["nonce"],
            "user_agent": f"{DEFAULT_AGENT} {CONFIG_USER_AGENT}",
            "parameters": params,
        },
        "request": request,
        "signature": {
            "algorithm": "ACS3-HMAC-SHA256",
            "signed_headers": signed_headers,
            "canonical_request": Capture.canonical_request,
            "string_to_sign": Capture.string_to_sign,
            "authorization": authorization,
        },
    }


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        vector = record(case)
        if vector["signature"]["canonical_request"] is None or vector["signature"]["string_to_sign"] is None:
            raise RuntimeError(f"{case['name']}: the SDK's signer was not observed")
        path = OUT / f"{case['name']}.json"
        path.write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
