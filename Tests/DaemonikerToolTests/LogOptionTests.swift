import Testing

@testable import DaemonikerTool

/// The log options' values and checks, and the pure parts of rotation: names, decisions,
/// timestamps, the keeper's record.
@Suite struct LogOptionTests {
    /// What each accepted size means.
    static let sizes: [(String, Int64)] = [
        ("1", 1), ("4096", 4096), ("10K", 10_240), ("10k", 10_240), ("512KB", 524_288),
        ("1M", 1_048_576), ("10MiB", 10_485_760), ("2G", 2_147_483_648), ("+7", 7),
        ("1024G", 1_099_511_627_776),
    ]

    @Test(arguments: sizes)
    func sizesAreBytesOr1024BasedMultiples(_ text: String, _ bytes: Int64) throws {
        #expect(try ByteSize(parsing: text, option: "--log-max-size").bytes == bytes)
    }

    @Test(arguments: [
        "0", "0K", "-1", "-1M", "", "K", "M", "lots", "1.5M", "1T", "1 M", "10MM", "1025G", "B",
        "9223372036854775807K", "١٠",
    ])
    func badSizesAreUsageErrorsNamingTheOptionAndTheFix(_ text: String) {
        do throws(ToolError) {
            _ = try ByteSize(parsing: text, option: "--log-max-size")
            Issue.record("'\(text)' was taken")
        } catch {
            #expect(error.status == .badInput)
            #expect(error.message.hasPrefix("--log-max-size '\(text)'"), "\(error.message)")
            #expect(error.message.contains("10M"), "says what to write: \(error.message)")
        }
    }

    @Test func sizesAreWrittenBackInTheLargestWholeUnit() {
        #expect(ByteSize(1 << 20).text == "1M")
        #expect(ByteSize(3 << 30).text == "3G")
        #expect(ByteSize(1536).text == "1536")
        #expect(ByteSize(2048).text == "2K")
        #expect(ByteSize(1000).text == "1000")
    }

    @Test func countsStartAtZero() throws {
        #expect(try Count(parsing: "0", option: "--lines").value == 0)
        #expect(try Count(parsing: "25", option: "--lines").value == 25)
        for bad in ["-1", "ten", ""] {
            #expect(throws: ToolError.self, "\(bad)") { try Count(parsing: bad, option: "--lines") }
        }
    }

