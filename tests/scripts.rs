//! Plans written in other scripts, through the real binary: Chinese,
//! Japanese, Korean, Thai, Devanagari, Arabic, Hebrew and mathematical
//! letters in titles, owners and prose build; the PDF's text is the text as
//! written (extracted by poppler's `pdftotext`, which puts right-to-left
//! text back in reading order); Arabic is joined; the site marks its text
//! blocks so right-to-left text reads the same as in the PDF; what no font
//! has is still a `check` error at its own line.

mod common;
use common::{migplan, text};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

/// A copy of `tests/fixtures/base` with `edits` (file, from, to) applied.
fn project(name: &str, edits: &[(&str, &str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-scripts-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for e in fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, content.join(p.file_name().unwrap())).unwrap();
    }
    for (file, from, to) in edits {
        let path = content.join(file);
        let before = fs::read_to_string(&path).unwrap();
        assert!(before.contains(from), "{file} has no {from:?}");
        fs::write(&path, before.replacen(from, to, 1)).unwrap();
    }
    dir
}

fn build(root: &Path) -> Output {
    migplan(&["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
}

/// The PDF's text as poppler extracts it (reading order), whitespace
/// collapsed and poppler's directional marks dropped.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    text(&out.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const TITLES: [(&str, &str); 4] = [
    ("title: Schedule migration", "title: 安排数据迁移"),
    ("title: Order hardware", "title: ハードウェアを注文する"),
    ("title: Migrate data", "title: ย้ายข้อมูลทั้งหมด"),
    (
        "title: Verify all programs work",
        "title: التحقق من عمل جميع البرامج",
    ),
];

const OWNERS: [(&str, &str); 3] = [
    ("owner: IT Manager", "owner: 김민준 팀장"),
    ("owner: Engineer", "owner: राहुल शर्मा"),
    ("owner: Tech", "owner: דוד כהן"),
];

const PROSE: &str = "\n\nThe clinic مدرسة النور moves on Saturday. בית ספר. \
Math: 𝑓(𝑥) = 𝑥² for 𝑥 ∈ ℝ. हिन्दी: डेटा माइग्रेशन शनिवार को होगा। \
ภาษาไทย: การย้ายข้อมูล 数据迁移计划，然后验证每个程序。\n\nببب\n";

fn many_scripts(name: &str) -> PathBuf {
    let mut edits: Vec<(&str, &str, &str)> = Vec::new();
    for (from, to) in TITLES {
        edits.push(("tasks.yaml", from, to));
    }
    for (from, to) in OWNERS {
        edits.push(("tasks.yaml", from, to));
    }
    edits.push((
        "plan.yaml",
        "title: Fixture plan",
        "title: Fixture plan 𝐀𝐁𝐂",
    ));
    edits.push(("plan.yaml", "client: Example Clinic", "client: مدرسة النور"));
    let root = project(name, &edits);
    let section = root.join("content/section.md");
    let mut md = fs::read_to_string(&section).unwrap();
    md.push_str(PROSE);
    fs::write(&section, md).unwrap();
    root
}

#[test]
fn a_plan_in_many_scripts_builds_and_its_pdf_has_the_text_as_written() {
    let root = many_scripts("many");
    let check = migplan(&["check", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = root.join("output/1.0.0/fixture-plan-1.0.0.pdf");
    let all = pdf_text(&pdf);
    let expected = TITLES
        .iter()
        .chain(&OWNERS)
        .map(|(_, to)| to.split_once(": ").unwrap().1)
        .chain([
            "مدرسة النور",
            "𝐀𝐁𝐂",
            "בית ספר",
            "𝑓(𝑥) = 𝑥²",
            "डेटा माइग्रेशन शनिवार को होगा।",
            "การย้ายข้อมูล",
        ]);
    for needle in expected {
        assert!(
            all.contains(needle),
            "the PDF's text lacks {needle:?}:\n{all}"
        );
    }
    // The Chinese sentence is wrapped between characters: all of it is
    // there, in order, whatever the line breaks.
    let joined: String = all.split(' ').collect();
    assert!(joined.contains("数据迁移计划，然后验证每个程序。"), "{all}");
    let _ = fs::remove_dir_all(&root);
}

/// Every (font, code) the PDF's ToUnicode maps show as `unicode` (hex).
fn codes_showing(pdf: &[u8], unicode: &str) -> BTreeSet<(String, String)> {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf parses the PDF");
    let mut out = BTreeSet::new();
    for (id, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"Font".as_slice()) {
            continue;
        }
        let Ok(cmap) = dict.get(b"ToUnicode").and_then(|r| r.as_reference()) else {
            continue;
        };
        let stream = doc.get_object(cmap).unwrap().as_stream().unwrap();
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        for line in text(&data).lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let [code, to] = parts[..]
                && to.trim_matches(['<', '>']).eq_ignore_ascii_case(unicode)
            {
                out.insert((format!("{id:?}"), code.to_string()));
            }
        }
    }
    out
}

#[test]
fn arabic_letters_are_joined_in_the_pdf() {
    // "ببب": three beh letters joined are three glyphs (initial, medial,
    // final), each drawn for U+0628; unjoined, one glyph three times.
    let root = project(
        "arabic",
        &[("tasks.yaml", "title: Migrate data", "title: ببب")],
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap();
    let behs = codes_showing(&pdf, "0628");
    assert!(behs.len() >= 3, "beh drawn with {behs:?}");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn right_to_left_text_reads_in_order_and_the_site_marks_its_direction() {
    let root = project(
        "rtl",
        &[
            ("tasks.yaml", "owner: Tech", "owner: דוד כהן"),
            // An override inside a right-to-left name: it must neither show
            // in the site nor reorder the PDF.
            (
                "people.yaml",
                "name: Lead Engineer",
                "name: מהנדס \u{202E}ראשי",
            ),
        ],
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("people.yaml:") && stderr.contains("U+202E RIGHT-TO-LEFT OVERRIDE"),
        "{stderr}"
    );
    let pdf = pdf_text(&root.join("output/1.0.0/fixture-plan-1.0.0.pdf"));
    assert!(pdf.contains("דוד כהן"), "{pdf}");
    assert!(pdf.contains("מהנדס ראשי"), "{pdf}");
    assert!(!pdf.contains('\u{202E}'));
    let site = root.join("output/1.0.0");
    let schedule = fs::read_to_string(site.join("schedule.html")).unwrap();
    assert!(schedule.contains("דוד כהן"));
    for page in ["index.html", "signoff.html"] {
        let html = fs::read_to_string(site.join(page)).unwrap();
        assert!(!html.contains('\u{202E}'), "{page} keeps the override");
    }
    let signoff = fs::read_to_string(site.join("signoff.html")).unwrap();
    assert!(
        signoff.contains("מהנדס ראשי"),
        "the name as the PDF shows it"
    );
    // Text blocks take their direction from their first letter (as the PDF
    // does), so a right-to-left cell or paragraph reads the same in both.
    assert!(schedule.contains("href=\"assets/style.css\""));
    let css = fs::read_to_string(site.join("assets/style.css")).unwrap();
    assert!(
        css.contains("td, th, h1, h2, h3, h4, h5, h6, caption, figcaption, blockquote, summary { unicode-bidi: plaintext; }"),
        "the site's stylesheet sets the direction of text blocks"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn what_no_font_has_is_a_check_error_at_its_line() {
    let root = project(
        "tibetan",
        &[(
            "tasks.yaml",
            "title: Migrate data",
            "title: Migrate data 数据 (ལྷ་ས)",
        )],
    );
    let out = migplan(&["check", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    let line = fs::read_to_string(root.join("content/tasks.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("ལྷ"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("tasks.yaml:{line}:"))
            && stderr.contains("(U+0F63) cannot be drawn in the PDF"),
        "{stderr}"
    );
    // The Chinese before it is drawn: only the Tibetan is reported.
    assert!(!stderr.contains("U+6570"), "{stderr}");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_few_chinese_characters_add_little_to_the_pdf() {
    let plain = project("size-plain", &[]);
    let cjk = project(
        "size-cjk",
        &[(
            "tasks.yaml",
            "title: Order hardware",
            "title: 订购服务器硬件",
        )],
    );
    for root in [&plain, &cjk] {
        let out = build(root);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let size = |root: &Path| {
        fs::metadata(root.join("output/1.0.0/fixture-plan-1.0.0.pdf"))
            .unwrap()
            .len()
    };
    let (a, b) = (size(&plain), size(&cjk));
    // Subset: a few KB for the glyphs used, not the 4 MB font.
    assert!(b > a && b - a < 40_000, "{a} -> {b} bytes");
    for root in [plain, cjk] {
        let _ = fs::remove_dir_all(root);
    }
}
