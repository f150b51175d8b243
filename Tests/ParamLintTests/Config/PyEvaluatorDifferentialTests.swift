import Foundation
import Testing
@testable import ParamLint

/// Generates constant expressions as a tree and as Python source at once (so this test does not
/// depend on the parser), evaluates the trees, and compares with CPython's `repr` of the same text.
struct PyExpressionGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

    typealias G = (PyExpr, String)
    let r = SourceRange.empty
    func e(_ k: PyExprKind) -> PyExpr { PyExpr(kind: k, range: r) }
    func args(_ a: [PyExpr]) -> [PyArgument] { a.map { PyArgument(kind: .positional, value: $0, range: r) } }

    mutating func int() -> G {
        let v = pick([0, 1, 2, 3, 5, 7, -1, -4, 10, 12, 255, 1000, 4611686018427387904, 3037000499, -9])
        return v < 0 ? (e(.unary(.minus, e(.constant(.int(-v))))), "(\(v))") : (e(.constant(.int(v))), "\(v)")
    }

    mutating func float() -> G {
        let v = pick([0.5, 1.5, 2.25, 0.1, 3.14159, 1e16, 1e-7, 100.0, 2.675, 1e300, 0.0, 12345.678, 7.0, 1e22])
        var text = "\(v)"
        if v == 1e16 { text = "1e16" } else if v == 1e-7 { text = "1e-07" } else if v == 1e300 { text = "1e300" } else if v == 1e22 { text = "1e22" }
        if chance(25) { return (e(.unary(.minus, e(.constant(.float(v))))), "(-\(text))") }
        return (e(.constant(.float(v))), text)
    }

    mutating func string() -> G {
        let v = pick(["abc", "a_b_c", " x y ", "Hello", "", "enc-layer", "0042", "a,b,,c", "it's", "ünï", "tab\tnew\nline"])
        return (e(.constant(.string(v))), PyFormatting.reprString(v))
    }

    mutating func number(_ depth: Int) -> G {
        if depth <= 0 || chance(35) { return chance(55) ? int() : float() }
        let a = number(depth - 1), b = number(depth - 1)
        let ops: [PyBinaryOperator] = [.add, .subtract, .multiply, .divide, .floorDivide, .modulo, .power, .bitAnd, .bitOr, .bitXor, .leftShift, .rightShift]
        var op = pick(ops)
        if op == .power {
            // Keep powers small so most results fit; some still overflow on purpose.
            let k = Int(next() % 5)
            let exp: G = chance(70) ? (e(.constant(.int(k))), "\(k)") : pick([(e(.constant(.int(40))), "40"), (e(.unary(.minus, e(.constant(.int(2))))), "(-2)"), (e(.constant(.float(0.5))), "0.5")])
            return (e(.binary(.power, a.0, exp.0)), "(\(a.1) ** \(exp.1))")
        }
        if chance(20) { op = .floorDivide }
        if [.bitAnd, .bitOr, .bitXor, .leftShift, .rightShift].contains(op) {
            // Bit operations are for ints; mostly give them ints so the results are not all TypeErrors.
            let k = Int(next() % 70)
            let x = chance(85) ? int() : a, y: G = chance(85) || op == .leftShift ? (e(.constant(.int(k))), "\(k)") : b
            return (e(.binary(op, x.0, y.0)), "(\(x.1) \(op.rawValue) \(y.1))")
        }
        return (e(.binary(op, a.0, b.0)), "(\(a.1) \(op.rawValue) \(b.1))")
    }

    mutating func sequence() -> G {
        let n = Int(next() % 4)
        var items: [G] = []
        for _ in 0..<n { items.append(chance(50) ? int() : string()) }
        if chance(50) {
            return (e(.list(items.map(\.0))), "[" + items.map(\.1).joined(separator: ", ") + "]")
        }
        return (e(.tuple(items.map(\.0))), "(" + items.map(\.1).joined(separator: ", ") + (items.count == 1 ? ",)" : ")"))
    }

    mutating func method(_ recv: G, _ name: String, _ a: [G]) -> G {
        (e(.call(e(.attribute(recv.0, name)), args(a.map(\.0)))), "\(recv.1).\(name)(" + a.map(\.1).joined(separator: ", ") + ")")
    }

    mutating func builtin(_ name: String, _ a: [G]) -> G {
        (e(.call(e(.name(name)), args(a.map(\.0)))), "\(name)(" + a.map(\.1).joined(separator: ", ") + ")")
    }

    mutating func strExpr() -> G {
        switch next() % 16 {
        case 0: return method(string(), pick(["upper", "lower", "strip", "title", "lstrip", "rstrip"]), [])
        case 1: return method(string(), "split", chance(50) ? [] : [(e(.constant(.string(","))), "','")])
        case 2: return method(string(), "replace", [string(), string()])
        case 3: return method((e(.constant(.string("_"))), "'_'"), "join", [(e(.list([string().0, string().0])), "")].map { _ in
            let a = string(), b = string()
            return (e(.list([a.0, b.0])), "[\(a.1), \(b.1)]")
        })
        case 4:
            let w = Int(next() % 12)
            return method(string(), "zfill", [(e(.constant(.int(w))), "\(w)")])
        case 5: return method(string(), pick(["find", "count", "startswith", "endswith"]), [string()])
        case 6:
            let s = string(), i = chance(80) ? int() : float()
            let fmt = pick(["%s_%i", "%r/%d", "%s-%03d", "%s %x", "%-6s|%5d", "%s%%"])
            let tup: G = (e(.tuple([s.0, i.0])), "(\(s.1), \(i.1))")
            return (e(.binary(.modulo, e(.constant(.string(fmt))), tup.0)), "(\(PyFormatting.reprString(fmt)) % \(tup.1))")
        case 7:
            let f = chance(50) ? float() : int()
            let fmt = pick(["%.3f", "%e", "%g", "%5.1f", "%-8.2e|", "%+d", "%08.3f", "%.0f", "%G", "%.10g", "%i", "%%%s"])
            return (e(.binary(.modulo, e(.constant(.string(fmt))), f.0)), "(\(PyFormatting.reprString(fmt)) % \(f.1))")
        case 8:
            let v = chance(50) ? float() : int()
            let spec = pick(["", ":.2f", ":>8", ":<6|", ":^9", ":,", ":e", ":g", ":08.3f", ":+.1e", ":.3", ":x", ":_", ":.1%", "!r", ":10.4g"])
            let fmt = "{" + spec + "}"
            return method((e(.constant(.string(fmt))), PyFormatting.reprString(fmt)), "format", [v])
        case 9:
            let s = sequence()
            let fmt = pick(["{0[0]}", "{0[1]}-{0[0]}", "{0}", "{0!r:>20}"])
            return method((e(.constant(.string(fmt))), PyFormatting.reprString(fmt)), "format", [s])
        case 10:
            let v = chance(50) ? float() : (chance(50) ? int() : string())
            let spec = pick(["", ".2f", ">7", "", "e"])
            let conv: Character? = chance(20) ? "r" : nil
            let part = PyFStringPart.field(v.0, conversion: conv, formatSpec: spec.isEmpty ? nil : [.literal(spec)], selfDocumenting: nil)
            let text = "f\"<{\(v.1)\(conv.map { "!\($0)" } ?? "")\(spec.isEmpty ? "" : ":" + spec)}>\""
            return (e(.formattedString([.literal("<"), part, .literal(">")])), text)
        case 11:
            let s = string(), t = string()
            return (e(.binary(.add, s.0, t.0)), "(\(s.1) + \(t.1))")
        case 12:
            let s = string(), n = int()
            return (e(.subscript(s.0, n.0)), "\(s.1)[\(n.1)]")
        case 13:
            let s = string()
            let lo = chance(50) ? int() : nil, hi = chance(50) ? int() : nil
            let st: G? = chance(30) ? pick([(e(.constant(.int(2))), "2"), (e(.unary(.minus, e(.constant(.int(1))))), "(-1)")]) : nil
            let text = "\(s.1)[\(lo?.1 ?? ""):\(hi?.1 ?? "")\(st.map { ":" + $0.1 } ?? "")]"
            return (e(.subscript(s.0, e(.slice(lower: lo?.0, upper: hi?.0, step: st?.0)))), text)
        case 14:
            return builtin(pick(["str", "repr"]), [chance(50) ? float() : sequence()])
        default:
            let x = float()
            return builtin("round", chance(50) ? [x] : [x, (e(.constant(.int(2))), "2")])
        }
    }

    mutating func anyExpr() -> G {
        switch next() % 10 {
        case 0, 1, 2: return number(3)
        case 3:
            let a = number(1), b = number(1)
            let op = pick([PyCompareOperator.less, .lessEqual, .equal, .notEqual, .greater])
            let c = number(1)
            return (e(.compare(a.0, [(op, b.0), (.less, c.0)])), "(\(a.1) \(op.rawValue) \(b.1) < \(c.1))")
        case 4:
            let s = sequence(), t = sequence()
            return (e(.compare(s.0, [(.less, t.0)])), "(\(s.1) < \(t.1))")
        case 5:
            let a = number(1), b = string(), c = int()
            let isAnd = chance(50)
            return (e(.boolean(isAnd: isAnd, [a.0, b.0, c.0])), "(\(a.1) \(isAnd ? "and" : "or") \(b.1) \(isAnd ? "and" : "or") \(c.1))")
        case 6:
            let s = sequence()
            return builtin(pick(["len", "sorted", "list", "tuple", "max", "min"]), [s])
        case 7:
            let x = chance(50) ? float() : string()
            return builtin(pick(["int", "float", "abs", "bool"]), [x])
        default:
            return strExpr()
        }
    }
}

