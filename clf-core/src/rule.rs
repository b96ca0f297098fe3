//! Rule conditions compiled for evaluation: every name resolved to a slot or
//! a builtin, `'x' in kinds` / `'x' in urgency` turned into bit tests. An
//! answer that was not given makes any comparison with it false.

use crate::classify::{Kind, Urgency};
use crate::config::{Config, ConfigData};
use crate::expr::{CmpOp, Condition, Expr, Literal};
use crate::instrument::QuestionKind;
use crate::response::{Answer, ResponseRef};

/// What a condition is evaluated against.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The configuration the response was validated against.
    pub config: &'a Config,
    /// The response.
    pub response: ResponseRef<'a>,
    /// Kinds of feedback found, as a bit set (bit = `Kind as u8`).
    pub kinds: u8,
    /// Urgency markers found, as a bit set (bit = `Urgency as u8`).
    pub urgency: u8,
    /// This customer's complaints in the repeat window, this one included.
    pub repeat_complaints: i64,
}

/// The bit of a kind in [`Facts::kinds`].
pub fn kind_bit(k: Kind) -> u8 {
    1 << (k as u8)
}

/// The bit of a marker in [`Facts::urgency`].
pub fn urgency_bit(u: Urgency) -> u8 {
    1 << (u as u8)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Builtin {
    Kinds,
    Urgency,
    Channel,
    Touchpoint,
    Journey,
    Instrument,
    Locale,
    Emotion,
    Valence,
    RepeatComplaints,
    CustomerKnown,
    Labels,
    Answers,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Lit(Literal),
    Answer(usize),
    Var(Builtin),
    List(Vec<Node>),
    Not(Box<Node>),
    Neg(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Cmp(CmpOp, Box<Node>, Box<Node>),
    In(Box<Node>, Box<Node>),
    Size(Box<Node>),
    Has(usize),
    KindsHave(u8),
    UrgencyHas(u8),
    /// An answer compared with a number (`nps <= 6`; a literal on the left
    /// is turned round): what `Cmp` of the two gives, without building values.
    AnswerCmp(CmpOp, usize, f64),
    /// `repeat_complaints` compared with a number, likewise.
    RepeatCmp(CmpOp, f64),
    /// Whether any of these kinds or markers was found: `'x' in kinds`
    /// and `'y' in urgency` of one disjunction, merged into one test.
    AnyBits { kinds: u8, urgency: u8 },
    /// Disjunction and conjunction of any number of operands (nested `||`
    /// and `&&` flattened), the cheap tests first.
    Any(Vec<Node>),
    All(Vec<Node>),
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Program(Node);

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
enum Val<'a> {
    /// An answer that was not given, or a value the response lacks.
    Missing,
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(&'a str),
    List(Vec<Val<'a>>),
    Answers,
}

impl Program {
    /// Compiles a checked condition against the configuration it was checked with.
    pub fn compile(c: &Condition, config: &ConfigData) -> Program {
        Program(flatten(compile(&c.expr, config)))
    }

    /// Whether the condition holds for `facts`.
    #[inline]
    pub fn matches(&self, facts: &Facts<'_>) -> bool {
        test(&self.0, facts)
    }
}

fn slot(config: &ConfigData, id: &str) -> usize {
    config.questions.iter().position(|(q, _)| q == id).unwrap_or(usize::MAX)
}

fn compile(e: &Expr, c: &ConfigData) -> Node {
    let b = |e: &Expr| Box::new(compile(e, c));
    match e {
        Expr::Literal(l) => Node::Lit(l.clone()),
        Expr::Var(name) => match builtin_named(name) {
            Some(v) => Node::Var(v),
            None => Node::Answer(slot(c, name)),
        },
        Expr::Answer(id) => Node::Answer(slot(c, id)),
        Expr::List(items) => Node::List(items.iter().map(|i| compile(i, c)).collect()),
        Expr::Not(x) => Node::Not(b(x)),
        Expr::Neg(x) => Node::Neg(b(x)),
        Expr::And(l, r) => Node::And(b(l), b(r)),
        Expr::Or(l, r) => Node::Or(b(l), b(r)),
        Expr::Cmp(op, l, r) => {
            let answer_slot = |e: &Expr| match e {
                Expr::Answer(id) => Some(slot(c, id)),
                Expr::Var(name) if builtin_named(name).is_none() => Some(slot(c, name)),
                _ => None,
            };
            let number = |e: &Expr| match e {
                Expr::Literal(Literal::Int(i)) => Some(*i as f64),
                Expr::Literal(Literal::Double(d)) => Some(*d),
                Expr::Neg(x) => match &**x {
                    Expr::Literal(Literal::Int(i)) => Some(-(*i as f64)),
                    Expr::Literal(Literal::Double(d)) => Some(-*d),
                    _ => None,
                },
                _ => None,
            };
            match (answer_slot(l), number(r), number(l), answer_slot(r)) {
                (Some(s), Some(n), _, _) => Node::AnswerCmp(*op, s, n),
                (_, _, Some(n), Some(s)) => Node::AnswerCmp(op.turned(), s, n),
                _ => Node::Cmp(*op, b(l), b(r)),
            }
        }
        Expr::In(item, list) => {
            // The checker has made sure the literal is a known kind or marker.
            if let Expr::Literal(Literal::String(s)) = &**item {
                match &**list {
                    Expr::Var(v) if v == "kinds" => {
                        if let Some(k) = Kind::ALL.iter().find(|k| k.as_str() == s) {
                            return Node::KindsHave(kind_bit(*k));
                        }
                    }
                    Expr::Var(v) if v == "urgency" => {
                        if let Some(u) = Urgency::ALL.iter().find(|u| u.as_str() == s) {
                            return Node::UrgencyHas(urgency_bit(*u));
                        }
                    }
                    _ => {}
                }
            }
            Node::In(b(item), b(list))
        }
        Expr::Size(x) => Node::Size(b(x)),
        Expr::Has(id) => Node::Has(slot(c, id)),
    }
}

/// `n` with nested `||` and `&&` made one [`Node::Any`] or [`Node::All`],
/// the kind and marker tests of a disjunction merged into one
/// [`Node::AnyBits`], and `repeat_complaints` compared with a number made a
/// [`Node::RepeatCmp`]. The operands are reordered, cheap tests first: a
/// test has no effect and no error (a missing answer makes it false), so
/// the order does not change what a condition gives.
fn flatten(n: Node) -> Node {
    fn operands(n: Node, or: bool, out: &mut Vec<Node>) {
        match (n, or) {
            (Node::Or(l, r), true) | (Node::And(l, r), false) => {
                operands(*l, or, out);
                operands(*r, or, out);
            }
            (n, _) => out.push(flatten(n)),
        }
    }
    /// The relative cost of a test: bits, then numbers, then anything else.
    fn cost(n: &Node) -> u8 {
        match n {
            Node::KindsHave(_) | Node::UrgencyHas(_) | Node::AnyBits { .. } => 0,
            Node::RepeatCmp(..) => 1,
            Node::AnswerCmp(..) | Node::Has(_) => 2,
            _ => 3,
        }
    }
    let number = |n: &Node| match n {
        Node::Lit(Literal::Int(i)) => Some(*i as f64),
        Node::Lit(Literal::Double(d)) => Some(*d),
        _ => None,
    };
    match n {
        n @ (Node::Or(..) | Node::And(..)) => {
            let or = matches!(n, Node::Or(..));
            let mut list = Vec::new();
            operands(n, or, &mut list);
            if or {
                let (mut kinds, mut urgency) = (0u8, 0u8);
                list.retain(|x| match x {
                    Node::KindsHave(b) => { kinds |= b; false }
                    Node::UrgencyHas(b) => { urgency |= b; false }
                    Node::AnyBits { kinds: k, urgency: u } => { (kinds, urgency) = (kinds | k, urgency | u); false }
                    _ => true,
                });
                if kinds | urgency != 0 {
                    list.push(Node::AnyBits { kinds, urgency });
                }
            }
            list.sort_by_key(cost);
            match (list.len(), or) {
                (1, _) => list.pop().expect("one operand"),
                (_, true) => Node::Any(list),
                (_, false) => Node::All(list),
            }
        }
        Node::Not(x) => Node::Not(Box::new(flatten(*x))),
        Node::Cmp(op, l, r) => match (&*l, &*r) {
            (Node::Var(Builtin::RepeatComplaints), y) if number(y).is_some() => Node::RepeatCmp(op, number(y).unwrap_or_default()),
            (x, Node::Var(Builtin::RepeatComplaints)) if number(x).is_some() => Node::RepeatCmp(op.turned(), number(x).unwrap_or_default()),
            _ => Node::Cmp(op, l, r),
        },
        n => n,
    }
}

/// The built-in variable `name`, if it is one; any other name is an answer.
fn builtin_named(name: &str) -> Option<Builtin> {
    Some(match name {
        "kinds" => Builtin::Kinds,
        "urgency" => Builtin::Urgency,
        "channel" => Builtin::Channel,
        "touchpoint" => Builtin::Touchpoint,
        "journey" => Builtin::Journey,
        "instrument" => Builtin::Instrument,
        "locale" => Builtin::Locale,
        "emotion" => Builtin::Emotion,
        "valence" => Builtin::Valence,
        "repeat_complaints" => Builtin::RepeatComplaints,
        "customer_known" => Builtin::CustomerKnown,
        "labels" => Builtin::Labels,
        "answers" => Builtin::Answers,
        _ => return None,
    })
}

/// Whether `n` holds: [`eval`] then [`truthy`], with the boolean nodes and
/// answer comparisons taken without building values. A test of bits (most
/// rules: `'safety' in urgency`, or one merged test of several) is made
/// where it is asked, without a call; the other nodes are [`compound`].
#[inline(always)]
fn test<'a>(n: &'a Node, f: &Facts<'a>) -> bool {
    match n {
        Node::KindsHave(bit) => f.kinds & bit != 0,
        Node::UrgencyHas(bit) => f.urgency & bit != 0,
        Node::AnyBits { kinds, urgency } => f.kinds & kinds != 0 || f.urgency & urgency != 0,
        _ => compound(n, f),
    }
}

/// [`test`] of the nodes that are no test of bits.
fn compound<'a>(n: &'a Node, f: &Facts<'a>) -> bool {
    match n {
        Node::And(l, r) => test(l, f) && test(r, f),
        Node::Or(l, r) => test(l, f) || test(r, f),
        Node::Not(x) => !test(x, f),
        Node::AnswerCmp(op, slot, y) => answer_cmp(*op, answer_number(f, *slot), *y),
        Node::RepeatCmp(op, y) => answer_cmp(*op, Some(Some(f.repeat_complaints as f64)), *y),
        Node::Any(list) => list.iter().any(|x| test(x, f)),
        Node::All(list) => list.iter().all(|x| test(x, f)),
        _ => general(n, f),
    }
}

/// [`test`] of the nodes that build values: kept out of line, so that the
/// tests above stay small.
#[inline(never)]
fn general<'a>(n: &'a Node, f: &Facts<'a>) -> bool {
    truthy(&eval(n, f))
}

/// Answer `slot` as [`answer_cmp`] takes it: `None` if it was not given,
/// `Some(None)` if it is not a number.
fn answer_number(f: &Facts<'_>, slot: usize) -> Option<Option<f64>> {
    let r = f.response;
    let slots = &f.config.question_slots[r.instrument.index()];
    let (_, a) = r.answers.iter().find(|(qi, _)| slots[*qi as usize] == slot)?;
    Some(match a {
        Answer::Score(s) => Some(*s as f64),
        Answer::Rating(v) => Some(*v as f64),
        _ => None,
    })
}

/// `Cmp(op, a, y)` for an answer `a` ([`answer_number`]) and a number `y`,
/// as [`eval`] gives it.
fn answer_cmp(op: CmpOp, a: Option<Option<f64>>, y: f64) -> bool {
    let x = match a {
        // A comparison with an answer that was not given is false.
        None => return false,
        Some(Some(x)) => x,
        // Not a number: not equal, and not ordered.
        Some(None) => return op == CmpOp::Ne,
    };
    match op {
        CmpOp::Eq => x == y,
        CmpOp::Ne => x != y,
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
    }
}

fn truthy(v: &Val<'_>) -> bool {
    matches!(v, Val::Bool(true))
}

fn answer<'a>(f: &Facts<'a>, slot: usize) -> Val<'a> {
    let config: &'a Config = f.config;
    let r = f.response;
    let slots = &config.question_slots[r.instrument.index()];
    let Some((qi, a)) = r.answers.iter().find(|(qi, _)| slots[*qi as usize] == slot) else {
        return Val::Missing;
    };
    let q = &config.instruments[r.instrument.index()].questions[*qi as usize];
    let label = |o: u16| -> &'a str {
        match &q.kind {
            QuestionKind::Emotion { options } => options[o as usize].0.as_str(),
            QuestionKind::Choice { options } | QuestionKind::MultiChoice { options } => options[o as usize].as_str(),
            _ => "",
        }
    };
    match a {
        Answer::Score(s) => Val::Int(*s as i64),
        Answer::Rating(v) => Val::Int(*v as i64),
        Answer::Option(o) => Val::Str(label(*o)),
        Answer::Options(os) => Val::List(os.iter().map(|o| Val::Str(label(*o))).collect()),
        Answer::Text(t) => Val::Str(t.as_str()),
        Answer::YesNo(b) => Val::Bool(*b),
    }
}

