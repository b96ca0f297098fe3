import XCTest
@testable import ClosedLoopFeedback

final class ScoringTests: XCTestCase {
    func testNpsOfFourAnswers() throws {
        let s = try nps(scores: [10, 7, 3, 9])
        XCTAssertEqual([s.n, s.promoters, s.passives, s.detractors], [4, 2, 1, 1])
        XCTAssertEqual(s.score, 25)
    }

    func testNps602515MarginOfError() throws {
        let s = try nps(scores: Fixtures.repeated([(9, 60), (7, 25), (0, 15)]))
        XCTAssertEqual(s.score, 45)
        XCTAssertEqual(round2(s.marginOfError), 14.50)
        XCTAssertEqual(round2(s.ci.low), 30.50)
        XCTAssertEqual(round2(s.ci.high), 59.50)
    }

    func testNpsIntervalIsClamped() throws {
        let s = try nps(scores: Fixtures.repeated([(10, 9), (2, 2)]))
        XCTAssertEqual(round2(s.score), 63.64)
        XCTAssertEqual(round2(s.ci.low), 18.05)
        XCTAssertEqual(s.ci.high, 100)
    }

    func testCsatWilson960Of1200() throws {
        let s = try csat(ratings: Fixtures.repeated([(5, 500), (4, 460), (3, 140), (1, 100)]), scale: 5)
        XCTAssertEqual(s.n, 1200)
        XCTAssertEqual(s.satisfied, 960)
        XCTAssertEqual(s.score, 80)
        XCTAssertEqual(round2(s.ci.low), 77.64)
        XCTAssertEqual(round2(s.ci.high), 82.17)
    }

    func testCesMeanAndShareEasy() throws {
        let s = try ces(ratings: [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(s.mean, 4)
        XCTAssertEqual(s.sd, 2.160247, accuracy: 1e-6)
        XCTAssertEqual(s.shareEasy, 300.0 / 7.0, accuracy: 1e-9)
        XCTAssertEqual(try ces(ratings: [4, 5, 3, 1], scale: 5).shareEasy, 50)
    }

    func testInt64InputAndConfidence() throws {
        let scores: [Int64] = Fixtures.repeated([(9, 60), (7, 25), (0, 15)]).map { Int64($0) }
        XCTAssertEqual(round2(try nps(scores: scores, confidence: 0.99).marginOfError), 19.06)
    }

    func testComparisonsByHand() throws {
        let d = try compareNps(a: nps(scores: Fixtures.repeated([(9, 60), (7, 25), (0, 15)])),
                               b: nps(scores: Fixtures.repeated([(10, 40), (8, 30), (5, 30)])))
        XCTAssertEqual(d.z, 3.146266, accuracy: 1e-5)
        XCTAssertEqual(d.pValue, 0.001654, accuracy: 1e-5)
        XCTAssertTrue(d.significant)
        let c = try compareCsat(a: csat(ratings: Fixtures.repeated([(5, 80), (1, 20)])),
                                b: csat(ratings: Fixtures.repeated([(5, 70), (1, 30)])))
        XCTAssertEqual(c.z, 1.632993, accuracy: 1e-6)
        XCTAssertFalse(c.significant)
    }

    func testScoresAreCodable() throws {
        let s = try nps(scores: [10, 7, 3, 9])
        let back = try JSONDecoder().decode(NpsScore.self, from: JSONEncoder().encode(s))
        XCTAssertEqual(back, s)
    }

    func testBadScoresThrowValidationErrorsWithPaths() {
        let cases: [(() throws -> Any, String)] = [
            ({ try nps(scores: [3, 11]) }, "scores[1]"),
            ({ try nps(scores: [-1]) }, "scores[0]"),
            ({ try nps(scores: [Int]()) }, "scores"),
            ({ try csat(ratings: [0]) }, "ratings[0]"),
            ({ try csat(ratings: [1], scale: 11) }, "scale"),
            ({ try ces(ratings: [1], scale: 6) }, "scale"),
            ({ try nps(scores: [9], confidence: 1.5) }, "confidence"),
        ]
        for (call, path) in cases {
            XCTAssertThrowsError(try call()) { error in
                guard let e = error as? ClfError else { return XCTFail("not a ClfError: \(error)") }
                XCTAssertEqual(e.code, "validation")
                XCTAssertEqual(e.path, path)
            }
        }
    }
}
