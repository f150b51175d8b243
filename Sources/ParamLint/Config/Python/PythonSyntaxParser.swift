/// The parser from tokens to the syntax tree (`PythonSyntax.swift`) that `PyEvaluator` interprets.
///
/// It runs after `PyParser` has accepted the file, so it does not have to reproduce CPython's
/// error messages: the file is known to be valid Python (as far as CF001 checks). Where it still
/// meets something it does not parse, it gives up with a `ConfigSyntaxError` and the front end falls
/// back to the literal extractor; the tree is never guessed. Constructs the evaluator does not
/// interpret (`match`, `type X = ...`, `yield`, `await`) become `.unsupported` nodes.
///
/// Recursion is bounded (`maxDepth` nested expressions or blocks): a deeper file is given up on,
/// not allowed to exhaust the stack of a worker thread.
struct PySyntaxParser {
    static func parse(bytes: [UInt8]) -> Result<PyModule, Failure> {
        var parser = PySyntaxParser(bytes: bytes, lexer: PyLexer(bytes: bytes))
        do {
            let body = try parser.parseStatements(untilDedent: false)
            if let error = parser.lexer.error { return .failure(Failure(error: error)) }
            return .success(PyModule(body: body))
        } catch {
            return .failure(Failure(error: parser.lexer.error ?? error.error))
        }
    }

    /// Why the parser gave up (a tokenizer error wins, as in CPython).
    struct Failure: Error {
        var error: ConfigSyntaxError
    }

    static let maxDepth = 64

    let bytes: [UInt8]
    var lexer: PyLexer
    var cur: PyToken
    var lookahead: [PyToken] = []
    /// End of the last consumed token that is not NEWLINE/INDENT/DEDENT.
    var lastEnd: SourcePosition
    var depth = 0

    init(bytes: [UInt8], lexer: PyLexer) {
        self.bytes = bytes
        self.lexer = lexer
        cur = self.lexer.next()
        lastEnd = cur.start
    }

    // MARK: - Tokens

    mutating func advance() {
        if cur.kind != .newline && cur.kind != .indent && cur.kind != .dedent && cur.kind != .end { lastEnd = cur.end }
        cur = lookahead.isEmpty ? lexer.next() : lookahead.removeFirst()
    }

    mutating func peek(_ k: Int) -> PyToken {
        if k == 0 { return cur }
        while lookahead.count < k { lookahead.append(lexer.next()) }
        return lookahead[k - 1]
    }

    func fail(_ message: String, at p: SourcePosition) -> Failure {
        Failure(error: ConfigSyntaxError(message: message, position: p))
    }

    func unexpected() -> Failure {
        fail("unexpected token '\(text(cur))'", at: cur.start)
    }

    func text(_ t: PyToken) -> String {
        String(decoding: bytes[t.start.offset..<min(t.end.offset, bytes.count)], as: UTF8.self)
    }

    func keyword(_ t: PyToken) -> PyKeyword? {
        guard t.kind == .name else { return nil }
        return PyKeyword.table[bytes[t.start.offset..<t.end.offset]]
    }

    /// A keyword in the hard sense (`match`, `case`, `type` are names everywhere they are not statements).
    func isKeyword(_ t: PyToken, _ k: PyKeyword) -> Bool { keyword(t) == k }

    func isHardKeyword(_ t: PyToken) -> Bool {
        guard let k = keyword(t) else { return false }
        return !k.isSoft
    }

    @inline(__always) func isOp(_ code: UInt32) -> Bool { cur.isOp(code) }

    mutating func accept(_ code: UInt32) -> Bool {
        if cur.isOp(code) { advance(); return true }
        return false
    }

    mutating func expect(_ code: UInt32) throws(Failure) {
        guard cur.isOp(code) else { throw fail("expected '\(PyOp.text(code))'", at: cur.start) }
        advance()
    }

    mutating func acceptKeyword(_ k: PyKeyword) -> Bool {
        if isKeyword(cur, k) { advance(); return true }
        return false
    }

    mutating func expectKeyword(_ k: PyKeyword, _ word: String) throws(Failure) {
        guard acceptKeyword(k) else { throw fail("expected '\(word)'", at: cur.start) }
    }

    mutating func name() throws(Failure) -> String {
        guard cur.kind == .name, !isHardKeyword(cur) else { throw fail("expected a name", at: cur.start) }
        let s = text(cur)
        advance()
        return s
    }

    mutating func enter() throws(Failure) {
        depth += 1
        if depth > PySyntaxParser.maxDepth { throw fail("nesting too deep for the linter's parser", at: cur.start) }
    }

    func range(from start: SourcePosition) -> SourceRange { SourceRange(start: start, end: lastEnd) }

    func expr(_ kind: PyExprKind, _ start: SourcePosition) -> PyExpr { PyExpr(kind: kind, range: range(from: start)) }

    // MARK: - Statements

    /// Statements up to the end of the file, or up to the DEDENT that closes a block.
    mutating func parseStatements(untilDedent: Bool) throws(Failure) -> [PyStmt] {
        var body: [PyStmt] = []
        while true {
            switch cur.kind {
            case .end:
                if untilDedent { return body }
                return body
            case .dedent:
                if untilDedent { advance(); return body }
                advance()
            case .newline, .indent:
                // A stray INDENT cannot follow an accepted file; a NEWLINE alone is an empty line.
                advance()
            default:
                try parseStatement(into: &body)
            }
        }
    }

    mutating func parseStatement(into body: inout [PyStmt]) throws(Failure) {
        if let stmt = try parseCompound() {
            body.append(stmt)
            return
        }
        try parseSimpleLine(into: &body)
    }

    /// A block after `:`: an indented suite, or simple statements on the same line.
    mutating func parseBlock() throws(Failure) -> [PyStmt] {
        try expect(PyOp.colon)
        try enter()
        defer { depth -= 1 }
        if cur.kind == .newline {
            advance()
            guard cur.kind == .indent else { throw fail("expected an indented block", at: cur.start) }
            advance()
            return try parseStatements(untilDedent: true)
        }
        var body: [PyStmt] = []
        try parseSimpleLine(into: &body)
        return body
    }

    /// `stmt; stmt; ... NEWLINE`
    mutating func parseSimpleLine(into body: inout [PyStmt]) throws(Failure) {
        while true {
            body.append(try parseSimpleStatement())
            if accept(PyOp.semicolon) {
                if cur.kind == .newline || cur.kind == .end { break }
                continue
            }
            break
        }
        if cur.kind == .newline {
            advance()
        } else if cur.kind != .end {
            throw unexpected()
        }
    }

