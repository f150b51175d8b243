import Foundation
import Testing
@testable import ParamLint

/// Helpers shared by the Python front-end tests.
enum Py {
    static func parse(_ text: String, file: String = "returnn.config") -> ConfigDocument {
        PythonFrontEnd.parse(file: file, bytes: Array(text.utf8))
    }

    /// Line, column and offset of the n-th occurrence of `needle` (columns count Unicode scalars).
    static func position(of needle: String, in text: String, occurrence: Int = 1) -> SourcePosition? {
        let bytes = Array(text.utf8), pattern = Array(needle.utf8)
        var seen = 0
        var i = 0
        while i + pattern.count <= bytes.count {
            if bytes[i..<i + pattern.count].elementsEqual(pattern) {
                seen += 1
                if seen == occurrence { return LineIndex(bytes: bytes).position(ofOffset: i) }
            }
            i += 1
        }
        return nil
    }

    static func repoFile(_ relative: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func reason(_ node: ConfigNode?) -> String? {
        if case .dynamic(let r)? = node?.value { return r }
        return nil
    }
}

// MARK: - Realistic configs

@Suite struct PythonRealisticConfigTests {
    /// What i6_core's ReturnnConfig writes: prolog, sorted pprint assignments, `config = {}`,
    /// `locals().update(**config)`, epilog.
    static let i6 = """
    #!rnn.py

    import os
    import sys
    sys.setrecursionlimit(3000)


    def summary(name, x):
        \"\"\"
        :param str name:
        \"\"\"
        from returnn.tf.compat import v1 as tf
        tf.summary.scalar("%s_max_abs" % name, tf.reduce_max(tf.abs(x)))  # '#' in a string


    batch_size = 10000
    learning_rates = [0.0002, 0.00035, 0.0005]
    network = { 'output': { 'class': 'softmax',
                  'from': ['lstm1_fw', 'lstm1_bw'],
                  'loss': 'ce',
                  'n_out': 9001}}
    preload_from_files = { 'existing-model': { 'filename': '/work/models/epoch.200',
                          'init_for_trian': True,
                          'prefix': ''}}
    task = 'train'
    config = {}

    locals().update(**config)

    def custom_construction_algo(idx, net_dict):
        if idx == 3:
            return None
        return net_dict

    pretrain = {"repetitions": 1, "construction_algo": custom_construction_algo}

    """

    @Test func i6GeneratedConfigValuesAndPointers() throws {
        let doc = Py.parse(Self.i6)
        #expect(doc.syntaxError == nil)
        #expect(doc.format == .python)
        let root = try #require(doc.root)
        #expect(root.members?.map(\.key) == ["summary", "batch_size", "learning_rates", "network", "preload_from_files", "task",
                                             "custom_construction_algo", "pretrain"])
        #expect(doc["batch_size"]?.intValue == 10000)
        #expect(doc["task"]?.stringValue == "train")
        #expect(doc.node(at: JSONPointer(parsing: "/network/output/n_out")!)?.intValue == 9001)
        #expect(doc.node(at: JSONPointer(parsing: "/network/output/from/1")!)?.stringValue == "lstm1_bw")
        #expect(doc.node(at: JSONPointer(parsing: "/network/output/from/1")!)?.pointer.description == "/network/output/from/1")
        if case .double(let d)? = doc.node(at: JSONPointer(parsing: "/learning_rates/1")!)?.value { #expect(d == 0.00035) } else { Issue.record("not a double") }
        let entry = try #require(doc.node(at: JSONPointer(parsing: "/preload_from_files/existing-model")!))
        #expect(entry.members?.map(\.key) == ["filename", "init_for_trian", "prefix"])
        // Functions are bound as functions (not dynamic values): rules see them as unknown, dump says "function".
        #expect(doc.isFunction("summary") && doc.isFunction("custom_construction_algo"))
        #expect(Py.reason(doc["summary"]) == "the function 'summary'")
        #expect(Py.reason(doc.node(at: JSONPointer(parsing: "/pretrain/construction_algo")!)) == "the function 'custom_construction_algo'")
        #expect(doc.dynamicValues.isEmpty)
        #expect(doc.duplicateKeys.isEmpty)
    }

