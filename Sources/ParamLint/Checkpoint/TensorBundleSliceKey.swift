/// The keys under which TensorFlow stores the slices of a partitioned variable:
/// `EncodeTensorNameSlice(name, slice)` (`saved_tensor_slice_util.cc`), built from OrderedCode
/// (`ordered_code.cc`). Every such key starts with byte 0x00.
enum TensorBundleSliceKey {
    /// `NumIncreasing(0) ‖ String(name) ‖ NumIncreasing(rank) ‖ (SignedNumIncreasing(start) ‖
    /// SignedNumIncreasing(length))*`, a full extent being start 0, length -1.
    static func encode(name: some Collection<UInt8>, slice: [SliceExtent]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(name.count + 8 + 4 * slice.count)
        writeNumIncreasing(0, into: &out)
        for b in name {
            switch b {
            case 0x00: out.append(0x00); out.append(0xFF)
            case 0xFF: out.append(0xFF); out.append(0x00)
            default: out.append(b)
            }
        }
        out.append(0x00)
        out.append(0x01)
        writeNumIncreasing(UInt64(slice.count), into: &out)
        for e in slice {
            if let length = e.length {
                writeSignedNumIncreasing(e.start, into: &out)
                writeSignedNumIncreasing(length, into: &out)
            } else {
                writeSignedNumIncreasing(0, into: &out)
                writeSignedNumIncreasing(-1, into: &out)
            }
        }
        return out
    }

    /// One length byte n (0...8), then the n big-endian bytes of `v` without leading zeros.
    static func writeNumIncreasing(_ v: UInt64, into out: inout [UInt8]) {
        var n = 0
        var x = v
        while x != 0 { n += 1; x >>= 8 }
        out.append(UInt8(n))
        var i = n - 1
        while i >= 0 {
            out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))))
            i -= 1
        }
    }

    private static let headerBits: [(UInt8, UInt8)] = [
        (0, 0), (0x80, 0), (0xC0, 0), (0xE0, 0), (0xF0, 0), (0xF8, 0), (0xFC, 0), (0xFE, 0), (0xFF, 0),
        (0xFF, 0x80), (0xFF, 0xC0),
    ]

    /// `WriteSignedNumIncreasing`: 1 + bitlen(v < 0 ? ~v : v) / 7 bytes (at most 10), the value
    /// big-endian and sign-extended, its first two bytes XORed with the length's header bits.
    static func writeSignedNumIncreasing(_ v: Int64, into out: inout [UInt8]) {
        let x = UInt64(bitPattern: v < 0 ? ~v : v)
        if x < 64 {
            out.append(0x80 ^ UInt8(truncatingIfNeeded: v))
            return
        }
        let bitLength = 64 - x.leadingZeroBitCount
        let length = 1 + bitLength / 7  // 2...10
        let sign: UInt8 = v < 0 ? 0xFF : 0x00
        var buf = [UInt8](repeating: sign, count: 10)
        for i in 0..<8 { buf[2 + i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: v) >> (8 * UInt64(7 - i))) }
        let begin = 10 - length
        buf[begin] ^= headerBits[length].0
        buf[begin + 1] ^= headerBits[length].1
        out.append(contentsOf: buf[begin...])
    }
}
