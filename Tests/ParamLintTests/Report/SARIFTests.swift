import Foundation
import Testing
@testable import ParamLint

/// The independent consumers in ../shared/ecosystem/ (the official schema, codeql-action's
/// fingerprints, the Actions runner's parser), run with python3.
enum Ecosystem {
    static let root = packageRoot + "/../shared/ecosystem"
    static let available = FileManager.default.fileExists(atPath: root + "/sarif-schema-2.1.0.json")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func python(_ arguments: [String], cwd: String = root) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// jsonschema checks the `uri` format only when rfc3987 (or rfc3986-validator) is installed;
    /// without it "format checking" would pass relative helpUris silently.
    static let formatCheckingAvailable: Bool = {
        guard available else { return false }
        let probe = try? python(["-c", "from jsonschema import FormatChecker; import sys; sys.exit(0 if 'uri' in FormatChecker.checkers else 1)"])
        return probe?.status == 0
    }()

    static let skipMessage = "python3 with jsonschema and rfc3987 (pip install jsonschema rfc3987) and ../shared/ecosystem are needed: SARIF schema tests skipped"

    /// Errors with format checking, one line each ("path: message"); empty when valid.
    static func schemaErrors(_ sarif: String) throws -> [String] {
        let file = NSTemporaryDirectory() + "paramlint-sarif-\(UUID().uuidString).sarif"
        try sarif.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = """
            import json, sys
            from jsonschema import Draft4Validator, FormatChecker
            schema = json.load(open('sarif-schema-2.1.0.json'))
            doc = json.load(open(sys.argv[1]))
            for e in Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(doc):
                print('/'.join(map(str, e.absolute_path)) + ': ' + e.message[:200])
            """
        let run = try python(["-c", script, file])
        if run.status != 0 { return ["validator failed: \(run.stderr)"] }
        return run.stdout.split(separator: "\n").map(String.init)
    }
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

struct SARIFTests {
    static let readmeArguments = ["examples/finetune-mistakes.json",
                                  "--ckpt", "preload_from_files/baseline=examples/checkpoints/baseline-net.080.txt",
                                  "--ckpt", "preload_from_files/lm=examples/checkpoints/lm-net.020.txt"]

    static func results(_ sarif: [String: Any]) -> [[String: Any]] {
        ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }

    static func run(_ sarif: [String: Any]) -> [String: Any] {
        (sarif["runs"] as? [[String: Any]])?.first ?? [:]
    }

    @Test(.enabled(if: Ecosystem.formatCheckingAvailable, Comment(rawValue: Ecosystem.skipMessage)))
    func readmeExampleIsValidWithFormatChecking() throws {
        let run = try CLITests.lint(Self.readmeArguments + ["--format", "sarif"])
        #expect(run.status == 1)
        #expect(try Ecosystem.schemaErrors(run.stdout) == [])
        #expect(Self.results(try jsonObject(run.stdout)).count == 2)
    }

    /// A corpus run in one call, the corpus read in place, its directory the project root.
    @Test(.enabled(if: Ecosystem.formatCheckingAvailable && Corpus.available, Comment(rawValue: Ecosystem.skipMessage)))
    func corpusRunIsValidWithFormatChecking() throws {
        let files = Corpus.files.enumerated().filter { $0.offset % 12 == 0 }.map { Corpus.root + "/" + $0.element }
        let run = try CLITests.lint(files + ["--format", "sarif", "--existing-epochs", "none", "--project-root", Corpus.root])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(try Ecosystem.schemaErrors(run.stdout) == [])
        let results = Self.results(try jsonObject(run.stdout))
        #expect(results.count > 20)
        for r in results {
            let location = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(location["artifactLocation"] as? [String: Any])
            #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
            #expect((artifact["uri"] as? String).map { !$0.hasPrefix("/") && !$0.contains("..") } == true)
            #expect((location["region"] as? [String: Any])?["startLine"] as? Int != nil, "every result has a region")
            let fingerprints = try #require(r["partialFingerprints"] as? [String: String])
            #expect(fingerprints["primaryLocationLineHash"] != nil)
            #expect(fingerprints["paramlint/v1"] != nil)
        }
    }

    @Test func ruleMetadataIsWhatCodeScanningShows() throws {
        let run = try CLITests.lint(Self.readmeArguments + ["--format", "sarif"])
        let driver = try #require((Self.run(try jsonObject(run.stdout))["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["semanticVersion"] as? String == ParamLintInfo.version)
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == Registry.all.count)
        for rule in rules {
            let id = try #require(rule["id"] as? String)
            #expect(rule["helpUri"] as? String == "\(ParamLintInfo.documentationBase)/rules/\(id).md")
            let help = try #require(rule["help"] as? [String: Any])
            #expect((help["text"] as? String)?.isEmpty == false)
            #expect((help["markdown"] as? String)?.hasPrefix("# \(id) ") == true)
            #expect((rule["shortDescription"] as? [String: Any])?["text"] != nil)
            #expect((rule["fullDescription"] as? [String: Any])?["text"] != nil)
            #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] != nil)
            let properties = try #require(rule["properties"] as? [String: Any])
            #expect((properties["tags"] as? [String])?.contains("returnn") == true)
            #expect(["very-high", "high", "medium", "low"].contains(properties["precision"] as? String ?? ""))
        }
    }

