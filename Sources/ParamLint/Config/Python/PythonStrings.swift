/// Decoding of Python string literals (escapes as the Python compiler applies them).
enum PyStringDecoder {
    /// Appends the decoded UTF-8 bytes of one string token to `out`. When `map` is given, it gets,
    /// for every appended byte, the file offset of the source character (or escape) that produced it.
    static func decode(_ bytes: [UInt8], token: PyToken, into out: inout [UInt8], map: inout [Int], withMap: Bool) {
        let start = token.contentStart
        let end = max(start, token.contentEnd)
        let raw = token.flags & PyStringFlag.raw != 0
        let isBytes = token.flags & PyStringFlag.bytes != 0
        var j = start
        @inline(__always) func emit(_ byte: UInt8, _ from: Int) {
            out.append(byte)
            if withMap { map.append(from) }
        }
        func emitScalar(_ value: UInt32, _ from: Int) {
            let v = Unicode.Scalar(value) ?? "\u{FFFD}"
            let before = out.count
            out.append(contentsOf: String(v).utf8)
            if withMap { for _ in before..<out.count { map.append(from) } }
        }
        func hexValue(_ c: UInt8) -> UInt32? {
            switch c {
            case 0x30...0x39: return UInt32(c - 0x30)
            case 0x61...0x66: return UInt32(c - 0x61 + 10)
            case 0x41...0x46: return UInt32(c - 0x41 + 10)
            default: return nil
            }
        }
        func hex(_ from: Int, _ count: Int) -> UInt32? {
            guard from + count <= end else { return nil }
            var v: UInt32 = 0
            for k in from..<from + count {
                guard let d = hexValue(bytes[k]) else { return nil }
                v = v << 4 | d
            }
            return v
        }
        let format = token.flags & PyStringFlag.format != 0
        while j < end {
            let c = bytes[j]
            if format, c == 0x7B || c == 0x7D, j + 1 < end, bytes[j + 1] == c {
                emit(c, j)
                j += 2
                continue
            }
            if c != 0x5C || raw || j + 1 >= end {
                emit(c, j)
                j += 1
                continue
            }
            let e = bytes[j + 1]
            let from = j
            switch e {
            case 0x0A:
                j += 2
            case 0x0D:
                j += 2
                if j < end, bytes[j] == 0x0A { j += 1 }
            case 0x5C, 0x27, 0x22:
                emit(e, from); j += 2
            case 0x61: emit(0x07, from); j += 2
            case 0x62: emit(0x08, from); j += 2
            case 0x66: emit(0x0C, from); j += 2
            case 0x6E: emit(0x0A, from); j += 2
            case 0x72: emit(0x0D, from); j += 2
            case 0x74: emit(0x09, from); j += 2
            case 0x76: emit(0x0B, from); j += 2
            case 0x30...0x37:
                var v: UInt32 = 0
                var k = j + 1
                while k < end, k < j + 4, bytes[k] >= 0x30, bytes[k] <= 0x37 {
                    v = v * 8 + UInt32(bytes[k] - 0x30)
                    k += 1
                }
                if isBytes { emitScalar(v & 0xFF, from) } else { emitScalar(v, from) }
                j = k
            case 0x78, 0x75 where !isBytes, 0x55 where !isBytes:
                // \xHH, \uHHHH, \UHHHHHHHH (the last two only in str literals).
                let digits = e == 0x78 ? 2 : (e == 0x75 ? 4 : 8)
                if let v = hex(j + 2, digits) {
                    emitScalar(v, from)
                    j += 2 + digits
                } else {
                    emit(c, j); j += 1
                }
            default:
                // Unknown escapes (and \N{...}, whose name table is not available) stay as written.
                emit(c, j)
                j += 1
            }
        }
    }

    /// Decodes one string token.
    static func string(_ bytes: [UInt8], token t: PyToken) -> String {
        let start = t.contentStart, end = max(start, t.contentEnd)
        if t.flags & PyStringFlag.format == 0, t.flags & PyStringFlag.raw != 0 || !bytes[start..<end].contains(0x5C) {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var out: [UInt8] = []
        var map: [Int] = []
        decode(bytes, token: t, into: &out, map: &map, withMap: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes adjacent string tokens (implicit concatenation) into one Swift string.
    static func string(_ bytes: [UInt8], tokens: [PyToken]) -> String {
        if tokens.count == 1 {
            let t = tokens[0]
            let start = t.contentStart, end = max(start, t.contentEnd)
            if t.flags & PyStringFlag.format == 0, t.flags & PyStringFlag.raw != 0 || !bytes[start..<end].contains(0x5C) {
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
        }
        var out: [UInt8] = []
        var map: [Int] = []
        for t in tokens { decode(bytes, token: t, into: &out, map: &map, withMap: false) }
        return String(decoding: out, as: UTF8.self)
    }
}
