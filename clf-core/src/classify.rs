//! Classification vocabulary: the kinds of feedback and the urgency markers,
//! and the lexicons (data, extendable per locale in the configuration) that
//! the classifier matches.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The kind of a feedback item (after ISO 10002 and CX practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A concrete problem that needs fixing.
    Issue,
    /// Dissatisfaction where a response is expected.
    Complaint,
    /// Appreciation, possibly of a named employee.
    Compliment,
    /// An idea for improvement.
    Suggestion,
}

/// A marker of urgent feedback, separate from its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Threat of legal steps.
    Legal,
    /// A risk to someone's safety.
    Safety,
    /// Intent to leave.
    Churn,
    /// Threat to go to the press or social media.
    Public,
    /// A vulnerable customer.
    Vulnerable,
}

impl Kind {
    /// All kinds, in order.
    pub const ALL: [Kind; 4] = [Kind::Issue, Kind::Complaint, Kind::Compliment, Kind::Suggestion];

    /// The kind's name: `issue`, `complaint`…
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Issue => "issue",
            Kind::Complaint => "complaint",
            Kind::Compliment => "compliment",
            Kind::Suggestion => "suggestion",
        }
    }
}

impl Urgency {
    /// All markers, in order.
    pub const ALL: [Urgency; 5] = [Urgency::Legal, Urgency::Safety, Urgency::Churn, Urgency::Public, Urgency::Vulnerable];

    /// The marker's name: `legal`, `safety`…
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Legal => "legal",
            Urgency::Safety => "safety",
            Urgency::Churn => "churn",
            Urgency::Public => "public",
            Urgency::Vulnerable => "vulnerable",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a lexicon entry signals: a kind or an urgency marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// Evidence of a feedback kind.
    Kind(Kind),
    /// Evidence of an urgency marker.
    Urgency(Urgency),
}

impl Signal {
    /// Parses a lexicon category name (`complaint`, `legal`…).
    pub fn parse(s: &str) -> Option<Signal> {
        Kind::ALL.iter().find(|k| k.as_str() == s).map(|k| Signal::Kind(*k)).or_else(|| Urgency::ALL.iter().find(|u| u.as_str() == s).map(|u| Signal::Urgency(*u)))
    }
}

/// Classification settings: the locales classified and the phrases the
/// configuration adds to the built-in lexicons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassificationSettings {
    /// Locales whose text is classified.
    pub locales: Vec<String>,
    /// Extra phrases: `(locale, signal, lower-cased phrase)`.
    pub extra_phrases: Vec<(String, Signal, String)>,
}

// ---------------------------------------------------------------------------
// The classifier.



use crate::shared::SharedStr;
use crate::config::Config;
use crate::instrument::QuestionKind;
use crate::response::{Answer, Response, ResponseRef};
use crate::text::{Decimal, concat};


/// Built-in lexicons, by locale: data, in `src/lexicon/*.txt`.
const BUILT_IN: [(&str, &str); 2] = [("en", include_str!("lexicon/en.txt")), ("nl", include_str!("lexicon/nl.txt"))];

/// Items below this confidence are not reported.
pub const THRESHOLD: f64 = 0.5;

/// One feedback item found in a response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackItem {
    /// Its kind.
    pub kind: Kind,
    /// Confidence in 0..1.
    pub confidence: f64,
    /// What it was found from: matched phrases (`"not happy"`), scores
    /// (`"nps=3"`), answers (`"answer:type=complaint"`) or labels
    /// (`"label:complaint"`). Shared: a phrase's text is the lexicon's, a
    /// score's is written once per question and value.
    pub evidence: Vec<SharedStr>,
    /// Topics of the configured taxonomy it is about (the names are shared
    /// with the classifier's).
    pub topics: Vec<SharedStr>,
}

/// An urgency marker with what it was found from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrgencyFinding {
    /// The marker.
    pub marker: Urgency,
    /// Matched phrases or labels.
    pub evidence: Vec<SharedStr>,
}

/// What the classifier found in a response or a text.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Classification {
    /// Feedback items, one per kind, in kind order.
    pub items: Vec<FeedbackItem>,
    /// Urgency markers, in marker order.
    pub urgency: Vec<UrgencyFinding>,
    /// Topics found anywhere in the response.
    pub topics: Vec<SharedStr>,
}

impl Classification {
    /// The kinds found.
    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        self.items.iter().map(|i| i.kind)
    }

    /// The urgency markers found.
    pub fn markers(&self) -> impl Iterator<Item = Urgency> + '_ {
        self.urgency.iter().map(|u| u.marker)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Kind(Kind),
    Urgency(Urgency),
    Topic(usize),
}

/// A word of a lexicon phrase: an exact word, or a prefix (`refund*`), by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Word(u32),
    Prefix(u32),
}

#[derive(Debug, Clone)]
struct Entry {
    keys: Vec<Key>,
    target: Target,
    weight: f64,
    /// The phrase as written (without `*`), shared by the evidence that cites it.
    text: SharedStr,
}

/// The id of a token that is no word of the lexicon.
const NO_WORD: u32 = u32::MAX;
const NEGATION: u8 = 1;
const INTENSIFIER: u8 = 2;
/// A word that starts a new clause ("but", "maar"): a negation before it
/// does not reach past it.
const CLAUSE: u8 = 4;
/// The words that start a new clause, in every locale.
const CLAUSE_WORDS: [&str; 5] = ["but", "however", "though", "maar", "echter"];

/// A node of the lexicon's byte trie: the exact word and the prefix word
/// that end here, and the edges on, sorted by byte.
#[derive(Debug, Clone)]
struct Node {
    word: u32,
    prefix: u32,
    edges: Vec<(u8, u32)>,
}

impl Default for Node {
    fn default() -> Self {
        Node { word: NO_WORD, prefix: NO_WORD, edges: Vec::new() }
    }
}

/// A slot of the frozen trie, a double array, as [`Lexicon::freeze`]
/// builds it: the child of the node in slot `n` by a byte of code `c` is the
/// slot `base + c` of `n` if that slot's `check` is `n`. The root is slot 0;
/// a free slot's `check` is [`FREE`]. Kept as a [`Step`] and an [`Info`].
#[derive(Debug, Clone, Copy)]
struct Slot {
    base: u32,
    check: u32,
    word: u32,
    prefix: u32,
    /// The word's [`NEGATION`], [`INTENSIFIER`] and [`CLAUSE`] flags.
    flags: u8,
    /// [`STARTS_WORD`]: the word here is the first of some phrase;
    /// [`STARTS_PREFIX`]: the prefix here is.
    starts: u8,
}

/// The `check` of a free slot.
const FREE: u32 = u32::MAX;
const FREE_SLOT: Slot = Slot { base: 0, check: FREE, word: NO_WORD, prefix: NO_WORD, flags: 0, starts: 0 };

const STARTS_WORD: u8 = 1;
const STARTS_PREFIX: u8 = 2;

/// The part of a [`Slot`] a walk reads at every byte, 8 bytes so that the
/// trie's steps take few cache lines: `base` (with [`HAS_PREFIX`] set when a
/// prefix word ends at the node) and `check`.
#[derive(Debug, Clone, Copy)]
struct Step {
    base: u32,
    check: u32,
}

/// Set in [`Step::base`] when a prefix word ends at the node; the base is below it.
const HAS_PREFIX: u32 = 1 << 31;

/// The rest of a [`Slot`], read where a prefix or the token ends.
#[derive(Debug, Clone, Copy)]
struct Info {
    word: u32,
    prefix: u32,
    flags: u8,
    starts: u8,
}

/// A token as the trie found it: its word id ([`NO_WORD`] if none), the
/// word's flags, and whether it or a prefix of it starts some phrase.
#[derive(Debug, Clone, Copy)]
struct Looked {
    id: u32,
    flags: u8,
    starts: bool,
}


