import XCTest
@testable import ClosedLoopFeedback

/// Issue #4's walk across the spring DST change (see clf-core/tests/walk.rs).
final class WalkTests: XCTestCase {
    func d(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func testComplaintToEffectiveCloseThroughBreachEscalationAndReopen() throws {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        let o = try e.ingest(dictionary: ["id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
            "submitted_at": "2026-03-27T15:30:00+01:00", "customer": "c-1", "employee": "e-7", "locale": "en",
            "answers": ["nps": 2, "comment": "Very disappointed, my bill is wrong again."]])
        let id = o.cases[0].id
        XCTAssertEqual(o.cases[0].firstResponseDue, d("2026-03-28T13:30:00+01:00"))
        let events = try e.advanceTo(now: d("2026-03-28T13:30:00+01:00"))
        XCTAssertEqual(events.map { $0.kind }, ["warning", "breach"])
        XCTAssertEqual(try e.case(id: id).level, "team_lead")
        XCTAssertEqual(try e.case(id: id).firstResponseDue, d("2026-03-30T12:00:00+02:00"))
        _ = try e.recordContact(caseId: id, by: "e-7", at: d("2026-03-30T09:00:00+02:00"))
        _ = try e.start(caseId: id, by: "e-7", at: d("2026-03-30T09:05:00+02:00"))
        _ = try e.proposeResolution(caseId: id, by: "e-7", at: d("2026-03-30T11:00:00+02:00"))
        var c = try e.customerVerdict(caseId: id, at: d("2026-03-31T09:00:00+02:00"), effective: false, score: 2)
        XCTAssertEqual(c.state, "in_progress")
        XCTAssertEqual(c.reopened, 1)
        XCTAssertEqual(c.resolutionDue, d("2026-04-01T17:00:00+02:00"))
        _ = try e.proposeResolution(caseId: id, by: "e-7", at: d("2026-04-01T10:00:00+02:00"))
        c = try e.customerVerdict(caseId: id, at: d("2026-04-02T09:00:00+02:00"), effective: true, score: 5)
        XCTAssertEqual([c.state, c.resolution], ["closed", "effective"])
        XCTAssertEqual(c.history.map { $0.what }, ["opened", "warning", "breach", "escalate", "record_contact", "start",
            "propose_resolution", "verdict_not_effective", "propose_resolution", "verdict_effective"])
        XCTAssertEqual(try e.advanceTo(now: d("2026-04-20T09:00:00+02:00")), [])
    }
}
