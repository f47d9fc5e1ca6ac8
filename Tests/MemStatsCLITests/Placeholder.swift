import Testing
@Test func placeholder_MemStatsCLITests() { #expect(Bool(true)) }
