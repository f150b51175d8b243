/// Python's tokenizer, as far as a static config extractor needs it: one pass over the bytes,
/// positions tracked incrementally (line, Unicode-scalar column, byte offset), INDENT/DEDENT from
/// the indentation stack, no NEWLINE inside brackets, backslash continuations, comments, every string
/// form (prefixes, triple quotes, f-string replacement fields with nested quotes). It reports the
/// errors Python's own tokenizer reports (unterminated strings and brackets, bad dedents, stray
/// characters) and then only returns `.end`.
struct PyToken {
    enum Kind: UInt8 { case name, number, string, op, newline, indent, dedent, end }

    var kind: Kind
    var start: SourcePosition
    var end: SourcePosition
    /// Operators: up to three bytes packed little-endian (see `PyOp`).
    var op: UInt32 = 0
    /// Strings: `PyStringFlag`; numbers: `PyNumberFlag`.
    var flags: UInt8 = 0
    var prefixLength: UInt8 = 0
    var quoteLength: UInt8 = 0
    /// Inside (), [] or {} (after this token was read).
    var inBrackets = false

    init(kind: Kind, start: SourcePosition, end: SourcePosition) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    var range: SourceRange { SourceRange(start: start, end: end) }

    @inline(__always) func isOp(_ code: UInt32) -> Bool { kind == .op && op == code }

    /// Byte range of a string token's content, between the quotes.
    var contentStart: Int { start.offset + Int(prefixLength) + Int(quoteLength) }
    var contentEnd: Int { end.offset - Int(quoteLength) }
}

enum PyStringFlag {
    static let raw: UInt8 = 1
    static let bytes: UInt8 = 2
    static let format: UInt8 = 4
    static let placeholder: UInt8 = 8
}

enum PyOpFlag {
    static let inBrackets: UInt8 = 1
}

enum PyNumberFlag {
    static let float: UInt8 = 1
    static let imaginary: UInt8 = 2
    static let radixPrefix: UInt8 = 4
}

/// Operator codes: the operator's bytes packed little-endian.
enum PyOp {
    static func code(_ s: StaticString) -> UInt32 {
        var c: UInt32 = 0
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount { c |= UInt32(p[k]) << (8 * UInt32(k)) }
        return c
    }

    static let lparen: UInt32 = 0x28
    static let rparen: UInt32 = 0x29
    static let lbracket: UInt32 = 0x5B
    static let rbracket: UInt32 = 0x5D
    static let lbrace: UInt32 = 0x7B
    static let rbrace: UInt32 = 0x7D
    static let comma: UInt32 = 0x2C
    static let colon: UInt32 = 0x3A
    static let semicolon: UInt32 = 0x3B
    static let dot: UInt32 = 0x2E
    static let assign: UInt32 = 0x3D
    static let plus: UInt32 = 0x2B
    static let minus: UInt32 = 0x2D
    static let star: UInt32 = 0x2A
    static let tilde: UInt32 = 0x7E
    static let at: UInt32 = 0x40
    static let doubleStar: UInt32 = 0x2A2A
    static let equal: UInt32 = 0x3D3D
    static let ellipsis: UInt32 = 0x2E2E2E

    @inline(__always) static func isOpening(_ op: UInt32) -> Bool { op == lparen || op == lbracket || op == lbrace }
    @inline(__always) static func isClosing(_ op: UInt32) -> Bool { op == rparen || op == rbracket || op == rbrace }

    /// `+=`, `**=`, `//=`, ... (not `==`, `<=`, `>=`, `!=`, `:=`).
    static func isAugmentedAssign(_ op: UInt32) -> Bool {
        if op < 0x100 { return false }
        let length = op < 0x10000 ? 2 : 3
        let last = (op >> (8 * UInt32(length - 1))) & 0xFF
        guard last == 0x3D else { return false }
        let first = op & 0xFF
        if length == 3 { return true }  // **= //= >>= <<=
        switch first {
        case 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x40, 0x26, 0x7C, 0x5E: return true  // + - * / % @ & | ^
        default: return false
        }
    }

