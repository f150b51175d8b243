/// Limits after which a value in progress becomes dynamic ("evaluation budget exceeded"); at top
/// level the evaluation then stops. They keep a hostile or runaway config (`while True: pass`,
/// `"x" * 10**9`) from costing more than a few milliseconds or megabytes.
struct PyBudget: Sendable {
    /// Expression and statement evaluations for the whole module (loop iterations count too).
    var steps: Int
    /// Nested calls of config-defined functions.
    var callDepth: Int
    /// Nesting of expressions and statements being evaluated at once (keeps the Swift stack bounded
    /// on deeply nested trees, whatever the call depth).
    var nesting: Int
    /// Elements of one list, tuple, dict or set, and of one range that is materialized.
    var collectionSize: Int
    /// UTF-8 bytes of one string.
    var stringLength: Int
    /// Iterations of `for`/`while` loops and comprehensions in the whole module. Real configs loop
    /// over layers and epochs (tens to thousands of iterations); this bound is what makes a
    /// `while True: pass` end within milliseconds even before the step budget would.
    var loopIterations: Int

    static let `default` = PyBudget(steps: 2_000_000, callDepth: 64, nesting: 400,
                                    collectionSize: 1_000_000, stringLength: 16 << 20, loopIterations: 50_000)
}

/// What stops the evaluation of an expression or statement before it completes.
enum PyThrow: Error {
    /// An exception Python would raise here. `explicit` for a `raise` or a failed `assert`, which
    /// stop the module when nothing catches them; the evaluator's own findings (a NameError, a
    /// ZeroDivisionError) only make the statement's targets dynamic at top level, because a wrong
    /// guess of ours must not hide everything after it.
    case exception(type: String, message: String, range: SourceRange, explicit: Bool)
    /// The budget ran out: everything in progress is dynamic and the module stops.
    case limit(PyDynamicReason)
    /// A `break`/`continue`/`return` under a condition the evaluator cannot decide, inside a loop
    /// or function: the enclosing loop or call gives up on what follows.
    case undecidedJump(PyDynamicReason)
}

/// How a statement ended.
enum PyFlow {
    case normal
    case breakLoop
    case continueLoop
    case returned(PyBox)
}

/// One running function call (or the module itself).
final class PyFrame {
    let scope: PyScope
    let function: PyFunctionObject?
    /// Comprehension scopes, innermost last (they see their own targets first).
    var comprehensionScopes: [PyScope] = []
    /// Set once a `return` under an undecidable condition was passed: the result is dynamic.
    var returnUndecided: PyDynamicReason?
    /// Loops running in this frame (a `break` under an undecidable condition needs one).
    var loopDepth = 0
    init(scope: PyScope, function: PyFunctionObject?) {
        self.scope = scope
        self.function = function
    }
}

/// Interprets a `PyModule` without any I/O, process, environment or reflection: it only computes
/// values from the tree, under a `PyBudget`. See `PyEvaluationResult` for what it returns.
enum PyEvaluator {
    /// `source`: the file the module was parsed from, when values decoded from its string literals
    /// (`json.loads("...")`) should point inside those literals.
    static func evaluate(_ module: PyModule, budget: PyBudget = .default, source: PySource? = nil) -> PyEvaluationResult {
        let run = PyRun(budget: budget)
        run.source = source
        return run.run(module)
    }

    /// Evaluates the module, then calls its top-level function `name` with integer keyword arguments,
    /// as RETURNN calls `get_network(epoch=N)`; nil when the module binds no function of that name.
    static func evaluateCall(_ module: PyModule, source: PySource?, function name: String,
                             keywords: [(String, Int)]) -> PyResultNode? {
        let run = PyRun(budget: .default)
        run.source = source
        _ = run.run(module)
        guard run.stopped == nil, let box = run.module.names[name]?.box, case .function = box.value else { return nil }
        var args = PyArgs()
        args.keywords = keywords.map { ($0.0, PyBox(value: .int($0.1), range: box.range)) }
        run.frames = [PyFrame(scope: run.module, function: nil)]
        let result: PyBox
        do {
            result = try run.call(box, args, box.range, text: name)
        } catch let t as PyThrow {
            let reason: PyDynamicReason
            switch t {
            case .exception(let type, let message, let range, _):
                reason = PyDynamicReason(reason: PyRun.exceptionText(type, message), range: range)
            case .limit(let r), .undecidedJump(let r): reason = r
            }
            return PyResultNode(value: .dynamic(reason), range: box.range)
        } catch {
            return PyResultNode(value: .dynamic(PyDynamicReason(reason: "evaluation failed", range: box.range)), range: box.range)
        }
        var stack: [ObjectIdentifier] = []
        return PyFreezer.node(result, &stack, depth: 0)
    }
}