#[derive(Debug, Clone)]
struct Lexicon {
    entries: Vec<Entry>,
    /// Every word of the lexicon (exact words of entries, negations,
    /// intensifiers; prefix words) in one byte trie, while it is built.
    trie: Vec<Node>,
    /// The trie's first step, by byte (0 for none), while it is built.
    root: Box<[u32; 256]>,
    /// The trie frozen once the lexicon is built ([`Slot`], kept as its
    /// steps and their information by slot): a token is walked once and
    /// comes out with its word id and the ids of the prefixes it starts with.
    steps: Vec<Step>,
    info: Vec<Info>,
    /// The code of each byte in [`Slot::base`] steps: 1 and up for the
    /// bytes the lexicon's words use (an ASCII capital has its small
    /// letter's), 0 for the others.
    code: Box<[u8; 256]>,
    /// [`Lexicon::code`] for the bytes of words in ASCII text, as
    /// [`Lexicon::scan_ascii`] reads them: 0 for a byte that is no word byte
    /// ([`WORD_BYTE`]), the code for a byte of the lexicon, and for a word
    /// byte the lexicon does not use a code no node has a child by, so that
    /// one look tells both whether the word goes on and whether the walk does.
    class: Box<[u8; 256]>,
    /// Per word id: [`NEGATION`], [`INTENSIFIER`], [`CLAUSE`] (copied into
    /// the slots when the trie is frozen).
    flags: Vec<u8>,
    /// Per word id: the entries it is the first word of.
    by_first: Vec<Vec<u32>>,
    /// Per prefix id: the entries it is the first word of.
    by_prefix: Vec<Vec<u32>>,
}

impl Default for Lexicon {
    fn default() -> Self {
        let mut lex = Lexicon { entries: Vec::new(), trie: vec![Node::default()], root: Box::new([0; 256]), steps: Vec::new(), info: Vec::new(), code: Box::new([0; 256]), class: Box::new([0; 256]), flags: Vec::new(), by_first: Vec::new(), by_prefix: Vec::new() };
        for w in CLAUSE_WORDS {
            let id = lex.word_id(w.as_bytes());
            lex.flags[id as usize] |= CLAUSE;
        }
        lex
    }
}

impl Lexicon {
    /// The trie node of `word`, created if new.
    fn node(&mut self, word: &[u8]) -> usize {
        let mut n = 0usize;
        for (depth, &b) in word.iter().enumerate() {
            let next = if depth == 0 { self.root[b as usize] as usize } else { self.trie[n].edges.iter().find(|e| e.0 == b).map_or(0, |e| e.1 as usize) };
            n = if next != 0 {
                next
            } else {
                let new = self.trie.len();
                self.trie.push(Node::default());
                if depth == 0 {
                    self.root[b as usize] = new as u32;
                } else {
                    let edges = &mut self.trie[n].edges;
                    let at = edges.partition_point(|e| e.0 < b);
                    edges.insert(at, (b, new as u32));
                }
                new
            };
        }
        n
    }

    fn word_id(&mut self, word: &[u8]) -> u32 {
        let n = self.node(word);
        if self.trie[n].word == NO_WORD {
            self.trie[n].word = self.flags.len() as u32;
            self.flags.push(0);
            self.by_first.push(Vec::new());
        }
        self.trie[n].word
    }

    fn prefix_id(&mut self, prefix: &[u8]) -> u32 {
        let n = self.node(prefix);
        if self.trie[n].prefix == NO_WORD {
            self.trie[n].prefix = self.by_prefix.len() as u32;
            self.by_prefix.push(Vec::new());
        }
        self.trie[n].prefix
    }

    /// Freezes the trie for [`Lexicon::lookup`] into a double array
    /// ([`Slot`]): nodes breadth first, each given the first `base` at which
    /// the slots of all its children are free.
    fn freeze(&mut self) {
        let mut used = [false; 256];
        for b in (0..256).filter(|&b| self.root[b] != 0) {
            used[b] = true;
        }
        for node in &self.trie {
            for &(b, _) in &node.edges {
                used[b as usize] = true;
            }
        }
        // Word bytes are lower-cased ASCII letters, digits, the apostrophe
        // and the bytes of UTF-8 letters: far fewer than 255.
        *self.code = [0; 256];
        for (k, b) in (0..256).filter(|&b| used[b]).enumerate() {
            self.code[b] = u8::try_from(k + 1).expect("a lexicon uses fewer than 256 distinct bytes");
        }
        for b in b'A'..=b'Z' {
            self.code[b as usize] = self.code[b.to_ascii_lowercase() as usize];
        }
        // No node has a child by the code after the last one used.
        let dead = u8::try_from(used.iter().filter(|&&u| u).count() + 1).expect("a lexicon uses fewer than 255 distinct bytes");
        for ((class, &word), &code) in self.class.iter_mut().zip(&WORD_BYTE).zip(self.code.iter()) {
            *class = match (word, code) {
                (false, _) => 0,
                (true, 0) => dead,
                (true, c) => c,
            };
        }
        let children = |trie: &[Node], root: &[u32; 256], n: usize| -> Vec<(u8, u32)> {
            if n == 0 {
                (0..256).filter(|&b| root[b] != 0).map(|b| (b as u8, root[b])).collect()
            } else {
                trie[n].edges.clone()
            }
        };
        let mut slots = vec![FREE_SLOT];
        slots[0].check = 0;
        let mut queue = std::collections::VecDeque::from([(0usize, 0usize)]);
        // The free slots among those in use, tried first so that the array
        // stays dense; beyond the array every slot is free.
        let mut holes = std::collections::BTreeSet::new();
        while let Some((n, slot)) = queue.pop_front() {
            let kids = children(&self.trie, &self.root, n);
            let node = &self.trie[n];
            let flags = if node.word == NO_WORD { 0 } else { self.flags[node.word as usize] };
            let word_starts = node.word != NO_WORD && !self.by_first[node.word as usize].is_empty();
            let prefix_starts = node.prefix != NO_WORD && !self.by_prefix[node.prefix as usize].is_empty();
            let starts = if word_starts { STARTS_WORD } else { 0 } | if prefix_starts { STARTS_PREFIX } else { 0 };
            let s = &mut slots[slot];
            (s.word, s.prefix, s.flags, s.starts) = (node.word, node.prefix, flags, starts);
            if kids.is_empty() {
                continue;
            }
            let codes: Vec<usize> = kids.iter().map(|&(b, _)| self.code[b as usize] as usize).collect();
            let low = codes.iter().copied().min().unwrap_or(1);
            let free = |slots: &[Slot], at: usize| slots.get(at).is_none_or(|s| s.check == FREE);
            // The first base whose slots are all free, with the lowest code
            // in a hole or else just past the end.
            let base = holes
                .iter()
                .copied()
                .chain([slots.len()])
                .filter(|&f| f > low)
                .map(|f| f - low)
                .find(|&base| codes.iter().all(|&c| free(&slots, base + c)))
                .unwrap_or(slots.len());
            let top = base + codes.iter().copied().max().unwrap_or(0);
            for at in slots.len()..=top {
                holes.insert(at);
            }
            if slots.len() <= top {
                slots.resize(top + 1, FREE_SLOT);
            }
            slots[slot].base = base as u32;
            for (&c, &(_, child)) in codes.iter().zip(&kids) {
                slots[base + c].check = slot as u32;
                holes.remove(&(base + c));
                queue.push_back((child as usize, base + c));
            }
        }
        // Room for a step by any code from any slot.
        slots.resize(slots.len() + 256, FREE_SLOT);
        assert!(slots.len() < HAS_PREFIX as usize, "a lexicon's trie has fewer than 2^31 slots");
        self.steps = slots.iter().map(|s| Step { base: s.base | if s.prefix != NO_WORD { HAS_PREFIX } else { 0 }, check: s.check }).collect();
        self.info = slots.iter().map(|s| Info { word: s.word, prefix: s.prefix, flags: s.flags, starts: s.starts }).collect();
        self.trie = vec![Node::default()];
        *self.root = [0; 256];
    }

