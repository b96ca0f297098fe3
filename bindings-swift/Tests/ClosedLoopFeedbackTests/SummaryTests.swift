import XCTest
@testable import ClosedLoopFeedback

final class SummaryTests: XCTestCase {
    func make(_ i: Int, _ touchpoint: String, _ nps: Int, at: String = "2026-11-20T10:00:00+01:00", _ extra: [String: Any] = [:]) -> [String: Any] {
        var answers: [String: Any] = ["nps": nps]
        answers.merge(extra) { $1 }
        return ["id": "r\(i)", "instrument": "post-contact", "touchpoint": touchpoint, "channel": "phone", "submitted_at": at, "answers": answers]
    }

    func testGroupsByTouchpoint() throws {
        let s = try Summary(config: Config(json: Fixtures.acmeJSON), groupBy: ["touchpoint"])
        let data = [("delivery", 10), ("order", 0), ("delivery", 7), ("delivery", 3), ("order", 10), ("delivery", 9)]
        XCTAssertEqual(try s.addMany(dictionaries: data.enumerated().map { make($0.offset, $0.element.0, $0.element.1) }), 6)
        let groups = s.groups()
        XCTAssertEqual(groups.map { $0.value(of: "touchpoint") }, ["order", "delivery"])
        XCTAssertEqual(groups[1].nps["nps"]?.score, 25)
        XCTAssertEqual(groups[1].responses, 4)
    }

    func testMergedPartsEqualTheWhole() throws {
        let config = try Config(json: Fixtures.acmeJSON)
        let rs = (0..<40).map { make($0, $0 % 3 == 0 ? "billing" : "delivery", $0 % 11, ["csat": 1 + $0 % 5]) }
        let a = try Summary(config: config, groupBy: ["touchpoint"])
        let b = try Summary(config: config, groupBy: ["touchpoint"])
        let whole = try Summary(config: config, groupBy: ["touchpoint"])
        try a.addMany(dictionaries: Array(rs[..<15]))
        try b.addMany(dictionaries: Array(rs[15...]))
        try whole.addMany(dictionaries: rs)
        try a.merge(other: b)
        XCTAssertEqual(a.groups(), whole.groups())
        XCTAssertEqual(a.responses(), 40)
    }

    func testPeriodsAndFilter() throws {
        let s = try Summary(config: Config(json: Fixtures.acmeJSON), groupBy: ["month"], filter: ["touchpoint": "delivery"])
        XCTAssertTrue(try s.add(dictionary: make(1, "delivery", 9, at: "2026-03-31T23:30:00Z")))
        XCTAssertFalse(try s.add(dictionary: make(2, "order", 9)))
        XCTAssertTrue(try s.add(dictionary: make(3, "delivery", 5)))
        XCTAssertEqual(s.groups().map { $0.value(of: "month") }, ["2026-04", "2026-11"])
    }

    func testEmotion() throws {
        let s = try Summary(config: Config(json: Fixtures.acmeJSON))
        try s.add(dictionary: make(1, "delivery", 9, ["mood": "angry", "ces": 7]))
        try s.add(dictionary: make(2, "delivery", 9, ["mood": "pleased"]))
        let g = s.groups()[0]
        XCTAssertEqual(g.emotion["mood"]?.n, 2)
        XCTAssertEqual(g.emotion["mood"]!.valence.mean, -0.15, accuracy: 1e-12)
        XCTAssertEqual(g.ces["ces"]?.n, 1)
    }

    func testBadQueriesAndResponses() throws {
        let config = try Config(json: Fixtures.acmeJSON)
        XCTAssertThrowsError(try Summary(config: config, groupBy: ["colour"])) { XCTAssertEqual(($0 as? ClfError)?.path, "group_by[0]") }
        XCTAssertThrowsError(try Summary(config: config, filter: ["month": "November"])) { XCTAssertEqual(($0 as? ClfError)?.path, "where.month") }
        let s = try Summary(config: config)
        XCTAssertThrowsError(try s.addMany(dictionaries: [make(1, "delivery", 9), make(2, "delivery", 12)])) {
            XCTAssertEqual(($0 as? ClfError)?.path, "[1].answers.nps")
        }
    }
}
