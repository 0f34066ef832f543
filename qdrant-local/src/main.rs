//! qdrant-local: an embedded Qdrant server. Qdrant's own engine (the qdrant-edge crate)
//! behind Qdrant's REST and gRPC protocols, so the official clients work unchanged.

/// Writes a log line to stderr, ignoring failures: once the parent is gone, stderr may be a
/// closed pipe, and `eprintln!` would panic exactly when a clean shutdown matters most.
macro_rules! log {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod auth;
mod engine;
mod grpc;
mod rest;
mod tls;
mod version;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use tokio::net::TcpListener;
use tokio::sync::watch;

use engine::Store;

#[derive(Parser, Debug)]
#[command(
    version,
    about = "An embedded Qdrant server (REST + gRPC) on Qdrant's own engine"
)]
struct Cli {
    /// Data directory (created if missing; must be empty or a qdrant-local data dir).
    #[arg(long)]
    data: PathBuf,
    /// Address to bind both listeners to. Anything but loopback also needs --api-key: the
    /// server has no other access control.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// REST port; 0 picks a free port.
    #[arg(long, default_value_t = 6333)]
    port: u16,
    /// gRPC port; default REST port + 1 (or a free port when --port is 0).
    #[arg(long)]
    grpc_port: Option<u16>,
    /// Require this key in the `api-key` header / metadata (or `Authorization: Bearer`).
    #[arg(long)]
    api_key: Option<String>,
    /// Serve REST (https://) and gRPC over TLS with this PEM certificate chain (the server's
    /// certificate first); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert's certificate; needs --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Exit (cleanly) when stdin reaches EOF: lets a parent that dies, however it dies,
    /// take the server down with it by holding the write end of a pipe.
    #[arg(long)]
    exit_on_stdin_eof: bool,
}

fn main() {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(err) = runtime.block_on(run(cli)) {
        log!("qdrant-local: error: {err:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    refuse_open_bind_without_key(&cli.host, cli.api_key.as_deref())?;
    // Bad certificate files stop the start before the store is opened.
    let tls = match (&cli.tls_cert, &cli.tls_key) {
        (Some(cert), Some(key)) => Some(tls::Tls::load(cert, key)?),
        _ => None,
    };
    let store = Store::open(&cli.data)?;

    let grpc_port = cli.grpc_port.unwrap_or(if cli.port == 0 {
        0
    } else {
        cli.port.saturating_add(1)
    });
    let rest_listener = bind(&cli.host, cli.port, "REST").await?;
    let grpc_listener = bind(&cli.host, grpc_port, "gRPC").await?;
    let rest_addr = rest_listener.local_addr()?;
    let grpc_addr = grpc_listener.local_addr()?;

    let (stop_tx, stop_rx) = watch::channel(false);
    spawn_signal_watchers(stop_tx.clone(), cli.exit_on_stdin_eof)?;

    let app = rest::router(store.clone(), cli.api_key.clone());
    let rest_server = serve_rest(rest_listener, app, tls.as_ref(), stopped(stop_rx.clone()));
    let grpc_server = grpc::serve(
        store.clone(),
        grpc_listener,
        cli.api_key.clone(),
        tls.as_ref().map(tls::Tls::grpc_config),
        stopped(stop_rx.clone()),
    );

    spawn_periodic_flush(store.clone(), stop_rx.clone());
    let scheme = if tls.is_some() { "https" } else { "http" };
    announce_ready(&store, scheme, rest_addr, grpc_addr);

    let (rest_result, grpc_result) = tokio::join!(
        async { rest_server.await.context("REST server failed") },
        grpc_server,
    );
    // If one server fails, stop the other, then flush whatever was written.
    let _ = stop_tx.send(true);
    log!("qdrant-local: shutting down, flushing collections");
    let flush_store = store.clone();
    tokio::task::spawn_blocking(move || flush_store.flush_all()).await?;
    rest_result?;
    grpc_result.context("gRPC server failed")?;
    log!("qdrant-local: stopped");
    Ok(())
}

/// Loopback is only reachable from this machine; any other address opens the store to the
/// network, which needs a key.
fn refuse_open_bind_without_key(host: &str, api_key: Option<&str>) -> anyhow::Result<()> {
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback && api_key.is_none_or(str::is_empty) {
        anyhow::bail!(
            "refusing to listen on {host} without --api-key: a non-loopback address opens the store to the network (use --host 127.0.0.1, or give a key)"
        );
    }
    Ok(())
}

/// The REST API on `listener` until `shutdown` resolves: plain HTTP, or HTTPS with `tls`.
async fn serve_rest(
    listener: TcpListener,
    app: axum::Router,
    tls: Option<&tls::Tls>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    match tls {
        None => {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Some(tls) => {
            axum::serve(tls.rest_listener(listener), app)
                .with_graceful_shutdown(shutdown)
                .await
        }
    }
}

async fn bind(host: &str, port: u16, what: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind((host, port))
        .await
        .with_context(|| format!("cannot bind the {what} listener to {host}:{port}"))
}

/// One JSON line on stdout for programs, one human line on stderr.
/// `scheme` is "https" when both listeners serve TLS.
fn announce_ready(store: &Store, scheme: &str, rest: SocketAddr, grpc: SocketAddr) {
    let ready = serde_json::json!({
        "event": "ready",
        "rest_url": format!("{scheme}://{rest}"),
        "grpc_url": format!("{scheme}://{grpc}"),
        "version": version::API_VERSION,
        "engine": version::ENGINE,
        "data_dir": store.data_dir(),
    });
    // The ready line: a program started us and reads it (if stdout is gone, so is it).
    let _ = writeln!(std::io::stdout(), "{ready}");
    log!(
        "qdrant-local {} ({}) ready: REST {scheme}://{rest}, gRPC {scheme}://{grpc}, data {}",
        version::API_VERSION,
        version::ENGINE,
        store.data_dir().display()
    );
}

/// Flushes `wait=false` writes every few seconds (Qdrant's default `flush_interval_sec` is 5).
fn spawn_periodic_flush(store: Arc<Store>, stop: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        while !*stop.borrow() {
            tick.tick().await;
            let store = store.clone();
            let _ = tokio::task::spawn_blocking(move || store.flush_unflushed()).await;
        }
    });
}

/// Resolves once a stop is requested.
async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

fn spawn_signal_watchers(stop: watch::Sender<bool>, exit_on_stdin_eof: bool) -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let on_signal = stop.clone();
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        log!("qdrant-local: {name} received");
        let _ = on_signal.send(true);
    });
    if exit_on_stdin_eof {
        // A plain thread: reading stdin blocks, and it must not hold up runtime shutdown.
        std::thread::spawn(move || {
            let mut sink = [0u8; 256];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            log!("qdrant-local: stdin closed (parent gone)");
            let _ = stop.send(true);
        });
    }
    Ok(())
}
