import CJansson

/// Reads a JSON config the way RETURNN's `load_json` does: comments removed (`//` to the end of the
/// line, `/* */`, never inside strings), then a strict JSON parse.
///
/// libjansson parses every config: it decides what is valid and says where a broken file stops.
/// For what it accepts, two readers give the same tree: `JSONDirectParser` builds the common case
/// (no repeated key) in one pass with every key's and value's range; whatever it does not mirror
/// exactly makes it give up, and a position scan pairs jansson's decoded values with their ranges,
/// repeated keys included. A differential test checks that both trees are identical.
public enum JSONFrontEnd {
    public static func parse(file: String, bytes: [UInt8]) -> ConfigDocument {
        let lines = LineIndex(bytes: bytes)
        let stripped = removeComments(bytes)
        // libjansson is the judge of what is valid JSON (and where a broken file stops); the direct
        // reader only builds the positioned tree of what jansson accepted, in one pass.
        guard janssonAccepts(stripped) else {
            return parseWithJansson(file: file, stripped: stripped, original: bytes, lines: lines)
        }
        var parser = JSONDirectParser(bytes: bytes)
        if let root = try? parser.document() {
            return document(file: file, root: root, duplicateKeys: [], lines: lines)
        }
        return parseWithJansson(file: file, stripped: stripped, original: bytes, lines: lines)
    }