    @Test func typoedPreloadKeyHasItsExactPosition() throws {
        let doc = Py.parse(Self.i6)
        let entry = try #require(doc.node(at: JSONPointer(parsing: "/preload_from_files/existing-model")!))
        let member = try #require(entry.member("init_for_trian"))
        // Line 23 is `                      'init_for_trian': True,`: the key starts in column 23.
        #expect(member.keyRange.start == SourcePosition(line: 23, column: 23, offset: 568))
        #expect(member.keyRange.end == SourcePosition(line: 23, column: 39, offset: 584))
        #expect(member.node.range.start == SourcePosition(line: 23, column: 41, offset: 586))
        #expect(member.node.range.end == SourcePosition(line: 23, column: 45, offset: 590))
        #expect(member.node.boolValue == true)
        #expect(Py.position(of: "'init_for_trian'", in: Self.i6) == member.keyRange.start)
        // The top-level name's key range is the assigned name, the value range the literal.
        let preload = try #require(doc.root?.member("preload_from_files"))
        #expect(preload.keyRange.start == SourcePosition(line: 22, column: 1, offset: 465))
        #expect(preload.keyRange.end == SourcePosition(line: 22, column: 19, offset: 483))
        #expect(preload.node.range.start == SourcePosition(line: 22, column: 22, offset: 486))
        #expect(preload.node.range.end.line == 24)
        #expect(preload.node.range.end.column == 37)
    }

