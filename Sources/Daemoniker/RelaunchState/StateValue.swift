/// The value `setup` returned, as the tree every `Codable` value is made of, and its byte form,
/// which the launcher hands to the daemon. Daemoniker's own format (not JSON): it needs no
/// Foundation, so a program that does not use Foundation does not load it on every start.
///
/// Bytes: one tag byte, then for `int`, `uint` and `double` 8 bytes (little-endian); for `string`
/// a length (8 bytes) and UTF-8; for `array` a count and the elements; for `keyed` a count and
/// the pairs, each a string key then a value.
enum StateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([StateValue])
    case keyed([(String, StateValue)])

    private enum Tag: UInt8 {
        case null, falseValue, trueValue, int, uint, double, string, array, keyed
    }

    /// What the value is, for error messages.
    var kind: String {
        switch self {
        case .null: "nil"
        case .bool: "a Bool"
        case .int, .uint: "an integer"
        case .double: "a floating-point number"
        case .string: "a String"
        case .array: "an unkeyed container"
        case .keyed: "a keyed container"
        }
    }

    /// The value's byte form.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    private func append(to out: inout [UInt8]) {
        func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func text(_ value: String) {
            word(UInt64(value.utf8.count))
            out.append(contentsOf: value.utf8)
        }
        switch self {
        case .null: out.append(Tag.null.rawValue)
        case .bool(let value): out.append(value ? Tag.trueValue.rawValue : Tag.falseValue.rawValue)
        case .int(let value):
            out.append(Tag.int.rawValue)
            word(UInt64(bitPattern: value))
        case .uint(let value):
            out.append(Tag.uint.rawValue)
            word(value)
        case .double(let value):
            out.append(Tag.double.rawValue)
            word(value.bitPattern)
        case .string(let value):
            out.append(Tag.string.rawValue)
            text(value)
        case .array(let items):
            out.append(Tag.array.rawValue)
            word(UInt64(items.count))
            for item in items { item.append(to: &out) }
        case .keyed(let pairs):
            out.append(Tag.keyed.rawValue)
            word(UInt64(pairs.count))
            for (key, value) in pairs {
                text(key)
                value.append(to: &out)
            }
        }
    }

    /// Parses the byte form; throws a description of the first thing wrong.
    init(parsing bytes: [UInt8]) throws(StateFormatError) {
        var reader = Reader(bytes: bytes)
        self = try reader.value(depth: 0)
        guard reader.index == bytes.count else {
            throw StateFormatError("\(bytes.count - reader.index) bytes after the end of the state")
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func byte() throws(StateFormatError) -> UInt8 {
            guard index < bytes.count else { throw StateFormatError("the state ends early") }
            index += 1
            return bytes[index - 1]
        }

        mutating func word() throws(StateFormatError) -> UInt64 {
            guard bytes.count - index >= 8 else { throw StateFormatError("the state ends early") }
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[index + shift]) << (8 * UInt64(shift)) }
            index += 8
            return value
        }

        /// A count of things at least `size` bytes each that must fit in what is left.
        mutating func count(each size: Int) throws(StateFormatError) -> Int {
            let count = try word()
            guard count <= UInt64((bytes.count - index) / size) else {
                throw StateFormatError("a length of \(count) is longer than the state")
            }
            return Int(count)
        }

        mutating func text() throws(StateFormatError) -> String {
            let length = try count(each: 1)
            defer { index += length }
            return String(decoding: bytes[index..<index + length], as: UTF8.self)
        }

        mutating func value(depth: Int) throws(StateFormatError) -> StateValue {
            guard depth < 512 else { throw StateFormatError("the state is nested deeper than 512 levels") }
            let raw = try byte()
            guard let tag = Tag(rawValue: raw) else { throw StateFormatError("unknown tag \(raw)") }
            switch tag {
            case .null: return .null
            case .falseValue: return .bool(false)
            case .trueValue: return .bool(true)
            case .int: return .int(Int64(bitPattern: try word()))
            case .uint: return .uint(try word())
            case .double: return .double(Double(bitPattern: try word()))
            case .string: return .string(try text())
            case .array:
                var items: [StateValue] = []
                for _ in 0..<(try count(each: 1)) { items.append(try value(depth: depth + 1)) }
                return .array(items)
            case .keyed:
                var pairs: [(String, StateValue)] = []
                for _ in 0..<(try count(each: 9)) { pairs.append((try text(), try value(depth: depth + 1))) }
                return .keyed(pairs)
            }
        }
    }
}

/// Why bytes are not a state (``StateValue/init(parsing:)``).
struct StateFormatError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
