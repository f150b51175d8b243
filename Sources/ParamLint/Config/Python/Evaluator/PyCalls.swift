/// Calls: argument binding, config-defined functions, and what an unknown call does to the known
/// objects it is given (they become possibly modified: partial dicts, dynamic lists).
struct PyArgs {
    var positional: [PyBox] = []
    var keywords: [(String, PyBox)] = []
    /// Where the keys of `**mapping` arguments were written (a `locals().update(**config)` binds
    /// top-level names there).
    var keyRanges: [String: SourceRange] = [:]

    func keyword(_ name: String) -> PyBox? { keywords.first { $0.0 == name }?.1 }
    var all: [PyBox] { positional + keywords.map(\.1) }
}

extension PyRun {
    func evalCall(_ callee: PyExpr, _ argExprs: [PyArgument], _ r: SourceRange) throws -> PyBox {
        let f = try eval(callee)
        var args = PyArgs()
        var unknownArity: PyDynamicReason?
        var namespaceUpdate = false
        if case .boundMethod(let receiver, "update") = f.value, case .module("<namespace>") = receiver.value, atTopLevel {
            namespaceUpdate = true
        }
        for a in argExprs {
            switch a.kind {
            case .positional:
                let v = try eval(a.value)
                if namespaceUpdate, case .dict(let d) = v.value { namespaceSources.insert(ObjectIdentifier(d)) }
                args.positional.append(v)
            case .keyword(let n):
                args.keywords.append((n, try eval(a.value)))
            case .unpackIterable:
                let v = try eval(a.value)
                if let reason = v.value.dynamicReason { unknownArity = unknownArity ?? reason; continue }
                do {
                    args.positional.append(contentsOf: try iterate(v, a.range))
                } catch PyThrow.undecidedJump(let reason) {
                    unknownArity = unknownArity ?? reason
                }
            case .unpackMapping:
                let v = try eval(a.value)
                if namespaceUpdate, case .dict(let d) = v.value { namespaceSources.insert(ObjectIdentifier(d)) }
                switch v.value {
                case .dict(let d) where d.partial == nil:
                    for e in d.entries {
                        guard case .str(let k) = e.key.value else {
                            throw raise("TypeError", "keywords must be strings", a.range)
                        }
                        args.keywords.append((k, e.value))
                        if namespaceUpdate { args.keyRanges[k] = e.key.range }
                    }
                case .dict(let d):
                    unknownArity = unknownArity ?? d.partial
                    // The known entries still reach the callee, as in Python.
                    args.keywords.append(contentsOf: d.entries.compactMap { e in
                        if case .str(let k) = e.key.value { return (k, e.value) } else { return nil }
                    })
                case .dynamic(let reason):
                    unknownArity = unknownArity ?? reason
                default:
                    throw raise("TypeError", "argument after ** must be a mapping, not \(v.value.typeName)", a.range)
                }
            }
        }
        let text = PyAssignedNames.dottedName(callee) ?? calleeText(callee)
        if let reason = unknownArity {
            if namespaceUpdate { return PyBuiltins.namespaceUnknown(self, reason, r) }
            var pure = false
            if case .builtin(let n) = f.value, PyBuiltins.unsafe[n] == nil { pure = true }
            if !pure { unknownCall(f, args, reason: PyDynamicReason(reason: "passed to \(text)() with arguments the linter cannot know", range: r)) }
            return PyBox(value: .dynamic(reason), range: r)
        }
        return try call(f, args, r, text: text)
    }

    func calleeText(_ callee: PyExpr) -> String {
        if case .attribute(_, let n) = callee.kind { return n }
        return "<expression>"
    }

    /// Reasons that say more than "call to an unknown function" and so are kept through calls.
    func isSticky(_ reason: String) -> Bool {
        reason.hasPrefix("os.environ") || reason.contains("file system") || reason.contains("is not run by the linter")
            || reason.contains("command line") || reason.hasPrefix("evaluation budget")
    }

    func call(_ f: PyBox, _ args: PyArgs, _ r: SourceRange, text: String) throws -> PyBox {
        switch f.value {
        case .dynamic(let reason):
            let why = PyDynamicReason(reason: "passed to \(text)(), which the linter cannot call", range: r)
            unknownCall(f, args, reason: why)
            if isSticky(reason.reason) { return PyBox(value: .dynamic(reason), range: r) }
            return dyn("call to an unknown function '\(text)'", r)
        case .function(let fn):
            return try callFunction(fn, args, r)
        case .builtin(let name):
            return try PyBuiltins.call(self, name, args, r)
        case .boundMethod(let receiver, let name):
            return try PyBuiltins.callMethod(self, receiver, name, args, r, text: text)
        default:
            throw raise("TypeError", "'\(f.value.typeName)' object is not callable", r)
        }
    }

