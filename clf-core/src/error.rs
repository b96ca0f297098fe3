//! The one error type of the library. Every binding maps it in a single file.

use std::fmt;

/// Stable error category, the `code` every binding exposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The configuration is malformed or inconsistent.
    Config,
    /// An input document (response, score list, query…) is malformed.
    Validation,
    /// A command is not allowed in the current state of a case.
    Transition,
    /// A referenced object does not exist.
    NotFound,
    /// The request conflicts with state already recorded.
    Conflict,
    /// A bug in the library; never the caller's fault.
    Internal,
}

impl ErrorCode {
    /// The code as the bindings spell it: `config`, `validation`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Config => "config",
            ErrorCode::Validation => "validation",
            ErrorCode::Transition => "transition",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong, with the path of the field at fault where
/// there is one (`channels.phone.first_response`, `answers.nps`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClfError {
    /// The configuration is rejected; nothing of it is used.
    #[error("config error at {path}: {message}")]
    Config {
        /// Path of the field at fault, from the document's root.
        path: String,
        /// What was found and what was expected.
        message: String,
    },
    /// An input document is rejected; nothing of it is stored.
    #[error("validation error at {path}: {message}")]
    Validation {
        /// Path of the field at fault, from the document's root.
        path: String,
        /// What was found and what was expected.
        message: String,
    },
    /// A case command that its current state does not allow.
    #[error("cannot {command} case {case_id}: it is {state}")]
    Transition {
        /// The case.
        case_id: String,
        /// The state it is in, unchanged.
        state: String,
        /// The refused command.
        command: String,
    },
    /// Something named by id does not exist.
    #[error("{what} not found: {id}")]
    NotFound {
        /// What kind of thing (`case`, `instrument`…).
        what: String,
        /// The id that was asked for.
        id: String,
    },
    /// The request conflicts with what is already recorded.
    #[error("conflict: {message}")]
    Conflict {
        /// What conflicts with what.
        message: String,
    },
    /// A bug in the library. Please report it.
    #[error("internal error: {message}")]
    Internal {
        /// What went wrong.
        message: String,
    },
}

impl ClfError {
    /// A configuration error at `path`.
    pub fn config(path: impl Into<String>, message: impl Into<String>) -> Self {
        ClfError::Config { path: path.into(), message: message.into() }
    }

    /// A validation error at `path`.
    pub fn validation(path: impl Into<String>, message: impl Into<String>) -> Self {
        ClfError::Validation { path: path.into(), message: message.into() }
    }

    /// The stable category of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ClfError::Config { .. } => ErrorCode::Config,
            ClfError::Validation { .. } => ErrorCode::Validation,
            ClfError::Transition { .. } => ErrorCode::Transition,
            ClfError::NotFound { .. } => ErrorCode::NotFound,
            ClfError::Conflict { .. } => ErrorCode::Conflict,
            ClfError::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// The path of the field at fault, for config and validation errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            ClfError::Config { path, .. } | ClfError::Validation { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The same error for an item at `index` of a list: its path gains the
    /// prefix `[index]` (`answers.nps` becomes `[3].answers.nps`).
    pub fn at_index(self, index: usize) -> Self {
        match self {
            ClfError::Validation { path, message } => ClfError::Validation { path: if path.is_empty() || path == "(root)" { format!("[{index}]") } else { format!("[{index}].{path}") }, message },
            other => other,
        }
    }

    /// The same error for a field of the document at `parent`: a
    /// validation or config path gains the prefix (`answers.nps` within
    /// `events[3].response` becomes `events[3].response.answers.nps`).
    pub fn within(self, parent: &str) -> Self {
        let joined = |path: String| if path.is_empty() || path == "(root)" { parent.to_string() } else { join(parent, path) };
        match self {
            ClfError::Validation { path, message } => ClfError::Validation { path: joined(path), message },
            ClfError::Config { path, message } => ClfError::Config { path: joined(path), message },
            other => other,
        }
    }

    /// The message without the code and path prefix.
    pub fn message(&self) -> String {
        match self {
            ClfError::Config { message, .. } | ClfError::Validation { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

/// Result with [`ClfError`].
pub type Result<T, E = ClfError> = std::result::Result<T, E>;

/// Joins a parent path and a child segment: `join("a", "b") == "a.b"`,
/// `join("", "b") == "b"`.
pub(crate) fn join(parent: &str, child: impl fmt::Display) -> String {
    if parent.is_empty() { child.to_string() } else { format!("{parent}.{child}") }
}

/// `index("a", 2) == "a[2]"`.
pub(crate) fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}
