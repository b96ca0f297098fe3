// Hand-written conveniences over the generated bindings: error codes and
// paths, Swift-native inputs (dictionaries, Encodable values, [Int]).
// Conversion only; every rule lives in the Rust core.
import Foundation

extension ClfError {
    /// The stable code: `config`, `validation`, `transition`, `not_found`,
    /// `conflict` or `internal`.
    public var code: String {
        switch self {
        case .Config: return "config"
        case .Validation: return "validation"
        case .Transition: return "transition"
        case .NotFound: return "not_found"
        case .Conflict: return "conflict"
        case .Internal: return "internal"
        }
    }

    /// The path of the field at fault (`channels.phone.first_response`), for
    /// config and validation errors.
    public var path: String? {
        switch self {
        case let .Config(path, _), let .Validation(path, _): return path
        default: return nil
        }
    }

    /// What was found and what was expected.
    public var message: String {
        switch self {
        case let .Config(_, message), let .Validation(_, message), let .Transition(message),
             let .NotFound(message), let .Conflict(message), let .Internal(message):
            return message
        }
    }
}

/// JSON text of a JSON-compatible value (dictionary, array, Encodable).
func jsonText(_ value: Any, path: String = "(root)") throws -> String {
    guard JSONSerialization.isValidJSONObject(value) else {
        throw ClfError.Validation(path: path, message: "expected a JSON-compatible dictionary or array")
    }
    let data = try JSONSerialization.data(withJSONObject: value, options: [])
    return String(decoding: data, as: UTF8.self)
}

/// The JSON texts of a batch of dictionaries; one that is not JSON-compatible
/// becomes an empty text, which the batch then reports as rejected.
func batchTexts(_ dictionaries: [[String: Any]]) -> [String] {
    dictionaries.map { (try? jsonText($0)) ?? "" }
}

func jsonText<T: Encodable>(encoding value: T) throws -> String {
    String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
}

extension Config {
    /// Loads a configuration from a JSON-compatible dictionary.
    public convenience init(dictionary: [String: Any]) throws {
        try self.init(json: jsonText(dictionary))
    }

    /// Loads a configuration from an `Encodable` value of the JSON shape.
    public convenience init<T: Encodable>(encoding value: T) throws {
        try self.init(json: jsonText(encoding: value))
    }

    /// Validates a response given as a JSON-compatible dictionary.
    public func validateResponse(dictionary: [String: Any]) throws -> Response {
        try validateResponse(json: jsonText(dictionary))
    }
}

extension BusinessCalendar {
    /// Reads a calendar spec given as a JSON-compatible dictionary.
    public convenience init(dictionary: [String: Any]) throws {
        try self.init(json: jsonText(dictionary))
    }
}

extension Summary {
    /// Empty summaries grouped by `groupBy`, keeping responses that match `filter`.
    public convenience init(config: Config, groupBy: [String] = [], filter: [String: String] = [:]) throws {
        try self.init(config: config, query: SummaryQuery(groupBy: groupBy, filter: filter))
    }

    /// Adds a response given as a JSON-compatible dictionary.
    @discardableResult
    public func add(dictionary: [String: Any]) throws -> Bool {
        try add(json: jsonText(dictionary))
    }

    /// Adds responses given as JSON-compatible dictionaries.
    @discardableResult
    public func addMany(dictionaries: [[String: Any]]) throws -> UInt64 {
        try addMany(json: dictionaries.enumerated().map { try jsonText($0.element, path: "[\($0.offset)]") })
    }
}

extension Engine {
    /// Ingests a response given as a JSON-compatible dictionary.
    @discardableResult
    public func ingest(dictionary: [String: Any]) throws -> Outcome {
        try ingest(json: jsonText(dictionary))
    }

    /// Classifies a response given as a JSON-compatible dictionary as
    /// `ingest` would, without ingesting it.
    public func classifyResponse(dictionary: [String: Any]) throws -> Classification {
        try classifyResponse(json: jsonText(dictionary))
    }

    /// Ingests responses given as JSON-compatible dictionaries; rejected ones
    /// are reported in `errors` and do not stop the batch.
    public func ingestMany(dictionaries: [[String: Any]]) throws -> BatchOutcome {
        try ingestMany(json: batchTexts(dictionaries))
    }

    /// Imports responses given as JSON-compatible dictionaries: ingested as
    /// `ingestMany(dictionaries:)` does, reported as what the batch changed.
    public func importMany(dictionaries: [[String: Any]]) throws -> ImportReport {
        try importMany(json: batchTexts(dictionaries))
    }

    /// Scores of everything ingested, grouped by `groupBy`, keeping `filter`.
    public func summary(groupBy: [String] = [], filter: [String: String] = [:]) throws -> [GroupSummary] {
        try summary(query: SummaryQuery(groupBy: groupBy, filter: filter))
    }

    /// Loop metrics of the cases, grouped by `groupBy`, keeping `filter`.
    public func loopMetrics(groupBy: [String] = [], filter: [String: String] = [:]) throws -> [LoopMetrics] {
        try loopMetrics(query: SummaryQuery(groupBy: groupBy, filter: filter))
    }
}

extension GroupSummary {
    /// The group's value of `dimension`, if the summary groups by it.
    public func value(of dimension: String) -> String? {
        key.first { $0.dimension == dimension }?.value
    }
}

extension LoopMetrics {
    /// The group's value of `dimension`, if the metrics group by it.
    public func value(of dimension: String) -> String? {
        key.first { $0.dimension == dimension }?.value
    }
}

/// NPS of 0–10 answers given as `Int`s.
public func nps(scores: [Int], confidence: Double = 0.95) throws -> NpsScore {
    try nps(scores: scores.map { Int64($0) }, confidence: confidence)
}

/// CSAT of 1–scale answers given as `Int`s.
public func csat(ratings: [Int], scale: Int = 5, confidence: Double = 0.95) throws -> CsatScore {
    try csat(ratings: ratings.map { Int64($0) }, scale: Int64(scale), confidence: confidence)
}

/// CES of 1–scale answers given as `Int`s.
public func ces(ratings: [Int], scale: Int = 7, confidence: Double = 0.95) throws -> CesScore {
    try ces(ratings: ratings.map { Int64($0) }, scale: Int64(scale), confidence: confidence)
}

extension Event {
    /// The change's type: `response_ingested`, `case_command`, `time_advanced`, …
    public var type: String { eventType }
}

extension Engine {
    /// Rebuilds an engine from all its events, as `events(since:)` returned
    /// them, under the configuration they were recorded with.
    public static func replay(config: Config, events: [Event]) throws -> Engine {
        try replay(config: config, json: "[" + events.map(\.json).joined(separator: ",") + "]")
    }
}
