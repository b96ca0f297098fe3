//! The engine is event-sourced: every call that changes it is recorded as a
//! numbered, versioned, serialisable [`Event`], and [`Engine::replay`] rebuilds
//! an identical engine from them.
//!
//! Events record what the engine was asked to do (a response, a case command,
//! the time moving on…), not each consequence: deadlines, timers, repeat
//! counts and escalations follow deterministically from the inputs and the
//! configuration, so a replay recomputes them. The one derivation that is not
//! a pure function of the configuration, the classification of free text
//! (lexicons improve between versions), is part of the event, so a replay
//! never depends on the lexicon of the day, nor on comment text that
//! [`Engine::forget_customer`] has erased.
//!
//! Inside the engine, the items and topics of a response with text are not
//! kept: the engine that read them reads them again, exactly, when they are
//! asked for (its events, the response's outcome, a snapshot), so ingest
//! writes no evidence and a batch does not even make it. A replayed or
//! restored event whose items a reading would not give again (another
//! lexicon, erased text) keeps them.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::shared::SharedStr;
use crate::case::Command;
use crate::classify::{FeedbackItem, Urgency};
use crate::config::Config;
use crate::classify::Scratch;
use crate::engine::{Engine, Reading};
use crate::error::{ClfError, Result};
use crate::improvement::{ImprovementState, Notification};

use crate::response::{Answer, AnswerInput, Response, ResponseInput, ResponseRef};
use crate::instrument::QuestionKind;
use crate::summary::Dimension;

/// The version of the event schema this library writes and reads.
pub const EVENT_VERSION: u32 = 1;

/// What [`Engine::forget_customer`] puts in place of erased free text.
pub const ERASED: &str = "[erased]";

/// The prefix of the pseudonyms that replace forgotten customers' ids.
pub const PSEUDONYM_PREFIX: &str = "forgotten:";

/// One change to an engine. `R` is how a response is kept: as the host
/// sends it ([`ResponseInput`], the public form), or inside the engine in
/// the compact form of the crate's own `Kept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event<R = ResponseInput> {
    /// Its number: 1 for the engine's first change, then one more each time.
    pub seq: u64,
    /// The event schema's version ([`EVENT_VERSION`]).
    pub v: u32,
    /// When it happened (the response's submission, the command's time…);
    /// `None` for an opt-out, which the host records without a time.
    pub at: Option<DateTime<Utc>>,
    /// What changed; its `type` field names it.
    #[serde(flatten)]
    pub change: Change<R>,
}

/// What an [`Event`] changed. Serialised with a `type` field
/// (`response_ingested`, `case_command`, …) and the change's data beside it.
// Most events are ingests, so boxing the large variant would cost an
// allocation for the common case to save space in the rare ones.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change<R = ResponseInput> {
    /// A response was ingested, with the classification it was given.
    ResponseIngested {
        /// The response.
        response: R,
        /// The feedback items found.
        items: std::sync::Arc<[FeedbackItem]>,
        /// The urgency markers found.
        urgency: Vec<Urgency>,
        /// The topics found.
        topics: Vec<SharedStr>,
    },
    /// A command on a case (its `command` field names it).
    CaseCommand {
        /// The case.
        case_id: String,
        /// Who gave it.
        by: String,
        /// The command and its data.
        #[serde(flatten)]
        command: Command,
    },
    /// An alert was acknowledged.
    AlertAcknowledged {
        /// The alert.
        alert_id: String,
        /// Who acknowledged it.
        by: String,
    },
    /// The engine's time moved on to `at`; due timers fired.
    TimeAdvanced,
    /// An improvement was proposed.
    ImprovementProposed {
        /// What it changes.
        title: String,
        /// Topics it addresses.
        topics: Vec<String>,
        /// Who proposed it.
        by: String,
    },
    /// Feedback and topics were linked to an improvement.
    FeedbackLinked {
        /// The improvement.
        improvement_id: String,
        /// Response ids.
        responses: Vec<String>,
        /// Topics.
        topics: Vec<String>,
        /// Who linked them.
        by: String,
    },
    /// An improvement moved on (`planned`, `implemented`).
    ImprovementAdvanced {
        /// The improvement.
        improvement_id: String,
        /// Its new state.
        to: ImprovementState,
        /// Who moved it.
        by: String,
    },
    /// A customer was told what was done with their feedback.
    CustomerNotified {
        /// The improvement.
        improvement_id: String,
        /// The customer.
        customer: String,
    },
    /// A customer does not want to be contacted.
    CustomerOptedOut {
        /// The customer.
        customer: String,
    },
    /// A customer's personal data was erased. The event names the pseudonym
    /// that took the id's place, never the id.
    CustomerForgotten {
        /// What the customer is called from now on (`forgotten:1`, …).
        pseudonym: String,
    },
}

impl<R> Change<R> {
    /// The same change with its response (if any) turned by `f`.
    pub(crate) fn map_response<S>(&self, f: impl FnOnce(&R) -> Result<S>) -> Result<Change<S>> {
        Ok(match self {
            Change::ResponseIngested { response, items, urgency, topics } => Change::ResponseIngested { response: f(response)?, items: items.clone(), urgency: urgency.clone(), topics: topics.clone() },
            Change::CaseCommand { case_id, by, command } => Change::CaseCommand { case_id: case_id.clone(), by: by.clone(), command: command.clone() },
            Change::AlertAcknowledged { alert_id, by } => Change::AlertAcknowledged { alert_id: alert_id.clone(), by: by.clone() },
            Change::TimeAdvanced => Change::TimeAdvanced,
            Change::ImprovementProposed { title, topics, by } => Change::ImprovementProposed { title: title.clone(), topics: topics.clone(), by: by.clone() },
            Change::FeedbackLinked { improvement_id, responses, topics, by } => Change::FeedbackLinked { improvement_id: improvement_id.clone(), responses: responses.clone(), topics: topics.clone(), by: by.clone() },
            Change::ImprovementAdvanced { improvement_id, to, by } => Change::ImprovementAdvanced { improvement_id: improvement_id.clone(), to: *to, by: by.clone() },
            Change::CustomerNotified { improvement_id, customer } => Change::CustomerNotified { improvement_id: improvement_id.clone(), customer: customer.clone() },
            Change::CustomerOptedOut { customer } => Change::CustomerOptedOut { customer: customer.clone() },
            Change::CustomerForgotten { pseudonym } => Change::CustomerForgotten { pseudonym: pseudonym.clone() },
        })
    }