@Suite struct PyEvaluatorDifferentialTests {
    static func python() -> String? {
        for p in ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return nil
    }

    /// The evaluator's answer in the oracle's terms: the repr, "ERROR <type>", or "DYNAMIC <reason>".
    static func evaluate(_ expr: PyExpr) -> String {
        let run = PyRun(budget: .default)
        run.frames = [PyFrame(scope: run.module, function: nil)]
        do {
            let v = try run.eval(expr)
            if let d = v.value.dynamicReason { return "DYNAMIC " + d.reason }
            return try run.repr(v)
        } catch PyThrow.exception(let type, _, _, _) {
            return "ERROR " + type
        } catch {
            return "DYNAMIC \(error)"
        }
    }

    @Test func constantExpressionsAgreeWithCPython() throws {
        guard let python = Self.python() else {
            print("PyEvaluatorDifferentialTests: python3 not found, the differential test is skipped")
            return
        }
        var gen = PyExpressionGenerator(state: 20261207)
        var cases: [(PyExpr, String)] = []
        for _ in 0..<800 { cases.append(gen.anyExpr()) }
        // A per-expression alarm keeps a pathological case from hanging the oracle.
        let script = """
        import signal, sys
        def timeout(*_): raise TimeoutError()
        signal.signal(signal.SIGALRM, timeout)
        for line in sys.stdin.read().split("\\n\\u0000\\n"):
            if not line: continue
            signal.setitimer(signal.ITIMER_REAL, 2.0)
            try:
                print(repr(eval(line, {"__builtins__": __builtins__})).replace("\\n", "\\\\n"))
            except TimeoutError:
                print("TIMEOUT")
            except Exception as e:
                print("ERROR " + type(e).__name__)
            signal.setitimer(signal.ITIMER_REAL, 0)
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        let payload = cases.map(\.1).joined(separator: "\n\u{0}\n") + "\n\u{0}\n"
        input.fileHandleForWriting.write(payload.data(using: .utf8)!)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let answers = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(answers.count >= cases.count)
        var agreed = 0, tooLarge = 0, errorsAsDynamic = 0
        for (i, c) in cases.enumerated() where i < answers.count {
            let expected = answers[i]
            if expected == "TIMEOUT" { continue }
            let got = Self.evaluate(c.0).replacingOccurrences(of: "\n", with: "\\n")
            if ProcessInfo.processInfo.environment["PY_DIFF_VERBOSE"] != nil { print("\(c.1) => \(expected) | \(got)") }
            if got == expected { agreed += 1; continue }
            if got == "DYNAMIC integer too large", !expected.hasPrefix("ERROR") { tooLarge += 1; continue }
            if got == "DYNAMIC a complex number", expected.hasSuffix("j)") || expected.hasSuffix("j") { tooLarge += 1; continue }
            // A Python error is an error of the same type for the evaluator, or a dynamic value.
            if expected.hasPrefix("ERROR"), got.hasPrefix("DYNAMIC") { errorsAsDynamic += 1; continue }
            Issue.record("\(c.1): CPython \(expected), evaluator \(got)")
        }
        print("PyEvaluatorDifferentialTests: \(cases.count) expressions, \(agreed) identical, \(tooLarge) beyond 64-bit ints or complex (dynamic), \(errorsAsDynamic) Python errors evaluated as errors or dynamic")
    }
}
