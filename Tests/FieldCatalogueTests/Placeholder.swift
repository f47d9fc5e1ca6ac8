import Testing
@Test func placeholder_FieldCatalogueTests() { #expect(Bool(true)) }
