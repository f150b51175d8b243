/// Where a Python config may change a top-level dict in ways the statement extractor does not follow:
/// inside a function or block (`network[name] = d` in `def add_layer`), through `global network`, by a
/// method that mutates it (`network.update(...)`), or by passing it to a call (`add_layers(network)`).
/// Such a dict is *partial*: the extractor's value is what the literal held, not what RETURNN sees.
/// One pass over the tokens; it only looks, it never decides a value.
enum PythonMutations {
    /// Calls that read a dict without changing it.
    static let readers: Set<String> = [
        "print", "len", "str", "repr", "sorted", "list", "dict", "tuple", "set", "copy", "deepcopy", "dumps",
        "isinstance", "type", "id", "bool", "iter", "enumerate", "zip", "any", "all", "min", "max", "format",
        "pformat", "pprint", "hash",
        // Methods of another object that only read their argument.
        "update", "get", "join", "index", "count", "startswith", "endswith",
    ]
    static let mutators: Set<String> = ["update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"]

    /// The first place each of `names` may be changed, as (name, range, reason).
    /// The places that may change each of `names`, as pointer tokens (the name, then literal keys when a
    /// nested dict is what changes: `network["output"]["unit"].update(...)`) with the range and reason.
    static func find(in bytes: [UInt8], names: Set<String>) -> [(tokens: [String], range: SourceRange, reason: String)] {
        guard !names.isEmpty else { return [] }
        var nested: [(tokens: [String], range: SourceRange, reason: String)] = []
        var lexer = PyLexer(bytes: bytes)
        var tokens: [PyToken] = []
        while true {
            let t = lexer.next()
            if t.kind == .end { break }
            tokens.append(t)
            if tokens.count > 5_000_000 { break }
        }
        func text(_ t: PyToken) -> String { String(decoding: bytes[t.start.offset..<t.end.offset], as: UTF8.self) }
        var found: [String: (range: SourceRange, reason: String)] = [:]
        func mark(_ name: String, _ t: PyToken, _ reason: String) {
            if found[name] == nil { found[name] = (t.range, reason + " (line \(t.start.line))") }
        }
        var depth = 0
        // For each open bracket: whether it opened a call (a name or `)`/`]` before `(`), and the callee.
        var opens: [(isCall: Bool, callee: String)] = []
        for k in tokens.indices {
            let t = tokens[k]
            switch t.kind {
            case .indent: depth += 1
            case .dedent: depth = max(0, depth - 1)
            case .op:
                if PyOp.isOpening(t.op) {
                    var isCall = false
                    var callee = ""
                    if t.op == PyOp.lparen, k > 0 {
                        let p = tokens[k - 1]
                        if p.kind == .name, !["if", "in", "and", "or", "not", "return", "for", "while", "elif", "yield", "assert", "del", "is", "lambda", "else"].contains(text(p)),
                           // A def's parameter list is no call.
                           !(k > 1 && tokens[k - 2].kind == .name && ["def", "class"].contains(text(tokens[k - 2]))) {
                            isCall = true
                            callee = text(p)
                        } else if p.kind == .op, p.op == PyOp.rparen || p.op == PyOp.rbracket {
                            isCall = true
                        }
                    }
                    opens.append((isCall, callee))
                } else if PyOp.isClosing(t.op), !opens.isEmpty {
                    opens.removeLast()
                }
            case .name:
                let word = text(t)
                if word == "global" {
                    var j = k + 1
                    while j < tokens.count, tokens[j].kind == .name || tokens[j].isOp(PyOp.comma) {
                        if tokens[j].kind == .name, names.contains(text(tokens[j])) {
                            mark(text(tokens[j]), tokens[j], "declared global in a function that may change it")
                        }
                        j += 1
                    }
                    continue
                }
                guard names.contains(word) else { continue }
                // Not an attribute of something else (`self.network`).
                if k > 0, tokens[k - 1].isOp(PyOp.dot) { continue }
                let next = k + 1 < tokens.count ? tokens[k + 1] : nil
                if let next, next.isOp(PyOp.dot), k + 2 < tokens.count, tokens[k + 2].kind == .name,
                   mutators.contains(text(tokens[k + 2])) {
                    mark(word, t, "changed by \(word).\(text(tokens[k + 2]))()")
                    continue
                }
                // `name[...][...].update(...)`: a dict inside it changed by a method.
                if let next, next.isOp(PyOp.lbracket) {
                    var j = k + 1
                    var keys: [String]? = []
                    while j < tokens.count, tokens[j].isOp(PyOp.lbracket) {
                        // A key that is one plain string literal names the nested dict.
                        if j + 2 < tokens.count, tokens[j + 1].kind == .string, tokens[j + 2].isOp(PyOp.rbracket),
                           tokens[j + 1].flags & (PyStringFlag.format | PyStringFlag.bytes) == 0 {
                            let literal = text(tokens[j + 1])
                            keys?.append(String(literal.dropFirst(Int(tokens[j + 1].prefixLength) + Int(tokens[j + 1].quoteLength))
                                .dropLast(Int(tokens[j + 1].quoteLength))))
                        } else {
                            keys = nil
                        }
                        var level = 0
                        while j < tokens.count {
                            if tokens[j].kind == .op, PyOp.isOpening(tokens[j].op) { level += 1 }
                            if tokens[j].kind == .op, PyOp.isClosing(tokens[j].op) { level -= 1; if level == 0 { break } }
                            j += 1
                        }
                        j += 1
                    }
                    if j + 1 < tokens.count, tokens[j].isOp(PyOp.dot), tokens[j + 1].kind == .name, mutators.contains(text(tokens[j + 1])) {
                        let reason = "a dict inside it is changed by .\(text(tokens[j + 1]))() (line \(t.start.line))"
                        if let keys, !keys.contains(where: { $0.contains("\\") }) { nested.append(([word] + keys, t.range, reason)) }
                        mark(word, t, "a dict inside it is changed by .\(text(tokens[j + 1]))()")
                        continue
                    }
                }
                if depth > 0, let next, next.isOp(PyOp.lbracket) {
                    // `name[...] = value` (or `+=`) inside a function or block.
                    var j = k + 1
                    var level = 0
                    while j < tokens.count {
                        if tokens[j].kind == .op, PyOp.isOpening(tokens[j].op) { level += 1 }
                        if tokens[j].kind == .op, PyOp.isClosing(tokens[j].op) { level -= 1; if level == 0 { break } }
                        j += 1
                    }
                    if j + 1 < tokens.count, tokens[j + 1].kind == .op,
                       tokens[j + 1].op == PyOp.assign || PyOp.isAugmentedAssign(tokens[j + 1].op) {
                        mark(word, t, "changed inside a function or block that the linter does not follow")
                        continue
                    }
                }
                if depth > 0, k > 0, tokens[k - 1].kind == .name, text(tokens[k - 1]) == "del" {
                    mark(word, t, "changed by a del inside a function or block")
                    continue
                }
                // An argument of a call that may change it.
                if let open = opens.last, open.isCall, !readers.contains(open.callee), k > 0,
                   tokens[k - 1].isOp(PyOp.lparen) || tokens[k - 1].isOp(PyOp.comma) || tokens[k - 1].isOp(PyOp.assign)
                    || tokens[k - 1].isOp(PyOp.doubleStar),
                   let next, next.isOp(PyOp.rparen) || next.isOp(PyOp.comma) {
                    mark(word, t, "passed to \(open.callee.isEmpty ? "a call" : open.callee + "()"), which the linter cannot follow")
                }
            default:
                break
            }
        }
        return found.map { ([$0.key], $0.value.range, $0.value.reason) } + nested
    }
}