    mutating func parseCompound() throws(Failure) -> PyStmt? {
        let start = cur.start
        if isOp(PyOp.at) { return try parseDecorated() }
        guard cur.kind == .name else { return nil }
        switch keyword(cur) {
        case .if?:
            advance()
            return try parseIf(start: start)
        case .while?:
            advance()
            let test = try parseNamedExpression()
            let body = try parseBlock()
            let orelse = try parseElse()
            return PyStmt(kind: .while(test: test, body: body, orelse: orelse), range: range(from: start))
        case .for?:
            advance()
            return try parseFor(start: start, isAsync: false)
        case .with?:
            advance()
            return try parseWith(start: start)
        case .try?:
            advance()
            return try parseTry(start: start)
        case .def?:
            advance()
            return try parseDef(start: start, decorators: [], isAsync: false)
        case .class?:
            advance()
            return try parseClass(start: start, decorators: [])
        case .async?:
            advance()
            if acceptKeyword(.def) { return try parseDef(start: start, decorators: [], isAsync: true) }
            if acceptKeyword(.for) {
                let s = try parseFor(start: start, isAsync: true)
                return PyStmt(kind: .unsupported(what: "an async for loop"), range: s.range)
            }
            if acceptKeyword(.with) {
                let s = try parseWith(start: start)
                return PyStmt(kind: .unsupported(what: "an async with statement"), range: s.range)
            }
            throw unexpected()
        case .match?:
            if isMatchStatement() { return try skipMatch(start: start) }
            return nil
        default:
            return nil
        }
    }

    mutating func parseIf(start: SourcePosition) throws(Failure) -> PyStmt {
        let test = try parseNamedExpression()
        let body = try parseBlock()
        var orelse: [PyStmt] = []
        if isKeyword(cur, .elif) {
            let elifStart = cur.start
            advance()
            orelse = [try parseIf(start: elifStart)]
        } else {
            orelse = try parseElse()
        }
        return PyStmt(kind: .if(test: test, body: body, orelse: orelse), range: range(from: start))
    }

    mutating func parseElse() throws(Failure) -> [PyStmt] {
        guard acceptKeyword(.else) else { return [] }
        return try parseBlock()
    }

    mutating func parseFor(start: SourcePosition, isAsync: Bool) throws(Failure) -> PyStmt {
        let target = try parseTargetList()
        try expectKeyword(.in, "in")
        let iterable = try parseStarExpressions()
        let body = try parseBlock()
        let orelse = try parseElse()
        return PyStmt(kind: .for(target: target, iterable: iterable, body: body, orelse: orelse), range: range(from: start))
    }

    mutating func parseWith(start: SourcePosition) throws(Failure) -> PyStmt {
        var items: [PyWithItem] = []
        // `with (a as b, c as d):` — parenthesized items, told apart from a parenthesized expression
        // by what follows the closing bracket.
        if isOp(PyOp.lparen), parenthesizedWithItems() {
            advance()
            while !isOp(PyOp.rparen) {
                items.append(try parseWithItem())
                if !accept(PyOp.comma) { break }
            }
            try expect(PyOp.rparen)
        } else {
            repeat { items.append(try parseWithItem()) } while accept(PyOp.comma)
        }
        let body = try parseBlock()
        return PyStmt(kind: .with(items: items, body: body), range: range(from: start))
    }

    /// Whether `(` starts the parenthesized form of with-items: it contains `as` at its own level,
    /// or its closing bracket is directly followed by `:` and it holds a top-level comma.
    mutating func parenthesizedWithItems() -> Bool {
        var k = 1
        var level = 1
        var sawAs = false
        while true {
            let t = peek(k)
            if t.kind == .end || t.kind == .newline { return false }
            if t.kind == .op {
                if PyOp.isOpening(t.op) { level += 1 } else if PyOp.isClosing(t.op) {
                    level -= 1
                    if level == 0 { return sawAs || peek(k + 1).isOp(PyOp.colon) }
                }
            } else if level == 1, isKeyword(t, .as) {
                sawAs = true
            }
            k += 1
        }
    }

    mutating func parseWithItem() throws(Failure) -> PyWithItem {
        let context = try parseExpression()
        var target: PyExpr? = nil
        if acceptKeyword(.as) { target = try parseTarget() }
        return PyWithItem(context: context, target: target)
    }

    mutating func parseTry(start: SourcePosition) throws(Failure) -> PyStmt {
        let body = try parseBlock()
        var handlers: [PyExceptHandler] = []
        while isKeyword(cur, .except) {
            let hStart = cur.start
            advance()
            _ = accept(PyOp.star)  // except* groups: the same shape
            var type: PyExpr? = nil
            var name: String? = nil
            if !isOp(PyOp.colon) {
                type = try parseExpressionOrTuple()
                if acceptKeyword(.as) { name = try self.name() }
            }
            let hBody = try parseBlock()
            handlers.append(PyExceptHandler(type: type, name: name, body: hBody, range: range(from: hStart)))
        }
        let orelse = try parseElse()
        var finally: [PyStmt] = []
        if acceptKeyword(.finally) { finally = try parseBlock() }
        return PyStmt(kind: .try(body: body, handlers: handlers, orelse: orelse, finally: finally), range: range(from: start))
    }

    mutating func parseDecorated() throws(Failure) -> PyStmt {
        let start = cur.start
        var decorators: [PyExpr] = []
        while accept(PyOp.at) {
            decorators.append(try parseNamedExpression())
            guard cur.kind == .newline else { throw unexpected() }
            advance()
        }
        let defStart = cur.start
        if acceptKeyword(.def) {
            var s = try parseDef(start: defStart, decorators: decorators, isAsync: false)
            s.range = range(from: start)
            return s
        }
        if acceptKeyword(.class) {
            var s = try parseClass(start: defStart, decorators: decorators)
            s.range = range(from: start)
            return s
        }
        if acceptKeyword(.async), acceptKeyword(.def) {
            var s = try parseDef(start: defStart, decorators: decorators, isAsync: true)
            s.range = range(from: start)
            return s
        }
        throw unexpected()
    }

    mutating func parseDef(start: SourcePosition, decorators: [PyExpr], isAsync: Bool) throws(Failure) -> PyStmt {
        let name = try self.name()
        if isOp(PyOp.lbracket) { try skipBracketed() }  // type parameters (3.12)
        try expect(PyOp.lparen)
        let parameters = try parseParameters(closing: PyOp.rparen, annotations: true)
        try expect(PyOp.rparen)
        if isOp(PyOp.code("->")) {
            advance()
            _ = try parseExpression()
        }
        let header = range(from: start)
        let body = try parseBlock()
        let def = PyFunctionDef(name: name, parameters: parameters, body: body, decorators: decorators, isAsync: isAsync,
                                headerRange: header)
        return PyStmt(kind: .functionDef(def), range: range(from: start))
    }

