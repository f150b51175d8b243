/// What a piece of code may change, found from the tree alone (nothing runs): used where the
/// evaluator cannot run the code (an undecidable branch, a `with` body, a statement that failed)
/// and must still not leave a value silently unchanged.
struct PyEffects {
    /// Names bound, with the range of the target that binds them.
    var assigned: [(String, SourceRange)] = []
    /// Names whose objects may be mutated (roots of subscript targets, receivers of mutating or
    /// unknown methods, arguments of calls that are not known to be pure).
    var mutated: [String] = []
    /// Names called as functions (a config-defined function may change globals and its arguments).
    var called: [String] = []
}

enum PyAssignedNames {
    /// Builtins and module functions that never change their arguments.
    static let pureFunctions: Set<String> = [
        "len", "str", "int", "float", "bool", "print", "range", "dict", "list", "tuple", "set", "frozenset",
        "sorted", "reversed", "min", "max", "sum", "isinstance", "enumerate", "zip", "abs", "round", "repr",
        "any", "all", "map", "filter", "hash", "chr", "ord", "hex", "oct", "bin", "divmod", "pow",
        "copy.copy", "copy.deepcopy", "deepcopy", "os.path.join", "os.path.basename", "os.path.dirname",
        "os.path.splitext", "os.path.split", "os.path.normpath", "json.dumps", "json.loads",
        "math.ceil", "math.floor", "math.sqrt", "math.log", "math.exp", "math.log2", "math.log10", "math.pow",
        "config.value", "config.bool", "config.int", "config.float", "config.typed_value", "config.has",
    ]

    /// Methods that never change their receiver or arguments.
    static let pureMethods: Set<String> = [
        "join", "format", "get", "keys", "values", "items", "copy", "split", "rsplit", "replace", "strip",
        "lstrip", "rstrip", "startswith", "endswith", "lower", "upper", "index", "count", "find", "rfind",
        "zfill", "isdigit", "isalpha", "isalnum", "title", "capitalize", "splitlines", "partition",
        "rpartition", "ljust", "rjust", "center", "encode", "decode", "union", "intersection", "difference",
    ]

    /// Methods that change their receiver only.
    static let mutatingMethods: Set<String> = [
        "append", "extend", "insert", "pop", "remove", "update", "setdefault", "clear", "sort", "reverse",
        "popitem", "add", "discard", "__setitem__", "__delitem__",
    ]

    static func effects(_ s: PyStmt, into e: inout PyEffects) {
        switch s.kind {
        case .expression(let x):
            exprEffects(x, into: &e)
        case .assign(let targets, let value):
            for t in targets { targetEffects(t, into: &e) }
            exprEffects(value, into: &e)
        case .augmentedAssign(let t, _, let value):
            targetEffects(t, into: &e)
            if let r = rootName(t) { e.mutated.append(r) }
            exprEffects(value, into: &e)
        case .annotatedAssign(let t, let value):
            if let value { targetEffects(t, into: &e); exprEffects(value, into: &e) }
        case .delete(let ts):
            for t in ts { targetEffects(t, into: &e) }
        case .return(let x):
            if let x { exprEffects(x, into: &e) }
        case .raise(let x):
            if let x { exprEffects(x, into: &e) }
        case .assert(let t, let m):
            exprEffects(t, into: &e)
            if let m { exprEffects(m, into: &e) }
        case .if(let test, let body, let orelse), .while(let test, let body, let orelse):
            exprEffects(test, into: &e)
            for b in body { effects(b, into: &e) }
            for b in orelse { effects(b, into: &e) }
        case .for(let target, let iterable, let body, let orelse):
            targetEffects(target, into: &e)
            exprEffects(iterable, into: &e)
            for b in body { effects(b, into: &e) }
            for b in orelse { effects(b, into: &e) }
        case .with(let items, let body):
            for i in items {
                exprEffects(i.context, into: &e)
                if let t = i.target { targetEffects(t, into: &e) }
                if let r = rootName(i.context) { e.mutated.append(r) }
            }
            for b in body { effects(b, into: &e) }
        case .try(let body, let handlers, let orelse, let final):
            for b in body + orelse + final { effects(b, into: &e) }
            for h in handlers {
                if let n = h.name { e.assigned.append((n, h.range)) }
                for b in h.body { effects(b, into: &e) }
            }
        case .functionDef(let d):
            e.assigned.append((d.name, d.headerRange))
            for p in d.parameters.parameters { if let v = p.defaultValue { exprEffects(v, into: &e) } }
        case .classDef(let c):
            e.assigned.append((c.name, c.headerRange))
            for b in c.bases { argumentEffects(b.value, into: &e) }
        case .import(let aliases):
            for a in aliases {
                e.assigned.append((a.asName ?? String(a.name.split(separator: ".").first ?? ""), a.range))
            }
        case .importFrom(_, _, let names):
            for a in names where a.name != "*" { e.assigned.append((a.asName ?? a.name, a.range)) }
        case .global, .nonlocal, .pass, .break, .continue, .unsupported:
            break
        }
    }

