//! Signed sign-offs through the real binary and the real `ssh-keygen`:
//! `migplan sign` writes an entry that `check` accepts and `ssh-keygen -Y
//! verify` accepts; a signature `ssh-keygen -Y sign` made over `migplan sign
//! --statement` is accepted; tampering, another decision and another key are
//! errors at the sign-off's line; the site and the PDF say how each sign-off
//! was recorded.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const AS_OF: &str = "2026-11-22";

fn migplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .output()
        .expect("run migplan")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `ssh-keygen` is needed to make keys and to check our signatures
/// independently; without it the test says so and passes.
fn have_ssh_keygen() -> bool {
    let ok = Command::new("ssh-keygen")
        .arg("-?")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !ok {
        eprintln!("note: ssh-keygen is not installed; signed sign-off tests skipped");
    }
    ok
}

/// The fixture plan in a fresh folder, with a key pair for `engineer`
/// (`keys/engineer`, `.pub`) whose public half is their `ssh_key`.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-sign-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::create_dir_all(dir.join("keys")).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for e in fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, dir.join("content").join(p.file_name().unwrap())).unwrap();
    }
    let key = keygen(&dir, "engineer", "");
    let people = dir.join("content/people.yaml");
    let t = fs::read_to_string(&people).unwrap();
    let t = t.replacen(
        "    organization: Example IT\n",
        &format!(
            "    organization: Example IT\n    ssh_key: {}\n",
            key.trim()
        ),
        1,
    );
    fs::write(&people, t).unwrap();
    dir
}

/// Makes `keys/<name>` (Ed25519, passphrase `pass`) and returns the public
/// key line.
fn keygen(root: &Path, name: &str, pass: &str) -> String {
    let path = root.join("keys").join(name);
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", pass, "-C"])
        .arg(format!("{name}@test"))
        .arg("-f")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    fs::read_to_string(path.with_extension("pub")).unwrap()
}

/// `ssh-keygen -l`'s SHA256 fingerprint of a public key file.
fn fingerprint(pub_file: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(pub_file)
        .output()
        .unwrap();
    text(&out.stdout)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string()
}

