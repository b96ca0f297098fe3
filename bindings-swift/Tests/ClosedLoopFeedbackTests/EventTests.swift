import XCTest
@testable import ClosedLoopFeedback

/// Events, replay, snapshots and forgetting a customer (see clf-core/tests/events.rs).
final class EventTests: XCTestCase {
    func d(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func response(_ id: String, _ customer: String, _ when: String, _ nps: Int, _ comment: String? = nil) -> [String: Any] {
        var answers: [String: Any] = ["nps": nps]
        if let comment { answers["comment"] = comment }
        return ["id": id, "instrument": "post-contact", "touchpoint": "billing", "channel": "phone", "submitted_at": when,
                "customer": customer, "employee": "e-7", "locale": "en", "answers": answers]
    }

    func history() throws -> Engine {
        let e = Engine(config: try Config(json: Fixtures.acmeJSON))
        let id = try e.ingest(dictionary: response("r-1", "c-1", "2026-03-25T10:00:00+01:00", 2, "Very disappointed, my bill is wrong again.")).cases[0].id
        _ = try e.ingest(dictionary: response("r-2", "c-2", "2026-03-25T11:00:00+01:00", 10, "Friendly and quick, thank you!"))
        _ = try e.advanceTo(now: d("2026-03-25T12:00:00+01:00"))
        _ = try e.recordContact(caseId: id, by: "e-7", at: d("2026-03-25T12:00:00+01:00"), note: "called back")
        _ = try e.start(caseId: id, by: "e-7", at: d("2026-03-25T12:05:00+01:00"))
        _ = try e.proposeResolution(caseId: id, by: "e-7", at: d("2026-03-25T15:00:00+01:00"), resolution: "corrected bill")
        _ = try e.customerVerdict(caseId: id, at: d("2026-03-26T09:00:00+01:00"), effective: true, score: 5, comment: "thanks")
        _ = try e.advanceTo(now: d("2026-04-30T09:00:00+02:00"))
        return e
    }

    func testEveryChangeIsANumberedEvent() throws {
        let e = try history()
        let events = try e.events(since: 0)
        XCTAssertEqual(events.map { $0.type }, ["response_ingested", "response_ingested", "time_advanced", "case_command",
                                                "case_command", "case_command", "case_command", "time_advanced"])
        XCTAssertEqual(try e.events(since: 6).map { $0.seq }, [7, 8])
        XCTAssertEqual(try e.lastSeq(), 8)
        let verdict = events[6]
        XCTAssertEqual(verdict.at, d("2026-03-26T08:00:00Z"))
        let data = try JSONSerialization.jsonObject(with: Data(verdict.data.utf8)) as! [String: Any]
        XCTAssertEqual(data["case_id"] as? String, "case-1")
        XCTAssertEqual(data["command"] as? String, "customer_verdict")
        XCTAssertEqual(data["comment"] as? String, "thanks")
        XCTAssertThrowsError(try e.start(caseId: "case-1", by: "e-7", at: d("2026-05-01T09:00:00+02:00"))) { err in
            XCTAssertEqual((err as! ClfError).code, "transition")
        }
        XCTAssertEqual(try e.lastSeq(), 8)
    }

    func testReplayAndRestoreGiveAnEqualEngine() throws {
        let e = try history()
        let config = try Config(json: Fixtures.acmeJSON)
        XCTAssertEqual(try Engine.replay(config: config, events: try e.events(since: 0)).snapshot(), try e.snapshot())
        var gap = try e.events(since: 0)
        gap.remove(at: 1)
        XCTAssertThrowsError(try Engine.replay(config: config, events: gap)) { err in
            XCTAssertEqual((err as! ClfError).path, "events[1].seq")
        }
        let restored = try Engine.restore(config: config, snapshot: try e.snapshot())
        XCTAssertEqual(try restored.snapshot(), try e.snapshot())
        let r = response("r-3", "c-1", "2026-05-04T10:00:00+02:00", 1)
        XCTAssertEqual(try e.ingest(dictionary: r).cases[0].id, "case-2")
        XCTAssertEqual(try restored.ingest(dictionary: r).cases[0].id, "case-2")
        XCTAssertEqual(try restored.snapshot(), try e.snapshot())
        var other = Fixtures.acme
        var escalation = other["escalation"] as! [String: Any]
        escalation["warn_at"] = 0.5
        other["escalation"] = escalation
        XCTAssertThrowsError(try Engine.restore(config: try Config(dictionary: other), snapshot: try e.snapshot())) { err in
            XCTAssertEqual((err as! ClfError).path, "config")
        }
    }

    func testForgetCustomerErasesIdAndWordsEverywhere() throws {
        let e = try history()
        let comment = "My neighbour Jan Jansen at Kerkstraat 12 says the bill is wrong"
        let id = try e.ingest(dictionary: response("r-3", "cust-4711", "2026-05-04T10:00:00+02:00", 1, comment)).cases[0].id
        _ = try e.recordContact(caseId: id, by: "e-7", at: d("2026-05-04T11:00:00+02:00"), note: "spoke to Mrs Jansen on 06-12345678")
        let before = try e.summary(query: SummaryQuery(groupBy: ["touchpoint"], filter: [:]))
        let f = try e.forgetCustomer(customer: "cust-4711", at: d("2026-05-06T09:00:00+02:00"))
        XCTAssertEqual(f, Forgotten(pseudonym: "forgotten:1", responses: 1, cases: 1))
        let encoder = JSONEncoder()
        let outputs = [
            try e.events(since: 0).map { $0.json }.joined(),
            try e.snapshot(),
            String(decoding: try encoder.encode(try e.cases(state: nil, customer: nil)), as: UTF8.self),
            String(decoding: try encoder.encode(try e.summary(query: SummaryQuery(groupBy: ["touchpoint", "employee"], filter: [:]))), as: UTF8.self),
        ]
        for out in outputs {
            for secret in ["cust-4711", comment, "Jansen", "Kerkstraat", "06-12345678"] {
                XCTAssertFalse(out.contains(secret), "\(secret) found")
            }
        }
        XCTAssertEqual(try e.events(since: 0).last?.type, "customer_forgotten")
        XCTAssertEqual(try e.summary(query: SummaryQuery(groupBy: ["touchpoint"], filter: [:])), before)
        XCTAssertEqual(try e.case(id: id).customer, "forgotten:1")
        XCTAssertEqual(try Engine.replay(config: try Config(json: Fixtures.acmeJSON), events: try e.events(since: 0)).snapshot(), try e.snapshot())
        XCTAssertThrowsError(try e.forgetCustomer(customer: "cust-4711", at: d("2026-05-07T09:00:00+02:00"))) { err in
            XCTAssertEqual((err as! ClfError).code, "not_found")
        }
    }
}
