import XCTest
@testable import ClosedLoopFeedback

final class CalendarTests: XCTestCase {
    let nineToFive: [String: Any] = [
        "time_zone": "Europe/Amsterdam",
        "hours": Dictionary(uniqueKeysWithValues: ["mon", "tue", "wed", "thu", "fri"].map { ($0, [["09:00", "17:00"]]) }),
    ]

    func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func testTheDeadlinesOfTheIssue() throws {
        let cal = try BusinessCalendar(dictionary: nineToFive)
        let cases = [
            ("2026-11-20T16:30:00+01:00", "1h", "2026-11-23T09:30:00+01:00"),  // Friday → Monday
            ("2026-11-18T10:00:00+01:00", "2h", "2026-11-18T12:00:00+01:00"),
            ("2026-11-18T07:00:00+01:00", "2h", "2026-11-18T11:00:00+01:00"),
            ("2026-11-18T16:00:00+01:00", "2h", "2026-11-19T10:00:00+01:00"),
            ("2026-03-27T16:30:00+01:00", "1h", "2026-03-30T09:30:00+02:00"),  // over the DST change
        ]
        for (start, duration, due) in cases {
            XCTAssertEqual(try cal.deadline(start: date(start), duration: duration), date(due), "\(start) + \(duration)")
        }
    }

    func testElapsedAndOpening() throws {
        let cal = try BusinessCalendar(dictionary: nineToFive)
        XCTAssertEqual(cal.elapsed(start: date("2026-11-20T16:30:00+01:00"), end: date("2026-11-23T09:30:00+01:00")), 3600)
        XCTAssertTrue(cal.isOpen(at: date("2026-11-20T16:30:00+01:00")))
        XCTAssertFalse(cal.isOpen(at: date("2026-11-21T12:00:00+01:00")))
        XCTAssertEqual(cal.timeZone(), "Europe/Amsterdam")
    }

    func testReferenceOfficeAndAlwaysOpen() throws {
        let office = try BusinessCalendar(dictionary: (Fixtures.acme["calendars"] as! [String: Any])["office"] as! [String: Any])
        XCTAssertEqual(try office.deadline(start: date("2026-11-20T15:00:00+01:00"), duration: "4h"), date("2026-11-21T13:00:00+01:00"))
        let always = try BusinessCalendar(json: #"{"time_zone": "UTC", "hours": "24/7"}"#)
        XCTAssertEqual(try always.deadline(start: date("2026-11-20T16:30:00Z"), duration: "2d"), date("2026-11-22T16:30:00Z"))
    }

    func testErrors() throws {
        XCTAssertThrowsError(try BusinessCalendar(json: #"{"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "08:00"]]}}"#)) {
            XCTAssertEqual(($0 as? ClfError)?.path, "hours.mon[0]")
        }
        XCTAssertThrowsError(try BusinessCalendar(dictionary: nineToFive).deadline(start: Date(), duration: "1 hour")) {
            XCTAssertEqual(($0 as? ClfError)?.path, "duration")
        }
    }
}
