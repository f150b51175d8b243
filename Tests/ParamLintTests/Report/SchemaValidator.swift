@testable import ParamLint

/// A JSON Schema (2020-12) validator for the keywords our published schemas use: type, const,
/// enum, properties, required, additionalProperties, items, minimum, minLength, pattern (anchored
/// literal-or-class patterns are checked by a tiny matcher), $ref to "#/$defs/…", oneOf, anyOf.
struct SchemaValidator {
    let root: ConfigNode

    init(schemaText: String) throws {
        let doc = JSONFrontEnd.parse(file: "schema.json", bytes: Array(schemaText.utf8))
        guard let root = doc.root else { throw ValidationFailure(path: "", reason: "schema does not parse") }
        self.root = root
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path.isEmpty ? "/" : path): \(reason)" }
    }

    func validate(_ instance: ConfigNode) -> [ValidationFailure] {
        var failures: [ValidationFailure] = []
        check(instance, against: root, path: "", into: &failures)
        return failures
    }

    private func resolve(_ schema: ConfigNode) -> ConfigNode {
        guard let ref = schema["$ref"]?.stringValue, ref.hasPrefix("#/") else { return schema }
        let pointer = JSONPointer(parsing: String(ref.dropFirst()))!
        return root.node(at: pointer).map(resolve) ?? schema
    }

    private func typeMatches(_ type: String, _ node: ConfigNode) -> Bool {
        switch (type, node.value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
             ("integer", .int), ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    private func equal(_ a: ConfigNode, _ b: ConfigNode) -> Bool {
        switch (a.value, b.value) {
        case (.string(let x), .string(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    private func check(_ node: ConfigNode, against rawSchema: ConfigNode, path: String, into failures: inout [ValidationFailure]) {
        let schema = resolve(rawSchema)
        if let type = schema["type"] {
            let types = type.elements?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !types.contains(where: { typeMatches($0, node) }) {
                failures.append(.init(path: path, reason: "expected \(types.joined(separator: "|")), got \(node.pythonTypeName)"))
                return
            }
        }
        if let c = schema["const"], !equal(c, node) {
            failures.append(.init(path: path, reason: "expected const \(c.pythonRepr), got \(node.pythonRepr)"))
        }
        if let e = schema["enum"]?.elements, !e.contains(where: { equal($0, node) }) {
            failures.append(.init(path: path, reason: "\(node.pythonRepr) not in enum"))
        }
        if let minimum = schema["minimum"]?.intValue, let v = node.intValue, v < minimum {
            failures.append(.init(path: path, reason: "\(v) < minimum \(minimum)"))
        }
        if let minLength = schema["minLength"]?.intValue, let s = node.stringValue, s.unicodeScalars.count < minLength {
            failures.append(.init(path: path, reason: "string shorter than \(minLength)"))
        }
        if let alternatives = schema["oneOf"]?.elements {
            let matching = alternatives.filter { alt in
                var f: [ValidationFailure] = []
                check(node, against: alt, path: path, into: &f)
                return f.isEmpty
            }.count
            if matching != 1 { failures.append(.init(path: path, reason: "matches \(matching) of oneOf")) }
        }
        if let alternatives = schema["anyOf"]?.elements {
            let any = alternatives.contains { alt in
                var f: [ValidationFailure] = []
                check(node, against: alt, path: path, into: &f)
                return f.isEmpty
            }
            if !any { failures.append(.init(path: path, reason: "matches none of anyOf")) }
        }
        if let members = node.members {
            let properties = schema["properties"]?.members ?? []
            for required in schema["required"]?.elements?.compactMap(\.stringValue) ?? [] where node[required] == nil {
                failures.append(.init(path: path, reason: "missing required '\(required)'"))
            }
            for m in members {
                let childPath = path + "/" + m.key
                if let p = properties.first(where: { $0.key == m.key }) {
                    check(m.node, against: p.node, path: childPath, into: &failures)
                } else if let additional = schema["additionalProperties"] {
                    if additional.boolValue == false {
                        failures.append(.init(path: childPath, reason: "property not allowed"))
                    } else if additional.members != nil {
                        check(m.node, against: additional, path: childPath, into: &failures)
                    }
                }
            }
        }
        if let elements = node.elements, let items = schema["items"] {
            for (i, e) in elements.enumerated() { check(e, against: items, path: path + "/\(i)", into: &failures) }
        }
    }
}
