#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builtins, methods of the built-in types, and the modelled modules (`os.path` as pure POSIX
/// string functions, `copy`, `math`, `json`, a little of `sys`). Anything that would touch the
/// machine (files, processes, the environment, reflection) is a dynamic value with a reason.
enum PyBuiltins {
    static let modelled: Set<String> = [
        "len", "min", "max", "sum", "sorted", "reversed", "range", "enumerate", "zip", "int", "float", "str",
        "bool", "abs", "round", "isinstance", "list", "dict", "tuple", "set", "frozenset", "any", "all", "map",
        "filter", "print", "repr", "chr", "ord", "hex", "oct", "bin", "divmod", "pow", "type", "locals", "globals",
        "getattr", "hasattr", "callable", "iter", "next", "id", "hash", "format", "slice", "object",
    ]

    /// Builtins that would reach outside the evaluator; calling one is dynamic with this reason.
    static let unsafe: [String: String] = [
        "open": "open() reads the file system, which the linter does not do",
        "exec": "exec() is not run by the linter",
        "eval": "eval() is not run by the linter",
        "compile": "compile() is not run by the linter",
        "__import__": "__import__() is not run by the linter",
        "input": "input() is not run by the linter",
        "breakpoint": "breakpoint() is not run by the linter",
        "setattr": "setattr() is not run by the linter",
        "delattr": "delattr() is not run by the linter",
        "vars": "vars() is not run by the linter",
        "dir": "dir() is not run by the linter",
        "exit": "exit() is not run by the linter",
        "quit": "quit() is not run by the linter",
        "super": "super() is not run by the linter",
        "memoryview": "memoryview() is not run by the linter",
        "bytearray": "bytearray() is not run by the linter",
        "complex": "a complex number",
        "property": "property() is not run by the linter",
        "staticmethod": "staticmethod() is not run by the linter",
        "classmethod": "classmethod() is not run by the linter",
    ]

    static let exceptions: Set<String> = [
        "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "NameError",
        "AttributeError", "ZeroDivisionError", "ArithmeticError", "LookupError", "RuntimeError",
        "NotImplementedError", "AssertionError", "ImportError", "ModuleNotFoundError", "OSError", "IOError",
        "FileNotFoundError", "StopIteration", "OverflowError", "RecursionError", "SystemExit",
        "UnboundLocalError", "KeyboardInterrupt", "UnicodeError", "Warning", "DeprecationWarning", "UserWarning",
        "NotImplemented",
    ]

    static func builtin(_ name: String, _ range: SourceRange) -> PyValue? {
        if modelled.contains(name) || unsafe[name] != nil || exceptions.contains(name) { return .builtin(name) }
        if name == "__builtins__" || name == "__spec__" || name == "__loader__" || name == "__doc__" {
            return .dynamic(PyDynamicReason(reason: "\(name) is not read by the linter", range: range))
        }
        return nil
    }

    static let moduleFunctions: Set<String> = [
        "os.path.join", "os.path.basename", "os.path.dirname", "os.path.splitext", "os.path.split",
        "os.path.normpath", "os.path.isabs", "os.getenv",
        "copy.copy", "copy.deepcopy",
        "math.sqrt", "math.ceil", "math.floor", "math.log", "math.log2", "math.log10", "math.exp", "math.pow",
        "math.fabs", "math.isnan", "math.isinf", "math.isfinite", "math.trunc", "math.gcd", "math.sin",
        "math.cos", "math.tan", "math.atan", "math.tanh", "math.isclose", "math.prod", "math.factorial",
        "json.loads", "json.dumps", "sys.exit",
    ]

    static let fileSystemFunctions: Set<String> = [
        "os.path.abspath", "os.path.realpath", "os.path.exists", "os.path.isfile", "os.path.isdir",
        "os.path.expanduser", "os.path.expandvars", "os.path.getsize", "os.path.getmtime", "os.path.islink",
        "os.getcwd", "os.listdir", "os.path.relpath", "os.path.lexists", "os.walk", "os.stat", "os.scandir",
    ]

    static func moduleConstant(_ full: String) -> PyValue? {
        switch full {
        case "os.sep", "os.path.sep": return .str("/")
        case "os.pathsep", "os.path.pathsep": return .str(":")
        case "os.linesep": return .str("\n")
        case "os.curdir", "os.path.curdir": return .str(".")
        case "os.pardir", "os.path.pardir": return .str("..")
        case "math.pi": return .float(Double.pi)
        case "math.e": return .float(M_E)
        case "math.tau": return .float(2 * Double.pi)
        case "math.inf": return .float(.infinity)
        case "math.nan": return .float(.nan)
        case "sys.maxsize": return .int(Int.max)
        default: return nil
        }
    }