    /// The change's `type`: `response_ingested`, `case_command`, …
    pub fn type_name(&self) -> &'static str {
        match self {
            Change::ResponseIngested { .. } => "response_ingested",
            Change::CaseCommand { .. } => "case_command",
            Change::AlertAcknowledged { .. } => "alert_acknowledged",
            Change::TimeAdvanced => "time_advanced",
            Change::ImprovementProposed { .. } => "improvement_proposed",
            Change::FeedbackLinked { .. } => "feedback_linked",
            Change::ImprovementAdvanced { .. } => "improvement_advanced",
            Change::CustomerNotified { .. } => "customer_notified",
            Change::CustomerOptedOut { .. } => "customer_opted_out",
            Change::CustomerForgotten { .. } => "customer_forgotten",
        }
    }
}

impl Event {
    /// Parses events from a JSON array; errors name the path (`[3].seq`).
    pub fn list_from_json(text: &str) -> Result<Vec<Event>> {
        crate::input::from_json(text, crate::error::ErrorCode::Validation)
    }

}

/// What [`Engine::forget_customer`] erased.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forgotten {
    /// The pseudonym that replaces the customer's id in cases, events and
    /// snapshots, so that their feedback still counts and still links up.
    pub pseudonym: String,
    /// Their responses (comments erased).
    pub responses: usize,
    /// Their cases (notes, resolutions and verdict comments erased).
    pub cases: usize,
}

/// A response as the engine keeps it in its `response_ingested` event: only
/// what is kept nowhere else. Its touchpoint, journey, channel, instrument,
/// employee, team, locale and scored answers are in its summary row
/// (`row`), and its customer's id is in the customer's record; the public
/// form is rebuilt from them when events are asked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Kept {
    /// Its id (the log keeps a compact ingest's id in its block's ids).
    pub(crate) id: SharedStr,
    /// Its row in the engine's [`ResponseRows`](crate::summary::ResponseRows).
    pub(crate) row: u32,
    /// Its customer's record, by index.
    pub(crate) customer: Option<u32>,
    pub(crate) submitted_at: DateTime<FixedOffset>,
    /// The answers its summary row does not hold (text, choices, yes/no),
    /// by question index; scores, ratings and moods are in the row.
    pub(crate) answers: Vec<(u16, Answer)>,
    /// Labels and the case a handling survey is about: few responses have them.
    pub(crate) rare: Option<Box<Rare>>,
}

/// A response's ingest as the engine appends it
/// ([`EventLog::push_ingest`]): the kept response without its id, which is
/// given apart, and its classification.
#[derive(Debug)]
pub(crate) struct NewIngest {
    pub(crate) row: u32,
    pub(crate) customer: Option<u32>,
    pub(crate) submitted_at: DateTime<FixedOffset>,
    pub(crate) answers: Vec<(u16, Answer)>,
    pub(crate) rare: Option<Box<Rare>>,
    /// Its items, or `None` if the engine reads them again when asked
    /// ([`Reread`]): then `topics` is empty, as they are read with them.
    pub(crate) items: Option<std::sync::Arc<[FeedbackItem]>>,
    pub(crate) urgency: Vec<Urgency>,
    pub(crate) topics: Vec<SharedStr>,
}

/// How the engine reads a kept response's items and topics again (for an
/// ingest that does not keep them).
pub(crate) type Reread<'a> = &'a dyn Fn(&Kept) -> (std::sync::Arc<[FeedbackItem]>, Vec<SharedStr>);

impl NewIngest {
    /// The event's change in its whole form, the response's id `id`. Only
    /// an ingest that [`fits_compactly`] may leave its items to be read
    /// again: the engine reads the others' before it pushes them.
    fn whole(self, id: SharedStr) -> Change<Kept> {
        let NewIngest { row, customer, submitted_at, answers, rare, items, urgency, topics } = self;
        let items = items.expect("an ingest kept whole comes with its items");
        Change::ResponseIngested { response: Kept { id, row, customer, submitted_at, answers, rare }, items, urgency, topics }
    }
}

/// Events a block holds: 4 096 (about 0.3 MB of ingest events).
const BLOCK: usize = 4096;

/// How the log keeps an event. A response's ingest (most events) is kept
/// compactly: its sequence number, version and time follow from its place
/// in the log and its response, its urgency markers are bits, and what few
/// responses have (answers besides scores, labels, topics) is in one box.
/// Any other event, and an ingest that cannot be rebuilt exactly from that
/// form, is kept whole. Which form an event takes depends on the event
/// alone, so equal logs keep equal forms.
#[derive(Debug, Clone, PartialEq)]
enum Stored {
    Ingest(Ingest),
    Other(Box<Event<Kept>>),
}

