import Glibc

/// The text listing: what `lint vars` prints, and what a user writes by hand when the checkpoint
/// itself is not at hand.
///
/// Grammar, one variable a line:
///
///     NAME [SHAPE] [DTYPE]          output/W [512, 10] float32
///
/// - Blank lines are ignored. A line whose first non-blank character is `#` is a comment. A
///   comment of the form `# <path> (<format>)`, with a format name of `CheckpointFormat`, starts a
///   new section: that is how `lint vars A B` separates checkpoints.
/// - SHAPE is `[d0, d1, ...]` (non-negative integers; `[]` is a scalar) or `?` (not known), and must
///   be separated from the name by a space or tab. DTYPE is one word, TF's lower-case name.
/// - Both are optional. Without a shape, a trailing word is read as a dtype only if it is one of
///   TF's dtype names (`float32`, ...), so `a b` is the single name `a b`.
/// - Names with spaces: the tail is found from the right: the last `[...]` group (or `?`) that is
///   preceded by a blank ends the name, so `my var [3] float32` is the name `my var`. A name that
///   is empty, has a space, tab or control character, or starts with `"`, `#` or `[` is written by the
///   writer as a JSON string literal (`"my var" [3] float32`), which the reader also accepts; so
///   everything the writer prints reads back identically.
public enum TextListing {
    /// One section of a listing: a checkpoint's path, format and variables as the listing states them.
    public struct Section: Sendable, Equatable {
        public var path: String?
        public var format: CheckpointFormat?
        public var variables: [CheckpointVariable]
        /// The byte order of `variables` when the listing was not sorted (the duplicate check
        /// computes it; `Checkpoint` then need not again).
        var byteOrder: [Int]?

        public init(path: String?, format: CheckpointFormat?, variables: [CheckpointVariable]) {
            self.path = path
            self.format = format
            self.variables = variables
        }
    }

    // MARK: - Reading

    public static func read(path: String) throws(CheckpointError) -> Checkpoint {
        let bytes = try FileBytes.read(path)
        let sections = try parse(bytes, file: path)
        return try single(sections, file: path)
    }