    /// Walks `token` (lower-cased) through the trie: its word and flags
    /// (with [`negates`]), and the ids of the prefix words it starts with,
    /// shortest first, pushed onto `prefixes`.
    #[inline(always)]
    fn lookup(&self, token: &[u8], prefixes: &mut Vec<u32>) -> Looked {
        const NONE: Looked = Looked { id: NO_WORD, flags: 0, starts: false };
        if token.is_empty() {
            return NONE;
        }
        // The node reached and its base (carried from the step to it).
        let (mut n, mut base) = (0usize, self.steps[0].base & !HAS_PREFIX);
        // Whether a prefix passed starts a phrase.
        let mut starts = 0;
        for &b in token {
            let c = self.code[b as usize];
            let t = base as usize + c as usize;
            let step = self.steps[t];
            if c == 0 || step.check != n as u32 {
                return Looked { flags: negates(token), starts: starts != 0, ..NONE };
            }
            (n, base) = (t, step.base & !HAS_PREFIX);
            if step.base & HAS_PREFIX != 0 {
                let info = &self.info[t];
                prefixes.push(info.prefix);
                starts |= info.starts & STARTS_PREFIX;
            }
        }
        let info = &self.info[n];
        Looked { id: info.word, flags: info.flags | negates(token), starts: (starts | info.starts) != 0 }
    }

    /// [`tokenize_into`] and [`Lexicon::lookup`] of each word in one pass,
    /// for ASCII text (most feedback): the words into `tokens` (their clauses
    /// counting the clause words, as `read` counts them) with what the trie
    /// finds, their prefixes into `prefixes`. A word is walked through the
    /// trie as it is read ([`Lexicon::class`]); once the walk leaves the
    /// trie, the rest of the word is only skipped.
    fn scan_ascii(&self, text: &str, tokens: &mut Tokens, prefixes: &mut Vec<u32>) {
        const NONE: Looked = Looked { id: NO_WORD, flags: 0, starts: false };
        let Tokens { text: buf, words } = tokens;
        buf.clear();
        words.clear();
        buf.extend_from_slice(text.as_bytes());
        buf.make_ascii_lowercase();
        let buf: &[u8] = buf;
        let (class, steps, info) = (&*self.class, &self.steps[..], &self.info[..]);
        let root = steps[0].base & !HAS_PREFIX;
        let n = buf.len();
        let (mut clause, mut clause_words) = (0u32, 0u32);
        let mut i = 0;
        while i < n {
            let b = buf[i];
            let mut c = class[b as usize];
            if c == 0 {
                clause += ENDS_CLAUSE[b as usize] as u32;
                i += 1;
                continue;
            }
            let (run, before) = (i, prefixes.len());
            // The node reached and its base, and whether a prefix passed
            // starts a phrase, while the word's bytes are in the trie.
            let (mut node, mut base, mut starts) = (0u32, root, 0u8);
            let mut found = loop {
                let t = base as usize + c as usize;
                let step = steps[t];
                if step.check != node {
                    // Out of the trie: the rest of the word is no step of it.
                    i += 1;
                    while i < n && class[buf[i] as usize] != 0 {
                        i += 1;
                    }
                    break Looked { starts: starts != 0, ..NONE };
                }
                (node, base) = (t as u32, step.base & !HAS_PREFIX);
                if step.base & HAS_PREFIX != 0 {
                    let info = &info[t];
                    prefixes.push(info.prefix);
                    starts |= info.starts & STARTS_PREFIX;
                }
                i += 1;
                c = if i < n { class[buf[i] as usize] } else { 0 };
                if c == 0 {
                    let info = &info[node as usize];
                    break Looked { id: info.word, flags: info.flags, starts: (starts | info.starts) != 0 };
                }
            };
            // Apostrophes at a word's edges are quotes, not part of it: such
            // a word (rare) is looked up again without them.
            let (mut start, mut end) = (run, i);
            if buf[run] == b'\'' || buf[i - 1] == b'\'' {
                (start, end) = unquoted(buf, run, i);
                prefixes.truncate(before);
                if start == end {
                    continue;
                }
                found = self.lookup(&buf[start..end], prefixes);
            } else {
                found.flags |= negates(&buf[start..end]);
            }
            clause_words += (found.flags & CLAUSE != 0) as u32;
            words.push(Token::new(start, end, clause + clause_words).looked(found, prefixes.len()));
        }
    }

    fn add(&mut self, phrase: &str, target: Target, weight: f64) {
        // Each whitespace-separated word may end in `*` (any ending); a word
        // may hold several tokens ("double-check").
        let mut keys: Vec<Key> = Vec::new();
        for w in phrase.split_whitespace() {
            let (w, prefix) = match w.strip_suffix('*') {
                Some(p) => (p, true),
                None => (w, false),
            };
            let t = tokenize(w);
            for i in 0..t.words.len() {
                let last = i + 1 == t.words.len();
                keys.push(if prefix && last { Key::Prefix(self.prefix_id(t.word(i))) } else { Key::Word(self.word_id(t.word(i))) });
            }
        }
        let Some(&first) = keys.first() else { return };
        let i = self.entries.len() as u32;
        match first {
            Key::Word(id) => self.by_first[id as usize].push(i),
            Key::Prefix(id) => self.by_prefix[id as usize].push(i),
        }
        self.entries.push(Entry { keys, target, weight, text: phrase.trim_end_matches('*').into() });
    }

    fn parse(&mut self, text: &str, topics: &[String]) {
        let mut section = String::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = s.to_string();
                continue;
            }
            let (phrase, weight) = match line.rsplit_once(" = ") {
                Some((p, w)) => (p.trim(), w.trim().parse::<f64>().ok()),
                None => (line, None),
            };
            match section.as_str() {
                "negation" => {
                    let id = self.word_id(phrase.to_lowercase().as_bytes());
                    self.flags[id as usize] |= NEGATION;
                }
                "intensifier" => {
                    let id = self.word_id(phrase.to_lowercase().as_bytes());
                    self.flags[id as usize] |= INTENSIFIER;
                }
                s => {
                    let target = if let Some(topic) = s.strip_prefix("topic:") {
                        match topics.iter().position(|t| t == topic) {
                            Some(i) => Target::Topic(i),
                            None => continue,
                        }
                    } else {
                        match Signal::parse(s) {
                            Some(Signal::Kind(k)) => Target::Kind(k),
                            Some(Signal::Urgency(u)) => Target::Urgency(u),
                            None => continue,
                        }
                    };
                    let default = if matches!(target, Target::Urgency(_)) { 0.8 } else { 0.6 };
                    self.add(phrase, target, weight.unwrap_or(default));
                }
            }
        }
    }
}

/// A word of a tokenized text: a span of its lower-cased buffer, and what
/// the trie found for it ([`Lexicon::lookup`]; the defaults until then).
#[derive(Debug, Clone, Copy)]
struct Token {
    start: u32,
    end: u32,
    clause: u32,
    /// Its word id ([`NO_WORD`] if none).
    id: u32,
    /// The end of its prefixes in the reader's prefix list: they are
    /// `prefixes[previous token's prefix_end..prefix_end]`.
    prefix_end: u32,
    /// The word's flags.
    flags: u8,
    /// Whether it or a prefix of it starts some phrase.
    starts: bool,
}

impl Token {
    fn new(start: usize, end: usize, clause: u32) -> Token {
        Token { start: start as u32, end: end as u32, clause, id: NO_WORD, prefix_end: 0, flags: 0, starts: false }
    }

    /// The token with what the trie found for it; its prefixes end at `prefix_end`.
    fn looked(self, found: Looked, prefix_end: usize) -> Token {
        Token { id: found.id, flags: found.flags, starts: found.starts, prefix_end: prefix_end as u32, ..self }
    }
}

/// A text lower-cased into one buffer (UTF-8), with its words.
#[derive(Debug, Clone, Default)]
struct Tokens {
    text: Vec<u8>,
    words: Vec<Token>,
}

impl Tokens {
    fn word(&self, i: usize) -> &[u8] {
        let t = self.words[i];
        &self.text[t.start as usize..t.end as usize]
    }

    fn word_str(&self, i: usize) -> &str {
        // Whole characters, lower-cased: the buffer holds UTF-8 and words
        // end at character boundaries.
        std::str::from_utf8(self.word(i)).unwrap_or_default()
    }

    /// Ends the word that started at `start`, if any: apostrophes at its
    /// edges are quotes, not part of it.
    fn end_word(&mut self, start: usize, clause: u32) {
        self.end_word_at(start, self.text.len(), clause);
    }

