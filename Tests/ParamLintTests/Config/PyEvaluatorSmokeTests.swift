import Foundation
import Testing
@testable import ParamLint

/// Trees built by hand, so the evaluator's budget is checked independently of the parser.
enum PyTree {
    static let r = SourceRange.empty
    static func e(_ k: PyExprKind) -> PyExpr { PyExpr(kind: k, range: r) }
    static func s(_ k: PyStmtKind) -> PyStmt { PyStmt(kind: k, range: r) }
    static func name(_ n: String) -> PyExpr { e(.name(n)) }
    static func int(_ i: Int) -> PyExpr { e(.constant(.int(i))) }
    static func call(_ f: PyExpr, _ args: [PyExpr]) -> PyExpr {
        e(.call(f, args.map { PyArgument(kind: .positional, value: $0, range: r) }))
    }
}

@Suite struct PyEvaluatorBudgetTreeTests {
    @Test func whileTrueEndsInTheBudget() {
        let m = PyModule(body: [
            PyTree.s(.assign(targets: [PyTree.name("x")], value: PyTree.int(1))),
            PyTree.s(.while(test: PyTree.e(.constant(.bool(true))), body: [PyTree.s(.pass)], orelse: [])),
            PyTree.s(.assign(targets: [PyTree.name("y")], value: PyTree.int(2))),
        ])
        let clock = ContinuousClock()
        var result: PyEvaluationResult?
        let t = clock.measure { result = PyEvaluator.evaluate(m) }
        print("while True: \(t)")
        #expect(result?.stopped?.reason == "evaluation budget exceeded")
        #expect(result?.bindings.map(\.name) == ["x"])
    }

    @Test func hugeRangeEndsInTheBudget() {
        let big = PyTree.e(.binary(.power, PyTree.int(10), PyTree.int(12)))
        let m = PyModule(body: [
            PyTree.s(.for(target: PyTree.name("i"), iterable: PyTree.call(PyTree.name("range"), [big]), body: [PyTree.s(.pass)], orelse: [])),
        ])
        let clock = ContinuousClock()
        var result: PyEvaluationResult?
        let t = clock.measure { result = PyEvaluator.evaluate(m) }
        print("range(10**12): \(t)")
        #expect(result?.stopped?.reason == "evaluation budget exceeded")
    }
}

extension PyTree {
    static func str(_ s: String) -> PyExpr { e(.constant(.string(s))) }
    static func assign(_ n: String, _ v: PyExpr) -> PyStmt { s(.assign(targets: [name(n)], value: v)) }
    static func attr(_ b: PyExpr, _ n: String) -> PyExpr { e(.attribute(b, n)) }
    static func sub(_ b: PyExpr, _ k: PyExpr) -> PyExpr { e(.subscript(b, k)) }
    static func dict(_ items: [(PyExpr, PyExpr)]) -> PyExpr { e(.dict(items.map { PyDictItem(key: $0.0, value: $0.1) })) }
    static func binding(_ r: PyEvaluationResult, _ n: String) -> PyResultValue? { r.bindings.first { $0.name == n }?.value.value }
}

@Suite struct PyEvaluatorTreeTests {
    @Test func aliasesShareTheDictAndUnknownCallsMakeItPartial() {
        let m = PyModule(body: [
            PyTree.assign("network", PyTree.dict([(PyTree.str("a"), PyTree.int(1))])),
            PyTree.assign("net", PyTree.name("network")),
            PyTree.s(.assign(targets: [PyTree.sub(PyTree.name("net"), PyTree.str("x"))], value: PyTree.int(2))),
            PyTree.assign("copy_", PyTree.call(PyTree.attr(PyTree.name("network"), "copy"), [])),
            PyTree.s(.expression(PyTree.call(PyTree.name("add_layers"), [PyTree.name("net")]))),
        ])
        let r = PyEvaluator.evaluate(m)
        guard case .dict(let members, let partial)? = PyTree.binding(r, "network") else { Issue.record("not a dict"); return }
        #expect(members.map(\.key) == ["a", "x"])
        #expect(partial != nil)
        guard case .dict(let copied, let copyPartial)? = PyTree.binding(r, "copy_") else { Issue.record("not a dict"); return }
        #expect(copied.map(\.key) == ["a", "x"])
        #expect(copyPartial == nil)
    }