final class PyRun {
    let budget: PyBudget
    var steps = 0
    var iterations = 0
    var nesting = 0
    var callDepth = 0
    let module = PyScope(isModule: true)
    var frames: [PyFrame] = []
    var stopped: PyDynamicReason?
    var source: PySource?
    /// Dicts merged into the top level by `locals().update(d)` (i6_core's form): their options are
    /// the top-level names, so the dict's own name is not reported a second time.
    var namespaceSources: Set<ObjectIdentifier> = []
    var namespaceUnknown: PyDynamicReason?

    init(budget: PyBudget) { self.budget = budget }

    var frame: PyFrame { frames[frames.count - 1] }
    var atTopLevel: Bool { frames.count == 1 }

    func run(_ m: PyModule) -> PyEvaluationResult {
        let start = m.body.first?.range ?? .empty
        frames = [PyFrame(scope: module, function: nil)]
        // RETURNN executes the config with these in its namespace; they are not options.
        module.bind("config", PyBox(value: .module("config"), range: start), nameRange: start, byImport: true)
        module.bind("__file__", PyBox(value: .dynamic(PyDynamicReason(reason: "__file__ depends on how RETURNN is started", range: start)), range: start), nameRange: start, byImport: true)
        module.bind("__name__", PyBox(value: .str("__returnn_config__"), range: start), nameRange: start, byImport: true)
        for stmt in m.body {
            do {
                switch try exec(stmt) {
                case .normal, .breakLoop, .continueLoop: break
                case .returned:
                    // `return` outside a function is a SyntaxError in CPython; RETURNN would not start.
                    stopped = PyDynamicReason(reason: "'return' outside a function", range: stmt.range)
                }
            } catch let t as PyThrow {
                switch t {
                case .exception(let type, let message, let range, let explicit):
                    let reason = PyDynamicReason(reason: Self.exceptionText(type, message), range: range)
                    if explicit {
                        stopped = reason
                    } else {
                        taint(statements: [stmt], reason: reason)
                    }
                case .limit(let reason):
                    taint(statements: [stmt], reason: reason)
                    stopped = reason
                case .undecidedJump(let reason):
                    taint(statements: [stmt], reason: reason)
                }
            } catch {
                stopped = PyDynamicReason(reason: "evaluation failed", range: stmt.range)
            }
            if stopped != nil { break }
        }
        var result = PyFreezer.freeze(module: module, stopped: stopped, omitting: namespaceSources)
        result.namespaceUnknown = namespaceUnknown
        return result
    }

    static func exceptionText(_ type: String, _ message: String) -> String {
        message.isEmpty ? type : "\(type): \(message)"
    }

    // MARK: - Budget

