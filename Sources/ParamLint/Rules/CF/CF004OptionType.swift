public struct OptionTypeRule: Rule {
    public static let description = RuleDescription(
        id: "CF004", name: "option-type", severity: .error,
        summary: "A loading option has a type RETURNN cannot use.",
        rationale: """
            RETURNN does not validate these options: `preload_from_files` must be a dict of dicts, \
            `ignore_params` a list (a string is a *substring* test in Python), and `init_for_train` a \
            bool — the string "False" is truthy, so the entry is applied exactly when you meant it not to be.
            """,
        returnnBehavior: """
            Wrong types either crash late (`AssertionError` for an entry that is not a dict) or change the \
            meaning silently (a truthy string, a string iterated character by character).
            """,
        fix: "Write the value with the type the finding names (JSON `true`/`false`, a list, a dict).",
        references: ["M5", "M6"],
        examples: [
            .triggering("""
                {
                  "preload_from_files": {
                    "base": {"filename": "base.003", "init_for_train": ↓"False"}
                  }
                }
                """),
            .triggering("""
                {
                  "preload_from_files": {
                    "base": {"filename": "base.003", "init_for_train": true, "ignore_params": ↓"output/W"}
                  }
                }
                """),
            .triggering("""
                {
                  "preload_from_files": ↓["base.003"]
                }
                """),
            .clean("""
                {
                  "load": "model/net.080",
                  "task": "search",
                  "preload_from_files": {
                    "lm": {"filename": "lm/net.020", "prefix": "lm/", "ignore_params": ["lm/output/b"]}
                  }
                }
                """),
        ])

    public init() {}

    enum Expected {
        case string, int, bool, dict, listOfStrings, dictOfStrings, stringOrNull, startEpoch

        var name: String {
            switch self {
            case .string: return "a string"
            case .int: return "an int"
            case .bool: return "a bool (true/false)"
            case .dict: return "a dict"
            case .listOfStrings: return "a list of strings"
            case .dictOfStrings: return "a dict of strings"
            case .stringOrNull: return "a string or null"
            case .startEpoch: return "\"auto\" or an int ≥ 1"
            }
        }

        func accepts(_ node: ConfigNode) -> Bool {
            switch (self, node.value) {
            case (_, .dynamic): return true
            case (.string, .string), (.int, .int), (.bool, .bool), (.dict, .object): return true
            case (.stringOrNull, .string), (.stringOrNull, .null): return true
            case (.listOfStrings, .array(let e)): return e.allSatisfy { $0.stringValue != nil || $0.isDynamic }
            case (.dictOfStrings, .object(let m)): return m.allSatisfy { $0.node.stringValue != nil || $0.node.isDynamic }
            case (.startEpoch, .string(let s)): return s == "auto" || (Int(s).map { $0 >= 1 } ?? false)
            case (.startEpoch, .int(let i)): return i >= 1
            default: return false
            }
        }
    }

    static let topLevel: [(String, Expected)] = [
        ("load", .string), ("import_model_train_epoch1", .string), ("model", .string), ("task", .string),
        ("backend", .string), ("load_epoch", .int), ("num_epochs", .int), ("behavior_version", .int),
        ("load_ignore_missing_vars", .bool), ("allow_random_model_init", .bool), ("start_epoch", .startEpoch),
        ("preload_from_files", .dict), ("network", .dict),
    ]

    static let entryKeys: [(String, Expected)] = [
        ("filename", .stringOrNull), ("prefix", .string), ("init_for_train", .bool), ("ignore_missing", .bool),
        ("ignore_params", .listOfStrings), ("ignore_params_prefixes", .listOfStrings),
        ("var_name_mapping", .dictOfStrings), ("checkpoint_key", .stringOrNull), ("pattern", .string),
    ]

    public func check(_ context: LintContext) -> [Finding] {
        guard let root = context.document.root else { return [] }
        var findings: [Finding] = []
        for (key, expected) in Self.topLevel {
            guard let node = root[key], !expected.accepts(node) else { continue }
            findings.append(Finding("option '\(key)' should be \(expected.name), not \(Self.describe(node))",
                                    at: .value(node.pointer), notes: Self.notes(for: node, expected: expected)))
        }
        guard let preload = root["preload_from_files"], let entries = preload.members else { return findings }
        for entry in entries {
            guard let options = entry.node.members else {
                if !entry.node.isDynamic {
                    findings.append(Finding(
                        "preload entry '\(entry.key)' should be a dict of options, not \(Self.describe(entry.node)): RETURNN fails with a bare AssertionError",
                        at: .value(entry.node.pointer)))
                }
                continue
            }
            for option in options {
                guard let expected = Self.entryKeys.first(where: { $0.0 == option.key })?.1,
                      !expected.accepts(option.node) else { continue }
                // A non-bool init_for_train that is not a bool's spelling is PL004's business.
                if option.key == "init_for_train", !Self.spellsLiteral(option.node) { continue }
                if option.key == "ignore_missing", !Self.spellsLiteral(option.node), option.node.stringValue == nil { continue }
                findings.append(Finding(
                    "'\(option.key)' of preload entry '\(entry.key)' should be \(expected.name), not \(Self.describe(option.node))",
                    at: .value(option.node.pointer), notes: Self.notes(for: option.node, expected: expected),
                    suggestions: Self.suggestion(for: option.node, key: option.key)))
            }
        }
        return findings
    }

    static func describe(_ node: ConfigNode) -> String {
        switch node.value {
        case .string(let s): return "the string \"\(s)\""
        default: return "\(node.pythonTypeName) \(node.pythonRepr)"
        }
    }

    static func spellsLiteral(_ node: ConfigNode) -> Bool {
        guard let s = node.stringValue?.lowercased() else { return false }
        return ["true", "false", "none", "null", "0", "1", "yes", "no"].contains(s)
    }

    static func notes(for node: ConfigNode, expected: Expected) -> [String] {
        if case .string(let s) = node.value, expected == .bool {
            return ["a non-empty string is truthy in Python: \"\(s)\" behaves like True"]
        }
        if case .string = node.value, expected == .listOfStrings {
            return ["Python tests `name in \"...\"` as a substring test on a string"]
        }
        return []
    }

    static func suggestion(for node: ConfigNode, key: String) -> [Suggestion] {
        guard let s = node.stringValue?.lowercased() else { return [] }
        if s == "false" || s == "no" || s == "0" { return [Suggestion("write \"\(key)\": false", pointer: node.pointer)] }
        if s == "true" || s == "yes" || s == "1" { return [Suggestion("write \"\(key)\": true", pointer: node.pointer)] }
        return []
    }
}
