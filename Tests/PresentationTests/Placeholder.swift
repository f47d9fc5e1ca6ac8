import Testing
@Test func placeholder_PresentationTests() { #expect(Bool(true)) }
