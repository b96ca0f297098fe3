import XCTest
@testable import ClosedLoopFeedback

final class MetricsTests: XCTestCase {
    func d(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func engine() throws -> Engine {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        func r(_ id: String, _ tp: String, _ at: String, _ customer: String, _ nps: Int, channel: String = "phone") -> [String: Any] {
            ["id": id, "instrument": "post-contact", "touchpoint": tp, "channel": channel, "submitted_at": at, "customer": customer, "answers": ["nps": nps]]
        }
        let a = try e.ingest(dictionary: r("a", "billing", "2026-11-23T09:00:00+01:00", "c-1", 2)).cases[0].id
        try e.ingest(dictionary: r("b", "delivery", "2026-11-23T12:00:00+01:00", "c-2", 4))
        _ = try e.recordContact(caseId: a, by: "e-7", at: d("2026-11-23T10:00:00+01:00"))
        _ = try e.start(caseId: a, by: "e-7", at: d("2026-11-23T10:30:00+01:00"))
        _ = try e.proposeResolution(caseId: a, by: "e-7", at: d("2026-11-24T09:00:00+01:00"))
        _ = try e.customerVerdict(caseId: a, at: d("2026-11-24T10:00:00+01:00"), effective: true)
        _ = try e.advanceTo(now: d("2026-11-24T18:00:00+01:00"))
        try e.ingest(dictionary: ["id": "h", "instrument": "handling", "touchpoint": "billing", "channel": "email",
            "submitted_at": "2026-11-25T09:00:00+01:00", "customer": "c-1", "case_id": a, "answers": ["csat": 4]])
        try e.ingest(dictionary: r("later", "billing", "2026-11-26T09:00:00+01:00", "c-1", 9, channel: "web"))
        return e
    }

    func testLoopMetricsByHand() throws {
        let m = try engine().loopMetrics()[0]
        XCTAssertEqual([m.cases, m.closed], [2, 1])
        XCTAssertEqual(m.shareClosed, 50)
        XCTAssertEqual(m.shareEffective, 100)
        XCTAssertEqual(m.firstResponse.meanBusinessMinutes, 60)
        XCTAssertEqual(m.firstResponse.slaAttainment, 50)
        XCTAssertEqual(m.resolution.meanBusinessMinutes, 510)
        XCTAssertEqual(m.resolution.meanCalendarMinutes, 1440)
        XCTAssertEqual(m.recovery?.change, 7)
        XCTAssertEqual(m.handling?.score, 100)
    }

    func testByTouchpointAndErrors() throws {
        let e = try engine()
        XCTAssertEqual(try e.loopMetrics(groupBy: ["touchpoint"]).map { $0.value(of: "touchpoint") }, ["billing", "delivery"])
        XCTAssertThrowsError(try e.loopMetrics(filter: ["touchpoint": "moon"])) { XCTAssertEqual(($0 as? ClfError)?.path, "where.touchpoint") }
    }
}
