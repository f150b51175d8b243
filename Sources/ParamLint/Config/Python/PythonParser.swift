import CJansson

/// Python keywords (and the soft keywords the extractor has to recognise at a statement start).
enum PyKeyword {
    case `false`, none, `true`, and, `as`, assert, async, await, `break`, `class`, `continue`, def, del, elif, `else`,
         except, finally, `for`, from, global, `if`, `import`, `in`, `is`, lambda, nonlocal, not, or, pass, raise,
         `return`, `try`, `while`, with, yield
    // soft keywords
    case match, `case`, type

    static let table: [ArraySlice<UInt8>: PyKeyword] = {
        let words: [(String, PyKeyword)] = [
            ("False", .false), ("None", .none), ("True", .true), ("and", .and), ("as", .as), ("assert", .assert),
            ("async", .async), ("await", .await), ("break", .break), ("class", .class), ("continue", .continue),
            ("def", .def), ("del", .del), ("elif", .elif), ("else", .else), ("except", .except), ("finally", .finally),
            ("for", .for), ("from", .from), ("global", .global), ("if", .if), ("import", .import), ("in", .in),
            ("is", .is), ("lambda", .lambda), ("nonlocal", .nonlocal), ("not", .not), ("or", .or), ("pass", .pass),
            ("raise", .raise), ("return", .return), ("try", .try), ("while", .while), ("with", .with),
            ("yield", .yield), ("match", .match), ("case", .case), ("type", .type),
        ]
        var table: [ArraySlice<UInt8>: PyKeyword] = [:]
        for (w, k) in words { table[ArraySlice(Array(w.utf8))] = k }
        return table
    }()

    var isSoft: Bool { self == .match || self == .case || self == .type }
}

/// What parsing one expression found: its node, plus what a statement needs to know to treat it
/// as an assignment target.
struct PyParsed {
    var node: ConfigNode
    /// `a.b.c` when the expression starts with a (dotted) name.
    var dottedName: String? = nil
    var firstName: String? = nil
    var firstNameRange: SourceRange? = nil
    /// A single name and nothing else.
    var isBareName = false
    /// A name followed only by `.attr` and `[...]` (an assignable target).
    var isTargetLike = false
    /// The expression ends in a call (`a.b(...)`).
    var endsWithCall = false
    /// A literal scalar (assigning to it is a syntax error).
    var isScalarLiteral = false
    /// `for` met at this level: the enclosing brackets hold a comprehension.
    var comprehension = false
    /// An unparenthesized tuple of targets `a, b`: their names (nil when not all are names).
    var tupleNames: [(String, SourceRange)]? = nil
}

/// The statement-level extractor: reads top-level statements, turns literal assignments into the
/// config tree, skips everything else token by token (so the whole file is still tokenized and
/// Python's syntax errors are found), and marks what only Python could know as dynamic.
struct PyParser {
    var lexer: PyLexer
    let bytes: [UInt8]
    let lines: LineIndex
    var lookahead: [PyToken] = []
    var cur: PyToken
    var lastEnd: SourcePosition

    var members: [ConfigMember] = []
    var memberIndex: [String: Int] = [:]
    var documentDuplicates: [DuplicateKey] = []
    /// A dict literal had a non-string key, which this extractor stringifies; the evaluator keeps
    /// such a dict dynamic, so a file with one is not left to the extractor alone.
    var sawNonStringKey = false
    /// Where the last `def`/`class`/compound header ended (before its `:`).
    var headerEnd = SourcePosition.start
    var scratchDuplicates: [DuplicateKey] = []
    var extraNotes: [DynamicNote] = []
    /// Literal containers being read; beyond `maxNesting` the rest is skipped (iteratively) as dynamic,
    /// which bounds the recursion whatever the input.
    var nesting = 0
    static let maxNesting = 48

    init(bytes: [UInt8], lines: LineIndex) {
        self.bytes = bytes
        self.lines = lines
        lexer = PyLexer(bytes: bytes)
        cur = lexer.next()
        lastEnd = cur.start
    }

    var parserError: ConfigSyntaxError?
    var failed: Bool { parserError != nil || lexer.failed }
    /// The last token that was not NEWLINE/INDENT/DEDENT, and whether the last logical line ended in `:`.
    var previous: PyToken? = nil
    var lineFirst: PyToken? = nil
    var headerLineEnded = false

    /// The error to report: as in CPython, an error of the tokenizer anywhere in the file wins over
    /// an error of the parser, so after a parser error the rest of the file is still tokenized.
    mutating func finalError() -> ConfigSyntaxError? {
        if let parserError, lexer.error == nil {
            while lexer.error == nil, lexer.next().kind != .end {}
            return lexer.error ?? parserError
        }
        return lexer.error
    }

    // MARK: tokens

    mutating func advance() {
        let old = cur
        switch old.kind {
        case .newline:
            headerLineEnded = previous?.isOp(PyOp.colon) ?? false
            previous = nil
        case .indent, .dedent:
            previous = nil
        case .end:
            return
        default:
            lastEnd = old.end
            if previous == nil { lineFirst = old }
            previous = old
        }
        if lookahead.isEmpty {
            cur = lexer.next()
        } else {
            cur = lookahead.removeFirst()
        }
        if failed { return }
        checkAdjacency(old)
    }

    /// Token-pair checks that hold everywhere in Python, also in code the extractor only skips.
    mutating func checkAdjacency(_ old: PyToken) {
        let next = cur
        if old.kind == .newline {
            if headerLineEnded, next.kind != .indent {
                var what = "statement"
                var word = ""
                if let first = lineFirst, let k = keyword(first) {
                    word = text(first)
                    if k == .def || k == .async { what = "function definition" } else if k == .class { what = "class definition" }
                }
                let message = what == "statement" && !word.isEmpty
                    ? "expected an indented block after '\(word)' statement on line \(lineFirst!.start.line)"
                    : "expected an indented block after \(what) on line \(lineFirst?.start.line ?? next.start.line)"
                fail(message, at: next.start)
            } else if next.kind == .indent, !headerLineEnded {
                fail("unexpected indent", at: next.start)
            }
            return
        }
        if next.kind == .indent {
            if !(old.kind == .newline && headerLineEnded) { fail("unexpected indent", at: next.start) }
            return
        }
        if next.isOp(PyOp.semicolon), next.flags & PyOpFlag.inBrackets != 0 {
            fail("invalid syntax", at: next.start)
            return
        }
        guard let prev = previous else { return }
        if prev.kind == .op, needsOperandAfter(prev.op), !canStartOperand(next) {
            fail("invalid syntax", at: next.start)
            return
        }
        if prev.isOp(PyOp.dot), next.kind != .name, !next.isOp(PyOp.dot), !next.isOp(PyOp.ellipsis) {
            fail("invalid syntax", at: next.start)
            return
        }
        if endsOperand(prev), startsOperand(next, after: prev) {
            if nameIs(prev, "print"), lineFirst?.start.offset == prev.start.offset {
                fail("Missing parentheses in call to 'print'. Did you mean print(...)?", at: prev.start)
            } else if prev.inBrackets, next.inBrackets {
                fail("invalid syntax. Perhaps you forgot a comma?", at: prev.start)
            } else {
                fail("invalid syntax", at: next.start)
            }
        }
    }

