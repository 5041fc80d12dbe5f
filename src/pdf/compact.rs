//! krilla's PDF -> the same objects, smaller: every object that is not a
//! stream is packed into compressed object streams, and the
//! cross-reference table becomes a compressed cross-reference stream (both
//! PDF 1.5, allowed by PDF/A-2 and -3; PDF/A-1 alone forbids them).
//!
//! Why: krilla 0.8 writes every structure element, annotation and page
//! dictionary as a plain object, and a 20-byte cross-reference entry for
//! each. A 10,000-task plan has 84,000 objects: 12 of its 17 MB were
//! uncompressed dictionaries and the table (8.0 MB after this pass).
//!
//! It only rearranges what krilla wrote: objects keep their numbers and
//! their bytes (streams are copied as they are), and the output depends on
//! nothing but the input, so the document stays reproducible. Input it
//! does not recognise as krilla's (no classic cross-reference table, an
//! object it cannot find) is returned unchanged.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rayon::prelude::*;

/// Deflate level of the object streams and the cross-reference stream:
/// the dictionaries repeat so much that a fast level does nearly as well
/// as the default 6 at a fraction of the time. zlib-rs's level 1 (its
/// "quick" strategy) loses more: the 10,000-task document was 8.69 MB at
/// level 1 and 7.84 MB at level 6; level 2 is zlib's classic fast
/// strategy (7.6 MB of dictionaries: 1.02 MB in 71 ms against 0.85 MB in
/// 236 ms at level 6, measured with zlib).
const OBJECT_LEVEL: u32 = 2;
/// Objects per object stream: enough for deflate to find the repetition
/// between structure elements, few enough that a reader decompresses
/// little to reach one object.
const PER_STREAM: usize = 200;

/// One object of the input: its number, and its bytes between `N 0 obj`
/// and `endobj`.
struct Object<'a> {
    num: u32,
    body: &'a [u8],
}

/// `pdf` (as krilla writes it) with object streams and a cross-reference
/// stream; `pdf` itself when it is not in
/// the shape this expects.
pub fn compact(pdf: Vec<u8>) -> Vec<u8> {
    match crate::profile::stage("pdf: pack objects", || rewrite(&pdf)) {
        Some(out) => out,
        None => pdf,
    }
}