/// A `response_ingested` event, compactly: see [`Stored`].
#[derive(Debug, Clone, PartialEq)]
struct Ingest {
    /// Where the response's id starts in its block's [`Block::ids`]; it
    /// is [`Ingest::id_len`] bytes long.
    id_start: u32,
    id_len: u16,
    /// The time of submission, which is the event's time (in UTC).
    submitted_at: DateTime<FixedOffset>,
    /// `None` for items (and topics) read again when asked ([`NewIngest::items`]).
    items: Option<std::sync::Arc<[FeedbackItem]>>,
    row: u32,
    /// The customer's record, or [`NO_CUSTOMER`].
    customer: u32,
    /// The urgency markers, a bit each (by [`Urgency`] order).
    urgency: u8,
    more: Option<Box<More>>,
}

/// A response's labels and case id, kept (boxed) only when it has either.
pub(crate) type Rare = (Vec<String>, Option<String>);

/// What few ingested responses have, besides the [`Ingest`] every one has.
#[derive(Debug, Clone, PartialEq)]
struct More {
    answers: Vec<(u16, Answer)>,
    rare: Option<Box<Rare>>,
    topics: Vec<SharedStr>,
}

/// [`Ingest::customer`] of a response without a customer.
const NO_CUSTOMER: u32 = u32::MAX;

impl Stored {
    /// `e`, the event at `seq`, in the form the log keeps it in; the id of
    /// a compact ingest is appended to `ids`, its block's ids. An ingest's
    /// response has the id `id` if one is given, not its own.
    fn of(e: Event<Kept>, seq: u64, ids: &mut String, id: Option<&str>) -> Stored {
        let Event { v, at, change, .. } = e;
        match change {
            Change::ResponseIngested { response, items, urgency, topics } if v == EVENT_VERSION && at == Some(response.submitted_at.to_utc()) => {
                let Kept { id: own, row, customer, submitted_at, answers, rare } = response;
                if fits_compactly(customer, id.unwrap_or(&own), &urgency) {
                    let x = NewIngest { row, customer, submitted_at, answers, rare, items: Some(items), urgency, topics };
                    Stored::compact(x, id.unwrap_or(&own), ids)
                } else {
                    let id = match id {
                        Some(id) if *own != *id => SharedStr::from(id),
                        _ => own,
                    };
                    let response = Kept { id, row, customer, submitted_at, answers, rare };
                    Stored::Other(Box::new(Event { seq, v, at, change: Change::ResponseIngested { response, items, urgency, topics } }))
                }
            }
            mut change => {
                if let (Some(id), Change::ResponseIngested { response, .. }) = (id, &mut change) {
                    if *response.id != *id {
                        response.id = SharedStr::from(id);
                    }
                }
                Stored::Other(Box::new(Event { seq, v, at, change }))
            }
        }
    }

    /// `x`, the ingest of the response `id` (of this version, at the time
    /// of its submission) that [`Stored::fits`], compactly with its id
    /// appended to `ids`.
    fn compact(x: NewIngest, id: &str, ids: &mut String) -> Stored {
        debug_assert!(fits_compactly(x.customer, id, &x.urgency), "only an ingest that fits is kept compactly");
        let NewIngest { row, customer, submitted_at, answers, rare, items, urgency, topics } = x;
        let more = (!answers.is_empty() || rare.is_some() || !topics.is_empty()).then(|| Box::new(More { answers, rare, topics }));
        let urgency = urgency.iter().fold(0u8, |bits, u| bits | 1 << *u as u8);
        // A block's ids fit in `u32` offsets: at most `BLOCK` ids of
        // at most `MAX_COMPACT_ID` bytes each.
        let (id_start, id_len) = (ids.len() as u32, id.len() as u16);
        ids.push_str(id);
        Stored::Ingest(Ingest { id_start, id_len, submitted_at, items, row, customer: customer.unwrap_or(NO_CUSTOMER), urgency, more })
    }

    /// The event at `seq` as it was given to [`Stored::of`]; `ids` are
    /// its block's. Items not kept are read again with `reread`.
    fn event(&self, seq: u64, ids: &str, reread: Reread<'_>) -> Event<Kept> {
        match self {
            Stored::Other(e) => (**e).clone(),
            Stored::Ingest(x) => {
                let response = x.response(ids);
                let (items, topics) = match &x.items {
                    Some(items) => (items.clone(), x.more.as_deref().map(|m| m.topics.clone()).unwrap_or_default()),
                    None => reread(&response),
                };
                let urgency = Urgency::ALL.into_iter().filter(|u| x.urgency & 1 << *u as u8 != 0).collect();
                Event { seq, v: EVENT_VERSION, at: Some(x.submitted_at.to_utc()), change: Change::ResponseIngested { response, items, urgency, topics } }
            }
        }
    }
}

/// Whether the ingest of the response `id` by `customer` with the markers
/// `urgency` can be kept compactly ([`Stored::compact`]): rebuilt exactly
/// from that form. Only such an ingest may leave its items to be read again.
pub(crate) fn fits_compactly(customer: Option<u32>, id: &str, urgency: &[Urgency]) -> bool {
    customer != Some(NO_CUSTOMER)
        && id.len() <= MAX_COMPACT_ID
        // The markers in order, each once: bits keep that order.
        && urgency.windows(2).all(|w| (w[0] as u8) < (w[1] as u8))
}

impl Ingest {
    /// The response it keeps; `ids` are its block's.
    fn response(&self, ids: &str) -> Kept {
        let (answers, rare) = match self.more.as_deref() {
            Some(m) => (m.answers.clone(), m.rare.clone()),
            None => (Vec::new(), None),
        };
        let customer = (self.customer != NO_CUSTOMER).then_some(self.customer);
        Kept { id: SharedStr::from(self.id(ids)), row: self.row, customer, submitted_at: self.submitted_at, answers, rare }
    }

    /// The response's id, from its block's `ids`.
    fn id<'a>(&self, ids: &'a str) -> &'a str {
        &ids[self.id_start as usize..self.id_start as usize + self.id_len as usize]
    }
}