    mutating func parseClass(start: SourcePosition, decorators: [PyExpr]) throws(Failure) -> PyStmt {
        let name = try self.name()
        if isOp(PyOp.lbracket) { try skipBracketed() }
        var bases: [PyArgument] = []
        if accept(PyOp.lparen) {
            bases = try parseArguments()
            try expect(PyOp.rparen)
        }
        let header = range(from: start)
        let body = try parseBlock()
        let def = PyClassDef(name: name, bases: bases, body: body, decorators: decorators, headerRange: header)
        return PyStmt(kind: .classDef(def), range: range(from: start))
    }

    /// Skips `[...]` with everything nested in it (type parameter lists, which configs never need).
    mutating func skipBracketed() throws(Failure) {
        var level = 0
        repeat {
            if cur.kind == .end { throw unexpected() }
            if cur.kind == .op {
                if PyOp.isOpening(cur.op) { level += 1 } else if PyOp.isClosing(cur.op) { level -= 1 }
            }
            advance()
        } while level > 0
    }

    /// Parameters of a `def` (with annotations) or a `lambda` (without), up to `closing`.
    mutating func parseParameters(closing: UInt32, annotations: Bool) throws(Failure) -> PyParameters {
        var parameters: [PyParameter] = []
        var afterStar = false
        while !isOp(closing) {
            let pStart = cur.start
            if accept(PyOp.code("**")) {
                let n = try name()
                if annotations, accept(PyOp.colon) { _ = try parseExpression() }
                parameters.append(PyParameter(name: n, kind: .varKeyword, defaultValue: nil, range: range(from: pStart)))
            } else if accept(PyOp.star) {
                afterStar = true
                if cur.kind == .name {
                    let n = try name()
                    if annotations, accept(PyOp.colon) {
                        _ = accept(PyOp.star)  // *args: *Ts
                        _ = try parseExpression()
                    }
                    parameters.append(PyParameter(name: n, kind: .varPositional, defaultValue: nil, range: range(from: pStart)))
                }
            } else if accept(PyOp.code("/")) {
                for k in parameters.indices where parameters[k].kind == .positionalOrKeyword {
                    parameters[k].kind = .positionalOnly
                }
            } else {
                let n = try name()
                if annotations, accept(PyOp.colon) { _ = try parseExpression() }
                var defaultValue: PyExpr? = nil
                if accept(PyOp.assign) { defaultValue = try parseExpression() }
                parameters.append(PyParameter(name: n, kind: afterStar ? .keywordOnly : .positionalOrKeyword,
                                              defaultValue: defaultValue, range: range(from: pStart)))
            }
            if !accept(PyOp.comma) { break }
        }
        return PyParameters(parameters: parameters)
    }

    /// `match subject:` at a statement start: the logical line ends in `:` (a call `match(x)` or an
    /// assignment `match = 1` does not).
    mutating func isMatchStatement() -> Bool {
        let next = peek(1)
        if next.kind == .newline || next.kind == .end { return false }
        if next.kind == .op, next.op == PyOp.assign || next.op == PyOp.dot || next.op == PyOp.comma
            || next.op == PyOp.colon || PyOp.isAugmentedAssign(next.op) || PyOp.isClosing(next.op)
        {
            return false
        }
        var k = 1
        var last = next
        while true {
            let t = peek(k)
            if t.kind == .newline || t.kind == .end { return last.isOp(PyOp.colon) }
            last = t
            k += 1
        }
    }

    /// A `match` statement becomes a chain of `if`s on conditions the evaluator cannot decide (the
    /// patterns are not evaluated): every name a case assigns is then dynamic, never dropped.
    mutating func skipMatch(start: SourcePosition) throws(Failure) -> PyStmt {
        advance()  // match
        let subjectStart = cur.start
        _ = try parseStarExpressions()
        let undecided = PyExpr(kind: .unsupported(what: "a match statement"), range: range(from: subjectStart))
        try expect(PyOp.colon)
        guard cur.kind == .newline else { throw unexpected() }
        advance()
        guard cur.kind == .indent else { throw fail("expected an indented block", at: cur.start) }
        advance()
        var cases: [(SourcePosition, [PyStmt])] = []
        while cur.kind != .dedent && cur.kind != .end {
            if cur.kind == .newline { advance(); continue }
            guard isKeyword(cur, .case) else { throw unexpected() }
            let caseStart = cur.start
            // The pattern and guard run up to the first `:` outside brackets.
            var level = 0
            while true {
                if cur.kind == .end || cur.kind == .newline { throw unexpected() }
                if cur.kind == .op {
                    if PyOp.isOpening(cur.op) { level += 1 } else if PyOp.isClosing(cur.op) { level -= 1 } else if level == 0, cur.op == PyOp.colon { break }
                }
                advance()
            }
            cases.append((caseStart, try parseBlock()))
        }
        if cur.kind == .dedent { advance() }
        var chain: [PyStmt] = []
        for (caseStart, body) in cases.reversed() {
            chain = [PyStmt(kind: .if(test: undecided, body: body, orelse: chain), range: range(from: caseStart))]
        }
        return PyStmt(kind: chain.first?.kind ?? .pass, range: range(from: start))
    }

