// Stand-in for Foundation, compiled as `FoundationEssentials` for Windows and FreeBSD (where
// swift-corelibs-foundation ships it, so `#if canImport(FoundationEssentials)` takes that
// branch) and as `Foundation` for macOS (where the SDK has Foundation but no separate
// FoundationEssentials module). Written for this harness: exactly the API surface that
// Sources/Daemoniker uses (JSONEncoder.encode, JSONDecoder.decode, Data as a collection of
// bytes), declared with the real types' shapes; the bodies do nothing useful. A use of any
// other Foundation API is reported as an error: add it here if the real Foundation has it.

/// Foundation's `Data`: a random-access, mutable, range-replaceable collection of bytes.
public struct Data: RandomAccessCollection, MutableCollection, RangeReplaceableCollection, Hashable,
    Sendable
{
    public typealias Index = Int
    public typealias Element = UInt8
    @usableFromInline var _bytes: [UInt8]
    public init() { _bytes = [] }
    public init(bytes: UnsafeRawPointer, count: Int) {
        _bytes = Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
    public var startIndex: Int { _bytes.startIndex }
    public var endIndex: Int { _bytes.endIndex }
    public subscript(position: Int) -> UInt8 {
        get { _bytes[position] }
        set { _bytes[position] = newValue }
    }
    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
    where C.Element == UInt8 {
        _bytes.replaceSubrange(subrange, with: newElements)
    }
}

/// Foundation's `JSONEncoder` (only `init()` and `encode(_:)`).
open class JSONEncoder: @unchecked Sendable {
    public init() {}
    open func encode<T: Encodable>(_ value: T) throws -> Data { fatalError("stand-in") }
}

/// Foundation's `JSONDecoder` (only `init()` and `decode(_:from:)`).
open class JSONDecoder: @unchecked Sendable {
    public init() {}
    open func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T { fatalError("stand-in") }
}
