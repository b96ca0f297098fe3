//! A reader for the usual shape of a response line of JSON lines, faster
//! than serde's generic one: one pass over the bytes, keys matched as they
//! are read, strings borrowed from the line.
//!
//! It reads a strict subset of what [`ResponseDoc`]'s serde reading accepts
//! and gives the same document for it (property-tested against serde). Any
//! line outside that subset, well formed or not, gives `None`, and the
//! caller reads it with serde, which also names what is wrong with it. So it
//! declines, rather than reads:
//! - an escape in a string that is borrowed (ids, names, timestamps; an
//!   answer's text or a label may have escapes: they are decoded);
//! - a lone surrogate in a `\u` escape, a control character in a string;
//! - a number with a fraction or an exponent, `-0`, or more than 18 digits;
//! - an unknown key, a key given twice, a missing required key;
//! - anything but whitespace after the document.

use crate::response::{AnswerInput, DocAnswer, DocAnswers, ResponseDoc};

/// The lines of `text`, as [`str::lines`] gives them (split at `\n`, a
/// `\r` before it dropped), found with a vectorised search.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain((!text.ends_with('\n') && !text.is_empty()).then_some(text.len()));
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        // Only a line that a `\n` ends can end in `\r\n`.
        if end < text.len() { line.strip_suffix('\r').unwrap_or(line) } else { line }
    })
}

/// Reads `line` as a response document, or `None` if it is outside the
/// subset this reader takes (see the module's documentation).
///
/// The document's answers go in `spare` (emptied first): the caller hands
/// back the list of the line before, so that reading lines allocates no
/// list for each.
pub(crate) fn read_line<'a>(line: &'a str, spare: Vec<(&'a str, DocAnswer<'a>)>) -> Option<ResponseDoc<'a>> {
    let mut r = Reader { text: line, at: 0, spare };
    let doc = r.document()?;
    r.space();
    (r.at == line.len()).then_some(doc)
}

