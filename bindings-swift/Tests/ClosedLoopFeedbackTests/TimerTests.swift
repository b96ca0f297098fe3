import XCTest
@testable import ClosedLoopFeedback

final class TimerTests: XCTestCase {
    func t(_ day: Int, _ time: String) -> Date { ISO8601DateFormatter().date(from: "2026-11-\(day)T\(time):00+01:00")! }

    func ingest(_ e: Engine, comment: String = "") throws -> Outcome {
        try e.ingest(dictionary: ["id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
            "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "employee": "e-7", "answers": ["nps": 5, "comment": comment]])
    }

    func testWarningThenBreachEscalatesAndRestarts() throws {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        let id = try ingest(e).cases[0].id
        XCTAssertEqual(try e.advanceTo(now: t(23, "12:11")), [])
        let warning = try e.advanceTo(now: t(23, "12:12"))
        XCTAssertEqual(warning.map { $0.kind }, ["warning"])
        XCTAssertEqual(warning[0].deadline, "first_response")
        let breach = try e.advanceTo(now: t(23, "13:30"))
        XCTAssertEqual([breach[0].kind, breach[0].level], ["breach", "team_lead"])
        XCTAssertEqual(try e.case(id: id).firstResponseDue, t(23, "17:30"))
        XCTAssertEqual(try e.now(), t(23, "13:30"))
        XCTAssertThrowsError(try e.advanceTo(now: t(23, "12:00"))) { XCTAssertEqual(($0 as? ClfError)?.path, "now") }
    }

    func testWaitingPausesTheClock() throws {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        let id = try ingest(e).cases[0].id
        _ = try e.start(caseId: id, by: "e-7", at: t(23, "09:30"))
        _ = try e.waitForCustomer(caseId: id, by: "e-7", at: t(23, "10:00"))
        XCTAssertEqual(try e.advanceTo(now: t(25, "09:00")), [])
        let c = try e.start(caseId: id, by: "e-7", at: t(25, "09:00"))
        XCTAssertEqual(c.firstResponseDue, t(25, "12:00"))
        XCTAssertEqual(c.resolutionDue, t(26, "16:00"))
    }

    func testOverdueAlertGoesUpUntilAcknowledged() throws {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        _ = try ingest(e, comment: "If this is not solved I will contact my lawyer.")
        let alert = try e.alerts()[0]
        XCTAssertEqual(alert.level, "manager")
        XCTAssertEqual(try e.advanceTo(now: t(23, "13:00")).filter { $0.kind == "alert_overdue" }.first?.level, "director")
        XCTAssertEqual(try e.acknowledgeAlert(alertId: alert.id, by: "d-1", at: t(23, "14:00")).acknowledgedBy, "d-1")
        XCTAssertEqual(try e.advanceTo(now: t(23, "18:00")).filter { $0.kind == "alert_overdue" }, [])
        XCTAssertThrowsError(try e.acknowledgeAlert(alertId: alert.id, by: "d-1", at: t(23, "18:00"))) {
            XCTAssertEqual(($0 as? ClfError)?.code, "conflict")
        }
    }
}
