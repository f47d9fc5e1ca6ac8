import Testing
@Test func placeholder_LinuxProbesTests() { #expect(Bool(true)) }