    static func text(_ op: UInt32) -> String {
        var bytes: [UInt8] = []
        var c = op
        while c != 0 { bytes.append(UInt8(c & 0xFF)); c >>= 8 }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct PyLexer {
    let b: [UInt8]
    var i = 0
    var line = 1
    var column = 1
    var brackets: [(byte: UInt8, position: SourcePosition)] = []
    var indents: [Int] = [0]
    var pendingDedents = 0
    var atLineStart = true
    var lineHasToken = false
    var error: ConfigSyntaxError? {
        didSet { failed = error != nil }
    }
    /// `error != nil`, kept as a plain flag for the hot paths.
    var failed = false

    /// One past the last byte to read: the file's end, or the end of an f-string replacement field.
    let limit: Int
    /// Reading one f-string field's expression: it ends at `limit` as if its brackets closed there.
    var fieldMode = false

    init(bytes: [UInt8]) {
        b = bytes
        limit = bytes.count
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            i = 3
            column = 2
        }
    }

    /// A lexer over the expression of an f-string field, `bytes[start.offset..<end]` (already known to
    /// be within one string token), with the file's positions. Newlines inside it are whitespace, as in
    /// brackets.
    init(bytes: [UInt8], fieldFrom start: SourcePosition, to end: Int) {
        b = bytes
        limit = min(end, bytes.count)
        i = start.offset
        line = start.line
        column = start.column
        atLineStart = false
        fieldMode = true
        brackets = [(0x7B, start)]
    }

    var position: SourcePosition { SourcePosition(line: line, column: column, offset: i) }

    @inline(__always) mutating func advance() {
        let c = b[i]
        if c == 0x0A {
            line += 1
            column = 1
        } else if c & 0xC0 != 0x80 {
            column += 1
        }
        i += 1
    }

    /// Records the first error (the earliest in the file wins) and ends the token stream.
    mutating func fail(_ message: String, at p: SourcePosition) -> PyToken {
        record(message, at: p)
        return PyToken(kind: .end, start: p, end: p)
    }

    mutating func record(_ message: String, at p: SourcePosition) {
        if let existing = error, existing.position.offset <= p.offset { return }
        error = ConfigSyntaxError(message: message, position: p)
    }

    @inline(__always) static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c >= 0x80
    }