/// Where the text of a string ends in `rest` (at its first quote,
/// backslash or control character), eight bytes at a time.
fn string_end(rest: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(chunk) = rest.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Per byte, its high bit is set where the byte is a quote, a
        // backslash or below 0x20. A subtraction's borrow may also set it in
        // a byte above such a byte, never below it: the lowest is exact.
        let (quote, slash) = (word ^ (ONES * b'"' as u64), word ^ (ONES * b'\\' as u64));
        let stop = (quote.wrapping_sub(ONES) & !quote) | (slash.wrapping_sub(ONES) & !slash) | (word.wrapping_sub(ONES * 0x20) & !word);
        let stop = stop & HIGH;
        if stop != 0 {
            return Some(at + stop.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    rest[at..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).map(|i| at + i)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    /// The list the answers go in.
    spare: Vec<(&'a str, DocAnswer<'a>)>,
}

/// The keys of a response document, by bit, to find a key given twice.
const KEYS: [&str; 12] = ["id", "instrument", "touchpoint", "channel", "submitted_at", "customer", "employee", "team", "locale", "labels", "case_id", "answers"];

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips JSON whitespace.
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        match self.bytes().get(self.at) {
            // Most lines have no whitespace between tokens.
            Some(&b) if b > b' ' => Some(b),
            _ => {
                self.space();
                self.bytes().get(self.at).copied()
            }
        }
    }

    /// Consumes `byte` after whitespace.
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Consumes the literal `word` (`null`, `true`, `false`) after whitespace.
    fn word(&mut self, word: &str) -> bool {
        self.space();
        let found = self.bytes()[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    /// A string without escapes, borrowed from the line.
    fn plain(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let len = string_end(&self.bytes()[start..])?;
        (self.bytes()[start + len] == b'"').then_some(())?;
        self.at = start + len + 1;
        // Both ends are ASCII quotes, so the slice is on character boundaries.
        Some(&self.text[start..start + len])
    }

    /// A string or `null`, borrowed.
    fn plain_or_null(&mut self) -> Option<Option<&'a str>> {
        if self.word("null") { Some(None) } else { self.plain().map(Some) }
    }

    /// A string with its escapes decoded.
    fn owned(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.at;
            let len = string_end(&self.bytes()[start..])?;
            out.push_str(&self.text[start..start + len]);
            self.at = start + len + 1;
            match self.bytes()[start + len] {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None,
            }
            let escape = *self.bytes().get(self.at)?;
            self.at += 1;
            let c = match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let unit = self.hex4()?;
                    match unit {
                        0xD800..=0xDBFF => {
                            // A leading surrogate: its trailing one must follow.
                            self.bytes()[self.at..].starts_with(b"\\u").then_some(())?;
                            self.at += 2;
                            let low = self.hex4()?;
                            (0xDC00..=0xDFFF).contains(&low).then_some(())?;
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                        }
                        _ => char::from_u32(unit)?,
                    }
                }
                _ => return None,
            };
            out.push(c);
        }
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes().get(self.at..self.at + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + (d as char).to_digit(16)?;
        }
        self.at += 4;
        Some(n)
    }

    /// A whole number of at most 18 digits, not `-0`.
    fn whole(&mut self) -> Option<i64> {
        self.space();
        let negative = self.bytes().get(self.at) == Some(&b'-');
        let start = self.at + negative as usize;
        let digits = self.bytes()[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 18 || (digits > 1 && self.bytes()[start] == b'0') {
            return None;
        }
        let end = start + digits;
        if matches!(self.bytes().get(end), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let n = self.bytes()[start..end].iter().fold(0i64, |n, d| n * 10 + (d - b'0') as i64);
        if negative && n == 0 {
            return None;
        }
        self.at = end;
        Some(if negative { -n } else { n })
    }

    /// A list of strings, escapes decoded.
    fn strings(&mut self) -> Option<Vec<String>> {
        self.eat(b'[')?;
        let mut out = Vec::new();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(out);
        }
        loop {
            out.push(self.owned()?);
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    fn answer(&mut self) -> Option<DocAnswer<'a>> {
        Some(DocAnswer::Input(match self.peek()? {
            b'"' => {
                // Borrowed when it has no escapes (most text); decoded if it has.
                let at = self.at;
                if let Some(text) = self.plain() {
                    return Some(DocAnswer::Text(text));
                }
                self.at = at;
                AnswerInput::Text(self.owned()?)
            }
            b'[' => AnswerInput::List(self.strings()?),
            b'n' if self.word("null") => AnswerInput::Null,
            b't' if self.word("true") => AnswerInput::Bool(true),
            b'f' if self.word("false") => AnswerInput::Bool(false),
            b'-' | b'0'..=b'9' => AnswerInput::Int(self.whole()?),
            _ => return None,
        }))
    }

    fn answers(&mut self) -> Option<DocAnswers<'a>> {
        self.eat(b'{')?;
        let mut out = std::mem::take(&mut self.spare);
        out.clear();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(DocAnswers(out));
        }
        loop {
            let key = self.plain()?;
            if out.iter().any(|(k, _)| *k == key) {
                return None;
            }
            self.eat(b':')?;
            let value = self.answer()?;
            out.push((key, value));
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(DocAnswers(out));
                }
                _ => return None,
            }
        }
    }

    /// The first of the keys from `KEYS[from]` on that comes next, written
    /// as `"key":` with no space, consumed; `None` (nothing consumed) for
    /// any other key or spacing, which [`Reader::plain`] then reads.
    fn key_from(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes().get(self.at..)?;
        let name = rest.strip_prefix(b"\"")?;
        // Keys are compared in two loads each ([`crate::lookup::same`]), not a call.
        let k = (from..KEYS.len()).find(|&k| {
            let key = KEYS[k].as_bytes();
            name.get(..key.len()).is_some_and(|n| crate::lookup::same(n, key)) && name.get(key.len()..key.len() + 2) == Some(b"\":")
        })?;
        self.at += KEYS[k].len() + 3;
        Some(k)
    }

    fn document(&mut self) -> Option<ResponseDoc<'a>> {
        self.eat(b'{')?;
        let mut doc = ResponseDoc::default();
        let mut seen = 0u16;
        if self.peek()? == b'}' {
            return None;
        }
        // The key expected next: writers mostly keep one order.
        let mut next = 0;
        loop {
            let k = match self.key_from(next) {
                Some(k) => k,
                None => {
                    let key = self.plain()?;
                    let k = KEYS.iter().position(|k| *k == key)?;
                    self.eat(b':')?;
                    k
                }
            };
            if seen & (1 << k) != 0 {
                return None;
            }
            seen |= 1 << k;
            next = k + 1;
            match k {
                0 => doc.id = self.plain()?,
                1 => doc.instrument = self.plain()?,
                2 => doc.touchpoint = self.plain()?,
                3 => doc.channel = self.plain()?,
                4 => doc.submitted_at = self.plain()?,
                5 => doc.customer = self.plain_or_null()?,
                6 => doc.employee = self.plain_or_null()?,
                7 => doc.team = self.plain_or_null()?,
                8 => doc.locale = self.plain_or_null()?,
                9 => doc.labels = self.strings()?,
                10 => doc.case_id = self.plain_or_null()?,
                _ => doc.answers = self.answers()?,
            }
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    break;
                }
                _ => return None,
            }
        }
        // The first five keys are required.
        (seen & 0b11111 == 0b11111).then_some(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::{read_line, string_end};
    use crate::response::{DocAnswer, ResponseDoc};
    use proptest::prelude::*;

    /// Whitespace between tokens: mostly none, as writers of JSON lines put it.
    fn space() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["", "", "", " ", "\t", " \r ", "  "])
    }

    /// Text with quotes, backslashes, control characters, non-ASCII and
    /// astral characters, to be written with or without `\u` escapes.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(vec!['a', 'b', 'Z', '0', ' ', '-', ':', '"', '\\', '/', '\n', '\t', '\u{1}', '\u{7f}', 'é', 'ë', '€', '😀']), 0..24).prop_map(|cs| cs.into_iter().collect())
    }

    /// `text` as a JSON string: each character written as serde writes it,
    /// or as a `\u` escape (a surrogate pair beyond the basic plane).
    fn string(text: &str, escape: &[bool]) -> String {
        let mut out = String::from("\"");
        for (i, c) in text.chars().enumerate() {
            if escape.get(i).copied().unwrap_or(false) {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04X}"));
                }
            } else {
                let s = serde_json::to_string(&c.to_string()).unwrap();
                out.push_str(&s[1..s.len() - 1]);
            }
        }
        out.push('"');
        out
    }

    /// A value of a document: strings (escaped or not), numbers of every
    /// form, literals, lists and objects.
    fn value() -> impl Strategy<Value = String> {
        let scalar = prop_oneof![
            (text(), prop::collection::vec(any::<bool>(), 0..24)).prop_map(|(t, e)| string(&t, &e)),
            prop::sample::select(vec!["0", "-0", "7", "-3", "10", "01", "1.5", "2e3", "-", "123456789012345678", "1234567890123456789", "9223372036854775808", "null", "true", "false", "nul", "truee"]).prop_map(String::from),
        ];
        scalar.prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                (prop::collection::vec(inner.clone(), 0..4), space()).prop_map(|(vs, sp)| format!("[{sp}{}{sp}]", vs.join(&format!("{sp},{sp}")))),
                (prop::collection::vec((prop::sample::select(vec!["nps", "csat", "mood", "comment", "nps"]), inner), 0..5), space())
                    .prop_map(|(kv, sp)| format!("{{{sp}{}{sp}}}", kv.iter().map(|(k, v)| format!("\"{k}\"{sp}:{sp}{v}")).collect::<Vec<_>>().join(","))),
            ]
        })
    }

    /// A document's keys (some twice, some unknown) with values of any kind.
    fn document() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec!["id", "instrument", "touchpoint", "channel", "submitted_at", "customer", "employee", "team", "locale", "labels", "case_id", "answers", "extra", "i\\u0064"]);
        (prop::collection::vec((key, value()), 0..14), space()).prop_map(|(kv, sp)| format!("{sp}{{{sp}{}{sp}}}{sp}", kv.iter().map(|(k, v)| format!("\"{k}\"{sp}:{sp}{v}")).collect::<Vec<_>>().join(&format!("{sp},{sp}"))))
    }

    /// A document of the usual shape: every key once, in any order, strings
    /// that borrow, answers of every kind with escapes in their text.
    fn usual() -> impl Strategy<Value = String> {
        let plain = || prop::collection::vec(prop::sample::select(vec!['a', 'z', '0', '-', ':', '+', ' ', 'é', '😀']), 1..12).prop_map(|cs| format!("\"{}\"", cs.into_iter().collect::<String>()));
        let optional = move || prop_oneof![plain(), Just("null".to_string())];
        let answer = prop_oneof![
            (text(), prop::collection::vec(any::<bool>(), 0..24)).prop_map(|(t, e)| string(&t, &e)),
            (-1000i64..1000).prop_filter("not -0", |n| *n != 0).prop_map(|n| n.to_string()),
            Just("0".to_string()),
            prop::sample::select(vec!["null", "true", "false", "[]", "[\"a\",\"b\\n\"]"]).prop_map(String::from),
        ];
        let answers = prop::collection::btree_map(prop::sample::select(vec!["nps", "csat", "ces", "mood", "comment", "topics"]), answer, 0..6)
            .prop_map(|m| format!("{{{}}}", m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",")));
        let labels = prop::collection::vec(text(), 0..3).prop_map(|ls| format!("[{}]", ls.iter().map(|l| serde_json::to_string(l).unwrap()).collect::<Vec<_>>().join(",")));
        ((plain(), plain(), plain(), plain(), plain()), (optional(), optional(), optional(), optional(), labels, optional(), answers), any::<u64>(), space())
            .prop_map(|((id, ins, tp, ch, at), (cu, em, te, lo, la, ca, an), order, sp)| {
                let mut kv: Vec<(&str, String)> = vec![("id", id), ("instrument", ins), ("touchpoint", tp), ("channel", ch), ("submitted_at", at), ("customer", cu), ("employee", em), ("team", te), ("locale", lo), ("labels", la), ("case_id", ca), ("answers", an)];
                // Some order of the keys, and the optional ones left out at times.
                kv.sort_by_key(|(k, _)| (order.rotate_left(k.len() as u32 * 7) ^ k.as_bytes()[0] as u64) % 97);
                kv.retain(|(k, _)| ["id", "instrument", "touchpoint", "channel", "submitted_at"].contains(k) || order % (k.len() as u64 + 2) != 0);
                format!("{{{sp}{}{sp}}}", kv.iter().map(|(k, v)| format!("\"{k}\"{sp}:{sp}{v}")).collect::<Vec<_>>().join(&format!("{sp},{sp}")))
            })
    }

    /// A document with the required keys whose answers and optional keys
    /// hold values of any kind.
    fn almost() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec!["customer", "employee", "team", "locale", "labels", "case_id", "answers"]);
        (prop::collection::vec((prop::sample::select(vec!["nps", "mood", "comment", "nps"]), value()), 0..4), prop::option::of((key, value())), space()).prop_map(|(answers, other, sp)| {
            let answers = answers.iter().map(|(k, v)| format!("\"{k}\"{sp}:{sp}{v}")).collect::<Vec<_>>().join(",");
            let other = other.map(|(k, v)| format!(",\"{k}\":{v}")).unwrap_or_default();
            format!(r#"{{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s"{other},"answers":{{{sp}{answers}{sp}}}}}"#)
        })
    }

    proptest! {
        /// Whatever the line reader reads, serde reads the same; anything
        /// else it leaves to serde. Lines of every kind, and usual lines
        /// with a byte changed, inserted or removed.
        #[test]
        fn a_line_read_is_read_as_serde_reads_it(doc in prop_oneof![document(), usual(), almost()], edit in prop::option::of((any::<prop::sample::Index>(), 0..3u8, prop::sample::select(vec![b'"', b'\\', b',', b':', b'{', b'}', b'[', b']', b' ', b'0', b'-', b'.', b'e', b'n', b'u', 0x01])))) {
            let mut bytes = doc.into_bytes();
            if let Some((at, how, byte)) = edit {
                let at = at.index(bytes.len() + 1);
                match how {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ if at < bytes.len() => { bytes.remove(at); }
                    _ => {}
                }
            }
            // Edits that break UTF-8 are not lines of text.
            let Ok(line) = String::from_utf8(bytes) else { return Ok(()) };
            if let Some(doc) = read_line(&line, Vec::new()) {
                prop_assert_eq!(Ok(doc), serde_json::from_str::<ResponseDoc>(&line).map_err(|e| e.to_string()), "{}", line);
            }
        }

        /// A line of the usual shape is read by the line reader, not left
        /// to serde, and read as serde reads it.
        #[test]
        fn a_usual_line_is_read(line in usual()) {
            let doc = read_line(&line, Vec::new());
            prop_assert!(doc.is_some(), "{}", line);
            prop_assert_eq!(Ok(doc.unwrap()), serde_json::from_str::<ResponseDoc>(&line).map_err(|e| e.to_string()));
        }

        /// Lines are split as `str::lines` splits them.
        #[test]
        fn lines_are_split_as_the_standard_library_splits_them(text in prop::collection::vec(prop::sample::select(vec!["a", "é", "\n", "\r", "\r\n", " "]), 0..20)) {
            let text = text.concat();
            prop_assert_eq!(super::lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }

        /// The end of a string's text is found eight bytes at a time as one
        /// at a time finds it.
        #[test]
        fn a_string_ends_where_byte_by_byte_it_ends(bytes in prop::collection::vec(prop::sample::select(vec![b'a', b'"', b'\\', 0x00, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xff, 0x5b, 0x22 ^ 0x80]), 0..40)) {
            prop_assert_eq!(string_end(&bytes), bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20));
        }
    }

    #[test]
    fn the_usual_line_is_read() {
        let line = r#"{"id":"r-1","instrument":"post-contact","touchpoint":"cancellation","channel":"letter","submitted_at":"2026-09-26T10:52:00+01:00","customer":"c-0","employee":"e-24","locale":"nl","answers":{"ces":3,"comment":"Ik ben \"boos\" \u00e9 \ud83d\ude00","csat":2,"mood":"worried","nps":1}}"#;
        let doc = read_line(line, Vec::new()).expect("read");
        assert_eq!(doc.answers.0[1].1, DocAnswer::Input(crate::AnswerInput::Text("Ik ben \"boos\" é 😀".into())));
        // A string without escapes is borrowed from the line.
        assert!(matches!(doc.answers.0[3].1, DocAnswer::Text("worried")));
        assert_eq!(doc, serde_json::from_str(line).unwrap());
    }

    #[test]
    fn the_list_of_the_line_before_is_emptied_for_the_next() {
        let first = r#"{"id":"r-1","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","answers":{"nps":1,"comment":"slecht","mood":"angry"}}"#;
        let second = r#"{"id":"r-2","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","answers":{"nps":9}}"#;
        let doc = read_line(first, Vec::new()).expect("read");
        assert_eq!(doc.answers.0.len(), 3);
        let doc = read_line(second, doc.answers.0).expect("read");
        assert_eq!(doc.answers.0, vec![("nps", DocAnswer::Input(crate::AnswerInput::Int(9)))]);
        assert_eq!(doc, serde_json::from_str(second).unwrap());
    }

    #[test]
    fn lines_outside_the_subset_are_left_to_serde() {
        for line in [
            r#"{"id":"r\u002d1","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s"}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","answers":{"nps":1.0}}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","answers":{"nps":-0}}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","answers":{"t":"\ud800"}}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","id":"r"}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c"}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s","x":1}"#,
            r#"{"id":"r","instrument":"i","touchpoint":"t","channel":"c","submitted_at":"s"} x"#,
        ] {
            assert_eq!(read_line(line, Vec::new()), None, "{line}");
        }
    }
}