    @Test func floatReprMatchesCPython() {
        let cases: [(Double, String)] = [(1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"), (1e-5, "1e-05"),
                                         (0.1 + 0.2, "0.30000000000000004"), (-0.0, "-0.0"), (.infinity, "inf"), (.nan, "nan"),
                                         (123456789012345678.0, "1.2345678901234568e+17"), (9.5e15, "9500000000000000.0"), (2.5e-7, "2.5e-07")]
        for (d, s) in cases { #expect(PyFormatting.floatRepr(d) == s) }
    }
}

@Suite struct PyEvaluatorSecurityTreeTests {
    /// Each attempt to reach the machine is a dynamic value, and the marker file never appears.
    @Test func attemptsToTouchTheMachineStayDynamic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pyeval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = dir.appendingPathComponent("MARKER").path
        let touch = PyTree.str("touch " + marker)
        let m = PyModule(body: [
            PyTree.s(.import([PyImportAlias(name: "subprocess", asName: nil, range: .empty)])),
            PyTree.s(.import([PyImportAlias(name: "os", asName: nil, range: .empty)])),
            PyTree.assign("a", PyTree.call(PyTree.attr(PyTree.call(PyTree.name("__import__"), [PyTree.str("os")]), "system"), [touch])),
            PyTree.assign("b", PyTree.call(PyTree.name("open"), [PyTree.str(marker), PyTree.str("w")])),
            PyTree.assign("c", PyTree.call(PyTree.name("exec"), [PyTree.str("open('\(marker)', 'w')")])),
            PyTree.assign("d", PyTree.call(PyTree.name("eval"), [PyTree.str("__import__('os').system('touch \(marker)')")])),
            PyTree.assign("e", PyTree.call(PyTree.attr(PyTree.name("subprocess"), "run"), [PyTree.e(.list([PyTree.str("touch"), PyTree.str(marker)]))])),
            PyTree.assign("f", PyTree.call(PyTree.call(PyTree.name("getattr"), [PyTree.name("__builtins__"), PyTree.str("open")]), [PyTree.str(marker), PyTree.str("w")])),
            PyTree.assign("g", PyTree.call(PyTree.attr(PyTree.name("os"), "system"), [touch])),
            PyTree.assign("h", PyTree.attr(PyTree.attr(PyTree.e(.tuple([])), "__class__"), "__bases__")),
            PyTree.assign("i", PyTree.sub(PyTree.attr(PyTree.name("os"), "environ"), PyTree.str("HOME"))),
            PyTree.s(.classDef(PyClassDef(name: "Meta", bases: [PyArgument(kind: .keyword("metaclass"), value: PyTree.name("type"), range: .empty)],
                                          body: [PyTree.s(.expression(PyTree.call(PyTree.name("open"), [PyTree.str(marker), PyTree.str("w")])))],
                                          decorators: [], headerRange: .empty))),
            PyTree.s(.functionDef(PyFunctionDef(name: "decorated", parameters: .none, body: [PyTree.s(.pass)],
                                                decorators: [PyTree.call(PyTree.name("exec"), [PyTree.str("open('\(marker)', 'w')")])],
                                                isAsync: false, headerRange: .empty))),
        ])
        let r = PyEvaluator.evaluate(m)
        #expect(!FileManager.default.fileExists(atPath: marker))
        for name in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "Meta", "decorated"] {
            guard case .dynamic? = PyTree.binding(r, name) else {
                Issue.record("\(name) is not dynamic: \(String(describing: PyTree.binding(r, name)))"); continue
            }
        }
        if case .dynamic(let reason)? = PyTree.binding(r, "i") { #expect(reason.reason == "os.environ is not read by the linter") }
        if case .dynamic(let reason)? = PyTree.binding(r, "b") { #expect(reason.reason.hasPrefix("open()")) }
    }

    @Test func deepRecursionEndsInTheBudget() {
        // def f(n): return f(n + 1); x = f(0)
        let body = [PyTree.s(.return(PyTree.call(PyTree.name("f"), [PyTree.e(.binary(.add, PyTree.name("n"), PyTree.int(1)))])))]
        let def = PyFunctionDef(name: "f", parameters: PyParameters(parameters: [PyParameter(name: "n", kind: .positionalOrKeyword, defaultValue: nil, range: .empty)]),
                                body: body, decorators: [], isAsync: false, headerRange: .empty)
        let m = PyModule(body: [PyTree.s(.functionDef(def)), PyTree.assign("x", PyTree.call(PyTree.name("f"), [PyTree.int(0)]))])
        let r = PyEvaluator.evaluate(m)
        #expect(r.stopped?.reason == "evaluation budget exceeded")
        if case .dynamic(let reason)? = PyTree.binding(r, "x") { #expect(reason.reason == "evaluation budget exceeded") } else { Issue.record("x not dynamic") }
    }

    @Test func deeplyNestedExpressionsDoNotOverflowTheStack() {
        var e = PyTree.int(1)
        for _ in 0..<5000 { e = PyTree.e(.unary(.minus, e)) }
        let r = PyEvaluator.evaluate(PyModule(body: [PyTree.assign("x", e), PyTree.assign("y", PyTree.int(2))]))
        if case .dynamic(let reason)? = PyTree.binding(r, "x") { #expect(reason.reason == "evaluation budget exceeded") } else { Issue.record("x not dynamic") }
    }
}

@Suite struct PyEvaluatorControlTreeTests {
    @Test func undecidableConditionMakesBranchTargetsDynamic() {
        let cond = PyTree.e(.compare(PyTree.name("task"), [(.equal, PyTree.str("train"))]))
        let m = PyModule(body: [
            PyTree.assign("task", PyTree.call(PyTree.attr(PyTree.name("config"), "value"), [PyTree.str("task"), PyTree.str("train")])),
            PyTree.assign("net", PyTree.dict([(PyTree.str("out"), PyTree.int(1))])),
            PyTree.s(.if(test: cond, body: [
                PyTree.assign("lr", PyTree.int(1)),
                PyTree.s(.assign(targets: [PyTree.sub(PyTree.name("net"), PyTree.str("x"))], value: PyTree.int(2))),
            ], orelse: [])),
            PyTree.assign("after", PyTree.int(3)),
        ])
        let r = PyEvaluator.evaluate(m)
        if case .dynamic(let reason)? = PyTree.binding(r, "task") {
            #expect(reason.reason == "config.value('task', 'train') is read from RETURNN's command line at run time")
        } else { Issue.record("task") }
        if case .dynamic(let reason)? = PyTree.binding(r, "lr") {
            #expect(reason.reason == "assigned under a condition the linter cannot decide")
        } else { Issue.record("lr") }
        if case .dict(let members, let partial)? = PyTree.binding(r, "net") {
            #expect(members.map(\.key) == ["out"])
            #expect(partial?.reason == "assigned under a condition the linter cannot decide")
        } else { Issue.record("net") }
        if case .int(3)? = PyTree.binding(r, "after") {} else { Issue.record("after") }
        #expect(r.stopped == nil)
    }

    @Test func helperFunctionBuildsTheNetworkInALoop() {
        // def add_layer(net, name, n_out): net[name] = {"class": "rec", "n_out": n_out}
        let p = { (n: String) in PyParameter(name: n, kind: .positionalOrKeyword, defaultValue: nil, range: .empty) }
        let body = [PyTree.s(.assign(targets: [PyTree.sub(PyTree.name("net"), PyTree.name("name"))],
                                     value: PyTree.dict([(PyTree.str("class"), PyTree.str("rec")), (PyTree.str("n_out"), PyTree.name("n_out"))])))]
        let def = PyFunctionDef(name: "add_layer", parameters: PyParameters(parameters: [p("net"), p("name"), p("n_out")]), body: body,
                                decorators: [], isAsync: false, headerRange: .empty)
        let layerName = PyTree.e(.binary(.modulo, PyTree.str("lstm%i"), PyTree.name("i")))
        let m = PyModule(body: [
            PyTree.assign("EncValueTotalDim", PyTree.int(1024)),
            PyTree.assign("LstmDim", PyTree.e(.binary(.floorDivide, PyTree.name("EncValueTotalDim"), PyTree.int(2)))),
            PyTree.assign("network", PyTree.dict([])),
            PyTree.s(.functionDef(def)),
            PyTree.s(.for(target: PyTree.name("i"), iterable: PyTree.call(PyTree.name("range"), [PyTree.int(6)]),
                          body: [PyTree.s(.expression(PyTree.call(PyTree.name("add_layer"), [PyTree.name("network"), layerName, PyTree.name("LstmDim")])))],
                          orelse: [])),
        ])
        let r = PyEvaluator.evaluate(m)
        guard case .dict(let members, let partial)? = PyTree.binding(r, "network") else { Issue.record("network"); return }
        #expect(partial == nil)
        #expect(members.map(\.key) == ["lstm0", "lstm1", "lstm2", "lstm3", "lstm4", "lstm5"])
        if case .dict(let layer, _) = members[5].node.value, case .int(let n) = layer[1].node.value { #expect(n == 512) } else { Issue.record("layer") }
        if case .function(let name)? = PyTree.binding(r, "add_layer") { #expect(name == "add_layer") } else { Issue.record("fn") }
    }
}
