extension PyRun {
    func dyn(_ reason: String, _ range: SourceRange) -> PyBox {
        PyBox(value: .dynamic(PyDynamicReason(reason: reason, range: range)), range: range)
    }

    func eval(_ e: PyExpr) throws -> PyBox {
        do {
            return try evalInner(e)
        } catch let u as PyUnknownValue {
            // Text made from an unknown part is unknown as a whole, for the part's reason.
            var reason = u.reason
            if reason.range == .empty { reason.range = e.range }
            return PyBox(value: .dynamic(reason), range: e.range)
        }
    }

    private func evalInner(_ e: PyExpr) throws -> PyBox {
        try step(e.range)
        try enter(e.range)
        defer { nesting -= 1 }
        let r = e.range
        switch e.kind {
        case .name(let n):
            let b = try lookup(n, r)
            // The value keeps where it was written, so a finding points at the literal.
            return b
        case .constant(let c):
            switch c {
            case .none: return PyBox(value: .none, range: r)
            case .bool(let b): return PyBox(value: .bool(b), range: r)
            case .int(let i): return PyBox(value: .int(i), range: r)
            case .bigInt: return dyn("integer too large", r)
            case .float(let d): return PyBox(value: .float(d), range: r)
            case .imaginary: return dyn("a complex number", r)
            case .string(let s): return PyBox(value: .str(s), range: r)
            case .bytes(let b): return PyBox(value: .bytes(b), range: r)
            case .ellipsis: return dyn("Ellipsis", r)
            }
        case .formattedString(let parts):
            return try PyFormatting.fstring(self, parts, r)
        case .list(let items):
            let v = try displayItems(items, r)
            return PyBox(value: .list(PyListObject(v)), range: r)
        case .tuple(let items):
            return PyBox(value: .tuple(try displayItems(items, r)), range: r)
        case .set(let items):
            let s = PySetObject(frozen: false)
            for b in try displayItems(items, r) {
                if b.value.dynamicReason != nil { s.tainted = b.value.dynamicReason; continue }
                guard let k = PyHashKey.of(b.value) else { throw raise("TypeError", "unhashable type: '\(b.value.typeName)'", r) }
                s.insert(b, key: k)
            }
            return PyBox(value: .set(s), range: r)
        case .dict(let items):
            let d = PyDictObject()
            for item in items {
                if let k = item.key {
                    let kb = try eval(k)
                    let vb = try eval(item.value)
                    try setItem(PyBox(value: .dict(d), range: r), kb, vb, k.range)
                } else {
                    let m = try eval(item.value)
                    if let reason = m.value.dynamicReason { if d.partial == nil { d.partial = reason }; continue }
                    try update(d, with: m, item.value.range)
                }
            }
            return PyBox(value: .dict(d), range: r)
        case .starred:
            throw raise("SyntaxError", "can't use starred expression here", r)
        case .unary(let op, let x):
            let v = try eval(x)
            return try unary(op, v, r)
        case .binary(let op, let a, let b):
            let x = try eval(a)
            let y = try eval(b)
            return try binary(op, x, y, r)
        case .boolean(let isAnd, let items):
            var last = PyBox(value: .none, range: r)
            for item in items {
                last = try eval(item)
                if last.value.dynamicReason != nil { return last }
                let t = try truthy(last)
                if isAnd ? !t : t { return last }
            }
            return last
        case .compare(let first, let rest):
            var left = try eval(first)
            for (op, rx) in rest {
                let right = try eval(rx)
                let res = try compare(op, left, right, r)
                if res.value.dynamicReason != nil { return res }
                if case .bool(false) = res.value { return PyBox(value: .bool(false), range: r) }
                left = right
            }
            return PyBox(value: .bool(true), range: r)
        case .conditional(let test, let body, let orelse):
            let t = try eval(test)
            if let reason = t.value.dynamicReason { return PyBox(value: .dynamic(reason), range: r) }
            return try eval(try truthy(t) ? body : orelse)
        case .call(let callee, let args):
            return try evalCall(callee, args, r)
        case .attribute(let base, let name):
            let b = try eval(base)
            return try attribute(b, name, base, r)
        case .subscript(let base, let index):
            let b = try eval(base)
            if case .slice(let lo, let hi, let st) = index.kind {
                let l = try lo.map { try eval($0) }, h = try hi.map { try eval($0) }, s = try st.map { try eval($0) }
                return try slice(b, l, h, s, r)
            }
            let k = try eval(index)
            return try getItem(b, k, r)
        case .slice:
            return dyn("a slice object", r)
        case .lambda(let params, let body):
            let f = try makeFunction(name: "<lambda>", parameters: params, body: [], lambdaBody: body, range: r)
            return PyBox(value: .function(f), range: r)
        case .comprehension(let c):
            return try comprehension(c, r)
        case .namedExpr(let name, let value):
            let v = try eval(value)
            // A walrus inside a comprehension binds in the enclosing scope.
            scopeForStore(name).bind(name, v, nameRange: r)
            return v
        case .unsupported(let what):
            return dyn("\(what), which the linter does not evaluate", r)
        }
    }

