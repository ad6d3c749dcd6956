//! Running a `protoc-gen-*` program: the request on its stdin, the response
//! from its stdout, its stderr passed through.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::descriptor::plugin::{CodeGeneratorRequest, CodeGeneratorResponse};
use crate::semantic::text::c_escape;

/// How to find the program.
pub enum Program<'a> {
    /// A path given with `--plugin`: run exactly that file.
    Exact(&'a str),
    /// A bare name: search PATH.
    Search(&'a str),
}

/// What went wrong talking to a plugin, worded as protoc words it.
#[derive(Debug)]
pub struct PluginError {
    pub message: String,
    /// The program could not be started (not found or not executable).
    pub not_started: bool,
    /// Printed on stderr before the error line, as protoc's child process would.
    pub preamble: Option<String>,
}

/// Runs the plugin with `request` and reads its response.
pub fn run(
    program: Program,
    request: &CodeGeneratorRequest,
) -> Result<CodeGeneratorResponse, PluginError> {
    let path = match program {
        // A path without a slash names a file in the working directory, not on PATH.
        Program::Exact(p) if !p.contains('/') => format!("./{p}"),
        Program::Exact(p) | Program::Search(p) => p.to_string(),
    };
    let shown = match program {
        Program::Exact(p) | Program::Search(p) => p.to_string(),
    };
    let child = Command::new(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(_) => {
            let hint = "Please specify a program using absolute path or make sure the program is available in your PATH system variable";
            return Err(PluginError {
                message: "Plugin failed with status code 1.".into(),
                not_started: true,
                preamble: Some(format!(
                    "{shown}: program not found or is not executable\n{hint}"
                )),
            });
        }
    };
    let input = request.encode();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Write from another thread so a plugin that answers before reading
    // everything cannot deadlock us; a plugin that closes its stdin early
    // simply stops the writer.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut output = Vec::new();
    let read = child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut output);
    let _ = writer.join();
    let status = child.wait().map_err(|e| PluginError {
        not_started: false,
        message: format!("waiting for the plugin: {e}"),
        preamble: None,
    })?;
    if let Err(e) = read {
        return Err(PluginError {
            not_started: false,
            message: format!("reading the plugin's output: {e}"),
            preamble: None,
        });
    }
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        let message = match (status.code(), status.signal()) {
            (Some(code), _) => format!("Plugin failed with status code {code}."),
            (None, Some(sig)) => format!("Plugin killed by signal {sig}."),
            _ => "Plugin ended abnormally.".into(),
        };
        return Err(PluginError {
            not_started: false,
            message,
            preamble: None,
        });
    }
    CodeGeneratorResponse::decode(&output).map_err(|_| PluginError {
        not_started: false,
        message: format!("Plugin output is unparseable: {}", c_escape(&output)),
        preamble: None,
    })
}