    /// Several sections make one checkpoint only when they are one; otherwise the caller must say
    /// which (`CheckpointLoader.loadAll` returns them all).
    static func single(_ sections: [Section], file: String) throws(CheckpointError) -> Checkpoint {
        if sections.count > 1 {
            throw CheckpointError(
                file: file,
                reason: "the listing holds \(sections.count) checkpoints (\(sections.compactMap(\.path).joined(separator: ", "))); give a listing of one")
        }
        return Checkpoint(path: file, format: .textListing, variables: sections.first?.variables ?? [])
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(CheckpointError) -> [Section] {
        // Raw pointers, not slices: a slice retains the array each time it is made, and a listing
        // of a million lines should not pay for that.
        try bytes.withUnsafeBufferPointer { (buffer) throws(CheckpointError) in try parse(buffer, bytes: bytes, file: file) }
    }

    /// The reader proper. Its state is plain locals (no closure captures them), so the compiler
    /// checks exclusive access once, statically, not at every line.
    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, bytes: [UInt8], file: String) throws(CheckpointError) -> [Section] {
        let n = buffer.count
        // One line, one variable, mostly: reserving at once spares the copies (and fresh pages) of
        // an array doubling its way to 20 000 elements.
        var lineCount = 1
        var p = 0
        while p < n, let nl = memchr(buffer.baseAddress! + p, 0x0A, n - p) {
            p = buffer.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
            lineCount += 1
        }
        var sections: [Section] = []
        var current = Section(path: nil, format: nil, variables: [])
        current.variables.reserveCapacity(lineCount)
        var started = false
        // Duplicates: while names arrive in increasing byte order (what `lint vars` writes) a repeat
        // can only be the previous line; otherwise one sort at the end of the section finds them.
        var inOrder = true
        var linesOfCurrent: [Int] = []
        linesOfCurrent.reserveCapacity(lineCount)
        var lineNumber = 0
        var start = 0
        while start < n {
            let end: Int
            if let nl = memchr(buffer.baseAddress! + start, 0x0A, n - start) {
                end = buffer.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            } else {
                end = n
            }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            var first = start
            while first < lineEnd, isBlank(buffer[first]) { first += 1 }
            start = end + 1
            guard first < lineEnd else { continue }
            if buffer[first] == UInt8(ascii: "#") {
                if let (path, format) = sectionHeader(bytes[(first + 1)..<lineEnd]) {
                    if !inOrder { current.byteOrder = try checkDuplicates(current.variables, lines: linesOfCurrent, file: file) }
                    if started || !current.variables.isEmpty { sections.append(current) }
                    current = Section(path: path, format: format, variables: [])
                    started = true
                    inOrder = true
                    linesOfCurrent.removeAll(keepingCapacity: true)
                }
                continue
            }
            let variable: CheckpointVariable
            do throws(ListingLineError) {
                if buffer[first] == UInt8(ascii: "\"") {
                    variable = try parseLine(bytes[first..<lineEnd])
                } else {
                    variable = try parseUnquotedLine(buffer, first..<lineEnd)
                }
            } catch {
                throw CheckpointError(file: file, location: "line \(lineNumber)", reason: error.reason)
            }
            if inOrder, !current.variables.isEmpty {
                let order = Checkpoint.compareBytes(current.variables[current.variables.count - 1].name, variable.name)
                if order == 0 {
                    throw CheckpointError(
                        file: file, location: "line \(lineNumber)",
                        reason: "duplicate variable '\(variable.name)' (first on line \(linesOfCurrent.last ?? 0))")
                }
                if order > 0 { inOrder = false }
            }
            linesOfCurrent.append(lineNumber)
            current.variables.append(variable)
        }
        if !inOrder { current.byteOrder = try checkDuplicates(current.variables, lines: linesOfCurrent, file: file) }
        if started || !current.variables.isEmpty || sections.isEmpty { sections.append(current) }
        return sections
    }

    /// A repeated name in a section that arrived out of order is an error, reported at the repeat
    /// that comes first in the file. (The section keeps the file's order; `Checkpoint` sorts.)
    private static func checkDuplicates(_ variables: [CheckpointVariable], lines: [Int], file: String) throws(CheckpointError) -> [Int] {
        let names = NameOrder(variables.map(\.name))
        let order = names.stableOrder()
        var worst: (first: Int, second: Int)?
        for (a, b) in zip(order, order.dropFirst()) where names.compare(a, b) == 0 {
            if worst == nil || lines[b] < lines[worst!.second] { worst = (a, b) }
        }
        if let (a, b) = worst {
            throw CheckpointError(
                file: file, location: "line \(lines[b])",
                reason: "duplicate variable '\(variables[b].name)' (first on line \(lines[a]))")
        }
        return order
    }

    struct ListingLineError: Error {
        var reason: String
    }

    /// `# <path> (<format>)`
    private static func sectionHeader(_ rest: ArraySlice<UInt8>) -> (String, CheckpointFormat)? {
        let text = String(decoding: rest, as: UTF8.self)
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let formatName = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard let format = CheckpointFormat(rawValue: String(formatName)) else { return nil }
        let path = text[..<open].trimmingBlanks()
        guard !path.isEmpty else { return nil }
        return (String(path), format)
    }

