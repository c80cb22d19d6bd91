//! Test harness: starts the real binary on an ephemeral port and talks HTTP/1.1 to it over std sockets.
//!
//! The client is a few lines of std code rather than a crate: it compiles in no time, and the tests need raw control
//! anyway (oversized bodies, keep-alive checks, a connection closed without a response).

#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A running `apikeys-devserver`; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    /// `127.0.0.1:PORT`, as printed in the startup line.
    pub addr: String,
}

impl Server {
    /// Starts the binary with `--addr 127.0.0.1:0` and `args`, and waits for its startup line.
    pub fn start(args: &[&str]) -> Server {
        Server::start_in(Path::new("."), args)
    }

    /// As `start`, in the working directory `cwd` (where a relative `--db`, the default one included, goes).
    pub fn start_in(cwd: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_apikeys-devserver"))
            .current_dir(cwd)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env("APIKEYS_DEVSERVER_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn apikeys-devserver");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read startup line");
        let addr = line
            .trim_end()
            .strip_prefix("apikeys-devserver listening on http://")
            .unwrap_or_else(|| panic!("unexpected startup line {line:?}"))
            .to_owned();
        assert_eq!(
            line.matches('\n').count(),
            1,
            "startup line ends with a newline"
        );
        Server {
            child,
            _stdout: stdout,
            addr,
        }
    }

    /// In-memory database plus `args`.
    pub fn memory(args: &[&str]) -> Server {
        let mut all = vec!["--db", ":memory:"];
        all.extend_from_slice(args);
        Server::start(&all)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL, no chance to clean up.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Response {
        send(&self.addr, method, path, headers, body)
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Response {
        let auth = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> =
            auth.iter().map(|a| ("authorization", a.as_str())).collect();
        self.request("GET", path, &headers, None)
    }

    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = vec![("content-type", "application/json")];
        headers.extend(auth.iter().map(|a| ("authorization", a.as_str())));
        let bytes = serde_json::to_vec(body).expect("serialize");
        self.request("POST", path, &headers, Some(&bytes))
    }

    /// Signs in and returns the session token.
    pub fn sign_in(&self, user: &str, orgs: &[&str]) -> String {
        let r = self.post(
            "/dev/sign_in",
            None,
            &serde_json::json!({ "user_id": user, "organization_ids": orgs }),
        );
        assert_eq!(r.status, 200, "sign in: {}", r.text());
        r.json()["session_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Creates a key (asserting 200) and returns the response body.
    pub fn create_key(&self, token: &str, body: Value) -> Value {
        let r = self.post("/api_keys", Some(token), &body);
        assert_eq!(r.status, 200, "create: {}", r.text());
        r.json()
    }

    pub fn create_named(&self, token: &str, name: &str) -> Value {
        self.create_key(
            token,
            serde_json::json!({ "type": "api_key", "name": name }),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// `errors[0].code` of an error envelope.
    pub fn code(&self) -> String {
        self.json()["errors"][0]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code: {}", self.text()))
            .to_owned()
    }

    /// `errors[0].meta.param_name`.
    pub fn param(&self) -> String {
        self.json()["errors"][0]["meta"]["param_name"]
            .as_str()
            .unwrap_or_else(|| panic!("no param_name: {}", self.text()))
            .to_owned()
    }

    /// Asserts status and error code, and that the body's trace id is the header's.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "status of {}", self.text());
        assert_eq!(self.code(), code, "code of {}", self.text());
        let header = self.header("x-clerk-trace-id").expect("trace id header");
        assert_eq!(self.json()["clerk_trace_id"], header, "trace id in body");
    }
}

/// One request on a fresh connection (`Connection: close`), read to the end.
pub fn send(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    if let Some(body) = body {
        stream.write_all(body).expect("write body");
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    parse_response(&raw, method == "HEAD")
}

pub fn parse_response(raw: &[u8], head_only: bool) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if head_only {
        Vec::new()
    } else if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .expect("chunk size");
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
}

/// A fresh directory under cargo's per-target temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "devserver-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Milliseconds since the epoch, like the server's timestamps.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64
}
