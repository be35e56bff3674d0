//! The generated waiters on the wire: each polls a loopback server through success, failure
//! and timeout, and ends with the typed outcome (the last reply, the vendor's reason, the
//! number of polls).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cloudgen_clients::alibaba::cs::types::DescribeTaskInfoResponseBodyState;
use cloudgen_clients::huawei::cce::{self, types::JobStatusPhase};
use cloudgen_clients::runtime::{AccessKey, Error, WaitError, WaitOptions};
use cloudgen_clients::{Config, Credentials};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Ids of the form CCE's patterns require.
const JOB: &str = "4d1ecb2c-229a-11e8-9c75-0255ac100ceb";
const CLUSTER: &str = "7f2ab0d1-229a-11e8-9c75-0255ac100ceb";

/// A server answering each request with the next of `replies` (status, body), repeating the
/// last one; and the number of requests it answered.
async fn replying_in_turn(replies: Vec<(u16, Value)>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    Mock::given(wiremock::matchers::any())
        .respond_with(move |_: &Request| {
            let turn = counted.fetch_add(1, Ordering::SeqCst);
            let (status, body) = replies
                .get(turn)
                .or(replies.last())
                .cloned()
                .unwrap_or((500, Value::Null));
            ResponseTemplate::new(status).set_body_json(body)
        })
        .mount(&server)
        .await;
    (server, count)
}

/// Polls every 10 ms, so that the tests take milliseconds.
fn quick() -> WaitOptions {
    WaitOptions::new().delay(Duration::from_millis(10), Duration::from_millis(20))
}

fn cce_client(server: &MockServer) -> cce::Client {
    cce::Client::new(
        Config::new()
            .endpoint(server.uri())
            .project_id("proj-1")
            .credentials(Credentials::huawei_token("token-abc")),
    )
    .expect("a valid configuration")
}

fn job(phase: &str, reason: Option<&str>) -> Value {
    json!({"kind": "Job", "metadata": {"uid": "job-1"},
           "spec": {"type": "CreateCluster", "subJobs": [
               {"kind": "Job", "metadata": {"uid": "sub-1"}, "status": {"phase": phase}}]},
           "status": {"phase": phase, "reason": reason}})
}

#[tokio::test]
async fn a_cce_job_is_polled_until_it_succeeds() {
    let (server, polls) = replying_in_turn(vec![
        (200, job("Initializing", None)),
        (200, job("Running", None)),
        (200, job("Success", None)),
    ])
    .await;
    let done = cce_client(&server)
        .show_job(JOB)
        .wait_until_done(quick())
        .await
        .expect("the job succeeds");
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    let status = done.status.and_then(|s| s.phase);
    assert_eq!(status, Some(JobStatusPhase::Success));
}

