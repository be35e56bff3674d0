//! Run-time cost of the generated client, with criterion:
//!
//! - `call`: ListPodIdentityAssociations through the generated client (which checks the
//!   cluster id against its pattern first), through a client with validation off, and the same
//!   request sent and decoded by hand with `reqwest`, against a loopback server with a fixed
//!   reply;
//! - `sign`: one request signed with Huawei SDK-HMAC-SHA256 and Alibaba ACS3-HMAC-SHA256;
//! - `validate`: the checks of client-side validation, without HTTP: a UUID pattern (the check
//!   of a CCE id parameter), and a Workspace request body of two desktops whose fields carry
//!   lengths;
//! - `decode_10000`: a 10,000-item reply decoded the generated call's way and with
//!   `serde_json::from_slice`, into the same types.
//!
//! `CLOUDGEN_BENCH_QUICK=1` takes fewer, shorter samples.

use std::time::Duration;

use cloudgen_benchmarks::loopback;
use cloudgen_benchmarks::runtime::associations_reply;
use cloudgen_clients::huawei::cce::{self, types::PodIdentityAssociationResp};
use cloudgen_clients::runtime::benchmark::{decode, PreparedForSigning};
use cloudgen_clients::runtime::{
    AccessKey, AuthScheme, HttpMethod, OperationDescriptor, Request, ServiceDescriptor, Vendor,
};
use cloudgen_clients::{Config, Credentials};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const PROJECT: &str = "0e973a948e8091232f25c00673f168b7";
const CLUSTER: &str = "6bbf8d6a-2e3a-4531-bae7-fe9cb0000001";
const TOKEN: &str = "MIIbench-token";

fn configure(criterion: Criterion) -> Criterion {
    if std::env::var_os("CLOUDGEN_BENCH_QUICK").is_some() {
        criterion
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
    } else {
        criterion
            .sample_size(60)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(8))
    }
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let address = runtime
        .block_on(loopback::serve(200, associations_reply(20)))
        .expect("a loopback server");
    let base = format!("http://{address}");
    let generated = runtime.block_on(async {
        cce::Client::new(
            Config::new()
                .endpoint(base.clone())
                .project_id(PROJECT)
                .credentials(Credentials::huawei_token(TOKEN)),
        )
        .expect("a client")
    });
    let unvalidated = runtime.block_on(async {
        cce::Client::new(
            Config::new()
                .endpoint(base.clone())
                .project_id(PROJECT)
                .credentials(Credentials::huawei_token(TOKEN))
                .validate_requests(false),
        )
        .expect("a client")
    });
    let by_hand = reqwest::Client::new();
    let url =
        format!("{base}/api/v3/projects/{PROJECT}/clusters/{CLUSTER}/pod-identity-associations");

    let mut group = c.benchmark_group("call");
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let reply = generated
                    .list_pod_identity_associations(CLUSTER)
                    .send()
                    .await
                    .expect("a reply");
                black_box(reply)
            })
        })
    });
    group.bench_function("generated_client_without_validation", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let reply = unvalidated
                    .list_pod_identity_associations(CLUSTER)
                    .send()
                    .await
                    .expect("a reply");
                black_box(reply)
            })
        })
    });
    group.bench_function("reqwest_by_hand", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let reply = by_hand
                    .get(&url)
                    .header("X-Auth-Token", TOKEN)
                    .header("Accept", "application/json")
                    .header("User-Agent", cloudgen_clients::runtime::DEFAULT_USER_AGENT)
                    // The client's default per-attempt timeout, which a careful caller sets.
                    .timeout(cloudgen_clients::runtime::DEFAULT_TIMEOUT)
                    .send()
                    .await
                    .expect("a reply")
                    .error_for_status()
                    .expect("a success");
                let body = reply.bytes().await.expect("a body");
                let decoded: Vec<PodIdentityAssociationResp> =
                    serde_json::from_slice(&body).expect("the reply decodes");
                black_box(decoded)
            })
        })
    });
    group.finish();
}

static HUAWEI_SERVICE: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Huawei,
    name: "cce",
    api_version: None,
    endpoint_template: Some("https://cce.{region}.myhuaweicloud.com"),
    region_endpoints: &[],
    regions_complete: false,
    global: false,
    auth: &[AuthScheme::HuaweiAksk],
    request_id_header: Some("X-Request-Id"),
};

