import Testing
@Test func placeholder_ScenarioLanguageTests() { #expect(Bool(true)) }
