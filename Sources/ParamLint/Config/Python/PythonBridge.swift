/// From the evaluator's frozen values to the `ConfigDocument` tree that every rule reads: each node
/// gets its JSON Pointer (the top-level name, then keys and indices), its range stays where the value
/// was written or computed, and what the evaluator could not know is listed once per place
/// (`dynamicValues`, `partialValues`), so that no option falls back to a silent default.
enum PythonBridge {
    static func document(file: String, result: PyEvaluationResult, lines: LineIndex, end: SourcePosition,
                         duplicateKeys: [DuplicateKey]) -> ConfigDocument {
        var dynamic: [DynamicNote] = []
        var partial: [DynamicNote] = []
        var functions: [(name: String, range: SourceRange)] = []
        var members: [ConfigMember] = []
        members.reserveCapacity(result.bindings.count)
        for binding in result.bindings {
            let pointer = JSONPointer.root.appending(binding.name)
            if case .function = binding.value.value { functions.append((binding.name, binding.nameRange)) }
            let node = convert(binding.value, pointer: pointer, dynamic: &dynamic, partial: &partial)
            members.append(ConfigMember(key: binding.name, keyRange: binding.nameRange, node: node))
        }
        let root = ConfigNode(value: .object(members), pointer: .root, range: SourceRange(start: .start, end: end))
        let incomplete = (result.stopped ?? result.namespaceUnknown).map {
            DynamicNote(pointer: .root, range: $0.range, reason: $0.reason)
        }
        dynamic.sort { $0.range.start.offset < $1.range.start.offset }
        return ConfigDocument(file: file, format: .python, root: root, syntaxError: nil, duplicateKeys: duplicateKeys,
                              dynamicValues: dynamic, partialValues: partial, functions: functions,
                              incomplete: incomplete, lines: lines)
    }

    static func convert(_ node: PyResultNode, pointer: JSONPointer, dynamic: inout [DynamicNote],
                        partial: inout [DynamicNote]) -> ConfigNode {
        let value: ConfigValue
        switch node.value {
        case .none: value = .null
        case .bool(let b): value = .bool(b)
        case .int(let i): value = .int(i)
        case .double(let d): value = .double(d)
        case .string(let s): value = .string(s)
        case .list(let elements, _):
            var out: [ConfigNode] = []
            out.reserveCapacity(elements.count)
            for (i, e) in elements.enumerated() {
                out.append(convert(e, pointer: pointer.appending(i), dynamic: &dynamic, partial: &partial))
            }
            value = .array(out)
        case .dict(let items, let why):
            var out: [ConfigMember] = []
            out.reserveCapacity(items.count)
            for m in items {
                out.append(ConfigMember(key: m.key, keyRange: m.keyRange,
                                        node: convert(m.node, pointer: pointer.appending(m.key), dynamic: &dynamic,
                                                      partial: &partial)))
            }
            if let why { partial.append(DynamicNote(pointer: pointer, range: why.range, reason: why.reason)) }
            value = .object(out)
        case .function(let name):
            // A function is no JSON value; rules treat it as unknown, `lint dump` says "function".
            value = .dynamic(reason: name == "<lambda>" ? "a lambda" : "the function '\(name)'")
        case .dynamic(let why):
            // A finding about an option is said at the option's value; when the cause is written
            // elsewhere (a helper name bound lines above), the reason says where.
            let inside = why.range.start.offset >= node.range.start.offset && why.range.end.offset <= node.range.end.offset
            if inside || why.range.start.line == node.range.start.line || node.range.end.offset <= node.range.start.offset {
                dynamic.append(DynamicNote(pointer: pointer, range: why.range, reason: why.reason))
            } else {
                dynamic.append(DynamicNote(pointer: pointer, range: node.range,
                                           reason: why.reason + " (line \(why.range.start.line))"))
            }
            value = .dynamic(reason: why.reason)
        }
        return ConfigNode(value: value, pointer: pointer, range: node.range)
    }
}