    mutating func parseSimpleStatement() throws(Failure) -> PyStmt {
        let start = cur.start
        if cur.kind == .name {
            switch keyword(cur) {
            case .pass?:
                advance()
                return PyStmt(kind: .pass, range: range(from: start))
            case .break?:
                advance()
                return PyStmt(kind: .break, range: range(from: start))
            case .continue?:
                advance()
                return PyStmt(kind: .continue, range: range(from: start))
            case .return?:
                advance()
                let value = atStatementEnd() ? nil : try parseStarExpressions()
                return PyStmt(kind: .return(value), range: range(from: start))
            case .raise?:
                advance()
                var value: PyExpr? = nil
                if !atStatementEnd() {
                    value = try parseExpression()
                    if acceptKeyword(.from) { _ = try parseExpression() }
                }
                return PyStmt(kind: .raise(value), range: range(from: start))
            case .global?, .nonlocal?:
                let isGlobal = isKeyword(cur, .global)
                advance()
                var names: [String] = []
                repeat { names.append(try name()) } while accept(PyOp.comma)
                return PyStmt(kind: isGlobal ? .global(names) : .nonlocal(names), range: range(from: start))
            case .del?:
                advance()
                var targets: [PyExpr] = []
                repeat {
                    if atStatementEnd() { break }
                    targets.append(try parseTarget())
                } while accept(PyOp.comma)
                return PyStmt(kind: .delete(targets), range: range(from: start))
            case .assert?:
                advance()
                let test = try parseExpression()
                var message: PyExpr? = nil
                if accept(PyOp.comma) { message = try parseExpression() }
                return PyStmt(kind: .assert(test: test, message: message), range: range(from: start))
            case .import?:
                advance()
                var names: [PyImportAlias] = []
                repeat {
                    let aStart = cur.start
                    let dotted = try dottedName()
                    var asName: String? = nil
                    if acceptKeyword(.as) { asName = try name() }
                    names.append(PyImportAlias(name: dotted, asName: asName, range: range(from: aStart)))
                } while accept(PyOp.comma)
                return PyStmt(kind: .import(names), range: range(from: start))
            case .from?:
                advance()
                return try parseFromImport(start: start)
            case .type?:
                // `type X = ...` (3.12); `type = 3` and `type(x)` are ordinary statements.
                let next = peek(1)
                if next.kind == .name, !isHardKeyword(next), peek(2).isOp(PyOp.assign) || peek(2).isOp(PyOp.lbracket) {
                    while !atStatementEnd() { advance() }
                    return PyStmt(kind: .unsupported(what: "a type alias statement"), range: range(from: start))
                }
            default:
                break
            }
        }
        return try parseExpressionStatement(start: start)
    }

    func atStatementEnd() -> Bool {
        cur.kind == .newline || cur.kind == .end || cur.isOp(PyOp.semicolon)
    }

    mutating func dottedName() throws(Failure) -> String {
        var s = try name()
        while accept(PyOp.dot) { s += "." + (try name()) }
        return s
    }

    mutating func parseFromImport(start: SourcePosition) throws(Failure) -> PyStmt {
        var level = 0
        while cur.isOp(PyOp.dot) || cur.isOp(PyOp.ellipsis) {
            level += cur.isOp(PyOp.ellipsis) ? 3 : 1
            advance()
        }
        var module: String? = nil
        if !isKeyword(cur, .import) { module = try dottedName() }
        try expectKeyword(.import, "import")
        var names: [PyImportAlias] = []
        if isOp(PyOp.star) {
            names.append(PyImportAlias(name: "*", asName: nil, range: cur.range))
            advance()
        } else {
            let parenthesized = accept(PyOp.lparen)
            repeat {
                if parenthesized, isOp(PyOp.rparen) { break }
                let aStart = cur.start
                let n = try name()
                var asName: String? = nil
                if acceptKeyword(.as) { asName = try name() }
                names.append(PyImportAlias(name: n, asName: asName, range: range(from: aStart)))
            } while accept(PyOp.comma)
            if parenthesized { try expect(PyOp.rparen) }
        }
        return PyStmt(kind: .importFrom(module: module, level: level, names: names), range: range(from: start))
    }

    mutating func parseExpressionStatement(start: SourcePosition) throws(Failure) -> PyStmt {
        let first = try parseStarExpressions(allowYield: true)
        if cur.kind == .op {
            let op = cur.op
            if op == PyOp.assign {
                var targets = [first]
                var value = first
                while accept(PyOp.assign) {
                    value = try parseStarExpressions(allowYield: true)
                    targets.append(value)
                }
                targets.removeLast()
                return PyStmt(kind: .assign(targets: targets, value: value), range: range(from: start))
            }
            if op == PyOp.colon {
                advance()
                _ = try parseExpression()
                var value: PyExpr? = nil
                if accept(PyOp.assign) { value = try parseStarExpressions(allowYield: true) }
                return PyStmt(kind: .annotatedAssign(target: first, value: value), range: range(from: start))
            }
            if PyOp.isAugmentedAssign(op), let binary = PySyntaxParser.augmentedOperator(op) {
                advance()
                let value = try parseStarExpressions(allowYield: true)
                return PyStmt(kind: .augmentedAssign(target: first, op: binary, value: value), range: range(from: start))
            }
        }
        return PyStmt(kind: .expression(first), range: range(from: start))
    }

    static func augmentedOperator(_ op: UInt32) -> PyBinaryOperator? {
        // The operator without its trailing `=`.
        let text = PyOp.text(op)
        guard text.hasSuffix("=") else { return nil }
        return PyBinaryOperator(rawValue: String(text.dropLast()))
    }

    // MARK: - Targets

    /// `a`, `a, b`, `(a, b)`, `*rest`, `x.y`, `x[k]` as the target of a `for` (stops before `in`).
    mutating func parseTargetList() throws(Failure) -> PyExpr {
        let start = cur.start
        let first = try parseTarget()
        guard isOp(PyOp.comma) else { return first }
        var items = [first]
        while accept(PyOp.comma) {
            if isKeyword(cur, .in) || isOp(PyOp.assign) || isOp(PyOp.rparen) { break }
            items.append(try parseTarget())
        }
        return expr(.tuple(items), start)
    }

    mutating func parseTarget() throws(Failure) -> PyExpr {
        let start = cur.start
        if accept(PyOp.star) {
            let t = try parseTarget()
            return expr(.starred(t), start)
        }
        return try parseBitOr()
    }

    // MARK: - Expressions

    /// `a, b, *c` (a tuple when there is a comma), as on the right of `=` or after `return`.
    mutating func parseStarExpressions(allowYield: Bool = false) throws(Failure) -> PyExpr {
        let start = cur.start
        if allowYield, isKeyword(cur, .yield) { return try parseYield() }
        let first = try parseStarNamedExpression(named: false)
        guard isOp(PyOp.comma) else { return first }
        var items = [first]
        while accept(PyOp.comma) {
            if !canStartExpression() { break }
            items.append(try parseStarNamedExpression(named: false))
        }
        return expr(.tuple(items), start)
    }

    mutating func parseYield() throws(Failure) -> PyExpr {
        let start = cur.start
        advance()
        if acceptKeyword(.from) {
            _ = try parseExpression()
            return expr(.unsupported(what: "a yield from expression"), start)
        }
        if canStartExpression() { _ = try parseStarExpressions() }
        return expr(.unsupported(what: "a yield expression"), start)
    }