    @Test func logOptionsNeedTheOptionsTheyActOn() {
        let command = ["--", "sleep", "1"]
        let cases: [([String], String)] = [
            (["--log-max-size", "1M"], "no --log was given; add --log PATH"),
            (
                ["--log", "d.log", "--log-keep", "3"],
                "nothing rotates without --log-max-size; add --log-max-size"
            ),
            (["--log-timestamps"], "no --log was given; add --log PATH"),
            (["--log", "d.log", "--log-max-size", "0"], "--log-max-size '0' is not above 0"),
            (["--log", "d.log", "--log-max-size", "big"], "--log-max-size 'big' is not a size"),
            (
                ["--log", "d.log", "--log-max-size", "1M", "--log-keep", "0"],
                "--log-keep '0' is not a positive"
            ),
        ]
        for (options, expected) in cases {
            for spec in [StartCommand.spec, RunCommand.spec] {
                let message = usageMessage(["--pid-file", "p"] + options + command, spec)
                #expect(
                    message?.contains(expected) == true, "\(spec.name) \(options): \(message ?? "accepted")")
            }
        }
    }

    @Test func logOptionsDefaultToNoRotationAndFiveKeptFiles() throws {
        let plain = try StartCommand(
            try ParsedCommandLine(
                ["--pid-file", "p", "--log", "/l/d.log", "--", "sleep", "1"], spec: StartCommand.spec))
        #expect(plain.options.logging.maxSize == nil)
        #expect(plain.options.logging.output == "/l/d.log")
        #expect(plain.options.logging.writesFiles)
        let rotating = try RunCommand(
            try ParsedCommandLine(
                [
                    "--log", "/l/d.log", "--error-log", "/l/e.log", "--log-max-size", "10M",
                    "--log-timestamps", "--", "x",
                ],
                spec: RunCommand.spec))
        #expect(rotating.options.logging.maxSize == ByteSize(10 << 20))
        #expect(rotating.options.logging.keep == LogOptions.defaultKeep)
        #expect(rotating.options.logging.keep == 5)
        #expect(rotating.options.logging.timestamps)
        #expect(rotating.options.logging.error == "/l/e.log")
        let none = try RunCommand(try ParsedCommandLine(["--", "x"], spec: RunCommand.spec))
        #expect(!none.options.logging.writesFiles)
    }

    @Test func aRotationRenamesTheOldestFirstAndKeepsN() {
        let policy = RotationPolicy(maxSize: 100, keep: 3)
        let steps = policy.renames(of: "/l/d.log")
        #expect(steps.map(\.from) == ["/l/d.log.2", "/l/d.log.1", "/l/d.log"])
        #expect(steps.map(\.to) == ["/l/d.log.3", "/l/d.log.2", "/l/d.log.1"])
        #expect(RotationPolicy(maxSize: 100, keep: 1).renames(of: "d").map(\.to) == ["d.1"])
        #expect(RotationPolicy.files(of: "d", keep: 2) == ["d", "d.1", "d.2"])
        #expect(RotationPolicy.files(of: "d", keep: 0) == ["d"])
    }

    @Test func aLineGoesIntoANewFileOnlyWhenItWouldPassTheMaximum() {
        let policy = RotationPolicy(maxSize: 100, keep: 3)
        #expect(!policy.rotates(size: 0, adding: 500), "a long line goes whole into an empty file")
        #expect(!policy.rotates(size: 90, adding: 10), "exactly the maximum fits")
        #expect(policy.rotates(size: 90, adding: 11))
        #expect(policy.rotates(size: 1, adding: 500), "a long line gets a file of its own")
    }

    @Test func timestampsAreRFC3339UTCToTheMillisecond() {
        #expect(UTCTime.text(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTime.text(milliseconds: 1_796_667_601_123) == "2026-12-07T18:20:01.123Z")
        #expect(UTCTime.text(milliseconds: 1_796_667_601_005) == "2026-12-07T18:20:01.005Z")
        #expect(UTCTime.text(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        var stamp = LineStamp()
        for milliseconds: Int64 in [1_796_667_601_123, 1_796_667_601_999, 1_796_667_602_000, 951_782_400_042]
        {
            let text = String(decoding: stamp.bytes(at: milliseconds), as: UTF8.self)
            #expect(text == UTCTime.text(milliseconds: milliseconds) + " ")
        }
    }

    @Test func theKeepersRecordReadsBackWhatItWrote() {
        let record = KeeperRecord(
            keeper: 4242, log: "/var/log/odd\\name\nwith break\r", errorLog: "/var/log/e.log", keep: 3,
            control: "/tmp/daemoniker-keeper-x/control")
        #expect(KeeperRecord(text: record.text) == record)
        #expect(
            record.text.unicodeScalars.split(separator: "\n").count == 5, "one line per field: \(record.text)"
        )
        let bare = KeeperRecord(keeper: 7)
        #expect(bare.text == "keeper 7\n")
        #expect(KeeperRecord(text: "keeper 7\nfuture-key something\n") == bare)
        #expect(KeeperRecord(text: "log /x\n") == nil, "no keeper pid")
        #expect(KeeperRecord.path(forPIDFile: "/run/web.pid") == "/run/web.pid.keeper")
    }

    @Test func theLastLinesOfAText() {
        func last(_ count: Int, _ text: String) -> (String, Int) {
            let (lines, found) = LogTail.lastLines(count, in: Array(text.utf8)[...])
            return (String(decoding: lines, as: UTF8.self), found)
        }
        #expect(last(2, "a\nb\nc\n") == ("b\nc\n", 2))
        #expect(last(1, "a\nb\nc") == ("c", 1), "a last line without its break counts")
        #expect(last(5, "a\nb\n") == ("a\nb\n", 2))
        #expect(last(1, "\n") == ("\n", 1), "an empty line is a line")
        #expect(last(3, "") == ("", 0))
        #expect(last(0, "a\n") == ("", 0))
    }

}
