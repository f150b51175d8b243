/// `lint dump`: what the linter sees in one config — every top-level name the config binds, in
/// source order, as `known` (with its value), `dynamic` (with the reason and where) or `function`.
/// This is the answer to "why did it say that?", and the view tests compare against RETURNN's own.
public enum DumpReporter {
    public static func json(_ document: ConfigDocument) -> String {
        var top: [(String, JSONOutput)] = [
            ("schemaVersion", .int(1)),
            ("file", .string(document.file)),
            ("format", .string(document.format.rawValue)),
        ]
        if let error = document.syntaxError {
            top.append(("syntaxError", .object([
                ("message", .string(error.message)),
                ("line", .int(error.position.line)), ("column", .int(error.position.column)),
            ])))
        }
        if let stop = document.incomplete {
            top.append(("incomplete", .object([("reason", .string(stop.reason)), ("range", range(stop.range))])))
        }
        top.append(("options", .array(options(document).map { option in
            var fields: [(String, JSONOutput)] = [("name", .string(option.name)), ("status", .string(option.status.rawValue))]
            switch option.status {
            case .known: fields.append(("value", option.value ?? .null))
            case .dynamic: fields.append(("reason", .string(option.reason ?? "dynamic")))
            case .function: break
            }
            fields.append(("range", range(option.range)))
            return .object(fields)
        })))
        return JSONOutput.object(top).serialized(pretty: true) + "\n"
    }

    public static func text(_ document: ConfigDocument) -> String {
        var out = ""
        if let error = document.syntaxError {
            out += "\(document.file):\(error.position.line):\(error.position.column): the config does not parse: \(error.message)\n"
        }
        for option in options(document) {
            let at = "\(option.range.start.line):\(option.range.start.column)"
            switch option.status {
            case .known: out += "\(option.name) = \((option.value ?? .null).serialized())\n"
            case .dynamic: out += "\(option.name): dynamic — \(option.reason ?? "dynamic") (\(at))\n"
            case .function: out += "\(option.name): function (\(at))\n"
            }
        }
        if let stop = document.incomplete {
            out += "(the evaluation stopped at \(stop.range.start.line):\(stop.range.start.column): \(stop.reason); names bound after that point are not known)\n"
        }
        return out
    }

    public struct Option {
        public enum Status: String { case known, dynamic, function }
        public var name: String
        public var status: Status
        public var value: JSONOutput?
        public var reason: String?
        public var range: SourceRange
    }

    public static func options(_ document: ConfigDocument) -> [Option] {
        guard let members = document.root?.members else { return [] }
        var options = members.map { member in
            let node = member.node
            if document.isFunction(member.key) {
                return Option(name: member.key, status: .function, range: member.keyRange)
            }
            if case .dynamic(let reason) = node.value {
                let note = document.dynamicValues.first { $0.pointer == node.pointer }
                return Option(name: member.key, status: .dynamic, reason: note?.reason ?? reason, range: note?.range ?? node.range)
            }
            return Option(name: member.key, status: .known, value: value(node, document), range: node.range)
        }
        // After an early stop, an option that is not bound yet may still be bound by the rest of the file.
        if let stop = document.incomplete {
            for name in ReturnnConfig.loadingOptions where !members.contains(where: { $0.key == name }) {
                options.append(Option(name: name, status: .dynamic,
                                      reason: "the linter stops following the config here (\(stop.reason)); it may be set from this point",
                                      range: stop.range))
            }
        }
        return options
    }

    /// A value as JSON, with `{"$dynamic": reason}` for a part the linter cannot determine and a
    /// `"$partial"` key on a dict that something not evaluated may have changed.
    static func value(_ node: ConfigNode, _ document: ConfigDocument) -> JSONOutput {
        switch node.value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d):
            // JSON has no inf or nan; RETURNN holds a float the linter cannot write as one.
            return d.isFinite ? .double(d) : .object([("$dynamic", .string("the float \(d), which JSON cannot hold"))])
        case .string(let s): return .string(s)
        case .array(let elements): return .array(elements.map { value($0, document) })
        case .object(let members):
            var fields: [(String, JSONOutput)] = []
            if let why = document.partial(at: node.pointer) { fields.append(("$partial", .string(why.reason))) }
            for m in members { fields.append((m.key, value(m.node, document))) }
            return .object(fields)
        case .dynamic(let reason):
            return .object([("$dynamic", .string(reason))])
        }
    }

    static func range(_ r: SourceRange) -> JSONOutput {
        .object([
            ("start", .object([("line", .int(r.start.line)), ("column", .int(r.start.column)), ("offset", .int(r.start.offset))])),
            ("end", .object([("line", .int(r.end.line)), ("column", .int(r.end.column)), ("offset", .int(r.end.offset))])),
        ])
    }
}