    /// Whether the current token can begin an expression (after a trailing comma it may not).
    func canStartExpression() -> Bool {
        switch cur.kind {
        case .name:
            guard let k = keyword(cur) else { return true }
            switch k {
            case .none, .true, .false, .not, .lambda, .await, .yield, .match, .case, .type: return true
            default: return false
            }
        case .number, .string:
            return true
        case .op:
            let op = cur.op
            return op == PyOp.lparen || op == PyOp.lbracket || op == PyOp.lbrace || op == PyOp.minus || op == PyOp.plus
                || op == PyOp.tilde || op == PyOp.star || op == PyOp.doubleStar || op == PyOp.ellipsis
        default:
            return false
        }
    }

    mutating func parseStarNamedExpression(named: Bool) throws(Failure) -> PyExpr {
        let start = cur.start
        if accept(PyOp.star) {
            let e = try parseBitOr()
            return expr(.starred(e), start)
        }
        return named ? try parseNamedExpression() : try parseExpression()
    }

    /// An expression or an unparenthesized tuple of them (`except A, B` in old code is not Python 3;
    /// this is `except (A, B)` written with the tuple's own parentheses, or a single type).
    mutating func parseExpressionOrTuple() throws(Failure) -> PyExpr {
        let start = cur.start
        let first = try parseExpression()
        guard isOp(PyOp.comma) else { return first }
        var items = [first]
        while accept(PyOp.comma) {
            if !canStartExpression() { break }
            items.append(try parseExpression())
        }
        return expr(.tuple(items), start)
    }

    /// `name := value` or an expression.
    mutating func parseNamedExpression() throws(Failure) -> PyExpr {
        if cur.kind == .name, !isHardKeyword(cur), peek(1).isOp(PyOp.code(":=")) {
            let start = cur.start
            let n = text(cur)
            advance()
            advance()
            let value = try parseExpression()
            return expr(.namedExpr(name: n, value: value), start)
        }
        return try parseExpression()
    }

    /// `a if b else c`, `lambda`, or a disjunction.
    mutating func parseExpression() throws(Failure) -> PyExpr {
        try enter()
        defer { depth -= 1 }
        let start = cur.start
        if isKeyword(cur, .lambda) { return try parseLambda() }
        let body = try parseOr()
        if isKeyword(cur, .if) {
            advance()
            let test = try parseOr()
            try expectKeyword(.else, "else")
            let orelse = try parseExpression()
            return expr(.conditional(test: test, body: body, orelse: orelse), start)
        }
        return body
    }

    /// An expression without a conditional or lambda at its top (the iterable of a comprehension,
    /// the condition of its `if`).
    mutating func parseOrNoConditional() throws(Failure) -> PyExpr {
        try enter()
        defer { depth -= 1 }
        if isKeyword(cur, .lambda) { return try parseLambda() }
        return try parseOr()
    }

    mutating func parseLambda() throws(Failure) -> PyExpr {
        let start = cur.start
        advance()
        let parameters = try parseParameters(closing: PyOp.colon, annotations: false)
        try expect(PyOp.colon)
        let body = try parseExpression()
        return expr(.lambda(parameters, body: body), start)
    }

    mutating func parseOr() throws(Failure) -> PyExpr {
        let start = cur.start
        let first = try parseAnd()
        guard isKeyword(cur, .or) else { return first }
        var items = [first]
        while acceptKeyword(.or) { items.append(try parseAnd()) }
        return expr(.boolean(isAnd: false, items), start)
    }

    mutating func parseAnd() throws(Failure) -> PyExpr {
        let start = cur.start
        let first = try parseNot()
        guard isKeyword(cur, .and) else { return first }
        var items = [first]
        while acceptKeyword(.and) { items.append(try parseNot()) }
        return expr(.boolean(isAnd: true, items), start)
    }

    mutating func parseNot() throws(Failure) -> PyExpr {
        let start = cur.start
        if acceptKeyword(.not) {
            try enter()
            defer { depth -= 1 }
            let operand = try parseNot()
            return expr(.unary(.not, operand), start)
        }
        return try parseComparison()
    }

    mutating func compareOperator() -> PyCompareOperator? {
        switch cur.kind {
        case .op:
            // Operator codes pack their bytes little-endian (`PyOp.code`).
            switch cur.op {
            case 0x3D3D: return .equal
            case 0x3D21: return .notEqual
            case 0x3C: return .less
            case 0x3D3C: return .lessEqual
            case 0x3E: return .greater
            case 0x3D3E: return .greaterEqual
            default: return nil
            }
        case .name:
            if isKeyword(cur, .in) { return .in }
            if isKeyword(cur, .is) { return isKeyword(peek(1), .not) ? .isNot : .is }
            if isKeyword(cur, .not), isKeyword(peek(1), .in) { return .notIn }
            return nil
        default:
            return nil
        }
    }

    mutating func parseComparison() throws(Failure) -> PyExpr {
        let start = cur.start
        let first = try parseBitOr()
        var rest: [(PyCompareOperator, PyExpr)] = []
        while let op = compareOperator() {
            advance()
            if op == .isNot || op == .notIn { advance() }
            rest.append((op, try parseBitOr()))
        }
        if rest.isEmpty { return first }
        return expr(.compare(first, rest), start)
    }

    /// The binary operator levels from `|` down to `* / // % @`, by precedence climbing.
    static func binaryPrecedence(_ op: UInt32) -> (PyBinaryOperator, Int)? {
        switch op {
        case 0x7C: return (.bitOr, 1)
        case 0x5E: return (.bitXor, 2)
        case 0x26: return (.bitAnd, 3)
        case 0x3C3C: return (.leftShift, 4)
        case 0x3E3E: return (.rightShift, 4)
        case 0x2B: return (.add, 5)
        case 0x2D: return (.subtract, 5)
        case 0x2A: return (.multiply, 6)
        case 0x2F: return (.divide, 6)
        case 0x2F2F: return (.floorDivide, 6)
        case 0x25: return (.modulo, 6)
        case 0x40: return (.matrixMultiply, 6)
        default: return nil
        }
    }

    mutating func parseBitOr() throws(Failure) -> PyExpr { try parseBinary(minimum: 1) }

    mutating func parseBinary(minimum: Int) throws(Failure) -> PyExpr {
        let start = cur.start
        var left = try parseUnary()
        while cur.kind == .op, let (op, level) = PySyntaxParser.binaryPrecedence(cur.op), level >= minimum {
            advance()
            let right = try parseBinary(minimum: level + 1)
            left = PyExpr(kind: .binary(op, left, right), range: range(from: start))
        }
        return left
    }

