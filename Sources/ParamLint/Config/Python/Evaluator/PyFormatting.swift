#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thrown while producing text from a value that contains something unknown; the text as a whole
/// is then dynamic with the first unknown part's reason.
struct PyUnknownValue: Error {
    var reason: PyDynamicReason
}

/// `repr`/`str` exactly as CPython prints them (floats by the shortest round-trip repr), `%`
/// formatting, `str.format` and f-strings with the format-spec mini-language.
enum PyFormatting {
    // MARK: - repr / str

    /// CPython's `float.__repr__`: the shortest digits that round-trip, in positional notation
    /// for exponents -4 ..< 16 and scientific (`1e+16`, `1.5e-07`) otherwise.
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is also shortest round-trip; only its layout is re-done here.
        var text = Swift.abs(d).description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var intPart = text, frac = ""
        if let dot = text.firstIndex(of: ".") {
            intPart = String(text[..<dot])
            frac = String(text[text.index(after: dot)...])
        }
        var digits = intPart + frac
        var pointPos = intPart.count + exponent
        // Normalize: strip leading zeros (adjusting the point) and trailing zeros.
        while digits.first == "0", digits.count > 1 { digits.removeFirst(); pointPos -= 1 }
        while digits.last == "0", digits.count > 1 { digits.removeLast() }
        let decExp = pointPos - 1
        var out = d < 0 ? "-" : ""
        if decExp >= -5 + 1, decExp < 16 {
            if pointPos <= 0 {
                out += "0." + String(repeating: "0", count: -pointPos) + digits
            } else if pointPos >= digits.count {
                out += digits + String(repeating: "0", count: pointPos - digits.count) + ".0"
            } else {
                let i = digits.index(digits.startIndex, offsetBy: pointPos)
                out += digits[..<i] + "." + digits[i...]
            }
        } else {
            out += String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            out += "e" + (decExp < 0 ? "-" : "+") + (Swift.abs(decExp) < 10 ? "0" : "") + String(Swift.abs(decExp))
        }
        return out
    }

    static func reprString(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c == Unicode.Scalar(String(q)) { out += "\\" + String(q); continue }
                if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value <= 0xA0) || c.value == 0xAD {
                    out += "\\x" + hex2(c.value)
                } else if !isPrintable(c) {
                    out += c.value <= 0xFFFF ? "\\u" + pad(String(c.value, radix: 16), 4) : "\\U" + pad(String(c.value, radix: 16), 8)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out.append(q)
        return out
    }

    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
        case .spaceSeparator: return c == " "
        default: return true
        }
    }

    static func hex2(_ v: UInt32) -> String { pad(String(v, radix: 16), 2) }
    static func pad(_ s: String, _ n: Int) -> String { String(repeating: "0", count: max(0, n - s.count)) + s }

    static func reprBytes(_ b: [UInt8]) -> String {
        let useDouble = b.contains(0x27) && !b.contains(0x22)
        var out = useDouble ? "b\"" : "b'"
        for c in b {
            switch c {
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x27 where !useDouble: out += "\\'"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(c))
            default: out += "\\x" + hex2(UInt32(c))
            }
        }
        return out + (useDouble ? "\"" : "'")
    }

    static func repr(_ run: PyRun, _ v: PyValue, depth: Int, seen: inout [ObjectIdentifier]) throws -> String {
        if depth > 200 { throw PyUnknownValue(reason: PyDynamicReason(reason: "evaluation budget exceeded", range: .empty)) }
        try run.step(.empty)
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return floatRepr(d)
        case .str(let s): return reprString(s)
        case .bytes(let b): return reprBytes(b)
        case .list(let l):
            if let t = l.tainted { throw PyUnknownValue(reason: t) }
            if seen.contains(ObjectIdentifier(l)) { return "[...]" }
            seen.append(ObjectIdentifier(l)); defer { seen.removeLast() }
            return "[" + (try l.items.map { try repr(run, $0.value, depth: depth + 1, seen: &seen) }).joined(separator: ", ") + "]"
        case .tuple(let t):
            let parts = try t.map { try repr(run, $0.value, depth: depth + 1, seen: &seen) }
            return parts.count == 1 ? "(" + parts[0] + ",)" : "(" + parts.joined(separator: ", ") + ")"
        case .dict(let d):
            if let t = d.partial { throw PyUnknownValue(reason: t) }
            if seen.contains(ObjectIdentifier(d)) { return "{...}" }
            seen.append(ObjectIdentifier(d)); defer { seen.removeLast() }
            var parts: [String] = []
            for e in d.entries {
                parts.append(try repr(run, e.key.value, depth: depth + 1, seen: &seen) + ": " + repr(run, e.value.value, depth: depth + 1, seen: &seen))
            }
            return "{" + parts.joined(separator: ", ") + "}"
        case .set(let s):
            if let t = s.tainted { throw PyUnknownValue(reason: t) }
            // CPython's set order depends on hashes; only the order-independent forms are known.
            if s.items.isEmpty { return s.frozen ? "frozenset()" : "set()" }
            if s.items.count == 1 {
                let inner = "{" + (try repr(run, s.items[0].value, depth: depth + 1, seen: &seen)) + "}"
                return s.frozen ? "frozenset(\(inner))" : inner
            }
            throw PyUnknownValue(reason: PyDynamicReason(reason: "the printed order of a set is not modelled", range: s.items[0].range))
        case .range(let a, let b, let c):
            return c == 1 ? "range(\(a), \(b))" : "range(\(a), \(b), \(c))"
        case .function(let f):
            throw PyUnknownValue(reason: PyDynamicReason(reason: "the text of function \(f.name) (it contains a memory address)", range: f.headerRange))
        case .builtin(let n):
            if PyBuiltins.exceptions.contains(n) || ["int", "str", "float", "bool", "list", "dict", "tuple", "set"].contains(n) {
                return "<class '\(n)'>"
            }
            throw PyUnknownValue(reason: PyDynamicReason(reason: "the text of a builtin function", range: .empty))
        case .boundMethod, .module:
            throw PyUnknownValue(reason: PyDynamicReason(reason: "the text of a \(v.typeName)", range: .empty))
        case .dynamic(let r):
            throw PyUnknownValue(reason: r)
        }
    }

    static func str(_ run: PyRun, _ v: PyValue) throws -> String {
        if case .str(let s) = v { return s }
        var seen: [ObjectIdentifier] = []
        return try repr(run, v, depth: 0, seen: &seen)
    }

    // MARK: - C formatting of doubles

    /// The C library's correctly rounded `%.<precision><type>` of `d` (no flags, no width).
    static func cFormat(_ d: Double, _ type: Character, precision: Int, alternate: Bool = false) -> String {
        let p = min(max(precision, 0), 500)
        let fmt = "%" + (alternate ? "#" : "") + ".*" + String(type)
        var buffer = [CChar](repeating: 0, count: 1100)
        let n = withVaList([Int32(p), d]) { va in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, fmt, va) }
        }
        if n >= buffer.count {
            return String(d)
        }
        return String(decoding: buffer.prefix(Int(max(0, n))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - The format-spec mini-language

    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var zero = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?
    }

    static func parseSpec(_ s: String) -> Spec? {
        var spec = Spec()
        let c = Array(s)
        var i = 0
        func isAlign(_ x: Character) -> Bool { x == "<" || x == ">" || x == "^" || x == "=" }
        if c.count >= 2, isAlign(c[1]) { spec.fill = c[0]; spec.align = c[1]; i = 2 } else if !c.isEmpty, isAlign(c[0]) { spec.align = c[0]; i = 1 }
        if i < c.count, c[i] == "+" || c[i] == "-" || c[i] == " " { spec.sign = c[i]; i += 1 }
        if i < c.count, c[i] == "z" { i += 1 }
        if i < c.count, c[i] == "#" { spec.alternate = true; i += 1 }
        if i < c.count, c[i] == "0" { spec.zero = true; i += 1 }
        var w = 0, hasW = false
        while i < c.count, let d = c[i].wholeNumberValue, c[i].isASCII { w = w * 10 + d; hasW = true; i += 1; if w > 100_000 { return nil } }
        if hasW { spec.width = w }
        if i < c.count, c[i] == "," || c[i] == "_" { spec.grouping = c[i]; i += 1 }
        if i < c.count, c[i] == "." {
            i += 1
            var p = 0, hasP = false
            while i < c.count, let d = c[i].wholeNumberValue, c[i].isASCII { p = p * 10 + d; hasP = true; i += 1; if p > 10_000 { return nil } }
            if !hasP { return nil }
            spec.precision = p
        }
        if i < c.count { spec.type = c[i]; i += 1 }
        if i != c.count { return nil }
        return spec
    }

    static func group(_ digits: String, _ sep: Character, every n: Int) -> String {
        var out: [Character] = []
        for (k, ch) in digits.reversed().enumerated() {
            if k > 0, k % n == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed())
    }

    /// Pads `body` (without sign) to the spec's width; `numeric` enables `=` alignment and zero fill.
    static func pad(_ sign: String, _ body: String, _ spec: Spec, numeric: Bool) -> String {
        var fill = spec.fill
        var align = spec.align ?? (numeric ? ">" : "<")
        if spec.zero, spec.align == nil, numeric { fill = "0"; align = "=" }
        let len = sign.count + body.count
        guard spec.width > len else { return sign + body }
        let n = spec.width - len
        let f = String(fill)
        switch align {
        case "<": return sign + body + String(repeating: f, count: n)
        case "^": return String(repeating: f, count: n / 2) + sign + body + String(repeating: f, count: n - n / 2)
        case "=": return sign + String(repeating: f, count: n) + body
        default: return String(repeating: f, count: n) + sign + body
        }
    }

    static func formatValue(_ run: PyRun, _ b: PyBox, spec specText: String, _ r: SourceRange) throws -> String {
        guard let spec = parseSpec(specText) else { throw run.raise("ValueError", "Invalid format specifier '\(specText)'", r) }
        func signText(_ negative: Bool) -> String {
            negative ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
        }
        switch b.value {
        case .dynamic(let reason):
            throw PyUnknownValue(reason: reason)
        case .int, .bool:
            let i = run.intValue(b)!
            if case .bool(let x) = b.value, spec.type == nil, specText.isEmpty { return x ? "True" : "False" }
            switch spec.type {
            case nil, "d", "n", "b", "o", "x", "X", "c":
                if spec.precision != nil { throw run.raise("ValueError", "Precision not allowed in integer format specifier", r) }
                if spec.type == "c" {
                    guard let u = Unicode.Scalar(UInt32(clamping: max(0, i))) else { throw run.raise("OverflowError", "%c arg not in range(0x110000)", r) }
                    return pad("", String(u), spec, numeric: false)
                }
                let radix: Int
                var prefix = ""
                switch spec.type {
                case "b": radix = 2; prefix = "0b"
                case "o": radix = 8; prefix = "0o"
                case "x": radix = 16; prefix = "0x"
                case "X": radix = 16; prefix = "0X"
                default: radix = 10
                }
                var digits = String(i.magnitude, radix: radix)
                if spec.type == "X" { digits = digits.uppercased() }
                if let g = spec.grouping { digits = group(digits, g, every: radix == 10 ? 3 : 4) }
                return pad(signText(i < 0) + (spec.alternate ? prefix : ""), digits, spec, numeric: true)
            default:
                return try formatFloat(run, Double(i), spec, r, fromInt: true)
            }
        case .float(let d):
            return try formatFloat(run, d, spec, r, fromInt: false)
        case .str(let s):
            if let t = spec.type, t != "s" { throw run.raise("ValueError", "Unknown format code '\(t)' for object of type 'str'", r) }
            if spec.sign != "-" { throw run.raise("ValueError", "Sign not allowed in string format specifier", r) }
            var text = s
            if let p = spec.precision { text = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            if spec.align == "=" { throw run.raise("ValueError", "'=' alignment not allowed in string format specifier", r) }
            return pad("", text, spec, numeric: false)
        default:
            if specText.isEmpty { return try str(run, b.value) }
            throw run.raise("TypeError", "unsupported format string passed to \(b.value.typeName).__format__", r)
        }
    }

    static func formatFloat(_ run: PyRun, _ d: Double, _ spec: Spec, _ r: SourceRange, fromInt: Bool) throws -> String {
        let negative = d.sign == .minus && !d.isNaN
        let sign = negative ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
        let a = Swift.abs(d)
        var body: String
        var type = spec.type
        if type == "n" { type = "g" }
        if a.isNaN || a.isInfinite {
            body = a.isNaN ? "nan" : "inf"
            if type == "E" || type == "F" || type == "G" { body = body.uppercased() }
            if type == "%" { body += "%" }
            var s = spec
            s.zero = false
            if spec.zero, spec.align == nil { s.fill = "0"; s.align = "=" ; s.fill = " "; s.align = ">" }
            return pad(sign, body, s, numeric: true)
        }
        switch type {
        case "f", "F", "e", "E", "g", "G":
            body = cFormat(a, type!, precision: spec.precision ?? 6, alternate: spec.alternate)
        case "%":
            body = cFormat(a * 100, "f", precision: spec.precision ?? 6, alternate: spec.alternate) + "%"
        case nil:
            if let p = spec.precision {
                // Like 'g', but a value printed in fixed notation keeps a fractional digit.
                body = cFormat(a, "g", precision: max(1, p), alternate: spec.alternate)
                if !body.contains(".") && !body.contains("e") { body += ".0" }
            } else {
                body = fromInt ? String(Int(a)) : floatRepr(a)
            }
        default:
            throw run.raise("ValueError", "Unknown format code '\(type!)' for object of type 'float'", r)
        }
        if let g = spec.grouping {
            var intPart = Substring(body), rest: Substring = ""
            if let k = body.firstIndex(where: { !$0.isNumber }) { intPart = body[..<k]; rest = body[k...] }
            body = group(String(intPart), g, every: 3) + rest
        }
        return pad(sign, body, spec, numeric: true)
    }

    // MARK: - str.format

    static func format(_ run: PyRun, _ fmt: String, _ args: PyArgs, _ r: SourceRange) throws -> String {
        let c = Array(fmt)
        var out = ""
        var i = 0
        var auto = 0
        while i < c.count {
            let ch = c[i]
            if ch == "{" {
                if i + 1 < c.count, c[i + 1] == "{" { out.append("{"); i += 2; continue }
                // The field runs to the matching brace (a spec may hold nested fields).
                var depth = 1, j = i + 1
                while j < c.count, depth > 0 {
                    if c[j] == "{" { depth += 1 } else if c[j] == "}" { depth -= 1 }
                    if depth > 0 { j += 1 }
                }
                guard j < c.count else { throw run.raise("ValueError", "Single '{' encountered in format string", r) }
                let field = String(c[(i + 1)..<j])
                out += try formatField(run, field, args, &auto, r)
                try run.checkString(out, r)
                i = j + 1
            } else if ch == "}" {
                if i + 1 < c.count, c[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw run.raise("ValueError", "Single '}' encountered in format string", r)
            } else {
                out.append(ch)
                i += 1
            }
        }
        return out
    }

    static func formatField(_ run: PyRun, _ field: String, _ args: PyArgs, _ auto: inout Int, _ r: SourceRange) throws -> String {
        var name = field
        var spec = ""
        var conversion: Character?
        if let colon = topLevelIndex(of: ":", in: field) {
            name = String(field[..<colon])
            spec = String(field[field.index(after: colon)...])
        }
        if let bang = name.firstIndex(of: "!") {
            let conv = name[name.index(after: bang)...]
            guard conv.count == 1 else { throw run.raise("ValueError", "expected ':' after conversion specifier", r) }
            conversion = conv.first
            name = String(name[..<bang])
        }
        // The first part is an index or a keyword; then `[key]` and `.attr` parts.
        var head = name
        var rest = ""
        if let k = name.firstIndex(where: { $0 == "[" || $0 == "." }) {
            head = String(name[..<k])
            rest = String(name[k...])
        }
        var value: PyBox
        if head.isEmpty {
            guard auto >= 0 else { throw run.raise("ValueError", "cannot switch from manual field specification to automatic field numbering", r) }
            guard auto < args.positional.count else { throw run.raise("IndexError", "Replacement index \(auto) out of range for positional args tuple", r) }
            value = args.positional[auto]
            auto += 1
        } else if let n = Int(head) {
            if auto > 0 { throw run.raise("ValueError", "cannot switch from automatic field numbering to manual field specification", r) }
            auto = -1
            guard n < args.positional.count else { throw run.raise("IndexError", "Replacement index \(n) out of range for positional args tuple", r) }
            value = args.positional[n]
        } else {
            guard let v = args.keyword(head) else { throw run.raise("KeyError", reprString(head), r) }
            value = v
        }
        var chars = Array(rest)
        while !chars.isEmpty {
            if chars[0] == "[" {
                guard let close = chars.firstIndex(of: "]") else { throw run.raise("ValueError", "Missing ']' in format string", r) }
                let key = String(chars[1..<close])
                let k: PyBox = Int(key).map { PyBox(value: .int($0), range: r) } ?? PyBox(value: .str(key), range: r)
                value = try run.getItem(value, k, r)
                chars = Array(chars[(close + 1)...])
            } else {
                // Attribute access in a format string is reflection; it is not evaluated.
                throw PyUnknownValue(reason: PyDynamicReason(reason: "attribute access inside a format string is not evaluated", range: r))
            }
        }
        if spec.contains("{") {
            spec = try format(run, spec, args, r)
        }
        return try convertAndFormat(run, value, conversion, spec, r)
    }

    static func topLevelIndex(of ch: Character, in s: String) -> String.Index? {
        var inBracket = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == "[" { inBracket = true } else if c == "]" { inBracket = false } else if c == ch, !inBracket { return i }
            i = s.index(after: i)
        }
        return nil
    }

    static func convertAndFormat(_ run: PyRun, _ value: PyBox, _ conversion: Character?, _ spec: String, _ r: SourceRange) throws -> String {
        if let reason = value.value.dynamicReason { throw PyUnknownValue(reason: reason) }
        var v = value
        switch conversion {
        case "r"?, "a"?:
            var seen: [ObjectIdentifier] = []
            var text = try repr(run, value.value, depth: 0, seen: &seen)
            if conversion == "a" { text = asciiEscaped(text) }
            v = PyBox(value: .str(text), range: value.range)
        case "s"?:
            v = PyBox(value: .str(try str(run, value.value)), range: value.range)
        case nil:
            break
        default:
            throw run.raise("ValueError", "Unknown conversion specifier \(conversion!)", r)
        }
        if spec.isEmpty, case .str(let s) = v.value { return s }
        if spec.isEmpty { return try str(run, v.value) }
        return try formatValue(run, v, spec: spec, r)
    }

    static func asciiEscaped(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c.value < 0x80 { out.unicodeScalars.append(c) } else if c.value <= 0xFF { out += "\\x" + hex2(c.value) } else if c.value <= 0xFFFF { out += "\\u" + pad(String(c.value, radix: 16), 4) } else { out += "\\U" + pad(String(c.value, radix: 16), 8) }
        }
        return out
    }

    // MARK: - f-strings

    static func fstring(_ run: PyRun, _ parts: [PyFStringPart], _ r: SourceRange) throws -> PyBox {
        do {
            return PyBox(value: .str(try fstringText(run, parts, r)), range: r)
        } catch let u as PyUnknownValue {
            return PyBox(value: .dynamic(u.reason), range: r)
        }
    }

    static func fstringText(_ run: PyRun, _ parts: [PyFStringPart], _ r: SourceRange) throws -> String {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s):
                out += s
            case .field(let e, let conversion, let specParts, let selfDoc):
                let v = try run.eval(e)
                if let d = selfDoc { out += d }
                let spec = try specParts.map { try fstringText(run, $0, r) } ?? ""
                // `f"{x=}"` uses repr unless a spec or conversion is given.
                let conv = conversion ?? (selfDoc != nil && spec.isEmpty ? "r" : nil)
                out += try convertAndFormat(run, v, conv, spec, e.range)
            }
            try run.checkString(out, r)
        }
        return out
    }

    // MARK: - printf-style %

    static func percent(_ run: PyRun, _ fmt: String, _ arg: PyBox, _ r: SourceRange) throws -> String {
        var items: [PyBox]
        var mapping: PyDictObject?
        switch arg.value {
        case .tuple(let t): items = t
        case .dict(let d): items = [arg]; mapping = d
        case .dynamic(let reason): throw PyUnknownValue(reason: reason)
        default: items = [arg]
        }
        let c = Array(fmt.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0, next = 0
        var usedMapping = false
        func take() throws -> PyBox {
            guard next < items.count else { throw run.raise("TypeError", "not enough arguments for format string", r) }
            next += 1
            return items[next - 1]
        }
        while i < c.count {
            if c[i] != "%" { out.append(c[i]); i += 1; continue }
            i += 1
            guard i < c.count else { throw run.raise("ValueError", "incomplete format", r) }
            var value: PyBox?
            if c[i] == "(" {
                guard let m = mapping else { throw run.raise("TypeError", "format requires a mapping", r) }
                var depth = 1, j = i + 1
                while j < c.count, depth > 0 { if c[j] == "(" { depth += 1 } else if c[j] == ")" { depth -= 1 }; if depth > 0 { j += 1 } }
                guard j < c.count else { throw run.raise("ValueError", "incomplete format key", r) }
                let key = PyStrings.string(c[(i + 1)..<j])
                if let p = m.partial { throw PyUnknownValue(reason: p) }
                guard let v = m.get(.str(key)) else { throw run.raise("KeyError", reprString(key), r) }
                value = v
                usedMapping = true
                i = j + 1
            }
            var spec = Spec()
            var leftAlign = false
            while i < c.count, "-+ #0".unicodeScalars.contains(c[i]) {
                switch c[i] {
                case "-": leftAlign = true
                case "+": spec.sign = "+"
                case " ": if spec.sign != "+" { spec.sign = " " }
                case "#": spec.alternate = true
                default: spec.zero = true
                }
                i += 1
            }
            if i < c.count, c[i] == "*" {
                guard let w = run.intValue(try take()) else { throw run.raise("TypeError", "* wants int", r) }
                spec.width = Swift.abs(w); if w < 0 { leftAlign = true }
                i += 1
            } else {
                while i < c.count, c[i].value >= 0x30, c[i].value <= 0x39 { spec.width = min(spec.width * 10 + Int(c[i].value - 0x30), 100_000); i += 1 }
            }
            if i < c.count, c[i] == "." {
                i += 1
                var p = 0
                if i < c.count, c[i] == "*" {
                    guard let w = run.intValue(try take()) else { throw run.raise("TypeError", "* wants int", r) }
                    p = max(0, w); i += 1
                } else {
                    while i < c.count, c[i].value >= 0x30, c[i].value <= 0x39 { p = min(p * 10 + Int(c[i].value - 0x30), 10_000); i += 1 }
                }
                spec.precision = p
            }
            while i < c.count, c[i] == "l" || c[i] == "h" || c[i] == "L" { i += 1 }
            guard i < c.count else { throw run.raise("ValueError", "incomplete format", r) }
            let conv = c[i]
            i += 1
            if conv == "%" { out.append("%"); continue }
            let v = try value ?? take()
            if let reason = v.value.dynamicReason { throw PyUnknownValue(reason: reason) }
            if leftAlign { spec.align = "<"; spec.zero = false } else { spec.align = ">" }
            if spec.zero, !leftAlign { spec.align = nil }
            var text: String
            switch conv {
            case "s", "r", "a":
                var t: String
                if conv == "s" { t = try str(run, v.value) } else {
                    var seen: [ObjectIdentifier] = []
                    t = try repr(run, v.value, depth: 0, seen: &seen)
                    if conv == "a" { t = asciiEscaped(t) }
                }
                if let p = spec.precision { t = String(String.UnicodeScalarView(t.unicodeScalars.prefix(p))) }
                var s2 = spec; s2.zero = false; s2.precision = nil; s2.align = leftAlign ? "<" : ">"
                text = pad("", t, s2, numeric: false)
            case "d", "i", "u", "x", "X", "o":
                var n: Int
                switch v.value {
                case .int(let x): n = x
                case .bool(let b): n = b ? 1 : 0
                case .float(let d):
                    if conv == "x" || conv == "X" || conv == "o" { throw run.raise("TypeError", "%\(conv) format: an integer is required, not float", r) }
                    if d.isNaN { throw run.raise("ValueError", "cannot convert float NaN to integer", r) }
                    if d.isInfinite { throw run.raise("OverflowError", "cannot convert float infinity to integer", r) }
                    guard Swift.abs(d) < 9.2e18 else { throw PyUnknownValue(reason: PyDynamicReason(reason: "integer too large", range: r)) }
                    n = Int(d)
                default:
                    throw run.raise("TypeError", "%\(conv) format: a real number is required, not \(v.value.typeName)", r)
                }
                let radix = conv == "x" || conv == "X" ? 16 : (conv == "o" ? 8 : 10)
                var digits = String(n.magnitude, radix: radix)
                if conv == "X" { digits = digits.uppercased() }
                if let p = spec.precision, digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
                var prefix = ""
                if spec.alternate { prefix = conv == "x" ? "0x" : (conv == "X" ? "0X" : (conv == "o" ? "0o" : "")) }
                let sign = n < 0 ? "-" : (spec.sign == "+" ? "+" : (spec.sign == " " ? " " : ""))
                var s2 = spec; if spec.zero, !leftAlign { s2.fill = "0"; s2.align = "=" }
                text = pad(sign + prefix, digits, s2, numeric: true)
            case "e", "E", "f", "F", "g", "G":
                let d: Double
                switch v.value {
                case .int(let x): d = Double(x)
                case .bool(let b): d = b ? 1 : 0
                case .float(let x): d = x
                default: throw run.raise("TypeError", "must be real number, not \(v.value.typeName)", r)
                }
                var s2 = spec
                s2.type = Character(String(conv))
                if s2.precision == nil { s2.precision = 6 }
                if spec.zero, !leftAlign, d.isFinite { s2.fill = "0"; s2.align = "=" ; s2.zero = false }
                else { s2.zero = false }
                text = try formatFloat(run, d, s2, r, fromInt: false)
            case "c":
                if case .str(let s) = v.value, s.unicodeScalars.count == 1 { text = s } else if let n = run.intValue(v), let u = Unicode.Scalar(UInt32(clamping: max(0, n))) { text = String(u) } else {
                    throw run.raise("TypeError", "%c requires an int or a unicode character", r)
                }
                var s2 = spec; s2.zero = false
                text = pad("", text, s2, numeric: false)
            default:
                throw run.raise("ValueError", "unsupported format character '\(Character(conv))' (0x\(String(conv.value, radix: 16))) at index \(i - 1)", r)
            }
            out.append(contentsOf: text.unicodeScalars)
            if out.count > run.budget.stringLength { throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r)) }
        }
        if mapping == nil, next < items.count {
            throw run.raise("TypeError", "not all arguments converted during string formatting", r)
        }
        _ = usedMapping
        return String(out)
    }
}

extension PyRun {
    func repr(_ b: PyBox) throws -> String {
        var seen: [ObjectIdentifier] = []
        return try PyFormatting.repr(self, b.value, depth: 0, seen: &seen)
    }

    func str(_ b: PyBox) throws -> String {
        try PyFormatting.str(self, b.value)
    }
}