    /// [`Tokens::end_word`] for the word `start..end` of the buffer.
    fn end_word_at(&mut self, start: usize, end: usize, clause: u32) {
        let (a, e) = unquoted(&self.text, start, end);
        if a < e {
            self.words.push(Token::new(a, e, clause));
        }
    }
}

/// [`NEGATION`] for a word that ends in "n't" (don't, isn't): it negates
/// as the lexicon's negation words do.
fn negates(word: &[u8]) -> u8 {
    if word.ends_with(b"n't") { NEGATION } else { 0 }
}

/// The word `start..end` of `buf` without the apostrophes at its edges
/// (quotes, not part of it); empty if it is all apostrophes.
fn unquoted(buf: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && buf[start] == b'\'' {
        start += 1;
    }
    while end > start && buf[end - 1] == b'\'' {
        end -= 1;
    }
    (start, end)
}

/// Whether `c` ends a clause.
const fn ends_clause(c: char) -> bool {
    matches!(c, '.' | ',' | '!' | '?' | ';' | ':' | '(' | ')' | '\n')
}

/// [`ends_clause`] by byte, for ASCII text.
static ENDS_CLAUSE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = ends_clause(b as u8 as char);
        b += 1;
    }
    t
};

/// Scratch buffers of the classifier, kept between texts so reading one
/// allocates nothing once they have grown.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    tokens: Tokens,
    prefixes: Vec<u32>,
    matches: Vec<(u32, u32, u32)>,
    /// The feedback items of the response classified last (taken by the caller).
    pub(crate) items: Vec<FeedbackItem>,
    /// A response's evidence, the words that negate its phrases, and its
    /// score evidence before it is added.
    found: Vec<Found>,
    negators: String,
    scores: Vec<(Kind, f64, Why)>,
    /// The evidence of scores and moods written so far (`nps=3`), by
    /// instrument, question and value: written once, then shared.
    written: rustc_hash::FxHashMap<(u32, u16, u16), SharedStr>,
    /// The items of responses whose only evidence is their scores and
    /// moods, by instrument and that evidence ([`Classifier::classify_shared`]):
    /// found once, then shared by every such response.
    by_scores: rustc_hash::FxHashMap<Box<[u32]>, Arc<[FeedbackItem]>>,
    /// The key being looked up in `by_scores`.
    key: Vec<u32>,
    /// No items, shared by every response that has none.
    no_items: Option<Arc<[FeedbackItem]>>,
}

impl Scratch {
    /// Buffers with room for reading `len` bytes of text once, so that a
    /// classification that starts afresh ([`Classifier::classify_text`])
    /// allocates each buffer once instead of growing it word by word. A
    /// word takes at least one byte and the one after it, so `len / 2 + 1`
    /// words is the most a text holds (room for at most 4 096 made up front:
    /// past that, growing costs little next to reading); the other lists
    /// start at a size that fits most feedback and grow past it if they must.
    fn for_text(len: usize) -> Scratch {
        let words = (len / 2 + 1).min(4096);
        Scratch {
            tokens: Tokens { text: Vec::with_capacity(len), words: Vec::with_capacity(words) },
            prefixes: Vec::with_capacity(words.min(64)),
            matches: Vec::with_capacity(words.min(16)),
            found: Vec::with_capacity(16),
            negators: String::with_capacity(32),
            ..Scratch::default()
        }
    }
}

/// A copy of an engine starts with empty buffers of its own.
impl Clone for Scratch {
    fn clone(&self) -> Self {
        Scratch::default()
    }
}

fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, &mut out);
    out
}

/// The bytes of a word in ASCII text: letters, digits and apostrophes.
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    t
};

/// Lower-cased words with the clause each is in as far as punctuation
/// tells; the words that start a clause ("but", "maar") are counted when the
/// words are looked up in a lexicon ([`CLAUSE`]).
fn tokenize_into(text: &str, out: &mut Tokens) {
    out.text.clear();
    out.words.clear();
    let mut clause = 0u32;
    out.text.reserve(text.len());
    let mut start: Option<usize> = None;
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            if start.is_none() {
                start = Some(out.text.len());
            }
            if c == '’' {
                out.text.push(b'\'');
            } else if c.is_ascii() {
                out.text.push(c.to_ascii_lowercase() as u8);
            } else {
                for l in c.to_lowercase() {
                    out.text.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                }
            }
        } else {
            if let Some(s0) = start.take() {
                out.end_word(s0, clause);
            }
            out.text.push(b' ');
            if ends_clause(c) {
                clause += 1;
            }
        }
    }
    if let Some(s0) = start {
        out.end_word(s0, clause);
    }
}

/// Classifies feedback: text (per locale, with negation and intensifiers),
/// scores, choice answers and the host's labels. Built once from the
/// configuration; the lexicons are data.
#[derive(Debug, Clone)]
pub struct Classifier {
    lexicons: Vec<(String, Lexicon)>,
    topics: Vec<SharedStr>,
    /// The evidence of a kind an urgency marker implies (`urgency:legal`), by marker.
    implied: [SharedStr; 5],
    /// The evidence of a host's label (`label:complaint`), by kind, then by marker.
    kind_labels: [SharedStr; 4],
    urgency_labels: [SharedStr; 5],
}

/// What a piece of evidence is; its text is written only when it is reported.
#[derive(Debug)]
enum Why {
    /// A lexicon phrase, with the word that negates it (whether it comes
    /// before, and where it is in [`Findings::negators`]).
    Phrase { lexicon: u16, entry: u32, negator: Option<(bool, std::ops::Range<u32>)> },
    /// A score, an answer or an implied kind, already written.
    Text(SharedStr),
    /// Evidence not kept ([`Findings::evidence`] is off): never rendered.
    Unwritten,
}

/// One piece of evidence for a kind or a marker.
#[derive(Debug)]
struct Found {
    /// `Kind as usize`, or 4 + `Urgency as usize`.
    slot: u8,
    why: Why,
    clause: Option<u32>,
}

/// Slot of a kind or a marker in [`Findings`].
const fn kind_slot(k: Kind) -> u8 {
    k as u8
}

const fn urgency_slot(u: Urgency) -> u8 {
    4 + u as u8
}

/// Everything found in a response, before it is combined: the evidence in
/// the order it was found, and per kind and marker the running product of
/// `1 - weight` (confidence is one minus it) and the number of pieces.
#[derive(Debug)]
struct Findings {
    /// Whether the evidence is kept (items with evidence and topics are
    /// made), or only the weights (what was found is all that is asked).
    evidence: bool,
    found: Vec<Found>,
    /// The words that negate phrases of the evidence, one after the other.
    negators: String,
    keep: [f64; 9],
    count: [u16; 9],
    /// Topic index by clause.
    topics: Vec<(usize, u32)>,
}

impl Default for Findings {
    fn default() -> Self {
        Findings { evidence: true, found: Vec::new(), negators: String::new(), keep: [1.0; 9], count: [0; 9], topics: Vec::new() }
    }
}

impl Findings {
    /// Findings that fill the evidence lists of `scratch` (taken from it,
    /// to be given back once they are read).
    fn in_buffers_of(scratch: &mut Scratch) -> Findings {
        Findings { found: std::mem::take(&mut scratch.found), negators: std::mem::take(&mut scratch.negators), ..Findings::default() }
    }

    /// Adds a piece of evidence for `slot`; `why` is written only if the
    /// evidence is kept.
    fn add(&mut self, slot: u8, weight: f64, why: impl FnOnce(&mut String) -> Why, clause: Option<u32>) {
        self.keep[slot as usize] *= 1.0 - weight.clamp(0.0, 0.99);
        self.count[slot as usize] += 1;
        if self.evidence {
            let why = why(&mut self.negators);
            self.found.push(Found { slot, why, clause });
        }
    }

    fn seen(&self, slot: u8) -> bool {
        self.count[slot as usize] > 0
    }

    fn confidence(&self, slot: u8) -> f64 {
        1.0 - self.keep[slot as usize]
    }

}

