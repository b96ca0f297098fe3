import Foundation

enum Fixtures {
    static var acmeJSON: String {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/acme.json")
        return try! String(contentsOf: url, encoding: .utf8)
    }

    static var acme: [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(acmeJSON.utf8)) as! [String: Any]
    }

    static func response(_ edit: (inout [String: Any]) -> Void = { _ in }) -> [String: Any] {
        var r: [String: Any] = [
            "id": "r-1", "instrument": "post-contact", "touchpoint": "delivery", "channel": "phone",
            "submitted_at": "2026-11-20T10:15:00+01:00", "customer": "c-1", "employee": "e-7", "locale": "nl",
            "answers": ["nps": 9, "csat": 4, "ces": 6, "mood": "pleased", "comment": "Snel geleverd"],
        ]
        edit(&r)
        return r
    }

    static func repeated(_ parts: [(Int, Int)]) -> [Int] {
        parts.flatMap { Array(repeating: $0.0, count: $0.1) }
    }
}

func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
