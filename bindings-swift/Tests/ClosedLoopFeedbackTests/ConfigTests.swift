import XCTest
@testable import ClosedLoopFeedback

final class ConfigTests: XCTestCase {
    func testReferenceConfigLoadsFromTextAndDictionary() throws {
        for config in [try Config(json: Fixtures.acmeJSON), try Config(dictionary: Fixtures.acme)] {
            XCTAssertEqual(config.organisation(), "Acme Energy")
            XCTAssertEqual(config.timeZone(), "Europe/Amsterdam")
            XCTAssertEqual(config.confidence(), 0.95)
            XCTAssertEqual(config.instruments(), ["post-contact", "handling"])
            XCTAssertEqual(config.touchpoints().count, 10)
        }
    }

    func testTomlLoads() throws {
        let config = try Config.fromToml(toml: """
            schema_version = 1
            organisation = "Small Co"
            time_zone = "UTC"
            [[journeys]]
            id = "j"
            touchpoints = [{ id = "t" }]
            [[instruments]]
            id = "i"
            touchpoints = ["t"]
            questions = [{ id = "nps", type = "nps" }]
            """)
        XCTAssertEqual(config.organisation(), "Small Co")
    }

    func testConfigErrorsNameThePath() {
        let cases: [((inout [String: Any]) -> Void, String, String)] = [
            ({ c in var ch = c["channels"] as! [String: Any]; var p = ch["phone"] as! [String: Any]; p["frist_response"] = "4h"; ch["phone"] = p; c["channels"] = ch }, "channels.phone.frist_response", "unknown field"),
            ({ c in var ch = c["channels"] as! [String: Any]; var p = ch["phone"] as! [String: Any]; p["first_response"] = "4 hours"; ch["phone"] = p; c["channels"] = ch }, "channels.phone.first_response", "invalid duration"),
            ({ c in var ch = c["channels"] as! [String: Any]; var p = ch["phone"] as! [String: Any]; p["calendar"] = "ofice"; ch["phone"] = p; c["channels"] = ch }, "channels.phone.calendar", "unknown calendar"),
            ({ c in var ins = c["instruments"] as! [[String: Any]]; ins[1]["id"] = "post-contact"; c["instruments"] = ins }, "instruments[1].id", "duplicate instrument id"),
            ({ c in var e = c["escalation"] as! [String: Any]; var rules = e["rules"] as! [[String: Any]]; rules[4]["when"] = "nps <= 6 ||"; e["rules"] = rules; c["escalation"] = e }, "escalation.rules[4].when", "ends too early"),
            ({ c in c.removeValue(forKey: "organisation") }, "organisation", "required field is missing"),
        ]
        for (edit, path, says) in cases {
            var c = Fixtures.acme
            edit(&c)
            XCTAssertThrowsError(try Config(dictionary: c)) { error in
                guard let e = error as? ClfError, case .Config = e else { return XCTFail("not a config error: \(error)") }
                XCTAssertEqual(e.code, "config")
                XCTAssertEqual(e.path, path)
                XCTAssertTrue(e.message.contains(says), "\(e.message) should say \(says)")
            }
        }
    }

    func testMalformedJson() {
        XCTAssertThrowsError(try Config(json: "{\"schema_version\": 1,")) { error in
            XCTAssertEqual((error as? ClfError)?.code, "config")
        }
    }
}
