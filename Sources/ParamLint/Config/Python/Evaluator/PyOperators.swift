#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Arithmetic, comparison and equality with CPython's semantics (floor division and modulo take
/// the divisor's sign, ints are exact until 64 bits overflow, which makes the value dynamic).
extension PyRun {
    func tooLarge(_ r: SourceRange) -> PyBox { dyn("integer too large", r) }

    func unary(_ op: PyUnaryOperator, _ v: PyBox, _ r: SourceRange) throws -> PyBox {
        if v.value.dynamicReason != nil { return PyBox(value: v.value, range: r) }
        switch op {
        case .not:
            return PyBox(value: .bool(!(try truthy(v))), range: r)
        case .plus:
            switch v.value {
            case .int(let i): return PyBox(value: .int(i), range: r)
            case .bool(let b): return PyBox(value: .int(b ? 1 : 0), range: r)
            case .float(let d): return PyBox(value: .float(d), range: r)
            default: break
            }
        case .minus:
            switch v.value {
            case .int(let i): return i == Int.min ? tooLarge(r) : PyBox(value: .int(-i), range: r)
            case .bool(let b): return PyBox(value: .int(b ? -1 : 0), range: r)
            case .float(let d): return PyBox(value: .float(-d), range: r)
            default: break
            }
        case .invert:
            if let i = intValue(v) { return PyBox(value: .int(~i), range: r) }
        }
        throw raise("TypeError", "bad operand type for unary \(op.rawValue): '\(v.value.typeName)'", r)
    }

    enum Num { case int(Int), float(Double) }

