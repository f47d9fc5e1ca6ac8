import Testing
@Test func placeholder_BackendsTests() { #expect(Bool(true)) }