/// The evidence of a score or a mood, `question=value` (`nps=3`,
/// `mood=angry`), written the first time it is cited and shared after.
fn score_why(written: &mut rustc_hash::FxHashMap<(u32, u16, u16), SharedStr>, key: (u32, u16, u16), question: &str, label: Option<&str>) -> Why {
    let text = written.entry(key).or_insert_with(|| match label {
        Some(label) => concat(&[question, "=", label]).into(),
        None => concat(&[question, "=", Decimal::new(key.2 as u64).as_str()]).into(),
    });
    Why::Text(text.clone())
}

/// The complaint a score or a mood gives: its weight, and the value cited
/// (the score, or the mood's option). A detractor, a low CSAT, a high effort
/// (a low CES), a strongly negative mood; `None` for any other answer.
fn score_evidence(kind: &QuestionKind, answer: &Answer) -> Option<(f64, u16)> {
    match (kind, answer) {
        (QuestionKind::Nps, Answer::Score(s)) if *s <= 6 => Some((if *s <= 4 { 0.5 } else { 0.3 }, *s as u16)),
        // At most 40% of the scale (5s ≤ 2 scale), and at most a third of it
        // (3s ≤ scale), in whole numbers.
        (QuestionKind::Csat { scale }, Answer::Score(s)) if 5 * u16::from(*s) <= 2 * u16::from(*scale) => Some((0.4, *s as u16)),
        (QuestionKind::Ces { scale }, Answer::Score(s)) if 3 * u16::from(*s) <= u16::from(*scale) => Some((0.3, *s as u16)),
        (QuestionKind::Emotion { options }, Answer::Option(o)) if options[*o as usize].1 <= -0.7 => Some((0.3, *o)),
        _ => None,
    }
}

/// Most sets of shared items kept in [`Scratch::by_scores`].
const SHARED_ITEMS: usize = 4096;

/// Whether evidence for `slot` is tied to clauses (text, not scores).
fn has_clauses(found: &[Found], slot: u8) -> bool {
    found.iter().any(|f| f.slot == slot && f.clause.is_some())
}

/// Whether `clause` is one of the clauses of the evidence for `slot`, or
/// that evidence is tied to no clause (a score applies to everything said).
fn in_clauses(found: &[Found], slot: u8, clause: u32) -> bool {
    !has_clauses(found, slot) || found.iter().any(|f| f.slot == slot && f.clause == Some(clause))
}

impl Classifier {
    /// A classifier for `settings`, reporting topics of `topics`.
    pub fn new(settings: &ClassificationSettings, topics: &[String]) -> Classifier {
        let mut lexicons: Vec<(String, Lexicon)> = Vec::new();
        for locale in &settings.locales {
            let mut lex = Lexicon::default();
            if let Some((_, text)) = BUILT_IN.iter().find(|(l, _)| l == locale) {
                lex.parse(text, topics);
            }
            for (i, t) in topics.iter().enumerate() {
                lex.add(&t.replace('-', " "), Target::Topic(i), 0.6);
            }
            for (l, signal, phrase) in &settings.extra_phrases {
                if l == locale {
                    let target = match signal {
                        Signal::Kind(k) => Target::Kind(*k),
                        Signal::Urgency(u) => Target::Urgency(*u),
                    };
                    lex.add(phrase, target, if matches!(target, Target::Urgency(_)) { 0.8 } else { 0.7 });
                }
            }
            lex.freeze();
            lexicons.push((locale.clone(), lex));
        }
        let shared = |prefix: &str, name: &str| -> SharedStr { concat(&[prefix, name]).into() };
        Classifier {
            lexicons,
            topics: topics.iter().map(SharedStr::from).collect(),
            implied: Urgency::ALL.map(|u| shared("urgency:", u.as_str())),
            kind_labels: Kind::ALL.map(|k| shared("label:", k.as_str())),
            urgency_labels: Urgency::ALL.map(|u| shared("label:", u.as_str())),
        }
    }

    fn read(&self, lexicon: usize, text: &str, clause_base: u32, into: &mut Findings, scratch: &mut Scratch) {
        let lex = &self.lexicons[lexicon].1;
        let Scratch { tokens, prefixes, matches, .. } = scratch;
        // Each token walked through the trie once: its word id, and the
        // prefixes it starts with.
        prefixes.clear();
        if text.is_ascii() {
            lex.scan_ascii(text, tokens, prefixes);
        } else {
            tokenize_into(text, tokens);
            let mut clause_words = 0;
            for k in 0..tokens.words.len() {
                let found = lex.lookup(tokens.word(k), prefixes);
                clause_words += (found.flags & CLAUSE != 0) as u32;
                let t = &mut tokens.words[k];
                t.clause += clause_words;
                *t = t.looked(found, prefixes.len());
            }
        }
        let words = &tokens.words;
        let n_words = words.len();
        let prefixes_of = |k: usize| &prefixes[if k == 0 { 0 } else { words[k - 1].prefix_end as usize }..words[k].prefix_end as usize];
        let clause_of = |k: usize| words[k].clause + clause_base;
        let flagged = |k: usize, flag: u8| words[k].flags & flag != 0;
        let key_matches = |key: Key, k: usize| match key {
            Key::Word(id) => id == words[k].id,
            Key::Prefix(id) => prefixes_of(k).contains(&id),
        };
        // Leftmost-longest matching; the words of a match are not read again.
        // Among matches of one length the heavier wins, then an exact first
        // word over a prefix, then the entry listed first.
        matches.clear();
        let mut i = 0;
        while i < n_words {
            if !words[i].starts {
                // Most words start no phrase.
                i += 1;
                continue;
            }
            let exact: &[u32] = if words[i].id == NO_WORD { &[] } else { &lex.by_first[words[i].id as usize] };
            // (entry, words, rank): rank orders exact first words before prefixes.
            let mut best: Option<(u32, usize, (bool, u32))> = None;
            let candidates = exact.iter().map(|&e| (e, false)).chain(prefixes_of(i).iter().flat_map(|&p| lex.by_prefix[p as usize].iter().map(|&e| (e, true))));
            for (e, is_prefix) in candidates {
                let entry = &lex.entries[e as usize];
                let n = entry.keys.len();
                if i + n > n_words || !entry.keys.iter().enumerate().skip(1).all(|(j, key)| key_matches(*key, i + j)) {
                    continue;
                }
                let rank = (is_prefix, e);
                let better = match best {
                    None => true,
                    Some((b, bn, brank)) => {
                        let bw = lex.entries[b as usize].weight;
                        n > bn || (n == bn && (entry.weight > bw || (entry.weight == bw && rank < brank)))
                    }
                };
                if better {
                    best = Some((e, n, rank));
                }
            }
            match best {
                Some((e, n, _)) => {
                    matches.push((e, i as u32, (i + n) as u32));
                    i += n;
                }
                None => i += 1,
            }
        }
        for (m, &(e, start, end)) in matches.iter().enumerate() {
            let (start, end) = (start as usize, end as usize);
            let entry = &lex.entries[e as usize];
            let clause = clause_of(start);
            // A negator is a word of no match. The matches are in order and
            // apart: the words before this one can be in the matches that end
            // after the first of them, the word after it only in the next.
            let from = start.saturating_sub(3);
            let in_match = |k: usize| {
                if k < start {
                    matches[..m].iter().rev().take_while(|x| x.2 as usize > from).any(|x| x.1 as usize <= k && k < x.2 as usize)
                } else {
                    matches.get(m + 1).is_some_and(|x| x.1 as usize == k)
                }
            };
            let negator = (from..start)
                .chain(end..(end + 1).min(n_words))
                .find(|&k| flagged(k, NEGATION) && clause_of(k) == clause && !in_match(k));
            let intensified = (start.saturating_sub(2)..start).any(|k| flagged(k, INTENSIFIER) && clause_of(k) == clause);
            let weight = if intensified { (entry.weight * 1.3).min(0.95) } else { entry.weight };
            let why = |negators: &mut String| Why::Phrase {
                lexicon: lexicon as u16,
                entry: e,
                negator: negator.map(|k| {
                    let from = negators.len() as u32;
                    negators.push_str(tokens.word_str(k));
                    (k < start, from..negators.len() as u32)
                }),
            };
            match (entry.target, negator.is_some()) {
                // Topics are evidence: not needed when only the kinds and markers are.
                (Target::Topic(t), _) => {
                    if into.evidence {
                        into.topics.push((t, clause));
                    }
                }
                (Target::Kind(Kind::Compliment), true) => into.add(kind_slot(Kind::Complaint), weight, why, Some(clause)),
                (Target::Kind(k @ Kind::Suggestion), _) | (Target::Kind(k), false) => into.add(kind_slot(k), weight, why, Some(clause)),
                (Target::Urgency(u), false) => into.add(urgency_slot(u), weight, why, Some(clause)),
                // A negated complaint, issue or urgency ("not bad", "no
                // problem", "not dangerous") is no evidence of it.
                (Target::Kind(_), true) | (Target::Urgency(_), true) => {}
            }
        }
    }