    static func parseLine(_ line: ArraySlice<UInt8>) throws(ListingLineError) -> CheckpointVariable {
        if line.first != UInt8(ascii: "\"") { return try parseUnquotedLine(line) }
        var text = Substring(String(decoding: line, as: UTF8.self)).trimmingBlanks()
        var quotedName: String?
        if text.first == "\"" {
            guard let (name, rest) = decodeQuoted(text) else {
                throw ListingLineError(reason: "unterminated or malformed quoted name")
            }
            guard rest.isEmpty || isBlank(rest.utf8.first ?? 0) else {
                throw ListingLineError(reason: "expected a blank after the quoted name")
            }
            quotedName = name
            text = rest.trimmingBlanks()
        }
        // dtype: the last word, if what precedes it ends a shape or it is a TF dtype name
        var dtype: String?
        if let blank = text.lastIndex(where: { $0 == " " || $0 == "\t" }) {
            let word = text[text.index(after: blank)...]
            let before = text[..<blank].trimmingBlanks()
            if !word.contains("[") && !word.contains("]") {
                let beforeEndsShape = before.hasSuffix("]") || before == "?" || before.hasSuffix(" ?")
                    || before.hasSuffix("\t?") || (quotedName != nil && before.isEmpty)
                if beforeEndsShape || TensorFlowDType.isDTypeName(String(word)) {
                    dtype = String(word)
                    text = before
                }
            }
        } else if quotedName != nil && !text.isEmpty && text != "?" && !text.hasPrefix("[") {
            dtype = String(text)
            text = ""
        }
        // shape: a trailing `[...]` or `?` preceded by a blank (or the whole rest after a quoted name)
        var shape: [Int]?
        if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
            let precededByBlank = open == text.startIndex
                || text[text.index(before: open)] == " " || text[text.index(before: open)] == "\t"
            if precededByBlank {
                shape = try parseShape(text[text.index(after: open)..<text.index(before: text.endIndex)])
                text = text[..<open].trimmingBlanks()
            }
        } else if text == "?" && quotedName != nil {
            text = ""
        } else if text.hasSuffix(" ?") || text.hasSuffix("\t?") {
            text = text.dropLast().trimmingBlanks()
        }
        if let quotedName {
            guard text.isEmpty else { throw ListingLineError(reason: "unexpected text '\(text)' after the quoted name") }
            return CheckpointVariable(name: quotedName, dtype: dtype, shape: shape)
        }
        guard !text.isEmpty else { throw ListingLineError(reason: "missing variable name") }
        return CheckpointVariable(name: String(text), dtype: dtype, shape: shape)
    }

    /// The same grammar as the quoted path, on bytes: every delimiter is ASCII, and listings of a
    /// million lines should not pay for grapheme-aware string slicing.
    static func parseUnquotedLine(_ line: ArraySlice<UInt8>) throws(ListingLineError) -> CheckpointVariable {
        try line.withUnsafeBufferPointer { (p) throws(ListingLineError) in try parseUnquotedLine(p, 0..<p.count) }
    }

    /// The same reading as `parseLine` for a line that does not start with a quote, on raw bytes.
    static func parseUnquotedLine(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(ListingLineError) -> CheckpointVariable {
        func trimmed(_ r: Range<Int>) -> Range<Int> {
            var lo = r.lowerBound, hi = r.upperBound
            while lo < hi, isBlank(p[lo]) { lo += 1 }
            while hi > lo, isBlank(p[hi - 1]) { hi -= 1 }
            return lo..<hi
        }
        func endsWithBlankQuestion(_ r: Range<Int>) -> Bool {
            r.count >= 2 && p[r.upperBound - 1] == UInt8(ascii: "?") && isBlank(p[r.upperBound - 2])
        }
        func lastIndex(in r: Range<Int>, where match: (UInt8) -> Bool) -> Int? {
            var i = r.upperBound
            while i > r.lowerBound {
                i -= 1
                if match(p[i]) { return i }
            }
            return nil
        }
        func text(_ r: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
        }
        var rest = trimmed(line)
        var dtype: String?
        if let blank = lastIndex(in: rest, where: isBlank) {
            let word = (blank + 1)..<rest.upperBound
            let before = trimmed(rest.lowerBound..<blank)
            if lastIndex(in: word, where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) == nil {
                let beforeEndsShape = (!before.isEmpty && p[before.upperBound - 1] == UInt8(ascii: "]"))
                    || (before.count == 1 && p[before.lowerBound] == UInt8(ascii: "?")) || endsWithBlankQuestion(before)
                let wordText = text(word)
                if beforeEndsShape || TensorFlowDType.isDTypeName(wordText) {
                    dtype = wordText
                    rest = before
                }
            }
        }
        var shape: [Int]?
        if !rest.isEmpty, p[rest.upperBound - 1] == UInt8(ascii: "]"),
           let open = lastIndex(in: rest, where: { $0 == UInt8(ascii: "[") }) {
            if open == rest.lowerBound || isBlank(p[open - 1]) {
                shape = try parseShapeBytes(UnsafeBufferPointer(rebasing: p[(open + 1)..<(rest.upperBound - 1)]))
                rest = trimmed(rest.lowerBound..<open)
            }
        } else if endsWithBlankQuestion(rest) {
            rest = trimmed(rest.lowerBound..<(rest.upperBound - 1))
        }
        guard !rest.isEmpty else { throw ListingLineError(reason: "missing variable name") }
        return CheckpointVariable(name: text(rest), dtype: dtype, shape: shape)
    }

    private static func parseShapeBytes(_ s: UnsafeBufferPointer<UInt8>) throws(ListingLineError) -> [Int] {
        var dims: [Int] = []
        dims.reserveCapacity(4)
        var value = 0
        var digits = 0
        var sawAny = false
        func bad() -> ListingLineError {
            ListingLineError(reason: "bad shape [\(String(decoding: s, as: UTF8.self))]: dimensions must be non-negative integers, like [512, 10]")
        }
        // A blank ends a number: `[2 3]` is no shape (the quoted-name reader says the same).
        var ended = false
        for b in s {
            if b >= 0x30 && b <= 0x39 {
                if ended { throw bad() }
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(b - 0x30))
                if o1 || o2 { throw bad() }
                value = a
                digits += 1
                sawAny = true
            } else if b == UInt8(ascii: ",") {
                if digits == 0 { throw bad() }
                dims.append(value)
                value = 0
                digits = 0
                ended = false
                sawAny = true
            } else if isBlank(b) {
                if digits > 0 { ended = true }
            } else {
                throw bad()
            }
        }
        if !sawAny { return [] }
        if digits == 0 { throw bad() }
        dims.append(value)
        return dims
    }

    private static func parseShape(_ s: Substring) throws(ListingLineError) -> [Int] {
        let inner = s.trimmingBlanks()
        if inner.isEmpty { return [] }
        var dims: [Int] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let t = part.trimmingBlanks()
            guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), let d = Int(t) else {
                throw ListingLineError(reason: "bad shape [\(s)]: dimensions must be non-negative integers, like [512, 10]")
            }
            dims.append(d)
        }
        return dims
    }

    /// A JSON string literal at the start of `s`: the decoded string and the rest.
    static func decodeQuoted(_ s: Substring) -> (String, Substring)? {
        var scalars = String.UnicodeScalarView()
        var it = s.unicodeScalars.index(after: s.unicodeScalars.startIndex)
        let u = s.unicodeScalars
        func hex4(_ i: inout Substring.UnicodeScalarView.Index) -> UInt32? {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard i < u.endIndex, let d = Int(String(u[i]), radix: 16) else { return nil }
                v = v << 4 | UInt32(d)
                i = u.index(after: i)
            }
            return v
        }
        while it < u.endIndex {
            let c = u[it]
            it = u.index(after: it)
            switch c {
            case "\"":
                return (String(scalars), Substring(u[it...]))
            case "\\":
                guard it < u.endIndex else { return nil }
                let e = u[it]
                it = u.index(after: it)
                switch e {
                case "\"": scalars.append("\"")
                case "\\": scalars.append("\\")
                case "/": scalars.append("/")
                case "b": scalars.append("\u{08}")
                case "f": scalars.append("\u{0C}")
                case "n": scalars.append("\n")
                case "r": scalars.append("\r")
                case "t": scalars.append("\t")
                case "u":
                    guard let v = hex4(&it) else { return nil }
                    if (0xD800..<0xDC00).contains(v) {
                        guard it < u.endIndex, u[it] == "\\" else { return nil }
                        it = u.index(after: it)
                        guard it < u.endIndex, u[it] == "u" else { return nil }
                        it = u.index(after: it)
                        guard let lo = hex4(&it), (0xDC00..<0xE000).contains(lo),
                              let scalar = Unicode.Scalar(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00))
                        else { return nil }
                        scalars.append(scalar)
                    } else {
                        guard let scalar = Unicode.Scalar(v) else { return nil }
                        scalars.append(scalar)
                    }
                default: return nil
                }
            default:
                scalars.append(c)
            }
        }
        return nil
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    // MARK: - Writing

    /// The listing of `checkpoints`: one line a variable, and `# <path> (<format>)` before each
    /// checkpoint when there are several.
    public static func render(_ checkpoints: [Checkpoint]) -> String {
        String(decoding: renderUTF8(checkpoints), as: UTF8.self)
    }

    /// `render` as UTF-8 bytes, built in one buffer (what `lint vars` writes).
    public static func renderUTF8(_ checkpoints: [Checkpoint]) -> [UInt8] {
        var out: [UInt8] = []
        var size = 0
        for c in checkpoints { size += c.variables.count * 32 }
        out.reserveCapacity(size)
        for c in checkpoints {
            if checkpoints.count > 1 { out.append(contentsOf: "# \(c.path) (\(c.format.rawValue))\n".utf8) }
            // A comment (read back as one): what else a .pt file holds. It never ends in ")", so it
            // is not taken for a section header.
            if let t = c.torch {
                var line = "# torch: \(t.contents.rawValue); top-level keys: \(t.topLevelKeys.joined(separator: ", "))"
                if let e = t.epoch { line += "; epoch \(e)" }
                if let s = t.step { line += "; step \(s)" }
                if t.legacy { line += "; legacy format" }
                out.append(contentsOf: (line + "\n").utf8)
            }
            for v in c.variables { appendLine(v, to: &out) }
        }
        return out
    }

    public static func line(_ variable: CheckpointVariable) -> String {
        var bytes: [UInt8] = []
        appendLine(variable, to: &bytes)
        bytes.removeLast()
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendLine(_ v: CheckpointVariable, to out: inout [UInt8]) {
        if needsQuotes(v.name) {
            var quoted = ""
            JSONOutput.writeString(v.name, into: &quoted)
            out.append(contentsOf: quoted.utf8)
        } else {
            out.append(contentsOf: v.name.utf8)
        }
        if let shape = v.shape {
            out.append(0x20)
            out.append(UInt8(ascii: "["))
            for (i, d) in shape.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")); out.append(0x20) }
                appendDecimal(d, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        } else if v.dtype != nil {
            out.append(0x20)
            out.append(UInt8(ascii: "?"))
        }
        if let dtype = v.dtype {
            out.append(0x20)
            out.append(contentsOf: dtype.utf8)
        }
        out.append(0x0A)
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(contentsOf: String(value).utf8)
            return
        }
        if value < 10 {
            out.append(UInt8(48 + value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            }
            while n > 0 {
                n -= 1
                out.append(d[n])
            }
        }
    }

    static func needsQuotes(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return true }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "#") || first == UInt8(ascii: "[") { return true }
        for b in name.utf8 where b <= 0x20 || b == 0x7F { return true }
        return false
    }
}

extension Substring {
    func trimmingBlanks() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

extension StringProtocol {
    func trimmingBlanks() -> Substring { Substring(self).trimmingBlanks() }
}