    @inline(__always) static func isIdentifierChar(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || (c >= 0x30 && c <= 0x39)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func next() -> PyToken {
        var token = scan()
        token.inBrackets = !brackets.isEmpty
        return token
    }

    mutating func scan() -> PyToken {
        if failed {
            let p = position
            return PyToken(kind: .end, start: p, end: p)
        }
        if pendingDedents > 0 {
            pendingDedents -= 1
            let p = position
            return PyToken(kind: .dedent, start: p, end: p)
        }
        let n = limit
        while true {
            if atLineStart {
                // Indentation of the next line that holds a token; blank and comment-only lines do not count.
                var width = 0
                while i < n {
                    let c = b[i]
                    if c == 0x20 {
                        width += 1
                    } else if c == 0x09 {
                        width = (width / 8 + 1) * 8
                    } else if c == 0x0C {
                        width = 0
                    } else if c != 0x0D {
                        break
                    }
                    advance()
                }
                if i < n {
                    let c = b[i]
                    if c == 0x23 {
                        while i < n, b[i] != 0x0A { advance() }
                        continue
                    }
                    if c == 0x0A {
                        advance()
                        continue
                    }
                    atLineStart = false
                    let p = position
                    let top = indents[indents.count - 1]
                    if width > top {
                        indents.append(width)
                        return PyToken(kind: .indent, start: p, end: p)
                    }
                    if width < top {
                        var count = 0
                        while indents.count > 1, indents[indents.count - 1] > width {
                            indents.removeLast()
                            count += 1
                        }
                        if indents[indents.count - 1] != width {
                            return fail("unindent does not match any outer indentation level", at: p)
                        }
                        pendingDedents = count - 1
                        return PyToken(kind: .dedent, start: p, end: p)
                    }
                } else {
                    atLineStart = false
                }
            }
            if i >= n {
                if fieldMode {
                    let p = position
                    return PyToken(kind: .end, start: p, end: p)
                }
                if let open = brackets.last {
                    return fail("'\(Character(Unicode.Scalar(open.byte)))' was never closed", at: open.position)
                }
                let p = position
                if lineHasToken {
                    lineHasToken = false
                    return PyToken(kind: .newline, start: p, end: p)
                }
                if indents.count > 1 {
                    indents.removeLast()
                    return PyToken(kind: .dedent, start: p, end: p)
                }
                return PyToken(kind: .end, start: p, end: p)
            }
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0C, 0x0D:
                advance()
                continue
            case 0x23:  // comment
                while i < n, b[i] != 0x0A { advance() }
                continue
            case 0x5C:  // backslash continuation
                if i + 1 < n, b[i + 1] == 0x0A {
                    advance(); advance()
                    continue
                }
                if i + 2 < n, b[i + 1] == 0x0D, b[i + 2] == 0x0A {
                    advance(); advance(); advance()
                    continue
                }
                if i + 1 >= n { return fail("unexpected EOF while parsing", at: position) }
                advance()
                return fail("unexpected character after line continuation character", at: position)
            case 0x0A:
                if !brackets.isEmpty || !lineHasToken {
                    advance()
                    if brackets.isEmpty { atLineStart = true }
                    continue
                }
                let p = position
                advance()
                atLineStart = true
                lineHasToken = false
                return PyToken(kind: .newline, start: p, end: position)
            default:
                break
            }
            lineHasToken = true
            let start = position
            if PyLexer.isIdentifierStart(c) {
                advance()
                while i < n, PyLexer.isIdentifierChar(b[i]) { advance() }
                if i < n, b[i] == 0x22 || b[i] == 0x27, let flags = stringPrefixFlags(start.offset, i) {
                    return scanString(start: start, prefixLength: i - start.offset, flags: flags)
                }
                return PyToken(kind: .name, start: start, end: position)
            }
            if PyLexer.isDigit(c) || (c == 0x2E && i + 1 < n && PyLexer.isDigit(b[i + 1])) {
                return scanNumber(start: start)
            }
            if c == 0x22 || c == 0x27 {
                return scanString(start: start, prefixLength: 0, flags: 0)
            }
            return scanOperator(start: start)
        }
    }

    /// Flags for a string prefix (`r`, `b`, `u`, `f`, `t` and their valid pairs, any case), nil if the name is no prefix.
    func stringPrefixFlags(_ from: Int, _ to: Int) -> UInt8? {
        let length = to - from
        guard length >= 1, length <= 2 else { return nil }
        var flags: UInt8 = 0
        var seen: UInt8 = 0  // bits r=1 b=2 u=4 f=8 t=16
        for k in from..<to {
            let bit: UInt8
            switch b[k] | 0x20 {
            case 0x72: bit = 1; flags |= PyStringFlag.raw
            case 0x62: bit = 2; flags |= PyStringFlag.bytes
            case 0x75: bit = 4
            case 0x66: bit = 8; flags |= PyStringFlag.format
            case 0x74: bit = 16; flags |= PyStringFlag.format
            default: return nil
            }
            if seen & bit != 0 { return nil }
            seen |= bit
        }
        if length == 2 {
            // Only r combined with b, f or t.
            guard seen & 1 != 0, seen & 4 == 0 else { return nil }
        }
        return flags
    }