    /// The lexicons to read a text of `locale` with (by index).
    fn lexicons_for(&self, locale: Option<&str>) -> std::ops::Range<usize> {
        let base = locale.map(|l| l.split(['-', '_']).next().unwrap_or(l));
        match base.and_then(|b| self.lexicons.iter().position(|(l, _)| l.eq_ignore_ascii_case(b))) {
            Some(i) => i..i + 1,
            // Unknown or missing locale: read the text with every lexicon.
            None => 0..self.lexicons.len(),
        }
    }

    /// The text of a piece of evidence (its negator read from `negators`).
    fn render(&self, why: &Why, negators: &str) -> SharedStr {
        match why {
            Why::Text(t) => t.clone(),
            Why::Unwritten => SharedStr::from(""),
            Why::Phrase { lexicon, entry, negator } => {
                let text = &self.lexicons[*lexicon as usize].1.entries[*entry as usize].text;
                let word = |r: &std::ops::Range<u32>| negators.get(r.start as usize..r.end as usize).unwrap_or_default();
                match negator {
                    Some((true, r)) => concat(&[word(r), " ", text]).into(),
                    Some((false, r)) => concat(&[text, " ", word(r)]).into(),
                    None => text.clone(),
                }
            }
        }
    }

    /// The distinct texts of the evidence for `slot`, in the order found.
    fn phrases(&self, f: &Findings, slot: u8) -> Vec<SharedStr> {
        // Sized for the evidence found, not grown: most slots have one or two.
        let mut out: Vec<SharedStr> = Vec::with_capacity(f.count[slot as usize] as usize);
        for found in f.found.iter().filter(|x| x.slot == slot) {
            let text = self.render(&found.why, &f.negators);
            if !out.contains(&text) {
                out.push(text);
            }
        }
        out
    }

    /// Classifies free text in `locale` (`en`, `nl`; every configured locale
    /// when `None` or unknown).
    pub fn classify_text(&self, text: &str, locale: Option<&str>) -> Classification {
        let mut scratch = Scratch::for_text(text.len());
        let mut f = Findings::in_buffers_of(&mut scratch);
        for lexicon in self.lexicons_for(locale) {
            self.read(lexicon, text, 0, &mut f, &mut scratch);
        }
        let mut items = Vec::new();
        let (urgency, topics) = self.finish(&mut f, &mut Vec::new(), &Said::default(), &mut items);
        Classification { items, urgency, topics }
    }

    /// Classifies a validated response: its text answers, its scores
    /// (detractor, low CSAT, high effort, a negative mood), choice answers
    /// that name a kind or a topic, and the host's labels, which win.
    pub fn classify_response(&self, config: &Config, r: &Response) -> Classification {
        let longest = r.answers.iter().map(|(_, a)| if let Answer::Text(t) = a { t.len() } else { 0 }).max().unwrap_or(0);
        let mut scratch = Scratch::for_text(longest);
        let (urgency, topics) = self.classify_response_in(config, &r.view(), &mut scratch);
        Classification { items: scratch.items, urgency, topics }
    }

    /// [`Classifier::classify_response_in`] with the items in shared memory.
    /// A response whose only evidence is its scores and moods (no text, no
    /// choice, no label: most responses) has items that follow from that
    /// evidence alone, and no urgency or topics: they are found once per
    /// instrument and evidence and shared after.
    pub(crate) fn classify_shared(&self, config: &Config, r: &ResponseRef<'_>, scratch: &mut Scratch) -> (Arc<[FeedbackItem]>, Vec<UrgencyFinding>, Vec<SharedStr>) {
        let ins = &config.instruments[r.instrument.index()];
        let no_items = scratch.no_items.get_or_insert_with(|| Arc::from(Vec::new())).clone();
        // One pass: whether the response's only evidence is its scores and
        // moods, and its key (the instrument, then each question and value
        // cited).
        scratch.key.clear();
        scratch.key.push(r.instrument.index() as u32);
        let only_scores = r.labels.is_empty()
            && r.answers.iter().all(|(qi, a)| {
                let kind = &ins.questions[*qi as usize].kind;
                if let Some((_, value)) = score_evidence(kind, a) {
                    scratch.key.push(u32::from(*qi) << 16 | u32::from(value));
                }
                !matches!(kind, QuestionKind::Text { .. } | QuestionKind::Choice { .. } | QuestionKind::MultiChoice { .. })
            });
        if only_scores {
            if scratch.key.len() == 1 {
                return (no_items, Vec::new(), Vec::new());
            }
            if let Some(items) = scratch.by_scores.get(&*scratch.key) {
                return (items.clone(), Vec::new(), Vec::new());
            }
        }
        let (urgency, topics) = self.classify_response_in(config, r, scratch);
        let items: Arc<[FeedbackItem]> = if scratch.items.is_empty() { no_items } else { scratch.items.drain(..).collect() };
        if only_scores && scratch.by_scores.len() < SHARED_ITEMS {
            scratch.by_scores.insert(scratch.key.as_slice().into(), items.clone());
        }
        (items, urgency, topics)
    }

    /// [`Classifier::classify_response`] with the caller's scratch buffers:
    /// the items are left in `scratch.items` (so that the engine moves them
    /// into shared memory without another list), urgency and topics returned.
    pub(crate) fn classify_response_in(&self, config: &Config, r: &ResponseRef<'_>, scratch: &mut Scratch) -> (Vec<UrgencyFinding>, Vec<SharedStr>) {
        let mut f = Findings::in_buffers_of(scratch);
        let mut said = Said::default();
        let mut scores = std::mem::take(&mut scratch.scores);
        self.gather(config, r, &mut f, &mut scores, &mut said, scratch);
        let mut items = std::mem::take(&mut scratch.items);
        items.clear();
        let out = self.finish(&mut f, &mut scores, &said, &mut items);
        scratch.items = items;
        self.give_back(f, scores, scratch);
        out
    }

    /// What [`Classifier::classify_response_in`] finds, without its
    /// evidence: the kinds of the items it gives (a bit each, by
    /// [`kind_bit`](crate::rule::kind_bit)) and its urgency markers, in
    /// order. Every weight is found and combined as for the items, so the
    /// two agree; no evidence, topic or item is written.
    pub(crate) fn judge_response_in(&self, config: &Config, r: &ResponseRef<'_>, scratch: &mut Scratch) -> (u8, Vec<Urgency>) {
        let mut f = Findings::in_buffers_of(scratch);
        f.evidence = false;
        let mut said = Said::default();
        let mut scores = std::mem::take(&mut scratch.scores);
        self.gather(config, r, &mut f, &mut scores, &mut said, scratch);
        self.weigh_the_rest(&mut f, &mut scores, &said);
        let label_kinds: Vec<Kind> = said.label_kinds().collect();
        let kinds = Kind::ALL.into_iter().filter(|k| item_confidence(&f, *k, &label_kinds).is_some()).fold(0u8, |m, k| m | crate::rule::kind_bit(k));
        let urgency = Urgency::ALL.into_iter().filter(|u| marked(&f, *u, &said.labels)).collect();
        self.give_back(f, scores, scratch);
        (kinds, urgency)
    }

