import Testing

@testable import DaemonikerTool

/// What `upgrade` and the keeper say to each other, and what the keeper records after one.
@Suite struct UpgradeProtocolTests {
    @Test func theRequestLineRoundTrips() throws {
        let line = UpgradeRequest.line(timeout: Seconds(2.5), drain: Seconds(30))
        #expect(line == "upgrade 2500 30000")
        let request = try #require(UpgradeRequest(connection: -1, arguments: line.dropFirst(8)))
        #expect(request.timeout == Seconds(2.5))
        #expect(request.drain == Seconds(30))
    }

    @Test(arguments: ["", "2500", "2500 x", "0 1000", "-5 1000", "1000 1000 1000", "99999999999999 1"])
    func aMalformedRequestIsNoRequest(arguments: String) {
        #expect(UpgradeRequest(connection: -1, arguments: Substring(arguments)) == nil)
    }

    @Test func aFailureCarriesItsExitStatus() {
        #expect(UpgradeRequest.failure(.busy, "under way") == "fail 5 under way")
        #expect(ExitStatus.known(5) == .busy)
        #expect(ExitStatus.known(6) == nil)
        #expect(ExitStatus.known(-1) == nil)
    }

    @Test func theRecordNamesTheGenerationAfterAnUpgrade() {
        var record = KeeperRecord(keeper: 7, control: "/tmp/x/control")
        #expect(!record.text.contains("generation"), "nothing about generations before an upgrade")
        record.program = 4242
        record.generation = 3
        #expect(record.text == "keeper 7\ncontrol /tmp/x/control\nprogram 4242\ngeneration 3\n")
        #expect(KeeperRecord(text: record.text) == record)
    }

    @Test func threeDecimals() {
        #expect(Keeper.threeDecimals(412) == "0.412")
        #expect(Keeper.threeDecimals(1005) == "1.005")
        #expect(Keeper.threeDecimals(20_000) == "20.000")
    }
}