    func number(_ v: PyValue) -> Num? {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    func binary(_ op: PyBinaryOperator, _ a: PyBox, _ b: PyBox, _ r: SourceRange) throws -> PyBox {
        if a.value.dynamicReason != nil { return PyBox(value: a.value, range: r) }
        if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
        if let x = number(a.value), let y = number(b.value) {
            return try arithmetic(op, x, y, r)
        }
        switch (op, a.value, b.value) {
        case (.add, .str(let x), .str(let y)):
            let s = x + y
            try checkString(s, r)
            return PyBox(value: .str(s), range: r)
        case (.add, .bytes(let x), .bytes(let y)):
            return PyBox(value: .bytes(x + y), range: r)
        case (.add, .list(let x), .list(let y)):
            if let t = x.tainted ?? y.tainted { return PyBox(value: .dynamic(t), range: r) }
            try checkSize(x.items.count + y.items.count, r)
            return PyBox(value: .list(PyListObject(x.items + y.items)), range: r)
        case (.add, .tuple(let x), .tuple(let y)):
            try checkSize(x.count + y.count, r)
            return PyBox(value: .tuple(x + y), range: r)
        case (.multiply, .str, _), (.multiply, .list, _), (.multiply, .tuple, _):
            if let n = intValue(b) { return try repeatSequence(a, n, r) }
        case (.multiply, _, .str), (.multiply, _, .list), (.multiply, _, .tuple):
            if let n = intValue(a) { return try repeatSequence(b, n, r) }
        case (.modulo, .str(let f), _):
            return PyBox(value: .str(try PyFormatting.percent(self, f, b, r)), range: r)
        case (.bitOr, .dict(let x), .dict(let y)):
            let d = x.copy()
            try update(d, with: PyBox(value: .dict(y), range: b.range), r)
            return PyBox(value: .dict(d), range: r)
        case (.bitOr, .set(let x), .set(let y)), (.bitAnd, .set(let x), .set(let y)),
             (.subtract, .set(let x), .set(let y)), (.bitXor, .set(let x), .set(let y)):
            if let t = x.tainted ?? y.tainted { return PyBox(value: .dynamic(t), range: r) }
            let s = PySetObject(frozen: x.frozen)
            switch op {
            case .bitOr:
                for i in x.items { s.insert(i, key: PyHashKey.of(i.value)!) }
                for i in y.items { s.insert(i, key: PyHashKey.of(i.value)!) }
            case .bitAnd:
                for i in x.items where y.keys.contains(PyHashKey.of(i.value)!) { s.insert(i, key: PyHashKey.of(i.value)!) }
            case .subtract:
                for i in x.items where !y.keys.contains(PyHashKey.of(i.value)!) { s.insert(i, key: PyHashKey.of(i.value)!) }
            default:
                for i in x.items where !y.keys.contains(PyHashKey.of(i.value)!) { s.insert(i, key: PyHashKey.of(i.value)!) }
                for i in y.items where !x.keys.contains(PyHashKey.of(i.value)!) { s.insert(i, key: PyHashKey.of(i.value)!) }
            }
            return PyBox(value: .set(s), range: r)
        default:
            break
        }
        throw raise("TypeError", "unsupported operand type(s) for \(op.rawValue): '\(a.value.typeName)' and '\(b.value.typeName)'", r)
    }

    func repeatSequence(_ seq: PyBox, _ n: Int, _ r: SourceRange) throws -> PyBox {
        let times = max(0, n)
        switch seq.value {
        case .str(let s):
            let total = s.utf8.count.multipliedReportingOverflow(by: times)
            if total.overflow || total.partialValue > budget.stringLength {
                throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r))
            }
            return PyBox(value: .str(String(repeating: s, count: times)), range: r)
        case .list(let l):
            if let t = l.tainted { return PyBox(value: .dynamic(t), range: r) }
            let total = l.items.count.multipliedReportingOverflow(by: times)
            if total.overflow { throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r)) }
            try checkSize(total.partialValue, r)
            var out: [PyBox] = []
            for _ in 0..<times { out.append(contentsOf: l.items) }
            return PyBox(value: .list(PyListObject(out)), range: r)
        case .tuple(let t):
            let total = t.count.multipliedReportingOverflow(by: times)
            if total.overflow { throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r)) }
            try checkSize(total.partialValue, r)
            var out: [PyBox] = []
            for _ in 0..<times { out.append(contentsOf: t) }
            return PyBox(value: .tuple(out), range: r)
        default:
            throw raise("TypeError", "can't multiply sequence by non-int", r)
        }
    }

    func arithmetic(_ op: PyBinaryOperator, _ x: Num, _ y: Num, _ r: SourceRange) throws -> PyBox {
        func f(_ d: Double) -> PyBox { PyBox(value: .float(d), range: r) }
        func i(_ v: (partialValue: Int, overflow: Bool)) -> PyBox {
            v.overflow ? tooLarge(r) : PyBox(value: .int(v.partialValue), range: r)
        }
        if case .int(let a) = x, case .int(let b) = y {
            switch op {
            case .add: return i(a.addingReportingOverflow(b))
            case .subtract: return i(a.subtractingReportingOverflow(b))
            case .multiply: return i(a.multipliedReportingOverflow(by: b))
            case .divide:
                if b == 0 { throw raise("ZeroDivisionError", "division by zero", r) }
                return f(Self.trueDivide(a, b))
            case .floorDivide:
                if b == 0 { throw raise("ZeroDivisionError", "integer division or modulo by zero", r) }
                if a == Int.min, b == -1 { return tooLarge(r) }
                var q = a / b
                let m = a % b
                if m != 0, (m < 0) != (b < 0) { q -= 1 }
                return PyBox(value: .int(q), range: r)
            case .modulo:
                if b == 0 { throw raise("ZeroDivisionError", "integer modulo by zero", r) }
                if b == -1 { return PyBox(value: .int(0), range: r) }
                var m = a % b
                if m != 0, (m < 0) != (b < 0) { m += b }
                return PyBox(value: .int(m), range: r)
            case .power:
                if b < 0 {
                    if a == 0 { throw raise("ZeroDivisionError", "0.0 cannot be raised to a negative power", r) }
                    return f(pow(Double(a), Double(b)))
                }
                var result = 1, base = a, e = b
                while e > 0 {
                    if e & 1 == 1 {
                        let m = result.multipliedReportingOverflow(by: base)
                        if m.overflow { return tooLarge(r) }
                        result = m.partialValue
                    }
                    e >>= 1
                    if e > 0 {
                        let m = base.multipliedReportingOverflow(by: base)
                        if m.overflow { return tooLarge(r) }
                        base = m.partialValue
                    }
                }
                return PyBox(value: .int(result), range: r)
            case .leftShift:
                if b < 0 { throw raise("ValueError", "negative shift count", r) }
                if a == 0 { return PyBox(value: .int(0), range: r) }
                if b >= 63 { return tooLarge(r) }
                let v = a << b
                return (v >> b) == a ? PyBox(value: .int(v), range: r) : tooLarge(r)
            case .rightShift:
                if b < 0 { throw raise("ValueError", "negative shift count", r) }
                return PyBox(value: .int(b >= 64 ? (a < 0 ? -1 : 0) : a >> b), range: r)
            case .bitAnd: return PyBox(value: .int(a & b), range: r)
            case .bitOr: return PyBox(value: .int(a | b), range: r)
            case .bitXor: return PyBox(value: .int(a ^ b), range: r)
            case .matrixMultiply: break
            }
            throw raise("TypeError", "unsupported operand type(s) for \(op.rawValue): 'int' and 'int'", r)
        }
        let a: Double, b: Double
        switch x { case .int(let v): a = Double(v); case .float(let v): a = v }
        switch y { case .int(let v): b = Double(v); case .float(let v): b = v }
        switch op {
        case .add: return f(a + b)
        case .subtract: return f(a - b)
        case .multiply: return f(a * b)
        case .divide:
            if b == 0 { throw raise("ZeroDivisionError", "float division by zero", r) }
            return f(a / b)
        case .floorDivide:
            if b == 0 { throw raise("ZeroDivisionError", "float floor division by zero", r) }
            return f(Self.floatDivmod(a, b).0)
        case .modulo:
            if b == 0 { throw raise("ZeroDivisionError", "float modulo by zero", r) }
            return f(Self.floatDivmod(a, b).1)
        case .power:
            if a == 0, b < 0 { throw raise("ZeroDivisionError", "zero to a negative power", r) }
            if a < 0, b != b.rounded(), b.isFinite { return dyn("a complex number", r) }
            let p = pow(a, b)
            if p.isInfinite, a.isFinite, b.isFinite { throw raise("OverflowError", "(34, 'Numerical result out of range')", r) }
            return f(p)
        default:
            throw raise("TypeError", "unsupported operand type(s) for \(op.rawValue): 'float' and 'float'", r)
        }
    }

    /// CPython's `float_divmod`.
    static func floatDivmod(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = floor(div)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    /// int / int rounded once, as CPython does for operands that fit a double exactly.
    static func trueDivide(_ a: Int, _ b: Int) -> Double {
        Double(a) / Double(b)
    }

    // MARK: - Comparison

    func compare(_ op: PyCompareOperator, _ a: PyBox, _ b: PyBox, _ r: SourceRange) throws -> PyBox {
        func res(_ x: Bool) -> PyBox { PyBox(value: .bool(x), range: r) }
        switch op {
        case .is, .isNot:
            if a.value.dynamicReason != nil { return PyBox(value: a.value, range: r) }
            if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
            guard let same = identical(a.value, b.value) else {
                return dyn("the identity of computed values is not modelled", r)
            }
            return res(op == .is ? same : !same)
        case .in, .notIn:
            if a.value.dynamicReason != nil { return PyBox(value: a.value, range: r) }
            if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
            let found = try contains(b, a, r)
            if let reason = found.1 { return PyBox(value: .dynamic(reason), range: r) }
            return res(op == .in ? found.0 : !found.0)
        case .equal, .notEqual:
            if a.value.dynamicReason != nil { return PyBox(value: a.value, range: r) }
            if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
            guard let eq = try equal(a.value, b.value, depth: 0) else {
                return dyn("a comparison with a value the linter does not know fully", r)
            }
            return res(op == .equal ? eq : !eq)
        default:
            if a.value.dynamicReason != nil { return PyBox(value: a.value, range: r) }
            if b.value.dynamicReason != nil { return PyBox(value: b.value, range: r) }
            guard let c = try order(a.value, b.value, op, r, depth: 0) else {
                return dyn("a comparison with a value the linter does not know fully", r)
            }
            switch op {
            case .less: return res(c < 0)
            case .lessEqual: return res(c <= 0)
            case .greater: return res(c > 0)
            default: return res(c >= 0)
            }
        }
    }

    func identical(_ a: PyValue, _ b: PyValue) -> Bool? {
        switch (a, b) {
        case (.none, .none): return true
        case (.none, _), (_, .none): return false
        case (.bool(let x), .bool(let y)): return x == y
        case (.bool, _), (_, .bool): return false
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.set(let x), .set(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.module(let x), .module(let y)): return x == y
        case (.list, _), (.dict, _), (.set, _), (.function, _): return false
        default: return nil
        }
    }

    /// Python `==`; nil when a part is not known (a dynamic element, a possibly modified container).
    func equal(_ a: PyValue, _ b: PyValue, depth: Int) throws -> Bool? {
        if depth > 100 { return nil }
        if let x = number(a), let y = number(b) {
            switch (x, y) {
            case (.int(let p), .int(let q)): return p == q
            case (.int(let p), .float(let q)): return Double(p) == q
            case (.float(let p), .int(let q)): return p == Double(q)
            case (.float(let p), .float(let q)): return p == q
            }
        }
        switch (a, b) {
        case (.dynamic, _), (_, .dynamic): return nil
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)):
            if x === y { return true }
            if x.tainted != nil || y.tainted != nil { return nil }
            return try seqEqual(x.items, y.items, depth)
        case (.tuple(let x), .tuple(let y)): return try seqEqual(x, y, depth)
        case (.dict(let x), .dict(let y)):
            if x === y { return true }
            if x.partial != nil || y.partial != nil { return nil }
            if x.count != y.count { return false }
            for e in x.entries {
                guard let k = PyHashKey.of(e.key.value), let v = y.get(k) else { return false }
                guard let eq = try equal(e.value.value, v.value, depth: depth + 1) else { return nil }
                if !eq { return false }
            }
            return true
        case (.set(let x), .set(let y)):
            if x.tainted != nil || y.tainted != nil { return nil }
            return x.keys == y.keys
        case (.range(let a1, let b1, let c1), .range(let a2, let b2, let c2)):
            let n1 = rangeCount(a1, b1, c1), n2 = rangeCount(a2, b2, c2)
            if n1 != n2 { return false }
            if n1 == 0 { return true }
            return a1 == a2 && (n1 == 1 || c1 == c2)
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x == y
        case (.module(let x), .module(let y)): return x == y
        case (.boundMethod, _), (_, .boundMethod): return nil
        default: return false
        }
    }

    func seqEqual(_ x: [PyBox], _ y: [PyBox], _ depth: Int) throws -> Bool? {
        if x.count != y.count { return false }
        for (p, q) in zip(x, y) {
            guard let eq = try equal(p.value, q.value, depth: depth + 1) else { return nil }
            if !eq { return false }
        }
        return true
    }

    /// -1, 0, 1 for `<`; nil when unknown; TypeError for unorderable types.
    func order(_ a: PyValue, _ b: PyValue, _ op: PyCompareOperator, _ r: SourceRange, depth: Int) throws -> Int? {
        if depth > 100 { return nil }
        if let x = number(a), let y = number(b) {
            let p: Double, q: Double
            switch (x, y) {
            case (.int(let m), .int(let n)): return m < n ? -1 : (m == n ? 0 : 1)
            case (.int(let m), .float(let n)): p = Double(m); q = n
            case (.float(let m), .int(let n)): p = m; q = Double(n)
            case (.float(let m), .float(let n)): p = m; q = n
            }
            if p.isNaN || q.isNaN {
                // Every ordering with nan is False; the caller's mapping of 2 gives that for <, <=, >, >=... only
                // partly, so answer per operator here.
                return op == .less || op == .lessEqual ? 1 : -1
            }
            return p < q ? -1 : (p == q ? 0 : 1)
        }
        switch (a, b) {
        case (.dynamic, _), (_, .dynamic): return nil
        case (.str(let x), .str(let y)):
            return Self.scalarCompare(x, y)
        case (.list(let x), .list(let y)):
            if x.tainted != nil || y.tainted != nil { return nil }
            return try seqOrder(x.items, y.items, op, r, depth)
        case (.tuple(let x), .tuple(let y)):
            return try seqOrder(x, y, op, r, depth)
        case (.bytes(let x), .bytes(let y)):
            return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        default:
            throw raise("TypeError", "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'", r)
        }
    }

    static func scalarCompare(_ x: String, _ y: String) -> Int {
        var i = x.unicodeScalars.makeIterator(), j = y.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?):
                if p.value != q.value { return p.value < q.value ? -1 : 1 }
            }
        }
    }

    func seqOrder(_ x: [PyBox], _ y: [PyBox], _ op: PyCompareOperator, _ r: SourceRange, _ depth: Int) throws -> Int? {
        for (p, q) in zip(x, y) {
            guard let eq = try equal(p.value, q.value, depth: depth + 1) else { return nil }
            if !eq { return try order(p.value, q.value, op, r, depth: depth + 1) }
        }
        return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    }

    /// `needle in container`: (found, reason when it cannot be known).
    func contains(_ container: PyBox, _ needle: PyBox, _ r: SourceRange) throws -> (Bool, PyDynamicReason?) {
        switch container.value {
        case .str(let s):
            guard case .str(let n) = needle.value else { throw raise("TypeError", "'in <string>' requires string as left operand, not \(needle.value.typeName)", r) }
            return (n.isEmpty || PyStrings.find(s, n, from: 0) != nil, nil)
        case .dict(let d):
            guard let k = PyHashKey.of(needle.value) else { throw raise("TypeError", "unhashable type: '\(needle.value.typeName)'", r) }
            if let p = d.partial { return (false, p) }
            return (d.get(k) != nil, nil)
        case .set(let s):
            guard let k = PyHashKey.of(needle.value) else { throw raise("TypeError", "unhashable type: '\(needle.value.typeName)'", r) }
            if let p = s.tainted { return (false, p) }
            return (s.keys.contains(k), nil)
        case .range(let a, let b, let c):
            guard let v = intValue(needle) else { return (false, nil) }
            let n = rangeCount(a, b, c)
            if n == 0 { return (false, nil) }
            let off = v &- a
            if off % c != 0 { return (false, nil) }
            let idx = off / c
            return (idx >= 0 && idx < n, nil)
        default:
            let items = try iterate(container, r)
            var unknown: PyDynamicReason?
            for i in items {
                guard let eq = try equal(i.value, needle.value, depth: 0) else {
                    unknown = unknown ?? i.value.dynamicReason ?? PyDynamicReason(reason: "a comparison with a value the linter does not know fully", range: r)
                    continue
                }
                if eq { return (true, nil) }
            }
            return (false, unknown)
        }
    }
}
