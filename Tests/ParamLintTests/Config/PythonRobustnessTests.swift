import Foundation
import Testing
@testable import ParamLint

@Suite struct PythonRobustnessTests {
    static func corpus() throws -> [[UInt8]] {
        [
            try Py.repoFile("examples/i6-generated.config"),
            try Py.repoFile("examples/handwritten.py"),
            Array(PythonRealisticConfigTests.i6.utf8),
            Array(#"""
            #!rnn.py
            import json
            config = json.loads("{\"network\": {\"out\": {\"class\": \"softmax\", \"from\": [\"a\", \"b\"]}}, \"x\": 1.5}")
            locals().update(**config)
            if True: y = f"{x!r}" ; z = (1,
              2)
            """#.utf8),
        ]
    }

    static let fragments: [String] = [
        "(", ")", "[", "]", "{", "}", "\"", "'", "\"\"\"", "'''", ":", ",", "=", "\n", "    ", "\t", "#", "\\", "\\\n",
        "if x:\n", "def f():\n", "lambda", "-", "0", "07", "0x", "1e", "f\"{", "r'", "b'", ".", ";", "@", "**", "*", "\u{FEFF}",
        "é", "\r\n", "json.loads(\"", "locals().update(**", "\0", ":=", "...", "async ", "match x:\n", "else:", "\"\"\"\n",
    ]

    /// Checks what must hold for any input: ranges inside the file and ordered, pointers that lead back to their node.
    static func checkInvariants(_ doc: ConfigDocument, size: Int) {
        if doc.syntaxError != nil {
            #expect(doc.root == nil)
            if let e = doc.syntaxError { #expect(e.position.offset >= 0 && e.position.offset <= size) }
            return
        }
        guard let root = doc.root else {
            Issue.record("no root and no error")
            return
        }
        func walk(_ node: ConfigNode) {
            #expect(node.range.start.offset <= node.range.end.offset)
            #expect(node.range.end.offset <= size)
            switch node.value {
            case .object(let members):
                for m in members {
                    #expect(m.node.pointer == node.pointer.appending(m.key))
                    #expect(m.keyRange.end.offset <= size)
                    walk(m.node)
                }
            case .array(let elements):
                for (k, e) in elements.enumerated() {
                    #expect(e.pointer == node.pointer.appending(k))
                    walk(e)
                }
            default:
                break
            }
        }
        walk(root)
        for note in doc.dynamicValues where note.pointer != .root {
            #expect(doc.node(at: note.pointer)?.isDynamic == true)
        }
    }

    @Test(.timeLimit(.minutes(2))) func mutationsAndTruncationsNeverCrashOrHang() throws {
        var rng = SplitMix64(seed: 0x5EED)
        var parsed = 0
        var errors = 0
        for source in try Self.corpus() {
            // Truncations at 60 evenly spread points, plus right after every line break of the first lines.
            for k in 0..<60 {
                let cut = Array(source.prefix(source.count * k / 60))
                let doc = PythonFrontEnd.parse(file: "t.py", bytes: cut)
                Self.checkInvariants(doc, size: cut.count)
                parsed += 1
                if doc.syntaxError != nil { errors += 1 }
            }
            for _ in 0..<150 {
                var bytes = source
                let edits = 1 + rng.below(3)
                for _ in 0..<edits {
                    let at = rng.below(bytes.count + 1)
                    switch rng.below(5) {
                    case 0:
                        bytes.insert(contentsOf: Array(Self.fragments[rng.below(Self.fragments.count)].utf8), at: at)
                    case 1:
                        let length = min(1 + rng.below(8), bytes.count - at)
                        if length > 0 { bytes.removeSubrange(at..<at + length) }
                    case 2:
                        if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }  // may break UTF-8
                    case 3:
                        // Re-indent the line holding `at`.
                        var start = min(at, bytes.count)
                        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
                        bytes.insert(contentsOf: Array(repeating: 0x20, count: 1 + rng.below(4)), at: start)
                    default:
                        let from = rng.below(bytes.count)
                        let length = min(rng.below(40), bytes.count - from)
                        bytes.insert(contentsOf: Array(bytes[from..<from + length]), at: min(at, bytes.count))
                    }
                }
                let doc = PythonFrontEnd.parse(file: "m.py", bytes: bytes)
                Self.checkInvariants(doc, size: bytes.count)
                parsed += 1
                if doc.syntaxError != nil { errors += 1 }
            }
        }
        #expect(parsed == 4 * 210)
        #expect(errors > 0)
        #expect(errors < parsed)
    }

    @Test(.timeLimit(.minutes(1))) func pathologicalInputs() {
        let inputs: [String] = [
            String(repeating: "(", count: 10_000),
            String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
            "x = " + String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000),
            String(repeating: "    ", count: 1_000) + "x = 1",
            String(repeating: "if x:\n", count: 1) + (1...300).map { String(repeating: " ", count: $0) + "if x:\n" }.joined() + String(repeating: " ", count: 301) + "pass\n",
            String(repeating: "\\\n", count: 1_000),
            String(repeating: "'", count: 1_001),
            String(repeating: "\"\"\"", count: 333),
            String(repeating: "#", count: 10_000),
            String(repeating: "x = 1;", count: 2_000),
            String(repeating: "@", count: 100),
            "x = " + String(repeating: "-", count: 5_000) + "1",
            "x = f'" + String(repeating: "{", count: 500),
            String(repeating: "\n", count: 10_000),
            "\u{FEFF}",
        ]
        for text in inputs {
            let doc = Py.parse(text)
            PythonRobustnessTests.checkInvariants(doc, size: text.utf8.count)
        }
        #expect(Py.parse("x = " + String(repeating: "-", count: 5_000) + "1")["x"]?.intValue == 1)
    }
}

@Suite struct PythonPerformanceTests {
    /// About 1 MB of i6-style config: a prolog with functions, then a pprint-style network of
    /// thousands of layers, sorted scalar options, `config = {}` and `locals().update(**config)`.
    static func bigConfig(targetBytes: Int = 1_000_000) -> [UInt8] {
        var out = "#!rnn.py\n\nimport os\nimport numpy as np\n\n\ndef helper(x, y=2):\n    \"\"\"Docstring.\"\"\"\n    if x:\n        return [i * y for i in range(x)]\n    return {}\n\n\n"
        out += "network = { "
        var k = 0
        var first = true
        while out.utf8.count < targetBytes - 2_000 {
            if !first { out += ",\n  " }
            first = false
            out += "'layer_\(k)': { 'L2': 0.0001, 'class': 'rec', 'direction': \(k % 2 == 0 ? 1 : -1), 'dropout': 0.1, "
            out += "'from': ['layer_\(max(0, k - 1))', 'layer_\(max(0, k - 2))'], 'n_out': \(256 + k % 512), "
            out += "'unit': 'nativelstm2', 'loss_opts': {'focal_loss_factor': 2.0, 'label_smoothing': 0.1}, 'is_output_layer': False}"
            k += 1
        }
        out += "}\n"
        out += "batch_size = 10000\nlearning_rate = 0.0008\ntask = 'train'\nconfig = {}\n\nlocals().update(**config)\n"
        return Array(out.utf8)
    }

    /// A 1 MB config parses completely (the time is measured by Tests/Benchmarks/bench_python.sh on a
    /// release build, not here).
    @Test func aOneMegabyteConfigIsExtracted() throws {
        let bytes = Self.bigConfig()
        let doc = PythonFrontEnd.parse(file: "big.config", bytes: bytes)
        #expect(doc.syntaxError == nil)
        #expect((doc["network"]?.members?.count ?? 0) > 1000)
        var lexer = PyLexer(bytes: bytes)
        var tokens = 0
        while lexer.next().kind != .end { tokens += 1 }
        #expect(tokens > 100_000)
    }
}
