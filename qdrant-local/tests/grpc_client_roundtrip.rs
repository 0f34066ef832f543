//! Drives the official Rust `qdrant-client` crate over gRPC against the embedded
//! server binary: a full round trip, the compatibility check, unimplemented RPCs,
//! bad input and API-key enforcement.
//!
//! Run: `cargo test --release --locked --workspace --test grpc_client_roundtrip`

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

use qdrant_client::qdrant::point_id::PointIdOptions;
use qdrant_client::qdrant::{
    Condition, CountPointsBuilder, CreateCollectionBuilder, CreateFieldIndexCollectionBuilder,
    DeletePointsBuilder, Distance, FieldType, Filter, GetPointsBuilder, PointId, PointStruct,
    PointsIdsList, Query, QueryPointsBuilder, ScoredPoint, ScrollPointsBuilder,
    SearchPointsBuilder, UpsertPointsBuilder, Value, VectorParamsBuilder,
};
use qdrant_client::{Payload, Qdrant, QdrantError};
use tonic::Code;

/// The qdrant-client version the workspace pins (`qdrant-client = "=1.20.0"`).
const CLIENT_VERSION: &str = "1.20.0";
const DIMS: usize = 384;
const POINTS: usize = 1_200;
const BATCH: usize = 256;

/// One running `qdrant-local` process with its own temporary data dir; killed on drop.
struct LocalServer {
    child: Child,
    grpc_url: String,
    /// Held open so the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
    _data_dir: tempfile::TempDir,
}