    /// Reads the answers of `r` into `f` (text), `scores` (score and mood
    /// evidence) and `said` (choices that name a kind or a topic, labels).
    fn gather<'c>(&self, config: &'c Config, r: &ResponseRef<'_>, f: &mut Findings, scores: &mut Vec<(Kind, f64, Why)>, said: &mut Said<'c>, scratch: &mut Scratch) {
        let ins = &config.instruments[r.instrument.index()];
        let instrument = r.instrument.index() as u32;
        // Score evidence comes after the text's, as the text is read first.
        for (n, (qi, answer)) in r.answers.iter().enumerate() {
            let q = &ins.questions[*qi as usize];
            let mut option = |label: &'c str| {
                if let Some(Signal::Kind(k)) = Signal::parse(label) {
                    said.answers.push((k, &q.id, label));
                }
                if let Some(t) = self.topics.iter().position(|t| **t == *label) {
                    said.topics.push(t);
                }
            };
            match (&q.kind, answer) {
                (QuestionKind::Text { .. }, Answer::Text(text)) => {
                    for lexicon in self.lexicons_for(r.locale) {
                        self.read(lexicon, text, n as u32 * 10_000, f, scratch);
                    }
                }
                (QuestionKind::Nps | QuestionKind::Csat { .. } | QuestionKind::Ces { .. } | QuestionKind::Emotion { .. }, _) => {
                    if let Some((weight, value)) = score_evidence(&q.kind, answer) {
                        let why = if f.evidence {
                            let label = match &q.kind {
                                QuestionKind::Emotion { options } => Some(options[value as usize].0.as_str()),
                                _ => None,
                            };
                            score_why(&mut scratch.written, (instrument, *qi, value), &q.id, label)
                        } else {
                            Why::Unwritten
                        };
                        scores.push((Kind::Complaint, weight, why));
                    }
                }
                (QuestionKind::Choice { options }, Answer::Option(o)) => option(&options[*o as usize]),
                (QuestionKind::MultiChoice { options }, Answer::Options(os)) => os.iter().for_each(|o| option(&options[*o as usize])),
                _ => {}
            }
        }
        said.labels.extend(r.labels.iter().filter_map(|l| Signal::parse(&l.to_ascii_lowercase())));
    }

    /// Gives the evidence lists back to `scratch`, emptied.
    fn give_back(&self, mut f: Findings, scores: Vec<(Kind, f64, Why)>, scratch: &mut Scratch) {
        f.found.clear();
        scratch.found = f.found;
        f.negators.clear();
        scratch.negators = f.negators;
        scratch.scores = scores;
    }

    /// Adds to the text's findings what the rest of a response says: the
    /// kinds its urgency markers imply, then its scores, then its choices.
    fn weigh_the_rest(&self, f: &mut Findings, scores: &mut Vec<(Kind, f64, Why)>, said: &Said<'_>) {
        // Urgency implies a kind: a legal or public threat expresses
        // dissatisfaction that expects a response; a safety report is a
        // concrete problem; an intent to leave hints at dissatisfaction.
        for u in Urgency::ALL {
            if !(f.seen(urgency_slot(u)) && f.confidence(urgency_slot(u)) >= THRESHOLD) {
                continue;
            }
            let (k, w) = match u {
                Urgency::Legal | Urgency::Public => (Kind::Complaint, 0.6),
                Urgency::Safety => (Kind::Issue, 0.6),
                Urgency::Churn => (Kind::Complaint, 0.4),
                Urgency::Vulnerable => continue,
            };
            f.add(kind_slot(k), w, |_| Why::Text(self.implied[u as usize].clone()), None);
        }
        for (k, w, why) in scores.drain(..) {
            f.add(kind_slot(k), w, |_| why, None);
        }
        for &(k, question, label) in &said.answers {
            f.add(kind_slot(k), 0.9, |_| Why::Text(concat(&["answer:", question, "=", label]).into()), None);
        }
    }

    /// Combines findings with score evidence, choice answers and labels.
    fn finish(&self, f: &mut Findings, scores: &mut Vec<(Kind, f64, Why)>, said: &Said<'_>, items: &mut Vec<FeedbackItem>) -> (Vec<UrgencyFinding>, Vec<SharedStr>) {
        self.weigh_the_rest(f, scores, said);
        let label_kinds: Vec<Kind> = said.label_kinds().collect();
        let found_topics = std::mem::take(&mut f.topics);
        // The topics of the clauses of the evidence for `slot` (all for `None`).
        let topic_names = |found: &[Found], slot: Option<u8>| -> Vec<SharedStr> {
            // Topics the customer chose apply to everything they said.
            let mut out: Vec<SharedStr> = said.topics.iter().map(|t| self.topics[*t].clone()).collect();
            out.dedup();
            for (t, c) in &found_topics {
                if slot.is_none_or(|s| in_clauses(found, s, *c)) && !out.contains(&self.topics[*t]) {
                    if out.len() == out.capacity() {
                        // Room for every topic found at once, not grown one by one.
                        out.reserve_exact(found_topics.len());
                    }
                    out.push(self.topics[*t].clone());
                }
            }
            out
        };
        for k in Kind::ALL {
            let Some(confidence) = item_confidence(f, k, &label_kinds) else { continue };
            let slot = kind_slot(k);
            if !label_kinds.is_empty() {
                // The host's labels win over what the text suggests.
                let topics = if has_clauses(&f.found, slot) { topic_names(&f.found, Some(slot)) } else { Vec::new() };
                items.push(FeedbackItem { kind: k, confidence, evidence: vec![self.kind_labels[k as usize].clone()], topics });
            } else {
                items.push(FeedbackItem { kind: k, confidence, topics: topic_names(&f.found, Some(slot)), evidence: self.phrases(f, slot) });
            }
        }
        let mut urgency = Vec::new();
        for u in Urgency::ALL {
            if !marked(f, u, &said.labels) {
                continue;
            }
            let labelled = said.labels.contains(&Signal::Urgency(u));
            let mut evidence = if f.seen(urgency_slot(u)) { self.phrases(f, urgency_slot(u)) } else { Vec::new() };
            if labelled {
                evidence.insert(0, self.urgency_labels[u as usize].clone());
            }
            urgency.push(UrgencyFinding { marker: u, evidence });
        }
        let topics = topic_names(&f.found, None);
        (urgency, topics)
    }
}

/// What a response says besides its text and scores: the choices that
/// name a kind (with the question and the option, for the evidence) or a
/// topic, and the host's labels.
#[derive(Default)]
struct Said<'c> {
    answers: Vec<(Kind, &'c str, &'c str)>,
    topics: Vec<usize>,
    labels: Vec<Signal>,
}

impl Said<'_> {
    /// The kinds the host's labels name.
    fn label_kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        self.labels.iter().filter_map(|s| if let Signal::Kind(k) = s { Some(*k) } else { None })
    }
}

/// The confidence of the item of kind `k` that `f` gives, if it gives one:
/// the host's labels win (each labelled kind, at 1), else a kind whose
/// evidence reaches [`THRESHOLD`] (rounded to three decimals).
fn item_confidence(f: &Findings, k: Kind, label_kinds: &[Kind]) -> Option<f64> {
    if !label_kinds.is_empty() {
        return label_kinds.contains(&k).then_some(1.0);
    }
    let slot = kind_slot(k);
    let confidence = f.confidence(slot);
    (f.seen(slot) && confidence >= THRESHOLD).then(|| (confidence * 1000.0).round() / 1000.0)
}

/// Whether `f` finds urgency marker `u`: its evidence reaches
/// [`THRESHOLD`], or the host labelled it.
fn marked(f: &Findings, u: Urgency, labels: &[Signal]) -> bool {
    let slot = urgency_slot(u);
    (f.seen(slot) && f.confidence(slot) >= THRESHOLD) || labels.contains(&Signal::Urgency(u))
}