    mutating func scanString(start: SourcePosition, prefixLength: Int, flags initialFlags: UInt8) -> PyToken {
        let n = limit
        let q = b[i]
        var triple = false
        if i + 2 < n, b[i + 1] == q, b[i + 2] == q {
            triple = true
            advance(); advance(); advance()
        } else {
            advance()
        }
        var flags = initialFlags
        let isFormat = flags & PyStringFlag.format != 0
        while true {
            if i >= n {
                let detected = n > 0 && b[n - 1] == 0x0A ? line - 1 : line
                return fail(triple ? "unterminated triple-quoted string literal (detected at line \(detected))"
                                   : "unterminated string literal (detected at line \(detected))", at: start)
            }
            let c = b[i]
            if c == 0x5C {
                advance()
                if i < n { advance() }
                continue
            }
            if c == q {
                if !triple {
                    advance()
                    break
                }
                if i + 2 < n, b[i + 1] == q, b[i + 2] == q {
                    advance(); advance(); advance()
                    break
                }
                advance()
                continue
            }
            if c == 0x0A, !triple {
                return fail("unterminated string literal (detected at line \(line))", at: start)
            }
            if isFormat, c == 0x7B {
                if i + 1 < n, b[i + 1] == 0x7B {
                    advance(); advance()
                    continue
                }
                flags |= PyStringFlag.placeholder
                if !scanReplacementField(stringStart: start) { return PyToken(kind: .end, start: start, end: start) }
                continue
            }
            advance()
        }
        var token = PyToken(kind: .string, start: start, end: position)
        token.flags = flags
        token.prefixLength = UInt8(prefixLength)
        token.quoteLength = triple ? 3 : 1
        return token
    }

    /// Skips an f-string replacement field `{...}` (brackets nested, strings inside skipped whole).
    mutating func scanReplacementField(stringStart: SourcePosition) -> Bool {
        let n = limit
        advance()  // {
        var depth = 1
        while i < n {
            let c = b[i]
            switch c {
            case 0x7B, 0x28, 0x5B:
                depth += 1
                advance()
            case 0x7D, 0x29, 0x5D:
                depth -= 1
                advance()
                if depth == 0 { return true }
            case 0x22, 0x27:
                let innerStart = position
                var flags: UInt8 = 0
                // A nested f-string keeps its own fields.
                if innerStart.offset > 0, b[innerStart.offset - 1] | 0x20 == 0x66 { flags = PyStringFlag.format }
                let token = scanString(start: innerStart, prefixLength: 0, flags: flags)
                if token.kind == .end { return false }
            default:
                advance()
            }
        }
        _ = fail("unterminated f-string literal (detected at line \(line))", at: stringStart)
        return false
    }