impl LocalServer {
    fn start(api_key: Option<&str>) -> Self {
        let data_dir = tempfile::tempdir().expect("create temp data dir");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qdrant-local"));
        cmd.arg("--data")
            .arg(data_dir.path())
            .args(["--port", "0", "--grpc-port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .env_remove("QDRANT_LOCAL_API_KEY");
        if let Some(key) = api_key {
            cmd.args(["--api-key", key]);
        }
        let mut child = cmd.spawn().expect("spawn qdrant-local");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the ready line");
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("ready line is not JSON ({e}): {line:?}"));
        let grpc_url = ready["grpc_url"]
            .as_str()
            .unwrap_or_else(|| panic!("ready line has no grpc_url: {line}"))
            .to_string();
        LocalServer {
            child,
            grpc_url,
            _stdout: stdout,
            _data_dir: data_dir,
        }
    }

    fn client(&self) -> Qdrant {
        Qdrant::from_url(&self.grpc_url)
            .build()
            .expect("build client")
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Deterministic pseudo-random vectors (xorshift), so failures are reproducible.
struct Rng(u64);
impl Rng {
    fn next_f32(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
    fn vector(&mut self) -> Vec<f32> {
        (0..DIMS).map(|_| self.next_f32()).collect()
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

fn point_uuid(i: usize) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("chunk-{i}").as_bytes()).to_string()
}

fn id_string(id: &Option<PointId>) -> String {
    match id.as_ref().and_then(|p| p.point_id_options.clone()) {
        Some(PointIdOptions::Uuid(u)) => u,
        Some(PointIdOptions::Num(n)) => n.to_string(),
        None => panic!("point without id"),
    }
}

/// Brute-force cosine ranking of `candidates` (index, vector) against `query`: (uuid, score).
fn brute_force<'a>(
    query: &[f32],
    candidates: impl Iterator<Item = (usize, &'a Vec<f32>)>,
) -> Vec<(String, f32)> {
    let mut scored: Vec<(String, f32)> = candidates
        .map(|(i, v)| (point_uuid(i), cosine(query, v)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored
}

fn assert_same_ranking(got: &[ScoredPoint], expected: &[(String, f32)], what: &str) {
    let got_ids: Vec<String> = got.iter().map(|p| id_string(&p.id)).collect();
    let expected_ids: Vec<String> = expected.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(
        got_ids, expected_ids,
        "{what}: ranking differs from brute force"
    );
    for (p, (_, score)) in got.iter().zip(expected) {
        assert!(
            (p.score - score).abs() < 1e-4,
            "{what}: score {} != {}",
            p.score,
            score
        );
    }
}

fn status_of(err: QdrantError) -> tonic::Status {
    match err {
        QdrantError::ResponseError { status } => status,
        other => panic!("expected a gRPC status error, got {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_client_full_round_trip() {
    let server = LocalServer::start(None);
    let client = server.client();
    let name = "grpc_round_trip";

    let health = client.health_check().await.expect("health check");
    assert!(health.title.contains("qdrant"), "title: {}", health.title);

    client
        .create_collection(
            CreateCollectionBuilder::new(name)
                .vectors_config(VectorParamsBuilder::new(DIMS as u64, Distance::Cosine)),
        )
        .await
        .expect("create collection");
    assert!(client.collection_exists(name).await.unwrap());
    let listed = client.list_collections().await.unwrap();
    assert!(listed.collections.iter().any(|c| c.name == name));

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vectors: Vec<Vec<f32>> = (0..POINTS).map(|_| rng.vector()).collect();
    let upsert_started = std::time::Instant::now();
    for start in (0..POINTS).step_by(BATCH) {
        let batch: Vec<PointStruct> = (start..(start + BATCH).min(POINTS))
            .map(|i| {
                let payload = Payload::from([
                    ("idx", Value::from(i as i64)),
                    ("text", Value::from(format!("chunk number {i}"))),
                    (
                        "parity",
                        Value::from(if i % 2 == 0 { "even" } else { "odd" }),
                    ),
                ]);
                PointStruct::new(point_uuid(i), vectors[i].clone(), payload)
            })
            .collect();
        let res = client
            .upsert_points(UpsertPointsBuilder::new(name, batch).wait(true))
            .await
            .expect("upsert batch");
        assert_eq!(
            res.result.unwrap().status,
            2,
            "upsert status should be Completed"
        );
    }

    // Informational only (no timed assertion): shown with --nocapture.
    let seconds = upsert_started.elapsed().as_secs_f64();
    eprintln!("grpc upsert: {POINTS} points x {DIMS} dims in batches of {BATCH} (wait=true): {:.0} points/s", POINTS as f64 / seconds);

    let count = client
        .count(CountPointsBuilder::new(name).exact(true))
        .await
        .unwrap();
    assert_eq!(count.result.unwrap().count, POINTS as u64);
    let info = client.collection_info(name).await.unwrap().result.unwrap();
    assert_eq!(info.points_count, Some(POINTS as u64));

    // Nearest by vector: query API and the legacy search API, against brute force.
    let query = rng.vector();
    let expected = brute_force(&query, vectors.iter().enumerate());
    let top = client
        .query(
            QueryPointsBuilder::new(name)
                .query(Query::new_nearest(query.clone()))
                .limit(10)
                .with_payload(true),
        )
        .await
        .unwrap()
        .result;
    assert_same_ranking(&top, &expected[..10], "query nearest");
    let first_idx = top[0]
        .payload
        .get("idx")
        .and_then(|v| v.as_integer())
        .unwrap();
    assert_eq!(
        point_uuid(first_idx as usize),
        id_string(&top[0].id),
        "payload travels with the point"
    );

    let searched = client
        .search_points(SearchPointsBuilder::new(name, query.clone(), 10))
        .await
        .unwrap()
        .result;
    assert_same_ranking(&searched, &expected[..10], "search");

    let paged = client
        .query(
            QueryPointsBuilder::new(name)
                .query(query.clone())
                .limit(5)
                .offset(5),
        )
        .await
        .unwrap()
        .result;
    assert_same_ranking(&paged, &expected[5..10], "query with offset");

    // Halfway between the 4th and 5th best scores: robust to float rounding on either side.
    let threshold = (expected[3].1 + expected[4].1) / 2.0;
    let above = client
        .query(
            QueryPointsBuilder::new(name)
                .query(query.clone())
                .limit(50)
                .score_threshold(threshold),
        )
        .await
        .unwrap()
        .result;
    assert_same_ranking(&above, &expected[..4], "query with score_threshold");

    let even = Filter::must([Condition::matches("parity", "even".to_string())]);
    let filtered = client
        .query(
            QueryPointsBuilder::new(name)
                .query(query.clone())
                .limit(10)
                .filter(even.clone()),
        )
        .await
        .unwrap()
        .result;
    let expected_even = brute_force(
        &query,
        vectors.iter().enumerate().filter(|(i, _)| i % 2 == 0),
    );
    assert_same_ranking(&filtered, &expected_even[..10], "query with filter");

    // Nearest by id: Qdrant excludes the query point itself.
    let by_id = client
        .query(
            QueryPointsBuilder::new(name)
                .query(Query::new_nearest(point_uuid(7)))
                .limit(10),
        )
        .await
        .unwrap()
        .result;
    let expected_by_id = brute_force(
        &vectors[7],
        vectors.iter().enumerate().filter(|(i, _)| *i != 7),
    );
    assert_same_ranking(&by_id, &expected_by_id[..10], "query by id");

    // Scroll everything, page by page.
    let mut seen = HashSet::new();
    let mut offset: Option<PointId> = None;
    loop {
        let mut req = ScrollPointsBuilder::new(name).limit(100).with_payload(true);
        if let Some(o) = offset.take() {
            req = req.offset(o);
        }
        let page = client.scroll(req).await.unwrap();
        for p in &page.result {
            assert!(p.payload.contains_key("text"));
            assert!(
                seen.insert(id_string(&p.id)),
                "scroll returned a point twice"
            );
        }
        match page.next_page_offset {
            Some(next) => offset = Some(next),
            None => break,
        }
    }
    let all: HashSet<String> = (0..POINTS).map(point_uuid).collect();
    assert_eq!(seen, all, "scroll must return every point once");

    // Retrieve by id with vectors (stored normalised for cosine).
    let got = client
        .get_points(
            GetPointsBuilder::new(name, vec![point_uuid(3).into(), point_uuid(4).into()])
                .with_vectors(true)
                .with_payload(true),
        )
        .await
        .unwrap()
        .result;
    let by_uuid: HashMap<String, _> = got.into_iter().map(|p| (id_string(&p.id), p)).collect();
    assert_eq!(by_uuid.len(), 2);
    let p3 = &by_uuid[&point_uuid(3)];
    assert_eq!(p3.payload.get("idx").and_then(|v| v.as_integer()), Some(3));
    let returned = p3
        .vectors
        .clone()
        .unwrap()
        .get_vector()
        .expect("default vector");
    let returned: Vec<f32> = match returned {
        qdrant_client::qdrant::vector_output::Vector::Dense(d) => d.data,
        other => panic!("expected a dense vector, got {other:?}"),
    };
    assert_eq!(returned.len(), DIMS);
    assert!((cosine(&returned, &vectors[3]) - 1.0).abs() < 1e-5);

    // Delete by ids, then by filter.
    let doomed: Vec<PointId> = (0..10).map(|i| point_uuid(i).into()).collect();
    client
        .delete_points(
            DeletePointsBuilder::new(name)
                .points(PointsIdsList {
                    ids: doomed.clone(),
                })
                .wait(true),
        )
        .await
        .unwrap();
    let count = client
        .count(CountPointsBuilder::new(name).exact(true))
        .await
        .unwrap();
    assert_eq!(count.result.unwrap().count, (POINTS - 10) as u64);
    assert!(client
        .get_points(GetPointsBuilder::new(name, doomed))
        .await
        .unwrap()
        .result
        .is_empty());

    client
        .delete_points(
            DeletePointsBuilder::new(name)
                .points(Filter::must([Condition::matches(
                    "parity",
                    "odd".to_string(),
                )]))
                .wait(true),
        )
        .await
        .unwrap();
    let remaining_even = (10..POINTS).filter(|i| i % 2 == 0).count() as u64;
    let count = client
        .count(CountPointsBuilder::new(name).exact(true))
        .await
        .unwrap();
    assert_eq!(count.result.unwrap().count, remaining_even);
    let count_even = client
        .count(CountPointsBuilder::new(name).filter(even).exact(true))
        .await
        .unwrap();
    assert_eq!(count_even.result.unwrap().count, remaining_even);

    client
        .delete_collection(name)
        .await
        .expect("delete collection");
    assert!(!client.collection_exists(name).await.unwrap());
}

/// The client prints its version warning with `println!` while it is built, so the
/// check runs in a child test process whose stdout we can read: see `compat_probe_child`.
#[test]
fn client_build_prints_no_version_warning() {
    let server = LocalServer::start(None);
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "compat_probe_child",
            "--exact",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("QDRANT_LOCAL_PROBE_URL", &server.grpc_url)
        .output()
        .expect("run the probe");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "probe failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("PROBE-VERSION="),
        "probe did not run: {stdout}"
    );
    for warning in [
        "not compatible",
        "Failed to obtain server version",
        "Unable to compare",
    ] {
        assert!(
            !stdout.contains(warning),
            "client printed a version warning: {stdout}"
        );
    }
    let version = stdout
        .split("PROBE-VERSION=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let (server_major, server_minor) = major_minor(version);
    let (client_major, client_minor) = major_minor(CLIENT_VERSION);
    assert_eq!(server_major, client_major, "server version {version}");
    assert!(
        server_minor.abs_diff(client_minor) <= 1,
        "server version {version}"
    );
}

fn major_minor(version: &str) -> (u64, u64) {
    let mut parts = version.split('.').map(|p| {
        p.parse::<u64>()
            .unwrap_or_else(|_| panic!("bad version {version}"))
    });
    (parts.next().unwrap(), parts.next().unwrap())
}

/// Child half of `client_build_prints_no_version_warning`; does nothing unless that test runs it.
#[test]
#[ignore = "run by client_build_prints_no_version_warning in a child process"]
fn compat_probe_child() {
    let Ok(url) = std::env::var("QDRANT_LOCAL_PROBE_URL") else {
        return;
    };
    // Qdrant::build() runs the compatibility check (and prints any warning) right here.
    let client = Qdrant::from_url(&url).build().expect("build client");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let health = runtime
        .block_on(client.health_check())
        .expect("health check");
    println!("PROBE-VERSION={}", health.version);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unimplemented_rpc_is_named_and_bad_input_is_rejected() {
    let server = LocalServer::start(None);
    let client = server.client();
    let name = "bad_input";
    client
        .create_collection(
            CreateCollectionBuilder::new(name)
                .vectors_config(VectorParamsBuilder::new(4, Distance::Cosine)),
        )
        .await
        .unwrap();

    let status = status_of(
        client
            .create_field_index(CreateFieldIndexCollectionBuilder::new(
                name,
                "parity",
                FieldType::Keyword,
            ))
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code(), Code::Unimplemented);
    assert!(
        status.message().contains("Points/CreateFieldIndex"),
        "message: {}",
        status.message()
    );

    let status = status_of(client.list_aliases().await.unwrap_err());
    assert_eq!(status.code(), Code::Unimplemented);
    assert!(
        status.message().contains("Collections/ListAliases"),
        "message: {}",
        status.message()
    );

    // A whole service we do not serve still names the method.
    let status = status_of(client.list_full_snapshots().await.unwrap_err());
    assert_eq!(status.code(), Code::Unimplemented);
    assert!(
        status.message().contains("ListFull"),
        "message: {}",
        status.message()
    );

    let upsert = |id: u64, vector: Vec<f32>| {
        UpsertPointsBuilder::new(name, vec![PointStruct::new(id, vector, Payload::new())])
            .wait(true)
    };

    let status = status_of(
        client
            .upsert_points(upsert(1, vec![0.1, 0.2, 0.3]))
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().contains("dimension"),
        "message: {}",
        status.message()
    );

    let status = status_of(
        client
            .upsert_points(upsert(1, vec![0.1, f32::NAN, 0.3, 0.4]))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        status.code(),
        Code::InvalidArgument,
        "NaN: {}",
        status.message()
    );
    let status = status_of(
        client
            .upsert_points(upsert(1, vec![0.1, f32::INFINITY, 0.3, 0.4]))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        status.code(),
        Code::InvalidArgument,
        "inf: {}",
        status.message()
    );

    let bad_uuid = PointStruct::new("not-a-uuid", vec![0.1, 0.2, 0.3, 0.4], Payload::new());
    let status = status_of(
        client
            .upsert_points(UpsertPointsBuilder::new(name, vec![bad_uuid]).wait(true))
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().contains("not-a-uuid"),
        "message: {}",
        status.message()
    );

    let status = status_of(
        client
            .query(QueryPointsBuilder::new(name).query(vec![0.1, 0.2]))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        status.code(),
        Code::InvalidArgument,
        "short query: {}",
        status.message()
    );

    let status = status_of(
        client
            .count(CountPointsBuilder::new("no_such_collection"))
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code(), Code::NotFound);
    assert!(
        status.message().contains("no_such_collection"),
        "message: {}",
        status.message()
    );
    let status = status_of(
        client
            .collection_info("no_such_collection")
            .await
            .unwrap_err(),
    );
    assert_eq!(status.code(), Code::NotFound);

    let status = status_of(
        client
            .create_collection(
                CreateCollectionBuilder::new(name)
                    .vectors_config(VectorParamsBuilder::new(4, Distance::Cosine)),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        status.code(),
        Code::AlreadyExists,
        "duplicate create: {}",
        status.message()
    );

    // The server keeps serving after all of that.
    client
        .upsert_points(upsert(1, vec![0.1, 0.2, 0.3, 0.4]))
        .await
        .expect("valid upsert");
    let count = client
        .count(CountPointsBuilder::new(name).exact(true))
        .await
        .unwrap();
    assert_eq!(count.result.unwrap().count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_key_is_enforced() {
    let server = LocalServer::start(Some("s3cret"));

    let without_key = Qdrant::from_url(&server.grpc_url)
        .skip_compatibility_check()
        .build()
        .unwrap();
    let status = status_of(without_key.list_collections().await.unwrap_err());
    assert_eq!(status.code(), Code::Unauthenticated);

    let wrong_key = Qdrant::from_url(&server.grpc_url)
        .api_key("wrong")
        .skip_compatibility_check()
        .build()
        .unwrap();
    let status = status_of(wrong_key.list_collections().await.unwrap_err());
    assert_eq!(status.code(), Code::Unauthenticated);

    let with_key = Qdrant::from_url(&server.grpc_url)
        .api_key("s3cret")
        .build()
        .unwrap();
    assert!(with_key
        .list_collections()
        .await
        .expect("authorised call")
        .collections
        .is_empty());
}