/// The longest id a compact ingest keeps (in bytes); an ingest of a longer
/// id is kept whole. Ids that long are not seen in use; the bound keeps a
/// block's ids within `u32` offsets.
const MAX_COMPACT_ID: usize = u16::MAX as usize;

/// Up to [`BLOCK`] events, and the ids of the responses they ingested,
/// one after the other: an id costs its bytes, not an allocation of its
/// own and a 16-byte pointer to it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Block {
    events: Vec<Stored>,
    ids: String,
}

/// The engine's events in order, in blocks of [`BLOCK`] so that appending
/// never moves the events already kept: one growing list would copy every
/// event each time it outgrew its memory. The first block grows like a
/// list, so a small engine holds little. Event `i` has sequence number
/// `i + 1`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EventLog {
    blocks: Vec<Block>,
}

impl EventLog {
    /// Number of events.
    pub(crate) fn len(&self) -> usize {
        // Every block but the last is full.
        self.blocks.last().map_or(0, |last| (self.blocks.len() - 1) * BLOCK + last.events.len())
    }

    /// Appends `e`, whose sequence number is one more than the last one's.
    pub(crate) fn push(&mut self, e: Event<Kept>) {
        self.push_with(e, None)
    }

    /// Appends the ingest of the response `id` (its `response_ingested`
    /// event, at the time of submission), as [`EventLog::push`] does: the
    /// log writes `id` where it keeps the event, so that no shared string
    /// is made for it. `shared` is the id as the response's case or alerts
    /// share it, if they do, for an event kept whole.
    pub(crate) fn push_ingest(&mut self, id: &str, shared: Option<&SharedStr>, x: NewIngest) {
        let seq = self.len() as u64 + 1;
        let block = self.block_with_room();
        let e = if fits_compactly(x.customer, id, &x.urgency) {
            Stored::compact(x, id, &mut block.ids)
        } else {
            let at = Some(x.submitted_at.to_utc());
            Stored::Other(Box::new(Event { seq, v: EVENT_VERSION, at, change: x.whole(shared.cloned().unwrap_or_else(|| SharedStr::from(id))) }))
        };
        block.events.push(e);
    }

    fn push_with(&mut self, e: Event<Kept>, id: Option<&str>) {
        let seq = self.len() as u64 + 1;
        debug_assert_eq!(e.seq, seq, "events are numbered in order");
        let block = self.block_with_room();
        let e = Stored::of(e, seq, &mut block.ids, id);
        block.events.push(e);
    }

    /// The last block, a new one if the last is full.
    fn block_with_room(&mut self) -> &mut Block {
        if self.blocks.last().is_none_or(|b| b.events.len() == BLOCK) {
            // A new block has room for as many events as a block holds,
            // and for as many bytes of ids as the last one took.
            let block = match self.blocks.last() {
                None => Block::default(),
                Some(last) => Block { events: Vec::with_capacity(BLOCK), ids: String::with_capacity(last.ids.len()) },
            };
            self.blocks.push(block);
        }
        self.blocks.last_mut().expect("a block with room was just made")
    }

    /// Event `i`'s block and its form there.
    fn stored(&self, i: usize) -> Option<(&Block, &Stored)> {
        let block = self.blocks.get(i / BLOCK)?;
        Some((block, block.events.get(i % BLOCK)?))
    }

    /// Event `i` (from 0); items not kept are read again with `reread`.
    pub(crate) fn get(&self, i: usize, reread: Reread<'_>) -> Option<Event<Kept>> {
        self.stored(i).map(|(block, e)| e.event(i as u64 + 1, &block.ids, reread))
    }

    /// The id and customer record of the response event `i` ingested, if
    /// it is an ingest.
    fn ingest(&self, i: usize) -> Option<(&str, Option<u32>)> {
        match self.stored(i)? {
            (block, Stored::Ingest(x)) => Some((x.id(&block.ids), (x.customer != NO_CUSTOMER).then_some(x.customer))),
            (_, Stored::Other(e)) => match &e.change {
                Change::ResponseIngested { response, .. } => Some((&response.id, response.customer)),
                _ => None,
            },
        }
    }

    /// The id of the response event `i` ingested, if it is an ingest.
    pub(crate) fn response_id(&self, i: usize) -> Option<&str> {
        self.ingest(i).map(|(id, _)| id)
    }

    /// The customer record of the response event `i` ingested: `None` if
    /// it is no ingest, `Some(None)` if the response had no customer.
    pub(crate) fn customer(&self, i: usize) -> Option<Option<u32>> {
        self.ingest(i).map(|(_, customer)| customer)
    }

    /// The events from index `from` on, in order; items not kept are read
    /// again with `reread`.
    pub(crate) fn iter_from<'a>(&'a self, from: usize, reread: Reread<'a>) -> impl Iterator<Item = Event<Kept>> + 'a {
        let first = (from / BLOCK).min(self.blocks.len());
        let skip = if first < self.blocks.len() { from % BLOCK } else { 0 };
        let seq = (first * BLOCK + skip) as u64 + 1;
        self.blocks[first..].iter().flat_map(|b| b.events.iter().map(move |e| (b, e))).skip(skip).zip(seq..).map(move |((b, e), seq)| e.event(seq, &b.ids, reread))
    }

    /// Leaves to be read again the items and topics of every compact ingest
    /// of a response with text whose reading gives them again
    /// (`reads_again`), as the engine that ingested it would have: a
    /// restored engine then keeps its events as the engine it was taken
    /// from keeps them.
    pub(crate) fn leave_to_reread(&mut self, reads_again: impl Fn(&Kept, &[FeedbackItem], &[SharedStr]) -> bool) {
        for block in &mut self.blocks {
            for e in &mut block.events {
                let Stored::Ingest(x) = e else { continue };
                let Some(items) = &x.items else { continue };
                let Some(more) = x.more.as_deref() else { continue };
                if !has_text(&more.answers) || !reads_again(&x.response(&block.ids), items, &more.topics) {
                    continue;
                }
                x.items = None;
                if let Some(more) = x.more.as_deref_mut() {
                    more.topics = Vec::new();
                }
            }
        }
    }

