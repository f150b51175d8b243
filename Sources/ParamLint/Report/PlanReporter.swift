/// `lint plan`: the main checkpoint and why, every entry active or not and why, every model
/// variable's source, and RETURNN's predicted outcome.
public enum PlanReporter {
    public static func json(_ plan: LoadPlan) -> String {
        var main: [(String, JSONOutput)]
        if let unknown = plan.mainUnknown {
            main = [("dynamic", .string(unknown.reason)), ("option", .string(unknown.option)),
                    ("pointer", .string(unknown.pointer.description)),
                    ("why", .string("the main checkpoint depends on '\(unknown.option)', which the linter cannot determine"))]
        } else {
            main = [
                ("reference", plan.main.reference.map { .string($0.rawValue) } ?? .null),
                ("path", plan.main.path.map { .string($0) } ?? .null),
                ("epoch", plan.main.epoch.map { .int($0) } ?? .null),
                ("why", .string(plan.main.why)),
            ]
            if !plan.main.events.isEmpty { main.append(("events", .array(plan.main.events.map { .string($0.message) }))) }
        }
        let entryList: [JSONOutput] = plan.entries.map { e in
            .object([
                ("name", .string(e.name)),
                ("active", e.active.map { .bool($0) } ?? .null),
                ("why", .string(e.why)),
            ])
        }
        let entries: JSONOutput
        if let unknown = plan.entriesUnknown {
            entries = .object([("dynamic", .string(unknown.reason)), ("option", .string(unknown.option)),
                               ("pointer", .string(unknown.pointer.description)), ("known", .array(entryList))])
        } else {
            entries = .array(entryList)
        }
        let variables: [JSONOutput] = plan.variables.map { v in
            .object([
                ("name", .string(v.name)),
                ("shape", v.shape.map { .array($0.map { .int($0) }) } ?? .null),
                ("dtype", v.dtype.map { .string($0) } ?? .null),
                ("source", source(v.source)),
            ])
        }
        var outcome: [(String, JSONOutput)] = [("ok", plan.outcome.unknown != nil && plan.outcome.ok ? .null : .bool(plan.outcome.ok))]
        if let unknown = plan.outcome.unknown { outcome.append(("unknown", .string(unknown))) }
        if let error = plan.outcome.error {
            outcome.append(("error", .string(error.rawValue)))
            outcome.append(("names", .array(plan.outcome.names.map { .string($0) })))
            if let m = plan.outcome.message { outcome.append(("message", .string(m))) }
            if let s = plan.outcome.stage { outcome.append(("stage", .string(s.description))) }
        }
        outcome.append(("complete", .bool(plan.outcome.complete)))
        let doc: JSONOutput = .object([
            ("schemaVersion", .int(1)),
            ("backend", .string(plan.backend.rawValue)),
            ("task", plan.taskUnknown.map { .object([("dynamic", .string($0.reason)), ("assumed", .string(plan.task))]) }
                ?? .string(plan.task)),
            ("main", .object(main)),
            ("entries", entries),
            ("variables", .array(variables)),
            ("outcome", .object(outcome)),
            ("skipped", .array(plan.skipped.map { .string($0) })),
            ("unknownScopes", .array(plan.unknownScopes.map { scope in
                var fields: [(String, JSONOutput)] = [("scope", .string(scope.scope))]
                if let c = scope.layerClass { fields.append(("class", .string(c))) }
                if let p = scope.pointer { fields.append(("pointer", .string(p.description))) }
                fields.append(("reason", .string(scope.reason)))
                return .object(fields)
            })),
            ("dynamic", .array(plan.dynamicInputs.map { input in
                .object([("option", .string(input.option)), ("pointer", .string(input.pointer.description)),
                         ("reason", .string(input.reason)), ("partial", .bool(input.isPartial))])
            })),
        ])
        return doc.serialized(pretty: true) + "\n"
    }

    static func source(_ s: VariableSource) -> JSONOutput {
        switch s {
        case .preload(let entry, let name):
            return .object([("kind", .string("preload")), ("entry", .string(entry)), ("checkpointName", .string(name))])
        case .main(let name):
            return .object([("kind", .string("main")), ("checkpointName", .string(name))])
        case .initializer:
            return .object([("kind", .string("init"))])
        case .unknown:
            return .object([("kind", .string("unknown"))])
        }
    }