/// The first emotion answer of the response: (label, valence).
fn emotion<'a>(f: &Facts<'a>) -> Option<(&'a str, f64)> {
    let config: &'a Config = f.config;
    let ins = &config.instruments[f.response.instrument.index()];
    f.response.answers.iter().find_map(|(qi, a)| match (&ins.questions[*qi as usize].kind, a) {
        (QuestionKind::Emotion { options }, Answer::Option(o)) => options.get(*o as usize).map(|(l, v)| (l.as_str(), *v)),
        _ => None,
    })
}

fn builtin<'a>(b: Builtin, f: &Facts<'a>) -> Val<'a> {
    let config: &'a Config = f.config;
    let r = f.response;
    match b {
        Builtin::Kinds => Val::List(Kind::ALL.iter().filter(|k| f.kinds & kind_bit(**k) != 0).map(|k| Val::Str(k.as_str())).collect()),
        Builtin::Urgency => Val::List(Urgency::ALL.iter().filter(|u| f.urgency & urgency_bit(**u) != 0).map(|u| Val::Str(u.as_str())).collect()),
        Builtin::Channel => Val::Str(&config.channels[r.channel.index()].id),
        Builtin::Touchpoint => Val::Str(&config.touchpoints[r.touchpoint.index()].id),
        Builtin::Journey => Val::Str(&config.journeys[r.journey.index()].id),
        Builtin::Instrument => Val::Str(&config.instruments[r.instrument.index()].id),
        Builtin::Locale => r.locale.map(Val::Str).unwrap_or(Val::Missing),
        Builtin::Emotion => emotion(f).map(|(l, _)| Val::Str(l)).unwrap_or(Val::Missing),
        Builtin::Valence => emotion(f).map(|(_, v)| Val::Double(v)).unwrap_or(Val::Missing),
        Builtin::RepeatComplaints => Val::Int(f.repeat_complaints),
        Builtin::CustomerKnown => Val::Bool(r.customer.is_some()),
        Builtin::Labels => Val::List(r.labels.iter().map(|l| Val::Str(l.as_str())).collect()),
        Builtin::Answers => Val::Answers,
    }
}