    @Test func exampleFilesParse() throws {
        let i6 = PythonFrontEnd.parse(file: "i6-generated.config", bytes: try Py.repoFile("examples/i6-generated.config"))
        #expect(i6.syntaxError == nil)
        #expect(ConfigDocument.detectFormat(file: "i6-generated.config", bytes: try Py.repoFile("examples/i6-generated.config")) == .python)
        let typo = try #require(i6.node(at: JSONPointer(parsing: "/preload_from_files/existing-model")!)?.member("init_for_trian"))
        #expect(typo.keyRange.start.line == 109)
        #expect(typo.keyRange.start.column == 23)
        #expect(i6["network"]?.members?.count == 6)
        #expect(i6.node(at: JSONPointer(parsing: "/extern_data/data/shape/0")!)?.isNull == true)
        #expect(i6["config"] == nil)
        #expect(i6.isFunction("transform"))

        let hand = PythonFrontEnd.parse(file: "handwritten.py", bytes: try Py.repoFile("examples/handwritten.py"))
        #expect(hand.syntaxError == nil)
        #expect(hand["task"]?.stringValue == "train")  // the __main__ block never runs under RETURNN
        #expect(hand.node(at: JSONPointer(parsing: "/preload_from_files/lm/init_for_train")!)?.stringValue == "False")
        #expect(hand.node(at: JSONPointer(parsing: "/preload_from_files/pretrained/init_for_train")!)?.boolValue == true)
        // `_pretrained` is a string bound earlier: a bare name resolves to it.
        #expect(hand.node(at: JSONPointer(parsing: "/preload_from_files/pretrained/filename")!)?.stringValue
                == "/work/asr/librispeech/conformer-ctc/models/epoch.400")
        #expect(hand["import_model_train_epoch1"]?.stringValue == "/work/asr/librispeech/conformer-ctc/models/epoch.400")
        // The evaluator runs the patch `network["output"]["n_out"] = ... if False else 10025`.
        #expect(hand.node(at: JSONPointer(parsing: "/network/output/n_out")!)?.intValue == 10025)
        #expect(hand.partial(at: JSONPointer(parsing: "/network")!) == nil)
        // `if os.environ.get(...)` cannot be decided.
        #expect(Py.reason(hand["num_epochs"]) == "assigned under a condition the linter cannot decide")
        #expect(hand.node(at: JSONPointer(parsing: "/learning_rates")!)?.elements?.count == 20)
        #expect(hand.node(at: JSONPointer(parsing: "/dev/partition_epoch")!)?.intValue == 1)
        #expect(hand.node(at: JSONPointer(parsing: "/train/seq_ordering")!)?.stringValue == "laplace:.1000")
        #expect(hand["log_verbosity"]?.intValue == 4)
        #expect(hand["vocab_dim"]?.isDynamic == true)
        #expect(hand["_Helper"]?.isDynamic == true)
        #expect(hand.node(at: JSONPointer(parsing: "/network/conv0/filter_size/1")!)?.intValue == 3)
    }

    @Test func i6JsonLoadsVariantMergesIntoTopLevel() throws {
        // ReturnnConfig writes non-pprint-readable values through json.dumps(...).replace('"', '\\"').
        let text = #"""
        #!rnn.py
        batch_size = 5000
        import json
        config = json.loads("{\"network\": {\"output\": {\"class\": \"softmax\", \"n_out\": 10}}, \"batch_size\": 7}")

        locals().update(**config)
        task = "train"

        """#
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil)
        #expect(doc.root?.members?.map(\.key) == ["batch_size", "network", "task"])
        #expect(doc["batch_size"]?.intValue == 7)  // the update overrides the earlier assignment
        #expect(doc["config"] == nil)
        let nOut = try #require(doc.node(at: JSONPointer(parsing: "/network/output/n_out")!))
        #expect(nOut.intValue == 10)
        #expect(nOut.pointer.description == "/network/output/n_out")
        // Positions inside the embedded JSON map back into the string literal.
        let key = try #require(doc.node(at: JSONPointer(parsing: "/network/output")!)?.member("n_out"))
        #expect(key.keyRange.start == Py.position(of: #"\"n_out\""#, in: text))
        #expect(nOut.range.start == Py.position(of: "10}}", in: text))
        #expect(nOut.range.end.offset == nOut.range.start.offset + 2)
        #expect(doc.root?.member("network")?.keyRange.start == Py.position(of: #"\"network\""#, in: text))
    }
}

// MARK: - Literal forms

@Suite struct PythonLiteralTests {
    @Test func strings() throws {
        let text = #"""
        a = 'single'
        b = "double"
        c = '''triple
        quoted'''
        d = """triple "double" """
        e = r'raw\n\d'
        f = b'bytes\x41'
        g = u'unicode \u00e9 \N{DASH}'
        h = f'no placeholder {{x}}'
        i = f'{name}!'
        j = ('implicit '
             "concatenation "
             'across lines')
        k = 'esc\'aped\\ \t\x41\101 \U0001F600'
        l = Rb'\x00'
        m = 'a' \
            'b'
        n = 'caf\u00e9 ü'
        """#
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil)
        #expect(doc["a"]?.stringValue == "single")
        #expect(doc["b"]?.stringValue == "double")
        #expect(doc["c"]?.stringValue == "triple\nquoted")
        #expect(doc["d"]?.stringValue == #"triple "double" "#)
        #expect(doc["e"]?.stringValue == #"raw\n\d"#)
        #expect(Py.reason(doc["f"]) == "bytes, which a JSON config value cannot be")
        #expect(doc["g"]?.stringValue == #"unicode é \N{DASH}"#)
        #expect(doc["h"]?.stringValue == "no placeholder {x}")
        #expect(Py.reason(doc["i"]) == "'name' is not defined in the config")
        #expect(doc["j"]?.stringValue == "implicit concatenation across lines")
        // Inside the parentheses, as Python's own syntax tree has it.
        #expect(doc["j"]?.range.start == SourcePosition(line: 11, column: 6, offset: 188))
        #expect(doc["j"]?.range.end.line == 13)
        #expect(doc["k"]?.stringValue == "esc'aped\\ \tAA 😀")
        #expect(doc["l"]?.isDynamic == true)
        #expect(doc["m"]?.stringValue == "ab")
        #expect(doc["n"]?.stringValue == "café ü")
    }

    @Test func numbersAndConstants() {
        let doc = Py.parse("""
        a = 1_000_000
        b = 0x1F
        c = 0o17
        d = 0b101
        e = 1.5e-3
        f = .5
        g = 5.
        h = -3
        i = -2.5
        j = +4
        k = True
        l = False
        m = None
        n = 1e10
        o = 3j
        p = 123456789012345678901234567890
        q = - - 1
        """)
        #expect(doc.syntaxError == nil)
        #expect(doc["a"]?.intValue == 1_000_000)
        #expect(doc["b"]?.intValue == 31)
        #expect(doc["c"]?.intValue == 15)
        #expect(doc["d"]?.intValue == 5)
        if case .double(let v)? = doc["e"]?.value { #expect(v == 0.0015) } else { Issue.record("e") }
        if case .double(let v)? = doc["f"]?.value { #expect(v == 0.5) } else { Issue.record("f") }
        if case .double(let v)? = doc["g"]?.value { #expect(v == 5) } else { Issue.record("g") }
        #expect(doc["h"]?.intValue == -3)
        #expect(doc["h"]?.range.start.column == 5)
        if case .double(let v)? = doc["i"]?.value { #expect(v == -2.5) } else { Issue.record("i") }
        #expect(doc["j"]?.intValue == 4)
        #expect(doc["k"]?.boolValue == true)
        #expect(doc["l"]?.boolValue == false)
        #expect(doc["m"]?.isNull == true)
        if case .double(let v)? = doc["n"]?.value { #expect(v == 1e10) } else { Issue.record("n") }
        #expect(doc["o"]?.isDynamic == true)
        #expect(doc["p"]?.isDynamic == true)
        #expect(doc["q"]?.intValue == 1)
    }

    @Test func containers() throws {
        let text = """
        d = {'a': 1, "b": [1, 2, (3, 4)], 'c': {}, 'e': [], 'f': (), 'g': (5,), 'h': (6), }
        keys = {1: 'one', 2.5: 'x', True: 't', None: 'n', -1: 'm'}
        """
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil)
        #expect(doc.node(at: JSONPointer(parsing: "/d/b/2/1")!)?.intValue == 4)
        #expect(doc.node(at: JSONPointer(parsing: "/d/b/2")!)?.pythonTypeName == "list")
        #expect(doc.node(at: JSONPointer(parsing: "/d/c")!)?.members?.isEmpty == true)
        #expect(doc.node(at: JSONPointer(parsing: "/d/e")!)?.elements?.isEmpty == true)
        #expect(doc.node(at: JSONPointer(parsing: "/d/f")!)?.elements?.isEmpty == true)
        #expect(doc.node(at: JSONPointer(parsing: "/d/g")!)?.elements?.count == 1)
        let h = try #require(doc.node(at: JSONPointer(parsing: "/d/h")!))
        #expect(h.intValue == 6)
        #expect(h.pointer.description == "/d/h")
        // JSON cannot hold non-string keys: the value is dynamic, never silently stringified.
        #expect(doc["keys"]?.isDynamic == true)
        let b = try #require(doc["d"]?.member("b"))
        #expect(b.keyRange.start == SourcePosition(line: 1, column: 14, offset: 13))
        #expect(b.node.range.start == SourcePosition(line: 1, column: 19, offset: 18))
        #expect(b.node.range.end == SourcePosition(line: 1, column: 33, offset: 32))
    }

    @Test func duplicateKeysInOneDictLiteral() throws {
        let text = """
        network = {
            "output": {"class": "softmax", "n_out": 10, "n_out": 12},
            "output": {"class": "softmax"},
        }
        network = {"a": 1}
        preload = {"x": {"k": 1, "k": 2}}
        """
        let doc = Py.parse(text)
        // The first `network` is overridden by the second assignment: its duplicates go with it.
        #expect(doc.duplicateKeys.count == 1)
        let d = try #require(doc.duplicateKeys.first)
        #expect(d.objectPointer.description == "/preload/x")
        #expect(d.key == "k")
        #expect(d.firstKeyRange.start == SourcePosition(line: 6, column: 18, offset: 148))
        #expect(d.laterKeyRange.start == SourcePosition(line: 6, column: 26, offset: 156))
        #expect(doc.node(at: JSONPointer(parsing: "/preload/x/k")!)?.intValue == 2)

        let once = Py.parse("""
        network = {
            "output": {"class": "softmax", "n_out": 10, "n_out": 12},
            "output": {"class": "softmax"},
        }
        """)
        #expect(once.duplicateKeys.map(\.objectPointer.description) == ["/network/output", "/network"])
        #expect(once.node(at: JSONPointer(parsing: "/network/output")!)?.members?.count == 1)
    }

    @Test func unicodeColumnsCountScalars() throws {
        let text = "name = {'übung': 'é', 'k': 1}\n"
        let doc = Py.parse(text)
        let k = try #require(doc["name"]?.member("k"))
        #expect(k.keyRange.start == SourcePosition(line: 1, column: 23, offset: 24))
        #expect(doc["name"]?.member("übung")?.node.stringValue == "é")
    }
}

// MARK: - Assignments and the top-level namespace

@Suite struct PythonAssignmentTests {
    @Test func laterAssignmentOverridesWithoutDuplicateFinding() throws {
        let doc = Py.parse("""
        task = "train"
        batch_size = 100
        task = "search"
        """)
        #expect(doc.root?.members?.map(\.key) == ["task", "batch_size"])
        #expect(doc["task"]?.stringValue == "search")
        #expect(doc.root?.member("task")?.keyRange.start.line == 3)
        #expect(doc.duplicateKeys.isEmpty)
    }

    @Test func augmentedAndSubscriptAssignmentsAreEvaluated() throws {
        let text = """
        num_epochs = 10
        num_epochs += 5
        network = {"output": {"n_out": 5}}
        network["output"]["n_out"] = 10
        opts = {"a": 1}
        opts.update({"b": 2})
        lst = [1]
        lst.append(2)
        x = 1
        x.real = 2
        """
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil)
        #expect(doc["num_epochs"]?.intValue == 15)
        // A computed value points at the statement that computed it.
        #expect(doc["num_epochs"]?.range.start.line == 2)
        #expect(doc.root?.member("num_epochs")?.keyRange.start.line == 2)
        #expect(doc.node(at: JSONPointer(parsing: "/network/output/n_out")!)?.intValue == 10)
        #expect(doc.node(at: JSONPointer(parsing: "/network/output/n_out")!)?.range.start.line == 4)
        #expect(doc.partial(at: JSONPointer(parsing: "/network")!) == nil)
        #expect(doc["opts"]?.members?.map(\.key) == ["a", "b"])
        #expect(doc["lst"]?.elements?.map(\.intValue) == [1, 2])
        #expect(doc.dynamicValues.isEmpty)
        #expect(doc.partialValues.isEmpty)
    }

    @Test func multipleTargetsAndUnpacking() throws {
        let doc = Py.parse("""
        a = b = {"k": [1, 2]}
        c, d = 1, "two"
        e, f = g()
        h = 1, 2
        (i) = 3
        j: int = 4
        k: str
        """)
        #expect(doc.syntaxError == nil)
        #expect(doc.node(at: JSONPointer(parsing: "/b/k/1")!)?.intValue == 2)
        #expect(doc.node(at: JSONPointer(parsing: "/b/k/1")!)?.pointer.description == "/b/k/1")
        #expect(doc.node(at: JSONPointer(parsing: "/a/k/1")!)?.pointer.description == "/a/k/1")
        #expect(doc["c"]?.intValue == 1)
        #expect(doc["c"]?.pointer.description == "/c")
        #expect(doc["d"]?.stringValue == "two")
        #expect(Py.reason(doc["e"]) == "call to an unknown function 'g'")
        #expect(doc["f"]?.isDynamic == true)
        #expect(doc.node(at: JSONPointer(parsing: "/h/1")!)?.intValue == 2)
        #expect(doc["i"]?.intValue == 3)
        #expect(doc["j"]?.intValue == 4)
        #expect(doc["k"] == nil)
    }

    @Test func delRemovesAName() {
        let doc = Py.parse("""
        a = 1
        b = {"x": 1}
        del a
        del b["x"]
        """)
        #expect(doc["a"] == nil)
        #expect(doc["b"]?.members?.isEmpty == true)
    }

    @Test func namesBoundToLiteralsResolve() {
        let doc = Py.parse("""
        _model_dir = "/models"
        model = _model_dir
        other = unknown_name
        path = _model_dir + "/epoch"
        """)
        #expect(doc["model"]?.stringValue == "/models")
        // The value keeps where it was written: a fix edits the literal.
        #expect(doc["model"]?.range.start.column == 14)
        #expect(Py.reason(doc["other"]) == "'unknown_name' is not defined in the config")
        #expect(doc["path"]?.stringValue == "/models/epoch")
    }
}

// MARK: - Skipped statements and dynamic values

@Suite struct PythonSkipTests {
    @Test func everyStatementFormIsSkipped() throws {
        let text = #"""
        #!rnn.py
        # comment with 'quote and = sign
        from __future__ import annotations
        import os, sys as system
        from returnn.tf.util.data import (Dim,
            batch_dim)
        from . import helpers

        @decorator(arg={"x": 1})
        @other
        def get_network(epoch, **kwargs) -> dict:
            """Docstring with # and 'quotes'."""
            x = {"a": 1}
            if epoch > 1:
                x["b"] = 2
            return x

        class Foo(object):
            bar = 1  # class attribute, not top level

            def method(self):
                pass

        async def coro():
            await something()

        if __name__ == "__main__":
            task = "never"

        try:
            import tensorflow as tf
        except ImportError:
            tf = None
        finally:
            pass

        for i in range(3):
            loop_var = i

        while False:
            pass

        with open("x") as fh:
            content = fh.read()

        x = 1; y = 2; import re
        if True: z = 3
        else: z = 4
        print("hello"); print(f"{x!r:>10} {y}")
        long = \
            "continued"
        lam = lambda a, b=2: (a, b)
        comp = {k: v for k, v in []}
        gen = (i for i in range(3))
        setlit = {1, 2}
        cond = 1 if x else 2
        attr = os.path.sep
        call = get_network(epoch=1)
        sub = [1, 2][0]
        ops = 2 ** 10
        star = [*range(3)]
        merged = {**{"a": 1}, "b": 2}
        walrus = (n := 10)
        ell = ...
        match x:
            case 1:
                matched = True
            case _:
                pass
        last = "end"
        """#
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil, "\(String(describing: doc.syntaxError))")
        let keys = doc.root?.members?.map(\.key) ?? []
        // Modules (`tf`) are not options; loop targets and the walrus bind as in Python.
        #expect(keys == ["get_network", "Foo", "coro", "i", "loop_var", "fh", "content", "x", "y", "z", "long", "lam", "comp",
                         "gen", "setlit", "cond", "attr", "call", "sub", "ops", "star", "merged", "n", "walrus", "ell",
                         "matched", "last"])
        #expect(doc["task"] == nil)  // only under __main__
        #expect(doc["bar"] == nil)
        #expect(doc["tf"] == nil)
        #expect(doc["i"]?.intValue == 2)
        #expect(doc["loop_var"]?.intValue == 2)
        #expect(Py.reason(doc["get_network"]) == "a decorated function")
        #expect(doc.root?.member("get_network")?.keyRange.start.line == 11)  // the def header
        #expect(Py.reason(doc["Foo"]) == "a class")
        #expect(Py.reason(doc["content"]) == "assigned inside a 'with' block the linter does not run")
        #expect(doc["x"]?.intValue == 1)
        #expect(doc["y"]?.intValue == 2)
        #expect(doc["z"]?.intValue == 3)
        #expect(doc["long"]?.stringValue == "continued")
        #expect(doc.isFunction("lam"))
        #expect(doc["comp"]?.members?.isEmpty == true)
        #expect(Py.reason(doc["setlit"]) == "a set, which a JSON config value cannot be")
        #expect(doc["cond"]?.intValue == 1)
        #expect(doc["attr"]?.stringValue == "/")
        #expect(Py.reason(doc["call"]) == "call to an unknown function 'get_network'")
        #expect(doc["sub"]?.intValue == 1)
        #expect(doc["ops"]?.intValue == 1024)
        #expect(doc["star"]?.elements?.map(\.intValue) == [0, 1, 2])
        #expect(doc["merged"]?.members?.map(\.key) == ["a", "b"])
        #expect(doc["walrus"]?.intValue == 10)
        // The patterns of a match are not evaluated: what a case assigns is dynamic.
        #expect(Py.reason(doc["matched"]) == "assigned under a condition the linter cannot decide")
        #expect(doc["last"]?.stringValue == "end")
    }

    @Test func dynamicValuesInsideLiteralsKeepTheRest() throws {
        let text = """
        network = {
            "output": {"class": "softmax", "n_out": get_dim(), "from": ["enc" + "oder"], "loss": "ce"},
            "lm": {"class": "eval", "eval": lambda source, **kw: source(0) * 2, "from": "output"},
            key_var: {"class": "copy"},
        }
        preload_from_files = {
            "base": {"filename": os.path.join(root, "epoch.100"), "init_for_train": True},
        }
        """
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil)
        // A key the linter cannot know may replace any entry: the network is partial.
        #expect(doc.partial(at: JSONPointer(parsing: "/network")!)?.reason == "'key_var' is not defined in the config")
        let base = try #require(doc.node(at: JSONPointer(parsing: "/preload_from_files/base")!))
        #expect(base.member("init_for_train")?.node.boolValue == true)
        #expect(Py.reason(base["filename"]) == "call to an unknown function 'os.path.join'")  // `os` is not imported
        #expect(base["filename"]?.range.start == SourcePosition(line: 7, column: 26, offset: 281))
        #expect(doc.dynamicValues.map(\.pointer.description) == ["/network/output/n_out", "/preload_from_files/base/filename"])

        let inner = Py.parse("""
        network = {
            "output": {"class": "softmax", "n_out": get_dim(), "from": ["enc" + "oder"], "loss": "ce"},
            "lm": {"class": "eval", "eval": lambda source, **kw: source(0) * 2, "from": "output"},
        }
        """)
        #expect(inner.node(at: JSONPointer(parsing: "/network/output/loss")!)?.stringValue == "ce")
        #expect(Py.reason(inner.node(at: JSONPointer(parsing: "/network/output/n_out")!)) == "call to an unknown function 'get_dim'")
        #expect(inner.node(at: JSONPointer(parsing: "/network/output/from/0")!)?.stringValue == "encoder")
        #expect(Py.reason(inner.node(at: JSONPointer(parsing: "/network/lm/eval")!)) == "a lambda")
        #expect(inner.node(at: JSONPointer(parsing: "/network/lm/from")!)?.stringValue == "output")
        #expect(inner.dynamicValues.map(\.pointer.description) == ["/network/output/n_out"])
    }

    @Test func windowsLineEndingsAndTabs() throws {
        let doc = Py.parse("a = 1\r\nif x:\r\n\tb = 2\r\nc = {'k': 'v'}\r\n")
        #expect(doc.syntaxError == nil)
        #expect(doc["a"]?.intValue == 1)
        #expect(doc["b"]?.isDynamic == true)
        #expect(doc["c"]?.member("k")?.keyRange.start == SourcePosition(line: 4, column: 6, offset: 27))
    }
}

// MARK: - json.loads and locals().update

@Suite struct PythonI6PatternTests {
    @Test func jsonLoadsWithTripleQuotesAndEscapes() throws {
        let text = #"""
        import json
        config = json.loads('''
        {"preload_from_files": {"base": {"filename": "/m/epoch.1", "init_for_trian": true}},
         "dup": {"a": 1, "a": 2}, "s": "tab\\there"}
        ''')
        locals().update(config)

        """#
        let doc = Py.parse(text)
        #expect(doc.syntaxError == nil)
        let typo = try #require(doc.node(at: JSONPointer(parsing: "/preload_from_files/base")!)?.member("init_for_trian"))
        #expect(typo.keyRange.start == SourcePosition(line: 3, column: 60, offset: 95))
        #expect(typo.keyRange.start == Py.position(of: #""init_for_trian""#, in: text))
        #expect(typo.node.boolValue == true)
        #expect(doc["s"]?.stringValue == "tab\there")
        #expect(doc.duplicateKeys.count == 1)
        #expect(doc.duplicateKeys.first?.objectPointer.description == "/dup")
        #expect(doc.duplicateKeys.first?.laterKeyRange.start.line == 4)
    }

    @Test func jsonLoadsThatFailsOrIsNotLiteral() {
        let doc = Py.parse("""
        import json
        a = json.loads("{not json}")
        b = json.loads(text)
        c = json.loads("[1, 2]")
        d = json.loads(f"{x}")
        """)
        #expect(doc.syntaxError == nil)
        #expect(Py.reason(doc["a"])?.hasPrefix("json.loads of text that is not JSON") == true)
        #expect(Py.reason(doc["b"]) == "'text' is not defined in the config")
        #expect(doc.node(at: JSONPointer(parsing: "/c/1")!)?.intValue == 2)
        #expect(doc["d"]?.isDynamic == true)
    }

    @Test func localsUpdateForms() throws {
        let doc = Py.parse("""
        task = "search"
        config = {"task": "train", "batch_size": 5, "nested": {"x": 1, "x": 2}}
        locals().update(**config)
        batch_size = 6
        globals().update({"extra": True})
        locals().update(**unknown)
        """)
        #expect(doc.syntaxError == nil)
        // `config` itself is not an option: its keys are.
        #expect(doc.root?.members?.map(\.key) == ["task", "batch_size", "nested", "extra"])
        #expect(doc.root?.member("task")?.keyRange.start == SourcePosition(line: 2, column: 11, offset: 26))
        #expect(doc.duplicateKeys.map(\.objectPointer.description) == ["/nested"])
        // The last update, of something unknown, may replace every name and bind any other.
        #expect(Py.reason(doc["task"])?.hasPrefix("locals().update(...) of a value the linter does not know") == true)
        #expect(doc["batch_size"]?.isDynamic == true)
        #expect(doc["extra"]?.isDynamic == true)
        #expect(doc.incomplete?.reason.contains("'unknown' is not defined") == true)
    }

    @Test func localsUpdateBeforeLaterAssignments() throws {
        let doc = Py.parse("""
        task = "search"
        config = {"task": "train", "batch_size": 5}
        locals().update(**config)
        batch_size = 6
        globals().update({"extra": True})
        globals()["model"] = "/m/net"
        """)
        #expect(doc.root?.members?.map(\.key) == ["task", "batch_size", "extra", "model"])
        #expect(doc["task"]?.stringValue == "train")
        #expect(doc["batch_size"]?.intValue == 6)
        #expect(doc["extra"]?.boolValue == true)
        #expect(doc["model"]?.stringValue == "/m/net")
        #expect(doc.incomplete == nil)
    }

    @Test func localsUpdateOfADynamicDict() {
        let doc = Py.parse("""
        config = get_config()
        locals().update(**config)
        """)
        #expect(doc.syntaxError == nil)
        #expect(doc.incomplete?.reason.contains("call to an unknown function 'get_config'") == true)
    }
}

// MARK: - Syntax errors

@Suite struct PythonSyntaxErrorTests {
    static let cases: [(String, String, Int, Int)] = [
        ("a = 'unterminated\nb = 1\n", "unterminated string literal (detected at line 1)", 1, 5),
        ("a = 1\nb = '''never\nclosed\n", "unterminated triple-quoted string literal (detected at line 3)", 2, 5),
        ("network = {\n  'a': [1, 2,\n}\n", "closing parenthesis '}' does not match opening parenthesis '[' on line 2", 3, 1),
        ("network = {\n  'a': [1, 2],\n", "'{' was never closed", 1, 11),
        ("x = (1, 2))\n", "unmatched ')'", 1, 11),
        ("if x:\n    a = 1\n  b = 2\n", "unindent does not match any outer indentation level", 3, 3),
        ("a = 1\n    b = 2\n", "unexpected indent", 2, 5),
        ("def f():\nreturn 1\n", "expected an indented block after function definition on line 1", 2, 1),
        ("if x:\n\ny = 1\n", "expected an indented block after 'if' statement on line 1", 3, 1),
        ("a = \n", "invalid syntax", 1, 5),
        ("a = 1 2\n", "invalid syntax", 1, 7),
        ("d = {'a' 1}\n", "invalid syntax. Perhaps you forgot a comma?", 1, 6),
        ("d = {'a': 1, 'b'}\n", "':' expected after dictionary key", 1, 16),
        ("d = {'a': 1 'b': 2}\n", "invalid syntax. Perhaps you forgot a comma?", 1, 11),
        ("= 1\n", "invalid syntax", 1, 1),
        ("x = 007\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5),
        ("x = 1abc\n", "invalid decimal literal", 1, 5),
        ("x = 0o8\n", "invalid digit '8' in octal literal", 1, 7),
        ("x = 0xg\n", "invalid hexadecimal literal", 1, 5),
        ("x = 1 $ 2\n", "invalid character '$' (U+0024)", 1, 7),
        ("x = 1 \\ 2\n", "unexpected character after line continuation character", 1, 8),
        ("print 'hello'\n", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1),
        ("import os.\n", "invalid syntax", 1, 11),
        ("from x import\n", "invalid syntax", 1, 14),
        ("def f():\n    x = 1 +\n", "invalid syntax", 2, 12),
        ("def f():\n    if x\n        pass\n", "expected ':'", 2, 9),
        ("1 = x\n", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1),
        ("x = b'a' 'b'\n", "cannot mix bytes and nonbytes literals", 1, 10),
        // A tokenizer error later in the file wins over an earlier parser error, as in CPython.
        ("a = 1 2\nb = 'open\n", "unterminated string literal (detected at line 2)", 2, 5),
    ]

    @Test(arguments: 0..<cases.count) func reportsPythonsErrorAtItsPosition(_ index: Int) throws {
        let (source, message, line, column) = Self.cases[index]
        let doc = Py.parse(source)
        let error = try #require(doc.syntaxError, "no error for \(source.debugDescription)")
        #expect(error.message == message, "\(source.debugDescription)")
        #expect(error.position.line == line, "\(source.debugDescription)")
        #expect(error.position.column == column, "\(source.debugDescription)")
        #expect(doc.root == nil)
    }

    @Test func errorOffsetIsBytes() throws {
        let doc = Py.parse("name = 'é'\nx = 'ü\n")
        let error = try #require(doc.syntaxError)
        #expect(error.position == SourcePosition(line: 2, column: 5, offset: 16))
    }

    @Test func validTrickyCodeIsNoError() {
        let sources = [
            "x = [\n  1,\n    2,\n]\n",
            "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
            "def f(a, /, b, *, c=1, **kw): return a\n",
            "from x import *\n",
            "x = 1if y else 2\n",
            "s = f'{a[\"k\"]}' + f\"{b!r:>{w}}\"\n",
            "x = a[1:2, ::3]\n",
            "lambda: (yield)\n",
            "@dec\nclass A: pass\n",
            "x = not a in b is not c\n",
            "\n\n   \n# only comments\n",
            "",
            "\u{FEFF}x = 1\n",
            "x = 1  # trailing comment without newline",
            "class A:\n    def f(self):\n        return {\n    'weird': 'indent inside brackets'}\n",
            "match command:\n    case [x, y]:\n        pass\n    case {'k': v}:\n        pass\n",
            "type Alias = int\n",
            "x: 'Annotated' = 1\n",
            "print(*args, sep='')\n",
            "t = 1,\n",
        ]
        for source in sources {
            let doc = Py.parse(source)
            #expect(doc.syntaxError == nil, "\(source.debugDescription): \(String(describing: doc.syntaxError))")
            #expect(doc.root != nil)
        }
    }
}

// MARK: - Line-based detection

@Suite struct PythonDetectionTests {
    @Test func looksLikePython() {
        let yes = [
            "task = \"train\"\n",
            "# comment\nimport os\n",
            "from returnn.tf.util.data import Dim\n",
            "def get_network(epoch):\n    return {}\n",
            "class Foo:\n    pass\n",
            "network[\"output\"] = {}\n",
            "num_epochs += 1\n",
            "@decorator\n",
            "batch_size=5000\n",
        ]
        for text in yes { #expect(PythonFrontEnd.looksLikePython(bytes: Array(text.utf8)), "\(text.debugDescription)") }
        let no = [
            "task train\nbatch_size 5000\n",
            "learning_rates 0.1,0.2\n",
            "log_verbosity 5\n# a = b in a comment\n",
            "x == 1\n",
            "",
            "   indented = 1\n",
            "import\n",
        ]
        for text in no { #expect(!PythonFrontEnd.looksLikePython(bytes: Array(text.utf8)), "\(text.debugDescription)") }
    }

    @Test func formatDetectionGoesToThePythonFrontEnd() {
        let doc = ConfigDocument.parse(file: "returnn.config", bytes: Array("#!rnn.py\ntask = 'train'\n".utf8))
        #expect(doc.format == .python)
        #expect(doc["task"]?.stringValue == "train")
        let byName = ConfigDocument.parse(file: "setup.py", bytes: Array("task = 'train'\n".utf8))
        #expect(byName["task"]?.stringValue == "train")
    }
}