fn statement(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["sign", "--root", root.to_str().unwrap(), "--by", "engineer"];
    args.extend(["--statement", "--date", "2026-11-21"]);
    args.extend(extra);
    let out = migplan(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn check(root: &Path) -> Output {
    migplan(&["check", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
}

/// The armored block inside a YAML file, without its indentation.
fn armored(yaml: &str) -> String {
    let start = yaml.find("-----BEGIN SSH SIGNATURE-----").unwrap();
    let end = yaml.find("-----END SSH SIGNATURE-----").unwrap() + 27;
    yaml[start..end]
        .lines()
        .map(|l| format!("{}\n", l.trim()))
        .collect()
}

/// `ssh-keygen -Y sign` of `message` with `keys/<name>`.
fn ssh_sign(root: &Path, name: &str, message: &str) -> String {
    let msg = root.join("message.txt");
    fs::write(&msg, message).unwrap();
    // ssh-keygen does not overwrite an earlier signature file.
    let _ = fs::remove_file(msg.with_extension("txt.sig"));
    let out = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "migplan-signoff", "-f"])
        .arg(root.join("keys").join(name))
        .arg(&msg)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    fs::read_to_string(msg.with_extension("txt.sig")).unwrap()
}

/// A signoffs file with one signed entry; the entry's `by` is on line 3.
fn signed_entry(decision: &str, hash: &str, signature: &str) -> String {
    let sig: String = signature.lines().map(|l| format!("      {l}\n")).collect();
    format!(
        "# signed by hand with ssh-keygen\nsignoffs:\n  - by: engineer\n    version: 1.0.0\n    decision: {decision}\n    date: 2026-11-21\n    hash: {hash}\n    signature: |\n{sig}"
    )
}

#[test]
fn sign_writes_an_entry_that_check_and_ssh_keygen_accept() {
    if !have_ssh_keygen() {
        return;
    }
    let root = project("write");
    let r = root.to_str().unwrap();
    let file = root.join("content/signoffs.yaml");
    // A record kept by hand: comments and a typed sign-off must stay as written.
    let before = "# Sign-offs. Typed ones are recorded by the project manager.\nsignoffs:\n  - by: engineer   # by phone\n    version: 0.9.0\n    decision: changes-requested\n    date: 2026-10-01\n\n# signed ones below\n";
    fs::write(&file, before).unwrap();

    let key = root.join("keys/engineer");
    let out = migplan(&[
        "sign",
        "--root",
        r,
        "--by",
        "engineer",
        "--key",
        key.to_str().unwrap(),
        "--date",
        "2026-11-21",
        "--comment",
        "Fine: go ahead",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = fs::read_to_string(&file).unwrap();
    assert!(after.starts_with(before), "earlier bytes kept:\n{after}");
    let added = &after[before.len()..];
    assert!(added.starts_with("  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-21\n    comment: \"Fine: go ahead\"\n    hash: "), "{added}");

    let c = check(&root);
    assert_eq!(c.status.code(), Some(0), "{}", text(&c.stderr));
    assert!(
        text(&c.stderr).contains("no problems"),
        "{}",
        text(&c.stderr)
    );

    // ssh-keygen, on its own, accepts the signature over the statement.
    let stmt = statement(&root, &[]);
    let hash = stmt
        .lines()
        .find_map(|l| l.strip_prefix("content: "))
        .unwrap();
    assert!(
        added.contains(&format!("    hash: {hash}\n")),
        "the full hash is recorded"
    );
    fs::write(root.join("statement.txt"), &stmt).unwrap();
    fs::write(root.join("sig"), armored(added)).unwrap();
    let public = fs::read_to_string(key.with_extension("pub")).unwrap();
    fs::write(
        root.join("allowed_signers"),
        format!("engineer namespaces=\"migplan-signoff\" {public}"),
    )
    .unwrap();
    let verify = Command::new("ssh-keygen")
        .args([
            "-Y",
            "verify",
            "-I",
            "engineer",
            "-n",
            "migplan-signoff",
            "-f",
        ])
        .arg(root.join("allowed_signers"))
        .arg("-s")
        .arg(root.join("sig"))
        .stdin(fs::File::open(root.join("statement.txt")).unwrap())
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "ssh-keygen -Y verify: {}{}",
        text(&verify.stdout),
        text(&verify.stderr)
    );
    // ... and refuses it for another decision.
    fs::write(
        root.join("other.txt"),
        stmt.replace("decision: approved", "decision: rejected"),
    )
    .unwrap();
    let refused = Command::new("ssh-keygen")
        .args([
            "-Y",
            "verify",
            "-I",
            "engineer",
            "-n",
            "migplan-signoff",
            "-f",
        ])
        .arg(root.join("allowed_signers"))
        .arg("-s")
        .arg(root.join("sig"))
        .stdin(fs::File::open(root.join("other.txt")).unwrap())
        .output()
        .unwrap();
    assert!(!refused.status.success());

    // The site and the PDF say how each decision was recorded.
    let fp = fingerprint(&key.with_extension("pub"));
    assert!(fp.starts_with("SHA256:"), "{fp}");
    let out = migplan(&["build", "--root", r, "--as-of", AS_OF]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = fs::read_to_string(root.join("output/1.0.0/signoff.html")).unwrap();
    assert!(
        page.contains(&format!("Signed with SSH key <code>{fp}</code>")),
        "site shows the key's fingerprint"
    );
    assert!(
        page.contains("Recorded by the plan&#39;s owner"),
        "the typed sign-off says it was typed"
    );
    let pdf = fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap();
    let pdf_text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    assert!(
        pdf_text.contains(&format!("Signed with SSH key {fp}")),
        "PDF shows the key's fingerprint"
    );
    assert!(pdf_text.contains("Recorded by the plan's owner"));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn ssh_keygen_signatures_are_accepted_and_altered_ones_refused_at_their_line() {
    if !have_ssh_keygen() {
        return;
    }
    let root = project("verify");
    let file = root.join("content/signoffs.yaml");
    let stmt = statement(&root, &["--decision", "changes-requested"]);
    assert!(stmt.starts_with("migplan sign-off\nplan: Fixture plan\nversion: 1.0.0\ncontent: "));
    assert!(stmt.ends_with("\ndecision: changes-requested\ndate: 2026-11-21\nby: engineer\n"));
    let hash = stmt
        .lines()
        .find_map(|l| l.strip_prefix("content: "))
        .unwrap()
        .to_string();
    assert_eq!(hash.len(), 64);
    let sig = ssh_sign(&root, "engineer", &stmt);

    fs::write(&file, signed_entry("changes-requested", &hash, &sig)).unwrap();
    let c = check(&root);
    assert_eq!(c.status.code(), Some(0), "{}", text(&c.stderr));

    let expect_error = |yaml: String, message: &str| {
        fs::write(&file, yaml).unwrap();
        let c = check(&root);
        let err = text(&c.stderr);
        assert_eq!(c.status.code(), Some(1), "expected `{message}`: {err}");
        assert!(
            err.contains(&format!("content/signoffs.yaml:3:9: error: {message}")),
            "{err}"
        );
        assert!(err.contains("3 |   - by: engineer\n"), "{err}");
    };
    // Another decision than the one signed.
    expect_error(
        signed_entry("approved", &hash, &sig),
        "the signature of the sign-off by `engineer` does not verify",
    );
    // Another date than the one signed.
    expect_error(
        signed_entry("changes-requested", &hash, &sig).replace("2026-11-21", "2026-11-20"),
        "the signature of the sign-off by `engineer` does not verify",
    );
    // One character of the signature changed (inside the signature bytes,
    // which end the block).
    let lines: Vec<&str> = sig.lines().collect();
    let last = lines[lines.len() - 2];
    let flipped = last.replacen(
        &last[10..11],
        if &last[10..11] == "A" { "B" } else { "A" },
        1,
    );
    let tampered = sig.replacen(last, &flipped, 1);
    assert_ne!(tampered, sig);
    expect_error(
        signed_entry("changes-requested", &hash, &tampered),
        "the signature of the sign-off by `engineer`",
    );
    // Signed with another key.
    keygen(&root, "intruder", "");
    let other = ssh_sign(&root, "intruder", &stmt);
    expect_error(
        signed_entry("changes-requested", &hash, &other),
        "the sign-off by `engineer` is signed with another key",
    );
    // Signed for another purpose.
    let msg = root.join("message.txt");
    fs::write(&msg, &stmt).unwrap();
    let _ = fs::remove_file(msg.with_extension("txt.sig"));
    let git = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "git", "-f"])
        .arg(root.join("keys/engineer"))
        .arg(&msg)
        .output()
        .unwrap();
    assert!(git.status.success());
    let git_sig = fs::read_to_string(msg.with_extension("txt.sig")).unwrap();
    expect_error(
        signed_entry("changes-requested", &hash, &git_sig),
        "the signature of the sign-off by `engineer` was made for `git`",
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn sign_refuses_what_it_cannot_sign_and_leaves_the_file_alone() {
    if !have_ssh_keygen() {
        return;
    }
    let root = project("refuse");
    let r = root.to_str().unwrap();
    let file = root.join("content/signoffs.yaml");
    let before =
        "signoffs:\n  - by: practice-manager\n    version: 0.9.0\n    decision: approved\n";
    fs::write(&file, before).unwrap();
    keygen(&root, "locked", "a passphrase");
    keygen(&root, "someone-else", "");
    let key = |n: &str| root.join("keys").join(n).to_str().unwrap().to_string();
    for (args, code, message) in [
        (
            vec!["--by", "enginer", "--key", &key("engineer")],
            2,
            "did you mean `engineer`?",
        ),
        (
            vec!["--by", "engineer", "--key", &key("locked")],
            2,
            "protected by a passphrase",
        ),
        (
            vec!["--by", "engineer", "--key", &key("locked")],
            2,
            "ssh-keygen -Y sign -f",
        ),
        (
            vec!["--by", "engineer", "--key", &key("someone-else")],
            2,
            "is not `engineer`'s key",
        ),
        (
            vec!["--by", "engineer", "--key", &key("engineer.pub")],
            2,
            "not an OpenSSH private key",
        ),
        (
            vec!["--by", "practice-manager", "--key", &key("engineer")],
            2,
            "`practice-manager` has no `ssh_key`",
        ),
    ] {
        let mut all = vec!["sign", "--root", r];
        all.extend(args.iter().copied());
        let out = migplan(&all);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), before, "{args:?}");
    }
    // A one-line list cannot be appended to without rewriting it.
    fs::write(&file, "signoffs: []\n").unwrap();
    let out = migplan(&[
        "sign",
        "--root",
        r,
        "--by",
        "engineer",
        "--key",
        &key("engineer"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("written on one line"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "signoffs: []\n");
    // A plan with errors is not signed.
    fs::write(&file, before).unwrap();
    let plan = root.join("content/plan.yaml");
    let p = fs::read_to_string(&plan).unwrap();
    fs::write(&plan, p.replace("status: review", "status: approved")).unwrap();
    let out = migplan(&[
        "sign",
        "--root",
        r,
        "--by",
        "engineer",
        "--key",
        &key("engineer"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("nothing was signed"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), before);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn approved_needs_someone_who_signs() {
    let root = std::env::temp_dir().join(format!("migplan-sign-nobody-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("content")).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for e in fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, root.join("content").join(p.file_name().unwrap())).unwrap();
    }
    let edit = |name: &str, from: &str, to: &str| {
        let path = root.join("content").join(name);
        let t = fs::read_to_string(&path).unwrap();
        assert!(t.contains(from));
        fs::write(&path, t.replace(from, to)).unwrap();
    };
    edit("plan.yaml", "status: review", "status: approved");
    edit("people.yaml", "signs: true", "signs: false");
    // Nobody must sign, but the practice manager approved 1.0.0: a warning.
    let c = check(&root);
    let err = text(&c.stderr);
    assert_eq!(c.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: status is `approved`, but no stakeholder has `signs: true`"),
        "{err}"
    );
    // Nobody must sign and nobody approved: "Approved" would be a claim no
    // one made.
    edit(
        "people.yaml",
        "    decision: approved\n",
        "    decision: rejected\n",
    );
    let c = check(&root);
    let err = text(&c.stderr);
    assert_eq!(c.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/plan.yaml:5:11: error: status is `approved`, but nobody signs version 1.0.0"
        ),
        "{err}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn ecdsa_p256_keys_sign_and_verify_too() {
    if !have_ssh_keygen() {
        return;
    }
    let root = project("ecdsa");
    let r = root.to_str().unwrap();
    let key = root.join("keys/ecdsa");
    let out = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ecdsa",
            "-b",
            "256",
            "-N",
            "",
            "-C",
            "ecdsa@test",
            "-f",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let public = fs::read_to_string(key.with_extension("pub")).unwrap();
    assert!(public.starts_with("ecdsa-sha2-nistp256 "));
    let people = root.join("content/people.yaml");
    let t = fs::read_to_string(&people).unwrap();
    let start = t.find("    ssh_key: ").unwrap();
    let end = start + t[start..].find('\n').unwrap();
    fs::write(
        &people,
        format!("{}    ssh_key: {}{}", &t[..start], public.trim(), &t[end..]),
    )
    .unwrap();

    // Signed by migplan, checked by migplan and by ssh-keygen.
    let out = migplan(&[
        "sign",
        "--root",
        r,
        "--by",
        "engineer",
        "--key",
        key.to_str().unwrap(),
        "--date",
        "2026-11-21",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let c = check(&root);
    assert_eq!(c.status.code(), Some(0), "{}", text(&c.stderr));
    let yaml = fs::read_to_string(root.join("content/signoffs.yaml")).unwrap();
    fs::write(root.join("sig"), armored(&yaml)).unwrap();
    fs::write(
        root.join("allowed_signers"),
        format!("engineer namespaces=\"migplan-signoff\" {public}"),
    )
    .unwrap();
    fs::write(root.join("statement.txt"), statement(&root, &[])).unwrap();
    let verify = Command::new("ssh-keygen")
        .args([
            "-Y",
            "verify",
            "-I",
            "engineer",
            "-n",
            "migplan-signoff",
            "-f",
        ])
        .arg(root.join("allowed_signers"))
        .arg("-s")
        .arg(root.join("sig"))
        .stdin(fs::File::open(root.join("statement.txt")).unwrap())
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", text(&verify.stderr));

    // Signed by ssh-keygen over another decision: refused.
    let stmt = statement(&root, &["--decision", "rejected"]);
    let sig = ssh_sign(&root, "ecdsa", &stmt);
    let hash = stmt
        .lines()
        .find_map(|l| l.strip_prefix("content: "))
        .unwrap();
    fs::write(
        root.join("content/signoffs.yaml"),
        signed_entry("approved", hash, &sig),
    )
    .unwrap();
    let c = check(&root);
    assert_eq!(c.status.code(), Some(1));
    assert!(text(&c.stderr).contains("content/signoffs.yaml:3:9: error: the signature of the sign-off by `engineer` does not verify"));
    let _ = fs::remove_dir_all(&root);
}
