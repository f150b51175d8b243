/// The JSON front end's fast path: reads JSON with comments straight into the tree, with every value's pointer and range and
/// every key's range, in one pass over the bytes. Comments count as space, exactly where
/// `removeComments` would blank them out (so the text needs no stripped copy).
///
/// It accepts only input it reads exactly as the jansson path does, and gives up on the rest,
/// which the jansson path then reads (with jansson's error message for a broken file):
/// - anything jansson rejects: syntax errors, control characters or invalid UTF-8 in strings,
///   invalid escapes and unpaired surrogates, a NUL in a key, an integer beyond 64 bits (given
///   up from 19 digits on), a real that overflows;
/// - a repeated key: the jansson path reports it (CF002) and keeps the last value;
/// - nesting deeper than `maxDepth`, so that this recursion stays shallow.
struct JSONDirectParser {
    struct GiveUp: Error {}

    /// The file as read (columns count its Unicode scalars).
    let bytes: [UInt8]
    var offset = 0
    var line = 1
    var lineStart = 0
    /// UTF-8 continuation bytes between `lineStart` and `offset`: they add no column.
    var continuationBytes = 0
    /// The size of the last object and array read at each depth. A large config repeats the
    /// same shape (thousands of layer dicts of a few options each): reserving what the sibling
    /// before needed gives most containers the right size at once, instead of growing (and
    /// copying) their arrays as they fill and leaving the last growth unused.
    var objectSizes: [Int] = []
    var arraySizes: [Int] = []

    /// The size hint for a container at `depth`, and a place to remember its actual size.
    static func hint(_ sizes: inout [Int], depth: Int) -> Int {
        while sizes.count <= depth { sizes.append(0) }
        return sizes[depth]
    }

    static let maxDepth = 512

    /// Short strings read so far, with their bytes (as two words and a length), hashed by
    /// length and first and last byte: the option names and values of a large network repeat
    /// thousands of times, and a string found here needs no decoding.
    var recentStrings = [(words: (UInt64, UInt64), count: Int, string: String)](
        repeating: ((0, 0), 0, ""), count: 256)

