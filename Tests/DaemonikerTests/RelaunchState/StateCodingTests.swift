import Testing

@testable import Daemoniker

/// The state `setup` hands to the daemon: Daemoniker's own byte form of any `Codable` value.
@Suite struct StateCodingTests {
    enum Mode: Codable, Equatable {
        case idle
        case serving(port: UInt16, hosts: [String])
    }

    class Base: Codable {
        var name = "base"
    }

    final class Derived: Base, @unchecked Sendable {
        var level: Int8 = -3

        enum Keys: CodingKey { case level }

        override init() { super.init() }

        required init(from decoder: any Decoder) throws {
            level = try decoder.container(keyedBy: Keys.self).decode(Int8.self, forKey: .level)
            try super.init(from: decoder.container(keyedBy: Keys.self).superDecoder())
        }

        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(level, forKey: .level)
            try super.encode(to: container.superEncoder())
        }
    }

    struct Everything: Codable, Equatable {
        var flag = true
        var text = "é, \u{0}, 🙂"
        var small: Int8 = .min
        var big: UInt64 = .max
        var negative: Int64 = .min
        var float: Float = 1.5
        var double: Double = -.infinity
        var missing: Int? = nil
        var present: Int? = 0
        var holes: [Int?] = [1, nil, 3]
        var nested: [[String: Mode]] = [["a": .idle, "b": .serving(port: 8080, hosts: ["x", "y"])]]
        var byNumber: [Int: String] = [1: "one", -2: "minus two"]
        var empty: [String] = []
    }

    @Test func everyKindOfValueRoundTrips() throws {
        let value = Everything()
        let bytes = try StateEncoder.encode(value)
        #expect(try StateDecoder.decode(Everything.self, from: bytes) == value)
        #expect(try StateDecoder.decode(Int.self, from: StateEncoder.encode(42)) == 42)
        #expect(
            try StateDecoder.decode(Stateless.self, from: StateEncoder.encode(Stateless())) == Stateless())
    }

    @Test func aSubclassWithASuperEncoderRoundTrips() throws {
        let value = Derived()
        value.name = "derived"
        value.level = 7
        let decoded = try StateDecoder.decode(Derived.self, from: StateEncoder.encode(value))
        #expect(decoded.name == "derived")
        #expect(decoded.level == 7)
    }

    @Test func aTypeThatDoesNotMatchIsAnError() throws {
        let bytes = try StateEncoder.encode(["port": "eighty"])
        #expect(throws: DecodingError.self) { try StateDecoder.decode([String: Int].self, from: bytes) }
        #expect(throws: DecodingError.self) {
            try StateDecoder.decode(UInt8.self, from: StateEncoder.encode(300))
        }
        #expect(throws: DecodingError.self) {
            try StateDecoder.decode(Everything.self, from: StateEncoder.encode(1))
        }
    }

    @Test(
        arguments: [
            [], [99], [6, 200, 0, 0, 0, 0, 0, 0, 0], [7, 255, 255, 255, 255, 255, 255, 255, 255], [0, 0],
        ] as [[UInt8]])
    func malformedBytesAreRejected(bytes: [UInt8]) {
        #expect(throws: StateFormatError.self) { try StateValue(parsing: bytes) }
    }

    @Test func nestingBeyondTheLimitIsRejected() {
        // 600 arrays of one element each, around a nil.
        let level: [UInt8] = [7, 1, 0, 0, 0, 0, 0, 0, 0]
        let deep: [UInt8] = Array((0..<600).map { _ in level }.joined()) + [0]
        #expect(throws: StateFormatError.self) { try StateValue(parsing: deep) }
    }
}

extension StateCodingTests {
    /// A type the byte form cannot hold is an error the launcher reports, never a crash.
    @Test func int128IsRefusedWithAnError() {
        #expect(throws: EncodingError.self) { try StateEncoder.encode(Int128(5)) }
    }

    /// A failed decode does not move an unkeyed container on, so the element can be decoded
    /// again another way (the usual "lossy array" pattern).
    @Test func aFailedElementCanBeDecodedAgain() throws {
        struct Lossy: Decodable {
            var numbers: [Int] = []
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                while !container.isAtEnd {
                    if let number = try? container.decode(Int.self) {
                        numbers.append(number)
                    } else {
                        _ = try container.decode(String.self)
                    }
                }
            }
        }
        let bytes = try StateEncoder.encode(["1", "x", "2"].map { Int($0).map(Either.number) ?? .text($0) })
        #expect(try StateDecoder.decode(Lossy.self, from: bytes).numbers == [1, 2])
    }

    enum Either: Encodable {
        case number(Int)
        case text(String)
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .text(let text): try container.encode(text)
            }
        }
    }

    @Test func aDoubleTooLargeForAFloatIsAnError() throws {
        #expect(throws: DecodingError.self) {
            try StateDecoder.decode(Float.self, from: StateEncoder.encode(1e300))
        }
    }
}