    /// Builtins that look at a dynamic argument themselves instead of passing it on.
    static let handlesDynamicArguments: Set<String> = ["print", "isinstance", "type", "locals", "globals", "getattr", "hasattr", "callable"]

    // MARK: - Calls of builtins

    static func call(_ run: PyRun, _ name: String, _ args: PyArgs, _ r: SourceRange) throws -> PyBox {
        if let reason = unsafe[name] {
            run.unknownCall(PyBox(value: .none, range: r), args, reason: PyDynamicReason(reason: "passed to \(name)(), which the linter does not run", range: r))
            return run.dyn(reason, r)
        }
        if name.hasPrefix("config.") {
            let shown = try args.positional.map { try run.repr($0) } + args.keywords.map { "\($0.0)=\((try? run.repr($0.1)) ?? "...")" }
            let call = "\(name)(\(shown.joined(separator: ", ")))"
            return run.dyn("\(call) is read from RETURNN's command line at run time", r)
        }
        if fileSystemFunctions.contains(name) {
            return run.dyn("\(name)() depends on the file system", r)
        }
        if exceptions.contains(name) {
            // Constructing an exception is harmless; raising it is what matters.
            var msg = ""
            if let first = args.positional.first, case .str(let s) = first.value { msg = s }
            return PyBox(value: .tuple([PyBox(value: .builtin(name), range: r), PyBox(value: .str(msg), range: r)]), range: r)
        }
        // A dynamic argument makes the result dynamic with its own reason, for every pure builtin.
        if !handlesDynamicArguments.contains(name), let d = args.all.first(where: { $0.value.dynamicReason != nil }) {
            return PyBox(value: d.value, range: r)
        }
        let p = args.positional
        func arg(_ i: Int) throws -> PyBox {
            guard i < p.count else { throw run.raise("TypeError", "\(name)() missing required argument", r) }
            return p[i]
        }
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        switch name {
        case "print":
            return box(.none)
        case "len":
            let v = try arg(0)
            switch v.value {
            case .str(let s): return box(.int(s.unicodeScalars.count))
            case .bytes(let b): return box(.int(b.count))
            case .list(let l): if let t = l.tainted { return box(.dynamic(t)) }; return box(.int(l.items.count))
            case .tuple(let t): return box(.int(t.count))
            case .dict(let d): if let t = d.partial { return box(.dynamic(t)) }; return box(.int(d.count))
            case .set(let s): if let t = s.tainted { return box(.dynamic(t)) }; return box(.int(s.items.count))
            case .range(let a, let b, let c): return box(.int(run.rangeCount(a, b, c)))
            default: throw run.raise("TypeError", "object of type '\(v.value.typeName)' has no len()", r)
            }
        case "range":
            var ints: [Int] = []
            for a in p {
                guard let i = run.intValue(a) else { throw run.raise("TypeError", "'\(a.value.typeName)' object cannot be interpreted as an integer", r) }
                ints.append(i)
            }
            switch ints.count {
            case 1: return box(.range(start: 0, stop: ints[0], step: 1))
            case 2: return box(.range(start: ints[0], stop: ints[1], step: 1))
            case 3:
                if ints[2] == 0 { throw run.raise("ValueError", "range() arg 3 must not be zero", r) }
                return box(.range(start: ints[0], stop: ints[1], step: ints[2]))
            default: throw run.raise("TypeError", "range expected at most 3 arguments", r)
            }
        case "str":
            if p.isEmpty { return box(.str("")) }
            return box(.str(try run.str(p[0])))
        case "repr":
            return box(.str(try run.repr(try arg(0))))
        case "bool":
            if p.isEmpty { return box(.bool(false)) }
            return box(.bool(try run.truthy(p[0])))
        case "int":
            return try toInt(run, p, args.keyword("base"), r)
        case "float":
            if p.isEmpty { return box(.float(0)) }
            switch p[0].value {
            case .int(let i): return box(.float(Double(i)))
            case .bool(let b): return box(.float(b ? 1 : 0))
            case .float(let d): return box(.float(d))
            case .str(let s):
                let t = PyStrings.strip(s, nil).replacingUnderscoresInNumber()
                let lower = t.lowercased()
                if ["inf", "+inf", "infinity", "+infinity"].contains(lower) { return box(.float(.infinity)) }
                if ["-inf", "-infinity"].contains(lower) { return box(.float(-.infinity)) }
                if ["nan", "+nan", "-nan"].contains(lower) { return box(.float(.nan)) }
                if let d = Double(t), !t.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) { return box(.float(d)) }
                throw run.raise("ValueError", "could not convert string to float: \(PyFormatting.reprString(s))", r)
            default:
                throw run.raise("TypeError", "float() argument must be a string or a real number, not '\(p[0].value.typeName)'", r)
            }
        case "abs":
            let v = try arg(0)
            switch v.value {
            case .int(let i): return i == Int.min ? run.tooLarge(r) : box(.int(abs(i)))
            case .bool(let b): return box(.int(b ? 1 : 0))
            case .float(let d): return box(.float(Swift.abs(d)))
            default: throw run.raise("TypeError", "bad operand type for abs(): '\(v.value.typeName)'", r)
            }
        case "round":
            return try round(run, p, args.keyword("ndigits"), r)
        case "isinstance":
            let v = try arg(0)
            if v.value.dynamicReason != nil { return PyBox(value: v.value, range: r) }
            return box(.bool(try isInstance(run, v.value, try arg(1), r)))
        case "type":
            let v = try arg(0)
            if v.value.dynamicReason != nil { return PyBox(value: v.value, range: r) }
            return box(.builtin(v.value.typeName))
        case "list":
            if p.isEmpty { return box(.list(PyListObject([]))) }
            return box(.list(PyListObject(try run.iterate(p[0], r))))
        case "tuple":
            if p.isEmpty { return box(.tuple([])) }
            return box(.tuple(try run.iterate(p[0], r)))
        case "set", "frozenset":
            let s = PySetObject(frozen: name == "frozenset")
            if let first = p.first {
                for i in try run.iterate(first, r) {
                    guard let k = PyHashKey.of(i.value) else { throw run.raise("TypeError", "unhashable type: '\(i.value.typeName)'", r) }
                    s.insert(i, key: k)
                }
            }
            return box(.set(s))
        case "dict":
            let d = PyDictObject()
            if let first = p.first {
                if case .dict(let src) = first.value {
                    try run.update(d, with: PyBox(value: .dict(src), range: first.range), r)
                } else {
                    try run.update(d, with: first, r)
                }
            }
            for (k, v) in args.keywords { d.set(.str(k), keyBox: PyBox(value: .str(k), range: v.range), value: v) }
            return box(.dict(d))
        case "sorted":
            var items = try run.iterate(try arg(0), r)
            try sort(run, &items, key: args.keyword("key"), reverse: args.keyword("reverse"), r)
            return box(.list(PyListObject(items)))
        case "reversed":
            let v = try arg(0)
            if case .dict = v.value { return box(.list(PyListObject(try run.iterate(v, r).reversed()))) }
            return box(.tuple(try run.iterate(v, r).reversed()))
        case "enumerate":
            var start = 0
            if let s = args.keyword("start") ?? (p.count > 1 ? p[1] : nil) { start = run.intValue(s) ?? 0 }
            let items = try run.iterate(try arg(0), r)
            return box(.tuple(items.enumerated().map { i, v in
                box(.tuple([box(.int(start + i)), v]))
            }))
        case "zip":
            let lists = try p.map { try run.iterate($0, r) }
            let n = lists.map(\.count).min() ?? 0
            return box(.tuple((0..<n).map { i in box(.tuple(lists.map { $0[i] })) }))
        case "sum":
            var acc = args.keyword("start") ?? (p.count > 1 ? p[1] : box(.int(0)))
            for i in try run.iterate(try arg(0), r) {
                try run.step(r)
                acc = try run.binary(.add, acc, i, r)
            }
            return PyBox(value: acc.value, range: r)
        case "min", "max":
            var items = p.count == 1 ? try run.iterate(p[0], r) : p
            if items.isEmpty {
                if let d = args.keyword("default") { return d }
                throw run.raise("ValueError", "\(name)() iterable argument is empty", r)
            }
            let key = args.keyword("key")
            var best = items.removeFirst()
            var bestKey = try key.map { try run.call($0, PyArgs(positional: [best]), r, text: "key") } ?? best
            for i in items {
                let k = try key.map { try run.call($0, PyArgs(positional: [i]), r, text: "key") } ?? i
                let c = try run.compare(name == "min" ? .less : .greater, k, bestKey, r)
                if let reason = c.value.dynamicReason { return box(.dynamic(reason)) }
                if case .bool(true) = c.value { best = i; bestKey = k }
            }
            return best
        case "any", "all":
            for i in try run.iterate(try arg(0), r) {
                if let reason = i.value.dynamicReason { return box(.dynamic(reason)) }
                let t = try run.truthy(i)
                if name == "any" && t { return box(.bool(true)) }
                if name == "all" && !t { return box(.bool(false)) }
            }
            return box(.bool(name == "all"))
        case "map":
            let f = try arg(0)
            let lists = try p.dropFirst().map { try run.iterate($0, r) }
            let n = lists.map(\.count).min() ?? 0
            var out: [PyBox] = []
            for i in 0..<n { out.append(try run.call(f, PyArgs(positional: lists.map { $0[i] }), r, text: "map")) }
            return box(.tuple(out))
        case "filter":
            let f = try arg(0)
            var out: [PyBox] = []
            for i in try run.iterate(try arg(1), r) {
                let t = f.value.isNone ? i : try run.call(f, PyArgs(positional: [i]), r, text: "filter")
                if let reason = t.value.dynamicReason { return box(.dynamic(reason)) }
                if try run.truthy(t) { out.append(i) }
            }
            return box(.tuple(out))
        case "chr":
            guard let i = run.intValue(try arg(0)), let s = Unicode.Scalar(UInt32(clamping: max(0, i))), i >= 0 else {
                throw run.raise("ValueError", "chr() arg not in range(0x110000)", r)
            }
            return box(.str(String(s)))
        case "ord":
            guard case .str(let s) = try arg(0).value, s.unicodeScalars.count == 1 else {
                throw run.raise("TypeError", "ord() expected a character", r)
            }
            return box(.int(Int(s.unicodeScalars.first!.value)))
        case "hex", "oct", "bin":
            guard let i = run.intValue(try arg(0)) else { throw run.raise("TypeError", "'\(p[0].value.typeName)' object cannot be interpreted as an integer", r) }
            let radix = name == "hex" ? 16 : (name == "oct" ? 8 : 2)
            let prefix = name == "hex" ? "0x" : (name == "oct" ? "0o" : "0b")
            let digits = String(i.magnitude, radix: radix)
            return box(.str((i < 0 ? "-" : "") + prefix + digits))
        case "divmod":
            let a = try arg(0), b = try arg(1)
            return box(.tuple([try run.binary(.floorDivide, a, b, r), try run.binary(.modulo, a, b, r)]))
        case "pow":
            if p.count == 3 {
                guard let b = run.intValue(p[0]), let e = run.intValue(p[1]), let m = run.intValue(p[2]), m != 0, e >= 0 else {
                    throw run.raise("ValueError", "pow() 3rd argument not allowed unless all arguments are integers", r)
                }
                var result = 1 % m, base = ((b % m) + m) % m, ex = e
                while ex > 0 {
                    if ex & 1 == 1 { result = Int((Int64(result).multipliedFullWidth(by: Int64(base))).low % UInt64(abs(m))) }
                    base = Int(Int64(base).multipliedFullWidth(by: Int64(base)).low % UInt64(abs(m)))
                    ex >>= 1
                }
                return box(.int(result))
            }
            return try run.binary(.power, try arg(0), try arg(1), r)
        case "locals", "globals":
            if run.atTopLevel { return box(.module("<namespace>")) }
            return run.dyn("\(name)() inside a function is not modelled by the linter", r)
        case "getattr":
            let obj = try arg(0)
            guard case .str(let attr) = try arg(1).value else { return run.dyn("getattr() with a computed name", r) }
            switch obj.value {
            case .module(let m) where m != "<namespace>":
                if attr.hasPrefix("__") { return run.dyn("the attribute '\(attr)' is not read by the linter", r) }
                let v = run.moduleAttribute(m, attr, r)
                if v.value.dynamicReason != nil, p.count > 2 { return run.dyn("getattr() of \(m).\(attr) is not modelled", r) }
                return v
            default:
                return run.dyn("getattr() on a value the linter does not model", r)
            }
        case "hasattr", "callable", "iter", "next", "id", "hash", "slice", "object", "format":
            if name == "format", let v = p.first {
                let spec: String
                if p.count > 1, case .str(let s) = p[1].value { spec = s } else { spec = "" }
                return box(.str(try PyFormatting.formatValue(run, v, spec: spec, r)))
            }
            if name == "callable", let v = p.first {
                switch v.value {
                case .function, .builtin, .boundMethod: return box(.bool(true))
                case .module: return run.dyn("callable() of a module", r)
                default: return box(.bool(false))
                }
            }
            return run.dyn("call to an unknown function '\(name)'", r)
        default:
            return try moduleCall(run, name, args, r)
        }
    }

    static func moduleCall(_ run: PyRun, _ name: String, _ args: PyArgs, _ r: SourceRange) throws -> PyBox {
        let p = args.positional
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        func strArg(_ i: Int) throws -> String {
            guard i < p.count, case .str(let s) = p[i].value else {
                throw run.raise("TypeError", "\(name)() expected a str argument", r)
            }
            return s
        }
        func num(_ i: Int) throws -> Double {
            guard i < p.count else { throw run.raise("TypeError", "\(name)() missing required argument", r) }
            switch p[i].value {
            case .int(let v): return Double(v)
            case .bool(let b): return b ? 1 : 0
            case .float(let d): return d
            default: throw run.raise("TypeError", "must be real number, not \(p[i].value.typeName)", r)
            }
        }
        func toIntResult(_ d: Double) throws -> PyBox {
            if d.isNaN { throw run.raise("ValueError", "cannot convert float NaN to integer", r) }
            if d.isInfinite { throw run.raise("OverflowError", "cannot convert float infinity to integer", r) }
            guard d > -9.223372036854775e18, d < 9.223372036854775e18 else { return run.tooLarge(r) }
            return box(.int(Int(d)))
        }
        func mathDomain(_ d: Double) throws -> PyBox {
            if d.isNaN { throw run.raise("ValueError", "math domain error", r) }
            return box(.float(d))
        }
        switch name {
        case "os.path.join":
            var out = try strArg(0)
            for i in 1..<max(1, p.count) {
                let s = try strArg(i)
                if s.hasPrefix("/") { out = s } else if out.isEmpty || out.hasSuffix("/") { out += s } else { out += "/" + s }
            }
            try run.checkString(out, r)
            return box(.str(out))
        case "os.path.basename":
            let s = try strArg(0)
            return box(.str(PyPath.split(s).1))
        case "os.path.dirname":
            return box(.str(PyPath.split(try strArg(0)).0))
        case "os.path.split":
            let (h, t) = PyPath.split(try strArg(0))
            return box(.tuple([box(.str(h)), box(.str(t))]))
        case "os.path.splitext":
            let (root, ext) = PyPath.splitext(try strArg(0))
            return box(.tuple([box(.str(root)), box(.str(ext))]))
        case "os.path.normpath":
            return box(.str(PyPath.normpath(try strArg(0))))
        case "os.path.isabs":
            return box(.bool(try strArg(0).hasPrefix("/")))
        case "os.getenv":
            return run.dyn("os.getenv(\((try? run.repr(p.first ?? box(.none))) ?? "")) reads the environment, which the linter does not do", r)
        case "copy.copy":
            guard let v = p.first else { throw run.raise("TypeError", "copy() missing argument", r) }
            return PyBox(value: shallowCopy(v.value), range: r)
        case "copy.deepcopy":
            guard let v = p.first else { throw run.raise("TypeError", "deepcopy() missing argument", r) }
            var memo: [ObjectIdentifier: PyValue] = [:]
            return PyBox(value: try deepCopy(run, v.value, &memo, r, depth: 0), range: r)
        case "math.sqrt": return try mathDomain(try num(0) < 0 ? .nan : sqrt(try num(0)))
        case "math.ceil": return try toIntResult(ceil(try num(0)))
        case "math.floor": return try toIntResult(floor(try num(0)))
        case "math.trunc": return try toIntResult(trunc(try num(0)))
        case "math.log":
            let x = try num(0)
            if x <= 0 { throw run.raise("ValueError", "math domain error", r) }
            if p.count > 1 {
                let b = try num(1)
                if b <= 0 || b == 1 { throw run.raise(b == 1 ? "ZeroDivisionError" : "ValueError", b == 1 ? "float division by zero" : "math domain error", r) }
                return box(.float(Glibc.log(x) / Glibc.log(b)))
            }
            return box(.float(Glibc.log(x)))
        case "math.log2":
            let x = try num(0); if x <= 0 { throw run.raise("ValueError", "math domain error", r) }
            return box(.float(log2(x)))
        case "math.log10":
            let x = try num(0); if x <= 0 { throw run.raise("ValueError", "math domain error", r) }
            return box(.float(log10(x)))
        case "math.exp":
            let v = Glibc.exp(try num(0))
            if v.isInfinite { throw run.raise("OverflowError", "math range error", r) }
            return box(.float(v))
        case "math.pow":
            let v = Glibc.pow(try num(0), try num(1))
            if v.isNaN, !(try num(0)).isNaN, !(try num(1)).isNaN { throw run.raise("ValueError", "math domain error", r) }
            return box(.float(v))
        case "math.fabs": return box(.float(Swift.abs(try num(0))))
        case "math.isnan": return box(.bool(try num(0).isNaN))
        case "math.isinf": return box(.bool(try num(0).isInfinite))
        case "math.isfinite": return box(.bool(try num(0).isFinite))
        case "math.sin": return box(.float(sin(try num(0))))
        case "math.cos": return box(.float(cos(try num(0))))
        case "math.tan": return box(.float(tan(try num(0))))
        case "math.atan": return box(.float(atan(try num(0))))
        case "math.tanh": return box(.float(tanh(try num(0))))
        case "math.isclose":
            let a = try num(0), b = try num(1)
            let rel = args.keyword("rel_tol").map { v -> Double in if case .float(let d) = v.value { return d }; return 1e-9 } ?? 1e-9
            let absTol = args.keyword("abs_tol").map { v -> Double in if case .float(let d) = v.value { return d }; return 0 } ?? 0
            if a == b { return box(.bool(true)) }
            if a.isInfinite || b.isInfinite { return box(.bool(false)) }
            let diff = Swift.abs(b - a)
            return box(.bool(diff <= Swift.abs(rel * b) || diff <= Swift.abs(rel * a) || diff <= absTol))
        case "math.gcd":
            var g = 0
            for v in p {
                guard var x = run.intValue(v) else { throw run.raise("TypeError", "gcd() integer expected", r) }
                x = x == Int.min ? 0 : Swift.abs(x)
                var a = g, b = x
                while b != 0 { (a, b) = (b, a % b) }
                g = a
            }
            return box(.int(g))
        case "math.factorial":
            guard let n = run.intValue(p.first ?? box(.none)), n >= 0 else { throw run.raise("ValueError", "factorial() not defined for negative values", r) }
            var acc = 1
            for k in stride(from: 2, through: n, by: 1) {
                let m = acc.multipliedReportingOverflow(by: k)
                if m.overflow { return run.tooLarge(r) }
                acc = m.partialValue
            }
            return box(.int(acc))
        case "math.prod":
            var acc = box(.int(1))
            for i in try run.iterate(p.first ?? box(.tuple([])), r) { acc = try run.binary(.multiply, acc, i, r) }
            return PyBox(value: acc.value, range: r)
        case "json.loads":
            let s = try strArg(0)
            var parser = PyJSONReader(run: run, text: Array(s.utf8), range: r,
                                      positions: p.isEmpty ? nil : run.literalPositions(of: p[0], text: s))
            do {
                return try parser.document()
            } catch let e as PyJSONReader.Failure {
                return run.dyn("json.loads of text that is not JSON (\(e.message))", r)
            }
        case "json.dumps":
            let v = p.first ?? box(.none)
            var indent: Int?
            if let i = args.keyword("indent"), let n = run.intValue(i) { indent = n }
            var sortKeys = false
            if let s = args.keyword("sort_keys") { sortKeys = try run.truthy(s) }
            if args.keywords.contains(where: { !["indent", "sort_keys"].contains($0.0) }) {
                return run.dyn("json.dumps with options the linter does not model", r)
            }
            return box(.str(try PyJSONWriter.dumps(run, v, indent: indent, sortKeys: sortKeys, r)))
        case "sys.exit":
            throw PyThrow.exception(type: "SystemExit", message: "", range: r, explicit: true)
        default:
            run.unknownCall(box(.none), args, reason: PyDynamicReason(reason: "passed to \(name)(), which the linter cannot call", range: r))
            return run.dyn("call to an unknown function '\(name)'", r)
        }
    }

    static func toInt(_ run: PyRun, _ p: [PyBox], _ baseArg: PyBox?, _ r: SourceRange) throws -> PyBox {
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        if p.isEmpty { return box(.int(0)) }
        let base = baseArg ?? (p.count > 1 ? p[1] : nil)
        switch p[0].value {
        case .int(let i) where base == nil: return box(.int(i))
        case .bool(let b) where base == nil: return box(.int(b ? 1 : 0))
        case .float(let d) where base == nil:
            if d.isNaN { throw run.raise("ValueError", "cannot convert float NaN to integer", r) }
            if d.isInfinite { throw run.raise("OverflowError", "cannot convert float infinity to integer", r) }
            guard d > -9.223372036854775e18, d < 9.223372036854775e18 else { return run.tooLarge(r) }
            return box(.int(Int(d)))
        case .str(let s):
            var radix = base.flatMap { run.intValue($0) } ?? 10
            var t = PyStrings.strip(s, nil).replacingUnderscoresInNumber()
            var negative = false
            if t.hasPrefix("-") { negative = true; t.removeFirst() } else if t.hasPrefix("+") { t.removeFirst() }
            let lower = t.lowercased()
            for (prefix, rdx) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (radix == rdx || radix == 0) {
                t.removeFirst(2); radix = rdx
            }
            if radix == 0 { radix = 10 }
            let digitsValid = !t.isEmpty && radix >= 2 && radix <= 36
                && t.allSatisfy { c in c.isASCII && (c.hexDigitValue.map { $0 < radix } ?? (c.isLetter && Int(String(c), radix: 36).map { $0 < radix } == true)) }
            guard digitsValid else {
                throw run.raise("ValueError", "invalid literal for int() with base \(radix): \(PyFormatting.reprString(s))", r)
            }
            guard let v = Int(t, radix: radix) else { return run.tooLarge(r) }
            return box(.int(negative ? -v : v))
        default:
            throw run.raise("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '\(p[0].value.typeName)'", r)
        }
    }

    static func round(_ run: PyRun, _ p: [PyBox], _ nd: PyBox?, _ r: SourceRange) throws -> PyBox {
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        guard let x = p.first else { throw run.raise("TypeError", "round() missing required argument 'number'", r) }
        let ndigits = nd ?? (p.count > 1 ? p[1] : nil)
        let n: Int? = ndigits.flatMap { if case .none = $0.value { return nil }; return run.intValue($0) }
        switch x.value {
        case .int(let v):
            guard let n, n < 0 else { return box(.int(v)) }
            if n < -18 { return box(.int(0)) }
            var pw = 1
            for _ in 0..<(-n) { pw *= 10 }
            var q = v / pw, rem = v % pw
            if rem < 0 { q -= 1; rem += pw }
            if rem * 2 > pw || (rem * 2 == pw && q & 1 == 1) { q += 1 }
            return box(.int(q * pw))
        case .bool(let b):
            return box(.int(b ? 1 : 0))
        case .float(let d):
            if let n {
                if !d.isFinite { return box(.float(d)) }
                if n > 300 { return box(.float(d)) }
                if n >= 0 {
                    // CPython rounds the exact binary value to n decimals, which is what %.nf does.
                    let s = PyFormatting.cFormat(d, "f", precision: n)
                    return box(.float(Double(s) ?? d))
                }
                let pw = Glibc.pow(10.0, Double(-n))
                let y = (d / pw).rounded(.toNearestOrEven) * pw
                return box(.float(y.isFinite ? y : 0))
            }
            if d.isNaN { throw run.raise("ValueError", "cannot convert float NaN to integer", r) }
            if d.isInfinite { throw run.raise("OverflowError", "cannot convert float infinity to integer", r) }
            let y = d.rounded(.toNearestOrEven)
            guard y > -9.223372036854775e18, y < 9.223372036854775e18 else { return run.tooLarge(r) }
            return box(.int(Int(y)))
        default:
            throw run.raise("TypeError", "type \(x.value.typeName) doesn't define __round__ method", r)
        }
    }

    static func isInstance(_ run: PyRun, _ v: PyValue, _ t: PyBox, _ r: SourceRange) throws -> Bool {
        switch t.value {
        case .tuple(let items):
            for i in items where try isInstance(run, v, i, r) { return true }
            return false
        case .builtin(let name):
            switch name {
            case "int": if case .bool = v { return true }; return v.typeName == "int"
            case "object": return true
            case "str", "float", "list", "dict", "tuple", "set", "frozenset", "bool", "range", "bytes": return v.typeName == name
            case "NoneType": return v.typeName == "NoneType"
            default: throw PyThrow.undecidedJump(PyDynamicReason(reason: "isinstance() with the type '\(name)' is not modelled", range: r))
            }
        case .dynamic(let reason):
            throw PyThrow.undecidedJump(reason)
        default:
            throw run.raise("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union", r)
        }
    }

    static func shallowCopy(_ v: PyValue) -> PyValue {
        switch v {
        case .list(let l):
            let c = PyListObject(l.items); c.tainted = l.tainted; return .list(c)
        case .dict(let d): return .dict(d.copy())
        case .set(let s) where !s.frozen:
            let c = PySetObject(frozen: false); c.items = s.items; c.keys = s.keys; c.tainted = s.tainted; return .set(c)
        default: return v
        }
    }

    static func deepCopy(_ run: PyRun, _ v: PyValue, _ memo: inout [ObjectIdentifier: PyValue], _ r: SourceRange, depth: Int) throws -> PyValue {
        try run.step(r)
        if depth > 500 { throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r)) }
        switch v {
        case .list(let l):
            if let m = memo[ObjectIdentifier(l)] { return m }
            let c = PyListObject([])
            c.tainted = l.tainted
            memo[ObjectIdentifier(l)] = .list(c)
            for i in l.items { c.items.append(PyBox(value: try deepCopy(run, i.value, &memo, r, depth: depth + 1), range: i.range)) }
            return .list(c)
        case .dict(let d):
            if let m = memo[ObjectIdentifier(d)] { return m }
            let c = PyDictObject()
            c.partial = d.partial
            memo[ObjectIdentifier(d)] = .dict(c)
            for e in d.entries {
                let k = try deepCopy(run, e.key.value, &memo, r, depth: depth + 1)
                c.set(PyHashKey.of(k)!, keyBox: PyBox(value: k, range: e.key.range),
                      value: PyBox(value: try deepCopy(run, e.value.value, &memo, r, depth: depth + 1), range: e.value.range))
            }
            return .dict(c)
        case .tuple(let items):
            return .tuple(try items.map { PyBox(value: try deepCopy(run, $0.value, &memo, r, depth: depth + 1), range: $0.range) })
        case .set(let s) where !s.frozen:
            let c = PySetObject(frozen: false); c.items = s.items; c.keys = s.keys; c.tainted = s.tainted
            return .set(c)
        default:
            return v
        }
    }

    /// A stable merge sort (Python's sort is stable) whose comparison may throw.
    static func sort(_ run: PyRun, _ items: inout [PyBox], key: PyBox?, reverse: PyBox?, _ r: SourceRange) throws {
        let rev = try reverse.map { try run.truthy($0) } ?? false
        var keyed: [(PyBox, PyBox)] = []
        for i in items {
            let k: PyBox
            if let key, !key.value.isNone { k = try run.call(key, PyArgs(positional: [i]), r, text: "key") } else { k = i }
            if let reason = k.value.dynamicReason { throw PyThrow.undecidedJump(reason) }
            keyed.append((k, i))
        }
        func less(_ a: PyBox, _ b: PyBox) throws -> Bool {
            try run.step(r)
            let c = try run.compare(.less, a, b, r)
            if let reason = c.value.dynamicReason { throw PyThrow.undecidedJump(reason) }
            if case .bool(let x) = c.value { return x }
            return false
        }
        // Reverse keeps stability like CPython: equal elements keep their order.
        func mergeSort(_ a: [(PyBox, PyBox)]) throws -> [(PyBox, PyBox)] {
            if a.count <= 1 { return a }
            let mid = a.count / 2
            let l = try mergeSort(Array(a[..<mid])), rr = try mergeSort(Array(a[mid...]))
            var out: [(PyBox, PyBox)] = []
            out.reserveCapacity(a.count)
            var i = 0, j = 0
            while i < l.count, j < rr.count {
                let takeRight = rev ? try less(l[i].0, rr[j].0) : try less(rr[j].0, l[i].0)
                if takeRight { out.append(rr[j]); j += 1 } else { out.append(l[i]); i += 1 }
            }
            out.append(contentsOf: l[i...]); out.append(contentsOf: rr[j...])
            return out
        }
        items = try mergeSort(keyed).map(\.1)
    }
}

