import XCTest
@testable import ClosedLoopFeedback

final class CaseTests: XCTestCase {
    func at(_ day: Int, _ time: String) -> Date { ISO8601DateFormatter().date(from: "2026-11-\(day)T\(time):00+01:00")! }

    func engineWithCase() throws -> (Engine, String) {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        let o = try e.ingest(dictionary: ["id": "r-1", "instrument": "post-contact", "touchpoint": "billing", "channel": "phone",
            "submitted_at": "2026-11-23T09:00:00+01:00", "customer": "c-1", "employee": "e-7",
            "answers": ["nps": 2, "comment": "Very disappointed, my bill is wrong."]])
        return (e, o.cases[0].id)
    }

    func testComplaintToEffectiveCloseThroughANegativeVerdict() throws {
        let (e, id) = try engineWithCase()
        XCTAssertEqual(try e.acknowledge(caseId: id, by: "e-7", at: at(23, "09:30")).state, "acknowledged")
        XCTAssertEqual(try e.start(caseId: id, by: "e-7", at: at(23, "09:40")).state, "in_progress")
        XCTAssertEqual(try e.recordContact(caseId: id, by: "e-7", at: at(23, "10:00"), note: "called back").firstContactAt, at(23, "10:00"))
        XCTAssertEqual(try e.waitForCustomer(caseId: id, by: "e-7", at: at(23, "10:05")).state, "waiting")
        XCTAssertEqual(try e.start(caseId: id, by: "e-7", at: at(24, "09:00")).state, "in_progress")
        XCTAssertEqual(try e.proposeResolution(caseId: id, by: "e-7", at: at(24, "11:00"), resolution: "credit note").state, "resolved")
        var c = try e.customerVerdict(caseId: id, at: at(25, "08:00"), effective: false, score: 2, comment: "still wrong")
        XCTAssertEqual(c.state, "in_progress")
        XCTAssertEqual(c.reopened, 1)
        _ = try e.proposeResolution(caseId: id, by: "e-7", at: at(25, "10:00"))
        c = try e.customerVerdict(caseId: id, at: at(26, "08:00"), effective: true)
        XCTAssertEqual([c.state, c.resolution], ["closed", "effective"])
        XCTAssertEqual(c.history.suffix(3).map { $0.what }, ["verdict_not_effective", "propose_resolution", "verdict_effective"])
    }

    func testInvalidCommandsChangeNothing() throws {
        let (e, id) = try engineWithCase()
        _ = try e.start(caseId: id, by: "e-7", at: at(23, "09:30"))
        let before = try e.case(id: id)
        XCTAssertThrowsError(try e.acknowledge(caseId: id, by: "e-7", at: at(23, "09:40"))) { error in
            guard let err = error as? ClfError else { return XCTFail("not a ClfError") }
            XCTAssertEqual(err.code, "transition")
            XCTAssertEqual(err.message, "cannot acknowledge case \(id): it is in_progress")
        }
        XCTAssertThrowsError(try e.waitForCustomer(caseId: id, by: "e-7", at: at(23, "08:00"))) {
            XCTAssertEqual(($0 as? ClfError)?.path, "at")
        }
        XCTAssertEqual(try e.case(id: id), before)
    }

    func testEscalateReassignCloseReopen() throws {
        let (e, id) = try engineWithCase()
        XCTAssertEqual(try e.escalate(caseId: id, by: "e-7", at: at(23, "10:00"), reason: "angry customer").level, "team_lead")
        let c = try e.reassign(caseId: id, by: "lead-1", at: at(23, "10:05"), to: "team:billing")
        XCTAssertEqual([c.assignee.kind, c.assignee.id], ["team", "billing"])
        _ = try e.start(caseId: id, by: "e-7", at: at(23, "11:00"))
        _ = try e.proposeResolution(caseId: id, by: "e-7", at: at(23, "12:00"))
        XCTAssertEqual(try e.close(caseId: id, by: "e-7", at: at(30, "12:00")).resolution, "unconfirmed")
        XCTAssertEqual(try e.reopen(caseId: id, by: "e-7", at: at(30, "13:00")).state, "in_progress")
        XCTAssertEqual(try e.addNote(caseId: id, by: "e-7", at: at(30, "14:00"), note: "called again").history.last?.detail, "called again")
    }
}
