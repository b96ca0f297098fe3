//! Rule conditions: a documented subset of CEL (Common Expression Language),
//! parsed and type-checked when the configuration is loaded, so that a typo
//! in a rule fails at start-up and not when a customer writes in.
//!
//! The subset: literals (`3`, `4.5`, `'text'` or `"text"`, `true`, `false`,
//! `null`, lists `[a, b]`), identifiers, field access (`answers.comment`),
//! `== != < <= > >=`, `&& || !`, unary `-`, `in` with lists, `size(x)` and
//! `has(answers.x)`. String values with a known set of values (kinds, urgency
//! markers, channels, touchpoints, journeys, choice and emotion options) are
//! checked against that set, so `'complant' in kinds` is rejected.

use std::fmt;

/// A value set that string values of some variables belong to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Domain {
    /// Feedback kinds: issue, complaint, compliment, suggestion.
    Kind,
    /// Urgency markers: legal, safety, churn, public, vulnerable.
    Urgency,
    /// Channel ids.
    Channel,
    /// Touchpoint ids.
    Touchpoint,
    /// Journey ids.
    Journey,
    /// Labels of every emotion question.
    Emotion,
    /// Options of the question with this id.
    Options(String),
}

/// The static type of an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `true` / `false`.
    Bool,
    /// Whole numbers.
    Int,
    /// Numbers with a fraction.
    Double,
    /// Any string.
    String,
    /// A string from a known set.
    Enum(Domain),
    /// A list of elements of one type.
    List(Box<Type>),
    /// The answers of the response, by question id.
    Answers,
    /// `null`.
    Null,
}

impl Type {
    fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Double)
    }
    fn is_stringy(&self) -> bool {
        matches!(self, Type::String | Type::Enum(_))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Double => f.write_str("double"),
            Type::String | Type::Enum(_) => f.write_str("string"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Answers => f.write_str("map(string, answer)"),
            Type::Null => f.write_str("null"),
        }
    }
}

/// What a condition can refer to, built from the configuration.
pub trait Schema {
    /// Type of a top-level variable.
    fn variable(&self, name: &str) -> Option<Type>;
    /// Names of all top-level variables, for error messages.
    fn variable_names(&self) -> Vec<String>;
    /// Type of the answer to question `id`, if any instrument asks it.
    fn answer(&self, id: &str) -> Option<Type>;
    /// The values of a domain.
    fn domain(&self, domain: &Domain) -> Vec<String>;
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Double(f64),
    /// A string.
    String(String),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator with its sides swapped: `a < b` is `b > a`.
    pub fn turned(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }
}