    mutating func scanNumber(start: SourcePosition) -> PyToken {
        let n = limit
        var flags: UInt8 = 0
        if b[i] == 0x30, i + 1 < n, [0x78, 0x6F, 0x62].contains(b[i + 1] | 0x20) {
            flags |= PyNumberFlag.radixPrefix
            let kind = b[i + 1] | 0x20
            advance(); advance()
            let digitsStart = i
            func valid(_ c: UInt8) -> Bool {
                switch kind {
                case 0x78: return PyLexer.isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66)
                case 0x6F: return c >= 0x30 && c <= 0x37
                default: return c == 0x30 || c == 0x31
                }
            }
            while i < n, valid(b[i]) || b[i] == 0x5F { advance() }
            if i < n, PyLexer.isDigit(b[i]), kind != 0x78 {
                let name = kind == 0x6F ? "octal" : "binary"
                return fail("invalid digit '\(Character(Unicode.Scalar(b[i])))' in \(name) literal", at: position)
            }
            if i == digitsStart || (i < n && PyLexer.isIdentifierChar(b[i])) {
                let name = kind == 0x78 ? "hexadecimal" : kind == 0x6F ? "octal" : "binary"
                return fail("invalid \(name) literal", at: start)
            }
        } else {
            while i < n, PyLexer.isDigit(b[i]) || b[i] == 0x5F { advance() }
            if i < n, b[i] == 0x2E {
                flags |= PyNumberFlag.float
                advance()
                while i < n, PyLexer.isDigit(b[i]) || b[i] == 0x5F { advance() }
            }
            if i < n, b[i] | 0x20 == 0x65 {
                var k = i + 1
                if k < n, b[k] == 0x2B || b[k] == 0x2D { k += 1 }
                if k < n, PyLexer.isDigit(b[k]) {
                    flags |= PyNumberFlag.float
                    while i < k { advance() }
                    while i < n, PyLexer.isDigit(b[i]) || b[i] == 0x5F { advance() }
                }
            }
            if flags & PyNumberFlag.float == 0, b[start.offset] == 0x30 {
                var k = start.offset
                while k < i {
                    if b[k] != 0x30 && b[k] != 0x5F {
                        return fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                                    at: start)
                    }
                    k += 1
                }
            }
        }
        if i < n, b[i] | 0x20 == 0x6A {
            flags |= PyNumberFlag.imaginary
            advance()
        }
        if i < n, PyLexer.isIdentifierChar(b[i]), flags & PyNumberFlag.radixPrefix == 0 {
            // `1if x else 2` is still accepted; any other letter right after a number is not.
            var k = i
            while k < n, PyLexer.isIdentifierChar(b[k]) { k += 1 }
            let word = b[i..<k]
            let allowed: [[UInt8]] = [Array("and".utf8), Array("else".utf8), Array("for".utf8), Array("if".utf8),
                                      Array("in".utf8), Array("is".utf8), Array("not".utf8), Array("or".utf8)]
            if !allowed.contains(where: { word.starts(with: $0) }) {
                return fail(flags & PyNumberFlag.imaginary != 0 ? "invalid imaginary literal" : "invalid decimal literal", at: start)
            }
        }
        var token = PyToken(kind: .number, start: start, end: position)
        token.flags = flags
        return token
    }

    static func closing(for opening: UInt8) -> UInt8 {
        switch opening {
        case 0x28: return 0x29
        case 0x5B: return 0x5D
        default: return 0x7D
        }
    }

    mutating func scanOperator(start: SourcePosition) -> PyToken {
        let n = limit
        let c = b[i]
        @inline(__always) func at(_ k: Int) -> UInt8 { i + k < n ? b[i + k] : 0 }
        var length = 1
        switch c {
        case 0x28, 0x5B, 0x7B:
            // CPython's tokenizer limit (MAXLEVEL); it also bounds the extractor's recursion.
            if brackets.count >= 200 { return fail("too many nested parentheses", at: start) }
            brackets.append((c, start))
        case 0x29, 0x5D, 0x7D:
            guard let open = brackets.last else {
                return fail("unmatched '\(Character(Unicode.Scalar(c)))'", at: start)
            }
            if PyLexer.closing(for: open.byte) != c {
                var message = "closing parenthesis '\(Character(Unicode.Scalar(c)))' does not match opening parenthesis '\(Character(Unicode.Scalar(open.byte)))'"
                if open.position.line != start.line { message += " on line \(open.position.line)" }
                return fail(message, at: start)
            }
            brackets.removeLast()
        case 0x2C, 0x3B, 0x7E:
            break
        case 0x3A:  // : :=
            if at(1) == 0x3D { length = 2 }
        case 0x2E:  // . ...
            if at(1) == 0x2E, at(2) == 0x2E { length = 3 }
        case 0x3D:  // = ==
            if at(1) == 0x3D { length = 2 }
        case 0x21:  // !=
            guard at(1) == 0x3D else { return fail("invalid syntax", at: start) }
            length = 2
        case 0x2D:  // - -= ->
            if at(1) == 0x3D || at(1) == 0x3E { length = 2 }
        case 0x2A, 0x2F, 0x3C, 0x3E:  // * ** *= **=, / // /= //=, < << <= <<=, > >> >= >>=
            if at(1) == c {
                length = at(2) == 0x3D ? 3 : 2
            } else if at(1) == 0x3D {
                length = 2
            } else if c == 0x3C, at(1) == 0x3E {
                return fail("invalid syntax", at: start)  // <> is gone in Python 3
            }
        case 0x2B, 0x25, 0x40, 0x26, 0x7C, 0x5E:
            if at(1) == 0x3D { length = 2 }
        default:
            let scalar = Unicode.Scalar(c)
            let hex = String(c, radix: 16, uppercase: true)
            return fail("invalid character '\(Character(scalar))' (U+\(String(repeating: "0", count: 4 - hex.count) + hex))",
                        at: start)
        }
        var code: UInt32 = 0
        for k in 0..<length {
            code |= UInt32(b[i]) << (8 * UInt32(k))
            advance()
        }
        var token = PyToken(kind: .op, start: start, end: position)
        token.op = code
        if !brackets.isEmpty { token.flags = PyOpFlag.inBrackets }
        return token
    }
}