    func displayItems(_ items: [PyExpr], _ r: SourceRange) throws -> [PyBox] {
        var out: [PyBox] = []
        for item in items {
            if case .starred(let inner) = item.kind {
                let v = try eval(inner)
                if v.value.dynamicReason != nil { throw PyThrow.exception(type: "<dynamic>", message: "", range: r, explicit: false).dynamicOr(v) }
                out.append(contentsOf: try iterate(v, inner.range))
            } else {
                out.append(try eval(item))
            }
            try checkSize(out.count, r)
        }
        return out
    }

    // MARK: - Comprehensions

    func comprehension(_ c: PyComprehension, _ r: SourceRange) throws -> PyBox {
        let scope = PyScope(isModule: false)
        frame.comprehensionScopes.append(scope)
        defer { frame.comprehensionScopes.removeLast() }
        var results: [(PyBox, PyBox?)] = []
        var count = 0
        func loop(_ i: Int) throws {
            if i == c.clauses.count {
                let k = try eval(c.element)
                let v = try c.value.map { try eval($0) }
                results.append((k, v))
                count += 1
                try checkSize(count, r)
                return
            }
            let cl = c.clauses[i]
            // The first iterable is evaluated in the enclosing scope, as in Python.
            let it: PyBox
            if i == 0 {
                let saved = frame.comprehensionScopes.removeLast()
                defer { frame.comprehensionScopes.append(saved) }
                it = try eval(cl.iterable)
            } else {
                it = try eval(cl.iterable)
            }
            for item in try iterate(it, cl.iterable.range) {
                try iterationStep(r)
                comprehensionBinding = true
                defer { comprehensionBinding = false }
                try assignInComprehension(cl.target, item)
                comprehensionBinding = false
                var keep = true
                for cond in cl.conditions {
                    let t = try eval(cond)
                    if let reason = t.value.dynamicReason { throw PyThrow.undecidedJump(reason) }
                    if try !truthy(t) { keep = false; break }
                }
                if keep { try loop(i + 1) }
            }
        }
        do {
            try loop(0)
        } catch PyThrow.undecidedJump(let reason) {
            return PyBox(value: .dynamic(reason), range: r)
        }
        switch c.kind {
        case .list:
            return PyBox(value: .list(PyListObject(results.map(\.0))), range: r)
        case .generator:
            // A generator is consumed by its caller (`sum(...)`, `list(...)`); a tuple behaves the same there.
            return PyBox(value: .tuple(results.map(\.0)), range: r)
        case .set:
            let s = PySetObject(frozen: false)
            for (k, _) in results {
                if let reason = k.value.dynamicReason { return PyBox(value: .dynamic(reason), range: r) }
                guard let hk = PyHashKey.of(k.value) else { throw raise("TypeError", "unhashable type: '\(k.value.typeName)'", r) }
                s.insert(k, key: hk)
            }
            return PyBox(value: .set(s), range: r)
        case .dict:
            let d = PyDictObject()
            for (k, v) in results {
                try setItem(PyBox(value: .dict(d), range: r), k, v ?? PyBox(value: .none, range: r), r)
            }
            return PyBox(value: .dict(d), range: r)
        }
    }

