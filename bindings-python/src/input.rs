//! Input documents from Python: JSON text (`str`), or dicts and lists read
//! through serde, so that the same JSON works everywhere.

use clf_core::{ErrorCode, Result};
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::de::DeserializeOwned;

/// Reads a `T` from a `str` of JSON or from plain Python values.
pub fn read<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, code: ErrorCode) -> Result<T> {
    if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_str().map_err(|e| clf_core::ClfError::validation("(root)", e.to_string()))?;
        return clf_core::input::from_json(text, code);
    }
    let mut de = pythonize::Depythonizer::from_object(obj);
    clf_core::input::from_deserializer(&mut de, code)
}

/// Serialises a core output into plain Python values (dicts, lists, floats).
pub fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| crate::errors::to_py(clf_core::ClfError::Internal { message: e.to_string() }))
}

/// `Name(field=value, …)` from a value's JSON form, for `__repr__`.
pub fn repr<T: serde::Serialize>(name: &str, value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(fields)) => {
            let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{name}({})", parts.join(", "))
        }
        _ => format!("{name}(…)"),
    }
}