    /// The events kept whole, in order: all but most ingests (see [`Stored`]).
    pub(crate) fn whole(&self) -> impl Iterator<Item = &Event<Kept>> {
        self.blocks.iter().flat_map(|b| &b.events).filter_map(|e| match e {
            Stored::Other(e) => Some(&**e),
            Stored::Ingest(_) => None,
        })
    }
}

impl Engine {
    /// Appends an event for a change that has just been applied.
    pub(crate) fn record(&mut self, at: Option<DateTime<Utc>>, change: Change<Kept>) {
        let seq = self.st.events.len() as u64 + 1;
        self.st.events.push(Event { seq, v: EVENT_VERSION, at, change });
    }

    /// The events after sequence number `since` (0 for all), in order, in
    /// their public form (responses as input documents).
    pub fn events(&self, since: u64) -> Vec<Event> {
        let from = usize::try_from(since).unwrap_or(usize::MAX).min(self.st.events.len());
        self.st.events.iter_from(from, &|k| self.read_again(k)).map(|e| self.public_event(&e)).collect()
    }

    /// Whether reading the response `r` again gives `items` and `topics`: if
    /// so, its event need not keep them (replay, restore).
    pub(crate) fn reads_again(&self, r: &ResponseRef<'_>, items: &[FeedbackItem], topics: &[SharedStr]) -> bool {
        let mut scratch = Scratch::default();
        let (_, topics_again) = self.classifier().classify_response_in(&self.config, r, &mut scratch);
        *scratch.items == *items && topics_again == topics
    }

    /// The items and topics of the kept response `k`, read again as its
    /// ingest read them (for an event that does not keep them).
    pub(crate) fn read_again(&self, k: &Kept) -> (std::sync::Arc<[FeedbackItem]>, Vec<SharedStr>) {
        let c = self.classifier().classify_response(&self.config, &self.response_of(k));
        (c.items.into(), c.topics)
    }

    /// An event in its public form.
    pub(crate) fn public_event(&self, e: &Event<Kept>) -> Event {
        let change = e.change.map_response(|k| Ok(self.config.response_input(&self.response_of(k)))).expect("writing a response cannot fail");
        Event { seq: e.seq, v: e.v, at: e.at, change }
    }

    /// The validated response that `k` keeps (ids back from its summary
    /// row and its customer's record).
    pub(crate) fn response_of(&self, k: &Kept) -> Response {
        let row = k.row as usize;
        let (touchpoint, journey, channel, instrument) = self.rows.place(row).expect("a kept response's row exists (checked on restore)");
        let text = |d| self.rows.text(row, d).map(String::from);
        let (labels, case_id) = k.rare.as_deref().cloned().unwrap_or_default();
        Response {
            id: k.id.to_string(),
            instrument,
            touchpoint,
            journey,
            channel,
            submitted_at: k.submitted_at,
            customer: k.customer.map(|c| self.st.customers[c as usize].id().to_string()),
            employee: text(Dimension::Employee),
            team: text(Dimension::Team),
            locale: text(Dimension::Locale),
            labels,
            case_id,
            answers: self.answers_of(k),
        }
    }

    /// All the answers of `k`, by question index: its scored answers back
    /// from its summary row, and the others it keeps.
    pub(crate) fn answers_of(&self, k: &Kept) -> Vec<(u16, Answer)> {
        let row = k.row as usize;
        let Some((_, _, _, instrument)) = self.rows.place(row) else { return k.answers.clone() };
        let slots = &self.config.question_slots[instrument.index()];
        let ins = &self.config.instruments[instrument.index()];
        let mut all: Vec<(u16, Answer)> = Vec::with_capacity(k.answers.len() + self.rows.scored(row).len());
        for &(slot, value) in self.rows.scored(row) {
            let Some(qi) = slots.iter().position(|&s| s == slot as usize) else { continue };
            let answer = match ins.questions[qi].kind {
                QuestionKind::Nps | QuestionKind::Csat { .. } | QuestionKind::Ces { .. } => Answer::Score(value as u8),
                QuestionKind::Rating { .. } => Answer::Rating(value),
                _ => Answer::Option(value as u16),
            };
            all.push((qi as u16, answer));
        }
        all.extend(k.answers.iter().cloned());
        all.sort_by_key(|(qi, _)| *qi);
        all
    }

    /// What the event of the validated response `head` (with `answers`)
    /// keeps besides its summary row: the answers the row does not hold,
    /// taken out of the list, and its labels and case id if it has any.
    pub(crate) fn keep(config: &Config, head: &ResponseRef<'_>, answers: &mut Vec<(u16, Answer)>) -> (Vec<(u16, Answer)>, Option<Box<Rare>>) {
        let rare = (!head.labels.is_empty() || head.case_id.is_some()).then(|| Box::new((head.labels.to_vec(), head.case_id.map(String::from))));
        let ins = &config.instruments[head.instrument.index()];
        let unscored = |(qi, a): &(u16, Answer)| crate::summary::scored(&ins.questions[*qi as usize].kind, a).is_none();
        // Most responses have only scored answers (the rows keep them).
        let kept = match answers.iter().filter(|a| unscored(a)).count() {
            0 => {
                answers.clear();
                Vec::new()
            }
            n => {
                let mut kept = Vec::with_capacity(n);
                kept.extend(answers.drain(..).filter(unscored));
                kept
            }
        };
        (kept, rare)
    }

