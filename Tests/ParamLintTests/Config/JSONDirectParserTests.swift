import Testing
@testable import ParamLint

/// `JSONFrontEnd.parse` reads most files with its direct parser and the rest with jansson; both
/// must give the same document: every value (reals to the bit), pointer, range and key range,
/// the syntax error and the repeated keys.
struct JSONDirectParserTests {
    /// Everything a document says, as text.
    static func dump(_ doc: ConfigDocument) -> String {
        var out = "format \(doc.format)\n"
        if let e = doc.syntaxError { out += "error \(e.message) @\(pos(e.position))\n" }
        for d in doc.duplicateKeys {
            out += "dup \(d.objectPointer) \(d.key) \(range(d.firstKeyRange)) \(range(d.laterKeyRange))\n"
        }
        var stack: [(ConfigNode, String)] = doc.root.map { [($0, "")] } ?? []
        while let (node, keyInfo) = stack.popLast() {
            out += "\(node.pointer) \(range(node.range)) \(keyInfo) "
            switch node.value {
            case .null: out += "null"
            case .bool(let b): out += "bool \(b)"
            case .int(let i): out += "int \(i)"
            case .double(let d): out += "double \(d.bitPattern)"
            case .string(let s): out += "string \(Array(s.utf8))"
            case .array(let e):
                out += "array \(e.count)"
                stack += e.reversed().map { ($0, "") }
            case .object(let m):
                out += "object \(m.map(\.key))"
                stack += m.reversed().map { ($0.node, "key \(range($0.keyRange))") }
            case .dynamic(let reason): out += "dynamic \(reason)"
            }
            out += "\n"
        }
        return out
    }

    static func pos(_ p: SourcePosition) -> String { "\(p.line):\(p.column):\(p.offset)" }
    static func range(_ r: SourceRange) -> String { pos(r.start) + "-" + pos(r.end) }

    /// True when the direct parser read the text (rather than giving up).
    static func readsDirectly(_ bytes: [UInt8]) -> Bool {
        var parser = JSONDirectParser(bytes: bytes)
        return (try? parser.document()) != nil
    }

    static func expectSame(_ bytes: [UInt8], _ label: String) {
        let direct = dump(JSONFrontEnd.parse(file: "c.json", bytes: bytes))
        let jansson = dump(JSONFrontEnd.parseWithJansson(file: "c.json", bytes: bytes))
        guard direct != jansson else { return }
        let d = direct.split(separator: "\n"), j = jansson.split(separator: "\n")
        let i = (0..<min(d.count, j.count)).first { d[$0] != j[$0] } ?? min(d.count, j.count)
        Issue.record("\(label): the readers differ at line \(i): direct \(i < d.count ? d[i] : "(end)") / jansson \(i < j.count ? j[i] : "(end)")")
    }

    @Test func committedConfigsReadTheSameAndDirectly() throws {
        var files: [String] = []
        var dirs = ["examples", "Tests/Fixtures"]
        while let dir = dirs.popLast() {
            for name in listDirectory(packageRoot + "/" + dir) {
                let path = dir + "/" + name
                if name.hasSuffix(".json") { files.append(path) } else if !name.contains(".") { dirs.append(path) }
            }
        }
        #expect(files.count > 30)
        var direct = 0
        for file in files {
            let bytes = try DiskFileSystem.read(packageRoot + "/" + file)
            Self.expectSame(bytes, file)
            if Self.readsDirectly(bytes) { direct += 1 }
        }
        // Only broken files, files with repeated keys and the like go to jansson.
        #expect(direct * 10 >= files.count * 8)
        #expect(Self.readsDirectly(Array(try readText("examples/train-preload.json").utf8)))
    }

