/// `json.loads` of a known string (building the same values Python's json module would) and a
/// small `json.dumps`.
struct PyJSONReader {
    struct Failure: Error { var message: String }
    let run: PyRun
    let text: [UInt8]
    let range: SourceRange
    /// Ranges inside the string literal the text was written as, when known.
    let positions: ((Int, Int) -> SourceRange)?
    var i = 0

    init(run: PyRun, text: [UInt8], range: SourceRange, positions: ((Int, Int) -> SourceRange)? = nil) {
        self.run = run
        self.text = text
        self.range = range
        self.positions = positions
    }

    mutating func document() throws -> PyBox {
        let v = try value(depth: 0)
        skip()
        guard i == text.count else { throw Failure(message: "extra data") }
        return v
    }

    mutating func skip() { while i < text.count, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x0A || text[i] == 0x0D { i += 1 } }

    /// A value that started at decoded offset `start` and ends where the reader is now.
    func box(_ v: PyValue, _ start: Int) -> PyBox { PyBox(value: v, range: positions?(start, i) ?? range) }

    mutating func value(depth: Int) throws -> PyBox {
        guard depth < 300 else { throw Failure(message: "nested too deeply") }
        try run.step(range)
        skip()
        guard i < text.count else { throw Failure(message: "expecting value") }
        let start = i
        switch text[i] {
        case 0x7B:
            i += 1
            let d = PyDictObject()
            skip()
            if i < text.count, text[i] == 0x7D { i += 1; return box(.dict(d), start) }
            while true {
                skip()
                guard i < text.count, text[i] == 0x22 else { throw Failure(message: "expecting property name") }
                let keyStart = i
                let k = try string()
                let keyBox = box(.str(k), keyStart)
                skip()
                guard i < text.count, text[i] == 0x3A else { throw Failure(message: "expecting ':'") }
                i += 1
                let v = try value(depth: depth + 1)
                d.set(.str(k), keyBox: keyBox, value: v)
                try run.checkSize(d.count, range)
                skip()
                guard i < text.count else { throw Failure(message: "unterminated object") }
                if text[i] == 0x2C { i += 1; continue }
                if text[i] == 0x7D { i += 1; return box(.dict(d), start) }
                throw Failure(message: "expecting ',' delimiter")
            }
        case 0x5B:
            i += 1
            var items: [PyBox] = []
            skip()
            if i < text.count, text[i] == 0x5D { i += 1; return box(.list(PyListObject(items)), start) }
            while true {
                items.append(try value(depth: depth + 1))
                try run.checkSize(items.count, range)
                skip()
                guard i < text.count else { throw Failure(message: "unterminated array") }
                if text[i] == 0x2C { i += 1; continue }
                if text[i] == 0x5D { i += 1; return box(.list(PyListObject(items)), start) }
                throw Failure(message: "expecting ',' delimiter")
            }
        case 0x22:
            return box(.str(try string()), start)
        default:
            for (word, v) in [("true", PyValue.bool(true)), ("false", .bool(false)), ("null", .none),
                              ("NaN", .float(.nan)), ("Infinity", .float(.infinity)), ("-Infinity", .float(-.infinity))] {
                let w = Array(word.utf8)
                if i + w.count <= text.count, Array(text[i..<i + w.count]) == w { i += w.count; return box(v, start) }
            }
            let start = i
            if i < text.count, text[i] == 0x2D { i += 1 }
            var isFloat = false
            while i < text.count {
                let c = text[i]
                if c >= 0x30 && c <= 0x39 { i += 1 } else if c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D { isFloat = true; i += 1 } else { break }
            }
            let s = String(decoding: text[start..<i], as: UTF8.self)
            guard !s.isEmpty, s != "-" else { throw Failure(message: "expecting value") }
            if !isFloat {
                if let n = Int(s) { return box(.int(n), start) }
                return run.tooLarge(range)
            }
            guard let d = Double(s) else { throw Failure(message: "invalid number") }
            return box(.float(d), start)
        }
    }

    mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < text.count {
            let c = text[i]
            if c == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
            if c < 0x20 { throw Failure(message: "invalid control character") }
            if c == 0x5C {
                guard i + 1 < text.count else { break }
                let e = text[i + 1]
                i += 2
                switch e {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var u = hex4() else { throw Failure(message: "invalid \\uXXXX escape") }
                    if u >= 0xD800, u < 0xDC00, i + 1 < text.count, text[i] == 0x5C, text[i + 1] == 0x75 {
                        i += 2
                        guard let lo = hex4(), lo >= 0xDC00, lo < 0xE000 else { throw Failure(message: "invalid surrogate") }
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    out.append(contentsOf: String(Unicode.Scalar(u) ?? "\u{FFFD}").utf8)
                default: throw Failure(message: "invalid escape")
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw Failure(message: "unterminated string")
    }

    mutating func hex4() -> UInt32? {
        guard i + 4 <= text.count else { return nil }
        guard let v = UInt32(String(decoding: text[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
        i += 4
        return v
    }
}

enum PyJSONWriter {
    static func dumps(_ run: PyRun, _ v: PyBox, indent: Int?, sortKeys: Bool, _ r: SourceRange) throws -> String {
        var out = ""
        try write(run, v.value, indent: indent, level: 0, sortKeys: sortKeys, &out, r)
        return out
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 || c.value >= 0x7F {
                    // ensure_ascii (the default) escapes everything outside ASCII as UTF-16.
                    if c.value > 0xFFFF {
                        let v = c.value - 0x10000
                        out += "\\u" + PyFormatting.pad(String(0xD800 + (v >> 10), radix: 16), 4) + "\\u" + PyFormatting.pad(String(0xDC00 + (v & 0x3FF), radix: 16), 4)
                    } else {
                        out += "\\u" + PyFormatting.pad(String(c.value, radix: 16), 4)
                    }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    static func write(_ run: PyRun, _ v: PyValue, indent: Int?, level: Int, sortKeys: Bool, _ out: inout String, _ r: SourceRange) throws {
        guard level < 200 else { throw run.raise("ValueError", "Circular reference detected", r) }
        try run.step(r)
        let nl = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
        let close = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let sep = indent == nil ? ", " : ","
        switch v {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += d.isNaN ? "NaN" : (d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : PyFormatting.floatRepr(d))
        case .str(let s): out += jsonString(s)
        case .list, .tuple:
            let items: [PyBox]
            if case .list(let l) = v {
                if let t = l.tainted { throw PyUnknownValue(reason: t) }
                items = l.items
            } else if case .tuple(let t) = v { items = t } else { items = [] }
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (k, i) in items.enumerated() {
                if k > 0 { out += sep }
                out += nl ?? ""
                try write(run, i.value, indent: indent, level: level + 1, sortKeys: sortKeys, &out, r)
            }
            out += close + "]"
        case .dict(let d):
            if let t = d.partial { throw PyUnknownValue(reason: t) }
            if d.count == 0 { out += "{}"; return }
            var entries: [(String, PyBox)] = []
            for e in d.entries {
                switch e.key.value {
                case .str(let s): entries.append((s, e.value))
                case .int(let i): entries.append((String(i), e.value))
                case .bool(let b): entries.append((b ? "true" : "false", e.value))
                case .none: entries.append(("null", e.value))
                case .float(let f): entries.append((PyFormatting.floatRepr(f), e.value))
                default: throw run.raise("TypeError", "keys must be str, int, float, bool or None", r)
                }
            }
            if sortKeys { entries.sort { PyRun.scalarCompare($0.0, $1.0) < 0 } }
            out += "{"
            for (k, e) in entries.enumerated() {
                if k > 0 { out += sep }
                out += nl ?? ""
                out += jsonString(e.0) + ": "
                try write(run, e.1.value, indent: indent, level: level + 1, sortKeys: sortKeys, &out, r)
            }
            out += close + "}"
        case .dynamic(let reason):
            throw PyUnknownValue(reason: reason)
        default:
            throw run.raise("TypeError", "Object of type \(v.typeName) is not JSON serializable", r)
        }
        try run.checkString(out, r)
    }
}

/// The file a module was parsed from: lets values decoded from a string literal point inside it.
struct PySource: Sendable {
    let bytes: [UInt8]
    let lines: LineIndex
}

extension PyRun {
    /// For `json.loads(<literal>)`: maps a range of the decoded text to the file, when `argument` is
    /// the value of plain string literals (one or an implicit concatenation) that decode to `text`.
    func literalPositions(of argument: PyBox, text: String) -> ((Int, Int) -> SourceRange)? {
        guard let source else { return nil }
        let r = argument.range
        guard r.start.offset < r.end.offset, r.end.offset <= source.bytes.count else { return nil }
        var lexer = PyLexer(bytes: source.bytes, fieldFrom: r.start, to: r.end.offset)
        var decoded: [UInt8] = []
        var map: [Int] = []
        var last: PyToken?
        while true {
            let t = lexer.next()
            if t.kind == .end { break }
            guard t.kind == .string, t.flags & (PyStringFlag.bytes | PyStringFlag.format) == 0 else { return nil }
            PyStringDecoder.decode(source.bytes, token: t, into: &decoded, map: &map, withMap: true)
            last = t
        }
        guard lexer.error == nil, let last, decoded.elementsEqual(text.utf8) else { return nil }
        map.append(last.contentEnd)
        let lines = source.lines
        return { a, b in
            SourceRange(start: lines.position(ofOffset: map[max(0, min(a, map.count - 1))]),
                        end: lines.position(ofOffset: map[max(0, min(b, map.count - 1))]))
        }
    }
}