    /// The sequence number of the last event (0 for a new engine).
    pub fn last_seq(&self) -> u64 {
        self.st.events.len() as u64
    }

    /// Rebuilds an engine from its events (all of them, from sequence
    /// number 1) under the configuration they were recorded with. The result
    /// equals the engine that recorded them, events included. An event that
    /// is out of order, of an unknown version, or that cannot be applied is a
    /// validation error naming it (`events[3]`), and no engine is returned.
    pub fn replay(config: Config, events: &[Event]) -> Result<Engine> {
        let mut engine = Engine::new(config);
        for (i, e) in events.iter().enumerate() {
            let path = format!("events[{i}]");
            if e.v != EVENT_VERSION {
                return Err(ClfError::validation(format!("{path}.v"), format!("unsupported event version {}: expected {EVENT_VERSION}", e.v)));
            }
            if e.seq != i as u64 + 1 {
                return Err(ClfError::validation(format!("{path}.seq"), format!("expected sequence number {} (a replay starts at 1 and has no gaps), got {}", i + 1, e.seq)));
            }
            engine.apply(e).map_err(|err| {
                let inner = err.path().map(|p| format!("{path}.{p}")).unwrap_or(path.clone());
                ClfError::validation(inner, format!("event {} ({}) cannot be applied: {}", e.seq, e.change.type_name(), err.message()))
            })?;
        }
        Ok(engine)
    }

    /// Applies one recorded event through the same calls that recorded it.
    fn apply(&mut self, e: &Event) -> Result<()> {
        let at = || e.at.ok_or_else(|| ClfError::validation("at", "expected the time of the change"));
        match &e.change {
            Change::ResponseIngested { response, items, urgency, topics } => {
                if self.st.ingested.get(&response.id, &self.st.events).is_some() {
                    return Err(ClfError::Conflict { message: format!("response {} was ingested before", response.id) });
                }
                crate::response::check_id(&response.id).map_err(|err| err.within("response"))?;
                let (head, mut answers) = self.config.check_response(response.fields()).map_err(|err| err.within("response"))?;
                let mut reading = Reading::of(items.clone(), urgency.clone(), topics.clone());
                // Left to be read again, as the ingest left them, unless a
                // reading would not give them (an older lexicon, erased
                // text): then they are kept.
                if has_text(&answers) && self.reads_again(&ResponseRef { answers: &answers, ..head }, items, topics) {
                    reading.kept = None;
                }
                self.apply_valid(&response.id, head, &mut answers, reading);
            }
            Change::CaseCommand { case_id, by, command } => {
                self.command(case_id, by, at()?, command.clone())?;
            }
            Change::AlertAcknowledged { alert_id, by } => {
                self.acknowledge_alert(alert_id, by, at()?)?;
            }
            Change::TimeAdvanced => {
                self.advance_to(at()?)?;
            }
            Change::ImprovementProposed { title, topics, by } => {
                self.propose_improvement(title, topics.clone(), by, at()?)?;
            }
            Change::FeedbackLinked { improvement_id, responses, topics, by } => {
                self.link_feedback(improvement_id, responses.clone(), topics.clone(), by, at()?)?;
            }
            Change::ImprovementAdvanced { improvement_id, to, by } => {
                self.advance_improvement(improvement_id, *to, by, at()?)?;
            }
            Change::CustomerNotified { improvement_id, customer } => {
                self.mark_notified(improvement_id, customer, at()?)?;
            }
            Change::CustomerOptedOut { customer } => self.opt_out(customer),
            Change::CustomerForgotten { pseudonym } => self.seal_forgotten(pseudonym, at()?),
        }
        Ok(())
    }

    /// Erases the personal data of `customer`: their id becomes a pseudonym
    /// (`forgotten:1`, …) everywhere (cases, the outer loop, past events), the
    /// text of their comments and of the notes, proposed resolutions and
    /// verdict comments on their cases becomes `[erased]`, and they are no
    /// longer contacted. Scores, classifications, cases and summaries stay
    /// as they were, so every aggregate stays right. The erasure is recorded
    /// as a `customer_forgotten` event that names only the pseudonym.
    ///
    /// The engine rebuilds itself from the rewritten events (a replay, so its
    /// cost grows with the history); on any error it is left as it was. An
    /// id the engine has never seen is a `not_found` error.
    pub fn forget_customer(&mut self, customer: &str, at: DateTime<Utc>) -> Result<Forgotten> {
        if customer.trim().is_empty() {
            return Err(ClfError::validation("customer", "expected a customer id"));
        }
        if customer.starts_with(PSEUDONYM_PREFIX) {
            return Err(ClfError::validation("customer", format!("{customer:?} is already a pseudonym")));
        }
        let case_ids: rustc_hash::FxHashSet<SharedStr> = self.st.cases.iter().filter(|c| c.customer.as_deref() == Some(customer)).map(|c| c.id.clone()).collect();
        let n = self.st.events.whole().filter(|e| matches!(e.change, Change::CustomerForgotten { .. })).count() + 1;
        let pseudonym = format!("{PSEUDONYM_PREFIX}{n}");
        let mut events = self.events(0);
        let mut responses = 0;
        let mut seen = false;
        let is = |s: &str| s == customer;
        let erase = |s: &mut Option<String>| {
            if s.is_some() {
                *s = Some(ERASED.to_string());
            }
        };
        for e in &mut events {
            match &mut e.change {
                Change::ResponseIngested { response, .. } if response.customer.as_deref().is_some_and(is) => {
                    response.customer = Some(pseudonym.clone());
                    for (_, answer) in response.answers.0.iter_mut() {
                        if let AnswerInput::Text(t) = answer {
                            *t = ERASED.to_string();
                        }
                    }
                    responses += 1;
                    seen = true;
                }
                Change::CaseCommand { case_id, by, command } => {
                    if is(by) {
                        *by = pseudonym.clone();
                        seen = true;
                    }
                    if case_ids.contains(case_id.as_str()) {
                        match command {
                            Command::RecordContact { note } => erase(note),
                            Command::ProposeResolution { resolution } => erase(resolution),
                            Command::CustomerVerdict { comment, .. } => erase(comment),
                            Command::Escalate { reason } => erase(reason),
                            Command::AddNote { note } => *note = ERASED.to_string(),
                            _ => {}
                        }
                    }
                }
                Change::AlertAcknowledged { by, .. } if is(by) => *by = pseudonym.clone(),
                Change::CustomerNotified { customer: c, .. } | Change::CustomerOptedOut { customer: c } if is(c) => {
                    *c = pseudonym.clone();
                    seen = true;
                }
                _ => {}
            }
        }
        if !seen {
            return Err(ClfError::NotFound { what: "customer".into(), id: customer.into() });
        }
        let seq = events.len() as u64 + 1;
        events.push(Event { seq, v: EVENT_VERSION, at: Some(at), change: Change::CustomerForgotten { pseudonym: pseudonym.clone() } });
        let rebuilt = Engine::replay(self.config.clone(), &events).map_err(|e| ClfError::Internal { message: format!("the engine could not be rebuilt without {customer:?}'s data: {}", e.message()) })?;
        *self = rebuilt;
        Ok(Forgotten { pseudonym, responses, cases: case_ids.len() })
    }

