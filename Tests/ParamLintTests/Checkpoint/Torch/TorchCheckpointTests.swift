import Testing
@testable import ParamLint

/// The `.pt` reader against torch's own listings of real `torch.save` files.
@Suite struct TorchCheckpointTests {
    @Test(arguments: TorchFixtures.files)
    func listsEveryFixtureAsTorchDoes(file: String) throws {
        let expected = try TorchFixtures.expected(file)
        let c = try CheckpointLoader.load(path: TorchFixtures.path(file))
        #expect(c.format == .pytorch)
        #expect(c.variables == expected.variables)
        #expect(c.variables.count > 0)
        let info = try #require(c.torch)
        let want = try #require(expected.torch)
        #expect(info.contents == want.contents)
        #expect(info.topLevelKeys == want.topLevelKeys)
        #expect(info.epoch == want.epoch)
        #expect(info.step == want.step)
        #expect(info.legacy == want.legacy)
    }

    @Test(arguments: TorchFixtures.files)
    func inMemoryAndInPlaceReadsAgree(file: String) throws {
        let inPlace = try CheckpointLoader.load(path: TorchFixtures.path(file))
        let inMemory = try CheckpointLoader.read(try TorchFixtures.bytes(file), file: file)
        #expect(inMemory.count == 1)
        #expect(inMemory.first?.variables == inPlace.variables)
        #expect(inMemory.first?.torch == inPlace.torch)
    }

    @Test func returnnCheckpointCarriesEpochStepAndKeys() throws {
        let c = try CheckpointLoader.load(path: TorchFixtures.path("returnn_style.pt"))
        let info = try #require(c.torch)
        #expect(info.contents == .returnnCheckpoint)
        #expect(info.topLevelKeys == ["model", "epoch", "step", "effective_learning_rate", "returnn_version"])
        #expect(info.epoch == 3)
        #expect(info.step == 42)
        #expect(c["norm.num_batches_tracked"] == CheckpointVariable(name: "norm.num_batches_tracked", dtype: "int64", shape: []))
        #expect(c["enc.0.weight"]?.shape == [6, 4])
        #expect(info.otherStateDicts.isEmpty)
    }

    @Test func rawStateDictAndNestedDicts() throws {
        let raw = try CheckpointLoader.load(path: TorchFixtures.path("state_dict.pt"))
        #expect(raw.torch?.contents == .stateDict)
        #expect(raw.torch?.epoch == nil)
        #expect(raw.torch?.topLevelKeys.contains("model") == false)
        let nested = try CheckpointLoader.load(path: TorchFixtures.path("nested.pt"))
        let info = try #require(nested.torch)
        #expect(info.contents == .nested)
        #expect(info.topLevelKeys == ["ema", "student", "meta"])
        // checkpoint_key = "ema" gives the state dict itself, named without the key.
        #expect(info.otherStateDicts["ema"]?.map(\.name).sorted() == raw.names.sorted())
        #expect(info.otherStateDicts["student"]?.map(\.name) == ["lin.weight"])
        #expect(info.otherStateDicts["meta"] == nil)
        #expect(nested.contains("ema.enc.0.weight"))
    }

    @Test func optimizerFilesAreRecognised() throws {
        for file in ["model.003.opt.pt", "plain_optimizer.pt"] {
            let c = try CheckpointLoader.load(path: TorchFixtures.path(file))
            #expect(c.torch?.contents == .optimizer, "\(file)")
            #expect(c.names.contains { $0.hasSuffix(".exp_avg") }, "\(file)")
        }
    }

    @Test func dtypesAndViews() throws {
        let c = try CheckpointLoader.load(path: TorchFixtures.path("dtypes.pt"))
        #expect(c["bf16"]?.dtype == "bfloat16")
        #expect(c["f16"]?.dtype == "float16")
        #expect(c["i64"]?.dtype == "int64")
        #expect(c["flag"]?.dtype == "bool")
        #expect(c["f8"]?.dtype == "float8_e4m3fn")
        #expect(c["scalar"]?.shape == [])
        #expect(c["empty"]?.shape == [0, 7])
        #expect(c["view.transposed"]?.shape == [6, 4])
        #expect(c["unicode.ä"] != nil)
    }

    /// Every central header with saturated sizes and offset and a zip64 extra field (what a file
    /// over 4 GiB has), derived from a real fixture: the same listing.
    @Test func zip64ExtraFieldsInTheCentralDirectory() throws {
        let entries = try TorchFixtures.entries("returnn_style.pt")
        let bytes = TestZip.make(entries, zip64Extras: true)
        let c = try TorchCheckpointReader.read(bytes: bytes, file: "zip64.pt")
        #expect(c.variables == (try TorchFixtures.expected("returnn_style.pt")).variables)
    }

    @Test func jsonListingKeepsTheTorchFacts() throws {
        let c = try CheckpointLoader.load(path: TorchFixtures.path("returnn_style.pt"))
        let json = JSONListing.render([c])
        #expect(json.contains("\"torch\": {\"contents\": \"returnn-checkpoint\", \"topLevelKeys\": [\"model\", \"epoch\", \"step\", \"effective_learning_rate\", \"returnn_version\"], \"epoch\": 3, \"step\": 42, \"legacy\": false}"))
        let back = try CheckpointLoader.read(Array(json.utf8), file: "listing.json")
        #expect(back.first?.torch?.epoch == 3)
        #expect(back.first?.torch?.topLevelKeys.first == "model")
        #expect(back.first?.variables == c.variables)
        let text = TextListing.render([c])
        #expect(text.hasPrefix("# torch: returnn-checkpoint; top-level keys: model, epoch, step, effective_learning_rate, returnn_version; epoch 3; step 42\n"))
        #expect(try TextListing.parse(Array(text.utf8), file: "t").first?.variables.count == c.variables.count)
    }

    @Test func lintVarsOnAPtFile() throws {
        let json = try CLITests.lint(["vars", "Tests/Fixtures/torch-checkpoints/returnn_style.pt", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"format\": \"pytorch\", \"torch\": {\"contents\": \"returnn-checkpoint\""))
        #expect(json.stdout.contains("{\"name\": \"embed.weight\", \"dtype\": \"float32\", \"shape\": [11, 4]}"))
        let text = try CLITests.lint(["vars", "Tests/Fixtures/torch-checkpoints/legacy.pt"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("legacy format"))
        #expect(text.stdout.contains("enc.2.weight [5, 6] float32"))
    }
}