fn number(v: &Val<'_>) -> Option<f64> {
    match v {
        Val::Int(i) => Some(*i as f64),
        Val::Double(d) => Some(*d),
        _ => None,
    }
}

fn equal(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn eval<'a>(n: &'a Node, f: &Facts<'a>) -> Val<'a> {
    match n {
        Node::Lit(l) => match l {
            Literal::Null => Val::Null,
            Literal::Bool(b) => Val::Bool(*b),
            Literal::Int(i) => Val::Int(*i),
            Literal::Double(d) => Val::Double(*d),
            Literal::String(s) => Val::Str(s.as_str()),
        },
        Node::Answer(slot) => answer(f, *slot),
        Node::Var(b) => builtin(*b, f),
        Node::List(items) => Val::List(items.iter().map(|i| eval(i, f)).collect()),
        Node::Not(x) => Val::Bool(!truthy(&eval(x, f))),
        Node::Neg(x) => match eval(x, f) {
            Val::Int(i) => Val::Int(-i),
            Val::Double(d) => Val::Double(-d),
            _ => Val::Missing,
        },
        Node::And(l, r) => Val::Bool(truthy(&eval(l, f)) && truthy(&eval(r, f))),
        Node::Or(l, r) => Val::Bool(truthy(&eval(l, f)) || truthy(&eval(r, f))),
        Node::Cmp(op, l, r) => {
            let (a, b) = (eval(l, f), eval(r, f));
            if matches!(a, Val::Missing) || matches!(b, Val::Missing) {
                // A comparison with an answer that was not given is false.
                return Val::Bool(false);
            }
            let ord = match (number(&a), number(&b), &a, &b) {
                (Some(x), Some(y), _, _) => x.partial_cmp(&y),
                (_, _, Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
                _ => None,
            };
            Val::Bool(match op {
                CmpOp::Eq => equal(&a, &b),
                CmpOp::Ne => !equal(&a, &b),
                CmpOp::Lt => ord.is_some_and(|o| o.is_lt()),
                CmpOp::Le => ord.is_some_and(|o| o.is_le()),
                CmpOp::Gt => ord.is_some_and(|o| o.is_gt()),
                CmpOp::Ge => ord.is_some_and(|o| o.is_ge()),
            })
        }
        Node::In(item, list) => {
            let x = eval(item, f);
            if matches!(x, Val::Missing) {
                return Val::Bool(false);
            }
            match eval(list, f) {
                Val::List(items) => Val::Bool(items.iter().any(|i| equal(i, &x))),
                Val::Answers => match x {
                    Val::Str(id) => Val::Bool(!matches!(answer(f, f.config.questions.iter().position(|(q, _)| q == id).unwrap_or(usize::MAX)), Val::Missing)),
                    _ => Val::Bool(false),
                },
                _ => Val::Bool(false),
            }
        }
        Node::Size(x) => match eval(x, f) {
            Val::Str(s) => Val::Int(s.chars().count() as i64),
            Val::List(l) => Val::Int(l.len() as i64),
            _ => Val::Missing,
        },
        Node::Has(slot) => Val::Bool(!matches!(answer(f, *slot), Val::Missing)),
        Node::KindsHave(bit) => Val::Bool(f.kinds & bit != 0),
        Node::UrgencyHas(bit) => Val::Bool(f.urgency & bit != 0),
        Node::AnswerCmp(..) | Node::RepeatCmp(..) | Node::AnyBits { .. } | Node::Any(_) | Node::All(_) => Val::Bool(test(n, f)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Condition;
    use crate::response::ResponseInput;
    use proptest::prelude::*;

    /// `n` (compiled, not flattened) with every answer comparison spelt
    /// out as `Cmp`, as it was compiled before `AnswerCmp`.
    fn generic(n: &Node) -> Node {
        let b = |n: &Node| Box::new(generic(n));
        match n {
            Node::AnswerCmp(op, slot, y) => Node::Cmp(*op, Box::new(Node::Answer(*slot)), Box::new(Node::Lit(Literal::Double(*y)))),
            Node::And(l, r) => Node::And(b(l), b(r)),
            Node::Or(l, r) => Node::Or(b(l), b(r)),
            Node::Not(x) => Node::Not(b(x)),
            other => other.clone(),
        }
    }

    fn op() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="])
    }

    proptest! {
        /// An answer compared with a number, either way round, alone or
        /// combined: the fast path gives what the general evaluation gives,
        /// for answers given or not.
        #[test]
        fn answer_comparisons_agree_with_the_general_evaluation(
            question in prop::sample::select(vec!["nps", "csat", "ces"]),
            (op1, op2) in (op(), op()),
            (n1, n2) in (-3i64..14, -3i64..14),
            half in any::<bool>(),
            literal_first in any::<bool>(),
            score in prop::option::of(1u8..=5),
            nps in 0u8..=10,
            combine in prop::sample::select(vec!["&&", "||"]),
        ) {
            let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
            let number = |n: i64| if half { format!("{n}.5") } else { n.to_string() };
            let first = if literal_first { format!("{} {op1} {question}", number(n1)) } else { format!("{question} {op1} {}", number(n1)) };
            let text = format!("{first} {combine} !(nps {op2} {n2})");
            let condition = Condition::compile(&text, &*config).unwrap();
            let program = Program::compile(&condition, &config);
            let mut answers = serde_json::json!({"nps": nps});
            if let (Some(s), true) = (score, question != "nps") {
                answers[question] = serde_json::json!(s);
            }
            let input = serde_json::json!({"id": "r-1", "instrument": "post-contact", "touchpoint": "support-call", "channel": "phone",
                                           "submitted_at": "2026-11-23T09:00:00+01:00", "answers": answers});
            let response = config.validate_response(ResponseInput::from_json(&input.to_string()).unwrap()).unwrap();
            let facts = Facts { config: &config, response: response.view(), kinds: 0, urgency: 0, repeat_complaints: 0 };
            prop_assert!(matches!(&program.0, Node::All(l) | Node::Any(l) if matches!(l[0], Node::AnswerCmp(..))), "{text}: {:?}", program.0);
            prop_assert_eq!(program.matches(&facts), truthy(&eval(&generic(&compile(&condition.expr, &config)), &facts)), "{}", text);
        }

        /// Conditions of kind and marker tests, scores and repeat counts
        /// under `&&`, `||` and `!`, however nested: the flattened program
        /// (merged bit tests, operands reordered) gives what the general
        /// evaluation of the condition as written gives.
        #[test]
        fn flattened_conditions_agree_with_the_general_evaluation(
            text in condition(),
            kinds in 0u8..16,
            urgency in 0u8..32,
            repeat_complaints in 0i64..5,
            nps in 0u8..=10,
            csat in prop::option::of(1u8..=5),
        ) {
            let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
            let condition = Condition::compile(&text, &*config).unwrap();
            let program = Program::compile(&condition, &config);
            let mut answers = serde_json::json!({"nps": nps});
            if let Some(s) = csat {
                answers["csat"] = serde_json::json!(s);
            }
            let input = serde_json::json!({"id": "r-1", "instrument": "post-contact", "touchpoint": "support-call", "channel": "phone",
                                           "submitted_at": "2026-11-23T09:00:00+01:00", "answers": answers});
            let response = config.validate_response(ResponseInput::from_json(&input.to_string()).unwrap()).unwrap();
            let facts = Facts { config: &config, response: response.view(), kinds, urgency, repeat_complaints };
            prop_assert_eq!(program.matches(&facts), truthy(&eval(&compile(&condition.expr, &config), &facts)), "{}: {:?}", text, program.0);
        }
    }

    /// A condition of kind and marker tests, score comparisons and repeat
    /// counts, nested up to four deep.
    fn condition() -> impl Strategy<Value = String> {
        let atom = prop_oneof![
            prop::sample::select(vec!["complaint", "issue", "compliment", "suggestion"]).prop_map(|k| format!("'{k}' in kinds")),
            prop::sample::select(vec!["legal", "safety", "churn", "public", "vulnerable"]).prop_map(|u| format!("'{u}' in urgency")),
            (op(), 0i64..11).prop_map(|(op, n)| format!("nps {op} {n}")),
            (op(), 1i64..6).prop_map(|(op, n)| format!("{n} {op} csat")),
            (op(), 0i64..5).prop_map(|(op, n)| format!("repeat_complaints {op} {n}")),
            (op(), 0i64..5).prop_map(|(op, n)| format!("{n} {op} repeat_complaints")),
        ];
        atom.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                (inner.clone(), prop::sample::select(vec!["&&", "||"]), inner.clone()).prop_map(|(l, op, r)| format!("{l} {op} {r}")),
                (inner.clone(), prop::sample::select(vec!["&&", "||"]), inner.clone()).prop_map(|(l, op, r)| format!("({l} {op} {r})")),
                inner.prop_map(|x| format!("!({x})")),
            ]
        })
    }

    /// The reference configuration's rules come out flattened: one merged
    /// bit test for `'legal' in urgency || 'public' in urgency`, the bit
    /// test before the score in `nps <= 6 || 'complaint' in kinds || 'issue' in kinds`.
    #[test]
    fn the_reference_rules_are_flattened_into_merged_bit_tests() {
        let config = Config::from_json(include_str!("../../examples/acme.json")).unwrap();
        let programs: Vec<&Node> = config.escalation.rules.iter().map(|r| &r.program.0).collect();
        let (legal, public) = (urgency_bit(Urgency::Legal), urgency_bit(Urgency::Public));
        assert_eq!(*programs[1], Node::AnyBits { kinds: 0, urgency: legal | public });
        assert_eq!(*programs[2], Node::All(vec![Node::KindsHave(kind_bit(Kind::Complaint)), Node::RepeatCmp(CmpOp::Ge, 3.0)]));
        let Node::Any(list) = programs[4] else { panic!("a disjunction: {:?}", programs[4]) };
        assert_eq!(list[0], Node::AnyBits { kinds: kind_bit(Kind::Complaint) | kind_bit(Kind::Issue), urgency: 0 });
        assert!(matches!(list[1], Node::AnswerCmp(CmpOp::Le, _, 6.0)), "{:?}", list[1]);
        assert_eq!(list.len(), 2);
    }
}
