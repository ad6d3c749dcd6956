//! Machine-readable renderers: JSON lines, GitHub Actions workflow
//! commands, JUnit XML, GitLab Code Quality and SARIF 2.1.0.
//!
//! The JSON-based formats follow buf's output (field names, order, omitted
//! empty fields, positions of at least 1, `<`, `>` and `&` escaped as Go
//! escapes them), so tools written against buf read protogen's findings.

use std::io::Write;

use serde::Serialize;

use super::finding::{Finding, Place};
use super::{Code, Severity};

/// Writes JSON as Go's `encoding/json` does: `<`, `>`, `&`, U+2028 and
/// U+2029 escaped as `\u` sequences.
struct GoJson;

impl serde_json::ser::Formatter for GoJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut last = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[last..i])?;
            writer.write_all(escaped.as_bytes())?;
            last = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }
}

fn go_json(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoJson);
    value
        .serialize(&mut ser)
        .expect("findings serialize to JSON");
    String::from_utf8(out).expect("JSON is UTF-8")
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[derive(Serialize)]
struct JsonPlace<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    #[serde(skip_serializing_if = "is_zero")]
    start_line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    start_column: u32,
    #[serde(skip_serializing_if = "is_zero")]
    end_line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    end_column: u32,
}

impl<'a> JsonPlace<'a> {
    fn new(p: &'a Place) -> JsonPlace<'a> {
        JsonPlace {
            path: &p.path,
            start_line: p.start_line.max(1),
            start_column: p.start_column.max(1),
            end_line: p.end_line.max(1),
            end_column: p.end_column.max(1),
        }
    }
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    place: JsonPlace<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    place: JsonPlace<'a>,
    #[serde(rename = "type", skip_serializing_if = "str::is_empty")]
    kind: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
    severity: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<JsonLabel<'a>>,
}

/// One JSON object: buf's fields `path, start_line, start_column, end_line,
/// end_column, type, message`, then `severity`, `help` and `labels`.
pub fn json_line(f: &Finding) -> String {
    go_json(&JsonFinding {
        place: JsonPlace::new(&f.place),
        kind: &f.kind,
        message: &f.message,
        severity: severity_name(f.severity),
        help: f.help.as_deref(),
        labels: f
            .related
            .iter()
            .map(|r| JsonLabel {
                place: JsonPlace::new(&r.place),
                message: &r.message,
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct BufFinding<'a> {
    #[serde(flatten)]
    place: JsonPlace<'a>,
    #[serde(rename = "type", skip_serializing_if = "str::is_empty")]
    kind: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
}

/// One JSON object exactly as buf prints a finding: `path, start_line,
/// start_column, end_line, end_column, type, message`.
pub fn buf_json_line(f: &Finding) -> String {
    go_json(&BufFinding {
        place: JsonPlace::new(&f.place),
        kind: &f.kind,
        message: &f.message,
    })
}

/// buf's GitHub Actions annotation: `::error file=…,line=…,col=…,
/// endLine=…,endColumn=…::message`.
pub fn buf_github_actions(f: &Finding) -> String {
    let p = &f.place;
    if p.path.is_empty() {
        // A finding with no file (a deleted one) has no position either.
        return format!("::error file=<input>::{}", gh_data(&f.message));
    }
    format!(
        "::error file={},line={},col={},endLine={},endColumn={}::{}",
        gh_property(shown_path(p)),
        p.start_line.max(1),
        p.start_column.max(1),
        p.end_line.max(1),
        p.end_column.max(1),
        gh_data(&f.message)
    )
}

/// The path a text format prints: `<input>` when the finding has none.
fn shown_path(p: &Place) -> &str {
    if p.path.is_empty() {
        "<input>"
    } else {
        &p.path
    }
}

/// Escapes text for a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes text for a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A GitHub Actions workflow command (`::error file=…,line=…::message`),
/// which the runner shows as an annotation on the line.
pub fn github_actions(f: &Finding) -> String {
    let p = &f.place;
    let path = shown_path(p);
    let mut s = format!("::{} file={}", severity_name(f.severity), gh_property(path));
    if p.start_line > 0 {
        s.push_str(&format!(",line={}", p.start_line));
        if p.start_column > 0 {
            s.push_str(&format!(",col={}", p.start_column));
        }
        if p.end_line > 0 {
            s.push_str(&format!(",endLine={}", p.end_line));
            if p.end_column > 0 {
                s.push_str(&format!(",endColumn={}", p.end_column));
            }
        }
    }
    s.push_str(&format!(",title={}", gh_property(&f.kind)));
    s.push_str("::");
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    s.push_str(&gh_data(&message));
    s
}

/// buf's text form of a finding: `path:line:col:message`.
pub fn text_line(f: &Finding) -> String {
    let p = &f.place;
    let path = shown_path(p);
    let message = if f.message.is_empty() {
        &f.kind
    } else {
        &f.message
    };
    format!(
        "{path}:{}:{}:{message}",
        p.start_line.max(1),
        p.start_column.max(1)
    )
}

/// Escapes text for an XML attribute as Go's `encoding/xml` does.
fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test suite per file, one failing test case per finding.
pub fn junit(findings: &[Finding]) -> String {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let path = shown_path(&f.place);
        match groups.iter_mut().find(|(p, _)| *p == path) {
            Some((_, g)) => g.push(f),
            None => groups.push((path, vec![f])),
        }
    }
    let mut s = String::from("<testsuites>");
    for (path, group) in &groups {
        let name = path.strip_suffix(".proto").unwrap_or(path);
        s.push_str(&format!(
            "\n  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            xml_attr(name),
            n = group.len()
        ));
        for f in group {
            let mut case = f.kind.clone();
            if f.place.start_column != 0 {
                case.push_str(&format!("_{}_{}", f.place.start_line, f.place.start_column));
            } else if f.place.start_line != 0 {
                case.push_str(&format!("_{}", f.place.start_line));
            }
            s.push_str(&format!(
                "\n    <testcase name=\"{}\">\n      <failure message=\"{}\" type=\"{}\"></failure>\n    </testcase>",
                xml_attr(&case),
                xml_attr(&text_line(f)),
                xml_attr(&f.kind)
            ));
        }
        s.push_str("\n  </testsuite>");
    }
    if !groups.is_empty() {
        s.push('\n');
    }
    s.push_str("</testsuites>\n");
    s
}

#[derive(Serialize)]
struct GitLabPosition {
    #[serde(skip_serializing_if = "is_zero")]
    line: u32,
    #[serde(skip_serializing_if = "is_zero")]
    column: u32,
}

#[derive(Serialize)]
struct GitLabPositions {
    begin: GitLabPosition,
    end: GitLabPosition,
}

#[derive(Serialize)]
struct GitLabLocation<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    positions: GitLabPositions,
}

#[derive(Serialize)]
struct GitLabIssue<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    check_name: &'a str,
    #[serde(skip_serializing_if = "String::is_empty")]
    fingerprint: String,
    location: GitLabLocation<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    severity: &'static str,
}

/// A GitLab Code Quality report: a JSON array of issues, each with a
/// fingerprint that is the SHAKE256 digest (64 bytes, hex) of the issue's
/// JSON without it. Errors are `minor`, as buf reports its findings;
/// warnings are `info`.
pub fn gitlab_code_quality(findings: &[Finding]) -> String {
    use sha3::digest::{ExtendableOutput, Update, XofReader};
    let issues: Vec<GitLabIssue> = findings
        .iter()
        .map(|f| {
            let mut issue = GitLabIssue {
                description: &f.message,
                check_name: &f.kind,
                fingerprint: String::new(),
                location: GitLabLocation {
                    path: &f.place.path,
                    positions: GitLabPositions {
                        begin: GitLabPosition {
                            line: f.place.start_line,
                            column: f.place.start_column,
                        },
                        end: GitLabPosition {
                            line: f.place.end_line,
                            column: f.place.end_column,
                        },
                    },
                },
                severity: if f.is_error() { "minor" } else { "info" },
            };
            let mut hasher = sha3::Shake256::default();
            hasher.update(go_json(&issue).as_bytes());
            let mut digest = [0u8; 64];
            hasher.finalize_xof().read(&mut digest);
            issue.fingerprint = digest.iter().map(|b| format!("{b:02x}")).collect();
            issue
        })
        .collect();
    let mut s = go_json(&issues);
    s.push('\n');
    s
}

/// A SARIF 2.1.0 log with one run: the rules are the codes the findings
/// use, each with its summary; results point at the primary place, with
/// labels as related locations.
pub fn sarif(findings: &[Finding], version: &str) -> String {
    use serde_json::{json, Value};
    let mut rules: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let location = |p: &Place| -> Value {
        let mut region = serde_json::Map::new();
        for (k, v) in [
            ("startLine", p.start_line),
            ("startColumn", p.start_column),
            ("endLine", p.end_line),
            ("endColumn", p.end_column),
        ] {
            if v > 0 {
                region.insert(k.into(), v.into());
            }
        }
        let mut physical = json!({ "artifactLocation": { "uri": p.path } });
        if !region.is_empty() {
            physical["region"] = Value::Object(region);
        }
        json!({ "physicalLocation": physical })
    };
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut r = json!({
                "ruleId": f.kind,
                "ruleIndex": rules.binary_search(&f.kind.as_str()).unwrap_or(0),
                "level": severity_name(f.severity),
                "message": { "text": text },
            });
            if !f.place.path.is_empty() {
                r["locations"] = json!([location(&f.place)]);
            }
            if !f.related.is_empty() {
                r["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, rel)| {
                        let mut l = location(&rel.place);
                        l["id"] = i.into();
                        l["message"] = json!({ "text": rel.message });
                        l
                    })
                    .collect();
            }
            r
        })
        .collect();
    let rules: Vec<Value> = rules
        .iter()
        .map(|id| {
            let summary = Code::from_id(id).map_or(*id, |c| c.summary());
            json!({
                "id": id,
                "shortDescription": { "text": summary },
                "help": { "text": format!("protogen explain {id}") },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "protogen",
                    "version": version,
                    "rules": rules,
                }
            },
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    s.push('\n');
    s
}