    /// The string of 1 to 15 ASCII bytes (no escapes).
    mutating func recentString(_ raw: ArraySlice<UInt8>) -> String {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { words in raw.withUnsafeBytes { words.copyMemory(from: $0) } }
        let slot = (raw.count &* 31 &+ Int(raw[raw.startIndex]) &* 7 &+ Int(raw[raw.endIndex - 1])) & 255
        if recentStrings[slot].count == raw.count, recentStrings[slot].words == words { return recentStrings[slot].string }
        let string = String(decoding: raw, as: UTF8.self)
        recentStrings[slot] = (words, raw.count, string)
        return string
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The whole text: one value, nothing but space after it.
    mutating func document() throws(GiveUp) -> ConfigNode {
        skipSpace()
        let root = try value(pointer: .root, depth: 1)
        skipSpace()
        guard offset == bytes.count else { throw GiveUp() }
        return root
    }

    var position: SourcePosition {
        SourcePosition(line: line, column: offset - lineStart - continuationBytes + 1, offset: offset)
    }

    /// JSON's space (as jansson's: blanks, tabs, newlines, carriage returns) and comments:
    /// `//` to the end of the line, `/* */` (an unterminated one runs to the end).
    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: "\n"):
                newLine()
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "/") where startsComment():
                skipComment()
                continue
            default:
                return
            }
            offset += 1
        }
    }

    mutating func newLine() {
        line += 1
        lineStart = offset + 1
        continuationBytes = 0
    }

    func startsComment() -> Bool {
        offset + 1 < bytes.count && (bytes[offset + 1] == UInt8(ascii: "/") || bytes[offset + 1] == UInt8(ascii: "*"))
    }

    /// Steps over the comment at `offset`, keeping lines and columns (comments may hold any text).
    mutating func skipComment() {
        let block = bytes[offset + 1] == UInt8(ascii: "*")
        offset += 2
        while offset < bytes.count {
            let b = bytes[offset]
            if block {
                if b == UInt8(ascii: "*"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "/") {
                    offset += 2
                    return
                }
            } else if b == UInt8(ascii: "\n") {
                return  // the newline is space
            }
            if b == UInt8(ascii: "\n") {
                newLine()
            } else if b & 0xC0 == 0x80 {
                continuationBytes += 1
            }
            offset += 1
        }
    }

    /// What may follow a scalar token (a number or a literal).
    func atValueEnd() -> Bool {
        guard offset < bytes.count else { return true }
        switch bytes[offset] {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: " "), UInt8(ascii: "\n"),
             UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            return true
        case UInt8(ascii: "/"):
            return startsComment()
        default:
            return false
        }
    }

    mutating func value(pointer: JSONPointer, depth: Int) throws(GiveUp) -> ConfigNode {
        guard depth <= Self.maxDepth, offset < bytes.count else { throw GiveUp() }
        let start = position
        let value: ConfigValue
        switch bytes[offset] {
        case UInt8(ascii: "{"): value = .object(try members(pointer: pointer, depth: depth))
        case UInt8(ascii: "["): value = .array(try elements(pointer: pointer, depth: depth))
        case UInt8(ascii: "\""): value = .string(try string())
        case UInt8(ascii: "t"): try literal("true"); value = .bool(true)
        case UInt8(ascii: "f"): try literal("false"); value = .bool(false)
        case UInt8(ascii: "n"): try literal("null"); value = .null
        default: value = try number()
        }
        return ConfigNode(value: value, pointer: pointer, range: SourceRange(start: start, end: position))
    }

    mutating func members(pointer: JSONPointer, depth: Int) throws(GiveUp) -> [ConfigMember] {
        offset += 1  // {
        skipSpace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return []
        }
        var members: [ConfigMember] = []
        members.reserveCapacity(Self.hint(&objectSizes, depth: depth))
        // Keys seen, once the object is too large to look through its members.
        var keys: Set<String> = []
        let chain = pointer.chain  // shared by the members' pointers
        while true {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw GiveUp() }
            let keyStart = position
            let key = try string()
            let keyRange = SourceRange(start: keyStart, end: position)
            if key.utf8.contains(0) { throw GiveUp() }  // jansson: "NUL byte in object key not supported"
            if members.count < 16 {
                if members.contains(where: { $0.key == key }) { throw GiveUp() }
            } else {
                if keys.isEmpty {
                    keys.reserveCapacity(members.capacity)
                    for m in members { keys.insert(m.key) }
                }
                if !keys.insert(key).inserted { throw GiveUp() }
            }
            skipSpace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw GiveUp() }
            offset += 1
            skipSpace()
            let node = try value(pointer: JSONPointer(below: chain, token: key), depth: depth + 1)
            members.append(ConfigMember(key: key, keyRange: keyRange, node: node))
            skipSpace()
            guard offset < bytes.count else { throw GiveUp() }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
                skipSpace()
            case UInt8(ascii: "}"):
                offset += 1
                objectSizes[depth] = members.count
                return members
            default:
                throw GiveUp()
            }
        }
    }

    mutating func elements(pointer: JSONPointer, depth: Int) throws(GiveUp) -> [ConfigNode] {
        offset += 1  // [
        skipSpace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return []
        }
        var elements: [ConfigNode] = []
        elements.reserveCapacity(Self.hint(&arraySizes, depth: depth))
        let chain = pointer.chain  // shared by the elements' pointers
        while true {
            elements.append(try value(pointer: JSONPointer(below: chain, token: String(elements.count)), depth: depth + 1))
            skipSpace()
            guard offset < bytes.count else { throw GiveUp() }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
                skipSpace()
            case UInt8(ascii: "]"):
                offset += 1
                arraySizes[depth] = elements.count
                return elements
            default:
                throw GiveUp()
            }
        }
    }

    mutating func literal(_ word: String) throws(GiveUp) {
        for expected in word.utf8 {
            guard offset < bytes.count, bytes[offset] == expected else { throw GiveUp() }
            offset += 1
        }
        guard atValueEnd() else { throw GiveUp() }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }

    /// JSON's number grammar; an integer stays an integer (jansson's `JSON_INTEGER`).
    mutating func number() throws(GiveUp) -> ConfigValue {
        let start = offset
        let negative = bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw GiveUp() }
        if bytes[offset] == UInt8(ascii: "0") { offset += 1 } else { skipDigits() }
        let integerEnd = offset
        var isReal = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isReal = true
            offset += 1
            guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw GiveUp() }
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isReal = true
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw GiveUp() }
            skipDigits()
        }
        guard atValueEnd() else { throw GiveUp() }
        if !isReal {
            let digits = bytes[(negative ? start + 1 : start)..<integerEnd]
            // 18 digits always fit in 64 bits; longer ones are for jansson to accept or reject.
            guard digits.count <= 18 else { throw GiveUp() }
            var value = 0
            for d in digits { value = value * 10 + Int(d - UInt8(ascii: "0")) }
            return .int(negative ? -value : value)
        }
        // Correctly rounded, as jansson's strtod; an overflow is jansson's error to report.
        if let value = Self.exactDouble(bytes[start..<offset]) { return .double(value) }
        guard let value = Double(String(decoding: bytes[start..<offset], as: UTF8.self)), value.isFinite
        else { throw GiveUp() }
        return .double(value)
    }

    /// The powers of ten a double holds exactly.
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// A real written with few digits (`0.1`, `1e-4`, `2.5`), without the detour through a
    /// string and strtod: when the digits form an integer w ≤ 2⁵³ and the decimal exponent k is
    /// at most 22 either way, w and 10^|k| are exact doubles, and one IEEE multiplication or
    /// division rounds w·10^k correctly, which is what strtod returns (Clinger's fast path).
    /// nil for any other real (the caller then uses the general conversion).
    static func exactDouble(_ token: ArraySlice<UInt8>) -> Double? {
        var i = token.startIndex
        let negative = token[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var significand: UInt64 = 0
        var digits = 0  // significant digits, leading zeros not counted
        var exponent = 0
        var inFraction = false
        while i < token.endIndex {
            let b = token[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if isDigit(b) {
                if significand != 0 || b != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 19 else { return nil }
                significand = significand * 10 + UInt64(b - UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            } else {
                break  // the exponent
            }
            i += 1
        }
        if i < token.endIndex {  // e/E, a sign, digits
            i += 1
            var sign = 1
            if token[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if token[i] == UInt8(ascii: "+") { i += 1 }
            guard token.endIndex - i <= 4 else { return nil }
            var written = 0
            while i < token.endIndex { written = written * 10 + Int(token[i] - UInt8(ascii: "0")); i += 1 }
            exponent += sign * written
        }
        guard significand <= 1 << 53, abs(exponent) <= 22 else { return nil }
        let w = Double(significand)
        let value = exponent >= 0 ? w * exactPowersOfTen[exponent] : w / exactPowersOfTen[-exponent]
        return negative ? -value : value
    }

    /// A string token, checked as jansson checks it, decoded.
    mutating func string() throws(GiveUp) -> String {
        offset += 1  // opening quote
        let start = offset
        var escaped = false
        var nonASCII = false
        while true {
            guard offset < bytes.count else { throw GiveUp() }
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw GiveUp() }  // a control character, raw newlines included
            if b == UInt8(ascii: "\\") {
                escaped = true
                guard offset + 1 < bytes.count else { throw GiveUp() }
                switch bytes[offset + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 2
                case UInt8(ascii: "u"):
                    guard offset + 6 <= bytes.count, (offset + 2..<offset + 6).allSatisfy({ Self.hexValue(bytes[$0]) != nil })
                    else { throw GiveUp() }
                    offset += 6
                default:
                    throw GiveUp()
                }
                continue
            }
            if b >= 0x80 {
                nonASCII = true
                if b & 0xC0 == 0x80 { continuationBytes += 1 }
            }
            offset += 1
        }
        let raw = bytes[start..<offset]
        offset += 1  // closing quote
        if nonASCII, String(validating: raw, as: UTF8.self) == nil { throw GiveUp() }
        if !escaped, !nonASCII, !raw.isEmpty, raw.count <= 15 { return recentString(raw) }
        guard escaped else { return String(decoding: raw, as: UTF8.self) }
        guard let decoded = Self.unescape(raw) else { throw GiveUp() }
        return decoded
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Decodes a string body whose escapes are well-formed; nil for an unpaired surrogate
    /// (jansson: "invalid Unicode").
    static func unescape(_ raw: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.endIndex else { return nil }
            var v: UInt32 = 0
            for i in at..<at + 4 {
                guard let h = hexValue(raw[i]) else { return nil }
                v = v << 4 | h
            }
            return v
        }
        var i = raw.startIndex
        while i < raw.endIndex {
            let b = raw[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < raw.endIndex else { return nil }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4(i) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(code) {
                    guard i + 6 <= raw.endIndex, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(i + 2), (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00..<0xE000).contains(code) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                UTF8.encode(scalar) { out.append($0) }
            default:  // `"`, `\`, `/`
                out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