    /// The part of forgetting that a replay repeats: the pseudonym is never
    /// contacted (no notification due now or later).
    fn seal_forgotten(&mut self, pseudonym: &str, at: DateTime<Utc>) {
        self.st.opted_out.insert(pseudonym.to_string());
        for imp in &mut self.st.improvements {
            imp.notifications.retain(|n: &Notification| n.customer != pseudonym || n.sent_at.is_some());
        }
        self.record(Some(at), Change::CustomerForgotten { pseudonym: pseudonym.to_string() });
    }
}

#[cfg(test)]
mod log_tests {
    use super::*;

    #[test]
    fn the_event_log_keeps_every_event_in_order_across_its_blocks() {
        let mut log = EventLog::default();
        let n = 2 * BLOCK + 7;
        for seq in 1..=n as u64 {
            log.push(Event { seq, v: EVENT_VERSION, at: None, change: Change::TimeAdvanced });
        }
        assert_eq!(log.len(), n);
        for i in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, n - 1] {
            assert_eq!(log.get(i, &keeps_all).map(|e| e.seq), Some(i as u64 + 1));
        }
        assert!(log.get(n, &keeps_all).is_none());
        assert!(log.iter_from(0, &keeps_all).map(|e| e.seq).eq(1..=n as u64));
        for from in [0, 5, BLOCK - 1, BLOCK, 2 * BLOCK, n - 1, n] {
            assert!(log.iter_from(from, &keeps_all).map(|e| e.seq).eq(from as u64 + 1..=n as u64), "from {from}");
        }
        let copy = log.clone();
        assert!(copy == log);
        log.push(Event { seq: n as u64 + 1, v: EVENT_VERSION, at: None, change: Change::TimeAdvanced });
        assert!(copy != log);
    }
}

#[cfg(test)]
mod ingest_log_tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ingests_keep_their_ids_across_blocks() {
        let submitted_at = FixedOffset::east_opt(3600).expect("an offset").with_ymd_and_hms(2026, 11, 2, 9, 30, 0).single().expect("a time");
        let id = |i: usize| if i % 1000 == 7 { format!("long-{}", "y".repeat(i)) } else { format!("r-{i}") };
        let mut log = EventLog::default();
        let n = 2 * BLOCK + 7;
        for i in 0..n {
            let change = if i % 5 == 4 {
                Change::TimeAdvanced
            } else {
                let response = Kept { id: SharedStr::from(id(i).as_str()), row: i as u32, customer: Some(i as u32 % 3), submitted_at, answers: Vec::new(), rare: None };
                Change::ResponseIngested { response, items: Vec::new().into(), urgency: Vec::new(), topics: Vec::new() }
            };
            log.push(Event { seq: i as u64 + 1, v: EVENT_VERSION, at: Some(submitted_at.to_utc()), change });
        }
        for i in 0..n {
            let ingest = i % 5 != 4;
            assert_eq!(log.response_id(i).map(String::from), ingest.then(|| id(i)), "event {i}");
            assert_eq!(log.customer(i), ingest.then_some(Some(i as u32 % 3)), "event {i}");
        }
        let ids: Vec<String> = log.iter_from(BLOCK - 2, &keeps_all).filter_map(|e| match e.change {
            Change::ResponseIngested { response, .. } => Some(response.id.to_string()),
            _ => None,
        }).collect();
        assert_eq!(ids, (BLOCK - 2..n).filter(|i| i % 5 != 4).map(id).collect::<Vec<_>>());
    }
}

#[cfg(test)]
mod stored_tests {
    use super::*;
    use crate::classify::Kind;
    use chrono::TimeZone;
    use proptest::prelude::*;

