import Testing
@testable import ParamLint

/// Big networks must neither crash (no recursion as deep as the network) nor take long.
struct InferenceScaleTests {
    @Test func aLongChainOfLayersIsInferred() throws {
        var layers: [String] = []
        let n = 20_000
        for i in 0..<n {
            layers.append("\"l\(i)\": {\"class\": \"linear\", \"n_out\": 4, \"from\": \"\(i == 0 ? "data" : "l\(i - 1)")\"}")
        }
        layers.append("\"output\": {\"class\": \"softmax\", \"loss\": \"ce\", \"from\": \"l\(n - 1)\"}")
        let text = "{\"backend\": \"tensorflow-net-dict\", \"behavior_version\": 16, \"extern_data\": {\"data\": {\"dim\": 3}, \"classes\": {\"dim\": 2, \"sparse\": true}}, \"network\": {\(layers.joined(separator: ", "))}}"
        let context = LintRun.makeContext(file: "chain.json", bytes: Array(text.utf8), environment: LintEnvironment(fileSystem: MemoryFileSystem()))
        let plan = try #require(context.plan)
        #expect(plan.variables.count == 2 * n + 2 + 1)
        #expect(plan.variables.first { $0.name == "l0/W" }?.shape == [3, 4])
        #expect(plan.variables.first { $0.name == "output/W" }?.shape == [4, 2])
    }

    @Test func deeplyNestedSubnetworks() throws {
        let n = 500
        let open = String(repeating: "{\"output\": {\"class\": \"subnetwork\", \"from\": \"data\", \"subnetwork\": ", count: n)
        let text = "{\"backend\": \"tensorflow-net-dict\", \"network\": " + open
            + "{\"output\": {\"class\": \"linear\", \"n_out\": 3, \"from\": \"data\"}}" + String(repeating: "}}", count: n) + "}"
        let context = LintRun.makeContext(file: "nested.json", bytes: Array(text.utf8), environment: LintEnvironment(fileSystem: MemoryFileSystem()))
        let plan = try #require(context.plan)
        #expect(plan.variables.contains { $0.name.hasSuffix("/output/W") })
    }
}
