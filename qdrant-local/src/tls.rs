//! TLS for both listeners (`--tls-cert` / `--tls-key`): rustls with the ring provider, the
//! build tonic's `tls-ring` feature (enabled by qdrant-client) already compiles. REST is axum
//! behind a TLS listener; gRPC is tonic's own `ServerTlsConfig` with the same PEM files.

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tonic::transport::{Identity, ServerTlsConfig};

/// A client that connects and never finishes its handshake is dropped after this long.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The certificate chain and key, read and checked once: they parse and belong together.
pub struct Tls {
    cert_pem: Vec<u8>,
    key_pem: Vec<u8>,
    rest: Arc<ServerConfig>,
}

impl Tls {
    pub fn load(cert_path: &Path, key_path: &Path) -> anyhow::Result<Self> {
        let cert_pem = std::fs::read(cert_path)
            .with_context(|| format!("cannot read --tls-cert {}", cert_path.display()))?;
        let key_pem = std::fs::read(key_path)
            .with_context(|| format!("cannot read --tls-key {}", key_path.display()))?;
        let certs = CertificateDer::pem_slice_iter(&cert_pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow!("--tls-cert {}: {e}", cert_path.display()))?;
        if certs.is_empty() {
            anyhow::bail!(
                "--tls-cert {}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it",
                cert_path.display()
            );
        }
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
            anyhow!(
                "--tls-key {}: no PEM private key in it ({e})",
                key_path.display()
            )
        })?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut rest = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("TLS: no protocol version available")?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| {
                anyhow!(
                    "--tls-cert {} and --tls-key {} are not a usable pair: {e}",
                    cert_path.display(),
                    key_path.display()
                )
            })?;
        // HTTP/2 and HTTP/1.1, as axum serves both on one listener.
        rest.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Self {
            cert_pem,
            key_pem,
            rest: Arc::new(rest),
        })
    }

    /// The REST listener: `listener`'s connections, each after its TLS handshake.
    pub fn rest_listener(&self, listener: TcpListener) -> TlsListener {
        TlsListener {
            tcp: listener,
            acceptor: TlsAcceptor::from(self.rest.clone()),
            handshakes: JoinSet::new(),
        }
    }

    /// The gRPC server's TLS: tonic's own configuration from the same files.
    pub fn grpc_config(&self) -> ServerTlsConfig {
        ServerTlsConfig::new()
            .identity(Identity::from_pem(&self.cert_pem, &self.key_pem))
            .timeout(HANDSHAKE_TIMEOUT)
    }
}

/// A TCP listener whose connections axum gets once their TLS handshake is done. Handshakes run
/// concurrently, so one slow (or stuck) client does not hold up the others.
pub struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    handshakes: JoinSet<Option<(TlsStream<TcpStream>, SocketAddr)>>,
}

impl TlsListener {
    fn start_handshake(&mut self, stream: TcpStream, peer: SocketAddr) {
        let acceptor = self.acceptor.clone();
        self.handshakes.spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => Some((tls, peer)),
                Ok(Err(err)) => {
                    log!("qdrant-local: TLS handshake with {peer} failed: {err}");
                    None
                }
                Err(_) => {
                    log!("qdrant-local: TLS handshake with {peer} timed out");
                    None
                }
            }
        });
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            tokio::select! {
                accepted = self.tcp.accept() => match accepted {
                    Ok((stream, peer)) => self.start_handshake(stream, peer),
                    Err(err) => accept_error(err).await,
                },
                Some(done) = self.handshakes.join_next(), if !self.handshakes.is_empty() => {
                    if let Ok(Some(connection)) = done {
                        return connection;
                    }
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// As axum's own TCP listener: a failed connection is skipped; anything else (out of file
/// descriptors, ...) is logged and retried after a pause instead of spinning.
async fn accept_error(err: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        err.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    log!("qdrant-local: REST accept failed: {err}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