/// A checked expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal.
    Literal(Literal),
    /// A top-level variable (or an answer named by its question id).
    Var(String),
    /// `answers.<id>`.
    Answer(String),
    /// `[a, b, …]`.
    List(Vec<Expr>),
    /// `!e`.
    Not(Box<Expr>),
    /// `-e`.
    Neg(Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a op b`.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `a in b`.
    In(Box<Expr>, Box<Expr>),
    /// `size(e)`.
    Size(Box<Expr>),
    /// `has(answers.<id>)`.
    Has(String),
}

/// A rule condition: its source and its checked, boolean expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The source text, as configured.
    pub source: String,
    /// The checked expression.
    pub expr: Expr,
}

impl Condition {
    /// Parses and type-checks `source` against `schema`. The error says where
    /// (column) and what was expected.
    pub fn compile(source: &str, schema: &dyn Schema) -> Result<Condition, String> {
        let tokens = lex(source)?;
        let mut p = Parser { tokens, pos: 0, src_len: source.chars().count() };
        let ast = p.or()?;
        if let Some((col, t)) = p.tokens.get(p.pos) {
            return Err(format!("unexpected {t} at column {col}: expected an operator or the end of the condition"));
        }
        let mut checker = Checker { schema };
        let (expr, ty) = checker.check(&ast)?;
        if ty != Type::Bool {
            return Err(format!("the condition is of type {ty}: expected a bool (true/false)"));
        }
        Ok(Condition { source: source.to_string(), expr })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Int(i64),
    Double(f64),
    Str(String),
    Ident(String),
    Sym(&'static str),
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Int(i) => write!(f, "number {i}"),
            Token::Double(d) => write!(f, "number {d}"),
            Token::Str(s) => write!(f, "string {s:?}"),
            Token::Ident(s) => write!(f, "`{s}`"),
            Token::Sym(s) => write!(f, "`{s}`"),
        }
    }
}

const SYMBOLS: [&str; 16] = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "-", "(", ")", "[", "]", ",", "."];

fn lex(src: &str) -> Result<Vec<(usize, Token)>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let mut is_double = false;
            if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                is_double = true;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let text: String = chars[start..i].iter().collect();
            let tok = if is_double {
                Token::Double(text.parse().map_err(|_| format!("invalid number {text} at column {col}"))?)
            } else {
                Token::Int(text.parse().map_err(|_| format!("number {text} at column {col} is too large"))?)
            };
            out.push((col, tok));
        } else if c == '\'' || c == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unterminated string starting at column {col}")),
                    Some(&q) if q == c => break,
                    Some('\\') => {
                        let e = chars.get(i + 1).copied().ok_or_else(|| format!("unterminated string starting at column {col}"))?;
                        s.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            '\\' | '\'' | '"' => e,
                            _ => return Err(format!("unknown escape \\{e} at column {}", i + 1)),
                        });
                        i += 2;
                    }
                    Some(&ch) => {
                        s.push(ch);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push((col, Token::Str(s)));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((col, Token::Ident(chars[start..i].iter().collect())));
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let Some(sym) = SYMBOLS.iter().find(|s| rest.starts_with(**s)) else {
                return Err(format!("unexpected character {c:?} at column {col}"));
            };
            i += sym.chars().count();
            out.push((col, Token::Sym(sym)));
        }
    }
    Ok(out)
}

/// The parse tree, before type checking.
#[derive(Debug, Clone)]
enum Ast {
    Literal(Literal),
    Ident(usize, String),
    Field(usize, Box<Ast>, String),
    List(Vec<Ast>),
    Not(usize, Box<Ast>),
    Neg(usize, Box<Ast>),
    And(usize, Box<Ast>, Box<Ast>),
    Or(usize, Box<Ast>, Box<Ast>),
    Cmp(usize, CmpOp, Box<Ast>, Box<Ast>),
    In(usize, Box<Ast>, Box<Ast>),
    Call(usize, String, Vec<Ast>),
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    src_len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }
    fn col(&self) -> usize {
        self.tokens.get(self.pos).map(|(c, _)| *c).unwrap_or(self.src_len + 1)
    }
    fn eat(&mut self, sym: &str) -> bool {
        if matches!(self.peek(), Some(Token::Sym(s)) if *s == sym) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, sym: &str) -> Result<(), String> {
        if self.eat(sym) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{sym}`")))
        }
    }
    fn unexpected(&self, expected: &str) -> String {
        match self.tokens.get(self.pos) {
            Some((col, t)) => format!("unexpected {t} at column {col}: expected {expected}"),
            None => format!("the condition ends too early: expected {expected}"),
        }
    }
    fn or(&mut self) -> Result<Ast, String> {
        let mut left = self.and()?;
        loop {
            let col = self.col();
            if !self.eat("||") {
                return Ok(left);
            }
            left = Ast::Or(col, Box::new(left), Box::new(self.and()?));
        }
    }
    fn and(&mut self) -> Result<Ast, String> {
        let mut left = self.relation()?;
        loop {
            let col = self.col();
            if !self.eat("&&") {
                return Ok(left);
            }
            left = Ast::And(col, Box::new(left), Box::new(self.relation()?));
        }
    }
    fn relation(&mut self) -> Result<Ast, String> {
        let left = self.unary()?;
        let col = self.col();
        let op = match self.peek() {
            Some(Token::Sym("==")) => CmpOp::Eq,
            Some(Token::Sym("!=")) => CmpOp::Ne,
            Some(Token::Sym("<")) => CmpOp::Lt,
            Some(Token::Sym("<=")) => CmpOp::Le,
            Some(Token::Sym(">")) => CmpOp::Gt,
            Some(Token::Sym(">=")) => CmpOp::Ge,
            Some(Token::Ident(k)) if k == "in" => {
                self.pos += 1;
                return Ok(Ast::In(col, Box::new(left), Box::new(self.unary()?)));
            }
            _ => return Ok(left),
        };
        self.pos += 1;
        Ok(Ast::Cmp(col, op, Box::new(left), Box::new(self.unary()?)))
    }
    fn unary(&mut self) -> Result<Ast, String> {
        let col = self.col();
        if self.eat("!") {
            return Ok(Ast::Not(col, Box::new(self.unary()?)));
        }
        if self.eat("-") {
            return Ok(Ast::Neg(col, Box::new(self.unary()?)));
        }
        self.member()
    }
    fn member(&mut self) -> Result<Ast, String> {
        let mut e = self.primary()?;
        loop {
            let col = self.col();
            if !self.eat(".") {
                return Ok(e);
            }
            match self.peek().cloned() {
                Some(Token::Ident(name)) => {
                    self.pos += 1;
                    e = Ast::Field(col, Box::new(e), name);
                }
                _ => return Err(self.unexpected("a field name after `.`")),
            }
        }
    }
    fn primary(&mut self) -> Result<Ast, String> {
        let col = self.col();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.unexpected("a value, a variable or `(`"));
        };
        self.pos += 1;
        Ok(match tok {
            Token::Int(i) => Ast::Literal(Literal::Int(i)),
            Token::Double(d) => Ast::Literal(Literal::Double(d)),
            Token::Str(s) => Ast::Literal(Literal::String(s)),
            Token::Ident(id) => match id.as_str() {
                "true" => Ast::Literal(Literal::Bool(true)),
                "false" => Ast::Literal(Literal::Bool(false)),
                "null" => Ast::Literal(Literal::Null),
                "in" => {
                    self.pos -= 1;
                    return Err(self.unexpected("a value before `in`"));
                }
                _ => {
                    if self.eat("(") {
                        let mut args = Vec::new();
                        if !self.eat(")") {
                            loop {
                                args.push(self.or()?);
                                if self.eat(")") {
                                    break;
                                }
                                self.expect(",")?;
                            }
                        }
                        Ast::Call(col, id, args)
                    } else {
                        Ast::Ident(col, id)
                    }
                }
            },
            Token::Sym("(") => {
                let e = self.or()?;
                self.expect(")")?;
                e
            }
            Token::Sym("[") => {
                let mut items = Vec::new();
                if !self.eat("]") {
                    loop {
                        items.push(self.or()?);
                        if self.eat("]") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                Ast::List(items)
            }
            Token::Sym(_) => {
                self.pos -= 1;
                return Err(self.unexpected("a value, a variable or `(`"));
            }
        })
    }
}