    static func janssonAccepts(_ stripped: [UInt8]) -> Bool {
        var error = json_error_t()
        let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL)
        let parsed: UnsafeMutablePointer<json_t>? = stripped.withUnsafeBytes { raw in
            json_loadb(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, flags, &error)
        }
        guard let json = parsed else { return false }
        pl_json_decref(json)
        return true
    }

    /// The jansson path alone (the tests compare it with `parse`).
    static func parseWithJansson(file: String, bytes: [UInt8]) -> ConfigDocument {
        parseWithJansson(file: file, stripped: removeComments(bytes), original: bytes, lines: LineIndex(bytes: bytes))
    }

    private static func parseWithJansson(file: String, stripped: [UInt8], original bytes: [UInt8],
                                         lines: LineIndex) -> ConfigDocument {
        var error = json_error_t()
        let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL)
        let parsed: UnsafeMutablePointer<json_t>? = stripped.withUnsafeBytes { raw in
            json_loadb(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, flags, &error)
        }
        guard let json = parsed else {
            let message = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // jansson's position is just past the token it rejected; point at that token.
            let errorPosition = Int(error.position)
            var offset = max(0, errorPosition - 1)
            if errorPosition >= stripped.count { offset = stripped.count }
            while offset > 0, offset < stripped.count, isSpace(stripped[offset]) { offset -= 1 }
            offset = tokenStart(endingAt: offset, in: stripped)
            return ConfigDocument(file: file, format: .json, root: nil,
                                  syntaxError: ConfigSyntaxError(message: "invalid JSON: \(message)",
                                                                 position: lines.position(ofOffset: offset)),
                                  lines: lines)
        }
        defer { pl_json_decref(json) }

        var scanner = Scanner(bytes: stripped, original: bytes)
        scanner.skipSpace()
        let root = scanner.value(json: json, pointer: .root)
        return document(file: file, root: root, duplicateKeys: scanner.duplicates, lines: lines)
    }

    private static func document(file: String, root: ConfigNode?, duplicateKeys: [DuplicateKey],
                                 lines: LineIndex) -> ConfigDocument {
        var document = ConfigDocument(file: file, format: .json, root: root, syntaxError: nil,
                                      duplicateKeys: duplicateKeys, lines: lines)
        if let root, root.members == nil {
            document.syntaxError = ConfigSyntaxError(
                message: "the top level of a RETURNN JSON config must be an object, not \(root.pythonTypeName)",
                position: root.range.start)
            document.root = nil
        }
        return document
    }

    /// Blanks out comments byte for byte (newlines kept), so every offset, line and column of the
    /// remaining text stays what it was in the file.
    public static func removeComments(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                while i < n, bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i += 1
            } else if b == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "/") {
                while i < n, bytes[i] != UInt8(ascii: "\n") {
                    out[i] = UInt8(ascii: " ")
                    i += 1
                }
            } else if b == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "*") {
                // An unterminated block comment runs to the end, as in RETURNN's tokenizer.
                out[i] = UInt8(ascii: " "); out[i + 1] = UInt8(ascii: " ")
                i += 2
                while i < n, !(bytes[i] == UInt8(ascii: "*") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] != UInt8(ascii: "\n") { out[i] = UInt8(ascii: " ") }
                    i += 1
                }
                if i < n { out[i] = UInt8(ascii: " "); i += 1 }
                if i < n { out[i] = UInt8(ascii: " "); i += 1 }
            } else {
                i += 1
            }
        }
        return out
    }

    /// jansson reports the offset just past the token it rejected; walk back to where it starts.
    static func tokenStart(endingAt offset: Int, in bytes: [UInt8]) -> Int {
        guard offset < bytes.count, offset > 0 else { return offset }
        if bytes[offset] == UInt8(ascii: "\"") {
            var i = offset - 1
            while i >= 0 {
                if bytes[i] == UInt8(ascii: "\""), i == 0 || bytes[i - 1] != UInt8(ascii: "\\") { return i }
                if bytes[i] == UInt8(ascii: "\n") { break }
                i -= 1
            }
            return offset
        }
        func isWord(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2B || b == 0x2D
        }
        guard isWord(bytes[offset]) else { return offset }
        var i = offset
        while i > 0, isWord(bytes[i - 1]) { i -= 1 }
        return i
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Walks text that jansson has already accepted, so it never has to report errors; it only
    /// tracks positions (line and Unicode column incrementally) and pairs each value with jansson's node.
    struct Scanner {
        let bytes: [UInt8]
        let original: [UInt8]
        var offset = 0
        var line = 1
        var column = 1
        var duplicates: [DuplicateKey] = []

        init(bytes: [UInt8], original: [UInt8]) {
            self.bytes = bytes
            self.original = original
        }

        var position: SourcePosition { SourcePosition(line: line, column: column, offset: offset) }

        mutating func advance() {
            let b = original[offset]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }

        mutating func skipSpace() {
            while offset < bytes.count, JSONFrontEnd.isSpace(bytes[offset]) { advance() }
        }

        mutating func skipValue() {
            var depth = 0
            while offset < bytes.count {
                let c = bytes[offset]
                if c == UInt8(ascii: "\"") {
                    _ = skipString()
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    depth += 1
                    advance()
                } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    if depth == 0 { return }
                    depth -= 1
                    advance()
                } else if c == UInt8(ascii: ","), depth == 0 {
                    return
                } else {
                    advance()
                }
                if depth == 0, offset < bytes.count, bytes[offset] == UInt8(ascii: ",") || JSONFrontEnd.isSpace(bytes[offset]) {
                    return
                }
            }
        }

        /// Skips a string token; returns its raw bytes between the quotes.
        mutating func skipString() -> ArraySlice<UInt8> {
            advance()  // opening quote
            let start = offset
            while offset < bytes.count, bytes[offset] != UInt8(ascii: "\"") {
                if bytes[offset] == UInt8(ascii: "\\") { advance() }
                advance()
            }
            let raw = bytes[start..<min(offset, bytes.count)]
            if offset < bytes.count { advance() }  // closing quote
            return raw
        }

        mutating func value(json: UnsafeMutablePointer<json_t>?, pointer: JSONPointer) -> ConfigNode? {
            guard offset < bytes.count else { return nil }
            guard let json else {
                // Only the earlier occurrence of a repeated key has no node of its own in jansson's
                // tree (jansson keeps the last); step over it so the scan stays aligned.
                skipValue()
                return nil
            }
            let start = position
            let b = bytes[offset]
            let value: ConfigValue
            switch b {
            case UInt8(ascii: "{"):
                advance()
                var members: [ConfigMember] = []
                var indexByKey: [String: Int] = [:]
                skipSpace()
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "}") {
                    let keyStart = position
                    let raw = skipString()
                    let keyRange = SourceRange(start: keyStart, end: position)
                    let key = JSONFrontEnd.decodeString(raw)
                    skipSpace()
                    advance()  // colon
                    skipSpace()
                    let child = key.withCString { json_object_get(json, $0) }
                    let childNode = self.value(json: child, pointer: pointer.appending(key))
                    skipSpace()
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") { advance(); skipSpace() }
                    guard let childNode else { continue }
                    let member = ConfigMember(key: key, keyRange: keyRange, node: childNode)
                    if let existing = indexByKey[key] {
                        duplicates.append(DuplicateKey(objectPointer: pointer, key: key,
                                                       firstKeyRange: members[existing].keyRange,
                                                       laterKeyRange: keyRange))
                        members[existing] = member
                    } else {
                        indexByKey[key] = members.count
                        members.append(member)
                    }
                }
                if offset < bytes.count { advance() }
                value = .object(members)
            case UInt8(ascii: "["):
                advance()
                var elements: [ConfigNode] = []
                skipSpace()
                var index = 0
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "]") {
                    let child = json_array_get(json, index)
                    if let node = self.value(json: child, pointer: pointer.appending(index)) { elements.append(node) }
                    index += 1
                    skipSpace()
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") { advance(); skipSpace() }
                }
                if offset < bytes.count { advance() }
                value = .array(elements)
            case UInt8(ascii: "\""):
                _ = skipString()
                let length = json_string_length(json)
                if let chars = json_string_value(json) {
                    value = .string(chars.withMemoryRebound(to: UInt8.self, capacity: length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    })
                } else {
                    value = .string("")
                }
            default:
                // A literal or a number: runs until a structural character or space.
                while offset < bytes.count {
                    let c = bytes[offset]
                    if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || JSONFrontEnd.isSpace(c) { break }
                    advance()
                }
                switch pl_json_typeof(json) {
                case JSON_TRUE: value = .bool(true)
                case JSON_FALSE: value = .bool(false)
                case JSON_INTEGER: value = .int(Int(json_integer_value(json)))
                case JSON_REAL: value = .double(json_real_value(json))
                default: value = .null
                }
            }
            return ConfigNode(value: value, pointer: pointer, range: SourceRange(start: start, end: position))
        }
    }

    /// Decodes the bytes between a JSON string's quotes (already validated by jansson).
    static func decodeString(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            if !utf8.isEmpty { scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars); utf8.removeAll() }
        }
        var i = raw.startIndex
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.endIndex else { return nil }
            return UInt32(String(decoding: raw[at..<at + 4], as: UTF8.self), radix: 16)
        }
        while i < raw.endIndex {
            let b = raw[i]
            guard b == UInt8(ascii: "\\"), i + 1 < raw.endIndex else { utf8.append(b); i += 1; continue }
            flush()
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "u"):
                guard var code = hex4(i) else { continue }
                i += 4
                if (0xD800..<0xDC00).contains(code), i + 6 <= raw.endIndex, raw[i] == UInt8(ascii: "\\"),
                   raw[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: scalars.append(Unicode.Scalar(e))
            }
        }
        flush()
        return String(scalars)
    }
}
