/// SARIF 2.1.0 with `tool.driver.rules` metadata; the JSON Pointer travels as a logical location.
public enum SARIFReporter {
    public static func render(_ diagnostics: [Diagnostic], rules: [RuleDescription]) -> String {
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let driver: JSONOutput = .object([
            ("name", .string(ParamLintInfo.toolName)),
            ("version", .string(ParamLintInfo.version)),
            ("rules", .array(rules.map { r in
                .object([
                    ("id", .string(r.id)),
                    ("name", .string(r.name)),
                    ("shortDescription", .object([("text", .string(r.summary))])),
                    ("fullDescription", .object([("text", .string(r.rationale))])),
                    ("helpUri", .string(r.url)),
                    ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
                ])
            })),
        ])
        let results: [JSONOutput] = diagnostics.map { d in
            var physical: [(String, JSONOutput)] = [("artifactLocation", .object([("uri", .string(d.file))]))]
            if let r = d.range {
                physical.append(("region", .object([
                    ("startLine", .int(r.start.line)), ("startColumn", .int(r.start.column)),
                    ("endLine", .int(r.end.line)), ("endColumn", .int(r.end.column)),
                    ("byteOffset", .int(r.start.offset)), ("byteLength", .int(max(0, r.end.offset - r.start.offset))),
                ])))
            }
            var location: [(String, JSONOutput)] = [("physicalLocation", .object(physical))]
            if let p = d.pointer {
                location.append(("logicalLocations", .array([.object([
                    ("fullyQualifiedName", .string(p.description)), ("kind", .string("object")),
                ])])))
            }
            var text = d.message
            for n in d.notes { text += "\nnote: \(n)" }
            for s in d.suggestions { text += "\nhelp: \(s.message)" }
            var result: [(String, JSONOutput)] = [("ruleId", .string(d.ruleId))]
            if let i = ruleIndex[d.ruleId] { result.append(("ruleIndex", .int(i))) }
            result += [
                ("level", .string(level(d.severity))),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([.object(location)])),
            ]
            return .object(result)
        }
        let doc: JSONOutput = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
        return doc.serialized(pretty: true) + "\n"
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }
}