    func assignInComprehension(_ target: PyExpr, _ value: PyBox) throws {
        switch target.kind {
        case .name(let n):
            frame.comprehensionScopes.last?.bind(n, value, nameRange: target.range)
        case .tuple(let items), .list(let items):
            if let reason = value.value.dynamicReason {
                for t in items { try assignInComprehension(t, PyBox(value: .dynamic(reason), range: value.range)) }
                return
            }
            let parts = try iterate(value, target.range)
            guard parts.count == items.count else {
                throw raise("ValueError", "cannot unpack \(parts.count) values into \(items.count) targets", target.range)
            }
            for (t, p) in zip(items, parts) { try assignInComprehension(t, p) }
        default:
            try assign(target, value)
        }
    }

    // MARK: - Truthiness, iteration, indexing

    func truthy(_ b: PyBox) throws -> Bool {
        switch b.value {
        case .none: return false
        case .bool(let x): return x
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .bytes(let s): return !s.isEmpty
        case .list(let l):
            if let r = l.tainted { throw PyThrow.undecidedJump(r) }
            return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dict(let d):
            if let r = d.partial { throw PyThrow.undecidedJump(r) }
            return d.count > 0
        case .set(let s):
            if let r = s.tainted { throw PyThrow.undecidedJump(r) }
            return !s.items.isEmpty
        case .range(let a, let b, let c): return rangeCount(a, b, c) > 0
        case .function, .builtin, .boundMethod, .module: return true
        case .dynamic(let r): throw PyThrow.undecidedJump(r)
        }
    }

    func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int {
        if step > 0, start < stop {
            let (d, o) = stop.subtractingReportingOverflow(start)
            return o ? Int.max : (d - 1) / step + 1
        }
        if step < 0, start > stop {
            let (d, o) = start.subtractingReportingOverflow(stop)
            return o ? Int.max : (d - 1) / (-step) + 1
        }
        return 0
    }