static HUAWEI_OPERATION: OperationDescriptor = OperationDescriptor {
    name: "ListPodIdentityAssociations",
    method: HttpMethod::Get,
    path: "/api/v3/projects/{project_id}/clusters/{cluster_id}/pod-identity-associations",
    success: &[200],
    idempotent: true,
};

static ALIBABA_SERVICE: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Alibaba,
    name: "CS",
    api_version: Some("2015-12-15"),
    endpoint_template: Some("https://cs.{region}.aliyuncs.com"),
    region_endpoints: &[],
    regions_complete: false,
    global: false,
    auth: &[AuthScheme::AlibabaAcs3],
    request_id_header: Some("x-acs-request-id"),
};

static ALIBABA_OPERATION: OperationDescriptor = OperationDescriptor {
    name: "CleanClusterUserPermissions",
    method: HttpMethod::Delete,
    path: "/cluster/{ClusterId}/user/{Uid}/permissions",
    success: &[200],
    idempotent: true,
};

fn sign(c: &mut Criterion) {
    let key = || {
        AccessKey::new(
            "HPUABENCHMARKKEY0001",
            "benchmarkSecretKey0123456789abcdefghijkl",
        )
    };
    let huawei = PreparedForSigning::new(
        Request::new(&HUAWEI_OPERATION)
            .project_path_param("project_id")
            .path_param("cluster_id", &CLUSTER),
        "https://cce.ap-southeast-1.myhuaweicloud.com",
        Some(PROJECT),
    )
    .expect("a request");
    let huawei_config = Config::new()
        .region("ap-southeast-1")
        .project_id(PROJECT)
        .credentials(Credentials::huawei_aksk(key()));
    let alibaba = PreparedForSigning::new(
        Request::new(&ALIBABA_OPERATION)
            .path_param("ClusterId", &"c5b5e80b0b64a4bf6939d2d8fbbc5")
            .path_param("Uid", &"2xxxxxxxxxxxxxxxxxx")
            .query("Force", &true),
        "https://cs.cn-hangzhou.aliyuncs.com",
        None,
    )
    .expect("a request");
    let alibaba_config = Config::new()
        .region("cn-hangzhou")
        .credentials(Credentials::alibaba_access_key(key()));

    let mut group = c.benchmark_group("sign");
    group.bench_function("huawei_sdk_hmac_sha256", |b| {
        b.iter(|| {
            black_box(
                huawei
                    .sign(&HUAWEI_SERVICE, &huawei_config)
                    .expect("signed"),
            )
        })
    });
    group.bench_function("alibaba_acs3_hmac_sha256", |b| {
        b.iter(|| {
            black_box(
                alibaba
                    .sign(&ALIBABA_SERVICE, &alibaba_config)
                    .expect("signed"),
            )
        })
    });
    group.finish();
}

fn validate(c: &mut Criterion) {
    use cloudgen_clients::huawei::workspace::types::{
        AttachInstancesDesktopInfo, AttachInstancesReq,
    };
    use cloudgen_clients::runtime::benchmark::validate;
    use cloudgen_clients::runtime::{pattern, Rules};

    let uuid = Rules::new().pattern(pattern!(
        "^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$"
    ));
    let desktop = |name: &str| {
        AttachInstancesDesktopInfo::new()
            .with_computer_name(name)
            .with_desktop_id(CLUSTER)
            .with_user_email("user@example.com")
            .with_user_name("user-1")
    };
    let body = AttachInstancesReq::new().with_desktops(vec![desktop("desk-1"), desktop("desk-2")]);
    let mut group = c.benchmark_group("validate");
    group.bench_function("uuid_pattern", |b| {
        b.iter(|| black_box(validate("cluster_id", black_box(CLUSTER), &uuid)))
    });
    group.bench_function("workspace_body_two_desktops", |b| {
        b.iter(|| black_box(validate("body", black_box(&body), &Rules::new())))
    });
    group.finish();
}

fn decode_10000(c: &mut Criterion) {
    let body = cloudgen_clients::runtime::Bytes::from(associations_reply(10_000));
    let mut group = c.benchmark_group("decode_10000");
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            let decoded: Vec<PodIdentityAssociationResp> =
                decode("ListPodIdentityAssociations", body.clone()).expect("decodes");
            black_box(decoded)
        })
    });
    group.bench_function("serde_json_from_slice", |b| {
        b.iter(|| {
            let decoded: Vec<PodIdentityAssociationResp> =
                serde_json::from_slice(&body).expect("decodes");
            black_box(decoded)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = configure(Criterion::default());
    targets = call, sign, validate, decode_10000
}
criterion_main!(benches);
