import Testing
@testable import ParamLint

struct JSONFrontEndTests {
    @Test func valuesPointersAndRanges() throws {
        let text = """
            {
              "task": "train",
              "num_epochs": 80,
              "lr": 0.5,
              "flags": [true, false, null],
              "preload_from_files": {
                "a/b": {"filename": "x~y", "prefix": "enc/"}
              }
            }
            """
        let doc = parseJSON(text)
        #expect(doc.syntaxError == nil)
        let root = try #require(doc.root)
        #expect(root.members?.map(\.key) == ["task", "num_epochs", "lr", "flags", "preload_from_files"])
        #expect(doc["task"]?.stringValue == "train")
        #expect(doc["num_epochs"]?.intValue == 80)
        if case .double(let d)? = doc["lr"]?.value { #expect(d == 0.5) } else { Issue.record("lr is not a double") }
        #expect(doc["flags"]?.elements?.count == 3)
        #expect(doc["flags"]?.elements?[2].isNull == true)

        let filename = try #require(doc.node(at: JSONPointer(parsing: "/preload_from_files/a~1b/filename")!))
        #expect(filename.stringValue == "x~y")
        #expect(filename.pointer.description == "/preload_from_files/a~1b/filename")
        #expect(filename.range.start == SourcePosition(line: 7, column: 25, offset: 136))
        #expect(filename.range.end.offset - filename.range.start.offset == 5)

        let member = try #require(doc.node(at: JSONPointer(["preload_from_files"]))?.member("a/b"))
        #expect(member.keyRange.start.line == 7)
        #expect(member.keyRange.start.column == 5)
        #expect(member.node.range.start.column == 12)
        #expect(member.node.range.end.line == 7)
    }

    @Test func commentsAreRemovedKeepingPositions() throws {
        let text = """
            {
              // a line comment with "quotes" and /* stars
              "load": "model/net.080", /* block
                 comment */ "task": "search",
              "url": "http://example.org/a//b/*not a comment*/"
            }
            """
        let doc = parseJSON(text)
        #expect(doc.syntaxError == nil)
        #expect(doc["url"]?.stringValue == "http://example.org/a//b/*not a comment*/")
        let task = try #require(doc.root?.member("task"))
        #expect(task.keyRange.start.line == 4)
        #expect(task.keyRange.start.column == 17)
        #expect(doc["task"]?.stringValue == "search")
    }

    @Test func columnsCountUnicodeScalars() throws {
        let text = "{\"ä€😀\": \"x\", \"b\": 1}"
        let doc = parseJSON(text)
        let b = try #require(doc.root?.member("b"))
        // {"ä€😀": "x", "b" — the key "b" starts at scalar 14, byte 19.
        #expect(b.keyRange.start.column == 14)
        #expect(b.keyRange.start.offset == 19)
        #expect(doc.root?.members?.first?.key == "ä€😀")
    }

    @Test func escapedKeysDecode() {
        let doc = parseJSON(#"{"a\"b": 1, "\u00e4\ud83d\ude00": 2, "tab\t": 3}"#)
        #expect(doc.root?.members?.map(\.key) == ["a\"b", "ä😀", "tab\t"])
    }

    @Test func duplicateKeysKeepTheLastValueAndBothPlaces() throws {
        let text = """
            {
              "task": "train",
              "e": {"k": 1, "k": 2},
              "task": "search"
            }
            """
        let doc = parseJSON(text)
        #expect(doc["task"]?.stringValue == "search")
        #expect(doc.node(at: JSONPointer(["e", "k"]))?.intValue == 2)
        #expect(doc.duplicateKeys.count == 2)
        let top = try #require(doc.duplicateKeys.first { $0.key == "task" })
        #expect(top.firstKeyRange.start.line == 2)
        #expect(top.laterKeyRange.start.line == 4)
        #expect(top.objectPointer == .root)
    }

    @Test func syntaxErrorsPointWhereParsingStopped() throws {
        let cases: [(String, Int, Int)] = [
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3),
            ("{\"a\": [1, 2,]}", 1, 13),
            ("{\"a\": tru}", 1, 7),
            ("{\"a\": 1", 1, 8),
            ("", 1, 1),
        ]
        for (text, line, column) in cases {
            let doc = parseJSON(text)
            let error = try #require(doc.syntaxError, "\(text)")
            #expect(doc.root == nil)
            #expect(error.position.line == line && error.position.column == column,
                    "\(text.debugDescription): got \(error.position.line):\(error.position.column)")
        }
    }

    @Test func aLeadingCommentMakesReturnnReadLineBased() throws {
        let doc = ConfigDocument.parse(file: "c.json", bytes: Array("// my config\n{\"task\": \"train\"}".utf8))
        #expect(doc.format == .lineBased)
        let error = try #require(doc.syntaxError)
        #expect(error.position.line == 1 && error.position.column == 1)
        #expect(error.message.contains("line-based"))
        #expect(ConfigDocument.parse(file: "c.txt", bytes: Array("task train\n".utf8)).syntaxError == nil)
    }

    @Test func topLevelMustBeAnObject() {
        let doc = parseJSON("[1, 2]")
        #expect(doc.root == nil)
        #expect(doc.syntaxError?.message.contains("must be an object") == true)
    }

    @Test func formatDetectionFollowsReturnn() {
        #expect(ConfigDocument.detectFormat(file: "a.config", bytes: Array("  {\"a\": 1}".utf8)) == .json)
        #expect(ConfigDocument.detectFormat(file: "a.config", bytes: Array("#!rnn.py\nx = 1".utf8)) == .python)
        #expect(ConfigDocument.detectFormat(file: "a.py", bytes: Array("{\"a\": 1}".utf8)) == .python)
        #expect(ConfigDocument.detectFormat(file: "a.config", bytes: Array("x = 1".utf8)) == .lineBased)
    }

    @Test func pointerEscapingRoundTrips() {
        let p = JSONPointer(["a/b", "c~d", "", "0"])
        #expect(p.description == "/a~1b/c~0d//0")
        #expect(JSONPointer(parsing: p.description) == p)
        #expect(JSONPointer(parsing: "no-slash") == nil)
        #expect(JSONPointer(parsing: "/bad~2") == nil)
    }

    /// Hundreds of mutated and truncated configs: never a crash, always a tree or CF001.
    @Test func robustnessUnderMutation() throws {
        let seedText = try readText("examples/train-preload.json")
        let seed = Array(seedText.utf8)
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("{}[]\":,/*\\ \n0123456789aetrufnl-.é".utf8)
        for i in 0..<600 {
            var bytes = seed
            switch i % 4 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
            case 1:
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
            case 2:
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: alphabet.shuffled(using: &rng).prefix(3), at: at)
            default:
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 20)))
            }
            let doc = JSONFrontEnd.parse(file: "m.json", bytes: bytes)
            #expect((doc.root != nil) != (doc.syntaxError != nil) || doc.format != .json)
            if let e = doc.syntaxError {
                #expect(e.position.offset <= bytes.count)
            }
            _ = LintRun.check(file: "m.json", bytes: bytes)
        }
    }
}
