/// Runtime values → the plain, Sendable `PyResultValue` tree. Objects are copied out (aliases
/// become equal copies), and what JSON cannot hold is dynamic with a reason.
enum PyFreezer {
    static func freeze(module: PyScope, stopped: PyDynamicReason?, omitting merged: Set<ObjectIdentifier> = []) -> PyEvaluationResult {
        var bindings: [PyBinding] = []
        for name in module.order {
            guard let b = module.names[name], !b.byImport else { continue }
            if case .module = b.box.value { continue }
            if case .dict(let d) = b.box.value, merged.contains(ObjectIdentifier(d)) { continue }
            var stack: [ObjectIdentifier] = []
            bindings.append(PyBinding(name: name, nameRange: b.nameRange, value: node(b.box, &stack, depth: 0)))
        }
        return PyEvaluationResult(bindings: bindings, stopped: stopped)
    }

    static func dynamic(_ reason: String, _ range: SourceRange) -> PyResultValue {
        .dynamic(PyDynamicReason(reason: reason, range: range))
    }

    static func node(_ b: PyBox, _ stack: inout [ObjectIdentifier], depth: Int) -> PyResultNode {
        let r = b.range
        guard depth < 400 else { return PyResultNode(value: dynamic("a value nested too deeply", r), range: r) }
        let v: PyResultValue
        switch b.value {
        case .none: v = .none
        case .bool(let x): v = .bool(x)
        case .int(let i): v = .int(i)
        case .float(let d): v = .double(d)
        case .str(let s): v = .string(s)
        case .bytes: v = dynamic("bytes, which a JSON config value cannot be", r)
        case .list(let l):
            if let t = l.tainted {
                v = .dynamic(t)
            } else if stack.contains(ObjectIdentifier(l)) {
                v = dynamic("a list that contains itself", r)
            } else {
                stack.append(ObjectIdentifier(l))
                v = .list(l.items.map { node($0, &stack, depth: depth + 1) }, isTuple: false)
                stack.removeLast()
            }
        case .tuple(let items):
            v = .list(items.map { node($0, &stack, depth: depth + 1) }, isTuple: true)
        case .dict(let d):
            if stack.contains(ObjectIdentifier(d)) {
                v = dynamic("a dict that contains itself", r)
            } else if d.entries.contains(where: { if case .str = $0.key.value { return false } else { return true } }) {
                v = dynamic("a dict with non-string keys", r)
            } else {
                stack.append(ObjectIdentifier(d))
                var members: [PyResultMember] = []
                for e in d.entries {
                    guard case .str(let k) = e.key.value else { continue }
                    members.append(PyResultMember(key: k, keyRange: e.key.range, node: node(e.value, &stack, depth: depth + 1)))
                }
                stack.removeLast()
                v = .dict(members, partial: d.partial)
            }
        case .set(let s):
            v = dynamic(s.frozen ? "a frozenset, which a JSON config value cannot be" : "a set, which a JSON config value cannot be", r)
        case .range: v = dynamic("a range, which a JSON config value cannot be", r)
        case .function(let f): v = .function(name: f.name)
        case .builtin(let n): v = dynamic("the builtin '\(n)'", r)
        case .boundMethod(_, let n): v = dynamic("the method '\(n)'", r)
        case .module(let n): v = dynamic("the module '\(n)'", r)
        case .dynamic(let reason): v = .dynamic(reason)
        }
        return PyResultNode(value: v, range: r)
    }
}