    @Test func edgeCasesReadTheSame() {
        let values = [
            #""plain""#, #""a\"b\\c\/d\b\f\n\r\t""#, #""\u00e4\u20AC\ud83d\ude00""#, #""nul\u0000in value""#,
            #""lone \ud83d high""#, #""lone \ude00 low""#, #""\ud83d\u0041""#, #""bad \x escape""#, #""\u12G4""#,
            #""\u+123""#, "\"tab\tinside\"", "\"ä€😀 raw\"", "\"\u{7F}\"", "\"ctl \u{1}\"",
            "0", "-0", "1", "-1", "0.0", "-0.0", "1.5", "1e3", "1E+3", "2.5e-3", "1e400", "-1e400", "1e-400",
            "123456789012345678", "-123456789012345678", "1234567890123456789", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "01", "1.", ".5", "1e", "1e+",
            "-", "--1", "+1", "0x10", "1.7976931348623157e308", "4.9e-324", "0.1", "3.141592653589793238462643383279",
            "9007199254740992", "9007199254740992.0", "9007199254740993.0", "900719925474099.3e1", "1e22", "1e23",
            "1e-22", "1e-23", "123456789e-22", "0.30000000000000004", "1.0000", "00.5", "0e0", "-0e-0", "5e0004",
            "5e00004", "0.000000000000000000000001", "12345678901234567890.5", "1234567890123456789e-5",
            "true", "false", "null", "true1", "nulll", "tru", "True", "[]", "{}", "[1,]", "[,1]", "[1 2]",
            "{\"k\": 1,}", "{\"k\" 1}", "{\"k\": 1 \"j\": 2}", "{1: 2}", "[[[[]]]]", "{\"a\": {\"b\": [1, {\"c\": null}]}}",
        ]
        for v in values {
            Self.expectSame(Array("{\"v\": \(v)}".utf8), v)
            Self.expectSame(Array("{\"v\": [\(v), \(v)]}".utf8), v)
            Self.expectSame(Array(v.utf8), v)
        }
        let documents: [[UInt8]] = [
            [], Array("   ".utf8), Array("\u{FEFF}{}".utf8), Array("{} x".utf8), Array("{}\n\n".utf8),
            Array("{\"a\\u0000b\": 1}".utf8), Array("{\"a\": 1, \"a\": 2}".utf8),
            Array("{\"e\": {\"k\": 1, \"k\": 2}, \"e\": {\"k\": 3}}".utf8),
            Array("{\n  // ä comment € 😀\n  \"x\": /* ü */ \"ö\", \"y\": 2\n}".utf8),
            Array("{\"x\":\r\n\t1}".utf8),
            Array("{\"a\": 1//c\n}".utf8), Array("{\"a\": 1/*c*/}".utf8), Array("{\"a\": tr//x\nue}".utf8),
            Array("{\"a\": 1/}".utf8), Array("{\"a\": 1} /* unterminated ä".utf8), Array("{\"a\": /*/ 2 */ 1}".utf8),
            Array("/* lead */ {\"a\": 1}".utf8), Array("// lead\n{\"a\": 1}".utf8), Array("{\"a\"/*c*/:/*d*/1/**/,\"b\"://\n2}".utf8),
            Array("{\"a\": \"//not a comment\", \"b\": \"/* nor */\"}".utf8), Array("{\"a\": 1 */}".utf8),
            Array("{\"a\": [1,//x\n2/*y*/,3]}".utf8), Array("{\"a\": null/*\n\n*/,\n \"b\": true//\r\n}".utf8),
            Array("{\"a\": 1}//".utf8), Array("{\"a\": 1}/".utf8), Array("{\"a\": \"x\"/ \"y\"}".utf8),
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D],  // invalid UTF-8 in a string
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D],  // an encoded surrogate
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D],  // overlong
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x00, 0x7D],
            Array(("{\"many\": {" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}}").utf8),
            Array(("{\"many\": {" + (0..<40).map { "\"k\($0 % 39)\": \($0)" }.joined(separator: ", ") + "}}").utf8),
            Array((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8),
            Array(("{\"d\": " + String(repeating: "{\"d\": ", count: 300) + "1" + String(repeating: "}", count: 301)).utf8),
        ]
        for (i, d) in documents.enumerated() { Self.expectSame(d, "document \(i)") }
    }

    /// Mutated and truncated configs, and random reals: both readers agree on every one.
    @Test func mutationsReadTheSame() throws {
        let seed = Array(try readText("examples/train-preload.json").utf8)
            + Array("\n// ä € 😀 \"quoted\" /* x */\n".utf8)
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("{}[]\":,/*\\ \n\t0123456789aetrufnlEe+-.é\u{1}".utf8)
        for i in 0..<1500 {
            var bytes = seed
            switch i % 5 {
            case 0: bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
            case 1:
                for _ in 0..<(1 + rng.below(4)) { bytes[rng.below(bytes.count)] = alphabet[rng.below(alphabet.count)] }
            case 2: bytes.insert(contentsOf: alphabet.shuffled(using: &rng).prefix(3), at: rng.below(bytes.count))
            case 3:
                let at = rng.below(bytes.count)
                bytes.removeSubrange(at..<min(bytes.count, at + rng.below(20)))
            default:
                bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
            }
            Self.expectSame(bytes, "mutation \(i)")
        }
        // Comments anywhere: between tokens, inside tokens and strings, unterminated.
        let comments = ["//c\n", "/*c*/", "/* ä\n*/", "//", "/*", "*/", "/", "//ü😀\r\n"].map { Array($0.utf8) }
        var readDirectly = 0
        for i in 0..<800 {
            var bytes = seed
            for _ in 0..<(1 + rng.below(3)) {
                bytes.insert(contentsOf: comments[rng.below(comments.count)], at: rng.below(bytes.count + 1))
            }
            Self.expectSame(bytes, "comments \(i)")
            if Self.readsDirectly(bytes) { readDirectly += 1 }
        }
        #expect(readDirectly > 100)  // the direct reader's comment handling is what is compared
        for i in 0..<500 {
            let mantissa = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let text: String
            switch i % 4 {
            case 0: text = "\(mantissa)"
            case 1: text = "\(rng.below(1_000_000)).\(rng.below(1_000_000))e\(rng.below(700) - 350)"
            case 2: text = "-0.\(String(repeating: "0", count: rng.below(30)))\(rng.next())"
            default: text = "\(rng.next())\(rng.next())e-\(rng.below(40))"
            }
            Self.expectSame(Array("{\"r\": \(text)}".utf8), text)
        }
    }
}
