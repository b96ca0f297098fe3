import XCTest
@testable import ClosedLoopFeedback

final class EngineTests: XCTestCase {
    func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func resp(_ id: String, _ channel: String, _ submitted: String, _ customer: String, _ answers: [String: Any],
              locale: String = "en", touchpoint: String = "support-call") -> [String: Any] {
        ["id": id, "instrument": "post-contact", "touchpoint": touchpoint, "channel": channel, "submitted_at": submitted,
         "customer": customer, "employee": "e-7", "locale": locale, "answers": answers]
    }

    func engine() throws -> Engine { Engine(config: try Config(json: Fixtures.acmeJSON)) }

    func testDutchLegalThreat() throws {
        let o = try engine().ingest(dictionary: resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1",
            ["nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."], locale: "nl"))
        XCTAssertEqual(o.urgency, ["legal"])
        XCTAssertEqual(o.alerts.map { $0.level }, ["manager"])
        XCTAssertEqual([o.alerts[0].id, o.alerts[0].responseId, o.alerts[0].caseId], ["alert-1", "r-1", o.cases[0].id])
        XCTAssertEqual(o.alerts[0].reasons, ["legal"])
        XCTAssertEqual(o.alerts[0].due, date("2026-11-20T19:00:00+01:00"))
        let c = o.cases[0]
        XCTAssertEqual([c.level, c.priority, c.assignee.kind, c.assignee.id], ["team_lead", "high", "queue", "team_lead"])
        XCTAssertEqual(c.firstResponseDue, date("2026-11-21T13:00:00+01:00"))
        XCTAssertEqual(c.resolutionDue, date("2026-11-24T11:00:00+01:00"))
    }

    func testDetractorOpensFrontlineCase() throws {
        let o = try engine().ingest(dictionary: resp("r-1", "email", "2026-11-23T09:00:00+01:00", "c-3", ["nps": 5]))
        let c = o.cases[0]
        XCTAssertEqual([c.rule, c.level, c.state, c.assignee.kind, c.assignee.id], ["detractor or complaint", "frontline", "open", "employee", "e-7"])
        XCTAssertEqual(c.firstResponseDue, date("2026-11-23T17:30:00+01:00"))
        XCTAssertEqual(c.resolutionDue, date("2026-11-27T15:30:00+01:00"))
        XCTAssertEqual(o.scores, ["nps": 5])
    }

    func testSafetyAlertsTheDirector() throws {
        let o = try engine().ingest(dictionary: resp("r-1", "app", "2026-11-22T20:00:00+01:00", "c-4",
            ["nps": 6, "comment": "I can smell gas near the new meter, please come quickly."]))
        XCTAssertTrue(o.urgency.contains("safety"))
        let director = try XCTUnwrap(o.alerts.first { $0.level == "director" })
        XCTAssertEqual(director.due, date("2026-11-22T21:00:00+01:00"))
        XCTAssertEqual([o.cases[0].level, o.cases[0].priority], ["manager", "urgent"])
    }

    func testThirdComplaintWithinTheWindow() throws {
        let e = try engine()
        func complain(_ id: String, _ when: String) -> [String: Any] {
            resp(id, "phone", when, "c-2", ["nps": 3, "comment": "Waardeloos, weer een verkeerde rekening."], locale: "nl")
        }
        try e.ingest(dictionary: complain("r-1", "2026-01-10T10:00:00+01:00"))
        try e.ingest(dictionary: complain("r-2", "2026-02-10T10:00:00+01:00"))
        let third = try e.ingest(dictionary: complain("r-3", "2026-03-20T10:00:00+01:00"))
        XCTAssertEqual(third.repeatComplaints, 3)
        let c = third.cases[0]
        XCTAssertEqual([c.level, c.priority], ["team_lead", "high"])
        XCTAssertEqual(c.responses, ["r-1", "r-2", "r-3"])
        // The history as the rules write it: opened by the detractor rule, each
        // later complaint attached, then raised by the third-complaint rule.
        let expected = [
            ["system", "opened", "rule \"detractor or complaint\""],
            ["system", "attached", "response r-2"],
            ["system", "attached", "response r-3"],
            ["system", "raised", "rule \"third complaint within the window\": level team_lead, priority high"],
        ]
        XCTAssertEqual(c.history.map { [$0.by, $0.what, $0.detail] }, expected)
        XCTAssertEqual(try e.case(id: c.id).history.map { [$0.by, $0.what, $0.detail] }, expected)
        XCTAssertEqual(try e.case(id: c.id).level, "team_lead")
        XCTAssertEqual(try e.cases(state: "open", customer: "c-2").map { $0.id }, [c.id])
    }

    func testIdempotentBatchesAndSummaries() throws {
        let e = try engine()
        let r = resp("r-1", "phone", "2026-11-20T10:00:00+01:00", "c-1", ["nps": 2])
        let first = try e.ingest(dictionary: r)
        XCTAssertTrue(try e.ingest(dictionary: r).duplicate)
        XCTAssertFalse(first.duplicate)
        XCTAssertEqual(try e.responses(), 1)
        let line = { (id: String, nps: Int) in
            #"{"id": "\#(id)", "instrument": "post-contact", "touchpoint": "billing", "channel": "web", "submitted_at": "2026-11-20T10:00:00Z", "answers": {"nps": \#(nps)}}"#
        }
        let batch = try e.ingestJsonl(text: [line("a", 9), line("b", 11), "not json", line("c", 3)].joined(separator: "\n"))
        XCTAssertEqual(batch.outcomes.map { $0.responseId }, ["a", "c"])
        XCTAssertEqual(batch.errors.map { $0.position }, [2, 3])
        XCTAssertEqual(batch.errors[0].path, "answers.nps")
        let groups = try e.summary(groupBy: ["journey"])
        XCTAssertEqual(groups.map { $0.value(of: "journey") }, ["service"])
        XCTAssertEqual(groups[0].responses, 3)
    }

    func testImportReportsWhatTheBatchChanged() throws {
        let imported: [[String: Any]] = [
            // A Dutch legal threat: an alert to a manager and a team-lead case.
            resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1",
                 ["nps": 2, "comment": "Als dit niet snel wordt opgelost, schakel ik mijn advocaat in."], locale: "nl"),
            // The same customer complains again: it joins their open case.
            resp("r-2", "phone", "2026-11-20T15:30:00+01:00", "c-1", ["nps": 1]),
            // A promoter: nothing to follow up.
            resp("r-3", "phone", "2026-11-20T16:00:00+01:00", "c-2", ["nps": 10]),
            // No such score: rejected, and the batch goes on.
            resp("r-4", "phone", "2026-11-20T16:00:00+01:00", "c-3", ["nps": 11]),
            // Seen before: changes nothing.
            resp("r-1", "phone", "2026-11-20T15:00:00+01:00", "c-1", ["nps": 2]),
            // Another customer's detractor: a frontline case.
            resp("r-5", "email", "2026-11-23T09:00:00+01:00", "c-4", ["nps": 5]),
        ]
        let lines = try imported.map { String(data: try JSONSerialization.data(withJSONObject: $0), encoding: .utf8)! }
        let e = try engine()
        let report = try e.importJsonl(text: lines.joined(separator: "\n"))
        XCTAssertEqual([report.ingested, report.duplicates], [4, 1])
        XCTAssertEqual(report.cases, ["case-1", "case-2"])
        XCTAssertEqual(report.alerts, ["alert-1"])
        XCTAssertEqual(report.errors.map { $0.position }, [4])
        XCTAssertEqual(report.errors.first?.path, "answers.nps")
        XCTAssertEqual(try e.case(id: "case-1").responses, ["r-1", "r-2"])
        // Each response's outcome, its case as it is now.
        let first = try e.outcome(responseId: "r-1")
        XCTAssertFalse(first.duplicate)
        XCTAssertEqual(first.urgency, ["legal"])
        XCTAssertEqual(first.alerts.map { $0.id }, ["alert-1"])
        XCTAssertEqual(first.cases.first?.responses, ["r-1", "r-2"])
        // The batch read r-1's comment only for what it says (legal, a
        // complaint); its items are read when asked for, as ingest gives them:
        // 1 - 0.4 (niet snel) x 0.4 (niet opgelost) x 0.4 (urgency:legal) x 0.5 (nps=2) = 0.968.
        let complaint = FeedbackItem(kind: "complaint", confidence: 0.968, evidence: ["niet snel", "niet opgelost", "urgency:legal", "nps=2"], topics: [])
        XCTAssertEqual(first.items, [complaint])
        XCTAssertEqual(try e.outcome(responseId: "r-5").cases.first?.level, "frontline")
        XCTAssertThrowsError(try e.outcome(responseId: "r-4")) { XCTAssertEqual(($0 as? ClfError)?.code, "not_found") }
        // From dictionaries: positions count from 0; the same changes as ingesting one by one.
        let listed = try engine()
        let fromList = try listed.importMany(dictionaries: imported)
        XCTAssertEqual(fromList.cases, report.cases)
        XCTAssertEqual(fromList.alerts, report.alerts)
        XCTAssertEqual(fromList.errors.map { $0.position }, [3])
        let single = try engine()
        for r in imported { _ = try? single.ingest(dictionary: r) }
        XCTAssertEqual(try listed.events(since: 0), try single.events(since: 0))
        XCTAssertEqual(try e.events(since: 0), try single.events(since: 0))
        XCTAssertEqual(try single.outcome(responseId: "r-1").items, [complaint])
    }

    func testJsonLinesWithEscapesAndWindowsLineEnds() throws {
        let e = try engine()
        let head = #""instrument":"post-contact","touchpoint":"billing","channel":"web","submitted_at":"2026-11-20T10:00:00Z","locale":"en""#
        let lines = [
            #"{"id":"r\u002d1","# + head + #","answers":{"nps":2,"comment":"I\u2019m done \ud83d\ude20: my \"lawyer\" will hear of this."}}"#,
            #"{"id":"r-2","# + head + #","answers":{"nps":9}}"#,
        ]
        let batch = try e.ingestJsonl(text: lines.joined(separator: "\r\n") + "\r\n")
        XCTAssertEqual(batch.errors.count, 0)
        XCTAssertEqual(batch.outcomes.map { $0.responseId }, ["r-1", "r-2"])
        XCTAssertEqual(batch.outcomes[0].urgency, ["legal"])
    }

    func testErrors() throws {
        let e = try engine()
        XCTAssertThrowsError(try e.case(id: "case-99")) { XCTAssertEqual(($0 as? ClfError)?.code, "not_found") }
        XCTAssertThrowsError(try e.cases(state: "pending")) { XCTAssertEqual(($0 as? ClfError)?.path, "state") }
        XCTAssertThrowsError(try e.ingest(dictionary: resp("x", "phone", "2026-11-20T10:00:00+01:00", "c-1", ["nps": 11]))) {
            XCTAssertEqual(($0 as? ClfError)?.path, "answers.nps")
        }
    }

    func testIdsOfAnyLengthAreDeduplicatedLoggedAndRestored() throws {
        // The engine keeps ids up to 65 535 bytes in its event log's blocks
        // and longer ones whole: both forms deduplicate, log and restore alike.
        let e = try engine()
        let ids = ["r-short", String(repeating: "x", count: 65_535), String(repeating: "y", count: 70_000)]
        let r = { (id: String) in self.resp(id, "web", "2026-11-20T15:00:00+01:00", "c-9", ["nps": 9]) }
        for id in ids {
            let first = try e.ingest(dictionary: r(id))
            XCTAssertEqual(first.responseId, id)
            XCTAssertFalse(first.duplicate)
        }
        for id in ids { XCTAssertTrue(try e.ingest(dictionary: r(id)).duplicate) }
        let logged = try e.events(since: 0).filter { $0.type == "response_ingested" }.map { ev -> String? in
            let data = try JSONSerialization.jsonObject(with: Data(ev.data.utf8)) as? [String: Any]
            return (data?["response"] as? [String: Any])?["id"] as? String
        }
        XCTAssertEqual(logged, ids)
        let restored = try Engine.restore(config: try Config(json: Fixtures.acmeJSON), snapshot: try e.snapshot())
        for id in ids { XCTAssertTrue(try restored.ingest(dictionary: r(id)).duplicate) }
    }
}
