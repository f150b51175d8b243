import Foundation
import Testing

/// Runs the built `lint` like a user would: exit codes, stderr lines, and the examples' expected outputs.
/// Set PARAMLINT_UPDATE_EXPECTED=1 to rewrite examples/expected/ after an intended change.
struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var lintPath: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        // swift-testing on Linux runs `<build>/debug/ParamLintPackageTests.xctest`; the tool is beside it.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("lint").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("lint").path
    }

    static func lint(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lintPath)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                   stderr: String(decoding: e, as: UTF8.self))
    }

    /// Every example's text and JSON output, as committed under examples/expected/.
    static let exampleInvocations: [(name: String, arguments: [String], status: Int32)] = [
        ("train-preload", ["examples/train-preload.json", "--ckpt", "examples/checkpoints/baseline-net.080.txt"], 0),
        ("recog-load", ["examples/recog-load.json", "--ckpt", "load=examples/checkpoints/finetune-net.040.txt",
                        "--ckpt", "preload_from_files/lm=examples/checkpoints/lm-net.020.txt"], 0),
        ("finetune-mistakes", ["examples/finetune-mistakes.json",
                               "--ckpt", "preload_from_files/baseline=examples/checkpoints/baseline-net.080.txt",
                               "--ckpt", "preload_from_files/lm=examples/checkpoints/lm-net.020.txt"], 1),
        ("broken", ["examples/broken.json"], 1),
        ("i6-generated", ["examples/i6-generated.config"], 1),
        ("handwritten", ["examples/handwritten.py"], 1),
        // The checkpoints live on the cluster: with --offline they are unavailable (CK002), not missing (LD004).
        ("handwritten-offline", ["examples/handwritten.py", "--offline"], 1),
        ("plan-recog-load", ["plan", "examples/recog-load.json", "--ckpt", "load=examples/checkpoints/finetune-net.040.txt",
                             "--ckpt", "preload_from_files/lm=examples/checkpoints/lm-net.020.txt"], 0),
        ("plan-finetune-mistakes", ["plan", "examples/finetune-mistakes.json",
                                    "--ckpt", "preload_from_files/baseline=examples/checkpoints/baseline-net.080.txt",
                                    "--ckpt", "preload_from_files/lm=examples/checkpoints/lm-net.020.txt"], 1),
    ]

    @Test("example output", arguments: exampleInvocations.map(\.name))
    func exampleOutput(name: String) throws {
        let invocation = try #require(Self.exampleInvocations.first { $0.name == name })
        for (format, ext) in [("text", "txt"), ("json", "json")] {
            let run = try Self.lint(invocation.arguments + ["--format", format])
            #expect(run.status == invocation.status, "\(name) \(format): exit \(run.status), stderr \(run.stderr)")
            #expect(run.stderr.isEmpty)
            let path = "\(packageRoot)/examples/expected/\(name).\(ext)"
            if ProcessInfo.processInfo.environment["PARAMLINT_UPDATE_EXPECTED"] == "1" {
                try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(run.stdout == expected, "\(name).\(ext) differs from the committed expected output")
        }
    }

    @Test func missingFileIsExitTwoWithOneLine() throws {
        let run = try Self.lint(["missing.json"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "lint: cannot read config missing.json: no such file or directory\n")
    }

    @Test func misspelledOptionIsExitTwoWithDidYouMean() throws {
        let run = try Self.lint(["--formt", "json", "examples/broken.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("Did you mean '--format'?"))
    }

    @Test func unknownRuleSelectorIsRefused() throws {
        let run = try Self.lint(["--select", "PL00X1", "examples/broken.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--select"))
    }

    @Test func versionAndHelp() throws {
        let version = try Self.lint(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try Self.lint(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE"))
    }

    /// `--offline` on both commands (check-truth looks for it in `lint plan --help`).
    @Test func offlineFlag() throws {
        for command in [["plan"], ["check"]] {
            let help = try Self.lint(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("--offline"), "\(command)")
        }
        let plan = try Self.lint(["plan", "examples/broken.json", "--offline", "--format", "json"])
        #expect(!plan.stdout.contains("\"checkpoint-missing\""), "\(plan.stdout)")
        let online = try Self.lint(["plan", "examples/broken.json", "--format", "json"])
        #expect(online.stdout.contains("\"checkpoint-missing\""), "\(online.stdout)")
    }

    @Test func stdinWithFilename() throws {
        let run = try Self.lint(["-", "--stdin-filename", "buffer.json", "--format", "json"], stdin: "{\"a\": 1,}")
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"file\": \"buffer.json\""))
        #expect(run.stdout.contains("\"ruleId\": \"CF001\""))
    }

    @Test func failOnAndSelection() throws {
        #expect(try Self.lint(["examples/broken.json", "--fail-on", "never"]).status == 0)
        #expect(try Self.lint(["examples/broken.json", "--select", "CF003"]).status == 0)
        #expect(try Self.lint(["examples/broken.json", "--select", "CF003", "--fail-on", "warning"]).status == 1)
        let ignored = try Self.lint(["examples/broken.json", "--ignore", "CF,preload-unknown-key,preload-checkpoint-missing"])
        #expect(ignored.status == 0)
        #expect(ignored.stdout.hasPrefix("No problems found"))
    }

    @Test func rulesCommand() throws {
        let all = try Self.lint(["rules"])
        #expect(all.status == 0)
        #expect(all.stdout.contains("CF001"))
        let one = try Self.lint(["rules", "duplicate-key"])
        #expect(one.stdout.hasPrefix("# CF002 `duplicate-key`"))
        let missing = try Self.lint(["rules", "CF999"])
        #expect(missing.status == 2)
    }
}
