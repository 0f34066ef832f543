//! The process contract: the ready line, exit on stdin EOF, and a clear non-zero exit for a
//! bad data dir.
//!
//! Run: `cargo test --release --locked --workspace --test cli` (the name also selects the
//! other crates' `cli` tests)

mod common;

use std::process::{Command, Stdio};

use common::{Server, BIN};

/// Runs the binary to completion (it must fail at start) and returns (exit code, stderr).
fn run_expecting_failure(args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN)
        .args(args)
        .args(["--port", "0"])
        .stdin(Stdio::null())
        .output()
        .expect("run qdrant-local");
    assert!(
        output.stdout.is_empty(),
        "no ready line expected, got {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn ready_line_names_addresses_version_and_engine() {
    let dir = common::temp_dir();
    let server = Server::start(dir.path());
    let ready = &server.ready;
    assert_eq!(ready["version"], "1.19.0");
    assert_eq!(ready["engine"], "qdrant-edge 0.7.2");
    assert!(ready["rest_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert!(ready["grpc_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert_ne!(ready["rest_url"], ready["grpc_url"]);
    let (status, root) = server.request("GET", "/", None);
    assert_eq!(status, 200);
    assert_eq!(root["version"], "1.19.0");
    assert_eq!(root["title"], "qdrant - vector search engine");
    for path in ["/healthz", "/readyz", "/livez"] {
        assert_eq!(server.request("GET", path, None).0, 200, "{path}");
    }
}

#[test]
fn exits_cleanly_when_stdin_closes() {
    let dir = common::temp_dir();
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .args(["--port", "0", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    assert!(line.contains("\"ready\""), "{line}");
    drop(child.stdin.take()); // what the kernel does when the parent dies
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn foreign_non_empty_dir_is_refused() {
    let dir = common::temp_dir();
    std::fs::write(dir.path().join("notes.txt"), "someone else's data").unwrap();
    let (code, stderr) = run_expecting_failure(&["--data", dir.path().to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("is not a qdrant-local data dir"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(
        dir.path().join("notes.txt").exists(),
        "foreign files must be left alone"
    );
}

#[test]
fn data_dir_that_is_a_file_is_refused() {
    let dir = common::temp_dir();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let (code, stderr) = run_expecting_failure(&["--data", file.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(stderr.contains("is not a directory"), "{stderr}");
}

#[test]
fn unwritable_data_dir_is_refused() {
    // /proc refuses new entries even to root, unlike a chmod-ed dir.
    let (code, stderr) = run_expecting_failure(&["--data", "/proc/qdrant-local-test-data"]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("cannot create data dir /proc/qdrant-local-test-data"),
        "{stderr}"
    );
}

#[test]
fn a_non_loopback_address_without_a_key_is_refused() {
    let dir = common::temp_dir();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    // --exit-on-stdin-eof: were the address accepted, the server would stop at once (stdin is
    // null) instead of serving 0.0.0.0 until the test times out.
    let (code, stderr) =
        run_expecting_failure(&["--data", data, "--host", "0.0.0.0", "--exit-on-stdin-eof"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0 without --api-key"),
        "{stderr}"
    );
    let (code, stderr) = run_expecting_failure(&[
        "--data",
        data,
        "--host",
        "0.0.0.0",
        "--api-key",
        "",
        "--exit-on-stdin-eof",
    ]);
    assert_eq!(code, 1, "an empty key is no key: {stderr}");
}
