/// Reads a Python config into the same tree as the JSON front end, without running Python.
///
/// The root is an object whose members are the top-level names the file binds: literal assignments
/// become values (dicts, lists, tuples as arrays, strings, numbers, `True`/`False`/`None`); anything
/// only Python could compute becomes `.dynamic(reason:)` with a `DynamicNote`. A later assignment
/// replaces an earlier one as in Python. i6_core's `config = {...}` / `config = json.loads("...")`
/// followed by `locals().update(**config)` merges that dict into the top level (and the `config`
/// name itself is left out, so every finding is reported once, at its top-level pointer).
/// `def`/`class` bind their name (as a dynamic value); imports bind nothing here. Names assigned
/// inside top-level `if`/`for`/`while`/`with`/`try` blocks are dynamic (Python may or may not run
/// them), except under `if __name__ == "__main__":`, which RETURNN never runs.
///
/// One pass over the bytes (tokenizer and statement reader together); a syntax error Python would
/// report (unterminated string or bracket, bad indentation, unexpected token) gives `syntaxError`
/// with its position and no tree.
public enum PythonFrontEnd {
    public static func parse(file: String, bytes: [UInt8]) -> ConfigDocument {
        parse(file: file, bytes: bytes, shortcut: true)
    }

    /// `shortcut: false` always evaluates, so that tests can hold the shortcut to the evaluator's answer.
    static func parse(file: String, bytes: [UInt8], shortcut: Bool) -> ConfigDocument {
        let lines = LineIndex(bytes: bytes)
        var parser = PyParser(bytes: bytes, lines: lines)
        parser.parseModule()
        if let error = parser.finalError() {
            return ConfigDocument(file: file, format: .python, root: nil, syntaxError: error, lines: lines)
        }
        let root = ConfigNode(value: .object(parser.members), pointer: .root,
                              range: SourceRange(start: .start, end: parser.lexer.position))
        var notes = parser.extraNotes
        collectDynamic(root, into: &notes)
        notes.sort { $0.range.start.offset < $1.range.start.offset }
        // The extractor reads literal assignments; a dict that code it does not follow may change
        // (a helper with `global network`, `add_layers(network)`) is partial, never complete.
        let dicts = Set(parser.members.filter { $0.node.members != nil }.map(\.key))
        let partial = PythonMutations.find(in: bytes, names: dicts).sorted { $0.range.start < $1.range.start }
            .map { DynamicNote(pointer: JSONPointer($0.tokens), range: $0.range, reason: $0.reason) }
        // A file of literal assignments, imports and definitions (what i6_core writes) is already
        // fully known to the extractor: evaluating it would give the same values at several times
        // the cost. Everything else is evaluated.
        // `get_network` is called later (networkForEpoch), which needs the evaluator.
        let onlyDefinitions = partial.isEmpty && !parser.sawNonStringKey && !parser.members.contains { $0.key == "get_network" }
            && notes.allSatisfy { note in
            note.pointer.tokens.count == 1 && (note.reason.hasPrefix("function ") || note.reason.hasPrefix("class "))
        }
        if shortcut && onlyDefinitions {
            return literalDocument(file: file, root: root, notes: notes, duplicates: parser.documentDuplicates, lines: lines)
        }
        // The literal extractor stays as the fallback for a file the syntax-tree parser gives up on
        // (nesting beyond its bound), so that such a config still gets its literal options.
        if case .success(let module) = PySyntaxParser.parse(bytes: bytes) {
            let result = PyEvaluator.evaluate(module, source: PySource(bytes: bytes, lines: lines))
            var doc = PythonBridge.document(file: file, result: result, lines: lines, end: parser.lexer.position,
                                            duplicateKeys: parser.documentDuplicates)
            if result.stopped == nil, result.bindings.contains(where: { binding in
                if binding.name == "get_network", case .function = binding.value.value { return true }
                return false
            }) {
                // Evaluated again when asked, for the epoch the plan needs: the evaluator's objects
                // have reference semantics and are not kept beyond one evaluation.
                doc.networkForEpoch = { epoch in
                    let pointer = JSONPointer.root.appending("network")
                    guard case .success(let again) = PySyntaxParser.parse(bytes: bytes),
                          let node = PyEvaluator.evaluateCall(again, source: PySource(bytes: bytes, lines: lines),
                                                              function: "get_network", keywords: [("epoch", epoch)]) else {
                        let reason = "get_network(epoch=\(epoch)) could not be evaluated"
                        return ConfigDocument.NetworkCall(node: ConfigNode(value: .dynamic(reason: reason), pointer: pointer, range: .empty),
                                                          dynamicValues: [], partialValues: [])
                    }
                    var dynamic: [DynamicNote] = []
                    var partial: [DynamicNote] = []
                    let converted = PythonBridge.convert(node, pointer: pointer, dynamic: &dynamic, partial: &partial)
                    return ConfigDocument.NetworkCall(node: converted, dynamicValues: dynamic, partialValues: partial)
                }
            }
            return doc
        }
        return ConfigDocument(file: file, format: .python, root: root, syntaxError: nil,
                              duplicateKeys: parser.documentDuplicates, dynamicValues: notes, partialValues: partial,
                              lines: lines)
    }

