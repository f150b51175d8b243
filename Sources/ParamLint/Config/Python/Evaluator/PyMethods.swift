/// Methods of str, list, dict and set. A method the evaluator does not model is an unknown call:
/// its receiver and arguments become possibly modified.
extension PyBuiltins {
    static func callMethod(_ run: PyRun, _ receiver: PyBox, _ name: String, _ args: PyArgs, _ r: SourceRange, text: String) throws -> PyBox {
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        let p = args.positional
        func arg(_ i: Int) throws -> PyBox {
            guard i < p.count else { throw run.raise("TypeError", "\(name)() missing required argument", r) }
            return p[i]
        }
        func unknown() -> PyBox {
            // The receiver too: an unmodelled method may change the object it is called on.
            run.unknownCall(PyBox(value: .boundMethod(receiver: receiver, name: name), range: r), args,
                            reason: PyDynamicReason(reason: "passed to \(text)(), which the linter cannot call", range: r))
            return run.dyn("call to an unknown function '\(text)'", r)
        }
        switch receiver.value {
        case .module("<namespace>"):
            // `locals().update(config)` / `globals().update(...)` at top level, as i6_core writes.
            guard name == "update" else { return unknown() }
            let d = PyDictObject()
            for a in p {
                if let reason = a.value.dynamicReason { return namespaceUnknown(run, reason, r) }
                try run.update(d, with: a, r)
            }
            for (k, v) in args.keywords {
                d.set(.str(k), keyBox: PyBox(value: .str(k), range: args.keyRanges[k] ?? v.range), value: v)
            }
            if let reason = d.partial { return namespaceUnknown(run, reason, r) }
            for e in d.entries {
                guard case .str(let k) = e.key.value else { continue }
                run.module.bind(k, e.value, nameRange: e.key.range)
            }
            return box(.none)
        case .str(let s):
            if let v = try strMethod(run, s, name, args, r) { return v }
            return unknown()
        case .list(let l):
            if l.tainted != nil, name != "append", name != "extend", name != "insert" {
                return box(.dynamic(l.tainted!))
            }
            switch name {
            case "append":
                if l.tainted != nil { return box(.none) }
                try run.checkSize(l.items.count + 1, r)
                l.items.append(try arg(0))
                return box(.none)
            case "extend":
                let v = try arg(0)
                if l.tainted != nil { return box(.none) }
                if let reason = v.value.dynamicReason { l.tainted = reason; return box(.none) }
                let items = try run.iterate(v, r)
                try run.checkSize(l.items.count + items.count, r)
                l.items.append(contentsOf: items)
                return box(.none)
            case "insert":
                if l.tainted != nil { return box(.none) }
                guard let i = run.intValue(try arg(0)) else { throw run.raise("TypeError", "'\(p[0].value.typeName)' object cannot be interpreted as an integer", r) }
                let n = l.items.count
                let j = i < 0 ? max(0, i + n) : min(i, n)
                l.items.insert(try arg(1), at: j)
                return box(.none)
            case "pop":
                if l.items.isEmpty { throw run.raise("IndexError", "pop from empty list", r) }
                let i = p.isEmpty ? l.items.count - 1 : try run.index(p[0], count: l.items.count, r, what: "pop")
                return l.items.remove(at: i)
            case "remove", "index", "count":
                let needle = try arg(0)
                var n = 0
                for (i, item) in l.items.enumerated() {
                    guard let eq = try run.equal(item.value, needle.value, depth: 0) else { return box(.dynamic(PyDynamicReason(reason: "a comparison with a value the linter does not know fully", range: r))) }
                    if eq {
                        if name == "remove" { l.items.remove(at: i); return box(.none) }
                        if name == "index" { return box(.int(i)) }
                        n += 1
                    }
                }
                if name == "count" { return box(.int(n)) }
                throw run.raise("ValueError", "list.\(name)(x): x not in list", r)
            case "copy":
                return box(.list(PyListObject(l.items)))
            case "clear":
                l.items.removeAll()
                return box(.none)
            case "reverse":
                l.items.reverse()
                return box(.none)
            case "sort":
                var items = l.items
                do {
                    try sort(run, &items, key: args.keyword("key"), reverse: args.keyword("reverse"), r)
                } catch PyThrow.undecidedJump(let reason) {
                    l.tainted = reason
                    return box(.none)
                }
                l.items = items
                return box(.none)
            default:
                return unknown()
            }
        case .tuple(let t):
            switch name {
            case "index", "count":
                let needle = try arg(0)
                var n = 0
                for (i, item) in t.enumerated() where try run.equal(item.value, needle.value, depth: 0) == true {
                    if name == "index" { return box(.int(i)) }
                    n += 1
                }
                if name == "count" { return box(.int(n)) }
                throw run.raise("ValueError", "tuple.index(x): x not in tuple", r)
            default:
                return unknown()
            }
        case .dict(let d):
            return try dictMethod(run, receiver, d, name, args, r, unknown: unknown)
        case .set(let s):
            switch name {
            case "add":
                let v = try arg(0)
                if let reason = v.value.dynamicReason { s.tainted = s.tainted ?? reason; return box(.none) }
                guard let k = PyHashKey.of(v.value) else { throw run.raise("TypeError", "unhashable type: '\(v.value.typeName)'", r) }
                s.insert(v, key: k)
                return box(.none)
            case "discard", "remove":
                let v = try arg(0)
                if let reason = v.value.dynamicReason { s.tainted = s.tainted ?? reason; return box(.none) }
                guard let k = PyHashKey.of(v.value) else { throw run.raise("TypeError", "unhashable type: '\(v.value.typeName)'", r) }
                if !s.remove(key: k), name == "remove", s.tainted == nil { throw run.raise("KeyError", try run.repr(v), r) }
                return box(.none)
            case "update":
                for a in p {
                    if let reason = a.value.dynamicReason { s.tainted = s.tainted ?? reason; continue }
                    for i in try run.iterate(a, r) {
                        guard let k = PyHashKey.of(i.value) else { throw run.raise("TypeError", "unhashable type", r) }
                        s.insert(i, key: k)
                    }
                }
                return box(.none)
            case "copy":
                return box(shallowCopy(receiver.value))
            default:
                return unknown()
            }
        case .int, .float, .bool:
            if name == "is_integer", case .float(let x) = receiver.value { return box(.bool(x == x.rounded())) }
            return unknown()
        default:
            return unknown()
        }
    }