#[cfg(test)]
mod tests {
    use super::{Lexicon, NO_WORD};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A lexicon of `words` and `prefixes` (built as the classifier builds
    /// one), with the ids they were given.
    fn lexicon(words: &[String], prefixes: &[String]) -> (Lexicon, BTreeMap<String, u32>, BTreeMap<String, u32>) {
        let mut lex = Lexicon::default();
        let words: BTreeMap<String, u32> = words.iter().map(|w| (w.clone(), lex.word_id(w.as_bytes()))).collect();
        let prefixes: BTreeMap<String, u32> = prefixes.iter().map(|p| (p.clone(), lex.prefix_id(p.as_bytes()))).collect();
        lex.freeze();
        (lex, words, prefixes)
    }

    /// Words over a few letters (so that they share prefixes and nodes have
    /// several children), some of them two-byte UTF-8 letters.
    fn word() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(vec!['a', 'b', 'e', 'n', 'o', 't', 'z', '\'', 'ë', 'é', '9']), 1..7).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// The frozen trie finds a token's word id and exactly the prefix
        /// words it starts with, shortest first, as a plain search does.
        #[test]
        fn the_frozen_trie_finds_what_a_plain_search_finds(words in prop::collection::vec(word(), 0..40), prefixes in prop::collection::vec(word(), 0..10), tokens in prop::collection::vec(word(), 1..30)) {
            let (lex, word_ids, prefix_ids) = lexicon(&words, &prefixes);
            for token in tokens.iter().chain(&words).chain(&prefixes) {
                let mut found = Vec::new();
                let looked = lex.lookup(token.as_bytes(), &mut found);
                // The clause words ("but", "maar"…) are words of every lexicon.
                if let Some(&id) = word_ids.get(token) {
                    prop_assert_eq!(looked.id, id);
                } else if !super::CLAUSE_WORDS.contains(&token.as_str()) {
                    prop_assert_eq!(looked.id, NO_WORD);
                }
                let mut expected: Vec<(usize, u32)> = prefix_ids.iter().filter(|(p, _)| token.starts_with(p.as_str())).map(|(p, &id)| (p.len(), id)).collect();
                expected.sort();
                prop_assert_eq!(found, expected.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
                // Capital ASCII letters are read as small ones.
                let mut upper = Vec::new();
                prop_assert_eq!(lex.lookup(token.to_ascii_uppercase().as_bytes(), &mut upper).id, looked.id);
            }
        }
    }

    /// A response to the reference `post-contact` instrument: any scores,
    /// mood and consent; now and then a topic, a comment or a label.
    fn response() -> impl Strategy<Value = serde_json::Value> {
        let moods = vec!["angry", "frustrated", "worried", "neutral", "relieved", "pleased", "delighted"];
        (
            0u8..=10,
            prop::option::of(1u8..=5),
            prop::option::of(1u8..=7),
            prop::option::of(prop::sample::select(moods)),
            prop::option::of(any::<bool>()),
            prop::option::weighted(0.1, prop::sample::select(vec!["billing", "other"])),
            prop::option::weighted(0.1, prop::sample::select(vec!["Never again, I will call my lawyer.", "Fine.", "Top service!"])),
            prop::option::weighted(0.1, prop::sample::select(vec!["complaint", "churn"])),
        )
            .prop_map(|(nps, csat, ces, mood, consent, topic, comment, label)| {
                let mut answers = serde_json::json!({"nps": nps, "csat": csat, "ces": ces, "mood": mood, "may_contact": consent, "topic": topic, "comment": comment});
                answers.as_object_mut().unwrap().retain(|_, v| !v.is_null());
                serde_json::json!({"id": "r-1", "instrument": "post-contact", "touchpoint": "support-call", "channel": "phone",
                                   "submitted_at": "2026-11-23T09:00:00+01:00", "locale": "en", "labels": label.map(|l| vec![l]).unwrap_or_default(), "answers": answers})
            })
    }

    proptest! {
        /// Responses classified one after the other with one scratch (as an
        /// engine does, sharing the items of responses whose only evidence is
        /// their scores) get what each gets classified afresh; read only for
        /// their kinds and markers (as a batch reads them), the same kinds
        /// and markers.
        #[test]
        fn shared_items_are_the_items_found_afresh(responses in prop::collection::vec(response(), 1..40)) {
            let config = crate::Config::from_json(include_str!("../../examples/acme.json")).unwrap();
            let classifier = super::Classifier::new(&config.classification, &config.topics);
            let mut scratch = super::Scratch::default();
            for json in &responses {
                let response = config.validate_response(crate::ResponseInput::from_json(&json.to_string()).unwrap()).unwrap();
                let (items, urgency, topics) = classifier.classify_shared(&config, &response.view(), &mut scratch);
                let afresh = classifier.classify_response(&config, &response);
                prop_assert_eq!(&*items, afresh.items.as_slice(), "{}", json);
                prop_assert_eq!(&urgency, &afresh.urgency);
                prop_assert_eq!(topics, afresh.topics);
                // Read for what it says only, it says the same.
                let (kinds, markers) = classifier.judge_response_in(&config, &response.view(), &mut scratch);
                prop_assert_eq!(kinds, afresh.items.iter().fold(0u8, |m, i| m | crate::rule::kind_bit(i.kind)), "{}", json);
                prop_assert_eq!(markers, afresh.urgency.iter().map(|u| u.marker).collect::<Vec<_>>(), "{}", json);
            }
        }

        /// ASCII text read in one pass gives the words, clauses, ids and
        /// prefixes that tokenizing it and looking each word up give.
        #[test]
        fn one_pass_over_ascii_text_finds_what_tokenizing_then_looking_up_finds(
            words in prop::collection::vec(word(), 0..30),
            prefixes in prop::collection::vec(word(), 0..8),
            text in prop::collection::vec(prop::sample::select(vec!["not", "No", "BUT", "a", "b'", "'t", "''", "n't", "ab", "ton", " ", " ", ".", ",", "!", "?", ";", ":", "(", ")", "\n", "-", "\"", "9"]), 0..40),
        ) {
            let words: Vec<String> = words.into_iter().filter(|w| w.is_ascii()).chain(["not".to_string(), "but".to_string()]).collect();
            let prefixes: Vec<String> = prefixes.into_iter().filter(|w| w.is_ascii()).collect();
            let (lex, _, _) = lexicon(&words, &prefixes);
            let text: String = text.concat();
            let (mut one, mut found) = (super::Tokens::default(), Vec::new());
            lex.scan_ascii(&text, &mut one, &mut found);
            let mut two = super::Tokens::default();
            super::tokenize_into(&text, &mut two);
            let (mut expected_found, mut clause_words) = (Vec::new(), 0);
            prop_assert_eq!(one.words.len(), two.words.len());
            for k in 0..two.words.len() {
                let looked = lex.lookup(two.word(k), &mut expected_found);
                clause_words += (looked.flags & super::CLAUSE != 0) as u32;
                prop_assert_eq!(one.word(k), two.word(k));
                prop_assert_eq!(one.words[k].clause, two.words[k].clause + clause_words);
                let t = one.words[k];
                prop_assert_eq!((t.id, t.flags, t.starts), (looked.id, looked.flags, looked.starts));
                prop_assert_eq!(t.prefix_end as usize, expected_found.len());
            }
            prop_assert_eq!(found, expected_found);
        }
    }

    #[test]
    fn words_prefixes_and_capitals_are_found_and_others_are_not() {
        let words: Vec<String> = ["not", "no", "never", "één", "geïrriteerd", "don't"].map(String::from).to_vec();
        let (lex, ids, prefix_ids) = lexicon(&words, &["disappoint".to_string(), "dis".to_string()]);
        let look = |t: &str| {
            let mut p = Vec::new();
            (lex.lookup(t.as_bytes(), &mut p).id, p)
        };
        assert_eq!(look("never"), (ids["never"], vec![]));
        assert_eq!(look("NeVeR"), (ids["never"], vec![]));
        assert_eq!(look("één"), (ids["één"], vec![]));
        assert_eq!(look("don't"), (ids["don't"], vec![]));
        assert_eq!(look("disappointing"), (NO_WORD, vec![prefix_ids["dis"], prefix_ids["disappoint"]]));
        assert_eq!(look("dismal"), (NO_WORD, vec![prefix_ids["dis"]]));
        for miss in ["nope", "ne", "n", "", "geirriteerd", "ÉÉN"] {
            assert_eq!(look(miss), (NO_WORD, vec![]), "{miss}");
        }
    }
}
