import Testing
@Test func placeholder_HeapSimulatorTests() { #expect(Bool(true)) }
