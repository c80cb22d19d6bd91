//! devserver/README.md as a new user reads it: the defaults its flag table gives are the binary's, and its curl
//! walkthrough, run as written (bash and curl) against a server started without `--db`, does what its comments say.

mod common;

use common::{temp_dir, Server};
use std::process::Command;

const README: &str = include_str!("../README.md");

/// The `sh` block under "## curl walkthrough".
fn walkthrough() -> &'static str {
    let (_, section) = README
        .split_once("## curl walkthrough")
        .expect("README has a curl walkthrough");
    let (_, block) = section.split_once("```sh\n").expect("an sh block");
    block.split_once("```").expect("a closed block").0
}

#[test]
fn help_and_readme_give_the_same_defaults() {
    let out = Command::new(env!("CARGO_BIN_EXE_apikeys-devserver"))
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for (flag, default) in [
        ("--addr", "127.0.0.1:8787"),
        ("--db", ".devserver/apikeys.db"),
        ("--key-quota", "100"),
    ] {
        assert!(
            help.contains(&format!("[default: {default}]")),
            "{flag}: --help does not show the default {default}:\n{help}"
        );
        let row = README
            .lines()
            .find(|l| l.starts_with(&format!("| `{flag} ")))
            .unwrap_or_else(|| panic!("README's flag table has no {flag} row"));
        assert!(
            row.contains(&format!("| `{default}` |")),
            "README's {flag} row does not give {default}: {row}"
        );
    }
    assert!(README.contains(
        "cargo run -p apikeys-devserver            # → apikeys-devserver listening on http://127.0.0.1:8787"
    ));
}

#[test]
fn the_curl_walkthrough_runs_as_written() {
    let dir = temp_dir("walkthrough");
    let server = Server::start_in(&dir, &[]);
    assert!(
        dir.join(".devserver/apikeys.db").is_file(),
        "without --db the server creates .devserver/apikeys.db, with its directory"
    );

    // The script as written, but for the address (the test's server has a port of its own) and the two lines a
    // reader fills in by hand from the create response, which read it from the output instead.
    let url_line = "URL=http://127.0.0.1:8787\n";
    let script = walkthrough();
    assert!(
        script.starts_with(url_line),
        "the walkthrough starts with {url_line:?}"
    );
    let mut filled = 0;
    let body: Vec<String> = script
        .replacen(url_line, &format!("URL={}\n", server.url()), 1)
        .lines()
        .map(|line| match line.split_once('=') {
            Some(("SECRET", _)) => {
                filled += 1;
                r#"SECRET=$(sed -nE 's/.*"secret":"([^"]+)".*/\1/p' "$OUT" | tail -n 1)"#.to_owned()
            }
            Some(("KEY_ID", _)) => {
                filled += 1;
                r#"KEY_ID=$(sed -nE '/"secret"/ s/.*[{,]"id":"([^"]+)".*/\1/p' "$OUT" | tail -n 1)"#
                    .to_owned()
            }
            _ => line.to_owned(),
        })
        .collect();
    assert_eq!(
        filled, 2,
        "the walkthrough has SECRET= and KEY_ID= lines to fill in"
    );
    let out_file = dir.join("out.txt");
    // Every response on a line of its own in OUT; any HTTP error status fails the script.
    let prelude = format!(
        "set -euo pipefail\nOUT='{}'\nexec >\"$OUT\"\ncurl() {{ command curl --fail-with-body \"$@\"; echo; }}\n",
        out_file.display()
    );
    let run = Command::new("bash")
        .arg("-c")
        .arg(prelude + &body.join("\n"))
        .current_dir(&dir)
        .output()
        .expect("run bash (and curl)");
    let out = std::fs::read_to_string(&out_file).unwrap_or_default();
    assert!(
        run.status.success(),
        "the walkthrough failed: {}\nstderr: {}\noutput:\n{out}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );

    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    let expected: [(&str, &[&str]); 6] = [
        (
            "create",
            &[
                r#""object":"api_key""#,
                r#""name":"ci-deploy""#,
                r#""secret":"ak_"#,
            ],
        ),
        ("list", &[r#""total_count":1"#, r#""name":"ci-deploy""#]),
        (
            "whoami",
            &[r#""subject":"user_alice""#, r#""name":"ci-deploy""#],
        ),
        (
            "revoke",
            &[r#""revoked":true"#, r#""revocation_reason":"rotated""#],
        ),
        (
            "list with include_invalid",
            &[r#""total_count":1"#, r#""revoked":true"#],
        ),
        ("sign out", &[r#"{"signed_out":true}"#]),
    ];
    assert_eq!(lines.len(), expected.len(), "one answer per curl:\n{out}");
    for ((step, marks), line) in expected.iter().zip(&lines) {
        for mark in *marks {
            assert!(line.contains(mark), "{step}: no {mark} in {line}");
        }
    }

    // The secret is in the create response and nowhere else; once revoked, whoami answers 401.
    let secret = lines[0]
        .split_once(r#""secret":""#)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(s, _)| s)
        .expect("a secret in the create response");
    assert!(lines[1..].iter().all(|l| !l.contains(secret)));
    assert_eq!(server.get("/demo/whoami", Some(secret)).status, 401);
}