    /// A `response_ingested` event of any shape: a compact one, or one
    /// that must be kept whole (another version, a time that is not the
    /// submission's, markers out of order or repeated).
    fn ingest() -> impl Strategy<Value = Event<Kept>> {
        let answers = prop::collection::vec((0u16..6, prop_oneof![any::<u16>().prop_map(Answer::Option), "[a-z ]{0,12}".prop_map(Answer::Text)]), 0..3);
        let rare = prop::option::of((prop::collection::vec("[a-z]{1,6}", 0..2), prop::option::of("case-[0-9]{1,3}"))).prop_map(|r| r.map(Box::new));
        let urgency = prop::collection::vec(prop::sample::select(Urgency::ALL.to_vec()), 0..4);
        let topics = prop::collection::vec("[a-z]{1,8}".prop_map(|t| SharedStr::from(t.as_str())), 0..3);
        let customer = prop_oneof![Just(None), (0u32..5).prop_map(Some), Just(Some(NO_CUSTOMER))];
        let when = (0i64..4_000_000_000, 0u32..1_000_000_000, -50_400i32..=50_400);
        let at = prop_oneof![4 => Just(None), 1 => Just(Some(0i64))];
        // Now and then an id about as long as a compact ingest keeps.
        let id = prop_oneof![9 => "[a-z0-9-]{1,10}", 1 => (0usize..3).prop_map(|n| "x".repeat(MAX_COMPACT_ID - 1 + n))];
        (id, any::<u32>(), customer, when, answers, rare, urgency, topics, any::<bool>(), at, prop_oneof![9 => Just(EVENT_VERSION), 1 => Just(2u32)]).prop_map(
            |(id, row, customer, (secs, nanos, offset), answers, rare, urgency, topics, item, at, v)| {
                let offset = FixedOffset::east_opt(offset).expect("within a day");
                let submitted_at = offset.timestamp_opt(secs, nanos).single().expect("a valid instant");
                let items: std::sync::Arc<[FeedbackItem]> = if item { vec![FeedbackItem { kind: Kind::Complaint, confidence: 0.5, evidence: vec![SharedStr::from("nps=3")], topics: Vec::new() }].into() } else { Vec::new().into() };
                // Mostly the submission's time, as the engine records it.
                let at = match at {
                    None => Some(submitted_at.to_utc()),
                    Some(_) => Some(submitted_at.to_utc() + chrono::TimeDelta::seconds(1)),
                };
                let response = Kept { id: SharedStr::from(id.as_str()), row, customer, submitted_at, answers, rare };
                Event { seq: 0, v, at, change: Change::ResponseIngested { response, items, urgency, topics } }
            },
        )
    }

    proptest! {
        /// The log gives back every event as it was pushed, whatever form
        /// it keeps it in, and keeps the usual ingest compactly.
        #[test]
        fn the_log_gives_back_every_event_as_it_was_pushed(events in prop::collection::vec(prop_oneof![4 => ingest(), 1 => Just(Event { seq: 0, v: EVENT_VERSION, at: None, change: Change::TimeAdvanced })], 1..30)) {
            let mut log = EventLog::default();
            let events: Vec<Event<Kept>> = events.into_iter().enumerate().map(|(i, e)| Event { seq: i as u64 + 1, ..e }).collect();
            for e in &events {
                log.push(e.clone());
            }
            prop_assert_eq!(log.len(), events.len());
            for (i, e) in events.iter().enumerate() {
                prop_assert_eq!(log.get(i, &keeps_all), Some(e.clone()));
                let (id, customer, compact) = match &e.change {
                    Change::ResponseIngested { response, urgency, .. } => {
                        let usual = e.v == EVENT_VERSION && e.at == Some(response.submitted_at.to_utc()) && response.customer != Some(NO_CUSTOMER) && response.id.len() <= MAX_COMPACT_ID && urgency.windows(2).all(|w| w[0] < w[1]);
                        (Some(&*response.id), Some(response.customer), usual)
                    }
                    _ => (None, None, false),
                };
                prop_assert_eq!(log.response_id(i), id);
                prop_assert_eq!(log.customer(i), customer);
                prop_assert_eq!(matches!(log.stored(i), Some((_, Stored::Ingest(_)))), compact);
            }
            prop_assert!(log.iter_from(0, &keeps_all).eq(events.iter().cloned()));
            let whole = events.iter().enumerate().filter(|(i, _)| matches!(log.stored(*i), Some((_, Stored::Other(_))))).map(|(_, e)| e);
            prop_assert!(log.whole().eq(whole));

            // Ingests pushed as the engine pushes them (their id given
            // apart, shared or not) make the same log.
            let mut apart = EventLog::default();
            for e in &events {
                match &e.change {
                    Change::ResponseIngested { response, items, urgency, topics } => {
                        // The engine pushes only what it records: this
                        // version, at the time of submission.
                        if e.v == EVENT_VERSION && e.at == Some(response.submitted_at.to_utc()) {
                            let Kept { id, row, customer, submitted_at, answers, rare } = response.clone();
                            let x = NewIngest { row, customer, submitted_at, answers, rare, items: Some(items.clone()), urgency: urgency.clone(), topics: topics.clone() };
                            apart.push_ingest(&id, Some(&id).filter(|_| e.seq % 2 == 0), x);
                        } else {
                            apart.push(e.clone());
                        }
                    }
                    _ => apart.push(e.clone()),
                }
            }
            prop_assert!(apart == log);
        }
    }

    #[test]
    fn an_ingest_is_kept_in_64_bytes_and_its_id() {
        // Against some 170 for the event in its general form.
        assert!(std::mem::size_of::<Stored>() <= 64, "{}", std::mem::size_of::<Stored>());
    }
}

/// Whether `answers` hold free text: a response whose items the engine
/// reads again when asked, rather than keep.
pub(crate) fn has_text(answers: &[(u16, Answer)]) -> bool {
    answers.iter().any(|(_, a)| matches!(a, Answer::Text(_)))
}

/// The reading of a log whose every event keeps its items (none is read again).
#[cfg(test)]
fn keeps_all(_: &Kept) -> (std::sync::Arc<[FeedbackItem]>, Vec<SharedStr>) {
    unreachable!("every event of this log keeps its items")
}
