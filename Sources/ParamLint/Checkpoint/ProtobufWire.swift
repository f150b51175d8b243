/// A minimal, bounds-checked reader of the protobuf wire format over a byte range.
/// Every read returns nil (or false) instead of reading past `end`; nothing allocates.
struct ProtobufWire {
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    /// LEB128, at most 10 bytes; the 10th byte may carry only the top bit of a 64-bit value.
    mutating func varint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var p = position
        while p < end {
            let b = bytes[p]
            p += 1
            if shift == 63 && b > 1 { return nil }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 {
                position = p
                return result
            }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    mutating func fixed32() -> UInt32? {
        guard end - position >= 4 else { return nil }
        let v = ByteOrder.le32(bytes, position)
        position += 4
        return v
    }

    mutating func fixed64() -> UInt64? {
        guard end - position >= 8 else { return nil }
        let v = UInt64(ByteOrder.le32(bytes, position)) | UInt64(ByteOrder.le32(bytes, position + 4)) << 32
        position += 8
        return v
    }

    /// The payload of a length-delimited field whose tag has been read.
    mutating func lengthDelimited() -> Range<Int>? {
        guard let n = varint(), n <= UInt64(end - position) else { return nil }
        let start = position
        position += Int(n)
        return start..<position
    }

    /// Reads a tag. nil at a malformed tag (field number 0, wire type 6 or 7, bad varint).
    mutating func tag() -> (field: UInt64, wireType: WireType)? {
        guard let t = varint() else { return nil }
        let field = t >> 3
        guard field != 0, let wt = WireType(rawValue: UInt8(t & 7)) else { return nil }
        return (field, wt)
    }

    /// Skips the value of a field with the given wire type. Groups are refused (proto3 never has them).
    mutating func skip(_ wireType: WireType) -> Bool {
        switch wireType {
        case .varint: return varint() != nil
        case .fixed64: return fixed64() != nil
        case .fixed32: return fixed32() != nil
        case .lengthDelimited: return lengthDelimited() != nil
        case .startGroup, .endGroup: return false
        }
    }

    /// int32 fields are sign-extended to 64 bits on the wire; protobuf truncates.
    static func int32(_ v: UInt64) -> Int32 { Int32(truncatingIfNeeded: v) }
    static func int64(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
}

/// Little-endian fixed-width reads; callers check the bounds.
enum ByteOrder {
    @inline(__always)
    static func le32(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    @inline(__always)
    static func le64(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt64 {
        UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
    }
}
