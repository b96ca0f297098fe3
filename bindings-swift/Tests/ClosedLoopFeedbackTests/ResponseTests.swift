import XCTest
@testable import ClosedLoopFeedback

final class ResponseTests: XCTestCase {
    func testValidResponseIsTyped() throws {
        let r = try Config(json: Fixtures.acmeJSON).validateResponse(dictionary: Fixtures.response())
        XCTAssertEqual(r.id, "r-1")
        XCTAssertEqual(r.journey, "order-to-delivery")
        XCTAssertEqual(r.submittedAt, ISO8601DateFormatter().date(from: "2026-11-20T09:15:00Z"))
        XCTAssertEqual(r.employee, "e-7")
        XCTAssertEqual(r.answers["nps"], .number(value: 9))
        XCTAssertEqual(r.answers["mood"], .text(value: "pleased"))
        XCTAssertNil(r.answers["may_contact"])
    }

    func testInvalidResponsesNameTheField() throws {
        let config = try Config(json: Fixtures.acmeJSON)
        let cases: [((inout [String: Any]) -> Void, String)] = [
            ({ r in var a = r["answers"] as! [String: Any]; a.removeValue(forKey: "nps"); r["answers"] = a }, "answers.nps"),
            ({ r in var a = r["answers"] as! [String: Any]; a["nps"] = 11; r["answers"] = a }, "answers.nps"),
            ({ r in var a = r["answers"] as! [String: Any]; a["nps"] = 8.5; r["answers"] = a }, "answers.nps"),
            ({ r in var a = r["answers"] as! [String: Any]; a["mood"] = "furious"; r["answers"] = a }, "answers.mood"),
            ({ r in var a = r["answers"] as! [String: Any]; a["csat"] = "good"; r["answers"] = a }, "answers.csat"),
            ({ r in var a = r["answers"] as! [String: Any]; a["colour"] = "blue"; r["answers"] = a }, "answers.colour"),
            ({ r in r["touchpoint"] = "moon" }, "touchpoint"),
            ({ r in r["submitted_at"] = "2026-11-20T10:15:00" }, "submitted_at"),
            ({ r in r["sentiment"] = "good" }, "sentiment"),
        ]
        for (edit, path) in cases {
            XCTAssertThrowsError(try config.validateResponse(dictionary: Fixtures.response(edit))) { error in
                guard let e = error as? ClfError, case .Validation = e else { return XCTFail("not a validation error: \(error)") }
                XCTAssertEqual(e.path, path)
            }
        }
    }

    func testAnInstrumentIsOnlyValidAtItsTouchpoints() throws {
        var c = Fixtures.acme
        var ins = c["instruments"] as! [[String: Any]]
        ins[1]["touchpoints"] = ["repair"]
        c["instruments"] = ins
        let response = Fixtures.response { r in r["instrument"] = "handling"; r["answers"] = ["csat": 5] }
        XCTAssertThrowsError(try Config(dictionary: c).validateResponse(dictionary: response)) { error in
            guard let e = error as? ClfError else { return XCTFail("not a ClfError: \(error)") }
            XCTAssertEqual(e.code, "validation")
            XCTAssertEqual(e.path, "touchpoint")
            XCTAssertTrue(e.message.contains("not used at touchpoint \"delivery\""), e.message)
        }
    }
}
