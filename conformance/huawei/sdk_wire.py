"""The official Huawei Cloud Python SDK, made deterministic and offline, for recording vectors.

Shared by record.py (the seed vectors in tests/vectors/huawei/) and record_services.py (one
vector per operation of the API Explorer definitions in tests/vectors/huawei-services/).
Importing this module:

* fixes the signer's clock (`X-Sdk-Date`) at `FIXED_TIME`, or whatever `Clock.now` is set to;
* refuses every socket connection, so nothing can reach the network;
* replaces `requests`' transport adapter send with a capture: the request the SDK built and
  signed is kept in `Wire.captured`, and the SDK gets `Wire.reply_status`/`Wire.reply_body`;
* traces the signer's canonical request and string to sign into `Trace`.

The credentials are made up; they are not and never were valid keys.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import socket
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from requests_toolbelt.multipart import encoder as multipart_encoder

from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.signer import signer as signer_module

REPO = Path(__file__).resolve().parents[2]

# Made-up credentials (the shapes of real ones: 20-character AK, 40-character SK).
AK = "HPUAEXAMPLEAK0000001"
SK = "ExampleSecretKey0000000000000000000000001"
TEMP_AK = "HSTAEXAMPLEAK0000002"
TEMP_SK = "ExampleTemporarySecret000000000000000002"
SECURITY_TOKEN = "gQpjbi1ub3J0aC00ExampleSecurityToken+/=000003"
PROJECT_ID = "0e973a948e8091232f25c00673f168b7"
# The account a global service's (IAM's) calls are scoped to, sent as X-Domain-Id.
DOMAIN_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

# The user agent the SDK is configured with; the SDK prepends its own product token, and the
# full value (recorded in each vector) is what the Rust client is configured with.
SDK_USER_AGENT_SETTING = "cloudgen-conformance/1"

# Every vector is signed at this instant (UTC).
FIXED_TIME = datetime(2026, 1, 2, 3, 4, 5)

PACKAGES = ["huaweicloudsdkcore", "huaweicloudsdkcce", "huaweicloudsdkworkspace", "requests"]


# --- Fixed clock ---------------------------------------------------------------------------

class Clock:
    now = FIXED_TIME


class FixedDateTime(datetime):
    """`datetime` as the signer module sees it: `utcnow()` is the fixed instant."""

    @classmethod
    def utcnow(cls):  # the signer calls datetime.utcnow() for X-Sdk-Date
        t = Clock.now
        return cls(t.year, t.month, t.day, t.hour, t.minute, t.second)


signer_module.datetime = FixedDateTime


# --- No network: refuse sockets, intercept the HTTP send -----------------------------------

def _no_network(*_args, **_kwargs):
    raise RuntimeError("the conformance recorders must not open network connections")


socket.socket.connect = _no_network
socket.create_connection = _no_network


class Wire:
    captured: list = []
    reply_status = 200
    reply_body = b"{}"


def _fake_send(self, request, **_kwargs):
    Wire.captured.append(request)
    response = requests.Response()
    response.status_code = Wire.reply_status
    response._content = Wire.reply_body
    response.headers["Content-Type"] = "application/json"
    response.headers["X-Request-Id"] = "recorded-by-cloudgen"
    response.url = request.url
    response.request = request
    response.encoding = "utf-8"
    return response


HTTPAdapter.send = _fake_send

# A form body's boundary is a random UUID; a fixed one keeps the recorded vectors stable (the
# Rust test sends the recorded boundary, since the signed Content-Type carries it).
FORM_BOUNDARY = uuid.UUID("5f0c1d2e3a4b4c6d8e9f00112233aabb")
multipart_encoder.uuid4 = lambda: FORM_BOUNDARY


# --- Capture the signer's intermediate strings ----------------------------------------------

class Trace:
    canonical_request = None
    string_to_sign = None


_original_canonical = signer_module.Signer._process_canonical_request
_original_string_to_sign = signer_module.Signer._process_string_to_sign


def _traced_canonical(self, request, signed_headers):
    value = _original_canonical(self, request, signed_headers)
    Trace.canonical_request = value
    return value


def _traced_string_to_sign(self, canonical_request, time):
    value = _original_string_to_sign(self, canonical_request, time)
    Trace.string_to_sign = value
    return value


signer_module.Signer._process_canonical_request = _traced_canonical
signer_module.Signer._process_string_to_sign = _traced_string_to_sign


# --- Helpers --------------------------------------------------------------------------------

def versions(*extra: str) -> dict:
    """The versions of the packages every recording uses, and of `extra` (a service's SDK)."""
    found = {name: importlib.metadata.version(name) for name in [*PACKAGES, *extra]}
    found["python"] = "%d.%d.%d" % sys.version_info[:3]
    return found


def x_sdk_date(t: datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%SZ")


def unix_seconds(t: datetime) -> int:
    return int(t.replace(tzinfo=timezone.utc).timestamp())


def fixed_time() -> dict:
    return {"x_sdk_date": x_sdk_date(FIXED_TIME), "unix_seconds": unix_seconds(FIXED_TIME)}


def parse_authorization(value: str) -> dict:
    scheme, _, rest = value.partition(" ")
    fields = dict(part.strip().split("=", 1) for part in rest.split(","))
    return {
        "algorithm": scheme,
        "access": fields["Access"],
        "signed_headers": fields["SignedHeaders"],
        "signature": fields["Signature"],
    }


def compact_json(value) -> str:
    """A JSON value as the Rust client serialises it (serde_json: no spaces, UTF-8)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write_json(path: Path, document) -> None:
    """Pretty JSON with a trailing newline: stable bytes for an unchanged document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")


def build_client(client_class, port: int, ak: str, sk: str, token: str | None,
                 scope: str = "project"):
    """An SDK client for `http://127.0.0.1:<port>` with the fixed credentials and user agent.

    `scope` is `project` (BasicCredentials with the project id) or `domain` (GlobalCredentials
    with the account's id, for a global service)."""
    if scope == "domain":
        credentials = GlobalCredentials(ak, sk, DOMAIN_ID)
    else:
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


def capture(call, reply_status: int = 200, reply_body: bytes = b"{}") -> dict:
    """Runs `call` (one SDK client call) at the fixed instant and returns what it sent.

    The result has `request` (method, url, path, query, every header in order, body and its
    SHA-256), `authorization` (parsed) and `signing` (the signer's intermediate strings).
    """
    Clock.now = FIXED_TIME
    Wire.captured = []
    Wire.reply_status = reply_status
    Wire.reply_body = reply_body
    Trace.canonical_request = None
    Trace.string_to_sign = None

    call()

    if len(Wire.captured) != 1:
        raise RuntimeError(f"expected one request, got {len(Wire.captured)}")
    sent = Wire.captured[0]
    url = requests.utils.urlparse(sent.url)
    body = sent.body
    if hasattr(body, "to_string"):  # a multipart/form-data body (requests_toolbelt)
        body = body.to_string()
    if isinstance(body, str):
        body = body.encode("utf-8")
    return {
        "request": {
            "method": sent.method,
            "url": sent.url,
            "path": url.path,
            "query": url.query or None,
            "headers": [[name, value] for name, value in sent.headers.items()],
            "body": None if body is None else body.decode("utf-8"),
            "body_sha256": None if body is None else hashlib.sha256(body).hexdigest(),
        },
        "authorization": parse_authorization(sent.headers["Authorization"]),
        "signing": {
            "canonical_request": Trace.canonical_request,
            "string_to_sign": Trace.string_to_sign,
        },
    }
