#!/usr/bin/env python3
"""pdfua_probe.py FILE.pdf... : our own check of a tagged, accessible PDF.

Not a PDF/UA validator (veraPDF cannot be installed here): it checks what
migplan promises, the way a validator finds it, by reading the file with
pikepdf (the checkers' venv: $MIGPLAN_PYTHON).

Per file:
  - the catalog: /MarkInfo /Marked true, a /StructTreeRoot, /Lang,
    /ViewerPreferences /DisplayDocTitle true;
  - the XMP: the PDF/UA identification (pdfuaid:part = 1) together with the
    PDF/A one (pdfaid:part 2 or 3, conformance A), and a dc:title;
  - the structure tree: headings H1..H6 start at H1 and never skip a level
    going down; every Figure has /Alt; every TH has a /Scope; tables hold
    rows of cells, lists hold items; the reading order has content;
  - every page's content stream, walked operator by operator: each item
    drawn (text, paths, images, XObjects) is inside marked content whose
    MCID the structure tree reaches, or inside an /Artifact; no MCID is
    used twice;
  - every link annotation has /Contents, a /StructParent, and sits in a
    Link element of the tree (through an OBJR); pages with annotations
    have /Tabs /S.

Prints PASS/FAIL lines, a summary per file, and "N passed, N failed" last.
Exit code 0 when every check passed, 1 otherwise, 2 on usage errors.
"""
import sys
from collections import Counter

try:
    import pikepdf
    from pikepdf import Array, Dictionary, Name
except ImportError:  # pragma: no cover - the venv has it
    print("pikepdf is not installed (use the checkers' venv: $MIGPLAN_PYTHON)", file=sys.stderr)
    sys.exit(2)

PAINT = {"Tj", "TJ", "'", '"', "Do", "sh", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "EI"}
STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu",
    "WT", "WP", "Figure", "Formula", "Form",
}


class Report:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {self.name}: {what}")
        else:
            self.failed += 1
            print(f"FAIL {self.name}: {what}" + (f" ({detail})" if detail else ""))


def name(obj):
    return str(obj)[1:] if isinstance(obj, Name) else None


def is_dict(obj):
    return isinstance(obj, Dictionary)


def items(obj):
    if obj is None:
        return []
    return list(obj) if isinstance(obj, Array) else [obj]


class Tree:
    """The structure tree, walked in reading order."""

    def __init__(self, root):
        self.role_map = {}
        rm = root.get("/RoleMap")
        if is_dict(rm):
            for k, v in rm.items():
                self.role_map[k[1:]] = name(v)
        self.mcids = set()  # (page objgen, mcid)
        self.mcid_dups = 0
        self.objrs = {}  # annotation objgen -> role of its parent element
        self.roles = Counter()
        self.headings = []
        self.problems = []
        self.content_in_order = 0
        seen = set()
        for kid in items(root.get("/K")):
            self.walk(kid, None, seen)

    def role(self, elem):
        r = name(elem.get("/S")) or "?"
        hops = 0
        while r not in STANDARD and r in self.role_map and hops < 10:
            r = self.role_map[r]
            hops += 1
        return r

    def walk(self, elem, page, seen):
        if not is_dict(elem):
            return
        key = elem.objgen if elem.is_indirect else id(elem)
        if key in seen:
            self.problems.append("an element appears twice in the tree")
            return
        seen.add(key)
        page = elem.get("/Pg", page)
        role = self.role(elem)
        self.roles[role] += 1
        if role not in STANDARD:
            self.problems.append(f"role {name(elem.get('/S'))} maps to no standard role")
        if role in ("H1", "H2", "H3", "H4", "H5", "H6"):
            self.headings.append(int(role[1]))
        if role == "Figure" and not str(elem.get("/Alt", "")).strip():
            self.problems.append("a Figure has no /Alt")
        if role == "TH" and not self.scope(elem):
            self.problems.append("a TH has no /Scope")
        kids = items(elem.get("/K"))
        kid_roles = [self.role(k) for k in kids if is_dict(k) and "/S" in k]
        allowed = {
            "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
            "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
            "TR": {"TH", "TD"},
            "L": {"LI", "L", "Caption"},
            "LI": {"Lbl", "LBody"},
            "TOC": {"TOCI", "TOC", "Caption"},
        }.get(role)
        if allowed is not None:
            bad = [r for r in kid_roles if r not in allowed]
            if bad:
                self.problems.append(f"{role} holds {', '.join(sorted(set(bad)))}")
        for kid in kids:
            if isinstance(kid, int):
                self.add_mcid(page, int(kid))
            elif is_dict(kid):
                t = name(kid.get("/Type"))
                if t == "MCR":
                    self.add_mcid(kid.get("/Pg", page), int(kid.get("/MCID")))
                elif t == "OBJR":
                    obj = kid.get("/Obj")
                    if obj is not None:
                        self.objrs[obj.objgen] = role
                else:
                    self.walk(kid, page, seen)

    @staticmethod
    def scope(elem):
        for a in items(elem.get("/A")):
            if is_dict(a) and "/Scope" in a:
                return True
        return False

    def add_mcid(self, page, mcid):
        if page is None:
            self.problems.append(f"MCID {mcid} without a page")
            return
        key = (page.objgen, mcid)
        if key in self.mcids:
            self.mcid_dups += 1
        self.mcids.add(key)
        self.content_in_order += 1