    @inline(__always)
    func step(_ range: SourceRange) throws {
        steps += 1
        if steps > budget.steps {
            throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: range))
        }
    }

    @inline(__always)
    func iterationStep(_ range: SourceRange) throws {
        iterations += 1
        if iterations > budget.loopIterations {
            throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: range))
        }
    }

    func enter(_ range: SourceRange) throws {
        nesting += 1
        if nesting > budget.nesting {
            nesting -= 1
            throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: range))
        }
    }

    func checkSize(_ n: Int, _ range: SourceRange) throws {
        if n > budget.collectionSize {
            throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: range))
        }
    }

    func checkString(_ s: String, _ range: SourceRange) throws {
        if s.utf8.count > budget.stringLength {
            throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: range))
        }
    }

    func raise(_ type: String, _ message: String, _ range: SourceRange) -> PyThrow {
        .exception(type: type, message: message, range: range, explicit: false)
    }

    // MARK: - Statements

    func exec(_ stmts: [PyStmt]) throws -> PyFlow {
        for s in stmts {
            let flow = try exec(s)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func exec(_ stmt: PyStmt) throws -> PyFlow {
        try step(stmt.range)
        try enter(stmt.range)
        defer { nesting -= 1 }
        switch stmt.kind {
        case .expression(let e):
            _ = try eval(e)
        case .assign(let targets, let value):
            let v = try eval(value)
            for t in targets { try assign(t, v) }
        case .augmentedAssign(let target, let op, let value):
            try augmentedAssign(target, op, value, stmt.range)
        case .annotatedAssign(let target, let value):
            if let value {
                let v = try eval(value)
                try assign(target, v)
            }
        case .delete(let targets):
            for t in targets { try delete(t) }
        case .pass, .global, .nonlocal:
            break
        case .break:
            return .breakLoop
        case .continue:
            return .continueLoop
        case .return(let e):
            if atTopLevel { return .returned(PyBox(value: .none, range: stmt.range)) }
            let v = try e.map { try eval($0) } ?? PyBox(value: .none, range: stmt.range)
            return .returned(v)
        case .raise(let e):
            var type = "Exception", message = ""
            if let e {
                let v = try? eval(e)
                switch v?.value {
                case .builtin(let n)?: type = n
                case .tuple(let parts)? where parts.count == 2:
                    if case .builtin(let n) = parts[0].value { type = n }
                    if case .str(let m) = parts[1].value { message = m }
                default: break
                }
                if case .call(let callee, let args) = e.kind, case .name(let n) = callee.kind {
                    type = n
                    if let first = args.first, case .constant(.string(let m)) = first.value.kind { message = m }
                }
            } else {
                type = "RuntimeError"; message = "No active exception to reraise"
            }
            throw PyThrow.exception(type: type, message: message, range: stmt.range, explicit: true)
        case .assert(let test, let message):
            let t = try eval(test)
            if let r = t.value.dynamicReason { _ = r; break }
            if try !truthy(t) {
                var m = ""
                if let message, let mv = try? eval(message) { m = (try? str(mv)) ?? "" }
                throw PyThrow.exception(type: "AssertionError", message: m, range: stmt.range, explicit: true)
            }
        case .if(let test, let body, let orelse):
            let t = try eval(test)
            if let r = t.value.dynamicReason {
                try undecided(branches: [body, orelse], condition: test.range, cause: r)
                return .normal
            }
            return try exec(try truthy(t) ? body : orelse)
        case .for(let target, let iterable, let body, let orelse):
            return try execFor(stmt, target: target, iterable: iterable, body: body, orelse: orelse)
        case .while(let test, let body, let orelse):
            return try execWhile(stmt, test: test, body: body, orelse: orelse)
        case .with(let items, let body):
            // A context manager may swallow exceptions or do anything on entry; none is modelled.
            var reason = PyDynamicReason(reason: "assigned inside a 'with' block the linter does not run", range: stmt.range)
            if let first = items.first {
                reason.range = first.context.range
            }
            taint(statements: [stmt], reason: reason)
            for item in items { if let t = item.target { taintTarget(t, reason) } }
            _ = body
        case .try(let body, let handlers, let orelse, let final):
            return try execTry(body: body, handlers: handlers, orelse: orelse, final: final)
        case .functionDef(let def):
            try execDef(def)
        case .classDef(let c):
            let reason = PyDynamicReason(reason: "a class", range: c.headerRange)
            bind(c.name, PyBox(value: .dynamic(reason), range: c.headerRange), nameRange: c.headerRange)
            // The class body and bases are not run; arguments given to a metaclass may be changed.
            for b in c.bases { taintReachable(in: b.value, reason: PyDynamicReason(reason: "passed to class \(c.name), which the linter does not run", range: c.headerRange)) }
        case .import(let aliases):
            for a in aliases { importModule(a) }
        case .importFrom(let moduleName, let level, let names):
            importFrom(moduleName, level: level, names: names, range: stmt.range)
        case .unsupported(let what):
            taint(statements: [stmt], reason: PyDynamicReason(reason: "\(what), which the linter does not evaluate", range: stmt.range))
        }
        return .normal
    }

    func execDef(_ def: PyFunctionDef) throws {
        if !def.decorators.isEmpty {
            let reason = PyDynamicReason(reason: "a decorated function", range: def.decorators[0].range)
            bind(def.name, PyBox(value: .dynamic(reason), range: def.headerRange), nameRange: def.headerRange)
            return
        }
        if def.isAsync {
            let reason = PyDynamicReason(reason: "an async function", range: def.headerRange)
            bind(def.name, PyBox(value: .dynamic(reason), range: def.headerRange), nameRange: def.headerRange)
            return
        }
        let f = try makeFunction(name: def.name, parameters: def.parameters, body: def.body, lambdaBody: nil, range: def.headerRange)
        bind(def.name, PyBox(value: .function(f), range: def.headerRange), nameRange: def.headerRange)
    }

    func makeFunction(name: String, parameters: PyParameters, body: [PyStmt], lambdaBody: PyExpr?, range: SourceRange) throws -> PyFunctionObject {
        var defaults: [String: PyBox] = [:]
        for p in parameters.parameters {
            if let d = p.defaultValue { defaults[p.name] = try eval(d) }
        }
        var closure: [PyScope] = []
        if let f = frame.function {
            closure = f.closure
            closure.append(frame.scope)
        }
        return PyFunctionObject(name: name, parameters: parameters, body: body, lambdaBody: lambdaBody,
                                defaults: defaults, closure: closure, headerRange: range)
    }

    func execFor(_ stmt: PyStmt, target: PyExpr, iterable: PyExpr, body: [PyStmt], orelse: [PyStmt]) throws -> PyFlow {
        let it = try eval(iterable)
        let items: [PyBox]
        do {
            items = try iterate(it, iterable.range)
        } catch PyThrow.undecidedJump(let r) {
            try undecided(branches: [body, orelse], condition: iterable.range, cause: r, loopTarget: target)
            return .normal
        }
        frame.loopDepth += 1
        defer { frame.loopDepth -= 1 }
        do {
            for item in items {
                try iterationStep(stmt.range)
                try assign(target, item)
                switch try exec(body) {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                }
            }
        } catch PyThrow.undecidedJump(let r) {
            // A `break`/`continue` whose condition is unknown: the rest of the loop may or may not run.
            taint(statements: [stmt], reason: r)
            return .normal
        }
        return try exec(orelse)
    }

    func execWhile(_ stmt: PyStmt, test: PyExpr, body: [PyStmt], orelse: [PyStmt]) throws -> PyFlow {
        frame.loopDepth += 1
        defer { frame.loopDepth -= 1 }
        do {
            while true {
                try iterationStep(stmt.range)
                let t = try eval(test)
                if let r = t.value.dynamicReason {
                    try undecided(branches: [body, orelse], condition: test.range, cause: r)
                    return .normal
                }
                if try !truthy(t) { break }
                switch try exec(body) {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                }
            }
        } catch PyThrow.undecidedJump(let r) {
            taint(statements: [stmt], reason: r)
            return .normal
        }
        return try exec(orelse)
    }

    func execTry(body: [PyStmt], handlers: [PyExceptHandler], orelse: [PyStmt], final: [PyStmt]) throws -> PyFlow {
        var flow: PyFlow = .normal
        var pending: Error?
        do {
            flow = try exec(body)
            if case .normal = flow { flow = try exec(orelse) }
        } catch PyThrow.exception(let type, let message, let range, let explicit) {
            var handled = false
            for h in handlers {
                if try handlerMatches(h, type) {
                    handled = true
                    if let n = h.name {
                        bind(n, PyBox(value: .dynamic(PyDynamicReason(reason: "an exception object", range: h.range)), range: h.range), nameRange: h.range)
                    }
                    do { flow = try exec(h.body) } catch { pending = error }
                    break
                }
            }
            if !handled { pending = PyThrow.exception(type: type, message: message, range: range, explicit: explicit) }
        } catch {
            pending = error
        }
        if !final.isEmpty {
            let f = try exec(final)
            if case .normal = f {} else { return f }
        }
        if let pending { throw pending }
        return flow
    }

    static let exceptionHierarchy: [String: String] = [
        "ZeroDivisionError": "ArithmeticError", "OverflowError": "ArithmeticError", "ArithmeticError": "Exception",
        "KeyError": "LookupError", "IndexError": "LookupError", "LookupError": "Exception",
        "NameError": "Exception", "UnboundLocalError": "NameError", "TypeError": "Exception",
        "ValueError": "Exception", "AssertionError": "Exception", "AttributeError": "Exception",
        "RuntimeError": "Exception", "RecursionError": "RuntimeError", "NotImplementedError": "RuntimeError",
        "ImportError": "Exception", "ModuleNotFoundError": "ImportError", "OSError": "Exception",
        "IOError": "Exception", "FileNotFoundError": "OSError", "StopIteration": "Exception",
        "JSONDecodeError": "ValueError", "UnicodeError": "ValueError", "Exception": "BaseException",
    ]

    func handlerMatches(_ h: PyExceptHandler, _ type: String) throws -> Bool {
        guard let t = h.type else { return true }
        var names: [String] = []
        func collect(_ e: PyExpr) {
            switch e.kind {
            case .name(let n): names.append(n)
            case .attribute(_, let n): names.append(n)
            case .tuple(let items): items.forEach(collect)
            default: break
            }
        }
        collect(t)
        var chain: String? = type
        while let c = chain {
            if names.contains(c) || names.contains("BaseException") { return true }
            chain = Self.exceptionHierarchy[c] ?? (c == "BaseException" ? nil : "Exception")
            if chain == c { break }
        }
        return false
    }

    // MARK: - Imports

    static let modelledModules: Set<String> = ["os", "os.path", "copy", "math", "json", "sys"]

    func importModule(_ a: PyImportAlias) {
        if let asName = a.asName {
            let v: PyValue = Self.modelledModules.contains(a.name) ? .module(a.name)
                : .dynamic(PyDynamicReason(reason: "module '\(a.name)' is not evaluated", range: a.range))
            bind(asName, PyBox(value: v, range: a.range), nameRange: a.range, byImport: true)
        } else {
            // `import os.path` binds `os`.
            let top = String(a.name.split(separator: ".").first ?? Substring(a.name))
            let v: PyValue = Self.modelledModules.contains(top) ? .module(top)
                : .dynamic(PyDynamicReason(reason: "module '\(top)' is not evaluated", range: a.range))
            bind(top, PyBox(value: v, range: a.range), nameRange: a.range, byImport: true)
        }
    }

    func importFrom(_ moduleName: String?, level: Int, names: [PyImportAlias], range: SourceRange) {
        let full = String(repeating: ".", count: level) + (moduleName ?? "")
        let modelled = level == 0 && moduleName.map { Self.modelledModules.contains($0) } == true
        for a in names {
            if a.name == "*" {
                if !modelled {
                    // Unknown names may now be bound; they stay NameErrors for the evaluator, which
                    // then makes each statement using them dynamic (never a silent guess).
                    starImports.append(PyDynamicReason(reason: "bound by 'from \(full) import *', which the linter does not evaluate", range: a.range))
                }
                continue
            }
            let bound = a.asName ?? a.name
            var v: PyValue = .dynamic(PyDynamicReason(reason: "module '\(full)' is not evaluated", range: a.range))
            if modelled, let m = moduleName {
                let sub = m + "." + a.name
                if Self.modelledModules.contains(sub) {
                    v = .module(sub)
                } else {
                    v = moduleAttribute(m, a.name, a.range).value
                }
            }
            bind(bound, PyBox(value: v, range: a.range), nameRange: a.range, byImport: true)
        }
    }

    /// Reasons of `from unknown import *`: a name not found may come from there.
    var starImports: [PyDynamicReason] = []

    // MARK: - Binding

    func bind(_ name: String, _ value: PyBox, nameRange: SourceRange, byImport: Bool = false) {
        if let comp = frame.comprehensionScopes.last, comp.names[name] != nil || comprehensionBinding {
            comp.bind(name, value, nameRange: nameRange)
            return
        }
        scopeForStore(name).bind(name, value, nameRange: nameRange, byImport: byImport)
    }

    /// Set while a comprehension binds its own targets.
    var comprehensionBinding = false

    func scopeForStore(_ name: String) -> PyScope {
        guard let f = frame.function else { return module }
        if f.globals.contains(name) { return module }
        if f.nonlocals.contains(name) {
            for s in f.closure.reversed() where s.names[name] != nil { return s }
            return f.closure.last ?? module
        }
        return frame.scope
    }

    func lookup(_ name: String, _ range: SourceRange) throws -> PyBox {
        for s in frame.comprehensionScopes.reversed() {
            if let b = s.names[name] { return b.box }
        }
        if let f = frame.function {
            if f.globals.contains(name) {
                if let b = module.names[name] { return b.box }
            } else if f.locals.contains(name) {
                if let b = frame.scope.names[name] { return b.box }
                throw raise("UnboundLocalError", "cannot access local variable '\(name)' where it is not associated with a value", range)
            } else {
                for s in f.closure.reversed() { if let b = s.names[name] { return b.box } }
                if let b = module.names[name] { return b.box }
            }
        } else if let b = module.names[name] {
            return b.box
        }
        if let v = PyBuiltins.builtin(name, range) { return PyBox(value: v, range: range) }
        if let r = starImports.first { return PyBox(value: .dynamic(PyDynamicReason(reason: "'\(name)' may be " + r.reason, range: r.range)), range: range) }
        // Python would raise a NameError, but a config that RETURNN runs rarely has one: far more
        // often the name comes from somewhere the linter does not see. An unknown value (and an
        // unknown call, which makes its arguments possibly modified) is never a silent guess; a
        // NameError would only drop the statement.
        return PyBox(value: .dynamic(PyDynamicReason(reason: "'\(name)' is not defined in the config", range: range)), range: range)
    }

    // MARK: - Assignment

    func assign(_ target: PyExpr, _ value: PyBox) throws {
        switch target.kind {
        case .name(let n):
            bind(n, value, nameRange: target.range)
        case .tuple(let items), .list(let items):
            try unpack(items, value, target.range)
        case .starred(let inner):
            try assign(inner, value)
        case .subscript(let base, let indexExpr):
            let b = try eval(base)
            if case .slice(let lo, let hi, let st) = indexExpr.kind {
                try assignSlice(b, lo, hi, st, value, target.range)
                return
            }
            let k = try eval(indexExpr)
            try setItem(b, k, value, target.range)
        case .attribute(let base, _):
            let b = try eval(base)
            switch b.value {
            case .dynamic, .module("config"):
                // Setting an attribute on something unknown cannot change a known value.
                break
            default:
                throw raise("AttributeError", "'\(b.value.typeName)' object attribute is read-only", target.range)
            }
        default:
            throw raise("SyntaxError", "cannot assign to this expression", target.range)
        }
    }

    func unpack(_ targets: [PyExpr], _ value: PyBox, _ range: SourceRange) throws {
        if let r = value.value.dynamicReason {
            for t in targets { taintTarget(t, r) }
            return
        }
        let items = try iterate(value, range)
        let starIndex = targets.firstIndex { if case .starred = $0.kind { return true } else { return false } }
        if let si = starIndex {
            let after = targets.count - si - 1
            guard items.count >= targets.count - 1 else {
                throw raise("ValueError", "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))", range)
            }
            for i in 0..<si { try assign(targets[i], items[i]) }
            let middle = Array(items[si..<(items.count - after)])
            try assign(targets[si], PyBox(value: .list(PyListObject(middle)), range: value.range))
            for j in 0..<after { try assign(targets[si + 1 + j], items[items.count - after + j]) }
        } else {
            guard items.count == targets.count else {
                if items.count > targets.count {
                    throw raise("ValueError", "too many values to unpack (expected \(targets.count))", range)
                }
                throw raise("ValueError", "not enough values to unpack (expected \(targets.count), got \(items.count))", range)
            }
            for (t, v) in zip(targets, items) { try assign(t, v) }
        }
    }

    func setItem(_ container: PyBox, _ key: PyBox, _ value: PyBox, _ range: SourceRange) throws {
        switch container.value {
        case .dynamic:
            return
        case .dict(let d):
            if let r = key.value.dynamicReason {
                // An unknown key may replace any entry.
                if d.partial == nil { d.partial = r }
                return
            }
            guard let hk = PyHashKey.of(key.value) else { throw raise("TypeError", "unhashable type: '\(key.value.typeName)'", range) }
            d.set(hk, keyBox: key, value: value)
            try checkSize(d.count, range)
        case .list(let l):
            if l.tainted != nil { return }
            if let r = key.value.dynamicReason { l.tainted = r; return }
            if case .tuple(let parts) = key.value, parts.isEmpty { throw raise("TypeError", "list indices must be integers or slices, not tuple", range) }
            let i = try index(key, count: l.items.count, range, what: "list assignment")
            l.items[i] = value
        case .module("config"):
            return
        case .module("<namespace>"):
            // `globals()["name"] = value` binds a top-level name.
            guard case .str(let name) = key.value else {
                if let reason = key.value.dynamicReason { _ = PyBuiltins.namespaceUnknown(self, reason, range) }
                return
            }
            module.bind(name, value, nameRange: key.range)
        default:
            if case .str = container.value { throw raise("TypeError", "'str' object does not support item assignment", range) }
            if case .tuple = container.value { throw raise("TypeError", "'tuple' object does not support item assignment", range) }
            throw raise("TypeError", "'\(container.value.typeName)' object does not support item assignment", range)
        }
    }

    /// `l[a:b] = items` and `del l[a:b]` on a list (a stepped slice must match in length).
    func assignSlice(_ b: PyBox, _ lo: PyExpr?, _ hi: PyExpr?, _ st: PyExpr?, _ value: PyBox?, _ range: SourceRange) throws {
        let l = try lo.map { try eval($0) }, h = try hi.map { try eval($0) }, s = try st.map { try eval($0) }
        guard case .list(let list) = b.value else {
            if b.value.dynamicReason != nil { return }
            throw raise("TypeError", "'\(b.value.typeName)' object does not support slice assignment", range)
        }
        if list.tainted != nil { return }
        for p in [l, h, s] { if let r = p?.value.dynamicReason { list.tainted = r; return } }
        if let r = value?.value.dynamicReason { list.tainted = r; return }
        let idx = try sliceIndices(l, h, s, count: list.items.count, range)
        let newItems = try value.map { try iterate($0, range) } ?? []
        let step = s.flatMap { intValue($0) } ?? 1
        if step == 1 {
            let start = idx.first ?? min(max(0, (l.flatMap { intValue($0) }).map { $0 < 0 ? $0 + list.items.count : $0 } ?? 0), list.items.count)
            let clampedStart = min(max(0, start), list.items.count)
            list.items.replaceSubrange(clampedStart..<(clampedStart + idx.count), with: newItems)
        } else if value == nil {
            for i in idx.sorted(by: >) { list.items.remove(at: i) }
        } else {
            guard idx.count == newItems.count else {
                throw raise("ValueError", "attempt to assign sequence of size \(newItems.count) to extended slice of size \(idx.count)", range)
            }
            for (i, v) in zip(idx, newItems) { list.items[i] = v }
        }
        try checkSize(list.items.count, range)
    }

    func delete(_ target: PyExpr) throws {
        switch target.kind {
        case .name(let n):
            let s = scopeForStore(n)
            guard s.names[n] != nil else { throw raise("NameError", "name '\(n)' is not defined", target.range) }
            s.unbind(n)
        case .tuple(let items), .list(let items):
            for i in items { try delete(i) }
        case .subscript(let base, let indexExpr):
            let b = try eval(base)
            if case .slice(let lo, let hi, let st) = indexExpr.kind {
                try assignSlice(b, lo, hi, st, nil, target.range)
                return
            }
            let k = try eval(indexExpr)
            switch b.value {
            case .dynamic: return
            case .dict(let d):
                if let r = k.value.dynamicReason { if d.partial == nil { d.partial = r }; return }
                guard let hk = PyHashKey.of(k.value) else { throw raise("TypeError", "unhashable type: '\(k.value.typeName)'", target.range) }
                if d.remove(hk) == nil {
                    if d.partial != nil { return }
                    throw raise("KeyError", (try? repr(k)) ?? "", target.range)
                }
            case .list(let l):
                if l.tainted != nil { return }
                if let r = k.value.dynamicReason { l.tainted = r; return }
                let i = try index(k, count: l.items.count, target.range, what: "list assignment")
                l.items.remove(at: i)
            default:
                throw raise("TypeError", "'\(b.value.typeName)' object doesn't support item deletion", target.range)
            }
        case .attribute(let base, _):
            _ = try eval(base)
        default:
            throw raise("SyntaxError", "cannot delete this expression", target.range)
        }
    }

    func augmentedAssign(_ target: PyExpr, _ op: PyBinaryOperator, _ value: PyExpr, _ range: SourceRange) throws {
        switch target.kind {
        case .name(let n):
            let old = try lookup(n, target.range)
            let v = try eval(value)
            bind(n, try inPlace(old, op, v, range), nameRange: target.range)
        case .subscript(let base, let index):
            let b = try eval(base)
            let k = try eval(index)
            let old = try getItem(b, k, target.range)
            let v = try eval(value)
            try setItem(b, k, try inPlace(old, op, v, range), target.range)
        case .attribute(let base, _):
            _ = try eval(base)
            _ = try eval(value)
        default:
            throw raise("SyntaxError", "illegal expression for augmented assignment", target.range)
        }
    }

    /// `+=` on a list extends the same object (aliases see it); `|=` on a dict updates it.
    func inPlace(_ old: PyBox, _ op: PyBinaryOperator, _ v: PyBox, _ range: SourceRange) throws -> PyBox {
        if case .list(let l) = old.value, op == .add {
            if l.tainted != nil { return old }
            if let r = v.value.dynamicReason { l.tainted = r; return old }
            let items = try iterate(v, range)
            try checkSize(l.items.count + items.count, range)
            l.items.append(contentsOf: items)
            return old
        }
        if case .list(let l) = old.value, op == .multiply, case .int(let n) = v.value {
            if l.tainted != nil { return old }
            let base = l.items
            try checkSize(base.count * max(0, min(n, budget.collectionSize + 1)), range)
            l.items = []
            for _ in 0..<max(0, n) { l.items.append(contentsOf: base) }
            return old
        }
        if case .dict(let d) = old.value, op == .bitOr {
            if let r = v.value.dynamicReason { if d.partial == nil { d.partial = r }; return old }
            try update(d, with: v, range)
            return old
        }
        return try binary(op, old, v, range)
    }

    // MARK: - Undecidable control flow

    /// The branches of an `if` (or a loop body) whose condition is unknown: nothing of them runs;
    /// every name they assign and every known object they may mutate is dynamic or partial.
    func undecided(branches: [[PyStmt]], condition: SourceRange, cause: PyDynamicReason, loopTarget: PyExpr? = nil) throws {
        let reason = PyDynamicReason(reason: "assigned under a condition the linter cannot decide", range: condition)
        for b in branches { taint(statements: b, reason: reason) }
        if let loopTarget { taintTarget(loopTarget, reason) }
        var jumps = PyAssignedNames.Jumps()
        for b in branches {
            let j = PyAssignedNames.containsJump(b)
            jumps.loop = jumps.loop || j.loop
            jumps.ret = jumps.ret || j.ret
        }
        if jumps.loop, frame.loopDepth > 0 {
            throw PyThrow.undecidedJump(reason)
        }
        if jumps.ret, frame.function != nil {
            frame.returnUndecided = frame.returnUndecided ?? reason
        }
        _ = cause
    }

    /// Makes the targets of `stmts` dynamic: names they bind and objects they may change.
    func taint(statements: [PyStmt], reason: PyDynamicReason) {
        var effects = PyEffects()
        for s in statements { PyAssignedNames.effects(s, into: &effects) }
        applyEffects(effects, reason, visitedFunctions: [])
    }

    func applyEffects(_ effects: PyEffects, _ reason: PyDynamicReason, visitedFunctions: Set<ObjectIdentifier>) {
        for (name, range) in effects.assigned {
            bindDynamicKeepingOrder(name, reason, range)
        }
        for e in effects.mutated {
            // The object reached from a name; the taint spreads to what it holds.
            if let b = try? lookupSilently(e) { taintReachable(b, reason) }
        }
        var visited = visitedFunctions
        for name in effects.called {
            guard let b = try? lookupSilently(name), case .function(let f) = b.value,
                  !visited.contains(ObjectIdentifier(f)), visited.count < 32 else { continue }
            visited.insert(ObjectIdentifier(f))
            var inner = PyEffects()
            for s in f.body { PyAssignedNames.effects(s, into: &inner) }
            // A called function changes module names only through `global`; its locals do not matter here.
            var outer = PyEffects()
            outer.assigned = inner.assigned.filter { f.globals.contains($0.0) }
            outer.mutated = inner.mutated.filter { !f.locals.contains($0) || f.globals.contains($0) }
            outer.called = inner.called
            applyEffects(outer, reason, visitedFunctions: visited)
        }
    }

    func bindDynamicKeepingOrder(_ name: String, _ reason: PyDynamicReason, _ range: SourceRange) {
        let s = scopeForStore(name)
        s.bind(name, PyBox(value: .dynamic(reason), range: range), nameRange: range)
    }

    func lookupSilently(_ name: String) throws -> PyBox? {
        try lookup(name, .empty)
    }

    func taintTarget(_ target: PyExpr, _ reason: PyDynamicReason) {
        var e = PyEffects()
        PyAssignedNames.targetEffects(target, into: &e)
        applyEffects(e, reason, visitedFunctions: [])
    }

    /// Every known mutable object reachable from `box` becomes possibly modified.
    func taintReachable(_ box: PyBox, _ reason: PyDynamicReason) {
        var seen = Set<ObjectIdentifier>()
        var work: [PyValue] = [box.value]
        var budgetLeft = 200_000
        while let v = work.popLast(), budgetLeft > 0 {
            budgetLeft -= 1
            switch v {
            case .dict(let d):
                guard seen.insert(ObjectIdentifier(d)).inserted else { continue }
                if d.partial == nil { d.partial = reason }
                for e in d.entries { work.append(e.value.value) }
            case .list(let l):
                guard seen.insert(ObjectIdentifier(l)).inserted else { continue }
                if l.tainted == nil { l.tainted = reason }
                for i in l.items { work.append(i.value) }
            case .set(let s):
                guard seen.insert(ObjectIdentifier(s)).inserted else { continue }
                if !s.frozen, s.tainted == nil { s.tainted = reason }
                for i in s.items { work.append(i.value) }
            case .tuple(let items):
                for i in items { work.append(i.value) }
            case .boundMethod(let r, _):
                work.append(r.value)
            default:
                break
            }
        }
    }

    func taintReachable(in expr: PyExpr, reason: PyDynamicReason) {
        var e = PyEffects()
        PyAssignedNames.argumentEffects(expr, into: &e)
        for n in e.mutated { if let b = try? lookupSilently(n) { taintReachable(b, reason) } }
    }
}