    static func namespaceUnknown(_ run: PyRun, _ reason: PyDynamicReason, _ r: SourceRange) -> PyBox {
        // Which names it binds is unknown: every name bound so far may have been replaced, and any
        // other may now be set. Names bound after this statement are known again, as in Python.
        let why = PyDynamicReason(reason: "locals().update(...) of a value the linter does not know: \(reason.reason)", range: r)
        for name in run.module.order {
            guard let b = run.module.names[name], !b.byImport else { continue }
            if case .module = b.box.value { continue }
            if case .dict(let d) = b.box.value, run.namespaceSources.contains(ObjectIdentifier(d)) { continue }
            run.module.bind(name, PyBox(value: .dynamic(why), range: b.box.range), nameRange: b.nameRange)
        }
        run.namespaceUnknown = run.namespaceUnknown ?? why
        return run.dyn(reason.reason, r)
    }

    static func dictMethod(_ run: PyRun, _ receiver: PyBox, _ d: PyDictObject, _ name: String, _ args: PyArgs, _ r: SourceRange, unknown: () -> PyBox) throws -> PyBox {
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        let p = args.positional
        func key(_ i: Int) throws -> (PyBox, PyHashKey)? {
            guard i < p.count else { throw run.raise("TypeError", "\(name)() missing required argument", r) }
            if p[i].value.dynamicReason != nil { return nil }
            guard let k = PyHashKey.of(p[i].value) else { throw run.raise("TypeError", "unhashable type: '\(p[i].value.typeName)'", r) }
            return (p[i], k)
        }
        switch name {
        case "get":
            guard let (_, k) = try key(0) else { return box(p[0].value) }
            if let v = d.get(k) {
                if let reason = d.partial, !run.isMutable(v.value) { return box(.dynamic(reason)) }
                return v
            }
            if let reason = d.partial { return box(.dynamic(reason)) }
            return p.count > 1 ? p[1] : box(.none)
        case "keys", "values", "items":
            if let reason = d.partial { return box(.dynamic(reason)) }
            switch name {
            case "keys": return box(.list(PyListObject(d.entries.map(\.key))))
            case "values": return box(.list(PyListObject(d.entries.map(\.value))))
            default: return box(.list(PyListObject(d.entries.map { box(.tuple([$0.key, $0.value])) })))
            }
        case "update":
            for a in p { try run.update(d, with: a, r) }
            for (k, v) in args.keywords {
                d.set(.str(k), keyBox: PyBox(value: .str(k), range: args.keyRanges[k] ?? v.range), value: v)
            }
            try run.checkSize(d.count, r)
            return box(.none)
        case "setdefault":
            guard let (kb, k) = try key(0) else { d.partial = d.partial ?? p[0].value.dynamicReason; return box(p[0].value) }
            if let v = d.get(k) { return v }
            if let reason = d.partial { return box(.dynamic(reason)) }
            let v = p.count > 1 ? p[1] : box(.none)
            d.set(k, keyBox: kb, value: v)
            return v
        case "pop":
            guard let (kb, k) = try key(0) else { d.partial = d.partial ?? p[0].value.dynamicReason; return box(p[0].value) }
            if let v = d.remove(k) {
                if let reason = d.partial, !run.isMutable(v.value) { return box(.dynamic(reason)) }
                return v
            }
            if let reason = d.partial { return box(.dynamic(reason)) }
            if p.count > 1 { return p[1] }
            throw run.raise("KeyError", try run.repr(kb), r)
        case "popitem":
            if let reason = d.partial { return box(.dynamic(reason)) }
            guard let last = d.entries.last else { throw run.raise("KeyError", "'popitem(): dictionary is empty'", r) }
            d.remove(PyHashKey.of(last.key.value)!)
            return box(.tuple([last.key, last.value]))
        case "copy":
            return box(.dict(d.copy()))
        case "clear":
            d.removeAll()
            return box(.none)
        default:
            return unknown()
        }
    }
}