struct Checker<'s> {
    schema: &'s dyn Schema,
}

fn at(col: usize) -> String {
    if col == 0 { String::new() } else { format!(" at column {col}") }
}

impl Checker<'_> {
    fn check(&mut self, a: &Ast) -> Result<(Expr, Type), String> {
        Ok(match a {
            Ast::Literal(l) => {
                let t = match l {
                    Literal::Null => Type::Null,
                    Literal::Bool(_) => Type::Bool,
                    Literal::Int(_) => Type::Int,
                    Literal::Double(_) => Type::Double,
                    Literal::String(_) => Type::String,
                };
                (Expr::Literal(l.clone()), t)
            }
            Ast::Ident(col, name) => match self.schema.variable(name).or_else(|| self.schema.answer(name)) {
                Some(t) => (Expr::Var(name.clone()), t),
                None => {
                    return Err(format!("unknown variable `{name}`{}: expected a question id or one of {}", at(*col), self.schema.variable_names().join(", ")));
                }
            },
            Ast::Field(col, base, field) => {
                let (_, bt) = self.check(base)?;
                if bt != Type::Answers {
                    return Err(format!("field access{} is only defined on `answers`, not on a {bt}", at(*col)));
                }
                let t = self.schema.answer(field).ok_or_else(|| format!("no instrument asks a question `{field}`{}", at(*col)))?;
                (Expr::Answer(field.clone()), t)
            }
            Ast::List(items) => {
                let mut exprs = Vec::with_capacity(items.len());
                let mut elem: Option<Type> = None;
                for it in items {
                    let (e, t) = self.check(it)?;
                    elem = Some(match elem {
                        None => t,
                        Some(prev) if prev == t => prev,
                        Some(prev) if prev.is_numeric() && t.is_numeric() => Type::Double,
                        Some(prev) if prev.is_stringy() && t.is_stringy() => Type::String,
                        Some(prev) => return Err(format!("a list mixes {prev} and {t}: expected elements of one type")),
                    });
                    exprs.push(e);
                }
                (Expr::List(exprs), Type::List(Box::new(elem.unwrap_or(Type::String))))
            }
            Ast::Not(col, e) => {
                let (e, t) = self.check(e)?;
                self.expect_bool(&t, "`!`", *col)?;
                (Expr::Not(Box::new(e)), Type::Bool)
            }
            Ast::Neg(col, e) => {
                let (e, t) = self.check(e)?;
                if !t.is_numeric() {
                    return Err(format!("`-`{} applies to numbers, not to a {t}", at(*col)));
                }
                (Expr::Neg(Box::new(e)), t)
            }
            Ast::And(col, l, r) | Ast::Or(col, l, r) => {
                let (le, lt) = self.check(l)?;
                let (re, rt) = self.check(r)?;
                let op = if matches!(a, Ast::And(..)) { "`&&`" } else { "`||`" };
                self.expect_bool(&lt, op, *col)?;
                self.expect_bool(&rt, op, *col)?;
                if matches!(a, Ast::And(..)) { (Expr::And(Box::new(le), Box::new(re)), Type::Bool) } else { (Expr::Or(Box::new(le), Box::new(re)), Type::Bool) }
            }
            Ast::Cmp(col, op, l, r) => {
                let (le, lt) = self.check(l)?;
                let (re, rt) = self.check(r)?;
                let ordered = !matches!(op, CmpOp::Eq | CmpOp::Ne);
                let ok = (lt.is_numeric() && rt.is_numeric())
                    || (lt.is_stringy() && rt.is_stringy())
                    || (!ordered && (lt == rt || lt == Type::Null || rt == Type::Null));
                if !ok {
                    return Err(format!("cannot compare a {lt} with a {rt}{}", at(*col)));
                }
                self.check_member(&lt, &re)?;
                self.check_member(&rt, &le)?;
                (Expr::Cmp(*op, Box::new(le), Box::new(re)), Type::Bool)
            }
            Ast::In(col, l, r) => {
                let (le, lt) = self.check(l)?;
                let (re, rt) = self.check(r)?;
                match &rt {
                    Type::List(elem) => {
                        let ok = (lt.is_numeric() && elem.is_numeric()) || (lt.is_stringy() && elem.is_stringy()) || lt == **elem;
                        if !ok {
                            return Err(format!("`in`{} looks for a {lt} in a list of {elem}", at(*col)));
                        }
                        self.check_member(elem, &le)?;
                        if let Expr::List(items) = &re {
                            for it in items {
                                self.check_member(&lt, it)?;
                            }
                        }
                    }
                    Type::Answers => {
                        if !lt.is_stringy() {
                            return Err(format!("`in answers`{} takes a question id (a string)", at(*col)));
                        }
                    }
                    other => return Err(format!("`in`{} needs a list on its right, not a {other}", at(*col))),
                }
                (Expr::In(Box::new(le), Box::new(re)), Type::Bool)
            }
            Ast::Call(col, name, args) => match (name.as_str(), args.as_slice()) {
                ("size", [arg]) => {
                    let (e, t) = self.check(arg)?;
                    if !(t.is_stringy() || matches!(t, Type::List(_))) {
                        return Err(format!("size(){} takes a string or a list, not a {t}", at(*col)));
                    }
                    (Expr::Size(Box::new(e)), Type::Int)
                }
                ("has", [arg]) => match arg {
                    Ast::Field(_, base, field) if matches!(**base, Ast::Ident(_, ref b) if b == "answers") => {
                        if self.schema.answer(field).is_none() {
                            return Err(format!("no instrument asks a question `{field}`{}", at(*col)));
                        }
                        (Expr::Has(field.clone()), Type::Bool)
                    }
                    _ => return Err(format!("has(){} takes a field of answers, e.g. has(answers.comment)", at(*col))),
                },
                ("size" | "has", _) => return Err(format!("{name}(){} takes exactly one argument", at(*col))),
                _ => return Err(format!("unknown function `{name}`{}: expected size() or has()", at(*col))),
            },
        })
    }

    fn expect_bool(&self, t: &Type, op: &str, col: usize) -> Result<(), String> {
        if *t == Type::Bool { Ok(()) } else { Err(format!("{op}{} needs bool operands, not a {t}", at(col))) }
    }

    /// A string literal compared with a value of a known set must be in the set.
    fn check_member(&self, t: &Type, e: &Expr) -> Result<(), String> {
        if let (Type::Enum(d), Expr::Literal(Literal::String(s))) = (t, e) {
            let values = self.schema.domain(d);
            if !values.iter().any(|v| v == s) {
                let what = match d {
                    Domain::Kind => "a feedback kind".to_string(),
                    Domain::Urgency => "an urgency marker".to_string(),
                    Domain::Channel => "a channel".to_string(),
                    Domain::Touchpoint => "a touchpoint".to_string(),
                    Domain::Journey => "a journey".to_string(),
                    Domain::Emotion => "an emotion label".to_string(),
                    Domain::Options(q) => format!("an option of `{q}`"),
                };
                return Err(format!("'{s}' is not {what}: expected one of {}", values.join(", ")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct S;
    impl Schema for S {
        fn variable(&self, name: &str) -> Option<Type> {
            Some(match name {
                "kinds" => Type::List(Box::new(Type::Enum(Domain::Kind))),
                "urgency" => Type::List(Box::new(Type::Enum(Domain::Urgency))),
                "channel" => Type::Enum(Domain::Channel),
                "repeat_complaints" => Type::Int,
                "valence" => Type::Double,
                "customer_known" => Type::Bool,
                "answers" => Type::Answers,
                _ => return None,
            })
        }
        fn variable_names(&self) -> Vec<String> {
            vec!["kinds".into(), "urgency".into()]
        }
        fn answer(&self, id: &str) -> Option<Type> {
            match id {
                "nps" => Some(Type::Int),
                "comment" => Some(Type::String),
                _ => None,
            }
        }
        fn domain(&self, d: &Domain) -> Vec<String> {
            match d {
                Domain::Kind => vec!["issue".into(), "complaint".into()],
                Domain::Urgency => vec!["legal".into(), "safety".into()],
                Domain::Channel => vec!["phone".into()],
                _ => vec![],
            }
        }
    }

    fn ok(s: &str) -> Expr {
        Condition::compile(s, &S).unwrap_or_else(|e| panic!("{s}: {e}")).expr
    }
    fn err(s: &str) -> String {
        Condition::compile(s, &S).expect_err(s)
    }

    #[test]
    fn accepts_the_reference_rules() {
        ok("'safety' in urgency");
        ok("'legal' in urgency || 'public' in urgency".replace("'public'", "'safety'").as_str());
        ok("'complaint' in kinds && repeat_complaints >= 3");
        ok("nps <= 6 || 'complaint' in kinds || 'issue' in kinds");
        ok("has(answers.comment) && size(comment) > 10 && !customer_known");
        ok("channel in ['phone'] && valence < -0.5 && answers.nps != null");
    }

    #[test]
    fn precedence_binds_and_tighter_than_or() {
        let e = ok("nps < 3 || nps > 8 && customer_known");
        assert!(matches!(e, Expr::Or(_, r) if matches!(*r, Expr::And(..))));
    }

    #[test]
    fn rejects_with_a_reason() {
        assert!(err("'complant' in kinds").contains("not a feedback kind"));
        assert!(err("channel == 'phnoe'").contains("not a channel"));
        assert!(err("nsp <= 6").contains("unknown variable `nsp`"));
        assert!(err("nps <= 'six'").contains("cannot compare"));
        assert!(err("nps").contains("expected a bool"));
        assert!(err("nps <= ").contains("ends too early"));
        assert!(err("(nps <= 6").contains("expected `)`"));
        assert!(err("nps <= 6 nps").contains("column 10"));
        assert!(err("'a").contains("unterminated"));
        assert!(err("nps # 3").contains("unexpected character"));
        assert!(err("matches(comment)").contains("unknown function"));
        assert!(err("has(comment)").contains("has()"));
        assert!(err("kinds && true").contains("needs bool"));
        assert!(err("answers.foo == 1").contains("no instrument asks"));
    }
}