    /// Operators that must be followed by an operand (not `*` and `/`: they also stand alone in
    /// parameter lists and `import *`).
    func needsOperandAfter(_ op: UInt32) -> Bool {
        switch op {
        case PyOp.star, PyOp.code("/"), PyOp.comma, PyOp.colon, PyOp.semicolon, PyOp.dot, PyOp.ellipsis: return false
        default: return !PyOp.isOpening(op) && !PyOp.isClosing(op)
        }
    }

    func canStartOperand(_ t: PyToken) -> Bool {
        switch t.kind {
        case .name, .number, .string: return true
        case .op:
            switch t.op {
            case PyOp.lparen, PyOp.lbracket, PyOp.lbrace, PyOp.minus, PyOp.plus, PyOp.tilde, PyOp.star, PyOp.doubleStar,
                 PyOp.ellipsis:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }

    func endsOperand(_ t: PyToken) -> Bool {
        switch t.kind {
        case .number, .string: return true
        case .name:
            guard let k = keyword(t) else { return true }
            return k == .true || k == .false || k == .none
        case .op: return t.op == PyOp.rparen || t.op == PyOp.rbracket || t.op == PyOp.rbrace
        default: return false
        }
    }

    func startsOperand(_ t: PyToken, after prev: PyToken) -> Bool {
        switch t.kind {
        case .number: return true
        case .string: return prev.kind != .string
        case .name:
            guard let k = keyword(t) else { return true }
            return k == .true || k == .false || k == .none
        case .op: return t.op == PyOp.lbrace
        default: return false
        }
    }

    mutating func peek(_ k: Int) -> PyToken {
        while lookahead.count < k { lookahead.append(lexer.next()) }
        return lookahead[k - 1]
    }

    mutating func fail(_ message: String, at p: SourcePosition) {
        if parserError == nil { parserError = ConfigSyntaxError(message: message, position: p) }
        lookahead.removeAll()
        cur = PyToken(kind: .end, start: p, end: p)
    }

    func keyword(_ t: PyToken) -> PyKeyword? {
        guard t.kind == .name else { return nil }
        let length = t.end.offset - t.start.offset
        guard length >= 2, length <= 8 else { return nil }
        return PyKeyword.table[bytes[t.start.offset..<t.end.offset]]
    }

    func isPlainName(_ t: PyToken) -> Bool {
        guard t.kind == .name else { return false }
        if let k = keyword(t) { return k.isSoft }
        return true
    }

    func text(_ t: PyToken) -> String { String(decoding: bytes[t.start.offset..<t.end.offset], as: UTF8.self) }

    func nameIs(_ t: PyToken, _ word: StaticString) -> Bool {
        guard t.kind == .name, t.end.offset - t.start.offset == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        var k = 0
        while k < word.utf8CodeUnitCount {
            if bytes[t.start.offset + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Source text of a range, whitespace runs collapsed, shortened for messages.
    func snippet(_ from: SourcePosition, _ to: SourcePosition) -> String {
        var out: [UInt8] = []
        var space = false
        var k = from.offset
        let end = min(to.offset, bytes.count)
        while k < end, out.count < 60 {
            let c = bytes[k]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x5C {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20); space = false }
                out.append(c)
            }
            k += 1
        }
        var s = String(decoding: out, as: UTF8.self)
        if k < end { s += "…" }
        return s
    }

    static func isStatementEnd(_ t: PyToken) -> Bool {
        switch t.kind {
        case .newline, .end: return true
        case .op: return t.op == PyOp.semicolon
        default: return false
        }
    }

    func isValueTerminator(_ t: PyToken) -> Bool {
        switch t.kind {
        case .newline, .end, .indent, .dedent: return true
        case .op:
            switch t.op {
            case PyOp.comma, PyOp.colon, PyOp.rparen, PyOp.rbracket, PyOp.rbrace, PyOp.semicolon, PyOp.assign: return true
            default: return PyOp.isAugmentedAssign(t.op)
            }
        default: return false
        }
    }

    // MARK: module

    mutating func parseModule() {
        while cur.kind != .end {
            switch cur.kind {
            case .newline, .dedent:
                advance()
            case .indent:
                fail("unexpected indent", at: cur.start)
            default:
                parseStatement()
            }
        }
    }

    mutating func parseStatement() {
        if cur.kind == .name, let k = keyword(cur) {
            switch k {
            case .def, .class:
                parseDefinition(start: cur.start)
                return
            case .async:
                let next = peek(1)
                if nameIs(next, "def") {
                    let start = cur.start
                    advance()
                    parseDefinition(start: start)
                } else {
                    advance()
                    parseCompound()
                }
                return
            case .if, .elif, .else, .for, .while, .with, .try, .except, .finally:
                parseCompound()
                return
            case .match:
                let next = peek(1)
                if next.kind == .name || next.kind == .number || next.kind == .string
                    || next.isOp(PyOp.lbracket) || next.isOp(PyOp.lbrace) || next.isOp(PyOp.minus) {
                    parseCompound()
                    return
                }
            case .type:
                if peek(1).kind == .name {
                    skipStatementTokens()
                    finishSimpleStatement()
                    return
                }
            case .import, .from:
                parseImport()
                finishSimpleStatement()
                return
            case .pass, .global, .nonlocal, .assert, .raise, .return, .break, .continue:
                skipStatementTokens()
                finishSimpleStatement()
                return
            case .del:
                parseDel()
                finishSimpleStatement()
                return
            default:
                break
            }
        }
        if cur.isOp(PyOp.at) {
            // A decorator line; the definition follows as its own statement.
            skipStatementTokens()
            if cur.kind == .newline { advance() }
            return
        }
        parseSimpleStatement()
        finishSimpleStatement()
    }

    /// After a simple statement: `;` and another statement, or the end of the line.
    mutating func finishSimpleStatement() {
        while true {
            if failed { return }
            if cur.kind == .newline || cur.kind == .end {
                if cur.kind == .newline { advance() }
                return
            }
            if cur.isOp(PyOp.semicolon) {
                advance()
                if cur.kind == .newline || cur.kind == .end { continue }
                if cur.kind == .name, let k = keyword(cur) {
                    switch k {
                    case .import, .from:
                        parseImport()
                        continue
                    case .pass, .global, .nonlocal, .assert, .raise, .return, .break, .continue:
                        skipStatementTokens()
                        continue
                    case .del:
                        parseDel()
                        continue
                    default:
                        break
                    }
                }
                parseSimpleStatement()
                continue
            }
            fail("invalid syntax", at: cur.start)
            return
        }
    }

    /// `import a.b as c, d` / `from .a import (b as c, d)`: checked, binds nothing in the tree.
    mutating func parseImport() {
        func dotted(_ p: inout PyParser) -> Bool {
            guard p.isPlainName(p.cur) else { return false }
            p.advance()
            while p.cur.isOp(PyOp.dot) {
                p.advance()
                guard p.isPlainName(p.cur) else { return false }
                p.advance()
            }
            return true
        }
        func alias(_ p: inout PyParser) -> Bool {
            if p.nameIs(p.cur, "as") {
                p.advance()
                guard p.isPlainName(p.cur) else { return false }
                p.advance()
            }
            return true
        }
        if nameIs(cur, "import") {
            advance()
            while true {
                guard dotted(&self), alias(&self) else { return fail("invalid syntax", at: cur.start) }
                if cur.isOp(PyOp.comma) { advance() } else { break }
            }
            return
        }
        advance()  // from
        var relative = false
        while cur.isOp(PyOp.dot) || cur.isOp(PyOp.ellipsis) {
            relative = true
            advance()
        }
        if !nameIs(cur, "import") {
            guard dotted(&self) else { return fail("invalid syntax", at: cur.start) }
        } else if !relative {
            return fail("invalid syntax", at: cur.start)
        }
        guard nameIs(cur, "import") else { return fail("invalid syntax", at: cur.start) }
        advance()
        if cur.isOp(PyOp.star) {
            advance()
            return
        }
        let parenthesized = cur.isOp(PyOp.lparen)
        if parenthesized { advance() }
        while true {
            guard isPlainName(cur) else { return fail("invalid syntax", at: cur.start) }
            advance()
            guard alias(&self) else { return fail("invalid syntax", at: cur.start) }
            if cur.isOp(PyOp.comma) {
                advance()
                if parenthesized, cur.isOp(PyOp.rparen) { break }
                continue
            }
            break
        }
        if parenthesized {
            guard cur.isOp(PyOp.rparen) else { return fail("invalid syntax", at: cur.start) }
            advance()
        }
    }

    /// Skips the tokens of one simple statement (to `;` or the end of the line).
    mutating func skipStatementTokens() {
        while !PyParser.isStatementEnd(cur) { advance() }
    }

    // MARK: simple statements

    mutating func parseSimpleStatement() {
        if parseLocalsUpdate() { return }
        let statementStart = cur.start
        var targets: [PyParsed] = []
        var simpleTargets: [(String, SourceRange)] = []
        var value: PyParsed
        scratchDuplicates.removeAll(keepingCapacity: true)
        while true {
            if isPlainName(cur), peek(1).isOp(PyOp.assign) {
                simpleTargets.append((text(cur), cur.range))
                var target = PyParsed(node: ConfigNode(value: .null, pointer: .root, range: cur.range))
                target.isBareName = true
                target.firstName = text(cur)
                target.firstNameRange = cur.range
                targets.append(target)
                advance(); advance()
                continue
            }
            let pointer = simpleTargets.first.map { JSONPointer([$0.0]) } ?? JSONPointer(["<expression>"])
            let mark = scratchDuplicates.count
            let segment = parseExpressionList(pointer)
            if failed { return }
            if cur.isOp(PyOp.assign) {
                if segment.isScalarLiteral {
                    fail("cannot assign to literal here. Maybe you meant '==' instead of '='?", at: segment.node.range.start)
                    return
                }
                scratchDuplicates.removeSubrange(mark...)
                targets.append(segment)
                advance()
                continue
            }
            value = segment
            break
        }
        let line = statementStart.line
        if cur.kind == .op, PyOp.isAugmentedAssign(cur.op), targets.isEmpty {
            let opText = PyOp.text(cur.op)
            advance()
            let valueStart = cur.start
            _ = skipExpressionRest()
            if let name = value.firstName, let nameRange = value.firstNameRange {
                markDynamic(name, keyRange: nameRange, range: SourceRange(start: valueStart, end: lastEnd),
                            reason: "augmented assignment \(opText) (line \(line))")
            }
            return
        }
        if cur.isOp(PyOp.colon), targets.isEmpty {
            // Annotated assignment `x: int = 1`.
            guard value.isTargetLike || value.isBareName else {
                fail("invalid syntax", at: cur.start)
                return
            }
            advance()
            _ = skipExpressionRest()
            guard cur.isOp(PyOp.assign) else { return }
            advance()
            if value.isBareName, let name = value.firstName, let nameRange = value.firstNameRange {
                scratchDuplicates.removeAll(keepingCapacity: true)
                let v = parseExpressionList(JSONPointer([name]))
                if failed { return }
                assign(name, keyRange: nameRange, node: v.node, newDuplicates: scratchDuplicates)
            } else {
                let valueStart = cur.start
                _ = skipExpressionRest()
                if let name = value.firstName, let nameRange = value.firstNameRange {
                    markDynamic(name, keyRange: nameRange, range: SourceRange(start: valueStart, end: lastEnd),
                                reason: "changed by an assignment to \(snippet(value.node.range.start, value.node.range.end)) (line \(line))")
                }
            }
            return
        }
        if targets.isEmpty {
            // An expression statement: a method call on a container changes it.
            if value.endsWithCall, let name = value.firstName, let index = memberIndex[name],
               (value.dottedName?.contains(".") ?? false) || !value.isTargetLike {
                switch members[index].node.value {
                case .object, .array:
                    markDynamic(name, keyRange: members[index].keyRange, range: value.node.range,
                                reason: "changed by \(snippet(value.node.range.start, value.node.range.end)) (line \(line))")
                default:
                    break
                }
            }
            return
        }
        let valueDuplicates = scratchDuplicates
        scratchDuplicates.removeAll(keepingCapacity: true)
        let basePointerCount = 1
        for target in targets {
            if target.isBareName, let name = target.firstName, let nameRange = target.firstNameRange {
                // The value was read with the first target's pointer: only further targets need a copy.
                let same = value.node.pointer.tokens.count == 1 && value.node.pointer.tokens[0] == name
                let node = same ? value.node : rebase(value.node, drop: basePointerCount, prefix: [name])
                let dups = same ? valueDuplicates : valueDuplicates.map { rebase($0, drop: basePointerCount, prefix: [name]) }
                assign(name, keyRange: nameRange, node: node, newDuplicates: dups)
            } else if let names = target.tupleNames {
                let elements = value.node.elements
                if let elements, elements.count == names.count {
                    for (k, (name, range)) in names.enumerated() {
                        let node = rebase(elements[k], drop: basePointerCount + 1, prefix: [name])
                        let prefix = value.node.pointer.appending(k)
                        let dups = valueDuplicates.filter { $0.objectPointer.tokens.starts(with: prefix.tokens) }
                            .map { rebase($0, drop: basePointerCount + 1, prefix: [name]) }
                        assign(name, keyRange: range, node: node, newDuplicates: dups)
                    }
                } else {
                    for (name, range) in names {
                        assign(name, keyRange: range,
                               node: ConfigNode(value: .dynamic(reason: "assigned by tuple unpacking (line \(line))"),
                                                pointer: JSONPointer([name]), range: value.node.range),
                               newDuplicates: [])
                    }
                }
            } else if let name = target.firstName, let nameRange = target.firstNameRange, target.isTargetLike {
                let existingKeyRange = memberIndex[name].map { members[$0].keyRange } ?? nameRange
                markDynamic(name, keyRange: existingKeyRange,
                            range: SourceRange(start: target.node.range.start, end: value.node.range.end),
                            reason: "changed by an assignment to \(snippet(target.node.range.start, target.node.range.end)) (line \(line))")
            }
        }
    }

    /// `del a, b[0]`: a name disappears; a subscript or attribute makes its base dynamic.
    mutating func parseDel() {
        let line = cur.start.line
        advance()
        while !PyParser.isStatementEnd(cur) {
            let p = parseValue(JSONPointer(["<del>"]))
            if failed { return }
            if p.isBareName, let name = p.firstName {
                removeMember(name)
            } else if let name = p.firstName, let index = memberIndex[name] {
                markDynamic(name, keyRange: members[index].keyRange, range: p.node.range,
                            reason: "changed by del \(snippet(p.node.range.start, p.node.range.end)) (line \(line))")
            }
            if cur.isOp(PyOp.comma) { advance() } else { break }
        }
    }

    /// `locals().update(**config)`, `locals().update(config)`, `globals().update(...)`.
    mutating func parseLocalsUpdate() -> Bool {
        guard nameIs(cur, "locals") || nameIs(cur, "globals"),
              peek(1).isOp(PyOp.lparen), peek(2).isOp(PyOp.rparen), peek(3).isOp(PyOp.dot),
              nameIs(peek(4), "update"), peek(5).isOp(PyOp.lparen) else { return false }
        let start = cur.start
        let line = start.line
        for _ in 0..<6 { advance() }
        if cur.isOp(PyOp.doubleStar) { advance() }
        if isPlainName(cur), peek(1).isOp(PyOp.rparen) {
            let name = text(cur)
            advance(); advance()
            mergeIntoTopLevel(name, statement: SourceRange(start: start, end: lastEnd))
            return true
        }
        if cur.isOp(PyOp.lbrace) {
            scratchDuplicates.removeAll(keepingCapacity: true)
            let p = parseValue(JSONPointer(["<update>"]))
            if failed { return true }
            if cur.isOp(PyOp.rparen), let inner = p.node.members {
                advance()
                let dups = scratchDuplicates
                scratchDuplicates.removeAll(keepingCapacity: true)
                for m in inner {
                    let node = rebase(m.node, drop: 2, prefix: [m.key])
                    let prefix = ["<update>", m.key]
                    let own = dups.filter { $0.objectPointer.tokens.starts(with: prefix) }.map { rebase($0, drop: 2, prefix: [m.key]) }
                    assign(m.key, keyRange: m.keyRange, node: node, newDuplicates: own)
                }
                // Duplicate keys of the literal itself.
                for d in dups where d.objectPointer.tokens == ["<update>"] {
                    documentDuplicates.append(DuplicateKey(objectPointer: .root, key: d.key, firstKeyRange: d.firstKeyRange,
                                                           laterKeyRange: d.laterKeyRange))
                }
                return true
            }
        }
        skipToClose()
        extraNotes.append(DynamicNote(pointer: .root, range: SourceRange(start: start, end: lastEnd),
                                      reason: "locals().update(...) with arguments not known statically (line \(line))"))
        return true
    }

    mutating func mergeIntoTopLevel(_ name: String, statement: SourceRange) {
        guard let index = memberIndex[name] else {
            extraNotes.append(DynamicNote(pointer: .root, range: statement,
                                          reason: "locals().update(**\(name)) with \(name) not assigned at top level (line \(statement.start.line))"))
            return
        }
        let member = members[index]
        guard let inner = member.node.members else {
            var why = "not a dict literal"
            if case .dynamic(let reason) = member.node.value { why = reason }
            extraNotes.append(DynamicNote(pointer: .root, range: statement,
                                          reason: "locals().update(**\(name)) with a value not known statically: \(why) (line \(statement.start.line))"))
            return
        }
        // The merged dict itself is left out of the tree: every option it sets is now a top-level
        // option, and keeping `/config` too would report each finding twice.
        let dups = documentDuplicates.filter { $0.objectPointer.tokens.first == name }
        removeMember(name)
        for m in inner {
            let node = rebase(m.node, drop: 2, prefix: [m.key])
            let prefix = [name, m.key]
            let own = dups.filter { $0.objectPointer.tokens.starts(with: prefix) }.map { rebase($0, drop: 2, prefix: [m.key]) }
            assign(m.key, keyRange: m.keyRange, node: node, newDuplicates: own)
        }
        for d in dups where d.objectPointer.tokens == [name] {
            documentDuplicates.append(DuplicateKey(objectPointer: .root, key: d.key, firstKeyRange: d.firstKeyRange,
                                                   laterKeyRange: d.laterKeyRange))
        }
    }

    // MARK: the top-level namespace

    mutating func assign(_ name: String, keyRange: SourceRange, node: ConfigNode, newDuplicates: [DuplicateKey]) {
        let member = ConfigMember(key: name, keyRange: keyRange, node: node)
        if let index = memberIndex[name] {
            members[index] = member
            if !documentDuplicates.isEmpty { documentDuplicates.removeAll { $0.objectPointer.tokens.first == name } }
        } else {
            memberIndex[name] = members.count
            members.append(member)
        }
        documentDuplicates.append(contentsOf: newDuplicates)
    }

    mutating func markDynamic(_ name: String, keyRange: SourceRange, range: SourceRange, reason: String) {
        let keyRange = memberIndex[name].map { members[$0].keyRange } ?? keyRange
        assign(name, keyRange: keyRange,
               node: ConfigNode(value: .dynamic(reason: reason), pointer: JSONPointer([name]), range: range),
               newDuplicates: [])
    }

    mutating func removeMember(_ name: String) {
        guard let index = memberIndex[name] else { return }
        members.remove(at: index)
        memberIndex.removeAll(keepingCapacity: true)
        for (k, m) in members.enumerated() { memberIndex[m.key] = k }
        if !documentDuplicates.isEmpty { documentDuplicates.removeAll { $0.objectPointer.tokens.first == name } }
    }

    func rebase(_ node: ConfigNode, drop: Int, prefix: [String]) -> ConfigNode {
        var n = node
        n.pointer = JSONPointer(prefix + node.pointer.tokens.dropFirst(drop))
        switch n.value {
        case .object(let members):
            n.value = .object(members.map { m in
                var m = m
                m.node = rebase(m.node, drop: drop, prefix: prefix)
                return m
            })
        case .array(let elements):
            n.value = .array(elements.map { rebase($0, drop: drop, prefix: prefix) })
        default:
            break
        }
        return n
    }

    mutating func rebaseScratchDuplicates(from mark: Int, drop: Int, prefix: [String]) {
        var k = mark
        while k < scratchDuplicates.count {
            scratchDuplicates[k] = rebase(scratchDuplicates[k], drop: drop, prefix: prefix)
            k += 1
        }
    }

    func rebase(_ d: DuplicateKey, drop: Int, prefix: [String]) -> DuplicateKey {
        var d = d
        d.objectPointer = JSONPointer(prefix + d.objectPointer.tokens.dropFirst(drop))
        return d
    }

    // MARK: compound statements

    mutating func parseDefinition(start: SourcePosition) {
        let isAsync = start != cur.start
        let isClass = nameIs(cur, "class")
        advance()
        guard isPlainName(cur) else {
            fail("invalid syntax", at: cur.start)
            return
        }
        let name = text(cur)
        advance()
        guard skipHeader() else { return }
        // The binding's range is the header, `def`/`class` to before the `:`, as the evaluator has it.
        let header = SourceRange(start: start, end: headerEnd)
        parseBody(keyword: isClass ? "class" : "def", line: start.line, reason: nil)
        if failed { return }
        let reason = isClass ? "class \(name)" : isAsync ? "async function \(name)" : "function \(name)"
        assign(name, keyRange: header,
               node: ConfigNode(value: .dynamic(reason: reason), pointer: JSONPointer([name]), range: header),
               newDuplicates: [])
    }

    mutating func parseCompound() {
        let keywordToken = cur
        let kw = text(keywordToken)
        advance()
        var reason: String? = "assigned inside `\(kw)` block (line \(keywordToken.start.line))"
        if kw == "if", nameIs(cur, "__name__"), peek(1).isOp(PyOp.equal), peek(2).kind == .string,
           peek(3).isOp(PyOp.colon), PyStringDecoder.string(bytes, tokens: [peek(2)]) == "__main__" {
            // RETURNN does not run a config as __main__: this block never runs.
            reason = nil
        }
        guard skipHeader() else { return }
        parseBody(keyword: kw, line: keywordToken.start.line, reason: reason)
    }

    /// Skips a compound statement's header up to and including its `:`.
    mutating func skipHeader() -> Bool {
        var depth = 0
        var lambdas = 0
        while true {
            if failed { return false }
            switch cur.kind {
            case .newline, .end, .indent, .dedent:
                fail("expected ':'", at: cur.start)
                return false
            case .op:
                if PyOp.isOpening(cur.op) {
                    depth += 1
                } else if PyOp.isClosing(cur.op) {
                    depth -= 1
                } else if depth == 0, cur.op == PyOp.colon {
                    if lambdas > 0 {
                        lambdas -= 1
                    } else {
                        headerEnd = lastEnd
                        advance()
                        return true
                    }
                }
            case .name:
                if depth == 0, nameIs(cur, "lambda") { lambdas += 1 }
            default:
                break
            }
            advance()
        }
    }

    /// The body after a header's `:`: an indented block or simple statements on the same line.
    /// With a `reason`, top-level names assigned in it (outside nested def/class bodies) become dynamic.
    mutating func parseBody(keyword: String, line: Int, reason: String?) {
        if cur.kind == .newline {
            advance()
            guard cur.kind == .indent else {
                fail("expected an indented block after '\(keyword)' statement on line \(line)", at: cur.start)
                return
            }
            advance()
            skipBlock(reason: reason, oneLine: false)
        } else {
            skipBlock(reason: reason, oneLine: true)
        }
    }

    mutating func skipBlock(reason: String?, oneLine: Bool) {
        var level = 1
        var depth = 0
        var atStatementStart = true
        var defLevels: [Int] = []
        var pendingDef = false
        // The statement being skipped, when it may assign a top-level name.
        var pendingName: (String, SourceRange)? = nil
        var pendingStart = cur.start
        var pendingAssigns = false
        var needColon = false
        var lambdas = 0

        func inDefinition() -> Bool {
            if let last = defLevels.last { return level >= last }
            return false
        }

        while true {
            if failed { return }
            let t = cur
            if atStatementStart, depth == 0 {
                if let (name, range) = pendingName, pendingAssigns, let reason {
                    markDynamic(name, keyRange: range, range: SourceRange(start: pendingStart, end: lastEnd), reason: reason)
                }
                pendingName = nil
                pendingAssigns = false
                if t.kind != .newline, t.kind != .indent, t.kind != .dedent, t.kind != .end {
                    if pendingDef, t.kind != .newline { pendingDef = false }
                    if reason != nil, !inDefinition() {
                        if isPlainName(t) {
                            pendingName = (text(t), t.range)
                            pendingStart = t.start
                        } else if nameIs(t, "def") || nameIs(t, "class") || (nameIs(t, "async") && nameIs(peek(1), "def")) {
                            let nameToken = nameIs(t, "async") ? peek(2) : peek(1)
                            if isPlainName(nameToken) {
                                pendingName = (text(nameToken), nameToken.range)
                                pendingStart = t.start
                                pendingAssigns = true
                            }
                        }
                    }
                    if nameIs(t, "def") || nameIs(t, "class") { pendingDef = true }
                    if let k = keyword(t) {
                        switch k {
                        case .if, .elif, .else, .for, .while, .with, .try, .except, .finally, .def, .class, .async:
                            needColon = true
                        default:
                            break
                        }
                    }
                    atStatementStart = false
                }
            }
            if t.kind == .newline, needColon {
                fail("expected ':'", at: t.start)
                return
            }
            switch t.kind {
            case .end:
                return
            case .newline:
                if oneLine {
                    atStatementStart = true
                    // Flush the pending record, then stop at the newline (the caller consumes it).
                    if let (name, range) = pendingName, pendingAssigns, let reason {
                        markDynamic(name, keyRange: range, range: SourceRange(start: pendingStart, end: lastEnd), reason: reason)
                    }
                    return
                }
                atStatementStart = true
                advance()
                continue
            case .indent:
                level += 1
                if pendingDef {
                    defLevels.append(level)
                    pendingDef = false
                }
                atStatementStart = true
                advance()
                continue
            case .dedent:
                level -= 1
                while let last = defLevels.last, level < last { defLevels.removeLast() }
                advance()
                if level == 0 {
                    if let (name, range) = pendingName, pendingAssigns, let reason {
                        markDynamic(name, keyRange: range, range: SourceRange(start: pendingStart, end: lastEnd), reason: reason)
                    }
                    return
                }
                atStatementStart = true
                continue
            case .op:
                if PyOp.isOpening(t.op) {
                    depth += 1
                } else if PyOp.isClosing(t.op) {
                    depth = max(0, depth - 1)
                } else if depth == 0 {
                    if t.op == PyOp.colon {
                        if lambdas > 0 { lambdas -= 1 } else { needColon = false }
                    }
                    if t.op == PyOp.assign || PyOp.isAugmentedAssign(t.op) {
                        pendingAssigns = true
                    } else if t.op == PyOp.semicolon {
                        advance()
                        atStatementStart = true
                        continue
                    }
                }
            case .name:
                if depth == 0, needColon, nameIs(t, "lambda") { lambdas += 1 }
            default:
                break
            }
            advance()
        }
    }

    // MARK: expressions

    /// An expression, or an unparenthesized tuple `a, b` (statement level).
    mutating func parseExpressionList(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        let mark = scratchDuplicates.count
        var first = parseValue(pointer)
        if failed || !cur.isOp(PyOp.comma) { return first }
        var elements = [rebase(first.node, drop: pointer.tokens.count, prefix: pointer.tokens + ["0"])]
        rebaseScratchDuplicates(from: mark, drop: pointer.tokens.count, prefix: pointer.tokens + ["0"])
        var names: [(String, SourceRange)]? = first.isBareName ? [(first.firstName!, first.firstNameRange!)] : nil
        while cur.isOp(PyOp.comma) {
            advance()
            if PyParser.isStatementEnd(cur) || cur.isOp(PyOp.assign) || cur.isOp(PyOp.colon)
                || (cur.kind == .op && PyOp.isAugmentedAssign(cur.op)) { break }
            let e = parseValue(PyParser.child(pointer, String(elements.count)))
            if failed { return first }
            elements.append(e.node)
            if e.isBareName, let n = e.firstName, let r = e.firstNameRange { names?.append((n, r)) } else { names = nil }
        }
        first.node = ConfigNode(value: .array(elements), pointer: pointer, range: SourceRange(start: start, end: lastEnd))
        first.tupleNames = names
        first.isBareName = false
        first.isTargetLike = false
        first.isScalarLiteral = false
        first.endsWithCall = false
        return first
    }

    mutating func parseValue(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        var p = parseAtom(pointer)
        if failed || isValueTerminator(cur) { return p }
        let t = cur
        var reason: String
        if t.kind == .op {
            if t.op == PyOp.lparen, let dotted = p.dottedName {
                reason = "call to \(dotted)()"
            } else {
                reason = ""
            }
        } else if let k = keyword(t), [.if, .else, .for, .async, .and, .or, .not, .in, .is].contains(k) {
            reason = ""
        } else {
            fail("invalid syntax", at: t.start)
            return p
        }
        let wasName = p.isBareName || p.dottedName != nil
        let rest = skipExpressionRest()
        if reason.isEmpty {
            reason = rest.sawFor && !rest.sawOther ? "comprehension" : "expression \(snippet(start, lastEnd))"
        }
        p.node = ConfigNode(value: .dynamic(reason: reason), pointer: pointer, range: SourceRange(start: start, end: lastEnd))
        p.comprehension = rest.sawFor
        p.isBareName = false
        p.isScalarLiteral = false
        p.isTargetLike = wasName && rest.targetLike
        p.endsWithCall = rest.endsWithCall
        return p
    }

    struct SkipInfo {
        var targetLike = true
        var endsWithCall = false
        var sawFor = false
        var sawOther = false
    }

    /// Skips the rest of an expression, up to a terminator at its own bracket level.
    mutating func skipExpressionRest() -> SkipInfo {
        var info = SkipInfo()
        var depth = 0
        var lambdas = 0
        while true {
            let t = cur
            switch t.kind {
            case .end, .newline, .indent, .dedent:
                return info
            case .op:
                let op = t.op
                if depth == 0 {
                    if lambdas > 0, op == PyOp.comma || op == PyOp.assign {
                        // lambda parameters
                    } else if op == PyOp.comma || op == PyOp.rparen || op == PyOp.rbracket || op == PyOp.rbrace
                        || op == PyOp.semicolon || op == PyOp.assign || PyOp.isAugmentedAssign(op) {
                        return info
                    } else if op == PyOp.colon {
                        if lambdas > 0 { lambdas -= 1 } else { return info }
                    }
                    if op != PyOp.lparen, op != PyOp.lbracket, op != PyOp.dot { info.targetLike = false }
                    info.endsWithCall = false
                }
                if PyOp.isOpening(op) {
                    depth += 1
                } else if PyOp.isClosing(op) {
                    depth -= 1
                    if depth == 0 { info.endsWithCall = op == PyOp.rparen }
                }
            case .name:
                if depth == 0 {
                    info.endsWithCall = false
                    if let k = keyword(t), !k.isSoft, k != .true, k != .false, k != .none {
                        info.targetLike = false
                        switch k {
                        case .lambda: lambdas += 1
                        case .for, .async: info.sawFor = true
                        default: if !info.sawFor { info.sawOther = true }
                        }
                    }
                }
            default:
                if depth == 0 { info.endsWithCall = false }
            }
            advance()
        }
    }

    /// Inside brackets (the opening one consumed): skips to and past the matching closing one.
    mutating func skipToClose() {
        var depth = 1
        while cur.kind != .end {
            if cur.kind == .op {
                if PyOp.isOpening(cur.op) {
                    depth += 1
                } else if PyOp.isClosing(cur.op) {
                    depth -= 1
                    if depth == 0 {
                        advance()
                        return
                    }
                }
            }
            advance()
        }
    }

    func dynamic(_ reason: String, _ pointer: JSONPointer, _ start: SourcePosition) -> PyParsed {
        PyParsed(node: ConfigNode(value: .dynamic(reason: reason), pointer: pointer, range: SourceRange(start: start, end: lastEnd)))
    }

    mutating func parseAtom(_ pointer: JSONPointer) -> PyParsed {
        let t = cur
        let start = t.start
        switch t.kind {
        case .string:
            return parseStrings(pointer)
        case .number:
            advance()
            var p = PyParsed(node: ConfigNode(value: numberValue(t), pointer: pointer, range: t.range))
            p.isScalarLiteral = true
            return p
        case .name:
            if let k = keyword(t), !k.isSoft {
                switch k {
                case .true, .false, .none:
                    advance()
                    var p = PyParsed(node: ConfigNode(value: k == .none ? .null : .bool(k == .true), pointer: pointer, range: t.range))
                    p.isScalarLiteral = true
                    return p
                case .lambda:
                    _ = skipExpressionRest()
                    return dynamic("lambda", pointer, start)
                case .not, .await, .yield:
                    _ = skipExpressionRest()
                    return dynamic("expression \(snippet(start, lastEnd))", pointer, start)
                default:
                    fail("invalid syntax", at: t.start)
                    return dynamic("invalid", pointer, start)
                }
            }
            if nameIs(t, "json"), peek(1).isOp(PyOp.dot), nameIs(peek(2), "loads"), peek(3).isOp(PyOp.lparen),
               peek(4).kind == .string {
                return parseJSONLoads(pointer)
            }
            var dotted = text(t)
            let firstName = dotted
            advance()
            while cur.isOp(PyOp.dot), peek(1).kind == .name {
                advance()
                dotted += "." + text(cur)
                advance()
            }
            var p = dynamic(dotted.contains(".") ? "attribute \(dotted)" : "name \(dotted)", pointer, start)
            if !dotted.contains("."), let index = memberIndex[dotted] {
                // A name bound earlier to an immutable literal has that value here, as in Python.
                switch members[index].node.value {
                case .string, .int, .double, .bool, .null:
                    p.node = ConfigNode(value: members[index].node.value, pointer: pointer, range: t.range)
                default:
                    break
                }
            }
            p.dottedName = dotted
            p.firstName = firstName
            p.firstNameRange = t.range
            p.isBareName = !dotted.contains(".")
            p.isTargetLike = true
            return p
        case .op:
            switch t.op {
            case PyOp.lbrace: return parseDict(pointer)
            case PyOp.lbracket: return parseList(pointer)
            case PyOp.lparen: return parseParenthesized(pointer)
            case PyOp.minus, PyOp.plus, PyOp.tilde:
                // A chain of unary operators, read iteratively (no recursion on `- - - 1`).
                var negate = false
                var bitwise = false
                while cur.kind == .op, cur.op == PyOp.minus || cur.op == PyOp.plus || cur.op == PyOp.tilde {
                    if cur.op == PyOp.minus { negate.toggle() }
                    if cur.op == PyOp.tilde { bitwise = true }
                    advance()
                }
                let operand = parseAtom(pointer)
                if failed { return operand }
                if !bitwise {
                    let range = SourceRange(start: start, end: lastEnd)
                    var value: ConfigValue? = nil
                    switch operand.node.value {
                    case .int(let i): value = negate ? (i == Int.min ? .double(-Double(i)) : .int(-i)) : .int(i)
                    case .double(let d): value = .double(negate ? -d : d)
                    default: break
                    }
                    if let value {
                        var p = PyParsed(node: ConfigNode(value: value, pointer: pointer, range: range))
                        p.isScalarLiteral = true
                        return p
                    }
                }
                return dynamic("expression \(snippet(start, lastEnd))", pointer, start)
            case PyOp.ellipsis:
                advance()
                return dynamic("Ellipsis", pointer, start)
            case PyOp.star, PyOp.doubleStar:
                advance()
                _ = skipExpressionRest()
                return dynamic("unpacking \(snippet(start, lastEnd))", pointer, start)
            default:
                fail("invalid syntax", at: t.start)
                return dynamic("invalid", pointer, start)
            }
        default:
            fail("invalid syntax", at: t.start)
            return dynamic("invalid", pointer, start)
        }
    }

    func numberValue(_ t: PyToken) -> ConfigValue {
        if t.flags & PyNumberFlag.imaginary != 0 { return .dynamic(reason: "complex number") }
        if t.flags == 0, t.end.offset - t.start.offset <= 18 {
            // Plain decimal integer that fits: no string at all.
            var v = 0
            var plain = true
            for k in t.start.offset..<t.end.offset {
                let c = bytes[k]
                guard c >= 0x30, c <= 0x39 else { plain = false; break }
                v = v * 10 + Int(c - 0x30)
            }
            if plain { return .int(v) }
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(t.end.offset - t.start.offset)
        for k in t.start.offset..<t.end.offset where bytes[k] != 0x5F { digits.append(bytes[k]) }
        let text = String(decoding: digits, as: UTF8.self)
        if t.flags & PyNumberFlag.radixPrefix != 0 {
            let radix: Int
            switch digits[1] | 0x20 {
            case 0x78: radix = 16
            case 0x6F: radix = 8
            default: radix = 2
            }
            if let v = Int(text.dropFirst(2), radix: radix) { return .int(v) }
            return .dynamic(reason: "integer \(text) (too large or malformed)")
        }
        if t.flags & PyNumberFlag.float != 0 {
            if let d = Double(text) { return .double(d) }
            return .dynamic(reason: "number \(text)")
        }
        if let v = Int(text) { return .int(v) }
        return .dynamic(reason: "integer \(text) (too large)")
    }

    mutating func parseStrings(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        let first = cur
        if first.flags & PyStringFlag.placeholder == 0, peek(1).kind != .string {
            // One literal (the common case): no array of pieces.
            advance()
            var p = PyParsed(node: ConfigNode(value: .string(PyStringDecoder.string(bytes, token: first)), pointer: pointer,
                                              range: first.range))
            p.isScalarLiteral = true
            return p
        }
        var pieces: [PyToken] = []
        var formatted = false
        while cur.kind == .string {
            if let first = pieces.first, (first.flags ^ cur.flags) & PyStringFlag.bytes != 0 {
                fail("cannot mix bytes and nonbytes literals", at: cur.start)
                return dynamic("invalid", pointer, start)
            }
            if cur.flags & PyStringFlag.placeholder != 0 { formatted = true }
            pieces.append(cur)
            advance()
        }
        if formatted { return dynamic("f-string with placeholders", pointer, start) }
        var p = PyParsed(node: ConfigNode(value: .string(PyStringDecoder.string(bytes, tokens: pieces)), pointer: pointer,
                                          range: SourceRange(start: start, end: lastEnd)))
        p.isScalarLiteral = true
        return p
    }

    mutating func parseDict(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        if nesting >= PyParser.maxNesting {
            advance()
            skipToClose()
            return dynamic("literal nested too deeply", pointer, start)
        }
        nesting += 1
        defer { nesting -= 1 }
        advance()  // {
        var members: [ConfigMember] = []
        // Small dicts (nearly all) find a repeated key by a linear scan; big ones get an index.
        var index: [String: Int]? = nil
        var duplicates: [DuplicateKey] = []
        let mark = scratchDuplicates.count
        func addMember(_ key: String, _ keyRange: SourceRange, _ node: ConfigNode) {
            let member = ConfigMember(key: key, keyRange: keyRange, node: node)
            var existing: Int? = nil
            if let index {
                existing = index[key]
            } else {
                existing = members.firstIndex { $0.key == key }
                if members.count >= 16 {
                    var built: [String: Int] = [:]
                    for (n, m) in members.enumerated() { built[m.key] = n }
                    index = built
                }
            }
            if let existing {
                duplicates.append(DuplicateKey(objectPointer: pointer, key: key, firstKeyRange: members[existing].keyRange,
                                               laterKeyRange: keyRange))
                members[existing] = member
            } else {
                index?[key] = members.count
                members.append(member)
            }
        }
        func bail(_ parser: inout PyParser, _ reason: String) -> PyParsed {
            parser.skipToClose()
            if parser.scratchDuplicates.count > mark { parser.scratchDuplicates.removeSubrange(mark...) }
            return parser.dynamic(reason, pointer, start)
        }
        while !cur.isOp(PyOp.rbrace) {
            if failed { return dynamic("invalid", pointer, start) }
            if cur.isOp(PyOp.doubleStar) { return bail(&self, "dict with ** unpacking") }
            let keyToken = cur
            if keyToken.kind == .string, keyToken.flags & PyStringFlag.placeholder == 0, peek(1).isOp(PyOp.colon) {
                // A plain string key (nearly every key): decoded directly, no node built for it.
                advance()
                advance()  // :
                let key = PyStringDecoder.string(bytes, token: keyToken)
                let v = parseValue(PyParser.child(pointer, key))
                if failed { return v }
                if v.comprehension { return bail(&self, "dict comprehension") }
                addMember(key, keyToken.range, v.node)
                if cur.isOp(PyOp.comma) {
                    advance()
                    continue
                }
                if cur.isOp(PyOp.rbrace) { break }
                fail("invalid syntax. Perhaps you forgot a comma?", at: cur.start)
                return v
            }
            let k = parseValue(pointer)
            if failed { return k }
            if k.comprehension { return bail(&self, "set comprehension") }
            if members.isEmpty, cur.isOp(PyOp.comma) || cur.isOp(PyOp.rbrace) { return bail(&self, "set literal") }
            guard cur.isOp(PyOp.colon) else {
                // CPython points at the key's last character.
                fail("':' expected after dictionary key", at: lines.position(ofOffset: max(k.node.range.start.offset, k.node.range.end.offset - 1)))
                return k
            }
            advance()
            let key: String
            switch k.node.value {
            case .string(let s): key = s
            case .int(let i): key = String(i); sawNonStringKey = true
            case .double(let d): key = PyParser.pythonRepr(d); sawNonStringKey = true
            case .bool(let b): key = b ? "True" : "False"; sawNonStringKey = true
            case .null: key = "None"; sawNonStringKey = true
            default:
                let v = parseValue(pointer)
                if failed { return v }
                if v.comprehension { return bail(&self, "dict comprehension") }
                return bail(&self, "dict with a key computed at run time (\(snippet(keyToken.start, k.node.range.end)))")
            }
            let v = parseValue(PyParser.child(pointer, key))
            if failed { return v }
            if v.comprehension { return bail(&self, "dict comprehension") }
            addMember(key, k.node.range, v.node)
            if cur.isOp(PyOp.comma) {
                advance()
                continue
            }
            if cur.isOp(PyOp.rbrace) { break }
            fail("invalid syntax. Perhaps you forgot a comma?", at: cur.start)
            return v
        }
        advance()  // }
        if !duplicates.isEmpty { scratchDuplicates.append(contentsOf: duplicates) }
        return PyParsed(node: ConfigNode(value: .object(members), pointer: pointer, range: SourceRange(start: start, end: lastEnd)))
    }

    mutating func parseList(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        if nesting >= PyParser.maxNesting {
            advance()
            skipToClose()
            return dynamic("literal nested too deeply", pointer, start)
        }
        nesting += 1
        defer { nesting -= 1 }
        advance()  // [
        let mark = scratchDuplicates.count
        var elements: [ConfigNode] = []
        while !cur.isOp(PyOp.rbracket) {
            if failed { return dynamic("invalid", pointer, start) }
            if cur.isOp(PyOp.star) {
                skipToClose()
                if scratchDuplicates.count > mark { scratchDuplicates.removeSubrange(mark...) }
                return dynamic("list with * unpacking", pointer, start)
            }
            let e = parseValue(PyParser.child(pointer, String(elements.count)))
            if failed { return e }
            if e.comprehension {
                skipToClose()
                if scratchDuplicates.count > mark { scratchDuplicates.removeSubrange(mark...) }
                return dynamic("list comprehension", pointer, start)
            }
            elements.append(e.node)
            if cur.isOp(PyOp.comma) {
                advance()
                continue
            }
            if cur.isOp(PyOp.rbracket) { break }
            fail("invalid syntax. Perhaps you forgot a comma?", at: cur.start)
            return e
        }
        advance()  // ]
        return PyParsed(node: ConfigNode(value: .array(elements), pointer: pointer, range: SourceRange(start: start, end: lastEnd)))
    }

    mutating func parseParenthesized(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        if nesting >= PyParser.maxNesting {
            advance()
            skipToClose()
            return dynamic("literal nested too deeply", pointer, start)
        }
        nesting += 1
        defer { nesting -= 1 }
        advance()  // (
        let mark = scratchDuplicates.count
        var elements: [ConfigNode] = []
        var sawComma = false
        while !cur.isOp(PyOp.rparen) {
            if failed { return dynamic("invalid", pointer, start) }
            if cur.isOp(PyOp.star) {
                skipToClose()
                if scratchDuplicates.count > mark { scratchDuplicates.removeSubrange(mark...) }
                return dynamic("tuple with * unpacking", pointer, start)
            }
            if nameIs(cur, "yield") {
                skipToClose()
                return dynamic("yield expression", pointer, start)
            }
            let e = parseValue(PyParser.child(pointer, String(elements.count)))
            if failed { return e }
            if e.comprehension {
                skipToClose()
                if scratchDuplicates.count > mark { scratchDuplicates.removeSubrange(mark...) }
                return dynamic("generator expression", pointer, start)
            }
            elements.append(e.node)
            if cur.isOp(PyOp.comma) {
                sawComma = true
                advance()
                continue
            }
            if cur.isOp(PyOp.rparen) { break }
            fail("invalid syntax. Perhaps you forgot a comma?", at: cur.start)
            return e
        }
        advance()  // )
        let range = SourceRange(start: start, end: lastEnd)
        if elements.count == 1, !sawComma {
            // A parenthesized expression, not a tuple.
            var inner = rebase(elements[0], drop: pointer.tokens.count + 1, prefix: pointer.tokens)
            inner.range = range
            rebaseScratchDuplicates(from: mark, drop: pointer.tokens.count + 1, prefix: pointer.tokens)
            var p = PyParsed(node: inner)
            switch inner.value {
            case .string, .int, .double, .bool, .null: p.isScalarLiteral = true
            default: break
            }
            return p
        }
        return PyParsed(node: ConfigNode(value: .array(elements), pointer: pointer, range: range))
    }

    /// `json.loads("...")`: the embedded JSON becomes the value, its positions mapped back into the
    /// string literal (escapes included).
    mutating func parseJSONLoads(_ pointer: JSONPointer) -> PyParsed {
        let start = cur.start
        for _ in 0..<4 { advance() }  // json . loads (
        var pieces: [PyToken] = []
        var formatted = false
        while cur.kind == .string {
            if cur.flags & PyStringFlag.placeholder != 0 { formatted = true }
            pieces.append(cur)
            advance()
        }
        guard cur.isOp(PyOp.rparen) else {
            skipToClose()
            return dynamic("call to json.loads()", pointer, start)
        }
        advance()
        if formatted { return dynamic("json.loads of an f-string with placeholders", pointer, start) }
        if !isValueTerminator(cur) {
            var p = dynamic("call to json.loads()", pointer, start)
            p.dottedName = "json.loads"
            return p
        }
        var decoded: [UInt8] = []
        var map: [Int] = []
        for piece in pieces { PyStringDecoder.decode(bytes, token: piece, into: &decoded, map: &map, withMap: true) }
        map.append(pieces[pieces.count - 1].contentEnd)

        var error = json_error_t()
        let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL)
        let parsed: UnsafeMutablePointer<json_t>? = decoded.withUnsafeBytes { raw in
            json_loadb(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, flags, &error)
        }
        guard let json = parsed else {
            let message = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return dynamic("json.loads(...) fails: \(message)", pointer, start)
        }
        defer { pl_json_decref(json) }
        if PyParser.jsonDepth(decoded) > PyParser.maxNesting {
            return dynamic("json.loads of a document nested too deeply", pointer, start)
        }
        var scanner = JSONFrontEnd.Scanner(bytes: decoded, original: decoded)
        scanner.skipSpace()
        guard let node = scanner.value(json: json, pointer: pointer) else {
            return dynamic("json.loads of an empty document", pointer, start)
        }
        let lines = self.lines
        func position(_ decodedOffset: Int) -> SourcePosition {
            lines.position(ofOffset: map[max(0, min(decodedOffset, map.count - 1))])
        }
        func remap(_ r: SourceRange) -> SourceRange { SourceRange(start: position(r.start.offset), end: position(r.end.offset)) }
        func remap(_ n: ConfigNode) -> ConfigNode {
            var n = n
            n.range = remap(n.range)
            switch n.value {
            case .object(let ms):
                n.value = .object(ms.map { m in
                    var m = m
                    m.keyRange = remap(m.keyRange)
                    m.node = remap(m.node)
                    return m
                })
            case .array(let es):
                n.value = .array(es.map { remap($0) })
            default:
                break
            }
            return n
        }
        for d in scanner.duplicates {
            scratchDuplicates.append(DuplicateKey(objectPointer: d.objectPointer, key: d.key,
                                                  firstKeyRange: remap(d.firstKeyRange), laterKeyRange: remap(d.laterKeyRange)))
        }
        return PyParsed(node: remap(node))
    }

    /// `pointer.appending(token)`: one small allocation at most, whatever the depth.
    @inline(__always) static func child(_ pointer: JSONPointer, _ token: String) -> JSONPointer {
        pointer.appending(token)
    }

    /// Maximum bracket nesting of (valid) JSON text.
    static func jsonDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0, maximum = 0, k = 0
        while k < bytes.count {
            switch bytes[k] {
            case 0x22:
                k += 1
                while k < bytes.count, bytes[k] != 0x22 { k += bytes[k] == 0x5C ? 2 : 1 }
            case 0x5B, 0x7B:
                depth += 1
                maximum = max(maximum, depth)
            case 0x5D, 0x7D:
                depth -= 1
            default:
                break
            }
            k += 1
        }
        return maximum
    }

    /// Python's `repr` of a float, for dict keys.
    static func pythonRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return "\(d)"
    }
}