    /// The items of a known iterable. An iterable that something unknown may have changed throws
    /// `undecidedJump`, which callers treat like an undecidable condition.
    func iterate(_ b: PyBox, _ range: SourceRange) throws -> [PyBox] {
        switch b.value {
        case .list(let l):
            if let r = l.tainted { throw PyThrow.undecidedJump(r) }
            return l.items
        case .tuple(let t): return t
        case .str(let s):
            try checkSize(s.unicodeScalars.count, range)
            return s.unicodeScalars.map { PyBox(value: .str(String($0)), range: b.range) }
        case .bytes(let s): return s.map { PyBox(value: .int(Int($0)), range: b.range) }
        case .dict(let d):
            if let r = d.partial { throw PyThrow.undecidedJump(r) }
            return d.entries.map(\.key)
        case .set(let s):
            if let r = s.tainted { throw PyThrow.undecidedJump(r) }
            return s.items
        case .range(let a, let stop, let st):
            let n = rangeCount(a, stop, st)
            try checkSize(n, range)
            // Materializing costs steps like iterating does, so a huge range ends in the budget.
            if steps + n > budget.steps {
                throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: range))
            }
            var out: [PyBox] = []
            out.reserveCapacity(n)
            var v = a
            for _ in 0..<n { out.append(PyBox(value: .int(v), range: b.range)); v &+= st }
            return out
        case .dynamic(let r):
            throw PyThrow.undecidedJump(r)
        default:
            throw raise("TypeError", "'\(b.value.typeName)' object is not iterable", range)
        }
    }

    func intValue(_ b: PyBox) -> Int? {
        switch b.value {
        case .int(let i): return i
        case .bool(let x): return x ? 1 : 0
        default: return nil
        }
    }

    func index(_ k: PyBox, count: Int, _ range: SourceRange, what: String) throws -> Int {
        guard let i = intValue(k) else {
            throw raise("TypeError", "\(what) indices must be integers or slices, not \(k.value.typeName)", range)
        }
        let j = i < 0 ? i + count : i
        guard j >= 0, j < count else { throw raise("IndexError", "\(what) index out of range", range) }
        return j
    }

    func getItem(_ b: PyBox, _ k: PyBox, _ r: SourceRange) throws -> PyBox {
        if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
        if case .dynamic = k.value { return PyBox(value: k.value, range: r) }
        switch b.value {
        case .dict(let d):
            guard let hk = PyHashKey.of(k.value) else { throw raise("TypeError", "unhashable type: '\(k.value.typeName)'", r) }
            if let v = d.get(hk) {
                // A value read from a dict that may have been changed could have been replaced.
                if let p = d.partial, !isMutable(v.value) { return PyBox(value: .dynamic(p), range: r) }
                return v
            }
            if let p = d.partial { return PyBox(value: .dynamic(p), range: r) }
            throw raise("KeyError", try repr(k), r)
        case .list(let l):
            if let t = l.tainted { return PyBox(value: .dynamic(t), range: r) }
            return l.items[try index(k, count: l.items.count, r, what: "list")]
        case .tuple(let t):
            return t[try index(k, count: t.count, r, what: "tuple")]
        case .str(let s):
            let scalars = Array(s.unicodeScalars)
            let i = try index(k, count: scalars.count, r, what: "string")
            return PyBox(value: .str(String(scalars[i])), range: r)
        case .range(let a, let stop, let st):
            let i = try index(k, count: rangeCount(a, stop, st), r, what: "range object")
            return PyBox(value: .int(a &+ i &* st), range: r)
        case .module("config"):
            return dyn("config[...] is read from RETURNN's command line at run time", r)
        default:
            throw raise("TypeError", "'\(b.value.typeName)' object is not subscriptable", r)
        }
    }

    func isMutable(_ v: PyValue) -> Bool {
        switch v {
        case .dict, .list, .set: return true
        default: return false
        }
    }

    /// Python's `slice.indices` for a sequence of `count` elements.
    func sliceIndices(_ lo: PyBox?, _ hi: PyBox?, _ st: PyBox?, count: Int, _ r: SourceRange) throws -> [Int] {
        func get(_ b: PyBox?) throws -> Int? {
            guard let b else { return nil }
            if case .none = b.value { return nil }
            guard let i = intValue(b) else { throw raise("TypeError", "slice indices must be integers or None or have an __index__ method", r) }
            return i
        }
        let step = try get(st) ?? 1
        if step == 0 { throw raise("ValueError", "slice step cannot be zero", r) }
        func clamp(_ v: Int?, _ dflt: Int) -> Int {
            guard var x = v else { return dflt }
            if x < 0 {
                x = x < -count ? (step < 0 ? -1 : 0) : x + count
            } else if x >= count {
                x = step < 0 ? count - 1 : count
            }
            return x
        }
        let start = clamp(try get(lo), step < 0 ? count - 1 : 0)
        let stop = clamp(try get(hi), step < 0 ? -1 : count)
        var out: [Int] = []
        var i = start
        if step > 0 {
            while i < stop { out.append(i); i += step }
        } else {
            while i > stop { out.append(i); i += step }
        }
        return out
    }

    func slice(_ b: PyBox, _ lo: PyBox?, _ hi: PyBox?, _ st: PyBox?, _ r: SourceRange) throws -> PyBox {
        if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
        for p in [lo, hi, st] { if let p, p.value.dynamicReason != nil { return PyBox(value: p.value, range: r) } }
        switch b.value {
        case .list(let l):
            if let t = l.tainted { return PyBox(value: .dynamic(t), range: r) }
            let idx = try sliceIndices(lo, hi, st, count: l.items.count, r)
            return PyBox(value: .list(PyListObject(idx.map { l.items[$0] })), range: r)
        case .tuple(let t):
            let idx = try sliceIndices(lo, hi, st, count: t.count, r)
            return PyBox(value: .tuple(idx.map { t[$0] }), range: r)
        case .str(let s):
            let scalars = Array(s.unicodeScalars)
            let idx = try sliceIndices(lo, hi, st, count: scalars.count, r)
            var out = String.UnicodeScalarView()
            for i in idx { out.append(scalars[i]) }
            return PyBox(value: .str(String(out)), range: r)
        case .range(let a, let stop, let step):
            let n = rangeCount(a, stop, step)
            try checkSize(n, r)
            let idx = try sliceIndices(lo, hi, st, count: n, r)
            return PyBox(value: .list(PyListObject(idx.map { PyBox(value: .int(a &+ $0 &* step), range: r) })), range: r)
        default:
            throw raise("TypeError", "'\(b.value.typeName)' object is not subscriptable", r)
        }
    }

    func update(_ d: PyDictObject, with m: PyBox, _ r: SourceRange) throws {
        switch m.value {
        case .dict(let src):
            if let p = src.partial, d.partial == nil { d.partial = p }
            for e in src.entries { d.set(PyHashKey.of(e.key.value)!, keyBox: e.key, value: e.value) }
        case .dynamic(let reason):
            if d.partial == nil { d.partial = reason }
        default:
            for pair in try iterate(m, r) {
                let kv = try iterate(pair, r)
                guard kv.count == 2 else {
                    throw raise("ValueError", "dictionary update sequence element has length \(kv.count); 2 is required", r)
                }
                try setItem(PyBox(value: .dict(d), range: r), kv[0], kv[1], r)
            }
        }
        try checkSize(d.count, r)
    }

    // MARK: - Attributes

    func attribute(_ b: PyBox, _ name: String, _ baseExpr: PyExpr, _ r: SourceRange) throws -> PyBox {
        if name.hasPrefix("__"), name.hasSuffix("__") {
            return dyn("the attribute '\(name)' is not read by the linter", r)
        }
        switch b.value {
        case .dynamic:
            return PyBox(value: b.value, range: r)
        case .module("<namespace>"):
            // `locals().update(...)`: resolved by `callMethod`, which binds the names.
            return PyBox(value: .boundMethod(receiver: b, name: name), range: r)
        case .module(let m):
            return moduleAttribute(m, name, r)
        case .dict, .list, .str, .set, .tuple, .int, .float, .bytes:
            // Resolved when called: a method the evaluator does not model is an unknown call, which
            // makes the receiver possibly modified.
            return PyBox(value: .boundMethod(receiver: b, name: name), range: r)
        default:
            return dyn("the attribute '\(name)' of a \(b.value.typeName) is not modelled by the linter", r)
        }
    }

    func moduleAttribute(_ m: String, _ name: String, _ r: SourceRange) -> PyBox {
        let full = m + "." + name
        if Self.modelledModules.contains(full) { return PyBox(value: .module(full), range: r) }
        if m == "config" { return PyBox(value: .builtin(full), range: r) }
        if full == "os.environ" { return dyn("os.environ is not read by the linter", r) }
        if let v = PyBuiltins.moduleConstant(full) { return PyBox(value: v, range: r) }
        if PyBuiltins.moduleFunctions.contains(full) { return PyBox(value: .builtin(full), range: r) }
        if PyBuiltins.fileSystemFunctions.contains(full) {
            return PyBox(value: .builtin(full), range: r)
        }
        return dyn("\(full) is not modelled by the linter", r)
    }
}

extension PyThrow {
    /// A starred dynamic operand makes the whole display dynamic (its size is unknown).
    func dynamicOr(_ v: PyBox) -> PyThrow {
        if let r = v.value.dynamicReason { return .undecidedJump(r) }
        return self
    }
}
