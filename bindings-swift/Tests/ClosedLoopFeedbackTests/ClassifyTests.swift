import XCTest
@testable import ClosedLoopFeedback

final class ClassifyTests: XCTestCase {
    func engine() throws -> Engine { Engine(config: try Config(json: Fixtures.acmeJSON)) }

    func testClassifyTextReadsACommentAndChangesNothing() throws {
        let e = try engine()
        let c = try e.classifyText(text: "De factuur klopt niet. Ik schakel mijn advocaat in.", locale: "nl")
        // "klopt niet" is an issue phrase (0.6) beside "factuur" (billing);
        // "advocaat" is legal and implies a complaint (0.6) about every topic.
        XCTAssertEqual(c.items, [
            FeedbackItem(kind: "issue", confidence: 0.6, evidence: ["klopt niet"], topics: ["billing"]),
            FeedbackItem(kind: "complaint", confidence: 0.6, evidence: ["urgency:legal"], topics: ["billing"]),
        ])
        XCTAssertEqual(c.urgency, [UrgencyFinding(marker: "legal", evidence: ["advocaat"])])
        XCTAssertEqual(c.topics, ["billing"])
        XCTAssertEqual(try e.classifyText(text: "De factuur klopt niet. Ik schakel mijn advocaat in.", locale: "nl-BE"), c)
        XCTAssertEqual(try e.classifyText(text: "The invoice is wrong.", locale: "nl").items, [])
        // Codable: the JSON shape of the other languages.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as! [String: Any]
        XCTAssertEqual((json["urgency"] as! [[String: Any]])[0]["marker"] as? String, "legal")
        XCTAssertEqual(try e.responses(), 0)
    }

    func testClassifyResponseFindsWhatIngestFindsAndIngestsNothing() throws {
        let e = try engine()
        let r = Fixtures.response { r in r["answers"] = ["nps": 3, "comment": "De factuur klopt niet."] }
        let c = try e.classifyResponse(dictionary: r)
        // The phrase gives an issue (0.6), the detractor's score a complaint (0.5).
        XCTAssertEqual(c.items.map { [$0.kind, "\($0.confidence)", $0.evidence.joined(separator: ",")] },
                       [["issue", "0.6", "klopt niet"], ["complaint", "0.5", "nps=3"]])
        XCTAssertEqual(c.urgency, [])
        XCTAssertEqual(try e.responses(), 0)
        let o = try e.ingest(dictionary: r)
        XCTAssertFalse(o.duplicate)
        XCTAssertEqual(o.items, c.items)
        XCTAssertEqual(o.topics, c.topics)
        XCTAssertThrowsError(try e.classifyResponse(dictionary: Fixtures.response { r in r["id"] = "r-2"; r["channel"] = "pigeon" })) { error in
            guard let err = error as? ClfError, case .Validation = err else { return XCTFail("not a validation error: \(error)") }
            XCTAssertEqual(err.path, "channel")
        }
        XCTAssertEqual(try e.responses(), 1)
    }
}