    /// What Python code the evaluator does not run may do with the known objects it receives.
    func unknownCall(_ f: PyBox, _ args: PyArgs, reason: PyDynamicReason) {
        for a in args.all { taintReachable(a, reason) }
        if case .boundMethod(let receiver, _) = f.value { taintReachable(receiver, reason) }
    }

    func callFunction(_ fn: PyFunctionObject, _ args: PyArgs, _ r: SourceRange) throws -> PyBox {
        if callDepth >= budget.callDepth {
            throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r))
        }
        let scope = PyScope(isModule: false)
        try bindParameters(fn, args, scope, r)
        callDepth += 1
        frames.append(PyFrame(scope: scope, function: fn))
        let savedComprehension = comprehensionBinding
        comprehensionBinding = false
        defer {
            frames.removeLast()
            callDepth -= 1
            comprehensionBinding = savedComprehension
        }
        do {
            if let body = fn.lambdaBody {
                return try eval(body)
            }
            var result = PyBox(value: .none, range: fn.headerRange)
            if case .returned(let v) = try exec(fn.body) { result = v }
            if let reason = frame.returnUndecided { return PyBox(value: .dynamic(reason), range: r) }
            return result
        } catch PyThrow.undecidedJump(let reason) {
            // The rest of the body did not run: whatever it could change is possibly modified.
            var e = PyEffects()
            for s in fn.body { PyAssignedNames.effects(s, into: &e) }
            let why = PyDynamicReason(reason: "changed by \(fn.name)() under a condition the linter cannot decide", range: reason.range)
            for (_, v) in scope.names { taintReachable(v.box, why) }
            for n in e.mutated where !fn.locals.contains(n) { if let b = try? lookupSilently(n) { taintReachable(b, why) } }
            for (n, range) in e.assigned where fn.globals.contains(n) {
                module.bind(n, PyBox(value: .dynamic(why), range: range), nameRange: range)
            }
            return PyBox(value: .dynamic(reason), range: r)
        }
    }

    func bindParameters(_ fn: PyFunctionObject, _ args: PyArgs, _ scope: PyScope, _ r: SourceRange) throws {
        let params = fn.parameters.parameters
        var pos = args.positional[...]
        var bound = Set<String>()
        var varPos: PyParameter?
        var varKw: PyParameter?
        for p in params {
            switch p.kind {
            case .positionalOnly, .positionalOrKeyword:
                if let v = pos.popFirst() {
                    scope.bind(p.name, v, nameRange: p.range)
                    bound.insert(p.name)
                }
            case .varPositional: varPos = p
            case .varKeyword: varKw = p
            case .keywordOnly: break
            }
        }
        if let vp = varPos {
            scope.bind(vp.name, PyBox(value: .tuple(Array(pos)), range: r), nameRange: vp.range)
            bound.insert(vp.name)
        } else if !pos.isEmpty {
            throw raise("TypeError", "\(fn.name)() takes \(params.count) positional arguments but \(args.positional.count) were given", r)
        }
        let kwDict = PyDictObject()
        for (k, v) in args.keywords {
            if let p = params.first(where: { $0.name == k && ($0.kind == .positionalOrKeyword || $0.kind == .keywordOnly) }) {
                if bound.contains(k) { throw raise("TypeError", "\(fn.name)() got multiple values for argument '\(k)'", r) }
                scope.bind(p.name, v, nameRange: p.range)
                bound.insert(k)
            } else if varKw != nil {
                kwDict.set(.str(k), keyBox: PyBox(value: .str(k), range: v.range), value: v)
            } else {
                throw raise("TypeError", "\(fn.name)() got an unexpected keyword argument '\(k)'", r)
            }
        }
        if let vk = varKw {
            scope.bind(vk.name, PyBox(value: .dict(kwDict), range: r), nameRange: vk.range)
        }
        for p in params where !bound.contains(p.name) && p.kind != .varPositional && p.kind != .varKeyword {
            guard let d = fn.defaults[p.name] else {
                throw raise("TypeError", "\(fn.name)() missing required argument: '\(p.name)'", r)
            }
            scope.bind(p.name, d, nameRange: p.range)
        }
    }
}
