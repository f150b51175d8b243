import Testing
@testable import ParamLint

/// `lint dump`: what the linter sees, as the contract (cli.md, `lint dump --format json`) shapes it.
struct DumpTests {
    static func dump(_ text: String, file: String = "returnn.config") throws -> ConfigNode {
        let document = ConfigDocument.parse(file: file, bytes: Array(text.utf8))
        return try #require(parseJSON(DumpReporter.json(document)).root)
    }

    static func option(_ dump: ConfigNode, _ name: String) -> ConfigNode? {
        dump["options"]?.elements?.first { $0["name"]?.stringValue == name }
    }

    @Test func aJSONConfigDumpsEveryOptionKnownInSourceOrder() throws {
        let d = try Self.dump("""
            {"task": "train", "num_epochs": 80, "lr": 0.5, "model": null,
             "preload_from_files": {"base": {"filename": "base/net.080", "init_for_train": true}}}
            """, file: "c.json")
        #expect(d["format"]?.stringValue == "json")
        let names = d["options"]?.elements?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["task", "num_epochs", "lr", "model", "preload_from_files"])
        #expect(Self.option(d, "task")?["status"]?.stringValue == "known")
        #expect(Self.option(d, "task")?["value"]?.stringValue == "train")
        #expect(Self.option(d, "num_epochs")?["value"]?.intValue == 80)
        #expect(Self.option(d, "model")?["value"]?.isNull == true)
        let entry = Self.option(d, "preload_from_files")?["value"]?["base"]
        #expect(entry?["init_for_train"]?.boolValue == true)
        // The range is where the value was written: `"train"` on line 1, column 10.
        #expect(Self.option(d, "task")?["range"]?["start"]?["line"]?.intValue == 1)
        #expect(Self.option(d, "task")?["range"]?["start"]?["column"]?.intValue == 10)
    }

    @Test func aDynamicOptionHasItsReasonAndNoValue() throws {
        let d = try Self.dump("""
            #!rnn.py
            import os
            load = os.environ["MODEL"]
            """)
        let load = try #require(Self.option(d, "load"))
        #expect(load["status"]?.stringValue == "dynamic")
        #expect(load["value"] == nil)
        #expect((load["reason"]?.stringValue ?? "").isEmpty == false)
        #expect(load["range"]?["start"]?["line"]?.intValue == 3)
    }

    @Test func aSyntaxErrorIsSaidAndNothingIsListed() throws {
        let d = try Self.dump("{\"task\": \"train\",, }", file: "c.json")
        #expect(d["syntaxError"]?["message"]?.stringValue != nil)
        #expect(d["options"]?.elements?.isEmpty == true)
    }

    @Test func textFormIsOneOptionALine() {
        let document = ConfigDocument.parse(file: "c.json", bytes: Array(#"{"task": "search", "load": "net.040"}"#.utf8))
        #expect(DumpReporter.text(document) == "task = \"search\"\nload = \"net.040\"\n")
    }

    @Test func outputValidatesAgainstTheSchema() throws {
        let validator = try SchemaValidator(schemaText: try readText("rules/dump-output.schema.json"))
        for text in [
            #"{"task": "train", "network": {"output": {"class": "softmax", "from": "data"}}}"#,
            "#!rnn.py\nimport os\ntask = 'train'\nload = os.environ['X']\ndef f(x):\n    return x\n",
            "{\"task\": ",
        ] {
            let file = text.hasPrefix("#!") ? "returnn.config" : "c.json"
            let d = try Self.dump(text, file: file)
            let failures = validator.validate(d)
            #expect(failures.isEmpty, "\(text): \(failures)")
        }
    }
}
