import XCTest
@testable import ClosedLoopFeedback

final class ImprovementTests: XCTestCase {
    func d(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func engine() throws -> Engine {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        for (id, customer) in [("r-1", "c-1"), ("r-2", "c-2"), ("r-3", "c-1"), ("r-5", "c-3")] {
            try e.ingest(dictionary: ["id": id, "customer": customer, "instrument": "post-contact", "touchpoint": "delivery", "channel": "app",
                "submitted_at": "2026-11-20T10:00:00Z", "answers": ["nps": 6, "comment": "Please let me choose a delivery time slot."]])
        }
        return e
    }

    func testYouSaidWeDid() throws {
        let e = try engine()
        try e.optOut(customer: "c-3")
        let imp = try e.proposeImprovement(title: "Delivery time slots", by: "pm-1", at: d("2026-11-21T10:00:00Z"), topics: ["delivery"])
        _ = try e.linkFeedback(improvementId: imp.id, by: "pm-1", at: d("2026-11-21T11:00:00Z"), responses: ["r-1", "r-2", "r-3", "r-5"])
        XCTAssertEqual(try e.planImprovement(improvementId: imp.id, by: "pm-1", at: d("2026-11-22T10:00:00Z")).state, "planned")
        let done = try e.implementImprovement(improvementId: imp.id, by: "pm-1", at: d("2026-12-01T10:00:00Z"))
        XCTAssertEqual(done.notifications.map { $0.customer }, ["c-1", "c-2"])
        XCTAssertEqual(done.notifications[0].responses, ["r-1", "r-3"])
        XCTAssertEqual(try e.markNotified(improvementId: imp.id, customer: "c-1", at: d("2026-12-01T12:00:00Z")).informed, 1)
        XCTAssertEqual(try e.notificationsDue().map { $0.customer }, ["c-2"])
        XCTAssertThrowsError(try e.markNotified(improvementId: imp.id, customer: "c-1", at: d("2026-12-01T13:00:00Z"))) {
            XCTAssertEqual(($0 as? ClfError)?.code, "conflict")
        }
    }

    func testErrors() throws {
        let e = try engine()
        let imp = try e.proposeImprovement(title: "Faster refunds", by: "pm-1", at: d("2026-11-21T10:00:00Z"))
        XCTAssertThrowsError(try e.implementImprovement(improvementId: imp.id, by: "pm-1", at: d("2026-11-21T10:00:00Z"))) {
            XCTAssertEqual(($0 as? ClfError)?.code, "transition")
        }
        XCTAssertThrowsError(try e.linkFeedback(improvementId: imp.id, by: "pm-1", at: d("2026-11-21T10:00:00Z"), topics: ["weather"])) {
            XCTAssertEqual(($0 as? ClfError)?.path, "topics[0]")
        }
    }
}