def properties(page, operand):
    """The property list of a BDC: inline, or named in the page's resources."""
    if is_dict(operand):
        return operand
    n = name(operand)
    props = page.obj.get("/Resources", Dictionary()).get("/Properties", Dictionary())
    return props.get("/" + n) if n else None


def walk_page(page, tree, rep_counts):
    """Counts painting operators by how they are marked; returns MCIDs used."""
    stack = []  # (tag, mcid or None)
    used = []
    for instr in pikepdf.parse_content_stream(page):
        if isinstance(instr, pikepdf.ContentStreamInlineImage):
            op, operands = "EI", []
        else:
            operands, op = instr
            op = str(op)
        if op == "BMC":
            stack.append((name(operands[0]), None))
        elif op == "BDC":
            props = properties(page, operands[1])
            mcid = props.get("/MCID") if is_dict(props) else None
            mcid = int(mcid) if mcid is not None else None
            stack.append((name(operands[0]), mcid))
            if mcid is not None:
                used.append(mcid)
                if any(t == "Artifact" for t, _ in stack[:-1]):
                    rep_counts["mcid_in_artifact"] += 1
        elif op == "EMC":
            if stack:
                stack.pop()
            else:
                rep_counts["unbalanced"] += 1
        elif op in PAINT:
            if any(t == "Artifact" for t, _ in stack):
                rep_counts["artifact"] += 1
                continue
            mcid = next((m for _, m in reversed(stack) if m is not None), None)
            if mcid is None:
                rep_counts["untagged"] += 1
            elif (page.obj.objgen, mcid) in tree.mcids:
                rep_counts["tagged"] += 1
            else:
                rep_counts["orphan"] += 1
    if stack:
        rep_counts["unbalanced"] += 1
    return used