extension PyValue {
    var isNone: Bool { if case .none = self { return true }; return false }
}

extension String {
    func replacingUnderscoresInNumber() -> String {
        // Python accepts single underscores between digits.
        guard contains("_") else { return self }
        let chars = Array(self)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c == "_", i > 0, i + 1 < chars.count, chars[i - 1].isHexDigit, chars[i + 1].isHexDigit { continue }
            out.append(c)
        }
        return out
    }
}

/// `posixpath` as pure string functions.
enum PyPath {
    static func split(_ p: String) -> (String, String) {
        let scalars = Array(p.unicodeScalars)
        var i = scalars.count
        while i > 0, scalars[i - 1] != "/" { i -= 1 }
        var head = String(String.UnicodeScalarView(scalars[..<i]))
        let tail = String(String.UnicodeScalarView(scalars[i...]))
        if !head.isEmpty, !head.unicodeScalars.allSatisfy({ $0 == "/" }) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return (head, tail)
    }

    static func splitext(_ p: String) -> (String, String) {
        let scalars = Array(p.unicodeScalars)
        guard let dot = scalars.lastIndex(of: ".") else { return (p, "") }
        let sep = scalars.lastIndex(of: "/") ?? -1
        guard dot > sep else { return (p, "") }
        // A leading dot of the file name (".bashrc") is not an extension.
        var k = sep + 1
        while k < dot, scalars[k] == "." { k += 1 }
        guard k < dot else { return (p, "") }
        return (String(String.UnicodeScalarView(scalars[..<dot])), String(String.UnicodeScalarView(scalars[dot...])))
    }

    static func normpath(_ p: String) -> String {
        if p.isEmpty { return "." }
        var initial = 0
        if p.hasPrefix("/") { initial = p.hasPrefix("//") && !p.hasPrefix("///") ? 2 : 1 }
        var out: [Substring] = []
        for comp in p.split(separator: "/", omittingEmptySubsequences: true) {
            if comp == "." { continue }
            if comp == "..", (initial == 0 && out.isEmpty) || (!out.isEmpty && out.last == "..") {
                out.append(comp)
            } else if comp == ".." {
                if !out.isEmpty { out.removeLast() }
            } else {
                out.append(comp)
            }
        }
        let s = String(repeating: "/", count: initial) + out.joined(separator: "/")
        return s.isEmpty ? "." : s
    }
}
