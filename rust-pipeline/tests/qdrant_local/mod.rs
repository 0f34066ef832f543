//! The project's embedded Qdrant for the integration tests: one process on free ports in a
//! temporary data directory, and its REST API spoken over a plain socket (the direct searches
//! the tests hold the pipeline's answers to).
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct QdrantLocal {
    child: Child,
    pub rest_url: String,
    pub grpc_url: String,
    _data: tempfile::TempDir,
}

impl QdrantLocal {
    pub fn start(repo_root: PathBuf) -> Self {
        let binary = repo_root.join("target/release/qdrant-local");
        assert!(
            binary.is_file(),
            "{} is missing: build it with `cargo build --release --locked --workspace --bins`",
            binary.display()
        );
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(&binary)
            .args(["--data", data.path().to_str().unwrap()])
            .args(["--port", "0", "--grpc-port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start qdrant-local");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("qdrant-local said {line:?}"));
        assert_eq!(ready["event"], "ready");
        Self {
            rest_url: ready["rest_url"].as_str().unwrap().to_string(),
            grpc_url: ready["grpc_url"].as_str().unwrap().to_string(),
            child,
            _data: data,
        }
    }

    /// The ids of the `limit` points nearest to `vector`, in score order (REST `points/query`).
    pub fn nearest(&self, collection: &str, vector: &[f32], limit: usize) -> Vec<String> {
        let body = json!({"query": vector, "limit": limit, "with_payload": false});
        let answer = self.post(&format!("/collections/{collection}/points/query"), &body);
        answer["result"]["points"]
            .as_array()
            .unwrap_or_else(|| panic!("points/query answered {answer}"))
            .iter()
            .map(|p| p["id"].as_str().expect("a UUID id").to_string())
            .collect()
    }

    /// POSTs `body` as HTTP/1.0 (so the answer is not chunked) and reads the JSON answer.
    fn post(&self, path: &str, body: &Value) -> Value {
        let authority = self.rest_url.trim_start_matches("http://");
        let body = body.to_string();
        let request = format!(
            "POST {path} HTTP/1.0\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut stream = std::net::TcpStream::connect(authority).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(" 200 "), "POST {path}: {head}\n{body}");
        serde_json::from_str(body).unwrap()
    }
}

impl Drop for QdrantLocal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