    /// For people: grouped by scope (the first name component), one line per scope unless `verbose`.
    public static func text(_ plan: LoadPlan, file: String, verbose: Bool = false) -> String {
        var out = "\(file): backend \(plan.backend.rawValue), task \(plan.task)"
        if let task = plan.taskUnknown { out += " (assumed: the task is dynamic — \(task.reason))" }
        if let start = plan.trainStartEpoch { out += ", training starts at epoch \(start)" }
        out += "\n"
        if !plan.dynamicInputs.isEmpty {
            out += "\ndynamic (not known without running the config):\n"
            for input in plan.dynamicInputs {
                out += "  \(input.option): \(input.state) — \(input.reason) (\(input.range.start.line):\(input.range.start.column))\n"
            }
        }
        out += "\nmain checkpoint: "
        if let unknown = plan.mainUnknown {
            out += "unknown: it depends on '\(unknown.option)', which is dynamic\n"
        } else if let r = plan.main.reference, let p = plan.main.path {
            out += "\(p) (\(r.rawValue)\(plan.main.epoch.map { ", epoch \($0)" } ?? ""))\n"
        } else {
            out += "none\n"
        }
        if plan.mainUnknown == nil {
            out += "  why: \(plan.main.why)\n"
            for e in plan.main.events { out += "  note: \(e.message)\n" }
        }
        if let unknown = plan.entriesUnknown {
            out += "\npreload_from_files: \(unknown.isPartial ? "partly dynamic" : "dynamic") — \(unknown.reason)\n"
        }
        if !plan.entries.isEmpty {
            out += "\npreload_from_files (in RETURNN's order\(plan.entriesUnknown != nil ? ", as far as known" : "")):\n"
            for e in plan.entries {
                let state = e.active.map { $0 ? "active" : "inactive" } ?? "undecided"
                out += "  \(e.name): \(state) — \(e.why)\n"
                if e.simulated, e.active == true { out += "    loads \(e.loads.count) variable\(e.loads.count == 1 ? "" : "s")\n" }
            }
        }
        if plan.modelKnown {
            out += "\nvariables (\(plan.variables.count)):\n"
            if verbose {
                for v in plan.variables { out += "  \(v.name)  ← \(describe(v.source))\n" }
            } else {
                // A network of thousands of layers has thousands of scopes: find a group by hash.
                // The names come in byte order, so a scope's names are neighbours: a name that
                // continues the current scope with the same kind of source is only counted.
                var groups: [(scope: String, sources: [String: Int])] = []
                var groupIndex: [String: Int] = [:]
                var current = -1
                var run: NameScope?
                var runSource: VariableSource?
                var runKey = ""
                var runCount = 0
                func flush() {
                    if runCount > 0 { groups[current].sources[runKey, default: 0] += runCount }
                    runCount = 0
                }
                for v in plan.variables {
                    if !(run?.contains(v.name) ?? false) {
                        flush()
                        let scope = NameScope(of: v.name)
                        run = scope
                        if let i = groupIndex[scope.name] {
                            current = i
                        } else {
                            groupIndex[scope.name] = groups.count
                            current = groups.count
                            groups.append((scope.name, [:]))
                        }
                    }
                    if runSource == nil || !sameLabel(runSource!, v.source) {
                        flush()
                        runSource = v.source
                        runKey = label(v.source)
                    }
                    runCount += 1
                }
                flush()
                for g in groups {
                    let parts = g.sources.sorted { $0.key < $1.key }.map { "\($0.value) ← \($0.key)" }
                    out += "  \(g.scope)  \(parts.joined(separator: ", "))\n"
                }
            }
        } else {
            out += "\nvariables: unknown (give --model, or a network the linter can infer)\n"
        }
        out += "\noutcome: "
        if let error = plan.outcome.error {
            out += "RETURNN fails (\(error.rawValue))\n"
            if let m = plan.outcome.message { out += "  \(m)\n" }
            if !plan.outcome.names.isEmpty { out += "  variables: \(plan.outcome.names.joined(separator: ", "))\n" }
        } else if let unknown = plan.outcome.unknown {
            out += "unknown: \(unknown)\n"
        } else {
            out += plan.outcome.complete ? "RETURNN starts normally\n" : "no failure found, but the prediction is partial\n"
        }
        for s in plan.skipped { out += "  skipped: \(s)\n" }
        return out
    }

    static func sameLabel(_ a: VariableSource, _ b: VariableSource) -> Bool {
        switch (a, b) {
        case (.preload(let x, _), .preload(let y, _)): return x == y
        case (.main, .main), (.initializer, .initializer), (.unknown, .unknown): return true
        default: return false
        }
    }

    static func label(_ s: VariableSource) -> String {
        switch s {
        case .preload(let entry, _): return "preload '\(entry)'"
        case .main: return "main"
        case .initializer: return "init"
        case .unknown: return "unknown"
        }
    }

    static func describe(_ s: VariableSource) -> String {
        switch s {
        case .preload(let entry, let name): return "preload '\(entry)' (\(name))"
        case .main(let name): return "main (\(name))"
        case .initializer: return "init"
        case .unknown: return "unknown"
        }
    }
}
