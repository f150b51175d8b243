import Testing
@testable import ParamLint

@Suite struct CheckpointLoaderTests {
    let saver = CheckpointFixtures.path("returnn_style_saver/model.ckpt-5")

    @Test func prefixIndexAndDirectoryGiveTheSameListing() throws {
        let byPrefix = try CheckpointLoader.load(path: saver)
        let byIndex = try CheckpointLoader.load(path: saver + ".index")
        let byDirectory = try CheckpointLoader.load(path: CheckpointFixtures.path("returnn_style_saver"))
        #expect(byPrefix.variables == byIndex.variables)
        #expect(byPrefix.variables == byDirectory.variables)
        #expect(byDirectory.path == saver + ".index")
        #expect(byPrefix.format == .tfIndex)
    }

    @Test func relativePathsResolveAgainstTheWorkingDirectory() throws {
        let c = try CheckpointLoader.load(path: "returnn_style_saver/model.ckpt-5", workingDirectory: CheckpointFixtures.root)
        #expect(c.variables.count == 21)
    }

    @Test func dataAndMetaSiblingsAreRefusedWithAHint() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("net.080.meta", [1, 2, 3])
        dir.write("net.080.index", try CheckpointFixtures.bytes("returnn_style_saver/model.ckpt-5.index"))
        for name in ["net.080.meta", "net.080.data-00000-of-00001"] {
            if name.contains("data") { dir.write(name, [0]) }
            do {
                _ = try CheckpointLoader.load(path: dir.path + "/" + name)
                Issue.record("accepted \(name)")
            } catch {
                #expect(error.reason.contains("give the checkpoint prefix '\(dir.path)/net.080'"), "\(error)")
            }
        }
        #expect(try CheckpointLoader.load(path: dir.path + "/net.080").variables.count == 21)
    }

    @Test func resolveTFReportsWhatExists() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("net.080.meta", [1])
        dir.write("net.080.index", [1])
        let files = CheckpointLoader.resolveTF(prefix: "net.080", workingDirectory: dir.path)
        #expect(files.indexExists && files.metaExists && !files.prefixExists && !files.ptExists)
        #expect(files.indexPath == dir.path + "/net.080.index")
        let none = CheckpointLoader.resolveTF(prefix: dir.path + "/net.081")
        #expect(!none.indexExists && !none.metaExists)
        #expect(CheckpointLoader.stripCheckpointSuffix("a/net.080.meta") == "a/net.080")
        #expect(CheckpointLoader.stripCheckpointSuffix("a/net.080.index") == "a/net.080")
        #expect(CheckpointLoader.stripCheckpointSuffix("a/net.080.pt") == "a/net.080")
        #expect(CheckpointLoader.stripCheckpointSuffix("a/net.080.meta.meta") == "a/net.080.meta")
        #expect(CheckpointLoader.stripCheckpointSuffix("a/net.080") == "a/net.080")
    }

    @Test func detectionByContent() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        // a TF index under any name
        dir.write("renamed.bin", try CheckpointFixtures.bytes("partitioned/model.ckpt-1.index"))
        #expect(try CheckpointLoader.load(path: dir.path + "/renamed.bin").format == .tfIndex)
        // safetensors under any name
        dir.write("weights", try CheckpointFixtures.bytes("safetensors/model.safetensors"))
        #expect(try CheckpointLoader.load(path: dir.path + "/weights").format == .safetensors)
        // listings
        dir.write("vars.txt", "# listing\noutput/W [3, 2] float32\n")
        let text = try CheckpointLoader.load(path: dir.path + "/vars.txt")
        #expect(text.format == .textListing && text.variables.count == 1)
        dir.write("vars.json", "  \n" + JSONListing.render([text]))
        let json = try CheckpointLoader.load(path: dir.path + "/vars.json")
        #expect(json.format == .jsonListing && json.variables == text.variables)
        // a JSON listing of several: load refuses, loadAll gives each with its recorded path
        let two = JSONListing.render([
            Checkpoint(path: "a.index", format: .tfIndex, variables: text.variables),
            Checkpoint(path: "b.safetensors", format: .safetensors, variables: []),
        ])
        dir.write("two.json", two)
        #expect(try CheckpointLoader.loadAll(path: dir.path + "/two.json").map(\.path) == ["a.index", "b.safetensors"])
        #expect(throws: CheckpointError.self) { try CheckpointLoader.load(path: dir.path + "/two.json") }
    }

    @Test(arguments: [
        // a zip signature / a pickle are read as torch.save files: these are too short to be one
        ([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0] as [UInt8], "too short for a zip file: truncated"),
        ([0x80, 0x02, 0x7D, 0x71], "does not start with torch.save's magic number"),
        ([0x00, 0x01, 0x02, 0xFF], "not a checkpoint"),
        ([], "file is empty"),
    ])
    func unsupportedContent(bytes: [UInt8], reason: String) {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("model.pt", bytes)
        do {
            _ = try CheckpointLoader.load(path: dir.path + "/model.pt")
            Issue.record("accepted")
        } catch {
            #expect(error.file == dir.path + "/model.pt")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func missingFilesAndStateFiles() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect { try CheckpointLoader.load(path: dir.path + "/nope") } throws: { error in
            (error as? CheckpointError)?.reason.contains("no such file or directory (nor '\(dir.path)/nope.index')") == true
        }
        #expect { try CheckpointLoader.load(path: dir.path) } throws: { error in
            (error as? CheckpointError)?.reason.contains("without a TensorFlow 'checkpoint' state file") == true
        }
        dir.write("checkpoint", "model_checkpoint_path: \"gone\"\nall_model_checkpoint_paths: \"gone\"\n")
        #expect { try CheckpointLoader.load(path: dir.path) } throws: { error in
            (error as? CheckpointError)?.reason.contains("'\(dir.path)/gone.index' does not exist") == true
        }
    }

    @Test func stateFileWithAbsoluteAndEscapedPath() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.mkdir("sub dir")
        dir.write("sub dir/m\"x.index", try CheckpointFixtures.bytes("partitioned/model.ckpt-1.index"))
        dir.write("checkpoint", "model_checkpoint_path: \"\(dir.path)/sub dir/m\\\"x\"\n")
        #expect(try CheckpointLoader.load(path: dir.path).variables.count == 4)
        dir.write("checkpoint", "model_checkpoint_path: 'sub dir/m\\042x'\n")
        #expect(try CheckpointLoader.load(path: dir.path).variables.count == 4)
    }
}
