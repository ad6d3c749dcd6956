//! A long-lived reference protoc: one Python process per thread runs protoc
//! 35.1 in-process for each request (tests/common/protoc_server.py), so
//! thousands of small compilations cost milliseconds each instead of a
//! Python start-up each. A request that kills the process (protoc aborts on
//! some inputs) is reported as a crash and the next request starts a new one.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

pub struct OracleServer {
    child: Option<(Child, ChildStdin, BufReader<ChildStdout>)>,
}

/// What one protoc run did: its exit status (None when the process died)
/// and its stderr.
pub struct OracleRun {
    pub code: Option<i32>,
    pub stderr: String,
}

impl OracleServer {
    pub fn new() -> Self {
        // Fails clearly when the reference is missing.
        drop(super::oracle());
        OracleServer { child: None }
    }

    fn start(&mut self) {
        let script = super::repo().join("tests/common/protoc_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the reference protoc server");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        self.child = Some((child, stdin, stdout));
    }

    /// Runs protoc with `args` in `cwd`. Arguments may not contain newlines.
    pub fn run(&mut self, cwd: &Path, args: &[String]) -> OracleRun {
        if self.child.is_none() {
            self.start();
        }
        let (child, stdin, stdout) = self.child.as_mut().unwrap();
        let mut req = format!("{}\n{}\n", args.len(), cwd.display());
        for a in args {
            assert!(!a.contains('\n'), "argument with a newline: {a:?}");
            req.push_str(a);
            req.push('\n');
        }
        let sent = stdin.write_all(req.as_bytes()).and_then(|_| stdin.flush());
        let mut header = String::new();
        let got = sent.is_ok()
            && stdout
                .read_line(&mut header)
                .map(|n| n > 0)
                .unwrap_or(false);
        if !got {
            let _ = child.kill();
            let _ = child.wait();
            self.child = None;
            return OracleRun {
                code: None,
                stderr: String::new(),
            };
        }
        let mut parts = header.split_whitespace();
        let code: i32 = parts.next().unwrap().parse().unwrap();
        let len: usize = parts.next().unwrap().parse().unwrap();
        let mut err = vec![0; len];
        stdout.read_exact(&mut err).unwrap();
        OracleRun {
            code: Some(code),
            stderr: String::from_utf8_lossy(&err).into_owned(),
        }
    }
}

impl Drop for OracleServer {
    fn drop(&mut self) {
        if let Some((mut child, stdin, _)) = self.child.take() {
            drop(stdin);
            let _ = child.wait();
        }
    }
}