    /// The extractor's document in the evaluator's terms: a `def` is a function (not a dynamic
    /// value), a class a dynamic value "a class".
    static func literalDocument(file: String, root: ConfigNode, notes: [DynamicNote], duplicates: [DuplicateKey],
                                lines: LineIndex) -> ConfigDocument {
        var functions: [(name: String, range: SourceRange)] = []
        var dynamic: [DynamicNote] = []
        var members = root.members ?? []
        for note in notes {
            guard let name = note.pointer.tokens.first, let k = members.firstIndex(where: { $0.key == name }) else { continue }
            if note.reason.hasPrefix("function ") {
                functions.append((name, members[k].keyRange))
                members[k].node.value = .dynamic(reason: "the function '\(name)'")
            } else {
                members[k].node.value = .dynamic(reason: "a class")
                dynamic.append(DynamicNote(pointer: note.pointer, range: note.range, reason: "a class"))
            }
        }
        var newRoot = root
        newRoot.value = .object(members)
        return ConfigDocument(file: file, format: .python, root: newRoot, syntaxError: nil, duplicateKeys: duplicates,
                              dynamicValues: dynamic, functions: functions, lines: lines)
    }

    static func collectDynamic(_ node: ConfigNode, into notes: inout [DynamicNote]) {
        switch node.value {
        case .dynamic(let reason):
            notes.append(DynamicNote(pointer: node.pointer, range: node.range, reason: reason))
        case .object(let members):
            for m in members { collectDynamic(m.node, into: &notes) }
        case .array(let elements):
            for e in elements { collectDynamic(e, into: &notes) }
        default:
            break
        }
    }

    /// Whether a file RETURNN would read line-based looks like Python (rule CF005): a line, not
    /// indented, that is an assignment `name = ...` / `name += ...` / `name[...] = ...`, an `import`,
    /// `from ... import`, a `def`/`class` header or a decorator.
    public static func looksLikePython(bytes: [UInt8]) -> Bool {
        let n = bytes.count
        var i = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < n {
            let lineStart = i
            var lineEnd = i
            while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineLooksLikePython(bytes, lineStart, lineEnd) { return true }
            i = lineEnd + 1
        }
        return false
    }

    static func lineLooksLikePython(_ b: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var i = start
        guard i < end, PyLexer.isIdentifierStart(b[i]) || b[i] == 0x40 else { return false }
        if b[i] == 0x40 { return i + 1 < end && PyLexer.isIdentifierStart(b[i + 1]) }  // decorator
        while i < end, PyLexer.isIdentifierChar(b[i]) { i += 1 }
        let word = b[start..<i]
        func skipSpaces() { while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 } }
        let hadSpace = i < end && (b[i] == 0x20 || b[i] == 0x09)
        skipSpaces()
        func rest() -> ArraySlice<UInt8> { b[i..<end] }
        switch String(decoding: word, as: UTF8.self) {
        case "import":
            return hadSpace && i < end && PyLexer.isIdentifierStart(b[i])
        case "from":
            guard hadSpace else { return false }
            // from x import y
            let r = rest()
            return r.count > 8 && containsWord(r, Array(" import ".utf8))
        case "def", "class":
            guard hadSpace, i < end, PyLexer.isIdentifierStart(b[i]) else { return false }
            while i < end, PyLexer.isIdentifierChar(b[i]) { i += 1 }
            skipSpaces()
            return i < end && (b[i] == 0x28 || b[i] == 0x3A)
        default:
            break
        }
        // Subscripts and attributes on the target: name[...] = / name.attr =
        while i < end, b[i] == 0x5B || b[i] == 0x2E {
            if b[i] == 0x2E {
                i += 1
                while i < end, PyLexer.isIdentifierChar(b[i]) { i += 1 }
            } else {
                var depth = 0
                while i < end {
                    if b[i] == 0x5B { depth += 1 } else if b[i] == 0x5D { depth -= 1; if depth == 0 { i += 1; break } }
                    i += 1
                }
            }
            skipSpaces()
        }
        guard i < end else { return false }
        if b[i] == 0x3D { return !(i + 1 < end && b[i + 1] == 0x3D) }
        if i + 1 < end, b[i + 1] == 0x3D, [0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x7C, 0x26].contains(b[i]) { return true }
        return false
    }

    static func containsWord(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var k = haystack.startIndex
        while k + needle.count <= haystack.endIndex {
            if haystack[k..<k + needle.count].elementsEqual(needle) { return true }
            k += 1
        }
        return false
    }
}