    mutating func parseUnary() throws(Failure) -> PyExpr {
        let start = cur.start
        if cur.kind == .op {
            let op: PyUnaryOperator?
            switch cur.op {
            case PyOp.minus: op = .minus
            case PyOp.plus: op = .plus
            case PyOp.tilde: op = .invert
            default: op = nil
            }
            if let op {
                advance()
                try enter()
                defer { depth -= 1 }
                // Bound first: `expr` reads `lastEnd` from `self` as it was before the call's arguments ran.
                let operand = try parseUnary()
                return expr(.unary(op, operand), start)
            }
        }
        return try parsePower()
    }

    mutating func parsePower() throws(Failure) -> PyExpr {
        let start = cur.start
        var base: PyExpr
        if isKeyword(cur, .await) {
            advance()
            _ = try parsePrimary()
            base = expr(.unsupported(what: "an await expression"), start)
        } else {
            base = try parsePrimary()
        }
        if accept(PyOp.doubleStar) {
            // Right-associative, and its right operand may be unary: `2 ** -1`.
            let exponent = try parseUnary()
            base = expr(.binary(.power, base, exponent), start)
        }
        return base
    }

    mutating func parsePrimary() throws(Failure) -> PyExpr {
        let start = cur.start
        var e = try parseAtom()
        while cur.kind == .op {
            if accept(PyOp.dot) {
                let n = try attributeName()
                e = expr(.attribute(e, n), start)
            } else if accept(PyOp.lparen) {
                let args = try parseArguments()
                try expect(PyOp.rparen)
                e = expr(.call(e, args), start)
            } else if accept(PyOp.lbracket) {
                let index = try parseSlices()
                try expect(PyOp.rbracket)
                e = expr(.subscript(e, index), start)
            } else {
                break
            }
        }
        return e
    }

    /// After `.`, any name (keywords are not attributes, but soft keywords are).
    mutating func attributeName() throws(Failure) -> String {
        guard cur.kind == .name else { throw fail("expected an attribute name", at: cur.start) }
        let s = text(cur)
        advance()
        return s
    }

    mutating func parseSlices() throws(Failure) -> PyExpr {
        let start = cur.start
        let first = try parseSlice()
        guard isOp(PyOp.comma) else { return first }
        var items = [first]
        while accept(PyOp.comma) {
            if isOp(PyOp.rbracket) { break }
            items.append(try parseSlice())
        }
        return expr(.tuple(items), start)
    }

    mutating func parseSlice() throws(Failure) -> PyExpr {
        let start = cur.start
        var lower: PyExpr? = nil
        if !isOp(PyOp.colon) {
            if isOp(PyOp.star) { return try parseStarNamedExpression(named: false) }
            let e = try parseNamedExpression()
            guard isOp(PyOp.colon) else { return e }
            lower = e
        }
        try expect(PyOp.colon)
        var upper: PyExpr? = nil
        if !isOp(PyOp.colon), !isOp(PyOp.comma), !isOp(PyOp.rbracket) { upper = try parseExpression() }
        var step: PyExpr? = nil
        if accept(PyOp.colon), !isOp(PyOp.comma), !isOp(PyOp.rbracket) { step = try parseExpression() }
        return expr(.slice(lower: lower, upper: upper, step: step), start)
    }

    /// Call arguments up to `)` (not consumed); a lone generator expression is one positional argument.
    mutating func parseArguments() throws(Failure) -> [PyArgument] {
        var args: [PyArgument] = []
        while !isOp(PyOp.rparen) {
            let aStart = cur.start
            if accept(PyOp.code("**")) {
                let value = try parseExpression()
                args.append(PyArgument(kind: .unpackMapping, value: value, range: range(from: aStart)))
            } else if accept(PyOp.star) {
                let value = try parseExpression()
                args.append(PyArgument(kind: .unpackIterable, value: value, range: range(from: aStart)))
            } else if cur.kind == .name, !isHardKeyword(cur), peek(1).isOp(PyOp.assign) {
                let n = text(cur)
                advance()
                advance()
                let value = try parseExpression()
                args.append(PyArgument(kind: .keyword(n), value: value, range: range(from: aStart)))
            } else {
                var value = try parseNamedExpression()
                if isKeyword(cur, .for) || (isKeyword(cur, .async) && isKeyword(peek(1), .for)) {
                    let clauses = try parseComprehensionClauses()
                    value = expr(.comprehension(PyComprehension(kind: .generator, element: value, value: nil, clauses: clauses)),
                                 aStart)
                }
                args.append(PyArgument(kind: .positional, value: value, range: range(from: aStart)))
            }
            if !accept(PyOp.comma) { break }
        }
        return args
    }

    mutating func parseComprehensionClauses() throws(Failure) -> [PyComprehensionClause] {
        var clauses: [PyComprehensionClause] = []
        while true {
            let isAsync = acceptKeyword(.async)
            guard acceptKeyword(.for) else {
                if isAsync { throw unexpected() }
                break
            }
            let target = try parseTargetList()
            try expectKeyword(.in, "in")
            let iterable = try parseOrNoConditional()
            var conditions: [PyExpr] = []
            while acceptKeyword(.if) { conditions.append(try parseOrNoConditional()) }
            clauses.append(PyComprehensionClause(target: target, iterable: iterable, conditions: conditions, isAsync: isAsync))
        }
        return clauses
    }

    func startsComprehension() -> Bool {
        isKeyword(cur, .for) || isKeyword(cur, .async)
    }

    mutating func parseAtom() throws(Failure) -> PyExpr {
        let start = cur.start
        switch cur.kind {
        case .name:
            if let k = keyword(cur) {
                switch k {
                case .none: advance(); return expr(.constant(.none), start)
                case .true: advance(); return expr(.constant(.bool(true)), start)
                case .false: advance(); return expr(.constant(.bool(false)), start)
                case .match, .case, .type: break
                default: throw unexpected()
                }
            }
            let n = text(cur)
            advance()
            return expr(.name(n), start)
        case .number:
            let t = cur
            advance()
            return expr(.constant(number(t)), start)
        case .string:
            return try parseStrings()
        case .op:
            switch cur.op {
            case PyOp.lparen: return try parseParenthesized()
            case PyOp.lbracket: return try parseListDisplay()
            case PyOp.lbrace: return try parseBraceDisplay()
            case PyOp.ellipsis:
                advance()
                return expr(.constant(.ellipsis), start)
            default:
                throw unexpected()
            }
        default:
            throw unexpected()
        }
    }