fn rewrite(pdf: &[u8]) -> Option<Vec<u8>> {
    let (objects, header_end, trailer) = parse(pdf)?;
    let size = objects.iter().map(|o| o.num).max()? + 1;
    let (streams, plain): (Vec<&Object>, Vec<&Object>) =
        objects.iter().partition(|o| is_stream(o.body));

    // The objects that are not streams, in groups, each group one compressed object stream.
    let groups: Vec<&[&Object]> = plain.chunks(PER_STREAM).collect();
    let packed: Vec<(Vec<u8>, Vec<u8>)> = groups
        .par_iter()
        .map(|group| object_stream(group))
        .collect();

    // Object numbers: the input's, then one per object stream, then the
    // cross-reference stream.
    let first_stm = size;
    let xref_num = first_stm + packed.len() as u32;
    let total = xref_num + 1;
    // Per object: (type, field 2, field 3) as the cross-reference stream
    // records it.
    let mut entries: Vec<(u8, u64, u16)> = vec![(0, 0, 0); total as usize];
    entries[0] = (0, 0, 0xffff);
    let mut out = Vec::with_capacity(pdf.len() / 2);
    out.extend_from_slice(&pdf[..header_end]);
    for o in &streams {
        entries[o.num as usize] = (1, out.len() as u64, 0);
        writeln!(out, "{} 0 obj", o.num).ok()?;
        out.extend_from_slice(o.body);
        out.extend_from_slice(b"\nendobj\n");
    }
    for (i, (group, (head, data))) in groups.iter().zip(&packed).enumerate() {
        let num = first_stm + i as u32;
        entries[num as usize] = (1, out.len() as u64, 0);
        for (index, o) in group.iter().enumerate() {
            entries[o.num as usize] = (2, num as u64, index as u16);
        }
        write!(
            out,
            "{num} 0 obj\n<</Type/ObjStm/N {}/First {}/Length {}/Filter/FlateDecode>>\nstream\n",
            group.len(),
            head.len(),
            data.len()
        )
        .ok()?;
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let xref_at = out.len() as u64;
    entries[xref_num as usize] = (1, xref_at, 0);
    // Field widths: type 1 byte, offsets and stream numbers in as few
    // bytes as the largest needs, indexes and generations 2 bytes.
    let largest = entries.iter().map(|e| e.1).max().unwrap_or(0);
    let w2 = (8 - largest.leading_zeros() as usize / 8).max(1);
    let mut table = Vec::with_capacity(entries.len() * (3 + w2));
    for (kind, f2, f3) in &entries {
        table.push(*kind);
        table.extend_from_slice(&f2.to_be_bytes()[8 - w2..]);
        table.extend_from_slice(&f3.to_be_bytes());
    }
    let table = deflate(&table, OBJECT_LEVEL);
    write!(
        out,
        "{xref_num} 0 obj\n<</Type/XRef/Size {total}/W[1 {w2} 2]{trailer}/Length {}/Filter/FlateDecode>>\nstream\n",
        table.len()
    )
    .ok()?;
    out.extend_from_slice(&table);
    write!(out, "\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").ok()?;
    Some(out)
}

/// The objects of `pdf` by its cross-reference table, the length of the
/// header before them, and the trailer's entries other than `/Size` (the
/// root, the info dictionary, the file identifiers).
fn parse(pdf: &[u8]) -> Option<(Vec<Object<'_>>, usize, String)> {
    let startxref = rfind(pdf, b"startxref")?;
    let xref_at: usize = std::str::from_utf8(pdf.get(startxref + 9..)?)
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let table = pdf.get(xref_at..startxref)?;
    let table = std::str::from_utf8(table).ok()?;
    let (table, trailer) = table.split_once("trailer")?;
    let mut words = table.split_ascii_whitespace();
    if words.next()? != "xref" {
        return None;
    }
    let mut offsets: Vec<(usize, u32)> = Vec::new();
    while let Some(first) = words.next() {
        let first: u32 = first.parse().ok()?;
        let count: u32 = words.next()?.parse().ok()?;
        for num in first..first + count {
            let offset: usize = words.next()?.parse().ok()?;
            let generation: u32 = words.next()?.parse().ok()?;
            match words.next()? {
                "n" if generation == 0 => offsets.push((offset, num)),
                "n" => return None,
                _ => {}
            }
        }
    }
    offsets.sort_unstable();
    let header_end = offsets.first()?.0;
    let mut objects = Vec::with_capacity(offsets.len());
    for (i, &(offset, num)) in offsets.iter().enumerate() {
        let end = offsets.get(i + 1).map_or(xref_at, |next| next.0);
        let text = pdf.get(offset..end)?;
        let prefix = format!("{num} 0 obj");
        let body = text.strip_prefix(prefix.as_bytes())?;
        let body = trim(body).strip_suffix(b"endobj")?;
        objects.push(Object {
            num,
            body: trim(body),
        });
    }
    let trailer = trailer.trim();
    let inner = trailer.strip_prefix("<<")?.strip_suffix(">>")?;
    Some((objects, header_end, without_size(inner)?))
}

/// The trailer's entries without `/Size N` (the cross-reference stream
/// has its own).
fn without_size(inner: &str) -> Option<String> {
    let at = inner.find("/Size")?;
    let rest = inner[at + 5..].trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    Some(format!("{}{}", &inner[..at], &rest[digits..]))
}

fn is_stream(body: &[u8]) -> bool {
    body.ends_with(b"endstream")
}

/// One object stream's header (pairs of object number and offset) and
/// its compressed data (the header, then each object).
fn object_stream(group: &[&Object]) -> (Vec<u8>, Vec<u8>) {
    let mut head = String::new();
    let mut body = Vec::new();
    for o in group {
        head.push_str(&format!("{} {} ", o.num, body.len()));
        body.extend_from_slice(o.body);
        body.push(b'\n');
    }
    let head = head.into_bytes();
    let mut all = head.clone();
    all.extend_from_slice(&body);
    (head, deflate(&all, OBJECT_LEVEL))
}

fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    let mut e = ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4 + 64),
        Compression::new(level),
    );
    e.write_all(data).expect("writing to memory");
    e.finish().expect("writing to memory")
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample document as `backend::write` makes it (krilla, then
    /// this pass).
    fn krillas() -> Vec<u8> {
        let doc = crate::pdf::sample::document();
        let fonts = crate::pdf::fonts::FontSet::new().unwrap();
        let pdf =
            crate::pdf::backend::write(&doc, &[], &fonts, crate::pdf::Conformance::PdfA2a).unwrap();
        assert!(rfind(&pdf, b"/Type/XRef").is_some(), "write compacts");
        pdf
    }

    /// Every object of a PDF, by number, as lopdf reads it (object and
    /// cross-reference streams, which only carry others, left out).
    fn objects(pdf: &[u8]) -> std::collections::BTreeMap<u32, String> {
        let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
        doc.objects
            .iter()
            .filter(|(_, o)| {
                !o.as_stream().is_ok_and(|s| {
                    matches!(s.dict.get(b"Type"), Ok(lopdf::Object::Name(n)) if n == b"ObjStm" || n == b"XRef")
                })
            })
            .map(|(id, o)| (id.0, format!("{o:?}")))
            .collect()
    }

    #[test]
    fn packs_every_object_and_keeps_each_as_it_was() {
        // A classic file, as krilla writes it: rebuild one from the
        // compacted objects through lopdf, then compact that again.
        let compacted = krillas();
        let mut doc = lopdf::Document::load_mem(&compacted).unwrap();
        let carriers: Vec<_> = doc
            .objects
            .iter()
            .filter(|(_, o)| {
                o.as_stream().is_ok_and(|s| {
                    matches!(s.dict.get(b"Type"), Ok(lopdf::Object::Name(n)) if n == b"ObjStm" || n == b"XRef")
                })
            })
            .map(|(id, _)| *id)
            .collect();
        for id in carriers {
            doc.objects.remove(&id);
        }
        for key in [&b"Type"[..], b"W", b"Index", b"Filter", b"Length", b"Size"] {
            doc.trailer.remove(key);
        }
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let mut classic = Vec::new();
        doc.save_to(&mut classic).unwrap();
        assert!(rfind(&classic, b"/Type/XRef").is_none());
        assert!(rfind(&classic, b"/Type/ObjStm").is_none());
        let again = compact(classic.clone());
        assert!(
            again.len() < classic.len(),
            "{} >= {}",
            again.len(),
            classic.len()
        );
        assert!(rfind(&again, b"/Type/ObjStm").is_some());
        assert_eq!(objects(&again), objects(&classic));
        let trailer = lopdf::Document::load_mem(&again).unwrap().trailer;
        assert!(trailer.get(b"Root").is_ok() && trailer.get(b"ID").is_ok());
    }

    /// Each entry of the cross-reference stream points at its object: an
    /// offset at `N 0 obj`, an (object stream, index) at the index-th
    /// number of that stream's header.
    fn check_cross_references(pdf: &[u8]) -> usize {
        use std::io::Read;
        let at = rfind(pdf, b"startxref").unwrap();
        let xref: usize = std::str::from_utf8(&pdf[at + 9..])
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let dict_end = xref + rfind(&pdf[xref..at], b">>\nstream\n").unwrap();
        let dict = std::str::from_utf8(&pdf[xref..dict_end]).unwrap();
        let w2: usize = dict.split("/W[1 ").nth(1).unwrap()[..1].parse().unwrap();
        let data = &pdf[dict_end + 10..at];
        let mut table = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut table)
            .unwrap();
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let mut checked = 0;
        for (num, e) in table.chunks(3 + w2).enumerate() {
            let f2 = e[1..1 + w2]
                .iter()
                .fold(0usize, |n, b| n << 8 | *b as usize);
            let f3 = u16::from_be_bytes([e[1 + w2], e[2 + w2]]) as usize;
            match e[0] {
                0 => {}
                1 => assert!(pdf[f2..].starts_with(format!("{num} 0 obj").as_bytes())),
                2 => {
                    let stm = doc.get_object((f2 as u32, 0)).unwrap().as_stream().unwrap();
                    let content = stm.decompressed_content().unwrap();
                    let head = String::from_utf8_lossy(&content);
                    let nums: Vec<&str> = head.split_whitespace().step_by(2).collect();
                    assert_eq!(nums[f3], num.to_string(), "entry of object {num}");
                }
                kind => panic!("entry type {kind}"),
            }
            checked += 1;
        }
        checked
    }

    #[test]
    fn compacts_krillas_output_with_the_same_objects() {
        let fonts = crate::pdf::fonts::FontSet::new().unwrap();
        let doc = crate::pdf::sample::document();
        let laid = crate::pdf::layout::layout(&doc, &fonts);
        let compacted = krillas();
        // Text, pages and the objects themselves survive.
        let pages = pdf_extract::extract_text_from_mem_by_pages(&compacted).unwrap();
        assert_eq!(pages.len(), laid.pages.len());
        assert!(pages.concat().contains("Eaglesoft"));
        // Only streams and the header stay outside object streams.
        let text = String::from_utf8_lossy(&compacted);
        assert!(
            !text.contains("/Type/StructElem"),
            "structure elements are packed"
        );
        assert!(
            text.contains("/Type/Metadata"),
            "the XMP metadata stays readable"
        );
        assert!(text.starts_with("%PDF-1.7\n%"));
        assert!(text.ends_with("%%EOF\n"));
        let n = lopdf::Document::load_mem(&compacted).unwrap().objects.len();
        assert!(check_cross_references(&compacted) >= n);
    }

    #[test]
    fn leaves_what_it_does_not_recognise_alone() {
        for odd in [
            &b""[..],
            b"%PDF-1.7\nnot a pdf",
            b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Root 1 0 R>>\nstartxref\n999999\n%%EOF\n",
            b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00001 n \ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n29\n%%EOF\n",
        ] {
            assert_eq!(compact(odd.to_vec()), odd);
        }
    }
}
