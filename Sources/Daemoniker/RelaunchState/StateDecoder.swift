/// Decodes a `Codable` value from a ``StateValue`` (see there for why not JSON).
struct StateDecoder: Decoder {
    let value: StateValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The value of type `type` that `bytes` (from ``StateEncoder/encode(_:)``) hold.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if bytes.isEmpty, let stateless = Stateless() as? T { return stateless }
        return try decode(type, from: StateValue(parsing: bytes), at: [])
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: StateValue, at path: [any CodingKey]) throws
        -> T
    {
        if let primitive = try primitive(type, value, path) { return primitive }
        return try T(from: StateDecoder(value: value, codingPath: path))
    }

    private static func mismatch<T>(_ type: T.Type, _ value: StateValue, _ path: [any CodingKey])
        -> DecodingError
    {
        .typeMismatch(
            type, .init(codingPath: path, debugDescription: "expected \(type), found \(value.kind)"))
    }

    private static func integer<I: FixedWidthInteger>(
        _ type: I.Type, _ value: StateValue, _ path: [any CodingKey]
    )
        throws -> I
    {
        let result: I?
        switch value {
        case .int(let number): result = I(exactly: number)
        case .uint(let number): result = I(exactly: number)
        default: throw mismatch(type, value, path)
        }
        guard let result else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "the number does not fit in \(type)"))
        }
        return result
    }

    /// `value` as `type` when `type` is a primitive; nil for any other type.
    private static func primitive<T>(_ type: T.Type, _ value: StateValue, _ path: [any CodingKey]) throws
        -> T?
    {
        switch type {
        case is Bool.Type:
            guard case .bool(let bool) = value else { throw mismatch(type, value, path) }
            return bool as? T
        case is String.Type:
            guard case .string(let string) = value else { throw mismatch(type, value, path) }
            return string as? T
        case is Double.Type, is Float.Type:
            guard case .double(let double) = value else { throw mismatch(type, value, path) }
            guard type == Float.self else { return double as? T }
            let float = Float(double)
            guard float.isFinite || !double.isFinite else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path, debugDescription: "\(double) does not fit in Float"))
            }
            return float as? T
        case is Int.Type: return try integer(Int.self, value, path) as? T
        case is Int8.Type: return try integer(Int8.self, value, path) as? T
        case is Int16.Type: return try integer(Int16.self, value, path) as? T
        case is Int32.Type: return try integer(Int32.self, value, path) as? T
        case is Int64.Type: return try integer(Int64.self, value, path) as? T
        case is UInt.Type: return try integer(UInt.self, value, path) as? T
        case is UInt8.Type: return try integer(UInt8.self, value, path) as? T
        case is UInt16.Type: return try integer(UInt16.self, value, path) as? T
        case is UInt32.Type: return try integer(UInt32.self, value, path) as? T
        case is UInt64.Type: return try integer(UInt64.self, value, path) as? T
        default: return nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .keyed(let pairs) = value else {
            throw Self.mismatch([String: Any].self, value, codingPath)
        }
        return KeyedDecodingContainer(
            Keyed(
                values: Dictionary(pairs, uniquingKeysWith: { _, last in last }), keys: pairs.map(\.0),
                codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw Self.mismatch([Any].self, value, codingPath) }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(value: value, codingPath: codingPath)
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let values: [String: StateValue]
        let keys: [String]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

        private func value(_ key: Key) throws -> StateValue {
            guard let value = values[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(codingPath: codingPath, debugDescription: "no value for key \(key.stringValue)"))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try value(key) { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try StateDecoder.decode(type, from: value(key), at: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try StateDecoder(value: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try StateDecoder(value: value(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            StateDecoder(value: values["super"] ?? .null, codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            StateDecoder(value: values[key.stringValue] ?? .null, codingPath: codingPath + [key])
        }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let items: [StateValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        /// The current element; the container moves on only once it has been decoded.
        private func current<T>(_ type: T.Type) throws -> StateValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type, .init(codingPath: codingPath, debugDescription: "no element \(currentIndex)"))
            }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, case .null = items[currentIndex] else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let value = try current(type)
            let result = try StateDecoder.decode(type, from: value, at: codingPath)
            currentIndex += 1
            return result
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            let value = try current([String: Any].self)
            let result = try StateDecoder(value: value, codingPath: codingPath).container(keyedBy: type)
            currentIndex += 1
            return result
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let value = try current([Any].self)
            let result = try StateDecoder(value: value, codingPath: codingPath).unkeyedContainer()
            currentIndex += 1
            return result
        }

        mutating func superDecoder() throws -> any Decoder {
            let value = try current(Any.self)
            let result = StateDecoder(value: value, codingPath: codingPath)
            currentIndex += 1
            return result
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let value: StateValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool {
            if case .null = value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try StateDecoder.decode(type, from: value, at: codingPath)
        }
    }
}