def probe(path):
    rep = Report(path.rsplit("/", 1)[-1])
    try:
        pdf = pikepdf.open(path)
    except Exception as e:  # noqa: BLE001 - report any parse failure
        rep.check(False, "opens", str(e))
        return rep
    root = pdf.Root
    mi = root.get("/MarkInfo")
    rep.check(is_dict(mi) and bool(mi.get("/Marked", False)), "/MarkInfo /Marked true")
    lang = str(root.get("/Lang", "")).strip()
    rep.check(bool(lang), "/Lang in the catalog", "missing")
    vp = root.get("/ViewerPreferences")
    rep.check(is_dict(vp) and bool(vp.get("/DisplayDocTitle", False)),
              "/ViewerPreferences /DisplayDocTitle true")

    meta = pdf.open_metadata()
    ua = str(meta.get("pdfuaid:part", ""))
    part, conf = str(meta.get("pdfaid:part", "")), str(meta.get("pdfaid:conformance", ""))
    rep.check(ua == "1", "XMP pdfuaid:part = 1", f"found {ua!r}")
    rep.check(part in ("2", "3") and conf.upper() == "A",
              "XMP PDF/A identification, level A", f"found part {part!r} conformance {conf!r}")
    title = str(meta.get("dc:title", "")).strip()
    rep.check(bool(title), "XMP dc:title (the title a viewer shows)")

    st = root.get("/StructTreeRoot")
    rep.check(is_dict(st), "a structure tree (/StructTreeRoot)")
    if not is_dict(st):
        return rep
    tree = Tree(st)
    rep.check(tree.content_in_order > 0, "the structure tree reaches content",
              "no MCID in the tree")
    rep.check(not tree.problems, "structure: roles, Figure /Alt, TH /Scope, table and list nesting",
              "; ".join(sorted(set(tree.problems))[:8]))
    h = tree.headings
    skips = [f"H{a}->H{b}" for a, b in zip(h, h[1:]) if b > a + 1]
    rep.check(bool(h) and h[0] == 1 and not skips,
              f"headings start at H1 and skip no level ({len(h)} headings)",
              f"first {h[:1]}, skips {skips[:5]}")
    rep.check(tree.mcid_dups == 0, "no MCID is in the tree twice", f"{tree.mcid_dups} twice")

    counts = Counter()
    used_twice = 0
    annots_bad = []
    tabs_bad = 0
    for i, page in enumerate(pdf.pages, 1):
        used = walk_page(page, tree, counts)
        used_twice += len(used) - len(set(used))
        annots = [a for a in items(page.obj.get("/Annots")) if is_dict(a)]
        if annots and name(page.obj.get("/Tabs")) != "S":
            tabs_bad += 1
        for a in annots:
            if name(a.get("/Subtype")) != "Link":
                continue
            if not str(a.get("/Contents", "")).strip():
                annots_bad.append(f"page {i}: link without /Contents")
            if "/StructParent" not in a:
                annots_bad.append(f"page {i}: link without /StructParent")
            if tree.objrs.get(a.objgen) != "Link":
                annots_bad.append(f"page {i}: link not in a Link element")
    drawn = counts["tagged"] + counts["artifact"] + counts["untagged"] + counts["orphan"]
    rep.check(drawn > 0 and counts["untagged"] == 0,
              f"every drawn item is tagged or an artifact ({counts['tagged']} tagged, "
              f"{counts['artifact']} artifact, {len(pdf.pages)} pages)",
              f"{counts['untagged']} untagged")
    rep.check(counts["orphan"] == 0, "every MCID drawn is reached from the structure tree",
              f"{counts['orphan']} items under MCIDs the tree does not reach")
    rep.check(counts["unbalanced"] == 0 and counts["mcid_in_artifact"] == 0,
              "marked content is balanced and no MCID sits inside an artifact",
              f"{counts['unbalanced']} unbalanced, {counts['mcid_in_artifact']} in artifacts")
    rep.check(used_twice == 0, "no MCID is used twice on a page", f"{used_twice} reused")
    rep.check(not annots_bad, "link annotations: /Contents, /StructParent, in a Link element",
              "; ".join(annots_bad[:5]))
    rep.check(tabs_bad == 0, "pages with annotations have /Tabs /S", f"{tabs_bad} pages without")
    top = ", ".join(f"{r} {n}" for r, n in tree.roles.most_common(12))
    print(f"INFO {rep.name}: {len(pdf.pages)} pages, {tree.content_in_order} marked-content "
          f"references; elements: {top}")
    return rep


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    passed = failed = 0
    for path in argv[1:]:
        rep = probe(path)
        passed += rep.passed
        failed += rep.failed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