    mutating func parseParenthesized() throws(Failure) -> PyExpr {
        let start = cur.start
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(PyOp.rparen) { return expr(.tuple([]), start) }
        if isKeyword(cur, .yield) {
            let y = try parseYield()
            try expect(PyOp.rparen)
            return PyExpr(kind: y.kind, range: range(from: start))
        }
        let first = try parseStarNamedExpression(named: true)
        if startsComprehension() {
            let clauses = try parseComprehensionClauses()
            try expect(PyOp.rparen)
            return expr(.comprehension(PyComprehension(kind: .generator, element: first, value: nil, clauses: clauses)), start)
        }
        if accept(PyOp.rparen) {
            // A parenthesized expression keeps its own range: a finding points inside the brackets.
            if case .starred = first.kind { throw fail("cannot use starred expression here", at: first.range.start) }
            return first
        }
        var items = [first]
        while accept(PyOp.comma) {
            if isOp(PyOp.rparen) { break }
            items.append(try parseStarNamedExpression(named: true))
        }
        try expect(PyOp.rparen)
        return expr(.tuple(items), start)
    }

    mutating func parseListDisplay() throws(Failure) -> PyExpr {
        let start = cur.start
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(PyOp.rbracket) { return expr(.list([]), start) }
        let first = try parseStarNamedExpression(named: true)
        if startsComprehension() {
            let clauses = try parseComprehensionClauses()
            try expect(PyOp.rbracket)
            return expr(.comprehension(PyComprehension(kind: .list, element: first, value: nil, clauses: clauses)), start)
        }
        var items = [first]
        while accept(PyOp.comma) {
            if isOp(PyOp.rbracket) { break }
            items.append(try parseStarNamedExpression(named: true))
        }
        try expect(PyOp.rbracket)
        return expr(.list(items), start)
    }

    mutating func parseBraceDisplay() throws(Failure) -> PyExpr {
        let start = cur.start
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(PyOp.rbrace) { return expr(.dict([]), start) }
        // A dict: `k: v` or `**m` first; else a set.
        if accept(PyOp.doubleStar) {
            let m = try parseBitOr()
            return try parseDictRest(start: start, first: PyDictItem(key: nil, value: m))
        }
        let first = try parseStarNamedExpression(named: true)
        if accept(PyOp.colon) {
            let value = try parseExpression()
            if startsComprehension() {
                let clauses = try parseComprehensionClauses()
                try expect(PyOp.rbrace)
                return expr(.comprehension(PyComprehension(kind: .dict, element: first, value: value, clauses: clauses)), start)
            }
            return try parseDictRest(start: start, first: PyDictItem(key: first, value: value))
        }
        if startsComprehension() {
            let clauses = try parseComprehensionClauses()
            try expect(PyOp.rbrace)
            return expr(.comprehension(PyComprehension(kind: .set, element: first, value: nil, clauses: clauses)), start)
        }
        var items = [first]
        while accept(PyOp.comma) {
            if isOp(PyOp.rbrace) { break }
            items.append(try parseStarNamedExpression(named: true))
        }
        try expect(PyOp.rbrace)
        return expr(.set(items), start)
    }

    mutating func parseDictRest(start: SourcePosition, first: PyDictItem) throws(Failure) -> PyExpr {
        var items = [first]
        while accept(PyOp.comma) {
            if isOp(PyOp.rbrace) { break }
            if accept(PyOp.doubleStar) {
                items.append(PyDictItem(key: nil, value: try parseBitOr()))
                continue
            }
            let key = try parseExpression()
            try expect(PyOp.colon)
            items.append(PyDictItem(key: key, value: try parseExpression()))
        }
        try expect(PyOp.rbrace)
        return expr(.dict(items), start)
    }

    // MARK: - Literals

    func number(_ t: PyToken) -> PyConstant {
        var digits: [UInt8] = []
        digits.reserveCapacity(t.end.offset - t.start.offset)
        for k in t.start.offset..<t.end.offset where bytes[k] != 0x5F { digits.append(bytes[k]) }
        if t.flags & PyNumberFlag.imaginary != 0 {
            return .imaginary(Double(String(decoding: digits.dropLast(), as: UTF8.self)) ?? .nan)
        }
        let text = String(decoding: digits, as: UTF8.self)
        if t.flags & PyNumberFlag.radixPrefix != 0 {
            let radix: Int
            switch digits[1] | 0x20 {
            case 0x78: radix = 16
            case 0x6F: radix = 8
            default: radix = 2
            }
            if let v = Int(text.dropFirst(2), radix: radix) { return .int(v) }
            return .bigInt(text)
        }
        if t.flags & PyNumberFlag.float != 0 {
            // Swift's Double(String) accepts `1.`, `.5`, `1e5` as Python does; overflow gives inf, as Python.
            return .float(Double(text) ?? .infinity)
        }
        if let v = Int(text) { return .int(v) }
        return .bigInt(text)
    }

    /// One string literal or an implicit concatenation; f-strings become `.formattedString`.
    mutating func parseStrings() throws(Failure) -> PyExpr {
        let start = cur.start
        var tokens: [PyToken] = []
        while cur.kind == .string {
            tokens.append(cur)
            advance()
        }
        let isBytes = tokens[0].flags & PyStringFlag.bytes != 0
        if tokens.contains(where: { ($0.flags & PyStringFlag.bytes != 0) != isBytes }) {
            throw fail("cannot mix bytes and nonbytes literals", at: start)
        }
        if isBytes {
            var out: [UInt8] = []
            var map: [Int] = []
            for t in tokens { PyStringDecoder.decode(bytes, token: t, into: &out, map: &map, withMap: false) }
            return expr(.constant(.bytes(out)), start)
        }
        if !tokens.contains(where: { $0.flags & PyStringFlag.format != 0 }) {
            return expr(.constant(.string(PyStringDecoder.string(bytes, tokens: tokens))), start)
        }
        var parts: [PyFStringPart] = []
        for t in tokens {
            if t.flags & PyStringFlag.format == 0 {
                appendLiteral(PyStringDecoder.string(bytes, token: t), to: &parts)
            } else {
                try parseFString(t, from: t.contentStart, to: max(t.contentStart, t.contentEnd), into: &parts)
            }
        }
        return expr(.formattedString(parts), start)
    }

    func appendLiteral(_ s: String, to parts: inout [PyFStringPart]) {
        if s.isEmpty { return }
        if case .literal(let previous)? = parts.last {
            parts[parts.count - 1] = .literal(previous + s)
        } else {
            parts.append(.literal(s))
        }
    }