    @Test func fingerprintsAreCodeqlActionsAndSurviveALineInsertedAbove() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let config = try readText("examples/finetune-mistakes.json")
        dir.mkdir("configs")
        dir.write("configs/fine tune #1.json", config)
        let ckpts = ["--ckpt", "preload_from_files/baseline=\(packageRoot)/examples/checkpoints/baseline-net.080.txt",
                     "--ckpt", "preload_from_files/lm=\(packageRoot)/examples/checkpoints/lm-net.020.txt"]
        func fingerprints() throws -> [String: [String: String]] {
            let run = try CLITests.lint([dir.path + "/configs/fine tune #1.json", "--format", "sarif", "--project-root", dir.path] + ckpts)
            var out: [String: [String: String]] = [:]
            for r in Self.results(try jsonObject(run.stdout)) {
                let uri = (((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
                #expect(uri == "configs/fine%20tune%20%231.json")
                out[r["ruleId"] as! String] = r["partialFingerprints"] as? [String: String]
            }
            return out
        }
        let before = try fingerprints()
        #expect(before.keys.sorted() == ["PL001", "PL005"])
        // Swift's line hash against codeql-action's, line by line over the file.
        let hashes = LineHash.lineHashes(Array(config.utf8))
        if Ecosystem.available {
            let oracle = try Ecosystem.python(["-c", """
                import json, sys
                from ghfp import line_hashes
                print(json.dumps(line_hashes(open(sys.argv[1], encoding='utf-8').read())))
                """, packageRoot + "/examples/finetune-mistakes.json"])
            let expected = try #require(try JSONSerialization.jsonObject(with: Data(oracle.stdout.utf8)) as? [String: String])
            #expect(expected.count == hashes.count)
            for (line, h) in expected { #expect(hashes[Int(line)!] == h, "line \(line)") }
        }
        #expect(before["PL001"]?["primaryLocationLineHash"] == hashes[20])
        #expect(before["PL005"]?["primaryLocationLineHash"] == hashes[21])

        // A comment line after the opening brace (the content must still start with '{').
        let brace = try #require(config.firstIndex(of: "\n"))
        dir.write("configs/fine tune #1.json", String(config[...brace]) + "  // the fine-tuning run of the README\n" + String(config[config.index(after: brace)...]))
        let after = try fingerprints()
        #expect(after == before)
    }

    @Test func lineHashReproducesCodeqlActionsTestVectors() {
        let cases: [(String, [String])] = [
            ("", ["c129715d7a2bc9a3:1"]),
            (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
            (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
             ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]),
            (String(repeating: "Lorem ipsum dolor sit amet.\n", count: 10),
             ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5",
              "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"]),
        ]
        for (text, expected) in cases {
            let h = LineHash.lineHashes(Array(text.utf8))
            #expect((1...expected.count).map { h[$0] ?? "" } == expected, "\(text.debugDescription)")
        }
    }

    @Test func exitTwoStillWritesAValidDocument() throws {
        for arguments in [["examples/no-such-config.json"], ["examples/broken.json", "--no-such-option"]] {
            let run = try CLITests.lint(arguments + ["--format", "sarif", "--sarif-category", "paramlint"])
            #expect(run.status == 2)
            #expect(!run.stderr.isEmpty)
            let sarifRun = Self.run(try jsonObject(run.stdout))
            let invocation = try #require((sarifRun["invocations"] as? [[String: Any]])?.first)
            #expect(invocation["executionSuccessful"] as? Bool == false)
            #expect((invocation["toolExecutionNotifications"] as? [[String: Any]])?.count == 1)
            #expect((sarifRun["automationDetails"] as? [String: Any])?["id"] as? String == "paramlint/")
            if Ecosystem.formatCheckingAvailable { #expect(try Ecosystem.schemaErrors(run.stdout) == []) }
        }
        let ok = try CLITests.lint(Self.readmeArguments + ["--format", "sarif"])
        let invocation = (Self.run(try jsonObject(ok.stdout))["invocations"] as? [[String: Any]])?.first
        #expect(invocation?["executionSuccessful"] as? Bool == true)
        #expect(invocation?["exitCode"] as? Int == 1)
    }

    /// A checkpoint finding sits at the config value that names the checkpoint; the file is related.
    @Test func checkpointFindingHasARegionInTheConfig() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("c.json", """
            {"backend": "tensorflow-net-dict", "task": "search",
             "load": "\(dir.path)/models/net.080"}
            """)
        // RETURNN resolves the path against its working directory, so it is written absolute.
        dir.mkdir("models")
        dir.write("models/net.080.meta", "")
        dir.write("models/net.080.index", "too short for an sstable")
        let run = try CLITests.lint([dir.path + "/c.json", "--format", "sarif", "--project-root", dir.path, "--select", "CK001"])
        let result = try #require(Self.results(try jsonObject(run.stdout)).first)
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "c.json")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 2)
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((related["artifactLocation"] as? [String: Any])?["uri"] as? String == "models/net.080.index")
    }

    @Test func percentEncodingAndFilesOutsideTheRoot() {
        let options = SARIFReporter.Options(projectRoot: "/repo", currentDirectory: "/repo/sub")
        let inside = SARIFReporter.artifactLocation("../a b/c#1:ü.json", options)
        #expect(inside.uri == "a%20b/c%231%3A%C3%BC.json")
        #expect(inside.baseId == "%SRCROOT%")
        let outside = SARIFReporter.artifactLocation("/elsewhere/x y.json", options)
        #expect(outside.uri == "file:///elsewhere/x%20y.json")
        #expect(outside.baseId == nil)
    }
}