#[tokio::test]
async fn a_failed_cce_job_ends_the_wait_with_its_reason_and_typed_sub_jobs() {
    let (server, _) = replying_in_turn(vec![
        (200, job("Running", None)),
        (200, job("Failed", Some("quota exceeded"))),
    ])
    .await;
    let outcome = cce_client(&server)
        .show_job(JOB)
        .wait_until_done(quick())
        .await;
    match outcome {
        Err(WaitError::Failed { reason, last }) => {
            assert_eq!(reason.as_deref(), Some("quota exceeded"));
            let sub_jobs = last.spec.and_then(|s| s.sub_jobs).unwrap_or_default();
            assert_eq!(sub_jobs.len(), 1);
            assert_eq!(
                sub_jobs[0].status.as_ref().and_then(|s| s.phase.clone()),
                Some(JobStatusPhase::Failed)
            );
        }
        other => panic!("expected a failed job, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wait_times_out_with_the_last_state_seen() {
    let (server, polls) = replying_in_turn(vec![(200, job("Running", None))]).await;
    let outcome = cce_client(&server)
        .show_job(JOB)
        .wait_until_done(quick().timeout(Duration::from_millis(60)))
        .await;
    match outcome {
        Err(WaitError::TimedOut {
            last,
            polls: counted,
            waited,
        }) => {
            let phase = last.and_then(|job| job.status).and_then(|s| s.phase);
            assert_eq!(phase, Some(JobStatusPhase::Running));
            assert!(counted >= 2, "{counted} polls");
            assert_eq!(counted as usize, polls.load(Ordering::SeqCst));
            // How long it waited is wall-clock time, which a loaded machine stretches: only
            // that it was measured is asserted, never a bound (see the guide on timings).
            assert!(waited > Duration::ZERO, "{waited:?}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_reply_ends_the_wait_as_the_call_error() {
    let (server, _) = replying_in_turn(vec![(
        403,
        json!({"error_code": "CCE.01403001", "error_msg": "forbidden"}),
    )])
    .await;
    let outcome = cce_client(&server)
        .show_job(JOB)
        .wait_until_done(quick())
        .await;
    match outcome {
        Err(WaitError::Call(Error::Api(error))) => assert_eq!(error.status, 403),
        other => panic!("expected the 403, got {other:?}"),
    }
}

#[tokio::test]
async fn a_cce_cluster_is_polled_until_it_is_gone() {
    let cluster = json!({"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "c"},
        "spec": {"flavor": "cce.s1.small", "type": "VirtualMachine",
                 "containerNetwork": {"mode": "overlay_l2"},
                 "hostNetwork": {"subnet": CLUSTER, "vpc": CLUSTER}},
        "status": {"phase": "Deleting"}});
    let (server, polls) = replying_in_turn(vec![
        (200, cluster.clone()),
        (200, cluster),
        (
            404,
            json!({"error_code": "CCE.01404001", "error_msg": "not found"}),
        ),
    ])
    .await;
    cce_client(&server)
        .show_cluster(CLUSTER)
        .wait_until_deleted(quick())
        .await
        .expect("the cluster is gone");
    assert_eq!(polls.load(Ordering::SeqCst), 3);
}

fn ack_client(server: &MockServer) -> cloudgen_clients::alibaba::cs::Client {
    cloudgen_clients::alibaba::cs::Client::new(Config::new().endpoint(server.uri()).credentials(
        Credentials::alibaba_access_key(AccessKey::new("ak", "secret")),
    ))
    .expect("a valid configuration")
}

#[tokio::test]
async fn an_ack_task_is_polled_until_it_succeeds_or_fails() {
    let (server, _) = replying_in_turn(vec![
        (200, json!({"task_id": "T-1", "state": "running"})),
        (200, json!({"task_id": "T-1", "state": "success"})),
    ])
    .await;
    let task = ack_client(&server)
        .describe_task_info("T-1")
        .wait_until_done(quick())
        .await
        .expect("the task succeeds");
    // The states the description lists are an enum (fix-up `task-states-listed-in-the-description`).
    assert_eq!(task.state, Some(DescribeTaskInfoResponseBodyState::Success));

    let (server, _) = replying_in_turn(vec![(
        200,
        json!({"task_id": "T-2", "state": "fail", "error": {"code": "400", "message": "drain timed out"}}),
    )])
    .await;
    match ack_client(&server)
        .describe_task_info("T-2")
        .wait_until_done(quick())
        .await
    {
        Err(WaitError::Failed { reason, .. }) => {
            assert_eq!(reason.as_deref(), Some("drain timed out"))
        }
        other => panic!("expected a failed task, got {other:?}"),
    }
}

#[tokio::test]
async fn an_ack_cluster_is_polled_until_it_runs() {
    let (server, polls) = replying_in_turn(vec![
        (200, json!({"cluster_id": "c-1", "state": "initial"})),
        (200, json!({"cluster_id": "c-1", "state": "running"})),
    ])
    .await;
    ack_client(&server)
        .describe_cluster_detail("c-1")
        .wait_until_running(quick())
        .await
        .expect("the cluster runs");
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_kubernetes_object_is_polled_until_it_is_gone_after_a_delete() {
    let pod = json!({"kind": "Pod", "apiVersion": "v1",
                     "metadata": {"name": "web", "deletionTimestamp": "2026-12-02T00:00:00Z"}});
    let (server, polls) = replying_in_turn(vec![
        (200, pod.clone()),
        (200, pod),
        (
            404,
            json!({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                     "reason": "NotFound", "code": 404}),
        ),
    ])
    .await;
    let client = cloudgen_clients::kubernetes::api::Client::new(
        Config::new()
            .endpoint(server.uri())
            .credentials(Credentials::bearer_token("sa-token")),
    )
    .expect("a valid configuration");
    client
        .read_core_v1_namespaced_pod("web", "team-a")
        .wait_until_gone(quick())
        .await
        .expect("the pod is gone");
    assert_eq!(polls.load(Ordering::SeqCst), 3);
}

/// Every waiter the specs declare exists with the signature a caller writes.
#[allow(dead_code)]
async fn every_declared_waiter_is_generated(
    cce: cce::Client,
    ack: cloudgen_clients::alibaba::cs::Client,
    kubernetes: cloudgen_clients::kubernetes::api::Client,
) {
    let o = WaitOptions::new;
    let _ = cce.show_job(JOB).wait_until_done(o()).await;
    let _ = cce.show_cluster(CLUSTER).wait_until_available(o()).await;
    let _ = cce.show_cluster(CLUSTER).wait_until_deleted(o()).await;
    let _ = cce.show_node(CLUSTER, JOB).wait_until_active(o()).await;
    let _ = cce.show_node(CLUSTER, JOB).wait_until_deleted(o()).await;
    let _ = ack.describe_task_info("T-1").wait_until_done(o()).await;
    let _ = ack
        .describe_cluster_detail("c")
        .wait_until_running(o())
        .await;
    let _ = ack
        .describe_cluster_detail("c")
        .wait_until_deleted(o())
        .await;
    let _ = kubernetes
        .read_rbac_authorization_v1_namespaced_role("r", "n")
        .wait_until_gone(o())
        .await;
}
