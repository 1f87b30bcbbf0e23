/// Encodes a `Codable` value to a ``StateValue`` (see there for why not JSON).
struct StateEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The bytes of `value` (none for ``Stateless``).
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if T.self == Stateless.self { return [] }  // Nothing to hand over, and nothing to pay for.
        let root = Slot()
        try encode(value, into: root, at: [])
        return root.finished.bytes
    }

    /// Where one value goes: set once, or turned into a keyed or an unkeyed container.
    final class Slot {
        var value: StateValue = .null
        var items: [Slot]?
        var pairs: [(String, Slot)]?

        var finished: StateValue {
            if let pairs { return .keyed(pairs.map { ($0.0, $0.1.finished) }) }
            if let items { return .array(items.map(\.finished)) }
            return value
        }

        func child(_ key: String) -> Slot {
            let child = Slot()
            if pairs == nil { pairs = [] }
            pairs?.append((key, child))
            return child
        }

        func element() -> Slot {
            let child = Slot()
            if items == nil { items = [] }
            items?.append(child)
            return child
        }
    }

    static func encode<T: Encodable>(_ value: T, into slot: Slot, at path: [any CodingKey]) throws {
        if let primitive = primitive(value) {
            slot.value = primitive
        } else {
            try value.encode(to: StateEncoder(slot: slot, codingPath: path))
        }
    }

    /// `value` as a leaf when its type is a primitive. The type is compared first: a failed cast
    /// of a value costs the runtime a search of every protocol conformance in the process.
    private static func primitive<T>(_ value: T) -> StateValue? {
        switch T.self {
        case is Bool.Type: (value as? Bool).map { .bool($0) }
        case is String.Type: (value as? String).map { .string($0) }
        case is Double.Type: (value as? Double).map { .double($0) }
        case is Float.Type: (value as? Float).map { .double(Double($0)) }
        case is Int.Type: (value as? Int).map { .int(Int64($0)) }
        case is Int8.Type: (value as? Int8).map { .int(Int64($0)) }
        case is Int16.Type: (value as? Int16).map { .int(Int64($0)) }
        case is Int32.Type: (value as? Int32).map { .int(Int64($0)) }
        case is Int64.Type: (value as? Int64).map { .int($0) }
        case is UInt.Type: (value as? UInt).map { .uint(UInt64($0)) }
        case is UInt8.Type: (value as? UInt8).map { .uint(UInt64($0)) }
        case is UInt16.Type: (value as? UInt16).map { .uint(UInt64($0)) }
        case is UInt32.Type: (value as? UInt32).map { .uint(UInt64($0)) }
        case is UInt64.Type: (value as? UInt64).map { .uint($0) }
        default: nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.pairs == nil { slot.pairs = [] }
        return KeyedEncodingContainer(Keyed(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if slot.items == nil { slot.items = [] }
        return Unkeyed(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(slot: slot, codingPath: codingPath)
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { slot.child(key.stringValue).value = .null }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try StateEncoder.encode(value, into: slot.child(key.stringValue), at: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            StateEncoder(slot: slot.child(key.stringValue), codingPath: codingPath + [key])
                .container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            StateEncoder(slot: slot.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            StateEncoder(slot: slot.child("super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            StateEncoder(slot: slot.child(key.stringValue), codingPath: codingPath + [key])
        }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]
        var count: Int { slot.items?.count ?? 0 }

        mutating func encodeNil() throws { slot.element().value = .null }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try StateEncoder.encode(value, into: slot.element(), at: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            StateEncoder(slot: slot.element(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            StateEncoder(slot: slot.element(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            StateEncoder(slot: slot.element(), codingPath: codingPath)
        }
    }

    private struct Single: SingleValueEncodingContainer {
        let slot: Slot
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { slot.value = .null }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try StateEncoder.encode(value, into: slot, at: codingPath)
        }
    }
}