    static func targetEffects(_ t: PyExpr, into e: inout PyEffects) {
        switch t.kind {
        case .name(let n):
            e.assigned.append((n, t.range))
        case .tuple(let items), .list(let items):
            for i in items { targetEffects(i, into: &e) }
        case .starred(let inner):
            targetEffects(inner, into: &e)
        case .subscript(let base, let index):
            if let r = rootName(base) { e.mutated.append(r) }
            exprEffects(base, into: &e)
            exprEffects(index, into: &e)
        case .attribute(let base, _):
            if let r = rootName(base) { e.mutated.append(r) }
            exprEffects(base, into: &e)
        default:
            exprEffects(t, into: &e)
        }
    }

    /// The name at the root of `a.b[c].d` (nil for anything else).
    static func rootName(_ x: PyExpr) -> String? {
        var cur = x
        var hops = 0
        while hops < 10_000 {
            hops += 1
            switch cur.kind {
            case .name(let n): return n
            case .attribute(let b, _): cur = b
            case .subscript(let b, _): cur = b
            case .call(let f, _):
                // `x.copy()["a"]` roots at a fresh object; but `get(x)["a"]` could be x itself.
                cur = f
            default: return nil
            }
        }
        return nil
    }

    static func dottedName(_ x: PyExpr) -> String? {
        switch x.kind {
        case .name(let n): return n
        case .attribute(let b, let a): return dottedName(b).map { $0 + "." + a }
        default: return nil
        }
    }

    static func argumentEffects(_ x: PyExpr, into e: inout PyEffects) {
        if let r = rootName(x) { e.mutated.append(r) }
        exprEffects(x, into: &e)
    }

    /// Walks an expression for calls (and walrus bindings); depth-capped like the evaluator.
    static func exprEffects(_ x: PyExpr, into e: inout PyEffects, depth: Int = 0) {
        guard depth < 300 else { return }
        let d = depth + 1
        switch x.kind {
        case .call(let callee, let args):
            let name = dottedName(callee)
            var pure = false
            if let name, pureFunctions.contains(name) { pure = true }
            if case .attribute(let base, let method) = callee.kind {
                if pureMethods.contains(method) {
                    pure = true
                } else if mutatingMethods.contains(method) {
                    if let r = rootName(base) { e.mutated.append(r) }
                    pure = true
                } else if let r = rootName(base) {
                    e.mutated.append(r)
                }
                exprEffects(base, into: &e, depth: d)
            } else if case .name(let n) = callee.kind {
                e.called.append(n)
                if n == "locals" || n == "globals" { e.mutated.append("<namespace>") }
            } else {
                exprEffects(callee, into: &e, depth: d)
            }
            for a in args {
                if !pure, let r = rootName(a.value) { e.mutated.append(r) }
                exprEffects(a.value, into: &e, depth: d)
            }
        case .namedExpr(let n, let v):
            e.assigned.append((n, x.range))
            exprEffects(v, into: &e, depth: d)
        case .list(let items), .tuple(let items), .set(let items):
            for i in items { exprEffects(i, into: &e, depth: d) }
        case .dict(let items):
            for i in items {
                if let k = i.key { exprEffects(k, into: &e, depth: d) }
                exprEffects(i.value, into: &e, depth: d)
            }
        case .starred(let i), .unary(_, let i), .attribute(let i, _):
            exprEffects(i, into: &e, depth: d)
        case .binary(_, let a, let b), .subscript(let a, let b):
            exprEffects(a, into: &e, depth: d)
            exprEffects(b, into: &e, depth: d)
        case .boolean(_, let items):
            for i in items { exprEffects(i, into: &e, depth: d) }
        case .compare(let a, let rest):
            exprEffects(a, into: &e, depth: d)
            for (_, b) in rest { exprEffects(b, into: &e, depth: d) }
        case .conditional(let t, let b, let o):
            exprEffects(t, into: &e, depth: d)
            exprEffects(b, into: &e, depth: d)
            exprEffects(o, into: &e, depth: d)
        case .slice(let l, let u, let s):
            for p in [l, u, s] { if let p { exprEffects(p, into: &e, depth: d) } }
        case .comprehension(let c):
            exprEffects(c.element, into: &e, depth: d)
            if let v = c.value { exprEffects(v, into: &e, depth: d) }
            for cl in c.clauses {
                exprEffects(cl.iterable, into: &e, depth: d)
                for cond in cl.conditions { exprEffects(cond, into: &e, depth: d) }
            }
        case .formattedString(let parts):
            for p in parts { if case .field(let f, _, _, _) = p { exprEffects(f, into: &e, depth: d) } }
        case .lambda, .name, .constant, .unsupported:
            break
        }
    }