    /// Decodes `bytes[from..<to]` of string token `t` as literal text (escapes applied unless raw).
    func literal(_ t: PyToken, from: Int, to: Int) -> String {
        guard from < to else { return "" }
        var piece = t
        piece.start = SourcePosition(line: t.start.line, column: t.start.column, offset: from)
        piece.end = SourcePosition(line: t.start.line, column: t.start.column, offset: to)
        piece.prefixLength = 0
        piece.quoteLength = 0
        piece.flags = t.flags & PyStringFlag.raw
        return PyStringDecoder.string(bytes, token: piece)
    }

    /// The position of byte `offset` inside token `t` (which may span lines, when triple-quoted).
    func position(in t: PyToken, offset: Int) -> SourcePosition {
        var line = t.start.line
        var column = t.start.column
        var k = t.start.offset
        while k < offset {
            if bytes[k] == 0x0A {
                line += 1
                column = 1
            } else if bytes[k] & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }

    /// The literal text and replacement fields of an f-string's content `bytes[from..<to]`.
    mutating func parseFString(_ t: PyToken, from: Int, to: Int, into parts: inout [PyFStringPart]) throws(Failure) {
        var k = from
        var literalStart = from
        while k < to {
            let c = bytes[k]
            if c == 0x7B || c == 0x7D {
                appendLiteral(literal(t, from: literalStart, to: k), to: &parts)
                if k + 1 < to, bytes[k + 1] == c {
                    appendLiteral(c == 0x7B ? "{" : "}", to: &parts)
                    k += 2
                    literalStart = k
                    continue
                }
                guard c == 0x7B else { throw fail("f-string: single '}' is not allowed", at: position(in: t, offset: k)) }
                k = try parseField(t, open: k, to: to, into: &parts)
                literalStart = k
                continue
            }
            if c == 0x5C, t.flags & PyStringFlag.raw == 0, k + 1 < to {
                // `\N{NAME}` is one escape, braces included; other escapes are two bytes, and a brace
                // after a backslash is still a brace.
                if bytes[k + 1] == 0x4E, k + 2 < to, bytes[k + 2] == 0x7B {
                    var j = k + 3
                    while j < to, bytes[j] != 0x7D { j += 1 }
                    k = min(j + 1, to)
                    continue
                }
                if bytes[k + 1] != 0x7B && bytes[k + 1] != 0x7D {
                    k += 2
                    continue
                }
            }
            k += 1
        }
        appendLiteral(literal(t, from: literalStart, to: to), to: &parts)
    }

    /// One `{expr[=][!c][:spec]}` starting at `open`; returns the offset after its `}`.
    mutating func parseField(_ t: PyToken, open: Int, to: Int, into parts: inout [PyFStringPart]) throws(Failure) -> Int {
        try enter()
        defer { depth -= 1 }
        // The expression ends at `!` (not `!=`), `:`, `=` before those or `}`, or `}`, at bracket level 0.
        var k = open + 1
        var level = 0
        var exprEnd = -1
        var selfDocumenting = false
        while k < to {
            let c = bytes[k]
            if c == 0x22 || c == 0x27 {
                k = skipQuoted(from: k, to: to)
                continue
            }
            if c == 0x28 || c == 0x5B || c == 0x7B { level += 1 } else if c == 0x29 || c == 0x5D || (c == 0x7D && level > 0) {
                level -= 1
            } else if level == 0 {
                if c == 0x7D { exprEnd = k; break }
                if c == 0x21, k + 1 < to, bytes[k + 1] != 0x3D { exprEnd = k; break }
                if c == 0x3A { exprEnd = k; break }
                if c == 0x3D, k + 1 < to, bytes[k + 1] != 0x3D, k > open + 1,
                   ![0x3D, 0x21, 0x3C, 0x3E].contains(bytes[k - 1])
                {
                    var j = k + 1
                    while j < to, bytes[j] == 0x20 { j += 1 }
                    if j < to, bytes[j] == 0x7D || bytes[j] == 0x21 || bytes[j] == 0x3A {
                        selfDocumenting = true
                        exprEnd = k
                        k = j
                        break
                    }
                }
            }
            k += 1
        }
        guard exprEnd >= 0 else { throw fail("f-string: expecting '}'", at: position(in: t, offset: open)) }
        let expression = try parseFieldExpression(t, from: open + 1, to: exprEnd)
        let selfText = selfDocumenting
            ? String(decoding: bytes[(open + 1)..<k], as: UTF8.self) : nil
        var conversion: Character? = nil
        if k < to, bytes[k] == 0x21 {
            guard k + 1 < to else { throw fail("f-string: missing conversion", at: position(in: t, offset: k)) }
            conversion = Character(Unicode.Scalar(bytes[k + 1]))
            k += 2
        }
        var spec: [PyFStringPart]? = nil
        if k < to, bytes[k] == 0x3A {
            // The spec runs to the `}` that closes this field; it may hold nested fields.
            var j = k + 1
            var nested = 0
            while j < to {
                let c = bytes[j]
                if c == 0x7B { nested += 1 } else if c == 0x7D {
                    if nested == 0 { break }
                    nested -= 1
                }
                j += 1
            }
            var specParts: [PyFStringPart] = []
            try parseFString(t, from: k + 1, to: j, into: &specParts)
            spec = specParts
            k = j
        }
        guard k < to, bytes[k] == 0x7D else { throw fail("f-string: expecting '}'", at: position(in: t, offset: k)) }
        parts.append(.field(expression, conversion: conversion, formatSpec: spec, selfDocumenting: selfText))
        return k + 1
    }

    func skipQuoted(from: Int, to: Int) -> Int {
        let q = bytes[from]
        var k = from + 1
        let triple = k + 1 < to && bytes[k] == q && bytes[k + 1] == q
        if triple { k += 2 }
        while k < to {
            if bytes[k] == 0x5C { k += 2; continue }
            if bytes[k] == q {
                if !triple { return k + 1 }
                if k + 2 < to, bytes[k + 1] == q, bytes[k + 2] == q { return k + 3 }
            }
            k += 1
        }
        return to
    }

    /// Parses `bytes[from..<to]` as one expression (a tuple when it has top-level commas), with the
    /// file's positions.
    mutating func parseFieldExpression(_ t: PyToken, from: Int, to: Int) throws(Failure) -> PyExpr {
        let start = position(in: t, offset: from)
        var sub = PySyntaxParser(bytes: bytes, lexer: PyLexer(bytes: bytes, fieldFrom: start, to: to))
        sub.depth = depth
        let e = try sub.parseStarExpressions(allowYield: true)
        if let error = sub.lexer.error { throw Failure(error: error) }
        guard sub.cur.kind == .end else { throw sub.unexpected() }
        return e
    }
}
