//! Prose text -> its `{{ ... }}` expressions with their byte ranges.

/// One `{{ ... }}` in a text: byte range of the whole expression (braces
/// included) and the text between the braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr<'a> {
    pub start: usize,
    pub end: usize,
    pub inner: &'a str,
}

impl<'a> Expr<'a> {
    /// The expression as written, braces included.
    pub fn written(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

/// Every `{{ ... }}` in `src`, in order. An unclosed `{{` ends the scan.
pub fn scan(src: &str) -> Vec<Expr<'_>> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(found) = src[rest..].find("{{") {
        let start = rest + found;
        let Some(len) = src[start + 2..].find("}}") else {
            break;
        };
        let end = start + 2 + len + 2;
        out.push(Expr {
            start,
            end,
            inner: &src[start + 2..end - 2],
        });
        rest = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_expressions_and_stops_at_an_unclosed_one() {
        let src = "a {{ x }}\nb {{y}} {{ open";
        let found = scan(src);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].inner, " x ");
        assert_eq!(found[1].inner, "y");
        assert_eq!(found[1].written(src), "{{y}}");
        assert!(scan("no braces {here}").is_empty());
    }
}