    /// Names a function body binds (its locals), not descending into nested functions and classes.
    static func collect(_ s: PyStmt, into names: inout Set<String>) {
        var e = PyEffects()
        effects(s, into: &e)
        for (n, _) in e.assigned { names.insert(n) }
    }

    static func declarations(_ body: [PyStmt], globals: inout Set<String>, nonlocals: inout Set<String>, depth: Int = 0) {
        guard depth < 200 else { return }
        for s in body {
            switch s.kind {
            case .global(let n): globals.formUnion(n)
            case .nonlocal(let n): nonlocals.formUnion(n)
            case .if(_, let b, let o), .while(_, let b, let o), .for(_, _, let b, let o):
                declarations(b, globals: &globals, nonlocals: &nonlocals, depth: depth + 1)
                declarations(o, globals: &globals, nonlocals: &nonlocals, depth: depth + 1)
            case .with(_, let b):
                declarations(b, globals: &globals, nonlocals: &nonlocals, depth: depth + 1)
            case .try(let b, let hs, let o, let f):
                declarations(b + o + f, globals: &globals, nonlocals: &nonlocals, depth: depth + 1)
                for h in hs { declarations(h.body, globals: &globals, nonlocals: &nonlocals, depth: depth + 1) }
            default: break
            }
        }
    }

    struct Jumps { var loop = false; var ret = false }

    /// Whether `stmts` contain a `break`/`continue` of the enclosing loop, or a `return`.
    static func containsJump(_ stmts: [PyStmt], inLoop: Bool = false, depth: Int = 0) -> Jumps {
        var j = Jumps()
        guard depth < 200 else { j.loop = true; j.ret = true; return j }
        for s in stmts {
            switch s.kind {
            case .break, .continue: if !inLoop { j.loop = true }
            case .return: j.ret = true
            case .if(_, let b, let o), .try(let b, _, let o, _):
                let a = containsJump(b + o, inLoop: inLoop, depth: depth + 1)
                j.loop = j.loop || a.loop; j.ret = j.ret || a.ret
                if case .try(_, let hs, _, let f) = s.kind {
                    let c = containsJump(hs.flatMap(\.body) + f, inLoop: inLoop, depth: depth + 1)
                    j.loop = j.loop || c.loop; j.ret = j.ret || c.ret
                }
            case .with(_, let b):
                let a = containsJump(b, inLoop: inLoop, depth: depth + 1)
                j.loop = j.loop || a.loop; j.ret = j.ret || a.ret
            case .for(_, _, let b, let o), .while(_, let b, let o):
                let a = containsJump(b, inLoop: true, depth: depth + 1)
                let c = containsJump(o, inLoop: inLoop, depth: depth + 1)
                j.ret = j.ret || a.ret || c.ret
                j.loop = j.loop || c.loop
            default: break
            }
        }
        return j
    }
}
